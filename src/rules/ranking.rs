//! A period's rows with the rules applied: what the CLI, the terminal UI and the exports
//! show. Every row is kept; the rules only order them.

use super::Flags;
use super::pmo::{Context, Thresholds, evaluate};
use crate::store::pmo::{Access, Period, accesses, earlier_deviators};
use rusqlite::Connection;

/// A stored row with the rules that fired on it.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub access: Access,
    pub flags: Flags,
}

impl Ranked {
    pub fn score(&self) -> f64 {
        self.flags.score()
    }
}

/// The period's rows in time order, each with its flags.
pub fn evaluated(
    conn: &Connection,
    period: &Period,
    thresholds: &Thresholds,
) -> crate::store::Result<Vec<Ranked>> {
    let rows = accesses(conn, period.id)?;
    let ctx = Context {
        unit: period.unit.clone(),
        label: period.label.clone(),
        earlier_deviators: earlier_deviators(conn, period.from)?,
        thresholds: thresholds.clone(),
    };
    let records: Vec<_> = rows.iter().map(|a| a.record.clone()).collect();
    let flags = evaluate(&records, &ctx);
    Ok(rows
        .into_iter()
        .zip(flags)
        .map(|(access, flags)| Ranked { access, flags })
        .collect())
}

/// Highest score first; equal scores in time order.
pub fn rank(rows: &mut [Ranked]) {
    rows.sort_by(|a, b| {
        b.score()
            .total_cmp(&a.score())
            .then(a.access.record.time.cmp(&b.access.record.time))
            .then(a.access.id.cmp(&b.access.id))
    });
}
