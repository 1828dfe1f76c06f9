//! The AI interviewer and the code observer: what they say and see during an interview.

pub mod types;

#[cfg(feature = "ssr")]
pub mod server;
