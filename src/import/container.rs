//! Bounds on a workbook's zip container (XLSX, ODS), checked before calamine
//! unpacks it: calamine decompresses whole parts into memory and has no limit.
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
/// The largest used area (rows × columns) read: the grid is held in memory.
pub const MAX_CELLS: u64 = 20_000_000;
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
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
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
        match chunk.iter().rposition(|&b| b == b'<') {
            Some(last) => {
                let first = chunk.iter().position(|&b| b == b'<').unwrap_or(last);
                self.check_text(self.text_run + first as u64)?;
                // Runs inside the chunk, between two tags.
                let mut run = 0u64;
                for &b in &chunk[first..] {
                    if b == b'<' {
                        self.check_text(run)?;
                        run = 0;
                    } else {
                        run += 1;
                    }
                }
                self.text_run = (chunk.len() - 1 - last) as u64;
            }
            None => self.text_run += chunk.len() as u64,
        }
        self.check_text(self.text_run)?;

        let mut window = std::mem::take(&mut self.tail);
        let overlap = window.len();
        window.extend_from_slice(chunk);
        self.scan_refs(&window, overlap)?;
        let keep = window.len().saturating_sub(TAIL);
        self.tail = window.split_off(keep);
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
        while let Some(pos) = find_any(&window[at..]) {
            let start = at + pos;
            at = start + 1;
            let rest = &window[start..];
            let Some(&(pattern, what)) = PATTERNS.iter().find(|(p, _)| rest.starts_with(p)) else {
                continue;
            };
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

/// Where the next pattern may start: every one begins with `<`, `t` or `u`.
fn find_any(hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| matches!(b, b'<' | b't' | b'u'))
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
    std::str::from_utf8(digits).ok()?.parse().ok()
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

    #[test]
    fn pattern_split_across_chunks_is_still_seen() {
        let mut scan = Scan::new("s.xml", 1000);
        scan.feed(b"<row><c r=\"XF").unwrap();
        let e = scan.feed(b"E1\"><v>1</v></c>").unwrap_err().to_string();
        assert!(e.contains("column 16385"), "{e}");
    }

    #[test]
    fn not_a_zip_is_damaged() {
        assert!(matches!(
            check(b"PK\x03\x04nonsense"),
            Err(Refused::Damaged(_))
        ));
    }
}
