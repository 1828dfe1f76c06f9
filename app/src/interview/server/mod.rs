//! The interview's server side: the lifecycle of a session (start, open, runs, end), its
//! realtime channel, and storage.

pub mod channel;
pub mod coach;
pub mod languages;
pub mod lifecycle;
pub mod store;
