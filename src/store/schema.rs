//! The schema and its migrations, applied in order by `PRAGMA user_version`.

use super::{Result, Store, StoreError};

/// Migrations in order; migration `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
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
];

/// Indexes every passage query relies on. A large import drops and rebuilds them
/// after its rows are committed; one missing after a crash is rebuilt on open.
const PASSAGE_INDEXES: &[&str] = &[
    "CREATE INDEX IF NOT EXISTS passage_reader_ts ON passage (reader_id, ts)",
    "CREATE INDEX IF NOT EXISTS passage_person_ts ON passage (person_id, ts)",
    "CREATE INDEX IF NOT EXISTS passage_ts ON passage (ts)",
    "CREATE INDEX IF NOT EXISTS passage_card_ts ON passage (card_id, ts)",
];

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
        return ensure_indexes(store);
    }
    // Another process may be migrating at the same moment: re-read under the lock.
    let tx = store.write()?;
    let mut version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    while version < VERSION {
        tx.execute_batch(MIGRATIONS[version as usize])?;
        version += 1;
    }
    tx.pragma_update(None, "user_version", version)?;
    tx.commit()?;
    ensure_indexes(store)
}

fn ensure_indexes(store: &mut Store) -> Result<()> {
    let present: i64 = store.conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN
         ('passage_reader_ts', 'passage_person_ts', 'passage_ts', 'passage_card_ts')",
        [],
        |r| r.get(0),
    )?;
    if present == PASSAGE_INDEXES.len() as i64 {
        return Ok(());
    }
    let tx = store.write()?;
    for sql in PASSAGE_INDEXES {
        tx.execute_batch(sql)?;
    }
    tx.commit()?;
    Ok(())
}
