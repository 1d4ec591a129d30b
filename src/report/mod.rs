//! Exports of a request's extract and of a PMO review record: CSV for Excel, XLSX and a
//! printable PDF; a request's from one [`Document`]. Files are private (mode 0600) and never overwrite an
//! existing file.

pub mod csv;
pub mod pdf;
pub mod pmo;
pub mod request;
pub mod xlsx;

use std::fs::File;
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// What an export shows, whatever its format: a title, a block of facts about
/// the extract, a table, notes after the table and a footer line.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub title: String,
    pub info: Vec<(String, String)>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Sections after the table: a heading and its lines.
    pub notes: Vec<(String, Vec<String>)>,
    /// Printed at the foot of every page.
    pub footer: String,
    /// The word for "page" in the reader's language.
    pub page_word: String,
}

/// The export formats, chosen by the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Csv,
    Xlsx,
    Pdf,
}

impl Kind {
    pub fn of(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Kind::Csv),
            "xlsx" => Some(Kind::Xlsx),
            "pdf" => Some(Kind::Pdf),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Csv => "csv",
            Kind::Xlsx => "xlsx",
            Kind::Pdf => "pdf",
        }
    }
}

/// Renders a document in the given format.
pub fn render(doc: &Document, kind: Kind) -> Result<Vec<u8>, String> {
    match kind {
        Kind::Csv => Ok(csv::render(doc)),
        Kind::Xlsx => xlsx::render(doc),
        // Landscape: every column of an extract fits across the page unbroken.
        Kind::Pdf => Ok(pdf::render(doc, &pdf::PageSetup::a4_landscape())),
    }
}

/// Creates a new file only its owner may read, refusing to replace one.
pub fn create_private(path: &Path) -> io::Result<File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                io::Error::new(
                    e.kind(),
                    format!(
                        "{} already exists; choose another name or remove it first",
                        path.display()
                    ),
                )
            } else {
                io::Error::new(e.kind(), format!("{}: {e}", path.display()))
            }
        })
}

/// Writes bytes to a new private file.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use io::Write;
    let mut f = create_private(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}
