//! Passages: writing an import's records with normalised readers, people, cards
//! and event types, and reading them back by reader, person, card and time.

use super::Result;
use crate::domain::{ClockNote, Direction, EventKind, PassageRecord};
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::HashMap;

/// Seconds since 1970-01-01 00:00:00 of a wall-clock time (no zone involved).
pub fn to_ts(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

pub fn from_ts(ts: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp(ts, 0).map_or(NaiveDateTime::MIN, |d| d.naive_utc())
}

/// Whether a record was added or was already present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Added,
    Duplicate,
}

/// Writes one file's passages inside the caller's transaction, keeping ids of
/// readers, people, cards and event types in memory so each row costs one insert.
pub struct PassageWriter<'t> {
    tx: &'t Transaction<'t>,
    system: String,
    file_id: i64,
    /// Keyed by `code \u{1f} name`, built in `key` without allocating per row.
    readers: HashMap<String, i64>,
    key: String,
    people: HashMap<String, Vec<(i64, String)>>,
    cards: HashMap<String, (i64, Option<i64>)>,
    events: HashMap<String, i64>,
    /// Rows can only repeat stored ones inside the stored time span; outside it
    /// the duplicate lookup is skipped.
    existing_span: Option<(i64, i64)>,
}

impl<'t> PassageWriter<'t> {
    pub fn new(tx: &'t Transaction<'t>, system: &str, file_id: i64) -> Result<Self> {
        let mut readers = HashMap::new();
        {
            let mut st = tx.prepare("SELECT id, code, name FROM reader WHERE system = ?1")?;
            let rows = st.query_map([system], |r| {
                Ok((
                    format!("{}\u{1f}{}", r.get::<_, String>(1)?, r.get::<_, String>(2)?),
                    r.get(0)?,
                ))
            })?;
            for row in rows {
                let (k, v) = row?;
                readers.insert(k, v);
            }
        }
        let mut people: HashMap<String, Vec<(i64, String)>> = HashMap::new();
        {
            let mut st = tx.prepare("SELECT id, name_key, employee_id FROM person")?;
            let rows = st.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            for row in rows {
                let (id, key, emp) = row?;
                people.entry(key).or_default().push((id, emp));
            }
        }
        let mut cards = HashMap::new();
        {
            let mut st = tx.prepare("SELECT id, number, person_id FROM card WHERE system = ?1")?;
            let rows = st.query_map([system], |r| {
                Ok((r.get::<_, String>(1)?, (r.get(0)?, r.get(2)?)))
            })?;
            for row in rows {
                let (k, v) = row?;
                cards.insert(k, v);
            }
        }
        let mut events = HashMap::new();
        {
            let mut st = tx.prepare("SELECT id, text FROM event_type WHERE system = ?1")?;
            let rows = st.query_map([system], |r| Ok((r.get::<_, String>(1)?, r.get(0)?)))?;
            for row in rows {
                let (k, v) = row?;
                events.insert(k, v);
            }
        }
        let existing_span = tx
            .query_row("SELECT min(ts), max(ts) FROM passage", [], |r| {
                Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?))
            })
            .map(|(a, b)| a.zip(b))?;
        Ok(PassageWriter {
            tx,
            system: system.to_owned(),
            file_id,
            readers,
            key: String::new(),
            people,
            cards,
            events,
            existing_span,
        })
    }

    fn reader_id(&mut self, rec: &PassageRecord) -> Result<i64> {
        self.key.clear();
        self.key.push_str(&rec.reader_code);
        self.key.push('\u{1f}');
        self.key.push_str(&rec.door);
        if let Some(id) = self.readers.get(self.key.as_str()) {
            return Ok(*id);
        }
        let key = self.key.clone();
        self.tx
            .prepare_cached(
                "INSERT INTO reader (system, code, name, site) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![self.system, rec.reader_code, rec.door, rec.site])?;
        let id = self.tx.last_insert_rowid();
        self.readers.insert(key, id);
        Ok(id)
    }

    /// Finds or creates the person. An employee id tells homonyms apart; a row
    /// without one joins the person of that name (the first, if several).
    fn person_id(&mut self, rec: &PassageRecord) -> Result<Option<i64>> {
        let Some(name) = &rec.person else {
            return Ok(None);
        };
        let emp = rec.employee_id.as_str();
        let known = self.people.entry(name.key().to_owned()).or_default();
        if let Some((id, _)) = known.iter().find(|(_, e)| e == emp) {
            return Ok(Some(*id));
        }
        if emp.is_empty() {
            if let Some((id, _)) = known.first() {
                return Ok(Some(*id));
            }
        } else if let Some(entry) = known.iter_mut().find(|(_, e)| e.is_empty()) {
            // The same name seen earlier without an employee id: now we know it.
            self.tx
                .prepare_cached("UPDATE person SET employee_id = ?2 WHERE id = ?1")?
                .execute(params![entry.0, emp])?;
            entry.1 = emp.to_owned();
            return Ok(Some(entry.0));
        }
        self.tx
            .prepare_cached("INSERT INTO person (name, name_key, employee_id, department) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![name.display(), name.key(), emp, rec.department])?;
        let id = self.tx.last_insert_rowid();
        known.push((id, emp.to_owned()));
        Ok(Some(id))
    }

    fn card_id(&mut self, rec: &PassageRecord, person: Option<i64>) -> Result<Option<i64>> {
        if rec.card.is_empty() {
            return Ok(None);
        }
        match self.cards.get_mut(&rec.card) {
            Some((id, owner)) => {
                if person.is_some() && *owner != person {
                    self.tx
                        .prepare_cached("UPDATE card SET person_id = ?2 WHERE id = ?1")?
                        .execute(params![*id, person])?;
                    *owner = person;
                }
                Ok(Some(*id))
            }
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO card (system, number, person_id) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![self.system, rec.card, person])?;
                let id = self.tx.last_insert_rowid();
                self.cards.insert(rec.card.clone(), (id, person));
                Ok(Some(id))
            }
        }
    }

    fn event_id(&mut self, rec: &PassageRecord) -> Result<i64> {
        if let Some(id) = self.events.get(&rec.event_text) {
            return Ok(*id);
        }
        self.tx
            .prepare_cached("INSERT INTO event_type (system, text, kind) VALUES (?1, ?2, ?3)")?
            .execute(params![self.system, rec.event_text, rec.kind.code()])?;
        let id = self.tx.last_insert_rowid();
        self.events.insert(rec.event_text.clone(), id);
        Ok(id)
    }

    /// Stores a record unless the same event (reader, time, event, person, card,
    /// direction) is already stored from another file.
    pub fn write(&mut self, rec: &PassageRecord) -> Result<Written> {
        let ts = to_ts(rec.time);
        let reader = self.reader_id(rec)?;
        let person = self.person_id(rec)?;
        let card = self.card_id(rec, person)?;
        let event = self.event_id(rec)?;
        let direction = rec.direction.code();
        if self
            .existing_span
            .is_some_and(|(lo, hi)| ts >= lo && ts <= hi)
        {
            let dup = self
                .tx
                .prepare_cached(
                    "SELECT 1 FROM passage WHERE reader_id = ?1 AND ts = ?2 AND event_id = ?3
                     AND person_id IS ?4 AND card_id IS ?5 AND direction = ?6 AND file_id <> ?7 LIMIT 1",
                )?
                .query_row(params![reader, ts, event, person, card, direction, self.file_id], |_| Ok(()))
                .optional()?;
            if dup.is_some() {
                return Ok(Written::Duplicate);
            }
        }
        self.tx
            .prepare_cached(
                "INSERT INTO passage (ts, reader_id, person_id, card_id, event_id, direction, clock, file_id, row_no)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                ts,
                reader,
                person,
                card,
                event,
                direction,
                ClockNote::of(rec.time).code(),
                self.file_id,
                rec.row as i64
            ])?;
        Ok(Written::Added)
    }
}

/// What to look for among passages. Text filters are resolved to ids first,
/// so the query itself is a range scan on (id, time).
#[derive(Debug, Clone, Default)]
pub struct PassageFilter {
    pub readers: Vec<String>,
    pub persons: Vec<String>,
    pub cards: Vec<String>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
    pub kinds: Vec<EventKind>,
    pub systems: Vec<String>,
}

/// One passage as shown and exported.
#[derive(Debug, Clone, PartialEq)]
pub struct PassageRow {
    pub id: i64,
    pub time: NaiveDateTime,
    pub system: String,
    pub reader_code: String,
    pub reader_name: String,
    pub person: String,
    pub employee_id: String,
    pub card: String,
    pub kind: EventKind,
    pub event_text: String,
    pub direction: Direction,
    pub clock: ClockNote,
    pub source_file: String,
    pub source_row: u64,
}

impl PassageRow {
    /// The reader as a person reads it: the door's name and, when known, its code.
    pub fn reader_label(&self) -> String {
        match (self.reader_name.is_empty(), self.reader_code.is_empty()) {
            (false, false) => format!("{} [{}]", self.reader_name, self.reader_code),
            (false, true) => self.reader_name.clone(),
            (true, false) => self.reader_code.clone(),
            (true, true) => "–".into(),
        }
    }
}

/// Ids the text filters resolved to; `None` means "no filter of this sort".
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub readers: Option<Vec<i64>>,
    /// `--person`: people matched by name or employee id, and cards whose number
    /// was given as the person; a passage matches either.
    pub persons: Option<(Vec<i64>, Vec<i64>)>,
    /// `--card`: a passage must carry one of these cards.
    pub cards: Option<Vec<i64>>,
}

impl Resolved {
    /// True when a text filter matched nothing, so no passage can match.
    pub fn is_empty_match(&self) -> bool {
        self.readers.as_ref().is_some_and(Vec::is_empty)
            || self
                .persons
                .as_ref()
                .is_some_and(|(p, c)| p.is_empty() && c.is_empty())
            || self.cards.as_ref().is_some_and(Vec::is_empty)
    }
}

/// A position in time order, for paging forwards and backwards without OFFSET.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub ts: i64,
    pub id: i64,
}

/// Which way a page runs from its cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// Rows strictly after the cursor (or from the start), in time order.
    After(Option<Cursor>),
    /// Rows strictly before the cursor (or from the end), returned in time order.
    Before(Option<Cursor>),
}

const SELECT_ROWS: &str = "SELECT p.id, p.ts, r.system, r.code, r.name, coalesce(pe.name, ''),
        coalesce(pe.employee_id, ''), coalesce(c.number, ''), e.kind, e.text, p.direction, p.clock,
        f.name, p.row_no
    FROM passage p
    JOIN reader r ON r.id = p.reader_id
    JOIN event_type e ON e.id = p.event_id
    JOIN source_file f ON f.id = p.file_id
    LEFT JOIN person pe ON pe.id = p.person_id
    LEFT JOIN card c ON c.id = p.card_id";

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Builds the WHERE clause for resolved filters. Ids are integers we produced,
/// so they are written inline; text never reaches the SQL.
fn where_clause(
    filter: &PassageFilter,
    resolved: &Resolved,
) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if let Some(ids) = &resolved.readers {
        clauses.push(format!("p.reader_id IN ({})", id_list(ids)));
    }
    match &resolved.persons {
        Some((p, c)) if c.is_empty() => clauses.push(format!("p.person_id IN ({})", id_list(p))),
        Some((p, c)) if p.is_empty() => clauses.push(format!("p.card_id IN ({})", id_list(c))),
        Some((p, c)) => clauses.push(format!(
            "(p.person_id IN ({}) OR p.card_id IN ({}))",
            id_list(p),
            id_list(c)
        )),
        None => {}
    }
    if let Some(c) = &resolved.cards {
        clauses.push(format!("p.card_id IN ({})", id_list(c)));
    }
    if let Some(from) = filter.from {
        clauses.push("p.ts >= ?".into());
        values.push(Value::Integer(to_ts(from)));
    }
    if let Some(to) = filter.to {
        clauses.push("p.ts <= ?".into());
        values.push(Value::Integer(to_ts(to)));
    }
    if !filter.kinds.is_empty() {
        let kinds = filter
            .kinds
            .iter()
            .map(|k| k.code().to_string())
            .collect::<Vec<_>>()
            .join(",");
        clauses.push(format!(
            "p.event_id IN (SELECT id FROM event_type WHERE kind IN ({kinds}))"
        ));
    }
    if !filter.systems.is_empty() {
        let marks = vec!["?"; filter.systems.len()].join(",");
        clauses.push(format!(
            "p.reader_id IN (SELECT id FROM reader WHERE system IN ({marks}))"
        ));
        values.extend(
            filter
                .systems
                .iter()
                .map(|s| Value::Text(s.to_ascii_lowercase())),
        );
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    (sql, values)
}

/// Resolves reader and person text to ids: readers by code or name, people by
/// name in either order or employee id, cards by number (leading zeros ignored).
pub fn resolve(conn: &rusqlite::Connection, filter: &PassageFilter) -> Result<Resolved> {
    let mut resolved = Resolved::default();
    if !filter.readers.is_empty() {
        resolved.readers = Some(super::catalog::match_readers(conn, &filter.readers)?);
    }
    if !filter.persons.is_empty() {
        resolved.persons = Some(super::catalog::match_people(conn, &filter.persons)?);
    }
    if !filter.cards.is_empty() {
        resolved.cards = Some(super::catalog::match_cards(conn, &filter.cards)?);
    }
    Ok(resolved)
}

/// One page of matching passages, in time order.
pub fn page(
    conn: &rusqlite::Connection,
    filter: &PassageFilter,
    resolved: &Resolved,
    page: Page,
    limit: usize,
) -> Result<Vec<PassageRow>> {
    if resolved.is_empty_match() {
        return Ok(Vec::new());
    }
    let (mut where_sql, mut values) = where_clause(filter, resolved);
    let joiner = if where_sql.is_empty() {
        " WHERE "
    } else {
        " AND "
    };
    let (order, cursor) = match page {
        Page::After(c) => ("ASC", c.map(|c| (c, ">"))),
        Page::Before(c) => ("DESC", c.map(|c| (c, "<"))),
    };
    if let Some((c, op)) = cursor {
        where_sql.push_str(&format!("{joiner}(p.ts, p.id) {op} (?, ?)"));
        values.push(rusqlite::types::Value::Integer(c.ts));
        values.push(rusqlite::types::Value::Integer(c.id));
    }
    let limit_sql = if limit == 0 {
        String::new()
    } else {
        format!(" LIMIT {limit}")
    };
    let sql = format!("{SELECT_ROWS}{where_sql} ORDER BY p.ts {order}, p.id {order}{limit_sql}");
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(rusqlite::params_from_iter(values), row_of)?;
    let mut out = rows.collect::<std::result::Result<Vec<_>, _>>()?;
    if order == "DESC" {
        out.reverse();
    }
    Ok(out)
}

/// Every matching passage in time order, streamed to `each` (for exports and the CLI).
pub fn for_each(
    conn: &rusqlite::Connection,
    filter: &PassageFilter,
    resolved: &Resolved,
    limit: usize,
    mut each: impl FnMut(PassageRow) -> std::io::Result<()>,
) -> Result<usize> {
    if resolved.is_empty_match() {
        return Ok(0);
    }
    let (where_sql, values) = where_clause(filter, resolved);
    let limit_sql = if limit == 0 {
        String::new()
    } else {
        format!(" LIMIT {limit}")
    };
    let sql = format!("{SELECT_ROWS}{where_sql} ORDER BY p.ts, p.id{limit_sql}");
    let mut st = conn.prepare(&sql)?;
    let mut rows = st.query(rusqlite::params_from_iter(values))?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        each(row_of(r)?).map_err(|e| super::StoreError::Io {
            path: "output".into(),
            source: e,
        })?;
        n += 1;
    }
    Ok(n)
}

/// How many passages match (for counts shown beside a page).
pub fn count(
    conn: &rusqlite::Connection,
    filter: &PassageFilter,
    resolved: &Resolved,
) -> Result<u64> {
    if resolved.is_empty_match() {
        return Ok(0);
    }
    let (where_sql, values) = where_clause(filter, resolved);
    let sql = format!("SELECT count(*) FROM passage p{where_sql}");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(values), |r| r.get::<_, i64>(0))? as u64)
}

fn row_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<PassageRow> {
    Ok(PassageRow {
        id: r.get(0)?,
        time: from_ts(r.get(1)?),
        system: r.get(2)?,
        reader_code: r.get(3)?,
        reader_name: r.get(4)?,
        person: r.get(5)?,
        employee_id: r.get(6)?,
        card: r.get(7)?,
        kind: EventKind::from_code(r.get(8)?),
        event_text: r.get(9)?,
        direction: Direction::from_code(r.get(10)?),
        clock: ClockNote::from_code(r.get(11)?),
        source_file: r.get(12)?,
        source_row: r.get::<_, i64>(13)? as u64,
    })
}

/// Indexes set aside for a large load (name and SQL), rebuilt once its rows are committed.
#[derive(Debug, Default)]
pub struct SuspendedIndexes(Vec<(String, String)>);

/// Drops the passage indexes a large load into a small table is faster without
/// (building an index once beats updating it at random places row by row). The
/// time index stays: exports are in time order, so it only grows at its end. The
/// reader index stays when rows are already stored: duplicate checks use it.
pub fn suspend_indexes(tx: &Transaction<'_>, keep_reader_index: bool) -> Result<SuspendedIndexes> {
    let mut st = tx.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'passage' AND sql IS NOT NULL")?;
    let indexes: Vec<(String, String)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let mut dropped = Vec::new();
    for (name, sql) in indexes {
        if name == "passage_ts" || (keep_reader_index && name == "passage_reader_ts") {
            continue;
        }
        tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
        dropped.push((name, sql));
    }
    Ok(SuspendedIndexes(dropped))
}

/// Rebuilds what [`suspend_indexes`] dropped. Another process that opened the
/// database after the rows were committed may have rebuilt some already (see
/// `Store::open`), so only those still missing are built.
pub fn restore_indexes(tx: &Transaction<'_>, suspended: SuspendedIndexes) -> Result<()> {
    let mut exists =
        tx.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?1")?;
    for (name, sql) in suspended.0 {
        if exists.query_row([&name], |r| r.get::<_, i64>(0))? == 0 {
            tx.execute_batch(&sql)?;
        }
    }
    Ok(())
}

/// The number of stored passages, cheaply (the largest id; exact unless rows were purged).
pub fn approximate_count(conn: &rusqlite::Connection) -> Result<u64> {
    Ok(
        conn.query_row("SELECT coalesce(max(id), 0) FROM passage", [], |r| {
            r.get::<_, i64>(0)
        })? as u64,
    )
}
