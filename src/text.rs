//! Text rules shared by every layer: one sanitiser for what enters (imported
//! files, the command line, the TUI), one key for matching, one view for the terminal.
//!
//! Three kinds of character need care. *Hazards* (C0/C1 controls, DEL, bidi
//! overrides and isolates) can rewrite a terminal or reorder what it shows; they
//! never reach the store's display text or a terminal. *Invisibles* (zero-width
//! spaces and joiners, soft hyphen, word joiner, BOM, Hangul fillers … the Unicode
//! default-ignorables) make two names look alike while comparing unequal; they are
//! removed from stored text and from matching keys, and shown visibly
//! (`⟨U+200B⟩`) wherever raw text is displayed. *Compatibility forms* (fullwidth
//! letters, ligatures, decomposed accents) fold to their plain letters for matching.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Folds text for matching: lower case, compatibility forms and diacritics
/// reduced to plain letters (`Läkemedelsrum` → `lakemedelsrum`, `Ｌ` → `l`),
/// invisible characters dropped, runs of whitespace and commas collapsed to one
/// space. NFC and NFD forms of a text fold alike, and folding is idempotent.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`] into `out` (cleared first), so a loop over many texts reuses one buffer.
///
/// Each character is decomposed on its own: NFKD of a whole text differs from
/// that only in the canonical order of combining marks, and those are dropped
/// (every character with a non-zero combining class is a combining mark; a test
/// checks it for all of Unicode). ASCII, most of what is folded, skips the tables.
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    let mut pending_space = false;
    let mut rest = text;
    while !rest.is_empty() {
        // A run of ASCII is folded byte by byte: every ASCII whitespace character
        // is a space or a control, so the separators are those and the comma.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        for &b in &rest.as_bytes()[..ascii] {
            if b <= b' ' || b == b',' || b == 0x7F {
                pending_space = !out.is_empty();
                continue;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(char::from(b.to_ascii_lowercase()));
        }
        let mut chars = rest[ascii..].chars();
        let Some(c) = chars.next() else { break };
        rest = chars.as_str();
        decompose_compatible(c, |d| {
            if is_combining_mark(d) || is_invisible(d) {
                return;
            }
            for l in d.to_lowercase() {
                if !(is_combining_mark(l) || is_invisible(l)) {
                    push_plain(out, &mut pending_space, l);
                }
            }
        });
    }
}

/// One folded character: separators become one pending space, the rest is kept.
fn push_plain(out: &mut String, pending_space: &mut bool, c: char) {
    if c.is_whitespace() || c == ',' || c.is_control() {
        *pending_space = !out.is_empty();
        return;
    }
    if *pending_space {
        out.push(' ');
        *pending_space = false;
    }
    push_folded(out, c);
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
    c.is_control() || is_bidi_control(c)
}

/// The bidirectional formatting characters: embeddings, overrides, isolates and marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// True for characters that show nothing (or look like a space) yet make texts
/// differ: Unicode's default-ignorable code points (zero-width space, joiners,
/// word joiner, soft hyphen, BOM, variation selectors, Hangul fillers, tags …).
/// The bidi marks are among them; they are also [`is_hazard`]s.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Line and paragraph separators: not controls, but line breaks to some readers.
fn is_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Cleans imported text before it is stored: controls and separators become a
/// space (so `a\tb` stays two words), bidi controls and invisibles are removed,
/// the rest is put in NFC; surrounding space is trimmed and inner runs of it
/// collapsed wherever something had to be replaced.
pub fn clean(text: &str) -> String {
    clean_borrowed(text).into_owned()
}

/// [`clean`] without a copy when the text only needs trimming, as nearly all does.
pub fn clean_borrowed(text: &str) -> std::borrow::Cow<'_, str> {
    // Below U+0300 every character is its own NFC form; only controls and the
    // soft hyphen there need work. Most cells (times, numbers, codes) are
    // printable ASCII, which a byte scan settles.
    let plain = text.bytes().all(|b| (0x20..0x7f).contains(&b))
        || text
            .chars()
            .all(|c| (c as u32) < 0x300 && !c.is_control() && c != '\u{00AD}');
    if plain {
        return std::borrow::Cow::Borrowed(text.trim());
    }
    let needs_work = text
        .chars()
        .any(|c| is_hazard(c) || is_invisible(c) || is_separator(c));
    if !needs_work && is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return std::borrow::Cow::Borrowed(text.trim());
    }
    std::borrow::Cow::Owned(replace_hazards(text))
}

fn replace_hazards(text: &str) -> String {
    let replaced: String = text
        .chars()
        .filter(|&c| !is_invisible(c))
        .map(|c| {
            if c.is_control() || is_separator(c) {
                ' '
            } else {
                c
            }
        })
        .nfc()
        .collect();
    replaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Makes text safe to print to a terminal: every hazard and every invisible
/// character is shown as a visible symbol instead of being sent (`␛` for ESC,
/// `␍` for CR, `⟨U+202E⟩` for a bidi override, `⟨U+200B⟩` for a zero-width space).
pub fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| is_hazard(c) || is_invisible(c) || is_separator(c))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\u{1B}' => out.push('␛'),
            '\r' => out.push('␍'),
            '\n' => out.push('␤'),
            '\t' => out.push('␉'),
            '\u{7F}' => out.push('␡'),
            c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('�')),
            c if is_hazard(c) || is_invisible(c) || is_separator(c) => {
                out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Where a text typed by a person may break lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// One line: a name, a reference, a filter. No control character at all.
    Line,
    /// Free text (a request's letter, a comment): tabs and line breaks allowed.
    Text,
}

/// Why typed text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error(
        "the text holds the control character U+{code:04X} at character {at}; type it without it"
    )]
    Control { at: usize, code: u32 },
    #[error(
        "the text holds the bidirectional control U+{code:04X} at character {at}, which can make it display in another order than it is written; type it without it"
    )]
    Bidi { at: usize, code: u32 },
}

impl InputError {
    /// The refusal in the user's language.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::{fill, import::Text};
        match *self {
            InputError::Control { at, code } => fill(
                Text::InputControl.text(lang),
                &[&format!("U+{code:04X}"), &at],
            ),
            InputError::Bidi { at, code } => {
                fill(Text::InputBidi.text(lang), &[&format!("U+{code:04X}"), &at])
            }
        }
    }
}

/// Checks text typed on the command line or in the TUI before it is used or
/// stored: control characters (except tab and line breaks in [`InputKind::Text`])
/// and bidi controls are refused, never silently dropped, so what is stored is
/// what the person meant. The result is in NFC, with CRLF turned into LF;
/// invisible characters are kept (the display shows them, matching ignores them).
pub fn check_input(text: &str, kind: InputKind) -> Result<String, InputError> {
    let mut chars = text.chars().enumerate().peekable();
    let mut out = String::with_capacity(text.len());
    while let Some((i, c)) = chars.next() {
        let at = i + 1;
        if is_bidi_control(c) {
            return Err(InputError::Bidi { at, code: c as u32 });
        }
        let allowed = match (kind, c) {
            (InputKind::Text, '\t' | '\n') => true,
            (InputKind::Text, '\r') if chars.peek().is_some_and(|(_, n)| *n == '\n') => continue,
            _ => !c.is_control(),
        };
        if !allowed {
            return Err(InputError::Control { at, code: c as u32 });
        }
        out.push(c);
    }
    Ok(out.nfc().collect())
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

    #[test]
    fn same_agrees_with_equality() {
        let texts = [
            "",
            "a",
            "abcdefgh",
            "abcdefgi",
            "abcdefghi",
            "Läkemedelsrum 1 Avd 1",
            "Läkemedelsrum 1 Avd 2",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(same(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn text_map_finds_what_was_inserted() {
        let mut m = TextMap::default();
        m.insert("Huvudentré", 1);
        m.insert("", 2);
        *m.get_or_insert_with("Förråd", || 3) += 10;
        assert_eq!(m.get("Huvudentré"), Some(&1));
        assert_eq!(m.get(""), Some(&2));
        assert_eq!(m.get("Förråd"), Some(&13));
        assert_eq!(m.get("Huvudentre"), None);
        let long = "Personalingång 4 Hus 32, södra trapphuset";
        m.insert(long, 6);
        assert_eq!(m.get(long), Some(&6));
        assert_eq!(m.get(&long[..30]), None);
        m.insert("Huvudentré", 4);
        *m.get_mut("").unwrap() = 5;
        assert_eq!((m.get("Huvudentré"), m.get("")), (Some(&4), Some(&5)));
        // Replacing a value adds no text.
        assert_eq!(m.len(), 4);
    }
    use super::*;
    use proptest::prelude::*;

    /// `fold` as first written: NFKD of the whole text, then the same filters.
    fn fold_by_whole_nfkd(text: &str) -> String {
        let mut out = String::new();
        let mut pending_space = false;
        for c in text.nfkd() {
            if is_combining_mark(c) || is_invisible(c) {
                continue;
            }
            for c in c.to_lowercase() {
                if is_combining_mark(c) || is_invisible(c) {
                    continue;
                }
                if c.is_whitespace() || c == ',' || c.is_control() {
                    pending_space = !out.is_empty();
                    continue;
                }
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                push_folded(&mut out, c);
            }
        }
        out
    }

    #[test]
    fn every_character_that_nfkd_reorders_is_a_combining_mark() {
        use unicode_normalization::char::canonical_combining_class;
        let reordered: Vec<char> = (0..=char::MAX as u32)
            .filter_map(char::from_u32)
            .filter(|&c| canonical_combining_class(c) != 0 && !is_combining_mark(c))
            .collect();
        assert_eq!(reordered, Vec::<char>::new());
    }

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
        assert_eq!(for_terminal("\u{202E}evil"), "⟨U+202E⟩evil");
        assert_eq!(for_terminal("a\u{9b}31m"), "a⟨U+009B⟩31m");
    }

    #[test]
    fn for_terminal_shows_invisibles_so_lookalikes_differ() {
        assert_eq!(
            for_terminal("Åsa\u{200B} Lindqvist"),
            "Åsa⟨U+200B⟩ Lindqvist"
        );
        assert_eq!(for_terminal("Lind\u{00AD}qvist"), "Lind⟨U+00AD⟩qvist");
        assert_eq!(for_terminal("a\u{2028}b"), "a⟨U+2028⟩b");
    }

    #[test]
    fn fold_drops_invisibles_and_compatibility_forms() {
        let plain = fold("Åsa Lindqvist");
        for lookalike in [
            "Åsa\u{200B} Lindqvist",
            "Å\u{2060}sa Lindqvist",
            "Åsa Lind\u{00AD}qvist",
            "Åsa\u{2028}Lindqvist",
            "\u{FEFF}Åsa Lindqvist",
            "A\u{030A}sa Lindqvist",
            "Åsa Ｌｉｎｄｑｖｉｓｔ",
            "Åsa\u{200D}\u{200C} Lindqvist",
        ] {
            assert_eq!(fold(lookalike), plain, "{lookalike:?}");
        }
    }

    #[test]
    fn clean_removes_invisibles_and_composes() {
        assert_eq!(clean("Åsa\u{200B} Lindqvist"), "Åsa Lindqvist");
        assert_eq!(clean("Lind\u{00AD}qvist"), "Lindqvist");
        assert_eq!(clean("A\u{030A}sa"), "Åsa");
        assert_eq!(clean("a\u{2029}b"), "a b");
        assert!(matches!(
            clean_borrowed("Läkemedelsrum 42 "),
            std::borrow::Cow::Borrowed("Läkemedelsrum 42")
        ));
    }

    #[test]
    fn typed_input_refuses_controls_and_bidi_and_keeps_the_rest() {
        assert_eq!(
            check_input("Karin Nyström", InputKind::Line).as_deref(),
            Ok("Karin Nyström")
        );
        assert_eq!(
            check_input("x\u{1b}]52;c;Y3VybA==\u{7}", InputKind::Text),
            Err(InputError::Control { at: 2, code: 0x1b })
        );
        assert_eq!(
            check_input("ab\u{202E}cd", InputKind::Line),
            Err(InputError::Bidi {
                at: 3,
                code: 0x202E
            })
        );
        assert_eq!(
            check_input("rad 1\r\nrad 2\tx", InputKind::Text).as_deref(),
            Ok("rad 1\nrad 2\tx")
        );
        assert!(check_input("rad 1\nrad 2", InputKind::Line).is_err());
        assert!(check_input("a\rb", InputKind::Text).is_err());
        assert_eq!(
            check_input("A\u{030A}sa", InputKind::Line).as_deref(),
            Ok("Åsa")
        );
        let message = InputError::Bidi {
            at: 3,
            code: 0x202E,
        }
        .message(crate::i18n::Lang::Sv);
        assert!(
            message.contains("U+202E") && message.contains('3'),
            "{message}"
        );
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
        fn fold_agrees_with_nfkd_of_the_whole_text(s in ".*") {
            prop_assert_eq!(fold(&s), fold_by_whole_nfkd(&s));
        }

        #[test]
        fn fold_agrees_with_nfkd_on_marks_and_letters(s in "[a-zA-Z ,\u{300}-\u{36F}\u{1E00}-\u{1EFF}åäöÅÄÖİ\u{FB00}-\u{FB06}\u{FF21}-\u{FF5A}\u{AC00}-\u{AC20}]{0,24}") {
            prop_assert_eq!(fold(&s), fold_by_whole_nfkd(&s));
        }

        #[test]
        fn fold_is_idempotent(s in "\\PC*") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once);
        }

        #[test]
        fn fold_is_idempotent_on_any_text(s in ".*") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once);
        }

        #[test]
        fn nfc_and_nfd_fold_alike(s in "\\PC*") {
            let nfc: String = s.nfc().collect();
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(fold(&nfc), fold(&nfd));
        }

        #[test]
        fn fold_ignores_invisibles_anywhere(s in "[a-zA-ZåäöÅÄÖ ]{0,20}", at in 0usize..20, pick in 0usize..8) {
            const INVISIBLE: [char; 8] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}', '\u{180E}', '\u{E0041}'];
            let mut with: Vec<char> = s.chars().collect();
            with.insert(at.min(with.len()), INVISIBLE[pick]);
            let with: String = with.into_iter().collect();
            prop_assert_eq!(fold(&with), fold(&s));
        }

        #[test]
        fn for_terminal_never_leaves_an_invisible_or_control(s in ".*") {
            let shown = for_terminal(&s);
            prop_assert!(!shown.chars().any(|c| c.is_control() || is_invisible(c) || is_separator(c)));
        }

        #[test]
        fn clean_output_is_nfc_without_invisibles(s in ".*") {
            let cleaned = clean(&s);
            prop_assert!(!cleaned.chars().any(|c| is_hazard(c) || is_invisible(c)));
            prop_assert_eq!(cleaned.nfc().collect::<String>(), cleaned.clone());
        }

        #[test]
        fn accepted_input_has_no_hazard(s in ".*") {
            if let Ok(ok) = check_input(&s, InputKind::Text) {
                prop_assert!(!ok.chars().any(|c| is_bidi_control(c) || (c.is_control() && c != '\t' && c != '\n')));
            }
            if let Ok(ok) = check_input(&s, InputKind::Line) {
                prop_assert!(!ok.chars().any(is_hazard));
            }
        }
    }
}

/// Whether two texts are equal, without calling the C library's `memcmp`: on
/// the machines this runs on, each call costs about 80 ns however short the
/// texts, and an import compares a few short texts per row.
pub fn same(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut x = a.chunks_exact(8);
    let mut y = b.chunks_exact(8);
    let word = |c: &[u8]| u64::from_ne_bytes(c.try_into().expect("chunks of 8"));
    for (p, q) in (&mut x).zip(&mut y) {
        if word(p) != word(q) {
            return false;
        }
    }
    x.remainder()
        .iter()
        .zip(y.remainder())
        .fold(true, |eq, (p, q)| eq & (p == q))
}

/// A map from texts to values that hashes the text once and compares it with
/// [`same`]: the lookup tables an import consults for every row. Short texts
/// (names, card numbers, door names) are held in the map's own slots, so a
/// lookup reads one place in memory.
#[derive(Debug, Clone)]
pub struct TextMap<V> {
    slots: std::collections::HashMap<u64, Slot<V>, BuildU64>,
    hasher: foldhash::fast::FixedState,
    /// Texts held, counting those that share a hash.
    len: usize,
}

#[derive(Debug, Clone)]
struct Slot<V> {
    key: Key,
    value: V,
    /// Other texts with the same 64-bit hash (practically never any).
    more: Vec<(Box<str>, V)>,
}

/// A text kept inline when it fits.
#[derive(Debug, Clone)]
enum Key {
    Short { len: u8, bytes: [u8; 30] },
    Long(Box<str>),
}

impl Key {
    fn new(text: &str) -> Key {
        if text.len() <= 30 {
            let mut bytes = [0; 30];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            Key::Short {
                len: text.len() as u8,
                bytes,
            }
        } else {
            Key::Long(text.into())
        }
    }

    fn is(&self, text: &str) -> bool {
        match self {
            Key::Short { len, bytes } => same_bytes(&bytes[..usize::from(*len)], text.as_bytes()),
            Key::Long(k) => same(k, text),
        }
    }
}

/// Hashes the already hashed `u64` keys of [`TextMap`] by themselves.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildU64;

#[derive(Debug, Clone, Copy, Default)]
pub struct U64Hasher(u64);

impl std::hash::Hasher for U64Hasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl std::hash::BuildHasher for BuildU64 {
    type Hasher = U64Hasher;
    fn build_hasher(&self) -> U64Hasher {
        U64Hasher::default()
    }
}

impl<V> Default for TextMap<V> {
    fn default() -> Self {
        TextMap {
            slots: std::collections::HashMap::default(),
            hasher: foldhash::fast::FixedState::default(),
            len: 0,
        }
    }
}

impl<V> TextMap<V> {
    fn hash(&self, key: &str) -> u64 {
        use std::hash::BuildHasher;
        self.hasher.hash_one(key)
    }

    /// How many texts the map holds.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        let slot = self.slots.get(&self.hash(key))?;
        if slot.key.is(key) {
            return Some(&slot.value);
        }
        slot.more.iter().find(|(k, _)| same(k, key)).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let hash = self.hash(key);
        let slot = self.slots.get_mut(&hash)?;
        if slot.key.is(key) {
            return Some(&mut slot.value);
        }
        slot.more
            .iter_mut()
            .find(|(k, _)| same(k, key))
            .map(|(_, v)| v)
    }

    /// Sets the value of `key`, replacing what it had.
    pub fn insert(&mut self, key: &str, value: V) {
        let mut value = Some(value);
        let slot = self.get_or_insert_with(key, || value.take().expect("made once"));
        if let Some(v) = value {
            *slot = v;
        }
    }

    /// The value of `key`, inserted from `make` when missing.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        let hash = self.hash(key);
        match self.slots.entry(hash) {
            std::collections::hash_map::Entry::Vacant(e) => {
                self.len += 1;
                &mut e
                    .insert(Slot {
                        key: Key::new(key),
                        value: make(),
                        more: Vec::new(),
                    })
                    .value
            }
            std::collections::hash_map::Entry::Occupied(e) => {
                let slot = e.into_mut();
                if slot.key.is(key) {
                    return &mut slot.value;
                }
                let at = match slot.more.iter().position(|(k, _)| same(k, key)) {
                    Some(at) => at,
                    None => {
                        self.len += 1;
                        slot.more.push((key.into(), make()));
                        slot.more.len() - 1
                    }
                };
                &mut slot.more[at].1
            }
        }
    }
}
