//! Source files: one row per imported export, with its hash, counts and time span.

use super::Result;
use rusqlite::{OptionalExtension, Transaction, params};

/// What is recorded about an export when its import begins.
#[derive(Debug, Clone)]
pub struct NewFile<'a> {
    pub name: &'a str,
    pub size: u64,
    pub format: &'a str,
    pub system: &'a str,
    pub kind: &'a str,
    pub imported_by: &'a str,
}

/// The counts and span recorded when an import finishes.
#[derive(Debug, Clone, Default)]
pub struct FileCounts {
    pub rows_read: u64,
    pub rows_imported: u64,
    pub rows_duplicate: u64,
    pub rows_rejected: u64,
    pub first_ts: Option<i64>,
    pub last_ts: Option<i64>,
}

/// A file imported earlier, found by its content hash.
#[derive(Debug, Clone)]
pub struct KnownFile {
    pub id: i64,
    pub name: String,
    pub imported_at: String,
    pub rows_imported: u64,
}

/// Registers a file whose hash is not known yet (it is hashed while being read).
pub fn begin(tx: &Transaction<'_>, f: &NewFile<'_>) -> Result<i64> {
    let pending = format!(
        "pending-{}-{}",
        std::process::id(),
        chrono::Local::now().timestamp_nanos_opt().unwrap_or(0)
    );
    tx.prepare_cached(
        "INSERT INTO source_file (name, sha256, size, format, system, kind, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        f.name,
        pending,
        f.size as i64,
        f.format,
        f.system,
        f.kind,
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
        f.imported_by
    ])?;
    Ok(tx.last_insert_rowid())
}

pub fn by_hash(tx: &Transaction<'_>, sha256: &str) -> Result<Option<KnownFile>> {
    Ok(tx
        .prepare_cached(
            "SELECT id, name, imported_at, rows_imported FROM source_file WHERE sha256 = ?1",
        )?
        .query_row([sha256], |r| {
            Ok(KnownFile {
                id: r.get(0)?,
                name: r.get(1)?,
                imported_at: r.get(2)?,
                rows_imported: r.get::<_, i64>(3)? as u64,
            })
        })
        .optional()?)
}

pub fn finish(tx: &Transaction<'_>, id: i64, sha256: &str, c: &FileCounts) -> Result<()> {
    tx.prepare_cached(
        "UPDATE source_file SET sha256 = ?2, rows_read = ?3, rows_imported = ?4, rows_duplicate = ?5,
         rows_rejected = ?6, first_ts = ?7, last_ts = ?8 WHERE id = ?1",
    )?
    .execute(params![
        id,
        sha256,
        c.rows_read as i64,
        c.rows_imported as i64,
        c.rows_duplicate as i64,
        c.rows_rejected as i64,
        c.first_ts,
        c.last_ts
    ])?;
    Ok(())
}
