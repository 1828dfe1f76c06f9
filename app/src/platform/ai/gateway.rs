//! The one way the app reaches an LLM.
//!
//! Wraps `genai` 0.7.2 and adds: a model tier per task, a per-attempt timeout, retries (429, 5xx,
//! network errors and timeouts only) with exponential backoff that honours `Retry-After`, an in-memory
//! response cache, per-user token quotas and one [`UsageRecord`] per call.
//!
//! Providers: OpenAI, Anthropic, Gemini, and any OpenAI-compatible server (Ollama, vLLM, llama.cpp)
//! reached through `base_url`. A `base_url` includes the API version path, e.g. `http://localhost:11434/v1`,
//! `https://api.anthropic.com/v1` or `https://generativelanguage.googleapis.com/v1beta`.
//!
//! This module ties the pieces together; each lives beside it: [`config`](super::config),
//! `providers` (endpoints, keys, one attempt), [`retry`](super::retry) (which failures
//! retry and how long to wait), [`cache`](super::cache), [`quota`](super::quota) and [`usage`](super::usage).

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use serde_json::Value;

use crate::platform::ai::cache::{cache_key, ResponseCache, DEFAULT_CACHE_CAPACITY};
use crate::platform::ai::config::GatewayConfig;
use crate::platform::ai::providers::Provider;
use crate::platform::ai::quota::check_quota;
use crate::platform::ai::retry::retry_delay;
use crate::platform::ai::usage::{UsageRecord, UsageStore};

/// What a call is for; maps to a [`Tier`](crate::platform::ai::config::Tier) and a cache TTL in [`GatewayConfig`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Task {
    Interviewer,
    Evaluator,
}

impl Task {
    /// Stable lowercase name, for storage and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Task::Interviewer => "interviewer",
            Task::Evaluator => "evaluator",
        }
    }
}

/// Author of a conversation message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    User,
    Assistant,
}

/// One LLM call.
#[derive(Debug, Clone, PartialEq)]
pub struct AiRequest {
    pub task: Task,
    /// Quotas apply only when set.
    pub user_id: Option<String>,
    /// Empty means no system prompt.
    pub system: String,
    pub messages: Vec<(Role, String)>,
    /// 0.0 to 2.0.
    pub temperature: f32,
    /// 0 leaves the provider's default.
    pub max_tokens: u32,
    /// Ask for JSON output; the reply is checked to parse as JSON (a Markdown code fence is removed).
    pub json: bool,
}

/// Result of a successful call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AiResponse {
    pub text: String,
    /// The configured model name.
    pub model: String,
    pub tokens_in: u64,
    pub tokens_out: u64,
    pub cached: bool,
    /// Upstream attempts made (0 for a cache hit).
    pub attempts: u32,
}

/// Why a call failed. `Display` is user-facing and never contains API keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GatewayError {
    /// The user's daily or monthly token quota is used up.
    QuotaExceeded { message: String },
    /// The provider answered with an error (HTTP status when there was one).
    Provider { status: Option<u16>, message: String },
    /// An attempt took longer than the configured timeout.
    Timeout,
    /// The provider could not be reached, or the connection broke.
    Network(String),
    /// The provider's answer could not be used.
    InvalidResponse(String),
    /// The gateway configuration is unusable.
    Config(String),
    /// The request itself is invalid.
    InvalidRequest(String),
}

impl fmt::Display for GatewayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GatewayError::QuotaExceeded { message } => f.write_str(message),
            GatewayError::Provider { status: Some(429), message } => {
                write!(f, "The AI provider is busy or rate-limiting requests (HTTP 429): {message}")
            }
            GatewayError::Provider { status: Some(status), message } => {
                write!(f, "The AI provider returned an error (HTTP {status}): {message}")
            }
            GatewayError::Provider { status: None, message } => {
                write!(f, "The AI provider returned an error: {message}")
            }
            GatewayError::Timeout => f.write_str("The AI provider did not respond in time. Please try again."),
            GatewayError::Network(message) => write!(f, "Could not reach the AI provider: {message}"),
            GatewayError::InvalidResponse(message) => {
                write!(f, "The AI provider's response could not be used: {message}")
            }
            GatewayError::Config(message) => write!(f, "The AI service is not configured correctly: {message}"),
            GatewayError::InvalidRequest(message) => write!(f, "The AI request is invalid: {message}"),
        }
    }
}

impl std::error::Error for GatewayError {}

/// The LLM gateway. Cheap to share behind an `Arc`; all methods take `&self`.
pub struct Gateway {
    config: GatewayConfig,
    usage: Arc<dyn UsageStore>,
    provider: Provider,
    cache: ResponseCache,
}

impl fmt::Debug for Gateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gateway")
            .field("config", &self.config)
            .field("base_url", &self.provider.base_url)
            .finish_non_exhaustive()
    }
}

impl Gateway {
    /// Checks the configuration and builds the HTTP client.
    pub fn new(config: GatewayConfig, usage: Arc<dyn UsageStore>) -> Result<Self, GatewayError> {
        let provider = Provider::new(&config.provider, config.timeout)?;
        Ok(Gateway { config, usage, provider, cache: ResponseCache::new(DEFAULT_CACHE_CAPACITY) })
    }

    /// Sets how many responses the cache keeps (0 disables it).
    pub fn with_cache_capacity(self, capacity: usize) -> Self {
        Gateway { cache: ResponseCache::new(capacity), ..self }
    }

    /// The configuration in use.
    pub fn config(&self) -> &GatewayConfig {
        &self.config
    }

    /// Sends the request and returns the whole reply.
    pub async fn complete(&self, req: &AiRequest) -> Result<AiResponse, GatewayError> {
        self.run(req, None).await
    }

    /// Streams text deltas to `on_delta` as they arrive; returns the whole response.
    ///
    /// A failure before the first delta is retried like [`Gateway::complete`]; after it, the error is returned.
    /// A cache hit delivers the cached text as one delta.
    pub async fn stream(
        &self,
        req: &AiRequest,
        on_delta: &mut (dyn FnMut(&str) + Send),
    ) -> Result<AiResponse, GatewayError> {
        self.run(req, Some(on_delta)).await
    }

    /// Runs one call and writes its usage record.
    async fn run(
        &self,
        req: &AiRequest,
        on_delta: Option<&mut (dyn FnMut(&str) + Send)>,
    ) -> Result<AiResponse, GatewayError> {
        let started = Instant::now();
        let model = self.config.model(req.task).to_owned();
        let result = self.run_inner(req, &model, on_delta).await;
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let record = self.usage_record(req, model, latency_ms, &result);
        if let Err(err) = self.usage.record(record).await {
            tracing::warn!(error = %err, "failed to store an AI usage record");
        }
        result
    }

    /// The usage record for a finished call; cache hits and failures carry no tokens and no cost.
    fn usage_record(
        &self,
        req: &AiRequest,
        model: String,
        latency_ms: u64,
        result: &Result<AiResponse, GatewayError>,
    ) -> UsageRecord {
        let (tokens_in, tokens_out, cache_hit, error) = match result {
            Ok(res) if res.cached => (0, 0, true, None),
            Ok(res) => (res.tokens_in, res.tokens_out, false, None),
            Err(err) => (0, 0, false, Some(err.to_string())),
        };
        UsageRecord {
            user_id: req.user_id.clone(),
            task: req.task,
            provider: self.config.provider.kind,
            cost_usd: self.config.cost_usd(&model, tokens_in, tokens_out),
            model,
            tokens_in,
            tokens_out,
            latency_ms,
            cache_hit,
            ok: error.is_none(),
            error,
        }
    }

    async fn run_inner(
        &self,
        req: &AiRequest,
        model: &str,
        mut on_delta: Option<&mut (dyn FnMut(&str) + Send)>,
    ) -> Result<AiResponse, GatewayError> {
        validate(req)?;

        let ttl = self.config.cache_ttl(req.task);
        let key = cache_key(self.provider.kind, &self.provider.base_url, model, req);
        if !ttl.is_zero() {
            if let Some(hit) = self.cache.get(&key) {
                if let Some(sink) = on_delta.as_deref_mut() {
                    sink(&hit.text);
                }
                return Ok(AiResponse { cached: true, attempts: 0, ..hit });
            }
        }

        check_quota(&self.config, self.usage.as_ref(), req.user_id.as_deref()).await?;

        let mut attempts = 0;
        let completion = loop {
            attempts += 1;
            let mut emitted = false;
            let outcome = match on_delta.as_deref_mut() {
                Some(sink) => self.provider.attempt_stream(req, model, sink, &mut emitted).await,
                None => self.provider.attempt_complete(req, model).await,
            };
            match outcome {
                Ok(completion) => break completion,
                Err(failure) => {
                    if !failure.retryable || emitted || attempts > self.config.max_retries {
                        return Err(failure.error);
                    }
                    let wait =
                        retry_delay(attempts, failure.retry_after, self.config.backoff_base, self.config.backoff_max);
                    let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
                    tracing::debug!(attempt = attempts, wait_ms, error = %failure.error, "retrying AI call");
                    tokio::time::sleep(wait).await;
                }
            }
        };

        let text = if req.json { extract_json(&completion.text)? } else { completion.text };
        let response = AiResponse {
            text,
            model: model.to_owned(),
            tokens_in: completion.tokens_in,
            tokens_out: completion.tokens_out,
            cached: false,
            attempts,
        };
        if !ttl.is_zero() {
            self.cache.insert(key, response.clone(), ttl);
        }
        Ok(response)
    }
}

fn validate(req: &AiRequest) -> Result<(), GatewayError> {
    if req.messages.is_empty() {
        return Err(GatewayError::InvalidRequest("there are no messages".into()));
    }
    if !(req.temperature.is_finite() && (0.0..=2.0).contains(&req.temperature)) {
        return Err(GatewayError::InvalidRequest("temperature must be between 0 and 2".into()));
    }
    Ok(())
}

/// The JSON text of a reply, with a surrounding Markdown code fence removed; errors if it does not parse.
fn extract_json(text: &str) -> Result<String, GatewayError> {
    let trimmed = text.trim();
    let unfenced = trimmed
        .strip_prefix("```json")
        .or_else(|| trimmed.strip_prefix("```"))
        .and_then(|rest| rest.trim_end().strip_suffix("```"))
        .map_or(trimmed, str::trim);
    match serde_json::from_str::<Value>(unfenced) {
        Ok(_) => Ok(unfenced.to_owned()),
        Err(_) => Err(GatewayError::InvalidResponse("the model did not return valid JSON".into())),
    }
}

#[cfg(test)]
mod tests {
    use crate::platform::ai::gateway::*;

    #[test]
    fn json_replies_are_unfenced_and_checked() {
        assert_eq!(extract_json(" {\"a\":1} ").unwrap(), "{\"a\":1}");
        assert_eq!(extract_json("```json\n{\"a\":1}\n```").unwrap(), "{\"a\":1}");
        assert!(matches!(extract_json("Sure! {\"a\":1}"), Err(GatewayError::InvalidResponse(_))));
    }
}
