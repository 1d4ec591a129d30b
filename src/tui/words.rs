//! The screen's words for what the core keeps as ids: verdicts, rule names,
//! escalation receivers, audit actions and their particulars, the operating
//! system's errors. Unknown ids are shown as they are rather than hidden.

use crate::domain::pmo::{EscalationTarget, Verdict};
use crate::domain::request::Window;
use crate::i18n::Lang;
use crate::i18n::tui::TuiText as T;
use crate::tui::widget::safe;
use serde_json::Value;

pub fn verdict(v: Verdict, lang: Lang) -> String {
    match v {
        Verdict::Ok => T::VerdictOk,
        Verdict::Deviation => T::VerdictDeviation,
        Verdict::Investigate => T::VerdictInvestigate,
    }
    .text(lang)
    .to_owned()
}

/// A PMO rule's short name for the Flaggor column; the reasons say it in full.
pub fn rule_name(id: &str, lang: Lang) -> String {
    let t = match id {
        "after_hours" => T::RuleAfterHours,
        "night" => T::RuleNight,
        "weekend_holiday" => T::RuleWeekend,
        "same_surname" => T::RuleSameSurname,
        "protected_identity" => T::RuleProtected,
        "unit_mismatch" => T::RuleUnit,
        "print" => T::RulePrint,
        "delete" => T::RuleDelete,
        "emergency_access" => T::RuleEmergency,
        "role_mismatch" => T::RuleRole,
        "volume_outlier" => T::RuleVolume,
        "student_outlier" => T::RuleStudent,
        "read_without_write" => T::RuleReadOnly,
        "list_burst" => T::RuleListBurst,
        "repeat_user" => T::RuleRepeat,
        "random_sample" => T::RuleSample,
        other => return safe(other),
    };
    t.text(lang).to_owned()
}

pub fn pmo_target_static(t: EscalationTarget, lang: Lang) -> &'static str {
    match t {
        EscalationTarget::Intraservice => T::TargetIntraservice,
        EscalationTarget::Verksamhetschef => T::TargetVerksamhetschef,
        EscalationTarget::Imy => T::TargetImy,
    }
    .text(lang)
}

/// A PMO escalation receiver as stored (`verksamhetschef`).
pub fn pmo_target(code: &str, lang: Lang) -> String {
    match code {
        "intraservice" => pmo_target_static(EscalationTarget::Intraservice, lang).to_owned(),
        "verksamhetschef" => pmo_target_static(EscalationTarget::Verksamhetschef, lang).to_owned(),
        "imy" => pmo_target_static(EscalationTarget::Imy, lang).to_owned(),
        other => safe(other),
    }
}

/// A request's escalation receiver as stored (`medcontrol`).
pub fn request_target(code: &str, lang: Lang) -> String {
    match code {
        "medcontrol" => T::TargetMedcontrol.text(lang).to_owned(),
        "police" => T::TargetPolice.text(lang).to_owned(),
        "intraservice" => T::TargetIntraservice.text(lang).to_owned(),
        other => safe(other),
    }
}

/// An audit action in words (shared with the CLI's tables).
pub use crate::i18n::audit_action as action_name;

/// A particular's key in words.
fn key_name(key: &str, lang: Lang) -> String {
    let t = match key {
        "source" | "via" => T::DetVia,
        "readers" | "reader" => T::DetReaders,
        "reader_search" => T::DetReaderSearch,
        "persons" | "person" => T::DetPersons,
        "cards" | "card" => T::DetCards,
        "from" => T::DetFrom,
        "to" => T::DetTo,
        "events" => T::DetEvents,
        "systems" | "system" => T::DetSystems,
        "rows" => T::DetRows,
        "rows_read" => T::DetRowsRead,
        "mapped" => T::DetMapped,
        "unmapped" => T::DetUnmapped,
        "date_order" => T::DetDateOrder,
        "created" => T::DetCreated,
        "label" => T::DetLabel,
        "retention_months" => T::DetRetentionMonths,
        "before" => T::DetBefore,
        "months" => T::DetMonths,
        "month" => T::DetMonth,
        "held_for_requests" => T::DetHeld,
        "table" => T::DetTable,
        "missing" => T::DetMissing,
        "extra" => T::DetExtra,
        "differing" => T::DetDiffering,
        "rebuilt" => T::DetRebuilt,
        "imported" => T::DetImported,
        "duplicates" => T::DetDuplicates,
        "rejected" => T::DetRejected,
        "already_imported" => T::DetAlreadyImported,
        "first" => T::DetFirstSeen,
        "last" => T::DetLastSeen,
        "title" => T::DetTitle,
        "file" | "out" => T::DetFile,
        "sha256" => T::DetSha,
        "format" => T::DetFormat,
        "bytes" => T::DetBytes,
        "period" => T::DetPeriod,
        "periods" => T::DetPeriods,
        "unit" => T::DetUnit,
        "revealed" => T::DetRevealed,
        "ids" | "id" | "row" => T::DetIds,
        "verdict" => T::DetVerdict,
        "all_unflagged" => T::DetAllUnflagged,
        "comment_sha256" => T::DetCommentSha,
        "note_sha256" => T::DetNoteSha,
        "consulted" => T::DetConsulted,
        "reference" => T::DetReference,
        "target" => T::DetTarget,
        "findings" => T::DetFindings,
        "caveats" => T::DetCaveats,
        "passages" => T::DetPassages,
        "requester" => T::DetRequester,
        "reason" => T::DetReason,
        "text_changed" => T::DetTextChanged,
        "add_reader" => T::DetAddReader,
        "remove_reader" => T::DetRemoveReader,
        "add_person" => T::DetAddPerson,
        "remove_person" => T::DetRemovePerson,
        "add_window" => T::DetAddWindow,
        "remove_window" => T::DetRemoveWindow,
        "attachments" => T::DetAttachments,
        "n" => T::DetNumber,
        "name" => T::DetName,
        "retention_years" => T::DetRetention,
        "cutoff" => T::DetCutoff,
        "audit_head_in_file" => T::DetAuditHead,
        "scope" => T::DetScope,
        "decision" => T::DetDecision,
        "escalations" => T::DetEscalations,
        "outcome" => T::DetOutcome,
        "note" => T::DetNote,
        "summary" => T::DetSummary,
        "added_at" => T::DetAddedAt,
        "added_by" => T::DetAddedBy,
        "size" => T::DetSize,
        "windows" => T::DetWindows,
        "reader_ids" => T::DetReaderIds,
        "person_ids" => T::DetPersonIds,
        "named" => T::DetNamed,
        "results" => T::DetResults,
        "results_complete" => T::DetResultsComplete,
        "limit" => T::DetLimit,
        "purpose" => T::DetPurpose,
        "case" => T::DetCase,
        "flagged_only" => T::DetFlaggedOnly,
        "today" => T::DetToday,
        "cutoffs" => T::DetCutoffs,
        "removed" => T::DetRemoved,
        "totals" => T::DetTotals,
        "stamps" => T::DetStamps,
        "pmo_periods" => T::DetPmoPeriods,
        "pmo_rows" => T::DetPmoRows,
        "requests" => T::DetRequests,
        other => return safe(&other.replace('_', " ")),
    };
    t.text(lang).to_owned()
}

/// A particular's value in words: lists joined, yes/no, known ids translated.
fn value_text(key: &str, v: &Value, lang: Lang, whole: bool) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { T::Yes } else { T::No }.text(lang).to_owned(),
        // A search without a limit shows every row.
        Value::Number(n) if key == "limit" && n.as_u64() == Some(0) => {
            T::NoLimit.text(lang).to_owned()
        }
        Value::Number(n) => n.to_string(),
        Value::String(s) => match key {
            "verdict" => Verdict::parse(s).map_or_else(|| s.clone(), |v| verdict(v, lang)),
            "to" | "target" if !s.chars().any(|c| c.is_ascii_digit()) => {
                let p = pmo_target(s, lang);
                if p != *s { p } else { request_target(s, lang) }
            }
            "source" | "via" if s == "tui" || s == "screen" => T::ViaScreen.text(lang).to_owned(),
            "reason" => crate::domain::request::Reason::parse(s)
                .map_or_else(|| s.clone(), |r| crate::i18n::reason(r, lang).to_owned()),
            "outcome" => crate::domain::request::Outcome::parse(s)
                .map_or_else(|| s.clone(), |o| crate::i18n::outcome(o, lang).to_owned()),
            // On one line a file is its name; the record view has the whole path.
            "file" | "out" if !whole => std::path::Path::new(s)
                .file_name()
                .map_or_else(|| s.clone(), |n| n.to_string_lossy().into_owned()),
            "events" | "kind" => s.clone(),
            k if k.ends_with("sha256") || k == "audit_head_in_file" => {
                if whole || s.len() <= 12 {
                    s.clone()
                } else {
                    format!("{}…", &s[..12])
                }
            }
            _ => s.clone(),
        },
        Value::Array(items) => items
            .iter()
            .map(|i| value_text(key, i, lang, whole))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        // An incident note reads as itself; a request is named as one.
        Value::Object(map) if key == "purpose" => match (map.get("case"), map.get("reason")) {
            (Some(Value::String(c)), _) => format!("{} {c}", T::DetCase.text(lang)),
            (_, Some(Value::String(r))) => r.clone(),
            _ => String::new(),
        },
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| (key_name(k, lang), value_text(k, v, lang, whole)))
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The particulars a reader looks for first; the rest follow in name order.
const FIRST: &[&str] = &[
    "file",
    "system",
    "imported",
    "period",
    "unit",
    "purpose",
    "readers",
    "reader_search",
    "persons",
    "cards",
    "from",
    "to",
    "events",
    "systems",
    "row",
    "ids",
    "verdict",
    "reference",
    "rows",
    "consulted",
    "sha256",
];

/// An entry's particulars as label/value pairs; empty ones left out. `whole`
/// keeps hashes whole (the record view); otherwise they are shortened.
pub fn details(json: &str, lang: Lang, whole: bool) -> Vec<(String, String)> {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(map)) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by_key(|k| FIRST.iter().position(|f| f == k).unwrap_or(FIRST.len()));
            keys.into_iter()
                .map(|k| (key_name(k, lang), value_text(k, &map[k], lang, whole)))
                .filter(|(_, v)| !v.is_empty())
                .collect()
        }
        Ok(Value::Null) => vec![],
        Ok(other) => vec![(String::new(), value_text("", &other, lang, whole))],
        Err(_) if json.trim().is_empty() => vec![],
        Err(_) => vec![(String::new(), json.to_owned())],
    }
}

/// An entry's particulars on one line (`Läsare: Huvudentré · Från: 2026-10-14 22:00`).
pub fn details_line(json: &str, lang: Lang) -> String {
    let nothing = [T::No.text(lang), "0", T::NoLimit.text(lang)];
    details(json, lang, false)
        .into_iter()
        // On one line, a zero or a no says nothing; the record view shows them.
        .filter(|(_, v)| !nothing.contains(&v.as_str()))
        .map(|(k, v)| if k.is_empty() { v } else { format!("{k}: {v}") })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The date of a stored timestamp (`2026-11-02T08:00:00+01:00` → `2026-11-02`).
pub fn day(at: &str) -> String {
    at.get(..10).unwrap_or(at).to_owned()
}

/// A window as it reads: `2026-10-01 00:00–2026-10-28 23:59`.
pub fn window(w: &Window) -> String {
    format!(
        "{}–{}",
        w.from.format("%Y-%m-%d %H:%M"),
        w.to.format("%Y-%m-%d %H:%M")
    )
}

/// A window as it is typed into a form (`2026-10-01 00:00..2026-10-28 23:59`).
pub fn window_typed(w: &Window) -> String {
    format!(
        "{}..{}",
        w.from.format("%Y-%m-%d %H:%M"),
        w.to.format("%Y-%m-%d %H:%M")
    )
}

/// The operating system's error in words, with its number for a search.
pub use crate::i18n::ops::io_error;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_audit_entry_reads_as_words_not_json() {
        let json = r#"{"source":"tui","readers":["Läkemedelsrum Avd 42 [] (salto)"],"reader_search":"","persons":[],"from":"2026-10-14 22:00:00","to":null,"events":[],"systems":[]}"#;
        let line = details_line(json, Lang::Sv);
        assert_eq!(
            line,
            "Läsare: Läkemedelsrum Avd 42 [] (salto) · Från: 2026-10-14 22:00:00 · Via: skärmen"
        );
        assert!(!line.contains('{') && !line.contains('"'));
        assert_eq!(action_name("review_mark", Lang::Sv), "bedömning");
        assert_eq!(action_name("something_new", Lang::Sv), "something new");
    }

    #[test]
    fn verdicts_and_receivers_are_translated_inside_details() {
        let json = r#"{"ids":[1,2],"verdict":"deviation","all_unflagged":false,"comment_sha256":"0123456789abcdef0123"}"#;
        let line = details_line(json, Lang::Sv);
        assert!(line.contains("Avvikelse"), "{line}");
        assert!(line.contains("0123456789ab…"), "{line}");
        let json = r#"{"row":7,"to":"verksamhetschef","reference":"VC-1"}"#;
        assert!(details_line(json, Lang::Sv).contains("Verksamhetschef"));
    }

    #[test]
    fn the_operating_systems_error_is_said_in_swedish() {
        let e = io_error(std::io::ErrorKind::NotFound, Some(2), Lang::Sv);
        assert_eq!(e, "finns inte (felkod 2)");
        assert!(!e.contains("No such file"));
    }
}
