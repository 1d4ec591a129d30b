//! State transitions of the terminal UI without a terminal: filters, keyset
//! paging, focus, the help overlay, the purpose and the audit of searches.

mod support;

use loggvakt::i18n::Lang;
use loggvakt::store::passages::{self, Page, PassageFilter, Resolved};
use loggvakt::tui::action::{self, Action, KEYMAP, Key, Scope, Tab};
use loggvakt::tui::app::Effect;
use loggvakt::tui::overlay::{Overlay, PromptKind};
use loggvakt::tui::pane::filter::{Field, Row};
use loggvakt::tui::pane::passage_table::{CHUNK, KEEP};
use loggvakt::tui::pane::passages::Focus;
use loggvakt::tui::worker::{Fill, Request, Response};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::{Harness, render, screen_text};

fn all_ids(h: &Harness) -> Vec<i64> {
    passages::page(
        h.store.conn(),
        &PassageFilter::default(),
        &Resolved::default(),
        Page::After(None),
        0,
    )
    .unwrap()
    .into_iter()
    .map(|r| r.id)
    .collect()
}

fn go_to_row(h: &mut Harness, want: Row) {
    h.app.passages.focus = Focus::Filters;
    h.app.passages.filter.go_to(want);
    assert_eq!(h.app.passages.filter.current(), want);
}

#[test]
fn ticking_a_reader_narrows_rows_and_count_to_that_reader() {
    let mut h = Harness::new(60, Lang::Sv);
    assert_eq!(h.app.passages.table.count, Some(60));
    h.act(Action::FocusFilters);
    let reader_row = h
        .app
        .passages
        .filter
        .rows()
        .into_iter()
        .find(|r| matches!(r, Row::Reader(_)))
        .unwrap();
    go_to_row(&mut h, reader_row);
    let Row::Reader(i) = reader_row else {
        unreachable!()
    };
    let name = h.app.passages.filter.readers[i].name.clone();
    h.act(Action::Toggle);
    let count = h.app.passages.table.count.unwrap();
    assert!(count > 0 && count < 60, "{count}");
    assert!(
        h.app
            .passages
            .table
            .rows
            .iter()
            .all(|r| r.reader_name == name)
    );
    assert_eq!(h.app.passages.table.rows.len() as u64, count);
    // Ticking it again lifts the filter.
    h.act(Action::Toggle);
    assert_eq!(h.app.passages.table.count, Some(60));
}

#[test]
fn typing_in_the_reader_search_filters_list_and_passages_as_you_type() {
    let mut h = Harness::new(60, Lang::Sv);
    go_to_row(&mut h, Row::Input(Field::ReaderSearch));
    assert_eq!(h.app.scope(), Scope::FilterText);
    h.typed("läkemedel");
    let visible = h.app.passages.filter.visible_readers();
    assert_eq!(visible.len(), 2);
    let count = h.app.passages.table.count.unwrap();
    assert!(count > 0 && count < 60);
    assert!(
        h.app
            .passages
            .table
            .rows
            .iter()
            .all(|r| r.reader_name.starts_with("Läkemedelsrum"))
    );
    // `q` typed into a field is text, not quit.
    h.ch('q');
    assert!(!h.app.quitting);
    assert_eq!(h.app.passages.filter.reader_search.value(), "läkemedelq");
    assert_eq!(h.app.passages.table.count, Some(0));
}

#[test]
fn a_half_typed_time_keeps_the_last_result_and_says_what_is_wrong() {
    let mut h = Harness::new(60, Lang::Sv);
    go_to_row(&mut h, Row::Input(Field::From));
    h.typed("2026-10-0");
    assert!(h.app.passages.error.is_some());
    assert_eq!(h.app.passages.table.count, Some(60));
    h.typed("1 09:00");
    assert!(h.app.passages.error.is_none(), "{:?}", h.app.passages.error);
    let count = h.app.passages.table.count.unwrap();
    assert!(count < 60);
    assert!(
        h.app
            .passages
            .table
            .rows
            .iter()
            .all(|r| r.time.to_string().as_str() >= "2026-10-01 09:00:00")
    );
}

#[test]
fn presets_fill_from_and_to_visibly() {
    let mut h = Harness::new(60, Lang::Sv);
    go_to_row(&mut h, Row::Presets);
    assert_eq!(h.app.scope(), Scope::Filters);
    // Today, 24 h, 7 d, previous month.
    for _ in 0..3 {
        h.act(Action::Right);
    }
    h.act(Action::Toggle);
    assert_eq!(h.app.passages.filter.from.value(), "2026-10-01");
    assert_eq!(h.app.passages.filter.to.value(), "2026-10-31");
    assert_eq!(h.app.passages.table.count, Some(60));
    h.act(Action::Left);
    h.act(Action::Toggle);
    assert_eq!(h.app.passages.filter.from.value(), "-7d");
    assert_eq!(
        h.app.passages.table.count,
        Some(0),
        "the data is from October; now is 2 November"
    );
}

#[test]
fn answers_for_an_older_filter_are_dropped() {
    let mut h = Harness::new(60, Lang::Sv);
    h.purpose("Larm Avd 42");
    let old = h.app.passages.generation;
    go_to_row(&mut h, Row::Input(Field::Person));
    let fx = h
        .app
        .on_key(KeyEvent::new(KeyCode::Char('Å'), KeyModifiers::SHIFT));
    assert!(h.app.passages.generation > old);
    // A late page for the old filter arrives before the new one.
    let stale = Response::Page {
        generation: old,
        fill: Fill::First,
        rows: vec![],
        elapsed: Default::default(),
    };
    h.app.on_response(stale);
    assert!(
        !h.app.passages.table.loaded,
        "the stale empty page must not land"
    );
    h.run(fx);
    assert!(h.app.passages.table.loaded);
    h.typed("sa");
    assert!(
        h.app
            .passages
            .table
            .rows
            .iter()
            .all(|r| r.person.contains("Åsa"))
    );
}

#[test]
fn paging_forwards_walks_every_row_in_time_order_with_a_bounded_buffer() {
    let mut h = Harness::new(1000, Lang::Sv);
    let ids = all_ids(&h);
    let mut seen = vec![h.app.passages.table.selected_row().unwrap().id];
    for _ in 1..ids.len() {
        h.act(Action::Down);
        assert!(h.app.passages.table.rows.len() <= KEEP + CHUNK);
        seen.push(h.app.passages.table.selected_row().unwrap().id);
    }
    assert_eq!(seen, ids);
    assert_eq!(h.app.passages.table.position(), Some(1000));
    h.act(Action::Down);
    assert_eq!(
        h.app.passages.table.selected_row().unwrap().id,
        *ids.last().unwrap()
    );
}

#[test]
fn paging_backwards_from_the_end_walks_every_row() {
    let mut h = Harness::new(1000, Lang::Sv);
    let ids = all_ids(&h);
    h.act(Action::Bottom);
    assert_eq!(h.app.passages.table.position(), Some(1000));
    let mut seen = vec![h.app.passages.table.selected_row().unwrap().id];
    for _ in 1..ids.len() {
        h.act(Action::Up);
        seen.push(h.app.passages.table.selected_row().unwrap().id);
    }
    seen.reverse();
    assert_eq!(seen, ids);
    assert_eq!(h.app.passages.table.position(), Some(1));
    assert!(h.app.passages.table.at_start);
}

#[test]
fn page_down_fetches_only_pages_never_the_whole_result() {
    let mut h = Harness::new(1000, Lang::Sv);
    let v = h.app.passages.table.scroll.viewport();
    let mut fetched = 0;
    for _ in 0..30 {
        let fx = h.app.handle(Action::PageDown);
        for e in &fx {
            if let Effect::Request(Request::Page { limit, .. }) = e {
                assert_eq!(*limit, CHUNK);
                fetched += 1;
            }
        }
        h.run(fx);
    }
    assert_eq!(
        h.app.passages.table.position(),
        Some(1 + 30 * (v as u64 - 1)),
        "v={v} page={}",
        h.app.passages.table.scroll.page()
    );
    assert!(fetched >= 1, "v={v}");
}

#[test]
fn search_jumps_to_the_next_match_beyond_the_loaded_rows() {
    let mut h = Harness::new(1000, Lang::Sv);
    let ids = all_ids(&h);
    let last = *ids.last().unwrap();
    // The last row's time is unique: search for it from the top.
    let target = passages::page(
        h.store.conn(),
        &PassageFilter::default(),
        &Resolved::default(),
        Page::Before(None),
        1,
    )
    .unwrap()
    .remove(0);
    assert_eq!(target.id, last);
    h.act(Action::Search);
    assert_eq!(h.app.scope(), Scope::Prompt);
    let card = target.card.clone();
    // Every row of that card is a match; `n` walks them in order.
    h.typed(&card);
    h.key(KeyCode::Enter);
    let first_hit = h.app.passages.table.selected_row().unwrap().clone();
    assert_eq!(first_hit.card, card);
    h.act(Action::Bottom);
    h.act(Action::SearchPrev);
    let hit = h.app.passages.table.selected_row().unwrap();
    assert_eq!(hit.card, card);
}

#[test]
fn tab_enters_the_filters_moves_between_their_fields_and_escape_returns() {
    let mut h = Harness::new(60, Lang::Sv);
    assert_eq!(h.app.passages.focus, Focus::Table);
    h.key(KeyCode::Tab);
    assert_eq!(h.app.passages.focus, Focus::Filters);
    assert_eq!(h.app.passages.filter.current(), Row::Input(Field::From));
    // Inside the filter pane Tab goes to the next field, not out.
    h.key(KeyCode::Tab);
    assert_eq!(h.app.passages.focus, Focus::Filters);
    assert_eq!(h.app.passages.filter.current(), Row::Input(Field::To));
    h.key(KeyCode::BackTab);
    assert_eq!(h.app.passages.filter.current(), Row::Input(Field::From));
    h.key(KeyCode::Esc);
    assert_eq!(h.app.passages.focus, Focus::Table);
    h.key(KeyCode::BackTab);
    assert_eq!(h.app.passages.focus, Focus::Filters);
    // `q` on a checkbox steps back to the table; it never quits from the filters.
    go_to_row(&mut h, Row::Reader(0));
    h.ch('q');
    assert!(!h.app.quitting);
    assert_eq!(h.app.passages.focus, Focus::Table);
    h.ch('f');
    assert_eq!(h.app.passages.focus, Focus::Filters);
    // Number keys switch tabs from a pane that does not take them.
    h.key(KeyCode::Esc);
    h.ch('4');
    assert_eq!(h.app.tab, Tab::Audit);
    assert_eq!(h.app.scope(), Scope::Audit);
    h.ch('2');
    assert_eq!(h.app.scope(), Scope::Passages);
}

#[test]
fn every_search_shown_is_audited_before_its_rows_and_a_person_asks_for_a_purpose() {
    let mut h = Harness::new(60, Lang::Sv);
    assert_eq!(h.recorded().len(), 1, "the first view is a search too");
    // Showing the same filter again writes nothing new.
    h.act(Action::Bottom);
    h.act(Action::Top);
    assert_eq!(h.recorded().len(), 1);
    go_to_row(&mut h, Row::Input(Field::Person));
    h.ch('Ö');
    // A person is searched for only with a purpose: the prompt asks, nothing is fetched.
    assert!(matches!(
        h.app.overlays.last(),
        Some(Overlay::Prompt(p)) if p.kind == PromptKind::Purpose
    ));
    assert_eq!(h.recorded().len(), 1);
    h.typed("Larm Avd 42");
    h.key(KeyCode::Enter);
    assert!(h.app.overlays.is_empty());
    h.typed("berg");
    let recorded = h.recorded();
    let last = recorded.last().unwrap();
    assert_eq!(last["persons"][0], "Öberg");
    assert_eq!(last["purpose"]["reason"], "Larm Avd 42");
    assert_eq!(last["via"], "screen");
    assert!(!last["person_ids"]["named"].as_array().unwrap().is_empty());
    // Each distinct filter on screen has exactly one entry, written before its rows.
    let persons: Vec<String> = recorded[1..]
        .iter()
        .map(|d| d["persons"][0].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(persons, ["Ö", "Öb", "Öbe", "Öber", "Öberg"]);
    assert!(
        h.app
            .passages
            .table
            .rows
            .iter()
            .all(|r| r.person.contains("Öberg"))
    );
    // The purpose shows in the status bar.
    assert!(screen_text(&h.render()).contains("Larm Avd 42"));
}

#[test]
fn the_purpose_prompt_chooses_an_open_request_with_the_arrows() {
    let mut h = Harness::new(60, Lang::Sv);
    for unit in ["Avd 42", "Avd 43"] {
        let new = loggvakt::store::requests::NewRequest {
            requester: "Karin Nyström".into(),
            unit: unit.into(),
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
    }
    h.ch('p');
    let Some(Overlay::Prompt(p)) = h.app.overlays.last() else {
        panic!("no purpose prompt");
    };
    assert_eq!(p.kind, PromptKind::Purpose);
    assert_eq!(p.choices, ["R-2026-0002", "R-2026-0001"], "newest first");
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    assert_eq!(
        h.app.passages.purpose,
        Some(loggvakt::ops::Purpose::Case("R-2026-0001".parse().unwrap()))
    );
    // A reader search needs none, and the next one is recorded under the purpose.
    assert_eq!(
        h.recorded().last().unwrap()["purpose"]["case"],
        "R-2026-0001"
    );
    // A reference that does not exist is refused, and the purpose stays.
    h.ch('p');
    for _ in 0..12 {
        h.key(KeyCode::Backspace);
    }
    h.typed("R-2026-0099");
    h.key(KeyCode::Enter);
    let (_, msg) = h.app.message.clone().unwrap();
    assert!(msg.contains("R-2026-0099"), "{msg}");
    assert_eq!(
        h.app.passages.purpose,
        Some(loggvakt::ops::Purpose::Case("R-2026-0001".parse().unwrap()))
    );
}

fn scopes() -> [Scope; 17] {
    [
        Scope::Requests,
        Scope::RequestEvents,
        Scope::Filters,
        Scope::FilterText,
        Scope::Passages,
        Scope::Welcome,
        Scope::Pmo,
        Scope::Audit,
        Scope::Record,
        Scope::Help,
        Scope::Prompt,
        Scope::Importing,
        Scope::Form,
        Scope::Confirm,
        Scope::Notice,
        Scope::ImportPreview,
        Scope::ImportPick,
    ]
}

#[test]
fn help_lists_every_binding_of_the_focused_pane() {
    let h = Harness::new(0, Lang::Sv);
    for lang in [Lang::Sv, Lang::En] {
        let mut app = h.app.clone();
        app.lang = lang;
        for scope in scopes() {
            let text: String = loggvakt::tui::ui::help_lines(&app, scope)
                .iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
                .join("\n");
            for b in KEYMAP.iter().filter(|b| b.scopes.contains(&scope)) {
                assert!(
                    text.contains(&b.key_label(lang)) && text.contains(b.describe(lang)),
                    "{scope:?}: {} {} missing from\n{text}",
                    b.key_label(lang),
                    b.describe(lang)
                );
            }
            // Text fields take `?` as text; everywhere else it opens help.
            if !scope.is_modal() && scope != Scope::FilterText {
                assert!(
                    text.contains(&Key::Code(KeyCode::Char('?'), KeyModifiers::NONE).label(lang))
                );
            }
        }
    }
}

#[test]
fn help_on_screen_shows_every_key_of_the_passages_pane() {
    let mut h = Harness::new(60, Lang::En);
    h.resize(120, 40);
    h.act(Action::Help);
    assert!(matches!(
        h.app.overlays.last(),
        Some(Overlay::Help {
            scope: Scope::Passages,
            ..
        })
    ));
    let screen = screen_text(&render(&h.app));
    for b in action::bindings_for(Scope::Passages) {
        assert!(
            screen.contains(b.describe(Lang::En)),
            "{}\n{screen}",
            b.describe(Lang::En)
        );
    }
    h.key(KeyCode::Esc);
    assert!(h.app.overlays.is_empty());
}

#[test]
fn status_hints_come_from_the_key_map() {
    let mut h = Harness::new(60, Lang::En);
    h.resize(120, 40);
    let hints = loggvakt::tui::ui::hint_line(&h.app, 120).to_string();
    for b in action::bindings_for(Scope::Passages)
        .into_iter()
        .filter(|b| b.hint)
    {
        assert!(hints.contains(b.describe(Lang::En)), "{hints}");
    }
}

#[test]
fn the_requests_tab_hints_only_what_applies() {
    let mut h = Harness::new(0, Lang::En);
    h.resize(120, 40);
    h.act(Action::GoTab(Tab::Requests));
    let hints = loggvakt::tui::ui::hint_line(&h.app, 120).to_string();
    assert!(hints.contains("a new request"), "{hints}");
    // With no request there is nothing to change, decide or export.
    for not in ["s change the scope", "d decide", "e export"] {
        assert!(!hints.contains(not), "{not}: {hints}");
    }
    h.ch('a');
    assert_eq!(h.app.scope(), Scope::Form);
    let hints = loggvakt::tui::ui::hint_line(&h.app, 120).to_string();
    assert!(hints.contains("Ctrl-S save"), "{hints}");
    // `q` is text in a form, not quit.
    h.ch('q');
    assert!(!h.app.quitting);
    assert_eq!(h.app.scope(), Scope::Form);
}

#[test]
fn every_scope_has_a_way_out() {
    for scope in scopes() {
        let bs = action::bindings_for(scope);
        assert!(
            bs.iter()
                .any(|b| matches!(b.action, Action::Back | Action::Quit)),
            "{scope:?}"
        );
    }
}

#[test]
fn escape_cancels_a_running_import() {
    let mut h = Harness::new(0, Lang::Sv);
    let csv = h.dir.path().join("x.csv");
    std::fs::write(&csv, support::ssm_csv(5)).unwrap();
    h.ch('i');
    assert_eq!(h.app.scope(), Scope::Prompt);
    h.typed(&csv.display().to_string());
    h.key(KeyCode::Enter);
    assert_eq!(h.app.scope(), Scope::ImportPreview);
    let fx = h
        .app
        .on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert!(
        matches!(&fx[..], [Effect::Import(p, _)] if *p == csv),
        "{fx:?}"
    );
    assert_eq!(h.app.scope(), Scope::Importing);
    let fx = h
        .app
        .on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(matches!(&fx[..], [Effect::CancelImport]));
    h.app
        .on_response(Response::ImportDone(Err("x.csv: import cancelled".into())));
    assert!(h.app.overlays.is_empty());
}

#[test]
fn an_import_from_the_screen_fills_the_empty_store() {
    let mut h = Harness::new(0, Lang::Sv);
    assert!(h.app.is_empty_store());
    let csv = h.dir.path().join("in.csv");
    std::fs::write(&csv, support::ssm_csv(30)).unwrap();
    support::import(&mut h.store, &csv);
    let fx = h.app.on_response(Response::ImportDone(Ok("in.csv".into())));
    h.run(fx);
    assert!(!h.app.is_empty_store());
    assert_eq!(h.app.passages.table.count, Some(30));
}

#[test]
fn the_screen_opens_on_the_tab_the_database_suggests() {
    // Only passages: the passages tab, whatever was used last.
    let mut h = Harness::new(60, Lang::Sv);
    assert_eq!(h.app.tab, Tab::Passages);
    h.restart(Some(Tab::Audit));
    assert_eq!(h.app.tab, Tab::Passages);
    // Only a PMO period: the review.
    let mut h = Harness::new(0, Lang::Sv);
    let file = h.dir.path().join("pmo.csv");
    std::fs::write(
        &file,
        "Datum och tid;Användare;Användar-ID;Yrkesroll;Användarens enhet;Personnummer;Elev;Elevens skola;Klass;Journaltyp;Dokument/Vy;Händelse\n\
         2026-10-13 09:30:00;Karin Lind;kali01;Skolsköterska;Exempelskolan F–9;20150312-T123;Liam Andersson;Exempelskolan F–9;4B;EMI-journal;Hälsobesök;Läsa\n",
    )
    .unwrap();
    support::import(&mut h.store, &file);
    h.restart(None);
    assert_eq!(h.app.tab, Tab::Pmo);
    assert_eq!(h.app.scope(), Scope::Pmo);
    // Passages and a PMO period: the tab last used, else passages.
    let csv = h.dir.path().join("ssm.csv");
    std::fs::write(&csv, support::ssm_csv(10)).unwrap();
    support::import(&mut h.store, &csv);
    h.restart(None);
    assert_eq!(h.app.tab, Tab::Passages);
    h.restart(Some(Tab::Audit));
    assert_eq!(h.app.tab, Tab::Audit);
    // A key pressed before the answers are in decides instead.
    let mut h = Harness::new(60, Lang::Sv);
    let mut labels = h.app.labels.clone();
    labels.last_tab = None;
    h.app = loggvakt::tui::app::App::new(
        Lang::Sv,
        loggvakt::tui::theme::Theme::mono(),
        labels,
        support::now(),
    );
    let fx = h.app.start();
    h.ch('4');
    h.run(fx);
    assert_eq!(h.app.tab, Tab::Audit);
}

#[test]
fn open_requests_open_the_requests_tab() {
    let mut h = Harness::new(60, Lang::Sv);
    h.act(Action::GoTab(Tab::Requests));
    h.ch('a');
    for text in [
        "Karin Nyström",
        "Avd 42",
        "",
        "Begäran",
        "Per Öberg",
        "",
        "2026-10-01..2026-10-02",
    ] {
        h.typed(text);
        h.key(KeyCode::Enter);
    }
    h.key(KeyCode::Enter);
    assert!(h.app.overlays.is_empty(), "{:?}", h.app.message);
    h.restart(Some(Tab::Passages));
    assert_eq!(h.app.tab, Tab::Requests);
}

#[test]
fn the_import_prompt_takes_several_quoted_files_and_imports_them_in_turn() {
    let mut h = Harness::new(0, Lang::Sv);
    let a = h.dir.path().join("SSM okt.csv");
    let b = h.dir.path().join("ssm_nov.csv");
    std::fs::write(&a, support::ssm_csv(20)).unwrap();
    std::fs::write(&b, support::ssm_csv(30)).unwrap();
    h.ch('i');
    h.typed(&format!("'{}' {}", a.display(), b.display()));
    h.key(KeyCode::Enter);
    // Each file is previewed before it is imported, the first first.
    let Some(Overlay::ImportPreview(p)) = h.app.overlays.last() else {
        panic!("no preview shown: {:?}", h.app.overlays);
    };
    assert_eq!((p.at, p.files.len()), (0, 2));
    assert_eq!(p.file(), Some(&a));
    let fx = h
        .app
        .on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert!(
        matches!(&fx[..], [Effect::Import(p, _)] if *p == a),
        "{fx:?}"
    );
    let Some(Overlay::Importing(i)) = h.app.overlays.last() else {
        panic!("no progress shown");
    };
    assert_eq!(i.queued, 1);
    // The first is done: the second's preview follows; then the screen shows both.
    h.run(fx);
    let Some(Overlay::ImportPreview(p)) = h.app.overlays.last() else {
        panic!("no second preview: {:?}", h.app.overlays);
    };
    assert_eq!(p.file(), Some(&b));
    h.key(KeyCode::Enter);
    assert!(h.app.overlays.is_empty(), "{:?}", h.app.overlays);
    let (_, m) = h.app.message.clone().unwrap();
    assert!(
        m.contains("SSM okt.csv: 20") && m.contains("ssm_nov.csv"),
        "{m}"
    );
    assert!(!h.app.is_empty_store());
    // An unclosed quote is explained, and the prompt stays.
    h.ch('i');
    h.typed("'halv");
    h.key(KeyCode::Enter);
    let Some(Overlay::Prompt(p)) = h.app.overlays.last() else {
        panic!("the prompt closed");
    };
    assert!(p.note.as_deref().unwrap().contains("inte stängt"));
}

#[test]
fn a_cancelled_import_says_so_in_swedish() {
    let mut h = Harness::new(0, Lang::Sv);
    let (x, y) = (h.dir.path().join("x.csv"), h.dir.path().join("y.csv"));
    std::fs::write(&x, support::ssm_csv(5)).unwrap();
    std::fs::write(&y, support::ssm_csv(5)).unwrap();
    h.ch('i');
    h.typed(&format!("{} {}", x.display(), y.display()));
    h.key(KeyCode::Enter);
    // Enter on the preview starts the import; the loop, not the test, would run it.
    let _ = h
        .app
        .on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    h.key(KeyCode::Esc);
    let fx = h.app.on_response(Response::ImportDone(Err(
        "Importen misslyckades, inget från filen sparades: x.csv: import cancelled; nothing from it was kept".into(),
    )));
    h.run(fx);
    let (_, m) = h.app.message.clone().unwrap();
    assert!(
        m.starts_with("Importen avbröts; inget från filen sparades."),
        "{m}"
    );
    assert!(!m.contains("cancelled"), "{m}");
    // The rest is not imported after a cancel, and not previewed either.
    assert!(m.contains("1 fil importerades inte"), "{m}");
    assert!(h.app.overlays.is_empty(), "{:?}", h.app.overlays);
    assert!(h.app.is_empty_store());
}

#[test]
fn esc_and_a_key_typed_at_once_are_both_taken() {
    let mut h = Harness::new(60, Lang::Sv);
    h.act(Action::FocusFilters);
    // A terminal sends Esc then `4` quickly as Alt+4.
    let fx = h
        .app
        .on_key(KeyEvent::new(KeyCode::Char('4'), KeyModifiers::ALT));
    h.run(fx);
    assert_eq!(h.app.passages.focus, Focus::Table);
    assert_eq!(h.app.tab, Tab::Audit);
}

#[test]
fn the_audit_tab_opens_on_the_newest_entry_and_keeps_the_cursor_while_shown() {
    let mut h = Harness::new(60, Lang::Sv);
    h.act(Action::GoTab(Tab::Audit));
    h.key(KeyCode::Down);
    let below = h.app.audit.selected().unwrap().seq;
    assert!(below < h.app.audit.entries[0].seq);
    // A refresh while the tab is shown leaves the cursor where it is…
    h.run(vec![Effect::Request(Request::Audit { limit: 1000 })]);
    assert_eq!(h.app.audit.selected().unwrap().seq, below);
    // …and coming back to it after more work shows what happened last.
    h.act(Action::GoTab(Tab::Passages));
    h.act(Action::ClearFilters);
    h.act(Action::Bottom);
    h.act(Action::GoTab(Tab::Audit));
    assert_eq!(h.app.audit.scroll.selected, 0);
}

#[test]
fn a_write_that_waits_for_another_process_says_so_in_the_status_line() {
    let mut h = Harness::new(60, Lang::Sv);
    h.app.on_response(Response::Waiting(120));
    let screen = screen_text(&render(&h.app));
    assert!(
        screen.contains("En annan process skriver i databasen"),
        "{screen}"
    );
}

#[test]
fn the_repeated_hour_shows_its_offsets_in_file_order_on_screen() {
    let mut h = Harness::new(0, Lang::En);
    let csv = h.dir.path().join("dst.csv");
    std::fs::write(
        &csv,
        "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn\n\
         2026-10-25;01:50:00;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa\n\
         2026-10-25;02:40:19;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa\n\
         2026-10-25;02:05:33;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa\n\
         2026-10-25;03:15:00;L0142;Läkemedelsrum Avd 42;Godkänd passage;0003401128;Lindqvist, Åsa\n",
    )
    .unwrap();
    support::import(&mut h.store, &csv);
    h.resize(120, 40);
    h.restart(None);
    let screen = screen_text(&h.render());
    let first = screen.find("2026-10-25 02:40:19 (+02)").expect(&screen);
    let second = screen.find("2026-10-25 02:05:33 (+01)").expect(&screen);
    assert!(first < second, "file order within the hour:\n{screen}");
    assert!(
        screen.contains("2026-10-25 01:50:00 ") && !screen.contains("01:50:00 ("),
        "{screen}"
    );
}
