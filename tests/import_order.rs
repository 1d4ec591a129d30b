//! The order an import stores rows in, through the real binary: a row that comes
//! late takes its place in time, and the rows of one second keep the order they
//! happened in, whichever way the file runs and however much of it was written
//! while it was still being read.

mod common;

use common::Env;

const HEADER: &str = "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn";

/// A row of the file at `time` for the card holder `who`.
fn row(time: &str, who: &str) -> String {
    format!("2026-03-10;{time};L0142;Läkemedelsrum Avd 42;Godkänd passage;000340{who};{who}")
}

/// Imports `rows` as one file; (time, source row) of the reader's passages as stored.
fn stored(env: &Env, name: &str, rows: &[String]) -> Vec<(String, String)> {
    let f = env.write(name, format!("{HEADER}\n{}\n", rows.join("\n")));
    env.import(&[&f]);
    env.json(&["query", "--reader", "L0142"])
        .iter()
        .map(|r| {
            let source = r["source"].as_str().unwrap();
            (
                r["time"].as_str().unwrap()[11..].to_owned(),
                source[source.rfind(':').unwrap() + 1..].to_owned(),
            )
        })
        .collect()
}

fn expect(pairs: &[(&str, u32)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(t, r)| ((*t).to_owned(), r.to_string()))
        .collect()
}

#[test]
fn a_late_row_joins_the_second_its_time_gives_after_the_rows_before_it() {
    let env = Env::new();
    // Source rows count the header as row 1.
    let rows = [
        row("10:00:00", "Anna"),
        row("10:00:05", "Bo"),
        row("10:00:00", "Cia"),
        row("10:00:06", "Dan"),
        row("09:59:59", "Eva"),
    ];
    assert_eq!(
        stored(&env, "late.txt", &rows),
        expect(&[
            ("09:59:59", 6),
            ("10:00:00", 2),
            ("10:00:00", 4),
            ("10:00:05", 3),
            ("10:00:06", 5),
        ])
    );
}

#[test]
fn a_file_newest_first_keeps_each_seconds_rows_in_the_order_they_happened() {
    let env = Env::new();
    // Its first rows share a second; newest first, the later of them is written first.
    let rows = [
        row("10:00:06", "Anna"),
        row("10:00:06", "Bo"),
        row("10:00:05", "Cia"),
        row("10:00:05", "Dan"),
        row("10:00:00", "Eva"),
    ];
    assert_eq!(
        stored(&env, "newest.txt", &rows),
        expect(&[
            ("10:00:00", 6),
            ("10:00:05", 5),
            ("10:00:05", 4),
            ("10:00:06", 3),
            ("10:00:06", 2),
        ])
    );
}

#[test]
fn a_second_file_over_the_same_seconds_adds_only_its_new_rows_in_place() {
    let env = Env::new();
    let first = [row("10:00:00", "Anna"), row("10:00:05", "Bo")];
    stored(&env, "first.txt", &first);
    // The same two passages, one new one in a second already stored, one after.
    let second = [
        row("10:00:00", "Anna"),
        row("10:00:00", "Cia"),
        row("10:00:05", "Bo"),
        row("10:00:07", "Dan"),
    ];
    let f = env.write("second.txt", format!("{HEADER}\n{}\n", second.join("\n")));
    env.import(&[&f]);
    let shown: Vec<String> = env
        .json(&["query", "--reader", "L0142"])
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                &r["time"].as_str().unwrap()[11..],
                r["person"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "10:00:00 Anna",
            "10:00:00 Cia",
            "10:00:05 Bo",
            "10:00:07 Dan"
        ]
    );
}

#[test]
fn a_file_newest_first_over_stored_rows_counts_each_repeat_once() {
    let env = Env::new();
    stored(
        &env,
        "first.txt",
        &[row("10:00:00", "Anna"), row("10:00:05", "Bo")],
    );
    // Its first row, written while the file is read, repeats a stored one; the
    // file then turns out to run newest first and is written again from its runs.
    let again = [
        row("10:00:05", "Bo"),
        row("10:00:00", "Cia"),
        row("10:00:00", "Anna"),
    ];
    let f = env.write("again.txt", format!("{HEADER}\n{}\n", again.join("\n")));
    let out = env.import(&[&f]);
    assert!(out.contains("imported 1, duplicates 2"), "{out}");
    let shown: Vec<String> = env
        .json(&["query", "--reader", "L0142"])
        .iter()
        .map(|r| r["person"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(shown, ["Anna", "Cia", "Bo"]);
}
