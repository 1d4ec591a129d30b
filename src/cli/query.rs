//! `loggvakt query`: passages across all systems, in time order.

use super::Ctx;
use super::output::{Format, Table, csv_row, csv_writer, json_text, terminal_width};
use crate::domain::{EventKind, TimeSpec, parse_time_spec};
use crate::i18n::{Msg, event_kind};
use crate::store::passages::{self, PassageFilter, PassageRow};
use anyhow::{Context, Result};
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
}

impl QueryArgs {
    pub fn filter(&self) -> Result<PassageFilter> {
        let time = |flag, s: &Option<String>, end| {
            s.as_deref().map(|s| time_arg(flag, s, end)).transpose()
        };
        let filter = PassageFilter {
            readers: self.reader.clone(),
            persons: self.person.clone(),
            cards: self.card.clone(),
            from: time("--from", &self.from, TimeSpec::From)?,
            to: time("--to", &self.to, TimeSpec::To)?,
            kinds: self.event.clone(),
            systems: self.system.clone(),
        };
        if let (Some(f), Some(t)) = (filter.from, filter.to) {
            anyhow::ensure!(f <= t, "--from {f} is after --to {t}; swap them");
        }
        Ok(filter)
    }
}

/// A `--from` or `--to` value: a time, a date (the whole day for `--to`), or
/// `today`, `yesterday`, `-24h`, `-7d` counted from now.
pub fn time_arg(flag: &str, value: &str, end: TimeSpec) -> Result<chrono::NaiveDateTime> {
    parse_time_spec(value, chrono::Local::now().naive_local(), end)
        .map_err(anyhow::Error::msg)
        .context(flag.to_owned())
}

pub fn run(ctx: &Ctx, args: QueryArgs) -> Result<()> {
    let filter = args.filter()?;
    let mut store = ctx.open()?;
    let resolved = passages::resolve(store.conn(), &filter)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let n = match args.format {
        Format::Json => {
            out.write_all(b"[")?;
            let mut first = true;
            let n = passages::for_each(store.conn(), &filter, &resolved, args.limit, |row| {
                out.write_all(if first { b"\n  " } else { b",\n  " })?;
                first = false;
                let text = json_text(&json_of(&row), false).map_err(std::io::Error::other)?;
                out.write_all(text.as_bytes())
            })?;
            out.write_all(if n == 0 { b"]\n" } else { b"\n]\n" })?;
            n
        }
        Format::Csv => {
            let mut w = csv_writer(&mut out);
            csv_row(&mut w, &headers(ctx).map(str::to_owned))?;
            let n = passages::for_each(store.conn(), &filter, &resolved, args.limit, |row| {
                csv_row(&mut w, &cells(ctx, &row))
            })?;
            w.flush()?;
            n
        }
        Format::Table => {
            let mut table = Table::new(headers(ctx));
            passages::for_each(store.conn(), &filter, &resolved, args.limit, |row| {
                table.push(cells(ctx, &row));
                Ok(())
            })?;
            if table.rows.is_empty() {
                eprintln!("{}", ctx.t(Msg::NoPassages));
            } else {
                table.print(&mut out, terminal_width())?;
            }
            table.rows.len()
        }
    };
    out.flush()?;
    ctx.audit(
        &mut store,
        "query",
        "",
        &serde_json::json!({
            "readers": filter.readers,
            "persons": filter.persons,
            "cards": filter.cards,
            "from": filter.from.map(|t| t.to_string()),
            "to": filter.to.map(|t| t.to_string()),
            "events": filter.kinds,
            "systems": filter.systems,
            "rows": n,
        }),
    )?;
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

/// The JSON object of DESIGN.md §5 for one passage.
pub fn json_of(row: &PassageRow) -> serde_json::Value {
    serde_json::json!({
        "time": row.time.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "system": row.system,
        "reader": if row.reader_name.is_empty() { &row.reader_code } else { &row.reader_name },
        "reader_code": row.reader_code,
        "person": row.person,
        "card": row.card,
        "employee_id": row.employee_id,
        "event": row.kind.as_str(),
        "event_text": row.event_text,
        "direction": row.direction.as_str(),
        "clock": row.clock.json(),
        "source": format!("{}:{}", row.source_file, row.source_row),
    })
}
