//! Bounds on a workbook's container, checked before calamine unpacks it:
//! calamine decompresses whole parts into memory and builds each sheet as a
//! dense grid spanning its outermost cells, with no limit of its own.
//!
//! XLSX and ODS are zip files: see [`check`]. XLS is a compound file whose
//! `Workbook` stream holds BIFF records: see [`check_xls`].
//!
//! Declared sizes can lie, so every XML part is also streamed through (and
//! thrown away) with a cap, and scanned on the way for what makes a small file
//! expand into a huge grid: dimensions and cell references past Excel's limits,
//! a used area too large to hold, and single texts of absurd length.

use std::io::{Cursor, Read};

const MIB: u64 = 1024 * 1024;
/// The most a workbook may unpack to, all parts together.
pub const MAX_UNCOMPRESSED: u64 = 512 * MIB;
/// Parts this large must not be compressed more than [`MAX_RATIO`] to one.
const RATIO_FLOOR: u64 = 50 * MIB;
const MAX_RATIO: u64 = 200;
const MAX_ENTRIES: usize = 10_000;
/// Excel's own limits.
pub const MAX_ROWS: u64 = 1_048_576;
pub const MAX_COLUMNS: u64 = 16_384;
/// The largest used area (rows × columns) read. calamine holds the grid dense at
/// 32 bytes a cell, so this keeps a sheet within 256 MiB while a full 1M-row
/// export of six columns still fits.
pub const MAX_CELLS: u64 = 8_000_000;
/// The longest text between two tags (a cell holds at most 32,767 characters).
pub const MAX_TEXT: u64 = MIB;

/// Why a workbook is refused before it is unpacked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("{0}")]
    TooLarge(String),
    #[error("{0}")]
    Damaged(String),
}

/// Checks a zip-based workbook's bytes; `Ok` when calamine may open it.
pub fn check(bytes: &[u8]) -> Result<(), Refused> {
    check_parts(bytes, |_| true)
}

/// Like [`check`], for an XLSX workbook whose sheet is streamed cell by cell
/// (`workbook::open_first_sheet`): its worksheets' declared sizes are checked
/// here, and the zip reader holds each part to its declared size, but their
/// cells are checked as they stream rather than unpacked twice.
pub fn check_before_streaming(bytes: &[u8]) -> Result<(), Refused> {
    check_parts(bytes, |name| !name.starts_with("xl/worksheets/"))
}

/// Checks the container, unpacking and scanning the XML parts `scan` names.
fn check_parts(bytes: &[u8], scan: impl Fn(&str) -> bool) -> Result<(), Refused> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Refused::Damaged(format!("not a readable zip container: {e}")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(Refused::TooLarge(format!(
            "the workbook holds {} parts; the limit is {MAX_ENTRIES}",
            zip.len()
        )));
    }
    let mut total: u64 = 0;
    let mut declared = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| Refused::Damaged(format!("part {i}: {e}")))?;
        let name = entry
            .name()
            .map_or_else(|_| format!("part {i}"), |n| n.into_owned());
        let (size, packed) = (entry.size(), entry.compressed_size());
        total = total.saturating_add(size);
        if size > RATIO_FLOOR && size / packed.max(1) > MAX_RATIO {
            return Err(Refused::TooLarge(format!(
                "part {name} unpacks from {} KiB to {} MiB ({}:1); this looks like a decompression bomb",
                packed >> 10,
                size >> 20,
                size / packed.max(1)
            )));
        }
        declared.push((name, size));
    }
    if total > MAX_UNCOMPRESSED {
        return Err(too_much(total));
    }
    let mut unpacked: u64 = 0;
    for (i, (name, size)) in declared.into_iter().enumerate() {
        if !(name.ends_with(".xml") || name.ends_with(".rels")) || !scan(&name) {
            continue;
        }
        let entry = zip
            .by_index(i)
            .map_err(|e| Refused::Damaged(format!("part {name}: {e}")))?;
        let mut scan = Scan::new(&name, size);
        // One byte more than declared shows a part that lies about its size.
        let mut limited = entry.take(size.saturating_add(1));
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match limited.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => return Err(Refused::Damaged(format!("part {name}: {e}"))),
            };
            scan.feed(&buf[..n])?;
        }
        if scan.bytes > size {
            return Err(Refused::TooLarge(format!(
                "part {name} unpacks to more than the {size} bytes it declares; this looks like a decompression bomb"
            )));
        }
        unpacked += scan.bytes;
        if unpacked > MAX_UNCOMPRESSED {
            return Err(too_much(unpacked));
        }
        scan.finish()?;
    }
    Ok(())
}

/// Checks an XLS (BIFF in a compound file): no sheet may place cells so far apart
/// that the grid calamine builds between them exceeds [`MAX_CELLS`]. A file this
/// reader cannot follow is left to calamine, which reports it as damaged.
pub fn check_xls(bytes: &[u8]) -> Result<(), Refused> {
    let Some(stream) = cfb::workbook_stream(bytes) else {
        return Ok(());
    };
    let stream = stream?;
    let mut scan = Scan::new("Workbook", stream.len() as u64);
    let mut at = 0usize;
    while let Some(head) = stream.get(at..at + 4) {
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let Some(data) = stream.get(at + 4..at + 4 + len) else {
            break;
        };
        at += 4 + len;
        let u16_at = |i: usize| {
            data.get(i..i + 2)
                .map(|b| u64::from(u16::from_le_bytes([b[0], b[1]])))
        };
        match kind {
            // BOF: a new sheet (or the workbook globals) begins.
            0x0809 => {
                scan.rows = None;
                scan.cols = None;
            }
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: one cell.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(row), Some(col)) = (u16_at(0), u16_at(2)) {
                    scan.place(row + 1, col + 1)?;
                }
            }
            // MulRk: a run of cells in one row, its last column at the end.
            0x00BD => {
                if let (Some(row), Some(first), Some(last)) =
                    (u16_at(0), u16_at(2), len.checked_sub(2).and_then(u16_at))
                {
                    scan.place(row + 1, first + 1)?;
                    scan.place(row + 1, last.max(first) + 1)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Just enough of the compound file format (MS-CFB) to find the `Workbook` stream.
mod cfb {
    const FREE_OR_END: u32 = 0xFFFF_FFFA;

    fn u32_at(b: &[u8], i: usize) -> Option<u32> {
        b.get(i..i + 4)
            .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }

    struct File<'a> {
        bytes: &'a [u8],
        sector: usize,
        fat: Vec<u32>,
    }

    impl<'a> File<'a> {
        fn sector(&self, id: u32) -> Option<&'a [u8]> {
            let start = (id as usize).checked_add(1)?.checked_mul(self.sector)?;
            let end = start.checked_add(self.sector)?.min(self.bytes.len());
            self.bytes.get(start..end)
        }

        /// Whether a chain comes back to a sector it already passed: calamine
        /// follows the directory's chain until its end and would never stop.
        fn loops(&self, start: u32) -> bool {
            let mut seen = vec![false; self.fat.len()];
            let mut id = start;
            while let Some(next) = self.fat.get(id as usize) {
                if std::mem::replace(&mut seen[id as usize], true) {
                    return true;
                }
                id = *next;
            }
            false
        }

        /// The sectors of a chain in the FAT, bounded so a loop cannot hang.
        fn chain(&self, start: u32, table: &[u32]) -> Vec<u32> {
            let mut out = Vec::new();
            let mut id = start;
            while id < FREE_OR_END && out.len() <= table.len() {
                out.push(id);
                id = *table.get(id as usize).unwrap_or(&u32::MAX);
            }
            out
        }

        fn read_chain(&self, start: u32, len: usize) -> Vec<u8> {
            let mut out = Vec::with_capacity(len.min(self.bytes.len()));
            for id in self.chain(start, &self.fat) {
                match self.sector(id) {
                    Some(s) => out.extend_from_slice(s),
                    None => break,
                }
                if out.len() >= len {
                    break;
                }
            }
            out.truncate(len);
            out
        }
    }

    /// The `Workbook` stream; `None` when the file cannot be followed this far,
    /// an error when following it as calamine does would never end.
    pub(super) fn workbook_stream(bytes: &[u8]) -> Option<Result<Vec<u8>, super::Refused>> {
        if !bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") || bytes.len() < 512 {
            return None;
        }
        let sector = match u16::from_le_bytes([bytes[30], bytes[31]]) {
            9 => 512,
            12 => 4096,
            _ => return None,
        };
        let mut file = File {
            bytes,
            sector,
            fat: Vec::new(),
        };
        // The FAT's own sectors: 109 in the header, then the DIFAT chain.
        let mut fat_sectors: Vec<u32> =
            (0..109).filter_map(|i| u32_at(bytes, 76 + 4 * i)).collect();
        let mut difat = u32_at(bytes, 68)?;
        let per = sector / 4 - 1;
        let mut hops = 0;
        while difat < FREE_OR_END && hops <= bytes.len() / sector {
            let s = file.sector(difat)?;
            fat_sectors.extend((0..per).filter_map(|i| u32_at(s, 4 * i)));
            difat = u32_at(s, 4 * per)?;
            hops += 1;
        }
        let mut fat = Vec::new();
        for id in fat_sectors.into_iter().filter(|&id| id < FREE_OR_END) {
            let s = file.sector(id)?;
            fat.extend((0..s.len() / 4).filter_map(|i| u32_at(s, 4 * i)));
        }
        file.fat = fat;
        let dir_start = u32_at(bytes, 48)?;
        if file.loops(dir_start) {
            return Some(Err(super::Refused::Damaged(
                "the compound file's directory chain loops back on itself".into(),
            )));
        }
        let dir = file.read_chain(dir_start, usize::MAX);
        let cutoff = u32_at(bytes, 56)? as usize;
        let mut root: Option<(u32, usize)> = None;
        let mut workbook: Option<(u32, usize)> = None;
        for entry in dir.chunks_exact(128) {
            let name_len = usize::from(u16::from_le_bytes([entry[64], entry[65]])).min(64);
            let name: Vec<u16> = entry[..name_len.saturating_sub(2)]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let name = String::from_utf16_lossy(&name);
            let start = u32_at(entry, 116)?;
            let size = u32_at(entry, 120)? as usize;
            match entry[66] {
                5 => root = Some((start, size)),
                2 if workbook.is_none()
                    && (name.eq_ignore_ascii_case("Workbook")
                        || name.eq_ignore_ascii_case("Book")) =>
                {
                    workbook = Some((start, size));
                }
                _ => {}
            }
        }
        let (start, size) = workbook?;
        if size >= cutoff {
            return Some(Ok(file.read_chain(start, size)));
        }
        // A small stream lives in 64-byte mini sectors inside the root's stream.
        let (root_start, root_size) = root?;
        let mini = file.read_chain(root_start, root_size);
        let minifat_bytes = file.read_chain(u32_at(bytes, 60)?, usize::MAX);
        let minifat: Vec<u32> = (0..minifat_bytes.len() / 4)
            .filter_map(|i| u32_at(&minifat_bytes, 4 * i))
            .collect();
        let mut out = Vec::with_capacity(size.min(mini.len()));
        for id in file.chain(start, &minifat) {
            let at = (id as usize).checked_mul(64)?;
            match mini.get(at..(at + 64).min(mini.len())) {
                Some(s) => out.extend_from_slice(s),
                None => break,
            }
            if out.len() >= size {
                break;
            }
        }
        out.truncate(size);
        Some(Ok(out))
    }
}

fn too_much(bytes: u64) -> Refused {
    Refused::TooLarge(format!(
        "the workbook unpacks to {} MiB; the limit is {} MiB. Export it as CSV instead, which has no size limit",
        bytes >> 20,
        MAX_UNCOMPRESSED >> 20
    ))
}

/// Streams one XML part, remembering just enough to judge it.
struct Scan<'a> {
    name: &'a str,
    /// The size the part declares.
    declared: u64,
    bytes: u64,
    /// Bytes of text since the last `<`.
    text_run: u64,
    /// The end of the previous chunk, so a pattern split across two is still seen.
    tail: Vec<u8>,
    /// Rows and columns (1-based) of the used area seen so far.
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

/// Attributes that decide how much calamine allocates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attr {
    /// Where an XLSX cell is.
    CellRef,
    /// The area an XLSX sheet says it uses.
    Dimension,
    /// ODS cells repeated down or across.
    RowsRepeated,
    ColumnsRepeated,
    /// The number of XLSX shared strings.
    StringCount,
}

const PATTERNS: &[(&[u8], Attr)] = &[
    (b"<c r=\"", Attr::CellRef),
    (b"<dimension ref=\"", Attr::Dimension),
    (b"table:number-rows-repeated=\"", Attr::RowsRepeated),
    (b"table:number-columns-repeated=\"", Attr::ColumnsRepeated),
    (b"uniqueCount=\"", Attr::StringCount),
];
/// The longest attribute value judged; longer ones are judged by their start.
const VALUE: usize = 40;
/// Enough of a chunk's end to hold any pattern with its value.
const TAIL: usize = 128;

impl<'a> Scan<'a> {
    fn new(name: &'a str, declared: u64) -> Self {
        Scan {
            name,
            declared,
            bytes: 0,
            text_run: 0,
            tail: Vec::new(),
            rows: None,
            cols: None,
        }
    }

    fn feed(&mut self, chunk: &[u8]) -> Result<(), Refused> {
        self.bytes += chunk.len() as u64;
        match chunk.iter().position(|&b| b == b'<') {
            Some(first) => {
                self.check_text(self.text_run + first as u64)?;
                // Runs between two tags of one chunk are shorter than the chunk.
                if chunk.len() as u64 > MAX_TEXT {
                    let mut run = 0u64;
                    for &b in &chunk[first..] {
                        if b == b'<' {
                            self.check_text(run)?;
                            run = 0;
                        } else {
                            run += 1;
                        }
                    }
                }
                let last = chunk.iter().rposition(|&b| b == b'<').unwrap_or(first);
                self.text_run = (chunk.len() - 1 - last) as u64;
            }
            None => self.text_run += chunk.len() as u64,
        }
        self.check_text(self.text_run)?;

        let mut window = std::mem::take(&mut self.tail);
        let overlap = window.len();
        window.extend_from_slice(chunk);
        self.scan_refs(&window, overlap)?;
        // Keep the end for the next chunk, in the same buffer.
        let passed = window.len().saturating_sub(TAIL);
        window.drain(..passed);
        self.tail = window;
        Ok(())
    }

    fn check_text(&self, run: u64) -> Result<(), Refused> {
        if run > MAX_TEXT {
            return Err(Refused::TooLarge(format!(
                "part {} holds a text of more than {} MiB; no cell holds that much",
                self.name,
                MAX_TEXT >> 20
            )));
        }
        Ok(())
    }

    /// Looks for cell references, dimensions, repeat and string counts in
    /// `window`, whose first `skip` bytes were already seen with the previous chunk.
    fn scan_refs(&mut self, window: &[u8], skip: usize) -> Result<(), Refused> {
        let mut at = 0;
        while let Some(pos) = window[at..].iter().position(|&b| b == b'"') {
            let quote = at + pos;
            at = quote + 1;
            let Some(&(pattern, what)) = pattern_ending(&window[..at]) else {
                continue;
            };
            let start = at - pattern.len();
            let rest = &window[start..];
            let Some(value) = attr_value(&rest[pattern.len()..]) else {
                continue; // cut off at the chunk's end: read again with the next one
            };
            if start + pattern.len() + value.len() < skip {
                continue;
            }
            self.judge(what, value)?;
        }
        Ok(())
    }

    fn judge(&mut self, what: Attr, value: &[u8]) -> Result<(), Refused> {
        let count = || number(value).unwrap_or(u64::MAX);
        match what {
            Attr::CellRef => {
                if let Some((col, row)) = cell_ref(value) {
                    self.place(row, col)?;
                }
            }
            Attr::Dimension => {
                for part in value.split(|&b| b == b':') {
                    if let Some((col, row)) = cell_ref(part) {
                        self.within_limits(row, col)?;
                    }
                }
            }
            Attr::RowsRepeated | Attr::ColumnsRepeated => {
                let (limit, across) = if what == Attr::RowsRepeated {
                    (MAX_ROWS, "rows")
                } else {
                    (MAX_COLUMNS, "columns")
                };
                let n = count();
                if n > limit {
                    return Err(Refused::TooLarge(format!(
                        "part {} repeats a cell {n} times across {across}; a sheet has at most {limit}",
                        self.name
                    )));
                }
            }
            Attr::StringCount => {
                // calamine reserves room for this many strings up front; each
                // takes at least `<si></si>` in the part.
                let n = count();
                if n > MAX_CELLS || n > self.declared / 9 + 16 {
                    return Err(Refused::TooLarge(format!(
                        "part {} claims {n} strings in {} bytes; it cannot hold that many",
                        self.name, self.declared
                    )));
                }
            }
        }
        Ok(())
    }

    fn within_limits(&self, row: u64, col: u64) -> Result<(), Refused> {
        if row > MAX_ROWS || col > MAX_COLUMNS || row == 0 || col == 0 {
            return Err(Refused::TooLarge(format!(
                "part {} refers to row {row}, column {col}; a sheet has at most {MAX_ROWS} rows and {MAX_COLUMNS} columns",
                self.name
            )));
        }
        Ok(())
    }

    fn place(&mut self, row: u64, col: u64) -> Result<(), Refused> {
        self.within_limits(row, col)?;
        let widen = |span: Option<(u64, u64)>, v: u64| {
            Some(span.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
        };
        self.rows = widen(self.rows, row);
        self.cols = widen(self.cols, col);
        let (Some((r0, r1)), Some((c0, c1))) = (self.rows, self.cols) else {
            return Ok(());
        };
        let cells = (r1 - r0 + 1).saturating_mul(c1 - c0 + 1);
        if cells > MAX_CELLS {
            return Err(Refused::TooLarge(format!(
                "part {} spans {} rows by {} columns ({cells} cells); the limit is {MAX_CELLS} cells. Export it as CSV instead",
                self.name,
                r1 - r0 + 1,
                c1 - c0 + 1
            )));
        }
        Ok(())
    }

    fn finish(self) -> Result<(), Refused> {
        self.check_text(self.text_run)
    }
}

/// The pattern `head` ends with. Every pattern ends in `="`, and they differ
/// in the letter before it, so most quotes are passed over after two bytes.
fn pattern_ending(head: &[u8]) -> Option<&'static (&'static [u8], Attr)> {
    let [.., letter, b'=', b'"'] = head else {
        return None;
    };
    PATTERNS
        .iter()
        .find(|(p, _)| p[p.len() - 3] == *letter && head.ends_with(p))
}

/// The bytes up to the closing quote; `None` when the value is cut off by the
/// end of what is at hand.
fn attr_value(rest: &[u8]) -> Option<&[u8]> {
    match rest.iter().take(VALUE).position(|&b| b == b'"') {
        Some(end) => Some(&rest[..end]),
        None if rest.len() >= VALUE => Some(&rest[..VALUE]),
        None => None,
    }
}

fn number(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 19 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // Nineteen digits stay below u64::MAX.
    Some(
        digits
            .iter()
            .fold(0u64, |n, d| n * 10 + u64::from(d - b'0')),
    )
}

/// `AB12` → (column 28, row 12), from the start of an attribute value.
fn cell_ref(value: &[u8]) -> Option<(u64, u64)> {
    let letters = value.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 4 {
        return None;
    }
    let col = value[..letters].iter().fold(0u64, |acc, b| {
        acc * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    // A reference cut off at the chunk's end is read again with the next one.
    let row = number(&value[letters..])?;
    Some((col, row))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn sheet(cells: &str) -> Vec<u8> {
        format!("<worksheet><sheetData><row r=\"1\">{cells}</row></sheetData></worksheet>")
            .into_bytes()
    }

    #[test]
    fn ordinary_workbook_passes() {
        let z = zip_of(&[(
            "xl/worksheets/sheet1.xml",
            &sheet("<c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"F300000\"><v>1</v></c>"),
        )]);
        assert_eq!(check(&z), Ok(()));
    }

    #[test]
    fn cell_refs_are_read_with_columns_in_base_26() {
        assert_eq!(cell_ref(b"A1"), Some((1, 1)));
        assert_eq!(cell_ref(b"XFD1048576"), Some((16384, 1_048_576)));
        assert_eq!(cell_ref(b"AB12"), Some((28, 12)));
        assert_eq!(cell_ref(b"12"), None);
        assert_eq!(attr_value(b"AB12\" t="), Some(&b"AB12"[..]));
        assert_eq!(attr_value(b"AB1"), None);
    }

    #[test]
    fn reference_past_excels_limits_is_refused() {
        let z = zip_of(&[(
            "xl/worksheets/sheet1.xml",
            &sheet("<c r=\"XFE1\"><v>1</v></c>"),
        )]);
        let e = check(&z).unwrap_err().to_string();
        assert!(e.contains("column 16385"), "{e}");
        let z = zip_of(&[(
            "xl/worksheets/sheet1.xml",
            b"<worksheet><dimension ref=\"A1:C1048577\"/></worksheet>",
        )]);
        let e = check(&z).unwrap_err().to_string();
        assert!(e.contains("row 1048577"), "{e}");
    }

    #[test]
    fn sparse_sheet_spanning_a_huge_area_is_refused() {
        let z = zip_of(&[(
            "xl/worksheets/sheet1.xml",
            &sheet("<c r=\"A1\"><v>1</v></c><c r=\"XFD1048576\"><v>1</v></c>"),
        )]);
        let e = check(&z).unwrap_err().to_string();
        assert!(e.contains("1048576 rows by 16384 columns"), "{e}");
    }

    #[test]
    fn huge_shared_string_is_refused() {
        let mut s = b"<sst><si><t>".to_vec();
        s.extend(std::iter::repeat_n(b'x', 2 * MIB as usize));
        s.extend_from_slice(b"</t></si></sst>");
        let z = zip_of(&[("xl/sharedStrings.xml", &s)]);
        let e = check(&z).unwrap_err().to_string();
        assert!(
            e.contains("xl/sharedStrings.xml holds a text of more than 1 MiB"),
            "{e}"
        );
    }

    #[test]
    fn ods_repeat_past_the_limits_is_refused() {
        let z = zip_of(&[(
            "content.xml",
            b"<table:table-row table:number-rows-repeated=\"99999999\"/>",
        )]);
        let e = check(&z).unwrap_err().to_string();
        assert!(e.contains("99999999 times across rows"), "{e}");
    }

    #[test]
    fn shared_string_count_beyond_what_the_part_holds_is_refused() {
        let z = zip_of(&[(
            "xl/sharedStrings.xml",
            b"<sst uniqueCount=\"1000000000000\"><si><t>a</t></si></sst>",
        )]);
        let e = check(&z).unwrap_err().to_string();
        assert!(e.contains("claims 1000000000000 strings"), "{e}");
    }

    /// The scan as it was before it looked for quotes: every `<`, `t` and `u`
    /// was tried as the start of every pattern, and every run between two tags
    /// was measured.
    fn reference_feed(scan: &mut Scan, chunk: &[u8]) -> Result<(), Refused> {
        scan.bytes += chunk.len() as u64;
        match chunk.iter().rposition(|&b| b == b'<') {
            Some(last) => {
                let first = chunk.iter().position(|&b| b == b'<').unwrap_or(last);
                scan.check_text(scan.text_run + first as u64)?;
                let mut run = 0u64;
                for &b in &chunk[first..] {
                    if b == b'<' {
                        scan.check_text(run)?;
                        run = 0;
                    } else {
                        run += 1;
                    }
                }
                scan.text_run = (chunk.len() - 1 - last) as u64;
            }
            None => scan.text_run += chunk.len() as u64,
        }
        scan.check_text(scan.text_run)?;
        let mut window = std::mem::take(&mut scan.tail);
        let skip = window.len();
        window.extend_from_slice(chunk);
        let mut at = 0;
        while let Some(pos) = window[at..]
            .iter()
            .position(|&b| matches!(b, b'<' | b't' | b'u'))
        {
            let start = at + pos;
            at = start + 1;
            let rest = &window[start..];
            let Some(&(pattern, what)) = PATTERNS.iter().find(|(p, _)| rest.starts_with(p)) else {
                continue;
            };
            let Some(value) = attr_value(&rest[pattern.len()..]) else {
                continue;
            };
            if start + pattern.len() + value.len() < skip {
                continue;
            }
            scan.judge(what, value)?;
        }
        let keep = window.len().saturating_sub(TAIL);
        scan.tail = window.split_off(keep);
        Ok(())
    }

    type Outcome = Result<(Option<(u64, u64)>, Option<(u64, u64)>), Refused>;

    fn scanned(
        text: &[u8],
        cuts: &[usize],
        feed: fn(&mut Scan, &[u8]) -> Result<(), Refused>,
    ) -> Outcome {
        let mut scan = Scan::new("p.xml", text.len() as u64 * 4);
        let mut at = 0usize;
        for &len in cuts.iter().chain([&usize::MAX]) {
            let end = at.saturating_add(len).min(text.len());
            feed(&mut scan, &text[at..end])?;
            at = end;
            if at == text.len() {
                break;
            }
        }
        let span = (scan.rows, scan.cols);
        scan.finish().map(|()| span)
    }

    proptest::proptest! {
        #[test]
        fn looking_for_quotes_finds_what_looking_for_starts_found(
            pieces in proptest::collection::vec(0usize..24, 0..120),
            cuts in proptest::collection::vec(1usize..24, 0..80),
        ) {
            const PIECES: [&str; 24] = [
                "<c r=\"", "<dimension ref=\"", "table:number-rows-repeated=\"",
                "table:number-columns-repeated=\"", "uniqueCount=\"", "\"", "=", "<",
                "A1", "B7", "XFD", "XFE", "1048576", "1048577", "99999999", "12",
                ":", " ", "t", "u", "r=\"", "<c", "s=\"1\"",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            ];
            let text: Vec<u8> = pieces.iter().flat_map(|&i| PIECES[i].bytes()).collect();
            proptest::prop_assert_eq!(
                scanned(&text, &cuts, |s, c| s.feed(c)),
                scanned(&text, &cuts, reference_feed)
            );
        }
    }

    #[test]
    fn long_text_inside_one_large_chunk_is_refused() {
        let mut chunk = b"<t>".to_vec();
        chunk.extend(std::iter::repeat_n(b'x', 2 * MIB as usize));
        chunk.extend_from_slice(b"</t><t>a</t>");
        let e = Scan::new("s.xml", chunk.len() as u64)
            .feed(&chunk)
            .unwrap_err()
            .to_string();
        assert!(e.contains("holds a text of more than 1 MiB"), "{e}");
    }

    #[test]
    fn pattern_split_across_chunks_is_still_seen() {
        let mut scan = Scan::new("s.xml", 1000);
        scan.feed(b"<row><c r=\"XF").unwrap();
        let e = scan.feed(b"E1\"><v>1</v></c>").unwrap_err().to_string();
        assert!(e.contains("column 16385"), "{e}");
    }

    #[test]
    fn sample_xls_passes() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-data/variants/ssm_passager_202610.xls"
        ))
        .unwrap();
        let stream = cfb::workbook_stream(&bytes).unwrap().unwrap();
        assert_eq!(&stream[..2], &[0x09, 0x08], "starts with BOF");
        assert_eq!(check_xls(&bytes), Ok(()));
    }

    #[test]
    fn xls_with_a_cell_far_away_is_refused() {
        let mut bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-data/variants/ssm_passager_202610.xls"
        ))
        .unwrap();
        // Move the last Number/LabelSst cell of the file to row 65535, column 60000.
        let stream = cfb::workbook_stream(&bytes).unwrap().unwrap();
        let mut at = 0;
        let mut last_cell = None;
        while at + 4 <= stream.len() {
            let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
            let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
            if matches!(kind, 0x0203 | 0x00FD) {
                last_cell = Some(stream[at..at + 4 + len].to_vec());
            }
            at += 4 + len;
        }
        let record = last_cell.unwrap();
        let pos = bytes
            .windows(record.len())
            .position(|w| w == record)
            .unwrap();
        bytes[pos + 4..pos + 8].copy_from_slice(&[0xFF, 0xFF, 0x60, 0xEA]);
        let e = check_xls(&bytes).unwrap_err().to_string();
        assert!(e.contains("column 60001"), "{e}");
    }

    #[test]
    fn not_a_zip_is_damaged() {
        assert!(matches!(
            check(b"PK\x03\x04nonsense"),
            Err(Refused::Damaged(_))
        ));
    }
}
