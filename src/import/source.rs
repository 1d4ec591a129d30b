//! Reading an export as rows of cells, whatever its container: a streamed text
//! file (hashed as it is read) or a workbook's first sheet with data.

use super::ImportError;
use super::sniff::{self, Encoding, Format};
use super::values::Cell;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

/// The largest workbook read; its sheets are unpacked in memory.
pub const MAX_WORKBOOK_BYTES: u64 = 256 * 1024 * 1024;

/// One row of an export with its 1-based row number in the file.
#[derive(Debug, Clone)]
pub struct RawRow {
    pub row: u64,
    pub cells: Vec<Cell>,
}

/// Passes bytes through while hashing and counting them, and notes where empty
/// lines are: the CSV parser skips them and would number the next record wrongly.
struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
    line_start: u64,
    line_has_content: bool,
    /// (start, start of the following line) of each empty line not yet passed.
    blank_lines: std::collections::VecDeque<(u64, u64)>,
}

impl<R> HashingReader<R> {
    fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
            line_start: 0,
            line_has_content: false,
            blank_lines: std::collections::VecDeque::new(),
        }
    }

    /// The true line of a record the parser says starts at `byte` on `line`:
    /// one more for each empty line it skipped from there.
    fn record_line(&mut self, byte: u64, line: u64) -> u64 {
        while self
            .blank_lines
            .front()
            .is_some_and(|(start, _)| *start < byte)
        {
            self.blank_lines.pop_front();
        }
        let mut at = byte;
        let mut skipped = 0;
        while let Some(&(start, next)) = self.blank_lines.get(skipped) {
            if start != at {
                break;
            }
            skipped += 1;
            at = next;
        }
        line + skipped as u64
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        for (i, &b) in buf[..n].iter().enumerate() {
            match b {
                b'\n' => {
                    let next = self.bytes + i as u64 + 1;
                    if !self.line_has_content {
                        self.blank_lines.push_back((self.line_start, next));
                    }
                    self.line_start = next;
                    self.line_has_content = false;
                }
                b'\r' => {}
                _ => self.line_has_content = true,
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

/// The CSV reader over the sniffed head and the rest of the file, hashing both.
type TextReader = csv::Reader<HashingReader<io::Chain<io::Cursor<Vec<u8>>, BufReader<File>>>>;

// One `Inner` exists per open file, so the size of the text variant costs nothing.
#[allow(clippy::large_enum_variant)]
enum Inner {
    Text {
        reader: TextReader,
        record: csv::ByteRecord,
        encoding: Encoding,
    },
    Sheet {
        rows: std::vec::IntoIter<RawRow>,
        sha256: String,
        total: usize,
    },
}

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
                reader,
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
        let rows = super::workbook::read_first_sheet(&name, format, bytes)?;
        let total = rows.len();
        Ok(Rows {
            inner: Inner::Sheet {
                rows: rows.into_iter(),
                sha256,
                total,
            },
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
            Inner::Sheet { rows, total, .. } => 1.0 - rows.len() as f64 / (*total).max(1) as f64,
        }
    }

    /// The SHA-256 of the file's bytes; complete once every row has been read.
    pub fn sha256(&mut self) -> String {
        match &mut self.inner {
            Inner::Text { reader, .. } => {
                // Drain what the CSV reader has not asked for yet, so the hash covers the file.
                let inner = reader.get_mut();
                let _ = io::copy(inner, &mut io::sink());
                hex::encode(inner.hasher.clone().finalize())
            }
            Inner::Sheet { sha256, .. } => sha256.clone(),
        }
    }

    /// The next row, or an error naming the file and line for unreadable text.
    pub fn next_row(&mut self, file: &str) -> Option<Result<RawRow, ImportError>> {
        match &mut self.inner {
            Inner::Text {
                reader,
                record,
                encoding,
            } => match reader.read_byte_record(record) {
                Ok(false) => None,
                Ok(true) => {
                    let (byte, line) = record.position().map_or((0, 0), |p| (p.byte(), p.line()));
                    let row = reader.get_mut().record_line(byte, line);
                    let cells = record
                        .iter()
                        .map(|b| {
                            let s = sniff::decode(b, *encoding);
                            if s.trim().is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(s)
                            }
                        })
                        .collect();
                    Some(Ok(RawRow { row, cells }))
                }
                Err(e) => Some(Err(ImportError::Layout {
                    file: file.to_owned(),
                    message: format!("cannot read the text: {e}"),
                })),
            },
            Inner::Sheet { rows, .. } => rows.next().map(Ok),
        }
    }
}
