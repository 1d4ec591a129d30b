//! `loggvakt readers`, `loggvakt persons` and `loggvakt profiles`.

use super::output::{Format, Table, csv_row, csv_writer, json_text, terminal_width};
use super::{Ctx, fmt_time};
use crate::i18n::Msg;
use crate::ops::catalog as ops;
use anyhow::Result;
use std::io::Write;

fn emit(format: Format, table: Table, json: Vec<serde_json::Value>) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Table => table.print(&mut out, terminal_width())?,
        Format::Csv => {
            let mut w = csv_writer(&mut out);
            csv_row(&mut w, &table.headers)?;
            for row in &table.rows {
                csv_row(&mut w, row)?;
            }
            w.flush()?;
        }
        Format::Json => {
            writeln!(out, "{}", json_text(&json, true)?)?;
        }
    }
    Ok(())
}

pub fn readers(ctx: &Ctx, format: Format) -> Result<()> {
    let store = ctx.open()?;
    let (list, _) = ops::readers(&store, &ctx.actor)?;
    let mut table = Table::new([
        ctx.t(Msg::Reader),
        ctx.t(Msg::Code),
        ctx.t(Msg::System),
        ctx.t(Msg::Site),
        ctx.t(Msg::Passages),
        ctx.t(Msg::FirstSeen),
        ctx.t(Msg::LastSeen),
    ]);
    let mut json = Vec::new();
    for r in &list {
        table.push(vec![
            r.name.clone(),
            r.code.clone(),
            r.system.clone(),
            r.site.clone(),
            r.passages.to_string(),
            fmt_time(r.first),
            fmt_time(r.last),
        ]);
        json.push(serde_json::json!({
            "name": r.name, "code": r.code, "system": r.system, "site": r.site, "passages": r.passages,
            "first": r.first.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
            "last": r.last.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
        }));
    }
    emit(format, table, json)
}

pub fn persons(ctx: &Ctx, format: Format, purpose: &super::PurposeArgs) -> Result<()> {
    let store = ctx.open()?;
    let purpose = purpose.purpose()?;
    let (list, _) = ops::persons(&store, &ctx.actor, purpose.as_ref(), ctx.config.policy)?;
    let mut table = Table::new([
        ctx.t(Msg::Name),
        ctx.t(Msg::EmployeeId),
        ctx.t(Msg::Department),
        ctx.t(Msg::Cards),
        ctx.t(Msg::Passages),
        ctx.t(Msg::FirstSeen),
        ctx.t(Msg::LastSeen),
    ]);
    let mut json = Vec::new();
    for p in &list {
        table.push(vec![
            p.name.clone(),
            p.employee_id.clone(),
            p.department.clone(),
            p.cards.join(", "),
            p.passages.to_string(),
            fmt_time(p.first),
            fmt_time(p.last),
        ]);
        json.push(serde_json::json!({
            "name": p.name, "employee_id": p.employee_id, "department": p.department, "cards": p.cards,
            "systems": p.systems, "passages": p.passages,
            "first": p.first.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
            "last": p.last.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
        }));
    }
    emit(format, table, json)
}

pub fn profiles(ctx: &Ctx) -> Result<()> {
    use crate::i18n::ops::CatalogText as C;
    let profiles = ops::profiles().map_err(anyhow::Error::msg)?;
    let mut table =
        Table::new([C::Profile, C::Kind, C::Description, C::Source].map(|h| h.text(ctx.lang)));
    for p in &profiles.all {
        table.push(vec![
            p.name.clone(),
            format!("{:?}", p.kind).to_lowercase(),
            p.title.clone(),
            p.origin.as_ref().map_or_else(
                || C::BuiltIn.text(ctx.lang).to_owned(),
                |o| o.display().to_string(),
            ),
        ]);
    }
    table.print(&mut std::io::stdout().lock(), terminal_width())?;
    if let Some(dir) = crate::config::profile_dir() {
        println!(
            "\n{}",
            crate::i18n::fill(C::OwnProfiles.text(ctx.lang), &[&dir.display()])
        );
    }
    Ok(())
}
