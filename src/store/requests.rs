//! Requests, their scope, attachments, decision and escalations. Every write runs
//! in the caller's transaction (an operation's), so its audit entry commits with it.

use super::passages::{from_ts, to_ts};
use super::{Result, StoreError};
use crate::audit::Actor;
use crate::domain::request::{
    AttachmentInfo, Decision, Escalation, EscalationTarget, Outcome, Reason, Request, RequestId,
    Scope, Window,
};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

/// The largest attachment kept (a scanned letter is a few megabytes).
pub const MAX_ATTACHMENT: u64 = 64 * 1024 * 1024;

/// What a new request holds.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub requester: String,
    pub unit: String,
    pub reason: Reason,
    pub text: String,
    pub scope: Scope,
}

fn now() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

fn invalid(msg: String) -> StoreError {
    StoreError::Invalid(msg)
}

/// Creates a request numbered after the year's last one (the write lock is held,
/// so two officers cannot take the same number).
pub fn create(
    tx: &Transaction<'_>,
    actor: &Actor,
    new: &NewRequest,
    year: i32,
) -> Result<RequestId> {
    let seq: i64 = tx.query_row(
        "SELECT coalesce(max(seq), 0) + 1 FROM request WHERE year = ?1",
        [year],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO request (year, seq, requester, unit, reason, text, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            year,
            seq,
            new.requester,
            new.unit,
            new.reason.as_str(),
            new.text,
            now(),
            actor.label()
        ],
    )?;
    let id = tx.last_insert_rowid();
    for p in &new.scope.persons {
        add_value(tx, id, "person", p)?;
    }
    for r in &new.scope.readers {
        add_value(tx, id, "reader", r)?;
    }
    for w in &new.scope.windows {
        add_window(tx, id, *w)?;
    }
    Ok(RequestId {
        year,
        seq: seq as u32,
    })
}

/// The row id of a request, or an error naming the reference.
pub fn row_id(conn: &Connection, r: RequestId) -> Result<i64> {
    conn.query_row(
        "SELECT id FROM request WHERE year = ?1 AND seq = ?2",
        params![r.year, r.seq],
        |row| row.get(0),
    )
    .optional()?
    .ok_or_else(|| invalid(format!("no request {r}; see `loggvakt request list`")))
}

/// Refuses a change to a request that has been decided.
pub fn ensure_open(conn: &Connection, r: RequestId) -> Result<i64> {
    let id = row_id(conn, r)?;
    let decided: Option<String> = conn
        .query_row(
            "SELECT decided_at FROM decision WHERE request_id = ?1",
            [id],
            |row| row.get(0),
        )
        .optional()?;
    match decided {
        Some(at) => Err(invalid(format!(
            "{r} was decided on {at}; a decided request cannot be changed"
        ))),
        None => Ok(id),
    }
}

/// Adds a person or reader to the scope (once).
pub fn add_value(tx: &Transaction<'_>, id: i64, kind: &str, value: &str) -> Result<bool> {
    let value = value.trim();
    if value.is_empty() {
        return Err(invalid(format!(
            "an empty {kind} cannot be part of a scope"
        )));
    }
    let exists: Option<i64> = tx
        .query_row(
            "SELECT id FROM request_scope WHERE request_id = ?1 AND kind = ?2 AND value = ?3",
            params![id, kind, value],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_some() {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO request_scope (request_id, kind, value) VALUES (?1, ?2, ?3)",
        params![id, kind, value],
    )?;
    Ok(true)
}

/// Removes a person or reader from the scope; an error when it was not there.
pub fn remove_value(tx: &Transaction<'_>, id: i64, kind: &str, value: &str) -> Result<()> {
    let n = tx.execute(
        "DELETE FROM request_scope WHERE request_id = ?1 AND kind = ?2 AND value = ?3",
        params![id, kind, value.trim()],
    )?;
    if n == 0 {
        return Err(invalid(format!(
            "\"{}\" is not a {kind} of this request's scope",
            value.trim()
        )));
    }
    Ok(())
}

pub fn add_window(tx: &Transaction<'_>, id: i64, w: Window) -> Result<()> {
    if w.from > w.to {
        return Err(invalid(format!(
            "the window {w} ends before it begins; swap its ends"
        )));
    }
    tx.execute(
        "INSERT INTO request_scope (request_id, kind, from_ts, to_ts) VALUES (?1, 'window', ?2, ?3)",
        params![id, to_ts(w.from), to_ts(w.to)],
    )?;
    Ok(())
}

pub fn remove_window(tx: &Transaction<'_>, id: i64, w: Window) -> Result<()> {
    let n = tx.execute(
        "DELETE FROM request_scope WHERE request_id = ?1 AND kind = 'window' AND from_ts = ?2 AND to_ts = ?3",
        params![id, to_ts(w.from), to_ts(w.to)],
    )?;
    if n == 0 {
        return Err(invalid(format!(
            "the window {w} is not part of this request's scope"
        )));
    }
    Ok(())
}

/// Changes the request's own fields; `None` leaves a field as it is.
pub fn update_fields(
    tx: &Transaction<'_>,
    id: i64,
    requester: Option<&str>,
    unit: Option<&str>,
    reason: Option<Reason>,
    text: Option<&str>,
) -> Result<()> {
    tx.execute(
        "UPDATE request SET requester = coalesce(?2, requester), unit = coalesce(?3, unit),
         reason = coalesce(?4, reason), text = coalesce(?5, text) WHERE id = ?1",
        params![id, requester, unit, reason.map(Reason::as_str), text],
    )?;
    Ok(())
}

/// Stores an attachment's bytes with their size and SHA-256; returns its number.
pub fn add_attachment(
    tx: &Transaction<'_>,
    actor: &Actor,
    id: i64,
    name: &str,
    bytes: &[u8],
) -> Result<AttachmentInfo> {
    if bytes.len() as u64 > MAX_ATTACHMENT {
        return Err(invalid(format!(
            "{name} is larger than {} MB; store a smaller scan or a PDF of the letter",
            MAX_ATTACHMENT / 1024 / 1024
        )));
    }
    let n: i64 = tx.query_row(
        "SELECT coalesce(max(n), 0) + 1 FROM attachment WHERE request_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let sha256 = hex::encode(Sha256::digest(bytes));
    let info = AttachmentInfo {
        n: n as u32,
        name: name.to_owned(),
        size: bytes.len() as u64,
        sha256,
        added_at: now(),
        added_by: actor.label(),
    };
    tx.execute(
        "INSERT INTO attachment (request_id, n, name, size, sha256, bytes, added_at, added_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            n,
            info.name,
            info.size as i64,
            info.sha256,
            bytes,
            info.added_at,
            info.added_by
        ],
    )?;
    Ok(info)
}

/// One attachment with its bytes.
pub fn attachment(conn: &Connection, id: i64, n: u32) -> Result<(AttachmentInfo, Vec<u8>)> {
    conn.query_row(
        "SELECT n, name, size, sha256, added_at, added_by, bytes FROM attachment
         WHERE request_id = ?1 AND n = ?2",
        params![id, n],
        |r| Ok((attachment_of(r)?, r.get::<_, Vec<u8>>(6)?)),
    )
    .optional()?
    .ok_or_else(|| invalid(format!("this request has no attachment {n}")))
}

fn attachment_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<AttachmentInfo> {
    Ok(AttachmentInfo {
        n: r.get::<_, i64>(0)? as u32,
        name: r.get(1)?,
        size: r.get::<_, i64>(2)? as u64,
        sha256: r.get(3)?,
        added_at: r.get(4)?,
        added_by: r.get(5)?,
    })
}

/// Records the decision and any escalations; refuses a second decision.
pub fn decide(
    tx: &Transaction<'_>,
    actor: &Actor,
    id: i64,
    outcome: Outcome,
    note: &str,
    escalations: &[(EscalationTarget, String)],
) -> Result<Decision> {
    let decision = Decision {
        outcome,
        note: note.to_owned(),
        at: now(),
        by: actor.label(),
    };
    tx.execute(
        "INSERT INTO decision (request_id, outcome, note, decided_at, decided_by) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, outcome.as_str(), decision.note, decision.at, decision.by],
    )?;
    for (target, reference) in escalations {
        tx.execute(
            "INSERT INTO escalation (request_id, target, reference, at, by) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, target.as_str(), reference, decision.at, decision.by],
        )?;
    }
    Ok(decision)
}

/// One change to a request's scope, as the screen makes them.
#[derive(Debug, Clone, PartialEq)]
pub enum ScopeChange {
    AddPerson(String),
    RemovePerson(String),
    AddReader(String),
    RemoveReader(String),
    AddWindow(Window),
    RemoveWindow(Window),
}

/// A whole request, or an error naming the reference.
pub fn get(conn: &Connection, r: RequestId) -> Result<Request> {
    let id = row_id(conn, r)?;
    let mut req = conn.query_row(
        "SELECT requester, unit, reason, text, created_at, created_by FROM request WHERE id = ?1",
        [id],
        |row| {
            Ok(Request {
                reference: r,
                requester: row.get(0)?,
                unit: row.get(1)?,
                reason: Reason::parse(&row.get::<_, String>(2)?).unwrap_or(Reason::Other),
                text: row.get(3)?,
                created_at: row.get(4)?,
                created_by: row.get(5)?,
                scope: Scope::default(),
                attachments: Vec::new(),
                decision: None,
                escalations: Vec::new(),
            })
        },
    )?;
    {
        let mut st = conn.prepare_cached(
            "SELECT kind, value, from_ts, to_ts FROM request_scope WHERE request_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([id], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<i64>>(2)?,
                row.get::<_, Option<i64>>(3)?,
            ))
        })?;
        for row in rows {
            match row? {
                (k, v, _, _) if k == "person" => req.scope.persons.push(v),
                (k, v, _, _) if k == "reader" => req.scope.readers.push(v),
                (_, _, Some(f), Some(t)) => req.scope.windows.push(Window {
                    from: from_ts(f),
                    to: from_ts(t),
                }),
                _ => {}
            }
        }
        req.scope.windows.sort();
    }
    {
        let mut st = conn.prepare_cached(
            "SELECT n, name, size, sha256, added_at, added_by FROM attachment WHERE request_id = ?1 ORDER BY n",
        )?;
        req.attachments = st
            .query_map([id], attachment_of)?
            .collect::<std::result::Result<_, _>>()?;
    }
    req.decision = conn
        .query_row(
            "SELECT outcome, note, decided_at, decided_by FROM decision WHERE request_id = ?1",
            [id],
            |row| {
                Ok(Decision {
                    outcome: Outcome::parse(&row.get::<_, String>(0)?).unwrap_or(Outcome::None),
                    note: row.get(1)?,
                    at: row.get(2)?,
                    by: row.get(3)?,
                })
            },
        )
        .optional()?;
    {
        let mut st = conn.prepare_cached(
            "SELECT target, reference, at, by FROM escalation WHERE request_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([id], |row| {
            Ok(Escalation {
                target: EscalationTarget::parse(&row.get::<_, String>(0)?)
                    .unwrap_or(EscalationTarget::Medcontrol),
                reference: row.get(1)?,
                at: row.get(2)?,
                by: row.get(3)?,
            })
        })?;
        req.escalations = rows.collect::<std::result::Result<_, _>>()?;
    }
    Ok(req)
}

/// Every request, newest first.
pub fn list(conn: &Connection) -> Result<Vec<Request>> {
    let ids: Vec<RequestId> = conn
        .prepare("SELECT year, seq FROM request ORDER BY year DESC, seq DESC")?
        .query_map([], |r| {
            Ok(RequestId {
                year: r.get(0)?,
                seq: r.get::<_, i64>(1)? as u32,
            })
        })?
        .collect::<std::result::Result<_, _>>()?;
    ids.into_iter().map(|r| get(conn, r)).collect()
}

/// A stored person a request's scope names.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopedPerson {
    pub id: i64,
    pub name: String,
    pub employee_id: String,
    pub name_key: String,
}

/// The people a scope entry means, matched exactly, never by a part of a name:
/// an employee id equal to the text, or the whole name in either word order.
/// Someone found by employee id also brings rows of the same name stored
/// without any employee id (systems such as Salto export names only).
pub fn resolve_person(conn: &Connection, query: &str) -> Result<Vec<ScopedPerson>> {
    let q = query.trim();
    let key = crate::domain::PersonName::key_of(q);
    let mut st = conn.prepare_cached(
        "SELECT id, name, employee_id, name_key FROM person
         WHERE (employee_id <> '' AND employee_id = ?1) OR name_key = ?2 ORDER BY id",
    )?;
    let mut found: Vec<ScopedPerson> = st
        .query_map(params![q, key], |r| {
            Ok(ScopedPerson {
                id: r.get(0)?,
                name: r.get(1)?,
                employee_id: r.get(2)?,
                name_key: r.get(3)?,
            })
        })?
        .collect::<std::result::Result<_, _>>()?;
    let by_id: Vec<String> = found
        .iter()
        .filter(|p| p.employee_id == q)
        .map(|p| p.name_key.clone())
        .collect();
    for k in by_id {
        let mut st = conn.prepare_cached(
            "SELECT id, name, employee_id, name_key FROM person WHERE employee_id = '' AND name_key = ?1",
        )?;
        let more: Vec<ScopedPerson> = st
            .query_map([&k], |r| {
                Ok(ScopedPerson {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    employee_id: r.get(2)?,
                    name_key: r.get(3)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        for p in more {
            if !found.iter().any(|f| f.id == p.id) {
                found.push(p);
            }
        }
    }
    let ids: std::collections::BTreeSet<&str> = found
        .iter()
        .map(|p| p.employee_id.as_str())
        .filter(|e| !e.is_empty())
        .collect();
    if ids.len() > 1 {
        return Err(invalid(format!(
            "\"{q}\" in the scope matches {} different people (employee ids {}); edit the scope to name the employee id",
            ids.len(),
            ids.into_iter().collect::<Vec<_>>().join(", ")
        )));
    }
    Ok(found)
}

/// Each passage system's stored export coverage: the earliest and latest time
/// of any file imported from it.
pub fn coverage(
    conn: &Connection,
) -> Result<Vec<(String, chrono::NaiveDateTime, chrono::NaiveDateTime)>> {
    let mut st = conn.prepare(
        "SELECT system, min(first_ts), max(last_ts) FROM source_file
         WHERE kind = 'passage' AND first_ts IS NOT NULL GROUP BY system ORDER BY system",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            from_ts(r.get(1)?),
            from_ts(r.get(2)?),
        ))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Readers (system, code, name) that never logged anyone leaving: no passage
/// with direction out and no exit-button event (counted per day by the imports).
/// Leaving through them is invisible.
pub fn readers_without_exit(
    conn: &Connection,
) -> Result<std::collections::HashSet<(String, String, String)>> {
    let mut st = conn.prepare(
        "SELECT r.system, r.code, r.name FROM reader r WHERE NOT EXISTS (
             SELECT 1 FROM passage_day d WHERE d.reader_id = r.id AND d.exits > 0)",
    )?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// A decided request past its retention, as a purge lists it (no personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expired {
    pub id: i64,
    pub reference: RequestId,
    pub decided_at: String,
    pub attachments: u64,
}

/// Decided requests whose decision lies before `cutoff` (`YYYY-MM-DD`), oldest first.
/// An open request is never expired: it is kept until it is decided.
pub fn decided_before(conn: &Connection, cutoff: &str) -> Result<Vec<Expired>> {
    let mut st = conn.prepare(
        "SELECT r.id, r.year, r.seq, d.decided_at,
                (SELECT count(*) FROM attachment a WHERE a.request_id = r.id)
         FROM request r JOIN decision d ON d.request_id = r.id
         WHERE d.decided_at < ?1 ORDER BY d.decided_at",
    )?;
    let rows = st.query_map([cutoff], |r| {
        Ok(Expired {
            id: r.get(0)?,
            reference: RequestId {
                year: r.get(1)?,
                seq: r.get::<_, i64>(2)? as u32,
            },
            decided_at: r.get(3)?,
            attachments: r.get::<_, i64>(4)? as u64,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Removes a request with its scope, attachments, decision and escalations.
pub fn delete(tx: &Transaction<'_>, id: i64) -> Result<()> {
    for table in ["escalation", "decision", "attachment", "request_scope"] {
        tx.execute(&format!("DELETE FROM {table} WHERE request_id = ?1"), [id])?;
    }
    tx.execute("DELETE FROM request WHERE id = ?1", [id])?;
    Ok(())
}
