//! Several people on one jump host use one database at once: two import, one
//! searches, one lists readers. Every run must succeed, none may fail on "database
//! is locked" (an import may say it waits for the other), and the final counts
//! must be the sum of what each acknowledged.

mod common;

use common::{Env, SSM};
use std::process::Output;

const ROWS: u64 = 80_000;
const LOOPS: usize = 12;

fn run(env: &Env, args: &[&str]) -> Output {
    env.cmd().args(args).output().expect("run loggvakt")
}

fn check(out: &Output, what: &str) -> String {
    // An import that waits for the other's commit says so before it waits; that
    // notice is expected, a failure or any other word of a lock is not.
    let stderr: String = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| !l.contains("waiting up to 120 s for it to finish"))
        .collect();
    assert!(
        !stderr.to_lowercase().contains("locked") && !stderr.contains("busy"),
        "{what}: {stderr}"
    );
    assert_eq!(out.status.code(), Some(0), "{what} failed: {stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The number after "imported " in an import summary.
fn imported(summary: &str) -> u64 {
    let at = summary.find("imported ").expect(summary) + "imported ".len();
    summary[at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .expect(summary)
}

#[test]
fn four_processes_at_once_all_succeed_and_lose_nothing() {
    let env = Env::new();
    let small = env.write("ssm.txt", SSM);
    env.import(&[&small]);
    let a = env.dir.path().join("a.csv");
    let b = env.dir.path().join("b.csv");
    loggvakt::synth::write_bulk_passages_csv(&a, ROWS, 11).unwrap();
    loggvakt::synth::write_bulk_passages_csv(&b, ROWS, 12).unwrap();
    let (a, b) = (a.display().to_string(), b.display().to_string());

    let (acked, queries, listings) = std::thread::scope(|s| {
        let import_a = s.spawn(|| imported(&check(&run(&env, &["import", &a]), "import a")));
        let import_b = s.spawn(|| imported(&check(&run(&env, &["import", &b]), "import b")));
        let query = s.spawn(|| {
            for i in 0..LOOPS {
                let out = run(&env, &["query", "--limit", "20", "--format", "csv"]);
                check(&out, &format!("query {i}"));
            }
            LOOPS
        });
        let readers = s.spawn(|| {
            for i in 0..LOOPS {
                let out = run(&env, &["readers", "--format", "json"]);
                check(&out, &format!("readers {i}"));
            }
            LOOPS
        });
        (
            import_a.join().unwrap() + import_b.join().unwrap(),
            query.join().unwrap(),
            readers.join().unwrap(),
        )
    });

    assert!(acked > 0);
    let conn = rusqlite::Connection::open(&env.db).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM passage"), 6 + acked as i64);
    assert_eq!(count("SELECT count(*) FROM source_file"), 3);
    // One entry per run: the first import, the two concurrent ones, every search and
    // listing, in the trail's own file; none is left waiting in the store's outbox.
    let trail = rusqlite::Connection::open(env.trail()).unwrap();
    let in_trail = |sql: &str| -> i64 { trail.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        in_trail("SELECT count(*) FROM audit"),
        (1 + 2 + queries + listings) as i64
    );
    assert_eq!(
        in_trail("SELECT count(*) FROM audit WHERE action = 'import'"),
        3
    );
    assert_eq!(count("SELECT count(*) FROM audit_outbox"), 0);
    let check_result: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check_result, "ok");
    drop(conn);
    let out = check(&run(&env, &["audit", "verify"]), "audit verify");
    assert!(out.contains("audit trail intact"), "{out}");
}

#[test]
fn a_process_opening_the_database_during_a_load_reads_the_stored_passages() {
    // A load writes passages and their key tables in one transaction. Another
    // process opening the database in the meantime sees the committed key tables
    // and finds passages through them without waiting for the load. (A CLI search
    // would wait while its audit entry is a write in the same file.)
    use loggvakt::store::passages::{self, PassageFilter};
    use loggvakt::store::{Sharing, Store};
    let env = Env::new();
    let small = env.write("ssm.txt", SSM);
    env.import(&[&small]);

    let mut loader = Store::open(&env.db, Sharing::default()).unwrap();
    let tx = loader.write().unwrap();
    // Half-way through a load, as far as any other process could tell.
    tx.execute("DELETE FROM passage_by_reader", []).unwrap();
    tx.execute("DELETE FROM passage", []).unwrap();

    let other = Store::open(&env.db, Sharing::default()).unwrap();
    let filter = PassageFilter {
        readers: vec!["L0142".into()],
        ..PassageFilter::default()
    };
    // One snapshot: the count and the rows agree.
    let (count, found) = {
        let conn = other.read().unwrap();
        let resolved = passages::resolve(&conn, &filter).unwrap();
        let count = passages::count(&conn, &filter, &resolved).unwrap();
        let mut found = 0;
        passages::for_each(&conn, &filter, &resolved, 0, |_| {
            found += 1;
            Ok(())
        })
        .unwrap();
        (count, found)
    };
    assert_eq!((count, found), (5, 5));
    drop(other);

    drop(tx);
    drop(loader);
    assert_eq!(env.count(&[]), 6);
    assert_eq!(env.count(&["--reader", "L0142"]), 5);
}
