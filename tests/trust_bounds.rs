//! Hostile input sizes: decompression bombs dressed as workbooks and text with an
//! endless field are refused with a message naming the file, inside a fixed
//! address-space limit, and nothing is imported.

mod common;

use common::Env;
use std::io::{Cursor, Write};
use std::path::Path;
use std::process::Command;

/// The address space the binary gets: enough for any honest import of these
/// files, far too little to unpack a bomb.
const ADDRESS_SPACE: u64 = 600 * 1024 * 1024;

/// What a capped run left: exit code, stderr and peak resident memory in KiB.
struct Capped {
    code: Option<i32>,
    stderr: String,
    peak_kib: Option<u64>,
}

/// Imports `file` with the address space capped by `prlimit`, measuring the
/// peak resident set with `/usr/bin/time` when it is installed.
fn import_capped(env: &Env, file: &Path) -> Capped {
    let bin = assert_cmd::cargo::cargo_bin!("loggvakt");
    let rss = env.dir.path().join("rss.txt");
    let timer = Path::new("/usr/bin/time").exists();
    let mut cmd = if timer {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-f").arg("%M").arg("-o").arg(&rss).arg("prlimit");
        c
    } else {
        Command::new("prlimit")
    };
    let out = cmd
        .arg(format!("--as={ADDRESS_SPACE}"))
        .arg("--")
        .arg(bin)
        .arg("--db")
        .arg(&env.db)
        .arg("import")
        .arg(file)
        .env("LANG", "C")
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .output()
        .expect("run prlimit (util-linux)");
    Capped {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        peak_kib: std::fs::read_to_string(&rss)
            .ok()
            .and_then(|s| s.trim().lines().last()?.trim().parse().ok()),
    }
}

fn assert_refused(env: &Env, run: &Capped, file: &str, reason: &str) {
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("{file}: refused: ")) || run.stderr.contains(file),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(reason), "{}", run.stderr);
    assert!(
        run.stderr.contains("nothing from those was kept"),
        "{}",
        run.stderr
    );
    if let Some(kib) = run.peak_kib {
        assert!(kib < 100 * 1024, "peak RSS {kib} KiB");
    }
    // Nothing was imported.
    assert_eq!(env.count(&[]), 0);
}

/// The parts every XLSX has, with `sheet` as the one worksheet and `strings` as
/// the shared strings.
fn xlsx(sheet: &mut dyn FnMut(&mut dyn Write), strings: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let parts: [(&str, &[u8]); 4] = [
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
    ];
    for (name, data) in parts {
        w.start_file(name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.start_file("xl/sharedStrings.xml", opts).unwrap();
    w.write_all(strings).unwrap();
    w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    sheet(&mut w);
    w.finish().unwrap().into_inner()
}

const NO_STRINGS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>"#;

#[test]
fn decompression_bomb_workbook_is_refused_within_a_memory_cap() {
    let env = Env::new();
    // A sheet whose one text node is 2 GiB of zeros: a few MiB on disk.
    let zeros = vec![b'0'; 1 << 20];
    let bomb = xlsx(
        &mut |w| {
            w.write_all(b"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>")
                .unwrap();
            for _ in 0..2048 {
                w.write_all(&zeros).unwrap();
            }
            w.write_all(b"</t></is></c></row></sheetData></worksheet>")
                .unwrap();
        },
        NO_STRINGS,
    );
    assert!(bomb.len() < 16 << 20, "fixture is {} bytes", bomb.len());
    let f = env.write("passager.xlsx", &bomb);
    let run = import_capped(&env, &f);
    assert_refused(&env, &run, "passager.xlsx", "decompression bomb");
}

#[test]
fn workbook_claiming_billions_of_shared_strings_is_refused() {
    // calamine reserves room for the claimed count up front: without the check,
    // this file of under 2 KiB aborts the process on a failed allocation.
    let env = Env::new();
    let strings = br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1000000000000"><si><t>a</t></si></sst>"#;
    let file = xlsx(
        &mut |w| {
            w.write_all(b"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>")
                .unwrap()
        },
        strings,
    );
    let f = env.write("strings.xlsx", &file);
    let run = import_capped(&env, &f);
    assert_refused(&env, &run, "strings.xlsx", "claims 1000000000000 strings");
}

#[test]
fn workbook_spanning_the_whole_sheet_is_refused() {
    // Two cells in opposite corners: calamine would hold a dense 17-billion-cell grid.
    let env = Env::new();
    let file = xlsx(
        &mut |w| {
            w.write_all(b"<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData></worksheet>")
                .unwrap()
        },
        NO_STRINGS,
    );
    let f = env.write("corners.xlsx", &file);
    let run = import_capped(&env, &f);
    assert_refused(&env, &run, "corners.xlsx", "1048576 rows by 16384 columns");
}

#[test]
fn text_with_a_100_mb_field_is_refused_at_its_row() {
    let env = Env::new();
    let path = env.dir.path().join("lang.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        f.write_all("Datum;Tid;Dörr;Kortinnehavare;Kortnummer;Händelse\n2026-01-01;10:00:00;A;B;1;Godkänd\n2026-01-01;10:00:01;".as_bytes())
            .unwrap();
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(";B;1;Godkänd\n".as_bytes()).unwrap();
    }
    let run = import_capped(&env, &path);
    assert_refused(&env, &run, "lang.csv:3", "a record is longer than 1 MiB");
}

#[test]
fn ordinary_workbook_still_imports_under_the_same_cap() {
    let env = Env::new();
    let run = import_capped(&env, &common::sample("unison_event_report_202610.xlsx"));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(env.count(&[]), 1702);
}
