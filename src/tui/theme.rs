//! The semantic theme: panes ask for `selected` or `focused_border`, never for a
//! colour. Under `NO_COLOR` every style is made of modifiers alone.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub base: Style,
    pub header: Style,
    pub tab_active: Style,
    pub tab_inactive: Style,
    pub border: Style,
    pub focused_border: Style,
    pub title: Style,
    /// The row under the cursor in the focused pane.
    pub selected: Style,
    /// The row under the cursor in a pane without focus.
    pub selected_idle: Style,
    /// Rows that match the current search.
    pub matched: Style,
    /// Something that needs a second look (denied, forced, alarm).
    pub flagged: Style,
    pub muted: Style,
    pub key: Style,
    pub error: Style,
    pub notice: Style,
    pub input: Style,
    pub gauge: Style,
    pub monochrome: bool,
}

impl Theme {
    /// Honours `NO_COLOR` when it is set and not empty (no-color.org).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::mono(),
            _ => Theme::color(),
        }
    }

    pub fn color() -> Theme {
        let bold = Modifier::BOLD;
        Theme {
            base: Style::new(),
            header: Style::new().add_modifier(bold),
            tab_active: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            tab_inactive: Style::new(),
            border: Style::new().fg(Color::DarkGray),
            focused_border: Style::new().fg(Color::Cyan).add_modifier(bold),
            title: Style::new().add_modifier(bold),
            selected: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            selected_idle: Style::new().add_modifier(Modifier::REVERSED),
            matched: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::UNDERLINED),
            flagged: Style::new().fg(Color::Red).add_modifier(bold),
            muted: Style::new().fg(Color::DarkGray),
            key: Style::new().fg(Color::Cyan).add_modifier(bold),
            error: Style::new().fg(Color::Red).add_modifier(bold),
            notice: Style::new().fg(Color::Yellow),
            input: Style::new().add_modifier(Modifier::UNDERLINED),
            gauge: Style::new().fg(Color::Cyan),
            monochrome: false,
        }
    }

    /// Reverse and bold carry selection and focus; nothing depends on colour.
    pub fn mono() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            base: Style::new(),
            header: bold,
            tab_active: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            tab_inactive: Style::new(),
            border: Style::new(),
            focused_border: bold,
            title: bold,
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            selected_idle: Style::new().add_modifier(Modifier::UNDERLINED),
            matched: Style::new().add_modifier(Modifier::UNDERLINED),
            flagged: bold,
            muted: Style::new(),
            key: bold,
            error: Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            notice: bold,
            input: Style::new().add_modifier(Modifier::UNDERLINED),
            gauge: Style::new().add_modifier(Modifier::REVERSED),
            monochrome: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monochrome_theme_uses_no_colour_and_keeps_selection_visible() {
        let t = Theme::mono();
        for s in [
            t.selected,
            t.focused_border,
            t.flagged,
            t.tab_active,
            t.matched,
            t.error,
        ] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
            assert!(!s.add_modifier.is_empty());
        }
        assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
    }
}
