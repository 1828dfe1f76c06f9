//! The AI gateway to hosted providers, and the usage it records.

pub mod cache;
pub mod config;
pub mod gateway;
mod providers;
pub mod quota;
pub mod retry;
pub mod usage;
