//! Kom & Gå stamps: written per import with duplicates skipped, read back per
//! person and day for comparing with passages.

use super::Result;
use super::passages::Written;
use super::passages::{from_ts, to_ts};
use crate::domain::stamp::{StampKind, StampRecord};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, Transaction, params};

/// Stores one stamp unless the same (person, time, type) is already stored.
pub fn write(tx: &Transaction<'_>, file_id: i64, rec: &StampRecord) -> Result<Written> {
    let (name, key) = rec
        .person
        .as_ref()
        .map_or((String::new(), String::new()), |p| {
            (p.display().to_owned(), p.key().to_owned())
        });
    let added = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO timestamp_stamp
             (employee_id, person, name_key, day, ts, kind, source, edited, file_id, row_no)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?
        .execute(params![
            rec.employee_id,
            name,
            key,
            rec.date.format("%Y-%m-%d").to_string(),
            to_ts(rec.time),
            rec.kind.code(),
            rec.source,
            rec.edited
                .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                .unwrap_or_default(),
            file_id,
            rec.row as i64
        ])?;
    Ok(if added == 1 {
        Written::Added
    } else {
        Written::Duplicate
    })
}

/// One stored stamp.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamp {
    pub employee_id: String,
    pub person: String,
    pub day: NaiveDate,
    pub time: NaiveDateTime,
    pub kind: StampKind,
    pub source: String,
    pub edited: String,
    pub source_file: String,
    pub source_row: u64,
}

/// The stamps of the people with these employee ids or name keys whose day lies
/// in `from..=to`, in time order.
pub fn for_people(
    conn: &Connection,
    employee_ids: &[String],
    name_keys: &[String],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Stamp>> {
    if employee_ids.is_empty() && name_keys.is_empty() {
        return Ok(Vec::new());
    }
    use rusqlite::types::Value;
    let mut values: Vec<Value> = vec![
        Value::Text(from.format("%Y-%m-%d").to_string()),
        Value::Text(to.format("%Y-%m-%d").to_string()),
    ];
    let mut who = Vec::new();
    if !employee_ids.is_empty() {
        who.push(format!(
            "s.employee_id IN ({})",
            vec!["?"; employee_ids.len()].join(",")
        ));
        values.extend(employee_ids.iter().cloned().map(Value::Text));
    }
    if !name_keys.is_empty() {
        // A stamp with an employee id belongs to that id alone; a name only
        // claims stamps that carry no id.
        who.push(format!(
            "(s.employee_id = '' AND s.name_key IN ({}))",
            vec!["?"; name_keys.len()].join(",")
        ));
        values.extend(name_keys.iter().cloned().map(Value::Text));
    }
    let sql = format!(
        "SELECT s.employee_id, s.person, s.day, s.ts, s.kind, s.source, s.edited, f.name, s.row_no
         FROM timestamp_stamp s JOIN source_file f ON f.id = s.file_id
         WHERE s.day >= ?1 AND s.day <= ?2 AND ({}) ORDER BY s.ts, s.id",
        who.join(" OR ")
    );
    let mut st = conn.prepare(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(values), |r| {
        let day: String = r.get(2)?;
        Ok(Stamp {
            employee_id: r.get(0)?,
            person: r.get(1)?,
            day: NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap_or(NaiveDate::MIN),
            time: from_ts(r.get(3)?),
            kind: StampKind::from_code(r.get(4)?).unwrap_or(StampKind::In),
            source: r.get(5)?,
            edited: r.get(6)?,
            source_file: r.get(7)?,
            source_row: r.get::<_, i64>(8)? as u64,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// How many stamps are stored.
pub fn count(conn: &Connection) -> Result<u64> {
    Ok(
        conn.query_row("SELECT count(*) FROM timestamp_stamp", [], |r| {
            r.get::<_, i64>(0)
        })? as u64,
    )
}

/// Kom & Gå stamps whose day lies before `cutoff`, counted per month (`YYYY-MM`).
pub fn months_before(conn: &Connection, cutoff: NaiveDate) -> Result<Vec<(String, u64)>> {
    let mut st = conn.prepare(
        "SELECT substr(day, 1, 7), count(*) FROM timestamp_stamp WHERE day < ?1
         GROUP BY 1 ORDER BY 1",
    )?;
    let rows = st.query_map([cutoff.format("%Y-%m-%d").to_string()], |r| {
        Ok((r.get(0)?, r.get::<_, i64>(1)? as u64))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Removes the stamps whose day lies before `cutoff`; returns how many.
pub fn delete_before(tx: &Transaction<'_>, cutoff: NaiveDate) -> Result<u64> {
    Ok(tx.execute(
        "DELETE FROM timestamp_stamp WHERE day < ?1",
        [cutoff.format("%Y-%m-%d").to_string()],
    )? as u64)
}
