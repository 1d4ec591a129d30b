//! The Requests tab: requests newest first, the selected one's passages inside
//! its scope with deviations, and the audit entry that viewing them leaves.

mod support;

use chrono::NaiveDateTime;
use loggvakt::domain::request::{Reason, Scope, Window};
use loggvakt::i18n::Lang;
use loggvakt::store::requests::{self, NewRequest};
use loggvakt::tui::action::{Action, Scope as Keys, Tab};
use loggvakt::tui::overlay::Overlay;
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
    let Some(Overlay::Notice(n)) = h.app.overlays.last() else {
        panic!("no receipt of the export");
    };
    assert!(
        n.fields
            .iter()
            .any(|(k, v)| k == "SHA-256" && v.len() == 64)
    );
    assert!(
        n.fields
            .iter()
            .any(|(_, v)| v == &out.display().to_string())
    );
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
    assert_eq!(h.app.scope(), Keys::Form);
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

    assert!(h.app.overlays.is_empty(), "{:?}", h.app.message);
    let r = h.app.requests.selected().unwrap();
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
    let Some(Overlay::Form(form)) = h.app.overlays.last() else {
        panic!("the form closed");
    };
    assert!(
        form.error.as_deref().unwrap().contains("FROM..TO"),
        "{form:?}"
    );
    assert!(requests::list(h.store.conn()).unwrap().is_empty());
    // Esc leaves without saving.
    h.key(KeyCode::Esc);
    assert!(h.app.overlays.is_empty());
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
    assert!(h.app.overlays.is_empty(), "{:?}", h.app.message);
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
    let Some(Overlay::Form(form)) = h.app.overlays.last() else {
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
    assert!(h.app.overlays.is_empty(), "{:?}", h.app.message);
    let r = requests::get(h.store.conn(), "R-2026-0002".parse().unwrap()).unwrap();
    let d = r.decision.as_ref().expect("decided");
    assert_eq!(d.outcome, loggvakt::domain::request::Outcome::Oral);
    assert!(d.note.starts_with("Told Karin"));
    assert_eq!(r.escalations.len(), 1);
    assert_eq!(r.escalations[0].reference, "MC-2026-118");
    assert!(h.app.requests.selected().unwrap().is_decided());
    assert!(
        loggvakt::store::audit::all(h.store.trail())
            .unwrap()
            .iter()
            .any(|e| e.action == "request_decide" && e.subject == "R-2026-0002")
    );

    // The screen refuses a scope change or a second decision…
    for key in ['s', 'd'] {
        h.ch(key);
        assert!(h.app.overlays.is_empty());
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
fn an_export_by_name_goes_to_the_export_folder_which_is_made_private() {
    use std::os::unix::fs::PermissionsExt;
    let mut h = Harness::new(120, Lang::Sv);
    with_requests(&mut h);
    h.act(Action::GoTab(Tab::Requests));
    h.ch('e');
    h.key(KeyCode::Enter);
    let folder = h.dir.path().join("exports");
    assert!(folder.join("R-2026-0002.pdf").exists());
    assert_eq!(
        std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777,
        0o700
    );
    // A folder that cannot be made is explained in Swedish, never as a raw OS error.
    h.key(KeyCode::Esc);
    std::fs::write(h.dir.path().join("fil"), "").unwrap();
    h.ch('e');
    h.key(KeyCode::Home);
    h.typed("../fil/under/");
    h.key(KeyCode::Enter);
    let (_, m) = h.app.message.clone().unwrap();
    assert!(m.contains("kunde inte skapas eller användas"), "{m}");
    assert!(
        !m.contains("os error") && !m.contains("Not a directory"),
        "{m}"
    );
}

#[test]
fn the_events_pane_takes_focus_moves_and_opens_a_passage_with_its_deviations() {
    let mut h = Harness::new(120, Lang::Sv);
    with_requests(&mut h);
    h.resize(120, 40);
    h.act(Action::GoTab(Tab::Requests));
    h.key(KeyCode::Tab);
    assert_eq!(h.app.scope(), Keys::RequestEvents);
    h.ch('j');
    assert_eq!(h.app.requests.events_scroll.selected, 1);
    h.key(KeyCode::Enter);
    let Some(Overlay::Record(r)) = h.app.overlays.last() else {
        panic!("Enter opened no record");
    };
    let row = &h.app.requests.events.as_ref().unwrap().rows[1];
    assert!(r.fields.iter().any(|(_, v)| v == &row.row.person));
    assert!(r.fields.iter().any(|(k, _)| k == "Avvikelser"), "{r:?}");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.scope(), Keys::Requests);
}

#[test]
fn a_decided_request_offers_neither_scope_nor_decision() {
    let mut h = Harness::new(120, Lang::Sv);
    with_requests(&mut h);
    h.resize(120, 40);
    h.act(Action::GoTab(Tab::Requests));
    let hints = loggvakt::tui::ui::hint_line(&h.app, 120).to_string();
    assert!(
        hints.contains("s ändra omfattningen") && hints.contains("d besluta"),
        "{hints}"
    );
    h.ch('d');
    field(&mut h, "");
    field(&mut h, "Muntligt till Karin Nyström");
    for _ in 0..3 {
        h.key(KeyCode::Enter);
    }
    assert!(h.app.requests.selected().unwrap().is_decided());
    let hints = loggvakt::tui::ui::hint_line(&h.app, 120).to_string();
    assert!(
        !hints.contains("ändra omfattningen") && !hints.contains("d besluta"),
        "{hints}"
    );
    assert!(hints.contains("e exportera uttaget"), "{hints}");
    h.ch('s');
    let (_, m) = h.app.message.clone().unwrap();
    assert!(
        m.contains("är beslutat") && m.contains("kan inte ändras"),
        "{m}"
    );
}

#[test]
fn persons_readers_and_windows_are_checked_as_typed_and_an_unknown_person_is_asked_about() {
    let mut h = Harness::new(120, Lang::Sv);
    h.resize(120, 40);
    h.act(Action::GoTab(Tab::Requests));
    h.ch('a');
    field(&mut h, "Karin Nyström");
    field(&mut h, "Avd 42");
    h.key(KeyCode::Enter);
    field(&mut h, "");
    h.typed("Åsa");
    let Some(Overlay::Form(f)) = h.app.overlays.last() else {
        panic!("no form");
    };
    let check = f.check.as_ref().expect("checked as typed");
    assert!(check.persons[0].found.is_empty());
    assert_eq!(check.persons[0].similar[0].name, "Åsa Lindqvist");
    let words = support::words_on(&h.render());
    assert!(
        words.contains("«Åsa»: ingen exakt träff; liknande: Åsa Lindqvist (10234)"),
        "{words}"
    );
    h.key(KeyCode::Enter);
    field(&mut h, "läkemedelsrum");
    h.typed("2026-10-01 06.00..12.00");
    let words = support::words_on(&h.render());
    assert!(
        words.contains("läkemedelsrum: 2 läsare (Läkemedelsrum Avd 42, Läkemedelsrum Avd 43)"),
        "{words}"
    );
    assert!(
        words.contains("2026-10-01 06:00–2026-10-01 12:00: "),
        "{words}"
    );
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    // Nobody is called just "Åsa": saving asks first.
    let Some(Overlay::Confirm(c)) = h.app.overlays.last() else {
        panic!("saved without asking: {:?}", h.app.message);
    };
    assert!(c.question.contains("«Åsa»"), "{}", c.question);
    h.ch('n');
    assert!(matches!(h.app.overlays.last(), Some(Overlay::Form(_))));
    assert!(requests::list(h.store.conn()).unwrap().is_empty());
    h.key(KeyCode::Enter);
    h.ch('j');
    assert!(h.app.overlays.is_empty(), "{:?}", h.app.message);
    let saved = requests::list(h.store.conn()).unwrap();
    assert_eq!(saved[0].scope.persons, ["Åsa"]);
    assert_eq!(
        saved[0].scope.windows[0].to.to_string(),
        "2026-10-01 12:00:00"
    );
}

#[test]
fn request_screens_at_both_sizes_in_both_languages() {
    for lang in [Lang::Sv, Lang::En] {
        let l = lang.to_string();
        for (w, hgt) in [(80, 24), (120, 40)] {
            let mut h = Harness::new(120, lang);
            with_requests(&mut h);
            h.resize(w, hgt);
            h.act(Action::GoTab(Tab::Requests));
            h.key(KeyCode::Down);
            h.snap(&format!("requests_listed_{l}_{w}x{hgt}"));
            h.key(KeyCode::Tab);
            h.ch('j');
            h.snap(&format!("request_events_{l}_{w}x{hgt}"));
            h.key(KeyCode::Enter);
            h.snap(&format!("request_event_record_{l}_{w}x{hgt}"));
            h.key(KeyCode::Esc);
            h.ch('e');
            h.snap(&format!("request_export_prompt_{l}_{w}x{hgt}"));
            h.key(KeyCode::Enter);
            h.snap(&format!("request_exported_{l}_{w}x{hgt}"));
            h.key(KeyCode::Esc);
            h.ch('a');
            field(&mut h, "Karin Nyström");
            field(&mut h, "Avd 42 Medicin");
            h.key(KeyCode::Enter);
            field(&mut h, "Stöld");
            field(&mut h, "Åsa");
            field(&mut h, "Läkemedelsrum");
            h.typed("14/10 22.00..06.00");
            h.snap(&format!("form_new_request_{l}_{w}x{hgt}"));
            h.key(KeyCode::Enter);
            h.key(KeyCode::Enter);
            h.snap(&format!("form_unknown_person_{l}_{w}x{hgt}"));
            h.key(KeyCode::Esc);
            h.key(KeyCode::Esc);
            h.ch('s');
            h.key(KeyCode::Enter);
            h.key(KeyCode::Right);
            h.key(KeyCode::Enter);
            h.typed("Kulvert");
            h.snap(&format!("form_edit_scope_{l}_{w}x{hgt}"));
            h.key(KeyCode::Esc);
            h.ch('d');
            h.key(KeyCode::Right);
            h.key(KeyCode::Enter);
            // Enter through every field: saving without a note is refused.
            for _ in 0..4 {
                h.key(KeyCode::Enter);
            }
            h.snap(&format!("form_decide_{l}_{w}x{hgt}"));
        }
    }
}
