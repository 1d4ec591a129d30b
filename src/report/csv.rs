//! CSV for Swedish Excel: UTF-8 with BOM (so å ä ö survive), `;` between cells,
//! CRLF line ends, and cells that would start a formula neutralised.

use super::Document;
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

/// The facts first (`key;value`), a blank line, the table, the notes, the footer.
pub fn render(doc: &Document) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    line(&mut out, &[&doc.title]);
    for (k, v) in &doc.info {
        line(&mut out, &[k, v]);
    }
    out.push_str("\r\n");
    let headers: Vec<&str> = doc.headers.iter().map(String::as_str).collect();
    line(&mut out, &headers);
    for row in &doc.rows {
        let cells: Vec<&str> = row.iter().map(String::as_str).collect();
        line(&mut out, &cells);
    }
    for (title, lines) in &doc.notes {
        out.push_str("\r\n");
        line(&mut out, &[title]);
        for l in lines {
            line(&mut out, &[l]);
        }
    }
    // The footer (reference, export time, audit trail head) closes the file,
    // as it closes every page of the PDF.
    if !doc.footer.is_empty() {
        out.push_str("\r\n");
        line(&mut out, &[&doc.footer]);
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_only_when_needed_and_formulas_neutralised() {
        let doc = Document {
            title: "T".into(),
            headers: vec!["A".into(), "B".into()],
            rows: vec![vec!["=HYPERLINK(\"x\")".into(), "a;b".into()]],
            ..Document::default()
        };
        let text = String::from_utf8(render(&doc)).unwrap();
        assert!(text.starts_with("\u{feff}T\r\n\r\nA;B\r\n"));
        assert!(
            text.contains("\"'=HYPERLINK(\"\"x\"\")\";\"a;b\"\r\n"),
            "{text}"
        );
    }
}
