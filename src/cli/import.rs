//! `loggvakt import FILE...`: each file in its own transaction, with a summary.

use super::{Ctx, fmt_time};
use crate::i18n::Msg;
use crate::import::Choice;
use crate::ops::import::{Options, Report, import_file, parse_map};
use anyhow::Result;
use clap::Args;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Export files: CSV/TXT, XLSX, XLS or ODS
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The system's profile: auto, salto, unison, ssm, komgo, pmo or a user profile's name
    #[arg(long, default_value = "auto")]
    pub system: String,
    /// Map a column by hand: FIELD=HEADER (repeatable), e.g. --map timestamp="När"
    #[arg(long = "map", value_name = "FIELD=HEADER", value_parser = parse_map)]
    pub maps: Vec<(crate::import::profile::Field, String)>,
    /// Import the good rows and list the bad ones instead of stopping the file
    #[arg(long)]
    pub skip_bad: bool,
    /// Delete each export once it is safely imported
    #[arg(long)]
    pub remove_source: bool,
    /// PMO: the review period (YYYY-MM) when the export does not name it
    #[arg(long, value_name = "YYYY-MM")]
    pub period: Option<String>,
    /// PMO: the unit (school) when the export does not name it
    #[arg(long, value_name = "TEXT")]
    pub unit: Option<String>,
}

pub fn run(ctx: &Ctx, args: ImportArgs) -> Result<()> {
    let profiles = crate::ops::catalog::profiles().map_err(anyhow::Error::msg)?;
    if args.system != "auto" && profiles.get(&args.system).is_none() {
        anyhow::bail!(
            "unknown system \"{}\"; known: auto, {}",
            args.system,
            profiles.names().join(", ")
        );
    }
    let mut store = ctx.open()?;
    let opts = Options {
        choice: Choice {
            system: (args.system != "auto").then(|| args.system.clone()),
            maps: args.maps.clone(),
        },
        skip_bad: args.skip_bad,
        cancel: None,
        pmo_period: args.period.clone(),
        pmo_unit: args.unit.clone(),
        sort_run_rows: None,
    };
    let mut failures = 0;
    let stdout = std::io::stdout();
    for path in &args.files {
        let bar = progress_bar(path);
        let mut progress = |f: f64| {
            if let Some(b) = &bar {
                b.set_position((f * 1000.0) as u64);
            }
        };
        let result = import_file(
            &mut store,
            &profiles,
            &ctx.actor,
            path,
            &opts,
            &mut progress,
        );
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        match result {
            Ok(report) => {
                print_report(ctx, &report, &mut stdout.lock())?;
                if args.remove_source {
                    std::fs::remove_file(path).map_err(|e| {
                        anyhow::anyhow!(
                            "{}: imported, but could not remove it: {e}",
                            path.display()
                        )
                    })?;
                    writeln!(
                        stdout.lock(),
                        "  {}: {}",
                        ctx.t(Msg::RemovedSource),
                        path.display()
                    )?;
                }
            }
            Err(e) => {
                failures += 1;
                eprintln!("loggvakt: {}", crate::text::for_terminal(&e.to_string()));
            }
        }
    }
    if failures > 0 {
        anyhow::bail!(
            "{failures} of {} file(s) not imported; nothing from those was kept",
            args.files.len()
        );
    }
    Ok(())
}

fn progress_bar(path: &std::path::Path) -> Option<indicatif::ProgressBar> {
    let big = std::fs::metadata(path).is_ok_and(|m| m.len() > 2 * 1024 * 1024);
    if !big || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(1000),
        indicatif::ProgressDrawTarget::stderr(),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {percent:>3}% {elapsed}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    Some(bar)
}

fn print_report(ctx: &Ctx, r: &Report, out: &mut impl Write) -> Result<()> {
    let safe = |s: &str| crate::text::for_terminal(s).into_owned();
    let reason = r
        .recognition
        .as_ref()
        .map_or_else(|| r.reason.clone(), |x| x.describe(ctx.lang));
    writeln!(out, "{}: {} — {}", safe(&r.file), r.system, safe(&reason))?;
    writeln!(out, "  {}", r.format)?;
    if let Some(period) = &r.period {
        writeln!(out, "  {}: {}", ctx.t(Msg::Period), safe(period))?;
    }
    if let Some(when) = &r.already_imported {
        writeln!(
            out,
            "  {} ({}); {} 0, {} {}",
            ctx.t(Msg::AlreadyImported),
            safe(when),
            ctx.t(Msg::Imported),
            ctx.t(Msg::Duplicates),
            r.duplicates
        )?;
        return Ok(());
    }
    write!(
        out,
        "  {} {}, {} {}, {} {}, {} {}",
        ctx.t(Msg::RowsRead),
        r.rows_read,
        ctx.t(Msg::Imported),
        r.imported,
        ctx.t(Msg::Duplicates),
        r.duplicates,
        ctx.t(Msg::Rejected),
        r.rejected.len()
    )?;
    if r.first.is_some() {
        write!(
            out,
            "; {} {} – {}",
            ctx.t(Msg::Covers),
            fmt_time(r.first),
            fmt_time(r.last)
        )?;
    }
    writeln!(out)?;
    for rej in &r.rejected {
        writeln!(out, "  {}: {}", ctx.t(Msg::Rejected), safe(&rej.message))?;
    }
    Ok(())
}
