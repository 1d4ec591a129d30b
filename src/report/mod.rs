//! Exports for the record: files a reviewer archives or hands on (CSV, XLSX, PDF).

pub mod pmo;
pub mod pmo_pdf;
