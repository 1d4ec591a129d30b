//! loggvakt: follow-up of access logs that hold personal data.
//!
//! The core (`import`, `store`, `rules`, `report`, `audit`) knows nothing of the terminal;
//! the CLI (`cli`) and the TUI (`tui`) are two thin faces over it.

pub mod synth;
