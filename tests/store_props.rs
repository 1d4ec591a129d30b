//! The passage store against a plain model: random passages split into overlapping
//! files, imported in random orders (shuffled, newest first, repeated), then every
//! search path compared with a scan of the passages the model holds.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use loggvakt::audit::Actor;
use loggvakt::domain::EventKind;
use loggvakt::import::profile::Profiles;
use loggvakt::ops::import::{Options, import_file};
use loggvakt::store::passages::{self, Cursor, Page, PassageFilter, PassageRow};
use loggvakt::store::{Sharing, Store};
use proptest::prelude::*;

const READERS: [(&str, &str); 4] = [
    ("L01", "Dörr Alfa"),
    ("L02", "Dörr Beta"),
    ("L03", "Dörr Gamma"),
    ("L04", "Dörr Delta"),
];
/// (name as written, employee id, card); the last is a card without a name.
const PEOPLE: [(&str, &str, &str); 4] = [
    ("Lindqvist, Åsa", "100234", "0003401128"),
    ("Öberg, Per", "100877", "0003400991"),
    ("Ek, Kim", "", "0003400555"),
    ("", "", "0009900001"),
];
const EVENTS: [(&str, EventKind); 3] = [
    ("Godkänd passage", EventKind::Granted),
    ("Nekad - fel tid", EventKind::Denied),
    ("Dörr öppen för länge", EventKind::HeldOpen),
];

/// One passage of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct P {
    /// Seconds after the start of the model's span.
    at: i64,
    reader: usize,
    person: usize,
    event: usize,
}

fn start() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 1, 12)
        .unwrap()
        .and_hms_opt(6, 0, 0)
        .unwrap()
}

impl P {
    fn time(&self) -> NaiveDateTime {
        start() + Duration::seconds(self.at)
    }

    /// Held-open events carry no card and no name.
    fn person(&self) -> Option<usize> {
        (EVENTS[self.event].1 != EventKind::HeldOpen).then_some(self.person)
    }

    fn line(&self) -> String {
        let t = self.time();
        let (name, emp, card) = self.person().map_or(("", "", ""), |i| PEOPLE[i]);
        format!(
            "{};{};{};{};{};{card};{name};{emp};Avd 42",
            t.format("%Y-%m-%d"),
            t.format("%H:%M:%S"),
            READERS[self.reader].0,
            READERS[self.reader].1,
            EVENTS[self.event].0,
        )
    }

    /// What a row shown for it says (the parts a search decides on).
    fn shown(&self) -> Shown {
        let (name, _, card) = self.person().map_or(("", "", ""), |i| PEOPLE[i]);
        let name = match name.split_once(", ") {
            Some((last, first)) => format!("{first} {last}"),
            None => String::new(),
        };
        (
            self.time(),
            READERS[self.reader].1.to_owned(),
            name,
            card.to_owned(),
            EVENTS[self.event].1,
        )
    }
}

type Shown = (NaiveDateTime, String, String, String, EventKind);

fn shown(r: &PassageRow) -> Shown {
    (
        r.time,
        r.reader_name.clone(),
        r.person.clone(),
        r.card.clone(),
        r.kind,
    )
}

#[derive(Debug, Clone, Copy)]
enum Arrange {
    AsIs,
    NewestFirst,
    Shuffled(u64),
}

fn arranged(mut rows: Vec<P>, how: Arrange) -> Vec<P> {
    rows.sort();
    match how {
        Arrange::AsIs => {}
        Arrange::NewestFirst => rows.reverse(),
        Arrange::Shuffled(mut x) => {
            for i in (1..rows.len()).rev() {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                rows.swap(i, (x >> 33) as usize % (i + 1));
            }
        }
    }
    rows
}

fn arrange() -> impl Strategy<Value = Arrange> {
    prop_oneof![
        Just(Arrange::AsIs),
        Just(Arrange::NewestFirst),
        any::<u64>().prop_map(Arrange::Shuffled),
    ]
}

/// A filter and the model's test of it.
#[derive(Debug, Clone)]
struct Query {
    readers: Vec<usize>,
    person: Option<usize>,
    card: Option<usize>,
    window: (Option<i64>, Option<i64>),
    kinds: Vec<usize>,
    system: Option<bool>,
    /// Move the window's ends onto passages' own seconds, where off-by-ones live.
    snap: bool,
}

impl Query {
    fn snapped(mut self, rows: &[P]) -> Query {
        if self.snap {
            let near = |s: i64| rows.iter().map(|p| p.at).min_by_key(|at| (at - s).abs());
            self.window = (self.window.0.and_then(near), self.window.1.and_then(near));
        }
        self
    }

    fn filter(&self) -> PassageFilter {
        PassageFilter {
            // "alfa": a part of the door's name, any case.
            readers: self
                .readers
                .iter()
                .map(|&r| READERS[r].1[6..].to_lowercase())
                .collect(),
            // The last name alone.
            persons: self
                .person
                .map(|p| PEOPLE[p].0.split(',').next().unwrap_or("").to_owned())
                .into_iter()
                .collect(),
            cards: self
                .card
                .map(|c| PEOPLE[c].2.trim_start_matches('0').to_owned())
                .into_iter()
                .collect(),
            from: self.window.0.map(|s| start() + Duration::seconds(s)),
            to: self.window.1.map(|s| start() + Duration::seconds(s)),
            kinds: self.kinds.iter().map(|&k| EVENTS[k].1).collect(),
            systems: self
                .system
                .map(|ssm| if ssm { "ssm" } else { "salto" }.to_owned())
                .into_iter()
                .collect(),
        }
    }

    fn matches(&self, p: &P) -> bool {
        (self.readers.is_empty() || self.readers.contains(&p.reader))
            && self.person.is_none_or(|q| p.person() == Some(q))
            && self.card.is_none_or(|q| p.person() == Some(q))
            && self.window.0.is_none_or(|f| p.at >= f)
            && self.window.1.is_none_or(|t| p.at <= t)
            && (self.kinds.is_empty() || self.kinds.contains(&p.event))
            && self.system.is_none_or(|ssm| ssm)
    }
}

fn query() -> impl Strategy<Value = Query> {
    let span = 3 * 86_400i64;
    (
        prop::collection::vec(0..READERS.len(), 0..3),
        prop::option::of(0..PEOPLE.len() - 1),
        prop::option::weighted(0.3, 0..PEOPLE.len()),
        (prop::option::of(0..span), prop::option::of(0..span)),
        prop::collection::vec(0..EVENTS.len(), 0..2),
        prop::option::weighted(0.2, any::<bool>()),
        any::<bool>(),
    )
        .prop_map(
            |(readers, person, card, window, kinds, system, snap)| Query {
                readers,
                person,
                card,
                window,
                kinds,
                system,
                snap,
            },
        )
}

fn passage() -> impl Strategy<Value = P> {
    // Three days, often several passages in one second.
    (
        prop_oneof![0..3 * 86_400i64, (0..40i64).prop_map(|s| 3600 + s)],
        0..READERS.len(),
        0..PEOPLE.len(),
        prop_oneof![8 => Just(0usize), 1 => Just(1usize), 1 => Just(2usize)],
    )
        .prop_map(|(at, reader, person, event)| P {
            at,
            reader,
            // A held-open row has no one: one model passage for it, not four.
            person: if event == 2 { 0 } else { person },
            event,
        })
}

fn all_pages(
    conn: &rusqlite::Connection,
    f: &PassageFilter,
    r: &passages::Resolved,
    size: usize,
    backward: bool,
) -> Vec<PassageRow> {
    let cursor = |row: &PassageRow| Cursor {
        ts: passages::to_ts(row.time),
        id: row.id,
    };
    let mut out: Vec<PassageRow> = Vec::new();
    let mut at: Option<Cursor> = None;
    loop {
        let page = if backward {
            Page::Before(at)
        } else {
            Page::After(at)
        };
        let rows = passages::page(conn, f, r, page, size).unwrap();
        assert!(rows.len() <= size);
        let Some(edge) = (if backward { rows.first() } else { rows.last() }) else {
            break;
        };
        at = Some(cursor(edge));
        if backward {
            let mut rows = rows;
            rows.extend(out);
            out = rows;
        } else {
            out.extend(rows);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_search_path_agrees_with_a_scan_of_the_model(
        rows in prop::collection::btree_set(passage(), 1..60),
        splits in prop::collection::vec((0.0..1.0f64, 0.0..1.0f64, arrange()), 1..4),
        repeat in any::<bool>(),
        queries in prop::collection::vec(query(), 6),
        page_size in 1usize..7,
    ) {
        let rows: Vec<P> = rows.into_iter().collect();
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db"), Sharing::default()).unwrap();
        let profiles = Profiles::builtin();
        let actor = Actor::current();
        // Overlapping slices of the passages, each as a file in its own order.
        let mut stored = std::collections::BTreeSet::new();
        let mut files = Vec::new();
        for (n, (a, b, how)) in splits.iter().enumerate() {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let lo = (lo * rows.len() as f64) as usize;
            let hi = ((hi * rows.len() as f64) as usize + 1).min(rows.len());
            let part = arranged(rows[lo..hi].to_vec(), *how);
            stored.extend(part.iter().copied());
            let text = std::iter::once(
                "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr;Avdelning".to_owned(),
            )
            .chain(part.iter().map(P::line))
            .collect::<Vec<_>>()
            .join("\n");
            let path = dir.path().join(format!("f{n}.txt"));
            std::fs::write(&path, text + "\n").unwrap();
            files.push(path);
        }
        if repeat {
            files.push(files[0].clone());
        }
        // A small run size, so that files spill and merge.
        let opts = Options { sort_run_rows: Some(7), ..Options::default() };
        for f in &files {
            import_file(&mut store, &profiles, &actor, f, &opts, &mut |_| {}).unwrap();
        }
        let model: Vec<P> = stored.into_iter().collect();
        let total: i64 = store.conn().query_row("SELECT count(*) FROM passage", [], |r| r.get(0)).unwrap();
        prop_assert_eq!(total as usize, model.len());
        prop_assert_eq!(loggvakt::store::doctor::check(store.conn()).unwrap(), vec![]);

        for q in queries {
            let q = &q.snapped(&model);
            let f = q.filter();
            let mut expected: Vec<Shown> = model.iter().filter(|p| q.matches(p)).map(P::shown).collect();
            expected.sort();
            let tx = store.read().unwrap();
            let conn: &rusqlite::Connection = &tx;
            (|| -> loggvakt::store::Result<()> {
                let r = passages::resolve(conn, &f)?;
                let mut all = Vec::new();
                passages::for_each(conn, &f, &r, 0, |row| { all.push(row); Ok(()) })?;
                assert!(all.windows(2).all(|w| w[0].id < w[1].id && w[0].time <= w[1].time), "{q:?}");
                let mut got: Vec<Shown> = all.iter().map(shown).collect();
                got.sort();
                assert_eq!(&got, &expected, "for_each {q:?}");
                assert_eq!(passages::count(conn, &f, &r)? as usize, expected.len(), "count {q:?}");
                let ids = |rows: &[PassageRow]| rows.iter().map(|r| r.id).collect::<Vec<_>>();
                let forward = all_pages(conn, &f, &r, page_size, false);
                assert_eq!(ids(&forward), ids(&all), "pages forward {q:?}");
                let backward = all_pages(conn, &f, &r, page_size, true);
                assert_eq!(ids(&backward), ids(&all), "pages backward {q:?}");
                let mut limited = Vec::new();
                passages::for_each(conn, &f, &r, page_size, |row| { limited.push(row.id); Ok(()) })?;
                assert_eq!(&limited[..], &ids(&all)[..all.len().min(page_size)], "limit {q:?}");
                Ok(())
            })().unwrap();
        }
    }
}
