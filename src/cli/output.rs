//! Printing data: tables that fit the terminal, CSV safe for spreadsheets, JSON.

use crate::text::{for_terminal, is_hazard, neutralise_formula, truncate};
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
}

/// The width tables must fit: the terminal's, else `$COLUMNS`, else unlimited.
pub fn terminal_width() -> Option<usize> {
    if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size_of(io::stdout()) {
        return Some(w as usize);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w| w > 0)
}

/// A table of text cells, printed with columns shrunk (widest first) to fit.
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: impl IntoIterator<Item = impl Into<String>>) -> Table {
        Table {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(
            row.into_iter()
                .map(|c| for_terminal(&c).into_owned())
                .collect(),
        );
    }

    pub fn print(&self, out: &mut impl Write, width: Option<usize>) -> io::Result<()> {
        let n = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, c) in row.iter().enumerate().take(n) {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
        if let Some(limit) = width {
            let gaps = 2 * n.saturating_sub(1);
            while widths.iter().sum::<usize>() + gaps > limit {
                let (i, &w) = widths
                    .iter()
                    .enumerate()
                    .max_by_key(|(_, w)| **w)
                    .expect("table has columns");
                if w <= 6 {
                    break;
                }
                widths[i] = w - 1;
            }
        }
        let line = |cells: &[String], out: &mut dyn Write| -> io::Result<()> {
            let mut s = String::new();
            for (i, w) in widths.iter().enumerate() {
                let cell = cells.get(i).map_or("", String::as_str);
                let cell = truncate(cell, *w);
                s.push_str(&cell);
                if i + 1 < n {
                    s.extend(std::iter::repeat_n(' ', w - cell.chars().count() + 2));
                }
            }
            writeln!(out, "{}", s.trim_end())
        };
        line(&self.headers, out)?;
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        line(&rule, out)?;
        for row in &self.rows {
            line(row, out)?;
        }
        Ok(())
    }
}

/// A CSV writer for spreadsheets: `;`-separated (the Swedish Excel list separator)
/// with cells that would start a formula neutralised.
pub fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().delimiter(b';').from_writer(out)
}

/// Writes one CSV row; control characters are shown visibly, as in a table, since
/// the output may be a terminal.
pub fn csv_row<W: Write>(w: &mut csv::Writer<W>, cells: &[String]) -> io::Result<()> {
    w.write_record(
        cells
            .iter()
            .map(|c| neutralise_formula(&for_terminal(c)).into_owned()),
    )
    .map_err(csv_io)
}

/// A CSV writer's error as the I/O error it is (a closed pipe stays a closed pipe).
fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Serialises `value` as JSON with every control, DEL, C1 or bidi character
/// written as a `\uXXXX` escape: the same text for a program, inert on a terminal.
pub fn json_text(value: &impl serde::Serialize, pretty: bool) -> serde_json::Result<String> {
    let text = if pretty {
        serde_json::to_string_pretty(value)?
    } else {
        serde_json::to_string(value)?
    };
    if !text.chars().any(is_hazard) {
        return Ok(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        // Outside strings JSON has only spaces and newlines, so every hazard is
        // inside a string, where an escape means the same character.
        if is_hazard(c) && c != '\n' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_every_hazard_losslessly() {
        let value = serde_json::json!({"name": "a\u{1b}[2J\u{9b}\u{202e}\u{7f}b"});
        let text = json_text(&value, true).unwrap();
        assert!(!text.chars().any(|c| is_hazard(c) && c != '\n'), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn table_fits_the_width_by_shortening_the_widest_column() {
        let mut t = Table::new(["Time", "Reader"]);
        t.push(vec![
            "2026-10-14 07:52:13".into(),
            "Läkemedelsrum Avd 42 [L0142]".into(),
        ]);
        let mut out = Vec::new();
        t.print(&mut out, Some(40)).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().all(|l| l.chars().count() <= 40), "{text}");
        assert!(text.contains('…'));
    }

    #[test]
    fn table_cells_never_carry_escape_sequences() {
        let mut t = Table::new(["Name"]);
        t.push(vec!["\u{1b}]52;c;evil\u{7}".into()]);
        let mut out = Vec::new();
        t.print(&mut out, None).unwrap();
        assert!(!out.contains(&0x1b));
    }

    #[test]
    fn csv_neutralises_formulas() {
        let mut w = csv_writer(Vec::new());
        csv_row(&mut w, &["=1+1".into(), "Åsa".into()]).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text.trim(), "'=1+1;Åsa");
    }
}
