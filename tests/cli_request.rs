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
