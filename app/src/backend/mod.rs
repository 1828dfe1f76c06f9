//! Server-only code: storage, configuration, accounts, mail. Never compiled into the WASM.

pub mod accounts;
pub mod ai;
pub mod config;
pub mod context;
pub mod executor;
pub mod interviews;
pub mod mail;
pub mod passwords;
pub mod practice;
pub mod problems;
pub mod realtime;
pub mod sessions;
pub mod state;
pub mod store;
pub mod throttle;
pub mod tokens;
