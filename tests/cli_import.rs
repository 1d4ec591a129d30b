//! Importing through the real binary: layouts, encodings, all-or-nothing files,
//! duplicates, bad values, workbooks and hostile content.

mod common;

use common::{Env, SSM};
use predicates::prelude::*;
use std::os::unix::fs::PermissionsExt;

#[test]
fn ssm_text_with_title_rows_and_footer_imports_every_data_row() {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    let out = env.import(&[&f]);
    assert!(out.contains("recognised as ssm"), "{out}");
    assert!(
        out.contains("rows read 6, imported 6, duplicates 0, rejected 0"),
        "{out}"
    );
    assert!(
        out.contains("covers 2026-10-14 07:52:13 – 2026-10-16 03:12:50"),
        "{out}"
    );
    assert_eq!(env.count(&[]), 6);
}

#[test]
fn windows_1252_file_keeps_swedish_letters() {
    let env = Env::new();
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(SSM);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must not be UTF-8"
    );
    let f = env.write("ssm_1252.txt", &bytes);
    let out = env.import(&[&f]);
    assert!(out.contains("Windows-1252"), "{out}");
    let rows = env.json(&["query", "--person", "Åsa Lindqvist"]);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["person"], "Åsa Lindqvist");
    assert_eq!(rows[0]["reader"], "Läkemedelsrum Avd 42");
}

#[test]
fn reimport_of_same_file_adds_nothing() {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    env.import(&[&f]);
    let again = env.import(&[&f]);
    assert!(again.contains("already imported"), "{again}");
    assert!(again.contains("imported 0"), "{again}");
    assert_eq!(env.count(&[]), 6);
}

#[test]
fn rows_already_present_from_another_file_are_counted_as_duplicates() {
    let env = Env::new();
    let a = env.write("a.txt", SSM);
    // The same rows in another layout: UTF-8 with BOM, comma, no title rows.
    let b = env.write(
        "b.csv",
        "\u{FEFF}Namn,Datum,Tid,Dörr,Läsare,Händelse,Kortnummer,Anst.nr\n\
         \"Lindqvist, Åsa\",2026-10-14,07:52:13,Läkemedelsrum Avd 42,L0142,Godkänd passage,0003401128,100234\n\
         \"Lindqvist, Åsa\",2026-10-17,07:00:00,Läkemedelsrum Avd 42,L0142,Godkänd passage,0003401128,100234\n",
    );
    env.import(&[&a]);
    let out = env.import(&[&b]);
    assert!(
        out.contains("rows read 2, imported 1, duplicates 1"),
        "{out}"
    );
    assert_eq!(env.count(&[]), 7);
}

#[test]
fn bad_value_names_file_row_and_column_and_keeps_nothing() {
    let env = Env::new();
    let bad = SSM.replace("2026-10-15;22:01:00", "2026-13-45;22:01:00");
    let f = env.write("SSM_passager.txt", bad);
    env.cmd()
        .arg("import")
        .arg(&f)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "SSM_passager.txt:8:1: expected a date like 2026-10-14 in column \"Datum\", found \"2026-13-45\"",
        ));
    assert_eq!(env.count(&[]), 0);
}

#[test]
fn skip_bad_imports_the_rest_and_lists_the_rejects() {
    let env = Env::new();
    let bad = SSM.replace("03:12:45", "3 o'clock");
    let f = env.write("ssm.txt", bad);
    let out = env.import_with(&f, &["--skip-bad"]);
    assert!(out.contains("imported 5"), "{out}");
    assert!(out.contains("rejected 1"), "{out}");
    assert!(out.contains("ssm.txt:9:2: expected a time"), "{out}");
    assert_eq!(env.count(&[]), 5);
}

trait ImportWith {
    fn import_with(&self, f: &std::path::Path, args: &[&str]) -> String;
}

impl ImportWith for Env {
    fn import_with(&self, f: &std::path::Path, args: &[&str]) -> String {
        let out = self
            .cmd()
            .arg("import")
            .arg(f)
            .args(args)
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout).into_owned()
    }
}

#[test]
fn unknown_layout_is_refused_with_advice_and_mapped_by_hand() {
    let env = Env::new();
    let f = env.write(
        "export.csv",
        "When|Where|Who|Badge|What\n2026-10-14 07:52|Läkemedelsrum Avd 42|Åsa Lindqvist|123|Access OK\n\
         2026-10-14 07:53|Läkemedelsrum Avd 42|Per Öberg|124|Access denied\n",
    );
    env.cmd()
        .arg("import")
        .arg(&f)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--map FIELD=HEADER"));
    let out = env.import_with(
        &f,
        &[
            "--map",
            "timestamp=When",
            "--map",
            "door=Where",
            "--map",
            "person=Who",
            "--map",
            "card=Badge",
            "--map",
            "event=What",
        ],
    );
    assert!(out.contains("custom"), "{out}");
    let rows = env.json(&["query", "--event", "denied"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["person"], "Per Öberg");
    assert_eq!(rows[0]["card"], "124");
}

#[test]
fn bad_map_argument_is_a_usage_error() {
    let env = Env::new();
    let f = env.write("x.csv", "a;b\n");
    env.cmd()
        .arg("import")
        .arg(&f)
        .args(["--map", "nonsense=When"])
        .assert()
        .code(2);
}

#[test]
fn hostile_names_lose_their_escape_sequences_and_formulas_are_neutralised_in_csv() {
    let env = Env::new();
    let f = env.write(
        "hostile.txt",
        "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn\n\
         2026-10-14;07:52;L1;\"\u{1b}[2J\u{1b}]0;pwned\u{7}Förråd\";Godkänd passage;=HYPERLINK(\"http://x\");\u{202E}Evil\u{1b}[31m Name\n",
    );
    env.import(&[&f]);
    let out = env.cmd().args(["query"]).assert().success();
    let table = out.get_output().stdout.clone();
    assert!(!table.contains(&0x1b), "escape reached the terminal");
    assert!(!String::from_utf8_lossy(&table).contains('\u{202E}'));
    let csv = env
        .cmd()
        .args(["query", "--format", "csv"])
        .assert()
        .success();
    let csv = String::from_utf8_lossy(&csv.get_output().stdout).into_owned();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    let json = env.json(&["query"]);
    let name = json[0]["person"].as_str().unwrap();
    assert!(!name.chars().any(char::is_control), "{name:?}");
}

fn xlsx_bytes() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Events").unwrap();
    ws.write_string(0, 0, "Event Report – Sjukhuset").unwrap();
    let headers = [
        "Date/Time",
        "Event Type",
        "Event Description",
        "Site",
        "Door",
        "Reader",
        "Cardholder",
        "User ID",
        "Card Number",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let fmt = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let rows = [
        (
            "2026-10-14T07:41:05",
            "Access Granted",
            "Valid card",
            "Åsa Lindqvist",
            "100234",
            "03401128",
        ),
        (
            "2026-10-14T07:44:19",
            "Access Denied",
            "Card blocked",
            "Per Öberg",
            "100877",
            "03400991",
        ),
    ];
    for (i, (t, ty, desc, who, uid, card)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_datetime_with_format(r, 0, ExcelDateTime::parse_from_str(t).unwrap(), &fmt)
            .unwrap();
        ws.write_string(r, 1, *ty).unwrap();
        ws.write_string(r, 2, *desc).unwrap();
        ws.write_string(r, 3, "Sjukhuset").unwrap();
        ws.write_string(r, 4, "Läkemedelsrum Avd 42").unwrap();
        ws.write_string(r, 5, "LÄS-42-01").unwrap();
        ws.write_string(r, 6, *who).unwrap();
        ws.write_string(r, 7, *uid).unwrap();
        ws.write_string(r, 8, *card).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_with_date_cells_and_a_title_row_imports() {
    let env = Env::new();
    let f = env.write("unison.xlsx", xlsx_bytes());
    let out = env.import(&[&f]);
    assert!(out.contains("recognised as unison"), "{out}");
    assert!(out.contains("imported 2"), "{out}");
    let rows = env.json(&["query", "--reader", "läs-42"]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["time"], "2026-10-14T07:41:05");
    assert_eq!(rows[1]["event"], "denied");
    assert_eq!(rows[1]["event_text"], "Access Denied: Card blocked");
    // Card numbers stay text, leading zero and all.
    assert_eq!(rows[0]["card"], "03401128");
}

#[test]
fn truncated_xlsx_is_refused_with_a_clear_error() {
    let env = Env::new();
    let bytes = xlsx_bytes();
    let f = env.write("cut.xlsx", &bytes[..bytes.len() / 2]);
    env.cmd()
        .arg("import")
        .arg(&f)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cut.xlsx: not a readable XLSX workbook",
        ));
    assert_eq!(env.count(&[]), 0);
}

#[test]
fn database_and_directory_are_private_even_under_umask_000() {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "umask 000 && exec {} --db {} import {}",
            assert_cmd::cargo::cargo_bin("loggvakt").display(),
            env.db.display(),
            f.display()
        ))
        .env("LANG", "C");
    assert!(cmd.status().unwrap().success());
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&env.db), 0o600);
    assert_eq!(mode(env.db.parent().unwrap()), 0o700);
    for side in ["-wal", "-shm"] {
        let p = std::path::PathBuf::from(format!("{}{side}", env.db.display()));
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{side}");
        }
    }
}

#[test]
fn database_readable_by_others_is_refused_with_the_chmod_that_fixes_it() {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    env.import(&[&f]);
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o644)).unwrap();
    env.cmd()
        .args(["query"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "chmod 600 {}",
            env.db.display()
        )));
}

#[test]
fn loggvakt_db_environment_variable_chooses_the_database() {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    let db = env.dir.path().join("other.db");
    let mut c = assert_cmd::Command::cargo_bin("loggvakt").unwrap();
    c.env("LOGGVAKT_DB", &db)
        .env("LANG", "C")
        .arg("import")
        .arg(&f)
        .assert()
        .success();
    assert!(db.exists());
}

#[test]
fn a_large_file_into_a_new_database_is_stored_and_listed_in_one_transaction() {
    // Into a database the same process creates.
    let env = Env::new();
    let big = env.dir.path().join("big.csv");
    loggvakt::synth::write_bulk_passages_csv(&big, 60_000, 5).unwrap();
    let out = env.import(&[&big]);
    assert!(out.contains("imported 60000"), "{out}");

    let conn = rusqlite::Connection::open(&env.db).unwrap();
    // Every passage is under its reader in the key tables, and under its person
    // when it has one; the daily counts and card holders agree with the rows.
    let keyed: Vec<i64> = conn
        .prepare(
            "SELECT count(*) FROM passage_by_reader UNION ALL SELECT count(*) FROM passage_by_person",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let named: i64 = conn
        .query_row("SELECT count(person_id) FROM passage", [], |r| r.get(0))
        .unwrap();
    assert_eq!(keyed, [60_000, named]);
    assert_eq!(loggvakt::store::doctor::check(&conn).unwrap(), []);
    // Every passage is in time order by id, and the daily counts add up.
    let (n, ordered, per_day): (i64, i64, i64) = conn
        .query_row(
            "SELECT count(*),
                    (SELECT count(*) FROM passage a JOIN passage b ON b.id = (SELECT min(id) FROM passage WHERE id > a.id) WHERE b.ts < a.ts),
                    (SELECT sum(passages) FROM passage_day)
             FROM passage",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((n, ordered, per_day), (60_000, 0, 60_000));
    let busiest: String = conn
        .query_row(
            "SELECT r.name FROM passage_day d JOIN reader r ON r.id = d.reader_id
             GROUP BY r.id ORDER BY sum(d.passages) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let at_reader: i64 = conn
        .query_row(
            "SELECT count(*) FROM passage p JOIN reader r ON r.id = p.reader_id WHERE r.name = ?1",
            [&busiest],
            |r| r.get(0),
        )
        .unwrap();
    let shown = env.json(&["query", "--reader", &busiest]);
    let exact: Vec<_> = shown
        .iter()
        .filter(|r| r["reader"] == busiest.as_str())
        .collect();
    assert_eq!(exact.len() as i64, at_reader);

    // Counts over whole days come from the daily counts, others from the rows:
    // both agree with what a search returns.
    use loggvakt::store::passages::{PassageFilter, count, resolve};
    let store = loggvakt::store::Store::open(&env.db, Default::default()).unwrap();
    let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
    for (from, to) in [
        (None, None),
        (Some("2026-01-01 00:00:00"), Some("2026-01-01 23:59:59")),
        (Some("2026-01-01 06:30:00"), Some("2026-01-01 23:59:59")),
    ] {
        let filter = PassageFilter {
            readers: vec![busiest.clone()],
            from: from.map(at),
            to: to.map(at),
            ..PassageFilter::default()
        };
        let resolved = resolve(store.conn(), &filter).unwrap();
        let mut args = vec!["query", "--reader", busiest.as_str()];
        if let (Some(f), Some(t)) = (from, to) {
            args.extend(["--from", f, "--to", t]);
        }
        let rows = env.json(&args).len() as u64;
        assert_eq!(
            count(store.conn(), &filter, &resolved).unwrap(),
            rows,
            "{from:?}"
        );
    }
}

#[test]
fn counts_per_reader_and_day_agree_with_the_passages() {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    env.import(&[&f]);
    let days = env.json(&["counts", "--from", "2026-10-01", "--to", "2026-10-31"]);
    let total: u64 = days.iter().map(|d| d["passages"].as_u64().unwrap()).sum();
    assert_eq!(total, 6);
    for d in &days {
        let day = d["day"].as_str().unwrap();
        let reader = d["reader"].as_str().unwrap();
        let rows = env.json(&["query", "--reader", reader, "--from", day, "--to", day]);
        let same: Vec<_> = rows.iter().filter(|r| r["reader"] == reader).collect();
        assert_eq!(same.len() as u64, d["passages"].as_u64().unwrap(), "{d}");
    }
    // One reader, one day; and counted searches are audited like the others.
    let one = env.json(&["counts", "--reader", "L0142", "--from", "2026-10-14"]);
    assert!(
        one.iter()
            .all(|d| d["reader_code"] == "L0142" && d["day"] == "2026-10-14"),
        "{one:?}"
    );
    let trail = env.json(&["audit", "list"]);
    assert!(trail.iter().any(|e| e["action"] == "counts"), "{trail:?}");
}

#[test]
fn the_import_summary_says_why_in_the_users_language() {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    let out = env
        .cmd()
        .args(["--lang", "sv", "import"])
        .arg(&f)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("känd som ssm"), "{text}");
    assert!(text.contains("kolumner på rad"), "{text}");
    assert!(!text.contains("recognised as"), "{text}");
}

#[test]
fn derived_tables_stay_whole_when_files_overlap_in_time_and_arrive_out_of_order() {
    // The same hospital's export three times: the first 20k rows, the first 30k
    // (20k of them stored already, the rest on the same day), and the first 50k
    // with the data rows in reverse time order.
    let env = Env::new();
    let path = |name: &str| env.dir.path().join(name);
    loggvakt::synth::write_bulk_passages_csv(&path("a.csv"), 20_000, 3).unwrap();
    loggvakt::synth::write_bulk_passages_csv(&path("b.csv"), 30_000, 3).unwrap();
    loggvakt::synth::write_bulk_passages_csv(&path("c.csv"), 50_000, 3).unwrap();
    let text = std::fs::read_to_string(path("c.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1..].reverse();
    std::fs::write(path("c.csv"), lines.join("\n") + "\n").unwrap();

    let out = env.import(&[&path("a.csv")]);
    assert!(out.contains("imported 20000"), "{out}");
    let out = env.import(&[&path("b.csv")]);
    assert!(out.contains("imported 10000, duplicates 20000"), "{out}");
    let out = env.import(&[&path("c.csv")]);
    assert!(out.contains("imported 20000, duplicates 30000"), "{out}");

    // Every derived table holds exactly what the rows say.
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    assert_eq!(loggvakt::store::doctor::check(&conn).unwrap(), []);
    let days: i64 = conn
        .query_row(
            "SELECT (SELECT sum(passages) FROM passage_day) - (SELECT count(*) FROM passage)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(days, 0);

    // Searches through the key tables find what the rows hold, in time order.
    let (person, at_person): (String, i64) = conn
        .query_row(
            "SELECT pe.name, count(*) FROM passage p JOIN person pe ON pe.id = p.person_id
             GROUP BY pe.id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let shown = env.json(&["query", "--person", &person]);
    let exact: Vec<_> = shown
        .iter()
        .filter(|r| r["person"] == person.as_str())
        .collect();
    assert_eq!(exact.len() as i64, at_person);
    let times: Vec<&str> = shown.iter().map(|r| r["time"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "not in time order");
}
