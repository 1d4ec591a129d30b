//! Whole screens of the terminal UI at 80×24 and 120×40, in Swedish and in
//! English, drawn on a `TestBackend` from a store filled by the real import:
//! every pane and overlay of the passages and audit tabs, the empty tabs and the
//! too-small window. The requests and PMO tabs have theirs beside their tests.

mod support;

use loggvakt::i18n::Lang;
use loggvakt::tui::action::{Action, Tab};
use loggvakt::tui::overlay::{Importing, Overlay};
use loggvakt::tui::pane::filter::{Field, Row};
use ratatui::crossterm::event::KeyCode;
use support::Harness;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGS: [Lang; 2] = [Lang::Sv, Lang::En];

/// Runs `f` on a fresh harness of `n` passages for every size and language,
/// with a name suffix for the snapshots.
fn each(n: usize, f: impl Fn(&mut Harness, &str)) {
    for lang in LANGS {
        for (w, hgt) in SIZES {
            let mut h = Harness::new(n, lang);
            h.resize(w, hgt);
            f(&mut h, &format!("{lang}_{w}x{hgt}"));
        }
    }
}

fn filters_at(h: &mut Harness, row: Row) {
    h.act(Action::FocusFilters);
    h.app.passages.filter.go_to(row);
    h.draw();
}

#[test]
fn passages_tab_shows_table_detail_and_the_monitoring_notice() {
    each(60, |h, s| h.snap(&format!("passages_{s}")));
}

#[test]
fn passages_tab_with_filters_focused_and_a_reader_ticked() {
    each(60, |h, s| {
        filters_at(h, Row::Reader(0));
        h.act(Action::Toggle);
        h.snap(&format!("passages_filtered_{s}"));
    });
}

#[test]
fn an_invalid_time_keeps_the_last_result_and_shows_the_whole_error() {
    each(60, |h, s| {
        filters_at(h, Row::Input(Field::From));
        h.typed("2026-10-01 06.00");
        assert_eq!(h.app.passages.table.count, Some(60));
        // Every keystroke from here leaves the time unreadable.
        h.typed(" kl 25");
        assert!(h.app.passages.error.is_some());
        assert_eq!(h.app.passages.table.count, Some(60));
        h.snap(&format!("passages_invalid_time_{s}"));
    });
}

#[test]
fn the_medicine_rooms_one_night() {
    each(400, |h, s| {
        filters_at(h, Row::Input(Field::From));
        h.typed("1/10 22.00");
        h.key(KeyCode::Tab);
        h.typed("06.00");
        h.key(KeyCode::Tab);
        h.key(KeyCode::Tab);
        h.key(KeyCode::Tab);
        h.typed("läkemedelsrum");
        h.snap(&format!("passages_night_filters_{s}"));
        h.key(KeyCode::Enter);
        h.snap(&format!("passages_night_{s}"));
    });
}

#[test]
fn a_passage_opened_whole() {
    each(60, |h, s| {
        h.key(KeyCode::Down);
        h.key(KeyCode::Enter);
        h.snap(&format!("passage_record_{s}"));
    });
}

#[test]
fn the_search_prompt_marks_matches_as_typed() {
    each(60, |h, s| {
        h.ch('/');
        h.typed("nekad");
        h.snap(&format!("search_prompt_{s}"));
    });
}

#[test]
fn help_overlay_lists_the_keys_of_the_focused_pane() {
    each(60, |h, s| {
        h.act(Action::Help);
        h.snap(&format!("help_passages_{s}"));
    });
}

#[test]
fn the_import_prompt_completes_paths_and_the_import_shows_progress() {
    each(0, |h, s| {
        let dir = h.dir.path().to_owned();
        std::fs::write(dir.join("salto okt.csv"), "").unwrap();
        std::fs::write(dir.join("salto nov.csv"), "").unwrap();
        h.ch('i');
        h.typed(&format!("{}/sa", dir.display()));
        h.key(KeyCode::Tab);
        h.snap(&format!("import_prompt_{s}"));
        h.key(KeyCode::Esc);
        h.app.overlays.push(Overlay::Importing(Importing {
            file: "/home/anna/Hämtade filer/salto okt.csv".into(),
            progress: 0.4,
            cancelling: false,
            queued: 2,
        }));
        h.snap(&format!("importing_{s}"));
    });
}

#[test]
fn requests_tab_explains_what_will_appear() {
    each(60, |h, s| {
        h.act(Action::GoTab(Tab::Requests));
        h.snap(&format!("requests_empty_{s}"));
    });
}

#[test]
fn pmo_tab_explains_how_to_import_the_month() {
    each(60, |h, s| {
        h.act(Action::GoTab(Tab::Pmo));
        h.snap(&format!("pmo_empty_{s}"));
    });
}

#[test]
fn audit_tab_lists_the_import_and_the_search_newest_first_in_words() {
    each(60, |h, s| {
        h.act(Action::GoTab(Tab::Audit));
        h.snap(&format!("audit_{s}"));
        // The search, below the lists the screen showed at the start.
        let at = h
            .app
            .audit
            .entries
            .iter()
            .position(|e| e.action == "query")
            .expect("the first view is a search");
        for _ in 0..at {
            h.key(KeyCode::Down);
        }
        h.key(KeyCode::Enter);
        h.snap(&format!("audit_record_{s}"));
    });
}

#[test]
fn audit_tab_answers_who_looked_at_a_person_and_esc_shows_the_whole_trail() {
    each(60, |h, s| {
        h.act(Action::GoTab(Tab::Audit));
        let whole = h.app.audit.entries.len();
        h.ch('w');
        h.typed("Åsa Lindqvist");
        h.snap(&format!("audit_who_prompt_{s}"));
        h.key(KeyCode::Enter);
        h.snap(&format!("audit_who_{s}"));
        let who = h.app.audit.who.as_ref().expect("the person's entries");
        assert_eq!(who.persons, ["Åsa Lindqvist (10234)"]);
        // The screen's first search held her passages in its results.
        assert!(
            h.app.audit.entries.iter().any(|e| e.action == "query"),
            "{:?}",
            h.app.audit.entries
        );
        assert!(h.app.audit.entries.len() < whole);
        h.key(KeyCode::Enter);
        h.snap(&format!("audit_who_record_{s}"));
        h.key(KeyCode::Esc);
        h.key(KeyCode::Esc);
        assert!(h.app.audit.who.is_none());
        // The question itself is the newest entry of the whole trail.
        assert_eq!(h.app.audit.entries[0].action, "audit_who");
    });
}

#[test]
fn empty_database_says_how_to_import() {
    each(0, |h, s| h.snap(&format!("empty_{s}")));
}

#[test]
fn a_too_small_window_asks_to_be_enlarged() {
    for lang in LANGS {
        let mut h = Harness::new(10, lang);
        h.resize(50, 12);
        h.snap(&format!("too_small_{lang}_50x12"));
    }
}

#[test]
fn the_purpose_is_asked_for_before_a_person_search_and_shown_in_the_status_bar() {
    each(60, |h, s| {
        let new = loggvakt::store::requests::NewRequest {
            requester: "Karin Nyström".into(),
            unit: "Avd 42 Medicin".into(),
            reason: loggvakt::domain::request::Reason::Theft,
            text: "Misstänkt stöld".into(),
            scope: loggvakt::domain::request::Scope {
                persons: vec!["10234".into()],
                readers: vec![],
                windows: vec![loggvakt::domain::request::Window {
                    from: support::now() - chrono::Duration::days(40),
                    to: support::now(),
                }],
            },
        };
        loggvakt::ops::request::new(&mut h.store, &support::actor(), &new, 2026, &[]).unwrap();
        filters_at(h, Row::Input(Field::Person));
        h.ch('Å');
        h.key(KeyCode::Down);
        h.snap(&format!("purpose_prompt_{s}"));
        h.key(KeyCode::Enter);
        h.key(KeyCode::Esc);
        h.snap(&format!("purpose_status_{s}"));
    });
}
