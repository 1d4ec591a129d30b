//! PMO review data: periods (unit + month), their access rows, each row's verdict and
//! comment, escalations, sign-off, and the purge of whole periods.

use super::passages::{from_ts, to_ts};
use super::{Result, StoreError};
use crate::domain::pmo::{PmoAction, PmoRecord, Verdict};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use std::collections::HashSet;

/// A review period as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    pub id: i64,
    pub unit: String,
    /// `YYYY-MM` of the period's first day.
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub source_sha256: String,
    pub created_at: String,
    pub signed_off_at: Option<String>,
    pub signed_off_by: Option<String>,
    pub consulted: Option<String>,
    pub summary: Option<String>,
    pub rows: u64,
    pub reviewed: u64,
}

/// A stored row with its review.
#[derive(Debug, Clone, PartialEq)]
pub struct Access {
    pub id: i64,
    pub record: PmoRecord,
    pub verdict: Option<Verdict>,
    pub comment: String,
    pub reviewed_by: String,
    pub reviewed_at: String,
}

/// An escalation of one row.
#[derive(Debug, Clone, PartialEq)]
pub struct Escalation {
    pub id: i64,
    pub access_id: i64,
    pub target: String,
    pub reference: String,
    pub note: String,
    pub by: String,
    pub at: String,
}

/// What an import added to a period.
#[derive(Debug, Clone, Default)]
pub struct Added {
    pub period_id: i64,
    pub created: bool,
    pub added: u64,
    pub duplicates: u64,
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
}

fn now() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Stores an export's rows in the period `(unit, label)`, creating it when new.
#[allow(clippy::too_many_arguments)]
pub fn insert_rows(
    tx: &Transaction<'_>,
    unit: &str,
    label: &str,
    from: NaiveDate,
    to: NaiveDate,
    sha256: &str,
    file_id: i64,
    records: &[PmoRecord],
) -> Result<Added> {
    let existing: Option<(i64, Option<String>)> = tx
        .query_row(
            "SELECT id, signed_off_at FROM pmo_period WHERE unit = ?1 AND label = ?2",
            params![unit, label],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let signed_off = existing.as_ref().and_then(|(_, at)| at.clone());
    let existing = existing.map(|(id, _)| id);
    let mut out = Added::default();
    out.period_id = match existing {
        Some(id) => id,
        None => {
            tx.execute(
                "INSERT INTO pmo_period (unit, label, from_date, to_date, source_sha256, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    unit,
                    label,
                    from.to_string(),
                    to.to_string(),
                    sha256,
                    now()
                ],
            )?;
            out.created = true;
            tx.last_insert_rowid()
        }
    };
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO pmo_access (period_id, ts, user_name, user_id, role, user_unit,
             student_id, student, student_unit, class, record_type, document, action, action_text,
             file_id, row_no)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?;
    for r in records {
        let n = stmt.execute(params![
            out.period_id,
            to_ts(r.time),
            r.user,
            r.user_id,
            r.role,
            r.user_unit,
            r.student_id,
            r.student,
            r.student_unit,
            r.class,
            r.record_type,
            r.document,
            r.action.label(),
            r.action_text,
            file_id,
            r.row as i64,
        ])?;
        if n == 1 {
            out.added += 1;
        } else {
            out.duplicates += 1;
        }
    }
    if let Some(at) = signed_off
        && out.added > 0
    {
        // The signed record must stay what was signed; the caller's transaction rolls back.
        return Err(StoreError::Invalid(format!(
            "period {label} of {unit} was signed off on {at}; this export holds {} row(s) it              does not, so nothing was imported",
            out.added
        )));
    }
    Ok(out)
}

const PERIOD_SQL: &str = "SELECT p.id, p.unit, p.label, p.from_date, p.to_date, p.source_sha256,
        p.created_at, p.signed_off_at, p.signed_off_by, p.consulted, p.summary,
        (SELECT count(*) FROM pmo_access a WHERE a.period_id = p.id),
        (SELECT count(*) FROM pmo_access a JOIN pmo_review r ON r.access_id = a.id
          WHERE a.period_id = p.id)
    FROM pmo_period p";

fn period_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Period> {
    Ok(Period {
        id: r.get(0)?,
        unit: r.get(1)?,
        label: r.get(2)?,
        from: date(&r.get::<_, String>(3)?),
        to: date(&r.get::<_, String>(4)?),
        source_sha256: r.get(5)?,
        created_at: r.get(6)?,
        signed_off_at: r.get(7)?,
        signed_off_by: r.get(8)?,
        consulted: r.get(9)?,
        summary: r.get(10)?,
        rows: r.get::<_, i64>(11)? as u64,
        reviewed: r.get::<_, i64>(12)? as u64,
    })
}

/// Every period, oldest first.
pub fn periods(conn: &Connection) -> Result<Vec<Period>> {
    let sql = format!("{PERIOD_SQL} ORDER BY p.from_date, p.to_date, p.unit");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], period_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The period with this label (`YYYY-MM`), or the newest when none is given.
pub fn find_period(conn: &Connection, label: Option<&str>) -> Result<Period> {
    let all = periods(conn)?;
    let Some(label) = label else {
        return all.last().cloned().ok_or_else(|| {
            StoreError::Invalid(
                "no PMO period yet: import a \"Logg elevåtkomst\" export first".to_owned(),
            )
        });
    };
    let matching: Vec<&Period> = all.iter().filter(|p| p.label == label).collect();
    match matching[..] {
        [one] => Ok(one.clone()),
        [] => Err(StoreError::Invalid(format!(
            "no PMO period {label}; known: {}",
            if all.is_empty() {
                "none".to_owned()
            } else {
                all.iter()
                    .map(|p| p.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ))),
        _ => Err(StoreError::Invalid(format!(
            "{} units have a period {label} ({}); only one unit per month is supported here",
            matching.len(),
            matching
                .iter()
                .map(|p| p.unit.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

pub fn period_by_id(conn: &Connection, id: i64) -> Result<Period> {
    let sql = format!("{PERIOD_SQL} WHERE p.id = ?1");
    Ok(conn.query_row(&sql, [id], period_row)?)
}

/// A period's rows in time order, with their reviews.
pub fn accesses(conn: &Connection, period_id: i64) -> Result<Vec<Access>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.ts, a.user_name, a.user_id, a.role, a.user_unit, a.student_id, a.student,
                a.student_unit, a.class, a.record_type, a.document, a.action, a.action_text,
                a.row_no, r.verdict, r.comment, r.reviewed_by, r.reviewed_at
         FROM pmo_access a LEFT JOIN pmo_review r ON r.access_id = a.id
         WHERE a.period_id = ?1 ORDER BY a.ts, a.id",
    )?;
    let rows = stmt.query_map([period_id], |r| {
        let verdict: Option<String> = r.get(15)?;
        Ok(Access {
            id: r.get(0)?,
            record: PmoRecord {
                time: from_ts(r.get(1)?),
                user: r.get(2)?,
                user_id: r.get(3)?,
                role: r.get(4)?,
                user_unit: r.get(5)?,
                student_id: r.get(6)?,
                student: r.get(7)?,
                student_unit: r.get(8)?,
                class: r.get(9)?,
                record_type: r.get(10)?,
                document: r.get(11)?,
                action: PmoAction::from_label(&r.get::<_, String>(12)?),
                action_text: r.get(13)?,
                row: r.get::<_, i64>(14)? as u64,
            },
            verdict: verdict.as_deref().and_then(Verdict::parse),
            comment: r.get::<_, Option<String>>(16)?.unwrap_or_default(),
            reviewed_by: r.get::<_, Option<String>>(17)?.unwrap_or_default(),
            reviewed_at: r.get::<_, Option<String>>(18)?.unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Users (by id, else name) with a confirmed deviation in a period that ended before `before`.
pub fn earlier_deviators(conn: &Connection, before: NaiveDate) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT a.user_id, a.user_name FROM pmo_access a
         JOIN pmo_review r ON r.access_id = a.id
         JOIN pmo_period p ON p.id = a.period_id
         WHERE r.verdict = 'deviation' AND p.to_date < ?1",
    )?;
    let rows = stmt.query_map([before.to_string()], |r| {
        Ok(user_key(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How a user is recognised across periods: the login id, else the name.
pub fn user_key(user_id: &str, user: &str) -> String {
    if user_id.is_empty() {
        crate::text::fold(user)
    } else {
        crate::text::fold(user_id)
    }
}

/// Which of `ids` exist, and in which period each lies.
pub fn period_of(conn: &Connection, id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT period_id FROM pmo_access WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Sets the verdict (and comment, when given) of rows; an absent comment keeps the old one.
pub fn mark(
    tx: &Transaction<'_>,
    ids: &[i64],
    verdict: Verdict,
    comment: Option<&str>,
    by: &str,
) -> Result<()> {
    let at = now();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO pmo_review (access_id, verdict, comment, reviewed_by, reviewed_at)
         VALUES (?1, ?2, coalesce(?3, ''), ?4, ?5)
         ON CONFLICT (access_id) DO UPDATE SET verdict = excluded.verdict,
             comment = coalesce(?3, pmo_review.comment),
             reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at",
    )?;
    for id in ids {
        stmt.execute(params![id, verdict.as_str(), comment, by, at])?;
    }
    Ok(())
}

/// Sets a row's comment, keeping its verdict (a row without one gets none).
pub fn comment(tx: &Transaction<'_>, id: i64, text: &str, by: &str) -> Result<bool> {
    let n = tx.execute(
        "UPDATE pmo_review SET comment = ?2, reviewed_by = ?3, reviewed_at = ?4
         WHERE access_id = ?1",
        params![id, text, by, now()],
    )?;
    Ok(n == 1)
}

pub fn escalate(
    tx: &Transaction<'_>,
    access_id: i64,
    target: &str,
    reference: &str,
    note: &str,
    by: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO pmo_escalation (access_id, target, reference, note, by_user, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![access_id, target, reference, note, by, now()],
    )?;
    Ok(tx.last_insert_rowid())
}

pub fn escalations(conn: &Connection, period_id: i64) -> Result<Vec<Escalation>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.access_id, e.target, e.reference, e.note, e.by_user, e.at
         FROM pmo_escalation e JOIN pmo_access a ON a.id = e.access_id
         WHERE a.period_id = ?1 ORDER BY e.id",
    )?;
    let rows = stmt.query_map([period_id], |r| {
        Ok(Escalation {
            id: r.get(0)?,
            access_id: r.get(1)?,
            target: r.get(2)?,
            reference: r.get(3)?,
            note: r.get(4)?,
            by: r.get(5)?,
            at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn sign_off(
    tx: &Transaction<'_>,
    period_id: i64,
    by: &str,
    consulted: &str,
    summary: Option<&str>,
) -> Result<String> {
    let at = now();
    tx.execute(
        "UPDATE pmo_period SET signed_off_at = ?2, signed_off_by = ?3, consulted = ?4, summary = ?5
         WHERE id = ?1",
        params![period_id, at, by, consulted, summary],
    )?;
    Ok(at)
}

/// Periods whose end lies before `cutoff` (they are past their retention).
pub fn expired(conn: &Connection, cutoff: NaiveDate) -> Result<Vec<Period>> {
    Ok(periods(conn)?
        .into_iter()
        .filter(|p| p.to < cutoff)
        .collect())
}

/// Deletes a period with its rows, reviews, escalations and the source-file records only
/// it used. Returns how many rows went.
pub fn delete_period(tx: &Transaction<'_>, period_id: i64) -> Result<u64> {
    let files: Vec<i64> = {
        let mut stmt =
            tx.prepare("SELECT DISTINCT file_id FROM pmo_access WHERE period_id = ?1")?;
        let ids = stmt.query_map([period_id], |r| r.get(0))?;
        ids.collect::<rusqlite::Result<_>>()?
    };
    tx.execute(
        "DELETE FROM pmo_escalation WHERE access_id IN
             (SELECT id FROM pmo_access WHERE period_id = ?1)",
        [period_id],
    )?;
    tx.execute(
        "DELETE FROM pmo_review WHERE access_id IN
             (SELECT id FROM pmo_access WHERE period_id = ?1)",
        [period_id],
    )?;
    let rows = tx.execute("DELETE FROM pmo_access WHERE period_id = ?1", [period_id])?;
    tx.execute("DELETE FROM pmo_period WHERE id = ?1", [period_id])?;
    for f in files {
        tx.execute(
            "DELETE FROM source_file WHERE id = ?1 AND kind = 'pmo'
               AND NOT EXISTS (SELECT 1 FROM pmo_access WHERE file_id = ?1)",
            [f],
        )?;
    }
    Ok(rows as u64)
}

pub fn sha256_hex(s: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(s.as_bytes()))
}

/// Refuses a change to a period that was signed off.
pub fn refuse_signed(period: &Period) -> Result<()> {
    match &period.signed_off_at {
        Some(at) => Err(StoreError::Invalid(format!(
            "period {} was signed off on {at} by {}; its review can no longer change",
            period.label,
            period.signed_off_by.as_deref().unwrap_or("?")
        ))),
        None => Ok(()),
    }
}
