//! The operations: one typed function per user action. Each validates its input,
//! runs in one transaction, writes its one audit record and returns typed results;
//! the CLI and the terminal UI call these and nothing below them.
//!
//! An operation that shows, reveals or exports personal data computes what it will
//! show in one read transaction, appends its entry to the audit trail (its own file,
//! so it never waits for an import) and only then hands the data to the face: if the
//! entry cannot be written, the face gets an error and nothing to show.

pub mod audit;
pub mod catalog;
pub mod doctor;
pub mod export;
pub mod import;
pub mod lookup;
pub mod purge;
pub mod request;
pub mod review;
pub mod search;

use crate::audit::{Actor, Entry};
use crate::domain::request::RequestId;
use crate::i18n::{Lang, fill, ops::Refusal};
use crate::store::audit::NewEntry;
use crate::store::{Store, StoreError};
use chrono::NaiveDateTime;
use serde::Serialize;

/// Why an operation refused or failed. `text(lang)` says it in the user's language.
#[derive(Debug, thiserror::Error)]
pub enum OpError {
    /// Bad input the user can correct (exit status 2 on the command line).
    #[error("{}", .0.text(Lang::En))]
    Usage(Said),
    /// Input refused for what it says about the data (no such request, …).
    #[error("{}", .0.text(Lang::En))]
    Refused(Said),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The audit entry could not be written, so nothing was shown or kept.
    #[error("{}", fill(Refusal::NotRecorded.text(Lang::En), &[&.0]))]
    NotRecorded(StoreError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// A typed time that does not read, and the flag or field it was given to.
    #[error("{flag}: {}", .error.text(Lang::En))]
    Time {
        flag: &'static str,
        error: crate::domain::TimeError,
    },
    /// The system would not let a file be written; nothing was left behind.
    #[error("{}", fill(Refusal::ExportFailed.text(Lang::En), &[&.path.display(), &crate::i18n::ops::io_error(*.kind, *.code, Lang::En)]))]
    Write {
        path: std::path::PathBuf,
        kind: std::io::ErrorKind,
        code: Option<i32>,
    },
}

impl From<rusqlite::Error> for OpError {
    fn from(e: rusqlite::Error) -> Self {
        OpError::Store(StoreError::Sql(e))
    }
}

/// A refusal as a catalogue text and what goes into its placeholders, so it can be
/// said in either language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub what: Refusal,
    pub args: Vec<String>,
    /// A refusal from below in English only (a store rule), shown as is.
    pub plain: Option<String>,
}

impl Said {
    pub fn new(what: Refusal, args: &[&dyn std::fmt::Display]) -> Said {
        Said {
            what,
            args: args.iter().map(|a| a.to_string()).collect(),
            plain: None,
        }
    }

    pub fn text(&self, lang: Lang) -> String {
        if let Some(p) = &self.plain {
            return p.clone();
        }
        let args: Vec<&dyn std::fmt::Display> = self
            .args
            .iter()
            .map(|a| a as &dyn std::fmt::Display)
            .collect();
        fill(self.what.text(lang), &args)
    }
}

impl OpError {
    pub fn usage(what: Refusal, args: &[&dyn std::fmt::Display]) -> OpError {
        OpError::Usage(Said::new(what, args))
    }

    pub fn refused(what: Refusal, args: &[&dyn std::fmt::Display]) -> OpError {
        OpError::Refused(Said::new(what, args))
    }

    /// The message in the user's language.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            OpError::Usage(s) | OpError::Refused(s) => s.text(lang),
            OpError::Store(e) => store_text(e, lang),
            OpError::NotRecorded(e) => {
                fill(Refusal::NotRecorded.text(lang), &[&store_text(e, lang)])
            }
            OpError::Config(e) => e.to_string(),
            OpError::Time { flag, error } => format!("{flag}: {}", error.text(lang)),
            OpError::Write { path, kind, code } => fill(
                Refusal::ExportFailed.text(lang),
                &[
                    &path.display(),
                    &crate::i18n::ops::io_error(*kind, *code, lang),
                ],
            ),
        }
    }

    pub fn is_usage(&self) -> bool {
        matches!(self, OpError::Usage(_) | OpError::Time { .. })
    }
}

/// A store error in the user's language: SQLite's troubles as plain sentences.
pub fn store_text(e: &StoreError, lang: Lang) -> String {
    match e.trouble() {
        Some(t) => fill(
            crate::i18n::ops::Store::of(t).text(lang),
            &[&e.path().unwrap_or(match lang {
                Lang::Sv => "databasen",
                Lang::En => "the database",
            })],
        ),
        None => e.to_string(),
    }
}

pub type Result<T> = std::result::Result<T, OpError>;

/// Why personal data is looked at: a registered request, or an incident in a few words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    Case(RequestId),
    Reason(String),
}

impl Purpose {
    /// From the command line's `--case` and `--reason`.
    pub fn from_args(case: Option<RequestId>, reason: Option<&str>) -> Result<Option<Purpose>> {
        match (case, reason) {
            (Some(_), Some(_)) => Err(OpError::usage(Refusal::BothPurposes, &[])),
            (Some(c), None) => Ok(Some(Purpose::Case(c))),
            (None, Some(r)) => Ok(Some(Purpose::reason(r)?)),
            (None, None) => Ok(None),
        }
    }

    /// An incident note, checked: one line of printable text, 1–200 characters.
    pub fn reason(text: &str) -> Result<Purpose> {
        let t = text.trim();
        if t.is_empty() {
            return Err(OpError::usage(Refusal::ReasonEmpty, &[]));
        }
        if t.chars().count() > 200 {
            return Err(OpError::usage(Refusal::ReasonTooLong, &[]));
        }
        line("--reason", t)?;
        Ok(Purpose::Reason(t.to_owned()))
    }

    /// As the audit trail records it.
    pub fn json(&self) -> serde_json::Value {
        match self {
            Purpose::Case(c) => serde_json::json!({ "case": c.to_string() }),
            Purpose::Reason(r) => serde_json::json!({ "reason": r }),
        }
    }

    /// As a person reads it (status bar, lists).
    pub fn label(&self) -> String {
        match self {
            Purpose::Case(c) => c.to_string(),
            Purpose::Reason(r) => r.clone(),
        }
    }

    /// A request named as purpose must exist (open or decided).
    pub fn check(&self, conn: &rusqlite::Connection) -> Result<()> {
        if let Purpose::Case(c) = self {
            match crate::store::requests::row_id(conn, *c) {
                Ok(_) => {}
                Err(StoreError::Invalid(_)) => {
                    return Err(OpError::refused(Refusal::NoSuchCase, &[c]));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}

/// The purpose as it goes into an entry's details (`null` when none was given).
pub fn purpose_json(p: Option<&Purpose>) -> serde_json::Value {
    p.map_or(serde_json::Value::Null, Purpose::json)
}

/// Refuses text with control characters or direction overrides: one line.
pub fn line(field: &str, text: &str) -> Result<()> {
    if text.chars().any(crate::text::is_hazard) {
        return Err(OpError::usage(Refusal::ControlText, &[&field]));
    }
    Ok(())
}

/// Refuses text with control characters or direction overrides; line breaks and
/// tabs are kept (a letter's text).
pub fn paragraphs(field: &str, text: &str) -> Result<()> {
    if text
        .chars()
        .any(|c| crate::text::is_hazard(c) && c != '\n' && c != '\t')
    {
        return Err(OpError::usage(Refusal::ControlText, &[&field]));
    }
    Ok(())
}

/// A time window's one check: `from` must not come after `to`.
pub fn window(from: Option<NaiveDateTime>, to: Option<NaiveDateTime>) -> Result<()> {
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(OpError::usage(Refusal::WindowReversed, &[&f, &t]));
    }
    Ok(())
}

/// Appends an entry for something about to be shown; when it cannot be written, the
/// caller gets `NotRecorded` and must show nothing.
pub fn record(
    store: &Store,
    actor: &Actor,
    action: &str,
    subject: &str,
    details: &serde_json::Value,
) -> Result<Entry> {
    store
        .trail()
        .append(&NewEntry {
            actor,
            action,
            subject,
            details,
        })
        .map_err(OpError::NotRecorded)
}

/// A store refusal (an English rule from below) as an operation's refusal.
pub(crate) fn refused_plain(e: StoreError) -> OpError {
    match e {
        StoreError::Invalid(m) => OpError::Refused(Said {
            what: Refusal::NotRecorded,
            args: Vec::new(),
            plain: Some(m),
        }),
        other => OpError::Store(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_purpose_is_one_printable_line() {
        assert!(Purpose::reason("Larm Avd 42 natten 14/10").is_ok());
        assert!(Purpose::reason("  ").unwrap_err().is_usage());
        let e = Purpose::reason("a\u{1b}]52;c;x\u{7}").unwrap_err();
        assert!(
            e.text(Lang::Sv).contains("styrtecken"),
            "{}",
            e.text(Lang::Sv)
        );
        assert!(Purpose::from_args(Some("R-2026-0001".parse().unwrap()), Some("x")).is_err());
    }

    #[test]
    fn a_window_must_not_end_before_it_begins() {
        let t = |s| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert!(window(Some(t("2026-10-02 00:00")), Some(t("2026-10-01 00:00"))).is_err());
        assert!(window(Some(t("2026-10-01 00:00")), Some(t("2026-10-01 00:00"))).is_ok());
        assert!(window(None, Some(t("2026-10-01 00:00"))).is_ok());
    }
}
