//! XLSX: one sheet with the facts, the table and the notes. Every cell is a
//! string cell (no formulas, no numbers guessed from text); text that would look
//! like a formula when typed carries Excel's quote prefix.

use super::Document;
use rust_xlsxwriter::{Format, Workbook};

pub fn render(doc: &Document) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let plain = Format::new();
    let quoted = Format::new().set_quote_prefix();
    let ws = wb.add_worksheet();
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    ws.set_name("Extract").map_err(err)?;
    let mut r: u32 = 0;
    let put = |ws: &mut rust_xlsxwriter::Worksheet,
               row: u32,
               col: u16,
               text: &str,
               fmt: &Format|
     -> Result<(), String> {
        let looks_like_formula = matches!(
            text.chars().next(),
            Some('=' | '+' | '-' | '@' | '\t' | '\r')
        );
        let fmt = if looks_like_formula { &quoted } else { fmt };
        ws.write_string_with_format(row, col, text, fmt)
            .map_err(err)?;
        Ok(())
    };
    put(ws, r, 0, &doc.title, &bold)?;
    r += 1;
    for (k, v) in &doc.info {
        put(ws, r, 0, k, &bold)?;
        put(ws, r, 1, v, &plain)?;
        r += 1;
    }
    r += 1;
    let header_row = r;
    for (c, h) in doc.headers.iter().enumerate() {
        put(ws, r, c as u16, h, &bold)?;
    }
    r += 1;
    for row in &doc.rows {
        for (c, text) in row.iter().enumerate() {
            put(ws, r, c as u16, text, &plain)?;
        }
        r += 1;
    }
    for (title, lines) in &doc.notes {
        r += 1;
        put(ws, r, 0, title, &bold)?;
        r += 1;
        for l in lines {
            put(ws, r, 0, l, &plain)?;
            r += 1;
        }
    }
    if !doc.footer.is_empty() {
        put(ws, r + 1, 0, &doc.footer, &plain)?;
    }
    ws.set_freeze_panes(header_row + 1, 0).map_err(err)?;
    ws.set_autofit_max_width(400);
    ws.autofit();
    wb.save_to_buffer().map_err(err)
}
