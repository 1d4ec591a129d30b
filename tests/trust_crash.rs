//! Crash safety of an import: the binary is killed with SIGKILL at many moments
//! of a large load (parsing, writing rows and their key tables, checkpointing
//! after the commit), and each time the file must be sound, hold either none or
//! all of the new rows, and list every passage it holds.

mod common;

use common::{Env, SSM};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROWS: u64 = 300_000;

/// The binary as a plain process, so it can be killed mid-way.
fn spawn_import(env: &Env, file: &Path) -> std::process::Child {
    Command::new(assert_cmd::cargo::cargo_bin!("loggvakt"))
        .env_remove("LOGGVAKT_DB")
        .env("LANG", "C")
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .env("XDG_DATA_HOME", env.dir.path().join("share"))
        .arg("--db")
        .arg(&env.db)
        .arg("import")
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start loggvakt")
}

/// A database holding one small import; returns it with its passage count.
fn small_db() -> (Env, i64) {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    env.import(&[&f]);
    let n = passages(&Connection::open(&env.db).unwrap());
    assert_eq!(n, 6);
    (env, n)
}

fn passages(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM passage", [], |r| r.get(0))
        .unwrap()
}

/// Every table derived from the passages (daily counts, card holders, the key
/// tables by reader and person), re-derived from the rows and compared: what
/// disagrees. It must always be nothing.
fn derived(conn: &Connection) -> Vec<loggvakt::store::doctor::Disagreement> {
    loggvakt::store::doctor::check(conn).unwrap()
}

/// What a killed import left, checked with plain SQLite before loggvakt opens it again.
struct After {
    passages: i64,
    files: i64,
    /// Import entries in the trail's own file.
    audit: i64,
    /// Entries committed with their change but not yet moved to the trail.
    outbox: i64,
    derived: Vec<loggvakt::store::doctor::Disagreement>,
}

fn inspect(db: &Path) -> After {
    let conn = Connection::open(db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0, "foreign key violations");
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    After {
        passages: passages(&conn),
        files: one("SELECT count(*) FROM source_file"),
        audit: imports_in_trail(db),
        outbox: one("SELECT count(*) FROM audit_outbox"),
        derived: derived(&conn),
    }
}

fn imports_in_trail(db: &Path) -> i64 {
    let trail = Connection::open(db.with_file_name("loggvakt-audit.db")).unwrap();
    trail
        .query_row(
            "SELECT count(*) FROM audit WHERE action = 'import'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// When to kill a running import.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// This long after it started (reading and parsing).
    After(Duration),
    /// Once its write-ahead log has grown past this many MiB (writing rows).
    WalOver(u64),
    /// This long after its rows became visible to another reader (committed;
    /// the log is being copied into the database file).
    AfterCommit(Duration),
}

/// Waits for `moment`; false if the import ended first.
fn wait_for(moment: Moment, child: &mut std::process::Child, db: &Path, before: i64) -> bool {
    let started = Instant::now();
    let wal = db.with_extension("db-wal");
    let mut reader: Option<Connection> = None;
    while started.elapsed() < Duration::from_secs(300) {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        let reached = match moment {
            Moment::After(d) => started.elapsed() >= d,
            Moment::WalOver(mib) => std::fs::metadata(&wal).is_ok_and(|m| m.len() >> 20 >= mib),
            Moment::AfterCommit(d) => {
                let conn = reader.get_or_insert_with(|| {
                    let c =
                        Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
                    c.busy_timeout(Duration::from_secs(10)).unwrap();
                    c
                });
                let files: i64 = conn
                    .query_row("SELECT count(*) FROM source_file", [], |r| r.get(0))
                    .unwrap_or(before);
                if files > before {
                    std::thread::sleep(d);
                    true
                } else {
                    false
                }
            }
        };
        if reached {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("{moment:?} never came");
}

#[test]
fn killed_import_leaves_none_or_all_of_its_rows() {
    let (reference, old) = small_db();
    let big = reference.dir.path().join("big.csv");
    loggvakt::synth::write_bulk_passages_csv(&big, ROWS, 7).unwrap();

    // A complete run gives the full count.
    assert!(spawn_import(&reference, &big).wait().unwrap().success());
    let full = inspect(&reference.db);
    assert!(full.passages > old + ROWS as i64 / 2, "{}", full.passages);
    assert_eq!(full.derived, []);

    let ms = Duration::from_millis;
    let moments = [
        Moment::After(ms(150)),
        Moment::After(ms(400)),
        Moment::WalOver(4),
        Moment::WalOver(1),
        Moment::WalOver(8),
        Moment::WalOver(12),
        Moment::AfterCommit(ms(0)),
        Moment::AfterCommit(ms(5)),
    ];
    let mut outcomes = Vec::new();
    for moment in moments {
        let (env, old) = small_db();
        let mut child = spawn_import(&env, &big);
        let killed = wait_for(moment, &mut child, &env.db, 1);
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();

        let after = inspect(&env.db);
        let whole = after.passages == full.passages;
        assert!(
            after.passages == old || whole,
            "after a kill at {moment:?}: {} passages, expected {old} or {}",
            after.passages,
            full.passages
        );
        // The file record and the audit entry commit with the rows, or none do: the
        // entry is in the trail, or still in the store's outbox if the kill came
        // between the commit and its move.
        assert_eq!(after.files, if whole { 2 } else { 1 });
        assert_eq!(after.audit + after.outbox, if whole { 2 } else { 1 });
        assert!(after.audit <= after.files);
        // The key tables and counts are written in the rows' own transaction.
        assert_eq!(after.derived, [], "after a kill at {moment:?}");
        outcomes.push((moment, killed, whole));

        // The trail verifies, and searches find what the rows hold.
        let out = env.cmd().args(["audit", "verify"]).assert().success();
        let out = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(out.contains("audit trail intact"), "{out}");
        // Once opened, every import has its one entry in the trail and none waits.
        let settled = inspect(&env.db);
        assert_eq!(settled.audit, settled.files, "after a kill at {moment:?}");
        assert_eq!(settled.outbox, 0);
        let conn = Connection::open(&env.db).unwrap();
        let at_reader: i64 = conn
            .query_row(
                "SELECT count(*) FROM passage p JOIN reader r ON r.id = p.reader_id WHERE r.code = 'L0142'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(env.count(&["--reader", "L0142"]) as i64, at_reader);
    }
    // Shown with --nocapture: (moment, killed before it ended, rows kept).
    eprintln!("kills: {outcomes:?}");
    // The kills must have hit both sides of the commit, or the test proves little.
    assert!(outcomes.iter().any(|o| o.1 && !o.2), "{outcomes:?}");
    assert!(outcomes.iter().any(|o| o.1 && o.2), "{outcomes:?}");
}

/// A moment in the first `span` milliseconds, spread over the runs by a fixed
/// sequence, so each run kills at another point and every run is repeatable.
fn moment(i: u64, span: u64) -> Duration {
    Duration::from_millis((i * 7919 + 13) % span)
}

#[test]
fn killed_exports_and_searches_leave_no_partial_file_and_no_unaudited_one() {
    let (env, _) = small_db();
    env.import(&[&common::sample("pmo_logg_elevatkomst_202610.xlsx")]);
    let out_dir = env.dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let bin = assert_cmd::cargo::cargo_bin!("loggvakt");
    let base = |c: &mut Command| {
        c.env_remove("LOGGVAKT_DB")
            .env("LANG", "C")
            .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
            .env("XDG_DATA_HOME", env.dir.path().join("share"))
            .arg("--db")
            .arg(&env.db)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
    };
    // One export left to finish tells how long one takes; the kills spread over that.
    let started = Instant::now();
    let mut whole = Command::new(bin);
    base(&mut whole);
    whole.args(["review", "export", "--period", "2026-10", "--out"]);
    assert!(
        whole
            .arg(out_dir.join("whole.pdf"))
            .status()
            .unwrap()
            .success()
    );
    let span = (started.elapsed().as_millis() as u64 * 13 / 10).max(20);
    let mut killed = 0;
    for i in 0..20u64 {
        let name = format!("rv-{i}.{}", ["pdf", "xlsx", "csv"][i as usize % 3]);
        let mut export = Command::new(bin);
        base(&mut export);
        export.args(["review", "export", "--period", "2026-10", "--out"]);
        export.arg(out_dir.join(&name));
        let mut search = Command::new(bin);
        base(&mut search);
        search.args(["query", "--format", "csv", "--reason", "kill test"]);
        search.args(["--person", "Lindqvist, Åsa"]);
        let mut a = export.spawn().unwrap();
        let mut b = search.spawn().unwrap();
        std::thread::sleep(moment(i, span));
        for child in [&mut a, &mut b] {
            if child.try_wait().unwrap().is_none() {
                killed += 1;
            }
            child.kill().ok();
            child.wait().unwrap();
        }
    }
    eprintln!("killed {killed} of 40 processes before they ended");
    assert!(killed > 0, "no kill came before the end");

    // The trail verifies after every kill, and every export file that exists is whole
    // and has its entry, with its hash.
    let out = env.cmd().args(["audit", "verify"]).assert().success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("intact"));
    let entries = env.json(&["audit", "list", "--limit", "0"]);
    let recorded: Vec<(String, String)> = entries
        .iter()
        .filter(|e| e["action"] == "review_export")
        .map(|e| {
            let d: serde_json::Value =
                serde_json::from_str(e["details"].as_str().unwrap()).unwrap();
            (
                d["file"].as_str().unwrap().to_owned(),
                d["sha256"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut files = 0;
    for entry in std::fs::read_dir(&out_dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') {
            // A temporary file of a killed export: never under the target's name.
            assert!(name.ends_with(".tmp"), "{name}");
            continue;
        }
        files += 1;
        let bytes = std::fs::read(&path).unwrap();
        let sha = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(&bytes))
        };
        assert!(
            recorded
                .iter()
                .any(|(f, h)| f.ends_with(&name) && *h == sha),
            "{name} exists without an entry for its content"
        );
    }
    eprintln!("{files} complete exports, {} entries", recorded.len());
    // The next export clears what the killed ones left behind.
    env.cmd()
        .args(["review", "export", "--period", "2026-10", "--out"])
        .arg(out_dir.join("last.csv"))
        .assert()
        .success();
    let left: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // Every search that was audited is in the trail with its purpose.
    assert!(entries.iter().any(|e| e["action"] == "query"
        && e["details"].as_str().unwrap().contains("kill test")));
}
