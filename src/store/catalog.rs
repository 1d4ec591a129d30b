//! What is known: readers, people and cards, with counts and first/last seen, and
//! the matching of free text (any name order, any case, no diacritics) to their ids.

use super::Result;
use super::passages::utc_of;
use crate::domain::clock::{self, ClockNote};
use crate::domain::person::folded_matches;
use crate::text::{fold, fold_into};
use chrono::NaiveDateTime;
use rusqlite::Connection;

fn tokens(query: &str) -> Vec<String> {
    fold(query)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Rows of `(id, text, text)`: the small tables matched in memory, where folding
/// for diacritics happens in Rust rather than in SQL.
fn id_and_two_texts(conn: &Connection, sql: &str) -> Result<Vec<(i64, String, String)>> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Readers whose code or name contains any of the queries (folded substring match).
pub fn match_readers(conn: &Connection, queries: &[String]) -> Result<Vec<i64>> {
    let wanted: Vec<String> = queries
        .iter()
        .map(|q| fold(q))
        .filter(|q| !q.is_empty())
        .collect();
    let mut ids = Vec::new();
    // Every search runs this over every reader: the texts are borrowed from SQLite
    // and folded into two buffers kept across rows.
    let (mut code, mut name) = (String::new(), String::new());
    let mut st = conn.prepare_cached("SELECT id, code, name FROM reader")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let contains = |column: usize, folded: &mut String| -> Result<bool> {
            fold_into(r.get_ref(column)?.as_str().unwrap_or_default(), folded);
            Ok(wanted.iter().any(|q| folded.contains(q.as_str())))
        };
        if contains(1, &mut code)? || contains(2, &mut name)? {
            ids.push(r.get(0)?);
        }
    }
    Ok(ids)
}

/// People matching any query by name (either order, substrings of each word) or
/// by exact employee id, and cards whose number equals a query.
pub fn match_people(conn: &Connection, queries: &[String]) -> Result<(Vec<i64>, Vec<i64>)> {
    let token_sets: Vec<Vec<String>> = queries.iter().map(|q| tokens(q)).collect();
    let mut people = Vec::new();
    for (id, key, emp) in id_and_two_texts(conn, "SELECT id, name_key, employee_id FROM person")? {
        let by_name = token_sets.iter().any(|t| folded_matches(t, &key));
        let by_emp = !emp.is_empty() && queries.iter().any(|q| q.trim() == emp);
        if by_name || by_emp {
            people.push(id);
        }
    }
    Ok((people, match_cards(conn, queries)?))
}

/// Cards whose number equals a query; leading zeros are not significant
/// (`3401128` finds `0003401128`).
pub fn match_cards(conn: &Connection, queries: &[String]) -> Result<Vec<i64>> {
    let wanted: Vec<String> = queries
        .iter()
        .map(|q| q.trim())
        .filter(|q| !q.is_empty() && !q.contains(' '))
        .map(|q| q.trim_start_matches('0').to_ascii_lowercase())
        .collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    // The expression is the one `card_number_key` indexes: one seek per query,
    // however many unknown cards the imports have met.
    let marks = vec!["?"; wanted.len()].join(",");
    let mut st = conn.prepare(&format!(
        "SELECT id FROM card WHERE ltrim(lower(number), '0') IN ({marks}) ORDER BY id"
    ))?;
    let ids = st
        .query_map(rusqlite::params_from_iter(&wanted), |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    Ok(ids)
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReaderSummary {
    pub id: i64,
    pub system: String,
    pub code: String,
    pub name: String,
    pub site: String,
    pub passages: u64,
    pub first: Option<NaiveDateTime>,
    pub last: Option<NaiveDateTime>,
}

/// Every reader with its number of passages and first and last passage.
pub fn readers(conn: &Connection) -> Result<Vec<ReaderSummary>> {
    let mut st = conn.prepare_cached(
        "SELECT r.id, r.system, r.code, r.name, r.site,
                (SELECT coalesce(sum(passages), 0) FROM passage_day d WHERE d.reader_id = r.id)
         FROM reader r ORDER BY r.name COLLATE NOCASE, r.code, r.system",
    )?;
    let rows = st.query_map([], |r| {
        Ok(ReaderSummary {
            id: r.get(0)?,
            system: r.get(1)?,
            code: r.get(2)?,
            name: r.get(3)?,
            site: r.get(4)?,
            passages: r.get::<_, i64>(5)? as u64,
            first: None,
            last: None,
        })
    })?;
    let mut readers: Vec<ReaderSummary> = rows.collect::<std::result::Result<_, _>>()?;
    let mut span = conn.prepare_cached(
        // One seek each: min() and max() together in one SELECT would scan the range.
        "SELECT (SELECT min(id) FROM passage_by_reader WHERE reader_id = ?1),
                (SELECT max(id) FROM passage_by_reader WHERE reader_id = ?1)",
    )?;
    for reader in &mut readers {
        let (first, last) = span.query_row([reader.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        reader.first = wall_of_id(conn, first)?;
        reader.last = wall_of_id(conn, last)?;
    }
    Ok(readers)
}

/// The wall-clock time of a passage, by its id.
fn wall_of_id(conn: &Connection, id: Option<i64>) -> Result<Option<NaiveDateTime>> {
    let Some(id) = id else { return Ok(None) };
    let note: i64 = conn
        .prepare_cached("SELECT flags >> 2 FROM passage WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    Ok(Some(clock::wall_of(utc_of(id), ClockNote::from_code(note))))
}

#[derive(Debug, Clone, PartialEq)]
pub struct PersonSummary {
    pub id: i64,
    pub name: String,
    pub employee_id: String,
    pub department: String,
    pub cards: Vec<String>,
    pub systems: Vec<String>,
    pub passages: u64,
    pub first: Option<NaiveDateTime>,
    pub last: Option<NaiveDateTime>,
}

/// Every person with their cards, the systems they appear in, and their passages.
pub fn persons(conn: &Connection) -> Result<Vec<PersonSummary>> {
    let mut st = conn.prepare_cached(
        "SELECT pe.id, pe.name, pe.employee_id, pe.department,
                (SELECT group_concat(number, ', ') FROM (SELECT number FROM card c WHERE c.person_id = pe.id ORDER BY number)),
                (SELECT group_concat(system, ', ') FROM (SELECT DISTINCT system FROM card c WHERE c.person_id = pe.id ORDER BY system)),
                k.n, k.first, k.last
         FROM person pe
         LEFT JOIN (SELECT person_id, count(*) AS n, min(id) AS first, max(id) AS last
                    FROM passage_by_person GROUP BY person_id) k ON k.person_id = pe.id
         ORDER BY pe.name_key, pe.employee_id",
    )?;
    let split = |s: Option<String>| -> Vec<String> {
        s.map(|s| s.split(", ").map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let mut spans = Vec::new();
    let rows = st.query_map([], |r| {
        spans.push((r.get::<_, Option<i64>>(7)?, r.get::<_, Option<i64>>(8)?));
        Ok(PersonSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            employee_id: r.get(2)?,
            department: r.get(3)?,
            cards: split(r.get(4)?),
            systems: split(r.get(5)?),
            passages: r.get::<_, Option<i64>>(6)?.unwrap_or(0) as u64,
            first: None,
            last: None,
        })
    })?;
    let mut people: Vec<PersonSummary> = rows.collect::<std::result::Result<_, _>>()?;
    for (person, (first, last)) in people.iter_mut().zip(spans) {
        person.first = wall_of_id(conn, first)?;
        person.last = wall_of_id(conn, last)?;
    }
    Ok(people)
}

/// Passages at one reader on one day.
#[derive(Debug, Clone, PartialEq)]
pub struct DayCount {
    pub day: chrono::NaiveDate,
    pub system: String,
    pub code: String,
    pub name: String,
    pub passages: u64,
    pub exits: u64,
}

/// Passages per reader and day from `from` to `to` inclusive, from the counts
/// each import keeps (no passage is read), by day and then reader.
pub fn day_counts(
    conn: &Connection,
    readers: Option<&[i64]>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<DayCount>> {
    use crate::store::passages::{day_of, to_ts};
    let day = |d: chrono::NaiveDate| day_of(to_ts(d.and_time(chrono::NaiveTime::MIN)));
    let only = readers.map_or(String::new(), |ids| {
        format!(
            " AND d.reader_id IN ({})",
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        )
    });
    // The (reader, day) key serves one reader's range; without one, the days are
    // found reader by reader, which stays a seek per reader, not a scan.
    let sql = format!(
        "SELECT d.day, r.system, r.code, r.name, d.passages, d.exits
         FROM reader r JOIN passage_day d ON d.reader_id = r.id
         WHERE d.day BETWEEN ?1 AND ?2{only}
         ORDER BY d.day, r.name, r.code, r.system"
    );
    let mut st = conn.prepare(&sql)?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid constant date");
    let rows = st.query_map([day(from), day(to)], |r| {
        Ok(DayCount {
            day: epoch + chrono::Duration::days(r.get(0)?),
            system: r.get(1)?,
            code: r.get(2)?,
            name: r.get(3)?,
            passages: r.get::<_, i64>(4)? as u64,
            exits: r.get::<_, i64>(5)? as u64,
        })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}
