//! `loggvakt demo`: the synthetic sample data in a fresh temporary database,
//! opened in the terminal UI (or summarised when there is no terminal).

use super::Ctx;
use crate::ops::import::{Options, import_file};
use anyhow::{Context, Result};
use std::io::IsTerminal;

/// The sample exports, carried in the binary so the demo works from anywhere.
const SAMPLES: &[(&str, &[u8])] = &[
    (
        "salto_audit_trail_202610.csv",
        include_bytes!("../../sample-data/salto_audit_trail_202610.csv"),
    ),
    (
        "unison_event_report_202610.xlsx",
        include_bytes!("../../sample-data/unison_event_report_202610.xlsx"),
    ),
    (
        "ssm_passager_202610.txt",
        include_bytes!("../../sample-data/ssm_passager_202610.txt"),
    ),
    (
        "komgo_stamplingar_202610.csv",
        include_bytes!("../../sample-data/komgo_stamplingar_202610.csv"),
    ),
    (
        "pmo_logg_elevatkomst_202610.xlsx",
        include_bytes!("../../sample-data/pmo_logg_elevatkomst_202610.xlsx"),
    ),
];

/// The unit manager's written request that the sample passages answer.
const REQUEST_BASIS: &str = "begaran_R-underlag.txt";
const REQUEST_LETTER: &[u8] = include_bytes!("../../sample-data/begaran_R-underlag.txt");

/// Registers the sample request as the security unit would from the letter:
/// one person, the medicine room and staff entrances, October 1–28.
fn register_sample_request(store: &mut crate::store::Store, ctx: &Ctx) -> Result<String> {
    use crate::domain::request::{Reason, Scope, Window};
    let at = |s: &str| {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("valid constant time")
    };
    let new = crate::store::requests::NewRequest {
        requester: "Karin Nyström".into(),
        unit: "Avd 42 Medicin".into(),
        reason: Reason::Theft,
        text: "Misstänkt stöld ur Läkemedelsrum Avd 42 (MedControl PRO MC-2026-004711)".into(),
        scope: Scope {
            persons: vec!["100234".into()],
            readers: vec!["Läkemedelsrum Avd 42".into(), "Personalingång".into()],
            windows: vec![Window {
                from: at("2026-10-01 00:00:00"),
                to: at("2026-10-28 23:59:59"),
            }],
        },
    };
    let year = chrono::Datelike::year(&chrono::Local::now());
    let files = [(REQUEST_BASIS.to_owned(), REQUEST_LETTER.to_vec())];
    let reference = crate::ops::request::new(store, &ctx.actor, &new, year, &files)?;
    Ok(reference.to_string())
}

pub fn run(ctx: &Ctx) -> Result<()> {
    let dir = tempfile::Builder::new()
        .prefix("loggvakt-demo-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let db = dir.path().join("demo.db");
    let mut store = crate::store::Store::open(&db, ctx.sharing)?;
    let profiles = crate::import::profile::Profiles::builtin();
    let mut loaded = Vec::new();
    for (name, bytes) in SAMPLES {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        match import_file(
            &mut store,
            &profiles,
            &ctx.actor,
            &path,
            &Options::default(),
            &mut |_| {},
        ) {
            Ok(r) => loaded.push(format!("{name}: {} ({} rows)", r.system, r.imported)),
            // A kind this build cannot import yet is left out of the demo, not fatal.
            Err(e) => eprintln!(
                "loggvakt demo: left out {name}: {}",
                crate::text::for_terminal(&e.to_string())
            ),
        }
        std::fs::remove_file(&path).ok();
    }
    match register_sample_request(&mut store, ctx) {
        Ok(reference) => loaded.push(format!(
            "{REQUEST_BASIS}: request {reference} with the letter attached"
        )),
        Err(e) => eprintln!("loggvakt demo: no sample request: {e}"),
    }
    drop(store);
    let banner = match ctx.lang {
        crate::i18n::Lang::Sv => {
            "DEMO: tillfällig databas med syntetiska exempeldata; raderas när du avslutar"
        }
        crate::i18n::Lang::En => {
            "DEMO: temporary database with synthetic sample data; deleted when you quit"
        }
    };
    if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        return crate::tui::run(
            &db,
            ctx.sharing,
            ctx.lang,
            ctx.actor.clone(),
            ctx.config.clone(),
            Some(banner.to_owned()),
        );
    }
    println!("{banner}");
    for line in &loaded {
        println!("  {line}");
    }
    println!(
        "\nThe screen needs a terminal. To explore the same data from the command line:\n\
         \n  loggvakt import sample-data/salto_audit_trail_202610.csv sample-data/unison_event_report_202610.xlsx sample-data/ssm_passager_202610.txt\
         \n  loggvakt query --reader läkemedelsrum --person \"Lindqvist, Åsa\" --from 2026-10-01 --to 2026-10-31\
         \n  loggvakt query --event denied --event forced --from 2026-10-15 --to 2026-10-22\
         \n  loggvakt request new --requester \"Karin Nyström\" --unit \"Avd 42 Medicin\" --reason theft --text \"Misstänkt stöld\" \\\n      --person 100234 --reader \"Läkemedelsrum Avd 42\" --from 2026-10-01 --to 2026-10-28 --attach sample-data/begaran_R-underlag.txt\
         \n  loggvakt import sample-data/pmo_logg_elevatkomst_202610.xlsx\n  loggvakt review list --period 2026-10 --flagged         \n  loggvakt readers\n  loggvakt audit verify"
    );
    Ok(())
}
