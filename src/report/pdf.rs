//! PDF/A-2u through krilla: the embedded, subset DejaVu Sans Condensed faces, a title and
//! facts block, sections of running text, a ruled table whose header row repeats on every
//! page and whose write-in column keeps its ruled width, notes after the table and a
//! footer with "page x of y". Layout runs first (so the page count is known), drawing after.

use super::typeset::{Fonts, Weight};
use super::{Body, Cell, ColumnKind, Document, Fact, Orientation, RenderError, Section};
use crate::i18n::report::Rep;
use krilla::color::luma;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime as PdfDate, Metadata};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::{Document as PdfDocument, SerializeSettings};

/// Points in a millimetre.
pub const MM: f32 = 72.0 / 25.4;

const A4: (f32, f32) = (595.28, 841.89);
const MARGIN_X: f32 = 10.0 * MM;
const MARGIN_TOP: f32 = 10.0 * MM;
const MARGIN_BOTTOM: f32 = 14.0 * MM;
const FOOTER_SIZE: f32 = 6.5;

const TITLE_SIZE: f32 = 13.0;
const FACT_SIZE: f32 = 7.5;
const FACT_LEADING: f32 = 9.2;
const HEADING_SIZE: f32 = 9.0;
const BODY_SIZE: f32 = 8.0;
const BODY_LEADING: f32 = 10.4;
/// Running text is set in a measure that reads as a letter does, even on landscape paper.
const BODY_MEASURE: f32 = 170.0 * MM;

const CELL_SIZE: f32 = 6.5;
const CELL_LEADING: f32 = 7.8;
const CELL_PAD_X: f32 = 2.0;
const CELL_PAD_Y: f32 = 2.6;
/// A row of a table with a write-in column is at least one handwriting line high (5 mm).
const WRITE_LINE: f32 = 5.0 * MM;

/// From this many rows on, columns are sized for 98 % of them rather than the widest.
const LONG_TABLE: usize = 100;

const RULE: u8 = 150;
const RULE_LIGHT: u8 = 200;
const HEADER_FILL: u8 = 228;

/// Geometry of the table the layout settled on, for tests and the measurements in the
/// README: column widths in points, rows on each page.
#[derive(Debug, Clone, PartialEq)]
pub struct TableGeometry {
    pub widths: Vec<f32>,
    pub rows_per_page: Vec<usize>,
    pub pages: usize,
}

enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        weight: Weight,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        gray: u8,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: u8,
    },
}

struct Layout<'a> {
    fonts: &'a Fonts,
    width: f32,
    height: f32,
    pages: Vec<Vec<Op>>,
    y: f32,
    rows_per_page: Vec<usize>,
    /// Where the table runs on each page (page, top, bottom), for its column rules.
    spans: Vec<(usize, f32, f32)>,
}

impl<'a> Layout<'a> {
    fn new(fonts: &'a Fonts, orientation: Orientation) -> Layout<'a> {
        let (width, height) = match orientation {
            Orientation::Portrait => A4,
            Orientation::Landscape => (A4.1, A4.0),
        };
        Layout {
            fonts,
            width,
            height,
            pages: vec![Vec::new()],
            y: MARGIN_TOP,
            rows_per_page: vec![0],
            spans: Vec::new(),
        }
    }

    fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN_X
    }

    fn bottom(&self) -> f32 {
        self.height - MARGIN_BOTTOM
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.rows_per_page.push(0);
        self.y = MARGIN_TOP;
    }

    /// Starts a new page unless `h` more points fit on this one.
    fn need(&mut self, h: f32) -> bool {
        if self.y + h > self.bottom() && self.y > MARGIN_TOP + 0.1 {
            self.new_page();
            true
        } else {
            false
        }
    }

    fn op(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn text(&mut self, x: f32, baseline: f32, size: f32, weight: Weight, text: &str) {
        if !text.is_empty() {
            self.op(Op::Text {
                x,
                y: baseline,
                size,
                weight,
                text: text.to_owned(),
            });
        }
    }

    fn hline(&mut self, x1: f32, x2: f32, y: f32, width: f32, gray: u8) {
        self.op(Op::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            width,
            gray,
        });
    }

    fn wrap(&self, w: Weight, text: &str, size: f32, max: f32) -> Vec<String> {
        self.fonts.wrap(w, text, size, max)
    }

    // --- title and facts -------------------------------------------------------------

    /// The facts in two columns, balanced by height; returns the block's height.
    fn facts_height(&self, facts: &[Fact]) -> f32 {
        let plan = self.plan_facts(facts);
        TITLE_SIZE * 1.6 + plan.height + FACT_LEADING
    }

    fn plan_facts(&self, facts: &[Fact]) -> FactsPlan {
        let gap = 8.0 * MM;
        let col_w = (self.content_width() - gap) / 2.0;
        let label_w = facts
            .iter()
            .map(|f| self.fonts.width(Weight::Bold, &f.label, FACT_SIZE))
            .fold(0.0f32, f32::max)
            .min(45.0 * MM)
            + 3.0 * MM;
        let value_w = col_w - label_w;
        let items: Vec<(Vec<String>, Vec<String>)> = facts
            .iter()
            .map(|f| {
                (
                    self.wrap(Weight::Bold, &f.label, FACT_SIZE, label_w - 3.0 * MM),
                    self.wrap(Weight::Regular, &f.value, FACT_SIZE, value_w),
                )
            })
            .collect();
        let heights: Vec<f32> = items
            .iter()
            .map(|(l, v)| l.len().max(v.len()).max(1) as f32 * FACT_LEADING + 1.5)
            .collect();
        let total: f32 = heights.iter().sum();
        // Fill the left column until it holds half the height.
        let mut split = items.len();
        let mut acc = 0.0;
        for (i, h) in heights.iter().enumerate() {
            if acc + h / 2.0 > total / 2.0 {
                split = i;
                break;
            }
            acc += h;
        }
        let left: f32 = heights[..split].iter().sum();
        let right: f32 = heights[split..].iter().sum();
        FactsPlan {
            items,
            heights,
            split,
            col_w,
            gap,
            label_w,
            height: left.max(right),
        }
    }

    fn title_and_facts(&mut self, title: &str, facts: &[Fact]) {
        let title_lines = self.wrap(Weight::Bold, title, TITLE_SIZE, self.content_width());
        for line in title_lines {
            self.y += TITLE_SIZE;
            self.text(MARGIN_X, self.y, TITLE_SIZE, Weight::Bold, &line);
            self.y += TITLE_SIZE * 0.6;
        }
        let plan = self.plan_facts(facts);
        let top = self.y;
        for (i, ((labels, values), h)) in plan.items.iter().zip(&plan.heights).enumerate() {
            let (x, y0) = if i < plan.split {
                let above: f32 = plan.heights[..i].iter().sum();
                (MARGIN_X, top + above)
            } else {
                let above: f32 = plan.heights[plan.split..i].iter().sum();
                (MARGIN_X + plan.col_w + plan.gap, top + above)
            };
            for (k, l) in labels.iter().enumerate() {
                let base = y0 + FACT_SIZE + k as f32 * FACT_LEADING;
                self.text(x, base, FACT_SIZE, Weight::Bold, l);
            }
            for (k, v) in values.iter().enumerate() {
                let base = y0 + FACT_SIZE + k as f32 * FACT_LEADING;
                self.text(x + plan.label_w, base, FACT_SIZE, Weight::Regular, v);
            }
            let _ = h;
        }
        self.y = top + plan.height + FACT_LEADING * 0.5;
        self.hline(MARGIN_X, self.width - MARGIN_X, self.y, 0.6, RULE);
        self.y += FACT_LEADING;
    }

    // --- sections ----------------------------------------------------------------------

    fn heading(&mut self, text: &str) {
        self.need(HEADING_SIZE * 2.0 + BODY_LEADING * 2.0);
        self.y += HEADING_SIZE * 1.2;
        self.text(MARGIN_X, self.y, HEADING_SIZE, Weight::Bold, text);
        self.y += HEADING_SIZE * 0.6;
    }

    fn body_line(&mut self, x: f32, weight: Weight, text: &str) {
        self.need(BODY_LEADING);
        self.y += BODY_LEADING;
        self.text(
            x,
            self.y - (BODY_LEADING - BODY_SIZE),
            BODY_SIZE,
            weight,
            text,
        );
    }

    fn section(&mut self, s: &Section) {
        self.heading(&s.heading);
        let measure = BODY_MEASURE.min(self.content_width());
        match &s.body {
            Body::Text(text) => {
                for line in self.wrap(Weight::Regular, text, BODY_SIZE, measure) {
                    self.body_line(MARGIN_X, Weight::Regular, &line);
                }
            }
            Body::Lines(lines) => {
                let w = self.content_width();
                for item in lines {
                    for line in self.wrap(Weight::Regular, item, BODY_SIZE, w) {
                        self.body_line(MARGIN_X, Weight::Regular, &line);
                    }
                }
            }
            Body::Terms(terms) => {
                let term_w = terms
                    .iter()
                    .map(|(t, _)| self.fonts.width(Weight::Bold, t, BODY_SIZE))
                    .fold(0.0f32, f32::max)
                    .min(55.0 * MM)
                    + 3.0 * MM;
                let w = self.content_width() - term_w;
                for (term, text) in terms {
                    let t = self.wrap(Weight::Bold, term, BODY_SIZE, term_w - 3.0 * MM);
                    let v = self.wrap(Weight::Regular, text, BODY_SIZE, w);
                    let n = t.len().max(v.len());
                    self.need(n as f32 * BODY_LEADING);
                    for k in 0..n {
                        self.y += BODY_LEADING;
                        let base = self.y - (BODY_LEADING - BODY_SIZE);
                        if let Some(l) = t.get(k) {
                            self.text(MARGIN_X, base, BODY_SIZE, Weight::Bold, l);
                        }
                        if let Some(l) = v.get(k) {
                            self.text(MARGIN_X + term_w, base, BODY_SIZE, Weight::Regular, l);
                        }
                    }
                }
            }
            Body::Signatures(captions) => {
                let n = captions.len().max(1) as f32;
                let gap = 10.0 * MM;
                let w = ((self.content_width() - gap * (n - 1.0)) / n).min(80.0 * MM);
                self.need(16.0 * MM);
                let line_y = self.y + 12.0 * MM;
                for (i, c) in captions.iter().enumerate() {
                    let x = MARGIN_X + i as f32 * (w + gap);
                    self.hline(x, x + w, line_y, 0.6, 0);
                    self.text(x, line_y + 8.0, FACT_SIZE, Weight::Regular, c);
                }
                self.y = line_y + 4.0 * MM;
            }
        }
        self.y += BODY_LEADING * 0.5;
    }

    // --- the table ---------------------------------------------------------------------

    fn column_widths(&self, doc: &Document) -> Vec<f32> {
        let t = &doc.table;
        let avail = self.content_width();
        let pad = 2.0 * CELL_PAD_X;
        let mut natural: Vec<f32> = Vec::with_capacity(t.columns.len());
        let mut floor: Vec<f32> = Vec::with_capacity(t.columns.len());
        for (c, col) in t.columns.iter().enumerate() {
            let header_word = col
                .header
                .split([' ', '/'])
                .map(|w| self.fonts.width(Weight::Bold, w, CELL_SIZE))
                .fold(0.0f32, f32::max);
            let mut cell_widths: Vec<f32> = Vec::with_capacity(t.rows.len());
            let mut widest_word = header_word;
            for row in &t.rows {
                if let Some(cell) = row.get(c) {
                    let text = cell.display();
                    if !text.is_empty() {
                        cell_widths.push(self.fonts.width(Weight::Regular, &text, CELL_SIZE));
                    }
                    match cell {
                        Cell::Text(_) => {
                            for w in text.split(' ') {
                                widest_word = widest_word.max(self.fonts.width(
                                    Weight::Regular,
                                    w,
                                    CELL_SIZE,
                                ));
                            }
                        }
                        Cell::Empty => {}
                        // Times and numbers never wrap.
                        Cell::Time(_) | Cell::Number(_) => {
                            widest_word = widest_word.max(self.fonts.width(
                                Weight::Regular,
                                &text,
                                CELL_SIZE,
                            ));
                        }
                    }
                }
            }
            // A long table is sized for nearly all of its filled cells: the rare longer one
            // (a user from another unit) wraps instead of narrowing every other column.
            cell_widths.sort_by(f32::total_cmp);
            let at = if cell_widths.len() < LONG_TABLE {
                cell_widths.len()
            } else {
                (cell_widths.len() as f32 * 0.98).ceil() as usize
            };
            let widest = cell_widths
                .get(at.saturating_sub(1))
                .copied()
                .unwrap_or(0.0)
                .max(header_word);
            let cap = col.max_mm * MM;
            let min = col.write_in_mm.map_or(0.0, |m| m * MM);
            // A write-in column asks for its ruled width; its typed text wraps inside it.
            let widest = if col.write_in_mm.is_some() {
                0.0
            } else {
                widest
            };
            natural.push((widest + pad + 0.5).min(cap).max(min));
            floor.push((widest_word + pad + 0.5).min(cap).max(min).min(natural[c]));
        }
        let write_in: Vec<usize> = (0..t.columns.len())
            .filter(|&c| t.columns[c].write_in_mm.is_some())
            .collect();
        let total: f32 = natural.iter().sum();
        let mut widths = natural.clone();
        if total > avail {
            // Narrow the widest columns first, down to one common width, so that short
            // columns (times, codes, names) stay on one line and long texts wrap.
            let fixed = |level: f32| -> f32 {
                (0..widths.len())
                    .map(|c| natural[c].min(floor[c].max(level)))
                    .sum()
            };
            let (mut lo, mut hi) = (0.0f32, natural.iter().copied().fold(0.0, f32::max));
            for _ in 0..40 {
                let mid = (lo + hi) / 2.0;
                if fixed(mid) > avail {
                    hi = mid
                } else {
                    lo = mid
                }
            }
            for (w, (n, f)) in widths.iter_mut().zip(natural.iter().zip(&floor)) {
                *w = n.min(f.max(lo));
            }
            let used: f32 = widths.iter().sum();
            if used > avail {
                // Even the longest words do not fit: scale the columns that are not for
                // writing in, which keep their ruled width.
                let others: f32 = (0..widths.len())
                    .filter(|c| !write_in.contains(c))
                    .map(|c| widths[c])
                    .sum();
                let keep = used - others;
                for (c, w) in widths.iter_mut().enumerate() {
                    if !write_in.contains(&c) {
                        *w *= (avail - keep).max(0.0) / others.max(1.0);
                    }
                }
            } else if let Some(&c) = write_in.first() {
                widths[c] += avail - used;
            }
        } else if let Some(&c) = write_in.first() {
            // The space left over is writing room.
            widths[c] += avail - total;
        }
        widths
    }

    fn header_row(&mut self, doc: &Document, widths: &[f32]) {
        let lines: Vec<Vec<String>> = doc
            .table
            .columns
            .iter()
            .zip(widths)
            .map(|(col, w)| self.wrap(Weight::Bold, &col.header, CELL_SIZE, w - 2.0 * CELL_PAD_X))
            .collect();
        let n = lines.iter().map(Vec::len).max().unwrap_or(1);
        let h = n as f32 * CELL_LEADING + 2.0 * CELL_PAD_Y;
        let top = self.y;
        self.op(Op::Fill {
            x: MARGIN_X,
            y: top,
            w: widths.iter().sum(),
            h,
            gray: HEADER_FILL,
        });
        let mut x = MARGIN_X;
        for (cell, w) in lines.iter().zip(widths) {
            for (k, l) in cell.iter().enumerate() {
                let base = top + CELL_PAD_Y + CELL_SIZE + k as f32 * CELL_LEADING - 1.0;
                self.text(x + CELL_PAD_X, base, CELL_SIZE, Weight::Bold, l);
            }
            x += w;
        }
        let right = MARGIN_X + widths.iter().sum::<f32>();
        self.hline(MARGIN_X, right, top, 0.6, RULE);
        self.hline(MARGIN_X, right, top + h, 0.6, RULE);
        self.y = top + h;
        self.spans.push((self.pages.len() - 1, top, top + h));
    }

    fn table(&mut self, doc: &Document) -> Vec<f32> {
        let t = &doc.table;
        if !t.heading.is_empty() {
            self.heading(&t.heading);
            self.y += 2.0;
        }
        if t.rows.is_empty() {
            self.body_line(MARGIN_X, Weight::Regular, &t.empty);
            return Vec::new();
        }
        let widths = self.column_widths(doc);
        let has_write_in = t.columns.iter().any(|c| c.write_in_mm.is_some());
        let min_row = if has_write_in {
            WRITE_LINE
        } else {
            CELL_LEADING + 2.0 * CELL_PAD_Y
        };
        // The header row and at least one row stay together.
        self.need(3.0 * min_row + 20.0);
        self.header_row(doc, &widths);
        let right = MARGIN_X + widths.iter().sum::<f32>();
        for row in &t.rows {
            let cells: Vec<(Vec<String>, bool)> = t
                .columns
                .iter()
                .zip(widths.iter())
                .enumerate()
                .map(|(c, (col, w))| {
                    let text = row.get(c).map(Cell::display).unwrap_or_default();
                    let lines = if text.is_empty() {
                        Vec::new()
                    } else if col.kind == ColumnKind::Text {
                        self.wrap(Weight::Regular, &text, CELL_SIZE, w - 2.0 * CELL_PAD_X)
                    } else {
                        vec![text]
                    };
                    (lines, col.write_in_mm.is_some())
                })
                .collect();
            let h = cells
                .iter()
                .map(|(lines, write_in)| {
                    let text_h = lines.len() as f32 * CELL_LEADING + 2.0 * CELL_PAD_Y;
                    if *write_in && lines.len() > 1 {
                        // Typed text over several lines, and a ruled line under it for the pen.
                        text_h + WRITE_LINE - CELL_PAD_Y
                    } else {
                        text_h
                    }
                })
                .fold(min_row, f32::max);
            if self.need(h) {
                self.header_row(doc, &widths);
            }
            let top = self.y;
            let mut x = MARGIN_X;
            for ((lines, write_in), w) in cells.iter().zip(&widths) {
                for (k, l) in lines.iter().enumerate() {
                    let base = top + CELL_PAD_Y + CELL_SIZE + k as f32 * CELL_LEADING - 0.5;
                    self.text(x + CELL_PAD_X, base, CELL_SIZE, Weight::Regular, l);
                }
                if *write_in {
                    // Writing lines, 5 mm apart, from the row's foot up to the typed text.
                    let text_bottom = top + CELL_PAD_Y + lines.len() as f32 * CELL_LEADING;
                    let mut line_y = top + h - WRITE_LINE;
                    while line_y > text_bottom + WRITE_LINE * 0.6 {
                        self.hline(x + 1.5, x + w - 1.5, line_y, 0.3, RULE_LIGHT);
                        line_y -= WRITE_LINE;
                    }
                }
                x += w;
            }
            self.hline(MARGIN_X, right, top + h, 0.3, RULE);
            self.y = top + h;
            if let Some(span) = self.spans.last_mut() {
                span.2 = self.y;
            }
            if let Some(n) = self.rows_per_page.last_mut() {
                *n += 1;
            }
        }
        widths
    }

    /// Column rules on every page that holds table rows.
    fn column_rules(&mut self, widths: &[f32], spans: &[(usize, f32, f32)]) {
        for &(page, top, bottom) in spans {
            let mut x = MARGIN_X;
            let mut xs = vec![x];
            for w in widths {
                x += w;
                xs.push(x);
            }
            for (i, x) in xs.iter().enumerate() {
                let edge = i == 0 || i == xs.len() - 1;
                let op = Op::Line {
                    x1: *x,
                    y1: top,
                    x2: *x,
                    y2: bottom,
                    width: if edge { 0.6 } else { 0.3 },
                    gray: if edge { RULE } else { RULE_LIGHT },
                };
                if let Some(p) = self.pages.get_mut(page) {
                    p.push(op);
                }
            }
        }
    }
}

struct FactsPlan {
    items: Vec<(Vec<String>, Vec<String>)>,
    heights: Vec<f32>,
    split: usize,
    col_w: f32,
    gap: f32,
    label_w: f32,
    height: f32,
}

/// Lays the document out: the pages' drawing operations and the table's geometry.
fn layout<'a>(fonts: &'a Fonts, doc: &Document) -> (Layout<'a>, TableGeometry) {
    let mut l = Layout::new(fonts, doc.orientation);
    let lang = doc.lang;
    // Facts that would push the block past its limit go after the table.
    let mut facts = doc.facts.clone();
    let mut moved: Vec<(String, String)> = Vec::new();
    if let Some(limit) = doc.facts_limit {
        let max = l.height * limit - MARGIN_TOP;
        if l.facts_height(&facts) > max {
            for f in facts.iter_mut().filter(|f| f.movable) {
                moved.push((f.label.clone(), f.value.clone()));
                f.value = Rep::SeeAfterTable.text(lang).to_owned();
            }
        }
    }
    l.title_and_facts(&doc.title, &facts);
    for s in &doc.before {
        l.section(s);
    }
    let widths = l.table(doc);
    let spans = l.spans.clone();
    l.column_rules(&widths, &spans);
    let geometry = TableGeometry {
        widths: widths.clone(),
        rows_per_page: l.rows_per_page.clone(),
        pages: l.pages.len(),
    };
    if !moved.is_empty() {
        l.section(&Section {
            heading: Rep::MoreFacts.text(lang).to_owned(),
            body: Body::Terms(moved),
        });
    }
    for s in &doc.after {
        l.section(s);
    }
    let geometry = TableGeometry {
        pages: l.pages.len(),
        ..geometry
    };
    (l, geometry)
}

/// The table geometry a document gets on paper (for tests and measurements).
pub fn geometry(doc: &Document) -> Result<TableGeometry, RenderError> {
    let fonts =
        Fonts::load().ok_or_else(|| RenderError::Pdf("the embedded font is unreadable".into()))?;
    Ok(layout(&fonts, doc).1)
}

fn pdf_date(t: &chrono::DateTime<chrono::FixedOffset>) -> PdfDate {
    use chrono::{Datelike, Timelike};
    let offset = t.offset().local_minus_utc();
    PdfDate::new(t.year().clamp(0, 9999) as u16)
        .month(t.month() as u8)
        .day(t.day() as u8)
        .hour(t.hour() as u8)
        .minute(t.minute() as u8)
        .second(t.second() as u8)
        .utc_offset_hour((offset / 3600) as i8)
        .utc_offset_minute(((offset.abs() % 3600) / 60) as u8)
}

fn draw(surface: &mut Surface<'_>, fonts: &Fonts, op: &Op) {
    match op {
        Op::Text {
            x,
            y,
            size,
            weight,
            text,
        } => {
            // Text is filled black and never stroked, whatever the last rule or band set.
            surface.set_stroke(None);
            surface.set_fill(Some(Fill::default()));
            let shaped = fonts.shape(*weight, text);
            for piece in &shaped.pieces {
                surface.draw_glyphs(
                    Point::from_xy(x + piece.x * size, *y),
                    &piece.glyphs,
                    fonts.font(*weight),
                    text,
                    *size,
                    false,
                );
            }
        }
        Op::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            gray,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y1);
            pb.line_to(*x2, *y2);
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: luma::Color::new(*gray).into(),
                    width: *width,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
            }
        }
        Op::Fill { x, y, w, h, gray } => {
            let mut pb = PathBuilder::new();
            if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                pb.push_rect(rect);
            }
            if let Some(path) = pb.finish() {
                surface.set_stroke(None);
                surface.set_fill(Some(Fill {
                    paint: luma::Color::new(*gray).into(),
                    ..Fill::default()
                }));
                surface.draw_path(&path);
            }
        }
    }
}

/// The document as PDF/A-2u bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    let fonts =
        Fonts::load().ok_or_else(|| RenderError::Pdf("the embedded font is unreadable".into()))?;
    let (mut l, _) = layout(&fonts, doc);
    let total = l.pages.len();
    let (width, height) = (l.width, l.height);
    // The footer: the document's line on the left, "page x of y" on the right.
    for page in 0..total {
        let base = height - MARGIN_BOTTOM + 6.0 * MM;
        let label = Rep::PageOf.fill(doc.lang, &[&(page + 1), &total]);
        let label_w = fonts.width(Weight::Regular, &label, FOOTER_SIZE);
        let footer_w = width - 2.0 * MARGIN_X - label_w - 6.0 * MM;
        let footer = fonts
            .wrap(Weight::Regular, &doc.footer, FOOTER_SIZE, footer_w)
            .join(" ");
        let ops = [
            Op::Line {
                x1: MARGIN_X,
                y1: base - FOOTER_SIZE - 2.0,
                x2: width - MARGIN_X,
                y2: base - FOOTER_SIZE - 2.0,
                width: 0.3,
                gray: RULE,
            },
            Op::Text {
                x: MARGIN_X,
                y: base,
                size: FOOTER_SIZE,
                weight: Weight::Regular,
                text: footer,
            },
            Op::Text {
                x: width - MARGIN_X - label_w,
                y: base,
                size: FOOTER_SIZE,
                weight: Weight::Regular,
                text: label,
            },
        ];
        l.pages[page].extend(ops);
    }

    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A2_U)
        .finish()
        .map_err(|e| RenderError::Pdf(format!("{e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    };
    let mut pdf = PdfDocument::new_with(settings);
    let lang = match doc.lang {
        crate::i18n::Lang::Sv => "sv-SE",
        crate::i18n::Lang::En => "en",
    };
    pdf.set_metadata(
        Metadata::new()
            .title(doc.title.clone())
            .authors(vec![doc.author.clone()])
            .creator(format!("loggvakt {}", env!("CARGO_PKG_VERSION")))
            .language(lang.to_owned())
            .creation_date(pdf_date(&doc.created)),
    );
    let settings = PageSettings::from_wh(width, height)
        .ok_or_else(|| RenderError::Pdf("the page size is invalid".into()))?;
    for ops in &l.pages {
        let mut page = pdf.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, &fonts, op);
        }
        surface.finish();
        page.finish();
    }
    pdf.finish().map_err(|e| RenderError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::report::{Column, Table};

    fn doc(rows: usize, comment: &str) -> Document {
        let mut note = Column::new("Kommentar", ColumnKind::Text, 200.0);
        note.write_in_mm = Some(60.0);
        Document {
            lang: Lang::Sv,
            title: "T".into(),
            author: "a".into(),
            created: chrono::DateTime::parse_from_rfc3339("2026-12-01T09:48:00+01:00").unwrap(),
            orientation: Orientation::Landscape,
            facts: vec![Fact::new("Enhet", "Exempelskolan F–9")],
            facts_limit: Some(1.0 / 3.0),
            before: Vec::new(),
            table: Table {
                heading: String::new(),
                columns: vec![
                    Column::new("ID", ColumnKind::Number, 12.0),
                    Column::new("Elev", ColumnKind::Text, 30.0),
                    note,
                ],
                rows: (0..rows)
                    .map(|i| {
                        vec![
                            Cell::Number(i as i64),
                            Cell::text("Şahin Ayşe"),
                            Cell::text(comment),
                        ]
                    })
                    .collect(),
                empty: String::new(),
            },
            after: Vec::new(),
            footer: "f".into(),
            sheet: "S".into(),
            second_sheet: "S2".into(),
        }
    }

    #[test]
    fn the_write_in_column_takes_the_room_left_and_never_less_than_its_width() {
        let g = geometry(&doc(10, "OK")).unwrap();
        let comment = g.widths[2] / MM;
        assert!(comment >= 60.0, "{comment} mm");
        let total: f32 = g.widths.iter().sum::<f32>() / MM;
        assert!(
            (total - 277.0).abs() < 0.5,
            "the table spans the page: {total} mm"
        );
    }

    #[test]
    fn rows_one_writing_line_high_fill_a_landscape_page() {
        let g = geometry(&doc(200, "OK")).unwrap();
        // 5 mm rows in the 186 mm between the margins, less the header row.
        assert!(g.rows_per_page[1] >= 35, "{:?}", g.rows_per_page);
        assert_eq!(g.rows_per_page.iter().sum::<usize>(), 200);
    }

    #[test]
    fn krilla_validates_the_document_as_pdf_a_2u() {
        let bytes = render(&doc(3, "Avvikelse: anmält till verksamhetschef")).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("<pdfaid:part>2</pdfaid:part>"));
        assert!(text.contains("<pdfaid:conformance>U</pdfaid:conformance>"));
    }
}
