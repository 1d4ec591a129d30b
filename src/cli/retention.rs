//! `loggvakt purge [--dry-run] [--yes] [--years N] [--compact]`: removes what has
//! outlived its retention (passages per system, Kom & Gå stamps, PMO review periods,
//! decided requests with their attachments) and leaves no trace of it in the file.
//!
//! Retention per kind comes from `[retention]` in `config.toml` (see the README),
//! `--years` overrides the PMO periods' for one run.

use super::Ctx;
use crate::i18n::fill;
use crate::i18n::ops::{Purge as T, Refusal};
use crate::ops::OpError;
use crate::ops::purge::{self, Kind};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::Args;
use std::io::{BufRead, IsTerminal, Write};

#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Only list what would be removed, by kind (passages by system) and month
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
    /// Keep PMO periods this many years after their last day (default: the config file's
    /// `[retention] pmo_years`, else 10)
    #[arg(long, value_name = "N")]
    pub years: Option<u32>,
    /// Rewrite the file even when nothing is due (after a purge that could not finish
    /// its rewrite because another process had the database open)
    #[arg(long)]
    pub compact: bool,
    /// Count from this date instead of today (for planning a purge)
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub today: Option<NaiveDate>,
}

fn kind_name(ctx: &Ctx, g: &purge::Group) -> String {
    match g.kind {
        Kind::Passages => fill(
            T::KindPassages.text(ctx.lang),
            &[&Ctx::safe(g.system.as_deref().unwrap_or(""))],
        ),
        Kind::Stamps => T::KindStamps.text(ctx.lang).to_owned(),
        Kind::PmoPeriods => T::KindPmo.text(ctx.lang).to_owned(),
        Kind::Requests => T::KindRequests.text(ctx.lang).to_owned(),
    }
}

pub fn run(ctx: &Ctx, a: PurgeArgs) -> Result<()> {
    let mut retention = ctx.config.retention.clone();
    match a.years {
        Some(0) => bail!(OpError::usage(Refusal::YearsAtLeastOne, &[])),
        Some(n) => retention.pmo_years = n,
        None => {}
    }
    let today = a.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut store = ctx.open()?;
    let plan = purge::plan(&store, retention, today)?;
    let r = &plan.retention;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}",
        fill(
            T::Retention.text(ctx.lang),
            &[&r.stamp_years, &r.pmo_years, &r.request_years]
        )
    )?;
    if plan.systems.is_empty() {
        writeln!(out, "{}", T::NoPassages.text(ctx.lang))?;
    } else {
        let systems: Vec<String> = plan
            .systems
            .iter()
            .map(|(system, sp)| {
                fill(
                    T::SystemMonths.text(ctx.lang),
                    &[&Ctx::safe(system), &sp.months, &sp.before],
                )
            })
            .collect();
        writeln!(
            out,
            "{}",
            fill(T::PassageRetention.text(ctx.lang), &[&systems.join(", ")])
        )?;
    }
    let held: Vec<String> = plan
        .systems
        .iter()
        .filter(|(_, sp)| sp.held > 0)
        .map(|(system, sp)| format!("{} {}", Ctx::safe(system), sp.held))
        .collect();
    if !held.is_empty() {
        writeln!(out, "{}", fill(T::Held.text(ctx.lang), &[&held.join(", ")]))?;
    }
    if plan.is_empty() {
        writeln!(out, "{}", T::Nothing.text(ctx.lang))?;
        if a.compact && !a.dry_run {
            let e = purge::compact(&store)?;
            writeln!(out, "{}", fill(T::Erased.text(ctx.lang), &[&e.file_bytes]))?;
        }
        return Ok(());
    }
    writeln!(out, "{}", T::Heading.text(ctx.lang))?;
    for g in &plan.groups {
        writeln!(out, "  {:<36} {}  {}", kind_name(ctx, g), g.month, g.count)?;
    }
    for p in &plan.periods {
        let line = fill(
            T::Period.text(ctx.lang),
            &[
                &p.label,
                &Ctx::safe(&p.unit),
                &p.from,
                &p.to,
                &p.rows,
                &p.reviewed,
            ],
        );
        let signed = if p.signed_off_at.is_some() {
            T::SignedOff
        } else {
            T::NotSignedOff
        };
        writeln!(out, "  {line}{}", signed.text(ctx.lang))?;
    }
    if a.dry_run {
        writeln!(out, "{}", T::DryRun.text(ctx.lang))?;
        return Ok(());
    }
    if !a.yes {
        if !std::io::stdin().is_terminal() {
            bail!(OpError::refused(Refusal::PurgeUnconfirmed, &[]));
        }
        write!(out, "{}", T::Confirm.text(ctx.lang))?;
        out.flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "j" | "J" | "ja") {
            writeln!(out, "{}", T::Declined.text(ctx.lang))?;
            return Ok(());
        }
    }
    let r = purge::purge(&mut store, &ctx.actor, &plan)?;
    let per_system: Vec<String> = r
        .passages
        .iter()
        .map(|(system, n)| format!("{} {n}", Ctx::safe(system)))
        .collect();
    let passages: u64 = r.passages.values().sum();
    writeln!(
        out,
        "{}",
        fill(
            T::Removed.text(ctx.lang),
            &[
                &r.stamps,
                &r.pmo_periods,
                &r.pmo_rows,
                &r.requests,
                &r.attachments,
                &passages,
                &if per_system.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", per_system.join(", "))
                },
            ]
        )
    )?;
    writeln!(
        out,
        "{}",
        fill(T::Erased.text(ctx.lang), &[&r.erasure.file_bytes])
    )?;
    Ok(())
}
