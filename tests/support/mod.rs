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

    /// Carries out effects until none are left, like the event loop would.
    pub fn run(&mut self, fx: Vec<Effect>) {
        let mut queue: std::collections::VecDeque<Effect> = fx.into();
        let mut steps = 0;
        while let Some(e) = queue.pop_front() {
            steps += 1;
            assert!(steps < 1000, "effects do not settle");
            if let Effect::Request(req) = e {
                let resp = self.worker.execute(&mut self.store, &actor(), req);
                let resp = self.stable(resp);
                queue.extend(self.app.on_response(resp));
            }
        }
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
                    e.at = format!("2026-11-02T08:{:02}:00+01:00", e.seq % 60);
                    e.details = e.details.replace(&tmp, "/home/anna");
                    e.hash = format!("{:064x}", e.seq);
                    e.prev_hash = format!("{:064x}", e.seq - 1);
                }
                Response::Audit(entries)
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
