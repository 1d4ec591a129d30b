//! Per-day passage lists: for each reader, person and nameless card, the ids of
//! its passages on each day, packed into one row. They do the work of indexes on
//! `passage`: an import writes one row per key and day instead of an index entry
//! per passage, and a search reads a key's days and fetches those ids by id.

use super::passages::{TS_SHIFT, day_of, id_of, ts_of};
use super::{Result, StoreError};
use rusqlite::types::Value;
pub use rusqlite::vtab::array::Array;
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;
use std::rc::Rc;

/// What a list is kept by. The numbers are stored in `passage_list.list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum List {
    Reader = 0,
    Person = 1,
    /// A card's passages without a name. A card's passages with a name are
    /// found through the people it was seen with (`card_holder`).
    Card = 2,
}

impl List {
    fn code(self) -> i64 {
        self as i64
    }
}

const SECONDS_PER_DAY: i64 = 86_400;
const NUMBER_MASK: i64 = (1 << TS_SHIFT) - 1;

/// Packs ids of one day, ascending and distinct, as pairs of LEB128 numbers:
/// seconds since the previous passage (the first counts from midnight) and the
/// passage's number within its second. A passage every half minute costs two bytes.
pub fn encode(day: i64, ids: &[i64], out: &mut Vec<u8>) {
    let mut prev = day * SECONDS_PER_DAY;
    for &id in ids {
        let ts = ts_of(id);
        debug_assert!(
            ts >= prev && day_of(ts) == day,
            "ids out of order or off the day"
        );
        put_varint(out, (ts - prev) as u64);
        put_varint(out, (id & NUMBER_MASK) as u64);
        prev = ts;
    }
}

/// Appends the ids a packed list holds to `out`, in ascending order. A list that
/// does not decode to ascending ids within its day is reported, never guessed at.
pub fn decode(day: i64, bytes: &[u8], out: &mut Vec<i64>) -> Result<()> {
    let damaged = || {
        StoreError::Invalid(format!(
            "a passage list of day {day} is damaged; restore the database from a backup"
        ))
    };
    let end = (day + 1) * SECONDS_PER_DAY;
    let mut ts = day * SECONDS_PER_DAY;
    let mut last = i64::MIN;
    let mut at = 0;
    while at < bytes.len() {
        let gap = take_varint(bytes, &mut at).ok_or_else(damaged)?;
        let number = take_varint(bytes, &mut at).ok_or_else(damaged)?;
        ts = i64::try_from(gap)
            .ok()
            .and_then(|g| ts.checked_add(g))
            .filter(|&t| t < end)
            .ok_or_else(damaged)?;
        let number = i64::try_from(number)
            .ok()
            .filter(|&n| n <= NUMBER_MASK)
            .ok_or_else(damaged)?;
        let id = id_of(ts) | number;
        if id <= last {
            return Err(damaged());
        }
        out.push(id);
        last = id;
    }
    Ok(())
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn take_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// How many ids a writer holds before it writes its lists out (8 bytes each).
const FLUSH_IDS: usize = 2 << 20;

/// Keys below this are kept in a vector indexed by key: readers and people are
/// numbered densely from 1, so most rows cost no hashing.
const DENSE_KEYS: i64 = 1 << 20;

/// The ids one key has gathered on one day, and how many of them are exits.
#[derive(Debug, Default)]
struct Run {
    day: i64,
    ids: Vec<i64>,
    exits: i64,
}

/// Collects an import's ids per list, key and day, and merges them into the
/// stored lists; with `counts`, it adds the reader lists' passages and exits to
/// `passage_day` as well. A day no list can hold yet (later than anything
/// stored, which is how exports arrive) is written without reading first.
pub struct ListWriter {
    /// The run each key is on (by list), and the runs ended by a change of day.
    dense: [Vec<Run>; 3],
    sparse: HashMap<(List, i64), Run, foldhash::fast::RandomState>,
    ended: Vec<(List, i64, Run)>,
    held: usize,
    counts: bool,
    /// The days stored before this writer began, and those it has written since.
    stored: Option<(i64, i64)>,
    written: Option<(i64, i64)>,
    bytes: Vec<u8>,
    merged: Vec<i64>,
}

impl ListWriter {
    /// `stored`: the first and last day of the passages already stored;
    /// `counts`: whether to keep `passage_day` too.
    pub fn new(stored: Option<(i64, i64)>, counts: bool) -> ListWriter {
        ListWriter {
            dense: Default::default(),
            sparse: HashMap::default(),
            ended: Vec::new(),
            held: 0,
            counts,
            stored,
            written: None,
            bytes: Vec::new(),
            merged: Vec::new(),
        }
    }

    /// Puts a passage on the lists of its reader, person and (without a person) card.
    pub fn add(
        &mut self,
        id: i64,
        reader: i64,
        person: Option<i64>,
        card: Option<i64>,
        exit: bool,
    ) {
        let day = day_of(ts_of(id));
        self.push(List::Reader, reader, day, id, exit);
        match (person, card) {
            (Some(person), _) => self.push(List::Person, person, day, id, false),
            (None, Some(card)) => self.push(List::Card, card, day, id, false),
            (None, None) => {}
        }
    }

    fn push(&mut self, list: List, key: i64, day: i64, id: i64, exit: bool) {
        let run = if (0..DENSE_KEYS).contains(&key) && list != List::Card {
            let runs = &mut self.dense[list as usize];
            let at = key as usize;
            if runs.len() <= at {
                runs.resize_with(at + 1, Run::default);
            }
            &mut runs[at]
        } else {
            self.sparse.entry((list, key)).or_default()
        };
        if run.day != day && !run.ids.is_empty() {
            let ended = std::mem::replace(
                run,
                Run {
                    day,
                    ids: Vec::with_capacity(run.ids.len()),
                    exits: 0,
                },
            );
            self.ended.push((list, key, ended));
        }
        run.day = day;
        run.ids.push(id);
        run.exits += i64::from(exit);
        self.held += 1;
    }

    /// True when the ids held should be written out before more are added.
    pub fn is_full(&self) -> bool {
        self.held >= FLUSH_IDS
    }

    /// Writes every list held, in key order (the table's own order), merged
    /// with what is stored for the same key and day.
    pub fn flush(&mut self, conn: &Connection) -> Result<()> {
        let mut runs = std::mem::take(&mut self.ended);
        for (list, dense) in [List::Reader, List::Person, List::Card]
            .into_iter()
            .zip(&mut self.dense)
        {
            for (key, run) in dense.iter_mut().enumerate() {
                if !run.ids.is_empty() {
                    runs.push((list, key as i64, std::mem::take(run)));
                }
            }
        }
        runs.extend(
            self.sparse
                .drain()
                .map(|((list, key), run)| (list, key, run)),
        );
        self.held = 0;
        // A file out of time order leaves several runs of one key and day.
        runs.sort_unstable_by_key(|(list, key, run)| (*list, *key, run.day));
        let mut statements = Statements {
            read: conn.prepare_cached(
                "SELECT ids FROM passage_list WHERE list = ?1 AND key = ?2 AND day = ?3",
            )?,
            write: conn.prepare_cached(
                "INSERT OR REPLACE INTO passage_list (list, key, day, n, ids) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            count: conn.prepare_cached(
                "INSERT INTO passage_day (reader_id, day, passages, exits) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (reader_id, day) DO UPDATE
                 SET passages = passages + excluded.passages, exits = exits + excluded.exits",
            )?,
        };
        let mut runs = runs.into_iter().peekable();
        while let Some((list, key, mut run)) = runs.next() {
            while let Some((_, _, more)) =
                runs.next_if(|(l, k, r)| (*l, *k, r.day) == (list, key, run.day))
            {
                run.ids.extend(more.ids);
                run.exits += more.exits;
            }
            self.write(&mut statements, list, key, run)?;
        }
        Ok(())
    }

    fn write(&mut self, st: &mut Statements<'_>, list: List, key: i64, mut run: Run) -> Result<()> {
        let day = run.day;
        run.ids.sort_unstable();
        let added = run.ids.len() as i64;
        let within = |span: Option<(i64, i64)>| span.is_some_and(|(a, b)| day >= a && day <= b);
        let ids = if within(self.stored) || within(self.written) {
            self.merged.clear();
            let stored: Option<Vec<u8>> = st
                .read
                .query_row(rusqlite::params![list.code(), key, day], |r| r.get(0))
                .optional()?;
            if let Some(stored) = stored {
                decode(day, &stored, &mut self.merged)?;
            }
            self.merged.extend_from_slice(&run.ids);
            self.merged.sort_unstable();
            self.merged.dedup();
            &self.merged
        } else {
            &run.ids
        };
        self.bytes.clear();
        encode(day, ids, &mut self.bytes);
        st.write.execute(rusqlite::params![
            list.code(),
            key,
            day,
            ids.len() as i64,
            self.bytes
        ])?;
        if self.counts && list == List::Reader {
            st.count
                .execute(rusqlite::params![key, day, added, run.exits])?;
        }
        self.written = Some(match self.written {
            Some((a, b)) => (a.min(day), b.max(day)),
            None => (day, day),
        });
        Ok(())
    }
}

/// The statements a flush runs for each list, prepared once per flush.
struct Statements<'c> {
    read: rusqlite::CachedStatement<'c>,
    write: rusqlite::CachedStatement<'c>,
    count: rusqlite::CachedStatement<'c>,
}

/// The lists whose union holds every passage a filter can match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    lists: Vec<(List, Vec<i64>)>,
}

impl Source {
    pub fn new() -> Source {
        Source::default()
    }

    pub fn with(mut self, list: List, keys: &[i64]) -> Source {
        if !keys.is_empty() {
            self.lists.push((list, keys.to_vec()));
        }
        self
    }

    fn arrays(&self) -> Vec<(List, Array)> {
        self.lists
            .iter()
            .map(|(list, keys)| (*list, array(keys)))
            .collect()
    }

    /// How many ids the lists hold over the days from `first` to `last`, without
    /// unpacking one: for choosing the smaller of two sources.
    pub fn size(&self, conn: &Connection, first: i64, last: i64) -> Result<u64> {
        let mut st = conn.prepare_cached(
            "SELECT coalesce(sum(n), 0) FROM passage_list
             WHERE list = ?1 AND key IN rarray(?2) AND day BETWEEN ?3 AND ?4",
        )?;
        let mut n = 0;
        for (list, keys) in self.arrays() {
            n += st.query_row(rusqlite::params![list.code(), keys, first, last], |r| {
                r.get::<_, i64>(0)
            })? as u64;
        }
        Ok(n)
    }

    /// The first and last day any of the lists holds: two seeks per key.
    fn days(&self, conn: &Connection) -> Result<Option<(i64, i64)>> {
        let mut span: Option<(i64, i64)> = None;
        for order in ["ASC", "DESC"] {
            let mut st = conn.prepare_cached(&format!(
                "SELECT day FROM passage_list WHERE list = ?1 AND key = ?2 ORDER BY day {order} LIMIT 1"
            ))?;
            for (list, keys) in &self.lists {
                for key in keys {
                    let mut rows = st.query(rusqlite::params![list.code(), key])?;
                    if let Some(r) = rows.next()? {
                        let day: i64 = r.get(0)?;
                        span = Some(span.map_or((day, day), |(a, b)| (a.min(day), b.max(day))));
                    }
                }
            }
        }
        Ok(span)
    }
}

fn blob<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r [u8]> {
    Ok(r.get_ref(i)?.as_blob().map_err(rusqlite::Error::from)?)
}

/// The rarray parameter of a list of ids.
pub fn array(ids: &[i64]) -> Array {
    Rc::new(ids.iter().copied().map(Value::Integer).collect())
}

/// Which way a walk runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

impl Direction {
    /// The SQL order of ids in this direction.
    pub fn order(self) -> &'static str {
        match self {
            Direction::Forward => "ASC",
            Direction::Backward => "DESC",
        }
    }
}

/// How many ids a walk tries to gather per step.
const STEP_IDS: usize = 2048;

/// Walks the ids of a source in order (or in reverse), a span of days at a time:
/// the span grows while days are sparse, so a key seen once in ten years costs
/// a dozen reads, and shrinks on busy days, so a first page reads little.
pub struct Walk<'c> {
    conn: &'c Connection,
    arrays: Vec<(List, Array)>,
    /// Ids from `lo` up to, not including, `hi`.
    lo: i64,
    hi: i64,
    /// Days not yet read, inclusive; `None` when all are.
    days: Option<(i64, i64)>,
    direction: Direction,
    span: i64,
}

impl<'c> Walk<'c> {
    /// A walk over the source's ids from `lo` to `hi` (exclusive); `None` bounds
    /// mean the lists' own first and last day.
    pub fn new(
        conn: &'c Connection,
        source: &Source,
        lo: Option<i64>,
        hi: Option<i64>,
        direction: Direction,
    ) -> Result<Walk<'c>> {
        // Only an open end needs the lists' own first or last day.
        let stored = match (lo, hi) {
            (Some(lo), Some(hi)) => Some((day_of(ts_of(lo)), day_of(ts_of(hi - 1)))),
            _ => source.days(conn)?,
        };
        let days = stored.and_then(|(first, last)| {
            let first = lo.map_or(first, |lo| first.max(day_of(ts_of(lo))));
            let last = hi.map_or(last, |hi| last.min(day_of(ts_of(hi - 1))));
            (first <= last).then_some((first, last))
        });
        Ok(Walk {
            conn,
            arrays: source.arrays(),
            lo: lo.unwrap_or(i64::MIN),
            hi: hi.unwrap_or(i64::MAX),
            days,
            direction,
            span: 1,
        })
    }

    /// The next ids in the walk's direction, or `None` at its end.
    pub fn next_ids(&mut self) -> Result<Option<Vec<i64>>> {
        let mut st = self.conn.prepare_cached(
            "SELECT day, ids FROM passage_list
             WHERE list = ?1 AND key IN rarray(?2) AND day BETWEEN ?3 AND ?4",
        )?;
        while let Some((first, last)) = self.days {
            let (a, b) = match self.direction {
                Direction::Forward => (first, last.min(first + self.span - 1)),
                Direction::Backward => (first.max(last - self.span + 1), last),
            };
            self.days = match self.direction {
                Direction::Forward => (b < last).then_some((b + 1, last)),
                Direction::Backward => (a > first).then_some((first, a - 1)),
            };
            let mut ids = Vec::new();
            for (list, keys) in &self.arrays {
                let mut rows = st.query(rusqlite::params![list.code(), keys, a, b])?;
                while let Some(r) = rows.next()? {
                    let day: i64 = r.get(0)?;
                    decode(day, blob(r, 1)?, &mut ids)?;
                }
            }
            let (lo, hi) = (self.lo, self.hi);
            ids.retain(|&id| id >= lo && id < hi);
            ids.sort_unstable();
            ids.dedup();
            if ids.len() < STEP_IDS {
                self.span = (self.span * 2).min(1 << 14);
            } else if ids.len() > 8 * STEP_IDS {
                self.span = (self.span / 2).max(1);
            }
            if !ids.is_empty() {
                if self.direction == Direction::Backward {
                    ids.reverse();
                }
                return Ok(Some(ids));
            }
        }
        Ok(None)
    }
}

/// The first and last passage id on a key's lists, unpacking only the first
/// and the last day.
pub fn first_and_last(conn: &Connection, list: List, key: i64) -> Result<Option<(i64, i64)>> {
    let mut ends = [None, None];
    for (end, order) in ends.iter_mut().zip(["ASC", "DESC"]) {
        let mut st = conn.prepare_cached(&format!(
            "SELECT day, ids FROM passage_list WHERE list = ?1 AND key = ?2 ORDER BY day {order} LIMIT 1"
        ))?;
        let mut rows = st.query(rusqlite::params![list.code(), key])?;
        if let Some(r) = rows.next()? {
            let mut ids = Vec::new();
            decode(r.get(0)?, blob(r, 1)?, &mut ids)?;
            *end = if order == "ASC" {
                ids.first().copied()
            } else {
                ids.last().copied()
            };
        }
    }
    Ok(ends[0].zip(ends[1]))
}

/// Builds every list from the stored passages (a database from before the
/// lists, or one whose lists are being rebuilt); `passage_day` is left as it
/// is. Reads in id order, so each day's lists are complete before the next
/// day's begin.
pub fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM passage_list", [])?;
    let mut writer = ListWriter::new(None, false);
    let mut st =
        conn.prepare("SELECT id, reader_id, person_id, card_id FROM passage ORDER BY id")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        writer.add(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, false);
        if writer.is_full() {
            writer.flush(conn)?;
        }
    }
    writer.flush(conn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ids_of_day(day: i64, mut offsets: Vec<(i64, i64)>) -> Vec<i64> {
        let mut ids: Vec<i64> = offsets
            .drain(..)
            .map(|(s, n)| id_of(day * SECONDS_PER_DAY + s) | n)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    proptest! {
        #[test]
        fn a_packed_list_unpacks_to_the_same_ids(
            day in -1000i64..30_000,
            offsets in proptest::collection::vec((0i64..SECONDS_PER_DAY, 0i64..300), 0..200),
        ) {
            let ids = ids_of_day(day, offsets);
            let mut bytes = Vec::new();
            encode(day, &ids, &mut bytes);
            let mut back = Vec::new();
            decode(day, &bytes, &mut back).unwrap();
            prop_assert_eq!(back, ids);
        }

        #[test]
        fn damaged_lists_are_refused_or_stay_within_their_day(
            day in 0i64..30_000,
            bytes in proptest::collection::vec(any::<u8>(), 0..64),
        ) {
            let mut out = Vec::new();
            if decode(day, &bytes, &mut out).is_ok() {
                prop_assert!(out.windows(2).all(|w| w[0] < w[1]));
                prop_assert!(out.iter().all(|&id| day_of(ts_of(id)) == day));
            }
        }
    }

    #[test]
    fn a_passage_every_half_minute_costs_two_bytes() {
        let day = 20_000;
        let ids: Vec<i64> = (0..2_000)
            .map(|i| id_of(day * SECONDS_PER_DAY + i * 30))
            .collect();
        let mut bytes = Vec::new();
        encode(day, &ids, &mut bytes);
        assert_eq!(bytes.len(), 2 * ids.len());
    }

    #[test]
    fn a_list_running_past_its_day_is_damaged() {
        let mut bytes = Vec::new();
        put_varint(&mut bytes, SECONDS_PER_DAY as u64);
        put_varint(&mut bytes, 0);
        let err = decode(5, &bytes, &mut Vec::new()).unwrap_err().to_string();
        assert!(err.contains("damaged"), "{err}");
        // A number that repeats the previous passage is damage as well.
        let bytes = [1, 0, 0, 0];
        assert!(decode(5, &bytes, &mut Vec::new()).is_err());
    }
}

#[cfg(test)]
mod plan_tests {
    use crate::store::{Sharing, Store};

    fn plan(store: &Store, sql: &str) -> String {
        let mut st = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let rows = st
            .query_map([super::array(&[1, 2, 3])], |r| r.get::<_, String>(3))
            .unwrap();
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .unwrap()
            .join(" | ")
    }

    #[test]
    fn listed_ids_are_fetched_by_id_and_lists_read_by_key() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db"), Sharing::default()).unwrap();
        let fetch = plan(
            &store,
            "SELECT p.id FROM passage p WHERE p.id IN rarray(?1) AND p.reader_id IN (4, 5) ORDER BY p.id DESC",
        );
        assert!(fetch.contains("INTEGER PRIMARY KEY (rowid=?)"), "{fetch}");
        assert!(!fetch.contains("SCAN p"), "{fetch}");
        let walk = plan(
            &store,
            "SELECT day, ids FROM passage_list WHERE list = 0 AND key IN rarray(?1) AND day BETWEEN 1 AND 9",
        );
        assert!(
            walk.contains("USING PRIMARY KEY (list=? AND key=? AND day>? AND day<?)"),
            "{walk}"
        );
    }
}
