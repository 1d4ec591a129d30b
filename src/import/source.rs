//! Reading an export as rows of cells, whatever its container: a streamed text
//! file (hashed as it is read) or a workbook's first sheet with data.

use super::ImportError;
use super::sniff::{self, Encoding, Format};
use super::values::Cell;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

/// The largest workbook read; it is held in memory while it is read.
pub const MAX_WORKBOOK_BYTES: u64 = 256 * 1024 * 1024;

/// The longest record of a text export: the parser holds a record whole, so one
/// endless field (or a missing closing quote) must not take all memory.
pub const MAX_RECORD_BYTES: u64 = 1024 * 1024;

/// Raised from inside the reader when a record grows past [`MAX_RECORD_BYTES`].
#[derive(Debug)]
struct RecordTooLong;

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "record longer than {} MiB", MAX_RECORD_BYTES >> 20)
    }
}

impl std::error::Error for RecordTooLong {}

/// One row of an export with its 1-based row number in the file.
#[derive(Debug, Clone, Default)]
pub struct RawRow {
    pub row: u64,
    pub cells: Vec<Cell>,
}

/// Passes bytes through while hashing and counting them, and notes where line
/// breaks are: the CSV parser's own line numbers go wrong with CRLF and skipped
/// empty lines, and an error must name the line a person sees in an editor.
struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
    /// Offsets of `\r` and `\n` bytes not yet passed by the parser (true for `\n`).
    breaks: std::collections::VecDeque<(u64, bool)>,
    /// Newlines already passed.
    lines_before: u64,
    /// Where the record being parsed starts; `None` once records are no longer bounded.
    record_start: Option<u64>,
}

impl<R> HashingReader<R> {
    fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
            breaks: Default::default(),
            lines_before: 0,
            record_start: Some(0),
        }
    }

    /// The 1-based line of a record the parser says starts at `byte`: the parser
    /// counts the line breaks it skipped before the record as part of it.
    fn record_line(&mut self, byte: u64) -> u64 {
        let mut at = byte;
        while let Some(&(pos, newline)) = self.breaks.front() {
            if pos > at {
                break;
            }
            if pos == at {
                at += 1;
            }
            self.lines_before += u64::from(newline);
            self.breaks.pop_front();
        }
        self.lines_before + 1
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self
            .record_start
            .is_some_and(|start| self.bytes - start.min(self.bytes) > MAX_RECORD_BYTES)
        {
            return Err(io::Error::new(io::ErrorKind::InvalidData, RecordTooLong));
        }
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == b'\n' || b == b'\r' {
                self.breaks.push_back((self.bytes + i as u64, b == b'\n'));
            }
        }
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Rows of one export, with what was learnt about the file on the way.
pub struct Rows {
    inner: Inner,
    pub format: Format,
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
    pub size: u64,
}

/// The text file as the CSV parser reads it: the sniffed head, then the rest.
type TextReader = csv::Reader<HashingReader<io::Chain<io::Cursor<Vec<u8>>, BufReader<File>>>>;

enum Inner {
    Text {
        reader: Box<TextReader>,
        record: csv::ByteRecord,
        encoding: Encoding,
    },
    Sheet {
        rows: super::workbook::SheetRows,
        sha256: String,
    },
}

// The importer reads rows on a thread of its own.
const _: fn() = || {
    fn assert_send<T: Send>() {}
    assert_send::<Rows>();
};

impl Rows {
    /// Opens `path`, recognising format and encoding from its content.
    pub fn open(path: &Path) -> Result<Rows, ImportError> {
        let io_err = |source| ImportError::Io {
            file: path.display().to_string(),
            source,
        };
        let mut file = File::open(path).map_err(io_err)?;
        let size = file.metadata().map_err(io_err)?.len();
        let mut head = Vec::with_capacity(64 * 1024);
        (&mut file)
            .take(64 * 1024)
            .read_to_end(&mut head)
            .map_err(io_err)?;
        let format = sniff::format_of(&head);
        if format != Format::Text {
            return Self::open_workbook(path, format, head, file, size);
        }
        let encoding = sniff::encoding_of(&head);
        let delimiter = sniff::delimiter_of(&head);
        let chained = io::Cursor::new(head).chain(BufReader::with_capacity(256 * 1024, file));
        let hashing = HashingReader::new(chained);
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(256 * 1024)
            .from_reader(hashing);
        Ok(Rows {
            inner: Inner::Text {
                reader: Box::new(reader),
                record: csv::ByteRecord::new(),
                encoding,
            },
            format,
            encoding: Some(encoding),
            delimiter: Some(delimiter),
            size,
        })
    }

    fn open_workbook(
        path: &Path,
        format: Format,
        head: Vec<u8>,
        mut file: File,
        size: u64,
    ) -> Result<Rows, ImportError> {
        let name = path.display().to_string();
        if size > MAX_WORKBOOK_BYTES {
            return Err(ImportError::TooLarge {
                file: name,
                detail: format!(
                    "the workbook is {} MiB; the limit is {} MiB. Export it as CSV instead, which has no size limit",
                    size >> 20,
                    MAX_WORKBOOK_BYTES >> 20
                ),
            });
        }
        let mut bytes = head;
        file.read_to_end(&mut bytes)
            .map_err(|source| ImportError::Io {
                file: name.clone(),
                source,
            })?;
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let rows = super::workbook::open_first_sheet(&name, format, bytes)?;
        Ok(Rows {
            inner: Inner::Sheet { rows, sha256 },
            format,
            encoding: None,
            delimiter: None,
            size,
        })
    }

    /// Progress through the file as a fraction in 0..=1.
    pub fn progress(&self) -> f64 {
        match &self.inner {
            Inner::Text { reader, .. } => reader.get_ref().bytes as f64 / self.size.max(1) as f64,
            Inner::Sheet { rows, .. } => rows.progress(),
        }
    }

    /// The SHA-256 of the file's bytes; complete once every row has been read.
    pub fn sha256(&mut self) -> String {
        match &mut self.inner {
            Inner::Text { reader, .. } => {
                // Drain what the CSV reader has not asked for yet, so the hash covers the file.
                let inner = reader.get_mut();
                inner.record_start = None;
                let _ = io::copy(inner, &mut io::sink());
                hex::encode(inner.hasher.clone().finalize())
            }
            Inner::Sheet { sha256, .. } => sha256.clone(),
        }
    }

    /// The next row, or an error naming the file and line for unreadable text.
    pub fn next_row(&mut self, file: &str) -> Option<Result<RawRow, ImportError>> {
        let mut raw = RawRow::default();
        self.next_row_into(file, &mut raw)
            .map(|read| read.map(|()| raw))
    }

    /// [`Rows::next_row`] into `raw`, reusing the memory of its cells: reading a
    /// text export then allocates nothing per row.
    pub fn next_row_into(
        &mut self,
        file: &str,
        raw: &mut RawRow,
    ) -> Option<Result<(), ImportError>> {
        match &mut self.inner {
            Inner::Text {
                reader,
                record,
                encoding,
            } => match reader.read_byte_record(record) {
                Ok(false) => None,
                Ok(true) => {
                    let byte = record.position().map_or(0, csv::Position::byte);
                    let next = reader.position().byte();
                    let hashing = reader.get_mut();
                    hashing.record_start = Some(next);
                    raw.row = hashing.record_line(byte);
                    raw.cells.truncate(record.len());
                    for (i, bytes) in record.iter().enumerate() {
                        set_text(&mut raw.cells, i, &sniff::decode_borrowed(bytes, *encoding));
                    }
                    Some(Ok(()))
                }
                Err(e) => {
                    let too_long = matches!(e.kind(), csv::ErrorKind::Io(io)
                        if io.get_ref().is_some_and(|inner| inner.is::<RecordTooLong>()));
                    if too_long {
                        let start = reader.position().byte();
                        let row = reader.get_mut().record_line(start);
                        return Some(Err(ImportError::Layout {
                            file: format!("{file}:{row}"),
                            message: format!(
                                "a record is longer than {} MiB (an endless field or a quote that is never closed?); \
                                 no export holds such rows, so the file is refused",
                                MAX_RECORD_BYTES >> 20
                            ),
                        }));
                    }
                    Some(Err(ImportError::Layout {
                        file: file.to_owned(),
                        message: format!("cannot read the text: {e}"),
                    }))
                }
            },
            Inner::Sheet { rows, .. } => rows.next_row().map(|read| read.map(|row| *raw = row)),
        }
    }
}

/// Sets cell `i` to `text` (blank text is an empty cell), reusing the cell's string.
fn set_text(cells: &mut Vec<Cell>, i: usize, text: &str) {
    let blank = text.trim().is_empty();
    match cells.get_mut(i) {
        Some(Cell::Text(s)) if !blank => {
            s.clear();
            s.push_str(text);
        }
        Some(cell) if blank => *cell = Cell::Empty,
        Some(cell) => *cell = Cell::Text(text.to_owned()),
        None if blank => cells.push(Cell::Empty),
        None => cells.push(Cell::Text(text.to_owned())),
    }
}
