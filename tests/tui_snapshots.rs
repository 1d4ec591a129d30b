//! Whole screens of the terminal UI at 80×24 and 120×40, drawn on a
//! `TestBackend` from a store filled by the real import.

mod support;

use loggvakt::i18n::Lang;
use loggvakt::tui::action::{Action, Tab};
use ratatui::crossterm::event::KeyCode;
use support::Harness;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, h: &Harness) {
    let t = h.render();
    insta::assert_snapshot!(
        format!("{name}_{}x{}", h.app.size.0, h.app.size.1),
        t.backend()
    );
}

#[test]
fn passages_tab_shows_table_detail_and_the_monitoring_notice() {
    for (w, hgt) in SIZES {
        let mut h = Harness::new(60, Lang::Sv);
        h.resize(w, hgt);
        snap("passages", &h);
    }
}

#[test]
fn passages_tab_with_filters_focused_and_a_reader_ticked() {
    for (w, hgt) in SIZES {
        let mut h = Harness::new(60, Lang::Sv);
        h.resize(w, hgt);
        h.act(Action::FocusFilters);
        // From → To → presets → person → reader search → first reader.
        for _ in 0..5 {
            h.key(KeyCode::Down);
        }
        h.act(Action::Toggle);
        snap("passages_filtered", &h);
    }
}

#[test]
fn requests_tab_explains_what_will_appear() {
    for (w, hgt) in SIZES {
        let mut h = Harness::new(60, Lang::Sv);
        h.resize(w, hgt);
        h.act(Action::GoTab(Tab::Requests));
        snap("requests", &h);
    }
}

#[test]
fn pmo_tab_explains_how_to_import_the_month() {
    for (w, hgt) in SIZES {
        let mut h = Harness::new(60, Lang::Sv);
        h.resize(w, hgt);
        h.act(Action::GoTab(Tab::Pmo));
        snap("pmo", &h);
    }
}

#[test]
fn audit_tab_lists_the_import_and_the_search_newest_first() {
    for (w, hgt) in SIZES {
        let mut h = Harness::new(60, Lang::Sv);
        h.resize(w, hgt);
        h.act(Action::GoTab(Tab::Audit));
        snap("audit", &h);
    }
}

#[test]
fn help_overlay_lists_the_keys_of_the_focused_pane() {
    for (w, hgt) in SIZES {
        let mut h = Harness::new(60, Lang::Sv);
        h.resize(w, hgt);
        h.act(Action::Help);
        snap("help_passages", &h);
    }
}

#[test]
fn english_passages_screen() {
    let mut h = Harness::new(60, Lang::En);
    h.resize(120, 40);
    snap("passages_en", &h);
}

#[test]
fn empty_database_says_how_to_import() {
    for (w, hgt) in SIZES {
        let mut h = Harness::new(0, Lang::Sv);
        h.resize(w, hgt);
        snap("empty", &h);
    }
}

#[test]
fn a_too_small_window_asks_to_be_enlarged() {
    let mut h = Harness::new(10, Lang::Sv);
    h.resize(50, 12);
    snap("too_small", &h);
}

#[test]
fn the_purpose_is_asked_for_before_a_person_search_and_shown_in_the_status_bar() {
    for (w, hgt) in SIZES {
        let mut h = Harness::new(60, Lang::Sv);
        h.resize(w, hgt);
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
        h.act(Action::FocusFilters);
        // From → To → presets → person.
        for _ in 0..3 {
            h.key(KeyCode::Down);
        }
        h.ch('Å');
        h.key(KeyCode::Down);
        snap("purpose_prompt", &h);
        h.key(KeyCode::Enter);
        h.key(KeyCode::Esc);
        snap("purpose_status", &h);
    }
}
