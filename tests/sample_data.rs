//! The shipped sample exports, imported as a new user would: every system, the
//! variants shaped differently, and the planted cases found across systems.

mod common;

use common::{Env, sample};

fn import_all(env: &Env) {
    env.import(&[
        &sample("salto_audit_trail_202610.csv"),
        &sample("unison_event_report_202610.xlsx"),
        &sample("ssm_passager_202610.txt"),
    ]);
}

#[test]
fn each_system_sample_imports_with_its_documented_row_count() {
    for (file, system, rows) in [
        ("salto_audit_trail_202610.csv", "salto", 2677),
        ("unison_event_report_202610.xlsx", "unison", 1702),
        ("unison_event_report_202610.csv", "unison", 1702),
        ("ssm_passager_202610.txt", "ssm", 2894),
        ("variants/salto_api_dump.csv", "salto", 200),
        ("variants/unison_swedish_headers.csv", "unison", 200),
        ("variants/ssm_passager_202610.xls", "ssm", 2894),
        ("variants/ssm_passager_202610.ods", "ssm", 2894),
    ] {
        let env = Env::new();
        let out = env.import(&[&sample(file)]);
        assert!(
            out.contains(&format!("recognised as {system}")),
            "{file}: {out}"
        );
        assert!(
            out.contains(&format!(
                "rows read {rows}, imported {rows}, duplicates 0, rejected 0"
            )),
            "{file}: {out}"
        );
        assert_eq!(env.count(&["--system", system]), rows, "{file}");
    }
}

#[test]
fn the_unison_csv_repeats_the_xlsx_and_adds_nothing() {
    let env = Env::new();
    env.import(&[&sample("unison_event_report_202610.xlsx")]);
    let out = env.import(&[&sample("unison_event_report_202610.csv")]);
    assert!(out.contains("imported 0, duplicates 1702"), "{out}");
}

#[test]
fn the_xls_variant_equals_the_text_export() {
    let env = Env::new();
    env.import(&[&sample("ssm_passager_202610.txt")]);
    let out = env.import(&[&sample("variants/ssm_passager_202610.xls")]);
    assert!(out.contains("imported 0, duplicates 2894"), "{out}");
}

#[test]
fn the_ods_variant_with_date_and_time_cells_equals_the_text_export() {
    let env = Env::new();
    env.import(&[&sample("ssm_passager_202610.txt")]);
    let out = env.import(&[&sample("variants/ssm_passager_202610.ods")]);
    assert!(out.contains("imported 0, duplicates 2894"), "{out}");
}

#[test]
fn the_suspect_is_found_in_all_three_systems_by_one_name() {
    let env = Env::new();
    import_all(&env);
    let rows = env.json(&[
        "query",
        "--person",
        "Lindqvist, Åsa",
        "--from",
        "2026-10-01",
        "--to",
        "2026-10-31",
    ]);
    let systems: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r["system"].as_str().unwrap()).collect();
    assert_eq!(
        systems.into_iter().collect::<Vec<_>>(),
        ["salto", "ssm", "unison"]
    );
    // The night visit to the medicine room, with the colleague a minute later left out.
    let night = env.json(&[
        "query",
        "--person",
        "asa lindqvist",
        "--reader",
        "lakemedelsrum avd 42",
        "--from",
        "2026-10-15 01:00",
        "--to",
        "2026-10-15 02:00",
    ]);
    assert_eq!(night.len(), 1, "{night:?}");
    assert_eq!(night[0]["time"], "2026-10-15T01:37:12");
    let both = env.json(&[
        "query",
        "--reader",
        "lakemedelsrum avd 42",
        "--from",
        "2026-10-15 01:00",
        "--to",
        "2026-10-15 02:00",
    ]);
    assert!(both.iter().any(|r| r["person"] == "Märta Sjöström"));
}

#[test]
fn passages_in_the_repeated_autumn_hour_are_marked() {
    let env = Env::new();
    import_all(&env);
    let rows = env.json(&[
        "query",
        "--person",
        "Åsa Lindqvist",
        "--reader",
        "Läkemedelsrum Avd 42",
        "--from",
        "2026-10-25 02:00",
        "--to",
        "2026-10-25 02:59:59",
    ]);
    let times: Vec<&str> = rows.iter().map(|r| r["time"].as_str().unwrap()).collect();
    // Salto's file rows 2084 and 2090: before and after the clocks went back, in
    // the file's order and with their offsets (they were listed the other way
    // round while the store ordered by wall-clock time).
    assert_eq!(times, ["2026-10-25T02:40:19", "2026-10-25T02:05:33"]);
    let clocks: Vec<&str> = rows.iter().map(|r| r["clock"].as_str().unwrap()).collect();
    assert_eq!(clocks, ["+02:00", "+01:00"]);
}

#[test]
fn denied_attempts_at_the_medicine_room() {
    let env = Env::new();
    import_all(&env);
    let rows = env.json(&[
        "query",
        "--person",
        "Öberg",
        "--reader",
        "Läkemedelsrum Avd 42",
        "--event",
        "denied",
    ]);
    assert_eq!(rows.len(), 6, "{rows:?}");
    assert!(
        rows.iter()
            .all(|r| r["event_text"].as_str().unwrap().contains("not allowed"))
    );
}

#[test]
fn a_users_own_profile_imports_a_layout_no_builtin_knows() {
    let env = Env::new();
    let dir = env.dir.path().join("config/loggvakt/profiles");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("vaka.toml"),
        r#"name = "vaka"
kind = "passage"
title = "Axema VAKA"
[fields]
timestamp = ["Tidpunkt"]
door = ["Passage"]
person = ["Användare"]
event = ["Händelse"]
[[events]]
kind = "denied"
contains = ["ej behörig"]
"#,
    )
    .unwrap();
    let f = env.write(
        "vaka.csv",
        "Tidpunkt;Passage;Användare;Händelse\n2026-10-14 07:52;Entré;Åsa Lindqvist;Ej behörig\n",
    );
    let out = env.import(&[&f]);
    assert!(out.contains("recognised as vaka"), "{out}");
    let rows = env.json(&["query", "--event", "denied"]);
    assert_eq!(rows[0]["system"], "vaka");
    env.cmd()
        .arg("profiles")
        .assert()
        .success()
        .stdout(predicates::str::contains("vaka.toml"));
}
