//! Work the screen must not wait for: pages, counts, searches and imports run
//! here on their own connections and answer over a channel, tagged with the
//! filter generation they were asked for so stale answers can be dropped.

use crate::audit::{Actor, Entry};
use crate::store::catalog::{self, ReaderSummary};
use crate::store::passages::{self, Cursor, Page, PassageFilter, PassageRow, Resolved};
use crate::store::{self, Sharing, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

/// A passage filter as the screen holds it: reader choices are already ids.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub filter: PassageFilter,
    /// `None`: every reader.
    pub reader_ids: Option<Vec<i64>>,
}

/// How a page lands in the table's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// A fresh buffer starting at the first match.
    First,
    /// A fresh buffer ending at the last match.
    Last,
    /// A fresh buffer starting at a given row (a search hit).
    At,
    /// More rows after the buffer.
    Append,
    /// More rows before the buffer.
    Prepend,
}

#[derive(Debug, Clone)]
pub enum Request {
    Page {
        generation: u64,
        query: Query,
        page: Page,
        limit: usize,
        fill: Fill,
    },
    Count {
        generation: u64,
        query: Query,
    },
    /// The next (or previous) passage after `from` whose text contains `needle`.
    Find {
        generation: u64,
        query: Query,
        from: Option<Cursor>,
        forward: bool,
        needle: String,
    },
    Readers,
    Audit {
        limit: usize,
    },
    /// Every request, newest first.
    Requests,
    /// The extract of one request (its passages with deviation aids); audited.
    RequestEvents {
        reference: crate::domain::request::RequestId,
    },
    /// Export a request's extract to a new private file; audited.
    Export {
        reference: crate::domain::request::RequestId,
        path: PathBuf,
        lang: crate::i18n::Lang,
    },
    /// The PMO review periods, oldest first.
    PmoPeriods,
    /// A period's rows ranked with their flags; `audit` records that they were shown.
    PmoRows {
        period_id: i64,
        audit: bool,
    },
    /// Verdicts (and a comment) on rows of a period; audited.
    PmoMark {
        ids: Vec<i64>,
        verdict: crate::domain::pmo::Verdict,
        comment: Option<String>,
        bulk: bool,
    },
    /// A row's comment, keeping its verdict; audited.
    PmoComment {
        id: i64,
        text: String,
    },
    /// Sign a period off with who took part; audited.
    PmoSignoff {
        period_id: i64,
        consulted: String,
    },
    /// Write a period's review record to a new private file; audited.
    PmoExport {
        period_id: i64,
        path: PathBuf,
    },
    /// Register a new request, with the letter read from a file; audited.
    NewRequest {
        new: crate::store::requests::NewRequest,
        attachment: Option<PathBuf>,
        /// The year the reference is numbered in (the screen's clock).
        year: i32,
    },
    /// One change to an open request's scope; audited.
    EditScope {
        reference: crate::domain::request::RequestId,
        change: crate::store::requests::ScopeChange,
    },
    /// Decide an open request; audited.
    Decide {
        reference: crate::domain::request::RequestId,
        outcome: crate::domain::request::Outcome,
        note: String,
        escalations: Vec<(crate::domain::request::EscalationTarget, String)>,
    },
    /// Append an entry to the audit trail (a settled search).
    Record {
        action: String,
        details: serde_json::Value,
    },
    /// A request's persons, readers and windows held against the store as typed.
    CheckScope {
        seq: u64,
        persons: Vec<String>,
        readers: Vec<String>,
        windows: Vec<crate::domain::request::Window>,
    },
    /// A period's escalations, for the review pane and its sign-off summary.
    PmoEscalations {
        period_id: i64,
    },
    /// Escalate one PMO row to a receiver with its reference; audited.
    PmoEscalate {
        access_id: i64,
        target: crate::domain::pmo::EscalationTarget,
        reference: String,
        note: String,
    },
    /// Sign a period off with who took part and a summary; audited.
    PmoSignoffWith {
        period_id: i64,
        consulted: String,
        summary: Option<String>,
    },
    /// Export a request's extract or a period's record into a folder; audited.
    ExportTo {
        what: crate::ops::lookup::ExportWhat,
        folder: PathBuf,
        name: String,
        lang: crate::i18n::Lang,
    },
}

impl Request {
    fn generation(&self) -> Option<u64> {
        match self {
            Request::Page { generation, .. }
            | Request::Count { generation, .. }
            | Request::Find { generation, .. } => Some(*generation),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Response {
    Page {
        generation: u64,
        fill: Fill,
        rows: Vec<PassageRow>,
        elapsed: Duration,
    },
    Count {
        generation: u64,
        count: u64,
        elapsed: Duration,
    },
    Found {
        generation: u64,
        row: Option<PassageRow>,
        forward: bool,
        scanned: u64,
    },
    Readers(Vec<ReaderSummary>),
    Audit(Vec<Entry>),
    Requests(Vec<crate::domain::request::Request>),
    RequestEvents(Box<crate::rules::request::Extract>),
    Recorded,
    /// A request written (registered, its scope changed, decided) and what to
    /// tell the user, or why it was refused.
    Saved(Result<(crate::domain::request::RequestId, String), String>),
    /// The file written and its SHA-256, or why not.
    Exported(Result<String, String>),
    ImportProgress(f64),
    ImportDone(Result<String, String>),
    PmoPeriods(Vec<crate::store::pmo::Period>),
    PmoRows {
        period_id: i64,
        rows: Vec<crate::rules::ranking::Ranked>,
    },
    /// A review action done (what to say), or why not.
    PmoDone(Result<String, String>),
    Failed {
        generation: Option<u64>,
        message: String,
    },
    ScopeChecked {
        seq: u64,
        check: Result<crate::ops::lookup::ScopeCheck, String>,
    },
    PmoEscalations {
        period_id: i64,
        list: Vec<crate::store::pmo::Escalation>,
    },
    PmoEscalated(Result<(), String>),
    Written(Result<crate::ops::lookup::Written, crate::ops::lookup::WriteFailure>),
}

/// Rows a search looks through before it gives up and says so.
pub const FIND_BUDGET: u64 = 200_000;

/// Runs one request against a store. Pure apart from the store, so tests call
/// it directly instead of through a thread.
pub fn execute(store: &mut Store, actor: &Actor, req: Request) -> Response {
    let generation = req.generation();
    match run(store, actor, req) {
        Ok(r) => r,
        Err(e) => Response::Failed {
            generation,
            message: e.to_string(),
        },
    }
}

fn resolve(conn: &rusqlite::Connection, q: &Query) -> store::Result<Resolved> {
    let mut resolved = passages::resolve(conn, &q.filter)?;
    if let Some(ids) = &q.reader_ids {
        resolved.readers = Some(ids.clone());
    }
    Ok(resolved)
}

fn run(store: &mut Store, actor: &Actor, req: Request) -> store::Result<Response> {
    let started = Instant::now();
    Ok(match req {
        Request::Page {
            generation,
            query,
            page,
            limit,
            fill,
        } => {
            let resolved = resolve(store.conn(), &query)?;
            let rows = passages::page(store.conn(), &query.filter, &resolved, page, limit)?;
            Response::Page {
                generation,
                fill,
                rows,
                elapsed: started.elapsed(),
            }
        }
        Request::Count { generation, query } => {
            let resolved = resolve(store.conn(), &query)?;
            let count = passages::count(store.conn(), &query.filter, &resolved)?;
            Response::Count {
                generation,
                count,
                elapsed: started.elapsed(),
            }
        }
        Request::Find {
            generation,
            query,
            from,
            forward,
            needle,
        } => {
            let resolved = resolve(store.conn(), &query)?;
            let needle = crate::text::fold(&needle);
            let mut cursor = from;
            let mut scanned = 0;
            let chunk = 2000;
            let found = loop {
                let page = if forward {
                    Page::After(cursor)
                } else {
                    Page::Before(cursor)
                };
                let mut rows = passages::page(store.conn(), &query.filter, &resolved, page, chunk)?;
                if !forward {
                    rows.reverse();
                }
                let n = rows.len();
                scanned += n as u64;
                if let Some(hit) = rows.iter().find(|r| row_matches(r, &needle)) {
                    break Some(hit.clone());
                }
                match rows.last() {
                    Some(last) if n == chunk && scanned < FIND_BUDGET => {
                        cursor = Some(Cursor {
                            ts: passages::to_ts(last.time),
                            id: last.id,
                        })
                    }
                    _ => break None,
                }
            };
            Response::Found {
                generation,
                row: found,
                forward,
                scanned,
            }
        }
        Request::Readers => Response::Readers(catalog::readers(store.conn())?),
        Request::Audit { limit } => Response::Audit(store::audit::newest(store.conn(), limit)?),
        Request::Requests => Response::Requests(store::requests::list(store.conn())?),
        Request::RequestEvents { reference } => {
            let request = store::requests::get(store.conn(), reference)?;
            let extract = crate::rules::request::extract(store.conn(), &request)?;
            store.write_with(|tx| {
                store::audit::append(
                    tx,
                    actor,
                    "request_events",
                    &reference.to_string(),
                    &serde_json::json!({
                        "rows": extract.rows.len(),
                        "findings": extract.findings.len(),
                        "caveats": extract.caveats.len(),
                        "via": "screen",
                    }),
                )
            })?;
            Response::RequestEvents(Box::new(extract))
        }
        Request::Export {
            reference,
            path,
            lang,
        } => Response::Exported(
            crate::report::request::export(store, actor, lang, reference, &path)
                .map(|done| {
                    format!(
                        "{}: {} rows, SHA-256 {}",
                        path.display(),
                        done.rows,
                        done.sha256
                    )
                })
                .map_err(|e| format!("{e:#}")),
        ),
        Request::PmoPeriods => Response::PmoPeriods(store::pmo::periods(store.conn())?),
        Request::PmoRows { period_id, audit } => {
            let period = store::pmo::period_by_id(store.conn(), period_id)?;
            let mut rows = crate::rules::ranking::evaluated(
                store.conn(),
                &period,
                &crate::rules::pmo::Thresholds::default(),
            )?;
            crate::rules::ranking::rank(&mut rows);
            if audit {
                store.write_with(|tx| {
                    store::audit::append(
                        tx,
                        actor,
                        "review_list",
                        &period.label,
                        &serde_json::json!({
                            "period": period.label,
                            "unit": period.unit,
                            "rows": rows.len(),
                            "revealed": false,
                            "via": "screen",
                        }),
                    )
                })?;
            }
            Response::PmoRows { period_id, rows }
        }
        Request::PmoMark {
            ids,
            verdict,
            comment,
            bulk,
        } => Response::PmoDone(
            store::pmo::record_verdicts(store, actor, &ids, verdict, comment.as_deref(), bulk)
                .map(|label| format!("{label}: {} → {}", ids.len(), verdict.as_str()))
                .map_err(|e| format!("{e:#}")),
        ),
        Request::PmoComment { id, text } => Response::PmoDone(
            store::pmo::record_comment(store, actor, id, &text)
                .map(|()| format!("{id}: {text}"))
                .map_err(|e| format!("{e:#}")),
        ),
        Request::PmoSignoff {
            period_id,
            consulted,
        } => {
            let period = store::pmo::period_by_id(store.conn(), period_id)?;
            Response::PmoDone(
                store::pmo::record_signoff(store, actor, &period, &consulted, None)
                    .map(|at| format!("{} {} ✓ {at}", period.unit, period.label))
                    .map_err(|e| format!("{e:#}")),
            )
        }
        Request::PmoExport { period_id, path } => {
            let period = store::pmo::period_by_id(store.conn(), period_id)?;
            let years = crate::cli::retention_years()
                .map_err(|e| store::StoreError::Invalid(e.to_string()))?;
            Response::PmoDone(
                crate::report::pmo::export(store, actor, &period, &path, years)
                    .map(|done| {
                        format!(
                            "{}: {} rows, SHA-256 {}",
                            path.display(),
                            done.rows,
                            done.sha256
                        )
                    })
                    .map_err(|e| format!("{e:#}")),
            )
        }
        Request::NewRequest {
            new,
            attachment,
            year,
        } => Response::Saved(register(store, actor, &new, attachment.as_deref(), year)),
        Request::EditScope { reference, change } => Response::Saved(
            store
                .write_with(|tx| store::requests::change_scope(tx, actor, reference, &change))
                .map(|scope| {
                    let windows = scope.windows.len();
                    (
                        reference,
                        format!(
                            "{reference}: {} person(s), {} reader(s), {windows} window(s)",
                            scope.persons.len(),
                            scope.readers.len()
                        ),
                    )
                })
                .map_err(|e| format!("{e:#}")),
        ),
        Request::Decide {
            reference,
            outcome,
            note,
            escalations,
        } => Response::Saved(
            store
                .write_with(|tx| {
                    store::requests::decide_request(
                        tx,
                        actor,
                        reference,
                        outcome,
                        &note,
                        &escalations,
                    )
                })
                .map(|d| {
                    (
                        reference,
                        format!("{reference}: {} {}", d.outcome.as_str(), d.at),
                    )
                })
                .map_err(|e| format!("{e:#}")),
        ),
        Request::Record { action, details } => {
            store.write_with(|tx| store::audit::append(tx, actor, &action, "", &details))?;
            Response::Recorded
        }
        Request::CheckScope {
            seq,
            persons,
            readers,
            windows,
        } => Response::ScopeChecked {
            seq,
            check: crate::ops::lookup::check_scope(store.conn(), &persons, &readers, &windows)
                .map_err(|e| e.to_string()),
        },
        Request::PmoEscalations { period_id } => Response::PmoEscalations {
            period_id,
            list: crate::ops::lookup::escalations(store.conn(), period_id)?,
        },
        Request::PmoEscalate {
            access_id,
            target,
            reference,
            note,
        } => Response::PmoEscalated(
            crate::ops::lookup::escalate(store, actor, access_id, target, &reference, &note)
                .map_err(|e| e.to_string()),
        ),
        Request::PmoSignoffWith {
            period_id,
            consulted,
            summary,
        } => Response::PmoDone(
            crate::ops::lookup::sign_off(store, actor, period_id, &consulted, summary.as_deref())
                .map_err(|e| e.to_string()),
        ),
        Request::ExportTo {
            what,
            folder,
            name,
            lang,
        } => Response::Written(crate::ops::lookup::export(
            store, actor, lang, what, &folder, &name,
        )),
    })
}

/// Reads the letter (if any) and registers the request numbered in this year.
fn register(
    store: &mut Store,
    actor: &Actor,
    new: &crate::store::requests::NewRequest,
    attachment: Option<&Path>,
    year: i32,
) -> Result<(crate::domain::request::RequestId, String), String> {
    let mut files = Vec::new();
    if let Some(path) = attachment {
        let bytes =
            std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        files.push((name, bytes));
    }
    let reference = store
        .write_with(|tx| store::requests::register(tx, actor, new, year, &files))
        .map_err(|e| format!("{e:#}"))?;
    Ok((reference, format!("{reference} registered")))
}

/// Whether a passage's visible text contains the folded needle.
pub fn row_matches(row: &PassageRow, folded_needle: &str) -> bool {
    if folded_needle.is_empty() {
        return false;
    }
    [
        row.reader_label().as_str(),
        &row.person,
        &row.card,
        &row.employee_id,
        &row.event_text,
        &row.system,
        crate::domain::EventKind::as_str(row.kind),
    ]
    .iter()
    .any(|f| crate::text::fold(f).contains(folded_needle))
}

/// Starts a worker thread with its own connection. Requests that a newer
/// generation has overtaken while it was busy are skipped.
pub fn spawn(
    path: &Path,
    sharing: Sharing,
    actor: Actor,
    responses: Sender<Response>,
) -> anyhow::Result<(Sender<Request>, std::thread::JoinHandle<()>)> {
    let mut store = Store::open(path, sharing)?;
    let (tx, rx): (Sender<Request>, Receiver<Request>) = std::sync::mpsc::channel();
    let handle = std::thread::Builder::new()
        .name("loggvakt-query".into())
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut batch = vec![first];
                batch.extend(rx.try_iter());
                let newest = batch.iter().filter_map(Request::generation).max();
                for req in batch {
                    if req.generation().is_some_and(|g| Some(g) != newest) {
                        continue;
                    }
                    let resp = execute(&mut store, &actor, req);
                    if responses.send(resp).is_err() {
                        return;
                    }
                }
            }
        })?;
    Ok((tx, handle))
}

/// Imports one file on its own thread and connection, reporting progress.
pub fn spawn_import(
    db: PathBuf,
    sharing: Sharing,
    actor: Actor,
    file: PathBuf,
    cancel: Arc<AtomicBool>,
    lang: crate::i18n::Lang,
    responses: Sender<Response>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("loggvakt-import".into())
        .spawn(move || {
            let result = import_one(&db, sharing, &actor, &file, cancel, lang, &responses);
            let _ = responses.send(Response::ImportDone(result));
        })
}

fn import_one(
    db: &Path,
    sharing: Sharing,
    actor: &Actor,
    file: &Path,
    cancel: Arc<AtomicBool>,
    lang: crate::i18n::Lang,
    responses: &Sender<Response>,
) -> Result<String, String> {
    use crate::i18n::Msg;
    let profiles = crate::cli::load_profiles().map_err(|e| format!("{e:#}"))?;
    let mut store = Store::open(db, sharing).map_err(|e| format!("{e:#}"))?;
    let opts = crate::ops::import::Options {
        cancel: Some(cancel),
        ..Default::default()
    };
    let mut last = 0.0;
    let mut progress = |f: f64| {
        if f - last >= 0.01 || f >= 1.0 {
            last = f;
            let _ = responses.send(Response::ImportProgress(f));
        }
    };
    let report =
        crate::ops::import::import_file(&mut store, &profiles, actor, file, &opts, &mut progress)
            .map_err(|e| format!("{}: {e:#}", Msg::ImportFailed.text(lang)))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(match &report.already_imported {
        Some(_) => format!("{name}: {}", Msg::AlreadyImported.text(lang)),
        None => format!(
            "{name}: {} {}, {} {} ({})",
            report.imported,
            Msg::Imported.text(lang),
            report.duplicates,
            Msg::Duplicates.text(lang),
            report.system,
        ),
    })
}
