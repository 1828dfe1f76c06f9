//! The per-session hub: the one place that orders a session's writes and fans what is written
//! out to the rooms open on that session, and that knows which room is the live one.
//!
//! It lives in one process. Its shape is what a PostgreSQL LISTEN/NOTIFY implementation needs
//! to stand behind it for several server instances: messages are strings addressed to one
//! session (a NOTIFY payload), the write order is one lock per session (an advisory lock),
//! and the live room is a counter per session.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{broadcast, watch, OwnedMutexGuard};

/// How many messages a slow room may fall behind before it misses some.
const BACKLOG: usize = 256;
/// Sessions kept before idle ones are swept.
const SWEEP_ABOVE: usize = 1_024;

#[derive(Debug)]
struct Channel {
    writes: Arc<tokio::sync::Mutex<()>>,
    feed: broadcast::Sender<Arc<str>>,
    live: watch::Sender<u64>,
}

/// See the module documentation.
#[derive(Debug, Default)]
pub struct Hub {
    sessions: Mutex<HashMap<String, Arc<Channel>>>,
    next_room: AtomicU64,
}

/// A session's write turn; the next writer waits until it is dropped.
#[must_use]
pub struct WriteTurn {
    _guard: OwnedMutexGuard<()>,
}

/// A room's hold on its session: the latest room to claim a session is the live one.
pub struct Claim {
    id: u64,
    replaced: watch::Receiver<u64>,
}

impl Claim {
    /// Whether a newer room has taken the session.
    pub fn is_replaced(&self) -> bool {
        *self.replaced.borrow() != self.id
    }

    /// Resolves when a newer room takes the session (or the hub is gone).
    pub async fn replaced(&mut self) {
        while !self.is_replaced() {
            if self.replaced.changed().await.is_err() {
                return;
            }
        }
    }
}

impl Hub {
    fn channel(&self, session: &str) -> Arc<Channel> {
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = sessions.get(session) {
            return c.clone();
        }
        if sessions.len() >= SWEEP_ABOVE {
            // Idle: nobody holds it, listens to it, or holds or waits for its write turn (a
            // turn keeps only the lock, so the lock's own count says whether one is out).
            sessions.retain(|_, c| {
                Arc::strong_count(c) > 1 || c.feed.receiver_count() > 0 || Arc::strong_count(&c.writes) > 1
            });
        }
        let channel = Arc::new(Channel {
            writes: Arc::new(tokio::sync::Mutex::new(())),
            feed: broadcast::channel(BACKLOG).0,
            live: watch::channel(0).0,
        });
        sessions.insert(session.to_string(), channel.clone());
        channel
    }

    /// Waits for the session's write turn.
    pub async fn write_turn(&self, session: &str) -> WriteTurn {
        let writes = self.channel(session).writes.clone();
        WriteTurn { _guard: writes.lock_owned().await }
    }

    /// Sends a message to every room listening to the session (none: it is dropped).
    pub fn publish(&self, session: &str, message: Arc<str>) {
        let feed = self.sessions.lock().unwrap_or_else(|p| p.into_inner()).get(session).map(|c| c.feed.clone());
        if let Some(feed) = feed {
            let _ = feed.send(message);
        }
    }

    /// Listens to the session's messages from now on.
    pub fn subscribe(&self, session: &str) -> broadcast::Receiver<Arc<str>> {
        self.channel(session).feed.subscribe()
    }

    /// Makes the caller the session's live room; the room it replaces sees `is_replaced`.
    pub fn claim(&self, session: &str) -> Claim {
        let id = self.next_room.fetch_add(1, Ordering::Relaxed) + 1;
        let channel = self.channel(session);
        channel.live.send_replace(id);
        Claim { id, replaced: channel.live.subscribe() }
    }

    /// How many sessions the hub holds (for tests and metrics).
    pub fn len(&self) -> usize {
        self.sessions.lock().map(|s| s.len()).unwrap_or(0)
    }

    /// Whether the hub holds no session.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn messages_reach_only_the_rooms_of_their_session() {
        let hub = Hub::default();
        let mut a = hub.subscribe("a");
        let mut b = hub.subscribe("b");
        hub.publish("a", "for a".into());
        assert_eq!(&*a.recv().await.unwrap(), "for a");
        assert!(b.try_recv().is_err());
    }

    #[tokio::test]
    async fn a_write_turn_still_held_survives_a_sweep_of_idle_sessions() {
        let hub = Hub::default();
        let held = hub.write_turn("busy").await;
        for i in 0..SWEEP_ABOVE + 8 {
            drop(hub.write_turn(&format!("idle-{i}")).await);
        }
        assert!(hub.len() < SWEEP_ABOVE, "idle sessions were swept");
        // The session's writes are still in order: the next writer waits for the held turn.
        let next = tokio::time::timeout(std::time::Duration::from_millis(50), hub.write_turn("busy")).await;
        assert!(next.is_err(), "a second writer got the turn while the first still held it");
        drop(held);
        drop(hub.write_turn("busy").await);
    }

    #[tokio::test]
    async fn a_newer_room_replaces_the_older_one() {
        let hub = Hub::default();
        let mut first = hub.claim("s");
        assert!(!first.is_replaced());
        let second = hub.claim("s");
        first.replaced().await;
        assert!(first.is_replaced());
        assert!(!second.is_replaced());
        let other = hub.claim("t");
        assert!(!second.is_replaced() && !other.is_replaced());
    }

    #[tokio::test]
    async fn writes_of_one_session_take_turns_and_other_sessions_do_not_wait() {
        let hub = Arc::new(Hub::default());
        let turn = hub.write_turn("s").await;
        let waiting = {
            let hub = hub.clone();
            tokio::spawn(async move {
                let _t = hub.write_turn("s").await;
            })
        };
        let _other = hub.write_turn("t").await;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        assert!(!waiting.is_finished());
        drop(turn);
        waiting.await.unwrap();
    }
}
