//! The screen's import: `i`, the paths, and a preview of each file (what
//! `import --dry-run` prints) that imports only on Enter, where another profile,
//! a column's field or the date order can be chosen first. Screens at 80×24 and
//! 120×40 in Swedish and English; the store is read back on its own connection.

mod support;

use loggvakt::i18n::Lang;
use loggvakt::tui::action::Scope;
use loggvakt::tui::overlay::Overlay;
use loggvakt::tui::overlay::preview::{ImportPreview, State};
use ratatui::crossterm::event::KeyCode;
use std::path::{Path, PathBuf};
use support::Harness;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const LANGS: [Lang; 2] = [Lang::Sv, Lang::En];

/// A layout no profile knows: the columns must be named by hand.
const OWN_LAYOUT: &str = "När;Var;Vem\n\
    2026-10-01 06:00:00;Huvudentré;Lindqvist, Åsa\n\
    2026-10-01 06:07:00;Kulvert Syd;Öberg, Per\n";

/// A Unison report whose dates read day first as well as month first.
const UNISON_EITHER_WAY: &str = "\"Date/Time\",\"Event Type\",\"Event Description\",\"Site\",\"Door\",\"Reader\",\"Cardholder\",\"User ID\",\"Card Number\"\r\n\
    \"03/11/2026 2:05:09 PM\",\"Access Granted\",\"Valid card\",\"Sjukhuset\",\"Huvudentré\",\"LÄS-01-01\",\"Åsa Lindqvist\",\"100234\",\"3401128\"\r\n\
    \"04/11/2026 9:00:00 AM\",\"Access Granted\",\"Valid card\",\"Sjukhuset\",\"Huvudentré\",\"LÄS-01-01\",\"Åsa Lindqvist\",\"100234\",\"3401128\"\r\n";

fn write(h: &Harness, name: &str, text: &str) -> PathBuf {
    let path = h.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// `i`, the paths as typed, Enter: the preview of the first file.
fn preview_of(h: &mut Harness, files: &[&Path]) {
    h.ch('i');
    let typed: Vec<String> = files.iter().map(|f| format!("'{}'", f.display())).collect();
    h.typed(&typed.join(" "));
    h.key(KeyCode::Enter);
    assert_eq!(h.app.scope(), Scope::ImportPreview, "{:?}", h.app.overlays);
}

fn preview(h: &Harness) -> &ImportPreview {
    match h.app.overlays.last() {
        Some(Overlay::ImportPreview(p)) => p,
        other => panic!("no preview on top: {other:?}"),
    }
}

/// Files the store holds, counted on a connection of its own.
fn files_in_store(h: &Harness) -> i64 {
    let db = rusqlite::Connection::open(&h.db).unwrap();
    db.query_row("SELECT count(*) FROM source_file", [], |r| r.get(0))
        .unwrap()
}

fn imports_audited(h: &Harness) -> usize {
    loggvakt::store::audit::all(h.store.trail())
        .unwrap()
        .iter()
        .filter(|e| e.action == "import")
        .count()
}

/// Runs `f` on a fresh empty store for every size and language.
fn each(f: impl Fn(&mut Harness, &str)) {
    for lang in LANGS {
        for (w, hgt) in SIZES {
            let mut h = Harness::new(0, lang);
            h.resize(w, hgt);
            f(&mut h, &format!("{lang}_{w}x{hgt}"));
        }
    }
}

#[test]
fn the_preview_shows_what_the_dry_run_prints() {
    each(|h, s| {
        let f = write(
            h,
            "SSM_oktober_passager_avdelning_42.csv",
            &support::ssm_csv(30),
        );
        preview_of(h, &[&f]);
        assert!(matches!(preview(h).state, State::Ready(_)));
        h.snap(&format!("import_preview_{s}"));
    });
}

#[test]
fn a_long_preview_scrolls_to_its_last_sample_row() {
    each(|h, s| {
        let f = write(h, "ssm.csv", &support::ssm_csv(30));
        preview_of(h, &[&f]);
        let before = support::screen_text(&h.render());
        for _ in 0..40 {
            h.key(KeyCode::Down);
        }
        let after = support::screen_text(&h.render());
        // The last of the five sample rows is in sight, and no scroll goes past it.
        assert!(after.contains("2026-10-01 06:28:00"), "{after}");
        if s.ends_with("80x24") {
            assert_ne!(before, after);
        }
        h.key(KeyCode::Down);
        assert_eq!(support::screen_text(&h.render()), after);
        h.snap(&format!("import_preview_end_{s}"));
    });
}

#[test]
fn a_refused_file_shows_why_in_full_and_offers_the_choices() {
    each(|h, s| {
        let f = write(h, "egen.csv", OWN_LAYOUT);
        preview_of(h, &[&f]);
        assert!(matches!(preview(h).state, State::Refused(_)));
        h.snap(&format!("import_refused_{s}"));
    });
}

#[test]
fn another_profile_is_chosen_from_a_list_and_the_preview_follows() {
    each(|h, s| {
        let f = write(h, "ssm.csv", &support::ssm_csv(30));
        preview_of(h, &[&f]);
        h.ch('p');
        assert_eq!(h.app.scope(), Scope::ImportPick);
        h.snap(&format!("import_pick_profile_{s}"));
        let profiles = preview(h).profiles.clone();
        let salto = profiles.iter().position(|p| p == "salto").unwrap();
        // The list opens on "automatic"; the profiles follow in the order ops lists them.
        for _ in 0..=salto {
            h.key(KeyCode::Down);
        }
        h.key(KeyCode::Enter);
        assert_eq!(preview(h).choice.system.as_deref(), Some("salto"));
        h.snap(&format!("import_other_profile_{s}"));
    });
}

#[test]
fn enter_imports_the_previewed_file_and_only_then() {
    let mut h = Harness::new(0, Lang::Sv);
    let f = write(&h, "ssm.csv", &support::ssm_csv(30));
    preview_of(&mut h, &[&f]);
    // Looking is not importing.
    assert_eq!(files_in_store(&h), 0);
    assert_eq!(imports_audited(&h), 0);
    h.key(KeyCode::Enter);
    assert!(h.app.overlays.is_empty(), "{:?}", h.app.overlays);
    assert_eq!(files_in_store(&h), 1);
    assert_eq!(imports_audited(&h), 1);
    assert_eq!(h.app.passages.table.count, Some(30));
    let (_, m) = h.app.message.clone().unwrap();
    assert!(m.contains("ssm.csv: 30 importerade"), "{m}");
}

#[test]
fn escape_in_the_preview_imports_nothing() {
    let mut h = Harness::new(0, Lang::En);
    let a = write(&h, "a.csv", &support::ssm_csv(10));
    let b = write(&h, "b.csv", &support::ssm_csv(20));
    preview_of(&mut h, &[&a, &b]);
    h.key(KeyCode::Esc);
    assert!(h.app.overlays.is_empty());
    assert_eq!(files_in_store(&h), 0);
    assert_eq!(imports_audited(&h), 0);
    assert!(h.app.is_empty_store());
    let (_, m) = h.app.message.clone().unwrap();
    assert!(m.contains("2 files not imported"), "{m}");
}

#[test]
fn a_skipped_file_is_left_out_and_the_next_is_previewed() {
    let mut h = Harness::new(0, Lang::En);
    let a = write(&h, "a.csv", &support::ssm_csv(10));
    let b = write(
        &h,
        "b.csv",
        "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr;Avdelning\n2026-11-01;07:00:00;L-042;Läkemedelsrum Avd 42;Passage godkänd;0003401128;Lindqvist, Åsa;10234;Avd 42\n",
    );
    preview_of(&mut h, &[&a, &b]);
    h.ch('s');
    assert_eq!(preview(&h).file(), Some(&b));
    assert_eq!(preview(&h).at, 1);
    h.key(KeyCode::Enter);
    assert!(h.app.overlays.is_empty());
    assert_eq!(files_in_store(&h), 1);
    assert_eq!(h.app.passages.table.count, Some(1));
    let (_, m) = h.app.message.clone().unwrap();
    assert!(
        m.contains("b.csv: 1 imported") && m.contains("1 file skipped"),
        "{m}"
    );
}

#[test]
fn a_refused_file_is_never_imported_until_its_columns_are_named() {
    let mut h = Harness::new(0, Lang::En);
    let f = write(&h, "own.csv", OWN_LAYOUT);
    preview_of(&mut h, &[&f]);
    // Enter on a refusal imports nothing and the preview stays.
    h.key(KeyCode::Enter);
    assert!(matches!(preview(&h).state, State::Refused(_)));
    assert_eq!(files_in_store(&h), 0);
    assert_eq!(preview(&h).columns, ["När", "Var", "Vem"]);
    // m: the column, then the field it holds, as --map FIELD=HEADER.
    for (column, field) in [(0, "timestamp"), (1, "door"), (2, "person")] {
        h.ch('m');
        assert_eq!(h.app.scope(), Scope::ImportPick);
        for _ in 0..column {
            h.key(KeyCode::Down);
        }
        h.key(KeyCode::Enter);
        let fields = loggvakt::import::profile::Field::PASSAGE;
        let at = fields.iter().position(|f| f.name() == field).unwrap();
        // "not imported" comes first.
        for _ in 0..=at {
            h.key(KeyCode::Down);
        }
        h.key(KeyCode::Enter);
    }
    let maps: Vec<(String, String)> = preview(&h)
        .choice
        .maps
        .iter()
        .map(|(f, c)| (f.name(), c.clone()))
        .collect();
    assert_eq!(
        maps,
        [
            ("timestamp".to_owned(), "När".to_owned()),
            ("door".to_owned(), "Var".to_owned()),
            ("person".to_owned(), "Vem".to_owned())
        ]
    );
    assert!(
        matches!(&preview(&h).state, State::Ready(p) if p.rows == 2),
        "{:?}",
        preview(&h).state
    );
    h.key(KeyCode::Enter);
    assert_eq!(files_in_store(&h), 1);
    assert_eq!(h.app.passages.table.count, Some(2));
}

#[test]
fn dates_that_read_either_way_wait_for_the_date_order() {
    let mut h = Harness::new(0, Lang::Sv);
    let f = write(&h, "unison.csv", UNISON_EITHER_WAY);
    preview_of(&mut h, &[&f]);
    let State::Refused(why) = &preview(&h).state else {
        panic!("ambiguous dates were guessed: {:?}", preview(&h).state);
    };
    assert!(why.contains("inget datum i filen avgör"), "{why}");
    // d: automatic → dmy.
    h.ch('d');
    let State::Ready(p) = &preview(&h).state else {
        panic!("dmy did not read: {:?}", preview(&h).state);
    };
    assert_eq!(
        p.first.unwrap().to_string(),
        "2026-11-03 14:05:09",
        "day first"
    );
    // dmy → mdy: the same text, another day.
    h.ch('d');
    let State::Ready(p) = &preview(&h).state else {
        panic!("mdy did not read");
    };
    assert_eq!(p.first.unwrap().to_string(), "2026-03-11 14:05:09");
    h.key(KeyCode::Enter);
    assert_eq!(files_in_store(&h), 1);
    let text = support::screen_text(&h.render());
    assert!(text.contains("2026-03-11"), "{text}");
}

#[test]
fn the_preview_hints_only_the_keys_that_apply() {
    let mut h = Harness::new(0, Lang::En);
    let f = write(&h, "own.csv", OWN_LAYOUT);
    h.resize(120, 40);
    preview_of(&mut h, &[&f]);
    let hints = loggvakt::tui::ui::hint_line(&h.app, 120).to_string();
    assert!(!hints.contains("import this file"), "{hints}");
    for k in [
        "skip this file",
        "another profile",
        "map a column",
        "date order",
        "cancel the rest",
    ] {
        assert!(hints.contains(k), "{k}: {hints}");
    }
}

#[test]
fn text_from_the_file_reaches_no_cell_with_controls_in_it() {
    let hazards = |h: &Harness| {
        let t = h.render();
        let found: Vec<String> = t
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol().to_owned())
            .filter(|s| s.chars().any(loggvakt::text::is_hazard))
            .collect();
        assert!(found.is_empty(), "{found:?}");
    };
    let mut h = Harness::new(0, Lang::En);
    let name = "ev\u{1b}]0;pwned\u{7}il\u{202e}.csv";
    let readable = write(
        &h,
        name,
        "Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr;Avdelning\n\
         2026-10-14;07:52:13;L-042;Läkemedelsrum\u{1b}[31m Avd 42;Passage godkänd;0003401128;\"Lindqvist,\u{1b}]0;x\u{7} Åsa\";10234;Avd 42\n",
    );
    let refused = write(
        &h,
        "own.csv",
        "När\u{1b}[2J;Var\u{9b}1m;Vem\u{202e}\n2026-10-01 06:00:00;Huvud\u{1b}[31mentré;Åsa\n",
    );
    preview_of(&mut h, &[&readable, &refused]);
    hazards(&h);
    h.ch('p');
    hazards(&h);
    h.key(KeyCode::Esc);
    h.ch('s');
    assert_eq!(preview(&h).file(), Some(&refused));
    hazards(&h);
    h.ch('m');
    hazards(&h);
    h.key(KeyCode::Enter);
    hazards(&h);
}

#[test]
fn a_weak_match_is_refused_until_the_profile_is_picked() {
    let mut h = Harness::new(0, Lang::En);
    let f = write(
        &h,
        "export.csv",
        "Tidpunkt;Dörr;Kort\n2026-10-14 07:52;Förråd;x1\n2026-10-14 07:53;Förråd;x2\n",
    );
    preview_of(&mut h, &[&f]);
    let State::Refused(why) = &preview(&h).state else {
        panic!("a weak match was taken: {:?}", preview(&h).state);
    };
    assert!(
        why.contains("look only a little like an export from ssm"),
        "{why}"
    );
    // The whole refusal is on the screen, however it wraps.
    let words = support::words_on(&h.render());
    assert!(words.contains("run again with --system ssm"), "{words}");
    h.key(KeyCode::Enter);
    assert_eq!(files_in_store(&h), 0);
    // p, the profile the refusal names: the file reads, and Enter imports it.
    h.ch('p');
    let at = preview(&h)
        .profiles
        .iter()
        .position(|p| p == "ssm")
        .unwrap();
    for _ in 0..=at {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    assert!(
        matches!(&preview(&h).state, State::Ready(p) if p.rows == 2 && p.recognition.asked),
        "{:?}",
        preview(&h).state
    );
    h.key(KeyCode::Enter);
    assert_eq!(files_in_store(&h), 1);
    assert_eq!(h.app.passages.table.count, Some(2));
}
