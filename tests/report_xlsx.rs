//! The XLSX exports read back with independent readers: calamine for the cells (date cells
//! in the time column, numbers where they are counts, identifiers as text), the sheet's own
//! XML for the autofilter and the frozen pane, and LibreOffice, when it is installed, for
//! opening the file without repair.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{Env, SSM, sample};
use std::io::Read;
use std::path::{Path, PathBuf};

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

/// The first worksheet's XML.
fn sheet_xml(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The row (0-based) whose first cell is `header`.
fn header_row(range: &calamine::Range<Data>, header: &str) -> usize {
    range
        .rows()
        .position(|r| matches!(r.first(), Some(Data::String(s)) if s == header))
        .unwrap_or_else(|| panic!("no header row starting {header}"))
}

fn request_extract(env: &Env) -> PathBuf {
    env.import(&[&env.write("ssm.txt", SSM)]);
    let out = env
        .cmd()
        .args(["request", "new", "--requester", "=HYPERLINK(\"http://x\")"])
        .args(["--unit", "Avd 42", "--reason", "theft", "--text", "Stöld"])
        .args([
            "--person",
            "Lindqvist, Åsa",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
        ])
        .assert()
        .success();
    let r = String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .to_owned();
    export(
        env,
        &["--lang", "sv", "request", "export", &r],
        "uttag.xlsx",
    )
}

#[test]
fn the_extract_has_date_cells_numbers_text_ids_an_autofilter_and_a_small_frozen_pane() {
    let env = Env::new();
    let path = request_extract(&env);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let range = wb.worksheet_range("Uttag").unwrap();
    let h = header_row(&range, "Nr");
    let header: Vec<String> = range
        .rows()
        .nth(h)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| header.iter().position(|c| c == name).unwrap();
    let (nr, time, person) = (col("Nr"), col("Tid"), col("Person"));
    let rows: Vec<&[Data]> = range
        .rows()
        .skip(h + 1)
        .take_while(|r| r[0] != Data::Empty)
        .collect();
    assert_eq!(rows.len(), 3, "Åsa's three passages");
    for (i, r) in rows.iter().enumerate() {
        assert!(
            matches!(r[time], Data::DateTime(_)),
            "time is a date cell: {:?}",
            r[time]
        );
        assert_eq!(
            r[nr],
            Data::Float(i as f64 + 1.0),
            "row numbers are numbers"
        );
        // The employee id stays inside the text cell, leading zeros and all.
        assert_eq!(r[person], Data::String("Åsa Lindqvist (100234)".into()));
    }
    let first = match &rows[0][time] {
        Data::DateTime(d) => d.as_datetime().unwrap(),
        other => panic!("{other:?}"),
    };
    assert_eq!(first.to_string(), "2026-10-14 07:52:13");
    // The requester that looks like a formula is text, never a formula.
    let formulas = wb.worksheet_formula("Uttag").unwrap();
    assert!(formulas.used_cells().all(|c| c.2.is_empty()));
    // The letter has a sheet of its own.
    assert!(wb.sheet_names().contains(&"Begäran".to_owned()));

    let xml = sheet_xml(&path);
    let excel_row = h + 1;
    let last = excel_row + rows.len();
    let last_col = (b'A' + (header.len() - 1) as u8) as char;
    assert!(
        xml.contains(&format!(
            "<autoFilter ref=\"A{excel_row}:{last_col}{last}\""
        )),
        "autofilter on the header row: {xml}"
    );
    // Frozen below the header row; the header block above it is a few rows, facts two
    // to a row.
    assert!(xml.contains(&format!("ySplit=\"{excel_row}\"")), "{xml}");
    assert!(excel_row <= 10, "the frozen pane covers {excel_row} rows");
    // Widths come from the content and are capped.
    let widths: Vec<f64> = xml
        .split("<col ")
        .skip(1)
        .filter_map(|c| c.split("width=\"").nth(1)?.split('"').next()?.parse().ok())
        .collect();
    assert!(!widths.is_empty());
    assert!(widths.iter().all(|w| *w <= 62.0), "{widths:?}");
}

#[test]
fn the_pmo_record_has_date_cells_number_ids_and_text_personnummer() {
    let env = Env::new();
    env.import(&[&sample("pmo_logg_elevatkomst_202610.xlsx")]);
    let path = export(
        &env,
        &["--lang", "sv", "review", "export", "--period", "2026-10"],
        "granskning.xlsx",
    );
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let range = wb.worksheet_range("Granskning").unwrap();
    let h = header_row(&range, "ID");
    let header: Vec<String> = range
        .rows()
        .nth(h)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| header.iter().position(|c| c == name).unwrap();
    let rows: Vec<&[Data]> = range
        .rows()
        .skip(h + 1)
        .take_while(|r| r[0] != Data::Empty)
        .collect();
    assert_eq!(rows.len(), 3913);
    for r in &rows {
        assert!(matches!(r[col("ID")], Data::Float(_)));
        assert!(matches!(r[col("Tid")], Data::DateTime(_)));
        assert!(matches!(&r[col("Personnummer")], Data::String(s) if s.contains('-')));
    }
    let xml = sheet_xml(&path);
    assert!(xml.contains(&format!("<autoFilter ref=\"A{}:", h + 1)));
    assert!(xml.contains(&format!("ySplit=\"{}\"", h + 1)));
}

#[test]
fn libreoffice_opens_both_workbooks_without_repair() {
    let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok()
    }) else {
        println!(
            "libreoffice_opens_both_workbooks_without_repair: skipped, soffice is not installed"
        );
        return;
    };
    let env = Env::new();
    let extract = request_extract(&env);
    let out = env.dir.path().join("csv");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        env.dir.path().join("lo").display()
    );
    let run = std::process::Command::new(soffice)
        // Comma-separated, double quotes, UTF-8 (76), so that å ä ö survive.
        .args([
            &profile,
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
        ])
        .arg(&out)
        .arg(&extract)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let csv = std::fs::read_to_string(out.join("uttag.csv")).unwrap();
    assert!(csv.contains("2026-10-14 07:52:13"), "{csv}");
    assert!(csv.contains("Åsa Lindqvist (100234)"));
}
