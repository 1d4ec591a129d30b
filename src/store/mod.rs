//! The SQLite store: one private file, opened with strict permissions, migrated
//! by `user_version`, written only in `BEGIN IMMEDIATE` transactions. Typed
//! queries live in the submodules; nothing here knows of terminals or files' layouts.

pub mod audit;
pub mod catalog;
pub mod dictionary;
pub mod doctor;
pub mod files;
pub mod passages;
pub mod pmo;
pub mod requests;
pub mod retention;
mod runs;
pub(crate) mod schema;
pub mod seen;
pub mod stamps;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::fs;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a process waits for another's write to finish before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(120);

/// [`BUSY_TIMEOUT`], or `LOGGVAKT_BUSY_TIMEOUT_MS` where an operator (or a test)
/// wants a write to give up sooner or wait longer.
pub fn busy_timeout() -> Duration {
    std::env::var("LOGGVAKT_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(BUSY_TIMEOUT, Duration::from_millis)
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "refusing to open {path}: it is {what} (mode {mode:04o}); fix with: chmod {fix} {path}"
    )]
    Permissions {
        path: String,
        what: &'static str,
        mode: u32,
        fix: &'static str,
    },
    #[error(
        "refusing to open {path}: it belongs to another user (uid {owner}); only its owner may open it, or its group with --shared-group"
    )]
    Owner { path: String, owner: u32 },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "the database {path} was written by a newer loggvakt (schema {found}, this one knows {known}); upgrade loggvakt"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("{}", plain_sql(.0, None))]
    Sql(#[from] rusqlite::Error),
    #[error("{}", plain_sql(.source, Some(.path)))]
    SqlAt {
        path: String,
        source: rusqlite::Error,
    },
    #[error("{0}")]
    Invalid(String),
}

/// What went wrong with SQLite, in a sentence a user can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqlTrouble {
    Full,
    Busy,
    ReadOnly,
    Io,
    CannotOpen,
    Corrupt,
}

impl StoreError {
    /// The kind of SQLite trouble behind this error, if it is one of the plain kinds.
    pub fn trouble(&self) -> Option<SqlTrouble> {
        match self {
            StoreError::Sql(e) | StoreError::SqlAt { source: e, .. } => trouble_of(e),
            _ => None,
        }
    }

    /// The file the error concerns, when known.
    pub fn path(&self) -> Option<&str> {
        match self {
            StoreError::Permissions { path, .. }
            | StoreError::Owner { path, .. }
            | StoreError::Io { path, .. }
            | StoreError::TooNew { path, .. }
            | StoreError::SqlAt { path, .. } => Some(path),
            _ => None,
        }
    }
}

pub fn trouble_of(e: &rusqlite::Error) -> Option<SqlTrouble> {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code()? {
        C::DiskFull => Some(SqlTrouble::Full),
        C::DatabaseBusy | C::DatabaseLocked => Some(SqlTrouble::Busy),
        C::ReadOnly => Some(SqlTrouble::ReadOnly),
        C::SystemIoFailure => Some(SqlTrouble::Io),
        C::CannotOpen => Some(SqlTrouble::CannotOpen),
        C::DatabaseCorrupt | C::NotADatabase => Some(SqlTrouble::Corrupt),
        _ => None,
    }
}

fn plain_sql(e: &rusqlite::Error, path: Option<&String>) -> String {
    let file = path.map_or_else(|| "the database".to_owned(), |p| p.clone());
    match trouble_of(e) {
        Some(t) => crate::i18n::fill(
            crate::i18n::ops::Store::of(t).text(crate::i18n::Lang::En),
            &[&file],
        ),
        None => match path {
            Some(p) => format!("{p}: {e}"),
            None => format!("database: {e}"),
        },
    }
}

/// A SQLite error on a known file.
pub(crate) fn sql_at(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::SqlAt {
        path: path.display().to_string(),
        source,
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Whether the database may be shared with the owner's group (a jump host with
/// several security officers in one group).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sharing {
    pub group: bool,
}

impl Sharing {
    pub(crate) fn file_mode(self) -> u32 {
        if self.group { 0o660 } else { 0o600 }
    }

    fn dir_mode(self) -> u32 {
        if self.group { 0o770 } else { 0o700 }
    }

    /// The permission bits that must not be set.
    fn forbidden(self) -> u32 {
        if self.group { 0o007 } else { 0o077 }
    }

    /// The umask every file the tool writes is created under.
    pub fn umask(self) -> u32 {
        self.forbidden()
    }
}

/// The default database path: `$XDG_DATA_HOME/loggvakt/loggvakt.db`, else
/// `~/.local/share/loggvakt/loggvakt.db`.
pub fn default_path() -> Option<PathBuf> {
    crate::config::default_database()
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    trail: audit::Trail,
    /// Told, with the time it will wait, when a write must wait for another process.
    on_wait: Option<Box<dyn Fn(Duration) + Send>>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and its audit trail beside
    /// it. A new directory is made `0700` and new files `0600` (`0770`/`0660` when
    /// shared with the group), whatever the umask; an existing file that others could
    /// read, that is a symbolic link or that another user owns is refused. A
    /// directory reached through symbolic links is fine: its resolved path is checked.
    pub fn open(path: &Path, sharing: Sharing) -> Result<Store> {
        let path = &resolve(path, sharing)?;
        prepare_file(path, sharing)?;
        for suffix in ["-wal", "-shm"] {
            check_side_file(path, suffix, sharing)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_NOFOLLOW,
        )
        .map_err(|e| sql_at(path, e))?;
        let setup = || -> rusqlite::Result<()> {
            conn.busy_timeout(busy_timeout())?;
            // WAL lets readers go on while one process writes; FULL makes each commit durable.
            let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                conn.pragma_update(None, "journal_mode", "WAL")?;
            }
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.pragma_update(None, "foreign_keys", true)?;
            conn.pragma_update(None, "secure_delete", true)?;
            conn.pragma_update(None, "temp_store", "MEMORY")?;
            // `rarray(?)`: a list of ids bound as one parameter (store::passages).
            rusqlite::vtab::array::load_module(&conn)?;
            Ok(())
        };
        setup().map_err(|e| sql_at(path, e))?;
        let trail = audit::Trail::open(&audit::trail_path(path), &audit::head_path(path), sharing)?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
            trail,
            on_wait: None,
        };
        store.adopt_old_trail()?;
        schema::migrate(&mut store).map_err(|e| match e {
            StoreError::Sql(e) => sql_at(path, e),
            other => other,
        })?;
        store.flush_outbox()?;
        Ok(store)
    }

    /// A store over an open connection with an in-memory trail, for tests of
    /// migrations that build their own schema.
    #[cfg(test)]
    pub(crate) fn bare(conn: Connection) -> Store {
        Store {
            conn,
            path: "memory".into(),
            trail: audit::Trail::in_memory(),
            on_wait: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The audit trail beside the store.
    pub fn trail(&self) -> &audit::Trail {
        &self.trail
    }

    /// Starts a read transaction: every statement in it sees the same committed
    /// state, whatever another process commits meanwhile (WAL snapshot).
    pub fn read(&self) -> Result<Transaction<'_>> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)?;
        // The snapshot starts with the first read; take it now.
        tx.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(tx)
    }

    /// Starts a write transaction that takes the write lock at once, so two
    /// writers queue on the busy timeout instead of failing mid-way.
    pub fn write(&mut self) -> Result<Transaction<'_>> {
        // Nearly always the lock is free at once; when it is not, whoever waits
        // is told so before the wait, not only when its patience has run out.
        self.conn.busy_timeout(Duration::ZERO)?;
        let at_once = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate);
        let patience = busy_timeout();
        self.conn.busy_timeout(patience)?;
        match at_once {
            Ok(tx) => return Ok(tx),
            Err(e) if matches!(trouble_of(&e), Some(SqlTrouble::Busy)) => {}
            Err(e) => return Err(e.into()),
        }
        if let Some(told) = &self.on_wait {
            told(patience);
        }
        Ok(Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Immediate,
        )?)
    }

    /// Calls `f` with the time it will wait whenever a write finds another
    /// process writing (the CLI says so on stderr).
    pub fn on_wait(&mut self, f: impl Fn(Duration) + Send + 'static) {
        self.on_wait = Some(Box::new(f));
    }

    /// Runs `f` in one write transaction, committing only if it succeeds, then moves
    /// the audit entries it put into the outbox to the trail.
    pub fn write_with<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.write()?;
        let value = f(&tx)?;
        tx.commit()?;
        // Committed: the entries are safe in the outbox even if the move fails now,
        // and the next open moves them.
        let _ = self.flush_outbox();
        Ok(value)
    }

    /// Moves committed outbox entries into the trail (each exactly once) and removes
    /// them from the outbox when the store's write lock is free at once; a busy or
    /// read-only store keeps them until the next time, which skips what moved.
    pub fn flush_outbox(&self) -> Result<()> {
        let has_outbox: bool = self.conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'audit_outbox'",
            [],
            |r| r.get(0),
        )?;
        if !has_outbox {
            return Ok(());
        }
        let pending = audit::pending(&self.conn)?;
        if pending.is_empty() {
            return Ok(());
        }
        let moved = self.trail.take_outbox(&pending)?;
        let ids: Vec<i64> = pending
            .iter()
            .filter(|p| moved.contains(&p.token))
            .map(|p| p.id)
            .collect();
        self.conn.busy_timeout(Duration::ZERO)?;
        let cleaned = (|| -> rusqlite::Result<()> {
            let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
            for id in &ids {
                tx.execute("DELETE FROM audit_outbox WHERE id = ?1", [id])?;
            }
            tx.commit()
        })();
        self.conn.busy_timeout(busy_timeout())?;
        match cleaned {
            Ok(()) => Ok(()),
            Err(e)
                if matches!(
                    trouble_of(&e),
                    Some(SqlTrouble::Busy | SqlTrouble::ReadOnly)
                ) =>
            {
                Ok(())
            }
            Err(e) => Err(sql_at(&self.path, e)),
        }
    }

    /// Moves the entries of the trail kept inside the store (before schema 10) into
    /// the trail's own file; the migration after it drops the old table.
    fn adopt_old_trail(&mut self) -> Result<()> {
        let old: bool = self.conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'audit'",
            [],
            |r| r.get(0),
        )?;
        if !old {
            return Ok(());
        }
        let entries = {
            let mut st = self.conn.prepare(&format!(
                "SELECT {} FROM audit ORDER BY seq",
                audit::COLUMNS
            ))?;
            st.query_map([], audit::entry_of)?
                .collect::<std::result::Result<Vec<_>, _>>()?
        };
        self.trail.adopt(&entries)?;
        Ok(())
    }

    /// Runs `PRAGMA integrity_check`; `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> Result<()> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if result == "ok" {
            Ok(())
        } else {
            Err(StoreError::Invalid(format!(
                "integrity check failed: {result}"
            )))
        }
    }
}

fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn io_at(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// The path with its directory created (private) and resolved through symbolic
/// links, so that SQLite, which refuses links anywhere in a path it must not
/// follow, gets the real one; the file name itself is kept, to be checked.
fn resolve(path: &Path, sharing: Sharing) -> Result<PathBuf> {
    let name = path.file_name().ok_or_else(|| {
        StoreError::Invalid(format!(
            "{} is not a file name; give --db a path like ~/loggvakt.db",
            path.display()
        ))
    })?;
    let dir = match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_owned(),
        None => PathBuf::from("."),
    };
    if !dir.exists() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(sharing.dir_mode())
            .create(&dir)
            .map_err(io_at(&dir))?;
        fs::set_permissions(&dir, fs::Permissions::from_mode(sharing.dir_mode()))
            .map_err(io_at(&dir))?;
    }
    let real = fs::canonicalize(&dir).map_err(io_at(&dir))?;
    check_dir(&real, sharing)?;
    Ok(real.join(name))
}

/// Creates a private file, or checks an existing one.
pub(crate) fn prepare_file(path: &Path, sharing: Sharing) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(_) => check_file(path, sharing),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(sharing.file_mode())
                .open(path)
                .map_err(io_at(path))?;
            file.set_permissions(fs::Permissions::from_mode(sharing.file_mode()))
                .map_err(io_at(path))
        }
        Err(e) => Err(io_at(path)(e)),
    }
}

pub(crate) fn check_side_file(path: &Path, suffix: &str, sharing: Sharing) -> Result<()> {
    let side = side_file(path, suffix);
    if fs::symlink_metadata(&side).is_ok() {
        check_file(&side, sharing)?;
    }
    Ok(())
}

/// Whether this process may use a file owned by `uid` with group `gid`: its own,
/// or its group's when the database is shared on purpose. Root is no exception,
/// as OpenSSH does not let root use another user's key.
fn owned_well(uid: u32, gid: u32, sharing: Sharing) -> bool {
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    uid == me || (sharing.group && in_group(gid))
}

fn in_group(gid: u32) -> bool {
    // SAFETY: getegid has no preconditions.
    if unsafe { libc::getegid() } == gid {
        return true;
    }
    let mut groups = vec![0 as libc::gid_t; 256];
    // SAFETY: the buffer holds as many entries as passed.
    let n = unsafe { libc::getgroups(groups.len() as libc::c_int, groups.as_mut_ptr()) };
    n > 0 && groups[..n as usize].contains(&gid)
}

fn check_file(path: &Path, sharing: Sharing) -> Result<()> {
    let meta = fs::symlink_metadata(path).map_err(io_at(path))?;
    if meta.file_type().is_symlink() {
        return Err(StoreError::Invalid(format!(
            "refusing to open {}: it is a symbolic link; point --db at the file itself",
            path.display()
        )));
    }
    if !owned_well(meta.uid(), meta.gid(), sharing) {
        return Err(StoreError::Owner {
            path: path.display().to_string(),
            owner: meta.uid(),
        });
    }
    let mode = meta.mode() & 0o7777;
    if mode & sharing.forbidden() != 0 {
        return Err(StoreError::Permissions {
            path: path.display().to_string(),
            what: if sharing.group {
                "readable or writable by others"
            } else {
                "readable or writable by group or others"
            },
            mode,
            fix: if sharing.group { "660" } else { "600" },
        });
    }
    Ok(())
}

fn check_dir(dir: &Path, sharing: Sharing) -> Result<()> {
    let meta = fs::metadata(dir).map_err(io_at(dir))?;
    let mode = meta.mode() & 0o7777;
    // A directory others can write lets them replace the database; a sticky one
    // (like /tmp) does not, since only the owner may rename or remove the file.
    let writable_by_others = mode & if sharing.group { 0o002 } else { 0o022 } != 0;
    let sticky = mode & 0o1000 != 0;
    let readable_by_others = mode & sharing.forbidden() != 0;
    let is_default = default_path()
        .and_then(|p| p.parent().and_then(|d| fs::canonicalize(d).ok()))
        .is_some_and(|d| d == dir);
    if (writable_by_others && !sticky) || (is_default && readable_by_others) {
        return Err(StoreError::Permissions {
            path: dir.display().to_string(),
            what: if writable_by_others {
                "a directory others can write to"
            } else {
                "a directory others can read"
            },
            mode,
            fix: if sharing.group { "770" } else { "700" },
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_that_finds_another_writing_says_so_then_waits_for_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        let mut store = Store::open(&path, Sharing::default()).unwrap();
        let told = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let t = told.clone();
        store.on_wait(move |d| t.lock().unwrap().push(d));
        // Free at once: not a word.
        store.write().unwrap().commit().unwrap();
        assert!(told.lock().unwrap().is_empty());
        let holder = Connection::open(&path).unwrap();
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        let release = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            holder.execute_batch("COMMIT").unwrap();
        });
        let tx = store.write().expect("the lock came free within the wait");
        tx.commit().unwrap();
        release.join().unwrap();
        assert_eq!(told.lock().unwrap().as_slice(), [busy_timeout()]);
    }

    #[test]
    fn new_database_is_private_and_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("t.db");
        let store = Store::open(&path, Sharing::default()).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
        assert_eq!(
            fs::metadata(path.parent().unwrap()).unwrap().mode() & 0o777,
            0o700
        );
        store.integrity_check().unwrap();
        let v: i64 = store
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, schema::VERSION);
    }

    #[test]
    fn readable_database_is_refused_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        drop(Store::open(&path, Sharing::default()).unwrap());
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let err = Store::open(&path, Sharing::default())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("chmod 600"), "{err}");
        // The group may share it on purpose.
        fs::set_permissions(&path, fs::Permissions::from_mode(0o660)).unwrap();
        Store::open(&path, Sharing { group: true }).unwrap();
    }

    #[test]
    fn an_old_in_file_trail_moves_to_its_own_file_with_seq_and_hashes_kept() {
        use crate::audit::{Entry, GENESIS, verify};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        drop(Store::open(&path, Sharing::default()).unwrap());
        // The store as a version before the separate trail left it.
        let mut prev = GENESIS.to_owned();
        let old: Vec<Entry> = (1..=3)
            .map(|seq| {
                let mut e = Entry {
                    seq,
                    at: format!("2026-11-0{seq}T10:00:00+01:00"),
                    uid: 1000,
                    os_user: "anna".into(),
                    sudo_user: String::new(),
                    action: "query".into(),
                    subject: String::new(),
                    details: format!("{{\"rows\":{seq}}}"),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = e.compute_hash();
                prev = e.hash.clone();
                e
            })
            .collect();
        {
            let conn = Connection::open(&path).unwrap();
            // The store as it was before the trail's own file (and what came after).
            conn.execute_batch(&format!(
                "DROP TABLE audit_outbox;
                 DROP TABLE id_given;
                 CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, uid INTEGER NOT NULL,
                     os_user TEXT NOT NULL, sudo_user TEXT NOT NULL DEFAULT '', action TEXT NOT NULL,
                     subject TEXT NOT NULL DEFAULT '', details TEXT NOT NULL, prev_hash TEXT NOT NULL,
                     hash TEXT NOT NULL);
                 CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
                 BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                 CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
                 BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                 PRAGMA user_version = {};",
                schema::VERSION - 2
            ))
            .unwrap();
            for e in &old {
                conn.execute(
                    "INSERT INTO audit VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    rusqlite::params![
                        e.seq,
                        e.at,
                        e.uid,
                        e.os_user,
                        e.sudo_user,
                        e.action,
                        e.subject,
                        e.details,
                        e.prev_hash,
                        e.hash
                    ],
                )
                .unwrap();
            }
        }
        fs::remove_file(audit::trail_path(&path)).unwrap();
        let store = Store::open(&path, Sharing::default()).unwrap();
        let moved = audit::all(store.trail()).unwrap();
        assert_eq!(moved, old);
        assert_eq!(verify(&moved, Some(&old[2].hash)), Ok(3));
        let left: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name LIKE 'audit%' AND name <> 'audit_outbox'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0, "the old table and its triggers are gone");
        // The head of the moved trail is noted outside it.
        let noted = crate::audit::anchor::newest(&audit::head_path(&path)).unwrap();
        assert_eq!((noted.seq, noted.hash), (3, old[2].hash.clone()));
    }

    #[test]
    fn an_entry_left_in_the_outbox_by_a_crash_reaches_the_trail_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut store = Store::open(&path, Sharing::default()).unwrap();
        let actor = crate::audit::Actor::current();
        let tx = store.write().unwrap();
        audit::append(&tx, &actor, "import", "", &serde_json::json!({"n": 1})).unwrap();
        tx.commit().unwrap();
        // Killed here: committed, not moved. The trail takes it, but the cleanup of
        // the outbox is lost as well.
        let pending = audit::pending(store.conn()).unwrap();
        store.trail().take_outbox(&pending).unwrap();
        drop(store);
        let store = Store::open(&path, Sharing::default()).unwrap();
        let entries = audit::all(store.trail()).unwrap();
        assert_eq!(entries.len(), 1, "moved once, not twice");
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM audit_outbox", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }
}
