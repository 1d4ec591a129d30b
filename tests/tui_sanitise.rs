//! Text from imported files never reaches the terminal as control sequences:
//! ESC, OSC, C1 controls and bidi overrides are drawn as visible symbols.

mod support;

use chrono::NaiveDateTime;
use loggvakt::audit::Entry;
use loggvakt::domain::{ClockNote, Direction, EventKind};
use loggvakt::i18n::Lang;
use loggvakt::store::catalog::ReaderSummary;
use loggvakt::store::passages::PassageRow;
use loggvakt::text::is_hazard;
use loggvakt::tui::action::{Action, Tab};
use loggvakt::tui::app::{App, Labels};
use loggvakt::tui::pane::passages::Focus;
use loggvakt::tui::theme::Theme;
use loggvakt::tui::worker::{Fill, Response};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[a-zA-ZåäöÅÄÖ 0-9]{0,6}",
            Just("\u{1b}]0;pwned\u{7}".to_owned()),
            Just("\u{1b}[2J\u{1b}[31m".to_owned()),
            Just("\u{9b}1m".to_owned()),
            Just("\r\n\t\u{8}\u{7f}".to_owned()),
            Just("\u{202e}\u{2066}\u{200f}\u{61c}".to_owned()),
            "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}]{1,3}",
        ],
        0..6,
    )
    .prop_map(|parts| parts.concat())
}

fn row(id: i64, s: &str) -> PassageRow {
    PassageRow {
        id,
        time: NaiveDateTime::parse_from_str("2026-10-14 07:52:13", "%Y-%m-%d %H:%M:%S").unwrap(),
        utc_offset: 7200,
        system: s.into(),
        reader_code: s.into(),
        reader_name: s.into(),
        person: s.into(),
        employee_id: s.into(),
        card: s.into(),
        kind: EventKind::Forced,
        event_text: s.into(),
        direction: Direction::In,
        clock: ClockNote::FirstPass,
        source_file: s.into(),
        source_row: 7,
    }
}

fn app_with(s: &str, w: u16, h: u16) -> App {
    let labels = Labels {
        db: s.into(),
        user: s.into(),
        banner: Some(s.into()),
        ..Labels::default()
    };
    let mut app = App::new(Lang::Sv, Theme::color(), labels, support::now());
    app.resize(w, h);
    let _ = app.start();
    app.on_response(Response::Readers(vec![ReaderSummary {
        id: 1,
        system: s.into(),
        code: s.into(),
        name: s.into(),
        site: s.into(),
        passages: 2,
        first: None,
        last: None,
    }]));
    app.on_response(Response::Page {
        generation: app.passages.generation,
        fill: Fill::First,
        rows: vec![row(1, s), row(2, s)],
        elapsed: Default::default(),
    });
    app.on_response(Response::Audit(vec![Entry {
        seq: 1,
        at: s.into(),
        uid: 1000,
        os_user: s.into(),
        sudo_user: s.into(),
        action: s.into(),
        subject: s.into(),
        details: s.into(),
        prev_hash: s.into(),
        hash: s.into(),
    }]));
    app
}

fn assert_clean(app: &App) {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| loggvakt::tui::ui::draw(f, app)).unwrap();
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(is_hazard),
            "hazard {:?} reached a cell",
            cell.symbol()
        );
    }
}

/// Every screen that shows stored text: table, filters, detail, record, audit.
fn every_screen(s: &str) {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = app_with(s, w, h);
        assert_clean(&app);
        app.passages.focus = Focus::Filters;
        assert_clean(&app);
        app.passages.focus = Focus::Table;
        let _ = app.handle(Action::Enter);
        assert_clean(&app);
        let _ = app.handle(Action::Back);
        let _ = app.handle(Action::GoTab(Tab::Audit));
        assert_clean(&app);
        let _ = app.handle(Action::Enter);
        assert_clean(&app);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn control_sequences_in_stored_text_never_reach_a_cell(s in hostile()) {
        every_screen(&s);
    }
}

#[test]
fn an_osc_title_sequence_in_an_export_is_shown_harmlessly() {
    every_screen("Åsa\u{1b}]0;pwned\u{7} Lindqvist\u{202e}");
}

#[test]
fn imported_hostile_names_are_drawn_without_controls() {
    let mut h = support::Harness::new(0, Lang::Sv);
    let csv = h.dir.path().join("evil.csv");
    std::fs::write(
        &csv,
        "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr;Avdelning\n\
         2026-10-14;07:52:13;L-042;Läkemedelsrum\u{1b}[31m Avd 42;Passage godkänd;0003401128;\"Lindqvist,\u{1b}]0;x\u{7} Åsa\";10234;Avd 42\n",
    )
    .unwrap();
    support::import(&mut h.store, &csv);
    let fx = h
        .app
        .on_response(Response::ImportDone(Ok("evil.csv".into())));
    h.run(fx);
    assert_eq!(h.app.passages.table.count, Some(1));
    assert_clean(&h.app);
    let _ = h.app.handle(Action::Enter);
    assert_clean(&h.app);
}
