//! No input is half-read, through the real binary: a file cut inside its last
//! row, a row short of fields, a quote never closed, UTF-16, FIFOs and devices,
//! `--remove-source` through a symlink, and names that differ only by
//! invisible characters.

mod common;

use common::{Env, SSM};
use std::time::Duration;

const HEADER: &str = "Event date/time;Access point;Direction;Operation;Operation ID;Cardholder/Operator;Cardholder type;Department;Card ID;Event ID\n";
const ROW_1: &str = "2026-10-14 07:52:13;Läkemedelsrum Avd 42;Entry;Door opened: key;17;Åsa Lindqvist;User;Avd 42 Medicin;04BD04229B6684;1183344\n";
const ROW_2: &str = "2026-10-14 07:55:40;Läkemedelsrum Avd 42;Entry;Opening not allowed: out of time;85;Per Öberg;User;Avd 42 Medicin;04A1190C7F2E80;1183351\n";
const ROW_3: &str =
    "2026-10-14 08:03:02;Läkemedelsrum Avd 42;Exit;Door opened: inside handle;16;;;;;1183360\n";

fn stderr_of(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).assert().code(1);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn a_file_cut_inside_its_last_row_stores_nothing() {
    let env = Env::new();
    let whole = format!("{HEADER}{ROW_1}{ROW_2}{ROW_3}");
    // Cut in the middle of the last row's operation text, as a copy that stopped.
    let cut = &whole[..whole.rfind("inside handle").unwrap() + 3];
    assert!(cut.ends_with("Door opened: ins"), "{cut:?}");
    let f = env.write("cut.csv", cut);
    let err = stderr_of(&env, &["import", f.to_str().unwrap()]);
    assert!(
        err.contains("cut.csv:4: the file ends in the middle of this row (4 of 10 fields)"),
        "{err}"
    );
    assert_eq!(env.count(&[]), 0);
    // --skip-bad keeps the whole rows and lists the cut one; it is never stored.
    let out = env
        .cmd()
        .args(["import", "--skip-bad", f.to_str().unwrap()])
        .assert()
        .success();
    let out = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        out.contains("imported 2") && out.contains("rejected 1"),
        "{out}"
    );
    assert!(
        out.contains("cut.csv:4: the file ends in the middle of this row"),
        "{out}"
    );
    let rows = env.json(&["query"]);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| {
        !r["event_text"]
            .as_str()
            .unwrap()
            .starts_with("Door opened: ins")
    }));
}

#[test]
fn a_last_row_without_a_line_break_is_whole_when_it_has_every_field() {
    let env = Env::new();
    let f = env.write("no_eol.csv", format!("{HEADER}{ROW_1}{}", ROW_3.trim_end()));
    let out = env.import(&[&f]);
    assert!(out.contains("imported 2"), "{out}");
}

#[test]
fn a_row_with_fewer_fields_than_the_header_is_refused_or_rejected() {
    let env = Env::new();
    let short = "2026-10-14 08:00:00;Läkemedelsrum Avd 42\n";
    let f = env.write("short.csv", format!("{HEADER}{ROW_1}{short}{ROW_2}"));
    let err = stderr_of(&env, &["import", f.to_str().unwrap()]);
    assert!(
        err.contains("short.csv:3: the row has 2 fields but the header 10"),
        "{err}"
    );
    assert_eq!(env.count(&[]), 0);
    let out = env
        .cmd()
        .args(["import", "--skip-bad", f.to_str().unwrap()])
        .assert()
        .success();
    let out = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(out.contains("imported 2"), "{out}");
    assert!(
        out.contains("rejected: ") && out.contains("short.csv:3: the row has 2 fields"),
        "{out}"
    );
    assert_eq!(env.count(&[]), 2);
}

#[test]
fn a_row_with_values_past_its_header_is_refused() {
    let env = Env::new();
    // An unquoted "Lindqvist, Åsa" in a comma file shifts every column after it.
    let f = env.write(
        "wide.csv",
        "Date/Time,Door,Reader,Cardholder,Event Type\n\
         2026-10-14 07:52:13,Huvudentré,LÄS-01,Åsa Lindqvist,Access Granted\n\
         2026-10-14 07:53:13,Huvudentré,LÄS-01,Lindqvist, Åsa,Access Granted\n",
    );
    let err = stderr_of(&env, &["import", f.to_str().unwrap()]);
    assert!(
        err.contains("wide.csv:3: the row has 6 fields but the header only 5"),
        "{err}"
    );
    assert_eq!(env.count(&[]), 0);
}

#[test]
fn a_quote_never_closed_stores_nothing() {
    let env = Env::new();
    let open = "2026-10-14 07:59:00;Läkemedelsrum Avd 42;Entry;\"Door opened: key;17;Åsa Lindqvist;User;Avd 42 Medicin;04BD04229B6684;1183349\n";
    let f = env.write("quote.csv", format!("{HEADER}{ROW_1}{open}{ROW_2}{ROW_3}"));
    let err = stderr_of(&env, &["import", f.to_str().unwrap()]);
    assert!(
        err.contains("quote.csv:3: a quote opened on this row is never closed"),
        "{err}"
    );
    let err = stderr_of(&env, &["import", "--skip-bad", f.to_str().unwrap()]);
    assert!(err.contains("never closed"), "{err}");
    assert_eq!(env.count(&[]), 0);
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut units: Vec<u16> = Vec::new();
    if bom {
        units.push(0xFEFF);
    }
    units.extend(text.encode_utf16());
    units
        .into_iter()
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

#[test]
fn utf16_with_and_without_bom_is_read() {
    for (big_endian, bom, name) in [
        (false, true, "UTF-16 LE with BOM"),
        (false, false, "UTF-16 LE"),
        (true, true, "UTF-16 BE with BOM"),
        (true, false, "UTF-16 BE"),
    ] {
        let env = Env::new();
        let f = env.write("unicode.txt", utf16(SSM, big_endian, bom));
        let out = env.import(&[&f]);
        assert!(out.contains(name), "{name}: {out}");
        assert!(out.contains("recognised as ssm"), "{name}: {out}");
        assert!(out.contains("imported 6"), "{name}: {out}");
        let rows = env.json(&["query", "--person", "Åsa Lindqvist"]);
        assert_eq!(rows.len(), 3, "{name}");
        assert_eq!(rows[0]["reader"], "Läkemedelsrum Avd 42");
        // The hash is of the bytes on disk: importing them again adds nothing.
        let again = env.import(&[&f]);
        assert!(again.contains("already imported"), "{name}: {again}");
    }
}

#[test]
fn a_fifo_is_refused_at_once() {
    let env = Env::new();
    let fifo = env.dir.path().join("export.csv");
    let path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
    // Nothing ever writes to the FIFO: reading it would block for ever.
    let out = env
        .cmd()
        .arg("import")
        .arg(&fifo)
        .timeout(Duration::from_secs(20))
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("is a named pipe (FIFO), not a regular file"),
        "{err}"
    );
    // Also in a dry run, and for a device.
    env.cmd()
        .args(["import", "--dry-run"])
        .arg(&fifo)
        .timeout(Duration::from_secs(20))
        .assert()
        .code(1);
    let err = stderr_of(&env, &["import", "/dev/null"]);
    assert!(err.contains("/dev/null: is a device"), "{err}");
    let err = stderr_of(&env, &["import", env.dir.path().to_str().unwrap()]);
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn remove_source_through_a_symlink_removes_the_file_that_was_read() {
    let env = Env::new();
    let exports = env.dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    let target = exports.join("ssm_passager.txt");
    std::fs::write(&target, SSM).unwrap();
    let link = env.dir.path().join("latest.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = env
        .cmd()
        .args(["import", "--remove-source"])
        .arg(&link)
        .assert()
        .success();
    let out = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(out.contains("imported 6"), "{out}");
    assert!(out.contains("source file removed"), "{out}");
    assert!(out.contains("ssm_passager.txt"), "{out}");
    assert!(!target.exists(), "the data stayed behind the link");
    assert!(std::fs::symlink_metadata(&link).is_err(), "the link stayed");
    // A plain file is removed as before.
    let plain = env.write("plain.txt", SSM.replace("07:52:13", "07:52:14"));
    env.cmd()
        .args(["import", "--remove-source"])
        .arg(&plain)
        .assert()
        .success();
    assert!(!plain.exists());
}

#[test]
fn remove_source_tells_of_other_hard_links_that_still_hold_the_data() {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    let other = env.dir.path().join("copy.txt");
    std::fs::hard_link(&f, &other).unwrap();
    let out = env
        .cmd()
        .args(["import", "--remove-source"])
        .arg(&f)
        .assert()
        .success();
    let out = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        out.contains("1 other hard links, which still hold its data"),
        "{out}"
    );
    assert!(!f.exists() && other.exists());
}

#[test]
fn a_zero_width_character_does_not_make_another_person() {
    let env = Env::new();
    let f = env.write(
        "lookalike.txt",
        "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr\n\
         2026-10-14;07:52:13;L0142;Läkemedelsrum Avd 42;Godkänd passage;;Åsa\u{200B} Lindqvist;\n\
         2026-10-15;07:52:13;L0142;Läkemedelsrum Avd 42;Godkänd passage;;Lindqvist, Åsa;\n\
         2026-10-16;07:52:13;L0142;Läkemedelsrum Avd 42;Godkänd passage;;Lind\u{00AD}qvist, \u{2060}Åsa;\n\
         2026-10-17;07:52:13;L0142;Läkemedelsrum Avd 42;Godkänd passage;;A\u{030A}sa Lindqvist;\n",
    );
    env.import(&[&f]);
    let persons = env.json(&["persons"]);
    assert_eq!(persons.len(), 1, "{persons:#?}");
    assert_eq!(persons[0]["name"], "Åsa Lindqvist");
    let rows = env.json(&["query", "--person", "Lindqvist, Åsa"]);
    assert_eq!(rows.len(), 4, "{rows:#?}");
    for r in &rows {
        let name = r["person"].as_str().unwrap();
        assert_eq!(name, "Åsa Lindqvist", "{name:?}");
    }
    // The CLI's table shows no invisible character either.
    let table = env.cmd().args(["persons"]).assert().success();
    let table = String::from_utf8_lossy(&table.get_output().stdout).into_owned();
    assert!(
        !table.contains('\u{200B}') && !table.contains('\u{00AD}'),
        "{table}"
    );
}
