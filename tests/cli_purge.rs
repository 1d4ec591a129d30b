//! Retention of what is not a passage: Kom & Gå stamps and decided requests with
//! their attachments go when their time is up, an open request stays, the dry run
//! lists by kind and month, the receipt names no one, and no byte of what went is
//! left in the database file or its WAL.

mod common;

use common::Env;

const STAMPS: &str = "Anst.nr;Namn;Datum;Typ;Tid;Källa;Ändrad
771188;Gallrad Stämpelsson;2024-03-04;IN;06:55;Stämpling;
771188;Gallrad Stämpelsson;2024-03-04;UT;16:10;Stämpling;
771188;Gallrad Stämpelsson;2024-04-02;IN;07:01;Stämpling;
882299;Kvar Nyligensson;2026-10-01;IN;06:58;Stämpling;
";

/// Whether the bytes of the database file or its WAL hold `needle`.
fn in_raw_files(env: &Env, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for suffix in ["", "-wal"] {
        let mut path = env.db.as_os_str().to_owned();
        path.push(suffix);
        if let Ok(bytes) = std::fs::read(&path)
            && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        {
            found.push(format!("loggvakt.db{suffix}"));
        }
    }
    found
}

fn new_request(env: &Env, person: &str, letter: &std::path::Path) -> String {
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
        .args(["--reason", "theft", "--text", "Brevtext Raderasdotter"])
        .args([
            "--person",
            person,
            "--from",
            "2024-03-01",
            "--to",
            "2024-03-31",
        ])
        .arg("--attach")
        .arg(letter)
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .to_owned()
}

#[test]
fn expired_stamps_and_decided_requests_go_without_a_trace_and_an_open_request_stays() {
    let env = Env::new();
    env.import(&[&env.write("komgo.csv", STAMPS)]);
    let letter = env.write("brev.txt", "Bilagemarkör Utgallrad");
    let decided = new_request(&env, "771188", &letter);
    let open = new_request(&env, "882299", &letter);
    env.cmd()
        .args([
            "request",
            "decide",
            &decided,
            "--outcome",
            "oral",
            "--note",
            "Muntligt svar",
        ])
        .assert()
        .success();
    for marker in ["Stämpelsson", "771188", "Bilagemarkör"] {
        assert!(
            !in_raw_files(&env, marker).is_empty(),
            "{marker} is stored to begin with"
        );
    }

    // Seven years on: stamps (2 years) and the decided request (5 years) are due.
    let today = (chrono::Local::now().date_naive() + chrono::Duration::days(7 * 366)).to_string();
    let dry = env
        .cmd()
        .args(["purge", "--dry-run", "--today", &today])
        .assert()
        .success();
    let listed = String::from_utf8_lossy(&dry.get_output().stdout).into_owned();
    assert!(
        listed.contains("Kom & Gå stamps") && listed.contains("2024-03  2"),
        "{listed}"
    );
    assert!(listed.contains("2024-04  1"), "{listed}");
    assert!(
        listed.contains("decided requests with attachments"),
        "{listed}"
    );
    assert!(listed.contains("Dry run: nothing removed"), "{listed}");
    assert!(
        !listed.contains("Stämpelsson"),
        "a plan names no one: {listed}"
    );

    let done = env
        .cmd()
        .args(["purge", "--yes", "--today", &today])
        .assert()
        .success();
    let said = String::from_utf8_lossy(&done.get_output().stdout).into_owned();
    assert!(said.contains("Removed 4 Kom & Gå stamp(s)"), "{said}");
    assert!(
        said.contains("1 decided request(s) with 1 attachment(s)"),
        "{said}"
    );

    // Nothing of what went is left in the file or its WAL.
    for marker in [
        "Stämpelsson",
        "stampelsson",
        "771188",
        "Kvar Nyligensson",
        "Bilagemarkör",
        "Muntligt svar",
    ] {
        let found = in_raw_files(&env, marker);
        if marker == "Bilagemarkör" {
            // The open request keeps its own copy of the letter.
            continue;
        }
        assert!(found.is_empty(), "{marker} is still in {found:?}");
    }
    // The open request is kept whole, its letter with it.
    let shown = env.json(&["request", "list"]);
    let refs: Vec<&str> = shown
        .iter()
        .map(|r| r["reference"].as_str().unwrap())
        .collect();
    assert_eq!(refs, [open.as_str()]);
    env.cmd()
        .args(["request", "attachment", &open, "1", "--out"])
        .arg(env.dir.path().join("kvar.txt"))
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(env.dir.path().join("kvar.txt")).unwrap(),
        "Bilagemarkör Utgallrad"
    );

    // The receipt gives counts and periods, never personal data.
    let entries = env.json(&["audit", "list", "--limit", "0"]);
    let purge = entries.iter().find(|e| e["action"] == "purge").unwrap();
    let receipt = purge["details"].as_str().unwrap();
    assert!(receipt.contains("\"stamps\":4"), "{receipt}");
    for name in ["Stämpelsson", "771188", "Karin", "Bilagemarkör"] {
        assert!(!receipt.contains(name), "{receipt}");
    }
    let out = env.cmd().args(["audit", "verify"]).assert().success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("intact"));
}

#[test]
fn retention_per_kind_comes_from_the_config_file() {
    let env = Env::new();
    env.import(&[&env.write("komgo.csv", STAMPS)]);
    let config = env.dir.path().join("config").join("loggvakt");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "[retention]\nstamp_years = 5\n").unwrap();
    let run = |today: &str| {
        let out = env
            .cmd()
            .args(["purge", "--dry-run", "--today", today])
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout).into_owned()
    };
    assert!(run("2028-12-01").contains("Nothing to purge"));
    let later = run("2029-12-01");
    assert!(
        later.contains("Kom & Gå stamps 5 years") && later.contains("2024-03"),
        "{later}"
    );
    std::fs::write(
        config.join("config.toml"),
        "[retention]\nstamp_years = \"two\"\n",
    )
    .unwrap();
    let out = env.cmd().args(["purge", "--dry-run"]).assert().code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("[retention] stamp_years") && err.contains("1 to 100"),
        "{err}"
    );
}
