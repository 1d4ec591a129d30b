//! End to end: the real binary in a detached tmux session at 80×24, driven by
//! keys and read back with `capture-pane`. Skipped (with a notice) when tmux
//! is not installed.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
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
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for {what}; screen:\n{s}"
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

/// The number of matches in the passages pane's title (`Passager · 60 träffar`).
fn matches_in(screen: &str) -> Option<u64> {
    let after = screen.split("Passager · ").nth(1)?;
    let num: String = after
        .split(" träffar")
        .next()?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    num.parse().ok()
}

fn sh_quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

#[test]
fn browse_filter_and_quit_in_a_real_terminal() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("notice: tmux is not installed; skipping the end-to-end terminal test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");
    let csv = dir.path().join("SSM_passager.csv");
    std::fs::write(&csv, support::ssm_csv(60)).unwrap();
    let bin = env!("CARGO_BIN_EXE_loggvakt");
    let status = Command::new(bin)
        .arg("--db")
        .arg(&db)
        .arg("import")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");

    let exit_file = dir.path().join("exit");
    let cmd = format!(
        "{} --db {} --lang sv; echo EXIT=$? > {}",
        sh_quote(Path::new(bin)),
        sh_quote(&db),
        sh_quote(&exit_file)
    );
    let tmux = Tmux {
        socket: format!("loggvakt-e2e-{}", std::process::id()),
    };
    tmux.run(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "80",
        "-y",
        "24",
        "env",
        "LANG=C.UTF-8",
        "NO_COLOR=1",
        "sh",
        "-c",
        &cmd,
    ]);

    let first = tmux.wait_for("the passages table", |s| matches_in(s) == Some(60));
    assert!(first.contains("loggas"), "the monitoring notice:\n{first}");
    assert!(first.contains("? hjälp"), "{first}");

    tmux.keys(&["4"]);
    tmux.wait_for("the audit tab", |s| s.contains("Granskningslogg"));
    tmux.keys(&["1"]);
    tmux.wait_for("the requests tab", |s| s.contains("Inga ärenden ännu"));
    tmux.keys(&["2"]);
    tmux.wait_for("the passages tab again", |s| matches_in(s) == Some(60));

    // Filters: From, To, presets, person, then the reader search.
    tmux.keys(&["f"]);
    tmux.wait_for("the filter pane", |s| s.contains("Läsare"));
    tmux.keys(&["Down", "Down", "Down", "Down"]);
    tmux.text("akut");
    let filtered = tmux.wait_for("fewer matches", |s| {
        matches_in(s).is_some_and(|n| n > 0 && n < 60)
    });
    assert!(filtered.contains("Akutmottagningen"), "{filtered}");
    tmux.keys(&["Escape"]);
    tmux.wait_for("the table with a filter summary", |s| {
        s.contains("Filter: Läsare")
    });

    tmux.keys(&["q"]);
    let start = Instant::now();
    let exit = loop {
        if let Ok(s) = std::fs::read_to_string(&exit_file) {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "loggvakt did not quit"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(exit.trim(), "EXIT=0");

    // The search was written to the audit trail.
    let audit = Command::new(bin)
        .args(["--db"])
        .arg(&db)
        .args(["audit", "list"])
        .output()
        .unwrap();
    let audit = String::from_utf8_lossy(&audit.stdout);
    // The reader picked by typing "akut" and ticking it, as its id, from the screen.
    assert!(
        audit.contains("\"via\":\"screen\"") && audit.contains("\"reader_ids\":["),
        "{audit}"
    );
}

/// The README's first command, as a newcomer runs it: the demo opens on the
/// sample data with the sample request, a reader filter narrows the count,
/// and `q` leaves with status 0.
#[test]
fn demo_opens_filters_and_quits_in_a_real_terminal() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("notice: tmux is not installed; skipping the end-to-end terminal test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let exit_file = dir.path().join("exit");
    let cmd = format!(
        "{} --lang en demo 2>/dev/null; echo EXIT=$? > {}",
        sh_quote(Path::new(env!("CARGO_BIN_EXE_loggvakt"))),
        sh_quote(&exit_file)
    );
    let tmux = Tmux {
        socket: format!("loggvakt-demo-{}", std::process::id()),
    };
    tmux.run(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "80",
        "-y",
        "24",
        "env",
        "LANG=C.UTF-8",
        "NO_COLOR=1",
        "sh",
        "-c",
        &cmd,
    ]);

    let count = |s: &str| -> Option<u64> {
        let after = s.split("Passages · ").nth(1)?;
        let num: String = after
            .split(" match")
            .next()?
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        num.parse().ok()
    };
    let first = tmux.wait_for("the demo's passages", |s| {
        count(s).is_some_and(|n| n > 7000)
    });
    assert!(first.contains("DEMO"), "{first}");
    let all = count(&first).unwrap();

    tmux.keys(&["1"]);
    tmux.wait_for("the sample request", |s| s.contains("R-2026-0001"));
    tmux.keys(&["4"]);
    tmux.wait_for("the audit tab", |s| s.contains("import"));
    tmux.keys(&["2"]);
    tmux.wait_for("the passages tab again", |s| count(s) == Some(all));

    tmux.keys(&["f"]);
    tmux.wait_for("the filter pane", |s| s.contains("Readers"));
    tmux.keys(&["Down", "Down", "Down", "Down"]);
    tmux.text("läkemedel");
    let filtered = tmux.wait_for("fewer matches", |s| {
        count(s).is_some_and(|n| n > 0 && n < all)
    });
    assert!(filtered.contains("Läkemedelsrum"), "{filtered}");
    // A separate `q`: ESC followed at once by a key reads as Alt+key in a terminal.
    tmux.keys(&["Escape"]);
    tmux.wait_for("the table with a filter summary", |s| {
        s.contains("Filters: Readers")
    });
    tmux.keys(&["q"]);
    let start = Instant::now();
    let exit = loop {
        if let Ok(s) = std::fs::read_to_string(&exit_file) {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the demo did not quit:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(exit.trim(), "EXIT=0");
}
