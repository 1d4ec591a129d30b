//! Text rules shared by every layer: folding for matching, and keeping control
//! characters from imported files away from storage and from the terminal.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for matching: lower case, diacritics removed (`Läkemedelsrum` →
/// `lakemedelsrum`), runs of whitespace and commas collapsed to one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.to_lowercase().nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() || c == ',' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        push_folded(&mut out, c);
    }
    out
}

/// Folds a column header for comparison: like [`fold`], but every character that
/// is not a letter or digit is dropped (`Anst.nr` = `anst nr` = `ANSTNR`).
pub fn fold_key(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

fn push_folded(out: &mut String, c: char) {
    match c {
        'ø' | 'Ø' => out.push('o'),
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        'đ' | 'Đ' => out.push('d'),
        'ł' | 'Ł' => out.push('l'),
        _ => out.push(c),
    }
}

/// True for characters that must never reach a terminal or the store's display
/// text: C0 and C1 controls, DEL, and the bidirectional overrides and isolates
/// that can make text display in another order than it is stored.
pub fn is_hazard(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Cleans imported text before it is stored: control characters become a space
/// (so `a\tb` stays two words), the rest is kept; surrounding space is trimmed.
pub fn clean(text: &str) -> String {
    clean_borrowed(text).into_owned()
}

/// [`clean`] without a copy when the text only needs trimming, as nearly all does.
pub fn clean_borrowed(text: &str) -> std::borrow::Cow<'_, str> {
    let plain = text.bytes().all(|b| (0x20..0x7f).contains(&b))
        || !text.chars().any(|c| is_hazard(c) || c == '\u{FEFF}');
    if plain {
        return std::borrow::Cow::Borrowed(text.trim());
    }
    std::borrow::Cow::Owned(replace_hazards(text))
}

fn replace_hazards(text: &str) -> String {
    let replaced: String = text
        .chars()
        .filter(|&c| c != '\u{FEFF}')
        .map(|c| if is_hazard(c) { ' ' } else { c })
        .collect();
    replaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Makes text safe to print to a terminal: every hazard is shown as a visible
/// symbol (`␛` for ESC, `␍` for CR, `�` for the rest) instead of being sent.
pub fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hazard) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\u{1B}' => '␛',
                '\r' => '␍',
                '\n' => '␤',
                '\t' => '␉',
                '\u{7F}' => '␡',
                c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('�'),
                c if is_hazard(c) => '�',
                c => c,
            })
            .collect(),
    )
}

/// Neutralises a spreadsheet formula: a cell that begins with `= + - @`, a tab or
/// a CR gets a leading apostrophe so Excel and LibreOffice show it as text.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{cell}")),
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

/// Shortens text to at most `width` characters, ending in `…` when cut.
pub fn truncate(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= width {
        return std::borrow::Cow::Borrowed(text);
    }
    if width == 0 {
        return std::borrow::Cow::Borrowed("");
    }
    let mut s: String = text.chars().take(width - 1).collect();
    s.push('…');
    std::borrow::Cow::Owned(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fold_removes_diacritics_and_case() {
        assert_eq!(fold("Läkemedelsrum Avd 42"), "lakemedelsrum avd 42");
        assert_eq!(fold("  ÅSA   Öberg "), "asa oberg");
        assert_eq!(fold("Lindqvist, Åsa"), "lindqvist asa");
    }

    #[test]
    fn fold_key_ignores_punctuation() {
        assert_eq!(fold_key("Anst.nr"), "anstnr");
        assert_eq!(fold_key("Event date/time"), "eventdatetime");
        assert_eq!(fold_key("Dörr"), "dorr");
    }

    #[test]
    fn clean_replaces_escape_sequences() {
        assert_eq!(clean("Åsa\u{1b}[31m Lindqvist"), "Åsa [31m Lindqvist");
        assert_eq!(clean("a\tb\r\nc"), "a b c");
        assert_eq!(clean("\u{202E}evil"), "evil");
        assert_eq!(clean("\u{FEFF}Datum"), "Datum");
    }

    #[test]
    fn for_terminal_shows_controls_visibly() {
        assert_eq!(for_terminal("a\u{1b}]0;x\u{7}b"), "a␛]0;x␇b");
        assert_eq!(for_terminal("plain"), "plain");
    }

    #[test]
    fn formula_prefixes_are_neutralised() {
        assert_eq!(
            neutralise_formula("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(neutralise_formula("-1"), "'-1");
        assert_eq!(neutralise_formula("Åsa"), "Åsa");
    }

    proptest! {
        #[test]
        fn clean_never_leaves_a_hazard(s in ".*") {
            prop_assert!(!clean(&s).chars().any(is_hazard));
        }

        #[test]
        fn for_terminal_never_leaves_a_hazard(s in ".*") {
            prop_assert!(!for_terminal(&s).chars().any(is_hazard));
        }

        #[test]
        fn fold_is_idempotent(s in "\\PC*") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once);
        }
    }
}
