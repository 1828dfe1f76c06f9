//! What the gateway is configured with: the provider, a model per tier, timeouts, retries,
//! cache lifetimes, quotas and prices.

use secrecy::SecretString;
use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use crate::platform::ai::gateway::Task;

/// Which provider API the gateway speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProviderKind {
    /// OpenAI Chat Completions (`Authorization: Bearer`).
    OpenAi,
    /// Anthropic Messages (`x-api-key`).
    Anthropic,
    /// Google Gemini `generateContent` (`x-goog-api-key`).
    Gemini,
    /// Any server speaking OpenAI Chat Completions at `base_url`; the API key is optional.
    OpenAiCompatible,
}

impl ProviderKind {
    /// Stable lowercase name, for storage and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::OpenAi => "openai",
            ProviderKind::Anthropic => "anthropic",
            ProviderKind::Gemini => "gemini",
            ProviderKind::OpenAiCompatible => "openai_compatible",
        }
    }
}

/// Model size/cost class; each task picks one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tier {
    Fast,
    Balanced,
    Powerful,
}

/// Provider endpoint, credentials and the model name for each tier.
#[derive(Clone)]
pub struct ProviderConfig {
    pub kind: ProviderKind,
    /// API base including its version path; `None` uses the provider's public endpoint
    /// (required for [`ProviderKind::OpenAiCompatible`]).
    pub base_url: Option<String>,
    /// Required except for [`ProviderKind::OpenAiCompatible`]. Held as a secret: exposed only
    /// to build a request's authentication.
    pub api_key: Option<SecretString>,
    pub fast: String,
    pub balanced: String,
    pub powerful: String,
}

impl ProviderConfig {
    /// The model name configured for `tier`.
    pub fn model(&self, tier: Tier) -> &str {
        match tier {
            Tier::Fast => &self.fast,
            Tier::Balanced => &self.balanced,
            Tier::Powerful => &self.powerful,
        }
    }
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("kind", &self.kind)
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("fast", &self.fast)
            .field("balanced", &self.balanced)
            .field("powerful", &self.powerful)
            .finish()
    }
}

/// Price of a model in US dollars per million tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Price {
    pub input_per_mtok_usd: f64,
    pub output_per_mtok_usd: f64,
}

/// Everything the gateway needs; see the module docs for the behaviour each field drives.
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    pub provider: ProviderConfig,
    pub interviewer_tier: Tier,
    pub evaluator_tier: Tier,
    /// Zero disables caching for the task.
    pub interviewer_cache_ttl: Duration,
    /// Zero disables caching for the task.
    pub evaluator_cache_ttl: Duration,
    /// Per attempt. For streams it bounds the wait for each event, not the whole stream.
    pub timeout: Duration,
    /// Retries after the first attempt.
    pub max_retries: u32,
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// Per user, tokens in + out since midnight UTC.
    pub daily_token_quota: Option<u64>,
    /// Per user, tokens in + out since the 1st of the month, midnight UTC.
    pub monthly_token_quota: Option<u64>,
    /// Keyed by the configured model name.
    pub prices: HashMap<String, Price>,
}

impl GatewayConfig {
    /// The tier used for `task`.
    pub fn tier(&self, task: Task) -> Tier {
        match task {
            Task::Interviewer => self.interviewer_tier,
            Task::Evaluator => self.evaluator_tier,
        }
    }

    /// The model used for `task`.
    pub fn model(&self, task: Task) -> &str {
        self.provider.model(self.tier(task))
    }

    /// How long a response for `task` stays cached.
    pub fn cache_ttl(&self, task: Task) -> Duration {
        match task {
            Task::Interviewer => self.interviewer_cache_ttl,
            Task::Evaluator => self.evaluator_cache_ttl,
        }
    }

    /// Cost in USD of a call to `model`; 0 when the model has no price.
    pub fn cost_usd(&self, model: &str, tokens_in: u64, tokens_out: u64) -> f64 {
        self.prices.get(model).map_or(0.0, |p| {
            tokens_in as f64 / 1e6 * p.input_per_mtok_usd + tokens_out as f64 / 1e6 * p.output_per_mtok_usd
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::platform::ai::config::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn debug_output_hides_the_key() {
        let provider = ProviderConfig {
            kind: ProviderKind::OpenAi,
            base_url: None,
            api_key: Some("sk-very-secret".into()),
            fast: "a".into(),
            balanced: "b".into(),
            powerful: "c".into(),
        };
        assert!(!format!("{provider:?}").contains("sk-very-secret"));
    }

    #[test]
    fn cost_uses_the_price_table() {
        let mut prices = HashMap::new();
        prices.insert("m".to_owned(), Price { input_per_mtok_usd: 2.0, output_per_mtok_usd: 8.0 });
        let config = GatewayConfig {
            provider: ProviderConfig {
                kind: ProviderKind::OpenAi,
                base_url: None,
                api_key: Some("k".into()),
                fast: "m".into(),
                balanced: "m".into(),
                powerful: "m".into(),
            },
            interviewer_tier: Tier::Fast,
            evaluator_tier: Tier::Powerful,
            interviewer_cache_ttl: Duration::ZERO,
            evaluator_cache_ttl: Duration::ZERO,
            timeout: Duration::from_secs(1),
            max_retries: 0,
            backoff_base: MS,
            backoff_max: MS,
            daily_token_quota: None,
            monthly_token_quota: None,
            prices,
        };
        assert!((config.cost_usd("m", 1_000_000, 500_000) - 6.0).abs() < 1e-12);
        assert_eq!(config.cost_usd("unknown", 1_000_000, 1_000_000), 0.0);
    }
}
