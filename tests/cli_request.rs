//! Requests end to end through the real binary: Kom & Gå import, a request's
//! scope, its events and deviation aids, the decision and every export format.

mod common;

use common::{Env, sample};
use predicates::prelude::*;

#[test]
fn komgo_stamps_import_whole_and_skip_stamps_already_stored() {
    let env = Env::new();
    let out = env.import(&[&sample("komgo_stamplingar_202610.csv")]);
    assert!(out.contains("recognised as komgo"), "{out}");
    assert!(out.contains("imported 439, duplicates 0"), "{out}");
    // The same stamps in another file (one added, CRLF dropped): only the new one counts.
    let text = std::fs::read_to_string(sample("komgo_stamplingar_202610.csv")).unwrap();
    let more = format!(
        "{}100999;Test Testsson;2026-10-30;IN;07:00;Stämpling;\n",
        text.replace("\r\n", "\n")
    );
    let f = env.write("komgo_again.csv", more);
    let out = env
        .cmd()
        .args(["import", "--system", "komgo"])
        .arg(&f)
        .assert()
        .success();
    let out = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(out.contains("imported 1, duplicates 439"), "{out}");
}

#[test]
fn komgo_bad_stamp_type_stops_the_file_with_row_and_column() {
    let env = Env::new();
    let f = env.write(
        "komgo_bad.csv",
        "Anst.nr;Namn;Datum;Typ;Tid;Källa;Ändrad\r\n\
         100234;Åsa Lindqvist;2026-10-01;IN;06:55;Stämpling;\r\n\
         100234;Åsa Lindqvist;2026-10-01;KAFFE;09:55;Stämpling;\r\n",
    );
    env.cmd()
        .args(["import", "--system", "komgo"])
        .arg(&f)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "komgo_bad.csv:3:4: expected a stamp type IN, LUNCH UT, LUNCH IN or UT",
        ));
    // Nothing from the file was kept: importing the good row alone adds it.
    let good = env.write(
        "komgo_good.csv",
        "Anst.nr;Namn;Datum;Typ;Tid;Källa;Ändrad\r\n100234;Åsa Lindqvist;2026-10-01;IN;06:55;Stämpling;\r\n",
    );
    let out = env.import(&[&good]);
    assert!(out.contains("imported 1, duplicates 0"), "{out}");
}

/// The request of `begaran_R-underlag.txt`: Åsa Lindqvist at Läkemedelsrum Avd 42,
/// 2026-10-01 00:00 – 2026-10-28 23:59, with the letter attached.
fn new_request(env: &Env, extra: &[&str]) -> String {
    let out = env
        .cmd()
        .args([
            "request",
            "new",
            "--requester",
            "Karin Nyström",
            "--unit",
            "Avd 42 Medicin",
            "--reason",
            "theft",
            "--text",
            "Misstänkt stöld ur läkemedelsrummet",
            "--person",
            "Åsa Lindqvist",
            "--reader",
            "Läkemedelsrum Avd 42",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-28 23:59:59",
        ])
        .args(extra)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn new_request_prints_only_its_reference_numbered_per_year() {
    let env = Env::new();
    let year = chrono::Datelike::year(&chrono::Local::now());
    assert_eq!(new_request(&env, &[]), format!("R-{year}-0001\n"));
    assert_eq!(new_request(&env, &[]), format!("R-{year}-0002\n"));
    let list = env.json(&["request", "list"]);
    assert_eq!(list.len(), 2);
    assert_eq!(
        list[0]["reference"],
        format!("R-{year}-0002"),
        "newest first"
    );
    assert_eq!(list[1]["scope"]["persons"][0], "Åsa Lindqvist");
    assert_eq!(list[1]["scope"]["windows"][0]["to"], "2026-10-28T23:59:59");
}

#[test]
fn new_request_needs_a_person_and_paired_windows() {
    let env = Env::new();
    env.cmd()
        .args([
            "request",
            "new",
            "--requester",
            "K",
            "--unit",
            "U",
            "--reason",
            "other",
            "--text",
            "t",
            "--reader",
            "L0142",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-02",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--person"));
    env.cmd()
        .args([
            "request",
            "new",
            "--requester",
            "K",
            "--unit",
            "U",
            "--reason",
            "other",
            "--text",
            "t",
            "--person",
            "100234",
            "--from",
            "2026-10-01",
            "--from",
            "2026-10-05",
            "--to",
            "2026-10-02",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("2 --from but 1 --to"));
}

#[test]
fn scope_is_editable_until_the_request_is_decided() {
    let env = Env::new();
    let r = new_request(&env, &[]);
    let r = r.trim();
    env.cmd()
        .args(["request", "edit", r, "--add-person", "Per Öberg"])
        .args(["--window", "2026-10-31..2026-10-31", "--remove-reader"])
        .arg("Läkemedelsrum Avd 42")
        .assert()
        .success();
    let out = env
        .cmd()
        .args(["request", "show", r, "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        v["scope"]["persons"],
        serde_json::json!(["Åsa Lindqvist", "Per Öberg"])
    );
    assert_eq!(v["scope"]["readers"], serde_json::json!([]));
    assert_eq!(v["scope"]["windows"][1]["from"], "2026-10-31T00:00:00");
    env.cmd()
        .args([
            "request",
            "decide",
            r,
            "--outcome",
            "oral",
            "--note",
            "Muntligt besked till chefen",
        ])
        .args(["--medcontrol", "MC-2026-004711", "--police", "K-123456-26"])
        .assert()
        .success();
    env.cmd()
        .args(["request", "edit", r, "--add-reader", "Förråd"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot be changed"));
    env.cmd()
        .args([
            "request",
            "decide",
            r,
            "--outcome",
            "none",
            "--note",
            "again",
        ])
        .assert()
        .failure();
    let out = env
        .cmd()
        .args(["request", "show", r, "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["decision"]["outcome"], "oral");
    assert_eq!(v["decision"]["note"], "Muntligt besked till chefen");
    assert_eq!(v["escalations"][0]["target"], "medcontrol");
    assert_eq!(v["escalations"][1]["reference"], "K-123456-26");
    assert!(!v["escalations"][1]["by"].as_str().unwrap().is_empty());
    assert_eq!(
        v["scope"]["persons"].as_array().unwrap().len(),
        2,
        "unchanged"
    );
}

#[test]
fn attachment_comes_back_byte_for_byte_after_the_original_is_gone() {
    use sha2::{Digest, Sha256};
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let original = std::fs::read(sample("begaran_R-underlag.txt")).unwrap();
    let copy = env.write("begaran.txt", &original);
    let r = new_request(&env, &["--attach", copy.to_str().unwrap()]);
    let r = r.trim();
    std::fs::remove_file(&copy).unwrap();
    let out = env.dir.path().join("back.txt");
    env.cmd()
        .args(["request", "attachment", r, "1", "--out"])
        .arg(&out)
        .assert()
        .success();
    let back = std::fs::read(&out).unwrap();
    assert_eq!(back, original);
    let sha = hex::encode(Sha256::digest(&back));
    let v = env
        .cmd()
        .args(["request", "show", r, "--format", "json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&v.get_output().stdout).unwrap();
    assert_eq!(v["attachments"][0]["sha256"], sha);
    assert_eq!(v["attachments"][0]["size"], original.len());
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Never over an existing file.
    env.cmd()
        .args(["request", "attachment", r, "1", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists"));
}
