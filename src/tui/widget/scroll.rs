//! A cursor in a list and the window of rows around it. The window's height is
//! what the last draw had room for, so key handling pages by what the user sees
//! and never asks the layout.

use std::cell::Cell;

/// Rows assumed visible before anything was drawn.
const FIRST_GUESS: usize = 10;

#[derive(Debug, Clone, Default)]
pub struct Scroll {
    /// The row under the cursor.
    pub selected: usize,
    top: Cell<usize>,
    height: Cell<usize>,
}

impl Scroll {
    /// Rows shown at once, from the last draw.
    pub fn viewport(&self) -> usize {
        match self.height.get() {
            0 => FIRST_GUESS,
            h => h,
        }
    }

    /// How far PgUp/PgDn move: a screen less one row, so one row stays in sight.
    pub fn page(&self) -> isize {
        (self.viewport().max(2) - 1) as isize
    }

    pub fn top(&self) -> usize {
        self.top.get()
    }

    /// Moves the cursor by `delta` within `len` rows; true when it moved.
    pub fn move_by(&mut self, delta: isize, len: usize) -> bool {
        if len == 0 {
            self.selected = 0;
            return false;
        }
        let before = self.selected;
        self.selected = (self.selected as isize)
            .saturating_add(delta)
            .clamp(0, len as isize - 1) as usize;
        self.keep_visible();
        before != self.selected
    }

    /// Moves the cursor as a list movement asks (a row, a page, to either end);
    /// `None` for any other action, else whether the cursor moved.
    pub fn navigate(&mut self, action: crate::tui::action::Action, len: usize) -> Option<bool> {
        use crate::tui::action::Action;
        let page = self.page();
        let before = self.selected;
        match action {
            Action::Up => self.move_by(-1, len),
            Action::Down => self.move_by(1, len),
            Action::PageUp => self.move_by(-page, len),
            Action::PageDown => self.move_by(page, len),
            Action::Top => {
                self.select(0, len);
                before != self.selected
            }
            Action::Bottom => {
                self.select(len.saturating_sub(1), len);
                before != self.selected
            }
            _ => return None,
        };
        Some(before != self.selected)
    }

    /// Puts the cursor on row `i`.
    pub fn select(&mut self, i: usize, len: usize) {
        self.selected = i.min(len.saturating_sub(1));
        self.keep_visible();
    }

    /// Rows were added before (positive) or removed from (negative) the top of the
    /// list: the cursor and the window follow the rows they were on.
    pub fn shift(&mut self, delta: isize) {
        self.selected = (self.selected as isize + delta).max(0) as usize;
        self.top
            .set((self.top.get() as isize + delta).max(0) as usize);
    }

    fn keep_visible(&self) {
        let h = self.viewport();
        let top = self.top.get();
        if self.selected < top {
            self.top.set(self.selected);
        } else if self.selected >= top + h {
            self.top.set(self.selected + 1 - h);
        }
    }

    /// Called while drawing `height` rows of a list of `len`: remembers the height
    /// and returns the first row to draw, the cursor kept in sight.
    pub fn frame(&self, height: usize, len: usize) -> usize {
        self.height.set(height.max(1));
        let max_top = len.saturating_sub(height.max(1));
        if self.top.get() > max_top {
            self.top.set(max_top);
        }
        self.keep_visible();
        self.top.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_movements_move_and_say_whether_they_did() {
        use crate::tui::action::Action;
        let mut s = Scroll::default();
        assert_eq!(
            s.navigate(Action::Up, 10),
            Some(false),
            "already at the top"
        );
        assert_eq!(s.navigate(Action::Bottom, 10), Some(true));
        assert_eq!(s.selected, 9);
        assert_eq!(s.navigate(Action::Down, 10), Some(false));
        assert_eq!(s.navigate(Action::Top, 10), Some(true));
        assert_eq!(s.selected, 0);
        assert_eq!(s.navigate(Action::Enter, 10), None, "not a movement");
    }

    #[test]
    fn paging_uses_the_height_of_the_last_draw() {
        let mut s = Scroll::default();
        assert_eq!(s.viewport(), FIRST_GUESS);
        s.frame(5, 100);
        assert_eq!(s.page(), 4);
        s.move_by(s.page(), 100);
        assert_eq!(s.selected, 4);
        s.move_by(3, 100);
        assert_eq!(s.top(), 3, "the cursor is kept on the last row shown");
        s.move_by(-100, 100);
        assert_eq!((s.selected, s.top()), (0, 0));
    }

    #[test]
    fn a_shorter_list_pulls_the_window_back() {
        let mut s = Scroll::default();
        s.frame(5, 100);
        s.select(90, 100);
        assert_eq!(s.frame(5, 100), 86);
        s.select(2, 3);
        assert_eq!(s.frame(5, 3), 0);
    }

    #[test]
    fn rows_added_above_keep_the_cursor_on_its_row() {
        let mut s = Scroll::default();
        s.frame(5, 10);
        s.select(3, 10);
        s.shift(200);
        assert_eq!(s.selected, 203);
        s.shift(-150);
        assert_eq!(s.selected, 53);
    }
}
