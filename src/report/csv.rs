//! CSV for Swedish Excel: UTF-8 with BOM (so å ä ö survive), `;` between cells,
//! CRLF line ends, and cells that would start a formula neutralised.

use super::{Body, Document, RenderError};
use crate::text::neutralise_formula;

fn cell(out: &mut String, text: &str) {
    let text = neutralise_formula(text);
    if text.contains([';', '"', '\r', '\n']) || text.starts_with(' ') || text.ends_with(' ') {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&text);
    }
}

fn line(out: &mut String, cells: &[&str]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        cell(out, c);
    }
    out.push_str("\r\n");
}

/// An empty line between blocks.
fn blank(out: &mut String) {
    out.push_str("\r\n");
}

fn section(w: &mut String, s: &super::Section) {
    blank(w);
    line(w, &[&s.heading]);
    match &s.body {
        Body::Text(text) => {
            for l in text.lines() {
                line(w, &[l]);
            }
        }
        Body::Lines(lines) => {
            for l in lines {
                line(w, &[l]);
            }
        }
        Body::Terms(terms) => {
            for (t, v) in terms {
                line(w, &[t, v]);
            }
        }
        // Nothing to sign on a screen.
        Body::Signatures(_) => {}
    }
}

/// The title and facts first (`label;value`), the sections before the table, a blank
/// line, the table, the sections after it and the footer.
pub fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    let mut out = String::from("\u{feff}");
    line(&mut out, &[&doc.title]);
    for f in &doc.facts {
        line(&mut out, &[&f.label, &f.value]);
    }
    for s in &doc.before {
        section(&mut out, s);
    }
    blank(&mut out);
    let headers: Vec<&str> = doc
        .table
        .columns
        .iter()
        .map(|c| c.header.as_str())
        .collect();
    line(&mut out, &headers);
    for row in &doc.table.rows {
        let cells: Vec<String> = row.iter().map(super::Cell::display).collect();
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        line(&mut out, &refs);
    }
    for s in &doc.after {
        section(&mut out, s);
    }
    // The footer (reference, export time, audit trail head) closes the file,
    // as it closes every page of the PDF.
    if !doc.footer.is_empty() {
        blank(&mut out);
        line(&mut out, &[&doc.footer]);
    }
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::super::{Cell, Column, ColumnKind, Table};
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn cells_are_quoted_only_when_needed_and_formulas_neutralised() {
        let doc = Document {
            lang: Lang::En,
            title: "T".into(),
            author: String::new(),
            created: chrono::DateTime::parse_from_rfc3339("2026-12-01T09:48:00+01:00").unwrap(),
            orientation: super::super::Orientation::Landscape,
            facts: Vec::new(),
            facts_limit: None,
            before: Vec::new(),
            table: Table {
                heading: String::new(),
                columns: vec![
                    Column::new("A", ColumnKind::Text, 30.0),
                    Column::new("B", ColumnKind::Text, 30.0),
                ],
                rows: vec![vec![Cell::text("=HYPERLINK(\"x\")"), Cell::text("a;b")]],
                empty: String::new(),
            },
            after: Vec::new(),
            footer: String::new(),
            sheet: "S".into(),
            second_sheet: "S2".into(),
        };
        let text = String::from_utf8(render(&doc).unwrap()).unwrap();
        assert!(text.starts_with("\u{feff}T\r\n\r\nA;B\r\n"), "{text:?}");
        assert!(
            text.contains("\"'=HYPERLINK(\"\"x\"\")\";\"a;b\"\r\n"),
            "{text}"
        );
    }
}
