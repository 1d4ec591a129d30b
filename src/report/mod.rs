//! Exports of a request's extract and of a PMO review record: CSV for Excel, XLSX and a
//! printable PDF/A-2u, all three rendered from one typed [`Document`]. Writing them (private,
//! atomic, audited first) is `ops::export`.

pub mod csv;
pub mod pdf;
pub mod pmo;
pub mod request;
mod typeset;
pub mod xlsx;

use crate::i18n::Lang;
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use std::path::Path;

/// What an export shows, whatever its format: a title, a block of facts, sections before
/// the table (the request's letter, its attachments), the table, sections after it
/// (legend, notes, signature) and a line at the foot of every page.
#[derive(Debug, Clone)]
pub struct Document {
    pub lang: Lang,
    pub title: String,
    /// The exporting user: the PDF's author.
    pub author: String,
    pub created: DateTime<FixedOffset>,
    pub orientation: Orientation,
    pub facts: Vec<Fact>,
    /// How much of page 1 the title and facts may take; facts marked movable go after the
    /// table when they would not fit.
    pub facts_limit: Option<f32>,
    pub before: Vec<Section>,
    pub table: Table,
    pub after: Vec<Section>,
    pub footer: String,
    /// The worksheet's name; sections before the table get a second sheet of their own.
    pub sheet: String,
    pub second_sheet: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

/// A label and its value in the facts block.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub label: String,
    pub value: String,
    /// May be moved after the table (long free text) to keep the block short.
    pub movable: bool,
}

impl Fact {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Fact {
        Fact {
            label: label.into(),
            value: value.into(),
            movable: false,
        }
    }

    pub fn movable(mut self) -> Fact {
        self.movable = true;
        self
    }
}

/// A heading and its content, before or after the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: String,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Running text; line breaks are kept (a letter).
    Text(String),
    /// One item a line.
    Lines(Vec<String>),
    /// Term and explanation (the legend of rules).
    Terms(Vec<(String, String)>),
    /// Ruled lines to sign on, each with its caption.
    Signatures(Vec<String>),
}

/// The rows of the export and how their columns are kinded.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Printed above the table (none when empty).
    pub heading: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Printed instead of the table when there are no rows.
    pub empty: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub kind: ColumnKind,
    /// The widest the column may grow on paper, in millimetres; wider text wraps.
    pub max_mm: f32,
    /// A column to write in by hand: at least this wide, ruled, and given the width left.
    pub write_in_mm: Option<f32>,
}

impl Column {
    pub fn new(header: impl Into<String>, kind: ColumnKind, max_mm: f32) -> Column {
        Column {
            header: header.into(),
            kind,
            max_mm,
            write_in_mm: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Text,
    /// Local wall-clock time, to the second.
    Time,
    /// A count or sequence number: a number cell in a workbook.
    Number,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Time(NaiveDateTime),
    Number(i64),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    /// The cell as printed (PDF) or written to CSV.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Time(t) => t.format(TIME_FORMAT).to_string(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// Times in tables: ISO date and time to the second, as the CLI prints them.
pub const TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// A stored time as a reader expects it: local time to the minute (`2026-12-01 09:48`).
/// Stored times are RFC 3339 with an offset or local `YYYY-MM-DD HH:MM:SS`; anything else is
/// shown as stored rather than guessed at.
pub fn local_minute(stored: &str) -> String {
    let s = stored.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return t
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string();
    }
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return t.format("%Y-%m-%d %H:%M").to_string();
        }
    }
    s.to_owned()
}

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    #[error("the workbook could not be written: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// The export formats, chosen by the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Csv,
    Xlsx,
    Pdf,
}

impl Kind {
    pub fn of(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Kind::Csv),
            "xlsx" => Some(Kind::Xlsx),
            "pdf" => Some(Kind::Pdf),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Csv => "csv",
            Kind::Xlsx => "xlsx",
            Kind::Pdf => "pdf",
        }
    }
}

/// Renders a document in the given format.
pub fn render(doc: &Document, kind: Kind) -> Result<Vec<u8>, RenderError> {
    match kind {
        Kind::Csv => csv::render(doc),
        Kind::Xlsx => xlsx::render(doc),
        Kind::Pdf => pdf::render(doc),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_times_are_shown_local_to_the_minute() {
        assert_eq!(local_minute("2026-12-01 09:48:42"), "2026-12-01 09:48");
        let utc = local_minute("2026-12-01T08:48:42+00:00");
        let expected = DateTime::parse_from_rfc3339("2026-12-01T08:48:42+00:00")
            .unwrap()
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string();
        assert_eq!(utc, expected);
        assert!(!utc.contains('T'));
        assert_eq!(local_minute("igår"), "igår");
    }
}
