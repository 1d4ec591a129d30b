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
use crate::config::Config;
use crate::i18n::{Lang, Msg};
use crate::ops::{OpError, Purpose};
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
    Persons(PersonsArgs),
    /// List the import profiles (built-in and the user's own)
    Profiles,
    /// The tool's own audit trail
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Monthly review of PMO "Logg elevåtkomst": list, mark, escalate, sign off, export
    #[command(subcommand)]
    Review(review::ReviewCommand),
    /// Remove what is past its retention: Kom & Gå stamps, PMO periods, decided requests
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
pub struct PersonsArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub purpose: PurposeArgs,
}

#[derive(Debug, Args)]
pub struct FormatArg {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The purpose of a look at personal data, as the command line gives it.
#[derive(Debug, Args, Clone, Default)]
pub struct PurposeArgs {
    /// The request the search serves (R-YYYY-NNNN; it must exist)
    #[arg(long, value_name = "R-YYYY-NNNN")]
    pub case: Option<crate::domain::request::RequestId>,
    /// The incident the search serves, in a few words ("Larm Avd 42 natten 14/10")
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

impl PurposeArgs {
    pub fn purpose(&self) -> Result<Option<Purpose>> {
        Ok(Purpose::from_args(self.case, self.reason.as_deref())?)
    }
}

/// What every subcommand needs: language, who is acting, where the database is,
/// what the config file says.
pub struct Ctx {
    pub lang: Lang,
    pub actor: Actor,
    pub db: Option<PathBuf>,
    pub sharing: Sharing,
    pub config: Config,
}

impl Ctx {
    pub fn db_path(&self) -> Result<PathBuf> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => store::default_path()
                .with_context(|| crate::i18n::ops::Store::NoHome.text(self.lang).to_owned()),
        }
    }

    pub fn open(&self) -> Result<Store> {
        let path = self.db_path()?;
        let mut store = Store::open(&path, self.sharing)?;
        let (lang, shown) = (self.lang, path.display().to_string());
        store.on_wait(move |patience| {
            eprintln!(
                "{}",
                crate::i18n::fill(
                    crate::i18n::ops::Store::Waiting.text(lang),
                    &[&Ctx::safe(&shown), &patience.as_secs().max(1)]
                )
            );
        });
        Ok(store)
    }

    pub fn t(&self, m: Msg) -> &'static str {
        m.text(self.lang)
    }

    /// Prints user-given or stored text safely on a terminal.
    pub fn safe(s: &str) -> String {
        crate::text::for_terminal(s).into_owned()
    }
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
        config: Config::load()?,
    };
    match cli.command {
        None => {
            let path = ctx.db_path()?;
            crate::tui::run(
                &path,
                ctx.sharing,
                ctx.lang,
                ctx.actor.clone(),
                ctx.config.clone(),
                None,
            )
        }
        Some(Command::Import(args)) => import::run(&ctx, args),
        Some(Command::Query(args)) => query::run(&ctx, args),
        Some(Command::Counts(args)) => counts::run(&ctx, args),
        Some(Command::Request(cmd)) => request::run(&ctx, cmd),
        Some(Command::Readers(f)) => catalog::readers(&ctx, f.format),
        Some(Command::Persons(a)) => catalog::persons(&ctx, a.format, &a.purpose),
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

/// What a failed command says and how it exits: an operation's refusal in the
/// user's language, each cause once, exit 2 for a usage error, 0 for a closed pipe
/// (`loggvakt query | head`).
pub fn failure(e: &anyhow::Error, lang: Lang) -> (Option<String>, u8) {
    if e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    }) {
        return (None, 0);
    }
    let mut parts: Vec<String> = Vec::new();
    let mut code = 1;
    for c in e.chain() {
        let text = if let Some(op) = c.downcast_ref::<OpError>() {
            if op.is_usage() {
                code = 2;
            }
            op.text(lang)
        } else if let Some(st) = c.downcast_ref::<store::StoreError>() {
            crate::ops::store_text(st, lang)
        } else {
            c.to_string()
        };
        // A cause whose text the message already carries is not said again.
        if !parts.iter().any(|p| p.contains(text.as_str())) {
            parts.push(text);
        }
        if c.downcast_ref::<OpError>().is_some() || c.downcast_ref::<store::StoreError>().is_some()
        {
            break;
        }
    }
    (
        Some(crate::text::for_terminal(&parts.join(": ")).into_owned()),
        code,
    )
}
