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
    audit: i64,
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
        audit: one("SELECT count(*) FROM audit"),
        derived: derived(&conn),
    }
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
        // The file record and the audit entry commit with the rows, or none do.
        assert_eq!(after.files, if whole { 2 } else { 1 });
        assert_eq!(after.audit, if whole { 2 } else { 1 });
        // The key tables and counts are written in the rows' own transaction.
        assert_eq!(after.derived, [], "after a kill at {moment:?}");
        outcomes.push((moment, killed, whole));

        // The trail verifies, and searches find what the rows hold.
        let out = env.cmd().args(["audit", "verify"]).assert().success();
        let out = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(out.contains("audit trail intact"), "{out}");
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
