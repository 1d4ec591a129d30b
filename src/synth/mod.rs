//! Synthetic, clearly fictional access-control exports (Salto, Unison, SSM, Kom & Gå) for tests,
//! demos and benchmarks; the same seed always gives byte-identical files.
//!
//! The sample month is October 2026 at "Sjukhuset i Älvstad": one list of events feeds all three
//! systems, so the same people and planted deviations show up consistently in every file.
//! `sample-data/README.md` documents every file and every planted deviation.

mod bulk;
mod clock;
mod exports;
mod hospital;
mod pmo;
mod rng;

pub use bulk::{write_bulk_passages_csv, write_bulk_passages_csv_from, write_bulk_passages_xlsx};
pub use pmo::{PROTECTED_NAME, PmoMonth, PmoRow, PmoStudent, PmoUser};

use hospital::Month;
use std::fs;
use std::io;
use std::path::Path;

/// The seed behind the committed `sample-data/` files.
pub const SAMPLE_SEED: u64 = 20_261_025;

/// One file written by [`write_sample_data`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleFile {
    /// Path relative to the sample directory, with `/` separators.
    pub name: String,
    /// Data rows: passages, events or stamps, not titles, headers, blank lines or footers.
    /// Zero for the request letter, which is prose.
    pub rows: usize,
    pub description: &'static str,
}

/// Writes every sample file into `dir` (and `dir/variants`), creating the folders.
///
/// The legacy `.xls` variant is not written here: no Rust crate writes BIFF8, so
/// `sample-data/tools/make_xls.py` converts the SSM text file and the PMO CSV variant.
pub fn write_sample_data(dir: &Path) -> io::Result<Vec<SampleFile>> {
    let variants = dir.join("variants");
    fs::create_dir_all(&variants)?;
    let month = Month::generate(SAMPLE_SEED);
    let m = &month;
    let pmo_month = PmoMonth::generate(SAMPLE_SEED);
    let pm = &pmo_month;
    let seed = SAMPLE_SEED;
    type Writer<'a> = Box<dyn Fn(&Path) -> io::Result<usize> + 'a>;
    let files: Vec<(&str, &'static str, Writer)> = vec![
        (
            "salto_audit_trail_202610.csv",
            "Salto Space audit trail: UTF-8 with BOM, `;`, CRLF",
            Box::new(|p| exports::salto_audit_trail(m, seed, p)),
        ),
        (
            "unison_event_report_202610.xlsx",
            "Pacom Unison event report, sheet Events, title row + blank row above the header",
            Box::new(|p| exports::unison_xlsx(m, p)),
        ),
        (
            "unison_event_report_202610.csv",
            "Pacom Unison event report: UTF-8 with BOM, `,`, all fields quoted, CRLF",
            Box::new(|p| exports::unison_csv(m, p)),
        ),
        (
            "ssm_passager_202610.txt",
            "SSM passage report: Windows-1252, `;`, CRLF, title lines, repeated header, footer",
            Box::new(|p| exports::ssm_passager(m, p)),
        ),
        (
            "komgo_stamplingar_202610.csv",
            "Kom & Gå stamps for five staff: UTF-8 with BOM, `;`, CRLF",
            Box::new(|p| exports::komgo_stamps(m, p)),
        ),
        (
            "begaran_R-underlag.txt",
            "The unit manager's written request (request basis), UTF-8 prose",
            Box::new(exports::request_basis),
        ),
        (
            "pmo_logg_elevatkomst_202610.xlsx",
            "PMO Logg elevåtkomst for Exempelskolan F–9: title rows, date-time cells, planted anomalies",
            Box::new(|p| pmo::pmo_xlsx(pm, p)),
        ),
        (
            "variants/pmo_logg_elevatkomst_202610.csv",
            "PMO Logg elevåtkomst as `;` UTF-8 text with BOM, title lines and a footer",
            Box::new(|p| pmo::pmo_csv(pm, p)),
        ),
        (
            "variants/salto_api_dump.csv",
            "Salto API-style dump around the DST night: `,`, ISO dates with UTC column, no BOM, LF",
            Box::new(|p| exports::salto_api_dump(m, seed, p)),
        ),
        (
            "variants/unison_swedish_headers.csv",
            "Unison with Swedish headers in another order: `;`, dates 14.10.2026 07:52, BOM, CRLF",
            Box::new(|p| exports::unison_swedish_headers(m, p)),
        ),
        (
            "variants/salto_swedish_ui.csv",
            "Salto audit trail from the Swedish client: Swedish headers and operation texts, no code column",
            Box::new(|p| exports::salto_swedish_ui(m, seed, p)),
        ),
        (
            "variants/salto_purge_ship.txt",
            "Salto purge file with SHIP field names: tab, ISO-8859-1, numeric operations, SubjectType/SubjectID",
            Box::new(|p| exports::salto_purge_ship(m, seed, p)),
        ),
        (
            "variants/unison_au_report.csv",
            "Unison English client, Australian locale: dd/mm/yyyy h:mm:ss AM/PM, newest first",
            Box::new(|p| exports::unison_au_report(m, p)),
        ),
    ];
    files
        .into_iter()
        .map(|(name, description, write)| {
            let rows = write(&dir.join(name))?;
            Ok(SampleFile {
                name: name.to_string(),
                rows,
                description,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
