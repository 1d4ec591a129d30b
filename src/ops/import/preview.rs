//! `import --dry-run`: what importing a file would do, worked out by the same
//! reading, recognition and parsing as the import, without a store: nothing is written.

use super::{FileFormat, IngestError, Options, Rejected, format_of};
use crate::domain::pmo::PmoRecord;
use crate::domain::stamp::StampRecord;
use crate::domain::{EventKind, PassageRecord};
use crate::import::dates::Dates;
use crate::import::komgo::StampParser;
use crate::import::pmo::PmoParser;
use crate::import::profile::{Profiles, RecordKind};
use crate::import::recognise::Refusal;
use crate::import::source::{RawRow, Rows};
use crate::import::values::Cell;
use crate::import::{self, Choice, ImportError, Outcome, PassageParser, Recognition, RowContext};
use chrono::NaiveDateTime;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::Ordering;

/// How many rows a preview shows as they would be stored.
pub const SAMPLE_ROWS: usize = 5;

/// The kind of a row, as a preview counts them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum RowKind {
    Event(EventKind),
    Stamp(&'static str),
    Action(String),
}

impl RowKind {
    /// The kind as a person reads it: an event kind in their language, a stamp
    /// type or PMO action as the file writes it (not yet made safe to print).
    pub fn name(&self, lang: crate::i18n::Lang) -> String {
        match self {
            RowKind::Event(kind) => crate::i18n::event_kind(*kind, lang).to_owned(),
            RowKind::Stamp(s) => (*s).to_owned(),
            RowKind::Action(a) => a.clone(),
        }
    }
}

/// The first rows as they would be stored.
#[derive(Debug, Clone)]
pub enum Sample {
    Passages(Vec<PassageRecord>),
    Stamps(Vec<StampRecord>),
    Pmo(Vec<PmoRecord>),
}

/// What an import of one file would store, and how the file was read.
#[derive(Debug, Clone)]
pub struct Preview {
    pub file: String,
    pub format: FileFormat,
    pub kind: RecordKind,
    pub recognition: Recognition,
    pub header_row: u64,
    pub title_lines: Vec<String>,
    pub dates: Dates,
    /// Data rows that would be stored (before any already stored are skipped).
    pub rows: u64,
    /// Title, blank, repeated header and footer rows.
    pub layout_rows: u64,
    pub first: Option<NaiveDateTime>,
    pub last: Option<NaiveDateTime>,
    /// Rows per kind (event kind, stamp type, PMO action), most first.
    pub kinds: Vec<(RowKind, u64)>,
    pub sample: Sample,
    /// Rows `--skip-bad` would leave out.
    pub rejected: Vec<Rejected>,
    /// PMO: the review period the rows would go into.
    pub period: Option<String>,
}

/// Reads `path` as an import would and says what it would store. Fails as the
/// import would fail; writes nothing, and needs no database.
pub fn preview(path: &Path, opts: &Options, profiles: &Profiles) -> Result<Preview, IngestError> {
    let file = path.display().to_string();
    let import::Opened {
        mut rows,
        head,
        detected,
    } = import::open(path, profiles, &opts.choice)?;
    let mut preview = Preview {
        file: file.clone(),
        format: format_of(&rows),
        kind: detected.profile.kind,
        recognition: detected.recognition.clone(),
        header_row: detected.header_row,
        title_lines: detected.title_lines.clone(),
        dates: detected.dates.clone(),
        rows: 0,
        layout_rows: detected.header_index as u64 + 1,
        first: None,
        last: None,
        kinds: Vec::new(),
        sample: match detected.profile.kind {
            RecordKind::Passage => Sample::Passages(Vec::new()),
            RecordKind::Komgo => Sample::Stamps(Vec::new()),
            RecordKind::Pmo => Sample::Pmo(Vec::new()),
        },
        rejected: Vec::new(),
        period: None,
    };
    let ctx = || RowContext::new(&file, &detected);
    let passages = PassageParser::new(ctx(), profiles.classifier(&detected.profile));
    let stamps = StampParser::new(ctx());
    let pmo = PmoParser::new(ctx());
    let mut kinds: BTreeMap<RowKind, u64> = BTreeMap::new();
    let mut pmo_rows = Vec::new();
    let mut take = |raw: &RawRow, preview: &mut Preview| -> Result<(), ImportError> {
        let (time, kind) = match &mut preview.sample {
            Sample::Passages(sample) => match passages.parse(raw)? {
                Outcome::Skip(_) => {
                    preview.layout_rows += 1;
                    return Ok(());
                }
                Outcome::Record(rec) => {
                    let seen = (rec.time, RowKind::Event(rec.kind));
                    if sample.len() < SAMPLE_ROWS {
                        sample.push(rec);
                    }
                    seen
                }
            },
            Sample::Stamps(sample) => match stamps.parse(raw)? {
                Outcome::Skip(_) => {
                    preview.layout_rows += 1;
                    return Ok(());
                }
                Outcome::Record(rec) => {
                    let seen = (rec.time, RowKind::Stamp(rec.kind.as_str()));
                    if sample.len() < SAMPLE_ROWS {
                        sample.push(rec);
                    }
                    seen
                }
            },
            Sample::Pmo(sample) => match pmo.parse(raw)? {
                Outcome::Skip(_) => {
                    preview.layout_rows += 1;
                    return Ok(());
                }
                Outcome::Record(rec) => {
                    let seen = (rec.time, RowKind::Action(rec.action.label().to_owned()));
                    if sample.len() < SAMPLE_ROWS {
                        sample.push(rec.clone());
                    }
                    pmo_rows.push(rec);
                    seen
                }
            },
        };
        preview.rows += 1;
        preview.first = Some(preview.first.map_or(time, |f| f.min(time)));
        preview.last = Some(preview.last.map_or(time, |l| l.max(time)));
        *kinds.entry(kind).or_default() += 1;
        Ok(())
    };
    let cancelled = || {
        opts.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    };
    let mut handle = |raw: &RawRow, preview: &mut Preview| -> Result<(), IngestError> {
        match take(raw, preview) {
            Ok(()) => Ok(()),
            Err(e) if opts.skip_bad && e.is_row() => {
                preview.rejected.push(Rejected::new(raw.row, &e));
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    };
    for raw in &head[detected.header_index + 1..] {
        handle(raw, &mut preview)?;
    }
    let mut raw = RawRow::default();
    let mut n = 0u32;
    while let Some(next) = rows.next_row_into(&file, &mut raw) {
        next?;
        handle(&raw, &mut preview)?;
        n = n.wrapping_add(1);
        if n.is_multiple_of(4096) && cancelled() {
            return Err(IngestError::Cancelled(file));
        }
    }
    let mut kinds: Vec<(RowKind, u64)> = kinds.into_iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    preview.kinds = kinds;
    if detected.profile.kind == RecordKind::Pmo {
        preview.period = Some(super::pmo_period(&file, &detected, &pmo_rows, opts)?.1);
    }
    Ok(preview)
}

/// The columns of a file's header row, as written, for a person to map one by
/// hand: the row the recognition took, else the refused best candidate's, else
/// the widest of the rows a header is looked for in. Empty when the file cannot
/// be read at all. Writes nothing.
pub fn columns(path: &Path, choice: &Choice, profiles: &Profiles) -> Vec<String> {
    let file = path.display().to_string();
    let Ok(mut rows) = Rows::open(path) else {
        return Vec::new();
    };
    let mut head: Vec<RawRow> = Vec::new();
    while head.len() < import::HEADER_SEARCH_ROWS {
        match rows.next_row(&file) {
            Some(Ok(row)) => head.push(row),
            _ => break,
        }
    }
    let cells = match import::detect(profiles, choice, &head, &file) {
        Ok(d) => d.header.cells,
        Err(ImportError::Unrecognised { refusal, .. }) => match refusal {
            Refusal::Weak(best) | Refusal::Close(best, _) => best.header.cells,
        },
        // The first of the widest rows: a header comes before the data it names.
        Err(_) => head
            .iter()
            .enumerate()
            .max_by_key(|(i, r)| {
                let filled = r.cells.iter().filter(|c| !c.is_empty()).count();
                (filled, std::cmp::Reverse(*i))
            })
            .map(|(_, r)| r)
            .map(|r| r.cells.iter().map(Cell::to_text).collect())
            .unwrap_or_default(),
    };
    let mut out: Vec<String> = Vec::new();
    for c in cells {
        let c = c.trim().to_owned();
        if !c.is_empty() && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}
