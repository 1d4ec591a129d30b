//! Retention of passages through the binary: passages of several years in two
//! systems, purged with a retention of one year, leave no name, card number or
//! employee id in the database file, its WAL or its shared-memory index, while a
//! passage inside an open request's window survives and is still found; the dry run
//! lists by system and month and changes no byte; `doctor` agrees afterwards and
//! the receipt in the audit trail holds counts and months, never a name.

mod common;

use common::Env;
use sha2::{Digest, Sha256};

const SSM_YEARS: &str = "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr;Avdelning\r
2023-05-03;07:12:00;L0142;Läkemedelsrum Avd 42;Godkänd passage;0009911001;Äldstasson, Gallrad;551001;Avd 42 Medicin\r
2024-03-12;22:40:10;L0142;Läkemedelsrum Avd 42;Godkänd passage;0009911002;Marsdotter, Gallrad;551002;Avd 42 Medicin\r
2024-03-12;22:41:00;L0142;Läkemedelsrum Avd 42;Nekad - fel tid;0009911002;Marsdotter, Gallrad;551002;Avd 42 Medicin\r
2024-04-10;03:05:00;L0142;Läkemedelsrum Avd 42;Godkänd passage;0009911003;Fönstersson, Kvar;551003;Avd 42 Medicin\r
2026-10-14;07:52:13;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa;100234;Avd 42 Medicin\r
";

const SALTO_YEARS: &str = "Event date/time;Access point;Direction;Operation;Operation ID;Cardholder/Operator;Cardholder type;Department;Card ID;Event ID
2024-08-19 13:02:11;Förråd Avd 43;Entry;Door opened: key;17;Gallrad Saltosson;User;Avd 43 Kirurgi;04AA77110DEAD1;1183003
2024-08-19 13:05:40;Förråd Avd 43;Entry;Door opened: key;17;Gallrad Saltosson;User;Avd 43 Kirurgi;04AA77110DEAD1;1183006
2026-11-02 09:15:00;Förråd Avd 43;Entry;Door opened: key;17;Mikael Sköld;User;Avd 43 Kirurgi;04F1111135EC59;1183010
";

/// What a purged passage leaves if anything of it stays: names (as shown and as
/// folded for matching), card numbers (as written and as the card index keys them)
/// and employee ids.
const PURGED: &[&str] = &[
    "Äldstasson",
    "aldstasson",
    "Marsdotter",
    "marsdotter",
    "Saltosson",
    "saltosson",
    "0009911001",
    "9911001",
    "9911002",
    "04AA77110DEAD1",
    "4aa77110dead1",
    "551001",
    "551002",
];

fn side(env: &Env, suffix: &str) -> std::path::PathBuf {
    let mut p = env.db.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}

/// The companions of the database file that hold `needle`, and which exist.
fn raw_hits(env: &Env, needle: &str) -> Vec<String> {
    ["", "-wal", "-shm"]
        .iter()
        .filter(|s| {
            std::fs::read(side(env, s))
                .is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
        })
        .map(|s| format!("loggvakt.db{s}"))
        .collect()
}

fn digest(env: &Env) -> Vec<(String, Option<String>)> {
    ["", "-wal"]
        .iter()
        .map(|s| {
            let bytes = std::fs::read(side(env, s)).ok();
            (s.to_string(), bytes.map(|b| hex::encode(Sha256::digest(b))))
        })
        .collect()
}

fn stdout(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

#[test]
fn passages_past_a_year_go_without_a_trace_and_a_requests_window_stays() {
    let env = Env::new();
    env.import(&[
        &env.write("ssm_2023_2026.txt", SSM_YEARS),
        &env.write("salto_2024_2026.csv", SALTO_YEARS),
    ]);
    let config = env.dir.path().join("config").join("loggvakt");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[retention.passage_months]\ndefault = 12\n",
    )
    .unwrap();
    // An open request whose window holds one old passage.
    let open = env
        .cmd()
        .args([
            "request",
            "new",
            "--requester",
            "Karin Nyström",
            "--unit",
            "Avd 42",
        ])
        .args([
            "--reason",
            "theft",
            "--text",
            "Svinn ur läkemedelsrummet i april",
        ])
        .args([
            "--person",
            "551003",
            "--from",
            "2024-04-01",
            "--to",
            "2024-04-30",
        ])
        .assert()
        .success();
    let open = stdout(&open).trim().to_owned();
    for marker in PURGED {
        assert!(
            !raw_hits(&env, marker).is_empty(),
            "{marker} is stored to begin with"
        );
    }
    let today = ["--today", "2026-12-01"];

    // The dry run lists by system and month and changes no byte.
    let before = digest(&env);
    let dry = env
        .cmd()
        .args(["purge", "--dry-run"])
        .args(today)
        .assert()
        .success();
    let listed = stdout(&dry);
    for line in [
        "passages, ssm",
        "2023-05  1",
        "2024-03  2",
        "passages, salto",
        "2024-08  2",
        "ssm 12 months (before 2025-12-01 they go)",
        "inside a time window of a request that stays: ssm 1 passage(s)",
        "Dry run: nothing removed",
    ] {
        assert!(listed.contains(line), "{line:?} missing from:\n{listed}");
    }
    assert!(
        !listed.contains("2024-04"),
        "the request's month is kept:\n{listed}"
    );
    for marker in PURGED {
        assert!(!listed.contains(marker), "a plan names no one:\n{listed}");
    }
    assert_eq!(digest(&env), before, "a dry run leaves the file as it was");

    // Another user's idle connection keeps the WAL and its index on disk, so
    // what the purge leaves in them can be read afterwards.
    let other = rusqlite::Connection::open(&env.db).unwrap();
    let n: i64 = other
        .query_row("SELECT count(*) FROM passage", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 8);

    let done = env
        .cmd()
        .args(["purge", "--yes"])
        .args(today)
        .assert()
        .success();
    let said = stdout(&done);
    assert!(said.contains("5 passage(s) (salto 2, ssm 3)"), "{said}");
    assert!(said.contains("rewritten without a trace"), "{said}");
    assert!(side(&env, "-wal").exists() && side(&env, "-shm").exists());
    for marker in PURGED {
        let hits = raw_hits(&env, marker);
        assert!(hits.is_empty(), "{marker} is still in {hits:?}");
    }
    let n: i64 = other
        .query_row("SELECT count(*) FROM passage", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3, "the other connection sees the purge");
    drop(other);

    // The passage in the open request's window survives and is found.
    let kept = env.json(&["query", "--person", "551003", "--case", &open]);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0]["time"], "2024-04-10T03:05:00");
    assert_eq!(kept[0]["person"], "Kvar Fönstersson");
    // What is within its retention stays too.
    assert_eq!(env.count(&["--from", "2026-01-01"]), 2);
    let gone = env
        .cmd()
        .args([
            "query",
            "--person",
            "Marsdotter",
            "--reason",
            "check",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        gone.stdout.is_empty() || String::from_utf8_lossy(&gone.stdout).trim() == "[]",
        "{}",
        String::from_utf8_lossy(&gone.stdout)
    );

    // The store agrees with itself after the purge.
    let doctor = env.cmd().arg("doctor").assert().success();
    let report = stdout(&doctor);
    assert!(report.contains("The database file is sound"), "{report}");
    assert!(!report.contains("disagree"), "{report}");

    // The receipt: counts and months per system, no name, card or employee id.
    let entries = env.json(&["audit", "list", "--limit", "0"]);
    let receipt = entries
        .iter()
        .find(|e| e["action"] == "purge")
        .and_then(|e| e["details"].as_str())
        .expect("a purge entry");
    let details: serde_json::Value = serde_json::from_str(receipt).unwrap();
    assert_eq!(details["totals"]["passages"], 5, "{receipt}");
    assert_eq!(details["passages"]["ssm"]["removed"], 3, "{receipt}");
    assert_eq!(
        details["passages"]["ssm"]["held_for_requests"], 1,
        "{receipt}"
    );
    assert_eq!(
        details["passages"]["ssm"]["before"], "2025-12-01",
        "{receipt}"
    );
    assert_eq!(
        details["passages"]["salto"]["retention_months"], 12,
        "{receipt}"
    );
    assert_eq!(
        details["passages"]["salto"]["months"],
        serde_json::json!([{ "month": "2024-08", "passages": 2 }]),
        "{receipt}"
    );
    for marker in PURGED.iter().chain(&["Fönstersson", "Lindqvist", "Sköld"]) {
        assert!(!receipt.contains(marker), "{marker} in {receipt}");
    }
    env.cmd().args(["audit", "verify"]).assert().success();

    // A second purge finds nothing more.
    let again = env
        .cmd()
        .args(["purge", "--yes"])
        .args(today)
        .assert()
        .success();
    assert!(
        stdout(&again).contains("Nothing to purge"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn the_retention_is_set_per_system_and_said_in_swedish() {
    let env = Env::new();
    env.import(&[
        &env.write("ssm.txt", SSM_YEARS),
        &env.write("salto.csv", SALTO_YEARS),
    ]);
    let config = env.dir.path().join("config").join("loggvakt");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[retention.passage_months]\ndefault = 6\nsalto = 60\n",
    )
    .unwrap();
    let dry = env
        .cmd()
        .args([
            "--lang",
            "sv",
            "purge",
            "--dry-run",
            "--today",
            "2026-12-01",
        ])
        .assert()
        .success();
    let listed = stdout(&dry);
    assert!(
        listed.contains("salto 60 månader (före 2021-12-01 gallras)")
            && listed.contains("ssm 6 månader (före 2026-06-01 gallras)"),
        "{listed}"
    );
    assert!(listed.contains("passager, ssm"), "{listed}");
    assert!(!listed.contains("passager, salto"), "{listed}");
    assert!(listed.contains("Provkörning: inget togs bort"), "{listed}");
}
