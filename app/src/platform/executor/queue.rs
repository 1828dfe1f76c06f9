//! Fair sharing of the sandbox: at most `slots` runs at once, at most `per_user` of them
//! from one account, and waiting runs served round-robin across accounts (not first come,
//! first served), so one account flooding the queue delays another's run by at most one
//! slot's wall time. A run that waits longer than `max_wait` is refused with a retryable
//! error; a waiting run learns its position as it changes.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{oneshot, watch};

/// Runs of one account that may wait beyond those running, by default.
pub const RUNS_WAITING_PER_USER: usize = 4;

/// Why a run was not given a slot.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueueError {
    /// The run waited `max_wait` without a free slot; nothing ran.
    #[error("every sandbox stayed busy for {0} s")]
    Busy(u64),
    /// The account already has this many runs waiting.
    #[error("{0} runs of yours are already waiting")]
    TooManyWaiting(usize),
}

/// The settings of a [`FairQueue`].
#[derive(Debug, Clone, Copy)]
pub struct QueueLimits {
    /// Runs at once across all accounts.
    pub slots: usize,
    /// Runs at once of one account.
    pub per_user: usize,
    /// Runs of one account allowed to wait beyond those running.
    pub waiting_per_user: usize,
    /// How long a run may wait for a slot.
    pub max_wait: Duration,
}

struct Waiter {
    id: u64,
    grant: oneshot::Sender<Permit>,
    position: watch::Sender<usize>,
}

#[derive(Default)]
struct State {
    running: usize,
    in_flight: HashMap<String, usize>,
    waiting: HashMap<String, VecDeque<Waiter>>,
    /// Accounts with waiting runs, in the order they started waiting.
    ring: VecDeque<String>,
    /// When each account with runs waiting or running was last given a slot (a grant
    /// counter): the account served longest ago goes first, so one that just had a turn
    /// waits behind everyone else.
    served: HashMap<String, u64>,
    grants: u64,
    next_id: u64,
}

impl State {
    /// The order in which waiting accounts are served: longest since their last turn first,
    /// then the earliest to start waiting.
    fn turn_order(&self) -> Vec<String> {
        let mut order: Vec<(u64, usize, &String)> =
            self.ring.iter().enumerate().map(|(i, u)| (self.served.get(u).copied().unwrap_or(0), i, u)).collect();
        order.sort();
        order.into_iter().map(|(_, _, u)| u.clone()).collect()
    }

    /// Forgets an account's turns once it has nothing waiting or running.
    fn forget_if_idle(&mut self, user: &str) {
        if !self.waiting.contains_key(user) && !self.in_flight.contains_key(user) {
            self.served.remove(user);
        }
    }
}

/// The fair queue in front of an executor.
#[derive(Clone)]
pub struct FairQueue {
    limits: QueueLimits,
    state: Arc<Mutex<State>>,
}

impl std::fmt::Debug for FairQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FairQueue").field("limits", &self.limits).finish()
    }
}

/// A slot held by one run; dropping it frees the slot for the next account in turn.
pub struct Permit {
    queue: FairQueue,
    user: String,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.queue.release(&self.user);
    }
}

/// Removes a waiter that gave up (timed out or was cancelled) before it got a slot.
struct Abandon<'a> {
    queue: &'a FairQueue,
    user: &'a str,
    id: u64,
    armed: bool,
}

impl Drop for Abandon<'_> {
    fn drop(&mut self) {
        if self.armed {
            self.queue.withdraw(self.user, self.id);
        }
    }
}

impl FairQueue {
    /// A queue with these limits (each at least 1).
    pub fn new(limits: QueueLimits) -> Self {
        let limits = QueueLimits {
            slots: limits.slots.max(1),
            per_user: limits.per_user.max(1),
            waiting_per_user: limits.waiting_per_user.max(1),
            ..limits
        };
        Self { limits, state: Arc::new(Mutex::new(State::default())) }
    }

    /// The limits in force.
    pub fn limits(&self) -> QueueLimits {
        self.limits
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves counts that are still consistent: every
        // change below is completed before anything can panic.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Waits for a slot for `user`'s run. `on_position` hears the run's place in the queue
    /// (1 = next) each time it changes while it waits; it is not called for a run that gets
    /// a slot at once.
    pub async fn acquire(&self, user: &str, mut on_position: impl FnMut(usize)) -> Result<Permit, QueueError> {
        let (grant_tx, mut grant_rx) = oneshot::channel();
        let (position_tx, mut position_rx) = watch::channel(0usize);
        let id = {
            let mut s = self.lock();
            let waiting = s.waiting.get(user).map_or(0, VecDeque::len);
            if waiting >= self.limits.waiting_per_user {
                return Err(QueueError::TooManyWaiting(waiting));
            }
            s.next_id += 1;
            let id = s.next_id;
            s.waiting.entry(user.to_string()).or_default().push_back(Waiter {
                id,
                grant: grant_tx,
                position: position_tx,
            });
            if !s.ring.iter().any(|u| u == user) {
                s.ring.push_back(user.to_string());
            }
            id
        };
        self.dispatch();
        let mut abandon = Abandon { queue: self, user, id, armed: true };
        let deadline = tokio::time::sleep(self.limits.max_wait);
        tokio::pin!(deadline);
        loop {
            tokio::select! {
                granted = &mut grant_rx => {
                    abandon.armed = false;
                    return granted.map_err(|_| QueueError::Busy(self.limits.max_wait.as_secs()));
                }
                changed = position_rx.changed() => {
                    if changed.is_ok() {
                        let position = *position_rx.borrow_and_update();
                        if position > 0 {
                            on_position(position);
                        }
                    }
                }
                _ = &mut deadline => {
                    drop(abandon);
                    // A slot granted at the very moment of giving up is handed back by
                    // dropping the permit with the receiver.
                    grant_rx.close();
                    if let Ok(permit) = grant_rx.try_recv() {
                        return Ok(permit);
                    }
                    return Err(QueueError::Busy(self.limits.max_wait.as_secs()));
                }
            }
        }
    }

    fn withdraw(&self, user: &str, id: u64) {
        {
            let mut s = self.lock();
            if let Some(q) = s.waiting.get_mut(user) {
                q.retain(|w| w.id != id);
                if q.is_empty() {
                    s.waiting.remove(user);
                    s.ring.retain(|u| u != user);
                }
            }
            s.forget_if_idle(user);
        }
        self.dispatch();
    }

    fn release(&self, user: &str) {
        {
            let mut s = self.lock();
            s.running = s.running.saturating_sub(1);
            if let Some(n) = s.in_flight.get_mut(user) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    s.in_flight.remove(user);
                }
            }
            s.forget_if_idle(user);
        }
        self.dispatch();
    }

    /// Hands free slots to waiting runs, one account at a time in turn order, then tells
    /// every run still waiting its position. Grants are sent after the lock is released; a
    /// grant whose receiver is gone comes back as a permit and is dropped, freeing its slot.
    fn dispatch(&self) {
        let mut grants = Vec::new();
        {
            let mut s = self.lock();
            while s.running < self.limits.slots {
                let per_user = self.limits.per_user;
                let eligible = s.turn_order().into_iter().find(|u| s.in_flight.get(u).copied().unwrap_or(0) < per_user);
                let Some(user) = eligible else { break };
                let Some(waiter) = s.waiting.get_mut(&user).and_then(VecDeque::pop_front) else { break };
                if s.waiting.get(&user).is_some_and(VecDeque::is_empty) {
                    s.waiting.remove(&user);
                    s.ring.retain(|u| *u != user);
                }
                s.running += 1;
                s.grants += 1;
                let grant = s.grants;
                s.served.insert(user.clone(), grant);
                *s.in_flight.entry(user.clone()).or_default() += 1;
                grants.push((waiter.grant, Permit { queue: self.clone(), user }));
            }
            let order = positions(&s);
            for (user, queue) in &s.waiting {
                for (k, w) in queue.iter().enumerate() {
                    if let Some(p) = order.get(&(user.clone(), k)) {
                        w.position.send_if_modified(|old| std::mem::replace(old, *p) != *p);
                    }
                }
            }
        }
        for (tx, permit) in grants {
            // Dropped here (outside the lock) when the waiter has gone.
            let _ = tx.send(permit);
        }
    }
}

/// Where each waiting run stands: round `k` serves every account's k-th waiting run in
/// turn order, so an account's k-th run waits behind everyone's earlier rounds.
fn positions(s: &State) -> HashMap<(String, usize), usize> {
    let mut out = HashMap::new();
    let mut place = 0;
    let deepest = s.waiting.values().map(VecDeque::len).max().unwrap_or(0);
    let order = s.turn_order();
    for k in 0..deepest {
        for user in &order {
            if s.waiting.get(user).is_some_and(|q| q.len() > k) {
                place += 1;
                out.insert((user.clone(), k), place);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::platform::executor::queue::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn queue(slots: usize, per_user: usize, max_wait_ms: u64) -> FairQueue {
        FairQueue::new(QueueLimits {
            slots,
            per_user,
            waiting_per_user: 8,
            max_wait: Duration::from_millis(max_wait_ms),
        })
    }

    #[tokio::test]
    async fn one_account_runs_one_at_a_time_and_others_are_served_in_turn() {
        let q = queue(2, 1, 10_000);
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        // The flooder queues five runs first; a second account queues one after them.
        for (i, user) in ["flood", "flood", "flood", "flood", "flood", "quick"].into_iter().enumerate() {
            let (q, order) = (q.clone(), order.clone());
            tasks.push(tokio::spawn(async move {
                let _permit = q.acquire(user, |_| {}).await.unwrap();
                order.lock().unwrap().push(user);
                tokio::time::sleep(Duration::from_millis(if user == "flood" { 60 } else { 5 })).await;
                i
            }));
            tokio::task::yield_now().await;
        }
        for t in tasks {
            t.await.unwrap();
        }
        let order = order.lock().unwrap().clone();
        // The flooder holds one slot at most, so the quick run takes the other at once.
        assert_eq!(&order[..2], ["flood", "quick"], "{order:?}");
    }

    #[tokio::test]
    async fn round_robin_alternates_between_waiting_accounts() {
        let q = queue(1, 1, 10_000);
        let first = q.acquire("a", |_| {}).await.unwrap();
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for user in ["a", "a", "a", "b", "b", "c"] {
            let (q, order) = (q.clone(), order.clone());
            tasks.push(tokio::spawn(async move {
                let _p = q.acquire(user, |_| {}).await.unwrap();
                order.lock().unwrap().push(user);
            }));
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        drop(first);
        for t in tasks {
            t.await.unwrap();
        }
        // "a" just had its turn (the first permit), so "b" and "c" go first; then turns
        // alternate, whoever was served longest ago first.
        assert_eq!(*order.lock().unwrap(), ["b", "c", "a", "b", "a", "a"]);
    }

    #[tokio::test]
    async fn with_one_slot_a_quick_run_waits_for_the_flooders_current_run_only() {
        let q = queue(1, 1, 10_000);
        let running = q.acquire("flood", |_| {}).await.unwrap();
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for user in ["flood", "flood", "flood", "flood", "flood", "quick"] {
            let (q, order) = (q.clone(), order.clone());
            tasks.push(tokio::spawn(async move {
                let _p = q.acquire(user, |_| {}).await.unwrap();
                order.lock().unwrap().push(user);
            }));
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        drop(running);
        for t in tasks {
            t.await.unwrap();
        }
        assert_eq!(order.lock().unwrap()[0], "quick");
    }

    #[tokio::test]
    async fn a_waiting_run_hears_its_position_and_a_run_that_waits_too_long_is_refused_and_freed() {
        let q = queue(1, 1, 150);
        let held = q.acquire("a", |_| {}).await.unwrap();
        let seen = Arc::new(AtomicUsize::new(0));
        let s = seen.clone();
        let err = q.acquire("b", move |p| s.store(p, Ordering::SeqCst)).await.err();
        assert_eq!(err, Some(QueueError::Busy(0)));
        assert_eq!(seen.load(Ordering::SeqCst), 1);
        // The refused run left no trace: the next run gets the slot as soon as it is free.
        drop(held);
        let again = tokio::time::timeout(Duration::from_millis(100), q.acquire("b", |_| {})).await;
        assert!(again.is_ok_and(|r| r.is_ok()));
    }

    #[tokio::test]
    async fn a_cancelled_wait_gives_its_place_back() {
        let q = queue(1, 1, 10_000);
        let held = q.acquire("a", |_| {}).await.unwrap();
        let waiting = tokio::spawn({
            let q = q.clone();
            async move { q.acquire("b", |_| {}).await.map(|_| ()) }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        waiting.abort();
        let _ = waiting.await;
        drop(held);
        let c = tokio::time::timeout(Duration::from_millis(100), q.acquire("c", |_| {})).await;
        let _c = c.expect("the slot is free again").expect("granted");
        assert_eq!(q.lock().running, 1);
        assert!(q.lock().waiting.is_empty() && q.lock().ring.is_empty());
    }

    #[tokio::test]
    async fn an_account_may_keep_only_so_many_runs_waiting() {
        let q = FairQueue::new(QueueLimits {
            slots: 1,
            per_user: 1,
            waiting_per_user: 2,
            max_wait: Duration::from_secs(10),
        });
        let _held = q.acquire("a", |_| {}).await.unwrap();
        let w1 = tokio::spawn({
            let q = q.clone();
            async move { q.acquire("a", |_| {}).await.map(|_| ()) }
        });
        let w2 = tokio::spawn({
            let q = q.clone();
            async move { q.acquire("a", |_| {}).await.map(|_| ()) }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(q.acquire("a", |_| {}).await.err(), Some(QueueError::TooManyWaiting(2)));
        w1.abort();
        w2.abort();
    }
}
