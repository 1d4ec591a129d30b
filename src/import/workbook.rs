//! Workbooks (XLSX, XLS, ODS) through calamine: the first sheet with data, as rows
//! of typed cells numbered as Excel numbers them.

use super::ImportError;
use super::container::{self, Refused};
use super::sniff::Format;
use super::source::RawRow;
use super::values::Cell;
use calamine::{Data, Reader, open_workbook_from_rs};
use std::io::Cursor;

/// Reads the first non-empty sheet. A corrupt or truncated file is an error naming
/// the file; a panic inside the parser is caught and reported the same way. A zip
/// container that would unpack to more than memory allows is refused first.
pub fn read_first_sheet(
    file: &str,
    format: Format,
    bytes: Vec<u8>,
) -> Result<Vec<RawRow>, ImportError> {
    let damaged = |message: String| ImportError::Workbook {
        file: file.to_owned(),
        format: format.name(),
        message,
    };
    // The container checks below only hold for the container they check: a
    // compound file handed over as XLSX would reach calamine unchecked (it probes
    // XLSX bytes for an encrypted compound file), so the bytes must match.
    let container_of = |f: Format| match f {
        Format::Xlsx | Format::Ods => "zip",
        Format::Xls => "compound file",
        Format::Text => "text",
    };
    let found = super::sniff::format_of(&bytes);
    if format != Format::Text && container_of(found) != container_of(format) {
        return Err(damaged(format!(
            "its bytes are a {}, not the {} a {} workbook is",
            container_of(found),
            container_of(format),
            format.name()
        )));
    }
    if format != Format::Text {
        let checked = std::panic::catch_unwind(|| match format {
            Format::Xls => container::check_xls(&bytes),
            _ => container::check(&bytes),
        });
        match checked {
            Ok(Ok(())) => {}
            Ok(Err(Refused::TooLarge(detail))) => {
                return Err(ImportError::TooLarge {
                    file: file.to_owned(),
                    detail: format!("refused: {detail}"),
                });
            }
            Ok(Err(Refused::Damaged(message))) => return Err(damaged(message)),
            Err(_) => return Err(damaged("the zip container is damaged".into())),
        }
    }
    quiet_parser_panics();
    let result = std::panic::catch_unwind(move || {
        PARSING.set(true);
        let rows = read(format, bytes);
        PARSING.set(false);
        rows
    });
    PARSING.set(false);
    match result {
        Ok(Ok(rows)) => Ok(rows),
        Ok(Err(message)) => Err(ImportError::Workbook {
            file: file.to_owned(),
            format: format.name(),
            message,
        }),
        Err(_) => Err(ImportError::Workbook {
            file: file.to_owned(),
            format: format.name(),
            message: "the workbook's structure is damaged".into(),
        }),
    }
}

thread_local! {
    /// Set while calamine parses on this thread: a panic there is caught and
    /// reported as a damaged file, so its message must not reach the terminal.
    static PARSING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Wraps the panic hook (once) so that panics inside calamine stay silent,
/// while every other panic still reaches the previous hook.
fn quiet_parser_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !PARSING.get() {
                previous(info);
            }
        }));
    });
}

fn read(format: Format, bytes: Vec<u8>) -> Result<Vec<RawRow>, String> {
    let cursor = Cursor::new(bytes);
    let sheets: Vec<calamine::Range<Data>> = match format {
        Format::Xlsx => sheets_of(
            open_workbook_from_rs::<calamine::Xlsx<_>, _>(cursor).map_err(|e| e.to_string())?,
        )?,
        Format::Xls => sheets_of(
            open_workbook_from_rs::<calamine::Xls<_>, _>(cursor).map_err(|e| e.to_string())?,
        )?,
        Format::Ods => sheets_of(
            open_workbook_from_rs::<calamine::Ods<_>, _>(cursor).map_err(|e| e.to_string())?,
        )?,
        Format::Text => return Err("not a workbook".into()),
    };
    let Some(range) = sheets.into_iter().find(|r| !r.is_empty()) else {
        return Ok(Vec::new());
    };
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            // Leading empty columns are kept so column numbers match the sheet's.
            let mut out: Vec<Cell> = vec![Cell::Empty; first_col as usize];
            out.extend(cells.iter().map(cell_of));
            RawRow {
                row: u64::from(first_row) + i as u64 + 1,
                cells: out,
            }
        })
        .collect();
    Ok(rows)
}

fn sheets_of<R, RS>(mut workbook: R) -> Result<Vec<calamine::Range<Data>>, String>
where
    R: Reader<RS>,
    RS: std::io::Read + std::io::Seek,
    R::Error: std::fmt::Display,
{
    let names = workbook.sheet_names();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        out.push(
            workbook
                .worksheet_range(&name)
                .map_err(|e| format!("sheet \"{name}\": {e}"))?,
        );
    }
    Ok(out)
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => {
            if s.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.clone())
            }
        }
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "1".into() } else { "0".into() }),
        Data::DateTime(d) => d
            .as_datetime()
            .map_or(Cell::Number(d.as_f64()), Cell::DateTime),
        Data::DateTimeIso(s) => Cell::Text(s.clone()),
        // ODS stores a time of day as a duration (`PT07H52M13S`): make it the
        // fraction of a day an Excel time cell is.
        Data::DurationIso(s) => iso_duration_seconds(s).map_or_else(
            || Cell::Text(s.clone()),
            |secs| Cell::Number(secs / 86_400.0),
        ),
        Data::Error(e) => Cell::Text(format!("#{e}")),
    }
}

/// Seconds of an ISO 8601 duration of hours, minutes and seconds (`PT7H52M13.5S`).
fn iso_duration_seconds(s: &str) -> Option<f64> {
    let rest = s.trim().strip_prefix("PT")?;
    let mut total = 0.0;
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' | '.' | ',' => number.push(if c == ',' { '.' } else { c }),
            'H' | 'M' | 'S' => {
                let n: f64 = number.parse().ok()?;
                number.clear();
                total += n * match c {
                    'H' => 3600.0,
                    'M' => 60.0,
                    _ => 1.0,
                };
            }
            _ => return None,
        }
    }
    number.is_empty().then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_time_durations_become_day_fractions() {
        assert_eq!(iso_duration_seconds("PT07H52M13S"), Some(28_333.0));
        assert_eq!(iso_duration_seconds("PT00H40M00S"), Some(2_400.0));
        assert_eq!(iso_duration_seconds("PT1.5S"), Some(1.5));
        assert_eq!(iso_duration_seconds("P1D"), None);
        assert_eq!(iso_duration_seconds("PT5"), None);
    }

    /// The smallest XLS found to make calamine 0.38 panic (an assertion in
    /// `utils::to_u32` via `Cfb::new`): a CFB header whose one FAT sector is
    /// cut off two bytes in. Found by the `workbook` fuzz target.
    fn truncated_fat_xls() -> Vec<u8> {
        include_bytes!("../../tests/fixtures/truncated_fat.xls").to_vec()
    }

    #[test]
    fn a_compound_file_passed_as_xlsx_never_reaches_calamine() {
        // Found by the `workbook` fuzz target: calamine's XLSX reader probes for an
        // encrypted compound file and followed a looping sector chain to 2.4 GB.
        let err = read_first_sheet("x.xlsx", Format::Xlsx, truncated_fat_xls())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("its bytes are a compound file, not the zip"),
            "{err}"
        );
    }

    #[test]
    fn parser_panic_on_a_truncated_xls_is_a_damaged_file() {
        let err = read_first_sheet("tiny.xls", Format::Xls, truncated_fat_xls())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("tiny.xls: not a readable XLS workbook"),
            "{err}"
        );
    }
}
