//! Faults a jump host's user meets, through the real binary: a closed pipe, a held
//! write lock, a database the user may only read, a full disk, a symlinked home,
//! another user's database, and hostile text given on the command line. In each,
//! nothing personal is shown before its audit entry is written, and no export file
//! exists without its entry.

mod common;

use common::{Env, SSM};
use predicates::prelude::*;
use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn loaded() -> Env {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    env.import(&[&f]);
    env
}

/// The actions in the trail, oldest first.
fn actions(env: &Env) -> Vec<String> {
    let mut all: Vec<String> = env
        .json(&["audit", "list", "--limit", "0"])
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    all.reverse();
    all
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A hazard a terminal would act on: ESC, BEL, CSI, or a direction override.
fn raw_hazard(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .any(|c| matches!(c, '\u{1b}' | '\u{7}' | '\u{9b}' | '\u{202e}' | '\u{2066}'))
}

#[test]
fn a_search_cut_short_by_a_closed_pipe_is_audited_all_the_same() {
    let env = Env::new();
    let big = env.dir.path().join("big.csv");
    loggvakt::synth::write_bulk_passages_csv(&big, 20_000, 3).unwrap();
    env.import(&[&big]);
    // `query --format csv | head -c 300`: the reader goes away after 300 bytes.
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("loggvakt"))
        .env_remove("LOGGVAKT_DB")
        .env("LANG", "C")
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .env("XDG_DATA_HOME", env.dir.path().join("share"))
        .arg("--db")
        .arg(&env.db)
        .args(["query", "--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 300];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let entries = env.json(&["audit", "list", "--limit", "0"]);
    let q = entries.iter().find(|e| e["action"] == "query").unwrap();
    let d: serde_json::Value = serde_json::from_str(q["details"].as_str().unwrap()).unwrap();
    assert!(d["rows"].as_u64().unwrap() > 10_000, "{d}");
}

#[test]
fn a_search_answers_at_once_while_another_process_holds_the_write_lock() {
    let env = loaded();
    let holder = rusqlite::Connection::open(&env.db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    holder
        .execute("DELETE FROM audit_outbox WHERE 0", [])
        .unwrap();
    let started = Instant::now();
    let out = env
        .cmd()
        .args(["query", "--reader", "L0142", "--format", "csv"])
        .timeout(Duration::from_secs(60))
        .assert()
        .success();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "the search waited {took:?}");
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("Läkemedelsrum"));
    for args in [
        &["readers"][..],
        &["counts", "--from", "2026-10-14"],
        &["request", "list"],
    ] {
        env.cmd()
            .args(args)
            .timeout(Duration::from_secs(60))
            .assert()
            .success();
    }
    // A write does wait (the next test); here it is only checked that none of these
    // wrote while the lock was held.
    holder.execute_batch("ROLLBACK").unwrap();
    let a = actions(&env);
    assert_eq!(
        &a[1..],
        ["query", "list_readers", "counts", "request_list"],
        "{a:?}"
    );
}

#[test]
fn a_write_that_must_wait_says_so_before_it_waits_and_keeps_nothing_when_it_gives_up() {
    let env = loaded();
    let before = actions(&env);
    let holder = rusqlite::Connection::open(&env.db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    holder
        .execute("DELETE FROM audit_outbox WHERE 0", [])
        .unwrap();
    let file = env.write("more.txt", SSM.replace("2026-10-14", "2026-10-20"));
    let out = env
        .cmd()
        .args(["--lang", "sv", "import"])
        .arg(&file)
        .env("LOGGVAKT_BUSY_TIMEOUT_MS", "700")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        said.matches("väntar upp till 1 s").count(),
        1,
        "told once, before the wait:\n{said}"
    );
    assert!(said.contains("Försök igen när den är klar"), "{said}");
    assert!(!said.contains("database is locked"), "{said}");
    // Each sentence once: the give-up does not repeat itself.
    for line in said.lines().filter(|l| !l.trim().is_empty()) {
        assert_eq!(
            said.matches(line).count(),
            1,
            "{line:?} repeats in:\n{said}"
        );
    }
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(actions(&env), before, "nothing was imported or recorded");
    // Free again, the same import goes through at once without a word of waiting.
    let out = env.cmd().arg("import").arg(&file).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("waiting"));
}

/// Makes `dir` and everything in it belong to `uid`.
fn chown_all(dir: &Path, uid: u32) {
    let st = Command::new("chown")
        .arg("-R")
        .arg(format!("{uid}:{uid}"))
        .arg(dir)
        .status()
        .unwrap();
    assert!(st.success());
}

const NOBODY: u32 = 65534;

/// What most requests here ask for: the suspect of the sample data, all October.
const SCOPE: [&str; 6] = [
    "--person",
    "100234",
    "--from",
    "2026-10-01",
    "--to",
    "2026-10-31",
];

fn as_nobody(env: &Env, args: &[&str]) -> std::process::Output {
    Command::new("setpriv")
        .args([
            &format!("--reuid={NOBODY}"),
            &format!("--regid={NOBODY}"),
            "--clear-groups",
        ])
        .arg(assert_cmd::cargo::cargo_bin!("loggvakt"))
        .env_remove("LOGGVAKT_DB")
        .env("LANG", "C")
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .env("XDG_DATA_HOME", env.dir.path().join("share"))
        .env("HOME", env.dir.path())
        .arg("--db")
        .arg(&env.db)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_database_the_user_may_only_read_shows_nothing_unaudited() {
    if !is_root() || Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("skipped: needs root and setpriv to run as another user");
        return;
    }
    let env = loaded();
    std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = env.db.parent().unwrap();
    chown_all(data, NOBODY);
    let ro = |p: &Path| std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o400));
    ro(&env.db).unwrap();
    ro(&env.trail()).unwrap();
    std::fs::set_permissions(data, std::fs::Permissions::from_mode(0o500)).unwrap();

    // Neither file may be written: the search cannot be recorded, so it shows nothing.
    let out = as_nobody(&env, &["query", "--person", "100234", "--reason", "Larm"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("read-only for you"), "{err}");
    assert_eq!(err.matches("read-only").count(), 1, "said once: {err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    // With the trail writable the search is recorded there and shown.
    std::fs::set_permissions(data, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(env.trail(), std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = as_nobody(
        &env,
        &[
            "query", "--person", "100234", "--reason", "Larm", "--format", "csv",
        ],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Lindqvist"));
    let out = as_nobody(&env, &["audit", "list", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["action"], "query");
    assert_eq!(list[0]["uid"], NOBODY);
    // Changing the store is refused in one plain sentence.
    let out = as_nobody(&env, &common::request_new("theft", &SCOPE));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("read-only for you"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn another_users_database_is_refused_even_for_root() {
    if !is_root() {
        eprintln!("skipped: needs root to give the database to another user");
        return;
    }
    let env = loaded();
    chown_all(env.db.parent().unwrap(), NOBODY);
    env.cmd()
        .args(["readers"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "belongs to another user (uid 65534)",
        ));
}

/// A small tmpfs mounted for the test and unmounted when it ends, however it ends.
struct Tmpfs(std::path::PathBuf);

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn an_export_onto_a_full_disk_names_the_file_once_and_leaves_nothing() {
    if !is_root() {
        eprintln!("skipped: needs root to mount a small tmpfs");
        return;
    }
    let env = loaded();
    env.import(&[&common::sample("pmo_logg_elevatkomst_202610.xlsx")]);
    let reference = {
        let out = env
            .cmd()
            .args(common::request_new("theft", &SCOPE))
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout)
            .trim()
            .to_owned()
    };
    let mnt = env.dir.path().join("full");
    std::fs::create_dir(&mnt).unwrap();
    let st = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
        .arg(&mnt)
        .status()
        .unwrap();
    if !st.success() {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    let _guard = Tmpfs(mnt.clone());
    // Fill it, as a disk is full when an export starts.
    {
        use std::io::Write;
        let mut filler = std::fs::File::create(mnt.join("filler")).unwrap();
        while filler.write_all(&[0u8; 1024]).is_ok() {}
        let _ = filler.sync_all();
    }
    for (args, name) in [
        (
            vec!["review", "export", "--period", "2026-10", "--out"],
            "rv.pdf",
        ),
        (
            vec!["request", "export", reference.as_str(), "--out"],
            "r.pdf",
        ),
    ] {
        let out = mnt.join(name);
        let res = env.cmd().args(&args).arg(&out).assert().code(1);
        let err = String::from_utf8_lossy(&res.get_output().stderr).into_owned();
        let shown = out.display().to_string();
        assert_eq!(err.matches(&shown).count(), 1, "{err}");
        // The system's refusal in the user's words, with its number.
        assert!(
            err.contains("the disk is full (error code 28)")
                && err.contains("No file was left behind"),
            "{err}"
        );
        let left: Vec<String> = std::fs::read_dir(&mnt)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "filler")
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
    // Neither export is in the trail: no file, no entry.
    let a = actions(&env);
    assert!(
        !a.iter().any(|x| x == "review_export" || x == "export"),
        "{a:?}"
    );
}

#[test]
fn a_read_only_database_leaves_no_export_behind() {
    if !is_root() || Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("skipped: needs root and setpriv to run as another user");
        return;
    }
    let env = loaded();
    env.import(&[&common::sample("pmo_logg_elevatkomst_202610.xlsx")]);
    std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = env.db.parent().unwrap();
    let out_dir = env.dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    chown_all(data, NOBODY);
    chown_all(&out_dir, NOBODY);
    for f in [env.db.clone(), env.trail()] {
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o400)).unwrap();
    }
    let out = as_nobody(
        &env,
        &[
            "review",
            "export",
            "--period",
            "2026-10",
            "--out",
            out_dir.join("rv.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("read-only"));
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 0);
}

#[test]
fn a_symlinked_home_and_data_directory_work() {
    let env = Env::new();
    let real = env.dir.path().join("real-home");
    std::fs::create_dir(&real).unwrap();
    let home = env.dir.path().join("home");
    std::os::unix::fs::symlink(&real, &home).unwrap();
    let f = env.write("ssm.txt", SSM);
    let run = |args: &[&str]| {
        Command::new(assert_cmd::cargo::cargo_bin!("loggvakt"))
            .env_remove("LOGGVAKT_DB")
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .env("HOME", &home)
            .env("LANG", "C")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["import", f.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(real.join(".local/share/loggvakt/loggvakt.db").exists());
    assert!(
        real.join(".local/share/loggvakt/loggvakt-audit.db")
            .exists()
    );
    let out = run(&["query", "--reader", "L0142", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.len(), 5);
    let out = run(&["audit", "list", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["action"], "query");
    // A database file that is itself a link is refused, with what to do.
    let link = env.dir.path().join("link.db");
    std::os::unix::fs::symlink(real.join(".local/share/loggvakt/loggvakt.db"), &link).unwrap();
    let out = run(&["--db", link.to_str().unwrap(), "readers"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
}

#[test]
fn osc_52_and_direction_overrides_from_the_command_line_never_reach_the_terminal() {
    let env = loaded();
    let hostile = "Hej\u{1b}]52;c;Y3VybCBldmlsfHNo\u{7} och \u{202e}txet\u{1b}[2J";
    for (flag, value) in [
        ("--text", hostile),
        ("--requester", hostile),
        ("--unit", hostile),
    ] {
        let mut args = common::request_new("theft", &SCOPE);
        let at = args.iter().position(|a| *a == flag).unwrap();
        args[at + 1] = value;
        let out = env.cmd().args(&args).assert().code(2);
        let o = out.get_output();
        assert!(o.stdout.is_empty());
        assert!(
            !raw_hazard(&o.stderr),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(String::from_utf8_lossy(&o.stderr).contains(flag));
    }
    // An attachment whose name carries a control sequence is refused too.
    let evil = env.write("brev\u{1b}]52;c;eA==\u{7}.txt", "x");
    let out = env
        .cmd()
        .args(common::request_new("theft", &SCOPE))
        .arg("--attach")
        .arg(&evil)
        .assert()
        .code(2);
    assert!(!raw_hazard(&out.get_output().stderr));

    // Text an older version stored raw is shown with its hazards made visible.
    let mut args = common::request("theft", &SCOPE);
    let text = args.iter().position(|a| *a == "--text").unwrap() + 1;
    args[text] = "rad ett\nrad två";
    let reference = env.new_request(&args);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    conn.execute(
        "UPDATE request SET text = ?1, requester = ?1, unit = ?1",
        [hostile],
    )
    .unwrap();
    drop(conn);
    for format in ["table", "json"] {
        for cmd in [
            vec!["request", "show", reference.as_str(), "--format", format],
            vec!["request", "list", "--format", format],
        ] {
            let out = env.cmd().args(&cmd).assert().success();
            let o = out.get_output();
            assert!(
                !raw_hazard(&o.stdout),
                "{cmd:?}: {}",
                String::from_utf8_lossy(&o.stdout)
            );
            assert!(!raw_hazard(&o.stderr));
        }
    }
    let shown = env
        .cmd()
        .args(["request", "show", &reference])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&shown.get_output().stdout).contains("␛]52;c;"));
    // Each look at the request is in the trail.
    let a = actions(&env);
    assert_eq!(
        a.iter().filter(|x| *x == "request_show").count(),
        3,
        "{a:?}"
    );
    assert_eq!(
        a.iter().filter(|x| *x == "request_list").count(),
        2,
        "{a:?}"
    );
}

#[test]
fn every_command_that_shows_personal_data_is_in_the_trail_first() {
    let env = loaded();
    env.import(&[&common::sample("pmo_logg_elevatkomst_202610.xlsx")]);
    let r = env.new_request(&common::request(
        "theft",
        &[
            "--person",
            "100234",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
        ],
    ));
    let shows: Vec<(Vec<&str>, &str)> = vec![
        (vec!["query", "--reader", "L0142"], "query"),
        (vec!["counts", "--from", "2026-10-14"], "counts"),
        (vec!["readers"], "list_readers"),
        (vec!["persons"], "list_persons"),
        (vec!["request", "list"], "request_list"),
        (vec!["request", "show", &r], "request_show"),
        (vec!["request", "events", &r], "request_events"),
        (vec!["review", "periods"], "review_periods"),
        (vec!["review", "list", "--period", "2026-10"], "review_list"),
        (
            vec!["review", "list", "--period", "2026-10", "--reveal"],
            "review_reveal",
        ),
    ];
    for (args, action) in shows {
        env.cmd().args(&args).assert().success();
        let newest = env.json(&["audit", "list", "--limit", "1"]);
        assert_eq!(newest[0]["action"], action, "{args:?}");
    }
}
