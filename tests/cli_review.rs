//! The PMO review end to end through the real binary: import, ranking of the sample
//! month's planted anomalies, verdicts, sign-off, escalation, exports and purge.

mod common;

use common::{Env, sample};
use loggvakt::synth::{PmoMonth, SAMPLE_SEED};
use serde_json::Value;
use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;

const HEADER: &str = "Datum och tid;Användare;Användar-ID;Yrkesroll;Användarens enhet;Personnummer;Elev;Elevens skola;Klass;Journaltyp;Dokument/Vy;Händelse";

/// A small export without title rows: the period comes from the rows' dates.
fn export(rows: &[&str]) -> String {
    let mut s = String::from(HEADER);
    s.push_str("\r\n");
    for r in rows {
        s.push_str(r);
        s.push_str("\r\n");
    }
    s
}

const OCTOBER: [&str; 4] = [
    "2026-10-13 09:30:00;Karin Lind;kali01;Skolsköterska;Exempelskolan F–9;20150312-T123;Liam Andersson;Exempelskolan F–9;4B;EMI-journal;Hälsobesök;Läsa",
    "2026-10-13 09:41:00;Karin Lind;kali01;Skolsköterska;Exempelskolan F–9;20150312-T123;Liam Andersson;Exempelskolan F–9;4B;EMI-journal;Hälsobesök;Skriva",
    "2026-10-14 10:02:00;Omar Haddad;omha02;Kurator;Exempelskolan F–9;20120907-T124;Ella Nyström;Exempelskolan F–9;7A;Psykologjournal;Utredning;Läsa",
    "2026-10-17 22:47:31;Sara Berg;sabe07;Specialpedagog;Exempelskolan F–9;20150312-T125;Liam Berg;Exempelskolan F–9;4B;Elevakt;Journalöversikt;Öppnat journal",
];

fn list(env: &Env, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["review", "list"];
    args.extend_from_slice(extra);
    env.json(&args)
}

fn flags(v: &Value) -> Vec<String> {
    v["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn sample_month_becomes_one_period_and_reimport_adds_nothing() {
    let env = Env::new();
    let out = env.import(&[&sample("pmo_logg_elevatkomst_202610.xlsx")]);
    assert!(out.contains("recognised as pmo"), "{out}");
    assert!(
        out.contains("Exempelskolan F–9 2026-10 (2026-10-01 – 2026-10-31)"),
        "{out}"
    );
    let periods = env.json(&["review", "periods"]);
    assert_eq!(periods.len(), 1);
    let p = &periods[0];
    assert_eq!(p["period"], "2026-10");
    assert_eq!(p["unit"], "Exempelskolan F–9");
    let month = PmoMonth::generate(SAMPLE_SEED);
    assert_eq!(p["rows"], month.rows.len() as u64);
    // The same file again, then the same rows in the CSV variant: nothing new.
    let again = env.import(&[&sample("pmo_logg_elevatkomst_202610.xlsx")]);
    assert!(again.contains("already imported"), "{again}");
    let csv = env.import(&[&sample("variants/pmo_logg_elevatkomst_202610.csv")]);
    assert!(csv.contains("imported 0"), "{csv}");
    let periods = env.json(&["review", "periods"]);
    assert_eq!(periods.len(), 1);
    assert_eq!(periods[0]["rows"], month.rows.len() as u64);
}

#[test]
fn planted_anomalies_rank_above_ordinary_rows() {
    let env = Env::new();
    env.import(&[&sample("pmo_logg_elevatkomst_202610.xlsx")]);
    let rows = list(&env, &["--reveal"]);
    let month = PmoMonth::generate(SAMPLE_SEED);
    assert_eq!(rows.len(), month.rows.len());
    let key = |time: &str, user: &str, student: &str| format!("{time}|{user}|{student}");
    let mut planted: HashMap<String, &str> = HashMap::new();
    for r in &month.rows {
        if let Some(rule) = r.planted {
            planted.insert(
                key(
                    &r.at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    &month.users[r.user].name,
                    &month.students[r.student].id,
                ),
                rule,
            );
        }
    }
    let (mut anomalies, mut ordinary) = (Vec::new(), Vec::new());
    for v in &rows {
        let k = key(
            v["time"].as_str().unwrap(),
            v["user"].as_str().unwrap(),
            v["student_id"].as_str().unwrap(),
        );
        match planted.get(&k) {
            Some(rule) => anomalies.push((*rule, v)),
            None => ordinary.push(v["score"].as_f64().unwrap()),
        }
    }
    assert_eq!(anomalies.len(), planted.len());
    for (rule, v) in &anomalies {
        assert!(
            flags(v).iter().any(|f| f == rule),
            "planted {rule} not flagged: {v}"
        );
        let score = v["score"].as_f64().unwrap();
        let below = ordinary.iter().filter(|&&s| s < score).count();
        assert!(
            below as f64 >= 0.9 * ordinary.len() as f64,
            "planted {rule} (score {score}) ranks above only {below} of {} ordinary rows",
            ordinary.len()
        );
    }
    let flagged = ordinary.iter().filter(|&&s| s > 0.0).count();
    assert!(
        flagged as f64 <= 0.15 * ordinary.len() as f64,
        "{flagged} of {} ordinary rows flagged",
        ordinary.len()
    );
    // Ranked: scores never rise down the list.
    let scores: Vec<f64> = rows.iter().map(|v| v["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn personnummer_are_masked_unless_revealed_and_a_reveal_is_audited() {
    let env = Env::new();
    env.import(&[&env.write("okt.csv", export(&OCTOBER))]);
    let masked = list(&env, &[]);
    assert!(masked.iter().all(|v| {
        let id = v["student_id"].as_str().unwrap();
        id.ends_with("-****") && id.len() == 13
    }));
    let revealed = list(&env, &["--reveal"]);
    assert!(revealed.iter().any(|v| v["student_id"] == "20150312-T123"));
    let audit = env.json(&["audit", "list"]);
    assert!(
        audit.iter().any(|e| e["action"] == "review_reveal"),
        "{audit:?}"
    );
    // The row with PMO's own wording maps to Läsa and is flagged for the surname and the night.
    let berg = revealed
        .iter()
        .find(|v| v["student"] == "Liam Berg")
        .unwrap();
    assert_eq!(berg["action"], "Läsa");
    let f = flags(berg);
    assert!(f.contains(&"same_surname".to_owned()) && f.contains(&"night".to_owned()));
    assert_eq!(revealed[0]["student"], "Liam Berg", "highest score first");
    for key in [
        "id",
        "time",
        "user",
        "role",
        "user_unit",
        "student",
        "student_id",
        "action",
        "flags",
        "reasons",
        "score",
        "verdict",
        "comment",
    ] {
        assert!(berg.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn signoff_is_refused_while_rows_lack_a_verdict() {
    let env = Env::new();
    env.import(&[&env.write("okt.csv", export(&OCTOBER))]);
    let rows = list(&env, &[]);
    let refused = env
        .cmd()
        .args([
            "review",
            "signoff",
            "--period",
            "2026-10",
            "--consulted",
            "EHT",
        ])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(err.contains("4 of 4 row(s) have no verdict"), "{err}");
    env.cmd()
        .args([
            "review",
            "mark",
            "--period",
            "2026-10",
            "--all-unflagged",
            "--verdict",
            "ok",
        ])
        .assert()
        .success();
    let flagged: Vec<String> = rows
        .iter()
        .filter(|v| !flags(v).is_empty())
        .map(|v| v["id"].to_string())
        .collect();
    // Two rows flagged by rules, one drawn for the random sample.
    assert_eq!(flagged.len(), 3, "{rows:?}");
    let still = env
        .cmd()
        .args([
            "review",
            "signoff",
            "--period",
            "2026-10",
            "--consulted",
            "EHT",
        ])
        .assert()
        .code(1);
    assert!(String::from_utf8_lossy(&still.get_output().stderr).contains("3 of 4"));
    let mut mark = vec!["review", "mark"];
    mark.extend(flagged.iter().map(String::as_str));
    mark.extend(["--verdict", "deviation", "--comment", "Ingen vårdrelation"]);
    env.cmd().args(&mark).assert().success();
    env.cmd()
        .args([
            "review",
            "escalate",
            &flagged[0],
            "--to",
            "verksamhetschef",
            "--ref",
            "VC-2026-11",
        ])
        .assert()
        .success();
    env.cmd()
        .args([
            "review",
            "signoff",
            "--period",
            "2026-10",
            "--consulted",
            "Skolsköterska Karin Lind, kurator Omar Haddad",
        ])
        .assert()
        .success();
    // A signed-off review no longer changes.
    env.cmd()
        .args(["review", "mark", &flagged[0], "--verdict", "ok"])
        .assert()
        .code(1);
    let rows = list(&env, &[]);
    assert!(rows.iter().all(|v| !v["verdict"].is_null()));
    let audit = env.json(&["audit", "list"]);
    for action in ["review_mark", "review_escalate", "review_signoff"] {
        assert!(audit.iter().any(|e| e["action"] == action), "{action}");
    }
}

#[test]
fn a_confirmed_deviation_flags_the_user_in_later_periods() {
    let env = Env::new();
    let september = export(&[
        "2026-09-10 10:00:00;Sara Berg;sabe07;Specialpedagog;Exempelskolan F–9;20150312-T125;Liam Berg;Exempelskolan F–9;4B;Elevakt;Journalöversikt;Läsa",
    ]);
    env.import(&[&env.write("sep.csv", september)]);
    let sep = list(&env, &["--period", "2026-09"]);
    env.cmd()
        .args([
            "review",
            "mark",
            &sep[0]["id"].to_string(),
            "--verdict",
            "deviation",
        ])
        .assert()
        .success();
    env.import(&[&env.write("okt.csv", export(&OCTOBER))]);
    let oct = list(&env, &["--period", "2026-10"]);
    for v in &oct {
        let repeat = flags(v).contains(&"repeat_user".to_owned());
        assert_eq!(repeat, v["user"] == "Sara Berg", "{v}");
    }
    let periods = env.json(&["review", "periods"]);
    let labels: Vec<&str> = periods
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["2026-09", "2026-10"]);
}

#[test]
fn period_and_unit_can_be_given_on_import() {
    let env = Env::new();
    let file = env.write("okt.csv", export(&OCTOBER));
    env.cmd()
        .args(["import", "--period", "2026-11", "--unit", "Annan skola"])
        .arg(&file)
        .assert()
        .success();
    let p = &env.json(&["review", "periods"])[0];
    assert_eq!(p["period"], "2026-11");
    assert_eq!(p["unit"], "Annan skola");
    assert_eq!(p["to"], "2026-11-30");
}

fn marked_october(env: &Env) {
    let mut rows: Vec<&str> = OCTOBER.to_vec();
    let formula = "2026-10-20 09:00:00;=HYPERLINK(\"x\");hy01;Kurator;Exempelskolan F–9;20150312-T126;Åsa Öberg;Exempelskolan F–9;5A;Kuratorsjournal;Samtal;Skriva";
    rows.push(formula);
    env.import(&[&env.write("okt.csv", export(&rows))]);
    let all = list(env, &[]);
    let ids: Vec<String> = all.iter().map(|v| v["id"].to_string()).collect();
    let mut mark = vec!["review", "mark"];
    mark.extend(ids.iter().map(String::as_str));
    mark.extend([
        "--verdict",
        "ok",
        "--comment",
        "Känd vårdkontakt, åtgärd ej behövs",
    ]);
    env.cmd().args(&mark).assert().success();
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn pdf_record_is_landscape_with_every_column_the_comment_and_the_period() {
    let env = Env::new();
    marked_october(&env);
    env.cmd()
        .args([
            "review",
            "signoff",
            "--period",
            "2026-10",
            "--consulted",
            "EHT: skolsköterska, kurator",
        ])
        .assert()
        .success();
    let out = env.dir.path().join("granskning.pdf");
    let run = env
        .cmd()
        .args(["review", "export", "--period", "2026-10", "--out"])
        .arg(&out)
        .assert()
        .success();
    let printed = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    let pdf = std::fs::read(&out).unwrap();
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // A4 landscape PDF/A-2 with embedded fonts; its words are read back with poppler in
    // tests/report_pdf.rs.
    assert!(pdf.starts_with(b"%PDF-1.7"));
    assert!(
        contains(&pdf, b"/MediaBox[0 0 841.89 595.28]"),
        "A4 landscape"
    );
    assert!(contains(&pdf, b"<pdfaid:part>2</pdfaid:part>"));
    assert!(contains(&pdf, b"/FontFile2"), "the font is embedded");
    // The audit trail holds the export's SHA-256.
    let audit = env.json(&["audit", "list"]);
    let entry = audit
        .iter()
        .find(|e| e["action"] == "review_export")
        .unwrap();
    let details: Value = serde_json::from_str(entry["details"].as_str().unwrap()).unwrap();
    let sha = details["sha256"].as_str().unwrap();
    assert!(printed.contains(sha));
    use sha2::Digest;
    assert_eq!(sha, hex::encode(sha2::Sha256::digest(&pdf)));
}

#[test]
fn csv_and_xlsx_records_neutralise_formulas_and_keep_swedish_letters() {
    let env = Env::new();
    marked_october(&env);
    let csv = env.dir.path().join("granskning.csv");
    env.cmd()
        .args([
            "--lang", "sv", "review", "export", "--period", "2026-10", "--out",
        ])
        .arg(&csv)
        .assert()
        .success();
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
    assert!(text.contains("ID;Tid;Användare;"));
    assert!(text.contains("OK: Känd vårdkontakt"));
    let xlsx = env.dir.path().join("granskning.xlsx");
    env.cmd()
        .args([
            "--lang", "sv", "review", "export", "--period", "2026-10", "--out",
        ])
        .arg(&xlsx)
        .assert()
        .success();
    assert_eq!(
        std::fs::metadata(&xlsx).unwrap().permissions().mode() & 0o777,
        0o600
    );
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let range = wb.worksheet_range("Granskning").unwrap();
    let cells: Vec<String> = range.cells().map(|(_, _, c)| c.to_string()).collect();
    // A string cell with Excel's quote prefix: shown as text, never run as a formula.
    assert!(
        range
            .cells()
            .any(|(_, _, c)| matches!(c, calamine::Data::String(s) if s == "=HYPERLINK(\"x\")"))
    );
    let formulas = wb.worksheet_formula("Granskning").unwrap();
    assert!(formulas.used_cells().all(|c| c.2.is_empty()), "no formulas");
    assert!(cells.iter().any(|c| c == "Åsa Öberg"));
    assert!(cells.iter().any(|c| c == "Kommentar"));
}

fn purge_fixture(env: &Env) {
    let old = export(&[
        "2016-10-12 09:00:00;Karin Lind;kali01;Skolsköterska;Exempelskolan F–9;20050312-T777;Purgemarkör Gallringsdottir;Exempelskolan F–9;4B;EMI-journal;Besök;Läsa",
    ]);
    let newer = export(&[
        "2016-11-12 09:00:00;Karin Lind;kali01;Skolsköterska;Exempelskolan F–9;20050312-T778;Kvarstår Sparadsson;Exempelskolan F–9;4B;EMI-journal;Besök;Läsa",
    ]);
    env.import(&[&env.write("old.csv", old), &env.write("newer.csv", newer)]);
    let rows = list(env, &["--period", "2016-10"]);
    env.cmd()
        .args([
            "review",
            "mark",
            &rows[0]["id"].to_string(),
            "--verdict",
            "deviation",
            "--comment",
            "Purgemarkör kommentar",
        ])
        .assert()
        .success();
}

#[test]
fn purge_removes_a_period_a_day_past_retention_and_keeps_one_inside() {
    let env = Env::new();
    purge_fixture(&env);
    // Without a terminal and without --yes nothing happens.
    env.cmd()
        .args(["purge", "--today", "2026-12-01"])
        .assert()
        .code(1);
    // 2016-10 ends 2016-10-31: on 2026-10-31 it is kept, on 2026-11-01 it goes.
    let dry = env
        .cmd()
        .args(["purge", "--dry-run", "--today", "2026-10-31"])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&dry.get_output().stdout).contains("Nothing to purge"));
    let run = env
        .cmd()
        .args(["purge", "--yes", "--today", "2026-11-01"])
        .assert()
        .success();
    let out = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    assert!(
        out.contains("2016-10") && !out.contains("2016-11 "),
        "{out}"
    );
    let labels: Vec<String> = env
        .json(&["review", "periods"])
        .iter()
        .map(|p| p["period"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(labels, ["2016-11"]);
    let audit = env.json(&["audit", "list"]);
    assert!(audit.iter().any(|e| e["action"] == "purge"));
    env.cmd().args(["audit", "verify"]).assert().success();
    // No trace of the purged rows, their review or their comment in the file or its WAL.
    let mut raw = std::fs::read(&env.db).unwrap();
    let wal = env.db.with_file_name("loggvakt.db-wal");
    if wal.exists() {
        raw.extend(std::fs::read(&wal).unwrap());
    }
    for marker in ["Purgemarkör", "Gallringsdottir", "20050312-T777"] {
        assert!(
            !contains(&raw, marker.as_bytes()),
            "{marker} left in the database"
        );
    }
    assert!(
        contains(&raw, "Sparadsson".as_bytes()),
        "the kept period is still there"
    );
}

#[test]
fn retention_comes_from_the_config_file() {
    let env = Env::new();
    purge_fixture(&env);
    let config = env.dir.path().join("config").join("loggvakt");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "[retention]\npmo_years = 12\n").unwrap();
    let dry = env
        .cmd()
        .args(["purge", "--dry-run", "--today", "2026-12-01"])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&dry.get_output().stdout).contains("Nothing to purge"));
    let dry = env
        .cmd()
        .args(["purge", "--dry-run", "--today", "2028-12-01"])
        .assert()
        .success();
    let out = String::from_utf8_lossy(&dry.get_output().stdout).into_owned();
    assert!(out.contains("12 years") && out.contains("2016-11"), "{out}");
}

#[test]
fn the_legacy_xls_variant_gives_the_same_period() {
    let env = Env::new();
    let out = env.import(&[&sample("variants/pmo_logg_elevatkomst_202610.xls")]);
    assert!(out.contains("Datum→date, Tid→time"), "{out}");
    let p = &env.json(&["review", "periods"])[0];
    assert_eq!(p["period"], "2026-10");
    assert_eq!(p["unit"], "Exempelskolan F–9");
    assert_eq!(p["rows"], PmoMonth::generate(SAMPLE_SEED).rows.len() as u64);
    // The same rows from the .xlsx add nothing.
    let again = env.import(&[&sample("pmo_logg_elevatkomst_202610.xlsx")]);
    assert!(again.contains("imported 0"), "{again}");
}

#[test]
fn a_signed_off_period_takes_no_new_rows() {
    let env = Env::new();
    env.import(&[&env.write("a.csv", export(&OCTOBER[..1]))]);
    let rows = list(&env, &[]);
    env.cmd()
        .args([
            "review",
            "mark",
            &rows[0]["id"].to_string(),
            "--verdict",
            "ok",
        ])
        .assert()
        .success();
    env.cmd()
        .args([
            "review",
            "signoff",
            "--period",
            "2026-10",
            "--consulted",
            "EHT",
        ])
        .assert()
        .success();
    let refused = env
        .cmd()
        .arg("import")
        .arg(env.write("b.csv", export(&OCTOBER)))
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(err.contains("was signed off"), "{err}");
    assert_eq!(env.json(&["review", "periods"])[0]["rows"], 1);
}

#[test]
fn repeated_headers_and_footers_are_skipped_and_a_bad_row_keeps_nothing() {
    let env = Env::new();
    let mut rows: Vec<&str> = OCTOBER[..2].to_vec();
    rows.push(HEADER);
    rows.extend_from_slice(&OCTOBER[2..]);
    rows.push("Antal rader: 4");
    let out = env.import(&[&env.write("paged.csv", export(&rows))]);
    assert!(out.contains("imported 4"), "{out}");
    let env = Env::new();
    let bad = export(&[
        OCTOBER[0],
        "2026-13-45 09:30:00;Karin Lind;kali01;Skolsköterska;Exempelskolan F–9;20150312-T123;Liam Andersson;Exempelskolan F–9;4B;EMI-journal;Hälsobesök;Läsa",
    ]);
    let failed = env
        .cmd()
        .arg("import")
        .arg(env.write("bad.csv", bad))
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    assert!(err.contains("bad.csv:3:1"), "{err}");
    assert!(env.json(&["review", "periods"]).is_empty());
}
