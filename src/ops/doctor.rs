//! `doctor`: the store checked against itself (SQLite's integrity check, every
//! derived table re-derived from the passages), and on request rebuilt, audited.

use crate::audit::Actor;
use crate::store::doctor::{self, Derived, Disagreement};
use crate::store::{self, Store, StoreError};

/// What the checks found, and what was rebuilt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// `PRAGMA integrity_check`'s findings; empty when the file is sound.
    pub integrity: Vec<String>,
    /// Derived tables that disagreed with the passages.
    pub disagreements: Vec<Disagreement>,
    /// The tables rebuilt (under `--repair`).
    pub rebuilt: Vec<Derived>,
}

impl Report {
    /// True when everything agrees now (nothing found, or all of it rebuilt).
    pub fn sound(&self) -> bool {
        self.integrity.is_empty() && self.disagreements.len() == self.rebuilt.len()
    }
}

/// Runs the checks in one snapshot; with `repair`, rebuilds what disagrees in one
/// write transaction that also holds its audit entry. A damaged file is never
/// "repaired": only a backup can mend it.
pub fn run(store: &mut Store, actor: &Actor, repair: bool) -> Result<Report, StoreError> {
    let (integrity, disagreements) = {
        let tx = store.read()?;
        (doctor::integrity(&tx)?, doctor::check(&tx)?)
    };
    let mut report = Report {
        integrity,
        disagreements,
        rebuilt: Vec::new(),
    };
    if !repair || report.disagreements.is_empty() || !report.integrity.is_empty() {
        return Ok(report);
    }
    let tx = store.write()?;
    // Checked again under the write lock: an import may have landed meanwhile.
    report.disagreements = doctor::check(&tx)?;
    for d in &report.disagreements {
        doctor::rebuild(&tx, d.table)?;
        report.rebuilt.push(d.table);
    }
    let details = serde_json::json!({
        "rebuilt": report.disagreements.iter().map(|d| serde_json::json!({
            "table": d.table.table(),
            "missing": d.missing,
            "extra": d.extra,
            "differing": d.differing,
        })).collect::<Vec<_>>(),
    });
    store::audit::append(&tx, actor, "doctor repair", "", &details)?;
    tx.commit()?;
    Ok(report)
}
