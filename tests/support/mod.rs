//! A passage store filled through the real import, and an `App` driven
//! against it without a terminal or threads: effects are carried out in line.
#![allow(dead_code)]

use chrono::NaiveDateTime;
use loggvakt::audit::Actor;
use loggvakt::i18n::Lang;
use loggvakt::ops::import;
use loggvakt::store::{Sharing, Store};
use loggvakt::tui::app::{App, Effect, Labels};
use loggvakt::tui::theme::Theme;
use loggvakt::tui::worker::{self, Response};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const READERS: [(&str, &str); 5] = [
    ("L-042", "Läkemedelsrum Avd 42"),
    ("E-001", "Huvudentré"),
    ("K-310", "Kulvert Syd"),
    ("A-017", "Akutmottagningen"),
    ("L-043", "Läkemedelsrum Avd 43"),
];

pub const PEOPLE: [(&str, &str, &str, &str); 4] = [
    ("Lindqvist, Åsa", "10234", "0003401128", "Avd 42"),
    ("Öberg, Per", "10877", "0003409911", "Akuten"),
    ("Nyström, Märta", "11020", "0003412250", "Avd 43"),
    ("Håkansson, Jörgen", "10555", "0003400017", "Röntgen"),
];

pub const EVENTS: [&str; 5] = [
    "Passage godkänd",
    "Passage godkänd",
    "Nekad: ogiltig tid",
    "Dörr öppen för länge",
    "Utpassage knapp",
];

/// An SSM-style export of `n` passages, one every 7 minutes from 1 Oct 2026.
pub fn ssm_csv(n: usize) -> String {
    let mut out =
        String::from("Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr;Avdelning\n");
    let start = NaiveDateTime::parse_from_str("2026-10-01 06:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
    for i in 0..n {
        let t = start + chrono::Duration::minutes(7 * i as i64);
        let (code, door) = READERS[(i * 7 + i / 3) % READERS.len()];
        let (name, emp, card, dept) = PEOPLE[(i * 3 + i / 5) % PEOPLE.len()];
        let ev = EVENTS[(i * 11) % EVENTS.len()];
        out.push_str(&format!(
            "{};{};{code};{door};{ev};{card};{name};{emp};{dept}\n",
            t.format("%Y-%m-%d"),
            t.format("%H:%M:%S")
        ));
    }
    out
}

pub fn actor() -> Actor {
    Actor {
        uid: 1000,
        user: "anna".into(),
        sudo_user: String::new(),
    }
}

pub fn now() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-11-02 09:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
}

pub struct Harness {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub store: Store,
    pub app: App,
    /// The worker the app's requests go to, as the event loop would send them.
    pub worker: worker::Worker,
}

impl Harness {
    /// A store holding `n` imported passages (none when `n` is 0).
    pub fn new(n: usize, lang: Lang) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("loggvakt.db");
        let mut store = Store::open(&db, Sharing::default()).unwrap();
        if n > 0 {
            let csv = dir.path().join("SSM_passager.csv");
            std::fs::write(&csv, ssm_csv(n)).unwrap();
            import(&mut store, &csv);
        }
        let labels = Labels {
            db: "~/.local/share/loggvakt/loggvakt.db".into(),
            user: "anna".into(),
            banner: None,
            exports: dir.path().join("exports"),
            last_tab: None,
        };
        let app = App::new(lang, Theme::mono(), labels, now());
        let mut h = Harness {
            dir,
            db,
            store,
            app,
            worker: worker::Worker::new(lang, loggvakt::config::Policy::default()),
        };
        h.app.resize(80, 24);
        let fx = h.app.start();
        h.run(fx);
        h
    }

    /// Opens the screen afresh on the same store, as a new start of the program
    /// would, remembering `last_tab`.
    pub fn restart(&mut self, last_tab: Option<loggvakt::tui::action::Tab>) {
        let mut labels = self.app.labels.clone();
        labels.last_tab = last_tab;
        self.app = App::new(self.app.lang, Theme::mono(), labels, now());
        self.app.resize(80, 24);
        let fx = self.app.start();
        self.run(fx);
    }

    /// Draws the screen, as the event loop does after every key and answer:
    /// the panes learn from it how many rows they show.
    pub fn draw(&self) {
        let _ = render(&self.app);
    }

    /// Carries out effects until none are left, like the event loop would.
    pub fn run(&mut self, fx: Vec<Effect>) {
        let mut queue: std::collections::VecDeque<Effect> = fx.into();
        let mut steps = 0;
        while let Some(e) = queue.pop_front() {
            steps += 1;
            assert!(steps < 1000, "effects do not settle");
            match e {
                Effect::Request(req) => {
                    let resp = self.worker.execute(&mut self.store, &actor(), req);
                    let resp = self.stable(resp);
                    queue.extend(self.app.on_response(resp));
                }
                // The import the event loop runs on its own thread, here in line.
                Effect::Import(path, choice) => {
                    let result = worker::import_one(
                        &mut self.store,
                        &actor(),
                        &path,
                        choice,
                        None,
                        self.app.lang,
                        &mut |_| {},
                    );
                    queue.extend(self.app.on_response(Response::ImportDone(result)));
                }
                _ => {}
            }
        }
        self.draw();
    }

    /// The details of the searches and reveals in the audit trail, oldest first.
    pub fn recorded(&self) -> Vec<serde_json::Value> {
        let mut all = loggvakt::store::audit::all(self.store.trail()).unwrap();
        all.retain(|e| e.action == "query" || e.action == "review_reveal");
        all.iter()
            .map(|e| serde_json::from_str(&e.details).unwrap())
            .collect()
    }

    /// Takes the clock out of answers so screens are the same on every run.
    fn stable(&self, resp: Response) -> Response {
        let tmp = self.dir.path().display().to_string();
        match resp {
            Response::Page {
                generation,
                fill,
                rows,
                ..
            } => Response::Page {
                generation,
                fill,
                rows,
                elapsed: Duration::from_millis(3),
            },
            Response::Count {
                generation, count, ..
            } => Response::Count {
                generation,
                count,
                elapsed: Duration::from_millis(3),
            },
            Response::Audit(mut entries) => {
                for e in &mut entries {
                    stable_entry(e, &tmp);
                }
                Response::Audit(entries)
            }
            Response::AuditWho(Ok(mut who)) => {
                for c in &mut who.entries {
                    stable_entry(&mut c.entry, &tmp);
                }
                Response::AuditWho(Ok(who))
            }
            other => other,
        }
    }

    /// Gives the searches that follow an incident note as their purpose.
    pub fn purpose(&mut self, reason: &str) {
        let p = loggvakt::ops::Purpose::reason(reason).unwrap();
        self.run(vec![Effect::Request(
            loggvakt::tui::worker::Request::SetPurpose(Some(p)),
        )]);
    }

    pub fn key(&mut self, code: ratatui::crossterm::event::KeyCode) {
        let fx = self.app.on_key(ratatui::crossterm::event::KeyEvent::new(
            code,
            ratatui::crossterm::event::KeyModifiers::NONE,
        ));
        self.run(fx);
    }

    pub fn ch(&mut self, c: char) {
        self.key(ratatui::crossterm::event::KeyCode::Char(c));
    }

    pub fn typed(&mut self, s: &str) {
        for c in s.chars() {
            self.ch(c);
        }
    }

    pub fn act(&mut self, a: loggvakt::tui::action::Action) {
        let fx = self.app.handle(a);
        self.run(fx);
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        let fx = self.app.resize(w, h);
        self.run(fx);
    }

    /// The screen at the app's size.
    pub fn render(&self) -> Terminal<TestBackend> {
        render(&self.app)
    }
}

/// An entry as a snapshot shows it: its time, hashes and temporary paths fixed.
fn stable_entry(e: &mut loggvakt::audit::Entry, tmp: &str) {
    e.at = format!("2026-11-02T08:{:02}:00+01:00", e.seq % 60);
    e.details = e.details.replace(tmp, "/home/anna");
    e.hash = format!("{:064x}", e.seq);
    e.prev_hash = format!("{:064x}", e.seq - 1);
}

pub fn import(store: &mut Store, csv: &Path) {
    let profiles = loggvakt::ops::catalog::profiles().unwrap();
    import::import_file(
        store,
        &profiles,
        &actor(),
        csv,
        &import::Options::default(),
        &mut |_| {},
    )
    .unwrap();
}

/// The screen's text with the frame's lines and padding left out: wrapped and
/// framed text reads as one run of words.
pub fn words_on(t: &Terminal<TestBackend>) -> String {
    let text = screen_text(t);
    let mut out = String::new();
    for c in text.chars() {
        let c = if "│┃┌┐└┘┏┓┗┛─━▸•".contains(c) {
            ' '
        } else {
            c
        };
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

pub fn render(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| loggvakt::tui::ui::draw(f, app)).unwrap();
    t
}

/// The screen's text, one string per row.
pub fn screen_text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

impl Harness {
    /// The screen as a snapshot, the test's temporary directory written as a
    /// fixed placeholder of the same width so the layout is unchanged.
    pub fn snap(&self, name: &str) {
        let dir = self.dir.path().display().to_string();
        let mut fake = String::from("/tmp/test");
        while fake.chars().count() < dir.chars().count() {
            fake.push('_');
        }
        let text = format!("{}", self.render().backend()).replace(&dir, &fake);
        let text = without_hashes(&text);
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"));
        let name = format!("{}__{name}", env!("CARGO_CRATE_NAME"));
        settings.bind(|| insta::assert_snapshot!(name, text));
    }
}

/// Runs of 64 hex digits (SHA-256 of files written with the time in them)
/// replaced by a placeholder of the same width.
pub fn without_hashes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        if run == 64 {
            out.push_str(&format!("{:<64}", "[sha-256]"));
            i += 64;
        } else {
            let n = run.max(1);
            out.extend(&chars[i..i + n]);
            i += n;
        }
    }
    out
}
