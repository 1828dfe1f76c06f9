//! Server infrastructure that knows no feature: state, configuration, the store pool and its
//! errors, the jobs queue, the per-session hub, the code sandbox, the AI gateway, mail,
//! throttling and markdown. Never compiled into the WASM.

pub mod ai;
pub mod config;
pub mod context;
pub mod executor;
pub mod hub;
pub mod jobs;
pub mod mail;
pub mod markdown;
pub mod sessions;
pub mod state;
pub mod store;
pub mod throttle;
pub mod tokens;
