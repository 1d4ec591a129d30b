//! The audit trail's own SQLite file beside the store, written in short transactions
//! of its own, and the outbox in the store through which a write reaches it exactly once.
//!
//! A search, a view or an export appends straight to the trail, so it never waits for an
//! import holding the store's write lock. A change to the store (an import, a decision,
//! a verdict) instead puts its entry into `audit_outbox` in the change's own transaction;
//! after the commit [`Store::flush_outbox`](super::Store::flush_outbox) moves it into the
//! trail under a token the trail remembers, so a crash at any point leaves the entry
//! either still in the outbox (moved on the next open) or in the trail once.

use super::{Result, Sharing, StoreError};
use crate::audit::{Actor, Entry, GENESIS, anchor};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, params};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long an append waits for another process's append (each takes milliseconds).
const TRAIL_BUSY: Duration = Duration::from_secs(10);

/// WAL size after which an append copies the trail's WAL into its file and empties
/// it: about 25 searches' entries (a search adds a few pages, whatever the number of
/// people in its results), what the next open reads back at most.
pub const TRAIL_CHECKPOINT_BYTES: u64 = 100 * 4096;

const TRAIL_SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    uid       INTEGER NOT NULL,
    os_user   TEXT NOT NULL,
    sudo_user TEXT NOT NULL DEFAULT '',
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL DEFAULT '',
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
-- Who an entry concerned (person ids of the store): named in its filter or present in
-- its results. Derived from the entries' details in sorted batches, not on each append:
-- keyed by person, one append's people would touch a page each.
CREATE TABLE IF NOT EXISTS audit_person (
    person_id INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    how       TEXT NOT NULL,
    PRIMARY KEY (person_id, seq, how)
) WITHOUT ROWID;
-- The newest entry whose people are in audit_person; later ones are read from details.
CREATE TABLE IF NOT EXISTS audit_person_upto (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    upto INTEGER NOT NULL
);
INSERT OR IGNORE INTO audit_person_upto (id, upto) VALUES (1, 0);
-- Entries made under a request's reference as their purpose.
CREATE TABLE IF NOT EXISTS audit_case (
    reference TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    PRIMARY KEY (reference, seq)
) WITHOUT ROWID;
-- Outbox entries already moved into the trail, so a crash between the move and the
-- outbox's cleanup never appends one twice.
CREATE TABLE IF NOT EXISTS outbox_done (
    token TEXT PRIMARY KEY,
    seq   INTEGER NOT NULL
) WITHOUT ROWID;
"#;

/// The trail's file for a store file: `loggvakt.db` → `loggvakt-audit.db`.
pub fn trail_path(db: &Path) -> PathBuf {
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "loggvakt.db".into());
    let stem = name.strip_suffix(".db").unwrap_or(&name);
    db.with_file_name(format!("{stem}-audit.db"))
}

/// The head file beside the trail: one line `seq hash time` per append, only appended to.
pub fn head_path(db: &Path) -> PathBuf {
    let trail = trail_path(db);
    trail.with_extension("head")
}

/// The audit trail: its own connection to its own file.
pub struct Trail {
    conn: Connection,
    path: PathBuf,
    head_file: PathBuf,
    sharing: Sharing,
}

/// An entry to append: what was done, to what, with which particulars.
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub actor: &'a Actor,
    pub action: &'a str,
    pub subject: &'a str,
    pub details: &'a serde_json::Value,
}

impl Trail {
    /// Opens (creating if needed) the trail at `path` with the store's permissions.
    pub fn open(path: &Path, head_file: &Path, sharing: Sharing) -> Result<Trail> {
        super::prepare_file(path, sharing)?;
        for suffix in ["-wal", "-shm"] {
            super::check_side_file(path, suffix, sharing)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_NOFOLLOW,
        )
        .map_err(|e| super::sql_at(path, e))?;
        conn.busy_timeout(TRAIL_BUSY)?;
        let setup = || -> rusqlite::Result<()> {
            let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                conn.pragma_update(None, "journal_mode", "WAL")?;
            }
            // FULL: an append is durable when its commit returns, one fsync of the WAL.
            conn.pragma_update(None, "synchronous", "FULL")?;
            // A process that searches once closes the trail right after its one append.
            // A checkpoint on each close would add two fsyncs (the WAL again, then the
            // file) and, as the emptied WAL is deleted, more on the next append (the
            // new WAL's header and its directory). The WAL therefore stays between
            // processes, and `write` empties it once it has grown (SQLite's own
            // automatic checkpoint cannot: each process rebuilds the WAL index, which
            // forgets what was copied, so the WAL would never start over and grow).
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
            conn.pragma_update(None, "wal_autocheckpoint", 0)?;
            let (has_outbox, has_upto): (bool, bool) = conn.query_row(
                "SELECT count(*) FILTER (WHERE name = 'outbox_done') > 0,
                        count(*) FILTER (WHERE name = 'audit_person_upto') > 0
                 FROM sqlite_master",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if !has_outbox {
                conn.execute_batch(&format!("BEGIN IMMEDIATE;{TRAIL_SCHEMA}COMMIT;"))?;
            } else if !has_upto {
                // A trail from before the batches: every append indexed its people.
                conn.execute_batch(&format!(
                    "BEGIN IMMEDIATE;{TRAIL_SCHEMA}
                     UPDATE audit_person_upto SET upto = (SELECT coalesce(max(seq), 0) FROM audit);
                     COMMIT;"
                ))?;
            }
            Ok(())
        };
        setup().map_err(|e| super::sql_at(path, e))?;
        Ok(Trail {
            conn,
            path: path.to_owned(),
            head_file: head_file.to_owned(),
            sharing,
        })
    }

    #[cfg(test)]
    pub(crate) fn in_memory() -> Trail {
        let conn = Connection::open_in_memory().expect("an in-memory database");
        conn.execute_batch(TRAIL_SCHEMA)
            .expect("the trail's schema");
        Trail {
            conn,
            path: "memory".into(),
            head_file: "/nonexistent/memory-audit.head".into(),
            sharing: Sharing::default(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn head_file(&self) -> &Path {
        &self.head_file
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Appends one entry in its own short transaction and notes the new head outside
    /// the file. When this returns, the entry is durable.
    pub fn append(&self, e: &NewEntry<'_>) -> Result<Entry> {
        let at = now();
        let entry = self
            .write(|tx| insert(tx, e, &at))
            .map_err(|e| super::sql_at(&self.path, e))?;
        self.anchor(&entry);
        Ok(entry)
    }

    fn write<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        self.checkpoint_when_grown();
        Ok(value)
    }

    /// Copies a grown WAL into the trail and truncates it, so the next open has
    /// little to read back. The entries are durable already, so the checkpoint
    /// does not wait: one that another process's read or append holds up is left
    /// for a later append, and the search that tried it is not held up either.
    fn checkpoint_when_grown(&self) {
        let wal = format!("{}-wal", self.path.display());
        if std::fs::metadata(wal).is_ok_and(|m| m.len() > TRAIL_CHECKPOINT_BYTES)
            && self.conn.busy_timeout(Duration::ZERO).is_ok()
        {
            let _ = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
            let _ = self.conn.busy_timeout(TRAIL_BUSY);
        }
    }

    fn anchor(&self, e: &Entry) {
        anchor::note(&self.head_file, e, self.sharing.file_mode());
    }

    /// Copies the entries of a store's old in-file trail that this trail lacks,
    /// keeping their numbers and hashes; refuses if the two disagree.
    pub(super) fn adopt(&self, old: &[Entry]) -> Result<usize> {
        let n = self
            .write(|tx| {
                let mut added = 0;
                for e in old {
                    let have: Option<String> = tx
                        .query_row("SELECT hash FROM audit WHERE seq = ?1", [e.seq], |r| {
                            r.get(0)
                        })
                        .optional()?;
                    match have {
                        Some(h) if h == e.hash => continue,
                        Some(_) => {
                            return Err(rusqlite::Error::ModuleError(format!(
                                "entry {} of the database's old audit trail differs from the trail file's",
                                e.seq
                            )));
                        }
                        None => {}
                    }
                    insert_raw(tx, e)?;
                    added += 1;
                }
                Ok(added)
            })
            .map_err(|e| match e {
                rusqlite::Error::ModuleError(m) => StoreError::Invalid(format!(
                    "{}: {m}; keep both files and run `loggvakt audit verify`",
                    self.path.display()
                )),
                other => super::sql_at(&self.path, other),
            })?;
        if let Some(last) = old.last().filter(|_| n > 0) {
            self.anchor(last);
        }
        Ok(n)
    }

    /// Moves outbox entries into the trail, each once; returns the tokens now in it.
    pub(super) fn take_outbox(&self, pending: &[Pending]) -> Result<Vec<String>> {
        let mut last = None;
        let done = self
            .write(|tx| {
                let mut done = Vec::new();
                for p in pending {
                    let seen: Option<i64> = tx
                        .query_row(
                            "SELECT seq FROM outbox_done WHERE token = ?1",
                            [&p.token],
                            |r| r.get(0),
                        )
                        .optional()?;
                    if seen.is_none() {
                        let details: serde_json::Value =
                            serde_json::from_str(&p.details).unwrap_or(serde_json::Value::Null);
                        let actor = Actor {
                            uid: p.uid,
                            user: p.os_user.clone(),
                            sudo_user: p.sudo_user.clone(),
                        };
                        let e = insert(
                            tx,
                            &NewEntry {
                                actor: &actor,
                                action: &p.action,
                                subject: &p.subject,
                                details: &details,
                            },
                            &p.at,
                        )?;
                        tx.execute(
                            "INSERT INTO outbox_done (token, seq) VALUES (?1, ?2)",
                            params![p.token, e.seq],
                        )?;
                        last = Some(e);
                    }
                    done.push(p.token.clone());
                }
                Ok(done)
            })
            .map_err(|e| super::sql_at(&self.path, e))?;
        if let Some(e) = last {
            self.anchor(&e);
        }
        Ok(done)
    }
}

fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

fn insert(tx: &Transaction<'_>, e: &NewEntry<'_>, at: &str) -> rusqlite::Result<Entry> {
    let (prev_seq, prev_hash) = tx
        .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_owned()));
    let mut entry = Entry {
        seq: prev_seq + 1,
        at: at.to_owned(),
        uid: e.actor.uid,
        os_user: e.actor.user.clone(),
        sudo_user: e.actor.sudo_user.clone(),
        action: e.action.to_owned(),
        subject: e.subject.to_owned(),
        details: e.details.to_string(),
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry.compute_hash();
    insert_raw(tx, &entry)?;
    Ok(entry)
}

/// Inserts an entry as it is and indexes which request it was made under (who it
/// concerned is indexed later, in batches: [`Trail::index_people`]).
fn insert_raw(tx: &Transaction<'_>, entry: &Entry) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit (seq, at, uid, os_user, sudo_user, action, subject, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        entry.seq,
        entry.at,
        entry.uid,
        entry.os_user,
        entry.sudo_user,
        entry.action,
        entry.subject,
        entry.details,
        entry.prev_hash,
        entry.hash
    ])?;
    let details: serde_json::Value =
        serde_json::from_str(&entry.details).unwrap_or(serde_json::Value::Null);
    if let Some(case) = details["purpose"]["case"].as_str() {
        tx.prepare_cached("INSERT OR IGNORE INTO audit_case (reference, seq) VALUES (?1, ?2)")?
            .execute(params![case, entry.seq])?;
    }
    Ok(())
}

/// An entry waiting in the store's outbox.
#[derive(Debug, Clone)]
pub(super) struct Pending {
    pub id: i64,
    pub token: String,
    pub at: String,
    pub uid: u32,
    pub os_user: String,
    pub sudo_user: String,
    pub action: String,
    pub subject: String,
    pub details: String,
}

pub(super) fn pending(conn: &Connection) -> rusqlite::Result<Vec<Pending>> {
    let mut st = conn.prepare_cached(
        "SELECT id, token, at, uid, os_user, sudo_user, action, subject, details
         FROM audit_outbox ORDER BY id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Pending {
            id: r.get(0)?,
            token: r.get(1)?,
            at: r.get(2)?,
            uid: r.get(3)?,
            os_user: r.get(4)?,
            sudo_user: r.get(5)?,
            action: r.get(6)?,
            subject: r.get(7)?,
            details: r.get(8)?,
        })
    })?;
    rows.collect()
}

/// Puts an entry into the store's outbox in the caller's transaction, so the change
/// and its entry commit together or not at all; it reaches the trail after the commit.
pub fn append(
    tx: &Transaction<'_>,
    actor: &Actor,
    action: &str,
    subject: &str,
    details: &serde_json::Value,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit_outbox (token, at, uid, os_user, sudo_user, action, subject, details)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        token(),
        now(),
        actor.uid,
        actor.user,
        actor.sudo_user,
        action,
        subject,
        details.to_string()
    ])?;
    Ok(())
}

/// 128 random bits in hex: an outbox entry's name in the trail.
fn token() -> String {
    let mut b = [0u8; 16];
    // SAFETY: the buffer is valid for its length; getrandom writes at most that.
    let n = unsafe { libc::getrandom(b.as_mut_ptr().cast(), b.len(), 0) };
    if n != b.len() as isize {
        // Without the kernel's randomness, time and pid still tell entries apart.
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        b.copy_from_slice(&(t ^ (u128::from(std::process::id()) << 96)).to_le_bytes());
    }
    hex::encode(b)
}

pub(super) fn entry_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        seq: r.get(0)?,
        at: r.get(1)?,
        uid: r.get(2)?,
        os_user: r.get(3)?,
        sudo_user: r.get(4)?,
        action: r.get(5)?,
        subject: r.get(6)?,
        details: r.get(7)?,
        prev_hash: r.get(8)?,
        hash: r.get(9)?,
    })
}

pub(super) const COLUMNS: &str =
    "seq, at, uid, os_user, sudo_user, action, subject, details, prev_hash, hash";

/// Every entry in the order it is stored (by rowid, so a reordering shows).
pub fn all(trail: &Trail) -> Result<Vec<Entry>> {
    let mut st = trail
        .conn
        .prepare(&format!("SELECT {COLUMNS} FROM audit ORDER BY rowid"))?;
    let rows = st.query_map([], entry_of)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The newest entries first, at most `limit` (0 = all).
pub fn newest(trail: &Trail, limit: usize) -> Result<Vec<Entry>> {
    let limit = if limit == 0 { -1 } else { limit as i64 };
    let mut st = trail.conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM audit ORDER BY seq DESC LIMIT ?1"
    ))?;
    let rows = st.query_map([limit], entry_of)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The hash of the newest entry (the genesis hash for an empty trail).
pub fn head(trail: &Trail) -> Result<String> {
    Ok(trail
        .conn
        .query_row(
            "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| GENESIS.to_owned()))
}

/// How an entry concerned people: `named` in its filter, or present in its `results`.
const HOWS: [&str; 2] = ["named", "results"];

/// The people an entry's details name, each with how it concerned them.
fn people_of(details: &str) -> Vec<(i64, &'static str)> {
    let details: serde_json::Value =
        serde_json::from_str(details).unwrap_or(serde_json::Value::Null);
    let ids = &details["person_ids"];
    HOWS.iter()
        .flat_map(|&how| {
            ids[how]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(move |id| Some((id.as_i64()?, how)))
        })
        .collect()
}

impl Trail {
    /// Adds the people of the entries appended since the last batch to `audit_person`,
    /// sorted by person, so each of its pages is written once for the whole batch.
    pub fn index_people(&self) -> rusqlite::Result<usize> {
        self.write(|tx| {
            let upto: i64 = tx.query_row("SELECT upto FROM audit_person_upto", [], |r| r.get(0))?;
            let mut rows = Vec::new();
            let mut last = upto;
            {
                let mut st = tx.prepare("SELECT seq, details FROM audit WHERE seq > ?1")?;
                let mut entries = st.query([upto])?;
                while let Some(r) = entries.next()? {
                    let seq: i64 = r.get(0)?;
                    last = last.max(seq);
                    let details = r.get_ref(1)?.as_str().unwrap_or_default();
                    rows.extend(people_of(details).into_iter().map(|(p, how)| (p, seq, how)));
                }
            }
            rows.sort_unstable();
            let mut insert = tx.prepare(
                "INSERT OR IGNORE INTO audit_person (person_id, seq, how) VALUES (?1, ?2, ?3)",
            )?;
            for (person, seq, how) in &rows {
                insert.execute(params![person, seq, how])?;
            }
            tx.execute("UPDATE audit_person_upto SET upto = ?1", [last])?;
            Ok(rows.len())
        })
    }
}

/// Entries that concerned any of these people (named or in the results), oldest
/// first, each with how: `named`, `results` or both.
///
/// The people of entries appended since the last batch are indexed first. Where that
/// cannot be written (a trail opened read-only, say), the answer is the same: those
/// entries are read from their details, in the same read transaction as the index.
pub fn concerning(trail: &Trail, person_ids: &[i64]) -> Result<Vec<(Entry, Vec<String>)>> {
    if person_ids.is_empty() {
        return Ok(Vec::new());
    }
    // Only an optimisation: the read below does not depend on it.
    let _ = trail.index_people();
    let tx = Transaction::new_unchecked(&trail.conn, rusqlite::TransactionBehavior::Deferred)?;
    let wanted: std::collections::BTreeSet<i64> = person_ids.iter().copied().collect();
    let mut found: std::collections::BTreeMap<i64, Vec<String>> = Default::default();
    let mut note = |seq: i64, how: &str| {
        let hows = found.entry(seq).or_default();
        if !hows.iter().any(|h| h == how) {
            hows.push(how.to_owned());
        }
    };
    let upto: i64 = tx.query_row("SELECT upto FROM audit_person_upto", [], |r| r.get(0))?;
    {
        let mut st = tx.prepare_cached(
            "SELECT seq, how FROM audit_person WHERE person_id = ?1 AND seq <= ?2",
        )?;
        for id in &wanted {
            let mut rows = st.query(params![id, upto])?;
            while let Some(r) = rows.next()? {
                note(r.get(0)?, r.get_ref(1)?.as_str().unwrap_or_default());
            }
        }
        let mut st = tx.prepare_cached("SELECT seq, details FROM audit WHERE seq > ?1")?;
        let mut rows = st.query([upto])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            for (person, how) in people_of(r.get_ref(1)?.as_str().unwrap_or_default()) {
                if wanted.contains(&person) {
                    note(seq, how);
                }
            }
        }
    }
    let mut st = tx.prepare_cached(&format!("SELECT {COLUMNS} FROM audit WHERE seq = ?1"))?;
    let mut out = Vec::with_capacity(found.len());
    for (seq, mut hows) in found {
        hows.sort();
        out.push((st.query_row([seq], entry_of)?, hows));
    }
    Ok(out)
}

/// Entries made under a request's reference as their purpose, oldest first.
pub fn under_case(trail: &Trail, reference: &str) -> Result<Vec<Entry>> {
    let mut st = trail.conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM audit WHERE seq IN (SELECT seq FROM audit_case WHERE reference = ?1)
         ORDER BY seq"
    ))?;
    let rows = st.query_map([reference], entry_of)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(trail: &Trail, named: &[i64], results: &[i64]) -> i64 {
        let actor = Actor {
            uid: 1000,
            user: "vakt".into(),
            sudo_user: String::new(),
        };
        let details = serde_json::json!({"person_ids": {"named": named, "results": results}});
        trail
            .append(&NewEntry {
                actor: &actor,
                action: "query",
                subject: "",
                details: &details,
            })
            .unwrap()
            .seq
    }

    fn open(dir: &Path) -> Trail {
        Trail::open(
            &dir.join("t-audit.db"),
            &dir.join("t-audit.head"),
            Sharing::default(),
        )
        .unwrap()
    }

    fn who(trail: &Trail, person: i64) -> Vec<(i64, Vec<String>)> {
        concerning(trail, &[person])
            .unwrap()
            .into_iter()
            .map(|(e, hows)| (e.seq, hows))
            .collect()
    }

    fn upto(trail: &Trail) -> i64 {
        trail
            .conn
            .query_row("SELECT upto FROM audit_person_upto", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn an_append_leaves_the_people_index_alone_and_a_lookup_still_finds_it() {
        let dir = tempfile::tempdir().unwrap();
        let trail = open(dir.path());
        let a = search(&trail, &[7], &[7, 8]);
        let b = search(&trail, &[], &[8, 9]);
        let rows: i64 = trail
            .conn
            .query_row("SELECT count(*) FROM audit_person", [], |r| r.get(0))
            .unwrap();
        assert_eq!((rows, upto(&trail)), (0, 0));
        assert_eq!(
            who(&trail, 8),
            vec![(a, vec!["results".into()]), (b, vec!["results".into()])]
        );
        assert_eq!(
            who(&trail, 7),
            vec![(a, vec!["named".into(), "results".into()])]
        );
        // The lookups indexed both entries in one batch; later ones come from details.
        assert_eq!(upto(&trail), b);
        let c = search(&trail, &[9], &[]);
        assert_eq!(
            who(&trail, 9),
            vec![(b, vec!["results".into()]), (c, vec!["named".into()])]
        );
        assert!(who(&trail, 10).is_empty());
    }

    #[test]
    fn a_trail_that_cannot_be_written_answers_from_the_entries_details() {
        let dir = tempfile::tempdir().unwrap();
        let a = {
            let trail = open(dir.path());
            search(&trail, &[], &[5])
        };
        let trail = open(dir.path());
        trail.conn.pragma_update(None, "query_only", true).unwrap();
        assert!(trail.index_people().is_err());
        assert_eq!(who(&trail, 5), vec![(a, vec!["results".into()])]);
    }

    #[test]
    fn a_trail_indexed_at_every_append_keeps_its_index_and_is_not_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t-audit.db");
        {
            // The layout before the batches: audit_person written with each entry.
            let conn = Connection::open(&path).unwrap();
            let old = TRAIL_SCHEMA
                .split("-- The newest entry whose people")
                .next()
                .unwrap();
            let outbox = &TRAIL_SCHEMA[TRAIL_SCHEMA.find("-- Outbox entries").unwrap()..];
            conn.execute_batch(&format!("{old}{outbox}")).unwrap();
            conn.execute_batch(
                "INSERT INTO audit (seq, at, uid, os_user, action, details, prev_hash, hash)
                     VALUES (1, 't', 0, 'u', 'query', '{\"person_ids\":{\"results\":[3]}}', 'g', 'h');
                 INSERT INTO audit_person (person_id, seq, how) VALUES (3, 1, 'results');",
            )
            .unwrap();
        }
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let trail = open(dir.path());
        assert_eq!(upto(&trail), 1);
        assert_eq!(who(&trail, 3), vec![(1, vec!["results".into()])]);
    }
}
