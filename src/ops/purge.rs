//! Removing what has outlived its retention, kind by kind, and leaving no byte of it
//! in the database file, its WAL or its free pages; the receipt in the audit trail
//! gives counts and periods, never personal data.
//!
//! Kinds today: Kom & Gå stamps, PMO review periods, decided requests with their
//! attachments. Passages slot in as one more [`Kind`] once the passage store offers
//! `purge_preview`/`purge` (see [`Plan::keep_windows`], the windows they must keep).

use super::{Result, refused_plain};
use crate::audit::Actor;
use crate::config::Retention;
use crate::domain::request::Window;
use crate::store::pmo::{self as db, Period};
use crate::store::{Store, audit, requests, stamps};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What a purge removes, one kind of record at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Stamps,
    PmoPeriods,
    Requests,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Stamps => "stamps",
            Kind::PmoPeriods => "pmo_periods",
            Kind::Requests => "requests",
        }
    }
}

/// The last day past retention on `today`: a record of this day or before has been
/// kept its full `years` (29 February counts back to 28 February).
pub fn cutoff(today: NaiveDate, years: u32) -> NaiveDate {
    use chrono::Datelike;
    let year = today.year() - years as i32;
    today
        .with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, today.month(), today.day() - 1))
        .unwrap_or(today)
}

/// One line of a plan: a kind, a month, how many records.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Group {
    pub kind: Kind,
    /// `YYYY-MM`: the month the records belong to.
    pub month: String,
    pub count: u64,
}

/// What a purge on `today` would remove, with the retention it applies.
#[derive(Debug, Clone)]
pub struct Plan {
    pub today: NaiveDate,
    pub retention: Retention,
    /// Per kind: records before this day go.
    pub cutoffs: BTreeMap<Kind, NaiveDate>,
    pub groups: Vec<Group>,
    pub periods: Vec<Period>,
    pub requests: Vec<requests::Expired>,
    /// Time windows of the requests that stay: passages inside them must be kept
    /// until their request is decided and its own retention has run out.
    pub keep_windows: Vec<Window>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// Lists what has expired on `today`, by kind and month; changes nothing.
pub fn plan(store: &Store, retention: Retention, today: NaiveDate) -> Result<Plan> {
    let tx = store.read()?;
    let mut cutoffs = BTreeMap::new();
    let mut groups = Vec::new();

    let stamp_cut = cutoff(today, retention.stamp_years);
    cutoffs.insert(Kind::Stamps, stamp_cut);
    for (month, count) in stamps::months_before(&tx, stamp_cut)? {
        groups.push(Group {
            kind: Kind::Stamps,
            month,
            count,
        });
    }

    let pmo_cut = cutoff(today, retention.pmo_years);
    cutoffs.insert(Kind::PmoPeriods, pmo_cut);
    let periods = db::expired(&tx, pmo_cut)?;
    for p in &periods {
        groups.push(Group {
            kind: Kind::PmoPeriods,
            month: p.to.format("%Y-%m").to_string(),
            count: p.rows,
        });
    }

    let request_cut = cutoff(today, retention.request_years);
    cutoffs.insert(Kind::Requests, request_cut);
    let expired = requests::decided_before(&tx, &request_cut.format("%Y-%m-%d").to_string())?;
    let mut by_month: BTreeMap<String, u64> = BTreeMap::new();
    for r in &expired {
        *by_month
            .entry(r.decided_at.get(..7).unwrap_or("").to_owned())
            .or_default() += 1;
    }
    groups.extend(by_month.into_iter().map(|(month, count)| Group {
        kind: Kind::Requests,
        month,
        count,
    }));

    let keep_windows = requests::list(&tx)?
        .into_iter()
        .filter(|r| !expired.iter().any(|e| e.reference == r.reference))
        .flat_map(|r| r.scope.windows)
        .collect();
    // Passages: `store::passages::purge_preview(&tx, system, before, &keep_windows)`
    // per system with `cutoff(today, retention.passage_years)` adds Kind::Passages
    // groups here once the passage store provides it.
    Ok(Plan {
        today,
        retention,
        cutoffs,
        groups,
        periods,
        requests: expired,
        keep_windows,
    })
}

/// What a purge removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Receipt {
    pub stamps: u64,
    pub pmo_periods: usize,
    pub pmo_rows: u64,
    pub requests: usize,
    pub attachments: u64,
}

/// Removes what `plan` lists in one transaction with its receipt in the audit trail,
/// then rewrites the file so no byte of it remains (secure delete zeroes the freed
/// pages, the WAL is checkpointed and truncated, VACUUM drops the free pages).
pub fn purge(store: &mut Store, actor: &Actor, plan: &Plan) -> Result<Receipt> {
    let mut receipt = Receipt::default();
    let cut = |k| plan.cutoffs.get(&k).map(|d: &NaiveDate| d.to_string());
    store
        .write_with(|tx| {
            if let Some(c) = plan.cutoffs.get(&Kind::Stamps) {
                receipt.stamps = stamps::delete_before(tx, *c)?;
            }
            for p in &plan.periods {
                receipt.pmo_rows += db::delete_period(tx, p.id)?;
                receipt.pmo_periods += 1;
            }
            for r in &plan.requests {
                requests::delete(tx, r.id)?;
                receipt.requests += 1;
                receipt.attachments += r.attachments;
            }
            audit::append(
                tx,
                actor,
                "purge",
                "",
                &serde_json::json!({
                    "today": plan.today.to_string(),
                    "retention_years": {
                        "stamps": plan.retention.stamp_years,
                        "pmo_periods": plan.retention.pmo_years,
                        "requests": plan.retention.request_years,
                    },
                    "cutoffs": {
                        "stamps": cut(Kind::Stamps),
                        "pmo_periods": cut(Kind::PmoPeriods),
                        "requests": cut(Kind::Requests),
                    },
                    "removed": plan.groups,
                    "pmo_periods": plan.periods.iter().map(|p| serde_json::json!({
                        "period": p.label, "from": p.from.to_string(), "to": p.to.to_string(), "rows": p.rows,
                    })).collect::<Vec<_>>(),
                    "totals": {
                        "stamps": receipt.stamps,
                        "pmo_rows": receipt.pmo_rows,
                        "requests": receipt.requests,
                        "attachments": receipt.attachments,
                    },
                }),
            )
        })
        .map_err(refused_plain)?;
    compact(store)?;
    Ok(receipt)
}

/// Leaves no trace of deleted rows in the file: checkpoint the WAL into the file and
/// truncate it, VACUUM (which drops free pages), and truncate the WAL again.
pub fn compact(store: &Store) -> Result<()> {
    let conn = store.conn();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    conn.execute_batch("VACUUM")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutoff_is_the_same_day_years_back() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(cutoff(d(2036, 11, 1), 10), d(2026, 11, 1));
        assert_eq!(cutoff(d(2036, 2, 29), 10), d(2026, 2, 28));
    }
}
