//! Work the screen must not wait for: pages, counts, searches, import previews and imports run
//! here on their own connections and answer over a channel, tagged with the
//! filter generation they were asked for so stale answers can be dropped. Each
//! request is one call of an operation in `ops`; nothing here builds SQL or an
//! audit record.

use crate::audit::{Actor, Entry};
use crate::config::Policy;
use crate::i18n::Lang;
use crate::ops::review::Reviewer;
use crate::ops::search::{Via, Viewer};
use crate::ops::{self, OpError, Purpose};
use crate::store::catalog::ReaderSummary;
use crate::store::passages::{Cursor, Page, PassageRow};
use crate::store::{Sharing, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

/// A passage filter as the screen holds it: reader choices are already ids.
pub use crate::ops::search::Query;

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
    /// Every entry that concerned a person (`audit who`), itself audited.
    AuditWho {
        person: String,
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
    /// A period's rows ranked with their flags; audited when the period is first shown.
    PmoRows {
        period_id: i64,
    },
    /// Reveal one row's whole personnummer; audited before it is shown.
    PmoReveal {
        period_id: i64,
        id: i64,
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
        lang: crate::i18n::Lang,
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
    /// The purpose of the searches that follow (checked: a request must exist).
    SetPurpose(Option<Purpose>),
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
    /// What importing a file would store, read with these choices; nothing is
    /// written. `seq` numbers the asks so a late answer is dropped.
    Preview {
        seq: u64,
        path: PathBuf,
        choice: crate::import::Choice,
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
    /// Who matched, with the entries that concerned them, or why not.
    AuditWho(Result<Box<ops::audit::Who>, String>),
    Requests(Vec<crate::domain::request::Request>),
    RequestEvents(Box<crate::rules::request::Extract>),
    /// The purpose now in force, or why it was refused.
    PurposeSet(Result<Option<Purpose>, String>),
    /// A row whose whole personnummer may now be shown (its reveal is recorded).
    Revealed(i64),
    /// A request written (registered, its scope changed, decided) and what to
    /// tell the user, or why it was refused.
    Saved(Result<(crate::domain::request::RequestId, String), String>),
    /// The file written and its SHA-256, or why not.
    Exported(Result<String, String>),
    /// A write found another process writing and waits up to so many seconds.
    Waiting(u64),
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
    Preview(Box<PreviewAnswer>),
}

/// A file's import preview, or why an import would refuse it, with what the
/// user can choose from to read it otherwise.
#[derive(Debug, Clone)]
pub struct PreviewAnswer {
    pub seq: u64,
    pub path: PathBuf,
    /// The preview, or the refusal in the user's language.
    pub result: Result<crate::ops::import::preview::Preview, String>,
    /// The profiles `--system` takes: built-in and the user's own.
    pub profiles: Vec<String>,
    /// The file's header row as written, for mapping a column by hand.
    pub columns: Vec<String>,
}

/// Rows a search looks through before it gives up and says so.
pub const FIND_BUDGET: u64 = 200_000;

/// The worker's state between requests: what the screen's searches were audited
/// as, and the language of its messages.
#[derive(Debug)]
pub struct Worker {
    viewer: Viewer,
    reviewer: Reviewer,
    lang: Lang,
}

impl Worker {
    pub fn new(lang: Lang, policy: Policy) -> Worker {
        Worker {
            viewer: Viewer::new(policy),
            reviewer: Reviewer::default(),
            lang,
        }
    }

    /// Runs one request against a store. Pure apart from the store, so tests call
    /// it directly instead of through a thread.
    pub fn execute(&mut self, store: &mut Store, actor: &Actor, req: Request) -> Response {
        let generation = req.generation();
        match self.run(store, actor, req) {
            Ok(r) => r,
            Err(e) => Response::Failed {
                generation,
                message: e.text(self.lang),
            },
        }
    }

    fn said<T>(&self, r: ops::Result<T>) -> Result<T, String> {
        r.map_err(|e| e.text(self.lang))
    }

    fn run(&mut self, store: &mut Store, actor: &Actor, req: Request) -> Result<Response, OpError> {
        let started = Instant::now();
        Ok(match req {
            Request::Page {
                generation,
                query,
                page,
                limit,
                fill,
            } => {
                let rows = self.viewer.page(store, actor, &query, page, limit)?;
                Response::Page {
                    generation,
                    fill,
                    rows,
                    elapsed: started.elapsed(),
                }
            }
            Request::Count { generation, query } => Response::Count {
                generation,
                count: ops::search::count(store, &query)?,
                elapsed: started.elapsed(),
            },
            Request::Find {
                generation,
                query,
                from,
                forward,
                needle,
            } => {
                let (row, scanned) =
                    self.viewer
                        .find(store, actor, &query, from, forward, &needle, FIND_BUDGET)?;
                Response::Found {
                    generation,
                    row,
                    forward,
                    scanned,
                }
            }
            Request::SetPurpose(p) => {
                let set = self.viewer.set_purpose(store, p.clone()).map(|()| p);
                Response::PurposeSet(self.said(set))
            }
            Request::Readers => Response::Readers(ops::catalog::reader_choices(store)?),
            Request::Audit { limit } => Response::Audit(ops::audit::list(store, limit)?),
            Request::AuditWho { person } => Response::AuditWho(
                ops::audit::who(store, actor, &person)
                    .map(Box::new)
                    .map_err(|e| e.text(self.lang)),
            ),
            Request::Requests => Response::Requests(ops::request::list(store, actor)?),
            Request::RequestEvents { reference } => Response::RequestEvents(Box::new(
                ops::request::events(store, actor, reference, Via::Screen)?,
            )),
            Request::Export {
                reference,
                path,
                lang,
            } => Response::Exported(self.said(
                ops::request::export(store, actor, lang, reference, &path).map(|(done, rows)| {
                    format!("{}: {rows} rows, SHA-256 {}", path.display(), done.sha256)
                }),
            )),
            Request::PmoPeriods => Response::PmoPeriods(ops::review::periods(store, actor)?),
            Request::PmoRows { period_id } => Response::PmoRows {
                period_id,
                rows: self.reviewer.rows(store, actor, period_id)?,
            },
            Request::PmoReveal { period_id, id } => {
                let period = self.reviewer.period(store, period_id)?;
                ops::review::reveal(store, actor, &period, id)?;
                Response::Revealed(id)
            }
            Request::PmoMark {
                ids,
                verdict,
                comment,
                bulk,
            } => Response::PmoDone(
                self.said(
                    ops::review::mark(store, actor, &ids, verdict, comment.as_deref(), bulk)
                        .map(|label| format!("{label}: {} → {}", ids.len(), verdict.as_str())),
                ),
            ),
            Request::PmoComment { id, text } => Response::PmoDone(self.said(
                ops::review::comment(store, actor, id, &text).map(|()| format!("{id}: {text}")),
            )),
            Request::PmoSignoff {
                period_id,
                consulted,
            } => {
                let period = self.reviewer.period(store, period_id)?;
                Response::PmoDone(
                    self.said(
                        ops::review::signoff(store, actor, &period, &consulted, None)
                            .map(|at| format!("{} {} ✓ {at}", period.unit, period.label)),
                    ),
                )
            }
            Request::PmoExport {
                period_id,
                path,
                lang,
            } => {
                let period = self.reviewer.period(store, period_id)?;
                let years = crate::config::Config::load()?.retention.pmo_years;
                Response::PmoDone(self.said(
                    ops::review::export(store, actor, lang, &period, &path, years).map(
                        |(done, rows)| {
                            format!("{}: {rows} rows, SHA-256 {}", path.display(), done.sha256)
                        },
                    ),
                ))
            }
            Request::NewRequest {
                new,
                attachment,
                year,
            } => Response::Saved(self.register(store, actor, &new, attachment.as_deref(), year)),
            Request::EditScope { reference, change } => {
                let edit = ops::request::Edit {
                    changes: vec![change],
                    ..Default::default()
                };
                Response::Saved(
                    self.said(
                        ops::request::edit(store, actor, reference, &edit).map(|scope| {
                            (
                                reference,
                                format!(
                                    "{reference}: {} person(s), {} reader(s), {} window(s)",
                                    scope.persons.len(),
                                    scope.readers.len(),
                                    scope.windows.len()
                                ),
                            )
                        }),
                    ),
                )
            }
            Request::Decide {
                reference,
                outcome,
                note,
                escalations,
            } => Response::Saved(self.said(
                ops::request::decide(store, actor, reference, outcome, &note, &escalations).map(
                    |d| {
                        (
                            reference,
                            format!("{reference}: {} {}", d.outcome.as_str(), d.at),
                        )
                    },
                ),
            )),
            Request::CheckScope {
                seq,
                persons,
                readers,
                windows,
            } => Response::ScopeChecked {
                seq,
                check: self.said(ops::lookup::check_scope(
                    store, actor, &persons, &readers, &windows,
                )),
            },
            Request::PmoEscalations { period_id } => Response::PmoEscalations {
                period_id,
                list: ops::lookup::escalations(store, period_id)?,
            },
            Request::PmoEscalate {
                access_id,
                target,
                reference,
                note,
            } => Response::PmoEscalated(self.said(ops::lookup::escalate(
                store, actor, access_id, target, &reference, &note,
            ))),
            Request::PmoSignoffWith {
                period_id,
                consulted,
                summary,
            } => Response::PmoDone(self.said(ops::lookup::sign_off(
                store,
                actor,
                period_id,
                &consulted,
                summary.as_deref(),
            ))),
            Request::Preview { seq, path, choice } => {
                Response::Preview(Box::new(preview(seq, path, choice, self.lang)))
            }
            Request::ExportTo {
                what,
                folder,
                name,
                lang,
            } => Response::Written(
                crate::config::Config::load()
                    .map_err(|e| ops::lookup::WriteFailure::Other(e.to_string()))
                    .and_then(|c| {
                        ops::lookup::export(
                            store,
                            actor,
                            lang,
                            what,
                            &folder,
                            &name,
                            c.retention.pmo_years,
                        )
                    }),
            ),
        })
    }

    /// Reads the letter (if any) and registers the request numbered in this year.
    fn register(
        &self,
        store: &mut Store,
        actor: &Actor,
        new: &crate::store::requests::NewRequest,
        attachment: Option<&Path>,
        year: i32,
    ) -> Result<(crate::domain::request::RequestId, String), String> {
        let mut files = Vec::new();
        if let Some(path) = attachment {
            let bytes = std::fs::read(path).map_err(|e| {
                format!(
                    "{}: cannot read: {e}",
                    crate::text::for_terminal(&path.display().to_string())
                )
            })?;
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            files.push((name, bytes));
        }
        let reference = self.said(ops::request::new(store, actor, new, year, &files))?;
        Ok((reference, format!("{reference} registered")))
    }
}

/// Reads a file as `import --dry-run` would, with the choices made on screen.
fn preview(seq: u64, path: PathBuf, choice: crate::import::Choice, lang: Lang) -> PreviewAnswer {
    let (result, profiles, columns) = match ops::catalog::profiles() {
        Ok(profiles) => {
            let opts = crate::ops::import::Options {
                choice: choice.clone(),
                ..Default::default()
            };
            let result = crate::ops::import::preview::preview(&path, &opts, &profiles)
                .map_err(|e| ingest_text(&e, lang));
            let columns = crate::ops::import::preview::columns(&path, &choice, &profiles);
            let names = profiles.names().into_iter().map(str::to_owned).collect();
            (result, names, columns)
        }
        Err(e) => (Err(e), Vec::new(), Vec::new()),
    };
    PreviewAnswer {
        seq,
        path,
        result,
        profiles,
        columns,
    }
}

/// An import's error in the user's language.
fn ingest_text(e: &crate::ops::import::IngestError, lang: Lang) -> String {
    match e {
        crate::ops::import::IngestError::Import(e) => e.message(lang),
        other => other.to_string(),
    }
}

/// Whether a passage's visible text contains the folded needle.
pub fn row_matches(row: &PassageRow, folded_needle: &str) -> bool {
    ops::search::row_matches(row, folded_needle)
}

/// Starts a worker thread with its own connection. Requests that a newer
/// generation has overtaken while it was busy are skipped.
pub fn spawn(
    path: &Path,
    sharing: Sharing,
    actor: Actor,
    worker: Worker,
    responses: Sender<Response>,
) -> anyhow::Result<(Sender<Request>, std::thread::JoinHandle<()>)> {
    let mut store = Store::open(path, sharing)?;
    tell_waits(&mut store, &responses);
    let mut worker = worker;
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
                    let resp = worker.execute(&mut store, &actor, req);
                    if responses.send(resp).is_err() {
                        return;
                    }
                }
            }
        })?;
    Ok((tx, handle))
}

/// Lets the screen say so when a write of this store must wait for another process.
fn tell_waits(store: &mut Store, responses: &Sender<Response>) {
    let responses = responses.clone();
    store.on_wait(move |patience| {
        let _ = responses.send(Response::Waiting(patience.as_secs().max(1)));
    });
}

/// A file to import, how to read it, and the language to say how it went in.
#[derive(Debug, Clone)]
pub struct ImportJob {
    pub file: PathBuf,
    pub choice: crate::import::Choice,
    pub lang: Lang,
}

/// Imports one file on its own thread and connection, reporting progress.
pub fn spawn_import(
    db: PathBuf,
    sharing: Sharing,
    actor: Actor,
    job: ImportJob,
    cancel: Arc<AtomicBool>,
    responses: Sender<Response>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    let ImportJob { file, choice, lang } = job;
    std::thread::Builder::new()
        .name("loggvakt-import".into())
        .spawn(move || {
            let mut last = 0.0;
            let mut progress = |f: f64| {
                if f - last >= 0.01 || f >= 1.0 {
                    last = f;
                    let _ = responses.send(Response::ImportProgress(f));
                }
            };
            let result = Store::open(&db, sharing)
                .map_err(|e| ops::store_text(&e, lang))
                .and_then(|mut store| {
                    tell_waits(&mut store, &responses);
                    import_one(
                        &mut store,
                        &actor,
                        &file,
                        choice,
                        Some(cancel),
                        lang,
                        &mut progress,
                    )
                });
            let _ = responses.send(Response::ImportDone(result));
        })
}

/// Imports one file with the profile, mappings and date order chosen on
/// screen, as `import --system … --map … --date-order …` would, and says in one
/// line what was kept.
pub fn import_one(
    store: &mut Store,
    actor: &Actor,
    file: &Path,
    choice: crate::import::Choice,
    cancel: Option<Arc<AtomicBool>>,
    lang: crate::i18n::Lang,
    progress: &mut dyn FnMut(f64),
) -> Result<String, String> {
    use crate::i18n::Msg;
    let profiles = ops::catalog::profiles()?;
    let opts = crate::ops::import::Options {
        choice,
        cancel,
        ..Default::default()
    };
    let report = crate::ops::import::import_file(store, &profiles, actor, file, &opts, progress)
        .map_err(|e| {
            format!(
                "{}: {}",
                Msg::ImportFailed.text(lang),
                ingest_text(&e, lang)
            )
        })?;
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
