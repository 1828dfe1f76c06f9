//! The AI gateway to hosted providers, and the usage it records.

pub mod gateway;
pub mod usage;
