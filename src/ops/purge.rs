//! Removing what has outlived its retention, kind by kind, and leaving no byte of it
//! in the database file, its WAL or its free pages; the receipt in the audit trail
//! gives counts and periods, never personal data.
//!
//! Kinds: passages (per system), Kom & Gå stamps, PMO review periods, decided
//! requests with their attachments. Passages inside a time window of a request that
//! stays (open, or decided within its own retention) stay with it.

use super::{OpError, Result, Said, refused_plain};
use crate::audit::Actor;
use crate::config::Retention;
use crate::domain::request::Window;
use crate::i18n::ops::Refusal;
use crate::store::pmo::{self as db, Period};
use crate::store::retention as passages;
use crate::store::{Store, audit, requests, stamps};
use chrono::{Months, NaiveDate};
use std::collections::BTreeMap;

/// What a purge removes, one kind of record at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Door passages of one system (the group names it).
    Passages,
    Stamps,
    PmoPeriods,
    Requests,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Passages => "passages",
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

/// The first day a passage is still kept on `today` under a retention of `months`:
/// the same day that many months back (the month's last day where it is shorter).
pub fn passage_cutoff(today: NaiveDate, months: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// One line of a plan: a kind (and for passages, the system), a month, how many.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Group {
    pub kind: Kind,
    /// The passage system, for [`Kind::Passages`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// `YYYY-MM`: the month the records belong to.
    pub month: String,
    pub count: u64,
}

/// How one passage system's passages fare: kept so many months, so passages before
/// `before` go except the `held` ones inside a kept window.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SystemPlan {
    pub months: u32,
    pub before: NaiveDate,
    pub held: u64,
}

/// What a purge on `today` would remove, with the retention it applies.
#[derive(Debug, Clone)]
pub struct Plan {
    pub today: NaiveDate,
    pub retention: Retention,
    /// Per kind but passages: records before this day go.
    pub cutoffs: BTreeMap<Kind, NaiveDate>,
    /// Per passage system with passages stored.
    pub systems: BTreeMap<String, SystemPlan>,
    pub groups: Vec<Group>,
    pub periods: Vec<Period>,
    pub requests: Vec<requests::Expired>,
    /// Time windows of the requests that stay: passages inside them are kept
    /// until their request is decided and its own retention has run out.
    pub keep_windows: Vec<Window>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Passages that go, per system.
    pub fn passages(&self) -> BTreeMap<&str, u64> {
        let mut out = BTreeMap::new();
        for g in self.groups.iter().filter(|g| g.kind == Kind::Passages) {
            *out.entry(g.system.as_deref().unwrap_or("")).or_default() += g.count;
        }
        out
    }

    fn keep(&self) -> Vec<(chrono::NaiveDateTime, chrono::NaiveDateTime)> {
        self.keep_windows.iter().map(|w| (w.from, w.to)).collect()
    }
}

/// Lists what has expired on `today`, by kind (passages also by system) and month;
/// changes nothing.
pub fn plan(store: &Store, retention: Retention, today: NaiveDate) -> Result<Plan> {
    let tx = store.read()?;
    let mut cutoffs = BTreeMap::new();
    let mut groups = Vec::new();

    let request_cut = cutoff(today, retention.request_years);
    let expired = requests::decided_before(&tx, &request_cut.format("%Y-%m-%d").to_string())?;
    let keep_windows: Vec<Window> = requests::list(&tx)?
        .into_iter()
        .filter(|r| !expired.iter().any(|e| e.reference == r.reference))
        .flat_map(|r| r.scope.windows)
        .collect();
    let keep: Vec<_> = keep_windows.iter().map(|w| (w.from, w.to)).collect();

    let mut systems = BTreeMap::new();
    for system in passages::systems(&tx)? {
        let months = retention.passages.months(&system);
        let before = passage_cutoff(today, months);
        let preview = passages::purge_preview(&tx, &system, before.into(), &keep)?;
        groups.extend(preview.months.into_iter().map(|m| Group {
            kind: Kind::Passages,
            system: Some(m.system),
            month: m.month,
            count: m.passages,
        }));
        systems.insert(
            system,
            SystemPlan {
                months,
                before,
                held: preview.held,
            },
        );
    }

    let stamp_cut = cutoff(today, retention.stamp_years);
    cutoffs.insert(Kind::Stamps, stamp_cut);
    for (month, count) in stamps::months_before(&tx, stamp_cut)? {
        groups.push(Group {
            kind: Kind::Stamps,
            system: None,
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
            system: None,
            month: p.to.format("%Y-%m").to_string(),
            count: p.rows,
        });
    }

    cutoffs.insert(Kind::Requests, request_cut);
    let mut by_month: BTreeMap<String, u64> = BTreeMap::new();
    for r in &expired {
        *by_month
            .entry(r.decided_at.get(..7).unwrap_or("").to_owned())
            .or_default() += 1;
    }
    groups.extend(by_month.into_iter().map(|(month, count)| Group {
        kind: Kind::Requests,
        system: None,
        month,
        count,
    }));

    Ok(Plan {
        today,
        retention,
        cutoffs,
        systems,
        groups,
        periods,
        requests: expired,
        keep_windows,
    })
}

/// What a purge removed, and what the file looked like after it was rewritten.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Receipt {
    /// Per passage system.
    pub passages: BTreeMap<String, u64>,
    pub stamps: u64,
    pub pmo_periods: usize,
    pub pmo_rows: u64,
    pub requests: usize,
    pub attachments: u64,
    pub erasure: Erasure,
}

/// The checks after the rewrite: what is left where deleted bytes could linger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Erasure {
    /// The database file's size after VACUUM.
    pub file_bytes: u64,
    /// Pages on the free list (VACUUM leaves none).
    pub free_pages: u64,
    /// The WAL's size after the last checkpoint (truncated: none).
    pub wal_bytes: u64,
}

/// Removes what `plan` lists in one transaction with its receipt in the audit trail,
/// then rewrites the file so no byte of it remains (secure delete zeroes the freed
/// pages, the WAL is checkpointed and truncated, VACUUM drops the free pages), and
/// checks that the WAL is empty and no page is free.
pub fn purge(store: &mut Store, actor: &Actor, plan: &Plan) -> Result<Receipt> {
    let mut receipt = Receipt::default();
    let cut = |k| plan.cutoffs.get(&k).map(|d: &NaiveDate| d.to_string());
    let keep = plan.keep();
    let mut removed_periods: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    store
        .write_with(|tx| {
            for (system, sp) in &plan.systems {
                let done = passages::purge(tx, system, sp.before.into(), &keep)?;
                let n: u64 = done.months.iter().map(|m| m.passages).sum();
                if n > 0 {
                    receipt.passages.insert(system.clone(), n);
                }
                removed_periods.insert(
                    system.clone(),
                    done.months
                        .iter()
                        .map(|m| serde_json::json!({ "month": m.month, "passages": m.passages }))
                        .collect(),
                );
            }
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
                    "passages": plan.systems.iter().map(|(system, sp)| (system.clone(), serde_json::json!({
                        "retention_months": sp.months,
                        "before": sp.before.to_string(),
                        "removed": receipt.passages.get(system).copied().unwrap_or(0),
                        "months": removed_periods.get(system),
                        "held_for_requests": sp.held,
                    }))).collect::<serde_json::Map<_, _>>(),
                    "removed": plan.groups,
                    "pmo_periods": plan.periods.iter().map(|p| serde_json::json!({
                        "period": p.label, "from": p.from.to_string(), "to": p.to.to_string(), "rows": p.rows,
                    })).collect::<Vec<_>>(),
                    "totals": {
                        "passages": receipt.passages.values().sum::<u64>(),
                        "stamps": receipt.stamps,
                        "pmo_rows": receipt.pmo_rows,
                        "requests": receipt.requests,
                        "attachments": receipt.attachments,
                    },
                }),
            )
        })
        .map_err(refused_plain)?;
    receipt.erasure = compact(store)?;
    Ok(receipt)
}

/// Leaves no trace of deleted rows in the file: checkpoint the WAL into the file and
/// truncate it, VACUUM (which drops free pages), and truncate the WAL again; then
/// checks that both checkpoints completed, the WAL is empty and no page is free.
pub fn compact(store: &Store) -> Result<Erasure> {
    let conn = store.conn();
    let checkpoint = || -> Result<bool> {
        // (busy, frames in the WAL, frames checkpointed): busy when a reader kept it.
        let (busy, _, _): (i64, i64, i64) =
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        Ok(busy == 0)
    };
    let first = checkpoint()?;
    conn.execute_batch("VACUUM")?;
    let second = checkpoint()?;
    let free_pages: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    let size = |suffix: &str| {
        let mut p = store.path().as_os_str().to_owned();
        p.push(suffix);
        std::fs::metadata(std::path::PathBuf::from(p)).map_or(0, |m| m.len())
    };
    let erasure = Erasure {
        file_bytes: size(""),
        free_pages: free_pages as u64,
        wal_bytes: size("-wal"),
    };
    if !(first && second) {
        return Err(OpError::Refused(Said::new(
            Refusal::NotErased,
            &[&erasure.wal_bytes, &erasure.free_pages],
        )));
    }
    Ok(erasure)
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

    #[test]
    fn a_passage_cutoff_is_the_same_day_months_back() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(passage_cutoff(d(2026, 12, 1), 6), d(2026, 6, 1));
        assert_eq!(passage_cutoff(d(2026, 8, 31), 6), d(2026, 2, 28));
        assert_eq!(passage_cutoff(d(2026, 12, 1), 12), d(2025, 12, 1));
    }
}
