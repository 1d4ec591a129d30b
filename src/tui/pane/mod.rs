//! One module per pane: its state and the transitions on it. Drawing lives in
//! `tui::ui`, which reads these states and never changes them.

pub mod audit;
pub mod filter;
pub mod form;
pub mod passages;
pub mod pmo;
pub mod requests;
