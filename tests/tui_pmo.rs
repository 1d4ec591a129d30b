//! The PMO review tab: ranked rows with reasons, one key per verdict applied to
//! the row under the cursor when pressed, marks for several rows, bulk OK after a
//! question that states the count, escalation, a sign-off that shows its summary,
//! and a signed-off period that refuses changes.

mod support;

use loggvakt::domain::pmo::Verdict;
use loggvakt::i18n::Lang;
use loggvakt::tui::action::{Action, Scope, Tab};
use loggvakt::tui::overlay::Overlay;
use ratatui::crossterm::event::KeyCode;
use support::{Harness, screen_text};

pub const EXPORT: &str = "Datum och tid;Användare;Användar-ID;Yrkesroll;Användarens enhet;Personnummer;Elev;Elevens skola;Klass;Journaltyp;Dokument/Vy;Händelse
2026-10-13 09:30:00;Karin Lind;kali01;Skolsköterska;Exempelskolan F–9;20150312-T123;Liam Andersson;Exempelskolan F–9;4B;EMI-journal;Hälsobesök;Läsa
2026-10-13 09:41:00;Karin Lind;kali01;Skolsköterska;Exempelskolan F–9;20150312-T123;Liam Andersson;Exempelskolan F–9;4B;EMI-journal;Hälsobesök;Skriva
2026-10-14 10:02:00;Omar Haddad;omha02;Kurator;Exempelskolan F–9;20120907-T124;Ella Nyström;Exempelskolan F–9;7A;Psykologjournal;Utredning;Läsa
2026-10-15 11:12:00;Omar Haddad;omha02;Kurator;Exempelskolan F–9;20120907-T124;Ella Nyström;Exempelskolan F–9;7A;Kuratorsjournal;Samtal;Skriva
2026-10-17 22:47:31;Sara Berg;sabe07;Specialpedagog;Exempelskolan F–9;20150312-T125;Liam Berg;Exempelskolan F–9;4B;Elevakt;Journalöversikt;Läsa
";

fn with_period(w: u16, h: u16, lang: Lang) -> Harness {
    let mut harness = Harness::new(0, lang);
    let file = harness.dir.path().join("pmo.csv");
    std::fs::write(&file, EXPORT).unwrap();
    support::import(&mut harness.store, &file);
    harness.resize(w, h);
    harness.act(Action::GoTab(Tab::Pmo));
    harness
}

fn verdicts(h: &Harness) -> Vec<Option<Verdict>> {
    h.app.pmo.rows.iter().map(|r| r.access.verdict).collect()
}

/// The verdicts as stored, in the pane's order.
fn stored(h: &Harness) -> Vec<Option<Verdict>> {
    let period = loggvakt::store::pmo::periods(h.store.conn())
        .unwrap()
        .remove(0);
    let rows = loggvakt::store::pmo::accesses(h.store.conn(), period.id).unwrap();
    h.app
        .pmo
        .rows
        .iter()
        .map(|r| {
            rows.iter()
                .find(|a| a.id == r.access.id)
                .and_then(|a| a.verdict)
        })
        .collect()
}

fn message(h: &Harness) -> String {
    h.app.message.clone().map(|(_, m)| m).unwrap_or_default()
}

#[test]
fn rows_are_ranked_with_the_highest_score_first_and_masked() {
    let h = with_period(120, 40, Lang::Sv);
    let pane = &h.app.pmo;
    assert_eq!(pane.periods.len(), 1);
    assert_eq!(pane.rows.len(), 5);
    assert_eq!(pane.rows[0].access.record.student, "Liam Berg");
    let screen = screen_text(&h.render());
    assert!(screen.contains("20150312-****"), "{screen}");
    assert!(!screen.contains("T125"), "personnummer shown whole");
    assert!(
        screen.contains("samma efternamn"),
        "the rule's plain name and reason are shown"
    );
    assert!(!screen.contains("same_surname"), "no rule ids: {screen}");
}

#[test]
fn a_quick_a_a_sets_deviation_on_two_rows_and_moves_on_each_time() {
    let mut h = with_period(120, 40, Lang::Sv);
    h.ch('a');
    h.ch('a');
    assert_eq!(
        verdicts(&h)[..3],
        [Some(Verdict::Deviation), Some(Verdict::Deviation), None]
    );
    assert_eq!(
        h.app.pmo.scroll.selected, 2,
        "the cursor is on the next open row"
    );
    // `o` and `u` set their own verdict, never a cycle.
    h.ch('u');
    h.ch('o');
    assert_eq!(
        verdicts(&h),
        [
            Some(Verdict::Deviation),
            Some(Verdict::Deviation),
            Some(Verdict::Investigate),
            Some(Verdict::Ok),
            None
        ]
    );
    assert_eq!(stored(&h), verdicts(&h), "what the screen shows is stored");
    assert!(message(&h).contains("→ OK"), "{}", message(&h));
    // Changing a verdict: go back up and press the key again.
    h.key(KeyCode::Home);
    h.ch('o');
    assert_eq!(stored(&h)[0], Some(Verdict::Ok));
    assert_eq!(h.app.pmo.scroll.selected, 4, "on to the only open row");
}

#[test]
fn n_goes_to_the_next_row_without_a_verdict() {
    let mut h = with_period(120, 40, Lang::Sv);
    h.key(KeyCode::Down);
    h.ch('o');
    h.key(KeyCode::Home);
    h.ch('n');
    assert_eq!(h.app.pmo.scroll.selected, 2);
    h.ch('N');
    assert_eq!(h.app.pmo.scroll.selected, 0);
}

#[test]
fn marked_rows_take_one_verdict_together() {
    let mut h = with_period(120, 40, Lang::Sv);
    // Space marks a row and moves down; V marks a range.
    h.ch(' ');
    h.ch(' ');
    h.key(KeyCode::Down);
    h.ch('V');
    h.key(KeyCode::Down);
    assert!(h.app.pmo.is_marked(3) && !h.app.pmo.is_marked(2));
    assert!(screen_text(&h.render()).contains("4 markerade"));
    h.ch('u');
    assert_eq!(
        stored(&h),
        [
            Some(Verdict::Investigate),
            Some(Verdict::Investigate),
            None,
            Some(Verdict::Investigate),
            Some(Verdict::Investigate)
        ]
    );
    assert!(h.app.pmo.marked.is_empty());
    assert_eq!(h.app.pmo.scroll.selected, 2);
    // Esc drops marks without a verdict.
    h.ch(' ');
    h.key(KeyCode::Esc);
    assert!(h.app.pmo.marked.is_empty());
}

#[test]
fn bulk_ok_asks_first_with_the_count_and_leaves_flagged_rows() {
    let mut h = with_period(120, 40, Lang::Sv);
    h.ch('O');
    let Some(Overlay::Confirm(c)) = h.app.overlays.last() else {
        panic!("no question before a bulk verdict");
    };
    assert!(c.question.contains("Sätta OK på 2 rader"), "{}", c.question);
    assert_eq!(h.app.scope(), Scope::Confirm);
    h.ch('n');
    assert!(h.app.overlays.is_empty());
    assert_eq!(stored(&h).iter().filter(|v| v.is_some()).count(), 0);
    h.ch('O');
    h.ch('j');
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
    assert_eq!(stored(&h), verdicts(&h));
}

#[test]
fn escalation_sign_off_summary_and_a_read_only_period() {
    let mut h = with_period(120, 40, Lang::Sv);
    h.ch('s');
    assert!(h.app.overlays.is_empty(), "no sign-off form with open rows");
    assert!(
        message(&h).contains("5 rader saknar bedömning"),
        "{}",
        message(&h)
    );
    // The top row goes to the head of operations.
    h.ch('a');
    h.key(KeyCode::Home);
    h.ch('E');
    assert_eq!(h.app.scope(), Scope::Form);
    h.key(KeyCode::Right); // Intraservice → Verksamhetschef
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter); // no reference: refused
    h.key(KeyCode::Enter);
    let Some(Overlay::Form(f)) = h.app.overlays.last() else {
        panic!("the form closed without a reference");
    };
    assert!(f.error.as_deref().unwrap().contains("referens"));
    h.key(KeyCode::Up);
    h.typed("VC-2026-31");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert!(h.app.overlays.is_empty(), "{:?}", h.app.message);
    let esc =
        loggvakt::store::pmo::escalations(h.store.conn(), h.app.pmo.period_id().unwrap()).unwrap();
    assert_eq!(esc.len(), 1);
    assert_eq!(esc[0].target, "verksamhetschef");
    assert_eq!(esc[0].reference, "VC-2026-31");
    let screen = screen_text(&h.render());
    assert!(
        screen.contains("Vidare till: Verksamhetschef (HSL) VC-2026-31"),
        "{screen}{:?}",
        h.app.pmo.escalations
    );
    // Every row gets a verdict; the sign-off form shows the summary first.
    h.ch('O');
    h.ch('j');
    h.ch('n');
    h.ch('o');
    h.ch('o');
    assert_eq!(h.app.pmo.open_rows(), 0);
    h.ch('s');
    let screen = screen_text(&h.render());
    assert!(
        screen.contains("5: 4 OK, 1 avvikelse, 0 utreds"),
        "{screen}"
    );
    assert!(
        screen.contains("Verksamhetschef (HSL) VC-2026-31"),
        "{screen}"
    );
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert!(
        matches!(h.app.overlays.last(), Some(Overlay::Form(_))),
        "who took part is needed"
    );
    h.key(KeyCode::Up);
    h.typed("EHT: skolsköterska, kurator");
    h.key(KeyCode::Enter);
    h.typed("En avvikelse till verksamhetschefen.");
    h.key(KeyCode::Enter);
    assert!(h.app.overlays.is_empty(), "{:?}", h.app.message);
    let p = h.app.pmo.current().unwrap().clone();
    assert!(p.signed_off_at.is_some());
    assert_eq!(
        p.summary.as_deref(),
        Some("En avvikelse till verksamhetschefen.")
    );
    // Read-only: no verdict keys in the hints, and the keys say why in Swedish.
    let hints = loggvakt::tui::ui::hint_line(&h.app, 120).to_string();
    for gone in [
        "o ok",
        "a avvikelse",
        "u utreds",
        "c kommentar",
        "s signera",
        "O OK",
    ] {
        assert!(!hints.contains(gone), "{gone}: {hints}");
    }
    assert!(hints.contains("e exportera"), "{hints}");
    let before = stored(&h);
    for key in ['o', 'a', 'c', 's', 'O', 'E'] {
        h.ch(key);
        assert!(h.app.overlays.is_empty(), "{key} opened something");
        let m = message(&h);
        assert!(
            m.contains("signerades") && m.contains("kan inte längre ändras"),
            "{key}: {m}"
        );
    }
    assert_eq!(stored(&h), before);
    assert!(screen_text(&h.render()).contains("SIGNERAD"));
}

#[test]
fn c_writes_a_comment_and_a_comment_alone_opens_an_inquiry() {
    let mut h = with_period(120, 40, Lang::Sv);
    h.ch('c');
    h.typed("Släkting, utreds");
    h.key(KeyCode::Enter);
    let top = &h.app.pmo.rows[0];
    assert_eq!(top.access.verdict, Some(Verdict::Investigate));
    assert_eq!(top.access.comment, "Släkting, utreds");
    h.ch('a');
    h.key(KeyCode::Home);
    h.ch('c');
    h.key(KeyCode::End);
    h.typed(", bekräftad");
    h.key(KeyCode::Enter);
    let stored = loggvakt::store::pmo::accesses(h.store.conn(), h.app.pmo.period_id().unwrap())
        .unwrap()
        .into_iter()
        .find(|a| a.id == h.app.pmo.rows[0].access.id)
        .unwrap();
    assert_eq!(stored.verdict, Some(Verdict::Deviation));
    assert_eq!(stored.comment, "Släkting, utreds, bekräftad");
}

#[test]
fn an_export_goes_to_the_private_export_folder_and_shows_path_and_sha() {
    use std::os::unix::fs::PermissionsExt;
    let mut h = with_period(120, 40, Lang::Sv);
    h.ch('e');
    let screen = screen_text(&h.render());
    assert!(screen.contains("granskning-2026-10.pdf"), "{screen}");
    assert!(screen.contains("exports"), "the folder is shown: {screen}");
    h.key(KeyCode::Enter);
    let folder = h.dir.path().join("exports");
    let file = folder.join("granskning-2026-10.pdf");
    assert!(std::fs::read(&file).unwrap().starts_with(b"%PDF-1.7"));
    assert_eq!(
        std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777,
        0o700
    );
    let Some(Overlay::Notice(n)) = h.app.overlays.last() else {
        panic!("no receipt");
    };
    let sha = n
        .fields
        .iter()
        .find(|(k, _)| k == "SHA-256")
        .unwrap()
        .1
        .clone();
    assert_eq!(sha.len(), 64);
    let words = support::words_on(&h.render());
    assert!(words.contains(&file.display().to_string()), "{words}");
    assert!(words.contains(&sha), "{words}");
    // A second export never replaces the first.
    h.key(KeyCode::Esc);
    h.ch('e');
    h.key(KeyCode::Enter);
    assert!(folder.join("granskning-2026-10-2.pdf").exists());
}

#[test]
fn r_reveals_one_personnummer_in_the_detail_pane_and_is_audited() {
    let mut h = with_period(120, 40, Lang::Sv);
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

#[test]
fn pmo_screens_at_both_sizes_in_both_languages() {
    for lang in [Lang::Sv, Lang::En] {
        for (w, hgt) in [(80, 24), (120, 40)] {
            let mut h = with_period(w, hgt, lang);
            let l = lang.to_string();
            h.snap(&format!("pmo_period_{l}_{w}x{hgt}"));
            h.ch(' ');
            h.ch(' ');
            h.snap(&format!("pmo_marked_{l}_{w}x{hgt}"));
            h.ch('a');
            h.ch('O');
            h.snap(&format!("pmo_bulk_question_{l}_{w}x{hgt}"));
            h.ch('j');
            h.key(KeyCode::Home);
            h.ch('E');
            h.snap(&format!("pmo_escalate_{l}_{w}x{hgt}"));
            h.key(KeyCode::Esc);
            h.key(KeyCode::Enter);
            h.snap(&format!("pmo_row_{l}_{w}x{hgt}"));
            h.key(KeyCode::Esc);
            while h.app.pmo.open_rows() > 0 {
                h.ch('n');
                h.ch('o');
            }
            h.ch('s');
            h.snap(&format!("pmo_signoff_{l}_{w}x{hgt}"));
            h.typed("EHT");
            h.key(KeyCode::Enter);
            h.key(KeyCode::Enter);
            h.snap(&format!("pmo_signed_{l}_{w}x{hgt}"));
            h.ch('e');
            h.snap(&format!("pmo_export_prompt_{l}_{w}x{hgt}"));
        }
    }
}
