//! `loggvakt doctor`: checks the store against itself and says in plain words
//! what disagrees; `--repair` rebuilds it.

use super::Ctx;
use crate::i18n::doctor::DoctorMsg;
use crate::i18n::fill;
use crate::store::doctor::Derived;
use anyhow::Result;
use clap::Args;

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Rebuild every derived table that disagrees with the passages (audited)
    #[arg(long)]
    pub repair: bool,
}

pub fn run(ctx: &Ctx, args: DoctorArgs) -> Result<()> {
    let mut store = ctx.open()?;
    let report = crate::ops::doctor::run(&mut store, &ctx.actor, args.repair)?;
    let t = |m: DoctorMsg| m.text(ctx.lang);
    if report.integrity.is_empty() {
        println!("{}", t(DoctorMsg::IntegrityOk));
    } else {
        for line in &report.integrity {
            println!(
                "{}",
                fill(
                    t(DoctorMsg::IntegrityBad),
                    &[&crate::text::for_terminal(line)]
                )
            );
        }
    }
    for table in Derived::ALL {
        let name = t(DoctorMsg::of(table));
        match report.disagreements.iter().find(|d| d.table == table) {
            None => println!("{}", fill(t(DoctorMsg::Agrees), &[&name])),
            Some(d) => {
                println!(
                    "{}",
                    fill(
                        t(DoctorMsg::Disagrees),
                        &[&name, &d.missing, &d.extra, &d.differing]
                    )
                );
                if report.rebuilt.contains(&table) {
                    println!("{}", fill(t(DoctorMsg::Rebuilt), &[&name]));
                }
            }
        }
    }
    if !report.integrity.is_empty() {
        anyhow::bail!("{}", t(DoctorMsg::IntegrityAdvice));
    }
    if !report.sound() {
        anyhow::bail!("{}", t(DoctorMsg::RepairAdvice));
    }
    Ok(())
}
