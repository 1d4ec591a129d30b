//! `loggvakt counts`: passages per reader and day over a period, from the daily
//! counts every import keeps, so a month of a hospital's doors is one seek.

use super::Ctx;
use super::output::{Format, Table, csv_row, csv_writer, json_text, terminal_width};
use super::query::time_arg;
use crate::domain::TimeSpec;
use crate::i18n::Msg;
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
}

pub fn run(ctx: &Ctx, args: CountsArgs) -> Result<()> {
    let from = time_arg("--from", &args.from, TimeSpec::From)?.date();
    let to = match &args.to {
        Some(s) => time_arg("--to", s, TimeSpec::To)?.date(),
        None => from,
    };
    anyhow::ensure!(from <= to, "--from {from} is after --to {to}; swap them");
    let mut store = ctx.open()?;
    let readers = if args.reader.is_empty() {
        None
    } else {
        Some(catalog::match_readers(store.conn(), &args.reader)?)
    };
    let counts = catalog::day_counts(store.conn(), readers.as_deref(), from, to)?;
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
    ctx.audit(
        &mut store,
        "counts",
        "",
        &serde_json::json!({
            "readers": args.reader,
            "from": from.to_string(),
            "to": to.to_string(),
            "rows": counts.len(),
            "passages": counts.iter().map(|c| c.passages).sum::<u64>(),
        }),
    )?;
    Ok(())
}
