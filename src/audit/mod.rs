//! The tool's own audit trail: who did what, when, chained by SHA-256 so that an
//! edited, removed, reordered or inserted entry is found by `verify`.

pub mod anchor;

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The person behind this process, from the kernel's uid (never `$USER`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub uid: u32,
    pub user: String,
    /// Under `sudo`, the user who ran it (from `SUDO_UID`).
    pub sudo_user: String,
}

impl Actor {
    pub fn current() -> Actor {
        // SAFETY: getuid has no preconditions and cannot fail.
        let uid = unsafe { libc::getuid() };
        let sudo_user = if uid == 0 {
            std::env::var("SUDO_UID")
                .ok()
                .and_then(|s| s.parse::<u32>().ok())
                .map(|u| format!("{} (uid {u})", user_name(u).unwrap_or_else(|| "?".into())))
                .unwrap_or_default()
        } else {
            String::new()
        };
        Actor {
            uid,
            user: user_name(uid).unwrap_or_else(|| format!("uid {uid}")),
            sudo_user,
        }
    }

    /// How the actor is shown in exports and lists.
    pub fn label(&self) -> String {
        if self.sudo_user.is_empty() {
            self.user.clone()
        } else {
            format!("{} via sudo by {}", self.user, self.sudo_user)
        }
    }
}

fn user_name(uid: u32) -> Option<String> {
    let mut buf = vec![0u8; 16 * 1024];
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer refers to memory owned here and sized as passed.
    let rc = unsafe {
        libc::getpwuid_r(
            uid,
            &mut pwd,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut result,
        )
    };
    if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
        return None;
    }
    // SAFETY: getpwuid_r succeeded, so pw_name points to a NUL-terminated string in buf.
    let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
    Some(name.to_string_lossy().into_owned())
}

/// One entry of the trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub uid: u32,
    pub os_user: String,
    pub sudo_user: String,
    pub action: String,
    /// The request or period the action concerns, if any.
    pub subject: String,
    /// JSON with the action's particulars (filters, counts, hashes).
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

impl Entry {
    /// The hash of an entry's content together with the previous entry's hash.
    pub fn compute_hash(&self) -> String {
        let canonical = serde_json::json!([
            self.seq,
            self.at,
            self.uid,
            self.os_user,
            self.sudo_user,
            self.action,
            self.subject,
            self.details,
            self.prev_hash
        ]);
        hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
    }
}

/// The first thing wrong with a trail.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Broken {
    #[error(
        "entry {seq}: its content does not match its hash: it was changed after it was written"
    )]
    Edited { seq: i64 },
    #[error(
        "entry {expected} is missing (the trail jumps from {prev} to {found}): entries were removed"
    )]
    Missing {
        expected: i64,
        prev: i64,
        found: i64,
    },
    #[error(
        "entry {seq}: it does not follow entry {prev} (its previous-hash differs): entries were reordered, inserted or removed"
    )]
    Unchained { seq: i64, prev: i64 },
    #[error(
        "the trail does not contain the head {head}: it was truncated or rewritten after that head was noted"
    )]
    HeadNotFound { head: String },
    #[error(
        "the trail ends at entry {last}, but entry {noted} was noted at {at} in the head file: the last entries were removed"
    )]
    Truncated { last: i64, noted: i64, at: String },
    #[error(
        "entry {seq} differs from the head noted for it at {at} in the head file: the trail was rewritten after that"
    )]
    Rewritten { seq: i64, at: String },
}

/// Compares a trail that verified with the newest head noted outside it.
pub fn check_noted(entries: &[Entry], noted: &anchor::Noted) -> Result<(), Broken> {
    let last = entries.last().map_or(0, |e| e.seq);
    if noted.seq > last {
        return Err(Broken::Truncated {
            last,
            noted: noted.seq,
            at: noted.at.clone(),
        });
    }
    match entries.iter().find(|e| e.seq == noted.seq) {
        Some(e) if e.hash.eq_ignore_ascii_case(&noted.hash) => Ok(()),
        _ => Err(Broken::Rewritten {
            seq: noted.seq,
            at: noted.at.clone(),
        }),
    }
}

/// Checks the whole chain in sequence order; `head`, when given, must be one of its hashes.
pub fn verify<'a>(
    entries: impl IntoIterator<Item = &'a Entry>,
    head: Option<&str>,
) -> Result<usize, Broken> {
    let mut prev_hash = GENESIS.to_owned();
    let mut prev_seq = 0;
    let mut head_seen = head.is_none();
    let mut n = 0;
    for e in entries {
        if e.seq != prev_seq + 1 {
            return Err(if e.seq > prev_seq + 1 {
                Broken::Missing {
                    expected: prev_seq + 1,
                    prev: prev_seq,
                    found: e.seq,
                }
            } else {
                Broken::Unchained {
                    seq: e.seq,
                    prev: prev_seq,
                }
            });
        }
        if e.compute_hash() != e.hash {
            return Err(Broken::Edited { seq: e.seq });
        }
        if e.prev_hash != prev_hash {
            return Err(Broken::Unchained {
                seq: e.seq,
                prev: prev_seq,
            });
        }
        if head.is_some_and(|h| h.eq_ignore_ascii_case(&e.hash)) {
            head_seen = true;
        }
        prev_hash = e.hash.clone();
        prev_seq = e.seq;
        n += 1;
    }
    if !head_seen {
        return Err(Broken::HeadNotFound {
            head: head.unwrap_or_default().to_owned(),
        });
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<Entry> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let mut e = Entry {
                    seq,
                    at: format!("2026-11-22T10:00:{seq:02}+01:00"),
                    uid: 1000,
                    os_user: "anna".into(),
                    sudo_user: String::new(),
                    action: "query".into(),
                    subject: String::new(),
                    details: format!("{{\"n\":{seq}}}"),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = e.compute_hash();
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    #[test]
    fn intact_chain_verifies() {
        let c = chain(5);
        assert_eq!(verify(&c, None), Ok(5));
        assert_eq!(verify(&c, Some(&c[2].hash)), Ok(5));
    }

    #[test]
    fn each_kind_of_tampering_is_named() {
        let mut edited = chain(5);
        edited[2].details = "{\"n\":99}".into();
        assert_eq!(verify(&edited, None), Err(Broken::Edited { seq: 3 }));

        let mut removed = chain(5);
        removed.remove(2);
        assert_eq!(
            verify(&removed, None),
            Err(Broken::Missing {
                expected: 3,
                prev: 2,
                found: 4
            })
        );

        let mut reordered = chain(5);
        reordered.swap(1, 2);
        assert!(verify(&reordered, None).is_err());

        let c = chain(5);
        let truncated = &c[..3];
        assert_eq!(
            verify(truncated, Some(&c[4].hash)),
            Err(Broken::HeadNotFound {
                head: c[4].hash.clone()
            })
        );
    }

    #[test]
    fn actor_comes_from_the_uid_not_the_environment() {
        let a = Actor::current();
        // SAFETY: getuid cannot fail.
        assert_eq!(a.uid, unsafe { libc::getuid() });
        assert!(!a.user.is_empty());
    }
}
