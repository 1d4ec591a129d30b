//! `loggvakt import FILE...`: each file in its own transaction, with a summary;
//! `--dry-run` shows what an import would do and writes nothing.

use super::{Ctx, fmt_time};
use crate::i18n::import::Text;
use crate::i18n::{Lang, Msg, fill};
use crate::import::values::DateOrder;
use crate::import::{Choice, ImportError};
use crate::ops::import::preview::{Preview, Sample, preview};
use crate::ops::import::{IngestError, Options, Report, import_file, parse_map};
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
    /// How dates not starting with the year are written: dmy (03/11/2026 is 3 November), mdy or ymd; default: from the file's own dates
    #[arg(long, value_name = "dmy|mdy|ymd", value_parser = parse_date_order)]
    pub date_order: Option<DateOrder>,
    /// Show what would be imported (profile, columns, dates, rows, first rows) and store nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Import the good rows and list the bad ones instead of stopping the file
    #[arg(long)]
    pub skip_bad: bool,
    /// Delete each export once it is safely imported (through a symlink: the file it names, and the link)
    #[arg(long, conflicts_with = "dry_run")]
    pub remove_source: bool,
    /// PMO: the review period (YYYY-MM) when the export does not name it
    #[arg(long, value_name = "YYYY-MM")]
    pub period: Option<String>,
    /// PMO: the unit (school) when the export does not name it
    #[arg(long, value_name = "TEXT")]
    pub unit: Option<String>,
}

fn parse_date_order(s: &str) -> Result<DateOrder, String> {
    DateOrder::parse(s).ok_or_else(|| format!("\"{s}\" is not dmy, mdy or ymd"))
}

/// An import error in the user's language.
fn message(e: &IngestError, lang: Lang) -> String {
    let text = match e {
        IngestError::Import(e) => e.message(lang),
        IngestError::Store(e) => crate::ops::store_text(e, lang),
        IngestError::Cancelled(file) => fill(Text::Cancelled.text(lang), &[file]),
    };
    crate::text::for_terminal(&text).into_owned()
}

pub fn run(ctx: &Ctx, args: ImportArgs) -> Result<()> {
    let profiles = crate::ops::catalog::profiles().map_err(anyhow::Error::msg)?;
    if args.system != "auto" && profiles.get(&args.system).is_none() {
        anyhow::bail!(
            "{}",
            fill(
                Text::UnknownSystem.text(ctx.lang),
                &[&Ctx::safe(&args.system), &profiles.names().join(", ")]
            )
        );
    }
    let opts = Options {
        choice: Choice {
            system: (args.system != "auto").then(|| args.system.clone()),
            maps: args.maps.clone(),
            date_order: args.date_order,
        },
        skip_bad: args.skip_bad,
        cancel: None,
        pmo_period: args.period.clone(),
        pmo_unit: args.unit.clone(),
        sort_run_rows: None,
    };
    if args.dry_run {
        return dry_run(ctx, &args, &opts, &profiles);
    }
    let mut store = ctx.open()?;
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
                    remove_source(ctx, path, &report, &mut stdout.lock())?;
                }
            }
            Err(e) => {
                failures += 1;
                eprintln!("loggvakt: {}", message(&e, ctx.lang));
            }
        }
    }
    if failures > 0 {
        anyhow::bail!(
            "{}",
            fill(
                Text::FilesNotImported.text(ctx.lang),
                &[&failures, &args.files.len()]
            )
        );
    }
    Ok(())
}

/// `--remove-source`: the file that was read goes, also when it was named by a
/// symlink (whose target holds the data); a file changed since it was read stays.
fn remove_source(
    ctx: &Ctx,
    path: &std::path::Path,
    report: &Report,
    out: &mut impl Write,
) -> Result<()> {
    let safe =
        |p: &std::path::Path| crate::text::for_terminal(&p.display().to_string()).into_owned();
    let Some(identity) = report.identity else {
        anyhow::bail!(
            "{}: imported, but could not tell which file was read, so it was not removed",
            safe(path)
        );
    };
    let removed = crate::import::source::remove_source(path, identity).map_err(|e| match e {
        ImportError::Io { source, .. } => anyhow::anyhow!(
            "{}: imported, but could not remove it: {source}",
            safe(path)
        ),
        other => anyhow::anyhow!(crate::text::for_terminal(&other.message(ctx.lang)).into_owned()),
    })?;
    match &removed.link {
        None => writeln!(
            out,
            "  {}: {}",
            ctx.t(Msg::RemovedSource),
            safe(&removed.file)
        )?,
        Some(link) => writeln!(
            out,
            "  {}",
            fill(
                Text::RemovedThroughLink.text(ctx.lang),
                &[&safe(&removed.file), &safe(link)]
            )
        )?,
    }
    if removed.other_links > 0 {
        writeln!(
            out,
            "  {}",
            fill(Text::OtherLinks.text(ctx.lang), &[&removed.other_links])
        )?;
    }
    Ok(())
}

fn progress_bar(path: &std::path::Path) -> Option<indicatif::ProgressBar> {
    let big = std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > 2 * 1024 * 1024);
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

/// The columns a file's recognition left out, one line.
fn not_imported_line(lang: Lang, r: &crate::import::Recognition) -> String {
    let left = r.not_imported(lang);
    if left.is_empty() {
        Text::NoneUnmapped.text(lang).to_owned()
    } else {
        format!("{}: {}", Text::Unmapped.text(lang), left.join(", "))
    }
}

fn print_report(ctx: &Ctx, r: &Report, out: &mut impl Write) -> Result<()> {
    let safe = |s: &str| crate::text::for_terminal(s).into_owned();
    let reason = r
        .recognition
        .as_ref()
        .map_or_else(|| r.reason.clone(), |x| x.describe(ctx.lang));
    writeln!(out, "{}: {} — {}", safe(&r.file), r.system, safe(&reason))?;
    writeln!(out, "  {}", r.format.text(ctx.lang))?;
    if let Some(recognition) = &r.recognition {
        writeln!(out, "  {}", safe(&not_imported_line(ctx.lang, recognition)))?;
    }
    if let Some(dates) = &r.dates {
        writeln!(
            out,
            "  {}: {}",
            Text::Dates.text(ctx.lang),
            safe(&dates.describe(ctx.lang))
        )?;
    }
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
        writeln!(
            out,
            "  {}: {}",
            ctx.t(Msg::Rejected),
            safe(rej.text(ctx.lang))
        )?;
    }
    Ok(())
}

/// `import --dry-run`: every file read as it would be imported; no database is
/// opened, so none is created or changed.
fn dry_run(
    ctx: &Ctx,
    args: &ImportArgs,
    opts: &Options,
    profiles: &crate::import::profile::Profiles,
) -> Result<()> {
    let stdout = std::io::stdout();
    let mut failures = 0;
    for path in &args.files {
        match preview(path, opts, profiles) {
            Ok(p) => print_preview(ctx.lang, &p, &mut stdout.lock())?,
            Err(e) => {
                failures += 1;
                eprintln!("loggvakt: {}", message(&e, ctx.lang));
            }
        }
    }
    writeln!(stdout.lock(), "{}", Text::DryRun.text(ctx.lang))?;
    if failures > 0 {
        anyhow::bail!(
            "{}",
            fill(
                Text::FilesNotReadable.text(ctx.lang),
                &[&failures, &args.files.len()]
            )
        );
    }
    Ok(())
}

fn print_preview(lang: Lang, p: &Preview, out: &mut impl Write) -> Result<()> {
    let safe = |s: &str| crate::text::for_terminal(s).into_owned();
    let t = |x: Text| x.text(lang);
    let r = &p.recognition;
    writeln!(out, "{}", safe(&p.file))?;
    writeln!(
        out,
        "  {}: {} ({})",
        t(Text::PreviewProfile),
        r.profile,
        safe(&r.title)
    )?;
    writeln!(
        out,
        "  {}: {}",
        t(Text::PreviewWhy),
        safe(&r.describe(lang))
    )?;
    if !r.considered.is_empty() {
        let others: Vec<String> = r
            .considered
            .iter()
            .map(|c| format!("{} {:.1}", c.profile, c.score))
            .collect();
        writeln!(
            out,
            "  {}: {} {:.1}, {}",
            t(Text::PreviewCandidates),
            r.profile,
            r.points,
            others.join(", ")
        )?;
    }
    writeln!(out, "  {}: {}", t(Text::PreviewFormat), p.format.text(lang))?;
    writeln!(out, "  {}: {}", t(Text::PreviewHeader), p.header_row)?;
    writeln!(out, "  {}:", t(Text::PreviewMapping))?;
    for m in &r.mapped {
        writeln!(
            out,
            "    {}",
            safe(&crate::import::error::mapping(
                &m.header, m.field, m.by, lang
            ))
        )?;
    }
    writeln!(out, "  {}", safe(&not_imported_line(lang, r)))?;
    writeln!(
        out,
        "  {}: {}",
        t(Text::Dates),
        safe(&p.dates.describe(lang))
    )?;
    writeln!(
        out,
        "  {}: {} ({} {})",
        t(Text::PreviewRows),
        p.rows,
        p.layout_rows,
        t(Text::PreviewLayoutRows)
    )?;
    if p.first.is_some() {
        writeln!(
            out,
            "  {}: {} – {}",
            t(Text::PreviewPeriod),
            fmt_time(p.first),
            fmt_time(p.last)
        )?;
    }
    if let Some(period) = &p.period {
        writeln!(out, "  {}: {}", Msg::Period.text(lang), safe(period))?;
    }
    let kinds: Vec<String> = p
        .kinds
        .iter()
        .map(|(k, n)| format!("{} {n}", safe(&k.name(lang))))
        .collect();
    writeln!(out, "  {}: {}", t(Text::PreviewKinds), kinds.join(", "))?;
    if !p.rejected.is_empty() {
        writeln!(out, "  {}: {}", t(Text::PreviewRejected), p.rejected.len())?;
        for rej in &p.rejected {
            writeln!(out, "    {}", safe(rej.text(lang)))?;
        }
    }
    writeln!(out, "  {}:", t(Text::PreviewFirst))?;
    let time = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M:%S").to_string();
    match &p.sample {
        Sample::Passages(rows) => {
            for rec in rows {
                let person = rec.person.as_ref().map_or("", |n| n.display());
                let cells = [
                    time(rec.time),
                    rec.reader_code.clone(),
                    rec.door.clone(),
                    person.to_owned(),
                    rec.employee_id.clone(),
                    rec.card.clone(),
                    crate::i18n::event_kind(rec.kind, lang).to_owned(),
                    rec.event_text.clone(),
                    rec.direction.as_str().to_owned(),
                ];
                writeln!(out, "    {}: {}", rec.row, safe(&join(&cells)))?;
            }
        }
        Sample::Stamps(rows) => {
            for rec in rows {
                let person = rec.person.as_ref().map_or("", |n| n.display());
                let cells = [
                    time(rec.time),
                    rec.employee_id.clone(),
                    person.to_owned(),
                    rec.kind.as_str().to_owned(),
                    rec.source.clone(),
                    rec.edited.map(time).unwrap_or_default(),
                ];
                writeln!(out, "    {}: {}", rec.row, safe(&join(&cells)))?;
            }
        }
        Sample::Pmo(rows) => {
            for rec in rows {
                let cells = [
                    time(rec.time),
                    rec.user.clone(),
                    rec.role.clone(),
                    crate::domain::pmo::Masked(&rec.student_id).to_string(),
                    rec.student.clone(),
                    rec.record_type.clone(),
                    rec.document.clone(),
                    rec.action.label().to_owned(),
                ];
                writeln!(out, "    {}: {}", rec.row, safe(&join(&cells)))?;
            }
        }
    }
    Ok(())
}

/// Cells of a preview row, the empty ones shown as `–` so columns stay apart.
fn join(cells: &[String]) -> String {
    cells
        .iter()
        .map(|c| if c.is_empty() { "–" } else { c.as_str() })
        .collect::<Vec<_>>()
        .join(" | ")
}
