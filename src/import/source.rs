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

/// How a row ended in its file. A text row may be cut short by a truncated
/// file; a workbook's rows carry no such evidence (their trailing empty cells are
/// not kept), so they are [`RowEnd::Sheet`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RowEnd {
    /// A line break ended it.
    Line,
    /// The file ended without a line break after it.
    Eof,
    /// The file ended inside a quoted field that opened in this row.
    Quote,
    #[default]
    Sheet,
}

/// One row of an export with its 1-based row number in the file.
#[derive(Debug, Clone, Default)]
pub struct RawRow {
    pub row: u64,
    pub cells: Vec<Cell>,
    pub end: RowEnd,
    /// The cleaned text of the text cells [`RawRow::clean_columns`] was asked
    /// for, by column; empty until it is.
    pub cleaned: Vec<Option<Cleaned>>,
}

/// A text cell as [`crate::text::clean_borrowed`] leaves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cleaned {
    /// The cell's own text between these byte offsets: cleaning only trims it.
    Within(usize, usize),
    /// A text cleaning changed.
    Changed(String),
}

impl RawRow {
    /// Cleans the text cells of `columns` ahead of their use, so an import's reading
    /// thread can take the work off its parsing thread.
    pub fn clean_columns(&mut self, columns: &[usize]) {
        self.cleaned.clear();
        self.cleaned.resize(self.cells.len(), None);
        for &c in columns {
            if let Some(Cell::Text(text)) = self.cells.get(c) {
                self.cleaned[c] = Some(match crate::text::clean_borrowed(text) {
                    std::borrow::Cow::Borrowed(within) => {
                        let start = within.as_ptr().addr() - text.as_ptr().addr();
                        Cleaned::Within(start, start + within.len())
                    }
                    std::borrow::Cow::Owned(changed) => Cleaned::Changed(changed),
                });
            }
        }
    }

    /// Column `c`'s cleaned text, when [`RawRow::clean_columns`] worked it out.
    pub fn cleaned(&self, c: usize) -> Option<&str> {
        match (self.cells.get(c), self.cleaned.get(c)) {
            (Some(Cell::Text(text)), Some(Some(Cleaned::Within(start, end)))) => {
                text.get(*start..*end)
            }
            (_, Some(Some(Cleaned::Changed(changed)))) => Some(changed),
            _ => None,
        }
    }
}

/// The file an import read, told apart from any other file (or a later file
/// under the same name) by device and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileIdentity {
    pub dev: u64,
    pub ino: u64,
}

impl FileIdentity {
    fn of(meta: &std::fs::Metadata) -> FileIdentity {
        use std::os::unix::fs::MetadataExt;
        FileIdentity {
            dev: meta.dev(),
            ino: meta.ino(),
        }
    }
}

/// What kind of thing a path names, when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAFile {
    Directory,
    Fifo,
    Socket,
    Device,
    Other,
}

impl NotAFile {
    fn of(kind: std::fs::FileType) -> Option<NotAFile> {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_file() {
            None
        } else if kind.is_dir() {
            Some(NotAFile::Directory)
        } else if kind.is_fifo() {
            Some(NotAFile::Fifo)
        } else if kind.is_socket() {
            Some(NotAFile::Socket)
        } else if kind.is_block_device() || kind.is_char_device() {
            Some(NotAFile::Device)
        } else {
            Some(NotAFile::Other)
        }
    }

    pub fn name(self, lang: crate::i18n::Lang) -> &'static str {
        use crate::i18n::import::Text;
        match self {
            NotAFile::Directory => Text::KindDirectory,
            NotAFile::Fifo => Text::KindFifo,
            NotAFile::Socket => Text::KindSocket,
            NotAFile::Device => Text::KindDevice,
            NotAFile::Other => Text::KindOther,
        }
        .text(lang)
    }
}

/// Opens `path` for reading only if it is a regular file (through symlinks).
/// A FIFO, socket or device would block or never end, so it is refused before
/// it is opened, and again on the opened descriptor, which is opened without
/// blocking in case the path was swapped in between.
pub fn open_regular(path: &Path) -> Result<(File, std::fs::Metadata), ImportError> {
    use std::os::unix::fs::OpenOptionsExt;
    let file_name = path.display().to_string();
    let io_err = |source| ImportError::Io {
        file: file_name.clone(),
        source,
    };
    let refuse = |kind| ImportError::NotAFile {
        file: file_name.clone(),
        kind,
    };
    let meta = std::fs::metadata(path).map_err(io_err)?;
    if let Some(kind) = NotAFile::of(meta.file_type()) {
        return Err(refuse(kind));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(io_err)?;
    let meta = file.metadata().map_err(io_err)?;
    if let Some(kind) = NotAFile::of(meta.file_type()) {
        return Err(refuse(kind));
    }
    Ok((file, meta))
}

/// What [`remove_source`] removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// The file whose bytes were read.
    pub file: std::path::PathBuf,
    /// The symlink it was named by, removed too (it would point at nothing).
    pub link: Option<std::path::PathBuf>,
    /// Other hard links to the same data, which still hold it.
    pub other_links: u64,
}

/// Removes the file an import read (`--remove-source`). A path that is a
/// symlink removes the file it points to, which holds the data, and then the
/// link; the file must still be the one that was read (same device and inode),
/// or nothing is removed.
pub fn remove_source(path: &Path, read: FileIdentity) -> Result<Removed, ImportError> {
    use std::os::unix::fs::MetadataExt;
    let io_err = |p: &Path| {
        let file = p.display().to_string();
        move |source| ImportError::Io { file, source }
    };
    let named = std::fs::symlink_metadata(path).map_err(io_err(path))?;
    let (target, link) = if named.file_type().is_symlink() {
        let target = std::fs::canonicalize(path).map_err(io_err(path))?;
        (target, Some(path.to_path_buf()))
    } else {
        (path.to_path_buf(), None)
    };
    let meta = std::fs::symlink_metadata(&target).map_err(io_err(&target))?;
    if FileIdentity::of(&meta) != read || !meta.file_type().is_file() {
        return Err(ImportError::SourceChanged {
            file: path.display().to_string(),
        });
    }
    std::fs::remove_file(&target).map_err(io_err(&target))?;
    if let Some(link) = &link {
        std::fs::remove_file(link).map_err(io_err(link))?;
    }
    Ok(Removed {
        file: target,
        link,
        other_links: meta.nlink().saturating_sub(1),
    })
}

/// The raw bytes of a text file as they are read, hashed and counted.
struct Hashed<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> Read for Hashed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

type RawText = Hashed<io::Chain<io::Cursor<Vec<u8>>, BufReader<File>>>;

/// UTF-16 text turned into UTF-8 as it is read.
struct Utf16 {
    raw: RawText,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    output: Vec<u8>,
    at: usize,
    done: bool,
}

/// The text as the parser reads it: the raw bytes, or UTF-16 turned into UTF-8
/// on the way (the hash stays that of the raw bytes).
enum Decoded {
    Plain(RawText),
    Utf16(Box<Utf16>),
}

impl Decoded {
    fn raw(&mut self) -> &mut RawText {
        match self {
            Decoded::Plain(raw) => raw,
            Decoded::Utf16(u) => &mut u.raw,
        }
    }

    fn raw_ref(&self) -> &RawText {
        match self {
            Decoded::Plain(raw) => raw,
            Decoded::Utf16(u) => &u.raw,
        }
    }
}

impl Read for Decoded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Decoded::Plain(raw) => raw.read(buf),
            Decoded::Utf16(u) => u.read(buf),
        }
    }
}

impl Read for Utf16 {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.at < self.output.len() {
                let n = buf.len().min(self.output.len() - self.at);
                buf[..n].copy_from_slice(&self.output[self.at..self.at + n]);
                self.at += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            self.input.resize(64 * 1024, 0);
            let n = self.raw.read(&mut self.input)?;
            let last = n == 0;
            let room = self
                .decoder
                .max_utf8_buffer_length(n)
                .unwrap_or(4 * n + 16)
                .max(16);
            self.output.clear();
            self.output.resize(room, 0);
            // Unpaired surrogates become U+FFFD, as any reader of the file would show them.
            let (_, _, written, _) =
                self.decoder
                    .decode_to_utf8(&self.input[..n], &mut self.output, last);
            self.output.truncate(written);
            self.at = 0;
            self.done = last;
        }
    }
}

/// The parser's view of the text: notes where line breaks are (the CSV
/// parser's own line numbers go wrong with CRLF and skipped empty lines, and an
/// error must name the line a person sees in an editor), bounds the length of a
/// record, and follows the quoting as the parser does, so that a file that ends
/// inside a quoted field, or in the middle of a line, is known.
struct Tracker {
    inner: Decoded,
    /// Decoded bytes passed to the parser.
    bytes: u64,
    /// Offsets of `\r` and `\n` bytes not yet passed by the parser (true for `\n`).
    breaks: std::collections::VecDeque<(u64, bool)>,
    /// Newlines already passed.
    lines_before: u64,
    /// Where the record being parsed starts; `None` once records are no longer bounded.
    record_start: Option<u64>,
    quoting: Quoting,
    last_byte: Option<u8>,
    eof: bool,
}

/// Where the quoting stands, as RFC 4180 (and the `csv` crate) reads it: a
/// quote opens a field only at its start, `""` inside one is a literal quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quote {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: its end, or the first of `""`.
    Closing,
}

/// The quoting of a text as it streams past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Quoting {
    state: Quote,
    delimiter: u8,
}

impl Quoting {
    fn new(delimiter: u8) -> Quoting {
        Quoting {
            state: Quote::FieldStart,
            delimiter,
        }
    }

    /// Follows the quoting through `bytes`, jumping over what cannot change it:
    /// inside quotes only a quote matters, inside an unquoted field only a
    /// delimiter or a line break.
    fn follow_all(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            let rest = &bytes[i..];
            let skip = match self.state {
                Quote::Quoted => memchr::memchr(b'"', rest),
                Quote::Unquoted => memchr::memchr3(self.delimiter, b'\n', b'\r', rest),
                Quote::FieldStart | Quote::Closing => Some(0),
            };
            let Some(skip) = skip else { return };
            i += skip;
            self.follow(bytes[i]);
            i += 1;
        }
    }

    fn follow(&mut self, b: u8) {
        self.state = match (self.state, b) {
            (Quote::Quoted, b'"') => Quote::Closing,
            (Quote::Quoted, _) => Quote::Quoted,
            (Quote::Closing, b'"') => Quote::Quoted,
            (Quote::FieldStart, b'"') => Quote::Quoted,
            (_, b'\n' | b'\r') => Quote::FieldStart,
            (_, d) if d == self.delimiter => Quote::FieldStart,
            _ => Quote::Unquoted,
        };
    }
}

impl Tracker {
    fn new(inner: Decoded, delimiter: u8) -> Self {
        Tracker {
            inner,
            bytes: 0,
            breaks: Default::default(),
            lines_before: 0,
            record_start: Some(0),
            quoting: Quoting::new(delimiter),
            last_byte: None,
            eof: false,
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

    /// How the record that ends at `next` (the parser's position after it) ended.
    fn end_of(&self, next: u64) -> RowEnd {
        if !self.eof || next < self.bytes {
            return RowEnd::Line;
        }
        if self.quoting.state == Quote::Quoted {
            RowEnd::Quote
        } else if matches!(self.last_byte, Some(b'\n' | b'\r')) {
            RowEnd::Line
        } else {
            RowEnd::Eof
        }
    }
}

impl Read for Tracker {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self
            .record_start
            .is_some_and(|start| self.bytes - start.min(self.bytes) > MAX_RECORD_BYTES)
        {
            return Err(io::Error::new(io::ErrorKind::InvalidData, RecordTooLong));
        }
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            self.eof = true;
        }
        for i in memchr::memchr2_iter(b'\n', b'\r', &buf[..n]) {
            self.breaks
                .push_back((self.bytes + i as u64, buf[i] == b'\n'));
        }
        self.quoting.follow_all(&buf[..n]);
        if n > 0 {
            self.last_byte = Some(buf[n - 1]);
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
    /// Which file was read (for `--remove-source`).
    pub identity: FileIdentity,
}

/// The text file as the CSV parser reads it: the sniffed head, then the rest.
type TextReader = csv::Reader<Tracker>;

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
        let (mut file, meta) = open_regular(path)?;
        let size = meta.len();
        let identity = FileIdentity::of(&meta);
        let mut head = Vec::with_capacity(64 * 1024);
        (&mut file)
            .take(64 * 1024)
            .read_to_end(&mut head)
            .map_err(io_err)?;
        let format = sniff::format_of(&head);
        if format != Format::Text {
            return Self::open_workbook(path, format, head, file, size, identity);
        }
        let encoding = sniff::encoding_of(&head);
        let delimiter = sniff::delimiter_of(&sniff::head_as_utf8(&head, encoding));
        let chained = io::Cursor::new(head).chain(BufReader::with_capacity(256 * 1024, file));
        let raw = Hashed {
            inner: chained,
            hasher: Sha256::new(),
            bytes: 0,
        };
        let decoded = match encoding.utf16_decoder() {
            Some(decoder) => Decoded::Utf16(Box::new(Utf16 {
                raw,
                decoder,
                input: Vec::new(),
                output: Vec::new(),
                at: 0,
                done: false,
            })),
            None => Decoded::Plain(raw),
        };
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(256 * 1024)
            .from_reader(Tracker::new(decoded, delimiter));
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
            identity,
        })
    }

    fn open_workbook(
        path: &Path,
        format: Format,
        head: Vec<u8>,
        mut file: File,
        size: u64,
        identity: FileIdentity,
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
            identity,
        })
    }

    /// Progress through the file as a fraction in 0..=1.
    pub fn progress(&self) -> f64 {
        match &self.inner {
            Inner::Text { reader, .. } => {
                reader.get_ref().inner.raw_ref().bytes as f64 / self.size.max(1) as f64
            }
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
                hex::encode(inner.inner.raw().hasher.clone().finalize())
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
        raw.cleaned.clear();
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
                    let tracker = reader.get_mut();
                    tracker.record_start = Some(next);
                    raw.row = tracker.record_line(byte);
                    raw.end = tracker.end_of(next);
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
    // Nearly every cell starts with a printable ASCII character: it is not blank.
    let blank =
        !text.as_bytes().first().is_some_and(u8::is_ascii_graphic) && text.trim().is_empty();
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cells_cleaned_ahead_read_as_cleaning_them_then_would() {
        let texts = ["  Förråd 2  ", "A\u{200B}B\u{1b}[31m", "  Dörr  ", ""];
        let mut raw = RawRow::default();
        for (i, t) in texts.iter().enumerate() {
            set_text(&mut raw.cells, i, t);
        }
        raw.clean_columns(&[0, 1, 3, 9]);
        assert_eq!(raw.cleaned(0), Some("Förråd 2"));
        assert_eq!(
            raw.cleaned(0),
            Some(&*crate::text::clean_borrowed(texts[0]))
        );
        assert_eq!(
            raw.cleaned(1),
            Some(&*crate::text::clean_borrowed(texts[1]))
        );
        assert!(matches!(raw.cleaned[1], Some(Cleaned::Changed(_))));
        // Not asked for, empty, or past the row's end: left to the reader of the row.
        assert_eq!(
            (raw.cleaned(2), raw.cleaned(3), raw.cleaned(9)),
            (None, None, None)
        );
    }

    fn state_after(text: &[u8]) -> Quote {
        let mut q = Quoting::new(b';');
        q.follow_all(text);
        q.state
    }

    #[test]
    fn quoting_is_followed_as_rfc_4180_reads_it() {
        assert_eq!(state_after(b"a;\"b"), Quote::Quoted);
        assert_eq!(state_after(b"a;\"b\nc;d"), Quote::Quoted);
        assert_eq!(state_after(b"a;\"b\"\"c"), Quote::Quoted);
        assert_eq!(state_after(b"a;\"b\"\"c\"\n"), Quote::FieldStart);
        // A quote inside an unquoted field is a plain character.
        assert_eq!(state_after(b"a;b\"c\n"), Quote::FieldStart);
        assert_eq!(state_after(b"a;b\"c;\"d"), Quote::Quoted);
        assert_eq!(state_after(b"a;\"\""), Quote::Closing);
    }

    proptest! {
        #[test]
        fn jumping_ahead_follows_the_quoting_as_byte_by_byte(
            text in proptest::collection::vec(prop_oneof![Just(b'"'), Just(b';'), Just(b'\n'), Just(b'\r'), Just(b'a'), Just(b' ')], 0..300),
            cut in 0usize..300,
        ) {
            let mut one = Quoting::new(b';');
            for &b in &text {
                one.follow(b);
            }
            // However the reads split the text.
            let cut = cut.min(text.len());
            let mut jumps = Quoting::new(b';');
            jumps.follow_all(&text[..cut]);
            jumps.follow_all(&text[cut..]);
            prop_assert_eq!(one, jumps);
        }
    }
}
