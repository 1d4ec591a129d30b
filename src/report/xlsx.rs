//! XLSX that sorts and filters: the title and facts above the table (two to a row, so
//! the frozen pane stays small), the table with real date cells, number cells for counts,
//! text cells for identifiers, column widths from the content, a frozen header row and an
//! autofilter; notes and the footer below it. Sections before the table (a request's letter
//! and attachments) get a sheet of their own. Text that would run as a formula when typed
//! again carries Excel's quote prefix.

use super::{Body, Cell, Document, RenderError, Section};
use chrono::{Datelike, NaiveDateTime, Timelike};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

/// The widest a column grows (in characters) before its text wraps.
const MAX_WIDTH: f64 = 48.0;
const MIN_WIDTH: f64 = 5.0;

fn looks_like_formula(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

fn excel_time(t: NaiveDateTime) -> Result<ExcelDateTime, RenderError> {
    let year = u16::try_from(t.year()).unwrap_or(1900);
    Ok(
        ExcelDateTime::from_ymd(year, t.month() as u8, t.day() as u8)?.and_hms(
            t.hour() as u16,
            t.minute() as u8,
            t.second(),
        )?,
    )
}

struct Formats {
    title: Format,
    plain: Format,
    quoted: Format,
    bold: Format,
    header: Format,
    time: Format,
    number: Format,
    wrap: Format,
    wrap_quoted: Format,
    fact: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: Format::new().set_bold().set_font_size(13),
            plain: Format::new(),
            quoted: Format::new().set_quote_prefix(),
            bold: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border_bottom(FormatBorder::Thin)
                .set_background_color("#E4E4E4"),
            time: Format::new()
                .set_num_format("yyyy-mm-dd hh:mm:ss")
                .set_align(FormatAlign::Top),
            number: Format::new().set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            wrap_quoted: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_quote_prefix(),
            fact: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

fn put_text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    fmt: &Format,
    quoted: &Format,
) -> Result<(), RenderError> {
    let fmt = if looks_like_formula(text) {
        quoted
    } else {
        fmt
    };
    ws.write_string_with_format(row, col, text, fmt)?;
    Ok(())
}

/// The width a column's content asks for, in Excel's character units.
fn width_of(doc: &Document, c: usize) -> f64 {
    let col = &doc.table.columns[c];
    let header = col
        .header
        .split(' ')
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(4) as f64;
    let content = doc
        .table
        .rows
        .iter()
        .filter_map(|r| r.get(c))
        .map(|cell| match cell {
            Cell::Time(_) => 19,
            other => other.display().chars().count(),
        })
        .max()
        .unwrap_or(0) as f64;
    let want = header.max(content) * 1.1 + 1.5;
    let max = if col.write_in_mm.is_some() {
        60.0
    } else {
        MAX_WIDTH
    };
    want.clamp(MIN_WIDTH, max)
}

/// Rows a wrapped text of `chars` needs in a cell `width` characters wide.
fn lines_for(text: &str, width: f64) -> usize {
    let per_line = (width.max(4.0) / 1.1).floor().max(1.0) as usize;
    text.split('\n')
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum()
}

fn write_section(
    ws: &mut Worksheet,
    f: &Formats,
    r: &mut u32,
    s: &Section,
) -> Result<(), RenderError> {
    *r += 1;
    put_text(ws, *r, 0, &s.heading, &f.bold, &f.quoted)?;
    *r += 1;
    let lines: Vec<String> = match &s.body {
        Body::Text(t) => t.lines().map(str::to_owned).collect(),
        Body::Lines(l) => l.clone(),
        Body::Terms(t) => t.iter().map(|(k, v)| format!("{k}: {v}")).collect(),
        Body::Signatures(_) => Vec::new(),
    };
    for l in lines {
        put_text(ws, *r, 0, &l, &f.plain, &f.quoted)?;
        *r += 1;
    }
    Ok(())
}

pub fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    let mut wb = Workbook::new();
    let created = excel_time(doc.created.naive_utc())?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(&doc.title)
            .set_author(&doc.author)
            .set_creation_datetime(&created),
    );
    let f = Formats::new();
    let ncols = doc.table.columns.len().max(1);
    let widths: Vec<f64> = (0..doc.table.columns.len())
        .map(|c| width_of(doc, c))
        .collect();

    let ws = wb.add_worksheet();
    ws.set_name(&doc.sheet)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    put_text(ws, 0, 0, &doc.title, &f.title, &f.quoted)?;

    // Facts two to a row, each "label: value" in one cell merged over half the table.
    let half = (ncols / 2).max(1);
    let spans: [(usize, usize); 2] = if ncols >= 4 {
        [(0, half - 1), (half, ncols - 1)]
    } else {
        [(0, ncols - 1), (0, ncols - 1)]
    };
    let per_row = if ncols >= 4 { 2 } else { 1 };
    let mut r: u32 = 1;
    for pair in doc.facts.chunks(per_row) {
        let mut lines = 1;
        for (i, fact) in pair.iter().enumerate() {
            let (c0, c1) = spans[i];
            let width: f64 = widths.get(c0..=c1).map_or(40.0, |w| w.iter().sum());
            let text = format!("{}: {}", fact.label, fact.value);
            lines = lines.max(lines_for(&text, width));
            if c1 > c0 {
                ws.merge_range(r, c0 as u16, r, c1 as u16, "", &f.fact)?;
            }
            let label = format!("{}: ", fact.label);
            if fact.value.is_empty() {
                ws.write_string_with_format(r, c0 as u16, label.trim_end(), &f.bold)?;
            } else {
                ws.write_rich_string_with_format(
                    r,
                    c0 as u16,
                    &[(&f.bold, label.as_str()), (&f.plain, fact.value.as_str())],
                    &f.fact,
                )?;
            }
        }
        if lines > 1 {
            ws.set_row_height(r, 15.0 * lines as f64)?;
        }
        r += 1;
    }
    r += 1;

    // The table.
    let header_row = r;
    for (c, col) in doc.table.columns.iter().enumerate() {
        put_text(ws, r, c as u16, &col.header, &f.header, &f.quoted)?;
    }
    for row in &doc.table.rows {
        r += 1;
        for (c, cell) in row.iter().enumerate() {
            let wraps = widths.get(c).is_some_and(|w| *w >= MAX_WIDTH)
                || doc
                    .table
                    .columns
                    .get(c)
                    .is_some_and(|col| col.write_in_mm.is_some());
            match cell {
                Cell::Text(s) => {
                    let (fmt, quoted) = if wraps {
                        (&f.wrap, &f.wrap_quoted)
                    } else {
                        (&f.plain, &f.quoted)
                    };
                    put_text(ws, r, c as u16, s, fmt, quoted)?;
                }
                Cell::Time(t) => {
                    ws.write_datetime_with_format(r, c as u16, excel_time(*t)?, &f.time)?;
                }
                Cell::Number(n) => {
                    ws.write_number_with_format(r, c as u16, *n as f64, &f.number)?;
                }
                Cell::Empty => {}
            }
        }
    }
    let last_row = r;
    if !doc.table.columns.is_empty() {
        ws.autofilter(header_row, 0, last_row, (ncols - 1) as u16)?;
    }
    ws.set_freeze_panes(header_row + 1, 0)?;
    ws.set_repeat_rows(header_row, header_row)?;
    if doc.table.rows.is_empty() {
        r += 1;
        put_text(ws, r, 0, &doc.table.empty, &f.plain, &f.quoted)?;
    }
    r += 1;
    for s in &doc.after {
        write_section(ws, &f, &mut r, s)?;
    }
    if !doc.footer.is_empty() {
        put_text(ws, r + 1, 0, &doc.footer, &f.plain, &f.quoted)?;
    }

    if !doc.before.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(&doc.second_sheet)?;
        ws.set_column_width(0, 100)?;
        put_text(ws, 0, 0, &doc.title, &f.title, &f.quoted)?;
        let mut r = 1;
        for s in &doc.before {
            write_section(ws, &f, &mut r, s)?;
        }
    }
    Ok(wb.save_to_buffer()?)
}
