//! Passages: writing an import's records with normalised readers, people, cards
//! and event types, and reading them back by reader, person, card and time.
//!
//! A passage's id is its instant shifted left [`TS_SHIFT`] bits plus its number
//! within that second, so time order is id order and a window is a range of ids.
//! Searches by reader and person go through the key tables `passage_by_reader` and
//! `passage_by_person` (`(key, id)`, `WITHOUT ROWID`), which an import fills in
//! sorted batches and triggers keep right when passages are deleted or changed;
//! nameless passages are found by card through the partial index `passage_card`.

use super::Result;
use super::dictionary::{Dictionary, Ids, NewEntry};
use super::runs::{Pending, Runs};
use crate::domain::clock::{self, ClockNote};
use crate::domain::{Direction, EventKind, PersonName};
use crate::import::PassageView;
use chrono::{NaiveDateTime, Timelike};
use rusqlite::{Connection, Transaction, params};
use std::collections::HashMap;
use std::path::PathBuf;

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

/// How far a passage's second is shifted in its id: `id = (utc - EPOCH) << TS_SHIFT | n`.
/// 8,192 passages in one second are far more than any set of exports holds, and
/// with the epoch below an id is a 6-byte rowid varint until 2037 (7 bytes
/// after) and 6 bytes in every key-table entry for centuries: a byte and two
/// bytes less than `second << 24` since 1970.
pub const TS_SHIFT: u32 = 13;

/// 2020-01-01 00:00:00 UTC: ids count seconds from here (earlier ones are negative).
pub const EPOCH: i64 = 1_577_836_800;

/// The first id of an instant (seconds since 1970 UTC); its passages are
/// `id_of(utc) .. id_of(utc + 1)`.
pub fn id_of(utc: i64) -> i64 {
    (utc - EPOCH) << TS_SHIFT
}

/// The instant (seconds since 1970 UTC) a passage id falls in.
pub fn utc_of(id: i64) -> i64 {
    (id >> TS_SHIFT) + EPOCH
}

/// Days since 1970-01-01 of a wall-clock time, as `passage_day` counts them.
pub fn day_of(ts: i64) -> i64 {
    ts.div_euclid(86_400)
}

/// One passage resolved to ids, as an import's reader thread hands it to the writer.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPassage {
    /// The wall-clock time as written (`to_ts`).
    pub ts: i64,
    /// The instant it stands for (seconds since 1970 UTC), worked out on the
    /// reader thread; in the repeated hour provisional, like `clock`.
    pub utc: i64,
    /// From the calendar alone; in the repeated hour the writer decides the pass
    /// from the file's order.
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
        let clock = ClockNote::of(rec.time);
        NewPassage {
            ts: to_ts(rec.time),
            utc: clock::instant(rec.time, clock),
            clock,
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

/// How an import sorts: rows per run held in memory (about 64 bytes each), and
/// where full runs are spilled.
#[derive(Debug, Clone)]
pub struct SortOptions {
    pub run_rows: usize,
    pub temp_dir: Option<PathBuf>,
}

impl Default for SortOptions {
    fn default() -> Self {
        SortOptions {
            run_rows: 1 << 20,
            temp_dir: None,
        }
    }
}

/// What a file's passages came to once written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stored {
    pub added: u64,
    pub duplicates: u64,
}

/// Writes one file's passages inside the caller's transaction, in time order,
/// whatever the order of the file.
///
/// A row that is not earlier than the last one written goes to the database at
/// once (a file in time order is written while it is still being read); a row that
/// comes late waits in sorted runs and is written at [`finish`](Self::finish), in
/// its place among the others. When the file turns out to run newest first (which
/// reverses the order of the rows of one second), or a row of the repeated autumn
/// hour shares a second with one written early, or the file is in no order at all
/// (late rows more than four times the early ones), the rows written early are
/// read back into the runs and taken out of the table, and the whole file is
/// written from the runs. The repeated hour's rows always wait until the file's
/// direction is known, which decides their pass.
pub struct PassageWriter<'t> {
    tx: &'t Transaction<'t>,
    system: String,
    file_id: i64,
    runs: Runs,
    sink: Sink<'t>,
    /// The second being written early, not yet handed to the sink.
    open: Vec<Pending>,
    /// The instant of the first row written early, and of the last.
    early: Option<(i64, i64)>,
    /// Rows written early, and rows that came late.
    early_rows: u64,
    late: u64,
    /// Rows in the repeated hour, in file order.
    repeated: Vec<Pending>,
    /// Steps forward and back between consecutive rows: which way the file runs.
    ups: u64,
    downs: u64,
    last_wall: Option<i64>,
}

const FLAG_EXIT: i64 = 1 << 5;

fn flags(direction: i64, clock: ClockNote, exit: bool) -> i64 {
    direction | clock.code() << 2 | if exit { FLAG_EXIT } else { 0 }
}

impl<'t> PassageWriter<'t> {
    pub fn new(tx: &'t Transaction<'t>, system: &str, file_id: i64) -> Result<Self> {
        Self::with_options(tx, system, file_id, SortOptions::default())
    }

    pub fn with_options(
        tx: &'t Transaction<'t>,
        system: &str,
        file_id: i64,
        opts: SortOptions,
    ) -> Result<Self> {
        Ok(PassageWriter {
            tx,
            system: system.to_owned(),
            file_id,
            runs: Runs::new(opts.run_rows, opts.temp_dir),
            sink: Sink::new(tx, file_id)?,
            open: Vec::new(),
            early: None,
            early_rows: 0,
            late: 0,
            repeated: Vec::new(),
            ups: 0,
            downs: 0,
            last_wall: None,
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

    /// Takes a passage; it is written, or found to be stored already, at `finish`.
    pub fn write(&mut self, p: &NewPassage) -> Result<Written> {
        for entry in &p.entries {
            self.add_entry(entry)?;
        }
        if let Some(last) = self.last_wall {
            if p.ts > last {
                self.ups += 1;
            } else if p.ts < last {
                self.downs += 1;
            }
        }
        self.last_wall = Some(p.ts);
        let pending = Pending {
            utc: p.utc,
            wall: p.ts,
            row: p.row as i64,
            reader: p.ids.reader,
            person: p.ids.person.unwrap_or(0),
            card: p.ids.card.unwrap_or(0),
            event: p.ids.event,
            flags: flags(p.direction.code(), p.clock, p.is_exit()),
        };
        if p.clock == ClockNote::Uncertain {
            self.repeated.push(pending);
        } else if self.early.is_none_or(|(_, last)| pending.utc >= last) {
            if self.open.first().is_some_and(|o| o.utc != pending.utc) {
                self.sink.second(&mut self.open, false)?;
            }
            self.open.push(pending);
            let first = self.early.map_or(pending.utc, |(first, _)| first);
            self.early = Some((first, pending.utc));
            self.early_rows += 1;
        } else {
            self.late += 1;
            self.runs.push(pending)?;
        }
        Ok(Written::Added)
    }

    /// Moves the rows written early from the table back into the runs, as they
    /// came: the key tables follow through their trigger. (Those that repeated
    /// another file's rows were never written; the sink counted them.)
    fn take_back_early_rows(&mut self) -> Result<()> {
        let Some((first, last)) = self.early else {
            return Ok(());
        };
        self.sink.insert_waiting()?;
        let range = params![id_of(first), id_of(last + 1), self.file_id];
        {
            let mut st = self.tx.prepare(
                "SELECT p.id, p.reader_id, p.person_id, p.card_id, p.event_id, p.flags,
                        p.row_no, e.kind
                 FROM passage p JOIN event_type e ON e.id = p.event_id
                 WHERE p.id >= ?1 AND p.id < ?2 AND p.file_id = ?3",
            )?;
            let mut rows = st.query(range)?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let stored_flags: i64 = r.get(5)?;
                let clock = ClockNote::from_code((stored_flags >> 2) & 0b111);
                let utc = utc_of(id);
                let exit = Direction::from_code(stored_flags & 0b11) == Direction::Out
                    || EventKind::from_code(r.get(7)?) == EventKind::ExitRequest;
                self.runs.push(Pending {
                    utc,
                    wall: to_ts(clock::wall_of(utc, clock)),
                    row: r.get(6)?,
                    reader: r.get(1)?,
                    person: r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                    card: r.get::<_, Option<i64>>(3)?.unwrap_or(0),
                    event: r.get(4)?,
                    flags: stored_flags | if exit { FLAG_EXIT } else { 0 },
                })?;
            }
        }
        self.tx.execute(
            "DELETE FROM passage WHERE id >= ?1 AND id < ?2 AND file_id = ?3",
            range,
        )?;
        Ok(())
    }

    /// Whether the rows written early must be taken out and the file written
    /// from the runs: see [`PassageWriter`]. They also are when they are few
    /// against the late rows (a file in no order): each late row before them would
    /// be inserted in the middle of the table, where SQLite seeks its place, while
    /// the whole file from the runs is appended at the table's end.
    fn early_rows_misplaced(&self, newest_first: bool, repeated: &[Pending]) -> Result<bool> {
        let Some((first, last)) = self.early else {
            return Ok(false);
        };
        if newest_first || self.late > 4 * self.early_rows {
            return Ok(true);
        }
        let mut st = self.tx.prepare_cached(
            "SELECT count(*) > 0 FROM passage WHERE id >= ?1 AND id < ?2 AND file_id = ?3",
        )?;
        for p in repeated.iter().filter(|p| p.utc >= first && p.utc <= last) {
            if st.query_row(params![id_of(p.utc), id_of(p.utc + 1), self.file_id], |r| {
                r.get::<_, bool>(0)
            })? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Writes the passages in time order, skipping those already stored from
    /// another file, with their key-table entries and daily counts. `cancelled`
    /// is asked now and then; when it says so, `None` is returned at once (the
    /// caller then rolls its transaction back).
    pub fn finish(mut self, cancelled: &dyn Fn() -> bool) -> Result<Option<Stored>> {
        let newest_first = self.downs > self.ups;
        let mut repeated = std::mem::take(&mut self.repeated);
        let rows: Vec<(u64, i64)> = repeated.iter().map(|p| (p.row as u64, p.wall)).collect();
        for (p, note) in repeated.iter_mut().zip(clock::passes(&rows, newest_first)) {
            p.flags = (p.flags & !(0b111 << 2)) | note.code() << 2;
            p.utc = clock::instant(from_ts(p.wall), note);
        }
        self.sink.second(&mut self.open, false)?;
        let mut out = if self.early_rows_misplaced(newest_first, &repeated)? {
            self.take_back_early_rows()?;
            // A new sink: the old one's daily counts and waiting keys were for the
            // rows taken back; its count of repeats stands.
            let mut sink = Sink::new(self.tx, self.file_id)?;
            sink.stored.duplicates = self.sink.stored.duplicates;
            sink
        } else if self.late == 0 && repeated.is_empty() {
            // A file in time order: everything is written already.
            return self.sink.finish().map(Some);
        } else {
            self.sink
        };
        let mut merge = self.runs.merge(repeated)?;
        // The runs are merged on a second thread, in batches, while this one writes.
        let (merged, batches) = std::sync::mpsc::sync_channel::<Result<Vec<Pending>>>(4);
        let (emptied, spent) = std::sync::mpsc::channel::<Vec<Pending>>();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                loop {
                    let mut batch = spent.try_recv().unwrap_or_default();
                    let filled = (|| {
                        while batch.len() < MERGED_BATCH {
                            match merge.next()? {
                                Some(p) => batch.push(p),
                                None => break,
                            }
                        }
                        Ok(())
                    })();
                    let last = batch.is_empty() || filled.is_err();
                    // The writer hangs up when it stops early (an error, cancelled).
                    if merged.send(filled.map(|()| batch)).is_err() || last {
                        return;
                    }
                }
            });
            let mut second: Vec<Pending> = Vec::new();
            for batch in batches {
                let mut batch = batch?;
                if batch.is_empty() {
                    break;
                }
                for p in batch.drain(..) {
                    if second.first().is_some_and(|s| s.utc != p.utc) {
                        out.second(&mut second, newest_first)?;
                    }
                    second.push(p);
                }
                let _ = emptied.send(batch);
                if cancelled() {
                    return Ok(None);
                }
            }
            out.second(&mut second, newest_first)?;
            out.finish().map(Some)
        })
    }
}

/// Passages the merge of the runs hands the writer at a time.
const MERGED_BATCH: usize = 1 << 14;

/// Bits of a passage id in a packed key-table entry: ids below 2^44 are instants
/// before 2088 (`id >> 13` seconds after 2020), which leaves 19 bits for the key
/// (a reader or person id below 524,288); other entries are inserted as pairs.
const ID_BITS: u32 = 44;
const ID_MASK: i64 = (1 << ID_BITS) - 1;

/// Whether a key-table entry packs into one non-negative integer.
fn packs(key: i64, id: i64) -> bool {
    (0..1 << (63 - ID_BITS)).contains(&key) && (0..=ID_MASK).contains(&id)
}

/// What tells two passages of the same second apart (all but the file they came from).
type Key = (i64, Option<i64>, Option<i64>, i64, i64);

/// The writing end of [`PassageWriter::finish`]: passages in time order, a second at a time.
struct Sink<'t> {
    tx: &'t Transaction<'t>,
    file_id: i64,
    /// The span of instants stored before this file: only there can a row repeat one.
    existing: Option<(i64, i64)>,
    /// The seconds written in rising order (those written early, and late ones after
    /// all of them): a late row's second among them has numbers taken already.
    early: Vec<i64>,
    insert: rusqlite::CachedStatement<'t>,
    insert_many: rusqlite::CachedStatement<'t>,
    rows: Vec<Row>,
    by_reader: Vec<(i64, i64)>,
    by_person: Vec<(i64, i64)>,
    days: HashMap<(i64, i64), (i64, i64), foldhash::fast::RandomState>,
    stored: Stored,
}

/// How many passages one multi-row insert writes (8 parameters each).
const INSERT_ROWS: usize = 64;
/// How many key-table entries one multi-row insert writes (2 parameters each).
const INSERT_KEYS: usize = 256;
/// Key-table entries gathered before they are sorted and inserted: sorted by
/// key, consecutive inserts land on the same leaf page.
const KEY_BATCH: usize = 1 << 20;

impl<'t> Sink<'t> {
    fn new(tx: &'t Transaction<'t>, file_id: i64) -> Result<Self> {
        let existing = tx
            // Two subqueries: SQLite answers a lone min() or max() with one seek,
            // but both in one SELECT with a scan of the table.
            .query_row(
                "SELECT (SELECT min(id) FROM passage), (SELECT max(id) FROM passage)",
                [],
                |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?)),
            )
            .map(|(a, b)| a.zip(b).map(|(a, b)| (utc_of(a), utc_of(b))))?;
        // OR FAIL (here and for the key entries): a failing insert keeps the rows
        // before it, so SQLite keeps no statement journal; any error rolls the
        // whole import back anyway.
        let insert = |rows: usize| {
            let values = vec!["(?, ?, ?, ?, ?, ?, ?, ?)"; rows].join(", ");
            tx.prepare_cached(&format!(
                "INSERT OR FAIL INTO passage (id, reader_id, person_id, card_id, event_id, flags, file_id, row_no)
                 VALUES {values}"
            ))
        };
        Ok(Sink {
            tx,
            file_id,
            existing,
            early: Vec::new(),
            insert: insert(1)?,
            insert_many: insert(INSERT_ROWS)?,
            rows: Vec::with_capacity(INSERT_ROWS),
            by_reader: Vec::new(),
            by_person: Vec::new(),
            days: HashMap::default(),
            stored: Stored::default(),
        })
    }

    /// Writes the passages of one second (all with the same instant), in file
    /// order, or in reverse for a newest-first file.
    fn second(&mut self, second: &mut Vec<Pending>, newest_first: bool) -> Result<()> {
        let Some(utc) = second.first().map(|p| p.utc) else {
            return Ok(());
        };
        if newest_first {
            second.reverse();
        }
        let (next, stored) = self.stored_in(utc)?;
        let mut next = next;
        if self.early.last().is_none_or(|&last| utc > last) {
            self.early.push(utc);
        }
        for p in second.drain(..) {
            let person = (p.person != 0).then_some(p.person);
            let card = (p.card != 0).then_some(p.card);
            let direction = p.flags & 0b11;
            if stored.contains(&(p.reader, person, card, p.event, direction)) {
                self.stored.duplicates += 1;
                continue;
            }
            if next >= 1 << TS_SHIFT {
                return Err(super::StoreError::Invalid(format!(
                    "more than {} passages at {}; no export holds that many in one second",
                    1_i64 << TS_SHIFT,
                    from_ts(p.wall)
                )));
            }
            let id = id_of(utc) + next;
            next += 1;
            self.rows.push(Row {
                id,
                reader: p.reader,
                person,
                card,
                event: p.event,
                direction,
                clock: (p.flags >> 2) & 0b111,
                row: p.row,
            });
            if self.rows.len() == INSERT_ROWS {
                bind(&mut self.insert_many, &self.rows, self.file_id)?;
                self.insert_many.raw_execute()?;
                self.rows.clear();
            }
            self.by_reader.push((p.reader, id));
            if let Some(person) = person {
                self.by_person.push((person, id));
            }
            let day = self.days.entry((p.reader, day_of(p.wall))).or_default();
            day.0 += 1;
            day.1 += i64::from(p.flags & FLAG_EXIT != 0);
            self.stored.added += 1;
        }
        if self.by_reader.len() >= KEY_BATCH {
            self.flush_keys()?;
        }
        Ok(())
    }

    /// The next free number in a second, and what other files stored in it (a row of
    /// this file is never a repeat of another of its rows).
    fn stored_in(&mut self, utc: i64) -> Result<(i64, Vec<Key>)> {
        let mut stored = Vec::new();
        let after_early = self.early.last().is_none_or(|&last| utc > last);
        if !after_early && self.early.binary_search(&utc).is_ok() {
            // A late row's second has rows written early: they must be in the table.
            self.insert_waiting()?;
        } else if !self.existing.is_some_and(|(lo, hi)| utc >= lo && utc <= hi) {
            return Ok((0, stored));
        }
        let mut st = self.tx.prepare_cached(
            "SELECT id, reader_id, person_id, card_id, event_id, flags & 3, file_id
             FROM passage WHERE id >= ?1 AND id < ?2",
        )?;
        let mut rows = st.query(params![id_of(utc), id_of(utc + 1)])?;
        let mut next = 0;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            next = next.max(id - id_of(utc) + 1);
            if r.get::<_, i64>(6)? != self.file_id {
                stored.push((r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?));
            }
        }
        Ok((next, stored))
    }

    /// Inserts the key-table entries gathered so far, each table's sorted by key.
    /// The person entries are sorted on a second thread while the reader entries
    /// go in: the import's other threads are done by the time the last batch is.
    fn flush_keys(&mut self) -> Result<()> {
        let mut readers = std::mem::take(&mut self.by_reader);
        let mut people = std::mem::take(&mut self.by_person);
        let tx = self.tx;
        let people = std::thread::scope(|scope| {
            let sorted = scope.spawn(move || {
                sort_keys(&mut people);
                people
            });
            sort_keys(&mut readers);
            insert_keys(tx, "passage_by_reader", "reader_id", &readers)?;
            let people = sorted
                .join()
                .expect("sorting pairs of integers does not panic");
            insert_keys(tx, "passage_by_person", "person_id", &people)?;
            Ok::<_, super::StoreError>(people)
        })?;
        // The vectors keep their room for the next batch.
        readers.clear();
        self.by_reader = readers;
        self.by_person = people;
        self.by_person.clear();
        Ok(())
    }

    /// Inserts the rows waiting for a multi-row insert.
    fn insert_waiting(&mut self) -> Result<()> {
        for row in std::mem::take(&mut self.rows) {
            bind(&mut self.insert, std::slice::from_ref(&row), self.file_id)?;
            self.insert.raw_execute()?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Stored> {
        self.insert_waiting()?;
        self.flush_keys()?;
        let mut st = self.tx.prepare_cached(
            "INSERT INTO passage_day (reader_id, day, passages, exits) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (reader_id, day) DO UPDATE
             SET passages = passages + excluded.passages, exits = exits + excluded.exits",
        )?;
        for ((reader, day), (n, exits)) in &self.days {
            st.execute(params![reader, day, n, exits])?;
        }
        Ok(self.stored)
    }
}

/// Sorts key-table entries by key, then id. Entries gathered in rising id order
/// (a file in time order, or the runs' merge, gives them so) need only a stable
/// sort by key: by counting, when the keys span no more numbers than there are
/// entries.
fn sort_keys(keys: &mut Vec<(i64, i64)>) {
    let Some((lo, hi)) =
        keys.iter()
            .map(|&(key, _)| key)
            .fold(None, |span: Option<(i64, i64)>, key| {
                Some(span.map_or((key, key), |(lo, hi)| (lo.min(key), hi.max(key))))
            })
    else {
        return;
    };
    let span = i128::from(hi) - i128::from(lo) + 1;
    let ascending = keys.windows(2).all(|w| w[0].1 < w[1].1);
    if !ascending || span > keys.len() as i128 {
        keys.sort_unstable();
        return;
    }
    let slot = |key: i64| (key - lo) as usize;
    let mut next = vec![0_usize; span as usize + 1];
    for &(key, _) in keys.iter() {
        next[slot(key) + 1] += 1;
    }
    for i in 1..next.len() {
        next[i] += next[i - 1];
    }
    let mut sorted = vec![(0, 0); keys.len()];
    for &(key, id) in keys.iter() {
        let at = &mut next[slot(key)];
        sorted[*at] = (key, id);
        *at += 1;
    }
    *keys = sorted;
}

/// Inserts sorted `(key, id)` entries into a key table.
fn insert_keys(tx: &Transaction<'_>, table: &str, column: &str, keys: &[(i64, i64)]) -> Result<()> {
    if keys.iter().all(|&(key, id)| packs(key, id)) {
        // One statement a chunk, the pairs packed into one integer each:
        // SQLite's insert loop then does little besides the B-tree's work.
        let mut st = tx.prepare_cached(&format!(
            "INSERT OR FAIL INTO {table} ({column}, id)
             SELECT value >> {ID_BITS}, value & {ID_MASK} FROM rarray(?1)"
        ))?;
        for chunk in keys.chunks(1 << 16) {
            let packed = std::rc::Rc::new(
                chunk
                    .iter()
                    .map(|&(key, id)| rusqlite::types::Value::Integer(key << ID_BITS | id))
                    .collect::<Vec<_>>(),
            );
            st.execute([packed])?;
        }
        return Ok(());
    }
    let sql = |n: usize| {
        format!(
            "INSERT OR FAIL INTO {table} ({column}, id) VALUES {}",
            vec!["(?, ?)"; n].join(", ")
        )
    };
    let mut many = tx.prepare_cached(&sql(INSERT_KEYS))?;
    let mut one = tx.prepare_cached(&sql(1))?;
    let mut chunks = keys.chunks_exact(INSERT_KEYS);
    for chunk in &mut chunks {
        for (i, (key, id)) in chunk.iter().enumerate() {
            many.raw_bind_parameter(2 * i + 1, key)?;
            many.raw_bind_parameter(2 * i + 2, id)?;
        }
        many.raw_execute()?;
    }
    for (key, id) in chunks.remainder() {
        one.raw_bind_parameter(1, key)?;
        one.raw_bind_parameter(2, id)?;
        one.raw_execute()?;
    }
    Ok(())
}

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
        let at = i * 8;
        st.raw_bind_parameter(at + 1, r.id)?;
        st.raw_bind_parameter(at + 2, r.reader)?;
        st.raw_bind_parameter(at + 3, r.person)?;
        st.raw_bind_parameter(at + 4, r.card)?;
        st.raw_bind_parameter(at + 5, r.event)?;
        st.raw_bind_parameter(at + 6, r.direction | r.clock << 2)?;
        st.raw_bind_parameter(at + 7, file_id)?;
        st.raw_bind_parameter(at + 8, r.row)?;
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
    /// The wall-clock time, as the export wrote it.
    pub time: NaiveDateTime,
    /// Seconds east of UTC the wall-clock time was in (3600 or 7200).
    pub utc_offset: i32,
    pub system: String,
    pub reader_code: String,
    pub reader_name: String,
    pub person: String,
    pub employee_id: String,
    pub card: String,
    pub kind: EventKind,
    pub event_text: String,
    pub direction: Direction,
    /// Where the time needs more than the wall clock: the pass of the repeated
    /// hour, or a time in the spring gap. Shown with [`clock::show`].
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
    pub fn of(conn: &Connection, ids: Vec<i64>) -> Result<Cards> {
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

const SELECT_ROWS: &str =
    "SELECT p.id, p.flags >> 2, r.system, r.code, r.name, coalesce(pe.name, ''),
        coalesce(pe.employee_id, ''), coalesce(c.number, ''), e.kind, e.text, p.flags & 3,
        f.name, p.row_no
    FROM passage p
    JOIN reader r ON r.id = p.reader_id
    JOIN event_type e ON e.id = p.event_id
    JOIN source_file f ON f.id = p.file_id
    LEFT JOIN person pe ON pe.id = p.person_id
    LEFT JOIN card c ON c.id = p.card_id";

/// What a fetch reads of each passage: the row as shown, or its id alone (for the
/// people a search's results hold, where names and texts are not needed).
struct Read<T> {
    select: &'static str,
    row: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
}

const ROWS: Read<PassageRow> = Read {
    select: SELECT_ROWS,
    row: row_of,
};

const IDS: Read<i64> = Read {
    select: "SELECT p.id FROM passage p",
    row: |r| r.get(0),
};

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The conditions of resolved filters, to be joined with AND. Ids are integers
/// we produced, so they are written inline; text never reaches the SQL. The
/// time window is not among them: it bounds the ids read.
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

/// The ids of a filter's time window, typed as wall-clock time: from the first
/// id of `from`'s earliest instant up to, not including, the first id after
/// `to`'s latest (see [`clock::window_start`]).
fn window(filter: &PassageFilter) -> (Option<i64>, Option<i64>) {
    (
        filter.from.map(|t| id_of(clock::window_start(t))),
        filter.to.map(|t| id_of(clock::window_end(t) + 1)),
    )
}

/// Where the candidate ids of one key come from, in id order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Stream {
    Reader(i64),
    Person(i64),
    /// The card's passages without a name.
    Card(i64),
}

impl Stream {
    fn sql(self, descending: bool) -> &'static str {
        match (self, descending) {
            (Stream::Reader(_), false) => {
                "SELECT id FROM passage_by_reader WHERE reader_id = ?1 AND id >= ?2 AND id < ?3 ORDER BY id"
            }
            (Stream::Reader(_), true) => {
                "SELECT id FROM passage_by_reader WHERE reader_id = ?1 AND id >= ?2 AND id < ?3 ORDER BY id DESC"
            }
            (Stream::Person(_), false) => {
                "SELECT id FROM passage_by_person WHERE person_id = ?1 AND id >= ?2 AND id < ?3 ORDER BY id"
            }
            (Stream::Person(_), true) => {
                "SELECT id FROM passage_by_person WHERE person_id = ?1 AND id >= ?2 AND id < ?3 ORDER BY id DESC"
            }
            (Stream::Card(_), false) => {
                "SELECT id FROM passage WHERE card_id = ?1 AND person_id IS NULL AND id >= ?2 AND id < ?3 ORDER BY id"
            }
            (Stream::Card(_), true) => {
                "SELECT id FROM passage WHERE card_id = ?1 AND person_id IS NULL AND id >= ?2 AND id < ?3 ORDER BY id DESC"
            }
        }
    }

    fn count_sql(self) -> &'static str {
        match self {
            Stream::Reader(_) => {
                "SELECT count(*) FROM passage_by_reader WHERE reader_id = ?1 AND id >= ?2 AND id < ?3"
            }
            Stream::Person(_) => {
                "SELECT count(*) FROM passage_by_person WHERE person_id = ?1 AND id >= ?2 AND id < ?3"
            }
            Stream::Card(_) => {
                "SELECT count(*) FROM passage WHERE card_id = ?1 AND person_id IS NULL AND id >= ?2 AND id < ?3"
            }
        }
    }

    fn key(self) -> i64 {
        match self {
            Stream::Reader(k) | Stream::Person(k) | Stream::Card(k) => k,
        }
    }
}

/// More keys than this in one condition (a reader text that matches half the
/// doors) are not worth a merge: the window's range of ids is read instead.
const MAX_STREAMS: usize = 64;

/// How a filter is answered when one of its conditions names keys: the ids of
/// those keys in the window, merged in time order, fetched by id and checked
/// against the whole filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    pub streams: Vec<Stream>,
    /// Every passage of the streams within the window matches the filter.
    pub exact: bool,
}

/// The condition whose keys have the fewest passages in the window, or `None`
/// when no condition names keys (a time window alone, event kinds, systems) or
/// the keys are too many: then the window's range of ids is read.
pub(crate) fn plan(
    conn: &Connection,
    filter: &PassageFilter,
    resolved: &Resolved,
) -> Result<Option<Plan>> {
    let options = options(filter, resolved);
    if options.len() < 2 {
        return Ok(options.into_iter().next());
    }
    let (lo, hi) = bounds(window(filter));
    let mut sized = Vec::with_capacity(options.len());
    for plan in options {
        sized.push((size(conn, &plan.streams, lo, hi, SIZE_CAP)?, plan));
    }
    sized.sort_by_key(|(n, _)| *n);
    Ok(sized.into_iter().next().map(|(_, plan)| plan))
}

/// The plans a filter allows, before their sizes are known.
fn options(filter: &PassageFilter, resolved: &Resolved) -> Vec<Plan> {
    let plain = filter.kinds.is_empty() && filter.systems.is_empty();
    let mut options = Vec::new();
    if let Some(readers) = &resolved.readers {
        options.push(Plan {
            streams: readers.iter().map(|&r| Stream::Reader(r)).collect(),
            exact: plain && resolved.persons.is_none() && resolved.cards.is_none(),
        });
    }
    let people_and_cards = |people: &[i64], cards: &[i64]| {
        let mut streams: Vec<Stream> = people.iter().map(|&p| Stream::Person(p)).collect();
        streams.extend(cards.iter().map(|&c| Stream::Card(c)));
        streams.sort_unstable();
        streams.dedup();
        streams
    };
    if let Some((people, cards)) = &resolved.persons {
        let mut all = people.clone();
        all.extend(&cards.holders);
        options.push(Plan {
            streams: people_and_cards(&all, &cards.ids),
            exact: plain
                && cards.ids.is_empty()
                && resolved.readers.is_none()
                && resolved.cards.is_none(),
        });
    }
    if let Some(cards) = &resolved.cards {
        options.push(Plan {
            streams: people_and_cards(&cards.holders, &cards.ids),
            exact: false,
        });
    }
    options.retain(|p| p.streams.len() <= MAX_STREAMS);
    options
}

/// Past this many passages a plan's size is not counted further: it is large.
const SIZE_CAP: u64 = 100_000;

/// Passages of the streams in `lo..hi`, counted up to about `cap`.
fn size(conn: &Connection, streams: &[Stream], lo: i64, hi: i64, cap: u64) -> Result<u64> {
    let mut n = 0;
    for s in streams {
        let sql = format!(
            "SELECT count(*) FROM ({} LIMIT {})",
            s.sql(false),
            cap.saturating_sub(n).max(1)
        );
        n += conn
            .prepare_cached(&sql)?
            .query_row(params![s.key(), lo, hi], |r| r.get::<_, i64>(0))? as u64;
        if n >= cap {
            break;
        }
    }
    Ok(n)
}

fn bounds((lo, hi): (Option<i64>, Option<i64>)) -> (i64, i64) {
    (lo.unwrap_or(i64::MIN), hi.unwrap_or(i64::MAX))
}

/// The ids of several streams merged in time order (or reverse), each once.
struct Merged<'c> {
    rows: Vec<rusqlite::Rows<'c>>,
    heap: std::collections::BinaryHeap<(i64, usize)>,
    descending: bool,
    last: Option<i64>,
}

impl<'c> Merged<'c> {
    fn next(&mut self) -> Result<Option<i64>> {
        loop {
            let Some((key, i)) = self.heap.pop() else {
                return Ok(None);
            };
            if let Some(r) = self.rows[i].next()? {
                let id: i64 = r.get(0)?;
                self.heap.push((self.order(id), i));
            }
            let id = self.order(key);
            if self.last != Some(id) {
                self.last = Some(id);
                return Ok(Some(id));
            }
        }
    }

    /// Heap keys: the heap pops its largest, so ascending order negates.
    fn order(&self, id: i64) -> i64 {
        if self.descending { id } else { -id }
    }
}

/// Runs `f` over the merged ids of `streams` in `lo..hi`.
fn with_merged<T>(
    conn: &Connection,
    streams: &[Stream],
    (lo, hi): (i64, i64),
    descending: bool,
    f: impl FnOnce(&mut Merged<'_>) -> Result<T>,
) -> Result<T> {
    let mut statements = Vec::with_capacity(streams.len());
    for s in streams {
        statements.push(conn.prepare(s.sql(descending))?);
    }
    let mut merged = Merged {
        rows: Vec::with_capacity(streams.len()),
        heap: std::collections::BinaryHeap::with_capacity(streams.len()),
        descending,
        last: None,
    };
    for (st, s) in statements.iter_mut().zip(streams) {
        merged.rows.push(st.query(params![s.key(), lo, hi])?);
    }
    for i in 0..merged.rows.len() {
        if let Some(r) = merged.rows[i].next()? {
            let id: i64 = r.get(0)?;
            let key = merged.order(id);
            merged.heap.push((key, i));
        }
    }
    f(&mut merged)
}

/// How many candidate ids one fetch checks at once.
const FETCH_IDS: usize = 256;

fn id_array(ids: &[i64]) -> std::rc::Rc<Vec<rusqlite::types::Value>> {
    std::rc::Rc::new(
        ids.iter()
            .map(|&i| rusqlite::types::Value::Integer(i))
            .collect(),
    )
}

/// Parameters of a fetch: the ids as `?1`, then the conditions' values.
fn with_ids<'p>(
    ids: &'p std::rc::Rc<Vec<rusqlite::types::Value>>,
    values: &'p [rusqlite::types::Value],
) -> rusqlite::ParamsFromIter<impl Iterator<Item = &'p dyn rusqlite::ToSql>> {
    rusqlite::params_from_iter(
        std::iter::once(ids as &dyn rusqlite::ToSql)
            .chain(values.iter().map(|v| v as &dyn rusqlite::ToSql)),
    )
}

pub(crate) fn output_error(source: std::io::Error) -> super::StoreError {
    super::StoreError::Io {
        path: "output".into(),
        source,
    }
}

/// Passages of a plan's streams within `window` that match the whole filter,
/// in order or in reverse, until `limit` (0: no limit).
#[allow(clippy::too_many_arguments)]
fn fetch_planned<T>(
    conn: &Connection,
    filter: &PassageFilter,
    resolved: &Resolved,
    plan: &Plan,
    (window, descending, limit): ((i64, i64), bool, usize),
    read: &Read<T>,
    mut each: impl FnMut(T) -> std::io::Result<()>,
) -> Result<usize> {
    let (clauses, values) = if plan.exact {
        (Vec::new(), Vec::new())
    } else {
        conditions(filter, resolved)
    };
    let and: String = clauses.iter().map(|c| format!(" AND {c}")).collect();
    let order = if descending { "DESC" } else { "ASC" };
    let mut st = conn.prepare_cached(&format!(
        "{} WHERE p.id IN rarray(?1){and} ORDER BY p.id {order}",
        read.select
    ))?;
    with_merged(conn, &plan.streams, window, descending, |merged| {
        let mut n = 0;
        let mut ids = Vec::with_capacity(FETCH_IDS);
        loop {
            // An exact plan's first page needs no more ids than rows asked for.
            let want = if plan.exact && limit > 0 {
                (limit - n).min(FETCH_IDS)
            } else {
                FETCH_IDS
            };
            ids.clear();
            while ids.len() < want {
                match merged.next()? {
                    Some(id) => ids.push(id),
                    None => break,
                }
            }
            if ids.is_empty() {
                return Ok(n);
            }
            let array = id_array(&ids);
            let mut rows = st.query(with_ids(&array, &values))?;
            while let Some(r) = rows.next()? {
                each((read.row)(r)?).map_err(output_error)?;
                n += 1;
                if n == limit {
                    return Ok(n);
                }
            }
        }
    })
}

/// Passages in `lo..hi` that match the filter, read in id order: for filters no
/// plan serves.
fn fetch_ranged<T>(
    conn: &Connection,
    filter: &PassageFilter,
    resolved: &Resolved,
    ((lo, hi), descending, limit): ((i64, i64), bool, usize),
    read: &Read<T>,
    mut each: impl FnMut(T) -> std::io::Result<()>,
) -> Result<usize> {
    let (mut clauses, mut values) = conditions(filter, resolved);
    clauses.push("p.id >= ? AND p.id < ?".into());
    values.push(rusqlite::types::Value::Integer(lo));
    values.push(rusqlite::types::Value::Integer(hi));
    let order = if descending { "DESC" } else { "ASC" };
    let limit_sql = if limit == 0 {
        String::new()
    } else {
        format!(" LIMIT {limit}")
    };
    let mut st = conn.prepare_cached(&format!(
        "{} WHERE {} ORDER BY p.id {order}{limit_sql}",
        read.select,
        clauses.join(" AND ")
    ))?;
    let mut rows = st.query(rusqlite::params_from_iter(values))?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        each((read.row)(r)?).map_err(output_error)?;
        n += 1;
    }
    Ok(n)
}

/// Resolves reader and person text to ids: readers by code or name, people by
/// name in either order or employee id, cards by number (leading zeros ignored).
pub fn resolve(conn: &Connection, filter: &PassageFilter) -> Result<Resolved> {
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

/// Matching passages in `window`, forwards or backwards, through the best plan.
#[allow(clippy::too_many_arguments)]
fn fetch<T>(
    conn: &Connection,
    filter: &PassageFilter,
    resolved: &Resolved,
    window: (i64, i64),
    descending: bool,
    limit: usize,
    read: &Read<T>,
    each: impl FnMut(T) -> std::io::Result<()>,
) -> Result<usize> {
    if resolved.is_empty_match() || window.0 >= window.1 {
        return Ok(0);
    }
    let how = (window, descending, limit);
    match plan(conn, filter, resolved)? {
        Some(plan) => fetch_planned(conn, filter, resolved, &plan, how, read, each),
        None => fetch_ranged(conn, filter, resolved, how, read, each),
    }
}

/// One page of matching passages, in time order.
pub fn page(
    conn: &Connection,
    filter: &PassageFilter,
    resolved: &Resolved,
    page: Page,
    limit: usize,
) -> Result<Vec<PassageRow>> {
    let (mut lo, mut hi) = bounds(window(filter));
    let descending = match page {
        Page::After(c) => {
            if let Some(c) = c {
                lo = lo.max(c.id.saturating_add(1));
            }
            false
        }
        Page::Before(c) => {
            if let Some(c) = c {
                hi = hi.min(c.id);
            }
            true
        }
    };
    let mut out = Vec::new();
    fetch(
        conn,
        filter,
        resolved,
        (lo, hi),
        descending,
        limit,
        &ROWS,
        |row| {
            out.push(row);
            Ok(())
        },
    )?;
    if descending {
        out.reverse();
    }
    Ok(out)
}

/// Every matching passage in time order, streamed to `each` (for exports and the CLI).
pub fn for_each(
    conn: &Connection,
    filter: &PassageFilter,
    resolved: &Resolved,
    limit: usize,
    each: impl FnMut(PassageRow) -> std::io::Result<()>,
) -> Result<usize> {
    let window = bounds(window(filter));
    fetch(conn, filter, resolved, window, false, limit, &ROWS, each)
}

/// The ids of every matching passage in time order: [`for_each`] without reading
/// what the rows show.
pub fn for_each_id(
    conn: &Connection,
    filter: &PassageFilter,
    resolved: &Resolved,
    limit: usize,
    each: impl FnMut(i64) -> std::io::Result<()>,
) -> Result<usize> {
    let window = bounds(window(filter));
    fetch(conn, filter, resolved, window, false, limit, &IDS, each)
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

/// How many passages match (for counts shown beside a page).
pub fn count(conn: &Connection, filter: &PassageFilter, resolved: &Resolved) -> Result<u64> {
    let (lo, hi) = bounds(window(filter));
    if resolved.is_empty_match() || lo >= hi {
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
        let first = filter.from.map_or(i64::MIN, |t| day_of(to_ts(t)));
        let last = filter.to.map_or(i64::MAX, |t| day_of(to_ts(t)));
        sql.push_str(&format!(" AND day BETWEEN {first} AND {last}"));
        return Ok(conn.query_row(&sql, [], |r| r.get::<_, i64>(0))? as u64);
    }
    let (clauses, values) = conditions(filter, resolved);
    let Some(plan) = plan(conn, filter, resolved)? else {
        let and: String = clauses.iter().map(|c| format!(" AND {c}")).collect();
        let sql = format!("SELECT count(*) FROM passage p WHERE p.id >= ? AND p.id < ?{and}");
        let mut all = vec![
            rusqlite::types::Value::Integer(lo),
            rusqlite::types::Value::Integer(hi),
        ];
        all.extend(values);
        return Ok(conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(all), |r| r.get::<_, i64>(0))?
            as u64);
    };
    if plan.exact {
        let mut n = 0;
        for s in &plan.streams {
            n += conn
                .prepare_cached(s.count_sql())?
                .query_row(params![s.key(), lo, hi], |r| r.get::<_, i64>(0))?
                as u64;
        }
        return Ok(n);
    }
    let and: String = clauses.iter().map(|c| format!(" AND {c}")).collect();
    let mut st = conn.prepare_cached(&format!(
        "SELECT count(*) FROM passage p WHERE p.id IN rarray(?1){and}"
    ))?;
    with_merged(conn, &plan.streams, (lo, hi), false, |merged| {
        let mut n = 0;
        let mut ids = Vec::with_capacity(4 * FETCH_IDS);
        loop {
            ids.clear();
            while ids.len() < 4 * FETCH_IDS {
                match merged.next()? {
                    Some(id) => ids.push(id),
                    None => break,
                }
            }
            if ids.is_empty() {
                return Ok(n);
            }
            let array = id_array(&ids);
            n += st.query_row(with_ids(&array, &values), |r| r.get::<_, i64>(0))? as u64;
        }
    })
}

fn row_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<PassageRow> {
    let id: i64 = r.get(0)?;
    let clock = ClockNote::from_code(r.get(1)?);
    let utc = utc_of(id);
    let time = clock::wall_of(utc, clock);
    Ok(PassageRow {
        id,
        time,
        utc_offset: (to_ts(time) - utc) as i32,
        system: r.get(2)?,
        reader_code: r.get(3)?,
        reader_name: r.get(4)?,
        person: r.get(5)?,
        employee_id: r.get(6)?,
        card: r.get(7)?,
        kind: EventKind::from_code(r.get(8)?),
        event_text: r.get(9)?,
        direction: Direction::from_code(r.get(10)?),
        clock,
        source_file: r.get(11)?,
        source_row: r.get::<_, i64>(12)? as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, doctor};

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    /// Readers 1–2, person 1 with card 1 (also seen nameless), card 2 nameless only.
    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("t.db"), Default::default()).unwrap();
        let id = |t: &str, n: i64| id_of(clock::instant(at(t), ClockNote::None)) + n;
        store
            .conn()
            .execute_batch(&format!(
                "INSERT INTO source_file (id, name, sha256, size, format, system, kind, imported_at, imported_by)
                     VALUES (1, 'a', 'x', 1, 'text', 'ssm', 'passage', '', '');
                 INSERT INTO reader (id, system, code, name) VALUES (1, 'ssm', 'L1', 'Alfa'), (2, 'ssm', 'L2', 'Beta');
                 INSERT INTO person (id, name, name_key) VALUES (1, 'Åsa Lindqvist', 'asa lindqvist');
                 INSERT INTO card (id, system, number, person_id) VALUES (1, 'ssm', '0042', 1), (2, 'ssm', '77', NULL);
                 INSERT INTO event_type (id, system, text, kind) VALUES (1, 'ssm', 'in', 0), (2, 'ssm', 'no', 1);
                 INSERT INTO passage (id, reader_id, person_id, card_id, event_id, file_id, row_no) VALUES
                     ({a}, 1, NULL, 1, 1, 1, 1), ({b}, 1, 1, 1, 1, 1, 2), ({c}, 2, 1, 1, 2, 1, 3),
                     ({d}, 2, NULL, 2, 1, 1, 4), ({e}, 1, 1, 1, 1, 1, 5);",
                a = id("2026-01-10 08:00:00", 0),
                b = id("2026-01-10 08:00:00", 1),
                c = id("2026-01-10 09:00:00", 0),
                d = id("2026-01-11 10:00:00", 0),
                e = id("2026-01-12 23:59:59", 0),
            ))
            .unwrap();
        let tx = store.write().unwrap();
        for t in doctor::Derived::ALL {
            doctor::rebuild(&tx, t).unwrap();
        }
        tx.commit().unwrap();
        (dir, store)
    }

    fn rows(store: &Store, f: &PassageFilter) -> Vec<u64> {
        let conn = store.read().unwrap();
        let r = resolve(&conn, f).unwrap();
        let mut out = Vec::new();
        for_each(&conn, f, &r, 0, |row| {
            out.push(row.source_row);
            Ok(())
        })
        .unwrap();
        assert_eq!(count(&conn, f, &r).unwrap() as usize, out.len(), "{f:?}");
        out
    }

    #[test]
    fn key_entries_sort_by_key_then_id_counted_or_compared() {
        let cases: [Vec<(i64, i64)>; 4] = [
            // Rising ids, few keys: counted.
            vec![(3, 1), (1, 2), (3, 4), (2, 5), (1, 9), (3, 10)],
            // Ids not rising: compared.
            vec![(1, 9), (1, 2), (2, 5), (1, 4)],
            // Keys far apart: compared.
            vec![(1 << 40, 1), (-5, 2), (7, 3)],
            vec![],
        ];
        for mut keys in cases {
            let mut expected = keys.clone();
            expected.sort_unstable();
            sort_keys(&mut keys);
            assert_eq!(keys, expected);
        }
    }

    #[test]
    fn key_entries_packed_or_not_land_in_the_key_tables_alike() {
        assert!(packs(0, 0) && packs((1 << 19) - 1, ID_MASK));
        assert!(!packs(1 << 19, 1) && !packs(1, ID_MASK + 1) && !packs(-1, 1));
        let (_dir, mut store) = store();
        let tx = store.write().unwrap();
        let big = 1_i64 << 19;
        let cases: [Vec<(i64, i64)>; 2] = [
            vec![(2, 30), (1, 20), (1, 10)],
            vec![(big, 40), (2, 50), (big + 7, ID_MASK + 1)],
        ];
        for keys in cases {
            let mut sink = Sink::new(&tx, 1).unwrap();
            sink.by_reader = keys.clone();
            sink.by_person = keys.clone();
            sink.flush_keys().unwrap();
            for table in ["passage_by_reader", "passage_by_person"] {
                let mut st = tx
                    .prepare(&format!(
                        "SELECT * FROM {table} WHERE id IN (10, 20, 30, 40, 50, {})",
                        ID_MASK + 1
                    ))
                    .unwrap();
                let got: Vec<(i64, i64)> = st
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                    .unwrap()
                    .collect::<rusqlite::Result<_>>()
                    .unwrap();
                let mut want = keys.clone();
                want.sort();
                assert_eq!(got, want, "{table}");
                tx.execute(&format!("DELETE FROM {table}"), []).unwrap();
            }
        }
    }

    #[test]
    fn plans_use_the_key_tables_and_know_when_they_are_exact() {
        let f = PassageFilter::default();
        let readers = Resolved {
            readers: Some(vec![2, 1]),
            ..Resolved::default()
        };
        assert_eq!(
            options(&f, &readers),
            [Plan {
                streams: vec![Stream::Reader(2), Stream::Reader(1)],
                exact: true
            }]
        );
        let kinds = PassageFilter {
            kinds: vec![EventKind::Denied],
            ..PassageFilter::default()
        };
        assert!(!options(&kinds, &readers)[0].exact);
        let person_or_card = Resolved {
            persons: Some((
                vec![3],
                Cards {
                    ids: vec![9],
                    holders: vec![4, 3],
                },
            )),
            ..Resolved::default()
        };
        assert_eq!(
            options(&f, &person_or_card),
            [Plan {
                streams: vec![Stream::Person(3), Stream::Person(4), Stream::Card(9)],
                exact: false
            }]
        );
        let many = Resolved {
            readers: Some((1..=MAX_STREAMS as i64 + 1).collect()),
            ..Resolved::default()
        };
        assert!(options(&f, &many).is_empty(), "read the range instead");
    }

    #[test]
    fn the_smaller_condition_drives_the_search() {
        let (_dir, store) = store();
        let f = PassageFilter::default();
        // Reader 1 has three passages, the nameless card 2 one.
        let r = Resolved {
            readers: Some(vec![1]),
            cards: Some(Cards {
                ids: vec![2],
                holders: vec![],
            }),
            ..Resolved::default()
        };
        let chosen = plan(store.conn(), &f, &r).unwrap().unwrap();
        assert_eq!(chosen.streams, [Stream::Card(2)]);
    }

    #[test]
    fn rows_out_of_order_are_merged_into_place_or_the_merge_stops_when_cancelled() {
        let (_dir, mut store) = store();
        let passage = |wall: &str, row: u64| NewPassage {
            ts: to_ts(at(wall)),
            utc: clock::instant(at(wall), ClockNote::None),
            clock: ClockNote::None,
            ids: Ids {
                reader: 1,
                person: Some(1),
                card: None,
                event: 1,
            },
            direction: Direction::Unknown,
            kind: EventKind::Granted,
            row,
            entries: Vec::new(),
        };
        let times = [
            "2026-05-03 10:00:00",
            "2026-05-01 10:00:00",
            "2026-05-02 10:00:00",
        ];
        for cancel in [true, false] {
            let tx = store.write().unwrap();
            let mut writer = PassageWriter::new(&tx, "ssm", 1).unwrap();
            for (i, t) in times.iter().enumerate() {
                writer.write(&passage(t, 100 + i as u64)).unwrap();
            }
            let done = writer.finish(&|| cancel).unwrap();
            if cancel {
                // The caller rolls back, as dropping the transaction does.
                assert!(done.is_none());
                continue;
            }
            assert_eq!(done.map(|s| s.added), Some(3));
            let rows: Vec<i64> = tx
                .prepare("SELECT row_no FROM passage WHERE row_no >= 100 ORDER BY id")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert_eq!(rows, [101, 102, 100]);
        }
    }

    #[test]
    fn every_filter_finds_its_passages_at_the_edges_of_its_window() {
        let (_dir, store) = store();
        let window = |from: &str, to: &str| PassageFilter {
            from: Some(at(from)),
            to: Some(at(to)),
            ..PassageFilter::default()
        };
        let with = |f: PassageFilter, edit: &dyn Fn(&mut PassageFilter)| {
            let mut f = f;
            edit(&mut f);
            f
        };
        let whole = window("2026-01-10 08:00:00", "2026-01-12 23:59:59");
        assert_eq!(rows(&store, &whole), [1, 2, 3, 4, 5]);
        let alfa = |f: &mut PassageFilter| f.readers = vec!["alfa".into()];
        assert_eq!(rows(&store, &with(whole.clone(), &alfa)), [1, 2, 5]);
        // A window of one second at each end.
        let first = window("2026-01-10 08:00:00", "2026-01-10 08:00:00");
        assert_eq!(rows(&store, &with(first.clone(), &alfa)), [1, 2]);
        let card = |f: &mut PassageFilter| f.cards = vec!["42".into()];
        assert_eq!(rows(&store, &with(first.clone(), &card)), [1, 2]);
        let nameless = |f: &mut PassageFilter| f.cards = vec!["77".into()];
        let its_second = window("2026-01-11 10:00:00", "2026-01-11 10:00:00");
        assert_eq!(rows(&store, &with(its_second, &nameless)), [4]);
        let person = |f: &mut PassageFilter| f.persons = vec!["Lindqvist Åsa".into()];
        let last = window("2026-01-12 23:59:59", "2026-01-12 23:59:59");
        assert_eq!(rows(&store, &with(last, &person)), [5]);
        assert_eq!(rows(&store, &with(whole.clone(), &person)), [2, 3, 5]);
        // A card given as the person: its nameless passages too.
        let as_person = |f: &mut PassageFilter| f.persons = vec!["0042".into()];
        assert_eq!(rows(&store, &with(whole.clone(), &as_person)), [1, 2, 3, 5]);
        let denied = |f: &mut PassageFilter| f.kinds = vec![EventKind::Denied];
        assert_eq!(rows(&store, &with(whole.clone(), &denied)), [3]);
        let salto = |f: &mut PassageFilter| f.systems = vec!["salto".into()];
        assert_eq!(rows(&store, &with(whole, &salto)), Vec::<u64>::new());
    }

    #[test]
    fn pages_run_both_ways_from_a_cursor() {
        let (_dir, store) = store();
        let f = PassageFilter {
            readers: vec!["l".into()],
            ..PassageFilter::default()
        };
        let r = resolve(store.conn(), &f).unwrap();
        let page_of = |p: Page| -> Vec<PassageRow> { page(store.conn(), &f, &r, p, 2).unwrap() };
        let first = page_of(Page::After(None));
        let cursor = |row: &PassageRow| Cursor {
            ts: to_ts(row.time),
            id: row.id,
        };
        let second = page_of(Page::After(Some(cursor(&first[1]))));
        let last = page_of(Page::Before(None));
        let before_last = page_of(Page::Before(Some(cursor(&last[0]))));
        let src = |rows: &[PassageRow]| rows.iter().map(|r| r.source_row).collect::<Vec<_>>();
        assert_eq!(
            (src(&first), src(&second), src(&last), src(&before_last)),
            (vec![1, 2], vec![3, 4], vec![4, 5], vec![2, 3])
        );
    }
}
