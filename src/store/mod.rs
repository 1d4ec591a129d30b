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
pub mod stamps;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::fs;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a process waits for another's write to finish before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(120);

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
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Whether the database may be shared with the owner's group (a jump host with
/// several security officers in one group).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sharing {
    pub group: bool,
}

impl Sharing {
    fn file_mode(self) -> u32 {
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
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("loggvakt").join("loggvakt.db"))
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path`. A new directory is made
    /// `0700` and a new file `0600` (`0770`/`0660` when shared with the group),
    /// whatever the umask; an existing one that others could read is refused.
    pub fn open(path: &Path, sharing: Sharing) -> Result<Store> {
        let io = |source| StoreError::Io {
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() {
                fs::DirBuilder::new()
                    .recursive(true)
                    .mode(sharing.dir_mode())
                    .create(dir)
                    .map_err(io)?;
                fs::set_permissions(dir, fs::Permissions::from_mode(sharing.dir_mode()))
                    .map_err(io)?;
            }
            check_dir(dir, sharing)?;
        }
        match fs::symlink_metadata(path) {
            Ok(_) => check_file(path, sharing)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let file = fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(sharing.file_mode())
                    .open(path)
                    .map_err(io)?;
                file.set_permissions(fs::Permissions::from_mode(sharing.file_mode()))
                    .map_err(io)?;
            }
            Err(e) => return Err(io(e)),
        }
        for suffix in ["-wal", "-shm"] {
            let side = side_file(path, suffix);
            if side.exists() {
                check_file(&side, sharing)?;
            }
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_NOFOLLOW,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // WAL lets readers go on while one process writes; FULL makes each commit durable.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "secure_delete", true)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // `rarray(?)`: a list of ids bound as one parameter (store::passages).
        rusqlite::vtab::array::load_module(&conn)?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
        };
        schema::migrate(&mut store)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Starts a write transaction that takes the write lock at once, so two
    /// writers queue on the busy timeout instead of failing mid-way.
    pub fn write(&mut self) -> Result<Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Runs `f` in one read transaction (one snapshot of the store): a search's
    /// resolving, counting and pages all see the same passages.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        passages::snapshot(&self.conn, f)
    }

    /// Runs `f` in one write transaction, committing only if it succeeds.
    pub fn write_with<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.write()?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
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

fn check_file(path: &Path, sharing: Sharing) -> Result<()> {
    let meta = fs::symlink_metadata(path).map_err(|source| StoreError::Io {
        path: path.display().to_string(),
        source,
    })?;
    if meta.file_type().is_symlink() {
        return Err(StoreError::Invalid(format!(
            "refusing to open {}: it is a symbolic link; point --db at the file itself",
            path.display()
        )));
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
    let meta = fs::metadata(dir).map_err(|source| StoreError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mode = meta.mode() & 0o7777;
    // A directory others can write lets them replace the database; a sticky one
    // (like /tmp) does not, since only the owner may rename or remove the file.
    let writable_by_others = mode & if sharing.group { 0o002 } else { 0o022 } != 0;
    let sticky = mode & 0o1000 != 0;
    let readable_by_others = mode & sharing.forbidden() != 0;
    let is_default = default_path().is_some_and(|p| p.parent() == Some(dir));
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
}
