//! Helpers shared by the integration tests: the real binary against a database
//! in a temporary directory, and files the tests write themselves.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub struct Env {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("data").join("loggvakt.db");
        Env { dir, db }
    }

    /// The binary with this test's database, English output and no user config.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("loggvakt").expect("binary");
        c.env_remove("LOGGVAKT_DB")
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("share"))
            .env("NO_COLOR", "1")
            .arg("--db")
            .arg(&self.db);
        c
    }

    /// The audit trail's own file beside the database.
    pub fn trail(&self) -> PathBuf {
        self.db.with_file_name("loggvakt-audit.db")
    }

    /// The head file that notes each new head of the trail.
    pub fn head_file(&self) -> PathBuf {
        self.db.with_file_name("loggvakt-audit.head")
    }

    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).expect("write test file");
        path
    }

    pub fn import(&self, files: &[&Path]) -> String {
        let out = self.cmd().arg("import").args(files).assert().success();
        String::from_utf8_lossy(&out.get_output().stdout).into_owned()
    }

    /// `request new` with `args` (requester, unit, reason, text, scope), which must
    /// succeed; the new request's reference.
    pub fn new_request(&self, args: &[&str]) -> String {
        let out = self
            .cmd()
            .args(["request", "new"])
            .args(args)
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout)
            .trim()
            .to_owned()
    }

    pub fn json(&self, args: &[&str]) -> Vec<serde_json::Value> {
        let out = self
            .cmd()
            .args(args)
            .args(purpose_for(args))
            .args(["--format", "json"])
            .assert()
            .success();
        serde_json::from_slice(&out.get_output().stdout).expect("JSON output")
    }

    pub fn count(&self, args: &[&str]) -> usize {
        let mut all = vec!["query"];
        all.extend_from_slice(args);
        self.json(&all).len()
    }
}

/// A search for a person or card needs a purpose; tests that do not test the
/// purpose itself give one.
pub fn purpose_for(args: &[&str]) -> Vec<&'static str> {
    let names = args.iter().any(|a| *a == "--person" || *a == "--card");
    let given = args.iter().any(|a| *a == "--case" || *a == "--reason");
    if args.first() == Some(&"query") && names && !given {
        vec!["--reason", "integration test"]
    } else {
        Vec::new()
    }
}

/// The repository's sample-data directory.
pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
}

/// A small SSM-style export (Swedish headers, title rows, `Efternamn, Förnamn`).
pub const SSM: &str = "Passagerapport;Sjukhuset;Period 2026-10-01 - 2026-10-31\r
Utskriven av: ssadm1;2026-11-02 10:15\r
\r
Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr;Avdelning\r
2026-10-14;07:52:13;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa;100234;Avd 42 Medicin\r
2026-10-14;07:55;L0142;Läkemedelsrum Avd 42;Nekad - fel tid;0003400991;Öberg, Per;100877;Avd 42 Medicin\r
2026-10-14;08:10:27;L0142;Läkemedelsrum Avd 42;Dörr öppen för länge;;;;\r
2026-10-15;22:01:00;L0001;Personalingång Hus 1;Godkänd passage;0003401128;Lindqvist, Åsa;100234;Avd 42 Medicin\r
2026-10-16;03:12:45;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa;100234;Avd 42 Medicin\r
2026-10-16;03:12:50;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003400991;Öberg, Per;100877;Avd 42 Medicin\r
Antal poster: 6\r
";

/// The arguments of `request new` after its name: requester K, unit U, `reason`,
/// letter text "t", then `scope` (person, readers, window).
pub fn request<'a>(reason: &'a str, scope: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "--requester",
        "K",
        "--unit",
        "U",
        "--reason",
        reason,
        "--text",
        "t",
    ];
    args.extend_from_slice(scope);
    args
}

/// `request new` and its arguments, as [`request`] gives them.
pub fn request_new<'a>(reason: &'a str, scope: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["request", "new"];
    args.extend(request(reason, scope));
    args
}
