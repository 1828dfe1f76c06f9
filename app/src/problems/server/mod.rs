//! The problems feature's server side: the problem bank in its open on-disk format
//! (docs/problem-format.md), loading and checking it, storage, and practice runs.

pub mod bank;
pub mod format;
pub mod practice;
pub mod search;
pub mod statement;
pub mod store;
pub mod types;
pub mod validate;

pub use format::{load_bank, load_problem, Problem};
