//! One-line text fields: typed characters and editing actions applied to a
//! `tui-input` value, and the visible slice of it with the cursor's column.

use crate::tui::action::{Action, Edit};
use tui_input::{Input, InputRequest};

/// Applies a typing or editing action; `None` when the action is neither,
/// otherwise whether the text changed.
pub fn edit(input: &mut Input, action: Action) -> Option<bool> {
    let req = match action {
        Action::Type(c) => InputRequest::InsertChar(c),
        Action::Edit(e) => match e {
            Edit::Left => InputRequest::GoToPrevChar,
            Edit::Right => InputRequest::GoToNextChar,
            Edit::WordLeft => InputRequest::GoToPrevWord,
            Edit::WordRight => InputRequest::GoToNextWord,
            Edit::Home => InputRequest::GoToStart,
            Edit::End => InputRequest::GoToEnd,
            Edit::Backspace => InputRequest::DeletePrevChar,
            Edit::Delete => InputRequest::DeleteNextChar,
            Edit::DeleteWordBefore => InputRequest::DeletePrevWord,
            Edit::DeleteToStart => InputRequest::DeleteFromStart,
        },
        _ => return None,
    };
    Some(input.handle(req).is_some_and(|c| c.value))
}

/// The part of the value that fits in `room` cells, and the cursor's column in it.
pub fn visible(input: &Input, room: usize) -> (String, usize) {
    let room = room.max(1);
    // One cell is kept for the cursor after the last character.
    let scroll = input.visual_scroll(room.saturating_sub(1).max(1));
    let shown: String = input.value().chars().skip(scroll).take(room).collect();
    (shown, input.visual_cursor().saturating_sub(scroll))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_and_editing_change_the_value() {
        let mut i = Input::default();
        for c in "22.00".chars() {
            assert_eq!(edit(&mut i, Action::Type(c)), Some(true));
        }
        assert_eq!(edit(&mut i, Action::Edit(Edit::Left)), Some(false));
        assert_eq!(edit(&mut i, Action::Edit(Edit::Backspace)), Some(true));
        assert_eq!(i.value(), "22.0");
        assert_eq!(edit(&mut i, Action::Edit(Edit::DeleteToStart)), Some(true));
        assert_eq!(i.value(), "0");
        assert_eq!(edit(&mut i, Action::Up), None);
    }

    #[test]
    fn a_long_value_scrolls_to_keep_the_cursor_in_sight() {
        let i = Input::new("Läkemedelsrum Avd 42".into());
        let (shown, cursor) = visible(&i, 8);
        assert!(shown.ends_with("42"), "{shown}");
        assert!(cursor < 8);
    }
}
