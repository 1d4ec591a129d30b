//! `loggvakt purge [--dry-run] [--yes] [--years N]`: removes what has outlived its
//! retention (Kom & Gå stamps, PMO review periods, decided requests with their
//! attachments) and leaves no trace of it in the file.
//!
//! Retention per kind comes from `[retention]` in `config.toml` (see the README),
//! `--years` overrides the PMO periods' for one run.

use super::Ctx;
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
    let sv = ctx.lang == crate::i18n::Lang::Sv;
    match k {
        Kind::Stamps => {
            if sv {
                "Kom & Gå-stämplingar"
            } else {
                "Kom & Gå stamps"
            }
        }
        Kind::PmoPeriods => {
            if sv {
                "PMO-rader (granskningsperioder)"
            } else {
                "PMO rows (review periods)"
            }
        }
        Kind::Requests => {
            if sv {
                "avgjorda begäran med bilagor"
            } else {
                "decided requests with attachments"
            }
        }
    }
}

pub fn run(ctx: &Ctx, a: PurgeArgs) -> Result<()> {
    let mut retention = ctx.config.retention;
    match a.years {
        Some(0) => bail!("--years must be at least 1"),
        Some(n) => retention.pmo_years = n,
        None => {}
    }
    let today = a.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut store = ctx.open()?;
    let plan = purge::plan(&store, retention, today)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Retention: Kom & Gå stamps {} years, PMO periods {} years, decided requests {} years (passages are not purged by this version).",
        retention.stamp_years, retention.pmo_years, retention.request_years
    )?;
    if plan.is_empty() {
        writeln!(out, "Nothing to purge: nothing is past its retention.")?;
        return Ok(());
    }
    writeln!(out, "Past retention, by kind and month:")?;
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
            "  PMO {} {} ({} – {}): {} row(s), {} reviewed{}",
            p.label,
            Ctx::safe(&p.unit),
            p.from,
            p.to,
            p.rows,
            p.reviewed,
            if p.signed_off_at.is_some() {
                ", signed off"
            } else {
                ", NOT signed off"
            }
        )?;
    }
    if a.dry_run {
        writeln!(out, "Dry run: nothing removed.")?;
        return Ok(());
    }
    if !a.yes {
        if !std::io::stdin().is_terminal() {
            bail!("not purging without confirmation: run it in a terminal, or add --yes");
        }
        write!(out, "Remove these for good? [y/N] ")?;
        out.flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "j" | "J" | "ja") {
            writeln!(out, "Nothing removed.")?;
            return Ok(());
        }
    }
    let r = purge::purge(&mut store, &ctx.actor, &plan)?;
    writeln!(
        out,
        "Removed {} Kom & Gå stamp(s), {} PMO period(s) with {} row(s), their reviews and escalations, \
         {} decided request(s) with {} attachment(s).",
        r.stamps, r.pmo_periods, r.pmo_rows, r.requests, r.attachments
    )?;
    Ok(())
}
