//! The schema and its migrations, applied in order by `PRAGMA user_version`.

use super::{Result, Store, StoreError};

/// One migration: SQL, or SQL followed by work done in Rust.
enum Step {
    Sql(&'static str),
    Then(&'static str, fn(&rusqlite::Connection) -> Result<()>),
}

/// Migrations in order; migration `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[Step] = &[
    Step::Sql(
        r#"
CREATE TABLE source_file (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    sha256        TEXT NOT NULL UNIQUE,
    size          INTEGER NOT NULL,
    format        TEXT NOT NULL,
    system        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    imported_at   TEXT NOT NULL,
    imported_by   TEXT NOT NULL,
    rows_read     INTEGER NOT NULL DEFAULT 0,
    rows_imported INTEGER NOT NULL DEFAULT 0,
    rows_duplicate INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    first_ts      INTEGER,
    last_ts       INTEGER
);

CREATE TABLE reader (
    id     INTEGER PRIMARY KEY,
    system TEXT NOT NULL,
    code   TEXT NOT NULL DEFAULT '',
    name   TEXT NOT NULL DEFAULT '',
    site   TEXT NOT NULL DEFAULT '',
    UNIQUE (system, code, name)
);

CREATE TABLE person (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    employee_id TEXT NOT NULL DEFAULT '',
    department  TEXT NOT NULL DEFAULT '',
    UNIQUE (name_key, employee_id)
);

CREATE TABLE card (
    id        INTEGER PRIMARY KEY,
    system    TEXT NOT NULL,
    number    TEXT NOT NULL,
    person_id INTEGER REFERENCES person(id),
    UNIQUE (system, number)
);

CREATE TABLE event_type (
    id     INTEGER PRIMARY KEY,
    system TEXT NOT NULL,
    text   TEXT NOT NULL,
    kind   INTEGER NOT NULL,
    UNIQUE (system, text)
);

-- ts: local wall-clock time as exported, seconds since 1970-01-01 00:00:00 (no zone).
-- clock: 1 = in the hour repeated when clocks go back, 2 = in the skipped spring hour.
-- direction: 0 unknown, 1 in, 2 out.
CREATE TABLE passage (
    id        INTEGER PRIMARY KEY,
    ts        INTEGER NOT NULL,
    reader_id INTEGER NOT NULL REFERENCES reader(id),
    person_id INTEGER REFERENCES person(id),
    card_id   INTEGER REFERENCES card(id),
    event_id  INTEGER NOT NULL REFERENCES event_type(id),
    direction INTEGER NOT NULL DEFAULT 0,
    clock     INTEGER NOT NULL DEFAULT 0,
    file_id   INTEGER NOT NULL REFERENCES source_file(id),
    row_no    INTEGER NOT NULL
);

CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    uid       INTEGER NOT NULL,
    os_user   TEXT NOT NULL,
    sudo_user TEXT NOT NULL DEFAULT '',
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL DEFAULT '',
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"#,
    ),
    Step::Sql(
        r#"
-- Kom & Gå clock stamps. ts: local wall-clock time like passage.ts; kind 1 IN,
-- 2 LUNCH UT, 3 LUNCH IN, 4 UT; edited: when the stamp was changed by hand, or ''.
CREATE TABLE timestamp_stamp (
    id          INTEGER PRIMARY KEY,
    employee_id TEXT NOT NULL,
    person      TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    day         TEXT NOT NULL,
    ts          INTEGER NOT NULL,
    kind        INTEGER NOT NULL,
    source      TEXT NOT NULL DEFAULT '',
    edited      TEXT NOT NULL DEFAULT '',
    file_id     INTEGER NOT NULL REFERENCES source_file(id),
    row_no      INTEGER NOT NULL,
    UNIQUE (employee_id, name_key, ts, kind)
);
CREATE INDEX timestamp_stamp_employee ON timestamp_stamp (employee_id, day);
CREATE INDEX timestamp_stamp_name ON timestamp_stamp (name_key, day);
"#,
    ),
    Step::Sql(
        r#"
-- Written requests for passage data, numbered R-YYYY-NNNN per year.
CREATE TABLE request (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    requester  TEXT NOT NULL,
    unit       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (year, seq)
);
-- kind: 'person' or 'reader' (value = the text as asked), or 'window'
-- (from_ts/to_ts inclusive, local wall-clock seconds like passage.ts).
CREATE TABLE request_scope (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES request(id),
    kind       TEXT NOT NULL CHECK (kind IN ('person', 'reader', 'window')),
    value      TEXT NOT NULL DEFAULT '',
    from_ts    INTEGER,
    to_ts      INTEGER
);
CREATE INDEX request_scope_request ON request_scope (request_id);
-- The request basis, kept whole inside the database (protected storage).
CREATE TABLE attachment (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES request(id),
    n          INTEGER NOT NULL,
    name       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    sha256     TEXT NOT NULL,
    bytes      BLOB NOT NULL,
    added_at   TEXT NOT NULL,
    added_by   TEXT NOT NULL,
    UNIQUE (request_id, n)
);
CREATE TABLE decision (
    request_id INTEGER PRIMARY KEY REFERENCES request(id),
    outcome    TEXT NOT NULL,
    note       TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    decided_by TEXT NOT NULL
);
CREATE TABLE escalation (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES request(id),
    target     TEXT NOT NULL,
    reference  TEXT NOT NULL,
    at         TEXT NOT NULL,
    by         TEXT NOT NULL
);
"#,
    ),
    Step::Sql(
        r#"
-- PMO "Logg elevåtkomst": one period per unit and month, its rows, the review of each row.
CREATE TABLE pmo_period (
    id            INTEGER PRIMARY KEY,
    unit          TEXT NOT NULL,
    label         TEXT NOT NULL,
    from_date     TEXT NOT NULL,
    to_date       TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    signed_off_at TEXT,
    signed_off_by TEXT,
    consulted     TEXT,
    summary       TEXT,
    UNIQUE (unit, label)
);

CREATE TABLE pmo_access (
    id           INTEGER PRIMARY KEY,
    period_id    INTEGER NOT NULL REFERENCES pmo_period(id) ON DELETE CASCADE,
    ts           INTEGER NOT NULL,
    user_name    TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    role         TEXT NOT NULL,
    user_unit    TEXT NOT NULL,
    student_id   TEXT NOT NULL,
    student      TEXT NOT NULL,
    student_unit TEXT NOT NULL,
    class        TEXT NOT NULL,
    record_type  TEXT NOT NULL,
    document     TEXT NOT NULL,
    action       TEXT NOT NULL,
    action_text  TEXT NOT NULL,
    file_id      INTEGER NOT NULL REFERENCES source_file(id),
    row_no       INTEGER NOT NULL,
    UNIQUE (period_id, ts, user_id, user_name, student_id, student, record_type, document, action_text)
);
CREATE INDEX pmo_access_period_ts ON pmo_access (period_id, ts);
CREATE INDEX pmo_access_file ON pmo_access (file_id);

CREATE TABLE pmo_review (
    access_id   INTEGER PRIMARY KEY REFERENCES pmo_access(id) ON DELETE CASCADE,
    verdict     TEXT NOT NULL CHECK (verdict IN ('ok', 'deviation', 'investigate')),
    comment     TEXT NOT NULL DEFAULT '',
    reviewed_by TEXT NOT NULL,
    reviewed_at TEXT NOT NULL
);

CREATE TABLE pmo_escalation (
    id         INTEGER PRIMARY KEY,
    access_id  INTEGER NOT NULL REFERENCES pmo_access(id) ON DELETE CASCADE,
    target     TEXT NOT NULL,
    reference  TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    by_user    TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX pmo_escalation_access ON pmo_escalation (access_id);
"#,
    ),
    Step::Sql(
        r#"
-- Passages clustered in time order: id = ts * 2^24 + n, where n numbers the
-- passages of that second. A time window is a range of ids and time order is id
-- order, so no index on ts is needed, and each secondary index holds the id in
-- place of a time. ts stays readable as a column computed from the id.
CREATE TABLE passage_by_time (
    id        INTEGER PRIMARY KEY,
    reader_id INTEGER NOT NULL REFERENCES reader(id),
    person_id INTEGER REFERENCES person(id),
    card_id   INTEGER REFERENCES card(id),
    event_id  INTEGER NOT NULL REFERENCES event_type(id),
    direction INTEGER NOT NULL DEFAULT 0,
    clock     INTEGER NOT NULL DEFAULT 0,
    file_id   INTEGER NOT NULL REFERENCES source_file(id),
    row_no    INTEGER NOT NULL,
    ts        INTEGER GENERATED ALWAYS AS (id >> 24) VIRTUAL
);
INSERT INTO passage_by_time (id, reader_id, person_id, card_id, event_id, direction, clock, file_id, row_no)
SELECT (ts << 24) + row_number() OVER (PARTITION BY ts ORDER BY id) - 1,
       reader_id, person_id, card_id, event_id, direction, clock, file_id, row_no
FROM passage ORDER BY 1;
DROP TABLE passage;
ALTER TABLE passage_by_time RENAME TO passage;

-- Every person a card was seen with: a card's passages are those without a
-- name (indexed by card) and those of its holders (indexed by person).
CREATE TABLE card_holder (
    card_id   INTEGER NOT NULL REFERENCES card(id),
    person_id INTEGER NOT NULL REFERENCES person(id),
    PRIMARY KEY (card_id, person_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO card_holder
SELECT DISTINCT card_id, person_id FROM passage WHERE card_id IS NOT NULL AND person_id IS NOT NULL;

-- Passages per reader and day (days since 1970-01-01 of the wall-clock time),
-- kept in the import's transaction: counts per day and per reader without a scan.
-- exits: passages out, or exit-button events (event kind 4).
CREATE TABLE passage_day (
    reader_id INTEGER NOT NULL REFERENCES reader(id),
    day       INTEGER NOT NULL,
    passages  INTEGER NOT NULL,
    exits     INTEGER NOT NULL,
    PRIMARY KEY (reader_id, day)
) WITHOUT ROWID;
INSERT INTO passage_day
SELECT p.reader_id, (p.id >> 24) / 86400 - ((p.id >> 24) % 86400 < 0), count(*),
       sum(p.direction = 2 OR e.kind = 4)
FROM passage p JOIN event_type e ON e.id = p.event_id
GROUP BY 1, 2;
"#,
    ),
    Step::Sql(
        r#"
-- A person's cards, for the person list: unknown cards (one per nameless
-- passage with a new number) make the card table grow with the passages.
CREATE INDEX card_person ON card (person_id);
-- A card by its number as people type it: leading zeros and case do not count
-- (catalog::match_cards uses the same expression).
CREATE INDEX card_number_key ON card (ltrim(lower(number), '0'));
"#,
    ),
    // Took the schema to 7 with per-day passage lists in place of these indexes;
    // the next step drops the lists and builds what replaced them.
    Step::Sql(
        r#"
DROP INDEX IF EXISTS passage_reader;
DROP INDEX IF EXISTS passage_person;
DROP INDEX IF EXISTS passage_card;
"#,
    ),
    Step::Then(
        r#"
DROP TABLE IF EXISTS passage_list;
-- Passages by instant: id = (utc - 1577836800) << 13 | n, where utc is the UTC
-- second (the wall-clock time is derived from it; store::passages) and n numbers
-- the passages of that second. ts is that UTC second, computed from the id.
-- flags: the direction in bits 0-1 (0 unknown, 1 in, 2 out) and the clock note
-- in bits 2-4 (0 plain, 1 first pass of the repeated hour (+02:00), 2 in the
-- skipped spring hour (taken as +01:00), 3 second pass (+01:00), 4 repeated hour
-- with the pass unknown (taken as the first)): one column, one header byte less.
CREATE TABLE passage_v8 (
    id        INTEGER PRIMARY KEY,
    reader_id INTEGER NOT NULL REFERENCES reader(id),
    person_id INTEGER REFERENCES person(id),
    card_id   INTEGER REFERENCES card(id),
    event_id  INTEGER NOT NULL REFERENCES event_type(id),
    flags     INTEGER NOT NULL DEFAULT 0,
    file_id   INTEGER NOT NULL REFERENCES source_file(id),
    row_no    INTEGER NOT NULL,
    ts        INTEGER GENERATED ALWAYS AS ((id >> 13) + 1577836800) VIRTUAL
);
"#,
        upgrade_passages,
    ),
    Step::Sql(
        r#"
-- The audit trail lives in its own file beside the store (store::audit); Store::open
-- has copied the old in-file entries there, seq and hashes kept, before this runs.
DROP TRIGGER IF EXISTS audit_append_only_update;
DROP TRIGGER IF EXISTS audit_append_only_delete;
DROP TABLE IF EXISTS audit;
-- Entries of changes to the store, committed with the change and moved to the trail
-- after the commit, each under its token exactly once.
CREATE TABLE audit_outbox (
    id        INTEGER PRIMARY KEY,
    token     TEXT NOT NULL UNIQUE,
    at        TEXT NOT NULL,
    uid       INTEGER NOT NULL,
    os_user   TEXT NOT NULL,
    sudo_user TEXT NOT NULL DEFAULT '',
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL DEFAULT '',
    details   TEXT NOT NULL
);
"#,
    ),
    Step::Sql(
        r#"
-- The highest id each name table has given out, noted by a purge before it removes
-- people and cards: the audit trail records person ids, so none is given twice.
CREATE TABLE id_given (
    name TEXT PRIMARY KEY,
    last INTEGER
) WITHOUT ROWID;
"#,
    ),
];

/// The key tables and the partial index of schema 8, and the triggers that keep
/// the key tables right whatever deletes or changes a passage. An import fills
/// the key tables itself, in sorted batches (`passages::PassageWriter`).
const PASSAGE_KEYS: &str = r#"
CREATE TABLE passage_by_reader (
    reader_id INTEGER NOT NULL,
    id        INTEGER NOT NULL,
    PRIMARY KEY (reader_id, id)
) WITHOUT ROWID;
CREATE TABLE passage_by_person (
    person_id INTEGER NOT NULL,
    id        INTEGER NOT NULL,
    PRIMARY KEY (person_id, id)
) WITHOUT ROWID;
-- Passages without a name, by card (one in a hundred: unknown cards).
CREATE INDEX passage_card ON passage (card_id) WHERE person_id IS NULL;
CREATE TRIGGER passage_keys_delete AFTER DELETE ON passage BEGIN
    DELETE FROM passage_by_reader WHERE reader_id = old.reader_id AND id = old.id;
    DELETE FROM passage_by_person WHERE person_id = old.person_id AND id = old.id;
END;
CREATE TRIGGER passage_keys_update AFTER UPDATE OF id, reader_id, person_id ON passage BEGIN
    DELETE FROM passage_by_reader WHERE reader_id = old.reader_id AND id = old.id;
    DELETE FROM passage_by_person WHERE person_id = old.person_id AND id = old.id;
    INSERT INTO passage_by_reader (reader_id, id) VALUES (new.reader_id, new.id);
    INSERT INTO passage_by_person (person_id, id)
        SELECT new.person_id, new.id WHERE new.person_id IS NOT NULL;
END;
"#;

/// Schema 7 → 8: passages renumbered by their instant (the pass of a repeated-hour
/// row decided by its file's order), the key tables built, person keys recomputed.
fn upgrade_passages(conn: &rusqlite::Connection) -> Result<()> {
    use crate::domain::clock::{self, ClockNote};
    use crate::store::passages::{EPOCH, TS_SHIFT, from_ts};
    use std::collections::HashMap;
    // Old ids: wall-clock second << 24 | n; old clock 1 = in the repeated hour.
    let mut notes: HashMap<i64, ClockNote> = HashMap::new();
    let files: Vec<i64> = conn
        .prepare("SELECT DISTINCT file_id FROM passage WHERE clock = 1")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for file in files {
        let mut st = conn
            .prepare("SELECT id, row_no, clock FROM passage WHERE file_id = ?1 ORDER BY row_no")?;
        let rows: Vec<(i64, i64, i64)> = st
            .query_map([file], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let (mut ups, mut downs) = (0u64, 0u64);
        for w in rows.windows(2) {
            let (a, b) = (w[0].0 >> 24, w[1].0 >> 24);
            ups += u64::from(b > a);
            downs += u64::from(b < a);
        }
        let repeated: Vec<&(i64, i64, i64)> = rows.iter().filter(|r| r.2 == 1).collect();
        let order: Vec<(u64, i64)> = repeated.iter().map(|r| (r.1 as u64, r.0 >> 24)).collect();
        for (r, note) in repeated.iter().zip(clock::passes(&order, downs > ups)) {
            notes.insert(r.0, note);
        }
    }
    conn.execute_batch(
        "CREATE TEMP TABLE upgrade (old INTEGER PRIMARY KEY, utc INTEGER NOT NULL, clock INTEGER NOT NULL);",
    )?;
    {
        let mut read = conn.prepare("SELECT id, clock FROM passage ORDER BY id")?;
        let mut write =
            conn.prepare("INSERT INTO upgrade (old, utc, clock) VALUES (?1, ?2, ?3)")?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let (id, old): (i64, i64) = (r.get(0)?, r.get(1)?);
            let wall = from_ts(id >> 24);
            let note = match old {
                1 => notes.get(&id).copied().unwrap_or(ClockNote::Uncertain),
                _ => ClockNote::of(wall),
            };
            write.execute(rusqlite::params![
                id,
                clock::instant(wall, note),
                note.code()
            ])?;
        }
    }
    conn.execute_batch(&format!(
        "INSERT INTO passage_v8 (id, reader_id, person_id, card_id, event_id, flags, file_id, row_no)
         SELECT ((u.utc - {EPOCH}) << {TS_SHIFT}) + row_number() OVER (PARTITION BY u.utc ORDER BY p.file_id, p.row_no) - 1,
                p.reader_id, p.person_id, p.card_id, p.event_id, p.direction | (u.clock << 2), p.file_id, p.row_no
         FROM passage p JOIN upgrade u ON u.old = p.id ORDER BY 1;
         DROP TABLE upgrade;
         DROP TABLE passage;
         ALTER TABLE passage_v8 RENAME TO passage;
         {PASSAGE_KEYS}
         INSERT INTO passage_by_reader (reader_id, id) SELECT reader_id, id FROM passage ORDER BY 1, 2;
         INSERT INTO passage_by_person (person_id, id)
             SELECT person_id, id FROM passage WHERE person_id IS NOT NULL ORDER BY 1, 2;"
    ))?;
    super::dictionary::rekey_persons(conn)?;
    Ok(())
}

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

pub(super) fn migrate(store: &mut Store) -> Result<()> {
    let path = store.path.display().to_string();
    let current: i64 = store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > VERSION {
        return Err(StoreError::TooNew {
            path,
            found: current,
            known: VERSION,
        });
    }
    if current == VERSION {
        return Ok(());
    }
    // Another process may be migrating at the same moment: re-read under the lock.
    let tx = store.write()?;
    let mut version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    while version < VERSION {
        match &MIGRATIONS[version as usize] {
            Step::Sql(sql) => tx.execute_batch(sql)?,
            Step::Then(sql, then) => {
                tx.execute_batch(sql)?;
                then(&tx)?;
            }
        }
        version += 1;
    }
    tx.pragma_update(None, "user_version", version)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Direction, EventKind};
    use crate::store::passages::PassageFilter;

    fn all<T: rusqlite::types::FromSql, const N: usize>(
        conn: &rusqlite::Connection,
        sql: &str,
    ) -> Vec<[T; N]> {
        let mut st = conn.prepare(sql).unwrap();
        st.query_map([], |r| {
            let mut v = Vec::with_capacity(N);
            for i in 0..N {
                v.push(r.get(i)?);
            }
            Ok(v.try_into().ok().unwrap())
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    }

    #[test]
    fn old_schemas_are_carried_to_instants_and_key_tables() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        rusqlite::vtab::array::load_module(&conn).unwrap();
        for m in &MIGRATIONS[..4] {
            let Step::Sql(sql) = m else {
                unreachable!("the first migrations are plain SQL")
            };
            conn.execute_batch(sql).unwrap();
        }
        let wall = |t: &str| {
            crate::store::passages::to_ts(
                chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S").unwrap(),
            )
        };
        // Schema 4: ts is the wall-clock second, clock 1 the repeated hour. The
        // file holds 02:10 and 02:40:19 (first pass), then 02:05:33 and 02:30
        // (second pass); person 2 is person 1 under a stale key.
        conn.execute_batch(&format!(
            "PRAGMA user_version = 4;
             CREATE INDEX passage_ts ON passage (ts);
             INSERT INTO source_file (id, name, sha256, size, format, system, kind, imported_at, imported_by)
                 VALUES (1, 'a.csv', 'x', 1, 'text', 'ssm', 'passage', '', '');
             INSERT INTO reader (id, system, name) VALUES (1, 'ssm', 'A'), (2, 'ssm', 'B');
             INSERT INTO person (id, name, name_key) VALUES (1, 'Åsa Lindqvist', 'asa lindqvist'),
                 (2, 'Lindqvist Åsa', 'stale');
             INSERT INTO card (id, system, number, person_id) VALUES (1, 'ssm', '42', 2);
             INSERT INTO event_type (id, system, text, kind) VALUES (1, 'ssm', 'in', 0), (2, 'ssm', 'exit', 4);
             INSERT INTO passage (id, ts, reader_id, person_id, card_id, event_id, direction, clock, file_id, row_no) VALUES
                 (1, {e}, 2, NULL, 1, 2, 0, 0, 1, 1),
                 (2, {a}, 1, 1, 1, 1, 0, 1, 1, 2),
                 (3, {b}, 1, 2, 1, 1, 0, 1, 1, 3),
                 (4, {c}, 2, 2, 1, 1, 2, 1, 1, 4),
                 (5, {d}, 1, 1, 1, 1, 0, 1, 1, 5);
             -- What schema 7 had beside the passages.
             CREATE TABLE passage_list (list INTEGER, key INTEGER, day INTEGER, n INTEGER, ids BLOB,
                 PRIMARY KEY (list, key, day)) WITHOUT ROWID;",
            e = wall("2026-10-24 12:00:00"),
            a = wall("2026-10-25 02:10:00"),
            b = wall("2026-10-25 02:40:19"),
            c = wall("2026-10-25 02:05:33"),
            d = wall("2026-10-25 02:30:00"),
        ))
        .unwrap();
        let mut store = Store::bare(conn);
        migrate(&mut store).unwrap();
        let conn = &store.conn;
        let rows = all::<i64, 3>(
            conn,
            "SELECT row_no, flags >> 2, coalesce(person_id, 0) FROM passage ORDER BY id",
        );
        assert_eq!(
            rows,
            [[1, 0, 0], [2, 1, 1], [3, 1, 1], [4, 3, 1], [5, 3, 1]]
        );
        let f = PassageFilter::default();
        let shown: Vec<String> = super::super::passages::page(
            conn,
            &f,
            &Default::default(),
            super::super::passages::Page::After(None),
            10,
        )
        .unwrap()
        .iter()
        .map(|r| crate::domain::clock::show(r.time, r.clock))
        .collect();
        assert_eq!(
            shown,
            [
                "2026-10-24 12:00:00",
                "2026-10-25 02:10:00 (+02)",
                "2026-10-25 02:40:19 (+02)",
                "2026-10-25 02:05:33 (+01)",
                "2026-10-25 02:30:00 (+01)"
            ]
        );
        assert_eq!(
            all::<i64, 1>(
                conn,
                "SELECT count(*) FROM sqlite_master WHERE name = 'passage_list'"
            ),
            [[0]]
        );
        assert_eq!(
            all::<i64, 2>(
                conn,
                "SELECT reader_id, count(*) FROM passage_by_reader GROUP BY 1"
            ),
            [[1, 3], [2, 2]]
        );
        assert_eq!(
            all::<i64, 2>(
                conn,
                "SELECT person_id, count(*) FROM passage_by_person GROUP BY 1"
            ),
            [[1, 4]]
        );
        assert_eq!(
            all::<i64, 2>(conn, "SELECT id, person_id FROM card"),
            [[1, 1]]
        );
        assert_eq!(
            all::<i64, 2>(conn, "SELECT card_id, person_id FROM card_holder"),
            [[1, 1]]
        );
        assert_eq!(all::<i64, 1>(conn, "SELECT id FROM person"), [[1]]);
        // The daily counts are per wall-clock day, as before.
        assert_eq!(
            all::<i64, 3>(
                conn,
                "SELECT reader_id, passages, exits FROM passage_day ORDER BY day, reader_id"
            ),
            [[2, 1, 1], [1, 3, 0], [2, 1, 1]]
        );
        assert!(super::super::doctor::check(conn).unwrap().is_empty());
    }

    #[test]
    fn cards_are_found_through_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db"), Default::default()).unwrap();
        let plan: String = store
            .conn
            .query_row(
                "EXPLAIN QUERY PLAN SELECT number FROM card WHERE person_id = 1",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("card_person"), "{plan}");
        let plan: String = store
            .conn
            .query_row(
                "EXPLAIN QUERY PLAN SELECT id FROM card WHERE ltrim(lower(number), '0') IN (?1)",
                ["42"],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("card_number_key"), "{plan}");
    }

    #[test]
    fn the_codes_written_into_migrations_are_the_domain_codes() {
        assert_eq!(EventKind::ExitRequest.code(), 4);
        assert_eq!(Direction::Out.code(), 2);
        assert_eq!(crate::store::passages::TS_SHIFT, 13);
        assert_eq!(
            crate::store::passages::EPOCH,
            chrono::NaiveDate::from_ymd_opt(2020, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp()
        );
    }
}
