//! A written request for passage data: its reference, why it was made, its scope
//! (persons, readers, time windows), the request basis and the decision on it.

use chrono::NaiveDateTime;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// A request's reference, `R-YYYY-NNNN`, numbered from 1 each year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId {
    pub year: i32,
    pub seq: u32,
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "R-{:04}-{:04}", self.year, self.seq)
    }
}

impl FromStr for RequestId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("\"{s}\" is not a request reference; write it like R-2026-0007");
        let t = s.trim();
        let rest = t
            .strip_prefix("R-")
            .or_else(|| t.strip_prefix("r-"))
            .ok_or_else(bad)?;
        let (year, seq) = rest.split_once('-').ok_or_else(bad)?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        let seq: u32 = seq.parse().map_err(|_| bad())?;
        if !(1000..=9999).contains(&year) || seq == 0 {
            return Err(bad());
        }
        Ok(RequestId { year, seq })
    }
}

impl Serialize for RequestId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Why the unit manager asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    /// Theft, e.g. from a medicine room
    Theft,
    /// Cheating on time reporting in Kom & Gå
    Timefraud,
    /// Data breach
    Breach,
    /// Other suspected crime
    Other,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Theft => "theft",
            Reason::Timefraud => "timefraud",
            Reason::Breach => "breach",
            Reason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        [
            Reason::Theft,
            Reason::Timefraud,
            Reason::Breach,
            Reason::Other,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// How the request was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The extract was released in writing
    Written,
    /// The answer was given orally; the note says what was said
    Oral,
    /// Nothing was released (nothing deviated, or the request was refused)
    None,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Written => "written",
            Outcome::Oral => "oral",
            Outcome::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        [Outcome::Written, Outcome::Oral, Outcome::None]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// Where a case was taken further.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EscalationTarget {
    /// A deviation registered in MedControl PRO
    Medcontrol,
    /// A police report
    Police,
    /// Intraservice (suspected crime in IT use)
    Intraservice,
}

impl EscalationTarget {
    pub fn as_str(self) -> &'static str {
        match self {
            EscalationTarget::Medcontrol => "medcontrol",
            EscalationTarget::Police => "police",
            EscalationTarget::Intraservice => "intraservice",
        }
    }

    pub fn parse(s: &str) -> Option<EscalationTarget> {
        [
            EscalationTarget::Medcontrol,
            EscalationTarget::Police,
            EscalationTarget::Intraservice,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// A closed time window, both ends inclusive, in local wall-clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Window {
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
}

impl Window {
    pub fn contains(&self, t: NaiveDateTime) -> bool {
        self.from <= t && t <= self.to
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} – {}",
            self.from.format("%Y-%m-%d %H:%M:%S"),
            self.to.format("%Y-%m-%d %H:%M:%S")
        )
    }
}

/// What a request covers. An extract never reaches beyond it: only these persons,
/// only these readers (all when none are named), only inside these windows.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scope {
    pub persons: Vec<String>,
    pub readers: Vec<String>,
    pub windows: Vec<Window>,
}

impl Scope {
    pub fn contains_time(&self, t: NaiveDateTime) -> bool {
        self.windows.iter().any(|w| w.contains(t))
    }
}

/// One stored attachment (the request basis), without its bytes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttachmentInfo {
    /// 1-based number within the request.
    pub n: u32,
    pub name: String,
    pub size: u64,
    pub sha256: String,
    pub added_at: String,
    pub added_by: String,
}

/// A case taken further, by whom and when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Escalation {
    pub target: EscalationTarget,
    pub reference: String,
    pub at: String,
    pub by: String,
}

/// The answer given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub outcome: Outcome,
    pub note: String,
    pub at: String,
    pub by: String,
}

/// A request as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    pub reference: RequestId,
    pub requester: String,
    pub unit: String,
    pub reason: Reason,
    pub text: String,
    pub created_at: String,
    pub created_by: String,
    pub scope: Scope,
    pub attachments: Vec<AttachmentInfo>,
    pub decision: Option<Decision>,
    pub escalations: Vec<Escalation>,
}

impl Request {
    pub fn is_decided(&self) -> bool {
        self.decision.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_round_trips_and_rejects_other_text() {
        let id: RequestId = "R-2026-0007".parse().unwrap();
        assert_eq!(id, RequestId { year: 2026, seq: 7 });
        assert_eq!(id.to_string(), "R-2026-0007");
        assert_eq!(
            "R-2026-12345".parse::<RequestId>().unwrap().to_string(),
            "R-2026-12345"
        );
        for bad in ["2026-0007", "R-26-1", "R-2026-0000", "R-2026-x", ""] {
            assert!(bad.parse::<RequestId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn windows_are_inclusive_at_both_ends() {
        let at = |s| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
        let w = Window {
            from: at("2026-10-01 00:00:00"),
            to: at("2026-10-28 23:59:59"),
        };
        assert!(w.contains(at("2026-10-01 00:00:00")));
        assert!(w.contains(at("2026-10-28 23:59:59")));
        assert!(!w.contains(at("2026-10-29 00:00:00")));
    }
}
