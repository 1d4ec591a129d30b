//! The command line: argument definitions and one module per subcommand. Each
//! prints data on stdout and one actionable sentence on stderr when it fails.

mod audit;
mod catalog;
mod counts;
mod demo;
mod doctor;
mod import;
pub mod output;
mod query;
mod request;
mod retention;
mod review;

use crate::audit::Actor;
use crate::i18n::{Lang, Msg};
use crate::store::{self, Sharing, Store};
use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use output::Format;
use std::path::PathBuf;

const AFTER_HELP: &str = "Every use of loggvakt is recorded in its own audit trail (who, when, what was \
searched, shown or exported). / All användning av loggvakt loggas i verktygets egen granskningslogg.";

#[derive(Debug, Parser)]
#[command(
    name = "loggvakt",
    version,
    about = "Follow up access logs that hold personal data: door passages from SSM, Salto and Unison, Kom & Gå stamps, PMO access logs.",
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// The database file (default: $XDG_DATA_HOME/loggvakt/loggvakt.db)
    #[arg(long, global = true, env = "LOGGVAKT_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Language of the output (default: from the locale)
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Let the owner's group read and write the database (a shared jump host)
    #[arg(long, global = true)]
    pub shared_group: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import exports (CSV/TXT, XLSX, XLS, ODS) from SSM, Salto, Unison and others
    Import(import::ImportArgs),
    /// Search passages across all systems
    Query(query::QueryArgs),
    /// Passages per reader and day, from the counts every import keeps
    Counts(counts::CountsArgs),
    /// Written requests for passage data: scope, events, decision, export
    #[command(subcommand)]
    Request(request::RequestCommand),
    /// List known readers with their number of passages and first/last seen
    Readers(FormatArg),
    /// List known people with their cards and first/last seen
    Persons(FormatArg),
    /// List the import profiles (built-in and the user's own)
    Profiles,
    /// The tool's own audit trail
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Monthly review of PMO "Logg elevåtkomst": list, mark, escalate, sign off, export
    #[command(subcommand)]
    Review(review::ReviewCommand),
    /// Remove PMO review periods past their retention (default 10 years after the period)
    Purge(retention::PurgeArgs),
    /// Check the database against itself: SQLite's integrity check and every
    /// table derived from the passages; --repair rebuilds what disagrees
    Doctor(doctor::DoctorArgs),
    /// Load the sample data into a fresh temporary database and show what to ask it
    Demo,
    /// Print shell completions
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct FormatArg {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// What every subcommand needs: language, who is acting, where the database is.
pub struct Ctx {
    pub lang: Lang,
    pub actor: Actor,
    pub db: Option<PathBuf>,
    pub sharing: Sharing,
}

impl Ctx {
    pub fn db_path(&self) -> Result<PathBuf> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => store::default_path()
                .context("cannot find a home for the database: set --db PATH or LOGGVAKT_DB"),
        }
    }

    pub fn open(&self) -> Result<Store> {
        let path = self.db_path()?;
        Ok(Store::open(&path, self.sharing)?)
    }

    pub fn t(&self, m: Msg) -> &'static str {
        m.text(self.lang)
    }

    /// Writes one entry to the audit trail in its own transaction (a search,
    /// a listing, a view of identity numbers).
    pub fn audit(
        &self,
        store: &mut Store,
        action: &str,
        subject: &str,
        details: &serde_json::Value,
    ) -> Result<()> {
        store.write_with(|tx| store::audit::append(tx, &self.actor, action, subject, details))?;
        Ok(())
    }
}

/// The user's profile directory: `$XDG_CONFIG_HOME/loggvakt/profiles`.
pub fn profile_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("loggvakt").join("profiles"))
}

/// The PMO retention in years: the config file's, else 10.
pub fn retention_years() -> Result<u32> {
    retention::pmo_years()
}

pub fn load_profiles() -> Result<crate::import::profile::Profiles> {
    crate::import::profile::Profiles::load(profile_dir().as_deref()).map_err(anyhow::Error::msg)
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let sharing = Sharing {
        group: cli.shared_group,
    };
    // Every file the tool writes (database, WAL, exports, temporary files) is private.
    // SAFETY: umask only changes this process's file-creation mask.
    unsafe {
        libc::umask(sharing.umask() as libc::mode_t);
    }
    let ctx = Ctx {
        lang: cli.lang.unwrap_or_else(Lang::from_env),
        actor: Actor::current(),
        db: cli.db,
        sharing,
    };
    match cli.command {
        None => {
            let path = ctx.db_path()?;
            crate::tui::run(&path, ctx.sharing, ctx.lang, ctx.actor.clone(), None)
        }
        Some(Command::Import(args)) => import::run(&ctx, args),
        Some(Command::Query(args)) => query::run(&ctx, args),
        Some(Command::Counts(args)) => counts::run(&ctx, args),
        Some(Command::Request(cmd)) => request::run(&ctx, cmd),
        Some(Command::Readers(f)) => catalog::readers(&ctx, f.format),
        Some(Command::Persons(f)) => catalog::persons(&ctx, f.format),
        Some(Command::Profiles) => catalog::profiles(&ctx),
        Some(Command::Audit(cmd)) => audit::run(&ctx, cmd),
        Some(Command::Review(cmd)) => review::run(&ctx, cmd),
        Some(Command::Purge(args)) => retention::run(&ctx, args),
        Some(Command::Doctor(args)) => doctor::run(&ctx, args),
        Some(Command::Demo) => demo::run(&ctx),
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "loggvakt",
                &mut std::io::stdout(),
            );
            Ok(())
        }
    }
}

/// Formats an optional time for tables.
pub fn fmt_time(t: Option<chrono::NaiveDateTime>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_default()
}
