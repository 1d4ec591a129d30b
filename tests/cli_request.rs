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
fn komgo_stamps_in_other_words_and_one_time_column_are_komgo() {
    let env = Env::new();
    let f = env.write(
        "stampeltider.csv",
        "Namn;Anställningsnummer;Stämpeltid;Stämpeltyp\n\
         Åsa Lindqvist;100234;2026-10-01 06:55;In\n\
         Åsa Lindqvist;100234;2026-10-01 11:12;Rast ut\n\
         Åsa Lindqvist;100234;2026-10-01 11:46;Rast in\n\
         Åsa Lindqvist;100234;2026-10-01 16:14;Ut\n",
    );
    let out = env.import(&[&f]);
    assert!(out.contains("recognised as komgo"), "{out}");
    assert!(out.contains("imported 4, duplicates 0"), "{out}");
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
        .args(common::request_new(
            "other",
            &[
                "--reader",
                "L0142",
                "--from",
                "2026-10-01",
                "--to",
                "2026-10-02",
            ],
        ))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--person"));
    env.cmd()
        .args(common::request_new(
            "other",
            &[
                "--person",
                "100234",
                "--from",
                "2026-10-01",
                "--from",
                "2026-10-05",
                "--to",
                "2026-10-02",
            ],
        ))
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

/// A database with every sample export and the Kom & Gå stamps.
fn loaded() -> Env {
    let env = Env::new();
    env.import(&[
        &sample("salto_audit_trail_202610.csv"),
        &sample("unison_event_report_202610.csv"),
        &sample("ssm_passager_202610.txt"),
        &sample("komgo_stamplingar_202610.csv"),
    ]);
    env
}

fn events_json(env: &Env, r: &str) -> serde_json::Value {
    let out = env
        .cmd()
        .args(["request", "events", r, "--format", "json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).expect("JSON")
}

fn deviations_at(v: &serde_json::Value, time: &str) -> Vec<String> {
    let row = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["time"] == time)
        .unwrap_or_else(|| panic!("no row at {time}"));
    row["deviations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["flag"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn events_hold_only_the_scoped_person_at_the_scoped_reader_inside_the_window() {
    let env = loaded();
    let r = new_request(&env, &[]);
    let v = events_json(&env, r.trim());
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 66);
    for row in rows {
        assert_eq!(row["person"], "Åsa Lindqvist", "{row}");
        assert_eq!(row["reader"], "Läkemedelsrum Avd 42");
        let t = row["time"].as_str().unwrap();
        assert!(("2026-10-01".."2026-10-29").contains(&t), "{t}");
    }
    // Märta opened the same door 36 seconds later; she is not asked for.
    assert!(rows.iter().any(|r| r["time"] == "2026-10-15T01:37:12"));
    assert!(!rows.iter().any(|r| r["time"] == "2026-10-15T01:37:48"));
    assert!(!v.to_string().contains("Sjöström"));
    // Åsa's visit on 31 October is outside the requested period.
    assert!(!rows.iter().any(|r| r["time"] == "2026-10-31T23:15:09"));
    let table = env
        .cmd()
        .args(["request", "events", r.trim()])
        .assert()
        .success();
    let table = String::from_utf8_lossy(&table.get_output().stdout).into_owned();
    assert!(!table.contains("Sjöström") && table.contains("01:37:12"));
}

#[test]
fn out_of_hours_visits_are_marked_and_explained() {
    let env = loaded();
    let r = new_request(&env, &[]);
    let v = events_json(&env, r.trim());
    assert_eq!(
        deviations_at(&v, "2026-10-03T22:48:31"),
        [
            "outside_usual_hours",
            "night_at_reader",
            "weekend_at_reader"
        ]
    );
    assert_eq!(
        deviations_at(&v, "2026-10-15T01:37:12"),
        ["outside_usual_hours", "night_at_reader"]
    );
    assert_eq!(
        deviations_at(&v, "2026-10-08T19:58:07"),
        ["outside_usual_hours", "after_clock_out"]
    );
    assert!(deviations_at(&v, "2026-10-14T08:21:39").is_empty());
    let marked = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["deviations"].as_array().unwrap().is_empty())
        .count();
    assert_eq!(marked, 6, "six out-of-hours openings inside the period");
    let text = v["rows"][5]["deviations"][0]["text"].as_str().unwrap();
    assert!(text.contains("usual hours"), "{text}");
    assert_eq!(v["persons"][0]["usual_hours"]["label"], "06:00–16:59");
    // In Swedish too.
    let out = env
        .cmd()
        .args([
            "--lang",
            "sv",
            "request",
            "events",
            r.trim(),
            "--format",
            "json",
        ])
        .assert()
        .success();
    let sv: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert!(sv.to_string().contains("utanför personens vanliga tider"));
}

#[test]
fn denied_attempts_are_marked() {
    let env = loaded();
    let out = env
        .cmd()
        .args([
            "request",
            "new",
            "--requester",
            "Karin Nyström",
            "--unit",
            "Avd 42",
        ])
        .args(["--reason", "theft", "--text", "t", "--person", "100877"])
        .args([
            "--reader",
            "Läkemedelsrum Avd 42",
            "--from",
            "2026-10-20",
            "--to",
            "2026-10-22",
        ])
        .assert()
        .success();
    let r = String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .to_owned();
    let v = events_json(&env, &r);
    for t in ["2026-10-20T19:41:05", "2026-10-22T20:15:51"] {
        assert!(deviations_at(&v, t).contains(&"denied".to_owned()), "{t}");
    }
    for row in v["rows"].as_array().unwrap() {
        assert_eq!(row["person"], "Per Öberg");
    }
}

#[test]
fn komgo_stamps_and_passages_disagree_on_the_planted_days() {
    let env = loaded();
    let out = env
        .cmd()
        .args([
            "request",
            "new",
            "--requester",
            "Karin Nyström",
            "--unit",
            "Avd 42",
        ])
        .args(["--reason", "timefraud", "--text", "Tidrapportering"])
        .args([
            "--person",
            "Jörgen Ärlebäck",
            "--person",
            "Åsa Lindqvist",
            "--person",
            "100877",
        ])
        .args(["--from", "2026-10-01", "--to", "2026-10-28"])
        .assert()
        .success();
    let r = String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .to_owned();
    let v = events_json(&env, &r);
    let findings: Vec<(String, String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_owned(),
                f["date"].as_str().unwrap().to_owned(),
                f["person"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let has = |kind: &str, date: &str, who: &str| {
        findings
            .iter()
            .any(|(k, d, p)| k == kind && d == date && p.contains(who))
    };
    assert!(
        has("clocked_in_no_passage", "2026-10-07", "Jörgen Ärlebäck"),
        "{findings:?}"
    );
    assert!(
        has("passages_after_clock_out", "2026-10-08", "Åsa Lindqvist"),
        "{findings:?}"
    );
    assert!(
        has("late_first_passage", "2026-10-13", "Per Öberg"),
        "{findings:?}"
    );
    let late = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "late_first_passage")
        .unwrap();
    assert!(
        late["detail"].as_str().unwrap().contains("105 min"),
        "{late}"
    );
    // Ordinary days (garage exit minutes after UT, IN just after the staff door) raise nothing.
    assert_eq!(findings.len(), 3, "{findings:?}");
}

#[test]
fn a_window_beyond_the_exports_is_flagged_as_not_covered() {
    let env = loaded();
    let r = env.new_request(&common::request(
        "other",
        &[
            "--person",
            "100234",
            "--from",
            "2026-09-20",
            "--to",
            "2026-10-02",
        ],
    ));
    let v = events_json(&env, &r);
    let systems: Vec<&str> = v["caveats"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "coverage")
        .map(|c| c["subject"].as_str().unwrap())
        .collect();
    assert_eq!(systems, ["salto", "ssm", "unison"]);
    assert!(v["caveats"].to_string().contains("2/13"));
}

fn export(env: &Env, r: &str, name: &str) -> (std::path::PathBuf, Vec<u8>) {
    let out = env.dir.path().join(name);
    env.cmd()
        .args(["request", "export", r, "--out"])
        .arg(&out)
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    (out, bytes)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn every_export_format_holds_the_scoped_rows_only_and_is_audited_with_its_hash() {
    use sha2::{Digest, Sha256};
    use std::os::unix::fs::PermissionsExt;
    let env = loaded();
    // A requester's name that a spreadsheet would run as a formula.
    let r = new_request(&env, &[]);
    let r = r.trim();
    env.cmd()
        .args([
            "request",
            "edit",
            r,
            "--requester",
            "=HYPERLINK(\"http://x\",\"K\")",
        ])
        .assert()
        .success();

    // CSV: BOM, `;`, CRLF, the formula neutralised, 66 rows of Åsa and none of Märta.
    let (csv_path, csv) = export(&env, r, "extract.csv");
    assert!(csv.starts_with(b"\xef\xbb\xbf"), "UTF-8 BOM");
    let text = std::str::from_utf8(&csv[3..]).unwrap();
    assert!(text.lines().count() > 66);
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    assert!(text.contains(&format!("Reference;{r}\r\n")));
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"K\"\")\""),
        "{text}"
    );
    // Numbered rows; a clock column joins them only when a time is a DST repeat.
    assert!(text.contains("\r\nNo.;Time;"));
    assert!(text.contains(
        ";System;Reader;Person;Event;Event text;Direction;Source (file:row);Deviations\r\n"
    ));
    let data: Vec<&str> = text
        .split("\r\n")
        .filter(|l| {
            l.split(';')
                .nth(1)
                .is_some_and(|t| t.starts_with("2026-10-"))
        })
        .filter(|l| l.contains(";salto;"))
        .collect();
    assert_eq!(data.len(), 66);
    assert!(data.iter().all(|l| l.contains(";Åsa Lindqvist (100234);")));
    assert!(data.iter().any(|l| l.contains(";2026-10-15 01:37:12;")));
    assert!(text.contains(";salto;Läkemedelsrum Avd 42;"));
    assert!(!text.contains("Sjöström") && !text.contains("01:37:48"));

    // XLSX: the same rows, the formula kept as text, times as date cells (the cell
    // kinds are checked in tests/report_xlsx.rs).
    let (xlsx_path, xlsx) = export(&env, r, "extract.xlsx");
    {
        use calamine::{Data, Reader, Xlsx, open_workbook};
        let mut wb: Xlsx<_> = open_workbook(&xlsx_path).unwrap();
        let range = wb.worksheet_range("Extract").unwrap();
        let strings: Vec<String> = range
            .used_cells()
            .filter_map(|c| match c.2 {
                Data::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        assert!(strings.iter().any(|s| s.contains(r)));
        assert!(
            strings.iter().any(|s| s.contains("=HYPERLINK")),
            "kept as text"
        );
        assert_eq!(
            strings
                .iter()
                .filter(|s| *s == "Åsa Lindqvist (100234)")
                .count(),
            66
        );
        assert!(!strings.iter().any(|s| s.contains("Sjöström")));
        let formulas = wb.worksheet_formula("Extract").unwrap();
        assert!(formulas.used_cells().all(|c| c.2.is_empty()), "no formulas");
    }

    // PDF: a PDF/A-2 file with embedded fonts (its text is read back with poppler in
    // tests/report_pdf.rs); the audit head it carries is checked there too.
    let (pdf_path, pdf) = export(&env, r, "extract.pdf");
    assert!(pdf.starts_with(b"%PDF-1.7"));
    assert!(contains(&pdf, b"<pdfaid:part>2</pdfaid:part>"));
    assert!(contains(&pdf, b"/FontFile2"), "the font is embedded");
    assert!(!contains(&pdf, b"/WinAnsiEncoding"));

    // Each export: a private file and an audit entry with its SHA-256.
    let audit = env.json(&["audit", "list"]);
    let exports: Vec<&serde_json::Value> = audit
        .iter()
        .filter(|e| e["action"] == "export" && e["subject"] == r)
        .collect();
    assert_eq!(exports.len(), 3);
    for (path, bytes) in [(&csv_path, &csv), (&xlsx_path, &xlsx), (&pdf_path, &pdf)] {
        assert_eq!(
            std::fs::metadata(path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let sha = hex::encode(Sha256::digest(bytes));
        assert!(
            exports
                .iter()
                .any(|e| e["details"].as_str().unwrap().contains(&sha)),
            "{} not audited with its hash",
            path.display()
        );
    }
    // An unknown extension is refused before anything is written.
    env.cmd()
        .args(["request", "export", r, "--out"])
        .arg(env.dir.path().join("extract.txt"))
        .assert()
        .failure()
        .stderr(predicate::str::contains(".csv, .xlsx or .pdf"));
}

#[test]
fn a_scope_person_is_matched_exactly_never_by_part_of_a_name() {
    let env = Env::new();
    let f = env.write(
        "ssm.txt",
        "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr;Avdelning\r\n\
         2026-10-14;07:52:13;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa;100234;Avd 42\r\n\
         2026-10-14;07:53:00;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003409001;Lindqvist, Åsa Maria;100999;Avd 43\r\n\
         2026-10-14;07:54:00;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003409002;Andersson, Anna;100500;Avd 43\r\n\
         2026-10-14;07:55:00;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003409003;Andersson, Anna;100501;Avd 44\r\n",
    );
    env.import(&[&f]);
    let request = |person: &str| {
        let out = env
            .cmd()
            .args([
                "request",
                "new",
                "--requester",
                "K",
                "--unit",
                "U",
                "--reason",
                "other",
            ])
            .args([
                "--text",
                "t",
                "--person",
                person,
                "--from",
                "2026-10-14",
                "--to",
                "2026-10-14",
            ])
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout)
            .trim()
            .to_owned()
    };
    // "Lindqvist, Åsa" is Åsa Lindqvist alone, not Åsa Maria Lindqvist.
    let r = request("Lindqvist, Åsa");
    let v = events_json(&env, &r);
    let times: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["time"].as_str().unwrap())
        .collect();
    assert_eq!(times, ["2026-10-14T07:52:13"]);
    // A part of a name matches no one, and says so.
    let r = request("Lindqvist");
    let v = events_json(&env, &r);
    assert_eq!(v["rows"].as_array().unwrap().len(), 0);
    assert_eq!(v["caveats"][0]["kind"], "no_match");
    // Two people of one name: the scope must name the employee id.
    let r = request("Anna Andersson");
    env.cmd()
        .args(["request", "events", &r])
        .assert()
        .failure()
        .stderr(predicate::str::contains("matches 2 different people"));
    let r = request("100501");
    let v = events_json(&env, &r);
    assert_eq!(v["rows"].as_array().unwrap().len(), 1);
    assert_eq!(v["rows"][0]["employee_id"], "100501");
}

#[test]
fn every_export_format_closes_with_the_audit_trail_head() {
    let env = loaded();
    let r = new_request(&env, &[]);
    let r = r.trim();
    // Each export is audited, so the head moves: read it just before each one.
    let head_now = || {
        String::from_utf8(env.cmd().args(["audit", "head"]).output().unwrap().stdout)
            .unwrap()
            .trim()
            .to_owned()
    };
    let head = head_now();
    assert_eq!(head.len(), 64);
    let (_, csv) = export(&env, r, "extract.csv");
    let csv = String::from_utf8(csv).unwrap();
    let last = csv.trim_end().lines().last().unwrap();
    assert!(last.contains(&head), "CSV footer: {last}");
    let head = head_now();
    let (xlsx_path, _) = export(&env, r, "extract.xlsx");
    {
        use calamine::{Reader, Xlsx, open_workbook};
        let mut wb: Xlsx<_> = open_workbook(&xlsx_path).unwrap();
        let range = wb.worksheet_range("Extract").unwrap();
        let found = range.used_cells().any(|c| c.2.to_string().contains(&head));
        assert!(found, "XLSX carries the head {head}");
    }
}

#[test]
fn a_komgo_day_without_its_ut_stamp_is_a_finding() {
    let env = loaded();
    let out = env
        .cmd()
        .args(["request", "new", "--requester", "Karin Nyström"])
        .args(["--unit", "Avd 42", "--reason", "timefraud", "--text", "Tid"])
        .args(["--person", "Lena Åberg"])
        .args(["--from", "2026-10-01", "--to", "2026-10-28"])
        .assert()
        .success();
    let r = String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .to_owned();
    let v = events_json(&env, &r);
    let missing: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "missing_stamp")
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0]["date"], "2026-10-21");
    let detail = missing[0]["detail"].as_str().unwrap();
    assert!(detail.starts_with("UT –;"), "{detail}");
    assert!(detail.contains("LUNCH IN 18:37"), "{detail}");
    assert!(detail.contains("22:14"), "{detail}");

    // A window over part of the shift still weighs the whole shift's stamps.
    let out = env
        .cmd()
        .args(["request", "new", "--requester", "Karin Nyström"])
        .args(["--unit", "Avd 42", "--reason", "timefraud", "--text", "Tid"])
        .args(["--person", "Lena Åberg"])
        .args(["--from", "2026-10-21 13:00", "--to", "2026-10-21 14:00"])
        .assert()
        .success();
    let r = String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .to_owned();
    let v = events_json(&env, &r);
    let details: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "missing_stamp")
        .map(|f| f["detail"].as_str().unwrap())
        .collect();
    assert_eq!(details.len(), 1, "{details:?}");
    assert!(details[0].starts_with("UT –;"), "{details:?}");
}

#[test]
fn a_passage_with_the_persons_card_but_no_name_is_theirs_and_marked() {
    let env = loaded();
    // Åsa Lindqvist's Salto key at the medicine room, logged without a name.
    let f = env.write(
        "salto_utan_namn.csv",
        "Event date/time;Access point;Direction;Operation;Operation ID;Cardholder/Operator;Cardholder type;Department;Card ID;Event ID\n\
         2026-10-16 02:41:07;Läkemedelsrum Avd 42;Entry;Door opened: key;17;;;;04BD04229B6684;1999001\n",
    );
    env.import(&[&f]);
    let r = new_request(&env, &[]);
    let v = events_json(&env, r.trim());
    let flags = deviations_at(&v, "2026-10-16T02:41:07");
    assert!(flags.contains(&"card_only".to_owned()), "{flags:?}");
    // Passages that name her are not marked.
    let named = deviations_at(&v, "2026-10-08T19:58:07");
    assert!(!named.contains(&"card_only".to_owned()), "{named:?}");
}

#[test]
fn reason_and_outcome_are_swedish_words_in_swedish_output() {
    let env = loaded();
    let r = new_request(&env, &[]);
    let r = r.trim();
    env.cmd()
        .args(["request", "decide", r, "--outcome", "oral"])
        .args(["--note", "Muntligt till enhetschefen"])
        .assert()
        .success();
    let out = env
        .cmd()
        .args(["--lang", "sv", "request", "show", r])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("stöld"), "{text}");
    assert!(text.contains("muntligt"), "{text}");
    assert!(!text.contains("theft") && !text.contains(" oral"), "{text}");
    let out = env
        .cmd()
        .args(["--lang", "en", "request", "list"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("theft") && text.contains("oral"), "{text}");
}
