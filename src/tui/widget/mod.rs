//! Pieces every pane draws with: framed blocks, a scroll window that learns its
//! height from the last draw, columns sized from their content, text fields.

pub mod columns;
pub mod field;
pub mod scroll;
pub mod table;

use super::theme::Theme;
use crate::text::for_terminal;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType};

/// Text from the store, made safe to draw.
pub fn safe(s: &str) -> String {
    for_terminal(s).into_owned()
}

/// How many cells a text takes (one per character: the exports are Latin script).
pub fn width(s: &str) -> usize {
    s.chars().count()
}

/// A framed pane; a focused one has a heavier frame, so focus shows without colour.
pub fn pane_block<'a>(theme: &Theme, title: String, focused: bool) -> Block<'a> {
    let mut b = Block::bordered();
    if !title.is_empty() {
        b = b.title(Line::styled(
            format!(" {title} "),
            if focused {
                theme.focused_border
            } else {
                theme.title
            },
        ));
    }
    if focused {
        b.border_type(BorderType::Thick)
            .border_style(theme.focused_border)
    } else {
        b.border_style(theme.border)
    }
}

pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// A count with a narrow no-break space between thousands (`7 273`).
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    out
}

pub fn fmt_time(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// How many rows `text` takes when wrapped at `width` (words kept whole where they fit).
pub fn wrapped_rows(text: &str, width: usize) -> usize {
    if width == 0 {
        return 1;
    }
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ') {
        let w = self::width(word);
        let need = if used == 0 { w } else { used + 1 + w };
        if need <= width {
            used = need;
        } else if w > width {
            // A word longer than the line breaks across rows.
            let rest = if used == 0 { w } else { w + used + 1 };
            rows += rest.div_ceil(width) - 1;
            used = rest % width;
        } else {
            rows += 1;
            used = w;
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_group_with_a_narrow_space() {
        assert_eq!(thousands(7273), "7\u{202F}273");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1\u{202F}000\u{202F}000");
    }

    #[test]
    fn wrapped_rows_counts_the_lines_a_paragraph_needs() {
        assert_eq!(wrapped_rows("abc def", 7), 1);
        assert_eq!(wrapped_rows("abc def", 6), 2);
        assert_eq!(wrapped_rows("", 10), 1);
        assert_eq!(wrapped_rows("abcdefghij", 4), 3);
    }
}
