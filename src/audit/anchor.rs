//! The trail's head kept outside the trail's file: a head file that is only ever
//! appended to (`seq hash time` per line) and the system journal through syslog.
//!
//! Someone who can rewrite the trail's file can drop its last entries and the chain
//! still verifies; the newest head noted here then shows that entries are missing.

use super::Entry;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// A head noted in the head file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Noted {
    pub seq: i64,
    pub hash: String,
    pub at: String,
}

/// Notes an appended entry's head in the head file and the system journal. Best
/// effort: the entry is durable in the trail already, and `audit verify` says
/// when the head file is missing or behind.
pub fn note(head_file: &Path, e: &Entry, mode: u32) {
    let line = format!("{} {} {}\n", e.seq, e.hash, e.at);
    if let Ok(mut f) = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .mode(mode)
        .custom_flags(libc::O_NOFOLLOW)
        .open(head_file)
    {
        // One write of a short line with O_APPEND: lines of concurrent processes never mix.
        let _ = f.write_all(line.as_bytes());
    }
    syslog(&format!("audit head seq={} hash={}", e.seq, e.hash));
}

/// Sends one line to the system journal when the machine has a syslog socket.
fn syslog(message: &str) {
    if !Path::new("/dev/log").exists() {
        return;
    }
    let Ok(text) = std::ffi::CString::new(message) else {
        return;
    };
    // SAFETY: the identifier and format are static NUL-terminated strings and the
    // message a valid C string; openlog keeps the identifier pointer, which is static.
    unsafe {
        libc::openlog(c"loggvakt".as_ptr(), libc::LOG_PID, libc::LOG_AUTHPRIV);
        libc::syslog(libc::LOG_INFO, c"%s".as_ptr(), text.as_ptr());
    }
}

/// The newest head in the head file (the highest sequence number), if any.
pub fn newest(head_file: &Path) -> Option<Noted> {
    let text = std::fs::read_to_string(head_file).ok()?;
    text.lines()
        .filter_map(|l| {
            let mut parts = l.splitn(3, ' ');
            let seq = parts.next()?.parse::<i64>().ok()?;
            let hash = parts.next()?;
            (hash.len() == 64).then(|| Noted {
                seq,
                hash: hash.to_owned(),
                at: parts.next().unwrap_or_default().to_owned(),
            })
        })
        .max_by_key(|n| n.seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_head_is_the_highest_sequence_whatever_the_line_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t-audit.head");
        let e = |seq: i64| Entry {
            seq,
            at: format!("2026-11-02T10:00:0{seq}+01:00"),
            uid: 1000,
            os_user: "anna".into(),
            sudo_user: String::new(),
            action: "query".into(),
            subject: String::new(),
            details: "{}".into(),
            prev_hash: String::new(),
            hash: format!("{seq:064x}"),
        };
        note(&path, &e(1), 0o600);
        note(&path, &e(3), 0o600);
        note(&path, &e(2), 0o600);
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"garbage line\n")
            .unwrap();
        let n = newest(&path).unwrap();
        assert_eq!((n.seq, n.hash), (3, format!("{:064x}", 3)));
    }
}
