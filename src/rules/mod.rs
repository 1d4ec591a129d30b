//! Deviation rules: each finding carries its own plain-language explanation, so
//! a reader of an extract sees why a row is marked, not only that it is.

pub mod request;
