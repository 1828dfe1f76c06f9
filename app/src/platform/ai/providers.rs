//! Reaching each provider through `genai`: the endpoint, the API key and the HTTP client, and
//! one attempt (plain or streamed) bounded by the timeout.

use secrecy::{ExposeSecret, SecretString};
use std::time::Duration;

use futures::StreamExt;
use genai::adapter::AdapterKind;
use genai::chat::{ChatMessage, ChatOptions, ChatRequest, ChatResponseFormat, ChatStreamEvent, Usage};
use genai::resolver::{AuthData, Endpoint};
use genai::{Client, Headers, ModelIden, ServiceTarget};
use serde_json::json;

use crate::platform::ai::config::{ProviderConfig, ProviderKind, Tier};
use crate::platform::ai::gateway::{AiRequest, GatewayError, Role};
use crate::platform::ai::retry::{classify_error, Failure};

/// Instruction appended to the system prompt for JSON requests to Anthropic, which has no plain JSON mode.
const ANTHROPIC_JSON_INSTRUCTION: &str = "Respond with a single valid JSON value and nothing else.";

/// The provider's public endpoint, if it has one.
fn default_base_url(kind: ProviderKind) -> Option<&'static str> {
    match kind {
        ProviderKind::OpenAi => Some("https://api.openai.com/v1/"),
        ProviderKind::Anthropic => Some("https://api.anthropic.com/v1/"),
        ProviderKind::Gemini => Some("https://generativelanguage.googleapis.com/v1beta/"),
        ProviderKind::OpenAiCompatible => None,
    }
}

/// One configured provider and the HTTP client that reaches it.
pub(super) struct Provider {
    pub(super) kind: ProviderKind,
    client: Client,
    /// Normalised, ending in `/`.
    pub(super) base_url: String,
    api_key: Option<SecretString>,
    /// Per attempt. For streams it bounds the wait for each event, not the whole stream.
    timeout: Duration,
}

/// Text and token counts from one successful attempt.
pub(super) struct Completion {
    pub(super) text: String,
    pub(super) tokens_in: u64,
    pub(super) tokens_out: u64,
}

impl Provider {
    /// Checks the provider's configuration and the timeout, and builds the HTTP client.
    pub(super) fn new(provider: &ProviderConfig, timeout: Duration) -> Result<Self, GatewayError> {
        let api_key = provider.api_key.clone().filter(|k| !k.expose_secret().trim().is_empty());
        if api_key.is_none() && provider.kind != ProviderKind::OpenAiCompatible {
            return Err(GatewayError::Config(format!("an API key is required for {}", provider.kind.as_str())));
        }
        let base_url = match (provider.base_url.as_deref().map(str::trim), default_base_url(provider.kind)) {
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
        if timeout.is_zero() {
            return Err(GatewayError::Config("the timeout must be greater than zero".into()));
        }
        let client = Client::builder()
            .build()
            .map_err(|_| GatewayError::Config("the HTTP client could not be created".into()))?;
        Ok(Provider { kind: provider.kind, client, base_url, api_key, timeout })
    }

    /// One non-streaming attempt, bounded by the timeout.
    pub(super) async fn attempt_complete(&self, req: &AiRequest, model: &str) -> Result<Completion, Failure> {
        let (chat_req, options) = self.build_request(req);
        let call = self.client.exec_chat(self.service_target(model), chat_req, Some(&options));
        let response = match tokio::time::timeout(self.timeout, call).await {
            Err(_) => return Err(Failure::transient(GatewayError::Timeout)),
            Ok(Err(err)) => return Err(self.classify(err)),
            Ok(Ok(response)) => response,
        };
        let text = response.texts().concat();
        let (tokens_in, tokens_out) = usage_tokens(Some(&response.usage));
        Ok(Completion { text, tokens_in, tokens_out })
    }

    /// One streaming attempt; each wait for the next event is bounded by the timeout.
    pub(super) async fn attempt_stream(
        &self,
        req: &AiRequest,
        model: &str,
        on_delta: &mut (dyn FnMut(&str) + Send),
        emitted: &mut bool,
    ) -> Result<Completion, Failure> {
        let (chat_req, options) = self.build_request(req);
        let call = self.client.exec_chat_stream(self.service_target(model), chat_req, Some(&options));
        let mut stream = match tokio::time::timeout(self.timeout, call).await {
            Err(_) => return Err(Failure::transient(GatewayError::Timeout)),
            Ok(Err(err)) => return Err(self.classify(err)),
            Ok(Ok(response)) => response.stream,
        };
        let mut text = String::new();
        loop {
            let event = match tokio::time::timeout(self.timeout, stream.next()).await {
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
        let kind = self.kind;
        let adapter = match kind {
            ProviderKind::OpenAi | ProviderKind::OpenAiCompatible => AdapterKind::OpenAI,
            ProviderKind::Anthropic => AdapterKind::Anthropic,
            ProviderKind::Gemini => AdapterKind::Gemini,
        };
        let auth = match &self.api_key {
            Some(key) => AuthData::from_single(key.expose_secret().to_owned()),
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
        let kind = self.kind;
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
        classify_error(&err, self.api_key.as_ref().map(ExposeSecret::expose_secret))
    }
}

/// `f32` to `f64` without binary noise (0.2 stays 0.2 on the wire).
fn clean_f64(value: f32) -> f64 {
    value.to_string().parse().unwrap_or(f64::from(value))
}

fn usage_tokens(usage: Option<&Usage>) -> (u64, u64) {
    let count = |n: Option<i32>| n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0);
    usage.map_or((0, 0), |u| (count(u.prompt_tokens), count(u.completion_tokens)))
}
