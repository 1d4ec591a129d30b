//! Passages: writing an import's records with normalised readers, people, cards
//! and event types, and reading them back by reader, person, card and time.

use super::Result;
use super::dictionary::{Dictionary, Ids, NewEntry};
use super::lists::{self, List, ListWriter, Source, Walk};
use crate::domain::{ClockNote, Direction, EventKind, PersonName};
use crate::import::PassageView;
use chrono::{NaiveDateTime, Timelike};
use rusqlite::{Transaction, params};

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

/// How far a passage's time is shifted in its id: `id = ts << TS_SHIFT | n`.
pub const TS_SHIFT: u32 = 24;

/// The first id of a second; the passages of `ts` are `id_of(ts) .. id_of(ts + 1)`.
pub fn id_of(ts: i64) -> i64 {
    ts << TS_SHIFT
}

/// The second a passage id falls in.
pub fn ts_of(id: i64) -> i64 {
    id >> TS_SHIFT
}

/// Days since 1970-01-01 of a wall-clock time, as `passage_day` counts them.
pub fn day_of(ts: i64) -> i64 {
    ts.div_euclid(86_400)
}

/// One passage resolved to ids, as an import's reader thread hands it to the writer.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPassage {
    pub ts: i64,
    /// Worked out by the reader thread: it needs the calendar, the writer does not.
    pub clock: ClockNote,
    pub ids: Ids,
    pub direction: Direction,
    pub kind: EventKind,
    pub row: u64,
    /// Lookup-table entries to store before this passage.
    pub entries: Vec<NewEntry>,
}

impl NewPassage {
    /// Resolves a parsed row through the import's dictionary.
    pub fn resolve(
        rec: &PassageView<'_>,
        dictionary: &mut Dictionary,
        name_of: impl Fn(&str) -> Option<PersonName>,
    ) -> NewPassage {
        let mut entries = Vec::new();
        let ids = dictionary.resolve(rec, name_of, &mut entries);
        NewPassage {
            ts: to_ts(rec.time),
            clock: ClockNote::of(rec.time),
            ids,
            direction: rec.direction,
            kind: rec.kind,
            row: rec.row,
            entries,
        }
    }

    fn is_exit(&self) -> bool {
        self.direction == Direction::Out || self.kind == EventKind::ExitRequest
    }
}

/// What tells two passages of the same second apart (all but the file they came from).
type Key = (i64, Option<i64>, Option<i64>, i64, i64);

/// The second the writer is at: the next free number in it, and what other
/// files stored in it (for duplicates).
struct Second {
    ts: i64,
    next: i64,
    stored: Vec<Key>,
}

/// Writes one file's passages inside the caller's transaction. Rows usually come
/// in time order and later than anything stored, and then each costs one insert;
/// a row inside the stored time span first reads what is stored in its second.
pub struct PassageWriter<'t> {
    tx: &'t Transaction<'t>,
    system: String,
    file_id: i64,
    insert: rusqlite::CachedStatement<'t>,
    /// Inserts `INSERT_ROWS` rows in one statement: one cursor descent and one
    /// statement run for all of them, where row by row each pays its own.
    insert_many: rusqlite::CachedStatement<'t>,
    pending: Vec<Row>,
    /// The span of seconds stored before this file, and the span this file wrote.
    existing: Option<(i64, i64)>,
    written: Option<(i64, i64)>,
    second: Second,
    lists: ListWriter,
}

impl<'t> PassageWriter<'t> {
    pub fn new(tx: &'t Transaction<'t>, system: &str, file_id: i64) -> Result<Self> {
        let existing = tx
            .query_row("SELECT min(id), max(id) FROM passage", [], |r| {
                Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?))
            })
            .map(|(a, b)| a.zip(b).map(|(a, b)| (ts_of(a), ts_of(b))))?;
        let insert = |rows: usize| {
            let values = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?)"; rows].join(", ");
            tx.prepare_cached(&format!(
                "INSERT INTO passage (id, reader_id, person_id, card_id, event_id, direction, clock, file_id, row_no)
                 VALUES {values}"
            ))
        };
        Ok(PassageWriter {
            tx,
            system: system.to_owned(),
            file_id,
            insert: insert(1)?,
            insert_many: insert(INSERT_ROWS)?,
            pending: Vec::with_capacity(INSERT_ROWS),
            existing,
            written: None,
            second: Second {
                ts: i64::MIN,
                next: 0,
                stored: Vec::new(),
            },
            lists: ListWriter::new(existing.map(|(lo, hi)| (day_of(lo), day_of(hi))), true),
        })
    }

    /// Stores a lookup-table entry the reader thread created.
    pub fn add_entry(&mut self, entry: &NewEntry) -> Result<()> {
        let tx = self.tx;
        match entry {
            NewEntry::Reader {
                id,
                code,
                name,
                site,
            } => tx
                .prepare_cached(
                    "INSERT INTO reader (id, system, code, name, site) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![id, self.system, code, name, site])?,
            NewEntry::Person {
                id,
                name,
                key,
                employee_id,
                department,
            } => tx
                .prepare_cached(
                    "INSERT INTO person (id, name, name_key, employee_id, department) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![id, name, key, employee_id, department])?,
            NewEntry::EmployeeId {
                person,
                employee_id,
            } => tx
                .prepare_cached("UPDATE person SET employee_id = ?2 WHERE id = ?1")?
                .execute(params![person, employee_id])?,
            NewEntry::Card { id, number, person } => tx
                .prepare_cached(
                    "INSERT INTO card (id, system, number, person_id) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![id, self.system, number, person])?,
            NewEntry::CardOwner { card, person } => tx
                .prepare_cached("UPDATE card SET person_id = ?2 WHERE id = ?1")?
                .execute(params![card, person])?,
            NewEntry::CardHolder { card, person } => tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO card_holder (card_id, person_id) VALUES (?1, ?2)",
                )?
                .execute(params![card, person])?,
            NewEntry::Event { id, text, kind } => tx
                .prepare_cached(
                    "INSERT INTO event_type (id, system, text, kind) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![id, self.system, text, kind])?,
        };
        Ok(())
    }

    /// Moves to the second `ts`, reading what is stored in it when something can be.
    fn enter(&mut self, ts: i64) -> Result<()> {
        self.second.ts = ts;
        self.second.next = 0;
        self.second.stored.clear();
        let inside = |span: Option<(i64, i64)>| span.is_some_and(|(lo, hi)| ts >= lo && ts <= hi);
        if !inside(self.existing) && !inside(self.written) {
            return Ok(());
        }
        self.insert_pending()?;
        let mut st = self.tx.prepare_cached(
            "SELECT id, reader_id, person_id, card_id, event_id, direction, file_id
             FROM passage WHERE id >= ?1 AND id < ?2",
        )?;
        let mut rows = st.query(params![id_of(ts), id_of(ts + 1)])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            self.second.next = self.second.next.max(id - id_of(ts) + 1);
            if r.get::<_, i64>(6)? != self.file_id {
                self.second
                    .stored
                    .push((r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?));
            }
        }
        Ok(())
    }

    /// Stores a passage unless the same event (reader, time, event, person, card,
    /// direction) is already stored from another file.
    pub fn write(&mut self, p: &NewPassage) -> Result<Written> {
        for entry in &p.entries {
            self.add_entry(entry)?;
        }
        if p.ts != self.second.ts {
            self.enter(p.ts)?;
        }
        let key: Key = (
            p.ids.reader,
            p.ids.person,
            p.ids.card,
            p.ids.event,
            p.direction.code(),
        );
        if self.second.stored.contains(&key) {
            return Ok(Written::Duplicate);
        }
        if self.second.next >= 1 << TS_SHIFT {
            return Err(super::StoreError::Invalid(format!(
                "more than {} passages at {}; no export holds that many in one second",
                1_i64 << TS_SHIFT,
                from_ts(p.ts)
            )));
        }
        let id = id_of(p.ts) + self.second.next;
        self.second.next += 1;
        self.pending.push(Row {
            id,
            reader: p.ids.reader,
            person: p.ids.person,
            card: p.ids.card,
            event: p.ids.event,
            direction: p.direction.code(),
            clock: p.clock.code(),
            row: p.row as i64,
        });
        if self.pending.len() == INSERT_ROWS {
            bind(&mut self.insert_many, &self.pending, self.file_id)?;
            self.insert_many.raw_execute()?;
            self.pending.clear();
        }
        self.written = Some(match self.written {
            Some((lo, hi)) => (lo.min(p.ts), hi.max(p.ts)),
            None => (p.ts, p.ts),
        });
        self.lists
            .add(id, p.ids.reader, p.ids.person, p.ids.card, p.is_exit());
        if self.lists.is_full() {
            self.lists.flush(self.tx)?;
        }
        Ok(Written::Added)
    }

    /// Adds this file's passages to the per-day lists and the per-reader-per-day counts.
    pub fn finish(mut self) -> Result<()> {
        self.insert_pending()?;
        self.lists.flush(self.tx)
    }

    /// Inserts the rows held for the next multi-row insert, one by one.
    fn insert_pending(&mut self) -> Result<()> {
        for row in self.pending.drain(..) {
            bind(&mut self.insert, std::slice::from_ref(&row), self.file_id)?;
            self.insert.raw_execute()?;
        }
        Ok(())
    }
}

/// How many passages one multi-row insert writes (9 parameters each).
const INSERT_ROWS: usize = 64;

/// A passage row waiting for its insert.
struct Row {
    id: i64,
    reader: i64,
    person: Option<i64>,
    card: Option<i64>,
    event: i64,
    direction: i64,
    clock: i64,
    row: i64,
}

fn bind(st: &mut rusqlite::CachedStatement<'_>, rows: &[Row], file_id: i64) -> Result<()> {
    for (i, r) in rows.iter().enumerate() {
        let at = i * 9;
        st.raw_bind_parameter(at + 1, r.id)?;
        st.raw_bind_parameter(at + 2, r.reader)?;
        st.raw_bind_parameter(at + 3, r.person)?;
        st.raw_bind_parameter(at + 4, r.card)?;
        st.raw_bind_parameter(at + 5, r.event)?;
        st.raw_bind_parameter(at + 6, r.direction)?;
        st.raw_bind_parameter(at + 7, r.clock)?;
        st.raw_bind_parameter(at + 8, file_id)?;
        st.raw_bind_parameter(at + 9, r.row)?;
    }
    Ok(())
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
    pub persons: Option<(Vec<i64>, Cards)>,
    /// `--card`: a passage must carry one of these cards.
    pub cards: Option<Cards>,
}

/// Cards a filter names, with every person they were seen with: a card's
/// passages are its nameless ones (the card index) and its holders' ones that
/// carry it (the person index).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cards {
    pub ids: Vec<i64>,
    pub holders: Vec<i64>,
}

impl Cards {
    pub fn of(conn: &rusqlite::Connection, ids: Vec<i64>) -> Result<Cards> {
        let holders = if ids.is_empty() {
            Vec::new()
        } else {
            let mut st = conn.prepare(&format!(
                "SELECT DISTINCT person_id FROM card_holder WHERE card_id IN ({}) ORDER BY 1",
                id_list(&ids)
            ))?;
            st.query_map([], |r| r.get(0))?
                .collect::<std::result::Result<_, _>>()?
        };
        Ok(Cards { ids, holders })
    }

    /// The SQL condition "the passage carries one of these cards".
    fn condition(&self) -> String {
        let ids = id_list(&self.ids);
        if self.holders.is_empty() {
            format!("(p.person_id IS NULL AND p.card_id IN ({ids}))")
        } else {
            format!(
                "((p.person_id IS NULL AND p.card_id IN ({ids})) OR (p.person_id IN ({}) AND p.card_id IN ({ids})))",
                id_list(&self.holders)
            )
        }
    }
}

impl Resolved {
    /// True when a text filter matched nothing, so no passage can match.
    pub fn is_empty_match(&self) -> bool {
        self.readers.as_ref().is_some_and(Vec::is_empty)
            || self
                .persons
                .as_ref()
                .is_some_and(|(p, c)| p.is_empty() && c.ids.is_empty())
            || self.cards.as_ref().is_some_and(|c| c.ids.is_empty())
    }
}

/// A position in time order, for paging forwards and backwards without OFFSET.
/// The id alone orders passages; the time is kept for the caller.
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

/// The conditions of resolved filters, to be joined with AND. Ids are integers
/// we produced, so they are written inline; text never reaches the SQL. A time
/// window is a range of passage ids.
fn conditions(
    filter: &PassageFilter,
    resolved: &Resolved,
) -> (Vec<String>, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if let Some(ids) = &resolved.readers {
        clauses.push(format!("p.reader_id IN ({})", id_list(ids)));
    }
    match &resolved.persons {
        Some((p, c)) if c.ids.is_empty() => {
            clauses.push(format!("p.person_id IN ({})", id_list(p)));
        }
        Some((p, c)) if p.is_empty() => clauses.push(c.condition()),
        Some((p, c)) => clauses.push(format!(
            "(p.person_id IN ({}) OR {})",
            id_list(p),
            c.condition()
        )),
        None => {}
    }
    if let Some(c) = &resolved.cards {
        clauses.push(c.condition());
    }
    let (lo, hi) = window(filter);
    if let Some(lo) = lo {
        clauses.push("p.id >= ?".into());
        values.push(Value::Integer(lo));
    }
    if let Some(hi) = hi {
        clauses.push("p.id < ?".into());
        values.push(Value::Integer(hi));
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
    (clauses, values)
}

/// The ids of a filter's time window: from the first id of `from`'s second up
/// to, not including, the first id after `to`'s second.
fn window(filter: &PassageFilter) -> (Option<i64>, Option<i64>) {
    (
        filter.from.map(|t| id_of(to_ts(t))),
        filter.to.map(|t| id_of(to_ts(t) + 1)),
    )
}

/// How a filter is answered when one of its conditions has lists: the lists'
/// ids in the window are fetched by id and checked against the whole filter.
struct Plan {
    source: Source,
    /// Every passage on the lists within the window matches the filter.
    exact: bool,
}

/// The condition with the fewest listed passages in the window, or `None` when
/// no condition has lists (a time window alone, event kinds, systems): then the
/// window's range of ids is read.
fn plan(
    conn: &rusqlite::Connection,
    filter: &PassageFilter,
    resolved: &Resolved,
) -> Result<Option<Plan>> {
    let plain = filter.kinds.is_empty() && filter.systems.is_empty();
    let mut options = Vec::new();
    if let Some(readers) = &resolved.readers {
        options.push(Plan {
            source: Source::new().with(List::Reader, readers),
            exact: plain && resolved.persons.is_none() && resolved.cards.is_none(),
        });
    }
    if let Some((people, cards)) = &resolved.persons {
        let mut people = people.clone();
        people.extend(&cards.holders);
        people.sort_unstable();
        people.dedup();
        options.push(Plan {
            source: Source::new()
                .with(List::Person, &people)
                .with(List::Card, &cards.ids),
            exact: plain
                && cards.ids.is_empty()
                && resolved.readers.is_none()
                && resolved.cards.is_none(),
        });
    }
    if let Some(cards) = &resolved.cards {
        options.push(Plan {
            source: Source::new()
                .with(List::Person, &cards.holders)
                .with(List::Card, &cards.ids),
            exact: false,
        });
    }
    if options.len() > 1 {
        let (first, last) = days(filter);
        let mut sized = Vec::with_capacity(options.len());
        for plan in options {
            sized.push((plan.source.size(conn, first, last)?, plan));
        }
        sized.sort_by_key(|(n, _)| *n);
        return Ok(sized.into_iter().next().map(|(_, plan)| plan));
    }
    Ok(options.pop())
}

/// The days a filter's window touches, unbounded ends taken wide.
fn days(filter: &PassageFilter) -> (i64, i64) {
    let (lo, hi) = window(filter);
    (
        lo.map_or(i64::MIN >> TS_SHIFT, |lo| day_of(ts_of(lo))),
        hi.map_or(i64::MAX >> TS_SHIFT, |hi| day_of(ts_of(hi - 1))),
    )
}

/// True when the window starts and ends on midnight (or is open at that end).
fn whole_days(filter: &PassageFilter) -> bool {
    let at = |t: Option<NaiveDateTime>, end: bool| {
        t.is_none_or(|t| {
            let s = t.time().num_seconds_from_midnight();
            if end { s == 86_399 } else { s == 0 }
        })
    };
    at(filter.from, false) && at(filter.to, true)
}

/// How many ids a listed fetch asks SQLite for at once.
const FETCH_IDS: usize = 1024;

/// Passages on a plan's lists from `lo` to `hi` (exclusive) that match the whole
/// filter, in order or in reverse, until `limit` (0: no limit).
#[allow(clippy::too_many_arguments)]
fn fetch_listed(
    conn: &rusqlite::Connection,
    filter: &PassageFilter,
    resolved: &Resolved,
    source: &Source,
    (lo, hi): (Option<i64>, Option<i64>),
    direction: lists::Direction,
    limit: usize,
    mut each: impl FnMut(PassageRow) -> std::io::Result<()>,
) -> Result<usize> {
    let (clauses, values) = conditions(filter, resolved);
    let order = direction.order();
    let and: String = clauses.iter().map(|c| format!(" AND {c}")).collect();
    let mut st = conn.prepare_cached(&format!(
        "{SELECT_ROWS} WHERE p.id IN rarray(?1){and} ORDER BY p.id {order}"
    ))?;
    let mut walk = Walk::new(conn, source, lo, hi, direction)?;
    let mut n = 0;
    while let Some(ids) = walk.next_ids()? {
        for chunk in ids.chunks(FETCH_IDS) {
            let ids = lists::array(chunk);
            let mut rows = st.query(with_ids(&ids, &values))?;
            while let Some(r) = rows.next()? {
                each(row_of(r)?).map_err(output_error)?;
                n += 1;
                if n == limit {
                    return Ok(n);
                }
            }
        }
    }
    Ok(n)
}

/// Parameters of a listed statement: the ids as `?1`, then the conditions' values.
fn with_ids<'p>(
    ids: &'p lists::Array,
    values: &'p [rusqlite::types::Value],
) -> rusqlite::ParamsFromIter<impl Iterator<Item = &'p dyn rusqlite::ToSql>> {
    rusqlite::params_from_iter(
        std::iter::once(ids as &dyn rusqlite::ToSql)
            .chain(values.iter().map(|v| v as &dyn rusqlite::ToSql)),
    )
}

fn output_error(source: std::io::Error) -> super::StoreError {
    super::StoreError::Io {
        path: "output".into(),
        source,
    }
}

/// Passages in the window's range of ids that match the filter, for filters
/// no list serves.
fn fetch_ranged(
    conn: &rusqlite::Connection,
    filter: &PassageFilter,
    resolved: &Resolved,
    extra: Option<(&str, i64)>,
    direction: lists::Direction,
    limit: usize,
    mut each: impl FnMut(PassageRow) -> std::io::Result<()>,
) -> Result<usize> {
    let (mut clauses, mut values) = conditions(filter, resolved);
    if let Some((condition, id)) = extra {
        clauses.push(condition.to_owned());
        values.push(rusqlite::types::Value::Integer(id));
    }
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    let order = direction.order();
    let limit_sql = if limit == 0 {
        String::new()
    } else {
        format!(" LIMIT {limit}")
    };
    let mut st = conn.prepare_cached(&format!(
        "{SELECT_ROWS}{where_sql} ORDER BY p.id {order}{limit_sql}"
    ))?;
    let mut rows = st.query(rusqlite::params_from_iter(values))?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        each(row_of(r)?).map_err(output_error)?;
        n += 1;
    }
    Ok(n)
}

/// Resolves reader and person text to ids: readers by code or name, people by
/// name in either order or employee id, cards by number (leading zeros ignored).
pub fn resolve(conn: &rusqlite::Connection, filter: &PassageFilter) -> Result<Resolved> {
    let mut resolved = Resolved::default();
    if !filter.readers.is_empty() {
        resolved.readers = Some(super::catalog::match_readers(conn, &filter.readers)?);
    }
    if !filter.persons.is_empty() {
        let (people, cards) = super::catalog::match_people(conn, &filter.persons)?;
        resolved.persons = Some((people, Cards::of(conn, cards)?));
    }
    if !filter.cards.is_empty() {
        let ids = super::catalog::match_cards(conn, &filter.cards)?;
        resolved.cards = Some(Cards::of(conn, ids)?);
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
    let mut out = Vec::new();
    if resolved.is_empty_match() {
        return Ok(out);
    }
    let (direction, cursor) = match page {
        Page::After(c) => (lists::Direction::Forward, c.map(|c| ("p.id > ?", c.id))),
        Page::Before(c) => (lists::Direction::Backward, c.map(|c| ("p.id < ?", c.id))),
    };
    let push = |row| {
        out.push(row);
        Ok(())
    };
    match plan(conn, filter, resolved)? {
        Some(plan) => {
            let (mut lo, mut hi) = window(filter);
            match page {
                Page::After(Some(c)) => lo = Some(lo.map_or(c.id + 1, |lo| lo.max(c.id + 1))),
                Page::Before(Some(c)) => hi = Some(hi.map_or(c.id, |hi| hi.min(c.id))),
                _ => {}
            }
            fetch_listed(
                conn,
                filter,
                resolved,
                &plan.source,
                (lo, hi),
                direction,
                limit,
                push,
            )?
        }
        None => fetch_ranged(conn, filter, resolved, cursor, direction, limit, push)?,
    };
    if direction == lists::Direction::Backward {
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
    each: impl FnMut(PassageRow) -> std::io::Result<()>,
) -> Result<usize> {
    if resolved.is_empty_match() {
        return Ok(0);
    }
    let forward = lists::Direction::Forward;
    match plan(conn, filter, resolved)? {
        Some(plan) => fetch_listed(
            conn,
            filter,
            resolved,
            &plan.source,
            window(filter),
            forward,
            limit,
            each,
        ),
        None => fetch_ranged(conn, filter, resolved, None, forward, limit, each),
    }
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
    // Readers alone, over whole days: the imports' daily counts answer at once.
    if resolved.persons.is_none()
        && resolved.cards.is_none()
        && filter.kinds.is_empty()
        && filter.systems.is_empty()
        && whole_days(filter)
    {
        let mut sql = String::from("SELECT coalesce(sum(passages), 0) FROM passage_day WHERE 1");
        if let Some(ids) = &resolved.readers {
            sql.push_str(&format!(" AND reader_id IN ({})", id_list(ids)));
        }
        let (first, last) = days(filter);
        sql.push_str(&format!(" AND day BETWEEN {first} AND {last}"));
        return Ok(conn.query_row(&sql, [], |r| r.get::<_, i64>(0))? as u64);
    }
    let (clauses, values) = conditions(filter, resolved);
    let and: String = clauses.iter().map(|c| format!(" AND {c}")).collect();
    let Some(plan) = plan(conn, filter, resolved)? else {
        let sql = format!("SELECT count(*) FROM passage p WHERE 1{and}");
        return Ok(conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(values), |r| r.get::<_, i64>(0))?
            as u64);
    };
    if plan.exact && whole_days(filter) {
        let (first, last) = days(filter);
        return plan.source.size(conn, first, last);
    }
    let mut st = conn.prepare_cached(&format!(
        "SELECT count(*) FROM passage p WHERE p.id IN rarray(?1){and}"
    ))?;
    let mut walk = Walk::new(
        conn,
        &plan.source,
        window(filter).0,
        window(filter).1,
        lists::Direction::Forward,
    )?;
    let mut n = 0;
    while let Some(ids) = walk.next_ids()? {
        if plan.exact {
            n += ids.len() as u64;
            continue;
        }
        let ids = lists::array(&ids);
        n += st.query_row(with_ids(&ids, &values), |r| r.get::<_, i64>(0))? as u64;
    }
    Ok(n)
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
