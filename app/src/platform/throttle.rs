//! Sign-in throttling per account and client together, per account, and per client IP (GCRA
//! from `governor`), answered with 429 and Retry-After. Guessing one account's password from
//! one client hits the account-and-client limit; the account-wide ceiling is higher, so a
//! stranger hammering someone's account does not lock its owner out.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Keyed limiters for authentication attempts.
pub struct Throttle {
    per_account_client: DefaultKeyedRateLimiter<(String, Option<IpAddr>)>,
    per_account: DefaultKeyedRateLimiter<String>,
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

impl std::fmt::Debug for Throttle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Throttle")
    }
}

impl Throttle {
    /// How many times the account-and-client limit the account-wide ceiling is.
    pub const ACCOUNT_CEILING: u32 = 6;

    /// Allows `per_account` attempts a minute for one account from one client,
    /// [`Self::ACCOUNT_CEILING`] times that for the account from everywhere, and `per_ip`
    /// for one client across accounts.
    pub fn new(per_account: u32, per_ip: u32) -> Self {
        let q = |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN));
        Self {
            per_account_client: RateLimiter::keyed(q(per_account)),
            per_account: RateLimiter::keyed(q(per_account.saturating_mul(Self::ACCOUNT_CEILING))),
            per_ip: RateLimiter::keyed(q(per_ip)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one attempt; `Err(seconds)` says how long to wait when over the limit.
    pub fn check(&self, account: Option<&str>, ip: Option<IpAddr>) -> Result<(), u64> {
        if let Some(ip) = ip {
            if let Err(not_until) = self.per_ip.check_key(&ip) {
                return Err(not_until.wait_time_from(self.clock.now()).as_secs().max(1));
            }
        }
        if let Some(account) = account {
            if let Err(not_until) = self.per_account_client.check_key(&(account.to_string(), ip)) {
                return Err(not_until.wait_time_from(self.clock.now()).as_secs().max(1));
            }
            if let Err(not_until) = self.per_account.check_key(&account.to_string()) {
                return Err(not_until.wait_time_from(self.clock.now()).as_secs().max(1));
            }
        }
        Ok(())
    }

    /// Drops state for keys that are back at full allowance, bounding memory.
    pub fn prune(&self) {
        self.per_account_client.retain_recent();
        self.per_account.retain_recent();
        self.per_ip.retain_recent();
    }
}

/// One limit per key (for example code runs per user), answered with 429 and Retry-After:
/// at most `per_minute` events in any 60 seconds. (A token bucket refills while it is spent,
/// so "12 a minute" let 17 runs through in under a minute; a window counts what it says.)
pub struct PerKey {
    per_minute: usize,
    hits: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// The window a [`PerKey`] limit counts over.
pub const WINDOW: Duration = Duration::from_secs(60);

impl std::fmt::Debug for PerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PerKey").field("per_minute", &self.per_minute).finish_non_exhaustive()
    }
}

impl PerKey {
    /// Allows `per_minute` events per key in any minute.
    pub fn per_minute(per_minute: u32) -> Self {
        Self { per_minute: per_minute.max(1) as usize, hits: Mutex::new(HashMap::new()) }
    }

    /// How many events a minute it allows.
    pub fn limit(&self) -> u32 {
        u32::try_from(self.per_minute).unwrap_or(u32::MAX)
    }

    /// Counts one event for `key`; `Err(seconds)` says how long to wait when over the limit.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        self.check_at(key, Instant::now())
    }

    /// [`PerKey::check`] at a given moment (tests move the clock by hand). A refused event
    /// is not counted.
    pub fn check_at(&self, key: &str, now: Instant) -> Result<(), u64> {
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        let times = hits.entry(key.to_string()).or_default();
        while times.front().is_some_and(|t| now.saturating_duration_since(*t) >= WINDOW) {
            times.pop_front();
        }
        if times.len() >= self.per_minute {
            let oldest = times.front().copied().unwrap_or(now);
            let wait = WINDOW.saturating_sub(now.saturating_duration_since(oldest));
            return Err((wait.as_secs_f64().ceil() as u64).clamp(1, WINDOW.as_secs()));
        }
        times.push_back(now);
        Ok(())
    }

    /// Drops state for keys that are back at full allowance.
    pub fn prune(&self) {
        let now = Instant::now();
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        hits.retain(|_, times| times.back().is_some_and(|t| now.saturating_duration_since(*t) < WINDOW));
    }
}

#[cfg(test)]
mod tests {
    use crate::platform::throttle::*;

    #[test]
    fn an_account_is_limited_separately_from_others() {
        let t = Throttle::new(2, 100);
        let ip = Some(IpAddr::from([127, 0, 0, 1]));
        assert!(t.check(Some("a@x.io"), ip).is_ok());
        assert!(t.check(Some("a@x.io"), ip).is_ok());
        let wait = t.check(Some("a@x.io"), ip).unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(t.check(Some("b@x.io"), ip).is_ok());
    }

    #[test]
    fn a_stranger_hammering_an_account_does_not_lock_its_owner_out() {
        let t = Throttle::new(2, 100);
        let stranger = Some(IpAddr::from([203, 0, 113, 9]));
        let owner = Some(IpAddr::from([198, 51, 100, 7]));
        assert!(t.check(Some("a@x.io"), stranger).is_ok());
        assert!(t.check(Some("a@x.io"), stranger).is_ok());
        assert!(t.check(Some("a@x.io"), stranger).is_err());
        assert!(t.check(Some("a@x.io"), owner).is_ok(), "the owner's own client still gets its tries");
        // Many clients together still meet the account-wide ceiling.
        let mut allowed = 3;
        for i in 0..50u8 {
            if t.check(Some("a@x.io"), Some(IpAddr::from([10, 1, 0, i]))).is_ok() {
                allowed += 1;
            }
        }
        assert_eq!(allowed, 2 * Throttle::ACCOUNT_CEILING);
    }

    #[test]
    fn a_per_key_limit_counts_each_key_apart() {
        let l = PerKey::per_minute(2);
        assert!(l.check("u1").is_ok());
        assert!(l.check("u1").is_ok());
        assert!((1..=60).contains(&l.check("u1").unwrap_err()));
        assert!(l.check("u2").is_ok());
    }

    #[test]
    fn a_per_key_limit_allows_at_most_its_count_in_any_minute() {
        let l = PerKey::per_minute(12);
        let t0 = Instant::now();
        // Twelve runs spread over 44 seconds, then more before the minute is out: a token
        // bucket would have refilled and let them through; the window refuses each one.
        for i in 0..12 {
            assert!(l.check_at("u", t0 + Duration::from_secs(4 * i)).is_ok(), "run {i}");
        }
        for s in [45, 50, 55, 59] {
            let wait = l.check_at("u", t0 + Duration::from_secs(s)).unwrap_err();
            assert_eq!(wait, 60 - s, "at {s} s the first run leaves the window in {} s", 60 - s);
        }
        // Once the first run is a minute old, one more fits; the next waits for the second.
        assert!(l.check_at("u", t0 + Duration::from_secs(60)).is_ok());
        assert_eq!(l.check_at("u", t0 + Duration::from_secs(61)).unwrap_err(), 3);
        assert!(l.check_at("other", t0 + Duration::from_secs(61)).is_ok());
    }

    #[test]
    fn one_ip_is_limited_across_accounts() {
        let t = Throttle::new(100, 2);
        let ip = Some(IpAddr::from([10, 0, 0, 1]));
        assert!(t.check(Some("a@x.io"), ip).is_ok());
        assert!(t.check(Some("b@x.io"), ip).is_ok());
        assert!(t.check(Some("c@x.io"), ip).is_err());
        assert!(t.check(Some("c@x.io"), Some(IpAddr::from([10, 0, 0, 2]))).is_ok());
    }
}
