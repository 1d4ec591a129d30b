//! Reading exports into typed records: sniffing the container and encoding,
//! finding the header row below any title rows, choosing the profile from the
//! headers and the values, deciding how dates are written, and parsing values.
//! No SQL here; `ops::import` hands records to the store.

pub mod container;
pub mod dates;
pub mod error;
pub mod komgo;
pub mod pmo;
pub mod profile;
pub mod recognise;
pub mod sniff;
pub mod source;
pub mod values;
pub mod workbook;

pub use error::{Expect, Hint, ImportError};

use crate::domain::{Direction, EventKind, PassageRecord, PersonName};
use crate::i18n::Lang;
use crate::text::{TextMap, clean, clean_borrowed, fold, fold_key, same};
use dates::{Dates, Decision, Why};
use profile::{By, EventClassifier, Field, HeaderMatch, Profile, Profiles, RecordKind};
use recognise::Evidence;
use source::{RawRow, RowEnd, Rows};
use std::borrow::Cow;
use std::cell::RefCell;
use std::path::Path;
use values::{Cell, DateOrder, DateShape};

/// How many rows from the top are searched for the header row.
pub const HEADER_SEARCH_ROWS: usize = 40;

/// How many rows are read ahead before any is parsed: the header is among
/// them, and the values below it decide the profile and how dates are written.
pub const LOOKAHEAD_ROWS: usize = 1000;

/// Which profile to use: `None` means pick the best match.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    pub system: Option<String>,
    pub maps: Vec<(Field, String)>,
    /// `--date-order`: how dates that do not start with the year are read.
    pub date_order: Option<DateOrder>,
}

/// The profile chosen for a file, the header row it matched and why.
#[derive(Debug, Clone)]
pub struct Detected {
    pub profile: Profile,
    pub header: HeaderMatch,
    /// Index into the buffered rows of the header row.
    pub header_index: usize,
    pub header_row: u64,
    /// Text of the rows above the header (report title, unit, period …).
    pub title_lines: Vec<String>,
    /// [`Detected::recognition`] in English, as the audit trail records it.
    pub reason: String,
    pub recognition: Recognition,
    /// How the file writes its dates.
    pub dates: Dates,
}

/// One mapped column, as a summary tells it.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedColumn {
    pub header: String,
    pub field: Field,
    pub by: By,
}

/// Another profile that could read the file, and how well.
#[derive(Debug, Clone, PartialEq)]
pub struct Considered {
    pub profile: String,
    pub score: f64,
    /// Columns it mapped, and what it lacked when it could not be used.
    pub columns: usize,
    pub evidence: Evidence,
}

/// Why a profile was chosen for a file, to be told in either language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recognition {
    /// Chosen with `--system` rather than recognised.
    pub asked: bool,
    pub profile: String,
    pub title: String,
    /// The header's row and how many of its columns were mapped.
    pub row: u64,
    pub score: usize,
    pub points: f64,
    pub mapped: Vec<MappedColumn>,
    /// Columns the profile knows but does not keep.
    pub known: Vec<String>,
    /// Columns nobody knows: not imported.
    pub unmapped: Vec<String>,
    pub evidence: Evidence,
    /// The other profiles that could read the file, best first.
    pub considered: Vec<Considered>,
}

impl Recognition {
    pub fn describe(&self, lang: Lang) -> String {
        use crate::i18n::{fill, import::Text};
        let mapped = self
            .mapped
            .iter()
            .map(|m| error::mapping(&m.header, m.field, m.by, lang))
            .collect::<Vec<_>>()
            .join(", ");
        let mut text = if self.asked {
            fill(Text::Asked.text(lang), &[&self.profile, &self.row, &mapped])
        } else {
            fill(
                Text::Recognised.text(lang),
                &[&self.profile, &self.title, &self.score, &self.row, &mapped],
            )
        };
        text.push_str(&error::evidence_summary(&self.evidence, lang));
        if let Some(next) = self.considered.first().filter(|_| !self.asked) {
            let score = fill(
                Text::Score.text(lang),
                &[
                    &format!("{:.1}", next.score),
                    &format!("{:.1}", self.points),
                ],
            );
            text.push_str(&fill(Text::NextBest.text(lang), &[&next.profile, &score]));
        }
        text
    }

    /// The columns not imported, each as written, those the system writes but
    /// loggvakt does not keep marked so.
    pub fn not_imported(&self, lang: Lang) -> Vec<String> {
        let known = crate::i18n::import::Text::KnownNotKept.text(lang);
        self.known
            .iter()
            .map(|h| format!("{h} ({known})"))
            .chain(self.unmapped.iter().cloned())
            .collect()
    }
}

/// An export opened: its first rows read, its header found, its profile
/// chosen and its dates understood; the rest of its rows still to come.
pub struct Opened {
    pub rows: Rows,
    pub head: Vec<RawRow>,
    pub detected: Detected,
}

/// Opens an export and reads what is needed to import it: the header, the
/// profile (from the headers and the values below), and how its dates are written.
pub fn open(path: &Path, profiles: &Profiles, choice: &Choice) -> Result<Opened, ImportError> {
    let file = path.display().to_string();
    let mut rows = Rows::open(path)?;
    let mut head: Vec<RawRow> = Vec::new();
    while head.len() < LOOKAHEAD_ROWS {
        match rows.next_row(&file) {
            Some(row) => head.push(row?),
            None => break,
        }
    }
    let mut detected = detect(profiles, choice, &head, &file)?;
    let more = head.len() == LOOKAHEAD_ROWS;
    detected.dates = decide_dates(path, &file, choice, &detected, &head, more)?;
    Ok(Opened {
        rows,
        head,
        detected,
    })
}

/// Decides how the file writes its dates from its own values: those read
/// ahead, and when they leave it open, the rest of the file, read once more
/// (only regular files are read, so it can be) until a value settles it.
fn decide_dates(
    path: &Path,
    file: &str,
    choice: &Choice,
    detected: &Detected,
    head: &[RawRow],
    more: bool,
) -> Result<Dates, ImportError> {
    if let Some(order) = choice.date_order {
        return Ok(Dates::given(order));
    }
    let cols: Vec<usize> = [Field::Timestamp, Field::Date, Field::Edited]
        .iter()
        .filter_map(|f| detected.header.column(*f))
        .collect();
    let mut evidence = dates::Evidence::default();
    let note = |raw: &RawRow, evidence: &mut dates::Evidence| {
        for &c in &cols {
            if let Some(Cell::Text(s)) = raw.cells.get(c) {
                evidence.add(raw.row, s);
            }
        }
    };
    for raw in &head[detected.header_index + 1..] {
        note(raw, &mut evidence);
    }
    if more && evidence.needs_more() {
        let mut rest = Rows::open(path)?;
        let last = head.last().map_or(0, |r| r.row);
        let mut raw = RawRow::default();
        while let Some(next) = rest.next_row_into(file, &mut raw) {
            next?;
            if raw.row > last {
                note(&raw, &mut evidence);
                if evidence.settled() {
                    break;
                }
            }
        }
    }
    match evidence.decide() {
        Decision::Settled(dates) => Ok(dates),
        Decision::Conflict {
            day_first,
            month_first,
        } => Err(ImportError::ConflictingDates {
            file: file.to_owned(),
            day_first,
            month_first,
        }),
        Decision::Ambiguous { row, text } => Err(ImportError::AmbiguousDates {
            file: file.to_owned(),
            row,
            text: clean(&text),
        }),
    }
}

/// Finds the header row among the first rows and the profile that fits it
/// best, by headers and values; refuses a weak or close call unless `--system`
/// names the profile.
pub fn detect(
    profiles: &Profiles,
    choice: &Choice,
    rows: &[RawRow],
    file: &str,
) -> Result<Detected, ImportError> {
    let candidates: Vec<Profile> = match &choice.system {
        Some(name) => vec![
            profiles
                .get(name)
                .cloned()
                .ok_or_else(|| ImportError::Layout {
                    file: file.to_owned(),
                    message: format!(
                        "no profile named \"{name}\"; known: {}",
                        profiles.names().join(", ")
                    ),
                })?,
        ],
        None => {
            let mut all = profiles.all.clone();
            if !choice.maps.is_empty() {
                all.push(Profiles::custom());
            }
            all
        }
    };
    let no_header = |closest| ImportError::NoHeader {
        file: file.to_owned(),
        searched: HEADER_SEARCH_ROWS,
        closest,
    };
    let mut readings = recognise::candidates(
        profiles,
        &candidates,
        &choice.maps,
        rows,
        HEADER_SEARCH_ROWS,
    )
    .map_err(no_header)?;
    let asked = choice.system.is_some();
    let (best, others) = if asked {
        let best = readings.remove(0);
        (best, Vec::new())
    } else if !choice.maps.is_empty()
        && !readings
            .iter()
            .any(|c| c.profile.name != "custom" && c.header.own() >= 2)
    {
        // A layout mapped by hand that no system recognises on its own.
        let at = readings
            .iter()
            .position(|c| c.profile.name == "custom")
            .ok_or_else(|| no_header(None))?;
        let best = readings.remove(at);
        (best, Vec::new())
    } else {
        let custom = readings.iter().position(|c| c.profile.name == "custom");
        let custom = custom.map(|at| readings.remove(at));
        match (readings.is_empty(), custom) {
            (true, Some(custom)) => (custom, Vec::new()),
            (true, None) => return Err(no_header(None)),
            (false, custom) => match (recognise::choose(readings), custom) {
                (Ok(chosen), _) => chosen,
                // The person named the columns; no system's reading is sure enough
                // to take over from what they said.
                (Err(_), Some(custom)) => (custom, Vec::new()),
                (Err(refusal), None) => {
                    return Err(ImportError::Unrecognised {
                        file: file.to_owned(),
                        refusal,
                    });
                }
            },
        }
    };
    let considered = others
        .iter()
        .filter(|c| c.profile.name != best.profile.name)
        .map(|c| Considered {
            profile: c.profile.name.clone(),
            score: c.score,
            columns: c.header.columns.len(),
            evidence: c.evidence,
        })
        .collect();
    let header = best.header.clone();
    let recognition = Recognition {
        asked,
        profile: best.profile.name.clone(),
        title: best.profile.title.clone(),
        row: best.row,
        score: header.columns.len(),
        points: best.score,
        mapped: header
            .columns
            .iter()
            .map(|m| MappedColumn {
                header: clean(&m.header),
                field: m.field,
                by: m.by,
            })
            .collect(),
        known: header
            .known
            .iter()
            .map(|&c| clean(header.header(c)))
            .collect(),
        unmapped: header.unmapped().iter().map(|(_, h)| clean(h)).collect(),
        evidence: best.evidence,
        considered,
    };
    let reason = recognition.describe(Lang::En);
    let ri = best.index;
    let title_lines = rows[..ri]
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(Cell::to_text)
                .filter(|t| !t.trim().is_empty())
                .map(|t| clean(&t))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|l| !l.is_empty())
        .collect();
    Ok(Detected {
        header_row: best.row,
        header_index: ri,
        profile: best.profile,
        header,
        title_lines,
        reason,
        recognition,
        dates: Dates::default(),
    })
}

/// What became of one row of an export.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<T> {
    Record(T),
    Skip(Skip),
}

/// Rows that are part of the layout, not data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    Blank,
    RepeatedHeader,
    Footer,
}

/// Shared row handling for every kind of record: blank, repeated header and
/// footer rows, rows cut short, dates in the file's order, and the error for a
/// bad value.
/// Date texts a [`RowContext`] keeps the dates of: some eleven years of days.
const DATES_KEPT: usize = 4096;

/// A date text's date, and the file's date order (if settled) it was read under.
type SeenDate = (Option<DateOrder>, chrono::NaiveDateTime);

pub struct RowContext<'a> {
    pub file: &'a str,
    pub header: &'a HeaderMatch,
    /// Each field's column, as `header.column` gives it, looked up once per file:
    /// every row asks for a dozen fields.
    columns: Vec<Option<usize>>,
    header_keys: Vec<(usize, String)>,
    /// The file's date order; settled by the first date that shows it when the
    /// rows read ahead did not.
    dates: RefCell<Dates>,
    /// Date column texts seen, each with the date order it was read under and the
    /// date it gave: a file's rows share a few hundred date texts, whatever their
    /// order. Emptied when it holds [`DATES_KEPT`].
    dates_seen: RefCell<TextMap<SeenDate>>,
}

impl<'a> RowContext<'a> {
    pub fn new(file: &'a str, detected: &'a Detected) -> Self {
        let header = &detected.header;
        let header_keys = header
            .columns
            .iter()
            .map(|m| (m.col, fold_key(&m.header)))
            .collect();
        let mut columns = Vec::new();
        for m in header.columns.iter().rev() {
            let at = m.field as usize;
            if columns.len() <= at {
                columns.resize(at + 1, None);
            }
            columns[at] = Some(m.col);
        }
        RowContext {
            file,
            header,
            columns,
            header_keys,
            dates: RefCell::new(detected.dates.clone()),
            dates_seen: RefCell::default(),
        }
    }

    /// The column a field is read from.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.get(field as usize).copied().flatten()
    }

    /// Whether the file has a column for a field.
    pub fn has(&self, field: Field) -> bool {
        self.column(field).is_some()
    }

    pub fn cell<'r>(&self, raw: &'r RawRow, field: Field) -> &'r Cell {
        static EMPTY: Cell = Cell::Empty;
        self.column(field)
            .and_then(|c| raw.cells.get(c))
            .unwrap_or(&EMPTY)
    }

    /// Cleaned text of a field's cell (empty when the column is absent).
    pub fn text(&self, raw: &RawRow, field: Field) -> String {
        match self.cell(raw, field) {
            Cell::Empty => String::new(),
            Cell::Text(s) => clean(s),
            other => clean(&other.to_text()),
        }
    }

    /// [`RowContext::text`] borrowed from the row when cleaning changes nothing.
    pub fn text_borrowed<'r>(&self, raw: &'r RawRow, field: Field) -> Cow<'r, str> {
        if let Some(cleaned) = self.column(field).and_then(|c| raw.cleaned(c)) {
            return Cow::Borrowed(cleaned);
        }
        match self.cell(raw, field) {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) => clean_borrowed(s),
            other => Cow::Owned(clean(&other.to_text())),
        }
    }

    /// The columns of `fields` that are in the file, for [`RawRow::clean_columns`].
    pub fn columns_of(&self, fields: &[Field]) -> Vec<usize> {
        fields.iter().filter_map(|&f| self.column(f)).collect()
    }

    /// Recognises empty rows.
    pub fn layout_row(&self, raw: &RawRow) -> Option<Skip> {
        raw.cells.iter().all(Cell::is_empty).then_some(Skip::Blank)
    }

    /// A copy of the header row (page breaks in a printed report). Only asked of
    /// rows whose time did not parse, so data rows never pay for the folding.
    pub fn is_repeated_header(&self, raw: &RawRow) -> bool {
        self.header_keys.iter().all(|(c, key)| {
            raw.cells
                .get(*c)
                .is_some_and(|cell| fold_key(&cell.to_text()) == *key)
        })
    }

    /// A row whose time could not be read is a footer when it looks like one:
    /// few cells, and words such as `Antal poster`, `Totalt`, `Utskriven`, `Page`.
    pub fn is_footer(&self, raw: &RawRow) -> bool {
        let filled: Vec<String> = raw
            .cells
            .iter()
            .filter(|c| !c.is_empty())
            .map(|c| fold(&c.to_text()))
            .collect();
        const WORDS: [&str; 16] = [
            "antal",
            "totalt",
            "summa",
            "total",
            "count",
            "rows",
            "records",
            "poster",
            "rader",
            "sida",
            "page",
            "utskriven",
            "printed",
            "slut",
            "end of",
            "rapporten",
        ];
        filled.len() <= 2
            && filled.first().is_some_and(|t| {
                WORDS
                    .iter()
                    .any(|w| t.starts_with(w) || t.contains(&format!(" {w}")))
            })
    }

    pub fn bad_value(&self, raw: &RawRow, field: Field, expected: Expect) -> ImportError {
        self.bad_value_hinted(raw, field, expected, Hint::None)
    }

    fn bad_value_hinted(
        &self,
        raw: &RawRow,
        field: Field,
        expected: Expect,
        hint: Hint,
    ) -> ImportError {
        let col = self.column(field).unwrap_or(0);
        ImportError::Value {
            file: self.file.to_owned(),
            row: raw.row,
            col: col + 1,
            header: clean(self.header.header(col)),
            expected,
            found: crate::text::truncate(&clean(&self.cell(raw, field).to_text()), 60).into_owned(),
            hint: Box::new(hint),
        }
    }

    /// A date that did not read: what would help, given how the file's dates are read.
    fn bad_date(&self, raw: &RawRow, field: Field, expected: Expect) -> ImportError {
        let cell = self.cell(raw, field);
        let dates = self.dates.borrow();
        let hint = match (cell, dates.order) {
            (Cell::Text(s), Some(order)) => {
                let other = match values::date_shape(s) {
                    Some(DateShape::DayFirst) => Some(DateOrder::Dmy),
                    Some(DateShape::MonthFirst) => Some(DateOrder::Mdy),
                    Some(DateShape::Ambiguous { .. } | DateShape::Either)
                        if order == DateOrder::Ymd =>
                    {
                        Some(DateOrder::Dmy)
                    }
                    _ => None,
                }
                .filter(|o| *o != order && values::parse_datetime_in(cell, *o).is_some());
                match other {
                    Some(other) => Hint::OtherOrder {
                        order,
                        other,
                        why: dates.why.clone(),
                    },
                    None => Hint::Column(field),
                }
            }
            _ => Hint::Column(field),
        };
        drop(dates);
        self.bad_value_hinted(raw, field, expected, hint)
    }

    /// The order to read a date cell in; the first date that shows the order
    /// settles it for the rest of the file when the rows read ahead did not.
    fn order_for(&self, raw: &RawRow, field: Field) -> Result<DateOrder, ImportError> {
        if let Some(order) = self.dates.borrow().order {
            return Ok(order);
        }
        let Cell::Text(s) = self.cell(raw, field) else {
            return Ok(DateOrder::Dmy);
        };
        let settle = |order, why| {
            *self.dates.borrow_mut() = Dates {
                order: Some(order),
                why,
            };
            Ok(order)
        };
        let text = || clean(s);
        match values::date_shape(s) {
            Some(DateShape::DayFirst) => settle(
                DateOrder::Dmy,
                Why::DayAbove12 {
                    row: raw.row,
                    text: text(),
                },
            ),
            Some(DateShape::MonthFirst) => settle(
                DateOrder::Mdy,
                Why::MonthAbove12 {
                    row: raw.row,
                    text: text(),
                },
            ),
            Some(DateShape::Ambiguous { sep: b'.' }) => settle(DateOrder::Dmy, Why::Dotted),
            Some(DateShape::Ambiguous { .. }) => {
                Err(self.bad_value_hinted(raw, field, Expect::DateTime, Hint::Ambiguous))
            }
            Some(DateShape::YearFirst | DateShape::Either) | None => Ok(DateOrder::Dmy),
        }
    }

    fn datetime(
        &self,
        raw: &RawRow,
        field: Field,
        expected: Expect,
    ) -> Result<chrono::NaiveDateTime, ImportError> {
        let order = self.order_for(raw, field)?;
        values::parse_datetime_in(self.cell(raw, field), order)
            .ok_or_else(|| self.bad_date(raw, field, expected))
    }

    /// The date column's date-time, as [`RowContext::datetime`] reads it. The
    /// same text under the same date order gives the same date, so each text's
    /// is kept (see `dates_seen`).
    fn date(&self, raw: &RawRow) -> Result<chrono::NaiveDateTime, ImportError> {
        let Cell::Text(text) = self.cell(raw, Field::Date) else {
            return self.datetime(raw, Field::Date, Expect::Date);
        };
        let order = self.dates.borrow().order;
        if let Some((seen_order, at)) = self.dates_seen.borrow().get(text)
            && *seen_order == order
        {
            return Ok(*at);
        }
        let at = self.datetime(raw, Field::Date, Expect::Date)?;
        let mut seen = self.dates_seen.borrow_mut();
        if seen.len() == DATES_KEPT {
            *seen = TextMap::default();
        }
        seen.insert(text, (order, at));
        Ok(at)
    }

    /// A date-time cell of another field than the row's time (an edit time).
    pub fn other_datetime(
        &self,
        raw: &RawRow,
        field: Field,
        expected: Expect,
    ) -> Result<chrono::NaiveDateTime, ImportError> {
        self.datetime(raw, field, expected)
    }

    /// The row's date and time, from one column or from a date and a time column.
    pub fn when(&self, raw: &RawRow) -> Result<chrono::NaiveDateTime, ImportError> {
        use values::parse_time;
        let has_time_col = self.has(Field::Time);
        if self.has(Field::Timestamp) {
            let t = self.datetime(raw, Field::Timestamp, Expect::DateTime)?;
            // A date-only timestamp column next to a time column: combine them.
            if has_time_col
                && t.time() == chrono::NaiveTime::MIN
                && !self.cell(raw, Field::Time).is_empty()
            {
                let time = parse_time(self.cell(raw, Field::Time)).ok_or_else(|| {
                    self.bad_value_hinted(raw, Field::Time, Expect::Time, Hint::Column(Field::Time))
                })?;
                return Ok(t.date().and_time(time));
            }
            return Ok(t);
        }
        let full = self.date(raw)?;
        if !has_time_col {
            return Ok(full);
        }
        let time = parse_time(self.cell(raw, Field::Time)).ok_or_else(|| {
            self.bad_value_hinted(raw, Field::Time, Expect::Time, Hint::Column(Field::Time))
        })?;
        Ok(full.date().and_time(time))
    }

    /// A data row's time, or the layout row it is. A row that is cut short
    /// (the file ends inside it), has fewer fields than the header, holds values
    /// past the header's last column or opens a quote that never closes is an
    /// error: a row is never half-read.
    pub fn data_time(
        &self,
        raw: &RawRow,
    ) -> Result<Result<chrono::NaiveDateTime, Skip>, ImportError> {
        if let Some(skip) = self.layout_row(raw) {
            return Ok(Err(skip));
        }
        if raw.end == RowEnd::Quote {
            return Err(ImportError::UnclosedQuote {
                file: self.file.to_owned(),
                row: raw.row,
            });
        }
        match self.when(raw) {
            Ok(t) => {
                self.check_width(raw)?;
                Ok(Ok(t))
            }
            Err(_) if self.is_repeated_header(raw) => Ok(Err(Skip::RepeatedHeader)),
            Err(_) if self.is_footer(raw) => Ok(Err(Skip::Footer)),
            Err(e) => {
                self.check_width(raw)?;
                Err(e)
            }
        }
    }

    /// Text rows must have the header's fields: fewer means a row cut short
    /// (a truncated file, a lost line break), more non-empty ones means shifted
    /// columns. Workbook rows drop their trailing empty cells, so only text rows
    /// are checked.
    fn check_width(&self, raw: &RawRow) -> Result<(), ImportError> {
        let width = self.header.width;
        let found = raw.cells.len();
        match raw.end {
            RowEnd::Sheet => Ok(()),
            _ if found < width => Err(ImportError::ShortRow {
                file: self.file.to_owned(),
                row: raw.row,
                found,
                expected: width,
                cut: raw.end == RowEnd::Eof,
            }),
            _ if raw.cells[width..].iter().any(|c| !c.is_empty()) => Err(ImportError::WideRow {
                file: self.file.to_owned(),
                row: raw.row,
                found: raw
                    .cells
                    .iter()
                    .rposition(|c| !c.is_empty())
                    .map_or(0, |i| i + 1),
                expected: width,
            }),
            _ => Ok(()),
        }
    }
}

/// Turns rows of a passage export into [`PassageRecord`]s.
///
/// An export repeats a few thousand names, readers and event texts over millions
/// of rows, so what costs Unicode folding is worked out once per distinct text.
pub struct PassageParser<'a> {
    pub ctx: RowContext<'a>,
    classifier: EventClassifier,
    names: RefCell<TextMap<Option<PersonName>>>,
    /// (event code, event text) → kind, and the last one asked (most rows repeat it).
    kinds: RefCell<TextMap<TextMap<EventKind>>>,
    last_kind: RefCell<Option<(String, String, EventKind)>>,
    directions: RefCell<TextMap<Direction>>,
}

impl<'a> PassageParser<'a> {
    pub fn new(ctx: RowContext<'a>, classifier: EventClassifier) -> Self {
        PassageParser {
            ctx,
            classifier,
            names: RefCell::default(),
            kinds: RefCell::default(),
            last_kind: RefCell::default(),
            directions: RefCell::default(),
        }
    }

    /// The text a row names its person by: the whole name, or first and last
    /// name joined by `\u{1f}`; `None` when the row names no one.
    fn person_text<'r>(&self, raw: &'r RawRow) -> Option<Cow<'r, str>> {
        let whole = self.ctx.text_borrowed(raw, Field::Person);
        if !whole.is_empty() {
            return Some(whole);
        }
        let first = self.ctx.text_borrowed(raw, Field::FirstName);
        let last = self.ctx.text_borrowed(raw, Field::LastName);
        if first.is_empty() && last.is_empty() {
            return None;
        }
        Some(Cow::Owned(format!("{first}\u{1f}{last}")))
    }

    /// The person a [`PassageView::person_text`] names, worked out once per text.
    pub fn person_name(&self, text: &str) -> Option<PersonName> {
        if let Some(known) = self.names.borrow().get(text) {
            return known.clone();
        }
        let name = match text.split_once('\u{1f}') {
            Some((first, last)) => PersonName::from_parts(first, last),
            None => PersonName::parse(text),
        };
        self.names.borrow_mut().insert(text, name.clone());
        name
    }

    fn kind(&self, code: &str, text: &str) -> EventKind {
        if let Some((c, t, kind)) = &*self.last_kind.borrow()
            && same(c, code)
            && same(t, text)
        {
            return *kind;
        }
        let known = self
            .kinds
            .borrow()
            .get(code)
            .and_then(|texts| texts.get(text))
            .copied();
        let kind = known.unwrap_or_else(|| {
            let kind = self.classifier.classify(code, text);
            self.kinds
                .borrow_mut()
                .get_or_insert_with(code, TextMap::default)
                .insert(text, kind);
            kind
        });
        *self.last_kind.borrow_mut() = Some((code.to_owned(), text.to_owned(), kind));
        kind
    }

    fn direction(&self, text: &str) -> Direction {
        if let Some(d) = self.directions.borrow().get(text) {
            return *d;
        }
        let d = values::parse_direction(text);
        self.directions.borrow_mut().insert(text, d);
        d
    }

    pub fn parse(&self, raw: &RawRow) -> Result<Outcome<PassageRecord>, ImportError> {
        Ok(match self.parse_borrowed(raw)? {
            Outcome::Skip(skip) => Outcome::Skip(skip),
            Outcome::Record(view) => {
                let person = view
                    .person_text
                    .as_deref()
                    .and_then(|t| self.person_name(t));
                Outcome::Record(view.into_record(person))
            }
        })
    }

    /// The columns whose text [`PassageParser::parse_borrowed`] reads (every passage
    /// field but the time's), for a reading thread to clean ahead
    /// ([`RawRow::clean_columns`]).
    pub fn text_columns(&self) -> Vec<usize> {
        let times = [Field::Timestamp, Field::Date, Field::Time];
        let texts: Vec<Field> = Field::PASSAGE
            .into_iter()
            .filter(|f| !times.contains(f))
            .collect();
        self.ctx.columns_of(&texts)
    }

    /// [`PassageParser::parse`] with the texts borrowed from the row where cleaning
    /// leaves them as they are: the import's hot path copies nothing per row.
    pub fn parse_borrowed<'r>(
        &self,
        raw: &'r RawRow,
    ) -> Result<Outcome<PassageView<'r>>, ImportError> {
        let time = match self.ctx.data_time(raw)? {
            Ok(t) => t,
            Err(skip) => return Ok(Outcome::Skip(skip)),
        };
        let t = |f| self.ctx.text_borrowed(raw, f);
        let mut person_text = self.person_text(raw);
        let mut employee_id = t(Field::EmployeeId);
        // Salto's SubjectID is a user only when SubjectType says so. A user shown
        // by id (ShowUserIDAs) is also their employee number; the store knows
        // people by name, so the id stands for the name too.
        if person_text.is_none() && self.ctx.has(Field::Subject) {
            let subject = t(Field::Subject);
            if !subject.is_empty() && values::is_user_subject(&t(Field::SubjectType)) {
                if values::looks_like_id(&subject) && employee_id.is_empty() {
                    employee_id = subject.clone();
                }
                person_text = Some(subject);
            }
        }
        let event = t(Field::Event);
        let detail = t(Field::EventDetail);
        let code = t(Field::EventCode);
        let event_text = match (event.is_empty(), detail.is_empty()) {
            (false, false) => Cow::Owned(format!("{event}: {detail}")),
            (false, true) => event,
            (true, false) => detail,
            (true, true) => match self.classifier.code_text(&code) {
                Some(wording) => Cow::Owned(wording.to_owned()),
                None => code.clone(),
            },
        };
        let kind = self.kind(&code, &event_text);
        let direction = self.direction(&t(Field::Direction));
        Ok(Outcome::Record(PassageView {
            time,
            reader_code: t(Field::Reader),
            door: t(Field::Door),
            site: t(Field::Site),
            person_text,
            employee_id,
            department: t(Field::Department),
            card: t(Field::Card),
            event_text,
            kind,
            direction,
            row: raw.row,
        }))
    }
}

/// A [`PassageRecord`] whose texts may still be borrowed from the row they came from.
#[derive(Debug, Clone, PartialEq)]
pub struct PassageView<'r> {
    pub time: chrono::NaiveDateTime,
    pub reader_code: Cow<'r, str>,
    pub door: Cow<'r, str>,
    pub site: Cow<'r, str>,
    /// The person as the row names them (see [`PassageParser::person_name`]).
    pub person_text: Option<Cow<'r, str>>,
    pub employee_id: Cow<'r, str>,
    pub department: Cow<'r, str>,
    pub card: Cow<'r, str>,
    pub event_text: Cow<'r, str>,
    pub kind: EventKind,
    pub direction: Direction,
    pub row: u64,
}

impl PassageView<'_> {
    fn into_record(self, person: Option<PersonName>) -> PassageRecord {
        PassageRecord {
            time: self.time,
            reader_code: self.reader_code.into_owned(),
            door: self.door.into_owned(),
            site: self.site.into_owned(),
            person,
            employee_id: self.employee_id.into_owned(),
            department: self.department.into_owned(),
            card: self.card.into_owned(),
            event_text: self.event_text.into_owned(),
            kind: self.kind,
            direction: self.direction,
            row: self.row,
        }
    }
}

/// Kind check used by callers that handle one record kind.
pub fn expect_kind(detected: &Detected, kind: RecordKind, file: &str) -> Result<(), ImportError> {
    if detected.profile.kind == kind {
        Ok(())
    } else {
        Err(ImportError::Layout {
            file: file.to_owned(),
            message: format!(
                "this is a {} export, not {}",
                detected.profile.kind.as_str(),
                kind.as_str()
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_context_reads_each_field_from_the_column_its_header_match_gives() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ssm.txt");
        std::fs::write(
            &path,
            "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn\n\
             2026-03-10;10:00:00;L1;Dörr 1;Godkänd passage;0001;Anna\n",
        )
        .unwrap();
        let opened = open(&path, &Profiles::builtin(), &Choice::default()).unwrap();
        let header = &opened.detected.header;
        let ctx = RowContext::new("ssm.txt", &opened.detected);
        for m in &header.columns {
            assert_eq!(ctx.column(m.field), header.column(m.field), "{:?}", m.field);
        }
        assert_eq!(ctx.column(Field::Door), Some(3));
        assert!(!ctx.has(Field::Student) && !ctx.has(Field::Action));
    }
}
