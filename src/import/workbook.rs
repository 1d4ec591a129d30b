//! Workbooks (XLSX, XLS, ODS) through calamine: the first sheet with data, as rows
//! of typed cells numbered as Excel numbers them.
//!
//! calamine runs on a thread of its own that hands rows over in batches, so the
//! importer parses and stores rows while the workbook is still being read. An
//! XLSX sheet is streamed cell by cell and never held whole; XLS and ODS sheets
//! are unpacked whole by calamine, then handed over the same way.

use super::ImportError;
use super::container::{self, Refused};
use super::sniff::Format;
use super::source::{RawRow, RowEnd};
use super::values::Cell;
use calamine::{Data, DataRef, DataType, Reader, Xlsx, XlsxError, open_workbook_from_rs};
use std::io::Cursor;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

/// Rows handed over at once by the reading thread.
const BATCH_ROWS: usize = 1024;
/// Cells handed over at once at most: rows as wide as a sheet allows make
/// smaller batches, so the rows in flight stay within a few MiB.
const BATCH_CELLS: usize = 64 * 1024;
/// Batches the reading thread may read ahead of the importer.
const BATCHES_AHEAD: usize = 4;
/// About how many bytes of XLSX hold one row, for a sheet that does not say
/// how many rows it has (a six-column export packs to some 40).
const XLSX_BYTES_PER_ROW: u64 = 40;
/// What the reading thread reports for any panic inside calamine.
const DAMAGED: &str = "the workbook's structure is damaged";

/// Reads the first non-empty sheet whole. A corrupt or truncated file is an
/// error naming the file, as in [`open_first_sheet`].
pub fn read_first_sheet(
    file: &str,
    format: Format,
    bytes: Vec<u8>,
) -> Result<Vec<RawRow>, ImportError> {
    open_first_sheet(file, format, bytes)?.collect()
}

/// Finds the first non-empty sheet and streams its rows from a reading thread.
/// A corrupt or truncated file is an error naming the file, here when the
/// workbook cannot be opened or later from [`SheetRows::next_row`]; a panic
/// inside the parser is caught and reported the same way. A zip container that
/// would unpack to more than memory allows is refused before calamine sees it.
pub fn open_first_sheet(
    file: &str,
    format: Format,
    bytes: Vec<u8>,
) -> Result<SheetRows, ImportError> {
    check_container(file, format, &bytes)?;
    let (sender, receiver) = mpsc::sync_channel(BATCHES_AHEAD);
    let hung_up = Arc::new(AtomicBool::new(false));
    let out = Out {
        sender,
        hung_up: Arc::clone(&hung_up),
        batch: Vec::with_capacity(BATCH_ROWS),
        cells: 0,
    };
    let reader = std::thread::Builder::new()
        .name("workbook reader".into())
        // calamine's parsers may recurse; give them the main thread's room.
        .stack_size(8 << 20)
        .spawn(move || produce(format, bytes, out))
        .map_err(|source| ImportError::Io {
            file: file.to_owned(),
            source,
        })?;
    let mut rows = SheetRows {
        file: file.to_owned(),
        format,
        receiver: Some(receiver),
        hung_up,
        batch: Vec::new().into_iter(),
        expected: 0,
        handed: 0,
        reader: Some(reader),
    };
    match rows.receive() {
        Ok(Some(Message::Opened { rows: expected })) => {
            rows.expected = expected;
            Ok(rows)
        }
        // No sheet holds data.
        Ok(None) => Ok(rows),
        Ok(Some(_)) => Err(rows.damaged(DAMAGED.into())),
        Err(e) => Err(e),
    }
}

/// Refuses bytes that are not the container their format needs, and containers
/// that would unpack to more than memory allows.
fn check_container(file: &str, format: Format, bytes: &[u8]) -> Result<(), ImportError> {
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
    let found = super::sniff::format_of(bytes);
    if format != Format::Text && container_of(found) != container_of(format) {
        return Err(damaged(format!(
            "its bytes are a {}, not the {} a {} workbook is",
            container_of(found),
            container_of(format),
            format.name()
        )));
    }
    if format == Format::Text {
        return Ok(());
    }
    // A panic in the checks is a damaged file like one inside calamine, and as
    // quiet: nothing reaches the terminal.
    quiet_parser_panics();
    PARSING.set(true);
    let checked = std::panic::catch_unwind(|| match format {
        Format::Xls => container::check_xls(bytes),
        // The XLSX sheet is streamed, and checked as it streams.
        Format::Xlsx => container::check_before_streaming(bytes),
        _ => container::check(bytes),
    });
    PARSING.set(false);
    match checked {
        Ok(Ok(())) => Ok(()),
        Ok(Err(Refused::TooLarge(detail))) => Err(ImportError::TooLarge {
            file: file.to_owned(),
            detail: format!("refused: {detail}"),
        }),
        Ok(Err(Refused::Damaged(message))) => Err(damaged(message)),
        Err(_) => Err(damaged("the zip container is damaged".into())),
    }
}

/// What the reading thread sends, in this order: `Opened` once the first
/// sheet with data is found, its rows, then `End`; or `Failed` at any point.
enum Message {
    /// About this many rows follow.
    Opened {
        rows: u64,
    },
    Rows(Vec<RawRow>),
    End,
    /// The workbook could not be read; nothing follows.
    Failed(String),
    /// The workbook is beyond the limits; nothing follows.
    TooLarge(String),
}

/// The rows of a workbook's first sheet with data, in sheet order, as a
/// reading thread hands them over. Dropping it stops that thread.
pub struct SheetRows {
    file: String,
    format: Format,
    /// `None` once the reading thread has sent its last message.
    receiver: Option<Receiver<Message>>,
    /// Set when the rows are no longer wanted, for a reading thread that is
    /// passing over cells without values and so sends nothing for a while.
    hung_up: Arc<AtomicBool>,
    batch: std::vec::IntoIter<RawRow>,
    /// The rows the sheet says it has, or a guess from the file's size when
    /// it does not say; 0 when no sheet has data.
    expected: u64,
    /// Rows handed to the importer so far.
    handed: u64,
    reader: Option<JoinHandle<()>>,
}

impl SheetRows {
    /// The next row, or an error naming the file when the workbook turns out
    /// damaged part of the way through; nothing follows an error.
    pub fn next_row(&mut self) -> Option<Result<RawRow, ImportError>> {
        loop {
            if let Some(row) = self.batch.next() {
                self.handed += 1;
                return Some(Ok(row));
            }
            match self.receive() {
                Ok(Some(Message::Rows(rows))) => self.batch = rows.into_iter(),
                Ok(None) => return None,
                Ok(Some(_)) => {
                    self.finish();
                    return Some(Err(self.damaged(DAMAGED.into())));
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// About how many rows the sheet holds: what it declares, or more once
    /// more have been read.
    pub fn estimated_rows(&self) -> u64 {
        self.expected.max(self.handed)
    }

    /// Progress through the sheet as a fraction in 0..=1.
    pub fn progress(&self) -> f64 {
        if self.receiver.is_none() {
            return 1.0;
        }
        (self.handed as f64 / self.estimated_rows().max(1) as f64).min(1.0)
    }

    /// The next message other than `End` and `Failed`: `None` after `End`,
    /// and an error for `Failed` or a thread that stopped without a word.
    fn receive(&mut self) -> Result<Option<Message>, ImportError> {
        let Some(receiver) = &self.receiver else {
            return Ok(None);
        };
        let message = receiver.recv();
        match message {
            Ok(Message::End) => {
                self.finish();
                Ok(None)
            }
            Ok(Message::Failed(message)) => {
                self.finish();
                Err(self.damaged(message))
            }
            Ok(Message::TooLarge(detail)) => {
                self.finish();
                Err(ImportError::TooLarge {
                    file: self.file.clone(),
                    detail: format!("refused: {detail}"),
                })
            }
            Ok(other) => Ok(Some(other)),
            Err(mpsc::RecvError) => {
                self.finish();
                Err(self.damaged(DAMAGED.into()))
            }
        }
    }

    fn damaged(&self, message: String) -> ImportError {
        ImportError::Workbook {
            file: self.file.clone(),
            format: self.format.name(),
            message,
        }
    }

    /// Hangs up on the reading thread and waits for it to end: one blocked on
    /// a full channel wakes at once, one reading stops at its next cell.
    fn finish(&mut self) {
        self.hung_up.store(true, Ordering::Relaxed);
        self.receiver = None;
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }
}

impl Iterator for SheetRows {
    type Item = Result<RawRow, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_row()
    }
}

impl Drop for SheetRows {
    fn drop(&mut self) {
        self.finish();
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

/// Why the reading thread stops before the sheet's end.
enum Stop {
    /// The workbook is damaged: tell the importer why.
    Failed(String),
    /// The workbook is beyond what is read: tell the importer why.
    TooLarge(String),
    /// The importer no longer listens.
    HungUp,
}

/// The reading thread's end of the channel, gathering rows into batches.
struct Out {
    sender: SyncSender<Message>,
    /// Set by the importer when it hangs up.
    hung_up: Arc<AtomicBool>,
    batch: Vec<RawRow>,
    /// Cells in `batch`.
    cells: usize,
}

impl Out {
    /// Whether the importer has hung up; checked between cells.
    fn listening(&self) -> Result<(), Stop> {
        if self.hung_up.load(Ordering::Relaxed) {
            return Err(Stop::HungUp);
        }
        Ok(())
    }

    fn send(&self, message: Message) -> Result<(), Stop> {
        self.sender.send(message).map_err(|_| Stop::HungUp)
    }

    fn push(&mut self, row: RawRow) -> Result<(), Stop> {
        self.cells += row.cells.len();
        self.batch.push(row);
        if self.batch.len() >= BATCH_ROWS || self.cells >= BATCH_CELLS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Stop> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let full = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH_ROWS));
        self.cells = 0;
        self.send(Message::Rows(full))
    }
}

/// The reading thread: reads the workbook and sends its first sheet with data,
/// then `End`; a damaged workbook or a panic inside calamine ends it with
/// `Failed`. It returns at once when the importer hangs up.
fn produce(format: Format, bytes: Vec<u8>, mut out: Out) {
    quiet_parser_panics();
    PARSING.set(true);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read(format, bytes, &mut out)
    }));
    PARSING.set(false);
    let last = match outcome {
        Ok(Ok(())) => match out.flush() {
            Ok(()) => Message::End,
            Err(_) => return,
        },
        Ok(Err(Stop::HungUp)) => return,
        Ok(Err(Stop::Failed(message))) => Message::Failed(message),
        Ok(Err(Stop::TooLarge(detail))) => Message::TooLarge(detail),
        Err(_) => Message::Failed(DAMAGED.into()),
    };
    let _ = out.send(last);
}

fn read(format: Format, bytes: Vec<u8>, out: &mut Out) -> Result<(), Stop> {
    let size = bytes.len() as u64;
    let cursor = Cursor::new(bytes);
    let failed = |e: &dyn std::fmt::Display| Stop::Failed(e.to_string());
    match format {
        Format::Xlsx => stream_xlsx(
            open_workbook_from_rs(cursor).map_err(|e| failed(&e))?,
            size,
            out,
        ),
        Format::Xls => send_range(
            open_workbook_from_rs::<calamine::Xls<_>, _>(cursor).map_err(|e| failed(&e))?,
            out,
        ),
        Format::Ods => send_range(
            open_workbook_from_rs::<calamine::Ods<_>, _>(cursor).map_err(|e| failed(&e))?,
            out,
        ),
        Format::Text => Err(Stop::Failed("not a workbook".into())),
    }
}

/// Streams the first XLSX sheet with data, cell by cell, without reading the
/// sheets after it. Cells read before the first with a value tell nothing.
fn stream_xlsx(mut workbook: Xlsx<Cursor<Vec<u8>>>, size: u64, out: &mut Out) -> Result<(), Stop> {
    for name in workbook.sheet_names() {
        let in_sheet = |e: XlsxError| Stop::Failed(format!("sheet \"{name}\": {e}"));
        let mut cells = match workbook.worksheet_cells_reader(&name) {
            Ok(cells) => cells,
            // A chart sheet holds no cells.
            Err(XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(in_sheet(e)),
        };
        let first = loop {
            match cells.next_cell().map_err(in_sheet)? {
                Some(cell) if cell.get_value().is_empty() => {}
                other => break other,
            }
        };
        let Some(first) = first else {
            continue;
        };
        let (first_row, _) = first.get_position();
        let declared = cells.dimensions().end.0;
        let rows = if declared > first_row {
            u64::from(declared - first_row) + 1
        } else {
            (size / XLSX_BYTES_PER_ROW).max(1)
        };
        out.send(Message::Opened { rows })?;
        let mut sheet = SheetBuilder::new(&name, first.get_position());
        sheet.place(first.get_position(), first.get_value(), out)?;
        while let Some(cell) = cells.next_cell().map_err(in_sheet)? {
            out.listening()?;
            if !cell.get_value().is_empty() {
                sheet.place(cell.get_position(), cell.get_value(), out)?;
            }
        }
        return sheet.finish(out);
    }
    Ok(())
}

/// Puts an XLSX sheet's cells, met in row order, into rows numbered as the
/// sheet numbers them: each cell at its column's index (leading empty columns
/// kept), and a blank row for each row without values between two with them,
/// as calamine's whole-sheet range has them. A cell past Excel's limits is
/// refused: calamine reads any reference, and the container's scan only sees
/// references written the usual way.
struct SheetBuilder {
    name: String,
    /// The 0-based row being gathered.
    row: u32,
    cells: Vec<Cell>,
    /// The used area's first and last row and column (0-based) so far.
    rows: (u32, u32),
    cols: (u32, u32),
}

impl SheetBuilder {
    fn new(name: &str, (row, col): (u32, u32)) -> Self {
        SheetBuilder {
            name: name.to_owned(),
            row,
            cells: Vec::new(),
            rows: (row, row),
            cols: (col, col),
        }
    }

    /// Adds a cell with a value; sends the rows before it once it starts a new one.
    fn place(
        &mut self,
        (row, col): (u32, u32),
        value: &DataRef<'_>,
        out: &mut Out,
    ) -> Result<(), Stop> {
        if u64::from(row) >= container::MAX_ROWS || u64::from(col) >= container::MAX_COLUMNS {
            return Err(Stop::Failed(format!(
                "a cell at row {}, column {}; a sheet has at most {} rows and {} columns",
                u64::from(row) + 1,
                u64::from(col) + 1,
                container::MAX_ROWS,
                container::MAX_COLUMNS
            )));
        }
        // The limits the container's scan sets for sheets read whole, kept
        // here for the sheet streamed instead of scanned.
        self.rows = (self.rows.0.min(row), self.rows.1.max(row));
        self.cols = (self.cols.0.min(col), self.cols.1.max(col));
        let (height, width) = (
            u64::from(self.rows.1 - self.rows.0) + 1,
            u64::from(self.cols.1 - self.cols.0) + 1,
        );
        if height * width > container::MAX_CELLS {
            return Err(Stop::TooLarge(format!(
                "sheet \"{}\" spans {height} rows by {width} columns ({} cells); the limit is {} cells. Export it as CSV instead",
                self.name,
                height * width,
                container::MAX_CELLS
            )));
        }
        if let DataRef::String(text) = value
            && text.len() as u64 > container::MAX_TEXT
        {
            return Err(Stop::TooLarge(format!(
                "sheet \"{}\" holds a text of more than {} MiB at row {}, column {}; no cell holds that much",
                self.name,
                container::MAX_TEXT >> 20,
                u64::from(row) + 1,
                u64::from(col) + 1
            )));
        }
        if row != self.row {
            if row < self.row {
                return Err(Stop::Failed(format!(
                    "row {} comes after row {}; the sheet's rows are out of order",
                    u64::from(row) + 1,
                    u64::from(self.row) + 1
                )));
            }
            let width = self.cells.len();
            self.send_row(out)?;
            for blank in self.row + 1..row {
                out.push(RawRow {
                    row: u64::from(blank) + 1,
                    cells: Vec::new(),
                    end: RowEnd::Sheet,
                    cleaned: Vec::new(),
                })?;
            }
            self.row = row;
            self.cells.reserve(width);
        }
        let col = col as usize;
        if self.cells.len() <= col {
            self.cells.resize(col + 1, Cell::Empty);
        }
        self.cells[col] = cell_of_ref(value);
        Ok(())
    }

    fn send_row(&mut self, out: &mut Out) -> Result<(), Stop> {
        out.push(RawRow {
            row: u64::from(self.row) + 1,
            cells: std::mem::take(&mut self.cells),
            end: RowEnd::Sheet,
            cleaned: Vec::new(),
        })
    }

    /// Sends the last row.
    fn finish(mut self, out: &mut Out) -> Result<(), Stop> {
        self.send_row(out)
    }
}

/// Sends the first sheet with data, read whole by calamine, without reading
/// the sheets after it.
fn send_range<R, RS>(mut workbook: R, out: &mut Out) -> Result<(), Stop>
where
    R: Reader<RS>,
    RS: std::io::Read + std::io::Seek,
    R::Error: std::fmt::Display,
{
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| Stop::Failed(format!("sheet \"{name}\": {e}")))?;
        if range.is_empty() {
            continue;
        }
        out.send(Message::Opened {
            rows: range.height() as u64,
        })?;
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        for (i, cells) in range.rows().enumerate() {
            // Leading empty columns are kept so column numbers match the sheet's.
            let mut row: Vec<Cell> = Vec::with_capacity(first_col as usize + cells.len());
            row.resize(first_col as usize, Cell::Empty);
            row.extend(cells.iter().map(cell_of));
            out.push(RawRow {
                row: u64::from(first_row) + i as u64 + 1,
                cells: row,
                end: RowEnd::Sheet,
                cleaned: Vec::new(),
            })?;
        }
        return Ok(());
    }
    Ok(())
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => text_cell(s),
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

/// [`cell_of`] for a cell the XLSX reader lends: texts are copied once,
/// straight from its shared strings into the cell.
fn cell_of_ref(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::SharedString(s) => text_cell(s),
        DataRef::String(s) => text_cell(s),
        other => cell_of(&Data::from(other.clone())),
    }
}

/// A text cell; one of only blanks is empty.
fn text_cell(s: &str) -> Cell {
    if s.trim().is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_owned())
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
    use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook, Worksheet};
    use std::io::{Read, Write};

    /// An XLSX whose sheets `fill` writes, one call per sheet.
    fn xlsx(sheets: &[fn(&mut Worksheet)]) -> Vec<u8> {
        let mut workbook = Workbook::new();
        for fill in sheets {
            fill(workbook.add_worksheet());
        }
        workbook.save_to_buffer().expect("xlsx")
    }

    /// The same zip with one part's bytes replaced.
    fn replace_part(bytes: &[u8], name: &str, with: &[u8]) -> Vec<u8> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).expect("part");
            let part = entry.name().expect("part name").into_owned();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("read part");
            out.start_file(part.as_str(), opts).expect("start part");
            out.write_all(if part == name { with } else { &data })
                .expect("write part");
        }
        out.finish().expect("zip").into_inner()
    }

    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let mut text = String::new();
        zip.by_name(name)
            .expect("part")
            .read_to_string(&mut text)
            .expect("text");
        text
    }

    fn streamed(bytes: Vec<u8>) -> Vec<RawRow> {
        read_first_sheet("t.xlsx", Format::Xlsx, bytes).expect("readable")
    }

    /// The first sheet with data as calamine's whole-sheet range has it, the
    /// way XLS and ODS are read.
    fn by_range(bytes: Vec<u8>) -> Vec<RawRow> {
        let (sender, receiver) = mpsc::sync_channel(BATCHES_AHEAD);
        let reader = std::thread::spawn(move || {
            let mut out = Out {
                sender,
                hung_up: Arc::new(AtomicBool::new(false)),
                batch: Vec::new(),
                cells: 0,
            };
            let workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("open");
            assert!(send_range(workbook, &mut out).is_ok());
            assert!(out.flush().is_ok());
        });
        let rows = receiver
            .iter()
            .flat_map(|m| match m {
                Message::Rows(rows) => rows,
                _ => Vec::new(),
            })
            .collect();
        reader.join().expect("reader");
        rows
    }

    /// Rows without the empty cells after their last value: a range pads every
    /// row to the sheet's widest.
    fn trimmed(rows: Vec<RawRow>) -> Vec<(u64, Vec<Cell>)> {
        rows.into_iter()
            .map(|mut r| {
                while r.cells.last() == Some(&Cell::Empty) {
                    r.cells.pop();
                }
                (r.row, r.cells)
            })
            .collect()
    }

    fn texts(row: &RawRow) -> Vec<String> {
        row.cells.iter().map(Cell::to_text).collect()
    }

    fn empty_sheet(_: &mut Worksheet) {}

    fn passages(ws: &mut Worksheet) {
        let date = CellFormat::new().set_num_format("yyyy-mm-dd");
        ws.write_string(0, 0, "Datum").unwrap();
        ws.write_string(0, 1, "Dörr").unwrap();
        for r in 1..=3u32 {
            let day = ExcelDateTime::from_ymd(2026, 10, r as u8).unwrap();
            ws.write_datetime_with_format(r, 0, &day, &date).unwrap();
            ws.write_string(r, 1, format!("D{r}")).unwrap();
        }
    }

    #[test]
    fn data_on_the_second_sheet_is_found_and_later_sheets_are_not_read() {
        let bytes = xlsx(&[empty_sheet, passages, passages]);
        // A third sheet calamine cannot read: it is never opened.
        let bytes = replace_part(
            &bytes,
            "xl/worksheets/sheet3.xml",
            b"<worksheet><sheetData><row r=\"1\"><c r=\"A1\"",
        );
        let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
        assert!(workbook.worksheet_range("Sheet3").is_err());
        let rows = streamed(bytes);
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].row, 1);
        assert_eq!(texts(&rows[0]), ["Datum", "Dörr"]);
        assert_eq!(texts(&rows[3]), ["2026-10-03", "D3"]);
    }

    #[test]
    fn leading_empty_columns_and_rows_keep_the_sheets_numbering() {
        let bytes = xlsx(&[|ws| {
            ws.write_string(2, 2, "Tid").unwrap();
            ws.write_string(2, 3, "Dörr").unwrap();
            ws.write_number(3, 2, 0.5).unwrap();
            ws.write_string(3, 4, "D1").unwrap();
        }]);
        let rows = streamed(bytes.clone());
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].row, rows[1].row), (3, 4));
        assert_eq!(texts(&rows[0]), ["", "", "Tid", "Dörr"]);
        assert_eq!(rows[1].cells[2], Cell::Number(0.5));
        assert_eq!(rows[1].cells[4], Cell::Text("D1".into()));
        assert_eq!(trimmed(rows), trimmed(by_range(bytes)));
    }

    #[test]
    fn blank_rows_between_data_are_kept_and_numbered() {
        let bytes = xlsx(&[|ws| {
            ws.write_string(0, 0, "Rapport").unwrap();
            ws.write_string(3, 0, "Datum").unwrap();
            ws.write_string(3, 1, "Dörr").unwrap();
            // Only blanks: no value, but a row calamine's range counts.
            ws.write_string(4, 1, "   ").unwrap();
            ws.write_string(6, 0, "Antal poster: 0").unwrap();
        }]);
        let rows = streamed(bytes.clone());
        let numbers: Vec<u64> = rows.iter().map(|r| r.row).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7]);
        assert!(rows[1].cells.iter().all(Cell::is_empty));
        assert!(rows[4].cells.iter().all(Cell::is_empty));
        assert_eq!(texts(&rows[3]), ["Datum", "Dörr"]);
        assert_eq!(trimmed(rows), trimmed(by_range(bytes)));
    }

    #[test]
    fn streamed_rows_are_the_rows_of_calamines_range() {
        for name in [
            "unison_event_report_202610.xlsx",
            "pmo_logg_elevatkomst_202610.xlsx",
        ] {
            let bytes = std::fs::read(format!("{}/sample-data/{name}", env!("CARGO_MANIFEST_DIR")))
                .unwrap();
            let rows = streamed(bytes.clone());
            assert!(rows.len() > 10, "{name}");
            assert_eq!(trimmed(rows), trimmed(by_range(bytes)), "{name}");
        }
    }

    /// A sheet of `n` numbered rows.
    fn numbered(n: u32) -> Vec<u8> {
        let mut workbook = Workbook::new();
        let ws = workbook.add_worksheet();
        for r in 0..n {
            ws.write_number(r, 0, f64::from(r)).unwrap();
            ws.write_string(r, 1, "x").unwrap();
        }
        workbook.save_to_buffer().unwrap()
    }

    /// A sheet of `n` numbered rows, its part cut off before row `cut`.
    fn cut_sheet(n: u32, cut: u32) -> Vec<u8> {
        let bytes = numbered(n);
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        let at = sheet.find(&format!("<row r=\"{cut}\"")).expect("row");
        replace_part(&bytes, "xl/worksheets/sheet1.xml", &sheet.as_bytes()[..at])
    }

    #[test]
    fn a_sheet_cut_off_midway_ends_in_an_error() {
        let mut rows = open_first_sheet("cut.xlsx", Format::Xlsx, cut_sheet(5_000, 4_000))
            .expect("the start is readable");
        let mut read = 0u64;
        let err = loop {
            match rows.next_row() {
                Some(Ok(row)) => {
                    read += 1;
                    assert_eq!(row.row, read);
                }
                Some(Err(e)) => break e.to_string(),
                None => panic!("no error after {read} rows"),
            }
        };
        assert!(read >= BATCH_ROWS as u64 && read < 4_000, "{read}");
        assert!(
            err.starts_with("cut.xlsx: not a readable XLSX workbook (sheet \"Sheet1\""),
            "{err}"
        );
        assert!(rows.next_row().is_none());
        assert_eq!(rows.progress(), 1.0);
    }

    #[test]
    fn rows_out_of_order_are_a_damaged_sheet() {
        let bytes = xlsx(&[passages]);
        let sheet = "<worksheet><sheetData>\
            <row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>b</t></is></c></row>\
            <row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c></row>\
            </sheetData></worksheet>";
        let bytes = replace_part(&bytes, "xl/worksheets/sheet1.xml", sheet.as_bytes());
        let err = read_first_sheet("o.xlsx", Format::Xlsx, bytes)
            .unwrap_err()
            .to_string();
        assert!(err.contains("row 1 comes after row 2"), "{err}");
    }

    #[test]
    fn a_cell_past_excels_limits_is_refused_while_streaming() {
        // Single quotes: the container's scan looks for `r="`, calamine reads both.
        let sheet = "<worksheet><sheetData><row r='1'>\
            <c r='A1' t='inlineStr'><is><t>a</t></is></c>\
            <c r='XFE1' t='inlineStr'><is><t>b</t></is></c>\
            </row></sheetData></worksheet>";
        let bytes = replace_part(
            &xlsx(&[passages]),
            "xl/worksheets/sheet1.xml",
            sheet.as_bytes(),
        );
        let err = read_first_sheet("w.xlsx", Format::Xlsx, bytes)
            .unwrap_err()
            .to_string();
        assert!(err.contains("a cell at row 1, column 16385"), "{err}");
    }

    #[test]
    fn a_streamed_sheet_is_held_to_the_limits_of_a_scanned_one() {
        let spans = "<worksheet><sheetData>\
            <row r='1'><c r='A1' t='inlineStr'><is><t>a</t></is></c></row>\
            <row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>b</t></is></c></row>\
            </sheetData></worksheet>";
        let long = format!(
            "<worksheet><sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>{}</t></is></c></row></sheetData></worksheet>",
            "x".repeat(container::MAX_TEXT as usize + 1)
        );
        for (sheet, refusal) in [
            (spans.to_owned(), "spans 1048576 rows by 16384 columns"),
            (long, "holds a text of more than 1 MiB at row 1, column 1"),
        ] {
            let bytes = replace_part(
                &xlsx(&[passages]),
                "xl/worksheets/sheet1.xml",
                sheet.as_bytes(),
            );
            let err = read_first_sheet("w.xlsx", Format::Xlsx, bytes).unwrap_err();
            assert!(matches!(err, ImportError::TooLarge { .. }), "{err}");
            assert!(err.to_string().contains(refusal), "{err}");
        }
    }

    #[test]
    fn dropping_the_rows_early_stops_the_reader() {
        let mut rows = open_first_sheet("big.xlsx", Format::Xlsx, numbered(30_000)).expect("open");
        assert_eq!(rows.estimated_rows(), 30_000);
        assert!(rows.next_row().is_some_and(|r| r.is_ok()));
        assert!(rows.progress() < 0.01);
        // Waits for the reading thread, blocked on a full channel, to end.
        drop(rows);
    }

    #[test]
    fn a_workbook_without_data_has_no_rows() {
        let mut rows =
            open_first_sheet("e.xlsx", Format::Xlsx, xlsx(&[empty_sheet])).expect("readable");
        assert!(rows.next_row().is_none());
        assert_eq!(rows.estimated_rows(), 0);
    }

    #[test]
    fn xlsx_cells_convert_as_range_cells_do() {
        let values = [
            (DataRef::SharedString("  "), Data::String("  ".into())),
            (DataRef::SharedString("Dörr"), Data::String("Dörr".into())),
            (DataRef::String("x".into()), Data::String("x".into())),
            (DataRef::Int(7), Data::Int(7)),
            (DataRef::Float(0.5), Data::Float(0.5)),
            (DataRef::Bool(true), Data::Bool(true)),
            (
                DataRef::DurationIso("PT07H52M13S".into()),
                Data::DurationIso("PT07H52M13S".into()),
            ),
            (
                DataRef::Error(calamine::CellErrorType::Div0),
                Data::Error(calamine::CellErrorType::Div0),
            ),
            (DataRef::Empty, Data::Empty),
        ];
        for (by_ref, owned) in values {
            assert_eq!(cell_of_ref(&by_ref), cell_of(&owned), "{owned:?}");
        }
        let rows = streamed(xlsx(&[passages]));
        assert_eq!(
            rows[1].cells[0],
            Cell::DateTime(
                chrono::NaiveDate::from_ymd_opt(2026, 10, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap()
            )
        );
    }

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
