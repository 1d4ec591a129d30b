//! Recognising what a file is without asking: workbook or text, which text
//! encoding (UTF-8 with or without BOM, or Windows-1252) and which delimiter.

/// The container format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Xlsx,
    Xls,
    Ods,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Xlsx => "XLSX",
            Format::Xls => "XLS",
            Format::Ods => "ODS",
        }
    }
}

/// The character encoding of a text export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Recognises the format from the first bytes (magic numbers), not from the file name.
pub fn format_of(head: &[u8]) -> Format {
    if head.starts_with(b"PK\x03\x04") {
        // An ODS file stores its mimetype uncompressed as the first zip entry.
        let ods = head.len() > 80
            && head[30..80.min(head.len())]
                .windows(11)
                .any(|w| w == b"opendocumen");
        if ods { Format::Ods } else { Format::Xlsx }
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Format::Xls
    } else {
        Format::Text
    }
}

/// Decides the encoding from a sample of the start of a file. A cut-off multi-byte
/// character at the very end of the sample does not count against UTF-8.
pub fn encoding_of(sample: &[u8]) -> Encoding {
    if sample.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Encoding::Utf8Bom;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => Encoding::Utf8,
        Err(e) if e.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Windows1252,
    }
}

/// Decodes one field. A field that is not valid UTF-8 in a file that began as
/// UTF-8 is read as Windows-1252 rather than rejected: such files exist.
pub fn decode(bytes: &[u8], encoding: Encoding) -> String {
    decode_borrowed(bytes, encoding).into_owned()
}

/// [`decode`] without a copy when the bytes are already UTF-8 (or ASCII).
pub fn decode_borrowed(bytes: &[u8], encoding: Encoding) -> std::borrow::Cow<'_, str> {
    match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => match std::str::from_utf8(bytes) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => {
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(bytes)
                    .0
            }
        },
        Encoding::Windows1252 => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// Picks the delimiter (`;`, `,` or tab) that splits the sample's lines most
/// consistently into more than one field. Quoted text is not counted.
pub fn delimiter_of(sample: &[u8]) -> u8 {
    let lines: Vec<&[u8]> = sample
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .take(60)
        .collect();
    let mut best = (b';', 0usize);
    for delim in [b';', b',', b'\t', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_unquoted(l, delim)).collect();
        // The most common non-zero count is the width of the table's rows.
        let mut freq = std::collections::HashMap::new();
        for &c in counts.iter().filter(|&&c| c > 0) {
            *freq.entry(c).or_insert(0usize) += 1;
        }
        let Some((&width, &lines_with_width)) = freq.iter().max_by_key(|(w, n)| (**n, **w)) else {
            continue;
        };
        let score = lines_with_width * 1000 + width;
        if score > best.1 {
            best = (delim, score);
        }
    }
    best.0
}

fn count_unquoted(line: &[u8], delim: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delim && !quoted {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_formats_by_magic() {
        assert_eq!(format_of(b"PK\x03\x04rest"), Format::Xlsx);
        assert_eq!(
            format_of(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Format::Xls
        );
        assert_eq!(format_of(b"Datum;Tid"), Format::Text);
    }

    #[test]
    fn recognises_encodings() {
        assert_eq!(encoding_of(b"\xEF\xBB\xBFDatum"), Encoding::Utf8Bom);
        assert_eq!(encoding_of("Dörr".as_bytes()), Encoding::Utf8);
        assert_eq!(encoding_of(b"D\xF6rr"), Encoding::Windows1252);
        // "ö" cut in half at the end of the sample is still UTF-8.
        assert_eq!(encoding_of(b"D\xC3"), Encoding::Utf8);
        assert_eq!(decode(b"D\xF6rr", Encoding::Windows1252), "Dörr");
    }

    #[test]
    fn finds_the_delimiter_below_title_rows() {
        let semi = "Passagerapport;SÄS\nUtskriven av: x\n\nDatum;Tid;Dörr\n2026-10-01;07:00;A\n2026-10-01;07:01;B\n";
        assert_eq!(delimiter_of(semi.as_bytes()), b';');
        let comma = "\"Date/Time\",\"Door\",\"Who\"\n\"2026-10-01 07:00\",\"A; B\",\"x\"\n";
        assert_eq!(delimiter_of(comma.as_bytes()), b',');
        assert_eq!(delimiter_of(b"a\tb\tc\n1\t2\t3\n"), b'\t');
    }
}
