//! Hostile text in an imported file (control characters, ESC/CSI/OSC sequences,
//! C1 controls, bidi overrides, bare CR), in its cells and in its very name,
//! never reaches the command line's output in any format.

mod common;

use common::Env;
use loggvakt::audit::Actor;
use loggvakt::import::profile::Profiles;
use loggvakt::ops::import::{Options, import_file};
use loggvakt::store::{Sharing, Store};
use proptest::prelude::*;

fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[a-zA-ZåäöÅÄÖ 0-9]{1,6}",
            Just("\u{1b}]0;pwned\u{7}".to_owned()),
            Just("\u{1b}]52;c;cm0gLXJmIH4=\u{1b}\\".to_owned()),
            Just("\u{1b}]8;;http://x.example/\u{1b}\\".to_owned()),
            Just("\u{1b}]0;unterminated".to_owned()),
            Just("\u{1b}[2J\u{1b}[31m\u{1b}[1A\u{1b}[6n".to_owned()),
            Just("\u{1b}P1$r\u{1b}\\\u{1b}_apc\u{1b}^pm".to_owned()),
            Just("\u{9b}1m\u{9d}0;t\u{9c}".to_owned()),
            Just("ok\rFALSE".to_owned()),
            Just("\t\u{8}\u{7f}\u{0}".to_owned()),
            Just("\u{202e}\u{202a}\u{2066}\u{2069}\u{200f}\u{61c}".to_owned()),
            "[\\x01-\\x1f\\x7f\\u{80}-\\u{9f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}]{1,3}",
        ],
        1..5,
    )
    .prop_map(|parts| parts.concat())
}

/// A field quoted for a `;`-separated file, so CR, LF and `;` stay inside it.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The first character of `out` that must not reach a terminal, if any.
fn hazard_in(out: &str) -> Option<(usize, char)> {
    out.char_indices().find(|&(_, c)| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
    })
}

fn check_outputs(env: &Env, file: &str) {
    let runs: [&[&str]; 9] = [
        &["import", "--skip-bad", file],
        &["query", "--format", "table"],
        &["query", "--format", "csv"],
        &["query", "--format", "json"],
        &["readers", "--format", "table"],
        &["readers", "--format", "json"],
        &["persons", "--format", "csv"],
        &["audit", "list", "--format", "table"],
        &["audit", "list", "--format", "json"],
    ];
    for args in runs {
        let out = env.cmd().env("COLUMNS", "400").args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8(bytes.clone()).expect("UTF-8 output");
            if let Some((at, c)) = hazard_in(&text) {
                panic!(
                    "{args:?} {stream}: {c:?} at byte {at} in {:?}",
                    &text[at.saturating_sub(40)..(at + 40).min(text.len())]
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn hostile_text_never_reaches_cli_output(
        door in hostile(),
        person in hostile(),
        event in hostile(),
        card in hostile(),
        name in hostile(),
    ) {
        let env = Env::new();
        let mut csv = String::from("Datum;Tid;Dörr;Kortinnehavare;Kortnummer;Händelse\n");
        csv += &format!("2026-10-14;07:52:13;{};{};{};{}\n", quoted(&door), quoted(&person), quoted(&card), quoted(&event));
        csv += &format!("2026-10-14;07:53:00;{};{};0003401128;Godkänd passage\n", quoted(&door), quoted(&person));
        // The file's own name is shown too; only `/` cannot be in it.
        let file_name = format!("{}.csv", name.replace(['/', '\0'], "_"));
        let path = env.write(&file_name, csv);

        let mut store = Store::open(&env.db, Sharing::default()).unwrap();
        let report = import_file(
            &mut store,
            &Profiles::builtin(),
            &Actor::current(),
            &path,
            &Options { skip_bad: true, ..Options::default() },
            &mut |_| {},
        )
        .unwrap();
        drop(store);
        prop_assert!(report.imported >= 1, "{report:?}");
        check_outputs(&env, &path.display().to_string());
    }
}
