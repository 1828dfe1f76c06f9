//! Integration tests: each starts the real server on port 0 with its own fresh database
//! (a SQLite file, or a new PostgreSQL database when TEST_DATABASE_URL is set).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod ai;
mod credits;
mod errors;
mod evaluation_set;
mod fake_llm;
mod gateway;
mod helpers;
mod interviews;
mod languages;
mod mail;
mod operations;
mod piston;
mod problems;
mod realtime;
mod replays;
mod room_rules;
