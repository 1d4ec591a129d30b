//! What the screen asks of the store while a user types and writes: whom the
//! persons of a request match, which readers a name means, how many passages a
//! window holds, a period's escalations, and writes whose outcome the screen must
//! tell in the user's words (an export's full path and SHA-256, an escalation).
//! The writes themselves are the review's and the request's own operations.

use super::{OpError, Result, record};
use crate::audit::Actor;
use crate::domain::person::name_matches;
use crate::domain::pmo::EscalationTarget;
use crate::domain::request::{RequestId, Window};
use crate::i18n::Lang;
use crate::store::catalog::{self, ReaderSummary};
use crate::store::passages::{self, Cards, PassageFilter, Resolved};
use crate::store::{Store, StoreError, requests};
use std::collections::BTreeSet;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Someone stored: a name and, when known, the employee id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub name: String,
    pub employee_id: String,
}

/// Whom a person named in a request means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonCheck {
    pub query: String,
    /// Exactly matched, as an extract will match them (employee id or whole name).
    pub found: Vec<Known>,
    /// The text names people with different employee ids.
    pub ambiguous: bool,
    /// Names that contain what was typed, when nothing matched exactly.
    pub similar: Vec<Known>,
}

/// Which readers a reader named in a request means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderCheck {
    pub query: String,
    pub names: Vec<String>,
}

/// How many passages a window holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowCheck {
    pub window: Window,
    pub passages: u64,
}

/// A request's scope held against the store.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScopeCheck {
    pub persons: Vec<PersonCheck>,
    pub readers: Vec<ReaderCheck>,
    pub windows: Vec<WindowCheck>,
}

/// Similar names shown at most.
const SIMILAR: usize = 5;

fn reader_name(r: &ReaderSummary) -> String {
    if r.name.is_empty() {
        r.code.clone()
    } else {
        r.name.clone()
    }
}

/// Checks persons, readers and windows the way an extract will read them, in one
/// snapshot. Windows count the passages of the persons found at the readers named
/// (all passages in the window when no one was found). What names or counts
/// people is audited before it is shown, as a search is; readers alone are places.
pub fn check_scope(
    store: &Store,
    actor: &Actor,
    persons: &[String],
    readers: &[String],
    windows: &[Window],
) -> Result<ScopeCheck> {
    for text in persons.iter().chain(readers) {
        super::line("--person/--reader", text)?;
    }
    let tx = store.read()?;
    let conn: &rusqlite::Connection = &tx;
    let mut out = ScopeCheck::default();
    let mut directory: Option<Vec<catalog::PersonSummary>> = None;
    let mut person_ids = Vec::new();
    let mut shown = BTreeSet::new();
    for q in persons {
        let (found, ambiguous) = match requests::resolve_person(conn, q) {
            Ok(found) => (found, false),
            Err(StoreError::Invalid(_)) => (vec![], true),
            Err(e) => return Err(e.into()),
        };
        person_ids.extend(found.iter().map(|p| p.id));
        let mut similar = Vec::new();
        if found.is_empty() {
            let all = match &directory {
                Some(d) => d,
                None => directory.insert(catalog::persons(conn)?),
            };
            let tokens: Vec<String> = crate::text::fold(q)
                .split(' ')
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect();
            let near: Vec<&catalog::PersonSummary> = all
                .iter()
                .filter(|p| {
                    !tokens.is_empty() && name_matches(&tokens, &p.name)
                        || (!p.employee_id.is_empty() && p.employee_id.contains(q.trim()))
                })
                .take(SIMILAR)
                .collect();
            shown.extend(near.iter().map(|p| p.id));
            similar = near
                .into_iter()
                .map(|p| Known {
                    name: p.name.clone(),
                    employee_id: p.employee_id.clone(),
                })
                .collect();
        }
        shown.extend(found.iter().map(|p| p.id));
        out.persons.push(PersonCheck {
            query: q.clone(),
            found: found
                .into_iter()
                .map(|p| Known {
                    name: p.name,
                    employee_id: p.employee_id,
                })
                .collect(),
            ambiguous,
            similar,
        });
    }
    let mut reader_ids = Vec::new();
    if !readers.is_empty() {
        let all = catalog::readers(conn)?;
        for q in readers {
            // The one rule both faces pick readers by: code or door name.
            let folded = crate::text::fold(q);
            let ids: Vec<i64> = all
                .iter()
                .filter(|r| !folded.is_empty() && super::catalog::reader_matches(r, &folded))
                .map(|r| r.id)
                .collect();
            reader_ids.extend(&ids);
            out.readers.push(ReaderCheck {
                query: q.clone(),
                names: all
                    .iter()
                    .filter(|r| ids.contains(&r.id))
                    .map(reader_name)
                    .collect(),
            });
        }
    }
    for w in windows {
        let filter = PassageFilter {
            from: Some(w.from),
            to: Some(w.to),
            ..PassageFilter::default()
        };
        let resolved = Resolved {
            readers: (!readers.is_empty()).then(|| reader_ids.clone()),
            persons: if person_ids.is_empty() {
                None
            } else {
                Some((person_ids.clone(), Cards::of(conn, vec![])?))
            },
            cards: None,
        };
        out.windows.push(WindowCheck {
            window: *w,
            passages: passages::count(conn, &filter, &resolved)?,
        });
    }
    if !persons.is_empty() || !windows.is_empty() {
        let named: BTreeSet<i64> = person_ids.iter().copied().collect();
        record(
            store,
            actor,
            "request_check",
            "",
            &serde_json::json!({
                "persons": persons,
                "readers": readers,
                "windows": windows,
                "person_ids": { "named": named, "results": shown },
                "via": "screen",
            }),
        )?;
    }
    Ok(out)
}

/// Escalates one PMO row to a receiver with its reference: the review's own
/// operation, audited.
pub fn escalate(
    store: &mut Store,
    actor: &Actor,
    access_id: i64,
    target: EscalationTarget,
    reference: &str,
    note: &str,
) -> Result<()> {
    let note = (!note.trim().is_empty()).then_some(note);
    super::review::escalate(store, actor, access_id, target, reference, note)?;
    Ok(())
}

/// A period's escalations, oldest first.
pub fn escalations(store: &Store, period_id: i64) -> Result<Vec<crate::store::pmo::Escalation>> {
    let tx = store.read()?;
    Ok(crate::store::pmo::escalations(&tx, period_id)?)
}

/// Signs a period off with who took part and an optional summary: the review's
/// own operation, audited. Returns when.
pub fn sign_off(
    store: &mut Store,
    actor: &Actor,
    period_id: i64,
    consulted: &str,
    summary: Option<&str>,
) -> Result<String> {
    let period = crate::store::pmo::period_by_id(store.conn(), period_id)?;
    super::review::signoff(store, actor, &period, consulted, summary)
}

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportWhat {
    Request(RequestId),
    Period(i64),
}

/// A file written: where, how many rows, its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub rows: usize,
    pub sha256: String,
}

/// Why a file was not written, in parts the screen can say in any language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteFailure {
    /// The export folder could not be made or used.
    Folder {
        path: PathBuf,
        kind: std::io::ErrorKind,
        code: Option<i32>,
    },
    /// The file itself could not be written.
    File {
        path: PathBuf,
        kind: std::io::ErrorKind,
        code: Option<i32>,
    },
    /// The name does not end in .pdf, .xlsx or .csv.
    Format { path: PathBuf },
    /// Anything else, as the core said it.
    Other(String),
}

/// Exports to `name` in `folder` (an absolute name is used as given) through the
/// request's or the review's own export, which writes the file whole and audited or
/// not at all. The folder is made private (`0700`) when missing; an existing file
/// is never replaced, the next free `-2`, `-3` … name is taken instead.
pub fn export(
    store: &mut Store,
    actor: &Actor,
    lang: Lang,
    what: ExportWhat,
    folder: &Path,
    name: &str,
    retention_years: u32,
) -> std::result::Result<Written, WriteFailure> {
    let wanted = folder.join(name);
    if crate::report::Kind::of(&wanted).is_none() {
        return Err(WriteFailure::Format { path: wanted });
    }
    let dir = wanted.parent().unwrap_or(folder).to_owned();
    let folder_failed = |e: &std::io::Error| WriteFailure::Folder {
        path: dir.clone(),
        kind: e.kind(),
        code: e.raw_os_error(),
    };
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(|e| folder_failed(&e))?;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| folder_failed(&e))?;
    } else if !dir.is_dir() {
        return Err(WriteFailure::Folder {
            path: dir,
            kind: std::io::ErrorKind::NotADirectory,
            code: None,
        });
    }
    let path = free_name(&wanted);
    let done = match what {
        ExportWhat::Request(reference) => {
            super::request::export(store, actor, lang, reference, &path)
        }
        ExportWhat::Period(period_id) => crate::store::pmo::period_by_id(store.conn(), period_id)
            .map_err(OpError::from)
            .and_then(|period| {
                super::review::export(store, actor, lang, &period, &path, retention_years)
            }),
    };
    match done {
        Ok((written, rows)) => Ok(Written {
            path: written.path,
            rows,
            sha256: written.sha256,
        }),
        Err(OpError::Write { path, kind, code }) => Err(WriteFailure::File { path, kind, code }),
        Err(e) => Err(WriteFailure::Other(e.text(lang))),
    }
}

/// `name.pdf`, else `name-2.pdf`, `name-3.pdf` …: the first that does not exist.
fn free_name(wanted: &Path) -> PathBuf {
    if !wanted.exists() {
        return wanted.to_owned();
    }
    let stem = wanted
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = wanted
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (2..)
        .map(|n| wanted.with_file_name(format!("{stem}-{n}{ext}")))
        .find(|p| !p.exists())
        .unwrap_or_else(|| wanted.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("R-2026-0001.pdf");
        assert_eq!(free_name(&a), a);
        std::fs::write(&a, "x").unwrap();
        assert_eq!(free_name(&a), dir.path().join("R-2026-0001-2.pdf"));
        std::fs::write(dir.path().join("R-2026-0001-2.pdf"), "x").unwrap();
        assert_eq!(free_name(&a), dir.path().join("R-2026-0001-3.pdf"));
    }
}
