//! `loggvakt audit list | verify [--head HASH] | head | who PERSON`.

use super::Ctx;
use super::output::{Format, Table, json_text, terminal_width};
use crate::i18n::ops::Trail;
use crate::i18n::{Msg, fill};
use crate::ops::audit as ops;
use anyhow::Result;
use clap::Subcommand;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Show the trail, newest first
    List {
        /// At most this many entries (0 = all)
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Check that no entry was changed, removed, reordered or inserted, and that the
    /// trail still holds the head noted outside it
    Verify {
        /// A head hash noted earlier: the trail must still contain it
        #[arg(long)]
        head: Option<String>,
    },
    /// Print the current head hash, to note down or send elsewhere
    Head,
    /// Every entry that concerned a person: named in a search or present in its results
    Who {
        /// The whole name in either order, an employee id or a card number
        person: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

fn user(e: &crate::audit::Entry) -> String {
    if e.sudo_user.is_empty() {
        e.os_user.clone()
    } else {
        format!("{} (sudo: {})", e.os_user, e.sudo_user)
    }
}

pub fn run(ctx: &Ctx, cmd: AuditCommand) -> Result<()> {
    let store = ctx.open()?;
    let mut out = std::io::stdout().lock();
    match cmd {
        AuditCommand::List { limit, format } => {
            let entries = ops::list(&store, limit)?;
            match format {
                Format::Json => writeln!(out, "{}", json_text(&entries, true)?)?,
                _ => {
                    let mut t = Table::new([
                        ctx.t(Msg::Seq),
                        ctx.t(Msg::Time),
                        ctx.t(Msg::User),
                        ctx.t(Msg::Action),
                        ctx.t(Msg::Subject),
                        ctx.t(Msg::Details),
                    ]);
                    for e in &entries {
                        t.push(vec![
                            e.seq.to_string(),
                            e.at.clone(),
                            user(e),
                            crate::i18n::audit_action(&e.action, ctx.lang),
                            e.subject.clone(),
                            e.details.clone(),
                        ]);
                    }
                    t.print(&mut out, terminal_width())?;
                }
            }
        }
        AuditCommand::Verify { head } => {
            let v = ops::verify(&store, head.as_deref())?;
            writeln!(
                out,
                "{}",
                fill(Trail::Intact.text(ctx.lang), &[&v.entries, &v.head])
            )?;
            match &v.noted {
                Some(n) => writeln!(
                    out,
                    "{}",
                    fill(
                        Trail::HeadMatches.text(ctx.lang),
                        &[&v.head_file, &n.seq, &n.at]
                    )
                )?,
                None if v.entries > 0 => writeln!(
                    out,
                    "{}",
                    fill(Trail::NoHeadFile.text(ctx.lang), &[&v.head_file])
                )?,
                None => {}
            }
        }
        AuditCommand::Head => writeln!(out, "{}", ops::head(&store)?)?,
        AuditCommand::Who { person, format } => {
            let who = ops::who(&store, &ctx.actor, &person)?;
            match format {
                Format::Json => {
                    let items: Vec<serde_json::Value> = who
                        .entries
                        .iter()
                        .map(|c| {
                            serde_json::json!({
                                "seq": c.entry.seq,
                                "at": c.entry.at,
                                "os_user": c.entry.os_user,
                                "sudo_user": c.entry.sudo_user,
                                "action": c.entry.action,
                                "subject": c.entry.subject,
                                "purpose": ops::purpose_of(&c.entry),
                                "how": c.how,
                                "details": serde_json::from_str::<serde_json::Value>(&c.entry.details).unwrap_or_default(),
                            })
                        })
                        .collect();
                    writeln!(
                        out,
                        "{}",
                        json_text(
                            &serde_json::json!({ "persons": who.persons, "entries": items }),
                            true
                        )?
                    )?;
                }
                _ => {
                    if who.entries.is_empty() {
                        writeln!(
                            out,
                            "{}",
                            fill(
                                Trail::NothingFound.text(ctx.lang),
                                &[&Ctx::safe(&who.persons.join(", "))]
                            )
                        )?;
                        return Ok(());
                    }
                    let mut t = Table::new([
                        ctx.t(Msg::Seq).to_owned(),
                        ctx.t(Msg::Time).to_owned(),
                        ctx.t(Msg::User).to_owned(),
                        ctx.t(Msg::Action).to_owned(),
                        Trail::Purpose.text(ctx.lang).to_owned(),
                        Trail::How.text(ctx.lang).to_owned(),
                    ]);
                    for c in &who.entries {
                        let how = c
                            .how
                            .iter()
                            .map(|h| match h.as_str() {
                                "named" => Trail::Named.text(ctx.lang),
                                _ => Trail::InResults.text(ctx.lang),
                            })
                            .collect::<Vec<_>>()
                            .join(", ");
                        t.push(vec![
                            c.entry.seq.to_string(),
                            c.entry.at.clone(),
                            user(&c.entry),
                            crate::i18n::audit_action(&c.entry.action, ctx.lang),
                            ops::purpose_of(&c.entry),
                            how,
                        ]);
                    }
                    writeln!(out, "{}", Ctx::safe(&who.persons.join(", ")))?;
                    t.print(&mut out, terminal_width())?;
                }
            }
        }
    }
    Ok(())
}
