//! The repeated autumn hour through the real binary: rows keep their file's order
//! and show their UTC offset, in table, CSV and JSON, whichever way the file runs.

mod common;

use common::Env;

const HEADER: &str = "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn";

/// Rows before, in (two passes) and after the repeated hour of 2026-10-25, oldest first.
const ROWS: [&str; 6] = [
    "2026-10-25;01:50:00;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa",
    "2026-10-25;02:10:00;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa",
    "2026-10-25;02:40:19;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa",
    "2026-10-25;02:05:33;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa",
    "2026-10-25;02:30:00;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa",
    "2026-10-25;03:15:00;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa",
];

fn file(env: &Env, name: &str, newest_first: bool) -> std::path::PathBuf {
    let mut rows: Vec<&str> = ROWS.to_vec();
    if newest_first {
        rows.reverse();
    }
    env.write(name, format!("{HEADER}\n{}\n", rows.join("\n")))
}

fn stdout(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).assert().success();
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

fn check(newest_first: bool) {
    let env = Env::new();
    let f = file(&env, "ssm.txt", newest_first);
    env.import(&[&f]);
    let json = env.json(&["query", "--reader", "L0142"]);
    let shown: Vec<(String, String)> = json
        .iter()
        .map(|r| {
            (
                r["time"].as_str().unwrap().to_owned(),
                r["clock"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("2026-10-25T01:50:00", ""),
        ("2026-10-25T02:10:00", "+02:00"),
        ("2026-10-25T02:40:19", "+02:00"),
        ("2026-10-25T02:05:33", "+01:00"),
        ("2026-10-25T02:30:00", "+01:00"),
        ("2026-10-25T03:15:00", ""),
    ]
    .map(|(t, c)| (t.to_owned(), c.to_owned()));
    assert_eq!(shown, expected, "newest first: {newest_first}");

    let csv = stdout(&env, &["query", "--reader", "L0142", "--format", "csv"]);
    let times: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(';').next().unwrap())
        .collect();
    assert_eq!(
        times,
        [
            "2026-10-25 01:50:00",
            "2026-10-25 02:10:00 (+02)",
            "2026-10-25 02:40:19 (+02)",
            "2026-10-25 02:05:33 (+01)",
            "2026-10-25 02:30:00 (+01)",
            "2026-10-25 03:15:00"
        ],
        "{csv}"
    );
    let table = stdout(&env, &["query", "--reader", "L0142"]);
    let first = table.find("02:40:19 (+02)").expect(&table);
    let second = table.find("02:05:33 (+01)").expect(&table);
    assert!(first < second, "{table}");

    // A window typed in wall-clock time is never narrower than either pass: from
    // 02:30 starts at the first pass's 02:30, to 02:35 ends at the second pass's.
    let window = env.json(&[
        "query",
        "--reader",
        "L0142",
        "--from",
        "2026-10-25 02:30",
        "--to",
        "2026-10-25 02:35",
    ]);
    let times: Vec<&str> = window.iter().map(|r| r["time"].as_str().unwrap()).collect();
    assert_eq!(
        times,
        [
            "2026-10-25T02:40:19",
            "2026-10-25T02:05:33",
            "2026-10-25T02:30:00"
        ]
    );
}

#[test]
fn the_repeated_hour_keeps_file_order_with_offsets_oldest_first() {
    check(false);
}

#[test]
fn the_repeated_hour_keeps_file_order_with_offsets_newest_first() {
    check(true);
}

#[test]
fn without_a_second_pass_the_hour_is_marked_uncertain_and_the_gap_flagged() {
    let env = Env::new();
    let f = env.write(
        "ssm.txt",
        format!(
            "{HEADER}\n{}\n{}\n2026-03-29;02:15:00;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa\n",
            ROWS[1], ROWS[2]
        ),
    );
    env.import(&[&f]);
    let json = env.json(&["query", "--reader", "L0142"]);
    let clocks: Vec<(&str, &str)> = json
        .iter()
        .map(|r| (r["time"].as_str().unwrap(), r["clock"].as_str().unwrap()))
        .collect();
    assert_eq!(
        clocks,
        [
            ("2026-03-29T02:15:00", "dst_skipped_hour"),
            ("2026-10-25T02:10:00", "+02:00?"),
            ("2026-10-25T02:40:19", "+02:00?")
        ]
    );
}
