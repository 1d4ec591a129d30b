//! PMO student-record access rows, the review verdicts on them, and masked
//! personnummer. Plain types only.

use crate::text::fold;
use chrono::NaiveDateTime;
use std::fmt;

/// What a user did in a student's record: the RIV-TA activity types, or PMO's own wording.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PmoAction {
    Read,
    Write,
    Sign,
    Print,
    Delete,
    Emergency,
    Other(String),
}

impl PmoAction {
    /// Maps an export's wording: `Läsa`, `Öppnat journal`, `Ny anteckning`, `Skrivit ut` …
    pub fn parse(text: &str) -> PmoAction {
        let f = fold(text);
        let has = |words: &[&str]| words.iter().any(|w| f.contains(w));
        if f.is_empty() {
            return PmoAction::Other(String::new());
        }
        if has(&["nodoppn", "nod oppn", "sparr havd", "emergency"]) {
            PmoAction::Emergency
        } else if has(&["utskrift", "skrivit ut", "skriv ut", "print"]) {
            PmoAction::Print
        } else if has(&["radera", "makuler", "tagit bort", "delete"]) {
            PmoAction::Delete
        } else if has(&["signer", "vidimer", "sign"]) {
            PmoAction::Sign
        } else if has(&[
            "skriva",
            "skrivit",
            "ny anteckning",
            "andrat",
            "andra",
            "sparat",
            "write",
        ]) {
            PmoAction::Write
        } else if has(&["lasa", "last", "oppnat", "visa", "visat", "read", "view"]) {
            PmoAction::Read
        } else {
            PmoAction::Other(text.trim().to_owned())
        }
    }

    /// The word stored and shown: the RIV-TA term, or the export's own.
    pub fn label(&self) -> &str {
        match self {
            PmoAction::Read => "Läsa",
            PmoAction::Write => "Skriva",
            PmoAction::Sign => "Signera",
            PmoAction::Print => "Utskrift",
            PmoAction::Delete => "Radera",
            PmoAction::Emergency => "Nödöppning",
            PmoAction::Other(s) => s,
        }
    }

    pub fn from_label(label: &str) -> PmoAction {
        match label {
            "Läsa" => PmoAction::Read,
            "Skriva" => PmoAction::Write,
            "Signera" => PmoAction::Sign,
            "Utskrift" => PmoAction::Print,
            "Radera" => PmoAction::Delete,
            "Nödöppning" => PmoAction::Emergency,
            other => PmoAction::Other(other.to_owned()),
        }
    }

    /// Writing or signing shows the user documented something for the student.
    pub fn documents(&self) -> bool {
        matches!(self, PmoAction::Write | PmoAction::Sign)
    }
}

/// One row of a "Logg elevåtkomst" export.
#[derive(Debug, Clone, PartialEq)]
pub struct PmoRecord {
    pub time: NaiveDateTime,
    pub user: String,
    pub user_id: String,
    pub role: String,
    pub user_unit: String,
    pub student_id: String,
    pub student: String,
    pub student_unit: String,
    pub class: String,
    pub record_type: String,
    pub document: String,
    pub action: PmoAction,
    /// The export's own wording of the action.
    pub action_text: String,
    pub row: u64,
}

/// The reviewer's judgement of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Verdict {
    Ok,
    Deviation,
    Investigate,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Ok, Verdict::Deviation, Verdict::Investigate];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Deviation => "deviation",
            Verdict::Investigate => "investigate",
        }
    }

    pub fn parse(s: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The Swedish word used in the printed record.
    pub fn swedish(self) -> &'static str {
        match self {
            Verdict::Ok => "OK",
            Verdict::Deviation => "Avvikelse",
            Verdict::Investigate => "Utreds",
        }
    }
}

/// Where a deviation is taken further (Göteborg routine; IMY for a personal-data breach).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EscalationTarget {
    Intraservice,
    Verksamhetschef,
    Imy,
}

impl EscalationTarget {
    pub fn as_str(self) -> &'static str {
        match self {
            EscalationTarget::Intraservice => "intraservice",
            EscalationTarget::Verksamhetschef => "verksamhetschef",
            EscalationTarget::Imy => "imy",
        }
    }

    pub fn swedish(code: &str) -> &'static str {
        match code {
            "intraservice" => "Intraservice",
            "verksamhetschef" => "Verksamhetschef (HSL)",
            "imy" => "IMY (personuppgiftsincident)",
            _ => "okänd mottagare",
        }
    }
}

/// A personnummer shown only as its birth date (`20150312-****`) unless revealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked<'a>(pub &'a str);

impl fmt::Display for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.split_once('-') {
            Some((birth, rest)) => write!(f, "{birth}-{}", "*".repeat(rest.chars().count())),
            None => {
                let keep = self.0.chars().count().saturating_sub(4);
                let head: String = self.0.chars().take(keep).collect();
                write!(f, "{head}****")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_map_riv_terms_and_pmo_wording() {
        assert_eq!(PmoAction::parse("Läsa"), PmoAction::Read);
        assert_eq!(PmoAction::parse("Öppnat journal"), PmoAction::Read);
        assert_eq!(PmoAction::parse("Ny anteckning"), PmoAction::Write);
        assert_eq!(PmoAction::parse("Signera"), PmoAction::Sign);
        assert_eq!(PmoAction::parse("Utskrift"), PmoAction::Print);
        assert_eq!(PmoAction::parse("Radera"), PmoAction::Delete);
        assert_eq!(PmoAction::parse("Nödöppning"), PmoAction::Emergency);
        assert_eq!(
            PmoAction::parse("Sökning"),
            PmoAction::Other("Sökning".into())
        );
        for a in [
            "Läsa",
            "Skriva",
            "Signera",
            "Utskrift",
            "Radera",
            "Nödöppning",
        ] {
            assert_eq!(PmoAction::parse(a).label(), a);
            assert_eq!(PmoAction::from_label(a).label(), a);
        }
    }

    #[test]
    fn masking_keeps_the_birth_date_only() {
        assert_eq!(Masked("20150312-T123").to_string(), "20150312-****");
        assert_eq!(Masked("201503121234").to_string(), "20150312****");
    }
}
