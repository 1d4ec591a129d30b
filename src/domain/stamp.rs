//! Kom & Gå clock stamps: the four a workday expects (IN, LUNCH UT, LUNCH IN, UT)
//! and one stamp as read from an export.

use super::PersonName;
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// The type of a clock stamp, in the order a workday has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum StampKind {
    In,
    LunchOut,
    LunchIn,
    Out,
}

impl StampKind {
    /// The wording Kom & Gå uses.
    pub fn as_str(self) -> &'static str {
        match self {
            StampKind::In => "IN",
            StampKind::LunchOut => "LUNCH UT",
            StampKind::LunchIn => "LUNCH IN",
            StampKind::Out => "UT",
        }
    }

    pub fn code(self) -> i64 {
        match self {
            StampKind::In => 1,
            StampKind::LunchOut => 2,
            StampKind::LunchIn => 3,
            StampKind::Out => 4,
        }
    }

    pub fn from_code(code: i64) -> Option<StampKind> {
        Some(match code {
            1 => StampKind::In,
            2 => StampKind::LunchOut,
            3 => StampKind::LunchIn,
            4 => StampKind::Out,
            _ => return None,
        })
    }

    /// Reads the stamp type as Kom & Gå writes it, or as its app's data model
    /// names it (`CLOCK_IN`, `BREAK_START`, `BREAK_END`, `CLOCK_OUT`).
    pub fn parse(text: &str) -> Option<StampKind> {
        let key: String = crate::text::fold(text)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        Some(match key.as_str() {
            "in" | "instampling" | "clockin" | "kom" => StampKind::In,
            "lunchut" | "lunchstart" | "rastut" | "breakstart" | "lunchout" => StampKind::LunchOut,
            "lunchin" | "lunchslut" | "rastin" | "breakend" => StampKind::LunchIn,
            "ut" | "utstampling" | "clockout" | "ga" | "out" => StampKind::Out,
            _ => return None,
        })
    }
}

/// One stamp as read from an export, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StampRecord {
    pub employee_id: String,
    pub person: Option<PersonName>,
    pub date: NaiveDate,
    pub time: NaiveDateTime,
    pub kind: StampKind,
    /// Where the stamp came from: `Stämpling` (clocked) or `Manuell` (typed in).
    pub source: String,
    /// When the stamp was edited afterwards, if it was.
    pub edited: Option<NaiveDateTime>,
    pub row: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamp_types_read_in_swedish_and_the_app_model() {
        assert_eq!(StampKind::parse("IN"), Some(StampKind::In));
        assert_eq!(StampKind::parse("lunch ut"), Some(StampKind::LunchOut));
        assert_eq!(StampKind::parse("LUNCH IN"), Some(StampKind::LunchIn));
        assert_eq!(StampKind::parse("UT"), Some(StampKind::Out));
        assert_eq!(StampKind::parse("CLOCK_OUT"), Some(StampKind::Out));
        assert_eq!(StampKind::parse("KAFFE"), None);
        for k in [
            StampKind::In,
            StampKind::LunchOut,
            StampKind::LunchIn,
            StampKind::Out,
        ] {
            assert_eq!(StampKind::from_code(k.code()), Some(k));
            assert_eq!(StampKind::parse(k.as_str()), Some(k));
        }
    }
}
