//! The audit trail against an attacker who can write the database file: every
//! kind of tampering done directly in SQLite is found by `loggvakt audit verify`
//! through the real binary, which names the first entry that is wrong.

mod common;

use common::{Env, SSM};
use rusqlite::{Connection, params};

/// A database whose trail holds `n` entries (one import, then queries).
fn trail(n: usize) -> Env {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    env.import(&[&f]);
    for _ in 1..n {
        env.cmd()
            .args(["query", "--format", "csv"])
            .assert()
            .success();
    }
    assert_eq!(entries(&env).len(), n);
    env
}

fn entries(env: &Env) -> Vec<serde_json::Value> {
    env.json(&["audit", "list", "--limit", "0"])
}

/// Opens the trail's file as an attacker would, with the append-only triggers dropped.
fn attacker(env: &Env) -> Connection {
    let conn = Connection::open(env.trail()).unwrap();
    conn.execute_batch(
        "DROP TRIGGER audit_append_only_update;
         DROP TRIGGER audit_append_only_delete;",
    )
    .unwrap();
    conn
}

/// Runs `audit verify` (with extra arguments), which must fail; returns stderr.
fn verify_fails(env: &Env, extra: &[&str]) -> String {
    let out = env
        .cmd()
        .args(["audit", "verify"])
        .args(extra)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("audit trail broken"), "{stderr}");
    stderr
}

fn verify_passes(env: &Env, extra: &[&str]) -> String {
    let out = env
        .cmd()
        .args(["audit", "verify"])
        .args(extra)
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

#[test]
fn untouched_trail_verifies() {
    let env = trail(4);
    let out = verify_passes(&env, &[]);
    assert!(out.contains("audit trail intact: 4 entries"), "{out}");
}

#[test]
fn edited_entry_is_named() {
    let env = trail(5);
    attacker(&env)
        .execute(
            "UPDATE audit SET details = '{\"rows\":0}' WHERE seq = 3",
            [],
        )
        .unwrap();
    let err = verify_fails(&env, &[]);
    assert!(err.contains("entry 3: its content does not match"), "{err}");
}

#[test]
fn edited_user_is_named_even_when_only_one_byte_changes() {
    let env = trail(3);
    attacker(&env)
        .execute(
            "UPDATE audit SET os_user = os_user || 'x' WHERE seq = 2",
            [],
        )
        .unwrap();
    let err = verify_fails(&env, &[]);
    assert!(err.contains("entry 2: its content does not match"), "{err}");
}

#[test]
fn removed_entry_is_named() {
    let env = trail(5);
    attacker(&env)
        .execute("DELETE FROM audit WHERE seq = 2", [])
        .unwrap();
    let err = verify_fails(&env, &[]);
    assert!(
        err.contains("entry 2 is missing (the trail jumps from 1 to 3)"),
        "{err}"
    );
}

#[test]
fn reordered_entries_are_named() {
    let env = trail(5);
    let conn = attacker(&env);
    // Swap everything but the sequence number between entries 2 and 4.
    let cols = "at, uid, os_user, sudo_user, action, subject, details, prev_hash, hash";
    let read = |seq: i64| -> Vec<rusqlite::types::Value> {
        conn.query_row(
            &format!("SELECT {cols} FROM audit WHERE seq = ?1"),
            [seq],
            |r| (0..9).map(|i| r.get(i)).collect(),
        )
        .unwrap()
    };
    let (two, four) = (read(2), read(4));
    let write = |seq: i64, v: &[rusqlite::types::Value]| {
        conn.execute(
            "UPDATE audit SET at=?1, uid=?2, os_user=?3, sudo_user=?4, action=?5, subject=?6,
             details=?7, prev_hash=?8, hash=?9 WHERE seq = ?10",
            params![v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], seq],
        )
        .unwrap();
    };
    write(2, &four);
    write(4, &two);
    let err = verify_fails(&env, &[]);
    assert!(err.contains("entry 2:"), "{err}");
}

#[test]
fn inserted_entry_is_named() {
    let env = trail(4);
    let conn = attacker(&env);
    // Make room after entry 2 and slip in a forged entry 3, copying entry 2's look.
    conn.execute_batch(
        "UPDATE audit SET seq = seq + 100 WHERE seq >= 3;
         UPDATE audit SET seq = seq - 99 WHERE seq >= 103;
         INSERT INTO audit (seq, at, uid, os_user, sudo_user, action, subject, details, prev_hash, hash)
         SELECT 3, at, uid, os_user, sudo_user, 'query', '', '{\"rows\":0}', hash,
                '00000000000000000000000000000000000000000000000000000000000000ff'
         FROM audit WHERE seq = 2;",
    )
    .unwrap();
    let err = verify_fails(&env, &[]);
    assert!(err.contains("entry 3: its content does not match"), "{err}");
}

#[test]
fn inserted_entry_with_a_recomputed_hash_breaks_the_entry_after_it() {
    let env = trail(4);
    let conn = attacker(&env);
    let (at, uid, user, prev): (String, u32, String, String) = conn
        .query_row(
            "SELECT at, uid, os_user, hash FROM audit WHERE seq = 2",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let mut forged = loggvakt::audit::Entry {
        seq: 3,
        at,
        uid,
        os_user: user,
        sudo_user: String::new(),
        action: "query".into(),
        subject: String::new(),
        details: "{\"rows\":0}".into(),
        prev_hash: prev,
        hash: String::new(),
    };
    forged.hash = forged.compute_hash();
    conn.execute_batch(
        "UPDATE audit SET seq = seq + 100 WHERE seq >= 3;
         UPDATE audit SET seq = seq - 99 WHERE seq >= 103;",
    )
    .unwrap();
    conn.execute(
        "INSERT INTO audit (seq, at, uid, os_user, sudo_user, action, subject, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            forged.seq,
            forged.at,
            forged.uid,
            forged.os_user,
            forged.sudo_user,
            forged.action,
            forged.subject,
            forged.details,
            forged.prev_hash,
            forged.hash
        ],
    )
    .unwrap();
    // The forgery itself chains correctly; the original entry 3, now numbered 4,
    // no longer matches its own hash, so the trail breaks right after the forgery.
    let err = verify_fails(&env, &[]);
    assert!(err.contains("entry 4: its content does not match"), "{err}");
}

#[test]
fn direct_update_or_delete_is_refused_while_the_triggers_stand() {
    let env = trail(3);
    let conn = Connection::open(env.trail()).unwrap();
    let update = conn
        .execute("UPDATE audit SET details = '{}' WHERE seq = 2", [])
        .unwrap_err()
        .to_string();
    assert!(update.contains("append-only"), "{update}");
    let delete = conn
        .execute("DELETE FROM audit WHERE seq = 3", [])
        .unwrap_err()
        .to_string();
    assert!(delete.contains("append-only"), "{delete}");
    drop(conn);
    verify_passes(&env, &[]);
    assert_eq!(entries(&env).len(), 3);
}

#[test]
fn truncation_is_caught_against_a_head_noted_before() {
    let env = trail(5);
    let out = env.cmd().args(["audit", "head"]).assert().success();
    let head = String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .to_owned();
    assert_eq!(head.len(), 64, "{head}");
    verify_passes(&env, &["--head", &head]);

    attacker(&env)
        .execute("DELETE FROM audit WHERE seq >= 4", [])
        .unwrap();
    // What is left is a valid chain on its own: a head noted before shows the cut,
    let err = verify_fails(&env, &["--head", &head]);
    assert!(err.contains(&head), "{err}");
    assert!(err.contains("truncated"), "{err}");
    // and so does the head file, without being given a hash.
    let err = verify_fails(&env, &[]);
    assert!(
        err.contains("ends at entry 3") && err.contains("entry 5 was noted"),
        "{err}"
    );
}

#[test]
fn removing_the_last_three_entries_is_reported_by_verify_alone() {
    let env = trail(6);
    let out = verify_passes(&env, &[]);
    assert!(out.contains("agrees with the head noted"), "{out}");
    attacker(&env)
        .execute("DELETE FROM audit WHERE seq > 3", [])
        .unwrap();
    let err = verify_fails(&env, &[]);
    assert!(err.contains("the last entries were removed"), "{err}");
    assert!(err.contains("ends at entry 3"), "{err}");
    assert!(err.contains("entry 6 was noted"), "{err}");
    // The head file only grows; the head of each append is in it.
    let lines = std::fs::read_to_string(env.head_file()).unwrap();
    assert_eq!(lines.lines().count(), 6, "{lines}");
}

#[test]
fn entry_records_the_real_user_not_the_environment() {
    let env = Env::new();
    let f = env.write("ssm.txt", SSM);
    env.cmd()
        .env("USER", "mallory")
        .env("LOGNAME", "mallory")
        .env_remove("SUDO_UID")
        .env_remove("SUDO_USER")
        .arg("import")
        .arg(&f)
        .assert()
        .success();
    // SAFETY: getuid has no preconditions.
    let uid = unsafe { libc::getuid() };
    let name = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    let name = String::from_utf8_lossy(&name.stdout).trim().to_owned();
    assert_ne!(name, "mallory");
    let list = entries(&env);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["uid"], uid);
    assert_eq!(list[0]["os_user"], name.as_str());
    assert_eq!(list[0]["sudo_user"], "");
    let conn = Connection::open(env.trail()).unwrap();
    let stored: String = conn
        .query_row("SELECT group_concat(os_user) FROM audit", [], |r| r.get(0))
        .unwrap();
    assert!(!stored.contains("mallory"), "{stored}");
}

/// Each search is a process of its own that appends one entry and closes the trail
/// without a checkpoint; the trail's WAL must still start over once it has grown,
/// or every later open would read back all of it.
#[test]
fn the_trails_wal_stays_bounded_over_many_search_processes() {
    let env = trail(1);
    let wal = std::path::PathBuf::from(format!("{}-wal", env.trail().display()));
    let mut largest = 0;
    for _ in 0..70 {
        env.cmd()
            .args(["query", "--format", "csv"])
            .assert()
            .success();
        largest = largest.max(std::fs::metadata(&wal).map_or(0, |m| m.len()));
    }
    let bound = loggvakt::store::audit::TRAIL_CHECKPOINT_BYTES + 16 * 4096;
    assert!(largest <= bound, "the trail's WAL grew to {largest} bytes");
    assert_eq!(entries(&env).len(), 71);
    verify_passes(&env, &[]);
}
