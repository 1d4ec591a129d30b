//! The Requests tab: requests newest first, the selected one's passages inside
//! its scope with deviations, and the audit entry that viewing them leaves.

mod support;

use chrono::NaiveDateTime;
use loggvakt::domain::request::{Reason, Scope, Window};
use loggvakt::i18n::Lang;
use loggvakt::store::requests::{self, NewRequest};
use loggvakt::tui::action::{Action, Tab};
use ratatui::crossterm::event::KeyCode;
use support::{Harness, actor, screen_text};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// Two requests on the harness store: Åsa Lindqvist at the medicine rooms, then
/// Per Öberg anywhere.
fn with_requests(h: &mut Harness) {
    let new = |person: &str, readers: Vec<String>| NewRequest {
        requester: "Karin Nyström".into(),
        unit: "Avd 42 Medicin".into(),
        reason: Reason::Theft,
        text: "Begäran".into(),
        scope: Scope {
            persons: vec![person.into()],
            readers,
            windows: vec![Window {
                from: at("2026-10-01 00:00"),
                to: at("2026-10-01 23:59"),
            }],
        },
    };
    h.store
        .write_with(|tx| {
            requests::create(
                tx,
                &actor(),
                &new("10234", vec!["Läkemedelsrum".into()]),
                2026,
            )?;
            requests::create(tx, &actor(), &new("Per Öberg", vec![]), 2026)?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn requests_tab_lists_newest_first_and_shows_only_the_scoped_passages() {
    let mut h = Harness::new(120, Lang::En);
    with_requests(&mut h);
    h.resize(120, 40);
    h.act(Action::GoTab(Tab::Requests));
    let list: Vec<String> = h
        .app
        .requests
        .list
        .iter()
        .map(|r| r.reference.to_string())
        .collect();
    assert_eq!(list, ["R-2026-0002", "R-2026-0001"]);
    let x = h.app.requests.events.as_ref().expect("events of the first");
    assert_eq!(x.request.reference.to_string(), "R-2026-0002");
    assert!(!x.rows.is_empty());
    assert!(x.rows.iter().all(|r| r.row.person == "Per Öberg"));

    h.key(KeyCode::Down);
    let x = h
        .app
        .requests
        .events
        .as_ref()
        .expect("events of the second");
    assert_eq!(x.request.reference.to_string(), "R-2026-0001");
    assert!(!x.rows.is_empty());
    for r in &x.rows {
        assert_eq!(r.row.person, "Åsa Lindqvist");
        assert!(
            r.row.reader_name.starts_with("Läkemedelsrum"),
            "{:?}",
            r.row
        );
    }
    let screen = screen_text(&h.render());
    assert!(screen.contains("R-2026-0001") && screen.contains("Åsa Lindqvist"));
    assert!(!screen.contains("Märta"), "{screen}");

    // Each extract shown is in the audit trail.
    let audited: Vec<String> = loggvakt::store::audit::all(h.store.trail())
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "request_events")
        .map(|e| e.subject)
        .collect();
    assert_eq!(audited, ["R-2026-0002", "R-2026-0001"]);
}

#[test]
fn requests_tab_with_requests_at_both_sizes() {
    for (w, hgt) in [(80, 24), (120, 40)] {
        let mut h = Harness::new(120, Lang::Sv);
        with_requests(&mut h);
        h.resize(w, hgt);
        h.act(Action::GoTab(Tab::Requests));
        h.key(KeyCode::Down);
        insta::assert_snapshot!(format!("requests_listed_{w}x{hgt}"), h.render().backend());
    }
}

#[test]
fn e_exports_the_selected_request_to_a_private_audited_file() {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    use std::os::unix::fs::PermissionsExt;
    let mut h = Harness::new(120, Lang::En);
    with_requests(&mut h);
    h.resize(120, 40);
    h.act(Action::GoTab(Tab::Requests));
    h.ch('e');
    let screen = screen_text(&h.render());
    assert!(screen.contains("R-2026-0002.pdf"), "{screen}");
    // Replace the suggested name with a path in the test's directory.
    let fx = h
        .app
        .on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    h.run(fx);
    let out = h.dir.path().join("extract.pdf");
    h.typed(out.to_str().unwrap());
    h.key(KeyCode::Enter);
    let pdf = std::fs::read(&out).expect("the export was written");
    assert!(pdf.starts_with(b"%PDF-1.7"));
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let (_, note) = h.app.message.clone().unwrap();
    assert!(note.contains("SHA-256"), "{note}");
    let exports: Vec<_> = loggvakt::store::audit::all(h.store.trail())
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "export")
        .collect();
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].subject, "R-2026-0002");
}

/// Types into the form's current field, then moves to the next with Enter.
fn field(h: &mut Harness, text: &str) {
    h.typed(text);
    h.key(KeyCode::Enter);
}

#[test]
fn a_opens_a_form_whose_last_field_registers_the_request_and_selects_it() {
    let mut h = Harness::new(120, Lang::En);
    with_requests(&mut h);
    h.resize(120, 40);
    h.act(Action::GoTab(Tab::Requests));
    let letter = h.dir.path().join("begaran.txt");
    std::fs::write(&letter, "Begäran om passageuttag").unwrap();
    h.ch('a');
    assert_eq!(h.app.scope(), loggvakt::tui::action::Scope::Form);
    field(&mut h, "Karin Nyström");
    field(&mut h, "Avd 42 Medicin");
    // Reason: → cycles theft → timefraud.
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter);
    field(&mut h, "Tidrapportering");
    field(&mut h, "Lindqvist, Åsa; 10877");
    field(&mut h, "");
    field(
        &mut h,
        "2026-10-01..2026-10-01 23:59; 2026-10-03..2026-10-03",
    );
    h.typed(letter.to_str().unwrap());
    h.key(KeyCode::Enter);

    assert!(h.app.overlay.is_none(), "{:?}", h.app.message);
    let r = h.app.requests.list.get(h.app.requests.selected).unwrap();
    assert_eq!(r.reference.to_string(), "R-2026-0003");
    assert_eq!(r.reason, Reason::Timefraud);
    assert_eq!(r.scope.persons, ["Lindqvist, Åsa", "10877"]);
    assert!(r.scope.readers.is_empty());
    assert_eq!(r.scope.windows.len(), 2);
    assert_eq!(r.attachments.len(), 1);
    assert_eq!(r.attachments[0].name, "begaran.txt");
    // Its extract is on screen and the registration is in the audit trail.
    let x = h
        .app
        .requests
        .events
        .as_ref()
        .expect("the new request's events");
    assert_eq!(x.request.reference.to_string(), "R-2026-0003");
    let actions: Vec<(String, String)> = loggvakt::store::audit::all(h.store.trail())
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.subject))
        .collect();
    assert!(
        actions.contains(&("request_new".into(), "R-2026-0003".into())),
        "{actions:?}"
    );
}

#[test]
fn a_bad_window_keeps_the_form_open_and_says_how_to_write_one() {
    let mut h = Harness::new(120, Lang::En);
    h.act(Action::GoTab(Tab::Requests));
    h.ch('a');
    field(&mut h, "Karin Nyström");
    field(&mut h, "Avd 42");
    h.key(KeyCode::Enter);
    field(&mut h, "");
    field(&mut h, "Åsa Lindqvist");
    field(&mut h, "");
    field(&mut h, "2026-10-01");
    h.key(KeyCode::Enter);
    let Some(loggvakt::tui::app::Overlay::Form(form)) = &h.app.overlay else {
        panic!("the form closed");
    };
    assert!(
        form.error.as_deref().unwrap().contains("FROM..TO"),
        "{form:?}"
    );
    assert!(requests::list(h.store.conn()).unwrap().is_empty());
    // Esc leaves without saving.
    h.key(KeyCode::Esc);
    assert!(h.app.overlay.is_none());
    assert!(requests::list(h.store.conn()).unwrap().is_empty());
}

#[test]
fn s_adds_and_removes_scope_entries_and_refuses_to_empty_the_scope() {
    let mut h = Harness::new(120, Lang::En);
    with_requests(&mut h);
    h.resize(120, 40);
    h.act(Action::GoTab(Tab::Requests));
    // R-2026-0002 (Per Öberg, every reader) is selected; add a reader.
    h.ch('s');
    h.key(KeyCode::Enter); // add
    h.key(KeyCode::Right); // person → reader
    h.key(KeyCode::Enter);
    field(&mut h, "Kulvert Syd");
    assert!(h.app.overlay.is_none(), "{:?}", h.app.overlay);
    let r = requests::get(h.store.conn(), "R-2026-0002".parse().unwrap()).unwrap();
    assert_eq!(r.scope.readers, ["Kulvert Syd"]);
    let x = h.app.requests.events.as_ref().expect("events again");
    assert!(x.rows.iter().all(|e| e.row.reader_name == "Kulvert Syd"));

    // Removing the only person is refused, and the form says why.
    h.ch('s');
    h.key(KeyCode::Right); // add → remove
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter); // person
    field(&mut h, "Per Öberg");
    let Some(loggvakt::tui::app::Overlay::Form(form)) = &h.app.overlay else {
        panic!("the form closed");
    };
    assert!(
        form.error
            .as_deref()
            .unwrap()
            .contains("at least one person"),
        "{form:?}"
    );
    h.key(KeyCode::Esc);

    // A window added with Ctrl-S from the value field.
    h.ch('s');
    h.key(KeyCode::Down);
    h.key(KeyCode::Left); // person → time window (wraps)
    h.key(KeyCode::Down);
    h.typed("2026-10-02..2026-10-02 12:00");
    let fx = h.app.on_key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('s'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
    h.run(fx);
    let r = requests::get(h.store.conn(), "R-2026-0002".parse().unwrap()).unwrap();
    assert_eq!(r.scope.windows.len(), 2);
    let edits = loggvakt::store::audit::all(h.store.trail())
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "request_edit")
        .count();
    assert_eq!(edits, 2);
}

#[test]
fn d_decides_and_a_decided_request_can_no_longer_be_edited() {
    let mut h = Harness::new(120, Lang::En);
    with_requests(&mut h);
    h.resize(120, 40);
    h.act(Action::GoTab(Tab::Requests));
    h.ch('d');
    h.key(KeyCode::Right); // written → oral
    h.key(KeyCode::Enter);
    field(&mut h, "Told Karin Nyström by phone: nothing deviated");
    field(&mut h, "MC-2026-118");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert!(h.app.overlay.is_none(), "{:?}", h.app.overlay);
    let r = requests::get(h.store.conn(), "R-2026-0002".parse().unwrap()).unwrap();
    let d = r.decision.as_ref().expect("decided");
    assert_eq!(d.outcome, loggvakt::domain::request::Outcome::Oral);
    assert!(d.note.starts_with("Told Karin"));
    assert_eq!(r.escalations.len(), 1);
    assert_eq!(r.escalations[0].reference, "MC-2026-118");
    assert!(h.app.requests.list[h.app.requests.selected].is_decided());
    assert!(
        loggvakt::store::audit::all(h.store.trail())
            .unwrap()
            .iter()
            .any(|e| e.action == "request_decide" && e.subject == "R-2026-0002")
    );

    // The screen refuses a scope change or a second decision…
    for key in ['s', 'd'] {
        h.ch(key);
        assert!(h.app.overlay.is_none());
        let (_, note) = h.app.message.clone().unwrap();
        assert!(note.contains("cannot be changed"), "{note}");
    }
    // …and so does the store, should a change arrive anyway.
    let resp = h.worker.execute(
        &mut h.store,
        &actor(),
        loggvakt::tui::worker::Request::EditScope {
            reference: "R-2026-0002".parse().unwrap(),
            change: requests::ScopeChange::AddReader("Kulvert Syd".into()),
        },
    );
    let loggvakt::tui::worker::Response::Saved(Err(e)) = resp else {
        panic!("a decided request was changed: {resp:?}");
    };
    assert!(e.contains("cannot be changed"), "{e}");
}

#[test]
fn request_forms_at_80x24() {
    let mut h = Harness::new(120, Lang::Sv);
    with_requests(&mut h);
    h.act(Action::GoTab(Tab::Requests));
    h.ch('a');
    field(&mut h, "Karin Nyström");
    field(&mut h, "Avd 42 Medicin");
    insta::assert_snapshot!("form_new_request_80x24", h.render().backend());
    h.key(KeyCode::Esc);
    h.ch('s');
    h.key(KeyCode::Enter);
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter);
    h.typed("Kulvert");
    insta::assert_snapshot!("form_edit_scope_80x24", h.render().backend());
    h.key(KeyCode::Esc);
    h.ch('d');
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter);
    // Enter through every field: saving without a note is refused.
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    insta::assert_snapshot!("form_decide_80x24", h.render().backend());
}
