//! Table columns sized from what they hold, and texts cut so that what tells the
//! visible rows apart stays in sight: `Läkemedelsrum Avd 42` and `… Avd 43` become
//! `Läkemed…Avd 42` and `Läkemed…Avd 43`, never two rows of `Läkemedelsrum`.

use super::width;

/// How wide a column may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Always this wide (times, codes).
    Fixed(u16),
    /// As wide as its widest visible cell, between `min` and `max`.
    Fit { min: u16, max: u16 },
    /// Like `Fit`, but gives up its room before any `Fit` column does (a card
    /// number, a system name: useful, rarely what tells rows apart).
    Spare { min: u16, max: u16 },
}

impl Width {
    fn min(self) -> Option<u16> {
        match self {
            Width::Fixed(_) => None,
            Width::Fit { min, .. } | Width::Spare { min, .. } => Some(min),
        }
    }
}

/// Widths for columns holding `rows` (each row a cell per column) within `room`
/// cells, `spacing` between columns. Too wide: the widest fitting column gives up
/// a cell at a time, so no column is cut far while another keeps room to spare.
/// Room left over goes to the last fitting column.
pub fn widths(cols: &[(String, Width)], rows: &[Vec<String>], room: u16, spacing: u16) -> Vec<u16> {
    let mut out: Vec<u16> = cols
        .iter()
        .enumerate()
        .map(|(i, (head, w))| match *w {
            Width::Fixed(n) => n,
            Width::Fit { min, max } | Width::Spare { min, max } => {
                let widest = rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| width(c))
                    .chain([width(head)])
                    .max()
                    .unwrap_or(0) as u16;
                widest.clamp(min, max.max(min))
            }
        })
        .collect();
    let gaps = spacing * cols.len().saturating_sub(1) as u16;
    let room = room.saturating_sub(gaps);
    loop {
        let total: u16 = out.iter().sum();
        if total <= room {
            if let Some(last) = cols
                .iter()
                .rposition(|(_, w)| matches!(w, Width::Fit { .. }))
            {
                out[last] += room - total;
            }
            break;
        }
        let shrinkable = |spare: bool| {
            cols.iter()
                .enumerate()
                .filter(|(_, (_, w))| matches!(w, Width::Spare { .. }) == spare)
                .filter(|(i, (_, w))| w.min().is_some_and(|m| out[*i] > m))
                .map(|(i, _)| i)
                .max_by_key(|&i| (out[i], std::cmp::Reverse(i)))
        };
        let widest = shrinkable(true).or_else(|| shrinkable(false));
        match widest {
            Some(i) => out[i] -= 1,
            None => break,
        }
    }
    out
}

/// Cuts every cell of a column to its width, each against the column's other
/// visible cells.
pub fn fit_column(cells: &[String], w: usize) -> Vec<String> {
    let peers: Vec<&str> = cells.iter().map(String::as_str).collect();
    cells.iter().map(|c| cut(c, w, &peers)).collect()
}

fn common_prefix(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[char], b: &[char]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// `text` in at most `w` cells. When it must be cut, the part that differs from
/// the most similar of `peers` is kept: a shared beginning is cut in the middle
/// (`Läkemed…Avd 42`), a shared ending at the end (`Avd 42 Korr…`).
pub fn cut(text: &str, w: usize, peers: &[&str]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    if n <= w {
        return text.to_owned();
    }
    match w {
        0 => return String::new(),
        1 => return "…".to_owned(),
        _ => {}
    }
    let (mut same_start, mut same_end) = (0, 0);
    for p in peers.iter().filter(|p| **p != text) {
        let p: Vec<char> = p.chars().collect();
        same_start = same_start.max(common_prefix(&chars, &p));
        same_end = same_end.max(common_suffix(&chars, &p));
    }
    // A shared beginning counts when it holds a whole word (`Läkemedelsrum A…`),
    // not when two texts merely start with the same letter.
    if !chars[..same_start.min(n)].contains(&' ') {
        same_start = 0;
    }
    let head_only = |k: usize| -> String {
        let mut s: String = chars[..k].iter().collect::<String>().trim_end().to_owned();
        s.push('…');
        s
    };
    // Where the difference ends; a text that is another's beginning differs by its end.
    let differs_until = n.saturating_sub(same_end).max(same_start.min(n));
    if same_start >= n || differs_until < w {
        return head_only(w - 1);
    }
    let word_start = |i: usize| -> usize {
        let mut i = i.min(n);
        while i > 0 && chars[i - 1] != ' ' {
            i -= 1;
        }
        i
    };
    // Words before `from` joined to the tail while it stays under half the room.
    let widen = |mut from: usize| -> usize {
        while from > 1 {
            let earlier = word_start(from - 1);
            if earlier == from || n - earlier > (w - 1) / 2 || earlier == 0 {
                break;
            }
            from = earlier;
        }
        from
    };
    let middle = |from: usize| -> String {
        let head = w - 1 - (n - from);
        let mut s: String = chars[..head]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_owned();
        s.push('…');
        s.extend(&chars[from..]);
        s
    };
    if same_start == 0 {
        // Texts that share an ending differ at their start: cut the end.
        if same_end > 0 && chars[n - same_end..].contains(&' ') {
            return head_only(w - 1);
        }
        // Nothing in sight tells it apart: a door's last words (`Avd 42`, `Hus 3`)
        // say most, so they stay.
        let from = widen(word_start(n - 1));
        return if from > 0 && n - from <= (w - 1) / 2 && w - 1 - (n - from) >= 3 {
            middle(from)
        } else {
            head_only(w - 1)
        };
    }
    // The tail starts at the word holding the first differing character.
    let mut from = word_start(same_start);
    if n - from + 2 > w {
        from = same_start;
    }
    let from = widen(from);
    if n - from + 2 <= w {
        return middle(from);
    }
    // The differing part alone is wider than the room: show it from its start.
    let mut s = String::from("…");
    s.extend(&chars[same_start..(same_start + w - 2).min(n)]);
    if same_start + w - 2 < n {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DOORS: [&str; 4] = [
        "Läkemedelsrum Avd 42",
        "Läkemedelsrum Avd 43",
        "Läkemedelsrum Akuten",
        "Huvudentré",
    ];

    #[test]
    fn doors_that_share_a_beginning_keep_their_ends() {
        let cut: Vec<String> = DOORS.iter().map(|d| cut(d, 14, &DOORS)).collect();
        assert_eq!(
            cut,
            [
                "Läkemed…Avd 42",
                "Läkemed…Avd 43",
                "Läkemed…Akuten",
                "Huvudentré"
            ]
        );
        assert_eq!(
            super::cut("Personalrum Avd 42", 17, &["Personalrum Avd 43"]),
            "Personalru…Avd 42"
        );
    }

    #[test]
    fn texts_that_share_an_ending_keep_their_beginnings() {
        let peers = ["Avd 42 Korridor", "Avd 43 Korridor"];
        assert_eq!(cut("Avd 42 Korridor", 10, &peers), "Avd 42 Ko…");
    }

    #[test]
    fn a_text_alone_keeps_its_last_words_when_they_fit() {
        assert_eq!(cut("Omklädningsrum Hus 3", 10, &[]), "Omklädni…3");
        assert_eq!(cut("Läkemedelsrum Avd 42", 14, &[]), "Läkemed…Avd 42");
        assert_eq!(cut("Huvudentré Hus 1", 8, &[]), "Huvude…1");
        assert_eq!(cut("Huvudentré", 8, &[]), "Huvuden…");
        assert_eq!(cut("kort", 10, &[]), "kort");
        assert_eq!(cut("abc", 1, &[]), "…");
        assert_eq!(cut("abc", 0, &[]), "");
    }

    #[test]
    fn widths_follow_content_and_shrink_the_widest_first() {
        let cols = vec![
            ("Tid".to_owned(), Width::Fixed(19)),
            ("Läsare".to_owned(), Width::Fit { min: 6, max: 40 }),
            ("Person".to_owned(), Width::Fit { min: 6, max: 30 }),
        ];
        let rows = vec![vec![
            String::new(),
            "Läkemedelsrum Avd 42".to_owned(),
            "Märta Sjöström".to_owned(),
        ]];
        assert_eq!(widths(&cols, &rows, 80, 1), vec![19, 20, 39]);
        assert_eq!(widths(&cols, &rows, 50, 1), vec![19, 15, 14]);
        let mut with_card = cols.clone();
        with_card.push(("Kort".to_owned(), Width::Spare { min: 6, max: 16 }));
        let mut rows = rows;
        rows[0].push("04C14E16B47B1D".to_owned());
        // The card gives way before the door's name is cut.
        assert_eq!(widths(&with_card, &rows, 62, 1), vec![19, 20, 14, 6]);
    }

    proptest! {
        #[test]
        fn a_cut_text_always_fits(text in "[a-zåäö 0-9]{0,40}", peer in "[a-zåäö 0-9]{0,40}", w in 0usize..30) {
            let c = cut(&text, w, &[peer.as_str(), text.as_str()]);
            if text.chars().count() <= w {
                prop_assert_eq!(c, text);
            } else {
                prop_assert!(c.chars().count() <= w, "{c:?} in {w}");
            }
        }

        #[test]
        fn two_texts_that_differ_stay_different_when_cut(
            stem in "[a-zåäö]{4,20}( [a-zåäö]{1,8}){0,3}",
            a in "[0-9]{1,3}", b in "[0-9]{1,3}", w in 6usize..24,
        ) {
            prop_assume!(a != b);
            let x = format!("{stem} Avd {a}");
            let y = format!("{stem} Avd {b}");
            let peers = [x.as_str(), y.as_str()];
            let (cx, cy) = (cut(&x, w, &peers), cut(&y, w, &peers));
            // When the differing digits fit at all, they stay apart.
            if a.len() + 3 <= w && b.len() + 3 <= w {
                prop_assert_ne!(cx, cy);
            }
        }
    }
}
