//! `loggvakt purge [--dry-run] [--yes] [--years N]`: removes what has outlived its
//! retention (Kom & Gå stamps, PMO review periods, decided requests with their
//! attachments) and leaves no trace of it in the file.
//!
//! Retention per kind comes from `[retention]` in `config.toml` (see the README),
//! `--years` overrides the PMO periods' for one run.

use super::Ctx;
use crate::i18n::fill;
use crate::i18n::ops::{PurgeText as P, Refusal};
use crate::ops::OpError;
use crate::ops::purge::{self, Kind};
use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::Args;
use std::io::{BufRead, IsTerminal, Write};

#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Only list what would be removed, by kind and month
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask for confirmation
    #[arg(long)]
    pub yes: bool,
    /// Keep PMO periods this many years after their last day (default: the config file's
    /// `[retention] pmo_years`, else 10)
    #[arg(long, value_name = "N")]
    pub years: Option<u32>,
    /// Count from this date instead of today (for planning a purge)
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub today: Option<NaiveDate>,
}

fn kind_name(ctx: &Ctx, k: Kind) -> &'static str {
    match k {
        Kind::Stamps => P::Stamps,
        Kind::PmoPeriods => P::PmoRows,
        Kind::Requests => P::Requests,
    }
    .text(ctx.lang)
}

pub fn run(ctx: &Ctx, a: PurgeArgs) -> Result<()> {
    let lang = ctx.lang;
    let mut retention = ctx.config.retention;
    match a.years {
        Some(0) => bail!(OpError::usage(Refusal::YearsAtLeastOne, &[])),
        Some(n) => retention.pmo_years = n,
        None => {}
    }
    let today = a.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut store = ctx.open()?;
    let plan = purge::plan(&store, retention, today)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}",
        fill(
            P::Retention.text(lang),
            &[
                &retention.stamp_years,
                &retention.pmo_years,
                &retention.request_years
            ]
        )
    )?;
    if plan.is_empty() {
        writeln!(out, "{}", P::Nothing.text(lang))?;
        return Ok(());
    }
    writeln!(out, "{}", P::Past.text(lang))?;
    for g in &plan.groups {
        writeln!(
            out,
            "  {:<36} {}  {}",
            kind_name(ctx, g.kind),
            g.month,
            g.count
        )?;
    }
    for p in &plan.periods {
        writeln!(
            out,
            "{}",
            fill(
                P::PeriodLine.text(lang),
                &[
                    &p.label,
                    &Ctx::safe(&p.unit),
                    &p.from,
                    &p.to,
                    &p.rows,
                    &p.reviewed,
                    &if p.signed_off_at.is_some() {
                        P::Signed
                    } else {
                        P::NotSigned
                    }
                    .text(lang)
                ]
            )
        )?;
    }
    if a.dry_run {
        writeln!(out, "{}", P::DryRun.text(lang))?;
        return Ok(());
    }
    if !a.yes {
        if !std::io::stdin().is_terminal() {
            bail!(OpError::refused(Refusal::PurgeUnconfirmed, &[]));
        }
        write!(out, "{}", P::Ask.text(lang))?;
        out.flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "j" | "J" | "ja") {
            writeln!(out, "{}", P::NothingRemoved.text(lang))?;
            return Ok(());
        }
    }
    let r = purge::purge(&mut store, &ctx.actor, &plan)?;
    writeln!(
        out,
        "{}",
        fill(
            P::Removed.text(lang),
            &[
                &r.stamps,
                &r.pmo_periods,
                &r.pmo_rows,
                &r.requests,
                &r.attachments
            ]
        )
    )?;
    Ok(())
}
