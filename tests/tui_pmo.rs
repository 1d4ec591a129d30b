//! The PMO review tab: ranked rows with reasons, verdicts with `v`, a comment with `c`,
//! ok for all unflagged rows with `a`, sign-off refused while rows are open, and export.

mod support;

use loggvakt::domain::pmo::Verdict;
use loggvakt::i18n::Lang;
use loggvakt::tui::action::{Action, Tab};
use ratatui::crossterm::event::KeyCode;
use support::{Harness, screen_text};

const EXPORT: &str = "Datum och tid;Användare;Användar-ID;Yrkesroll;Användarens enhet;Personnummer;Elev;Elevens skola;Klass;Journaltyp;Dokument/Vy;Händelse
2026-10-13 09:30:00;Karin Lind;kali01;Skolsköterska;Exempelskolan F–9;20150312-T123;Liam Andersson;Exempelskolan F–9;4B;EMI-journal;Hälsobesök;Läsa
2026-10-13 09:41:00;Karin Lind;kali01;Skolsköterska;Exempelskolan F–9;20150312-T123;Liam Andersson;Exempelskolan F–9;4B;EMI-journal;Hälsobesök;Skriva
2026-10-14 10:02:00;Omar Haddad;omha02;Kurator;Exempelskolan F–9;20120907-T124;Ella Nyström;Exempelskolan F–9;7A;Psykologjournal;Utredning;Läsa
2026-10-15 11:12:00;Omar Haddad;omha02;Kurator;Exempelskolan F–9;20120907-T124;Ella Nyström;Exempelskolan F–9;7A;Kuratorsjournal;Samtal;Skriva
2026-10-17 22:47:31;Sara Berg;sabe07;Specialpedagog;Exempelskolan F–9;20150312-T125;Liam Berg;Exempelskolan F–9;4B;Elevakt;Journalöversikt;Läsa
";

fn with_period(w: u16, h: u16) -> Harness {
    let mut harness = Harness::new(0, Lang::Sv);
    let file = harness.dir.path().join("pmo.csv");
    std::fs::write(&file, EXPORT).unwrap();
    support::import(&mut harness.store, &file);
    harness.resize(w, h);
    harness.act(Action::GoTab(Tab::Pmo));
    harness
}

#[test]
fn rows_are_ranked_with_the_highest_score_first_and_masked() {
    let h = with_period(120, 40);
    let pane = &h.app.pmo;
    assert_eq!(pane.periods.len(), 1);
    assert_eq!(pane.rows.len(), 5);
    assert_eq!(pane.rows[0].access.record.student, "Liam Berg");
    let screen = screen_text(&h.render());
    assert!(screen.contains("20150312-****"), "{screen}");
    assert!(!screen.contains("T125"), "personnummer shown whole");
    assert!(
        screen.contains("samma efternamn"),
        "the reason is in the detail pane"
    );
}

#[test]
fn v_cycles_the_verdict_and_c_writes_a_comment() {
    let mut h = with_period(120, 40);
    h.ch('v');
    assert_eq!(h.app.pmo.rows[0].access.verdict, Some(Verdict::Ok));
    h.ch('v');
    assert_eq!(h.app.pmo.rows[0].access.verdict, Some(Verdict::Deviation));
    h.ch('c');
    h.typed("Släkting, utreds");
    h.key(KeyCode::Enter);
    let top = &h.app.pmo.rows[0];
    assert_eq!(top.access.verdict, Some(Verdict::Deviation));
    assert_eq!(top.access.comment, "Släkting, utreds");
}

#[test]
fn bulk_ok_leaves_flagged_rows_and_sign_off_waits_for_them() {
    let mut h = with_period(120, 40);
    h.ch('a');
    let open: Vec<&str> = h
        .app
        .pmo
        .rows
        .iter()
        .filter(|r| r.access.verdict.is_none())
        .map(|r| r.access.record.user.as_str())
        .collect();
    // The two rules' rows and the one drawn for the sample stay open.
    assert_eq!(open.len(), 3, "{open:?}");
    h.ch('s');
    assert!(h.app.overlay.is_none(), "no sign-off prompt with open rows");
    let (_, msg) = h.app.message.clone().unwrap();
    assert!(msg.contains("3 rader saknar bedömning"), "{msg}");
    for _ in 0..3 {
        h.ch('v');
        h.key(KeyCode::Down);
    }
    h.ch('s');
    h.typed("EHT: skolsköterska, kurator");
    h.key(KeyCode::Enter);
    assert!(h.app.pmo.current().unwrap().signed_off_at.is_some());
    // An export from the tab is a new private file.
    let out = h.dir.path().join("granskning.pdf");
    h.ch('e');
    for _ in 0..40 {
        h.key(KeyCode::Backspace);
    }
    h.typed(out.to_str().unwrap());
    h.key(KeyCode::Enter);
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-1.7"));
}

#[test]
fn pmo_tab_with_a_period_at_both_sizes() {
    for (w, hgt) in [(80, 24), (120, 40)] {
        let h = with_period(w, hgt);
        insta::assert_snapshot!(format!("pmo_period_{w}x{hgt}"), h.render().backend());
    }
}

#[test]
fn r_reveals_one_personnummer_in_the_detail_pane_and_is_audited() {
    let mut h = with_period(120, 40);
    let before = screen_text(&h.render());
    assert!(!before.contains("20150312-T125"));
    h.ch('r');
    let after = screen_text(&h.render());
    assert!(after.contains("20150312-T125"), "{after}");
    assert!(
        h.recorded()
            .iter()
            .any(|d| d["via"] == "screen" && d["ids"][0] == h.app.pmo.rows[0].access.id)
    );
    // Moving on masks it again.
    h.key(KeyCode::Down);
    assert!(!screen_text(&h.render()).contains("20150312-T125"));
}
