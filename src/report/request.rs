//! A request's extract as a document for every export format, and the export
//! itself: rendered in memory, written as a new private file, audited with its
//! SHA-256 in one step. The CLI and the screen both export through here.

use super::{Document, Kind};
use crate::audit::Actor;
use crate::domain::request::RequestId;
use crate::i18n::{Lang, Msg};
use crate::rules::request::{EventRow, Extract};
use crate::store::{Store, StoreError, audit, requests};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Column headers of an extract's rows (CLI, CSV, XLSX and PDF alike).
pub fn event_headers(lang: Lang) -> Vec<String> {
    [
        Msg::Time,
        Msg::System,
        Msg::Reader,
        Msg::Person,
        Msg::Event,
        Msg::EventText,
        Msg::Direction,
        Msg::Source,
        Msg::Deviations,
    ]
    .iter()
    .map(|m| m.text(lang).to_owned())
    .collect()
}

/// One extract row as text cells, in the order of [`event_headers`].
pub fn event_cells(lang: Lang, r: &EventRow) -> Vec<String> {
    let row = &r.row;
    let time = crate::domain::clock::show(row.time, row.clock);
    let person = if row.employee_id.is_empty() {
        row.person.clone()
    } else {
        format!("{} ({})", row.person, row.employee_id)
    };
    vec![
        time,
        row.system.clone(),
        row.reader_label(),
        person,
        crate::i18n::event_kind(row.kind, lang).to_owned(),
        row.event_text.clone(),
        row.direction.as_str().to_owned(),
        format!("{}:{}", row.source_file, row.source_row),
        r.deviations_text(lang),
    ]
}

/// Plain lines describing the extract: usual hours, Kom & Gå findings, caveats.
pub fn extract_notes(lang: Lang, x: &Extract) -> Vec<(String, Vec<String>)> {
    let usual = x
        .persons
        .iter()
        .map(|p| match p.usual {
            Some(u) => format!(
                "{}: {} ({} d{})",
                p.label(),
                u.label(),
                u.days,
                if u.outside_windows {
                    ", outside windows"
                } else {
                    ""
                }
            ),
            None => format!("{}: –", p.label()),
        })
        .collect();
    let mut findings: Vec<String> = x.findings.iter().map(|f| f.text(lang)).collect();
    if findings.is_empty() {
        findings.push(Msg::NoFindings.text(lang).to_owned());
    }
    vec![
        (Msg::UsualHours.text(lang).to_owned(), usual),
        (Msg::Findings.text(lang).to_owned(), findings),
        (
            Msg::Caveats.text(lang).to_owned(),
            x.caveats.iter().map(|c| c.text(lang)).collect(),
        ),
    ]
}

fn readers_text(lang: Lang, x: &Extract) -> String {
    if x.request.scope.readers.is_empty() {
        format!("({})", Msg::AllReaders.text(lang))
    } else {
        x.request.scope.readers.join(", ")
    }
}

fn windows_text(x: &Extract) -> String {
    x.request
        .scope
        .windows
        .iter()
        .map(|w| w.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The export's document: facts about the request and the export, the rows,
/// usual hours, Kom & Gå findings and caveats.
pub fn document(lang: Lang, actor: &Actor, x: &Extract, exported_at: &str, head: &str) -> Document {
    let t = |m: Msg| m.text(lang).to_owned();
    let r = &x.request;
    let persons = x
        .persons
        .iter()
        .map(|p| {
            if p.label().contains(p.query.trim()) {
                p.label()
            } else {
                format!("{} ({})", p.label(), p.query)
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut info = vec![
        (t(Msg::Reference), r.reference.to_string()),
        (t(Msg::Requester), r.requester.clone()),
        (t(Msg::Unit), r.unit.clone()),
        (
            t(Msg::Reason),
            crate::i18n::reason(r.reason, lang).to_owned(),
        ),
        (t(Msg::Persons), persons),
        (t(Msg::Readers), readers_text(lang, x)),
        (t(Msg::Windows), windows_text(x)),
        (t(Msg::Exporter), actor.label()),
        (t(Msg::ExportedAt), exported_at.to_owned()),
        (t(Msg::Rows), x.rows.len().to_string()),
    ];
    if let Some(d) = &r.decision {
        info.push((
            t(Msg::Decision),
            format!(
                "{} {} ({}): {}",
                crate::i18n::outcome(d.outcome, lang),
                d.at,
                d.by,
                d.note
            ),
        ));
    }
    if !r.escalations.is_empty() {
        info.push((
            t(Msg::Escalations),
            r.escalations
                .iter()
                .map(|e| format!("{} {} ({} {})", e.target.as_str(), e.reference, e.at, e.by))
                .collect::<Vec<_>>()
                .join("; "),
        ));
    }
    Document {
        title: format!("{} {}", t(Msg::ExtractTitle), r.reference),
        info,
        headers: event_headers(lang),
        rows: x.rows.iter().map(|row| event_cells(lang, row)).collect(),
        notes: extract_notes(lang, x),
        footer: format!(
            "{} · {} {} · {}: {head}",
            r.reference,
            t(Msg::ExportedAt),
            exported_at,
            t(Msg::AuditHead)
        ),
        page_word: t(Msg::Page),
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub rows: usize,
    pub sha256: String,
    pub bytes: usize,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}: the file name must end in .csv, .xlsx or .pdf to choose the format")]
    Extension(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Render(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("the export could not be recorded in the audit trail, so the file was removed: {0}")]
    NotRecorded(StoreError),
}

/// Exports a request's extract to `out` (format by extension): a new file with
/// mode 0600, and an audit entry "export" with the file's SHA-256. An export the
/// audit trail cannot record is removed again.
pub fn export(
    store: &mut Store,
    actor: &Actor,
    lang: Lang,
    reference: RequestId,
    out: &Path,
) -> Result<Exported, ExportError> {
    let kind = Kind::of(out).ok_or_else(|| ExportError::Extension(out.display().to_string()))?;
    let request = requests::get(store.conn(), reference)?;
    let x = crate::rules::request::extract(store.conn(), &request)?;
    let exported_at = chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string();
    let head = audit::head(store.conn())?;
    let doc = document(lang, actor, &x, &exported_at, &head);
    let bytes = super::render(&doc, kind).map_err(ExportError::Render)?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    super::write_private(out, &bytes)?;
    let recorded = store.write_with(|tx| {
        audit::append(
            tx,
            actor,
            "export",
            &reference.to_string(),
            &serde_json::json!({
                "file": out.display().to_string(),
                "format": kind.name(),
                "sha256": sha256,
                "bytes": bytes.len(),
                "rows": x.rows.len(),
                "persons": request.scope.persons,
                "audit_head_in_file": head,
            }),
        )?;
        Ok(())
    });
    if let Err(e) = recorded {
        let _ = std::fs::remove_file(out);
        return Err(ExportError::NotRecorded(e));
    }
    Ok(Exported {
        rows: x.rows.len(),
        sha256,
        bytes: bytes.len(),
    })
}
