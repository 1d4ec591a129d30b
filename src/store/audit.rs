//! The audit table: entries appended in the caller's transaction, so an action
//! and its record commit together or not at all.

use super::Result;
use crate::audit::{Actor, Entry, GENESIS};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// Appends one entry chained to the current head.
pub fn append(
    tx: &Transaction<'_>,
    actor: &Actor,
    action: &str,
    subject: &str,
    details: &serde_json::Value,
) -> Result<Entry> {
    let (prev_seq, prev_hash) = tx
        .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_owned()));
    let mut entry = Entry {
        seq: prev_seq + 1,
        at: chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        uid: actor.uid,
        os_user: actor.user.clone(),
        sudo_user: actor.sudo_user.clone(),
        action: action.to_owned(),
        subject: subject.to_owned(),
        details: details.to_string(),
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry.compute_hash();
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
    Ok(entry)
}

fn entry_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
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

const COLUMNS: &str = "seq, at, uid, os_user, sudo_user, action, subject, details, prev_hash, hash";

/// Every entry in the order it is stored (by rowid, so a reordering shows).
pub fn all(conn: &Connection) -> Result<Vec<Entry>> {
    let mut st = conn.prepare(&format!("SELECT {COLUMNS} FROM audit ORDER BY rowid"))?;
    let rows = st.query_map([], entry_of)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The newest entries first, at most `limit` (0 = all).
pub fn newest(conn: &Connection, limit: usize) -> Result<Vec<Entry>> {
    let limit = if limit == 0 { -1 } else { limit as i64 };
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM audit ORDER BY seq DESC LIMIT ?1"
    ))?;
    let rows = st.query_map([limit], entry_of)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The hash of the newest entry (the genesis hash for an empty trail).
pub fn head(conn: &Connection) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| GENESIS.to_owned()))
}
