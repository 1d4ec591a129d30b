//! `loggvakt counts`: passages per reader and day over a period, from the daily
//! counts every import keeps, so a month of a hospital's doors is one seek.

use super::Ctx;
use super::output::{Format, Table, csv_row, csv_writer, json_text, terminal_width};
use crate::domain::TimeSpec;
use crate::i18n::Msg;
use crate::ops::search;
use crate::store::catalog;
use anyhow::Result;
use clap::Args;
use std::io::{BufWriter, Write};

#[derive(Debug, Args)]
pub struct CountsArgs {
    /// Reader code or door name, any part of it, any case (repeatable; default all)
    #[arg(long)]
    pub reader: Vec<String>,
    /// First day: 2026-10-01, today, -30d
    #[arg(long, allow_hyphen_values = true)]
    pub from: String,
    /// Last day, inclusive (default: the day of --from)
    #[arg(long, allow_hyphen_values = true)]
    pub to: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub purpose: super::PurposeArgs,
}

pub fn run(ctx: &Ctx, args: CountsArgs) -> Result<()> {
    let now = chrono::Local::now().naive_local();
    let from = search::time("--from", &args.from, TimeSpec::From, now)?.date();
    let to = match &args.to {
        Some(s) => search::time("--to", s, TimeSpec::To, now)?.date(),
        None => from,
    };
    let store = ctx.open()?;
    let purpose = args.purpose.purpose()?;
    let counts = search::counts(
        &store,
        &ctx.actor,
        purpose.as_ref(),
        ctx.config.policy,
        &args.reader,
        from,
        to,
    )?
    .days;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let headers = [
        ctx.t(Msg::Day),
        ctx.t(Msg::System),
        ctx.t(Msg::Reader),
        ctx.t(Msg::Code),
        ctx.t(Msg::Passages),
        ctx.t(Msg::Exits),
    ];
    let cells = |c: &catalog::DayCount| {
        vec![
            c.day.to_string(),
            c.system.clone(),
            c.name.clone(),
            c.code.clone(),
            c.passages.to_string(),
            c.exits.to_string(),
        ]
    };
    match args.format {
        Format::Json => {
            out.write_all(b"[")?;
            for (i, c) in counts.iter().enumerate() {
                out.write_all(if i == 0 { b"\n  " } else { b",\n  " })?;
                let row = serde_json::json!({
                    "day": c.day.to_string(),
                    "system": c.system,
                    "reader": if c.name.is_empty() { &c.code } else { &c.name },
                    "reader_code": c.code,
                    "passages": c.passages,
                    "exits": c.exits,
                });
                out.write_all(json_text(&row, false)?.as_bytes())?;
            }
            out.write_all(if counts.is_empty() { b"]\n" } else { b"\n]\n" })?;
        }
        Format::Csv => {
            let mut w = csv_writer(&mut out);
            csv_row(&mut w, &headers.map(str::to_owned))?;
            for c in &counts {
                csv_row(&mut w, &cells(c))?;
            }
            w.flush()?;
        }
        Format::Table => {
            if counts.is_empty() {
                eprintln!("{}", ctx.t(Msg::NoPassages));
            } else {
                let mut table = Table::new(headers);
                for c in &counts {
                    table.push(cells(c));
                }
                table.print(&mut out, terminal_width())?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
