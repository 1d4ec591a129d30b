//! Text set in the embedded DejaVu Sans Condensed faces: shaped by rustybuzz (Arabic joins,
//! Vietnamese stacked marks), ordered by the Unicode bidirectional algorithm, measured for
//! layout and wrapped at word boundaries.
//!
//! Right-to-left runs are drawn word by word in written order at their visual places, so a
//! reader that follows the content stream (`pdftotext -raw`, screen readers) gets the words
//! in the order they were written, while the page looks as an Arabic reader expects.

use krilla::text::{Font, GlyphId, KrillaGlyph};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed-Bold.ttf");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weight {
    Regular,
    Bold,
}

/// Glyphs drawn in one call: contiguous on the line, in visual order.
#[derive(Debug, Clone)]
pub struct Piece {
    /// Where the piece starts, in em from the start of the line.
    pub x: f32,
    pub glyphs: Vec<KrillaGlyph>,
}

/// A shaped line: its width in em and its pieces in logical order.
#[derive(Debug, Clone)]
pub struct Shaped {
    pub width: f32,
    pub pieces: Vec<Piece>,
}

struct Face {
    rb: rustybuzz::Face<'static>,
    font: Font,
    upem: f32,
}

impl Face {
    fn load(data: &'static [u8]) -> Option<Face> {
        let rb = rustybuzz::Face::from_slice(data, 0)?;
        let upem = rb.units_per_em() as f32;
        Some(Face {
            rb,
            font: Font::new(data.into(), 0)?,
            upem,
        })
    }
}

/// The two faces and a cache of shaped strings: a month's record repeats the same
/// names, roles and documents thousands of times.
pub struct Fonts {
    regular: Face,
    bold: Face,
    cache: RefCell<HashMap<(Weight, String), Rc<Shaped>>>,
}

impl Fonts {
    /// The faces compiled into the binary; `None` only if a font file in `assets/` is broken.
    pub fn load() -> Option<Fonts> {
        Some(Fonts {
            regular: Face::load(REGULAR)?,
            bold: Face::load(BOLD)?,
            cache: RefCell::new(HashMap::new()),
        })
    }

    fn face(&self, w: Weight) -> &Face {
        match w {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    pub fn font(&self, w: Weight) -> Font {
        self.face(w).font.clone()
    }

    /// The line shaped and ordered for drawing (cached).
    pub fn shape(&self, w: Weight, text: &str) -> Rc<Shaped> {
        let key = (w, text.to_owned());
        if let Some(s) = self.cache.borrow().get(&key) {
            return Rc::clone(s);
        }
        let shaped = Rc::new(shape_line(self.face(w), text));
        self.cache.borrow_mut().insert(key, Rc::clone(&shaped));
        shaped
    }

    /// The width of one line of text at `size` points.
    pub fn width(&self, w: Weight, text: &str, size: f32) -> f32 {
        self.shape(w, text).width * size
    }

    /// Breaks text into lines no wider than `max` points: at spaces, at explicit line
    /// breaks, and inside a word only when the word alone is wider than a line.
    pub fn wrap(&self, w: Weight, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let paragraph = paragraph.trim_end_matches('\r');
            let mut line = String::new();
            for word in paragraph.split(' ') {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(w, &candidate, size) <= max || candidate.is_empty() {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width(w, word, size) <= max {
                    line = word.to_owned();
                } else {
                    // A word wider than the column (a hash, a long file name): break it.
                    for ch in word.chars() {
                        let mut next = line.clone();
                        next.push(ch);
                        if !line.is_empty() && self.width(w, &next, size) > max {
                            lines.push(std::mem::take(&mut line));
                            line.push(ch);
                        } else {
                            line = next;
                        }
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

/// One glyph with the byte range of the text it shows.
fn glyphs_of(face: &Face, text: &str, range: Range<usize>, rtl: bool) -> Vec<KrillaGlyph> {
    let sub = &text[range.clone()];
    let mut buf = rustybuzz::UnicodeBuffer::new();
    buf.push_str(sub);
    buf.guess_segment_properties();
    buf.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    let out = rustybuzz::shape(&face.rb, &[], buf);
    let infos = out.glyph_infos();
    let positions = out.glyph_positions();
    let mut starts: Vec<usize> = infos.iter().map(|g| g.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    infos
        .iter()
        .zip(positions)
        .map(|(info, pos)| {
            let start = info.cluster as usize;
            // A cluster ends where the next cluster (in text order) begins.
            let end = starts
                .iter()
                .find(|&&s| s > start)
                .copied()
                .unwrap_or(sub.len());
            KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                pos.x_advance as f32 / face.upem,
                pos.x_offset as f32 / face.upem,
                pos.y_offset as f32 / face.upem,
                0.0,
                range.start + start..range.start + end,
                None,
            )
        })
        .collect()
}

fn is_rtl(c: char) -> bool {
    use unicode_bidi::BidiClass::{AL, R};
    matches!(unicode_bidi::bidi_class(c), R | AL)
}

/// The line's directional runs in visual order: byte ranges, and whether each is right to
/// left. The documents are Swedish or English, so every line is a left-to-right paragraph;
/// a right-to-left phrase ends at its last Arabic letter, so that an employee id in
/// brackets after an Arabic name stays with the left-to-right text around it (as if the
/// name were followed by a left-to-right mark, which is never written into the text).
fn visual_runs(text: &str) -> Vec<(Range<usize>, bool)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut marked = String::with_capacity(text.len() + 8);
    let mut at = Vec::with_capacity(chars.len());
    for (k, &(_, c)) in chars.iter().enumerate() {
        at.push(marked.len());
        marked.push(c);
        if is_rtl(c) {
            let next = chars[k + 1..]
                .iter()
                .map(|&(_, c)| c)
                .find(|c| !c.is_whitespace() && !matches!(c, ',' | '،' | '.' | '-'));
            if next.is_some_and(|n| !is_rtl(n)) {
                marked.push('\u{200e}');
            }
        }
    }
    let info = unicode_bidi::BidiInfo::new(&marked, Some(unicode_bidi::Level::ltr()));
    let levels: Vec<unicode_bidi::Level> = at.iter().map(|&i| info.levels[i]).collect();
    let order = unicode_bidi::BidiInfo::reorder_visual(&levels);
    let end_of = |k: usize| chars.get(k + 1).map_or(text.len(), |&(i, _)| i);
    let mut runs: Vec<(usize, usize, bool, usize)> = Vec::new(); // first, last char, rtl, level
    for &k in &order {
        let level = levels[k].number() as usize;
        let rtl = levels[k].is_rtl();
        match runs.last_mut() {
            Some((first, last, r, l)) if *l == level && *r == rtl => {
                if rtl && k + 1 == *first {
                    *first = k;
                    continue;
                }
                if !rtl && k == *last + 1 {
                    *last = k;
                    continue;
                }
                runs.push((k, k, rtl, level));
            }
            _ => runs.push((k, k, rtl, level)),
        }
    }
    runs.into_iter()
        .map(|(first, last, rtl, _)| (chars[first].0..end_of(last), rtl))
        .collect()
}

fn shape_line(face: &Face, text: &str) -> Shaped {
    let mut pieces = Vec::new();
    if text.is_empty() {
        return Shaped { width: 0.0, pieces };
    }
    let mut x = 0.0f32;
    {
        let runs = visual_runs(text);
        let mut placed: Vec<(usize, Piece)> = Vec::new();
        for (run, rtl) in runs {
            let glyphs = glyphs_of(face, text, run.clone(), rtl);
            if !rtl {
                let width: f32 = glyphs.iter().map(|g| g.x_advance).sum();
                placed.push((run.start, Piece { x, glyphs }));
                x += width;
                continue;
            }
            // Right to left: the glyphs are in visual order; regroup them into words,
            // spaces and punctuation, and emit those in the order they were written.
            let is_space = |g: &KrillaGlyph| {
                let t = &text[g.text_range.clone()];
                if t.trim().is_empty() {
                    0
                } else if t.chars().any(is_rtl) {
                    1
                } else {
                    2
                }
            };
            let mut gx = x;
            let mut group: Option<(u8, f32, Vec<KrillaGlyph>)> = None;
            for g in glyphs {
                let space = is_space(&g);
                let advance = g.x_advance;
                match &mut group {
                    Some((s, _, gs)) if *s == space => gs.push(g),
                    _ => {
                        if let Some((_, gx0, gs)) = group.take() {
                            let first = gs.iter().map(|g| g.text_range.start).min().unwrap_or(0);
                            placed.push((first, Piece { x: gx0, glyphs: gs }));
                        }
                        group = Some((space, gx, vec![g]));
                    }
                }
                gx += advance;
            }
            if let Some((_, gx0, gs)) = group.take() {
                let first = gs.iter().map(|g| g.text_range.start).min().unwrap_or(0);
                placed.push((first, Piece { x: gx0, glyphs: gs }));
            }
            x = gx;
        }
        placed.sort_by_key(|(start, _)| *start);
        pieces.extend(placed.into_iter().map(|(_, p)| p));
    }
    Shaped { width: x, pieces }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::load().expect("fonts")
    }

    #[test]
    fn every_script_of_the_names_has_glyphs() {
        let f = fonts();
        for name in [
            "Wiśniewski, Łukasz",
            "Şahin, Ayşe",
            "Nguyễn, Thị Hương",
            "Παπαδόπουλος, Γιώργος",
            "Кузнецов, Дмитрий",
            "حداد، عمر",
        ] {
            let s = f.shape(Weight::Regular, name);
            for p in &s.pieces {
                assert!(
                    p.glyphs.iter().all(|g| g.glyph_id.to_u32() != 0),
                    "{name}: a character has no glyph"
                );
            }
        }
    }

    #[test]
    fn arabic_words_come_in_written_order_at_their_visual_places() {
        let f = fonts();
        let text = "حداد، عمر";
        let s = f.shape(Weight::Regular, text);
        let words: Vec<&Piece> = s
            .pieces
            .iter()
            .filter(|p| {
                p.glyphs
                    .iter()
                    .any(|g| text[g.text_range.clone()].chars().any(is_rtl))
            })
            .collect();
        assert_eq!(words.len(), 2);
        // The first written word (حداد،) stands to the right of the second.
        assert!(words[0].x > words[1].x);
        assert!(text[words[0].glyphs[0].text_range.clone()].len() <= "حداد،".len());
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_keeps_every_word_whole() {
        let f = fonts();
        let comment = "Avvikelse: läst journalen utan vårdkontakt, anmält till verksamhetschef enligt rutinen för HSL";
        let lines = f.wrap(Weight::Regular, comment, 7.0, 170.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), comment);
        assert!(
            lines
                .iter()
                .any(|l| l.split(' ').any(|w| w == "verksamhetschef"))
        );
        for l in &lines {
            assert!(f.width(Weight::Regular, l, 7.0) <= 170.0, "{l}");
        }
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_inside() {
        let f = fonts();
        let hash = "0123456789abcdef".repeat(4);
        let lines = f.wrap(Weight::Regular, &hash, 7.0, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), hash);
    }
}
