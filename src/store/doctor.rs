//! Checking the store against itself: SQLite's integrity check, and every table
//! derived from the passages re-derived from them and compared; rebuilding what disagrees.

use super::Result;
use super::passages::{day_of, to_ts, utc_of};
use crate::domain::clock::{self, ClockNote};
use rusqlite::Connection;
use std::collections::HashMap;

/// A table kept from the passages, which `doctor` can re-derive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Derived {
    /// `passage_day`: passages and exits per reader and wall-clock day.
    DailyCounts,
    /// `card_holder`: every person a card was seen with.
    CardHolders,
    /// `passage_by_reader`: each passage's id under its reader.
    ReaderKeys,
    /// `passage_by_person`: each named passage's id under its person.
    PersonKeys,
}

impl Derived {
    pub const ALL: [Derived; 4] = [
        Derived::DailyCounts,
        Derived::CardHolders,
        Derived::ReaderKeys,
        Derived::PersonKeys,
    ];

    pub fn table(self) -> &'static str {
        match self {
            Derived::DailyCounts => "passage_day",
            Derived::CardHolders => "card_holder",
            Derived::ReaderKeys => "passage_by_reader",
            Derived::PersonKeys => "passage_by_person",
        }
    }
}

/// How one derived table differs from what the passages say: rows it lacks, rows
/// it has that the passages do not give, and rows present in both with other values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disagreement {
    pub table: Derived,
    pub missing: u64,
    pub extra: u64,
    pub differing: u64,
}

/// What `PRAGMA integrity_check` says, line by line; empty when the file is sound.
pub fn integrity(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare("PRAGMA integrity_check")?;
    let lines: Vec<String> = st
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(if lines == ["ok"] { Vec::new() } else { lines })
}

type Days = HashMap<(i64, i64), (i64, i64)>;

/// Passages and exits per reader and wall-clock day, from the passages themselves.
fn derive_days(conn: &Connection) -> Result<Days> {
    let mut st = conn.prepare(
        "SELECT p.id, p.flags >> 2, p.reader_id, (p.flags & 3) = 2 OR e.kind = 4
         FROM passage p JOIN event_type e ON e.id = p.event_id",
    )?;
    let mut rows = st.query([])?;
    let mut days = Days::new();
    // The offset changes twice a year: remember the hour's.
    let mut hour = (i64::MIN, 0);
    while let Some(r) = rows.next()? {
        let (id, note): (i64, i64) = (r.get(0)?, r.get(1)?);
        let utc = utc_of(id);
        let note = ClockNote::from_code(note);
        let wall = if note == ClockNote::None {
            if utc.div_euclid(3600) != hour.0 {
                hour = (utc.div_euclid(3600), to_ts(clock::wall_of(utc, note)) - utc);
            }
            utc + hour.1
        } else {
            to_ts(clock::wall_of(utc, note))
        };
        let day = days.entry((r.get(2)?, day_of(wall))).or_default();
        day.0 += 1;
        day.1 += i64::from(r.get::<_, bool>(3)?);
    }
    Ok(days)
}

fn stored_days(conn: &Connection) -> Result<Days> {
    let mut st = conn.prepare("SELECT reader_id, day, passages, exits FROM passage_day")?;
    let rows = st.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The SQL of each key-like table's rows, as stored and as derived from passages.
fn sets(table: Derived) -> (&'static str, &'static str) {
    match table {
        Derived::CardHolders => (
            "SELECT card_id, person_id FROM card_holder",
            "SELECT DISTINCT card_id, person_id FROM passage
             WHERE card_id IS NOT NULL AND person_id IS NOT NULL",
        ),
        Derived::ReaderKeys => (
            "SELECT reader_id, id FROM passage_by_reader",
            "SELECT reader_id, id FROM passage",
        ),
        Derived::PersonKeys => (
            "SELECT person_id, id FROM passage_by_person",
            "SELECT person_id, id FROM passage WHERE person_id IS NOT NULL",
        ),
        Derived::DailyCounts => unreachable!("daily counts are compared in Rust"),
    }
}

/// Compares one derived table with the passages.
pub fn check_one(conn: &Connection, table: Derived) -> Result<Option<Disagreement>> {
    let (missing, extra, differing) = if table == Derived::DailyCounts {
        let derived = derive_days(conn)?;
        let stored = stored_days(conn)?;
        let missing = derived.keys().filter(|k| !stored.contains_key(k)).count();
        let extra = stored.keys().filter(|k| !derived.contains_key(k)).count();
        let differing = derived
            .iter()
            .filter(|(k, v)| stored.get(k).is_some_and(|s| s != *v))
            .count();
        (missing as u64, extra as u64, differing as u64)
    } else {
        let (stored, derived) = sets(table);
        let count = |a: &str, b: &str| -> Result<u64> {
            Ok(
                conn.query_row(&format!("SELECT count(*) FROM ({a} EXCEPT {b})"), [], |r| {
                    r.get::<_, i64>(0)
                })? as u64,
            )
        };
        (count(derived, stored)?, count(stored, derived)?, 0)
    };
    Ok((missing + extra + differing > 0).then_some(Disagreement {
        table,
        missing,
        extra,
        differing,
    }))
}

/// Every derived table that disagrees with the passages.
pub fn check(conn: &Connection) -> Result<Vec<Disagreement>> {
    let mut found = Vec::new();
    for table in Derived::ALL {
        found.extend(check_one(conn, table)?);
    }
    Ok(found)
}

/// Rebuilds one derived table from the passages (inside the caller's transaction).
pub fn rebuild(conn: &Connection, table: Derived) -> Result<()> {
    conn.execute(&format!("DELETE FROM {}", table.table()), [])?;
    if table == Derived::DailyCounts {
        let mut st = conn.prepare(
            "INSERT INTO passage_day (reader_id, day, passages, exits) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut days: Vec<_> = derive_days(conn)?.into_iter().collect();
        days.sort_unstable();
        for ((reader, day), (n, exits)) in days {
            st.execute([reader, day, n, exits])?;
        }
        return Ok(());
    }
    let (_, derived) = sets(table);
    let columns = match table {
        Derived::CardHolders => "card_id, person_id",
        Derived::ReaderKeys => "reader_id, id",
        _ => "person_id, id",
    };
    conn.execute(
        &format!(
            "INSERT INTO {} ({columns}) SELECT * FROM ({derived}) ORDER BY 1, 2",
            table.table()
        ),
        [],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrupted_table_is_found_and_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            crate::store::Store::open(&dir.path().join("t.db"), Default::default()).unwrap();
        store
            .conn()
            .execute_batch(&format!(
                "INSERT INTO source_file (id, name, sha256, size, format, system, kind, imported_at, imported_by)
                     VALUES (1, 'a', 'x', 1, 'text', 'ssm', 'passage', '', '');
                 INSERT INTO reader (id, system, name) VALUES (1, 'ssm', 'A');
                 INSERT INTO person (id, name, name_key) VALUES (1, 'P', 'p');
                 INSERT INTO card (id, system, number, person_id) VALUES (1, 'ssm', '42', 1);
                 INSERT INTO event_type (id, system, text, kind) VALUES (1, 'ssm', 'in', 0);
                 INSERT INTO passage (id, reader_id, person_id, card_id, event_id, file_id, row_no)
                     VALUES ({id}, 1, 1, 1, 1, 1, 2);
                 INSERT INTO passage_by_reader VALUES (1, {id});
                 INSERT INTO passage_by_person VALUES (1, {id});
                 INSERT INTO card_holder VALUES (1, 1);",
                id = crate::store::passages::id_of(1_790_000_000)
            ))
            .unwrap();
        // Not yet counted: the daily counts lack the day.
        let found = check(store.conn()).unwrap();
        assert_eq!(
            found,
            [Disagreement {
                table: Derived::DailyCounts,
                missing: 1,
                extra: 0,
                differing: 0
            }]
        );
        store
            .conn()
            .execute_batch(
                "DELETE FROM passage_by_reader; INSERT INTO passage_by_person VALUES (1, 7);",
            )
            .unwrap();
        let tables: Vec<Derived> = check(store.conn())
            .unwrap()
            .iter()
            .map(|d| d.table)
            .collect();
        assert_eq!(
            tables,
            [
                Derived::DailyCounts,
                Derived::ReaderKeys,
                Derived::PersonKeys
            ]
        );
        let tx = store.write().unwrap();
        for t in tables {
            rebuild(&tx, t).unwrap();
        }
        tx.commit().unwrap();
        assert_eq!(check(store.conn()).unwrap(), []);
        assert!(integrity(store.conn()).unwrap().is_empty());
        // A plain DELETE keeps the key tables right by itself.
        store.conn().execute("DELETE FROM passage", []).unwrap();
        let left: Vec<Derived> = check(store.conn())
            .unwrap()
            .iter()
            .map(|d| d.table)
            .collect();
        assert_eq!(left, [Derived::DailyCounts, Derived::CardHolders]);
    }
}
