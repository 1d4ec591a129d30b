//! Recognising what a file is without asking: workbook or text, which text
//! encoding (UTF-8 or UTF-16 with or without BOM, or Windows-1252) and which delimiter.

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
    /// UTF-16, little-endian (what Windows calls "Unicode"), with or without a BOM.
    Utf16Le {
        bom: bool,
    },
    Utf16Be {
        bom: bool,
    },
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Utf16Le { bom: true } => "UTF-16 LE with BOM",
            Encoding::Utf16Le { bom: false } => "UTF-16 LE",
            Encoding::Utf16Be { bom: true } => "UTF-16 BE with BOM",
            Encoding::Utf16Be { bom: false } => "UTF-16 BE",
        }
    }

    /// The decoder that turns this UTF-16 text into UTF-8, dropping its BOM.
    pub fn utf16_decoder(self) -> Option<encoding_rs::Decoder> {
        match self {
            Encoding::Utf16Le { .. } => Some(encoding_rs::UTF_16LE.new_decoder_with_bom_removal()),
            Encoding::Utf16Be { .. } => Some(encoding_rs::UTF_16BE.new_decoder_with_bom_removal()),
            _ => None,
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
    if sample.starts_with(&[0xFF, 0xFE]) {
        return Encoding::Utf16Le { bom: true };
    }
    if sample.starts_with(&[0xFE, 0xFF]) {
        return Encoding::Utf16Be { bom: true };
    }
    if let Some(encoding) = utf16_without_bom(sample) {
        return encoding;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => Encoding::Utf8,
        Err(e) if e.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Windows1252,
    }
}

/// UTF-16 without a BOM shows as a zero byte beside nearly every character of a
/// Latin-script text (headers, digits, separators), always on the same side.
fn utf16_without_bom(sample: &[u8]) -> Option<Encoding> {
    let pairs: Vec<&[u8]> = sample.chunks_exact(2).take(2048).collect();
    if pairs.len() < 4 {
        return None;
    }
    let high_zero = pairs.iter().filter(|p| p[1] == 0 && p[0] != 0).count();
    let low_zero = pairs.iter().filter(|p| p[0] == 0 && p[1] != 0).count();
    let n = pairs.len();
    if high_zero * 10 >= n * 6 && low_zero * 20 < n {
        Some(Encoding::Utf16Le { bom: false })
    } else if low_zero * 10 >= n * 6 && high_zero * 20 < n {
        Some(Encoding::Utf16Be { bom: false })
    } else {
        None
    }
}

/// The head of a UTF-16 file as UTF-8, for sniffing its delimiter.
pub fn head_as_utf8(head: &[u8], encoding: Encoding) -> std::borrow::Cow<'_, [u8]> {
    match encoding.utf16_decoder() {
        Some(mut decoder) => {
            let mut out = String::with_capacity(head.len());
            let _ = decoder.decode_to_string(head, &mut out, false);
            std::borrow::Cow::Owned(out.into_bytes())
        }
        None => std::borrow::Cow::Borrowed(head),
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
        // UTF-16 reaches the parser already turned into UTF-8.
        Encoding::Utf8
        | Encoding::Utf8Bom
        | Encoding::Utf16Le { .. }
        | Encoding::Utf16Be { .. } => match std::str::from_utf8(bytes) {
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

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn recognises_utf16_with_and_without_bom() {
        let text = "Datum;Tid;Dörr\r\n2026-10-14;07:52;Förråd\r\n";
        let le = utf16(text, false);
        let be = utf16(text, true);
        assert_eq!(encoding_of(&le), Encoding::Utf16Le { bom: false });
        assert_eq!(encoding_of(&be), Encoding::Utf16Be { bom: false });
        let mut le_bom = vec![0xFF, 0xFE];
        le_bom.extend(&le);
        let mut be_bom = vec![0xFE, 0xFF];
        be_bom.extend(&be);
        assert_eq!(encoding_of(&le_bom), Encoding::Utf16Le { bom: true });
        assert_eq!(encoding_of(&be_bom), Encoding::Utf16Be { bom: true });
        for (bytes, enc) in [
            (&le_bom, Encoding::Utf16Le { bom: true }),
            (&be, Encoding::Utf16Be { bom: false }),
        ] {
            assert_eq!(head_as_utf8(bytes, enc).as_ref(), text.as_bytes());
        }
        // Latin-1 text with a NUL here and there is not UTF-16.
        assert_eq!(
            encoding_of(b"Datum;Tid\0;D\xF6rr\n2026;07\n"),
            Encoding::Windows1252
        );
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
