//! Plain types the rest of the program speaks in: passage events, their kinds,
//! people's names. No I/O, no SQL, no terminal.

pub mod clock;
pub mod person;
pub mod pmo;
pub mod request;
pub mod stamp;
mod when;

pub use clock::{ClockNote, Wall};
pub use person::PersonName;
pub use when::{
    TimeError, TimeSpec, Typed, TypedWindow, month_of, parse_time, parse_time_spec, parse_typed,
    parse_window,
};

use chrono::NaiveDateTime;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// What happened at a door, normalised across systems; the raw text is kept beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Granted,
    Denied,
    Forced,
    HeldOpen,
    ExitRequest,
    Alarm,
    Other,
}

impl EventKind {
    pub const ALL: [EventKind; 7] = [
        EventKind::Granted,
        EventKind::Denied,
        EventKind::Forced,
        EventKind::HeldOpen,
        EventKind::ExitRequest,
        EventKind::Alarm,
        EventKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Granted => "granted",
            EventKind::Denied => "denied",
            EventKind::Forced => "forced",
            EventKind::HeldOpen => "held_open",
            EventKind::ExitRequest => "exit_request",
            EventKind::Alarm => "alarm",
            EventKind::Other => "other",
        }
    }

    /// The stable number stored in the database.
    pub fn code(self) -> i64 {
        self as i64
    }

    pub fn from_code(code: i64) -> EventKind {
        EventKind::ALL
            .get(usize::try_from(code).unwrap_or(usize::MAX))
            .copied()
            .unwrap_or(EventKind::Other)
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == wanted)
            .ok_or_else(|| {
                format!(
                    "unknown event kind \"{s}\"; expected one of {}",
                    EventKind::ALL.map(EventKind::as_str).join(", ")
                )
            })
    }
}

/// Profiles and user input name kinds by their text (`held_open`).
impl<'de> serde::Deserialize<'de> for EventKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <String as serde::Deserialize>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Which way a person passed, when the reader knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    Unknown,
    In,
    Out,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Unknown => "",
            Direction::In => "in",
            Direction::Out => "out",
        }
    }

    pub fn code(self) -> i64 {
        self as i64
    }

    pub fn from_code(code: i64) -> Direction {
        match code {
            1 => Direction::In,
            2 => Direction::Out,
            _ => Direction::Unknown,
        }
    }
}

/// One passage event as read from an export, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PassageRecord {
    pub time: NaiveDateTime,
    /// The reader's code or id in its system (`L0142`), when the export has one.
    pub reader_code: String,
    /// The door or access point's name (`Läkemedelsrum Avd 42`), when the export has one.
    pub door: String,
    pub site: String,
    pub person: Option<PersonName>,
    pub employee_id: String,
    pub department: String,
    pub card: String,
    pub event_text: String,
    pub kind: EventKind,
    pub direction: Direction,
    /// The 1-based row (line) of the source file the record came from.
    pub row: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_kind_round_trips() {
        for k in EventKind::ALL {
            assert_eq!(EventKind::from_code(k.code()), k);
            assert_eq!(k.as_str().parse::<EventKind>(), Ok(k));
        }
        assert!("nonsense".parse::<EventKind>().is_err());
    }
}
