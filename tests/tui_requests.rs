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
    let audited: Vec<String> = loggvakt::store::audit::all(h.store.conn())
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
    assert!(pdf.starts_with(b"%PDF-1.4"));
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let (_, note) = h.app.message.clone().unwrap();
    assert!(note.contains("SHA-256"), "{note}");
    let exports: Vec<_> = loggvakt::store::audit::all(h.store.conn())
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "export")
        .collect();
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].subject, "R-2026-0002");
}
