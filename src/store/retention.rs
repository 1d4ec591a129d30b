//! Retention of passages: deleting one system's passages older than a cut-off,
//! except those inside kept windows, with every derived table kept right.

use super::Result;
use super::passages::{day_of, from_ts, id_of, to_ts, utc_of};
use crate::domain::clock::{self, ClockNote};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Passages of one system and wall-clock month that a purge removes (or would).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgedMonth {
    pub system: String,
    /// `YYYY-MM`
    pub month: String,
    pub passages: u64,
}

/// One passage that goes, as far as the derived tables need to know.
struct Going {
    id: i64,
    reader: i64,
    person: Option<i64>,
    card: Option<i64>,
    file: i64,
    day: i64,
    exit: bool,
}

/// What a purge of one system would remove, and what it keeps past the cut-off
/// because a kept window holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preview {
    pub months: Vec<PurgedMonth>,
    /// Passages before the cut-off kept for a window.
    pub held: u64,
}

/// The passage systems with passages stored, by name.
pub fn systems(conn: &Connection) -> Result<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT DISTINCT r.system FROM reader r
         WHERE EXISTS (SELECT 1 FROM passage_by_reader k WHERE k.reader_id = r.id)
         ORDER BY 1",
    )?;
    let rows = st.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The passages of `system` before `before` (wall-clock time), outside every
/// kept window (wall-clock, inclusive), with the count per month and of those held.
fn going(
    conn: &Connection,
    system: &str,
    before: NaiveDateTime,
    keep: &[(NaiveDateTime, NaiveDateTime)],
) -> Result<(Vec<Going>, Preview)> {
    let kept: Vec<(i64, i64)> = keep
        .iter()
        .map(|(from, to)| {
            (
                id_of(clock::window_start(*from)),
                id_of(clock::window_end(*to) + 1),
            )
        })
        .collect();
    let mut st = conn.prepare_cached(
        "SELECT p.id, p.flags >> 2, p.reader_id, p.person_id, p.card_id, (p.flags & 3) = 2 OR e.kind = 4,
                p.file_id
         FROM passage p JOIN event_type e ON e.id = p.event_id
         WHERE p.id < ?1 AND p.reader_id IN (SELECT id FROM reader WHERE system = ?2)",
    )?;
    let mut rows = st.query(params![id_of(clock::window_start(before)), system])?;
    let mut out = Vec::new();
    let mut months: BTreeMap<String, u64> = BTreeMap::new();
    let mut held = 0;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if kept.iter().any(|&(lo, hi)| id >= lo && id < hi) {
            held += 1;
            continue;
        }
        let wall = clock::wall_of(utc_of(id), ClockNote::from_code(r.get(1)?));
        *months.entry(wall.format("%Y-%m").to_string()).or_default() += 1;
        out.push(Going {
            id,
            reader: r.get(2)?,
            person: r.get(3)?,
            card: r.get(4)?,
            file: r.get(6)?,
            day: day_of(to_ts(wall)),
            exit: r.get(5)?,
        });
    }
    let months = months
        .into_iter()
        .map(|(month, passages)| PurgedMonth {
            system: system.to_owned(),
            month,
            passages,
        })
        .collect();
    Ok((out, Preview { months, held }))
}

/// What [`purge`] would remove, removing nothing (for `--dry-run`).
pub fn purge_preview(
    conn: &Connection,
    system: &str,
    before: NaiveDateTime,
    keep: &[(NaiveDateTime, NaiveDateTime)],
) -> Result<Preview> {
    Ok(going(conn, system, before, keep)?.1)
}

/// Deletes the passages of `system` older than `before` except those inside a
/// kept window, inside the caller's transaction. The key tables follow by their
/// triggers; the daily counts are lowered, and card holders, cards and people
/// that no passage refers to any more are removed, so no name outlives its
/// passages. A source file keeps the span of the passages it still holds (what
/// a request's coverage caveat reads) and goes with its last passage. The
/// highest person and card ids given out are noted first, so that an id the
/// audit trail recorded is never given to someone else. Returns the counts per
/// month and of those held.
pub fn purge(
    tx: &Transaction<'_>,
    system: &str,
    before: NaiveDateTime,
    keep: &[(NaiveDateTime, NaiveDateTime)],
) -> Result<Preview> {
    let (gone, preview) = going(tx, system, before, keep)?;
    if gone.is_empty() {
        return Ok(preview);
    }
    note_ids_given(tx)?;
    let mut days: HashMap<(i64, i64), (i64, i64)> = HashMap::new();
    let mut pairs = BTreeSet::new();
    let mut cards = BTreeSet::new();
    let mut people = BTreeSet::new();
    let mut files = BTreeSet::new();
    {
        let mut delete = tx.prepare_cached("DELETE FROM passage WHERE id = ?1")?;
        for g in &gone {
            delete.execute([g.id])?;
            let d = days.entry((g.reader, g.day)).or_default();
            d.0 += 1;
            d.1 += i64::from(g.exit);
            if let (Some(c), Some(p)) = (g.card, g.person) {
                pairs.insert((c, p));
            }
            cards.extend(g.card);
            people.extend(g.person);
            files.insert(g.file);
        }
    }
    for file in files {
        shrink_file(tx, file)?;
    }
    let mut lower = tx.prepare_cached(
        "UPDATE passage_day SET passages = passages - ?3, exits = exits - ?4
         WHERE reader_id = ?1 AND day = ?2",
    )?;
    for ((reader, day), (n, exits)) in days {
        lower.execute(params![reader, day, n, exits])?;
    }
    tx.execute("DELETE FROM passage_day WHERE passages <= 0", [])?;
    let mut unhold = tx.prepare_cached(
        "DELETE FROM card_holder WHERE card_id = ?1 AND person_id = ?2 AND NOT EXISTS (
             SELECT 1 FROM passage_by_person k JOIN passage p ON p.id = k.id
             WHERE k.person_id = ?2 AND p.card_id = ?1)",
    )?;
    for (card, person) in pairs {
        unhold.execute([card, person])?;
    }
    let mut drop_card = tx.prepare_cached(
        "DELETE FROM card WHERE id = ?1
         AND NOT EXISTS (SELECT 1 FROM passage WHERE card_id = ?1 AND person_id IS NULL)
         AND NOT EXISTS (SELECT 1 FROM card_holder WHERE card_id = ?1)",
    )?;
    for card in cards {
        drop_card.execute([card])?;
    }
    let mut drop_person = tx.prepare_cached(
        "DELETE FROM person WHERE id = ?1
         AND NOT EXISTS (SELECT 1 FROM passage_by_person WHERE person_id = ?1)
         AND NOT EXISTS (SELECT 1 FROM card WHERE person_id = ?1)
         AND NOT EXISTS (SELECT 1 FROM card_holder WHERE person_id = ?1)",
    )?;
    for person in people {
        drop_person.execute([person])?;
    }
    Ok(preview)
}

/// Notes the highest person and card ids given out so far (`id_given`), which
/// the import's dictionary counts on from, whatever a purge removes.
fn note_ids_given(tx: &Transaction<'_>) -> Result<()> {
    for table in ["person", "card"] {
        tx.execute(
            &format!(
                "INSERT INTO id_given (name, last) SELECT ?1, max(id) FROM {table} WHERE true
                 ON CONFLICT (name) DO UPDATE SET last = max(last, excluded.last)"
            ),
            [table],
        )?;
    }
    tx.execute("DELETE FROM id_given WHERE last IS NULL", [])?;
    Ok(())
}

/// Sets a passage file's span to the passages it still holds, or removes the
/// file's record when it holds none: its name and counts describe data that is gone.
fn shrink_file(tx: &Transaction<'_>, file: i64) -> Result<()> {
    let span: Option<(Option<i64>, Option<i64>)> = tx
        .query_row(
            "SELECT first_ts, last_ts FROM source_file WHERE id = ?1 AND kind = 'passage'",
            [file],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some(span) = span else { return Ok(()) };
    // The file's passages lie inside its span; without one, look everywhere.
    let (lo, hi) = match span {
        (Some(first), Some(last)) => (
            id_of(clock::window_start(from_ts(first))),
            id_of(clock::window_end(from_ts(last)) + 1),
        ),
        _ => (i64::MIN, i64::MAX),
    };
    let edge = |order: &str| -> Result<Option<i64>> {
        Ok(tx
            .query_row(
                &format!(
                    "SELECT id, flags >> 2 FROM passage WHERE id >= ?1 AND id < ?2 AND file_id = ?3
                     ORDER BY id {order} LIMIT 1"
                ),
                params![lo, hi, file],
                |r| {
                    let wall = clock::wall_of(utc_of(r.get(0)?), ClockNote::from_code(r.get(1)?));
                    Ok(to_ts(wall))
                },
            )
            .optional()?)
    };
    match (edge("ASC")?, edge("DESC")?) {
        (Some(first), Some(last)) => {
            tx.execute(
                "UPDATE source_file SET first_ts = ?2, last_ts = ?3 WHERE id = ?1",
                params![file, first, last],
            )?;
        }
        // A passage left outside the span would make this fail on its foreign key.
        _ => {
            tx.execute("DELETE FROM source_file WHERE id = ?1", [file])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::doctor;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn purge_removes_old_passages_outside_kept_windows_and_keeps_tables_right() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            crate::store::Store::open(&dir.path().join("t.db"), Default::default()).unwrap();
        let id = |t: &str| id_of(clock::instant(at(t), ClockNote::None));
        store
            .conn()
            .execute_batch(&format!(
                "INSERT INTO source_file (id, name, sha256, size, format, system, kind, imported_at, imported_by)
                     VALUES (1, 'a', 'x', 1, 'text', 'ssm', 'passage', '', ''),
                            (2, 'b', 'y', 1, 'text', 'ssm', 'passage', '', '');
                 INSERT INTO reader (id, system, name) VALUES (1, 'ssm', 'A'), (2, 'salto', 'B');
                 INSERT INTO person (id, name, name_key) VALUES (1, 'Old One', 'old one'), (2, 'Kept', 'kept');
                 INSERT INTO card (id, system, number, person_id) VALUES (1, 'ssm', '42', 1), (2, 'ssm', '43', 2);
                 INSERT INTO event_type (id, system, text, kind) VALUES (1, 'ssm', 'in', 0);
                 INSERT INTO passage (id, reader_id, person_id, card_id, event_id, file_id, row_no) VALUES
                     ({a}, 1, 1, 1, 1, 1, 1), ({b}, 1, 1, 1, 1, 2, 1), ({c}, 1, 2, 2, 1, 1, 3),
                     ({d}, 2, 2, 2, 1, 1, 4), ({e}, 1, 2, 2, 1, 1, 5);",
                a = id("2024-01-10 08:00:00"),
                b = id("2024-02-10 08:00:00"),
                c = id("2024-03-10 08:00:00"),
                d = id("2024-01-11 08:00:00"),
                e = id("2026-01-11 08:00:00"),
            ))
            .unwrap();
        let tx = store.write().unwrap();
        for t in doctor::Derived::ALL {
            doctor::rebuild(&tx, t).unwrap();
        }
        tx.commit().unwrap();
        let keep = [(at("2024-03-01 00:00:00"), at("2024-03-31 23:59:59"))];
        let before = at("2025-01-01 00:00:00");
        let preview = purge_preview(store.conn(), "ssm", before, &keep).unwrap();
        let month = |m: &str, n| PurgedMonth {
            system: "ssm".into(),
            month: m.into(),
            passages: n,
        };
        assert_eq!(preview.months, [month("2024-01", 1), month("2024-02", 1)]);
        assert_eq!(preview.held, 1, "the passage in the kept window");
        assert_eq!(systems(store.conn()).unwrap(), ["salto", "ssm"]);
        let count = |s: &crate::store::Store| -> i64 {
            s.conn()
                .query_row("SELECT count(*) FROM passage", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(count(&store), 5, "a preview deletes nothing");
        let tx = store.write().unwrap();
        assert_eq!(purge(&tx, "ssm", before, &keep).unwrap(), preview);
        tx.commit().unwrap();
        assert_eq!(count(&store), 3);
        assert_eq!(doctor::check(store.conn()).unwrap(), []);
        let names: Vec<String> = store
            .conn()
            .prepare("SELECT name FROM person")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(names, ["Kept"], "no name outlives its passages");
        let files: Vec<(i64, Option<i64>, Option<i64>)> = store
            .conn()
            .prepare("SELECT id, first_ts, last_ts FROM source_file ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let ts = |t: &str| Some(to_ts(at(t)));
        assert_eq!(
            files,
            [(1, ts("2024-01-11 08:00:00"), ts("2026-01-11 08:00:00"))],
            "a file keeps the span of what it still holds and goes with its last passage"
        );
        let given: Vec<(String, i64)> = store
            .conn()
            .prepare("SELECT name, last FROM id_given ORDER BY name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(given, [("card".to_owned(), 2), ("person".to_owned(), 2)]);
    }

    #[test]
    fn an_id_a_purge_removed_is_never_given_again() {
        let dir = tempfile::tempdir().unwrap();
        let mut store =
            crate::store::Store::open(&dir.path().join("t.db"), Default::default()).unwrap();
        let id = id_of(clock::instant(at("2024-01-10 08:00:00"), ClockNote::None));
        store
            .conn()
            .execute_batch(&format!(
                "INSERT INTO source_file (id, name, sha256, size, format, system, kind, imported_at, imported_by)
                     VALUES (1, 'a', 'x', 1, 'text', 'ssm', 'passage', '', '');
                 INSERT INTO reader (id, system, name) VALUES (1, 'ssm', 'A');
                 INSERT INTO person (id, name, name_key) VALUES (7, 'Last One', 'last one');
                 INSERT INTO card (id, system, number, person_id) VALUES (9, 'ssm', '42', 7);
                 INSERT INTO event_type (id, system, text, kind) VALUES (1, 'ssm', 'in', 0);
                 INSERT INTO passage (id, reader_id, person_id, card_id, event_id, file_id, row_no)
                     VALUES ({id}, 1, 7, 9, 1, 1, 1);"
            ))
            .unwrap();
        let tx = store.write().unwrap();
        purge(&tx, "ssm", at("2025-01-01 00:00:00"), &[]).unwrap();
        let d = crate::store::dictionary::Dictionary::load(&tx, "ssm").unwrap();
        assert_eq!(d.next_ids(), (8, 10), "person 7 and card 9 stay retired");
        tx.commit().unwrap();
    }
}
