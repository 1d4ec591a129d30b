//! Querying through the real binary: every flag, name order, diacritics, output formats.

mod common;

use common::{Env, SSM};
use predicates::prelude::*;

fn loaded() -> Env {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    env.import(&[&f]);
    env
}

#[test]
fn reader_matches_code_or_name_without_diacritics() {
    let env = loaded();
    assert_eq!(env.count(&["--reader", "lakemedelsrum"]), 5);
    assert_eq!(env.count(&["--reader", "L0142"]), 5);
    assert_eq!(env.count(&["--reader", "PERSONALINGÅNG"]), 1);
    assert_eq!(
        env.count(&["--reader", "l0001", "--reader", "läkemedel"]),
        6
    );
    assert_eq!(env.count(&["--reader", "no such door"]), 0);
}

#[test]
fn person_matches_in_either_name_order_by_employee_id_or_card() {
    let env = loaded();
    assert_eq!(env.count(&["--person", "Lindqvist, Åsa"]), 3);
    assert_eq!(env.count(&["--person", "Åsa Lindqvist"]), 3);
    assert_eq!(env.count(&["--person", "asa lindqvist"]), 3);
    assert_eq!(env.count(&["--person", "100234"]), 3);
    assert_eq!(env.count(&["--person", "0003401128"]), 3);
    assert_eq!(env.count(&["--person", "3401128"]), 3);
    assert_eq!(env.count(&["--person", "oberg"]), 2);
}

#[test]
fn card_flag_keeps_leading_zeros_optional() {
    let env = loaded();
    assert_eq!(env.count(&["--card", "0003400991"]), 2);
    assert_eq!(env.count(&["--card", "3400991"]), 2);
}

#[test]
fn from_and_to_are_inclusive_and_a_date_alone_means_the_whole_day() {
    let env = loaded();
    assert_eq!(
        env.count(&["--from", "2026-10-14", "--to", "2026-10-14"]),
        3
    );
    assert_eq!(
        env.count(&["--from", "2026-10-14 07:52:13", "--to", "2026-10-14 07:55"]),
        2
    );
    assert_eq!(env.count(&["--from", "2026-10-15"]), 3);
    assert_eq!(env.count(&["--to", "2026-10-15"]), 4);
}

#[test]
fn event_system_and_limit_filters() {
    let env = loaded();
    assert_eq!(env.count(&["--event", "denied"]), 1);
    assert_eq!(env.count(&["--event", "denied", "--event", "held_open"]), 2);
    assert_eq!(env.count(&["--system", "ssm"]), 6);
    assert_eq!(env.count(&["--system", "salto"]), 0);
    assert_eq!(env.count(&["--limit", "2"]), 2);
}

#[test]
fn an_end_written_as_a_time_alone_follows_the_start_as_on_the_screen() {
    let env = loaded();
    let whole = env.json(&[
        "query",
        "--from",
        "2026-10-15 22:00",
        "--to",
        "2026-10-16 06:00",
    ]);
    assert!(!whole.is_empty());
    // 22.00 to 06.00 is one night, as the filter pane reads it.
    let typed = env.json(&["query", "--from", "15/10/2026 22.00", "--to", "06.00"]);
    assert_eq!(typed, whole);
    // Each end refused alone names its flag, in the user's language.
    env.cmd()
        .args([
            "--lang",
            "sv",
            "query",
            "--from",
            "2026-10-15",
            "--to",
            "14 okt 25",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--to: ").and(predicate::str::contains("är ingen tid")));
}

#[test]
fn night_visit_by_the_suspect_narrowed_to_one_person() {
    let env = loaded();
    let rows = env.json(&[
        "query",
        "--reader",
        "läkemedelsrum",
        "--person",
        "lindqvist",
        "--from",
        "2026-10-16 00:00",
        "--to",
        "2026-10-16 06:00",
    ]);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    // Every key of the JSON contract.
    for key in [
        "time",
        "system",
        "reader",
        "person",
        "card",
        "employee_id",
        "event",
        "event_text",
        "direction",
        "source",
    ] {
        assert!(r.get(key).is_some(), "missing {key}");
    }
    assert_eq!(r["time"], "2026-10-16T03:12:45");
    assert_eq!(r["system"], "ssm");
    assert_eq!(r["event"], "granted");
    assert_eq!(r["employee_id"], "100234");
    assert_eq!(r["source"], "ssm.txt:9");
}

#[test]
fn results_come_in_time_order() {
    let env = loaded();
    let rows = env.json(&["query"]);
    let times: Vec<&str> = rows.iter().map(|r| r["time"].as_str().unwrap()).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted);
}

#[test]
fn bad_time_and_bad_event_are_explained() {
    let env = loaded();
    env.cmd()
        .args(["query", "--from", "soon"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a time"));
    env.cmd()
        .args(["query", "--event", "exploded"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("granted"));
    env.cmd()
        .args(["query", "--from", "2026-10-16", "--to", "2026-10-14"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("swap"));
}

#[test]
fn table_fits_the_terminal_width() {
    let env = loaded();
    let out = env
        .cmd()
        .env("COLUMNS", "80")
        .args(["query"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
}

#[test]
fn swedish_output_when_asked() {
    let env = loaded();
    env.cmd()
        .args(["--lang", "sv", "query", "--event", "denied"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Läsare").and(predicate::str::contains("nekad")));
    env.cmd()
        .env("LANG", "sv_SE.UTF-8")
        .args(["readers"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Passager"));
}

#[test]
fn readers_and_persons_list_counts_and_first_and_last_seen() {
    let env = loaded();
    let readers = env.json(&["readers"]);
    let med = readers.iter().find(|r| r["code"] == "L0142").unwrap();
    assert_eq!(med["passages"], 5);
    assert_eq!(med["first"], "2026-10-14T07:52:13");
    assert_eq!(med["last"], "2026-10-16T03:12:50");
    let persons = env.json(&["persons"]);
    assert_eq!(persons.len(), 2);
    let asa = persons
        .iter()
        .find(|p| p["name"] == "Åsa Lindqvist")
        .unwrap();
    assert_eq!(asa["passages"], 3);
    assert_eq!(asa["cards"][0], "0003401128");
}

#[test]
fn every_search_is_in_the_audit_trail_and_the_chain_verifies() {
    let env = loaded();
    env.count(&["--person", "Åsa Lindqvist"]);
    let entries: Vec<serde_json::Value> = env.json(&["audit", "list"]);
    let query = entries
        .iter()
        .find(|e| e["action"] == "query")
        .expect("query audited");
    assert!(query["details"].as_str().unwrap().contains("Åsa Lindqvist"));
    assert!(entries.iter().any(|e| e["action"] == "import"));
    env.cmd()
        .args(["audit", "verify"])
        .assert()
        .success()
        .stdout(predicate::str::contains("intact"));
}
