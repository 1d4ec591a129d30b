//! Every PDF the tool makes, read back with poppler: names in Latin with diacritics, Greek,
//! Cyrillic, Arabic and Vietnamese come out as the store holds them, in both languages;
//! every font is embedded and subset; the metadata and the PDF/A-2 identification are set;
//! the PMO record keeps a Kommentar column of at least 60 mm and many rows to a page.

mod common;
mod poppler;

use common::{Env, sample};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// (as exported, employee id, register form with id as the scope shows it)
const PEOPLE: [(&str, &str, &str); 6] = [
    (
        "Wiśniewski, Łukasz",
        "200001",
        "Wiśniewski, Łukasz (200001)",
    ),
    ("Şahin, Ayşe", "200002", "Şahin, Ayşe (200002)"),
    ("Nguyễn, Thị Hương", "200003", "Nguyễn, Thị Hương (200003)"),
    (
        "Παπαδόπουλος, Γιώργος",
        "200004",
        "Παπαδόπουλος, Γιώργος (200004)",
    ),
    ("Кузнецов, Дмитрий", "200005", "Кузнецов, Дмитрий (200005)"),
    ("حداد, عمر", "200006", "حداد, عمر (200006)"),
];

const LETTER: &str = "Begäran om passager för sex medarbetare.\nSkäl: misstänkt stöld ur läkemedelsrummet på Avd 42.";

fn passages() -> String {
    let mut out =
        String::from("Datum;Tid;Läsare;Dörr;Händelse;Kortnummer;Namn;Anst.nr;Avdelning\r\n");
    for (i, (name, emp, _)) in PEOPLE.iter().enumerate() {
        for day in 14..=15 {
            out.push_str(&format!(
                "2026-10-{day};07:5{i}:1{i};L0142;Läkemedelsrum Avd 42;Godkänd passage;00034011{i}0;{name};{emp};Avd 42\r\n"
            ));
        }
        // Another door, outside the scope.
        out.push_str(&format!(
            "2026-10-14;12:0{i}:00;L0001;Personalingång Hus 1;Godkänd passage;00034011{i}0;{name};{emp};Avd 42\r\n"
        ));
    }
    out
}

struct Request {
    env: Env,
    reference: String,
    letter: PathBuf,
}

fn request() -> Request {
    let env = Env::new();
    env.import(&[&env.write("ssm.txt", passages())]);
    let letter = env.write("begaran.txt", LETTER);
    let mut new = env.cmd();
    new.args([
        "request",
        "new",
        "--requester",
        "Karin Nyström",
        "--unit",
        "Avd 42",
    ])
    .args(["--reason", "theft", "--text", LETTER])
    .args(["--reader", "läkemedelsrum avd 42"])
    .args(["--from", "2026-10-01", "--to", "2026-10-31"])
    .arg("--attach")
    .arg(&letter);
    for (name, _, _) in PEOPLE {
        new.args(["--person", name]);
    }
    let out = new.assert().success();
    let reference = String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .to_owned();
    env.cmd()
        .args(["request", "decide", &reference, "--outcome", "written"])
        .args([
            "--note",
            "Utlämnat till polisen; ärendet följs upp av Şahin",
        ])
        .args(["--police", "K-2026-12345"])
        .assert()
        .success();
    Request {
        env,
        reference,
        letter,
    }
}

fn export(env: &Env, args: &[&str], name: &str) -> PathBuf {
    let out = env.dir.path().join(name);
    env.cmd()
        .args(args)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    out
}

fn check_fonts_and_metadata(pdf: &Path, title: &str, lang: &str) {
    let fonts = poppler::fonts(pdf);
    assert!(!fonts.is_empty(), "no fonts listed");
    for (name, embedded, subset, unicode) in &fonts {
        assert!(
            *embedded && *subset && *unicode,
            "{name}: emb {embedded} sub {subset} uni {unicode}"
        );
        assert!(name.contains("DejaVuSansCondensed"), "{name}");
    }
    assert_eq!(poppler::info(pdf, "Title"), title);
    assert_eq!(poppler::info(pdf, "Author"), os_user());
    assert!(!poppler::info(pdf, "CreationDate").is_empty());
    assert!(poppler::info(pdf, "Page size").contains("841.89 x 595.28"));
    let xmp = poppler::xmp(pdf);
    assert!(
        xmp.contains("<pdfaid:part>2</pdfaid:part>"),
        "PDF/A-2: {xmp}"
    );
    assert!(xmp.contains("<pdfaid:conformance>U</pdfaid:conformance>"));
    assert!(
        xmp.contains(&format!("<rdf:li>{lang}</rdf:li>")),
        "language {lang}"
    );
}

/// The exporting user as the audit trail names them (the OS user of this process).
fn os_user() -> String {
    let out = std::process::Command::new("id")
        .arg("-un")
        .output()
        .expect("id -un");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn the_request_extract_prints_every_name_reader_and_the_request_as_stored() {
    if !poppler::available("the_request_extract_prints_every_name_reader_and_the_request_as_stored")
    {
        return;
    }
    let r = request();
    let env = &r.env;
    let out = env
        .cmd()
        .args(["request", "events", &r.reference, "--format", "json"])
        .assert()
        .success();
    let events: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    let rows: Vec<Value> = events["rows"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        rows.len(),
        12,
        "two passages of each of six people at the scoped door"
    );
    let bytes = std::fs::read(&r.letter).unwrap();
    let sha = hex::encode(Sha256::digest(&bytes));
    for (lang, title, locale) in [
        ("sv", format!("Passageuttag {}", r.reference), "sv-SE"),
        ("en", format!("Passage extract {}", r.reference), "en"),
    ] {
        let pdf = export(
            env,
            &["--lang", lang, "request", "export", &r.reference],
            &format!("uttag-{lang}.pdf"),
        );
        check_fonts_and_metadata(&pdf, &title, locale);
        let text = poppler::text(&pdf);
        // The scope as stored: the reader's stored name, people in register order.
        assert!(text.contains("Läkemedelsrum Avd 42"), "{text}");
        assert!(
            !text.contains("läkemedelsrum avd 42"),
            "the reader as typed"
        );
        for (_, _, register) in PEOPLE {
            assert!(
                text.contains(register),
                "{lang}: {register} missing in {text}"
            );
        }
        // Each row as the store holds it: time, door and person with employee id.
        for row in &rows {
            let time = row["time"].as_str().unwrap().replace('T', " ");
            let person = format!(
                "{} ({})",
                row["person"].as_str().unwrap(),
                row["employee_id"].as_str().unwrap()
            );
            assert!(text.contains(&time), "{lang}: {time}");
            assert!(text.contains(&person), "{lang}: {person} missing in {text}");
        }
        assert!(!text.contains("Personalingång"), "a door outside the scope");
        // The request: the reason in words, the letter, the attachment, the decision.
        let reason = if lang == "sv" {
            "Skäl misstänkt stöld"
        } else {
            "Reason suspected theft"
        };
        assert!(text.contains(reason));
        assert!(!text.contains("Reason theft"));
        for line in LETTER.lines() {
            assert!(
                text.contains(&line.split_whitespace().collect::<Vec<_>>().join(" ")),
                "{lang}: letter line {line}"
            );
        }
        assert!(text.contains("begaran.txt"));
        assert!(text.contains(&bytes.len().to_string()));
        assert!(text.contains(&sha), "{lang}: attachment SHA-256");
        assert!(text.contains("Utlämnat till polisen; ärendet följs upp av Şahin"));
        assert!(text.contains("K-2026-12345"));
        assert!(!text.contains('?'), "no character was lost: {text}");
    }
}

#[test]
fn arabic_reads_in_written_order_and_joins() {
    if !poppler::available("arabic_reads_in_written_order_and_joins") {
        return;
    }
    let r = request();
    let pdf = export(&r.env, &["request", "export", &r.reference], "uttag.pdf");
    let text = poppler::text(&pdf);
    // The stored name is "عمر حداد"; the first written word comes first in the text.
    assert!(text.contains("عمر حداد (200006)"), "{text}");
    assert!(!text.contains("رمع"), "a word reversed");
}

/// A small PMO month whose names use every script, with long typed comments.
fn pmo_month(env: &Env) -> Vec<Value> {
    let rows = [
        "2026-10-14 08:12:44;Nguyễn Thị Hương;ngth01;Skolsköterska;Exempelskolan F–9;20150312-T123;Şahin Ayşe;Exempelskolan F–9;4B;EMI-journal;Hälsobesök åk 4;Läsa",
        "2026-10-14 08:13:02;Wiśniewski Łukasz;wilu01;Kurator;Exempelskolan F–9;20150312-T124;Παπαδόπουλος Γιώργος;Exempelskolan F–9;4B;Kuratorsjournal;Samtal;Skriva",
        "2026-10-15 13:40:10;Кузнецов Дмитрий;kudm01;Skolpsykolog;Bergsskolan 7–9;20120907-T125;حداد عمر;Exempelskolan F–9;7A;Psykologjournal;Utredning;Utskrift",
        "2026-10-18 22:47:31;Sara Berg;sabe07;Specialpedagog;Exempelskolan F–9;20150312-T126;Liam Berg;Exempelskolan F–9;4B;Elevakt;Journalöversikt;Läsa",
    ];
    let mut csv = String::from(
        "Datum och tid;Användare;Användar-ID;Yrkesroll;Användarens enhet;Personnummer;Elev;Elevens skola;Klass;Journaltyp;Dokument/Vy;Händelse\r\n",
    );
    for r in rows {
        csv.push_str(r);
        csv.push_str("\r\n");
    }
    env.import(&[&env.write("pmo.csv", csv)]);
    let listed = env.json(&["review", "list", "--period", "2026-10"]);
    for (i, row) in listed.iter().enumerate() {
        let comment = if i == 0 {
            // 90 characters: it must wrap at spaces, never inside verksamhetschef.
            "Läst utan vårdkontakt enligt EHT; anmält till verksamhetschef och utreds vidare av rektor"
        } else {
            "Känd vårdkontakt"
        };
        env.cmd()
            .args(["review", "mark", &row["id"].to_string()])
            .args(["--verdict", if i == 0 { "investigate" } else { "ok" }])
            .args(["--comment", comment])
            .assert()
            .success();
    }
    env.cmd()
        .args([
            "review",
            "signoff",
            "--period",
            "2026-10",
            "--consulted",
            "EHT: skolsköterska, kurator",
        ])
        .assert()
        .success();
    env.json(&["review", "list", "--period", "2026-10", "--reveal"])
}

#[test]
fn the_pmo_record_prints_every_name_and_comment_as_stored_in_both_languages() {
    if !poppler::available(
        "the_pmo_record_prints_every_name_and_comment_as_stored_in_both_languages",
    ) {
        return;
    }
    let env = Env::new();
    let rows = pmo_month(&env);
    for (lang, title, locale, verdict, rule) in [
        (
            "sv",
            "Logg elevåtkomst – granskning 2026-10 – Exempelskolan F–9",
            "sv-SE",
            "Utreds",
            "samma efternamn",
        ),
        (
            "en",
            "PMO access log (Logg elevåtkomst) – review 2026-10 – Exempelskolan F–9",
            "en",
            "Investigate",
            "same surname",
        ),
    ] {
        let pdf = export(
            &env,
            &["--lang", lang, "review", "export", "--period", "2026-10"],
            &format!("granskning-{lang}.pdf"),
        );
        check_fonts_and_metadata(&pdf, title, locale);
        let text = poppler::text(&pdf);
        for row in &rows {
            for key in ["user", "student", "student_id"] {
                let v = row[key].as_str().unwrap();
                assert!(text.contains(v), "{lang}: {key} {v} missing in {text}");
            }
            let time = row["time"].as_str().unwrap().replace('T', " ");
            assert!(text.contains(&time[..16]), "{lang}: {time}");
        }
        // The user from another unit: the unit follows the name.
        assert!(
            text.contains("Кузнецов Дмитрий (Bergsskolan 7–9)"),
            "{text}"
        );
        // The typed comment wraps at spaces: every word is whole.
        assert!(text.contains(verdict));
        for word in "Läst utan vårdkontakt enligt EHT; anmält till verksamhetschef och utreds vidare av rektor".split(' ') {
            assert!(text.split(' ').any(|w| w == word), "{lang}: {word} broken in {text}");
        }
        // Rules in words, never their ids; times without a T or an offset.
        assert!(text.contains(rule), "{lang}: {rule}");
        for id in [
            "same_surname",
            "unit_mismatch",
            "protected_identity",
            "after_hours",
        ] {
            assert!(!text.contains(id), "{lang}: rule id {id}");
        }
        assert!(!text.contains("+00:00") && !text.contains("+01:00"));
        assert!(text.contains("EHT: skolsköterska, kurator"));
    }
}

/// Where a word stands on the first page, (xMin, yMin) in points (`pdftotext -bbox`).
fn word_at(pdf: &Path, word: &str) -> Vec<(f32, f32)> {
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext -bbox");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    html.lines()
        .filter(|l| l.contains(&format!(">{word}</word>")))
        .filter_map(|l| {
            let num = |key: &str| -> Option<f32> {
                let at = l.find(&format!("{key}=\""))? + key.len() + 2;
                l[at..].split('"').next()?.parse().ok()
            };
            Some((num("xMin")?, num("yMin")?))
        })
        .collect()
}

#[test]
fn the_pmo_record_of_a_month_keeps_a_wide_comment_column_and_many_rows_a_page() {
    if !poppler::available(
        "the_pmo_record_of_a_month_keeps_a_wide_comment_column_and_many_rows_a_page",
    ) {
        return;
    }
    let env = Env::new();
    env.import(&[&sample("pmo_logg_elevatkomst_202610.xlsx")]);
    let pdf = export(
        &env,
        &["--lang", "sv", "review", "export", "--period", "2026-10"],
        "granskning.pdf",
    );
    let pages: usize = poppler::info(&pdf, "Pages").parse().unwrap();
    // The hand-written writer needed 189 pages for these 3,913 rows.
    assert!(pages <= 120, "{pages} pages");
    // The Kommentar column runs from its heading's cell edge to the table's right edge
    // (the page's width less the 10 mm margin).
    let mm = 72.0 / 25.4;
    let (x, header_y) = word_at(&pdf, "Kommentar")[0];
    let width_mm = (841.89 - 10.0 * mm - (x - 2.0)) / mm;
    assert!(width_mm >= 60.0, "Kommentar is {width_mm:.1} mm wide");
    // Page 1: the title and facts take at most a third of the page; the table follows.
    assert!(
        header_y <= 595.28 / 3.0,
        "the table starts {header_y} pt down page 1"
    );
    let texts = poppler::pages(&pdf);
    let ids_on = |p: &str| p.matches("2026-10-").count();
    println!(
        "PMO sample: {pages} pages, {} rows on page 1, {} on page 2, Kommentar {width_mm:.1} mm",
        ids_on(&texts[0]),
        ids_on(&texts[1])
    );
    assert!(
        ids_on(&texts[1]) >= 30,
        "rows on page 2: {}",
        ids_on(&texts[1])
    );
}

/// Three synthetic months of one school as one period: a large school's month.
fn large_month() -> String {
    use loggvakt::synth::PmoMonth;
    let mut csv = String::from(
        "Datum och tid;Användare;Användar-ID;Yrkesroll;Användarens enhet;Personnummer;Elev;Elevens skola;Klass;Journaltyp;Dokument/Vy;Händelse\r\n",
    );
    for seed in 1..=3u64 {
        let m = PmoMonth::generate(seed);
        for r in &m.rows {
            let u = &m.users[r.user];
            let s = &m.students[r.student];
            csv.push_str(&format!(
                "{};{};{}{seed};{};{};{};{};Exempelskolan F–9;{};{};{};{}\r\n",
                r.at.format("%Y-%m-%d %H:%M:%S"),
                u.name,
                u.id,
                u.role,
                u.unit,
                s.id,
                s.name,
                s.class,
                r.record_type,
                r.document,
                r.action
            ));
        }
    }
    csv
}

#[test]
fn a_large_month_keeps_as_many_rows_a_page() {
    if !poppler::available("a_large_month_keeps_as_many_rows_a_page") {
        return;
    }
    let env = Env::new();
    let csv = large_month();
    let rows = csv.lines().count() - 1;
    env.import(&[&env.write("stor.csv", &csv)]);
    let pdf = export(
        &env,
        &["--lang", "sv", "review", "export", "--period", "2026-10"],
        "stor.pdf",
    );
    let pages: usize = poppler::info(&pdf, "Pages").parse().unwrap();
    let per_page = rows as f32 / pages as f32;
    println!("large PMO month: {rows} rows on {pages} pages, {per_page:.1} rows a page");
    assert!(per_page >= 30.0, "{rows} rows took {pages} pages");
}
