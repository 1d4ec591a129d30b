//! One core under both faces: the same filter gives byte-identical rows through
//! `query --format json` and through the screen's worker, and the same audit record
//! apart from which face asked.

mod support;

use loggvakt::domain::EventKind;
use loggvakt::i18n::Lang;
use loggvakt::ops::search::{Query, json_of};
use loggvakt::store::passages::{Page, PassageFilter, PassageRow};
use loggvakt::tui::worker::{Fill, Request, Response};
use support::Harness;

fn at(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

/// The rows as `query --format json` prints them, from rows the worker returned.
fn printed(rows: &[PassageRow]) -> String {
    let mut out = String::from("[");
    for (i, r) in rows.iter().enumerate() {
        out.push_str(if i == 0 { "\n  " } else { ",\n  " });
        out.push_str(&serde_json::to_string(&json_of(r)).unwrap());
    }
    out.push_str(if rows.is_empty() { "]\n" } else { "\n]\n" });
    out
}

fn screen_rows(h: &mut Harness, filter: PassageFilter) -> Vec<PassageRow> {
    let resp = h.worker.execute(
        &mut h.store,
        &support::actor(),
        Request::Page {
            generation: 1,
            query: Query::of(filter),
            page: Page::After(None),
            limit: 10_000,
            fill: Fill::First,
        },
    );
    match resp {
        Response::Page { rows, .. } => rows,
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_same_filter_gives_byte_identical_rows_on_both_faces() {
    let mut h = Harness::new(400, Lang::En);
    h.purpose("Larm Avd 42 natten 14/10");
    let cases: Vec<(PassageFilter, Vec<&str>)> = vec![
        (
            PassageFilter {
                readers: vec!["läkemedelsrum".into()],
                ..Default::default()
            },
            vec!["--reader", "läkemedelsrum"],
        ),
        (
            PassageFilter {
                persons: vec!["Lindqvist, Åsa".into()],
                from: Some(at("2026-10-01 08:00:00")),
                to: Some(at("2026-10-02 12:00:00")),
                ..Default::default()
            },
            vec![
                "--person",
                "Lindqvist, Åsa",
                "--from",
                "2026-10-01 08:00:00",
                "--to",
                "2026-10-02 12:00:00",
            ],
        ),
        (
            PassageFilter {
                cards: vec!["3409911".into()],
                ..Default::default()
            },
            vec!["--card", "3409911"],
        ),
        (
            PassageFilter {
                kinds: vec![EventKind::Denied, EventKind::HeldOpen],
                ..Default::default()
            },
            vec!["--event", "denied", "--event", "held_open"],
        ),
        (PassageFilter::default(), vec![]),
    ];
    for (filter, args) in cases {
        let rows = screen_rows(&mut h, filter);
        let out = assert_cmd::Command::cargo_bin("loggvakt")
            .unwrap()
            .env_remove("LOGGVAKT_DB")
            .env("LANG", "C")
            .env("XDG_CONFIG_HOME", h.dir.path().join("config"))
            .env("XDG_DATA_HOME", h.dir.path().join("share"))
            .arg("--db")
            .arg(&h.db)
            .arg("query")
            .args(&args)
            .args(["--reason", "Larm Avd 42 natten 14/10", "--format", "json"])
            .assert()
            .success();
        let cli = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(!rows.is_empty(), "{args:?}");
        assert_eq!(cli, printed(&rows), "{args:?}");
    }

    // Both faces wrote one entry per search, alike but for the face.
    let entries = loggvakt::store::audit::all(h.store.trail()).unwrap();
    let queries: Vec<serde_json::Value> = entries
        .iter()
        .filter(|e| e.action == "query")
        .map(|e| serde_json::from_str(&e.details).unwrap())
        .collect();
    // The screen's first view without and with the purpose, then a screen and a
    // command-line entry per filter.
    assert_eq!(queries.len(), 2 + 2 * 5);
    for pair in queries[2..].chunks(2) {
        let (mut screen, mut cli) = (pair[0].clone(), pair[1].clone());
        assert_eq!(screen["via"], "screen");
        assert_eq!(cli["via"], "cli");
        for d in [&mut screen, &mut cli] {
            d.as_object_mut().unwrap().remove("via");
            d.as_object_mut().unwrap().remove("limit");
        }
        assert_eq!(screen, cli);
    }
}
