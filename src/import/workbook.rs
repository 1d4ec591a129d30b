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
    if matches!(format, Format::Xlsx | Format::Ods) {
        match std::panic::catch_unwind(|| container::check(&bytes)) {
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
    let result = std::panic::catch_unwind(move || read(format, bytes));
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
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e}")),
    }
}
