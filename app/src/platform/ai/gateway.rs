//! The one way the app reaches an LLM.
//!
//! Wraps `genai` 0.7.2 and adds: a model tier per task, a per-attempt timeout, retries (429, 5xx,
//! network errors and timeouts only) with exponential backoff that honours `Retry-After`, an in-memory
//! response cache, per-user token quotas and one [`UsageRecord`] per call.
//!
//! Providers: OpenAI, Anthropic, Gemini, and any OpenAI-compatible server (Ollama, vLLM, llama.cpp)
//! reached through `base_url`. A `base_url` includes the API version path, e.g. `http://localhost:11434/v1`,
//! `https://api.anthropic.com/v1` or `https://generativelanguage.googleapis.com/v1beta`.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use async_trait::async_trait;
use futures::StreamExt;
use genai::adapter::AdapterKind;
use genai::chat::{ChatMessage, ChatOptions, ChatRequest, ChatResponseFormat, ChatStreamEvent, Usage};
use genai::resolver::{AuthData, Endpoint};
use genai::{Client, Headers, ModelIden, ServiceTarget};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// Default number of responses the cache keeps.
pub const DEFAULT_CACHE_CAPACITY: usize = 1_000;

/// Message shown when the daily token quota is used up.
pub const DAILY_QUOTA_MESSAGE: &str = "You've used today's AI allowance; it resets at midnight UTC.";

/// Message shown when the monthly token quota is used up.
pub const MONTHLY_QUOTA_MESSAGE: &str =
    "You've used this month's AI allowance; it resets on the 1st of next month at midnight UTC.";

/// Longest provider message kept in an error.
const MAX_MESSAGE_CHARS: usize = 300;

/// Instruction appended to the system prompt for JSON requests to Anthropic, which has no plain JSON mode.
const ANTHROPIC_JSON_INSTRUCTION: &str = "Respond with a single valid JSON value and nothing else.";

// region: --- Configuration types

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

    fn default_base_url(self) -> Option<&'static str> {
        match self {
            ProviderKind::OpenAi => Some("https://api.openai.com/v1/"),
            ProviderKind::Anthropic => Some("https://api.anthropic.com/v1/"),
            ProviderKind::Gemini => Some("https://generativelanguage.googleapis.com/v1beta/"),
            ProviderKind::OpenAiCompatible => None,
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

/// What a call is for; maps to a [`Tier`] and a cache TTL in [`GatewayConfig`].
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

/// Provider endpoint, credentials and the model name for each tier.
#[derive(Clone)]
pub struct ProviderConfig {
    pub kind: ProviderKind,
    /// API base including its version path; `None` uses the provider's public endpoint
    /// (required for [`ProviderKind::OpenAiCompatible`]).
    pub base_url: Option<String>,
    /// Required except for [`ProviderKind::OpenAiCompatible`].
    pub api_key: Option<String>,
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

// endregion: --- Configuration types

// region: --- Request, response, usage

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

/// One row of usage accounting, written once per call.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageRecord {
    pub user_id: Option<String>,
    pub task: Task,
    pub provider: ProviderKind,
    pub model: String,
    /// Zero for cache hits and failures: nothing counted against the quota.
    pub tokens_in: u64,
    pub tokens_out: u64,
    pub cost_usd: f64,
    pub latency_ms: u64,
    pub cache_hit: bool,
    pub ok: bool,
    /// User-facing error text when `ok` is false.
    pub error: Option<String>,
}

/// Where usage records go and where quotas are read from.
#[async_trait]
pub trait UsageStore: Send + Sync {
    /// Stores one record.
    async fn record(&self, r: UsageRecord) -> anyhow::Result<()>;
    /// Tokens (in + out) used by `user_id` since `since_ms` (Unix epoch milliseconds).
    async fn tokens_used(&self, user_id: &str, since_ms: i64) -> anyhow::Result<u64>;
}

// endregion: --- Request, response, usage

// region: --- Errors

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

/// A failed attempt and whether it may be retried.
#[derive(Debug)]
struct Failure {
    error: GatewayError,
    retryable: bool,
    retry_after: Option<Duration>,
}

impl Failure {
    fn fatal(error: GatewayError) -> Self {
        Failure { error, retryable: false, retry_after: None }
    }

    fn transient(error: GatewayError) -> Self {
        Failure { error, retryable: true, retry_after: None }
    }
}

// endregion: --- Errors

// region: --- Gateway

/// The LLM gateway. Cheap to share behind an `Arc`; all methods take `&self`.
pub struct Gateway {
    config: GatewayConfig,
    usage: Arc<dyn UsageStore>,
    client: Client,
    /// Normalised, ending in `/`.
    base_url: String,
    api_key: Option<String>,
    cache: Mutex<ResponseCache>,
}

impl fmt::Debug for Gateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gateway")
            .field("config", &self.config)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// Text and token counts from one successful attempt.
struct Completion {
    text: String,
    tokens_in: u64,
    tokens_out: u64,
}

impl Gateway {
    /// Checks the configuration and builds the HTTP client.
    pub fn new(config: GatewayConfig, usage: Arc<dyn UsageStore>) -> Result<Self, GatewayError> {
        let provider = &config.provider;
        let api_key = provider.api_key.clone().filter(|k| !k.trim().is_empty());
        if api_key.is_none() && provider.kind != ProviderKind::OpenAiCompatible {
            return Err(GatewayError::Config(format!("an API key is required for {}", provider.kind.as_str())));
        }
        let base_url = match (provider.base_url.as_deref().map(str::trim), provider.kind.default_base_url()) {
            (Some(url), _) if !url.is_empty() => url.to_owned(),
            (_, Some(default)) => default.to_owned(),
            _ => return Err(GatewayError::Config("a base URL is required for an OpenAI-compatible provider".into())),
        };
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(GatewayError::Config("the base URL must start with http:// or https://".into()));
        }
        let base_url = if base_url.ends_with('/') { base_url } else { format!("{base_url}/") };
        for tier in [Tier::Fast, Tier::Balanced, Tier::Powerful] {
            if provider.model(tier).trim().is_empty() {
                return Err(GatewayError::Config(format!("no model configured for the {tier:?} tier")));
            }
        }
        if config.timeout.is_zero() {
            return Err(GatewayError::Config("the timeout must be greater than zero".into()));
        }
        let client = Client::builder()
            .build()
            .map_err(|_| GatewayError::Config("the HTTP client could not be created".into()))?;
        Ok(Gateway {
            config,
            usage,
            client,
            base_url,
            api_key,
            cache: Mutex::new(ResponseCache::new(DEFAULT_CACHE_CAPACITY)),
        })
    }

    /// Sets how many responses the cache keeps (0 disables it).
    pub fn with_cache_capacity(self, capacity: usize) -> Self {
        *lock(&self.cache) = ResponseCache::new(capacity);
        self
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
        let key = cache_key(self.config.provider.kind, &self.base_url, model, req);
        if !ttl.is_zero() {
            let hit = lock(&self.cache).get(&key, Instant::now());
            if let Some(hit) = hit {
                if let Some(sink) = on_delta.as_deref_mut() {
                    sink(&hit.text);
                }
                return Ok(AiResponse { cached: true, attempts: 0, ..hit });
            }
        }

        self.check_quota(req.user_id.as_deref()).await?;

        let mut attempts = 0;
        let completion = loop {
            attempts += 1;
            let mut emitted = false;
            let outcome = match on_delta.as_deref_mut() {
                Some(sink) => self.attempt_stream(req, model, sink, &mut emitted).await,
                None => self.attempt_complete(req, model).await,
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
            lock(&self.cache).insert(key, response.clone(), ttl, Instant::now());
        }
        Ok(response)
    }

    /// Refuses when the user is at or over a configured quota. A store error lets the call through (logged).
    async fn check_quota(&self, user_id: Option<&str>) -> Result<(), GatewayError> {
        let Some(user_id) = user_id else { return Ok(()) };
        let now = OffsetDateTime::now_utc();
        let windows = [
            (self.config.daily_token_quota, utc_day_start_ms(now), DAILY_QUOTA_MESSAGE),
            (self.config.monthly_token_quota, utc_month_start_ms(now), MONTHLY_QUOTA_MESSAGE),
        ];
        for (quota, since_ms, message) in windows {
            let Some(quota) = quota else { continue };
            match self.usage.tokens_used(user_id, since_ms).await {
                Ok(used) if used >= quota => {
                    return Err(GatewayError::QuotaExceeded { message: message.to_owned() });
                }
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "could not read AI usage; quota not enforced for this call"),
            }
        }
        Ok(())
    }

    /// One non-streaming attempt, bounded by the timeout.
    async fn attempt_complete(&self, req: &AiRequest, model: &str) -> Result<Completion, Failure> {
        let (chat_req, options) = self.build_request(req);
        let call = self.client.exec_chat(self.service_target(model), chat_req, Some(&options));
        let response = match tokio::time::timeout(self.config.timeout, call).await {
            Err(_) => return Err(Failure::transient(GatewayError::Timeout)),
            Ok(Err(err)) => return Err(self.classify(err)),
            Ok(Ok(response)) => response,
        };
        let text = response.texts().concat();
        let (tokens_in, tokens_out) = usage_tokens(Some(&response.usage));
        Ok(Completion { text, tokens_in, tokens_out })
    }

    /// One streaming attempt; each wait for the next event is bounded by the timeout.
    async fn attempt_stream(
        &self,
        req: &AiRequest,
        model: &str,
        on_delta: &mut (dyn FnMut(&str) + Send),
        emitted: &mut bool,
    ) -> Result<Completion, Failure> {
        let (chat_req, options) = self.build_request(req);
        let call = self.client.exec_chat_stream(self.service_target(model), chat_req, Some(&options));
        let mut stream = match tokio::time::timeout(self.config.timeout, call).await {
            Err(_) => return Err(Failure::transient(GatewayError::Timeout)),
            Ok(Err(err)) => return Err(self.classify(err)),
            Ok(Ok(response)) => response.stream,
        };
        let mut text = String::new();
        loop {
            let event = match tokio::time::timeout(self.config.timeout, stream.next()).await {
                Err(_) => return Err(Failure::transient(GatewayError::Timeout)),
                Ok(None) => {
                    return Err(Failure::transient(GatewayError::Network(
                        "the response stream ended before it was complete".into(),
                    )))
                }
                Ok(Some(Err(err))) => return Err(self.classify(err)),
                Ok(Some(Ok(event))) => event,
            };
            match event {
                ChatStreamEvent::Chunk(chunk) if !chunk.content.is_empty() => {
                    *emitted = true;
                    on_delta(&chunk.content);
                    text.push_str(&chunk.content);
                }
                ChatStreamEvent::End(end) => {
                    let (tokens_in, tokens_out) = usage_tokens(end.captured_usage.as_ref());
                    return Ok(Completion { text, tokens_in, tokens_out });
                }
                _ => {}
            }
        }
    }

    /// Explicit endpoint, auth and adapter for `model`, so genai infers nothing from names or env vars.
    fn service_target(&self, model: &str) -> ServiceTarget {
        let kind = self.config.provider.kind;
        let adapter = match kind {
            ProviderKind::OpenAi | ProviderKind::OpenAiCompatible => AdapterKind::OpenAI,
            ProviderKind::Anthropic => AdapterKind::Anthropic,
            ProviderKind::Gemini => AdapterKind::Gemini,
        };
        let auth = match &self.api_key {
            Some(key) => AuthData::from_single(key.clone()),
            // Keyless OpenAI-compatible server: send the request to the same URL with no auth header.
            None => AuthData::RequestOverride {
                url: format!("{}chat/completions", self.base_url),
                headers: Headers::default(),
            },
        };
        ServiceTarget {
            endpoint: Endpoint::from_owned(self.base_url.clone()),
            auth,
            model: ModelIden::new(adapter, model.to_owned()),
        }
    }

    /// The genai request and options for `req`, including each provider's way of asking for JSON.
    fn build_request(&self, req: &AiRequest) -> (ChatRequest, ChatOptions) {
        let kind = self.config.provider.kind;
        let temperature = clean_f64(req.temperature);
        let messages = req
            .messages
            .iter()
            .map(|(role, text)| match role {
                Role::User => ChatMessage::user(text.clone()),
                Role::Assistant => ChatMessage::assistant(text.clone()),
            })
            .collect();
        let mut chat_req = ChatRequest::new(messages);
        let mut system = req.system.clone();
        if req.json && kind == ProviderKind::Anthropic {
            if !system.is_empty() {
                system.push_str("\n\n");
            }
            system.push_str(ANTHROPIC_JSON_INSTRUCTION);
        }
        if !system.is_empty() {
            chat_req = chat_req.with_system(system);
        }

        let mut options = ChatOptions::default().with_temperature(temperature).with_capture_usage(true);
        if req.max_tokens > 0 {
            options = options.with_max_tokens(req.max_tokens);
        }
        if req.json {
            match kind {
                ProviderKind::OpenAi | ProviderKind::OpenAiCompatible => {
                    options = options.with_response_format(ChatResponseFormat::JsonMode);
                }
                ProviderKind::Gemini => {
                    // genai only sets `responseMimeType` for a schema, and `extra_body` replaces the whole
                    // `generationConfig`, so the full config is given here.
                    let mut generation = json!({ "temperature": temperature, "responseMimeType": "application/json" });
                    if req.max_tokens > 0 {
                        generation["maxOutputTokens"] = json!(req.max_tokens);
                    }
                    options = options.with_extra_body(json!({ "generationConfig": generation }));
                }
                ProviderKind::Anthropic => {}
            }
        }
        (chat_req, options)
    }

    /// Maps a genai error to a user-facing error and a retry decision.
    fn classify(&self, err: genai::Error) -> Failure {
        classify_error(&err, self.api_key.as_deref())
    }
}

// endregion: --- Gateway

// region: --- Error classification

fn classify_error(err: &genai::Error, secret: Option<&str>) -> Failure {
    use genai::webc::Error as WebError;
    use genai::Error as E;

    if let Some((status, body, retry_after)) = http_error_parts(err) {
        return http_failure(status, &body, retry_after, secret);
    }
    match err {
        E::WebModelCall { webc_error, .. } | E::WebAdapterCall { webc_error, .. } => match webc_error {
            WebError::Reqwest(source) => Failure::transient(GatewayError::Network(root_cause(source))),
            WebError::ResponseFailedNotJson { content_type, .. } => Failure::fatal(GatewayError::InvalidResponse(
                format!("expected JSON but got content type '{}'", truncate(content_type, 60)),
            )),
            WebError::ResponseFailedInvalidJson { .. } => {
                Failure::fatal(GatewayError::InvalidResponse("the response was not valid JSON".into()))
            }
            _ => Failure::fatal(GatewayError::InvalidResponse("the response could not be read".into())),
        },
        E::WebStream { error, .. } => {
            if error.downcast_ref::<genai::webc::StreamTimeout>().is_some() {
                Failure::transient(GatewayError::Timeout)
            } else {
                Failure::transient(GatewayError::Network(root_cause(error.as_ref())))
            }
        }
        E::ChatResponse { body, .. } => event_failure(body, secret),
        E::RequiresApiKey { .. }
        | E::NoAuthResolver { .. }
        | E::NoAuthData { .. }
        | E::Resolver { .. }
        | E::ModelMapperFailed { .. }
        | E::AdapterKindMismatch { .. }
        | E::ClientBuildFail { .. } => {
            Failure::fatal(GatewayError::Config("the provider, model or API key could not be resolved".into()))
        }
        E::ChatReqHasNoMessages { .. }
        | E::LastChatMessageIsNotUser { .. }
        | E::MessageRoleNotSupported { .. }
        | E::MessageContentTypeNotSupported { .. }
        | E::JsonModeWithoutInstruction => {
            Failure::fatal(GatewayError::InvalidRequest("the provider does not accept this conversation".into()))
        }
        _ => Failure::fatal(GatewayError::InvalidResponse("the response could not be parsed".into())),
    }
}

/// Status, body and `Retry-After` of an HTTP error response, from a plain call or a stream.
fn http_error_parts(err: &genai::Error) -> Option<(u16, String, Option<Duration>)> {
    use genai::webc::Error as WebError;
    use genai::Error as E;

    match err {
        E::HttpError { status, body, headers, .. }
        | E::WebModelCall { webc_error: WebError::ResponseFailedStatus { status, body, headers }, .. }
        | E::WebAdapterCall { webc_error: WebError::ResponseFailedStatus { status, body, headers }, .. } => {
            Some((status.as_u16(), body.clone(), retry_after_header(headers)))
        }
        // Streams wrap the HTTP error in a boxed source.
        E::WebStream { error, .. } => error.downcast_ref::<genai::Error>().and_then(http_error_parts),
        _ => None,
    }
}

/// The wait a provider asked for in `retry-after-ms` or `Retry-After`.
fn retry_after_header(headers: &http::HeaderMap) -> Option<Duration> {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    retry_after_from(get("retry-after-ms"), get("retry-after"), SystemTime::now())
}

fn http_failure(status: u16, body: &str, retry_after: Option<Duration>, secret: Option<&str>) -> Failure {
    let message = match status {
        401 => "the provider rejected the API key".to_owned(),
        403 => "the API key is not allowed to use this model or endpoint".to_owned(),
        _ => clean_message(&provider_message(body), secret),
    };
    Failure {
        error: GatewayError::Provider { status: Some(status), message },
        retryable: status == 429 || (500..=599).contains(&status),
        retry_after,
    }
}

/// An error event inside a stream (or an error body with HTTP 200).
fn event_failure(body: &Value, secret: Option<&str>) -> Failure {
    let error = body.get("error").filter(|e| e.is_object()).unwrap_or(body);
    let kind = error.get("type").and_then(Value::as_str).unwrap_or_default();
    let status_name = error.get("status").and_then(Value::as_str).unwrap_or_default();
    let code = error.get("code").and_then(Value::as_u64).and_then(|c| u16::try_from(c).ok());
    let retryable = matches!(kind, "overloaded_error" | "rate_limit_error" | "api_error" | "server_error")
        || matches!(status_name, "UNAVAILABLE" | "RESOURCE_EXHAUSTED" | "INTERNAL")
        || code.is_some_and(|c| c == 429 || (500..=599).contains(&c));
    let message = clean_message(&provider_message(&body.to_string()), secret);
    Failure {
        error: GatewayError::Provider { status: code.filter(|c| (400..=599).contains(c)), message },
        retryable,
        retry_after: None,
    }
}

/// The human-readable message from a provider error body (`error.message`, `error`, or `message`).
fn provider_message(body: &str) -> String {
    let trimmed = body.trim();
    if let Ok(value) = serde_json::from_str::<Value>(trimmed) {
        let found = value
            .pointer("/error/message")
            .or_else(|| value.get("error").filter(|e| e.is_string()))
            .or_else(|| value.get("message"))
            .and_then(Value::as_str);
        if let Some(message) = found {
            return message.to_owned();
        }
    }
    if trimmed.is_empty() || trimmed.starts_with('<') || trimmed.starts_with('{') {
        "no details given".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Removes the API key if echoed, flattens whitespace and shortens.
fn clean_message(message: &str, secret: Option<&str>) -> String {
    let message = match secret {
        Some(secret) if !secret.is_empty() => message.replace(secret, "[redacted]"),
        _ => message.to_owned(),
    };
    let flat = message.split_whitespace().collect::<Vec<_>>().join(" ");
    truncate(&flat, MAX_MESSAGE_CHARS)
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// The innermost cause of a transport error (e.g. "Connection refused"), without URLs.
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    truncate(&current.to_string(), 120)
}

// endregion: --- Error classification

// region: --- Retry timing

/// Wait before the next attempt after attempt number `attempt` (1-based) failed.
///
/// `Retry-After` wins when it is no longer than `max`; otherwise `base · 2^(attempt-1)`, capped at `max`.
pub fn retry_delay(attempt: u32, retry_after: Option<Duration>, base: Duration, max: Duration) -> Duration {
    if let Some(wait) = retry_after.filter(|wait| *wait <= max) {
        return wait;
    }
    let exponent = attempt.saturating_sub(1).min(31);
    base.checked_mul(1u32 << exponent).map_or(max, |wait| wait.min(max))
}

/// Parses `retry-after-ms` (milliseconds) or `Retry-After` (seconds or an HTTP date) into a wait.
pub fn retry_after_from(retry_after_ms: Option<&str>, retry_after: Option<&str>, now: SystemTime) -> Option<Duration> {
    if let Some(ms) = retry_after_ms.and_then(|v| v.trim().parse::<f64>().ok()).filter(|v| v.is_finite() && *v >= 0.0) {
        return Some(Duration::from_secs_f64(ms / 1000.0));
    }
    let value = retry_after?.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (0.0..1e9).contains(&secs).then(|| Duration::from_secs_f64(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

// endregion: --- Retry timing

// region: --- Quota windows

/// Unix milliseconds of the most recent midnight UTC.
pub fn utc_day_start_ms(now: OffsetDateTime) -> i64 {
    let midnight = now.to_offset(time::UtcOffset::UTC).replace_time(time::Time::MIDNIGHT);
    midnight.unix_timestamp() * 1000
}

/// Unix milliseconds of midnight UTC on the 1st of the current month.
pub fn utc_month_start_ms(now: OffsetDateTime) -> i64 {
    let midnight = now.to_offset(time::UtcOffset::UTC).replace_time(time::Time::MIDNIGHT);
    let first = midnight.replace_day(1).unwrap_or(midnight);
    first.unix_timestamp() * 1000
}

// endregion: --- Quota windows

// region: --- Cache

type CacheKey = [u8; 32];

struct CacheEntry {
    response: AiResponse,
    expires_at: Instant,
    seq: u64,
}

/// Bounded in-memory cache of successful responses; evicts expired, then oldest entries.
struct ResponseCache {
    entries: HashMap<CacheKey, CacheEntry>,
    capacity: usize,
    next_seq: u64,
}

impl ResponseCache {
    fn new(capacity: usize) -> Self {
        ResponseCache { entries: HashMap::new(), capacity, next_seq: 0 }
    }

    fn get(&mut self, key: &CacheKey, now: Instant) -> Option<AiResponse> {
        match self.entries.get(key) {
            Some(entry) if entry.expires_at > now => Some(entry.response.clone()),
            Some(_) => {
                self.entries.remove(key);
                None
            }
            None => None,
        }
    }

    fn insert(&mut self, key: CacheKey, response: AiResponse, ttl: Duration, now: Instant) {
        if self.capacity == 0 {
            return;
        }
        let Some(expires_at) = now.checked_add(ttl) else { return };
        if !self.entries.contains_key(&key) && self.entries.len() >= self.capacity {
            self.entries.retain(|_, entry| entry.expires_at > now);
            while self.entries.len() >= self.capacity {
                let oldest = self.entries.iter().min_by_key(|(_, entry)| entry.seq).map(|(key, _)| *key);
                match oldest {
                    Some(oldest) => self.entries.remove(&oldest),
                    None => break,
                };
            }
        }
        self.next_seq += 1;
        self.entries.insert(key, CacheEntry { response, expires_at, seq: self.next_seq });
    }
}

/// SHA-256 over everything that shapes the reply; each field is length-prefixed.
fn cache_key(kind: ProviderKind, base_url: &str, model: &str, req: &AiRequest) -> CacheKey {
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

// endregion: --- Cache

// region: --- Helpers

fn lock(cache: &Mutex<ResponseCache>) -> MutexGuard<'_, ResponseCache> {
    cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
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

/// `f32` to `f64` without binary noise (0.2 stays 0.2 on the wire).
fn clean_f64(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::from(value))
}

fn usage_tokens(usage: Option<&Usage>) -> (u64, u64) {
    let count = |n: Option<i32>| n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0);
    usage.map_or((0, 0), |u| (count(u.prompt_tokens), count(u.completion_tokens)))
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

// endregion: --- Helpers

#[cfg(test)]
mod tests {
    use crate::platform::ai::gateway::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn backoff_doubles_and_caps() {
        let base = 10 * MS;
        let max = 50 * MS;
        assert_eq!(retry_delay(1, None, base, max), 10 * MS);
        assert_eq!(retry_delay(2, None, base, max), 20 * MS);
        assert_eq!(retry_delay(3, None, base, max), 40 * MS);
        assert_eq!(retry_delay(4, None, base, max), 50 * MS);
        assert_eq!(retry_delay(200, None, base, max), 50 * MS);
    }

    #[test]
    fn retry_after_wins_only_within_max() {
        let base = 10 * MS;
        let max = Duration::from_secs(5);
        assert_eq!(retry_delay(1, Some(Duration::from_secs(2)), base, max), Duration::from_secs(2));
        assert_eq!(retry_delay(1, Some(Duration::from_secs(60)), base, max), 10 * MS);
    }

    #[test]
    fn retry_after_parses_seconds_dates_and_ms() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(retry_after_from(None, Some("3"), now), Some(Duration::from_secs(3)));
        assert_eq!(retry_after_from(None, Some(" 1.5 "), now), Some(Duration::from_millis(1500)));
        assert_eq!(retry_after_from(None, Some("Wed, 21 Oct 2015 07:28:07 GMT"), now), Some(Duration::from_secs(7)));
        assert_eq!(retry_after_from(None, Some("Wed, 21 Oct 2015 07:27:00 GMT"), now), Some(Duration::ZERO));
        assert_eq!(retry_after_from(Some("250"), Some("9"), now), Some(Duration::from_millis(250)));
        assert_eq!(retry_after_from(None, Some("soon"), now), None);
        assert_eq!(retry_after_from(None, Some("-1"), now), None);
        assert_eq!(retry_after_from(None, None, now), None);
    }

    #[test]
    fn quota_windows_start_at_utc_midnight() {
        let now = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap(); // 2023-11-14T22:13:20Z
        assert_eq!(utc_day_start_ms(now), 1_699_920_000_000); // 2023-11-14T00:00:00Z
        assert_eq!(utc_month_start_ms(now), 1_698_796_800_000); // 2023-11-01T00:00:00Z
        let shifted = now.to_offset(time::UtcOffset::from_hms(5, 0, 0).unwrap()); // 2023-11-15 03:13 +05:00
        assert_eq!(utc_day_start_ms(shifted), 1_699_920_000_000);
    }

    fn response(text: &str) -> AiResponse {
        AiResponse { text: text.into(), model: "m".into(), tokens_in: 1, tokens_out: 1, cached: false, attempts: 1 }
    }

    #[test]
    fn cache_expires_and_stays_bounded() {
        let mut cache = ResponseCache::new(2);
        let now = Instant::now();
        cache.insert([1; 32], response("a"), Duration::from_secs(10), now);
        cache.insert([2; 32], response("b"), Duration::from_secs(10), now);
        cache.insert([3; 32], response("c"), Duration::from_secs(10), now);
        assert_eq!(cache.entries.len(), 2);
        assert!(cache.get(&[1; 32], now).is_none(), "oldest entry is evicted");
        assert_eq!(cache.get(&[3; 32], now).map(|r| r.text), Some("c".into()));
        assert!(cache.get(&[2; 32], now + Duration::from_secs(11)).is_none(), "expired entry is gone");
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

    #[test]
    fn json_replies_are_unfenced_and_checked() {
        assert_eq!(extract_json(" {\"a\":1} ").unwrap(), "{\"a\":1}");
        assert_eq!(extract_json("```json\n{\"a\":1}\n```").unwrap(), "{\"a\":1}");
        assert!(matches!(extract_json("Sure! {\"a\":1}"), Err(GatewayError::InvalidResponse(_))));
    }

    #[test]
    fn provider_messages_are_extracted_and_redacted() {
        let openai = r#"{"error":{"message":"Bad key sk-secret-123","type":"invalid_request_error"}}"#;
        assert_eq!(clean_message(&provider_message(openai), Some("sk-secret-123")), "Bad key [redacted]");
        assert_eq!(provider_message(r#"{"error":"model not found"}"#), "model not found");
        assert_eq!(provider_message("<html>bad gateway</html>"), "no details given");
        assert_eq!(truncate("abcdef", 3), "abc…");
    }

    #[test]
    fn stream_error_events_are_classified() {
        let overloaded = json!({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}});
        let failure = event_failure(&overloaded, None);
        assert!(failure.retryable);
        assert_eq!(failure.error, GatewayError::Provider { status: None, message: "Overloaded".into() });
        let invalid = json!({"message":"bad","type":"invalid_request_error"});
        assert!(!event_failure(&invalid, None).retryable);
        let gemini = json!({"error":{"code":503,"message":"busy","status":"UNAVAILABLE"}});
        let failure = event_failure(&gemini, None);
        assert!(failure.retryable);
        assert_eq!(failure.error, GatewayError::Provider { status: Some(503), message: "busy".into() });
    }

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
