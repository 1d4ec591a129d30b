//! The terminal UI: tabs for requests, passages, PMO review and the audit
//! trail over the same store the CLI uses. Each pane keeps its state, keys and
//! drawing; the app routes between them; workers do what must not block.

pub mod action;
pub mod app;
pub mod overlay;
pub mod pane;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod ui;
pub mod widget;
pub mod words;
pub mod worker;

use crate::audit::Actor;
use crate::i18n::Lang;
use crate::store::{Sharing, Store};
use anyhow::Context;
use app::{App, Effect, Labels};
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::crossterm::{execute, terminal as ct};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;
use worker::{Request, Response};

/// Opens the terminal UI on the database at `db_path` until the user quits.
/// `banner` is shown in the header (e.g. that this is a demo database).
pub fn run(
    db_path: &Path,
    sharing: Sharing,
    lang: Lang,
    actor: Actor,
    config: crate::config::Config,
    banner: Option<String>,
) -> anyhow::Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the screen needs a terminal; in scripts use `loggvakt query` or `loggvakt audit list`"
        );
    }
    // Fail on a missing or unsafe database before the screen is taken over.
    drop(Store::open(db_path, sharing)?);
    let (resp_tx, resp_rx) = mpsc::channel::<Response>();
    let new_worker = || worker::Worker::new(lang, config.policy);
    let (pages, pages_thread) = worker::spawn(
        db_path,
        sharing,
        actor.clone(),
        new_worker(),
        resp_tx.clone(),
    )?;
    let (counts, _counts_thread) = worker::spawn(
        db_path,
        sharing,
        actor.clone(),
        new_worker(),
        resp_tx.clone(),
    )?;

    let labels = Labels {
        db: db_path.display().to_string(),
        user: actor.label(),
        banner,
        exports: state::exports_dir(db_path, &config),
        last_tab: state::last_tab(db_path),
    };
    let now = || chrono::Local::now().naive_local();
    let mut app = App::new(lang, theme::Theme::from_env(), labels, now());
    app.passages.purpose_always = config.policy.purpose_for_every_search;
    let mut guard = terminal::TerminalGuard::enter()?;
    let size = guard.terminal.size()?;
    app.resize(size.width, size.height);

    let mut import: Option<(Arc<AtomicBool>, std::thread::JoinHandle<()>)> = None;
    let mut effects = app.start();
    let mut dirty = true;
    let result: anyhow::Result<()> = (|| {
        loop {
            for fx in effects.drain(..) {
                match fx {
                    // Counts and the checks of a form as it is typed never wait for pages.
                    Effect::Request(req @ (Request::Count { .. } | Request::CheckScope { .. })) => {
                        let _ = counts.send(req);
                    }
                    Effect::Request(req) => {
                        let _ = pages.send(req);
                    }
                    Effect::Import(path, choice) => {
                        let cancel = Arc::new(AtomicBool::new(false));
                        let handle = worker::spawn_import(
                            db_path.to_owned(),
                            sharing,
                            actor.clone(),
                            worker::ImportJob {
                                file: path,
                                choice,
                                lang,
                            },
                            cancel.clone(),
                            resp_tx.clone(),
                        )?;
                        import = Some((cancel, handle));
                    }
                    Effect::CancelImport => {
                        if let Some((cancel, _)) = &import {
                            cancel.store(true, Ordering::Relaxed);
                        }
                    }
                    Effect::Quit => {}
                }
            }
            if app.quitting {
                return Ok(());
            }
            if dirty {
                execute!(std::io::stdout(), ct::BeginSynchronizedUpdate)?;
                guard.terminal.draw(|f| ui::draw(f, &app))?;
                execute!(std::io::stdout(), ct::EndSynchronizedUpdate)?;
                dirty = false;
            }
            let busy = app.busy() || import.is_some();
            let timeout = Duration::from_millis(if busy { 30 } else { 250 });
            if event::poll(timeout)? {
                match event::read()? {
                    Event::Key(k) if k.kind != KeyEventKind::Release => {
                        app.now = now();
                        effects.extend(app.on_key(k));
                        dirty = true;
                    }
                    Event::Resize(w, h) => {
                        effects.extend(app.resize(w, h));
                        dirty = true;
                    }
                    _ => {}
                }
            }
            for resp in resp_rx.try_iter() {
                if matches!(resp, Response::ImportDone(_))
                    && let Some((_, handle)) = import.take()
                {
                    let _ = handle.join();
                }
                effects.extend(app.on_response(resp));
                dirty = true;
            }
        }
    })();
    drop(guard);
    state::remember(db_path, app.tab);
    if let Some((cancel, handle)) = import.take() {
        cancel.store(true, Ordering::Relaxed);
        let _ = handle.join();
    }
    drop(pages);
    drop(counts);
    pages_thread
        .join()
        .map_err(|_| anyhow::anyhow!("the query worker stopped unexpectedly"))?;
    result.context("terminal")
}
