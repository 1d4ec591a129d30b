//! Exports shaped as users really get them, through the real binary: the Swedish
//! Salto client, Salto purge files with SHIP names and numeric codes, Unison with
//! day-first or month-first 12-hour dates, SSM below title lines with dotted
//! dates, English clients, other column orders and encodings; and the refusals
//! when a file cannot be told apart, each with what to run.

mod common;

use common::{Env, sample};
use serde_json::Value;

fn stderr_of(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).assert().code(1);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

fn stdout_of(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).assert().success();
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

/// The stored passages as (time, system, event kind, event text, person).
fn passages(env: &Env) -> Vec<Value> {
    env.json(&["query"])
}

fn find<'a>(rows: &'a [Value], text: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["event_text"] == text)
        .unwrap_or_else(|| panic!("no passage with the text {text:?} in {rows:#?}"))
}

const SALTO_SV: &str = "Datum/tid;Dörr;Riktning;Händelse;Användare;Användartyp;Kort-ID;Händelse-ID\r
2026-10-14 07:52:13;Läkemedelsrum Avd 42;In;Dörr öppnad: nyckel;Åsa Lindqvist;Användare;04BD04229B6684;1183344\r
2026-10-14 07:55:40;Läkemedelsrum Avd 42;In;Öppning ej tillåten: utanför tid;Per Öberg;Användare;04A1190C7F2E80;1183351\r
2026-10-14 08:03:02;Personalingång Hus 1;Ut;Dörr öppnad: inre handtag;;;;1183360\r
2026-10-14 08:10:27;Läkemedelsrum Avd 42;;Dörr lämnad öppen;;;;1183372\r
2026-10-14 08:12:02;Läkemedelsrum Avd 42;;Slut på DLO;;;;1183375\r
2026-10-17 03:22:14;Förråd Avd 42;;Larm: intrång;;;;1183400\r
2026-10-17 03:24:50;Förråd Avd 42;;Slut på intrång;;;;1183401\r
2026-10-18 11:00:00;Förråd Avd 42;;Larm: sabotage;;;;1183410\r
2026-10-18 11:30:00;Avd 43 Korridor;In;Dörr öppnad: onlinekommando;Bevakningscentralen;Operatör;;1183420\r
";

#[test]
fn swedish_salto_client_is_salto_with_every_wording_right() {
    let env = Env::new();
    let f = env.write("granskningslogg.csv", format!("\u{FEFF}{SALTO_SV}"));
    let out = env.import(&[&f]);
    assert!(out.contains("recognised as salto"), "{out}");
    assert!(!out.contains("recognised as unison"), "{out}");
    // Händelse and Kort-ID are mapped; what is not kept is said.
    assert!(out.contains("Händelse→event"), "{out}");
    assert!(out.contains("Kort-ID→card"), "{out}");
    assert!(
        out.contains(
            "columns not imported: Användartyp (known, not kept), Händelse-ID (known, not kept)"
        ),
        "{out}"
    );
    let rows = passages(&env);
    assert!(rows.iter().all(|r| r["system"] == "salto"), "{rows:#?}");
    for (text, kind) in [
        ("Dörr öppnad: nyckel", "granted"),
        ("Öppning ej tillåten: utanför tid", "denied"),
        ("Dörr öppnad: inre handtag", "exit_request"),
        ("Dörr lämnad öppen", "held_open"),
        ("Slut på DLO", "other"),
        ("Larm: intrång", "forced"),
        ("Slut på intrång", "other"),
        ("Larm: sabotage", "alarm"),
        ("Dörr öppnad: onlinekommando", "granted"),
    ] {
        assert_eq!(find(&rows, text)["event"], kind, "{text}");
    }
    let key = find(&rows, "Dörr öppnad: nyckel");
    assert_eq!(key["person"], "Åsa Lindqvist");
    assert_eq!(key["card"], "04BD04229B6684");
    assert_eq!(key["time"], "2026-10-14T07:52:13");
    assert_eq!(key["direction"], "in");
    assert_eq!(find(&rows, "Dörr öppnad: inre handtag")["direction"], "out");
    // The audit entry lists the mapped and the unmapped columns too.
    let trail = env.json(&["audit", "list"]);
    let import = trail
        .iter()
        .find(|e| e["action"] == "import")
        .expect("import entry");
    let details = import["details"].to_string();
    assert!(details.contains("Kort-ID→card"), "{details}");
    assert!(
        details.contains("Händelse-ID (known, not kept)"),
        "{details}"
    );
}

#[test]
fn swedish_salto_client_imports_with_system_salto_too() {
    let env = Env::new();
    let f = env.write("granskningslogg.csv", SALTO_SV);
    let out = stdout_of(&env, &["import", "--system", "salto", f.to_str().unwrap()]);
    assert!(out.contains("profile salto as asked"), "{out}");
    assert!(out.contains("imported 9"), "{out}");
}

#[test]
fn the_summary_lists_mapped_and_unmapped_columns_in_swedish() {
    let env = Env::new();
    let f = env.write("granskningslogg.csv", SALTO_SV);
    let out = stdout_of(&env, &["--lang", "sv", "import", f.to_str().unwrap()]);
    assert!(out.contains("känd som salto"), "{out}");
    assert!(
        out.contains("inte importerade kolumner: Användartyp (känd, sparas inte)"),
        "{out}"
    );
    assert!(out.contains("händelsetexter i dess ordalydelse"), "{out}");
}

/// A SHIP purge file as Salto writes it: tab, ISO-8859-1, numeric operations.
fn ship_file() -> Vec<u8> {
    let text = "EventID\tEventDateTime\tOperation\tIsExit\tDoorID\tSubjectType\tSubjectID\r\n\
        1201\t2026-10-14T07:52:13\t17\t0\tLÄKEMEDELSRUM AVD 42\t0\tÅsa Lindqvist\r\n\
        1202\t2026-10-14T08:03:02\t16\t1\tPERSONALINGÅNG HUS 1\t0\t\r\n\
        1203\t2026-10-14T08:10:27\t62\t0\tLÄKEMEDELSRUM AVD 42\t1\tLÄKEMEDELSRUM AVD 42\r\n\
        1204\t2026-10-14T09:00:00\t72\t0\tBlack keypad\t2\t_SALTO\r\n\
        1205\t2026-10-14T09:10:00\t85\t0\tLÄKEMEDELSRUM AVD 42\t0\t100877\r\n\
        1206\t2026-10-17T03:22:14\t60\t0\tFÖRRÅD AVD 42\t1\tFÖRRÅD AVD 42\r\n\
        1207\t2026-10-17T03:24:50\t64\t0\tFÖRRÅD AVD 42\t1\tFÖRRÅD AVD 42\r\n";
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1"))
        .collect()
}

#[test]
fn ship_purge_file_with_numeric_codes_in_iso_8859_1_is_salto() {
    let env = Env::new();
    let bytes = ship_file();
    assert!(std::str::from_utf8(&bytes).is_err(), "must not be UTF-8");
    let f = env.write("purge_20261101.txt", bytes);
    let out = env.import(&[&f]);
    assert!(out.contains("recognised as salto"), "{out}");
    assert!(
        out.contains("Operation→event_code (by its values)"),
        "{out}"
    );
    assert!(out.contains("delimiter tab"), "{out}");
    assert!(out.contains("imported 7"), "{out}");
    let rows = passages(&env);
    let key = find(&rows, "Door opened: key");
    assert_eq!(key["event"], "granted");
    assert_eq!(key["person"], "Åsa Lindqvist");
    assert_eq!(key["reader"], "LÄKEMEDELSRUM AVD 42");
    let exit = find(&rows, "Door opened: inside handle");
    assert_eq!(
        (&exit["event"], &exit["direction"]),
        (&"exit_request".into(), &"out".into())
    );
    // A door (type 1) or an operator (type 2) is no one's passage.
    let held = find(&rows, "Door left opened (DLO)");
    assert_eq!(held["event"], "held_open");
    assert!(held["person"].as_str().is_none_or(str::is_empty), "{held}");
    let system = find(&rows, "Online peripheral updated");
    assert!(
        system["person"].as_str().is_none_or(str::is_empty),
        "{system}"
    );
    // A user named by id is found by that id.
    let denied = find(&rows, "Opening not allowed: out of time");
    assert_eq!(denied["event"], "denied");
    assert_eq!(denied["employee_id"], "100877");
    assert_eq!(env.count(&["--person", "100877"]), 1);
    assert_eq!(find(&rows, "Alarm: intrusion (online)")["event"], "forced");
    assert_eq!(find(&rows, "End of intrusion")["event"], "other");
}

const UNISON_HEADER: &str = "\"Date/Time\",\"Event Type\",\"Event Description\",\"Site\",\"Door\",\"Reader\",\"Cardholder\",\"User ID\",\"Card Number\"";

fn unison(rows: &[(&str, &str, &str, &str)]) -> String {
    let mut text = format!("{UNISON_HEADER}\r\n");
    for (when, ty, desc, who) in rows {
        let id = if who.is_empty() { "" } else { "100234" };
        text.push_str(&format!(
            "\"{when}\",\"{ty}\",\"{desc}\",\"Sjukhuset\",\"Huvudentré\",\"LÄS-01-01\",\"{who}\",\"{id}\",\"3401128\"\r\n"
        ));
    }
    text
}

#[test]
fn day_first_twelve_hour_dates_are_read_from_the_files_evidence() {
    let env = Env::new();
    let f = env.write(
        "unison_au.csv",
        unison(&[
            (
                "03/11/2026 2:05:09 PM",
                "Access Granted",
                "Valid card",
                "Åsa Lindqvist",
            ),
            (
                "04/11/2026 12:05:00 AM",
                "Access Denied",
                "Unknown card",
                "",
            ),
            ("05/11/2026 12:30:00 PM", "Request To Exit", "", ""),
            ("13/11/2026 9:00:00 AM", "Door Forced", "", ""),
        ]),
    );
    let out = env.import(&[&f]);
    assert!(out.contains("recognised as unison"), "{out}");
    assert!(
        out.contains("dates: dmy (row 5 has \"13/11/2026 9:00:00 AM\": day first)"),
        "{out}"
    );
    let rows = passages(&env);
    let times: Vec<&str> = rows.iter().map(|r| r["time"].as_str().unwrap()).collect();
    assert_eq!(
        times,
        [
            "2026-11-03T14:05:09",
            "2026-11-04T00:05:00",
            "2026-11-05T12:30:00",
            "2026-11-13T09:00:00"
        ]
    );
    assert_eq!(rows[0]["person"], "Åsa Lindqvist");
    assert_eq!(rows[3]["event"], "forced");
}

#[test]
fn month_first_twelve_hour_dates_are_read_from_the_files_evidence() {
    let env = Env::new();
    let f = env.write(
        "unison_us.csv",
        unison(&[
            (
                "11/03/2026 2:05:09 PM",
                "Access Granted",
                "Valid card",
                "Åsa Lindqvist",
            ),
            (
                "11/13/2026 12:00:00 AM",
                "Access Granted",
                "Valid card",
                "Åsa Lindqvist",
            ),
        ]),
    );
    let out = env.import(&[&f]);
    assert!(out.contains("dates: mdy"), "{out}");
    let rows = passages(&env);
    assert_eq!(rows[0]["time"], "2026-11-03T14:05:09");
    assert_eq!(rows[1]["time"], "2026-11-13T00:00:00");
}

#[test]
fn dates_that_read_either_way_are_refused_until_date_order_says() {
    let env = Env::new();
    let f = env.write(
        "unison.csv",
        unison(&[
            (
                "03/11/2026 2:05:09 PM",
                "Access Granted",
                "Valid card",
                "Åsa Lindqvist",
            ),
            (
                "04/11/2026 9:00:00 AM",
                "Access Granted",
                "Valid card",
                "Åsa Lindqvist",
            ),
        ]),
    );
    let err = stderr_of(&env, &["import", f.to_str().unwrap()]);
    assert!(err.contains("unison.csv:2:"), "{err}");
    assert!(err.contains("--date-order dmy"), "{err}");
    assert!(err.contains("--date-order mdy"), "{err}");
    assert_eq!(env.count(&[]), 0);
    let out = stdout_of(
        &env,
        &["import", "--date-order", "mdy", f.to_str().unwrap()],
    );
    assert!(out.contains("dates: mdy (as --date-order says)"), "{out}");
    let rows = passages(&env);
    assert_eq!(rows[0]["time"], "2026-03-11T14:05:09");
    // In Swedish too.
    let env = Env::new();
    let f = env.write("unison.csv", std::fs::read(&f).unwrap());
    let err = stderr_of(&env, &["--lang", "sv", "import", f.to_str().unwrap()]);
    assert!(err.contains("inget datum i filen avgör"), "{err}");
}

#[test]
fn dates_that_contradict_each_other_are_refused() {
    let env = Env::new();
    let f = env.write(
        "mixed.csv",
        unison(&[
            (
                "13/11/2026 2:05:09 PM",
                "Access Granted",
                "Valid card",
                "Åsa Lindqvist",
            ),
            (
                "11/14/2026 9:00:00 AM",
                "Access Granted",
                "Valid card",
                "Åsa Lindqvist",
            ),
        ]),
    );
    let err = stderr_of(&env, &["import", f.to_str().unwrap()]);
    assert!(err.contains("contradict"), "{err}");
    assert!(err.contains("row 2") && err.contains("row 3"), "{err}");
    assert_eq!(env.count(&[]), 0);
}

#[test]
fn a_date_against_the_files_order_names_the_cell_and_the_date_order_that_reads_it() {
    let env = Env::new();
    // Day first, as row 2 shows; far below the rows read ahead, a month-first date.
    let mut rows = vec![(
        "13/10/2026 2:05:09 PM",
        "Access Granted",
        "Valid card",
        "Åsa Lindqvist",
    )];
    rows.extend(std::iter::repeat_n(
        (
            "14/10/2026 9:00:00 AM",
            "Access Granted",
            "Valid card",
            "Åsa Lindqvist",
        ),
        1200,
    ));
    rows.push((
        "10/15/2026 9:00:00 AM",
        "Access Granted",
        "Valid card",
        "Åsa Lindqvist",
    ));
    let f = env.write("long.csv", unison(&rows));
    let err = stderr_of(&env, &["import", f.to_str().unwrap()]);
    assert!(
        err.contains("long.csv:1203:1: expected a date and time like 2026-10-14 07:52:13 in column \"Date/Time\", found \"10/15/2026 9:00:00 AM\""),
        "{err}"
    );
    assert!(
        err.contains("as row 2 (\"13/10/2026 2:05:09 PM\") shows"),
        "{err}"
    );
    assert!(err.contains("--date-order mdy"), "{err}");
    assert_eq!(env.count(&[]), 0);
}

#[test]
fn a_bad_time_names_the_column_and_what_would_help() {
    let env = Env::new();
    let f = env.write(
        "unison.csv",
        unison(&[("yesterday", "Access Granted", "Valid card", "Åsa Lindqvist")]),
    );
    let err = stderr_of(&env, &["import", "--system", "unison", f.to_str().unwrap()]);
    assert!(
        err.contains("unison.csv:2:1: expected a date and time"),
        "{err}"
    );
    assert!(err.contains("--map timestamp=\"HEADER\""), "{err}");
    assert!(err.contains("--system"), "{err}");
}

#[test]
fn header_below_five_title_lines_with_dotted_dates_and_times() {
    let env = Env::new();
    let text = "Passagerapport\r\nSjukhuset i Älvstad\r\nPeriod: 01.10.2026 - 31.10.2026\r\n\
        Utskriven av: ssadm1\r\nSida 1 av 1\r\n\
        Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr\r\n\
        4.10.2026;7.05;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa;100234\r\n\
        14.10.2026;22.05.13;L0142;Läkemedelsrum Avd 42;Nekad - fel tid;0003400991;Öberg, Per;100877\r\n\
        Antal poster: 2\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let f = env.write("passager.txt", bytes);
    let out = env.import(&[&f]);
    assert!(out.contains("recognised as ssm"), "{out}");
    assert!(out.contains("columns on row 6"), "{out}");
    assert!(out.contains("imported 2"), "{out}");
    let rows = passages(&env);
    assert_eq!(rows[0]["time"], "2026-10-04T07:05:00");
    assert_eq!(rows[0]["person"], "Åsa Lindqvist");
    assert_eq!(rows[1]["time"], "2026-10-14T22:05:13");
    assert_eq!(rows[1]["event"], "denied");
}

#[test]
fn a_weak_match_is_refused_with_the_system_and_map_to_run() {
    let env = Env::new();
    let f = env.write(
        "export.csv",
        "Tidpunkt;Dörr;Kort\n2026-10-14 07:52;Förråd;x1\n2026-10-14 07:53;Förråd;x2\n",
    );
    let err = stderr_of(&env, &["import", f.to_str().unwrap()]);
    assert!(
        err.contains("look only a little like an export from ssm"),
        "{err}"
    );
    assert!(err.contains("--system ssm"), "{err}");
    assert!(
        err.contains("--map timestamp=\"Tidpunkt\" --map door=\"Dörr\" --map card=\"Kort\""),
        "{err}"
    );
    assert_eq!(env.count(&[]), 0);
    // The advice works as given.
    let out = stdout_of(
        &env,
        &[
            "import",
            f.to_str().unwrap(),
            "--map",
            "timestamp=Tidpunkt",
            "--map",
            "door=Dörr",
            "--map",
            "card=Kort",
        ],
    );
    assert!(out.contains("imported 2"), "{out}");
}

#[test]
fn a_close_call_between_systems_is_refused_naming_both() {
    let env = Env::new();
    let f = env.write(
        "export.csv",
        "Date/Time,Door,Event\n2026-10-14 07:52,Förråd,OK\n2026-10-14 07:53,Förråd,OK\n",
    );
    let err = stderr_of(&env, &["import", f.to_str().unwrap()]);
    // Three systems know these words; the two best are named, each with its --system.
    assert!(
        err.contains("cannot tell which system wrote this export"),
        "{err}"
    );
    let named = ["salto", "unison", "ssm"]
        .iter()
        .filter(|s| err.contains(&format!("--system {s}")))
        .count();
    assert_eq!(named, 2, "{err}");
    assert!(err.contains("--map timestamp=\"Date/Time\""), "{err}");
    let out = stdout_of(&env, &["import", "--system", "unison", f.to_str().unwrap()]);
    assert!(out.contains("imported 2"), "{out}");
}

#[test]
fn salto_wording_under_headers_another_system_shares_is_salto_or_refused() {
    // Split date and time, as SSM's English report has them, but Salto's `User`
    // column and Salto's event texts: the headers lean to SSM, the values say Salto.
    let env = Env::new();
    let head = "Date;Time;Door;Event;User;Card number;Direction\n";
    let salto = env.write(
        "export.csv",
        format!(
            "{head}14.10.2026;22:05:11;Läkemedelsrum Avd 42;Door opened: key;Lindqvist, Åsa;04A1B2C3D4;Entry\n\
             14.10.2026;23:15:40;Läkemedelsrum Avd 42;Door opened: keyboard;Öberg, Per;04A1B2C3D5;Entry\n\
             15.10.2026;01:02:03;Förråd Avd 43;Door left open;;;\n"
        ),
    );
    let out = env.import(&[&salto]);
    assert!(out.contains("recognised as salto"), "{out}");
    let rows = passages(&env);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[0]["person"], "Åsa Lindqvist", "{rows:?}");
    assert_eq!(rows[0]["system"], "salto", "{rows:?}");

    // With fewer of Salto's own texts the two readings come close: refused, both named.
    let unsure = env.write(
        "unsure.csv",
        format!(
            "{head}16.10.2026;22:05:11;Läkemedelsrum Avd 42;Door opened: key;Lindqvist, Åsa;04A1B2C3D4;Entry\n\
             16.10.2026;23:15:40;Läkemedelsrum Avd 42;Access denied: out of time schedule;Öberg, Per;04A1B2C3D5;Entry\n\
             17.10.2026;01:02:03;Förråd Avd 43;Door left open;;;\n"
        ),
    );
    let err = stderr_of(&env, &["import", unsure.to_str().unwrap()]);
    assert!(
        err.contains("cannot tell which system wrote this export"),
        "{err}"
    );
    for system in ["salto", "ssm"] {
        assert!(err.contains(&format!("--system {system}")), "{err}");
    }
    assert_eq!(passages(&env).len(), 3, "nothing of it kept");
}

#[test]
fn swedish_ssm_in_utf16_with_other_headers_newest_first_is_ssm() {
    // Unison's Swedish client writes "Passage beviljad"; "Godkänd passage" is SSM's.
    let env = Env::new();
    let text = "Passagelogg SSM\r\nUtskrift 2026-11-02\r\n\r\n\
        Tidpunkt\tLäsare\tDörr\tHändelse\tKortnummer\tKortinnehavare\tAnst.nr\r\n\
        2026-10-16 03:12:50\tL0142\tLäkemedelsrum Avd 42\tGodkänd passage\t0003400991\tÖberg, Per\t100877\r\n\
        2026-10-16 03:12:45\tL0142\tLäkemedelsrum Avd 42\tGodkänd passage\t0003401128\tLindqvist, Åsa\t100234\r\n\
        2026-10-14 07:55:00\tL0142\tLäkemedelsrum Avd 42\tNekad - fel tid\t0003400991\tÖberg, Per\t100877\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let f = env.write("ssm.txt", bytes);
    let out = env.import(&[&f]);
    assert!(out.contains("recognised as ssm"), "{out}");
    let rows = passages(&env);
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["time"].as_str().unwrap(),
                r["person"].as_str().unwrap(),
                r["event"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("2026-10-14T07:55:00", "Per Öberg", "denied"),
            ("2026-10-16T03:12:45", "Åsa Lindqvist", "granted"),
            ("2026-10-16T03:12:50", "Per Öberg", "granted"),
        ]
    );
}

#[test]
fn english_salto_in_another_column_order_windows_1252_newest_first() {
    let env = Env::new();
    let text = "Card ID;Cardholder/Operator;Operation ID;Operation;Access point;Event date/time;Direction\r\n\
        04BD04229B6684;Åsa Lindqvist;17;Door opened: key;Läkemedelsrum Avd 42;2026-10-16 07:52:13;Entry\r\n\
        ;;16;Door opened: inside handle;Avd 42 Korridor;2026-10-15 08:03:02;Exit\r\n\
        04A1190C7F2E80;Per Öberg;84;Opening not allowed: key not allowed in this door;Läkemedelsrum Avd 42;2026-10-14 19:41:05;Entry\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let f = env.write("salto.csv", bytes);
    let out = env.import(&[&f]);
    assert!(out.contains("recognised as salto"), "{out}");
    assert!(out.contains("Windows-1252"), "{out}");
    let rows = passages(&env);
    let times: Vec<&str> = rows.iter().map(|r| r["time"].as_str().unwrap()).collect();
    assert_eq!(
        times,
        [
            "2026-10-14T19:41:05",
            "2026-10-15T08:03:02",
            "2026-10-16T07:52:13"
        ]
    );
    assert_eq!(rows[0]["person"], "Per Öberg");
    assert_eq!(rows[0]["event"], "denied");
    assert_eq!(rows[1]["event"], "exit_request");
    assert_eq!(rows[2]["reader"], "Läkemedelsrum Avd 42");
}

#[test]
fn english_ssm_client_is_ssm() {
    let env = Env::new();
    let f = env.write(
        "ssm_en.csv",
        "Date;Time;Reader;Door;Event;Card number;Name;Employee no;Department\r\n\
         2026-10-14;07:52:13;L0142;Medicine room 42;Access granted;0003401128;Lindqvist, Åsa;100234;Ward 42\r\n\
         2026-10-14;07:55;L0142;Medicine room 42;Denied - wrong time;0003400991;Öberg, Per;100877;Ward 42\r\n\
         2026-10-14;08:10:27;L0142;Medicine room 42;Door open too long;;;;\r\n",
    );
    let out = env.import(&[&f]);
    assert!(out.contains("recognised as ssm"), "{out}");
    let rows = passages(&env);
    let kinds: Vec<&str> = rows.iter().map(|r| r["event"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["granted", "denied", "held_open"]);
    assert_eq!(rows[0]["person"], "Åsa Lindqvist");
    assert_eq!(rows[0]["employee_id"], "100234");
    assert_eq!(rows[0]["card"], "0003401128");
}

#[test]
fn swedish_unison_client_in_its_own_order_is_unison() {
    let env = Env::new();
    let out = env.import(&[&sample("variants/unison_swedish_headers.csv")]);
    assert!(out.contains("recognised as unison"), "{out}");
    let denied = env.json(&["query", "--event", "denied"]);
    assert!(!denied.is_empty());
    assert!(denied.iter().all(|r| r["system"] == "unison"));
    let exits = env.json(&["query", "--event", "exit_request"]);
    assert!(
        exits
            .iter()
            .all(|r| r["event_text"] == "Utpassage: Öppningsknapp"),
        "{exits:?}"
    );
}

#[test]
fn sample_variants_of_real_clients_land_with_their_system_and_kinds() {
    for (file, system, kinds) in [
        (
            "variants/salto_swedish_ui.csv",
            "salto",
            &["granted", "exit_request", "forced", "held_open"][..],
        ),
        (
            "variants/salto_purge_ship.txt",
            "salto",
            &["granted", "exit_request", "denied", "other"][..],
        ),
        (
            "variants/unison_au_report.csv",
            "unison",
            &["granted", "exit_request", "denied", "forced"][..],
        ),
    ] {
        let env = Env::new();
        let out = env.import(&[&sample(file)]);
        assert!(
            out.contains(&format!("recognised as {system}")),
            "{file}: {out}"
        );
        for kind in kinds {
            assert!(env.count(&["--event", kind]) > 0, "{file}: no {kind}");
        }
    }
    // The Australian report is day first, newest first: 8–15 October.
    let env = Env::new();
    env.import(&[&sample("variants/unison_au_report.csv")]);
    let rows = env.json(&["query"]);
    assert!(rows.first().unwrap()["time"].as_str().unwrap() >= "2026-10-08");
    assert!(rows.last().unwrap()["time"].as_str().unwrap() < "2026-10-16");
    // The Swedish client's forced store room and the purge file's people.
    let env = Env::new();
    env.import(&[&sample("variants/salto_swedish_ui.csv")]);
    let forced = env.json(&["query", "--event", "forced"]);
    assert_eq!(forced[0]["time"], "2026-10-17T03:22:14");
    assert_eq!(forced[0]["reader"], "Förråd Avd 42");
    let env = Env::new();
    env.import(&[&sample("variants/salto_purge_ship.txt")]);
    assert!(!env.json(&["query", "--person", "Åsa Lindqvist"]).is_empty());
}
