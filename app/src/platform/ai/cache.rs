//! The response cache: successful replies kept in memory by everything that shapes them, each for
//! its task's time to live, in a bounded `moka` cache that evicts the least recently used first.

use std::time::{Duration, Instant};

use moka::policy::{EvictionPolicy, Expiry};
use moka::sync::Cache;
use sha2::{Digest, Sha256};

use crate::platform::ai::config::ProviderKind;
use crate::platform::ai::gateway::{AiRequest, AiResponse, Role};

/// Default number of responses the cache keeps.
pub const DEFAULT_CACHE_CAPACITY: usize = 1_000;

pub(super) type CacheKey = [u8; 32];

/// A cached response and the time to live it was stored with.
#[derive(Clone)]
struct Entry {
    response: AiResponse,
    ttl: Duration,
}

/// Each entry expires its own time to live after it was (last) stored; reads do not extend it.
struct StoredTtl;

impl Expiry<CacheKey, Entry> for StoredTtl {
    fn expire_after_create(&self, _key: &CacheKey, entry: &Entry, _created_at: Instant) -> Option<Duration> {
        Some(entry.ttl)
    }

    fn expire_after_update(
        &self,
        _key: &CacheKey,
        entry: &Entry,
        _updated_at: Instant,
        _duration_until_expiry: Option<Duration>,
    ) -> Option<Duration> {
        Some(entry.ttl)
    }
}

/// Bounded in-memory cache of successful responses; a capacity of 0 disables it.
pub(super) struct ResponseCache(Option<Cache<CacheKey, Entry>>);

impl ResponseCache {
    pub(super) fn new(capacity: usize) -> Self {
        let cache = (capacity > 0).then(|| {
            Cache::builder()
                .max_capacity(u64::try_from(capacity).unwrap_or(u64::MAX))
                .eviction_policy(EvictionPolicy::lru())
                .expire_after(StoredTtl)
                .build()
        });
        ResponseCache(cache)
    }

    /// The response stored under `key`, unless it has expired.
    pub(super) fn get(&self, key: &CacheKey) -> Option<AiResponse> {
        self.0.as_ref()?.get(key).map(|entry| entry.response)
    }

    /// Stores `response` for `ttl`.
    pub(super) fn insert(&self, key: CacheKey, response: AiResponse, ttl: Duration) {
        let Some(cache) = &self.0 else { return };
        // A lifetime too long to represent as an instant is not cached at all.
        if Instant::now().checked_add(ttl).is_none() {
            return;
        }
        cache.insert(key, Entry { response, ttl });
        // moka applies the capacity bound in batches; apply it now so the cache never holds more
        // than its capacity and the least recently used entry is the one that goes.
        cache.run_pending_tasks();
    }

    #[cfg(test)]
    fn len(&self) -> u64 {
        self.0.as_ref().map_or(0, |cache| {
            cache.run_pending_tasks();
            cache.entry_count()
        })
    }
}

/// SHA-256 over everything that shapes the reply; each field is length-prefixed.
pub(super) fn cache_key(kind: ProviderKind, base_url: &str, model: &str, req: &AiRequest) -> CacheKey {
    fn field(hasher: &mut Sha256, bytes: &[u8]) {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    let mut hasher = Sha256::new();
    field(&mut hasher, kind.as_str().as_bytes());
    field(&mut hasher, base_url.as_bytes());
    field(&mut hasher, model.as_bytes());
    field(&mut hasher, req.system.as_bytes());
    hasher.update((req.messages.len() as u64).to_le_bytes());
    for (role, text) in &req.messages {
        hasher.update([match role {
            Role::User => 0u8,
            Role::Assistant => 1u8,
        }]);
        field(&mut hasher, text.as_bytes());
    }
    hasher.update(req.temperature.to_bits().to_le_bytes());
    hasher.update(req.max_tokens.to_le_bytes());
    hasher.update([u8::from(req.json)]);
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use crate::platform::ai::cache::*;
    use crate::platform::ai::gateway::Task;

    fn response(text: &str) -> AiResponse {
        AiResponse { text: text.into(), model: "m".into(), tokens_in: 1, tokens_out: 1, cached: false, attempts: 1 }
    }

    #[test]
    fn cache_expires_and_stays_bounded() {
        let cache = ResponseCache::new(2);
        cache.insert([1; 32], response("a"), Duration::from_secs(10));
        cache.insert([2; 32], response("b"), Duration::from_secs(10));
        cache.insert([3; 32], response("c"), Duration::from_secs(10));
        assert_eq!(cache.len(), 2);
        assert!(cache.get(&[1; 32]).is_none(), "oldest entry is evicted");
        assert_eq!(cache.get(&[3; 32]).map(|r| r.text), Some("c".into()));
        cache.insert([4; 32], response("d"), Duration::from_millis(50));
        assert!(cache.get(&[4; 32]).is_some());
        std::thread::sleep(Duration::from_millis(120));
        assert!(cache.get(&[4; 32]).is_none(), "expired entry is gone");
    }

    #[test]
    fn zero_capacity_caches_nothing() {
        let cache = ResponseCache::new(0);
        cache.insert([1; 32], response("a"), Duration::from_secs(10));
        assert!(cache.get(&[1; 32]).is_none());
    }

    fn request() -> AiRequest {
        AiRequest {
            task: Task::Evaluator,
            user_id: Some("u1".into()),
            system: "sys".into(),
            messages: vec![(Role::User, "hi".into())],
            temperature: 0.2,
            max_tokens: 100,
            json: false,
        }
    }

    #[test]
    fn cache_key_covers_every_field_but_user() {
        let base = request();
        let key = |r: &AiRequest| cache_key(ProviderKind::OpenAi, "http://x/", "m", r);
        let k = key(&base);
        assert_eq!(k, key(&AiRequest { user_id: Some("someone else".into()), ..base.clone() }));
        assert_ne!(k, key(&AiRequest { temperature: 0.3, ..base.clone() }));
        assert_ne!(k, key(&AiRequest { max_tokens: 101, ..base.clone() }));
        assert_ne!(k, key(&AiRequest { json: true, ..base.clone() }));
        assert_ne!(k, key(&AiRequest { system: "sys2".into(), ..base.clone() }));
        assert_ne!(k, key(&AiRequest { messages: vec![(Role::Assistant, "hi".into())], ..base.clone() }));
        assert_ne!(k, cache_key(ProviderKind::OpenAi, "http://y/", "m", &base));
        assert_ne!(k, cache_key(ProviderKind::OpenAi, "http://x/", "m2", &base));
        assert_ne!(k, cache_key(ProviderKind::Gemini, "http://x/", "m", &base));
    }
}
