//! Swedish means Swedish: no screen drawn in Swedish and no Swedish command
//! output may hold a text that only the English side of a catalogue has.
//! The English texts come from every catalogue's `ALL` list; the screens are the
//! Swedish snapshots (kept current by the snapshot tests); the commands are those
//! the CLI tests run, here with `--lang sv`.

mod common;
mod support;

use std::collections::BTreeSet;

/// Text folded for comparing: lower case, one space between words.
fn norm(s: &str) -> String {
    s.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// English texts, or the parts between their placeholders, that differ from
/// every Swedish text and are long enough to mean something: two words or six
/// letters, and not words Swedish uses too.
fn english_only() -> Vec<String> {
    let all = loggvakt::i18n::every_text();
    let swedish: Vec<String> = all.iter().map(|(sv, _)| norm(sv)).collect();
    let mut out = BTreeSet::new();
    for (sv, en) in &all {
        if sv == en {
            continue;
        }
        for part in en.split("{}") {
            let part =
                norm(part.trim_matches(|c: char| !c.is_alphanumeric() && c != '«' && c != '»'));
            let letters = part.chars().filter(|c| c.is_alphabetic()).count();
            let words = part.split(' ').filter(|w| !w.is_empty()).count();
            if letters == 0 || (words < 2 && letters < 6) {
                continue;
            }
            if swedish.iter().any(|s| s.contains(&part)) {
                continue;
            }
            out.insert(part);
        }
    }
    out.into_iter().collect()
}

const PMO: &str = "Datum och tid;Användare;Användar-ID;Yrkesroll;Användarens enhet;Personnummer;Elev;Elevens skola;Klass;Journaltyp;Dokument/Vy;Händelse
2026-10-13 09:30:00;Karin Lind;kali01;Skolsköterska;Exempelskolan F–9;20150312-T123;Liam Andersson;Exempelskolan F–9;4B;EMI-journal;Hälsobesök;Läsa
2026-10-17 22:47:31;Sara Berg;sabe07;Specialpedagog;Exempelskolan F–9;20150312-T125;Liam Berg;Exempelskolan F–9;4B;Elevakt;Journalöversikt;Läsa
";

/// English texts that stand as words in `text`: a match inside a longer word or
/// an identifier (`"readers":`, `reader=Läsare`, `same_surname`) is not prose.
fn english_in(text: &str, english: &[String]) -> Vec<String> {
    let text = norm(text);
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || "_\"=-→".contains(c));
    english
        .iter()
        .filter(|e| {
            text.match_indices(e.as_str()).any(|(at, m)| {
                let before = text[..at].chars().next_back();
                let after = text[at + m.len()..].chars().next();
                !ident(before) && !ident(after)
            })
        })
        .cloned()
        .collect()
}

#[test]
fn the_english_only_texts_are_many_and_swedish_ones_are_not_among_them() {
    let english = english_only();
    assert!(english.len() > 200, "{}", english.len());
    assert!(
        english.contains(&"every use of loggvakt is recorded in its own audit trail".to_owned())
    );
    assert!(!english.iter().any(|e| e == "passage" || e == "system"));
}

#[test]
fn the_check_finds_english_where_there_is_some() {
    let english = english_only();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let screen =
        std::fs::read_to_string(dir.join("tui_snapshots__passages_en_80x24.snap")).unwrap();
    let found = english_in(&screen, &english);
    assert!(found.len() >= 3, "{found:?}");
    assert!(english_in("Sparades inte: no such row", &english).is_empty());
    assert_eq!(english_in("fel: Not saved: x", &english), ["not saved"]);
}

#[test]
fn no_swedish_screen_holds_english() {
    let english = english_only();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut checked = 0;
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".snap") || !name.contains("_sv_") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // The screen is what follows the snapshot's header.
        let screen = text.splitn(3, "---").nth(2).unwrap_or(&text);
        let screen: String = screen
            .chars()
            .map(|c| {
                if "│┃┌┐└┘┏┓┗┛─━\"".contains(c) {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        for e in english_in(&screen, &english) {
            found.push(format!("{name}: {e}"));
        }
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} Swedish screens");
    assert!(
        found.is_empty(),
        "English on Swedish screens:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_swedish_command_output_holds_english() {
    let english = english_only();
    let env = common::Env::new();
    let run = |args: &[&str]| -> String {
        let out = env
            .cmd()
            .arg("--lang")
            .arg("sv")
            .args(args)
            .output()
            .expect("the binary runs");
        format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let ssm = env.write("SSM_passager.txt", common::SSM);
    let pmo = env.write("pmo.csv", PMO);
    let ssm = ssm.display().to_string();
    let pmo = pmo.display().to_string();
    let record = env.dir.path().join("granskning.pdf").display().to_string();
    let extract = env.dir.path().join("utdrag.csv").display().to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["import", &ssm],
        vec!["import", &ssm],
        vec!["import", &pmo],
        vec![
            "query",
            "--reader",
            "Läkemedelsrum Avd 42",
            "--from",
            "2026-10-15 22.00",
            "--to",
            "2026-10-16 06.00",
        ],
        vec!["query", "--from", "14 okt 25"],
        vec!["query", "--person", "Ingen Alls"],
        vec!["query", "--person", "Ingen Alls", "--reason", "Larm Avd 42"],
        vec!["readers"],
        vec!["persons"],
        vec![
            "request",
            "new",
            "--requester",
            "Karin Nyström",
            "--unit",
            "Avd 42",
            "--reason",
            "theft",
            "--text",
            "Begäran",
            "--person",
            "100234",
            "--reader",
            "Läkemedelsrum",
            "--from",
            "2026-10-14",
            "--to",
            "2026-10-16",
        ],
        vec!["request", "list"],
        vec!["request", "show", "R-2026-0001"],
        vec!["request", "events", "R-2026-0001"],
        vec!["review", "periods"],
        vec!["review", "list"],
        vec!["review", "mark", "1", "--verdict", "deviation"],
        vec![
            "review",
            "escalate",
            "1",
            "--to",
            "verksamhetschef",
            "--ref",
            "VC-1",
        ],
        vec![
            "review",
            "signoff",
            "--period",
            "2026-10",
            "--consulted",
            "EHT",
        ],
        vec!["review", "mark", "2", "--verdict", "ok"],
        vec![
            "review",
            "signoff",
            "--period",
            "2026-10",
            "--consulted",
            "EHT",
        ],
        vec!["review", "mark", "1", "--verdict", "ok"],
        vec!["review", "export", "--period", "2026-10", "--out", &record],
        vec!["request", "export", "R-2026-0001", "--out", &extract],
        vec!["request", "export", "R-2026-0001", "--out", &extract],
        vec![
            "request",
            "decide",
            "R-2026-0001",
            "--outcome",
            "oral",
            "--note",
            "Sagt till Karin",
        ],
        vec!["request", "edit", "R-2026-0001", "--add-person", "Per"],
        vec!["counts", "--from", "2026-10-14", "--to", "2026-10-16"],
        vec!["profiles"],
        vec!["audit", "who", "Åsa Lindqvist"],
        vec!["audit", "list"],
        vec!["audit", "verify"],
        vec!["purge", "--dry-run"],
    ];
    let mut found = BTreeSet::new();
    for args in &commands {
        let text = run(args);
        for e in english_in(&text, &english) {
            found.insert((args[..2.min(args.len())].join(" "), e));
        }
    }
    let known: BTreeSet<(String, String)> = KNOWN_CLI_LEAKS
        .iter()
        .map(|(c, e)| ((*c).to_owned(), (*e).to_owned()))
        .collect();
    let new: Vec<_> = found.difference(&known).collect();
    assert!(
        new.is_empty(),
        "English in Swedish command output:\n{new:#?}"
    );
    // A leak that is gone must leave the list too, so it only ever shrinks.
    let gone: Vec<_> = known.difference(&found).collect();
    assert!(
        gone.is_empty(),
        "fixed; remove from KNOWN_CLI_LEAKS: {gone:#?}"
    );
}

/// English the Swedish commands still print. Nothing may be added here; each
/// entry goes when its text is translated.
const KNOWN_CLI_LEAKS: &[(&str, &str)] = &[
    // A profile's title is the profile file's own text (`title = "Kom & Gå stamps"`),
    // in the one language its author wrote; a Swedish title needs a key for it in
    // the profile format.
    ("profiles", "kom & gå stamps"),
];
