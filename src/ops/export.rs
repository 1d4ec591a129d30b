//! Writing an export so that it is whole and audited or absent: a private temporary
//! file in the target folder, synced, recorded with its SHA-256, then renamed into
//! place without replacing anything. A kill at any moment leaves at most a temporary
//! file, which the next export in that folder removes.

use super::{OpError, Result};
use crate::audit::Entry;
use crate::i18n::ops::Refusal;
use sha2::{Digest, Sha256};
use std::ffi::CString;
use std::fs::File;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub sha256: String,
    pub bytes: usize,
    /// The audit entry that records it.
    pub seq: i64,
}

fn failed(out: &Path, e: &dyn std::fmt::Display) -> OpError {
    OpError::refused(Refusal::ExportFailed, &[&out.display(), e])
}

/// The system refused the file: kept typed, so it is said in the user's language.
fn io_failed(out: &Path, e: &std::io::Error) -> OpError {
    OpError::Write {
        path: out.to_owned(),
        kind: e.kind(),
        code: e.raw_os_error(),
    }
}

/// Refuses an export to a name that exists (a file, a link, anything).
pub fn refuse_existing(out: &Path) -> Result<()> {
    if std::fs::symlink_metadata(out).is_ok() {
        return Err(OpError::refused(Refusal::ExportExists, &[&out.display()]));
    }
    Ok(())
}

/// Writes `bytes` to `out`: `record` is called with the file's SHA-256 once the
/// bytes are durable under a temporary name, and the file appears under `out` only
/// after the entry is written. On any failure no file under `out` and no temporary
/// file remain.
pub fn atomic(
    out: &Path,
    bytes: &[u8],
    record: impl FnOnce(&str) -> Result<Entry>,
) -> Result<Written> {
    refuse_existing(out)?;
    let name = out
        .file_name()
        .ok_or_else(|| failed(out, &"it is not a file name"))?
        .to_string_lossy()
        .into_owned();
    let dir = match out.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_owned(),
        None => PathBuf::from("."),
    };
    clean_stale(&dir);
    let (tmp, mut file) = create_temp(&dir, &name).map_err(|e| io_failed(out, &e))?;
    let remove = |e: OpError| {
        let _ = std::fs::remove_file(&tmp);
        e
    };
    // Held while the file is written, so a cleanup by another export leaves it alone.
    // SAFETY: flock on a valid open descriptor.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| remove(io_failed(out, &e)))?;
    let sha256 = hex::encode(Sha256::digest(bytes));
    let entry = record(&sha256).map_err(remove)?;
    rename_noreplace(&tmp, out).map_err(|e| {
        remove(if e.kind() == std::io::ErrorKind::AlreadyExists {
            OpError::refused(Refusal::ExportExists, &[&out.display()])
        } else {
            io_failed(out, &e)
        })
    })?;
    drop(file);
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(Written {
        path: out.to_owned(),
        sha256,
        bytes: bytes.len(),
        seq: entry.seq,
    })
}

/// Temporary names: `.NAME.XXXXXXXX.tmp`, created new and private.
fn create_temp(dir: &Path, name: &str) -> std::io::Result<(PathBuf, File)> {
    let mut last = None;
    for _ in 0..16 {
        let mut r = [0u8; 4];
        // SAFETY: the buffer is valid for its length.
        unsafe { libc::getrandom(r.as_mut_ptr().cast(), r.len(), 0) };
        let tmp = dir.join(format!(".{name}.{}.tmp", hex::encode(r)));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary name")))
}

fn is_temp_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    match rest.rsplit_once('.') {
        Some((stem, hex)) => {
            !stem.is_empty() && hex.len() == 8 && hex.bytes().all(|b| b.is_ascii_hexdigit())
        }
        None => false,
    }
}

/// Removes temporary files an export of this user left in `dir` when it was killed:
/// ours by name and owner, and no longer locked by a running export.
pub fn clean_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !is_temp_name(&name) {
            continue;
        }
        let path = e.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_file() || meta.uid() != me {
            continue;
        }
        let Ok(f) = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)
        else {
            continue;
        };
        // SAFETY: flock on a valid open descriptor.
        if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Renames without replacing: `renameat2(RENAME_NOREPLACE)`, or where the file
/// system lacks it, a hard link (which refuses an existing name) and an unlink.
fn rename_noreplace(from: &Path, to: &Path) -> std::io::Result<()> {
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "NUL in path"))
    };
    let (f, t) = (c(from)?, c(to)?);
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them as given.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            f.as_ptr(),
            libc::AT_FDCWD,
            t.as_ptr(),
            libc::RENAME_NOREPLACE,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::ENOTSUP) => {
            std::fs::hard_link(from, to)?;
            std::fs::remove_file(from)
        }
        _ => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_record_leaves_no_file_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("x.csv");
        let e = atomic(&out, b"a;b\n", |_| {
            Err(OpError::refused(Refusal::ExportExists, &[&"x"]))
        })
        .unwrap_err();
        assert!(matches!(e, OpError::Refused(_)));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn an_existing_name_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("x.csv");
        std::fs::write(&out, "mine").unwrap();
        assert!(atomic(&out, b"new", |_| unreachable!()).is_err());
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    }

    #[test]
    fn stale_temporaries_go_and_a_live_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".r.pdf.0a1b2c3d.tmp"), "half").unwrap();
        std::fs::write(dir.path().join(".keep.tmp"), "not ours").unwrap();
        let live = dir.path().join(".s.pdf.ffffffff.tmp");
        let f = File::create(&live).unwrap();
        // SAFETY: a valid descriptor.
        unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX) };
        clean_stale(dir.path());
        assert!(!dir.path().join(".r.pdf.0a1b2c3d.tmp").exists());
        assert!(dir.path().join(".keep.tmp").exists());
        assert!(live.exists());
    }
}
