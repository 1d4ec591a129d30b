//! The audit trail's own operations: list, verify (against the head noted outside the
//! file too), the head, and `who`: every entry that concerned one person.

use super::{OpError, Result, Said, record};
use crate::audit::anchor::{self, Noted};
use crate::audit::{self as trail, Actor, Entry};
use crate::i18n::ops::{Refusal, Trail};
use crate::store::catalog;
use crate::store::passages::Cards;
use crate::store::{Store, audit, requests};
use std::collections::BTreeSet;

/// The newest entries first, at most `limit` (0 = all). Entries still in the store's
/// outbox (a change committed by a process killed before it moved them) come first.
pub fn list(store: &Store, limit: usize) -> Result<Vec<Entry>> {
    store.flush_outbox()?;
    Ok(audit::newest(store.trail(), limit)?)
}

/// The current head hash (the genesis hash for an empty trail).
pub fn head(store: &Store) -> Result<String> {
    store.flush_outbox()?;
    Ok(audit::head(store.trail())?)
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub entries: usize,
    pub head: String,
    /// The newest head noted outside the trail, when there is one.
    pub noted: Option<Noted>,
    pub head_file: String,
}

/// Checks the chain, then that it still holds the head noted outside it (and the
/// head hash given, if any); a broken trail is an error saying where.
pub fn verify(store: &Store, given: Option<&str>) -> Result<Verified> {
    store.flush_outbox()?;
    let entries = audit::all(store.trail())?;
    let broken = |b: trail::Broken| {
        OpError::Refused(Said {
            what: Refusal::NotRecorded,
            args: Vec::new(),
            plain: Some(crate::i18n::fill(
                Trail::Broken.text(crate::i18n::Lang::En),
                &[&b],
            )),
        })
    };
    let n = trail::verify(&entries, given).map_err(broken)?;
    let noted = anchor::newest(store.trail().head_file());
    if let Some(noted) = &noted {
        trail::check_noted(&entries, noted).map_err(broken)?;
    }
    Ok(Verified {
        entries: n,
        head: entries
            .last()
            .map_or_else(|| trail::GENESIS.to_owned(), |e| e.hash.clone()),
        noted,
        head_file: store.trail().head_file().display().to_string(),
    })
}

/// One entry that concerned the person, with how: `named` (in the filter) and/or
/// `results` (present in what was shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concerned {
    pub entry: Entry,
    pub how: Vec<String>,
}

/// Everyone `who` matched and every entry that concerned them.
#[derive(Debug, Clone)]
pub struct Who {
    pub persons: Vec<String>,
    pub entries: Vec<Concerned>,
}

/// The entries that concerned a person, named by the whole name in either order,
/// employee id or card number; the answer is itself audited before it is shown.
pub fn who(store: &Store, actor: &Actor, person: &str) -> Result<Who> {
    super::line("PERSON", person)?;
    store.flush_outbox()?;
    let tx = store.read()?;
    let mut ids = BTreeSet::new();
    let mut names = Vec::new();
    for p in requests::resolve_person(&tx, person)? {
        ids.insert(p.id);
        names.push(if p.employee_id.is_empty() {
            p.name
        } else {
            format!("{} ({})", p.name, p.employee_id)
        });
    }
    let cards = catalog::match_cards(&tx, &[person.to_owned()])?;
    for h in Cards::of(&tx, cards)?.holders {
        if ids.insert(h) {
            names.push(format!("#{h}"));
        }
    }
    if ids.is_empty() {
        return Err(OpError::refused(Refusal::NoPerson, &[&person]));
    }
    let ids: Vec<i64> = ids.into_iter().collect();
    let entries = audit::concerning(store.trail(), &ids)?
        .into_iter()
        .map(|(entry, how)| Concerned { entry, how })
        .collect();
    record(
        store,
        actor,
        "audit_who",
        "",
        &serde_json::json!({
            "person": person,
            "person_ids": { "named": ids, "results": [] },
        }),
    )?;
    Ok(Who {
        persons: names,
        entries,
    })
}

/// The purpose an entry was made under, as its details record it.
pub fn purpose_of(e: &Entry) -> String {
    let d: serde_json::Value = serde_json::from_str(&e.details).unwrap_or_default();
    if let Some(c) = d["purpose"]["case"].as_str() {
        return c.to_owned();
    }
    if let Some(r) = d["purpose"]["reason"].as_str() {
        return r.to_owned();
    }
    e.subject.clone()
}
