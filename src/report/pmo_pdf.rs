//! The PMO review record as PDF 1.4: A4 landscape, Helvetica in WinAnsiEncoding (so å, ä, ö
//! print as themselves), every column fitted to the page width with wrapped text and ruled
//! borders, the header row repeated on each page, and a footer with page x/y, unit and period.
//! Content streams are left uncompressed so the record can be checked with any text tool.

use super::pmo::{COLUMNS, Record};
use unicode_normalization::UnicodeNormalization;

const PAGE_W: f64 = 842.0;
const PAGE_H: f64 = 595.0;
const MARGIN: f64 = 28.0;
const TABLE_SIZE: f64 = 6.5;
const TEXT_SIZE: f64 = 8.5;
const PAD: f64 = 2.0;
/// Relative column widths; they are scaled to the page's width.
const WEIGHTS: [f64; 14] = [
    3.0, 8.0, 7.5, 6.5, 7.5, 7.0, 7.0, 7.0, 3.0, 6.5, 7.0, 5.0, 9.5, 14.0,
];

/// Maps a character to its WinAnsiEncoding byte; characters outside it lose their accent
/// (`č` → `c`) or become `?`.
pub fn win_ansi(c: char) -> u8 {
    let direct = match c {
        ' '..='~' => Some(c as u8),
        '\u{A0}'..='\u{FF}' => Some(c as u32 as u8),
        '€' => Some(0x80),
        '…' => Some(0x85),
        'Š' => Some(0x8A),
        'Ž' => Some(0x8E),
        '‘' => Some(0x91),
        '’' => Some(0x92),
        '“' => Some(0x93),
        '”' => Some(0x94),
        '•' => Some(0x95),
        '–' => Some(0x96),
        '—' => Some(0x97),
        'š' => Some(0x9A),
        'ž' => Some(0x9E),
        _ => None,
    };
    direct.unwrap_or_else(|| {
        c.to_string()
            .nfd()
            .next()
            .filter(|b| (' '..='~').contains(b))
            .map_or(b'?', |b| b as u8)
    })
}

/// Helvetica advance widths (AFM, per 1000 em) for WinAnsi bytes.
fn width(b: u8) -> f64 {
    const ASCII: [u16; 95] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
        556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
        722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
        667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
        556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
        500, 334, 260, 334, 584,
    ];
    let w = match b {
        32..=126 => ASCII[(b - 32) as usize],
        0x96 => 556,
        0x97 => 1000,
        0x85 => 1000,
        0x95 => 350,
        0x91 | 0x92 => 222,
        0x93 | 0x94 => 333,
        0xC0..=0xC5 => 667,
        0xC6 => 1000,
        0xC7 => 722,
        0xC8..=0xCB => 667,
        0xCC..=0xCF => 278,
        0xD0 | 0xD1 => 722,
        0xD2..=0xD6 | 0xD8 => 778,
        0xD7 => 584,
        0xD9..=0xDC => 722,
        0xDD | 0xDE => 667,
        0xDF => 611,
        0xE0..=0xE5 | 0xE8..=0xEB | 0xF0..=0xF6 | 0xFE => 556,
        0xE6 => 889,
        0xE7 => 500,
        0xEC..=0xEF => 278,
        0xF7 => 584,
        0xF8 => 611,
        0xF9..=0xFC => 556,
        0xFD | 0xFF => 500,
        _ => 556,
    };
    w as f64
}

fn encode(s: &str) -> Vec<u8> {
    s.chars().map(win_ansi).collect()
}

/// Width of text in points; bold is taken as 10 % wider, which keeps wrapping safe.
fn text_width(s: &str, size: f64, bold: bool) -> f64 {
    let w: f64 = encode(s).into_iter().map(width).sum::<f64>() * size / 1000.0;
    if bold { w * 1.1 } else { w }
}

/// Breaks text into lines no wider than `max`, splitting over-long words.
pub fn wrap(s: &str, max: f64, size: f64, bold: bool) -> Vec<String> {
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if text_width(&candidate, size, bold) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                let mut next = line.clone();
                next.push(c);
                if text_width(&next, size, bold) > max && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                } else {
                    line = next;
                }
            }
        }
        lines.push(line);
    }
    lines
}

fn pdf_string(s: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for b in encode(s) {
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b')');
    out
}

/// One page's content stream under construction.
struct Page {
    ops: Vec<u8>,
}

impl Page {
    fn text(&mut self, x: f64, y: f64, size: f64, bold: bool, s: &str) {
        let font = if bold { "F2" } else { "F1" };
        self.ops
            .extend_from_slice(format!("BT /{font} {size} Tf {x:.2} {y:.2} Td ").as_bytes());
        self.ops.extend(pdf_string(s));
        self.ops.extend_from_slice(b" Tj ET\n");
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: bool) {
        let op = if fill { "f" } else { "S" };
        self.ops
            .extend_from_slice(format!("{x:.2} {y:.2} {w:.2} {h:.2} re {op}\n").as_bytes());
    }
}

/// Lays the record out and writes the PDF file's bytes.
pub fn render(record: &Record) -> Vec<u8> {
    let usable = PAGE_W - 2.0 * MARGIN;
    let total: f64 = WEIGHTS.iter().sum();
    let widths: Vec<f64> = WEIGHTS.iter().map(|w| w / total * usable).collect();
    let leading = TABLE_SIZE + 1.5;
    let bottom = MARGIN + 14.0;
    let mut pages: Vec<Page> = Vec::new();
    let mut page = Page { ops: Vec::new() };
    page.ops.extend_from_slice(b"0.5 w\n");
    let mut y = PAGE_H - MARGIN - 12.0;
    page.text(MARGIN, y, 13.0, true, &record.title());
    y -= 18.0;
    // The first block: what was reviewed, by whom, with whom, until when it is kept.
    let label_w = 110.0;
    let mut block: Vec<(String, String)> = record.summary();
    for (id, text) in record.legend() {
        block.push((format!("Flagga {id}"), text.to_owned()));
    }
    for (k, v) in &block {
        let lines = wrap(v, usable - label_w, TEXT_SIZE, false);
        page.text(MARGIN, y, TEXT_SIZE, true, k);
        for l in &lines {
            page.text(MARGIN + label_w, y, TEXT_SIZE, false, l);
            y -= TEXT_SIZE + 2.0;
        }
    }
    y -= 8.0;
    let header: Vec<Vec<String>> = COLUMNS
        .iter()
        .zip(&widths)
        .map(|(h, w)| wrap(h, w - 2.0 * PAD, TABLE_SIZE, true))
        .collect();
    let header_h = header.iter().map(Vec::len).max().unwrap_or(1) as f64 * leading + 2.0 * PAD;
    let draw_row = |page: &mut Page, y: f64, cells: &[Vec<String>], h: f64, bold: bool| {
        let mut x = MARGIN;
        if bold {
            page.ops.extend_from_slice(b"0.88 g\n");
            page.rect(MARGIN, y - h, usable, h, true);
            page.ops.extend_from_slice(b"0 g\n");
        }
        for (lines, w) in cells.iter().zip(&widths) {
            page.rect(x, y - h, *w, h, false);
            let mut ty = y - PAD - TABLE_SIZE;
            for l in lines {
                page.text(x + PAD, ty, TABLE_SIZE, bold, l);
                ty -= leading;
            }
            x += w;
        }
    };
    draw_row(&mut page, y, &header, header_h, true);
    y -= header_h;
    for cells in record.table() {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| wrap(c, w - 2.0 * PAD, TABLE_SIZE, false))
            .collect();
        let h = wrapped.iter().map(Vec::len).max().unwrap_or(1) as f64 * leading + 2.0 * PAD;
        if y - h < bottom {
            pages.push(std::mem::replace(
                &mut page,
                Page {
                    ops: b"0.5 w\n".to_vec(),
                },
            ));
            y = PAGE_H - MARGIN;
            draw_row(&mut page, y, &header, header_h, true);
            y -= header_h;
        }
        draw_row(&mut page, y, &wrapped, h, false);
        y -= h;
    }
    pages.push(page);
    let n = pages.len();
    for (i, p) in pages.iter_mut().enumerate() {
        let footer = format!(
            "Sida {} av {} – {} – {} – {} – {}",
            i + 1,
            n,
            record.period.unit,
            record.period.from,
            record.period.to,
            "Logg elevåtkomst, granskad"
        );
        p.text(MARGIN, MARGIN, 7.0, false, &footer);
    }
    assemble(&pages)
}

fn assemble(pages: &[Page]) -> Vec<u8> {
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets: Vec<usize> = Vec::new();
    let n = pages.len();
    // Objects: 1 catalog, 2 pages, 3 font, 4 bold font, then page i = 5 + 2i, content 6 + 2i.
    let mut obj = |out: &mut Vec<u8>, body: &[u8]| {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    };
    obj(&mut out, b"<< /Type /Catalog /Pages 2 0 R >>");
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    obj(
        &mut out,
        format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).as_bytes(),
    );
    for base in ["Helvetica", "Helvetica-Bold"] {
        obj(
            &mut out,
            format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>"
            )
            .as_bytes(),
        );
    }
    for (i, p) in pages.iter().enumerate() {
        obj(
            &mut out,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W:.0} {PAGE_H:.0}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                6 + 2 * i
            )
            .as_bytes(),
        );
        let mut body = format!("<< /Length {} >>\nstream\n", p.ops.len()).into_bytes();
        body.extend_from_slice(&p.ops);
        body.extend_from_slice(b"\nendstream");
        obj(&mut out, &body);
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
    );
    for o in &offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_map_to_win_ansi() {
        assert_eq!(
            encode("åäöÅÄÖ–"),
            vec![0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6, 0x96]
        );
        assert_eq!(encode("Kovač"), b"Kovac".to_vec());
        assert_eq!(encode("→"), b"?".to_vec());
    }

    #[test]
    fn wrapped_lines_fit_their_width() {
        let text = "Användaren har samma efternamn som eleven (möjlig släkting) Berg";
        let lines = wrap(text, 60.0, 6.5, false);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(text_width(l, 6.5, false) <= 60.0, "{l}");
        }
        let long = wrap(
            "20150312-T123-mycket-långt-ord-utan-mellanslag",
            30.0,
            6.5,
            false,
        );
        assert!(long.iter().all(|l| text_width(l, 6.5, false) <= 30.0));
        assert_eq!(
            long.concat(),
            "20150312-T123-mycket-långt-ord-utan-mellanslag"
        );
    }
}
