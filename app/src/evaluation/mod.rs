//! The evaluation of an ended interview: rubric scores with evidence, and the durable job
//! that produces them.

#[cfg(feature = "ssr")]
pub mod server;
