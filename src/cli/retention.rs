//! `loggvakt purge [--dry-run] [--yes] [--years N]`: removes PMO review periods whose
//! retention has run out, with everything belonging to them, and leaves no trace in the file.
//!
//! The retention is 10 years from a period's last day, or `[retention] pmo_years` in
//! `$XDG_CONFIG_HOME/loggvakt/config.toml`, or `--years` on the command line.

use super::Ctx;
use crate::store::pmo as db;
use anyhow::{Context as _, Result, bail};
use chrono::NaiveDate;
use clap::Args;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

/// Gallring of the reviewed PMO logs after 10 years (Göteborg's routine).
pub const DEFAULT_PMO_YEARS: u32 = 10;

#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Only list what would be removed
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

fn config_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("loggvakt").join("config.toml"))
}

/// The PMO retention in years from the config file, else the default.
pub fn pmo_years() -> Result<u32> {
    let Some(path) = config_path().filter(|p| p.exists()) else {
        return Ok(DEFAULT_PMO_YEARS);
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("{}: cannot read the config file", path.display()))?;
    let value: toml::Value =
        toml::from_str(&text).with_context(|| format!("{}: not valid TOML", path.display()))?;
    match value.get("retention").and_then(|r| r.get("pmo_years")) {
        None => Ok(DEFAULT_PMO_YEARS),
        Some(v) => v
            .as_integer()
            .filter(|&n| (1..=100).contains(&n))
            .map(|n| n as u32)
            .with_context(|| {
                format!(
                    "{}: [retention] pmo_years must be a whole number of years from 1 to 100",
                    path.display()
                )
            }),
    }
}

/// The last period end that is past retention on `today`: a period ending on or before
/// this day has been kept its full `years`.
pub fn cutoff(today: NaiveDate, years: u32) -> NaiveDate {
    use chrono::Datelike;
    let year = today.year() - years as i32;
    today
        .with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, today.month(), today.day() - 1))
        .unwrap_or(today)
}

pub fn run(ctx: &Ctx, a: PurgeArgs) -> Result<()> {
    let years = match a.years {
        Some(0) => bail!("--years must be at least 1"),
        Some(n) => n,
        None => pmo_years()?,
    };
    let today = a.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    // A period whose end lies before the cutoff has been kept longer than `years`.
    let cut = cutoff(today, years);
    let mut store = ctx.open()?;
    let expired = db::expired(store.conn(), cut)?;
    let mut out = std::io::stdout().lock();
    if expired.is_empty() {
        writeln!(
            out,
            "Nothing to purge: no PMO period ended before {cut} ({years} years' retention)."
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "PMO periods past {years} years' retention (ended before {cut}):"
    )?;
    for p in &expired {
        writeln!(
            out,
            "  {} {} ({} – {}): {} row(s), {} reviewed{}",
            p.label,
            crate::text::for_terminal(&p.unit),
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
        write!(
            out,
            "Remove these {} period(s) for good? [y/N] ",
            expired.len()
        )?;
        out.flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "j" | "J" | "ja") {
            writeln!(out, "Nothing removed.")?;
            return Ok(());
        }
    }
    let mut removed = 0;
    store.write_with(|tx| {
        for p in &expired {
            removed += db::delete_period(tx, p.id)?;
        }
        crate::store::audit::append(
            tx,
            &ctx.actor,
            "purge",
            "pmo",
            &serde_json::json!({
                "retention_years": years,
                "cutoff": cut.to_string(),
                "periods": expired.iter().map(|p| serde_json::json!({
                    "period": p.label,
                    "from": p.from.to_string(),
                    "to": p.to.to_string(),
                    "rows": p.rows,
                })).collect::<Vec<_>>(),
            }),
        )?;
        Ok(())
    })?;
    // secure_delete zeroes freed pages in the file; the WAL still holds the old pages
    // until it is checkpointed and truncated, and free pages are dropped by VACUUM.
    let conn = store.conn();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    conn.execute_batch("VACUUM")?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    writeln!(
        out,
        "Removed {} period(s), {removed} row(s), with their reviews and escalations.",
        expired.len()
    )?;
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
