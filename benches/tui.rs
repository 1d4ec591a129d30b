//! The terminal UI against a large database, without a terminal: time to first
//! frame, keystroke-to-frame while paging (store round trip plus rendering on a
//! TestBackend), and the process's peak memory. Figures are medians and p99.
//!
//! cargo bench --bench tui                       # 1M passages
//! cargo bench --bench tui -- --db PATH          # an existing database
//! cargo bench --bench tui -- --large            # the 11M-row database `scale -- --large` left

use loggvakt::audit::Actor;
use loggvakt::i18n::Lang;
use loggvakt::store::{Sharing, Store};
use loggvakt::tui::app::{App, Effect, Labels};
use loggvakt::tui::theme::Theme;
use loggvakt::tui::worker::{self, Request};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Carries out the app's requests in line. Counts and the reader list run on their
/// own worker in the real UI and never hold up a frame, so they are set aside
/// here and timed separately.
fn run(
    worker: &mut worker::Worker,
    app: &mut App,
    store: &mut Store,
    actor: &Actor,
    fx: Vec<Effect>,
    deferred: &mut Vec<Request>,
) {
    let mut queue: VecDeque<Effect> = fx.into();
    while let Some(e) = queue.pop_front() {
        if let Effect::Request(req) = e {
            match req {
                Request::Count { .. }
                | Request::Requests
                | Request::PmoPeriods
                | Request::RequestEvents { .. }
                | Request::Readers
                | Request::Audit { .. } => deferred.push(req),
                req => {
                    let resp = worker.execute(store, actor, req);
                    queue.extend(app.on_response(resp));
                }
            }
        }
    }
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let mut db: Option<PathBuf> = None;
    let mut rows: u64 = 1_000_000;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--db" => db = it.next().map(PathBuf::from),
            "--large" => {
                let large = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("scale-bench/large.db");
                assert!(
                    large.exists(),
                    "{} is made by: cargo bench --bench scale -- --large",
                    large.display()
                );
                db = Some(large);
            }
            "--rows" => rows = it.next().and_then(|v| v.parse().ok()).expect("--rows N"),
            _ => {}
        }
    }
    let actor = Actor::current();
    let db = db.unwrap_or_else(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tui-bench");
        std::fs::create_dir_all(&dir).expect("bench dir");
        let db = dir.join(format!("tui_{rows}.db"));
        if !db.exists() {
            let csv = dir.join(format!("passages_{rows}.csv"));
            loggvakt::synth::write_bulk_passages_csv(&csv, rows, 1).expect("generate");
            let mut store = Store::open(&db, Sharing::default()).expect("open");
            let profiles = loggvakt::import::profile::Profiles::builtin();
            loggvakt::ops::import::import_file(
                &mut store,
                &profiles,
                &actor,
                &csv,
                &Default::default(),
                &mut |_| {},
            )
            .expect("import");
            std::fs::remove_file(&csv).ok();
        }
        db
    });

    // First frame: open the store, build the app, fetch the first page, draw.
    let started = Instant::now();
    let mut store = Store::open(&db, Sharing::default()).expect("open");
    let labels = Labels {
        db: db.display().to_string(),
        user: actor.label(),
        banner: None,
        ..Labels::default()
    };
    let mut app = App::new(
        Lang::Sv,
        Theme::mono(),
        labels,
        chrono::Local::now().naive_local(),
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut deferred = Vec::new();
    app.resize(80, 24);
    let fx = app.start();
    let mut worker = worker::Worker::new(Lang::En, loggvakt::config::Policy::default());
    run(&mut worker, &mut app, &mut store, &actor, fx, &mut deferred);
    terminal
        .draw(|f| loggvakt::tui::ui::draw(f, &app))
        .expect("draw");
    let first_frame = started.elapsed();

    // The work the real UI does on its second worker meanwhile.
    let side = Instant::now();
    for req in deferred.drain(..) {
        let resp = worker.execute(&mut store, &actor, req);
        let fx = app.on_response(resp);
        run(
            &mut worker,
            &mut app,
            &mut store,
            &actor,
            fx,
            &mut Vec::new(),
        );
    }
    let side_work = side.elapsed();
    terminal
        .draw(|f| loggvakt::tui::ui::draw(f, &app))
        .expect("draw");

    // Keystrokes: page down through a stretch of the table, then line by line back up.
    let mut latencies = Vec::new();
    let keys = std::iter::repeat_n(KeyCode::PageDown, 2000)
        .chain(std::iter::repeat_n(KeyCode::Up, 500))
        .chain(std::iter::once(KeyCode::End))
        .chain(std::iter::repeat_n(KeyCode::PageUp, 500))
        .chain(std::iter::once(KeyCode::Home));
    for code in keys {
        let t = Instant::now();
        let fx = app.on_key(KeyEvent::new(code, KeyModifiers::NONE));
        run(&mut worker, &mut app, &mut store, &actor, fx, &mut deferred);
        terminal
            .draw(|f| loggvakt::tui::ui::draw(f, &app))
            .expect("draw");
        latencies.push(t.elapsed());
        deferred.clear();
    }
    latencies.sort();
    println!(
        "\n| TUI figure ({} passages) | value |",
        app.passages.table.count.unwrap_or(0)
    );
    println!("|---|---:|");
    println!(
        "| time to first frame (open, first page, draw 80×24) | {:.1} ms |",
        first_frame.as_secs_f64() * 1e3
    );
    println!(
        "| count and reader list on the side worker | {:.1} ms |",
        side_work.as_secs_f64() * 1e3
    );
    println!(
        "| keystroke to frame, median ({} keys) | {:.3} ms |",
        latencies.len(),
        percentile(&latencies, 0.5).as_secs_f64() * 1e3
    );
    println!(
        "| keystroke to frame, p99 | {:.3} ms |",
        percentile(&latencies, 0.99).as_secs_f64() * 1e3
    );
    println!(
        "| keystroke to frame, max | {:.3} ms |",
        latencies.last().expect("keys").as_secs_f64() * 1e3
    );
    println!(
        "| peak RSS of the process | {} MiB |",
        peak_rss_kib() / 1024
    );
}
