//! Sign-in throttling per account and client together, per account, and per client IP (GCRA
//! from `governor`), answered with 429 and Retry-After. Guessing one account's password from
//! one client hits the account-and-client limit; the account-wide ceiling is higher, so a
//! stranger hammering someone's account does not lock its owner out.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;

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

/// One limit per key (for example code runs per user), answered with 429 and Retry-After.
pub struct PerKey {
    limiter: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
}

impl std::fmt::Debug for PerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PerKey")
    }
}

impl PerKey {
    /// Allows `per_minute` events a minute per key, in bursts of up to `per_minute`.
    pub fn per_minute(per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Self { limiter: RateLimiter::keyed(Quota::per_minute(n)), clock: DefaultClock::default() }
    }

    /// Counts one event for `key`; `Err(seconds)` says how long to wait when over the limit.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        self.limiter
            .check_key(&key.to_string())
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()).as_secs().max(1))
    }

    /// Drops state for keys that are back at full allowance.
    pub fn prune(&self) {
        self.limiter.retain_recent();
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
    fn one_ip_is_limited_across_accounts() {
        let t = Throttle::new(100, 2);
        let ip = Some(IpAddr::from([10, 0, 0, 1]));
        assert!(t.check(Some("a@x.io"), ip).is_ok());
        assert!(t.check(Some("b@x.io"), ip).is_ok());
        assert!(t.check(Some("c@x.io"), ip).is_err());
        assert!(t.check(Some("c@x.io"), Some(IpAddr::from([10, 0, 0, 2]))).is_ok());
    }
}
