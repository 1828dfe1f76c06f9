//! The state every handler and server function can reach.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

use crate::platform::config::Config;
use crate::platform::executor::Executor;
use crate::platform::mail::Mailer;
use crate::platform::store::Store;
use crate::platform::throttle::PerKey;
use crate::platform::throttle::Throttle;
use crate::problems::server::bank::ProblemCache;

/// Shared application state; provided to server functions as Leptos context.
/// Starts, snapshots and realtime tokens allowed per user per minute, together: a room uses a
/// few an hour; a script sending hundreds is refused with 429.
pub const WRITES_PER_MINUTE: u32 = 60;

#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub config: Arc<Config>,
    pub throttle: Arc<Throttle>,
    pub mailer: Mailer,
    /// Where candidate code runs.
    pub executor: Arc<dyn Executor>,
    /// Parsed problem versions.
    pub problems: Arc<ProblemCache>,
    /// Code runs and submissions per user.
    pub run_limit: Arc<PerKey>,
    /// Interview writes outside the realtime channel per user: starting interviews, saving
    /// snapshots, realtime tokens ([`WRITES_PER_MINUTE`]).
    #[from_ref(skip)]
    pub write_limit: Arc<PerKey>,
    /// Slots of the executor, shared fairly across users.
    pub run_queue: crate::platform::executor::queue::FairQueue,
    /// The observer's cache and the runs feed of the interviewer.
    pub ai: Arc<crate::interviewer::server::Ai>,
    /// Ids of interview sessions as they end, for their open realtime channels.
    pub session_ended: tokio::sync::broadcast::Sender<String>,
}
