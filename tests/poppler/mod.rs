//! Reading exported PDFs with poppler's command-line tools, an independent reader: the
//! text in content-stream order (`pdftotext -raw`), the fonts (`pdffonts`) and the
//! metadata (`pdfinfo`). A test that needs them says when they are missing and skips.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Whether poppler's tools are installed; prints why a test skips when they are not.
pub fn available(test: &str) -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        println!("{test}: skipped, poppler-utils (pdftotext, pdffonts, pdfinfo) is not installed");
    }
    ok
}

fn run(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool} failed on {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 from poppler")
}

/// The text in content-stream order, without the bidi embedding marks poppler adds around
/// right-to-left words, with each run of white space made one space. Poppler puts a space
/// before a comma that stands left of an Arabic word (it sees the glyph jump back); that
/// space is not in the text and is taken out.
pub fn text(pdf: &Path) -> String {
    let raw = run("pdftotext", &["-raw", "-enc", "UTF-8"], pdf);
    let cleaned: String = raw
        .chars()
        .filter(|c| !('\u{202a}'..='\u{202e}').contains(c))
        .collect();
    cleaned
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ,", ",")
}

/// Each page's text, in the same form as [`text`].
pub fn pages(pdf: &Path) -> Vec<String> {
    let raw = run("pdftotext", &["-raw", "-enc", "UTF-8"], pdf);
    raw.split('\u{c}')
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// `pdffonts`: one (name, embedded, subset, unicode) per font.
pub fn fonts(pdf: &Path) -> Vec<(String, bool, bool, bool)> {
    run("pdffonts", &[], pdf)
        .lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            let n = cols.len();
            (n >= 7).then(|| {
                (
                    cols[0].to_owned(),
                    cols[n - 5] == "yes",
                    cols[n - 4] == "yes",
                    cols[n - 3] == "yes",
                )
            })
        })
        .collect()
}

/// `pdfinfo`: a field's value (`Title`, `Author`, `Pages`, `Page size` …).
pub fn info(pdf: &Path, field: &str) -> String {
    run("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| {
            l.strip_prefix(&format!("{field}:"))
                .map(|v| v.trim().to_owned())
        })
        .unwrap_or_default()
}

/// The XMP metadata packet.
pub fn xmp(pdf: &Path) -> String {
    run("pdfinfo", &["-meta"], pdf)
}
