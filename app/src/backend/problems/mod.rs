//! The problem bank: the open on-disk format (docs/problem-format.md), loading and checking it.

pub mod bank;
pub mod format;
pub mod types;
pub mod validate;

pub use format::{load_bank, load_problem, Problem};
