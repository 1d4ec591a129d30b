//! A small PDF 1.4 writer for printed extracts: the standard Type1 fonts
//! Helvetica and Helvetica-Bold in WinAnsiEncoding (so å ä ö print without
//! embedding a font), text measured with Helvetica's AFM widths to wrap cells,
//! a title block, a ruled table whose header row repeats on every page, notes
//! after the table and a footer with page numbers. Page size and orientation are
//! parameters (A4 landscape for extracts and reviews, portrait for narrow tables).

use super::Document;

/// The paper and its margins, in points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    pub width: f32,
    pub height: f32,
    pub margin: f32,
    /// Size of the table's text.
    pub body_size: f32,
}

impl PageSetup {
    pub fn a4_portrait() -> PageSetup {
        PageSetup {
            width: 595.28,
            height: 841.89,
            margin: 36.0,
            body_size: 7.0,
        }
    }

    pub fn a4_landscape() -> PageSetup {
        let p = PageSetup::a4_portrait();
        PageSetup {
            width: p.height,
            height: p.width,
            body_size: 7.5,
            ..p
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    Regular,
    Bold,
}

impl Font {
    fn resource(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
        }
    }

    fn widths(self) -> &'static [u16; 224] {
        match self {
            Font::Regular => &HELVETICA,
            Font::Bold => &HELVETICA_BOLD,
        }
    }
}

/// Helvetica's advance widths (1/1000 em) for WinAnsi codes 32–255, from the
/// standard AFM; codes the encoding leaves unused get the width of a space.
#[rustfmt::skip]
const HELVETICA: [u16; 224] = [
    // 32–63
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    // 64–95
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    // 96–127
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 278,
    // 128–159
    556, 278, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 278, 611, 278,
    278, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 278, 500, 667,
    // 160–191
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    // 192–223
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    // 224–255
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];

/// Helvetica-Bold's advance widths for WinAnsi codes 32–255.
#[rustfmt::skip]
const HELVETICA_BOLD: [u16; 224] = [
    // 32–63
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    // 64–95
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    // 96–127
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 278,
    // 128–159
    556, 278, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 278, 611, 278,
    278, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 278, 500, 667,
    // 160–191
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    // 192–223
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    // 224–255
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
];

/// Text in WinAnsiEncoding (Windows-1252): one byte per character; characters
/// the encoding lacks print as `?`, control characters as a space.
pub fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut buf = [0u8; 4];
    for c in text.chars() {
        if c.is_control() {
            out.push(b' ');
            continue;
        }
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
        match (unmappable, bytes.as_ref()) {
            (false, [b]) => out.push(*b),
            _ => out.push(b'?'),
        }
    }
    out
}

/// The width in points of WinAnsi-encoded text.
pub fn width(bytes: &[u8], font: Font, size: f32) -> f32 {
    let w = font.widths();
    let units: u32 = bytes
        .iter()
        .map(|&b| u32::from(w[usize::from(b.max(32)) - 32]))
        .sum();
    units as f32 * size / 1000.0
}

/// Breaks text into lines no wider than `max`: at spaces where it can, inside
/// a word where one word alone is too wide.
/// Words in cells wider than this (points) may be broken across lines.
const LONG_WORD: f32 = 72.0;

pub fn wrap(text: &str, font: Font, size: f32, max: f32) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line: Vec<u8> = Vec::new();
        for word in encode(para).split(|&b| b == b' ').filter(|w| !w.is_empty()) {
            let mut candidate = line.clone();
            if !candidate.is_empty() {
                candidate.push(b' ');
            }
            candidate.extend_from_slice(word);
            if width(&candidate, font, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if width(word, font, size) <= max {
                line = word.to_vec();
                continue;
            }
            for &b in word {
                line.push(b);
                if width(&line, font, size) > max && line.len() > 1 {
                    let last = line.pop().unwrap_or(b' ');
                    lines.push(std::mem::take(&mut line));
                    line.push(last);
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// Column widths that fill `available`. Columns keep their natural (one-line)
/// width when all fit. Otherwise narrow columns keep theirs, the others get at
/// least their floor (their longest word, so words are not broken), and the space left is shared out, the columns that
/// want least taken care of first. When even the
/// floors do not fit, the widest columns give way first.
pub fn column_widths(natural: &[f32], floors: &[f32], minimum: f32, available: f32) -> Vec<f32> {
    let n = natural.len();
    if n == 0 {
        return Vec::new();
    }
    let natural: Vec<f32> = natural.iter().map(|w| w.max(minimum)).collect();
    let total: f32 = natural.iter().sum();
    if total <= available {
        let extra = (available - total) / n as f32;
        return natural.iter().map(|w| w + extra).collect();
    }
    // A column whose longest cell fits in a sixth of the width never wraps
    // (times, names, door names); a wider one keeps at least its longest word.
    let floors: Vec<f32> = (0..n)
        .map(|i| {
            if natural[i] <= available / 6.0 {
                natural[i]
            } else {
                floors
                    .get(i)
                    .copied()
                    .unwrap_or(minimum)
                    .min(natural[i])
                    .min(available * 0.3)
                    .max(minimum)
            }
        })
        .collect();
    let floor_total: f32 = floors.iter().sum();
    if floor_total < available {
        // Those wanting least are served first, so short columns stay on one line
        // and the long text columns share what remains.
        let need: Vec<f32> = (0..n).map(|i| natural[i] - floors[i]).collect();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|a, b| need[*a].total_cmp(&need[*b]));
        let mut widths = floors;
        let mut extra = available - floor_total;
        for (k, i) in order.into_iter().enumerate() {
            let give = need[i].min(extra / (n - k) as f32);
            widths[i] += give;
            extra -= give;
        }
        return widths;
    }
    // Water-filling on the floors: every column narrower than a fair share keeps
    // its floor; the rest share what is left equally.
    let natural = floors;
    let mut fixed = vec![false; n];
    loop {
        let left: f32 = available
            - natural
                .iter()
                .zip(&fixed)
                .filter(|(_, f)| **f)
                .map(|(w, _)| *w)
                .sum::<f32>();
        let open = fixed.iter().filter(|f| !**f).count();
        if open == 0 {
            return natural;
        }
        let share = left / open as f32;
        let mut changed = false;
        for i in 0..n {
            if !fixed[i] && natural[i] <= share {
                fixed[i] = true;
                changed = true;
            }
        }
        if !changed {
            return (0..n)
                .map(|i| if fixed[i] { natural[i] } else { share })
                .collect();
        }
    }
}

fn escape(out: &mut Vec<u8>, bytes: &[u8]) {
    for &b in bytes {
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
}

/// Pages being filled, top to bottom.
struct Layout {
    setup: PageSetup,
    pages: Vec<Vec<u8>>,
    y: f32,
}

const PAD: f32 = 2.5;
const FOOTER_SPACE: f32 = 16.0;

impl Layout {
    fn new(setup: PageSetup) -> Layout {
        let mut l = Layout {
            setup,
            pages: Vec::new(),
            y: 0.0,
        };
        l.new_page();
        l
    }

    fn new_page(&mut self) {
        self.pages.push(b"0.5 w 0 G 0 g\n".to_vec());
        self.y = self.setup.height - self.setup.margin;
    }

    fn bottom(&self) -> f32 {
        self.setup.margin + FOOTER_SPACE
    }

    fn ops(&mut self) -> &mut Vec<u8> {
        self.pages.last_mut().expect("a page is open")
    }

    fn text(&mut self, x: f32, baseline: f32, font: Font, size: f32, bytes: &[u8]) {
        let ops = self.ops();
        ops.extend_from_slice(
            format!(
                "BT /{} {size:.2} Tf {x:.2} {baseline:.2} Td (",
                font.resource()
            )
            .as_bytes(),
        );
        escape(ops, bytes);
        ops.extend_from_slice(b") Tj ET\n");
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: bool) {
        let op = if fill {
            format!("0.88 g {x:.2} {y:.2} {w:.2} {h:.2} re f 0 g\n")
        } else {
            format!("{x:.2} {y:.2} {w:.2} {h:.2} re S\n")
        };
        self.ops().extend_from_slice(op.as_bytes());
    }

    /// Lines of wrapped text across the page's width, starting new pages as needed.
    fn paragraph(&mut self, text: &str, font: Font, size: f32, indent: f32) {
        let lh = size * 1.25;
        let x = self.setup.margin + indent;
        let max = self.setup.width - self.setup.margin - x;
        for line in wrap(text, font, size, max) {
            if self.y - lh < self.bottom() {
                self.new_page();
            }
            self.y -= lh;
            self.text(x, self.y + size * 0.25, font, size, &line);
        }
    }

    /// One table row of wrapped cells with ruled borders; `None` when the row
    /// does not fit on what is left of the page.
    fn row(&mut self, cells: &[Vec<Vec<u8>>], widths: &[f32], font: Font, header: bool) -> bool {
        let size = self.setup.body_size;
        let lh = size * 1.2;
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let h = lines as f32 * lh + 2.0 * PAD;
        if self.y - h < self.bottom() {
            return false;
        }
        let top = self.y;
        let mut x = self.setup.margin;
        if header {
            let total: f32 = widths.iter().sum();
            self.rect(x, top - h, total, h, true);
        }
        for (cell, w) in cells.iter().zip(widths) {
            self.rect(x, top - h, *w, h, false);
            for (i, line) in cell.iter().enumerate() {
                let baseline = top - PAD - (i as f32 + 1.0) * lh + size * 0.22;
                self.text(x + PAD, baseline, font, size, line);
            }
            x += w;
        }
        self.y = top - h;
        true
    }
}

/// Lays the document out on pages and writes the PDF file's bytes.
pub fn render(doc: &Document, setup: &PageSetup) -> Vec<u8> {
    let mut l = Layout::new(*setup);
    let content_width = setup.width - 2.0 * setup.margin;

    // Title block.
    l.paragraph(&doc.title, Font::Bold, 14.0, 0.0);
    l.y -= 4.0;
    let info_size = 8.5;
    let key_width = doc
        .info
        .iter()
        .map(|(k, _)| width(&encode(k), Font::Bold, info_size))
        .fold(0.0, f32::max)
        + 8.0;
    for (k, v) in &doc.info {
        let lines = wrap(v, Font::Regular, info_size, content_width - key_width);
        let lh = info_size * 1.25;
        if l.y - lh * (lines.len() as f32) < l.bottom() {
            l.new_page();
        }
        l.text(
            setup.margin,
            l.y - lh + info_size * 0.25,
            Font::Bold,
            info_size,
            &encode(k),
        );
        for line in lines {
            l.y -= lh;
            l.text(
                setup.margin + key_width,
                l.y + info_size * 0.25,
                Font::Regular,
                info_size,
                &line,
            );
        }
    }
    l.y -= 8.0;

    // The table.
    let size = setup.body_size;
    let n = doc.headers.len();
    if n > 0 {
        let mut natural = vec![0.0f32; n];
        let mut floors = vec![0.0f32; n];
        let longest_word = |bytes: &[u8], font| {
            bytes
                .split(|&b| b == b' ')
                .map(|w| width(w, font, size))
                .fold(0.0, f32::max)
                + 2.0 * PAD
        };
        for (i, h) in doc.headers.iter().enumerate() {
            let h = encode(h);
            natural[i] = width(&h, Font::Bold, size) + 2.0 * PAD;
            floors[i] = longest_word(&h, Font::Bold);
        }
        // A column's natural width is what nine in ten of its filled cells need
        // on one line, so a rare long cell wraps instead of widening the column.
        let mut cell_widths: Vec<Vec<f32>> = vec![Vec::with_capacity(doc.rows.len()); n];
        for row in &doc.rows {
            for (i, c) in row.iter().enumerate().take(n) {
                if c.is_empty() {
                    continue;
                }
                let c = encode(c);
                cell_widths[i].push(width(&c, Font::Regular, size) + 2.0 * PAD);
                // A cell's long word (a file name) is broken where it must; only
                // shorter words and the header's words hold a column open.
                floors[i] = floors[i].max(longest_word(&c, Font::Regular).min(LONG_WORD));
            }
        }
        for (i, mut ws) in cell_widths.into_iter().enumerate() {
            if ws.is_empty() {
                continue;
            }
            ws.sort_by(f32::total_cmp);
            let p90 = ws[(ws.len() * 9).div_ceil(10) - 1];
            natural[i] = natural[i].max(p90);
        }
        let widths = column_widths(&natural, &floors, 24.0, content_width);
        let cells_of = |texts: &[String], font: Font| -> Vec<Vec<Vec<u8>>> {
            (0..n)
                .map(|i| {
                    let t = texts.get(i).map_or("", String::as_str);
                    wrap(t, font, size, widths[i] - 2.0 * PAD)
                })
                .collect()
        };
        let header = cells_of(&doc.headers, Font::Bold);
        let usable = setup.height - 2.0 * setup.margin - FOOTER_SPACE;
        if !l.row(&header, &widths, Font::Bold, true) {
            l.new_page();
            l.row(&header, &widths, Font::Bold, true);
        }
        for row in &doc.rows {
            let mut cells = cells_of(row, Font::Regular);
            // A row taller than a page is cut (with a mark) rather than lost.
            let max_lines = ((usable - 4.0 * size) / (size * 1.2) - 4.0).max(1.0) as usize;
            for c in &mut cells {
                if c.len() > max_lines {
                    c.truncate(max_lines);
                    if let Some(last) = c.last_mut() {
                        last.extend_from_slice(&[0x85]);
                    }
                }
            }
            if !l.row(&cells, &widths, Font::Regular, false) {
                l.new_page();
                l.row(&header, &widths, Font::Bold, true);
                l.row(&cells, &widths, Font::Regular, false);
            }
        }
    }

    // Notes after the table.
    for (title, lines) in &doc.notes {
        l.y -= 6.0;
        l.paragraph(title, Font::Bold, 9.0, 0.0);
        for line in lines {
            l.paragraph(line, Font::Regular, 8.0, 8.0);
        }
    }

    // Footers, now that the number of pages is known.
    let total = l.pages.len();
    let footer_size = 7.0;
    for i in 0..total {
        let label = encode(&format!("{} {} / {total}", doc.page_word, i + 1));
        let label_w = width(&label, Font::Regular, footer_size);
        let left_max = content_width - label_w - 12.0;
        let left = wrap(&doc.footer, Font::Regular, footer_size, left_max);
        let ops = &mut l.pages[i];
        let base = setup.margin;
        let mut push_text = |x: f32, y: f32, bytes: &[u8]| {
            ops.extend_from_slice(
                format!("BT /F1 {footer_size:.2} Tf {x:.2} {y:.2} Td (").as_bytes(),
            );
            escape(ops, bytes);
            ops.extend_from_slice(b") Tj ET\n");
        };
        for (j, line) in left.iter().take(2).enumerate() {
            push_text(base, base - j as f32 * footer_size * 1.2, line);
        }
        push_text(setup.width - setup.margin - label_w, base, &label);
        ops.extend_from_slice(
            format!(
                "{:.2} {:.2} m {:.2} {:.2} l S\n",
                setup.margin,
                base + footer_size * 1.3,
                setup.width - setup.margin,
                base + footer_size * 1.3
            )
            .as_bytes(),
        );
    }
    assemble(doc, setup, &l.pages)
}

/// Writes the objects, the cross-reference table and the trailer.
fn assemble(doc: &Document, setup: &PageSetup, pages: &[Vec<u8>]) -> Vec<u8> {
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets: Vec<usize> = Vec::new();
    let mut object = |out: &mut Vec<u8>, body: &[u8]| {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    };
    let first_page = 6;
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", first_page + 2 * i))
        .collect();
    object(&mut out, b"<< /Type /Catalog /Pages 2 0 R >>");
    object(
        &mut out,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .as_bytes(),
    );
    object(
        &mut out,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    );
    object(
        &mut out,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    );
    let mut info = b"<< /Producer (loggvakt) /Title (".to_vec();
    escape(&mut info, &encode(&doc.title));
    info.extend_from_slice(b") >>");
    object(&mut out, &info);
    for (i, content) in pages.iter().enumerate() {
        let page = format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {:.2} {:.2}] \
             /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
            setup.width,
            setup.height,
            first_page + 2 * i + 1
        );
        object(&mut out, page.as_bytes());
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content);
        stream.extend_from_slice(b"\nendstream");
        object(&mut out, &stream);
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
            "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
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
    fn swedish_letters_are_single_winansi_bytes() {
        assert_eq!(encode("Åsa Öberg är"), b"\xc5sa \xd6berg \xe4r");
        assert_eq!(encode("a–b…"), b"a\x96b\x85");
        assert_eq!(encode("␛\u{1b}"), b"? ");
    }

    #[test]
    fn widths_follow_the_afm() {
        // "Hello" in Helvetica: H 722 + e 556 + l 222 + l 222 + o 556 = 2278.
        assert!((width(b"Hello", Font::Regular, 10.0) - 22.78).abs() < 1e-3);
        assert!((width(b"\xc5", Font::Bold, 1000.0) - 722.0).abs() < 1e-3);
    }

    #[test]
    fn wrapping_keeps_every_line_within_the_width() {
        let text = "Läkemedelsrum Avd 42 [L0142] outside the person's usual hours (06:00–16:59); Donaudampfschifffahrtsgesellschaftskapitän";
        for line in wrap(text, Font::Regular, 7.0, 60.0) {
            assert!(width(&line, Font::Regular, 7.0) <= 60.0, "{line:?}");
        }
        let all: Vec<u8> = wrap(text, Font::Regular, 7.0, 60.0).concat();
        assert_eq!(
            all.iter().filter(|b| **b != b' ').count(),
            encode(text).iter().filter(|b| **b != b' ').count(),
            "no character is lost"
        );
    }

    #[test]
    fn columns_fit_the_page_and_narrow_ones_keep_their_width() {
        // Floors fit: each keeps its floor, the rest goes by how much more it wants.
        let w = column_widths(&[30.0, 400.0, 300.0], &[30.0, 50.0, 100.0], 24.0, 500.0);
        assert!((w.iter().sum::<f32>() - 500.0).abs() < 0.01);
        assert!((w[0] - 30.0).abs() < 0.01);
        assert!(
            (w[1] - 210.0).abs() < 0.01 && (w[2] - 260.0).abs() < 0.01,
            "{w:?}"
        );
        // Floors too wide: the widest give way first.
        let w = column_widths(&[30.0, 400.0, 300.0], &[30.0, 300.0, 300.0], 24.0, 500.0);
        assert!((w.iter().sum::<f32>() - 500.0).abs() < 0.01);
        assert!((w[0] - 30.0).abs() < 0.01);
        assert!((w[1] - 235.0).abs() < 0.01 && (w[2] - 235.0).abs() < 0.01);
        // Room to spare: everything widens.
        let w = column_widths(&[30.0, 40.0], &[], 24.0, 100.0);
        assert!((w.iter().sum::<f32>() - 100.0).abs() < 0.01);
    }

    #[test]
    fn a_long_table_repeats_its_header_and_numbers_pages_in_either_orientation() {
        for setup in [PageSetup::a4_portrait(), PageSetup::a4_landscape()] {
            let doc = Document {
                title: "Uttag R-2026-0001".into(),
                info: vec![("Ärende".into(), "R-2026-0001".into())],
                headers: vec!["Tid".into(), "Läsare".into()],
                rows: (0..200)
                    .map(|i| {
                        vec![
                            format!("2026-10-{:02}", i % 28 + 1),
                            "Läkemedelsrum (Avd 42)".into(),
                        ]
                    })
                    .collect(),
                notes: vec![("Förbehåll".into(), vec!["inga".into()])],
                footer: "Granskningsloggens huvud abc".into(),
                page_word: "Sida".into(),
            };
            let pdf = render(&doc, &setup);
            assert!(pdf.starts_with(b"%PDF-1.4"));
            assert!(pdf.ends_with(b"%%EOF\n"));
            let text = pdf.as_slice();
            let count = |needle: &[u8]| text.windows(needle.len()).filter(|w| *w == needle).count();
            let pages = count(b"/Type /Page ");
            assert!(pages >= 2, "{pages}");
            assert_eq!(count(b"(L\xe4sare) Tj"), pages, "header row on every page");
            assert!(count(format!("(Sida {pages} / {pages}) Tj").as_bytes()) == 1);
            assert!(
                count(b"L\xe4kemedelsrum \\(Avd 42\\)") == 200,
                "parentheses escaped"
            );
            // The xref offsets point at the objects.
            let start = String::from_utf8_lossy(text)
                .rsplit("startxref\n")
                .next()
                .unwrap()
                .lines()
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap();
            assert!(text[start..].starts_with(b"xref"));
        }
    }
}
