//! The operations: one typed function per user action. Each validates its input,
//! runs in one transaction, writes its one audit record and returns typed results;
//! the CLI and the terminal UI call these and nothing below them.

pub mod doctor;
pub mod import;
