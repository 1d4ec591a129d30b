//! Loading one export into the store: read, detect, parse and write in a single
//! transaction, so a file is imported whole or not at all; its audit entry goes into
//! the store's outbox in that transaction and reaches the trail after the commit.

use crate::audit::Actor;
use crate::import::komgo::StampParser;
use crate::import::profile::{Field, Profiles, RecordKind};
use crate::import::source::{FileIdentity, RawRow, Rows};
use crate::import::{self, Choice, ImportError, Outcome, PassageParser, RowContext};
use crate::store::dictionary::Dictionary;
use crate::store::passages::{NewPassage, PassageWriter, SortOptions, Written, to_ts};
use crate::store::{self, Store, StoreError, files};
use chrono::NaiveDateTime;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

pub mod preview;

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}: import cancelled; nothing from it was kept")]
    Cancelled(String),
}

impl From<rusqlite::Error> for IngestError {
    fn from(e: rusqlite::Error) -> Self {
        IngestError::Store(StoreError::Sql(e))
    }
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub choice: Choice,
    /// Import the good rows and list the bad ones instead of stopping at the first.
    pub skip_bad: bool,
    /// Set from another thread to stop; the transaction is rolled back.
    pub cancel: Option<Arc<AtomicBool>>,
    /// PMO: the period (`YYYY-MM`) and unit, when the export does not say or says wrongly.
    pub pmo_period: Option<String>,
    pub pmo_unit: Option<String>,
    /// Passages sorted in memory at a time before a run is spilled to a temporary
    /// file (default: `LOGGVAKT_SORT_RUN_ROWS`, else about a million).
    pub sort_run_rows: Option<usize>,
}

/// The page cache an import works with: the key tables' hot leaf pages of a large
/// database stay in memory (SQLite's default is 2 MiB). Pages are taken as needed.
const IMPORT_CACHE_KIB: i64 = 256 * 1024;

/// A row left out under `--skip-bad`, with why.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub row: u64,
    /// Why, in English (as the audit trail and logs hold it) and in Swedish.
    pub message: String,
    pub message_sv: String,
}

impl Rejected {
    pub fn new(row: u64, e: &ImportError) -> Rejected {
        Rejected {
            row,
            message: e.reject_message(crate::i18n::Lang::En),
            message_sv: e.reject_message(crate::i18n::Lang::Sv),
        }
    }

    pub fn text(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::En => &self.message,
            crate::i18n::Lang::Sv => &self.message_sv,
        }
    }
}

/// What happened to one file.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub file: String,
    pub system: String,
    pub kind: String,
    /// Why the profile was chosen, in English (for the audit trail).
    pub reason: String,
    /// The same, to be told in the user's language.
    pub recognition: Option<import::Recognition>,
    pub format: FileFormat,
    pub rows_read: u64,
    pub imported: u64,
    pub duplicates: u64,
    pub skipped_layout: u64,
    pub rejected: Vec<Rejected>,
    pub first: Option<NaiveDateTime>,
    pub last: Option<NaiveDateTime>,
    /// Set when the very same file (same SHA-256) was imported before.
    pub already_imported: Option<String>,
    pub sha256: String,
    /// PMO: the review period the rows went into.
    pub period: Option<String>,
    /// How the file's dates were read, and why.
    pub dates: Option<import::dates::Dates>,
    /// Which file was read, for `--remove-source`.
    pub identity: Option<FileIdentity>,
}

/// Imports one file. On any error nothing from the file is kept.
pub fn import_file(
    store: &mut Store,
    profiles: &Profiles,
    actor: &Actor,
    path: &Path,
    opts: &Options,
    progress: &mut dyn FnMut(f64),
) -> Result<Report, IngestError> {
    // Ids written by an import come from its own transaction, so checking them
    // again per row only costs time; the setting cannot change inside a transaction.
    store.conn().pragma_update(None, "foreign_keys", false)?;
    let cache: i64 = store
        .conn()
        .query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    store
        .conn()
        .pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
    let result = import_unchecked(store, profiles, actor, path, opts, progress);
    store.conn().pragma_update(None, "cache_size", cache)?;
    store.conn().pragma_update(None, "foreign_keys", true)?;
    // The entry committed with the rows; move it to the trail now (or, should this
    // fail, on the next open: it is safe in the outbox either way).
    let _ = store.flush_outbox();
    result
}

fn import_unchecked(
    store: &mut Store,
    profiles: &Profiles,
    actor: &Actor,
    path: &Path,
    opts: &Options,
    progress: &mut dyn FnMut(f64),
) -> Result<Report, IngestError> {
    let file = path.display().to_string();
    let name = path
        .file_name()
        .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
    // The header and the evidence for profile and dates are in the first rows;
    // they are kept to parse after it.
    let import::Opened {
        mut rows,
        head,
        detected,
    } = import::open(path, profiles, &opts.choice)?;
    let format = format_of(&rows);
    let kind = detected.profile.kind.as_str().to_owned();
    let mut report = Report {
        file: file.clone(),
        system: detected.profile.name.clone(),
        kind: kind.clone(),
        reason: detected.reason.clone(),
        recognition: Some(detected.recognition.clone()),
        format: format.clone(),
        dates: Some(detected.dates.clone()),
        identity: Some(rows.identity),
        ..Report::default()
    };
    match detected.profile.kind {
        RecordKind::Komgo => {
            return import_stamps(
                store, actor, rows, head, &detected, report, &name, opts, progress,
            );
        }
        RecordKind::Pmo => {
            return import_pmo(
                store, actor, &name, rows, head, &detected, report, opts, progress,
            );
        }
        RecordKind::Passage => {}
    }
    import::expect_kind(&detected, RecordKind::Passage, &file).map_err(|_| ImportError::Layout {
        file: file.clone(),
        message: format!(
            "recognised as a {} export ({}); importing {kind} rows is not supported by this version",
            detected.profile.name, detected.profile.title
        ),
    })?;

    let store_dir = store
        .path()
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf);
    let tx = store.write()?;
    let file_id = begin_file(&tx, actor, &rows, &report, &name)?;
    let classifier = profiles.classifier(&detected.profile);
    let parser = PassageParser::new(RowContext::new(&file, &detected), classifier);
    let mut dictionary = Dictionary::load(&tx, &detected.profile.name)?;
    let sort = SortOptions {
        run_rows: opts
            .sort_run_rows
            .or_else(|| {
                std::env::var("LOGGVAKT_SORT_RUN_ROWS")
                    .ok()
                    .and_then(|v| v.parse().ok())
            })
            .unwrap_or(SortOptions::default().run_rows),
        // Spilled rows are personal data: they go beside the database, in its
        // private directory, in unnamed files.
        temp_dir: store_dir.clone(),
    };
    let mut writer = PassageWriter::with_options(&tx, &detected.profile.name, file_id, sort)?;
    let text_columns = parser.text_columns();
    let mut counts = load_rows(
        &mut rows,
        head,
        &detected,
        opts,
        &mut report,
        progress,
        BATCH_ROWS,
        &text_columns,
        move |raw| {
            Ok(match parser.parse_borrowed(raw)? {
                Outcome::Skip(_) => None,
                Outcome::Record(rec) => Some(NewPassage::resolve(&rec, &mut dictionary, |t| {
                    parser.person_name(t)
                })),
            })
        },
        |passage| Ok((passage.ts, writer.write(&passage)?)),
    )?;
    let cancelled = || {
        opts.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    };
    // Rows were taken as they came; the writer now stores them in time order and
    // says which were stored already.
    let Some(stored) = writer.finish(&cancelled)? else {
        return Err(IngestError::Cancelled(file));
    };
    counts.rows_imported = stored.added;
    counts.rows_duplicate = stored.duplicates;
    let committed = conclude(
        tx,
        actor,
        file_id,
        &mut rows,
        &counts,
        &mut report,
        &detected.title_lines,
    )?;
    if !committed {
        record_skipped_file(store, actor, &report)?;
    }
    progress(1.0);
    Ok(report)
}

/// How many rows each thread of an import hands the next at a time.
const BATCH_ROWS: usize = 2048;

/// Batches a thread of an import may hold ready for the next: the bound on what
/// an import keeps in memory besides its sorted runs.
const BATCHES_AHEAD: usize = 4;

/// One row as the parse thread parsed it: its number and a record, a layout
/// row (`None`), or why it could not be read.
type Parsed<T> = (u64, Result<Option<T>, IngestError>);

/// Rows read but not yet parsed; `failed` is why reading stopped after them,
/// `done` how far into the file they end.
struct RawBatch {
    rows: Vec<RawRow>,
    failed: Option<ImportError>,
    done: f64,
}

/// The read loop every kind of export shares, in three threads so an import
/// keeps both cores busy whatever order its rows come in: one reads the rows
/// after the header, one takes them through `parse` in file order, which turns
/// each into a record or `None` for a title, blank, repeated header or footer
/// row, and this thread hands each record to `store`, which writes it and says
/// at what time and whether it was new. Batches pass through bounded channels
/// in file order, so whatever depends on that order (the file's date order
/// settled by its first telling date, the dictionary's ids, the first error)
/// is as a single thread would have it. A bad value stops the file, or under
/// `--skip-bad` is listed and counted; cancelling stops between batches.
#[allow(clippy::too_many_arguments)]
fn load_rows<T: Send>(
    rows: &mut Rows,
    head: Vec<RawRow>,
    detected: &import::Detected,
    opts: &Options,
    report: &mut Report,
    progress: &mut dyn FnMut(f64),
    batch_rows: usize,
    text_columns: &[usize],
    mut parse: impl FnMut(&RawRow) -> Result<Option<T>, IngestError> + Send,
    mut store: impl FnMut(T) -> Result<(i64, Written), IngestError>,
) -> Result<files::FileCounts, IngestError> {
    let file = report.file.clone();
    let cancelled = || {
        opts.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    };
    let (raw_batches, raw_received) = mpsc::sync_channel::<RawBatch>(BATCHES_AHEAD);
    // Parsed batches' rows go back to the reader to be filled again, so reading
    // allocates nothing per row; at most the batches in flight wait here.
    let (spent, reusable) = mpsc::channel::<Vec<RawRow>>();
    let (batches, received) = mpsc::sync_channel::<(Vec<Parsed<T>>, f64)>(BATCHES_AHEAD);
    // Written batches go back to the parse thread the same way.
    let (written, emptied) = mpsc::channel::<Vec<Parsed<T>>>();
    let header_index = detected.header_index;
    let counts = std::thread::scope(|scope| {
        let read_file = file.as_str();
        scope.spawn(move || {
            let clean = |raw: &mut RawRow| {
                if !text_columns.is_empty() {
                    raw.clean_columns(text_columns);
                }
            };
            let mut first: Vec<RawRow> = head.into_iter().skip(header_index + 1).collect();
            first.iter_mut().for_each(clean);
            let mut next = RawBatch {
                rows: first,
                failed: None,
                done: rows.progress(),
            };
            let mut last = false;
            loop {
                if raw_batches.send(next).is_err() || last || cancelled() {
                    return;
                }
                let mut batch = reusable.try_recv().unwrap_or_default();
                let (mut filled, mut failed, mut ended) = (0, None, false);
                while filled < batch_rows {
                    if filled == batch.len() {
                        batch.push(RawRow::default());
                    }
                    match rows.next_row_into(read_file, &mut batch[filled]) {
                        Some(Ok(())) => {
                            clean(&mut batch[filled]);
                            filled += 1;
                        }
                        Some(Err(e)) => {
                            failed = Some(e);
                            break;
                        }
                        None => {
                            ended = true;
                            break;
                        }
                    }
                }
                batch.truncate(filled);
                last = ended || failed.is_some();
                next = RawBatch {
                    rows: batch,
                    failed,
                    done: rows.progress(),
                };
            }
        });
        scope.spawn(move || {
            // Owned here, so the writer's loop ends when this thread does.
            let batches = batches;
            for RawBatch { rows, failed, done } in raw_received {
                let mut parsed = emptied.try_recv().unwrap_or_default();
                parsed.extend(rows.iter().map(|raw| (raw.row, parse(raw))));
                if let Some(e) = failed {
                    parsed.push((0, Err(e.into())));
                }
                let _ = spent.send(rows);
                if batches.send((parsed, done)).is_err() {
                    return;
                }
            }
        });
        let mut counts = files::FileCounts::default();
        for (mut batch, done) in received {
            for (row, parsed) in batch.drain(..) {
                match parsed.and_then(|record| record.map(&mut store).transpose()) {
                    Ok(None) => report.skipped_layout += 1,
                    Ok(Some((ts, written))) => {
                        counts.rows_read += 1;
                        counts.first_ts = Some(counts.first_ts.map_or(ts, |f| f.min(ts)));
                        counts.last_ts = Some(counts.last_ts.map_or(ts, |l| l.max(ts)));
                        match written {
                            Written::Added => counts.rows_imported += 1,
                            Written::Duplicate => counts.rows_duplicate += 1,
                        }
                    }
                    Err(IngestError::Import(e)) if opts.skip_bad && e.is_row() => {
                        counts.rows_read += 1;
                        counts.rows_rejected += 1;
                        report.rejected.push(Rejected::new(row, &e));
                    }
                    Err(e) => return Err(e),
                }
            }
            let _ = written.send(batch);
            progress(done);
            if cancelled() {
                return Err(IngestError::Cancelled(file.clone()));
            }
        }
        Ok(counts)
    })?;
    if cancelled() {
        return Err(IngestError::Cancelled(file));
    }
    report.skipped_layout += detected.header_index as u64 + 1;
    Ok(counts)
}

/// Registers the file in the import's transaction (its hash is known only at the end).
fn begin_file(
    tx: &rusqlite::Transaction<'_>,
    actor: &Actor,
    rows: &Rows,
    report: &Report,
    name: &str,
) -> Result<i64, IngestError> {
    Ok(files::begin(
        tx,
        &files::NewFile {
            name,
            size: rows.size,
            format: &report.format.to_string(),
            system: &report.system,
            kind: &report.kind,
            imported_by: &actor.user,
        },
    )?)
}

/// Ends a file's transaction. When the very same bytes were imported before it
/// keeps nothing and returns `false`; otherwise it records the counts and the
/// audit entry and commits, all at once.
#[allow(clippy::too_many_arguments)]
fn conclude(
    tx: rusqlite::Transaction<'_>,
    actor: &Actor,
    file_id: i64,
    rows: &mut Rows,
    counts: &files::FileCounts,
    report: &mut Report,
    title_lines: &[String],
) -> Result<bool, IngestError> {
    let sha256 = rows.sha256();
    report.sha256 = sha256.clone();
    report.rows_read = counts.rows_read;
    report.duplicates = counts.rows_duplicate;
    report.first = counts.first_ts.map(store::passages::from_ts);
    report.last = counts.last_ts.map(store::passages::from_ts);
    if let Some(known) = files::by_hash(&tx, &sha256)? {
        drop(tx);
        report.already_imported = Some(format!("{} on {}", known.name, known.imported_at));
        report.imported = 0;
        report.duplicates = counts.rows_read - counts.rows_rejected;
        return Ok(false);
    }
    report.imported = counts.rows_imported;
    files::finish(&tx, file_id, &sha256, counts)?;
    store::audit::append(
        &tx,
        actor,
        "import",
        "",
        &audit_details(report, title_lines),
    )?;
    tx.commit()?;
    Ok(true)
}

/// Imports a Kom & Gå stamps export in one transaction, like passages: all or
/// nothing, stamps already stored skipped and counted, audited in the same commit.
#[allow(clippy::too_many_arguments)]
fn import_stamps(
    store: &mut Store,
    actor: &Actor,
    mut rows: Rows,
    head: Vec<RawRow>,
    detected: &import::Detected,
    mut report: Report,
    name: &str,
    opts: &Options,
    progress: &mut dyn FnMut(f64),
) -> Result<Report, IngestError> {
    let file = report.file.clone();
    let tx = store.write()?;
    let file_id = begin_file(&tx, actor, &rows, &report, name)?;
    let parser = StampParser::new(RowContext::new(&file, detected));
    let counts = load_rows(
        &mut rows,
        head,
        detected,
        opts,
        &mut report,
        progress,
        BATCH_ROWS,
        &[],
        move |raw| {
            Ok(match parser.parse(raw)? {
                Outcome::Skip(_) => None,
                Outcome::Record(rec) => Some(rec),
            })
        },
        |rec| Ok((to_ts(rec.time), store::stamps::write(&tx, file_id, &rec)?)),
    )?;
    if !conclude(
        tx,
        actor,
        file_id,
        &mut rows,
        &counts,
        &mut report,
        &detected.title_lines,
    )? {
        record_skipped_file(store, actor, &report)?;
    }
    progress(1.0);
    Ok(report)
}

/// A PMO "Logg elevåtkomst" export. Every row is read before anything is written, since
/// the period may have to come from the rows' dates; then one transaction stores them.
#[allow(clippy::too_many_arguments)]
fn import_pmo(
    store: &mut Store,
    actor: &Actor,
    name: &str,
    mut rows: Rows,
    head: Vec<RawRow>,
    detected: &import::Detected,
    mut report: Report,
    opts: &Options,
    progress: &mut dyn FnMut(f64),
) -> Result<Report, IngestError> {
    use crate::import::pmo::PmoParser;
    let file = report.file.clone();
    let parser = PmoParser::new(RowContext::new(&file, detected));
    // The period is decided from all the rows, so they are gathered before any
    // is written; a month of PMO log is a few thousand rows.
    let mut records = Vec::new();
    let mut counts = load_rows(
        &mut rows,
        head,
        detected,
        opts,
        &mut report,
        progress,
        BATCH_ROWS,
        &[],
        move |raw| {
            Ok(match parser.parse(raw)? {
                Outcome::Skip(_) => None,
                Outcome::Record(rec) => Some(rec),
            })
        },
        |rec| {
            let ts = to_ts(rec.time);
            records.push(rec);
            Ok((ts, Written::Added))
        },
    )?;
    let sha256 = rows.sha256();
    report.sha256 = sha256.clone();
    report.rows_read = counts.rows_read;
    report.first = counts.first_ts.map(store::passages::from_ts);
    report.last = counts.last_ts.map(store::passages::from_ts);
    let (period, label) = pmo_period(&file, detected, &records, opts)?;
    report.period = Some(label);
    let tx = store.write()?;
    if let Some(known) = files::by_hash(&tx, &sha256)? {
        drop(tx);
        report.already_imported = Some(format!("{} on {}", known.name, known.imported_at));
        report.duplicates = counts.rows_read - counts.rows_rejected;
        record_skipped_file(store, actor, &report)?;
        progress(1.0);
        return Ok(report);
    }
    let file_id = files::begin(
        &tx,
        &files::NewFile {
            name,
            size: rows.size,
            format: &report.format.to_string(),
            system: &detected.profile.name,
            kind: &report.kind,
            imported_by: &actor.user,
        },
    )?;
    let added = store::pmo::insert_rows(
        &tx,
        &period.unit,
        &period.label,
        period.from,
        period.to,
        &sha256,
        file_id,
        &records,
    )?;
    counts.rows_imported = added.added;
    counts.rows_duplicate = added.duplicates;
    report.imported = added.added;
    report.duplicates = added.duplicates;
    files::finish(&tx, file_id, &sha256, &counts)?;
    let mut details = audit_details(&report, &detected.title_lines);
    details["period"] = serde_json::json!({
        "unit": period.unit,
        "label": period.label,
        "from": period.from.to_string(),
        "to": period.to.to_string(),
        "created": added.created,
    });
    store::audit::append(&tx, actor, "import", &period.label, &details)?;
    tx.commit()?;
    progress(1.0);
    Ok(report)
}

/// The review period a PMO export's rows go into (from its title rows, its
/// rows' dates or `--period`/`--unit`), and how a summary names it.
pub(crate) fn pmo_period(
    file: &str,
    detected: &import::Detected,
    records: &[crate::domain::pmo::PmoRecord],
    opts: &Options,
) -> Result<(import::pmo::PeriodChoice, String), ImportError> {
    use crate::import::pmo::{choose_period, title_info};
    let period = choose_period(
        &title_info(&detected.title_lines),
        records,
        opts.pmo_period.as_deref(),
        opts.pmo_unit.as_deref(),
    )
    .map_err(|message| ImportError::Layout {
        file: file.to_owned(),
        message,
    })?;
    let label = format!(
        "{} {} ({} – {})",
        period.unit, period.label, period.from, period.to
    );
    Ok((period, label))
}

/// A re-import of a known file still leaves a trace of the attempt.
fn record_skipped_file(
    store: &mut Store,
    actor: &Actor,
    report: &Report,
) -> Result<(), IngestError> {
    store.write_with(|tx| {
        store::audit::append(tx, actor, "import", "", &audit_details(report, &[]))?;
        Ok(())
    })?;
    Ok(())
}

fn audit_details(report: &Report, title_lines: &[String]) -> serde_json::Value {
    let recognition = report.recognition.as_ref();
    let mapped: Vec<String> = recognition
        .map(|r| {
            r.mapped
                .iter()
                .map(|m| import::error::mapping(&m.header, m.field, m.by, crate::i18n::Lang::En))
                .collect()
        })
        .unwrap_or_default();
    let unmapped = recognition
        .map(|r| r.not_imported(crate::i18n::Lang::En))
        .unwrap_or_default();
    serde_json::json!({
        "mapped": mapped,
        "unmapped": unmapped,
        "date_order": report.dates.as_ref().and_then(|d| d.order).map(|o| o.as_str()),
        "file": report.file,
        "sha256": report.sha256,
        "system": report.system,
        "rows_read": report.rows_read,
        "imported": report.imported,
        "duplicates": report.duplicates,
        "rejected": report.rejected.len(),
        "already_imported": report.already_imported,
        "first": report.first.map(|t| t.to_string()),
        "last": report.last.map(|t| t.to_string()),
        "title": title_lines,
    })
}

/// How a file was read: its container and, for text, its encoding and delimiter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileFormat {
    /// `text`, `xlsx`, `xls`, `ods` …
    pub container: String,
    pub encoding: Option<String>,
    pub delimiter: Option<u8>,
}

impl FileFormat {
    /// As a summary says it: `text, UTF-8, avgränsare ';'`.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::import::Text;
        match (&self.encoding, self.delimiter) {
            (Some(enc), Some(d)) => {
                let delimiter = match d {
                    b';' => "';'",
                    b',' => "','",
                    b'|' => "'|'",
                    b'\t' => Text::DelimiterTab.text(lang),
                    _ => Text::DelimiterOther.text(lang),
                };
                crate::i18n::fill(Text::FormatText.text(lang), &[enc, &delimiter])
            }
            _ => self.container.clone(),
        }
    }
}

/// The English text, as the file's record keeps it.
impl std::fmt::Display for FileFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::i18n::Lang::En))
    }
}

/// The container, encoding and delimiter of what `rows` reads.
pub(crate) fn format_of(rows: &Rows) -> FileFormat {
    FileFormat {
        container: rows.format.name().to_owned(),
        encoding: rows.encoding.map(|e| e.name().to_owned()),
        delimiter: rows.encoding.and(rows.delimiter),
    }
}

/// Parses `FIELD=HEADER` from `--map`.
pub fn parse_map(spec: &str) -> Result<(Field, String), String> {
    let (field, header) = spec
        .split_once('=')
        .ok_or_else(|| format!("\"{spec}\" is not FIELD=HEADER (e.g. timestamp=\"Event time\")"))?;
    let f = Field::parse(field).ok_or_else(|| {
        format!(
            "unknown field \"{field}\"; passage fields are {}",
            Field::PASSAGE
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })?;
    Ok((f, header.trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Sharing;
    use proptest::prelude::*;

    /// A data row of a generated export, by what its date shows of the file's
    /// date order: whether it settles the order, needs it settled or is bad.
    #[derive(Debug, Clone, Copy)]
    enum Line {
        /// Day and month the same: either order reads it alike.
        Plain,
        Ambiguous,
        DayFirst,
        MonthFirst,
        /// In the autumn's repeated hour.
        Autumn,
        Bad,
        Blank,
        Footer,
    }

    fn line() -> impl Strategy<Value = Line> {
        prop_oneof![
            100 => Just(Line::Plain),
            2 => Just(Line::Ambiguous),
            1 => Just(Line::DayFirst),
            1 => Just(Line::MonthFirst),
            2 => Just(Line::Autumn),
            1 => Just(Line::Bad),
            1 => Just(Line::Blank),
            1 => Just(Line::Footer),
        ]
    }

    fn export(lines: &[(Line, u32)]) -> String {
        let mut text =
            "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr;Avdelning\n".to_owned();
        for (i, (line, at)) in lines.iter().enumerate() {
            let (h, m, s) = (at / 3600 % 24, at / 60 % 60, at % 60);
            let d = at % 12 + 1;
            let date = match line {
                Line::Plain => format!("{d:02}/{d:02}/2026"),
                Line::Ambiguous => format!("{:02}/{:02}/2026", d, d % 12 + 1),
                Line::DayFirst => format!("{:02}/{d:02}/2026", 13 + at % 15),
                Line::MonthFirst => format!("{d:02}/{:02}/2026", 13 + at % 15),
                Line::Autumn => "25/10/2026".to_owned(),
                Line::Bad => "2026-02-30".to_owned(),
                Line::Blank => {
                    text.push_str(";;;;;;;;\n");
                    continue;
                }
                Line::Footer => {
                    text.push_str("Antal poster: 12\n");
                    continue;
                }
            };
            let h = if matches!(line, Line::Autumn) { 2 } else { h };
            let (name, emp, card) = [
                ("Lindqvist, Åsa", "100234", "0003401128"),
                ("Öberg, Per", "100877", "0003400991"),
                ("", "", ""),
            ][i % 3];
            text.push_str(&format!(
                "{date};{h:02}:{m:02}:{s:02};L0{r};Dörr {r};Godkänd passage;{card};{name};{emp};Avd {r}\n",
                r = at % 5,
            ));
        }
        text
    }

    /// What an import of the file hands its writer: the passages in file order,
    /// the rows left out under `--skip-bad`, the layout rows, or the error.
    type Loaded = Result<(Vec<NewPassage>, Vec<(u64, String)>, u64), String>;

    /// Parses `path` as an import does, with its rows in batches of `batch_rows`
    /// passing between threads, or (`None`) all in this thread in one loop.
    fn load(path: &Path, store: &Store, skip_bad: bool, batch_rows: Option<usize>) -> Loaded {
        let profiles = Profiles::builtin();
        let file = path.display().to_string();
        let import::Opened {
            mut rows,
            head,
            detected,
        } = import::open(path, &profiles, &Choice::default()).map_err(|e| e.to_string())?;
        let parser = PassageParser::new(
            RowContext::new(&file, &detected),
            profiles.classifier(&detected.profile),
        );
        let text_columns = parser.text_columns();
        let mut dictionary = Dictionary::load(store.conn(), &detected.profile.name).unwrap();
        let mut parse = move |raw: &RawRow| -> Result<Option<NewPassage>, IngestError> {
            Ok(match parser.parse_borrowed(raw)? {
                Outcome::Skip(_) => None,
                Outcome::Record(rec) => Some(NewPassage::resolve(&rec, &mut dictionary, |t| {
                    parser.person_name(t)
                })),
            })
        };
        let opts = Options {
            skip_bad,
            ..Options::default()
        };
        let mut report = Report {
            file: file.clone(),
            ..Report::default()
        };
        let mut passages = Vec::new();
        let Some(batch_rows) = batch_rows else {
            let mut rejected = Vec::new();
            let mut layout = detected.header_index as u64 + 1;
            let mut take = |row: u64, parsed: Result<Option<NewPassage>, IngestError>| {
                match parsed {
                    Ok(None) => layout += 1,
                    Ok(Some(p)) => passages.push(p),
                    Err(IngestError::Import(e)) if skip_bad && e.is_row() => {
                        rejected.push((row, Rejected::new(row, &e).message));
                    }
                    Err(e) => return Err(e.to_string()),
                }
                Ok(())
            };
            for raw in head.iter().skip(detected.header_index + 1) {
                take(raw.row, parse(raw))?;
            }
            while let Some(next) = rows.next_row(&file) {
                let raw = next.map_err(|e| e.to_string())?;
                take(raw.row, parse(&raw))?;
            }
            return Ok((passages, rejected, layout));
        };
        let counts = load_rows(
            &mut rows,
            head,
            &detected,
            &opts,
            &mut report,
            &mut |_| {},
            batch_rows,
            &text_columns,
            parse,
            |p| {
                let ts = p.ts;
                passages.push(p);
                Ok((ts, Written::Added))
            },
        )
        .map_err(|e| e.to_string())?;
        assert_eq!(
            counts.rows_read,
            passages.len() as u64 + counts.rows_rejected
        );
        let rejected = report
            .rejected
            .into_iter()
            .map(|r| (r.row, r.message))
            .collect();
        Ok((passages, rejected, report.skipped_layout))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Batches passing between threads change nothing: the same passages
        /// (times, clock notes, ids, row numbers, lookup entries) in the same
        /// order, the same rows left out, and the same first error as one
        /// thread parsing the file top to bottom, also when the date order is
        /// settled only after the rows read ahead.
        #[test]
        fn threads_parse_as_one_thread_does(
            lead in 950usize..1100,
            tail in prop::collection::vec((line(), 0u32..86_400 * 3), 20..400),
            skip_bad in any::<bool>(),
            batch_rows in 1usize..40,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open(&dir.path().join("t.db"), Sharing::default()).unwrap();
            let path = dir.path().join("export.txt");
            // Plain rows first, so that the rows read ahead mostly leave the date
            // order open and the rows after them settle it (or contradict it).
            let lines: Vec<(Line, u32)> = (0..lead as u32)
                .map(|i| (Line::Plain, i * 7))
                .chain(tail)
                .collect();
            std::fs::write(&path, export(&lines)).unwrap();
            let one = load(&path, &store, skip_bad, None);
            prop_assert_eq!(load(&path, &store, skip_bad, Some(batch_rows)), one.clone());
            prop_assert_eq!(load(&path, &store, skip_bad, Some(BATCH_ROWS)), one);
        }
    }
}
