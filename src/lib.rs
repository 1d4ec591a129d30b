//! loggvakt: follow-up of access logs that hold personal data.
//!
//! The core (`ops`, `import`, `store`, `audit`) knows nothing of the terminal;
//! the CLI (`cli`) and the terminal UI (`tui`) are thin faces over it. `synth`
//! makes the synthetic sample data and benchmark files.

pub mod audit;
pub mod cli;
pub mod config;
pub mod domain;
pub mod i18n;
pub mod import;
pub mod ops;
pub mod report;
pub mod rules;
pub mod store;
pub mod synth;
pub mod text;
pub mod tui;
