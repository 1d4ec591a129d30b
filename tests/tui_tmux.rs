//! End to end: the real binary in a detached tmux session, driven by keys and
//! read back with `capture-pane`, at 80×24 and 120×40, in Swedish and English.
//! Skipped (with a notice) when tmux is not installed.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_loggvakt");

struct Tmux {
    socket: String,
    exit_file: PathBuf,
}

impl Tmux {
    /// Starts `loggvakt ARGS` in a session of `w`×`h` with NO_COLOR set.
    fn start(name: &str, dir: &Path, w: u16, h: u16, args: &[&str]) -> Tmux {
        let exit_file = dir.join(format!("exit-{name}"));
        let mut cmd = sh_quote(Path::new(BIN));
        for a in args {
            cmd.push(' ');
            cmd.push_str(&sh_quote(Path::new(a)));
        }
        let cmd = format!("{cmd} 2>/dev/null; echo EXIT=$? > {}", sh_quote(&exit_file));
        let t = Tmux {
            socket: format!("loggvakt-{name}-{}", std::process::id()),
            exit_file,
        };
        let (w, h) = (w.to_string(), h.to_string());
        t.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            &w,
            "-y",
            &h,
            "env",
            "LANG=C.UTF-8",
            "NO_COLOR=1",
            &format!("XDG_DATA_HOME={}", dir.display()),
            "sh",
            "-c",
            &cmd,
        ]);
        t
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    fn text(&self, text: &str) {
        self.run(&["send-keys", "-t", "e2e", "-l", text]);
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// Waits until the screen shows what `ok` looks for.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `q`, then the exit status.
    fn quit(&self) -> String {
        self.keys(&["q"]);
        let start = Instant::now();
        loop {
            if let Ok(s) = std::fs::read_to_string(&self.exit_file) {
                return s.trim().to_owned();
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "loggvakt did not quit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

fn have_tmux() -> bool {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("notice: tmux is not installed; skipping the end-to-end terminal test");
        return false;
    }
    true
}

/// The number of matches in the passages pane's title (`Passager · 60 träffar`).
fn matches_in(screen: &str, title: &str, word: &str) -> Option<u64> {
    let after = screen.split(&format!("{title} · ")).nth(1)?;
    let num: String = after
        .split(word)
        .next()?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    num.parse().ok()
}

fn sh_quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

fn loggvakt(db: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("LANG", "C")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    out
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join(name)
        .display()
        .to_string()
}

/// Times at the start of table rows (`2026-10-14 22:55:17`), in screen order:
/// after a frame, the cursor's mark or two spaces.
fn row_times(screen: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in screen.lines() {
        for mark in ["┃▸ ", "┃  ", "│▸ ", "│  "] {
            for (at, _) in line.match_indices(mark) {
                let rest = &line[at + mark.len()..];
                if let Some(t) = rest.get(..19)
                    && t.as_bytes()[4] == b'-'
                    && t.as_bytes()[13] == b':'
                    && t.chars().next().is_some_and(|c| c.is_ascii_digit())
                {
                    out.push(t.to_owned());
                }
            }
        }
    }
    out
}

#[test]
fn browse_filter_and_quit_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");
    let csv = dir.path().join("SSM_passager.csv");
    std::fs::write(&csv, support::ssm_csv(60)).unwrap();
    loggvakt(&db, &["import", csv.to_str().unwrap()]);
    let tmux = Tmux::start(
        "browse",
        dir.path(),
        80,
        24,
        &["--db", db.to_str().unwrap(), "--lang", "sv"],
    );
    let first = tmux.wait_for("the passages table", |s| {
        matches_in(s, "Passager", " träffar") == Some(60)
    });
    assert!(first.contains("loggas"), "the monitoring notice:\n{first}");
    assert!(first.contains("? hjälp"), "{first}");

    tmux.keys(&["4"]);
    tmux.wait_for("the audit tab", |s| s.contains("Granskningslogg"));
    tmux.keys(&["1"]);
    tmux.wait_for("the requests tab", |s| s.contains("Inga ärenden ännu"));
    tmux.keys(&["2"]);
    tmux.wait_for("the passages tab again", |s| {
        matches_in(s, "Passager", " träffar") == Some(60)
    });
    // Filters: Tab walks From, To, presets, person, then the reader search.
    tmux.keys(&["f"]);
    tmux.wait_for("the filter pane", |s| s.contains("Läsare"));
    tmux.keys(&["Tab", "Tab", "Tab", "Tab"]);
    tmux.text("akut");
    let filtered = tmux.wait_for("fewer matches", |s| {
        matches_in(s, "Passager", " träffar").is_some_and(|n| n > 0 && n < 60)
    });
    assert!(filtered.contains("Akutmottagningen"), "{filtered}");
    // `q` in the reader search is text, not quit.
    tmux.text("q");
    tmux.wait_for("no match for akutq", |s| {
        matches_in(s, "Passager", " träffar") == Some(0)
    });
    tmux.keys(&["BSpace", "Enter"]);
    tmux.wait_for("the table with a filter summary", |s| {
        s.contains("Filter: Läsare")
    });
    assert_eq!(tmux.quit(), "EXIT=0");
    // The search was written to the audit trail.
    let audit = loggvakt(&db, &["audit", "list"]);
    let audit = String::from_utf8_lossy(&audit.stdout);
    // The reader picked by typing "akut" and ticking it, as its id, from the screen.
    assert!(
        audit.contains("\"via\":\"screen\"") && audit.contains("\"reader_ids\":["),
        "{audit}"
    );
}

/// A person is searched for only with a purpose: the first letter typed into the
/// person field asks for it, the answer shows in the status bar, and the rows and
/// the audit entry are those of `loggvakt query` with that purpose.
#[test]
fn a_person_search_asks_for_its_purpose_first_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");
    let csv = dir.path().join("SSM_passager.csv");
    std::fs::write(&csv, support::ssm_csv(60)).unwrap();
    loggvakt(&db, &["import", csv.to_str().unwrap()]);
    let want = serde_json::from_slice::<Vec<Value>>(
        &loggvakt(
            &db,
            &[
                "query",
                "--person",
                "Åsa Lindqvist",
                "--reason",
                "Larm Avd 42",
                "--format",
                "json",
            ],
        )
        .stdout,
    )
    .unwrap()
    .len() as u64;
    assert!(want > 0 && want < 60, "{want}");
    let tmux = Tmux::start(
        "purpose",
        dir.path(),
        80,
        24,
        &["--db", db.to_str().unwrap(), "--lang", "sv"],
    );
    tmux.wait_for("the passages table", |s| {
        matches_in(s, "Passager", " träffar") == Some(60)
    });
    tmux.keys(&["f", "Tab", "Tab", "Tab"]);
    tmux.text("Å");
    tmux.wait_for("the purpose prompt", |s| {
        s.contains("Ändamål med sökningen") && s.contains("Sökningen visas när den har ett ändamål")
    });
    tmux.text("Larm Avd 42");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the purpose in the status bar", |s| {
        s.contains("Ändamål: Larm Avd 42") && !s.contains("Ändamål med sökningen")
    });
    tmux.text("sa Lindqvist");
    tmux.keys(&["Enter"]);
    tmux.wait_for("her passages, as `query` counts them", |s| {
        matches_in(s, "Passager", " träffar") == Some(want)
    });
    assert_eq!(tmux.quit(), "EXIT=0");
    let audit = loggvakt(&db, &["audit", "list", "--format", "json"]);
    let entries: Vec<Value> = serde_json::from_slice(&audit.stdout).unwrap();
    let searched = entries.iter().any(|e| {
        let d: Value = serde_json::from_str(e["details"].as_str().unwrap_or("{}")).unwrap();
        e["action"] == "query"
            && d["via"] == "screen"
            && d["persons"][0] == "Åsa Lindqvist"
            && d["purpose"]["reason"] == "Larm Avd 42"
    });
    assert!(searched, "{entries:?}");
}

/// Someone on call looks up who passed the medicine room between 22.00 and
/// 06.00 one night, typing the times as they would write them, and gets the
/// same rows as `loggvakt query` with that filter.
#[test]
fn the_medicine_room_one_night_matches_the_query_command() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");
    loggvakt(
        &db,
        &[
            "import",
            &sample("salto_audit_trail_202610.csv"),
            &sample("ssm_passager_202610.txt"),
        ],
    );
    let want: Vec<String> = serde_json::from_slice::<Vec<Value>>(
        &loggvakt(
            &db,
            &[
                "query",
                "--reader",
                "Läkemedelsrum Avd 42",
                "--from",
                "2026-10-14 22:00",
                "--to",
                "2026-10-15 06:00",
                "--format",
                "json",
            ],
        )
        .stdout,
    )
    .unwrap()
    .iter()
    .map(|r| r["time"].as_str().unwrap().replace('T', " "))
    .collect();
    assert!(!want.is_empty() && want.len() < 12, "{want:?}");
    for (lang, title, word, w, h) in [
        ("sv", "Passager", " träffar", 80, 24),
        ("en", "Passages", " match", 120, 40),
    ] {
        let tmux = Tmux::start(
            &format!("night-{lang}"),
            dir.path(),
            w,
            h,
            &["--db", db.to_str().unwrap(), "--lang", lang],
        );
        // Only passages in the database: it opens on the passages tab.
        tmux.wait_for("the passages", |s| {
            matches_in(s, title, word).is_some_and(|n| n > 1000)
        });
        tmux.keys(&["f"]);
        tmux.text("14/10 22.00");
        tmux.keys(&["Tab"]);
        tmux.text("06.00");
        tmux.keys(&["Tab", "Tab", "Tab"]);
        tmux.text("läkemedelsrum avd 42");
        tmux.keys(&["Enter"]);
        // The count and the rows come from two workers; both must be in.
        let screen = tmux.wait_for("the night's rows, as `query` gives them", |s| {
            matches_in(s, title, word) == Some(want.len() as u64)
                && row_times(s) == want
                && !s.contains("Tab ")
        });
        // The door is named whole, or cut so that its number shows.
        assert!(screen.contains("Läkemedelsrum Avd 42"), "{screen}");
        assert_eq!(tmux.quit(), "EXIT=0");
    }
}

const PMO: &str = "Datum och tid;Användare;Användar-ID;Yrkesroll;Användarens enhet;Personnummer;Elev;Elevens skola;Klass;Journaltyp;Dokument/Vy;Händelse
2026-10-13 09:30:00;Karin Lind;kali01;Skolsköterska;Exempelskolan F–9;20150312-T123;Liam Andersson;Exempelskolan F–9;4B;EMI-journal;Hälsobesök;Läsa
2026-10-13 09:41:00;Karin Lind;kali01;Skolsköterska;Exempelskolan F–9;20150312-T123;Liam Andersson;Exempelskolan F–9;4B;EMI-journal;Hälsobesök;Skriva
2026-10-14 10:02:00;Omar Haddad;omha02;Kurator;Exempelskolan F–9;20120907-T124;Ella Nyström;Exempelskolan F–9;7A;Psykologjournal;Utredning;Läsa
2026-10-15 11:12:00;Omar Haddad;omha02;Kurator;Exempelskolan F–9;20120907-T124;Ella Nyström;Exempelskolan F–9;7A;Kuratorsjournal;Samtal;Skriva
2026-10-17 22:47:31;Sara Berg;sabe07;Specialpedagog;Exempelskolan F–9;20150312-T125;Liam Berg;Exempelskolan F–9;4B;Elevakt;Journalöversikt;Läsa
";

/// A principal reviews a month: one key per verdict, OK for the unflagged rows
/// after the question, an escalation, and the sign-off with its summary.
#[test]
fn a_pmo_period_is_reviewed_to_sign_off_with_one_key_per_verdict() {
    if !have_tmux() {
        return;
    }
    for (lang, w, h) in [("sv", 80, 24), ("en", 120, 40)] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("e2e.db");
        let csv = dir.path().join("pmo.csv");
        std::fs::write(&csv, PMO).unwrap();
        loggvakt(&db, &["import", csv.to_str().unwrap()]);
        let tmux = Tmux::start(
            "pmo",
            dir.path(),
            w,
            h,
            &["--db", db.to_str().unwrap(), "--lang", lang],
        );
        let (open, signed) = if lang == "sv" {
            ("utan bedömning", "SIGNERAD")
        } else {
            ("without verdict", "SIGNED OFF")
        };
        // Only a PMO period in the database: it opens on the review.
        tmux.wait_for("the period", |s| s.contains(&format!("5 {open}")));
        // The top row (same surname, at night) is a deviation; escalate it.
        tmux.keys(&["a"]);
        tmux.wait_for("the verdict", |s| s.contains(&format!("4 {open}")));
        tmux.keys(&["Home", "E", "Right", "Enter"]);
        tmux.text("VC-2026-31");
        tmux.keys(&["Enter", "Enter"]);
        // Bulk OK asks first, with the count.
        tmux.keys(&["O"]);
        tmux.wait_for("the question", |s| {
            s.contains("Bekräfta") || s.contains("Confirm")
        });
        tmux.keys(&[if lang == "sv" { "j" } else { "y" }]);
        tmux.wait_for("the bulk verdict", |s| s.contains(&format!("2 {open}")));
        tmux.keys(&["n", "o", "o"]);
        tmux.wait_for("every row reviewed", |s| s.contains(&format!("0 {open}")));
        tmux.keys(&["s"]);
        let form = tmux.wait_for("the sign-off summary", |s| s.contains("VC-2026-31"));
        assert!(form.contains("4 OK, 1"), "{form}");
        tmux.text("EHT: skolsköterska, kurator");
        tmux.keys(&["Enter", "Enter"]);
        let done = tmux.wait_for("the signed period", |s| s.contains(signed));
        // Read-only: the verdict keys are gone from the hints and refuse.
        assert!(
            !done.contains("a avvikelse") && !done.contains("a deviation"),
            "{done}"
        );
        assert_eq!(tmux.quit(), "EXIT=0");
        let rows: Vec<Value> =
            serde_json::from_slice(&loggvakt(&db, &["review", "list", "--format", "json"]).stdout)
                .unwrap();
        let verdicts: Vec<&str> = rows
            .iter()
            .map(|r| r["verdict"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(
            verdicts.iter().filter(|v| **v == "deviation").count(),
            1,
            "{verdicts:?}"
        );
        assert_eq!(
            verdicts.iter().filter(|v| **v == "ok").count(),
            4,
            "{verdicts:?}"
        );
        let periods: Vec<Value> = serde_json::from_slice(
            &loggvakt(&db, &["review", "periods", "--format", "json"]).stdout,
        )
        .unwrap();
        assert!(periods[0]["signed_off_at"].is_string(), "{periods:?}");
    }
}

/// The README's first command, as a newcomer runs it: the demo opens on the
/// sample request (the database holds open requests), the passages narrow with
/// a reader search, and `q` leaves with status 0.
#[test]
fn demo_opens_filters_and_quits_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::start("demo", dir.path(), 80, 24, &["--lang", "en", "demo"]);
    let first = tmux.wait_for("the sample request", |s| s.contains("R-2026-0001"));
    assert!(first.contains("DEMO"), "{first}");
    tmux.keys(&["4"]);
    tmux.wait_for("the audit tab", |s| s.contains("import"));
    tmux.keys(&["2"]);
    let all = matches_in(
        &tmux.wait_for("the passages", |s| {
            matches_in(s, "Passages", " match").is_some_and(|n| n > 7000)
        }),
        "Passages",
        " match",
    )
    .unwrap();
    tmux.keys(&["f", "Tab", "Tab", "Tab", "Tab"]);
    tmux.text("läkemedel");
    let filtered = tmux.wait_for("fewer matches", |s| {
        matches_in(s, "Passages", " match").is_some_and(|n| n > 0 && n < all)
    });
    assert!(filtered.contains("Läkemedelsrum"), "{filtered}");
    // A separate `q`: ESC followed at once by a key reads as Alt+key in a terminal.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the table with a filter summary", |s| {
        s.contains("Filters: Readers")
    });
    assert_eq!(tmux.quit(), "EXIT=0");
}

/// `i`, a path, Enter: the preview of the file, and Enter again imports it.
#[test]
fn an_import_from_the_screen_is_previewed_before_it_is_stored() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");
    let first = dir.path().join("first.csv");
    std::fs::write(&first, support::ssm_csv(60)).unwrap();
    loggvakt(&db, &["import", first.to_str().unwrap()]);
    let next = dir.path().join("next month.csv");
    std::fs::write(
        &next,
        "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr;Avdelning\n\
         2026-11-14;07:52:13;L-042;Läkemedelsrum Avd 42;Passage godkänd;0003401128;Lindqvist, Åsa;10234;Avd 42\n",
    )
    .unwrap();
    let tmux = Tmux::start(
        "import",
        dir.path(),
        120,
        40,
        &["--db", db.to_str().unwrap(), "--lang", "en"],
    );
    tmux.wait_for("the passages table", |s| {
        matches_in(s, "Passages", " matches") == Some(60)
    });
    tmux.keys(&["i"]);
    tmux.wait_for("the import prompt", |s| s.contains("Import files"));
    tmux.text(&sh_quote(&next));
    tmux.keys(&["Enter"]);
    let shown = tmux.wait_for("the preview", |s| {
        s.contains("the first rows as they would be stored")
    });
    assert!(
        shown.contains("Import – file 1 of 1: next month.csv"),
        "{shown}"
    );
    assert!(shown.contains("profile: ssm"), "{shown}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("the file imported", |s| {
        matches_in(s, "Passages", " matches") == Some(61)
    });
    assert_eq!(tmux.quit(), "EXIT=0");
}
