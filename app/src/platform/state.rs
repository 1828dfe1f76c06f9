//! The state every handler and server function can reach.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::platform::config::Config;
use crate::platform::executor::Executor;
use crate::platform::mail::Mailer;
use crate::platform::store::Store;
use crate::platform::throttle::PerKey;
use crate::platform::throttle::Throttle;

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
    /// What features keep for the life of the server (a feature's caches), by type.
    #[from_ref(skip)]
    pub slots: Arc<Slots>,
    /// Code runs and submissions per user.
    pub run_limit: Arc<PerKey>,
    /// Interview writes outside the realtime channel per user: starting interviews, saving
    /// snapshots, realtime tokens ([`WRITES_PER_MINUTE`]).
    #[from_ref(skip)]
    pub write_limit: Arc<PerKey>,
    /// Slots of the executor, shared fairly across users.
    pub run_queue: crate::platform::executor::queue::FairQueue,
    /// The hosted AI provider, when one is configured; `None` is the built-in engine alone.
    pub gateway: Option<Arc<crate::platform::ai::gateway::Gateway>>,
    /// Orders each session's writes and fans them out to its rooms.
    pub hub: Arc<crate::platform::hub::Hub>,
}

/// Values that features keep in the state without the platform knowing their types: one
/// value per type, made on first use with its `Default`. A feature keeps its cache here
/// instead of adding a field to [`AppState`], which would make the platform import it.
#[derive(Default)]
pub struct Slots(Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

impl std::fmt::Debug for Slots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slots").finish_non_exhaustive()
    }
}

impl Slots {
    /// The value of type `T`, made with `T::default()` the first time it is asked for.
    pub fn get<T: Any + Default + Send + Sync>(&self) -> Arc<T> {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let value = map.entry(TypeId::of::<T>()).or_insert_with(|| Arc::new(T::default())).clone();
        // The entry under `TypeId::of::<T>()` was made as a `T`, so this never fails; a fresh
        // value stands in rather than a panic.
        value.downcast::<T>().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::Slots;

    #[derive(Default)]
    struct Counter(std::sync::atomic::AtomicU32);

    #[test]
    fn a_slot_is_made_once_and_shared_by_every_caller() {
        let slots = Slots::default();
        slots.get::<Counter>().0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        slots.get::<Counter>().0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(slots.get::<Counter>().0.load(std::sync::atomic::Ordering::SeqCst), 2);
        assert_eq!(*slots.get::<String>(), "");
    }
}
