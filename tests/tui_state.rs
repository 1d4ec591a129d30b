//! State transitions of the terminal UI without a terminal: filters, keyset
//! paging, focus, the help overlay and the coalesced audit of searches.

mod support;

use loggvakt::i18n::Lang;
use loggvakt::store::passages::{self, Page, PassageFilter, Resolved};
use loggvakt::tui::action::{self, Action, KEYMAP, Key, Scope, Tab};
use loggvakt::tui::app::{Effect, Focus, Overlay, PromptKind};
use loggvakt::tui::pane::filter::{Field, Row};
use loggvakt::tui::pane::passages::{CHUNK, KEEP};
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
    h.app.focus = Focus::Filters;
    h.app.filter.cursor = h.app.filter.rows().iter().position(|r| *r == want).unwrap();
}

#[test]
fn ticking_a_reader_narrows_rows_and_count_to_that_reader() {
    let mut h = Harness::new(60, Lang::Sv);
    assert_eq!(h.app.passages.count, Some(60));
    h.act(Action::FocusFilters);
    let reader_row = h
        .app
        .filter
        .rows()
        .into_iter()
        .find(|r| matches!(r, Row::Reader(_)))
        .unwrap();
    go_to_row(&mut h, reader_row);
    let Row::Reader(i) = reader_row else {
        unreachable!()
    };
    let name = h.app.filter.readers[i].name.clone();
    h.act(Action::Toggle);
    let count = h.app.passages.count.unwrap();
    assert!(count > 0 && count < 60, "{count}");
    assert!(h.app.passages.rows.iter().all(|r| r.reader_name == name));
    assert_eq!(h.app.passages.rows.len() as u64, count);
    // Ticking it again lifts the filter.
    h.act(Action::Toggle);
    assert_eq!(h.app.passages.count, Some(60));
}

#[test]
fn typing_in_the_reader_search_filters_list_and_passages_as_you_type() {
    let mut h = Harness::new(60, Lang::Sv);
    go_to_row(&mut h, Row::Input(Field::ReaderSearch));
    assert_eq!(h.app.scope(), Scope::FilterText);
    h.typed("läkemedel");
    let visible = h.app.filter.visible_readers();
    assert_eq!(visible.len(), 2);
    let count = h.app.passages.count.unwrap();
    assert!(count > 0 && count < 60);
    assert!(
        h.app
            .passages
            .rows
            .iter()
            .all(|r| r.reader_name.starts_with("Läkemedelsrum"))
    );
    // `q` typed into a field is text, not quit.
    h.ch('q');
    assert!(!h.app.quitting);
    assert_eq!(h.app.filter.reader_search.value(), "läkemedelq");
    assert_eq!(h.app.passages.count, Some(0));
}

#[test]
fn a_half_typed_time_keeps_the_last_result_and_says_what_is_wrong() {
    let mut h = Harness::new(60, Lang::Sv);
    go_to_row(&mut h, Row::Input(Field::From));
    h.typed("2026-10-0");
    assert!(h.app.from_error.is_some());
    assert_eq!(h.app.passages.count, Some(60));
    h.typed("1 09:00");
    assert!(h.app.from_error.is_none(), "{:?}", h.app.from_error);
    let count = h.app.passages.count.unwrap();
    assert!(count < 60);
    assert!(
        h.app
            .passages
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
    assert_eq!(h.app.filter.from.value(), "2026-10-01");
    assert_eq!(h.app.filter.to.value(), "2026-10-31");
    assert_eq!(h.app.passages.count, Some(60));
    h.act(Action::Left);
    h.act(Action::Toggle);
    assert_eq!(h.app.filter.from.value(), "-7d");
    assert_eq!(
        h.app.passages.count,
        Some(0),
        "the data is from October; now is 2 November"
    );
}

#[test]
fn answers_for_an_older_filter_are_dropped() {
    let mut h = Harness::new(60, Lang::Sv);
    h.purpose("Larm Avd 42");
    let old = h.app.generation;
    go_to_row(&mut h, Row::Input(Field::Person));
    let fx = h
        .app
        .on_key(KeyEvent::new(KeyCode::Char('Å'), KeyModifiers::SHIFT));
    assert!(h.app.generation > old);
    // A late page for the old filter arrives before the new one.
    let stale = Response::Page {
        generation: old,
        fill: Fill::First,
        rows: vec![],
        elapsed: Default::default(),
    };
    h.app.on_response(stale);
    assert!(!h.app.passages.loaded, "the stale empty page must not land");
    h.run(fx);
    assert!(h.app.passages.loaded);
    h.typed("sa");
    assert!(h.app.passages.rows.iter().all(|r| r.person.contains("Åsa")));
}

#[test]
fn paging_forwards_walks_every_row_in_time_order_with_a_bounded_buffer() {
    let mut h = Harness::new(1000, Lang::Sv);
    let ids = all_ids(&h);
    let mut seen = vec![h.app.passages.selected_row().unwrap().id];
    for _ in 1..ids.len() {
        h.act(Action::Down);
        assert!(h.app.passages.rows.len() <= KEEP + CHUNK);
        seen.push(h.app.passages.selected_row().unwrap().id);
    }
    assert_eq!(seen, ids);
    assert_eq!(h.app.passages.position(), Some(1000));
    h.act(Action::Down);
    assert_eq!(
        h.app.passages.selected_row().unwrap().id,
        *ids.last().unwrap()
    );
}

#[test]
fn paging_backwards_from_the_end_walks_every_row() {
    let mut h = Harness::new(1000, Lang::Sv);
    let ids = all_ids(&h);
    h.act(Action::Bottom);
    assert_eq!(h.app.passages.position(), Some(1000));
    let mut seen = vec![h.app.passages.selected_row().unwrap().id];
    for _ in 1..ids.len() {
        h.act(Action::Up);
        seen.push(h.app.passages.selected_row().unwrap().id);
    }
    seen.reverse();
    assert_eq!(seen, ids);
    assert_eq!(h.app.passages.position(), Some(1));
    assert!(h.app.passages.at_start);
}

#[test]
fn page_down_fetches_only_pages_never_the_whole_result() {
    let mut h = Harness::new(1000, Lang::Sv);
    let v = h.app.table_rows();
    let mut fetched = 0;
    for _ in 0..20 {
        let fx = h.app.handle(Action::PageDown);
        for e in &fx {
            if let Effect::Request(Request::Page { limit, .. }) = e {
                assert_eq!(*limit, CHUNK);
                fetched += 1;
            }
        }
        h.run(fx);
    }
    assert_eq!(h.app.passages.position(), Some(1 + 20 * (v as u64 - 1)));
    assert!(fetched >= 1);
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
    let first_hit = h.app.passages.selected_row().unwrap().clone();
    assert_eq!(first_hit.card, card);
    h.act(Action::Bottom);
    h.act(Action::SearchPrev);
    let hit = h.app.passages.selected_row().unwrap();
    assert_eq!(hit.card, card);
}

#[test]
fn tab_cycles_between_filters_and_table_and_escape_returns() {
    let mut h = Harness::new(60, Lang::Sv);
    assert_eq!(h.app.focus, Focus::Table);
    h.key(KeyCode::Tab);
    assert_eq!(h.app.focus, Focus::Filters);
    h.key(KeyCode::Tab);
    assert_eq!(h.app.focus, Focus::Table);
    h.key(KeyCode::BackTab);
    assert_eq!(h.app.focus, Focus::Filters);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.focus, Focus::Table);
    h.ch('f');
    assert_eq!(h.app.focus, Focus::Filters);
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
        h.app.overlay,
        Some(Overlay::Prompt {
            kind: PromptKind::Purpose,
            ..
        })
    ));
    assert_eq!(h.recorded().len(), 1);
    h.typed("Larm Avd 42");
    h.key(KeyCode::Enter);
    assert_eq!(h.app.overlay.as_ref().map(|_| ()), None);
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
            .rows
            .iter()
            .all(|r| r.person.contains("Öberg"))
    );
    // The purpose shows in the status bar.
    assert!(screen_text(&h.render()).contains("Larm Avd 42"));
}

fn scopes() -> [Scope; 12] {
    [
        Scope::Requests,
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
        h.app.overlay,
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
    assert!(h.app.overlay.is_none());
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
fn the_requests_tab_hints_new_scope_and_decide() {
    let mut h = Harness::new(0, Lang::En);
    h.resize(120, 40);
    h.act(Action::GoTab(Tab::Requests));
    let hints = loggvakt::tui::ui::hint_line(&h.app, 120).to_string();
    for want in ["a new request", "s change the scope", "d decide"] {
        assert!(hints.contains(want), "{want}: {hints}");
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
    h.ch('i');
    assert_eq!(h.app.scope(), Scope::Prompt);
    h.typed("/tmp/x.csv");
    let fx = h
        .app
        .on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    assert!(matches!(&fx[..], [Effect::Import(p)] if p.to_str() == Some("/tmp/x.csv")));
    assert_eq!(h.app.scope(), Scope::Importing);
    let fx = h
        .app
        .on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(matches!(&fx[..], [Effect::CancelImport]));
    h.app
        .on_response(Response::ImportDone(Err("x.csv: import cancelled".into())));
    assert!(h.app.overlay.is_none());
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
    assert_eq!(h.app.passages.count, Some(30));
}
