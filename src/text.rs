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
    }
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
        }
    }
}

impl<V> TextMap<V> {
    fn hash(&self, key: &str) -> u64 {
        use std::hash::BuildHasher;
        self.hasher.hash_one(key)
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
                        slot.more.push((key.into(), make()));
                        slot.more.len() - 1
                    }
                };
                &mut slot.more[at].1
            }
        }
    }
}
