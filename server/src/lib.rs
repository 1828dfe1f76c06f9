//! Sparring's server: configuration loading, HTTP wiring, background workers and the CLI.

#![forbid(unsafe_code)]

pub mod bench;
pub mod cli;
pub mod credits_cli;
pub mod problems_cli;
pub mod security;
pub mod seed;
pub mod startup;
pub mod telemetry;

pub use startup::Application;
