//! `loggvakt query`: passages across all systems, in time order.

use super::Ctx;
use super::output::{Format, Table, csv_row, csv_writer, json_text, terminal_width};
use crate::domain::EventKind;
use crate::i18n::{Msg, event_kind};
use crate::ops::search::{self, Query};
use crate::store::passages::{PassageFilter, PassageRow};
use anyhow::Result;
use clap::Args;
use std::io::{BufWriter, Write};

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// Reader code or door name, any part of it, any case (repeatable)
    #[arg(long)]
    pub reader: Vec<String>,
    /// Person: name in either order, employee id or card number (repeatable)
    #[arg(long)]
    pub person: Vec<String>,
    /// Card number (leading zeros optional)
    #[arg(long)]
    pub card: Vec<String>,
    /// From this time, inclusive: 2026-10-14, "2026-10-14 07:00", today, -24h, -7d
    #[arg(long, allow_hyphen_values = true)]
    pub from: Option<String>,
    /// To this time, inclusive; a date alone means the whole day
    #[arg(long, allow_hyphen_values = true)]
    pub to: Option<String>,
    /// Event kind: granted, denied, forced, held_open, exit_request, alarm, other (repeatable)
    #[arg(long)]
    pub event: Vec<EventKind>,
    /// Only passages from this system (repeatable)
    #[arg(long)]
    pub system: Vec<String>,
    /// At most this many rows (0 = all)
    #[arg(long, default_value_t = 0)]
    pub limit: usize,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub purpose: super::PurposeArgs,
}

impl QueryArgs {
    pub fn query(&self) -> Result<Query> {
        let now = chrono::Local::now().naive_local();
        let (from, to) = search::window(self.from.as_deref(), self.to.as_deref(), now)?;
        Ok(Query::of(PassageFilter {
            readers: self.reader.clone(),
            persons: self.person.clone(),
            cards: self.card.clone(),
            from,
            to,
            kinds: self.event.clone(),
            systems: self.system.clone(),
        }))
    }
}

pub fn run(ctx: &Ctx, args: QueryArgs) -> Result<()> {
    let query = args.query()?;
    let purpose = args.purpose.purpose()?;
    let store = ctx.open()?;
    // Counted and audited first: not a byte is printed before the entry is written.
    let found = search::query(
        &store,
        &ctx.actor,
        purpose.as_ref(),
        ctx.config.policy,
        query,
        args.limit,
    )?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            out.write_all(b"[")?;
            let mut first = true;
            let n = found.each(|row| {
                out.write_all(if first { b"\n  " } else { b",\n  " })?;
                first = false;
                let text =
                    json_text(&search::json_of(&row), false).map_err(std::io::Error::other)?;
                out.write_all(text.as_bytes())
            })?;
            out.write_all(if n == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        Format::Csv => {
            let mut w = csv_writer(&mut out);
            csv_row(&mut w, &headers(ctx).map(str::to_owned))?;
            found.each(|row| csv_row(&mut w, &cells(ctx, &row)))?;
            w.flush()?;
        }
        Format::Table => {
            let mut table = Table::new(headers(ctx));
            found.each(|row| {
                table.push(cells(ctx, &row));
                Ok(())
            })?;
            if table.rows.is_empty() {
                eprintln!("{}", ctx.t(Msg::NoPassages));
            } else {
                table.print(&mut out, terminal_width())?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn headers(ctx: &Ctx) -> [&'static str; 9] {
    [
        ctx.t(Msg::Time),
        ctx.t(Msg::System),
        ctx.t(Msg::Reader),
        ctx.t(Msg::Person),
        ctx.t(Msg::Card),
        ctx.t(Msg::Event),
        ctx.t(Msg::EventText),
        ctx.t(Msg::Direction),
        ctx.t(Msg::Source),
    ]
}

fn cells(ctx: &Ctx, row: &PassageRow) -> Vec<String> {
    let time = crate::domain::clock::show(row.time, row.clock);
    let person = match (row.person.is_empty(), row.employee_id.is_empty()) {
        (false, false) => format!("{} ({})", row.person, row.employee_id),
        _ => row.person.clone(),
    };
    vec![
        time,
        row.system.clone(),
        row.reader_label(),
        person,
        row.card.clone(),
        event_kind(row.kind, ctx.lang).to_owned(),
        row.event_text.clone(),
        row.direction.as_str().to_owned(),
        format!("{}:{}", row.source_file, row.source_row),
    ]
}
