//! Reading exports into typed records: sniffing the container and encoding,
//! finding the header row below any title rows, mapping columns through a
//! profile, and parsing values. No SQL here; `ops::import` hands records to the store.

pub mod container;
pub mod komgo;
pub mod pmo;
pub mod profile;
pub mod sniff;
pub mod source;
pub mod values;
pub mod workbook;

use crate::domain::{Direction, EventKind, PassageRecord, PersonName};
use crate::text::{TextMap, clean, clean_borrowed, fold, fold_key, same};
use profile::{EventClassifier, Field, HeaderMatch, Profile, Profiles, RecordKind};
use source::RawRow;
use std::borrow::Cow;
use std::cell::RefCell;
use values::Cell;

/// How many rows from the top are searched for the header row.
pub const HEADER_SEARCH_ROWS: usize = 40;

/// Why a file could not be imported; every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error(
        "{file}: not a readable {format} workbook ({message}); the file may be truncated or damaged: export it again"
    )]
    Workbook {
        file: String,
        format: &'static str,
        message: String,
    },
    #[error("{file}: {detail}")]
    TooLarge { file: String, detail: String },
    #[error("{file}: {message}")]
    Layout { file: String, message: String },
    #[error("{file}:{row}:{col}: expected {expected} in column \"{header}\", found \"{found}\"")]
    Value {
        file: String,
        row: u64,
        col: usize,
        header: String,
        expected: String,
        found: String,
    },
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
}

/// Which profile to use: `None` means pick the best match.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    pub system: Option<String>,
    pub maps: Vec<(Field, String)>,
}

/// Finds the header row among the first rows and the profile that fits it best.
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
    // (score, own matches, candidate index, row index, match)
    let mut best: Option<(usize, usize, usize, usize, HeaderMatch)> = None;
    let mut runner_up: Option<(usize, String)> = None;
    let mut closest: Option<(usize, String, Vec<&'static str>)> = None;
    for (ri, raw) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let texts: Vec<String> = raw.cells.iter().map(Cell::to_text).collect();
        if texts.iter().filter(|t| !t.trim().is_empty()).count() < 2 {
            continue;
        }
        for (ci, profile) in candidates.iter().enumerate() {
            let m = profile::match_header(profile, &choice.maps, &texts);
            let own = profile::match_header(profile, &[], &texts).columns.len();
            let score = m.columns.len();
            let missing = m.missing(profile.kind);
            if !missing.is_empty() {
                if closest.as_ref().is_none_or(|(s, _, _)| score > *s) {
                    closest = Some((score, profile.name.clone(), missing));
                }
                continue;
            }
            // A built-in that recognises only the hand-mapped columns is no better than "custom".
            let own_rank = if profile.name == "custom" {
                1
            } else if own >= 2 {
                2
            } else {
                0
            };
            let better = best
                .as_ref()
                .is_none_or(|(s, o, _, _, _)| (score, own_rank) > (*s, *o));
            if better {
                if let Some((s, _, bci, _, _)) = &best
                    && candidates[*bci].name != profile.name
                {
                    runner_up = Some((*s, candidates[*bci].name.clone()));
                }
                best = Some((score, own_rank, ci, ri, m));
            } else if best
                .as_ref()
                .is_some_and(|(_, _, bci, _, _)| candidates[*bci].name != profile.name)
                && runner_up.as_ref().is_none_or(|(s, _)| score > *s)
            {
                runner_up = Some((score, profile.name.clone()));
            }
        }
    }
    let Some((score, _, ci, ri, header)) = best else {
        let hint = match closest {
            Some((n, name, missing)) if n > 0 => format!(
                " The closest was {name}, which matched {n} column(s) but lacks {}.",
                missing.join(" and ")
            ),
            _ => String::new(),
        };
        return Err(ImportError::Layout {
            file: file.to_owned(),
            message: format!(
                "found no header row that a profile recognises in the first {HEADER_SEARCH_ROWS} rows.{hint} \
                 Name the columns with --map FIELD=HEADER (e.g. --map timestamp=\"When\" --map door=\"Where\"), \
                 or choose a profile with --system"
            ),
        });
    };
    let profile = candidates[ci].clone();
    let mapped: Vec<String> = header
        .columns
        .iter()
        .map(|(f, _, h)| format!("{}→{}", clean(h), f.name()))
        .collect();
    let recognition = Recognition {
        asked: choice.system.is_some(),
        profile: profile.name.clone(),
        title: profile.title.clone(),
        row: rows[ri].row,
        score,
        mapped,
        runner_up: runner_up.filter(|_| choice.system.is_none()),
    };
    let reason = recognition.describe(crate::i18n::Lang::En);
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
        header_row: rows[ri].row,
        header_index: ri,
        profile,
        header,
        title_lines,
        reason,
        recognition,
    })
}

/// Why a profile was chosen for a file, to be told in either language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recognition {
    /// Chosen with `--system` rather than recognised.
    pub asked: bool,
    pub profile: String,
    pub title: String,
    /// The header's row and how many of its columns the profile knew.
    pub row: u64,
    pub score: usize,
    /// `header→field` for each known column.
    pub mapped: Vec<String>,
    /// The next best profile and its score, when one came close enough to name.
    pub runner_up: Option<(usize, String)>,
}

impl Recognition {
    pub fn describe(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang;
        let (name, title, row, score) = (&self.profile, &self.title, self.row, self.score);
        let mapped = self.mapped.join(", ");
        let mut text = match (self.asked, lang) {
            (true, Lang::En) => format!("profile {name} as asked; header on row {row} ({mapped})"),
            (true, Lang::Sv) => format!("profilen {name} enligt valet; rubrikrad {row} ({mapped})"),
            (false, Lang::En) => format!(
                "recognised as {name} ({title}): {score} columns on row {row} matched: {mapped}"
            ),
            (false, Lang::Sv) => {
                format!("känd som {name} ({title}): {score} kolumner på rad {row} stämde: {mapped}")
            }
        };
        if let Some((s, next)) = &self.runner_up {
            text.push_str(&match lang {
                Lang::En => format!("; next best {next} with {s}"),
                Lang::Sv => format!("; näst bäst {next} med {s}"),
            });
        }
        text
    }
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
/// footer rows, and the error for a bad value.
pub struct RowContext<'a> {
    pub file: &'a str,
    pub header: &'a HeaderMatch,
    header_keys: Vec<(usize, String)>,
}

impl<'a> RowContext<'a> {
    pub fn new(file: &'a str, header: &'a HeaderMatch) -> Self {
        let header_keys = header
            .columns
            .iter()
            .map(|(_, c, h)| (*c, fold_key(h)))
            .collect();
        RowContext {
            file,
            header,
            header_keys,
        }
    }

    pub fn cell<'r>(&self, raw: &'r RawRow, field: Field) -> &'r Cell {
        static EMPTY: Cell = Cell::Empty;
        self.header
            .column(field)
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
        match self.cell(raw, field) {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) => clean_borrowed(s),
            other => Cow::Owned(clean(&other.to_text())),
        }
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

    pub fn bad_value(&self, raw: &RawRow, field: Field, expected: &str) -> ImportError {
        let col = self.header.column(field).unwrap_or(0);
        ImportError::Value {
            file: self.file.to_owned(),
            row: raw.row,
            col: col + 1,
            header: clean(self.header.header(col)),
            expected: expected.to_owned(),
            found: crate::text::truncate(&clean(&self.cell(raw, field).to_text()), 60).into_owned(),
        }
    }

    /// The row's date and time, from one column or from a date and a time column.
    pub fn when(&self, raw: &RawRow) -> Result<chrono::NaiveDateTime, ImportError> {
        use values::{
            EXPECT_DATE, EXPECT_DATETIME, EXPECT_TIME, parse_date, parse_datetime, parse_time,
        };
        let has_time_col = self.header.has(Field::Time);
        if self.header.has(Field::Timestamp) {
            let t = parse_datetime(self.cell(raw, Field::Timestamp))
                .ok_or_else(|| self.bad_value(raw, Field::Timestamp, EXPECT_DATETIME))?;
            // A date-only timestamp column next to a time column: combine them.
            if has_time_col
                && t.time() == chrono::NaiveTime::MIN
                && !self.cell(raw, Field::Time).is_empty()
            {
                let time = parse_time(self.cell(raw, Field::Time))
                    .ok_or_else(|| self.bad_value(raw, Field::Time, EXPECT_TIME))?;
                return Ok(t.date().and_time(time));
            }
            return Ok(t);
        }
        let date_cell = self.cell(raw, Field::Date);
        let full = parse_datetime(date_cell)
            .ok_or_else(|| self.bad_value(raw, Field::Date, EXPECT_DATE))?;
        if !has_time_col {
            return Ok(full);
        }
        let date =
            parse_date(date_cell).ok_or_else(|| self.bad_value(raw, Field::Date, EXPECT_DATE))?;
        let time = parse_time(self.cell(raw, Field::Time))
            .ok_or_else(|| self.bad_value(raw, Field::Time, EXPECT_TIME))?;
        Ok(date.and_time(time))
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

    /// [`PassageParser::parse`] with the texts borrowed from the row where cleaning
    /// leaves them as they are: the import's hot path copies nothing per row.
    pub fn parse_borrowed<'r>(
        &self,
        raw: &'r RawRow,
    ) -> Result<Outcome<PassageView<'r>>, ImportError> {
        if let Some(skip) = self.ctx.layout_row(raw) {
            return Ok(Outcome::Skip(skip));
        }
        let time = match self.ctx.when(raw) {
            Ok(t) => t,
            Err(_) if self.ctx.is_repeated_header(raw) => {
                return Ok(Outcome::Skip(Skip::RepeatedHeader));
            }
            Err(_) if self.ctx.is_footer(raw) => return Ok(Outcome::Skip(Skip::Footer)),
            Err(e) => return Err(e),
        };
        let t = |f| self.ctx.text_borrowed(raw, f);
        let person_text = self.person_text(raw);
        let event = t(Field::Event);
        let detail = t(Field::EventDetail);
        let code = t(Field::EventCode);
        let event_text = match (event.is_empty(), detail.is_empty()) {
            (false, false) => Cow::Owned(format!("{event}: {detail}")),
            (false, true) => event,
            (true, false) => detail,
            (true, true) => code.clone(),
        };
        let kind = self.kind(&code, &event_text);
        let direction = self.direction(&t(Field::Direction));
        Ok(Outcome::Record(PassageView {
            time,
            reader_code: t(Field::Reader),
            door: t(Field::Door),
            site: t(Field::Site),
            person_text,
            employee_id: t(Field::EmployeeId),
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
                "this is a {:?} export, not {:?}",
                detected.profile.kind, kind
            )
            .to_lowercase(),
        })
    }
}
