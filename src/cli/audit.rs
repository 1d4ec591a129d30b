//! `loggvakt audit list | verify [--head HASH] | head`.

use super::Ctx;
use super::output::{Format, Table, json_text, terminal_width};
use crate::i18n::Msg;
use anyhow::Result;
use clap::Subcommand;

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
    /// Check that no entry was changed, removed, reordered or inserted
    Verify {
        /// A head hash noted earlier: the trail must still contain it
        #[arg(long)]
        head: Option<String>,
    },
    /// Print the current head hash, to note down or send elsewhere
    Head,
}

pub fn run(ctx: &Ctx, cmd: AuditCommand) -> Result<()> {
    let store = ctx.open()?;
    match cmd {
        AuditCommand::List { limit, format } => {
            let entries = crate::store::audit::newest(store.conn(), limit)?;
            match format {
                Format::Json => println!("{}", json_text(&entries, true)?),
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
                        let user = if e.sudo_user.is_empty() {
                            e.os_user.clone()
                        } else {
                            format!("{} (sudo: {})", e.os_user, e.sudo_user)
                        };
                        t.push(vec![
                            e.seq.to_string(),
                            e.at.clone(),
                            user,
                            e.action.clone(),
                            e.subject.clone(),
                            e.details.clone(),
                        ]);
                    }
                    t.print(&mut std::io::stdout().lock(), terminal_width())?;
                }
            }
        }
        AuditCommand::Verify { head } => {
            let entries = crate::store::audit::all(store.conn())?;
            match crate::audit::verify(&entries, head.as_deref()) {
                Ok(n) => println!(
                    "audit trail intact: {n} entries, head {}",
                    crate::store::audit::head(store.conn())?
                ),
                Err(broken) => anyhow::bail!("audit trail broken: {broken}"),
            }
        }
        AuditCommand::Head => println!("{}", crate::store::audit::head(store.conn())?),
    }
    Ok(())
}
