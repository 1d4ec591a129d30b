use super::*;
use std::path::PathBuf;

fn generate() -> (tempfile::TempDir, Vec<SampleFile>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = write_sample_data(dir.path()).expect("sample data");
    (dir, files)
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    fs::read(dir.join(name)).expect("generated file")
}

fn utf8_lines(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8(bytes.to_vec()).expect("utf-8");
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text).to_string();
    text.lines().map(str::to_string).collect()
}

fn ssm_lines(dir: &Path) -> Vec<String> {
    let bytes = read(dir, "ssm_passager_202610.txt");
    let (text, had_errors) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
    assert!(!had_errors);
    text.split("\r\n").map(str::to_string).collect()
}

fn ssm_data_rows(lines: &[String]) -> Vec<&String> {
    lines
        .iter()
        .skip(3)
        .filter(|l| {
            !l.is_empty() && l.as_str() != exports::SSM_HEADER && !l.starts_with("Antal poster:")
        })
        .collect()
}

#[test]
fn same_seed_gives_byte_identical_sample_files() {
    let (a, files) = generate();
    let (b, _) = generate();
    for f in &files {
        assert_eq!(
            read(a.path(), &f.name),
            read(b.path(), &f.name),
            "{}",
            f.name
        );
    }
}

#[test]
fn reported_row_counts_match_rows_written() {
    let (dir, files) = generate();
    for f in &files {
        let bytes = read(dir.path(), &f.name);
        let written = match f.name.as_str() {
            "ssm_passager_202610.txt" => ssm_data_rows(&ssm_lines(dir.path())).len(),
            "begaran_R-underlag.txt" => 0,
            "pmo_logg_elevatkomst_202610.xlsx" => {
                use calamine::{Reader, Xlsx, open_workbook};
                let mut wb: Xlsx<_> = open_workbook(dir.path().join(&f.name)).expect("xlsx");
                let range = wb.worksheet_range("Logg elevåtkomst").expect("sheet");
                // Four title rows, a blank row and the header sit above the data.
                range.rows().count() - 6
            }
            // Title lines, blank line, header and footer.
            "variants/pmo_logg_elevatkomst_202610.csv" => utf8_lines(&bytes).len() - 7,
            // ISO-8859-1: one byte a character, CRLF after every row.
            "variants/salto_purge_ship.txt" => bytes.split(|&b| b == b'\n').count() - 2,
            n if n.ends_with(".xlsx") => {
                use calamine::{Reader, Xlsx, open_workbook};
                let mut wb: Xlsx<_> = open_workbook(dir.path().join(n)).expect("xlsx");
                let range = wb.worksheet_range("Events").expect("sheet Events");
                // Title row, blank row and header row sit above the data.
                range.rows().count() - 3
            }
            _ => utf8_lines(&bytes).len() - 1,
        };
        assert_eq!(written, f.rows, "{}", f.name);
        assert!(f.name.starts_with("begaran") || f.rows > 100, "{}", f.name);
    }
}

#[test]
fn unison_csv_and_xlsx_hold_the_same_events() {
    let (dir, files) = generate();
    let rows = |n: &str| files.iter().find(|f| f.name == n).map(|f| f.rows);
    assert_eq!(
        rows("unison_event_report_202610.csv"),
        rows("unison_event_report_202610.xlsx")
    );
    let csv = utf8_lines(&read(dir.path(), "unison_event_report_202610.csv"));
    assert!(csv[1].starts_with("\"2026-10-"), "{}", csv[1]);
}

#[test]
fn ssm_file_is_windows_1252_without_bom() {
    let (dir, _) = generate();
    let bytes = read(dir.path(), "ssm_passager_202610.txt");
    assert!(std::str::from_utf8(&bytes).is_err(), "must not be UTF-8");
    assert_ne!(&bytes[..3], b"\xEF\xBB\xBF");
    // "Läsare" in the header: ä is the single byte 0xE4.
    assert!(bytes.windows(6).any(|w| w == b"L\xE4sare"));
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
}

#[test]
fn ssm_footer_counts_its_rows_and_header_repeats() {
    let (dir, _) = generate();
    let lines = ssm_lines(dir.path());
    let rows = ssm_data_rows(&lines).len();
    assert!(lines.iter().any(|l| l == &format!("Antal poster: {rows}")));
    let headers = lines.iter().filter(|l| *l == exports::SSM_HEADER).count();
    assert_eq!(headers, 2);
}

#[test]
fn ssm_card_numbers_keep_leading_zeros() {
    let (dir, _) = generate();
    let lines = ssm_lines(dir.path());
    let rows = ssm_data_rows(&lines);
    for row in &rows {
        let card = row.split(';').nth(5).unwrap_or("");
        assert!(
            card.is_empty() || (card.len() == 10 && card.starts_with("000")),
            "{row}"
        );
    }
    assert!(
        rows.iter()
            .any(|r| r.contains(";0003401128;Lindqvist, Åsa;100234;"))
    );
}

#[test]
fn repeated_dst_hour_is_listed_in_clock_order() {
    let (dir, _) = generate();
    let lines = utf8_lines(&read(dir.path(), "salto_audit_trail_202610.csv"));
    let times: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("2026-10-25 02:") && l.contains(";Läkemedelsrum Avd 42;"))
        .filter(|l| l.contains(";Door opened: key;"))
        .map(|l| &l[11..19])
        .collect();
    assert_eq!(times, ["02:10:02", "02:40:19", "02:05:33", "02:50:41"]);
}

#[test]
fn another_person_shares_the_suspects_minute_at_the_medicine_room() {
    let (dir, _) = generate();
    let lines = utf8_lines(&read(dir.path(), "salto_audit_trail_202610.csv"));
    let names: Vec<&str> = lines
        .iter()
        .filter(|l| l.starts_with("2026-10-15 01:37:") && l.contains(";Läkemedelsrum Avd 42;"))
        .map(|l| l.split(';').nth(5).unwrap_or(""))
        .collect();
    assert_eq!(names, ["Åsa Lindqvist", "Märta Sjöström"]);
}

#[test]
fn bulk_csv_is_deterministic_ordered_and_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    write_bulk_passages_csv(&a, 250_000, 42).expect("csv");
    write_bulk_passages_csv(&b, 250_000, 42).expect("csv");
    let bytes = fs::read(&a).expect("read");
    assert_eq!(bytes, fs::read(&b).expect("read"));
    let text = String::from_utf8(bytes).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], bulk::HEADER);
    assert_eq!(lines.len(), 250_001);
    let stamps: Vec<&str> = lines[1..].iter().map(|l| &l[..19]).collect();
    assert!(stamps.windows(2).all(|w| w[0] <= w[1]), "time order");
    assert!(lines[1].starts_with("2026-01-01;00:00:"));
    assert!(lines[250_000].starts_with("2026-01-03;"));
    let forced = lines
        .iter()
        .filter(|l| l.ends_with(";;;Dörr forcerad"))
        .count();
    assert!((400..1_100).contains(&forced), "{forced}");
}

#[test]
fn bulk_xlsx_is_deterministic_and_refuses_too_many_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    write_bulk_passages_xlsx(&a, 2_000, 7).expect("xlsx");
    write_bulk_passages_xlsx(&b, 2_000, 7).expect("xlsx");
    assert_eq!(fs::read(&a).expect("read"), fs::read(&b).expect("read"));
    let err = write_bulk_passages_xlsx(&a, 2_000_000, 7).expect_err("too many rows");
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
}

fn committed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

#[test]
fn committed_sample_data_matches_the_generator() {
    let (dir, files) = generate();
    for f in &files {
        let kept = fs::read(committed().join(&f.name)).expect("committed sample file");
        assert!(
            kept == read(dir.path(), &f.name),
            "sample-data/{} is stale: run `cargo run --bin loggvakt-synth -- sample-data`",
            f.name
        );
    }
}

#[test]
fn readme_states_every_row_count() {
    let (_, files) = generate();
    let readme = fs::read_to_string(committed().join("README.md")).expect("README");
    for f in files.iter().filter(|f| f.rows > 0) {
        let row = format!("| `{}` | {} |", f.name, f.rows);
        assert!(readme.contains(&row), "README lacks `{row}`");
    }
}
