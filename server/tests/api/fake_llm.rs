//! Local fake LLM providers speaking each provider's real wire format, plus an in-memory usage store.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::platform::ai::usage::{UsageRecord, UsageStore};
use async_trait::async_trait;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use futures::StreamExt;
use serde_json::{json, Value};

/// Which provider the fake imitates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    OpenAi,
    Anthropic,
    Gemini,
}

/// What the fake does with the next request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A normal answer (JSON, or SSE when the request asked to stream).
    Ok,
    /// An error in the provider's own JSON shape, optionally with `Retry-After`.
    Error { status: u16, retry_after: Option<String> },
    /// Never answers.
    Hang,
    /// Streams this many deltas, then breaks the connection.
    CutAfter(usize),
}

/// One request as the fake saw it.
#[derive(Clone, Debug)]
pub struct Captured {
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Value,
    pub at: Instant,
}

impl Captured {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

struct FakeState {
    flavor: Flavor,
    key: Option<String>,
    deltas: Mutex<Vec<String>>,
    tokens_in: u64,
    tokens_out: u64,
    script: Mutex<VecDeque<Reply>>,
    fallback: Mutex<Reply>,
    requests: Mutex<Vec<Captured>>,
}

/// A running fake provider on 127.0.0.1.
pub struct FakeServer {
    /// Base URL including the API version path, as the gateway expects it.
    pub base_url: String,
    state: Arc<FakeState>,
}

pub const DELTAS: [&str; 4] = ["Tell me", " about a time", " you led", " a project."];
pub const TOKENS_IN: u64 = 42;
pub const TOKENS_OUT: u64 = 17;

impl FakeServer {
    /// Starts a fake that requires `key` (in the provider's header) when it is `Some`.
    pub async fn start(flavor: Flavor, key: Option<&str>) -> FakeServer {
        let state = Arc::new(FakeState {
            flavor,
            key: key.map(str::to_owned),
            deltas: Mutex::new(DELTAS.iter().map(|d| d.to_string()).collect()),
            tokens_in: TOKENS_IN,
            tokens_out: TOKENS_OUT,
            script: Mutex::new(VecDeque::new()),
            fallback: Mutex::new(Reply::Ok),
            requests: Mutex::new(Vec::new()),
        });
        let (path, prefix) = match flavor {
            Flavor::OpenAi => ("/v1/chat/completions", "/v1"),
            Flavor::Anthropic => ("/v1/messages", "/v1"),
            Flavor::Gemini => ("/v1beta/models/{action}", "/v1beta"),
        };
        let handler_state = state.clone();
        let app = Router::new().route(
            path,
            post(move |uri: Uri, headers: HeaderMap, body: Bytes| handle(handler_state.clone(), uri, headers, body)),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeServer { base_url: format!("http://{addr}{prefix}"), state }
    }

    /// Queues the reply for the next unscripted request.
    pub fn push(&self, reply: Reply) {
        self.state.script.lock().unwrap().push_back(reply);
    }

    /// The reply used once the script is empty (default: `Reply::Ok`).
    pub fn set_fallback(&self, reply: Reply) {
        *self.state.fallback.lock().unwrap() = reply;
    }

    /// Replaces the text pieces the fake answers with.
    pub fn set_deltas(&self, deltas: &[&str]) {
        *self.state.deltas.lock().unwrap() = deltas.iter().map(|d| d.to_string()).collect();
    }

    pub fn requests(&self) -> Vec<Captured> {
        self.state.requests.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.state.requests.lock().unwrap().len()
    }
}

async fn handle(state: Arc<FakeState>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let path = uri.path().to_owned();
    let query = uri.query().map(str::to_owned);
    state.requests.lock().unwrap().push(Captured {
        path: path.clone(),
        query: query.clone(),
        headers: headers.clone(),
        body: body.clone(),
        at: Instant::now(),
    });

    if let Some(denied) = check_key(&state, &headers, query.as_deref()) {
        return denied;
    }

    let reply = {
        let next = state.script.lock().unwrap().pop_front();
        next.unwrap_or_else(|| state.fallback.lock().unwrap().clone())
    };
    let streaming = match state.flavor {
        Flavor::OpenAi | Flavor::Anthropic => body["stream"] == json!(true),
        Flavor::Gemini => path.ends_with(":streamGenerateContent"),
    };
    let model = match state.flavor {
        Flavor::Gemini => path.rsplit('/').next().unwrap_or_default().split(':').next().unwrap_or_default().to_owned(),
        _ => body["model"].as_str().unwrap_or_default().to_owned(),
    };

    match reply {
        Reply::Ok if streaming => sse(stream_events(&state, &model, &body, None)),
        Reply::Ok => json_response(200, &complete_body(&state, &model)),
        Reply::CutAfter(n) => sse_then_abort(stream_events(&state, &model, &body, Some(n))),
        Reply::Error { status, retry_after } => {
            let mut response = json_response(status, &error_body(state.flavor, status));
            if let Some(value) = retry_after {
                response.headers_mut().insert("retry-after", value.parse().unwrap());
            }
            response
        }
        Reply::Hang => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            json_response(200, &complete_body(&state, &model))
        }
    }
}

/// Rejects a missing or wrong key the way the real provider does.
fn check_key(state: &FakeState, headers: &HeaderMap, query: Option<&str>) -> Option<Response> {
    let expected = state.key.as_deref()?;
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    match state.flavor {
        Flavor::OpenAi => (header("authorization") != format!("Bearer {expected}")).then(|| {
            let shown = header("authorization");
            json_response(
                401,
                &json!({"error": {
                    "message": format!("Incorrect API key provided: {shown}. You can find your API key at \
                        https://platform.openai.com/account/api-keys."),
                    "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}}),
            )
        }),
        Flavor::Anthropic => (header("x-api-key") != expected || header("anthropic-version").is_empty()).then(|| {
            json_response(
                401,
                &json!({"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}}),
            )
        }),
        Flavor::Gemini => {
            let in_query = query.is_some_and(|q| q.split('&').any(|p| p == format!("key={expected}")));
            (header("x-goog-api-key") != expected && !in_query).then(|| {
                json_response(
                    400,
                    &json!({"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
                        "status": "INVALID_ARGUMENT"}}),
                )
            })
        }
    }
}

fn json_response(status: u16, body: &Value) -> Response {
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap())
        .header("content-type", "application/json; charset=utf-8")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// Error body in the provider's documented shape.
fn error_body(flavor: Flavor, status: u16) -> Value {
    match flavor {
        Flavor::OpenAi => {
            let (kind, message) = match status {
                429 => ("requests", "Rate limit reached for requests. Please try again in 1s."),
                400 => ("invalid_request_error", "Invalid value for 'temperature'."),
                _ => ("server_error", "The server had an error while processing your request."),
            };
            json!({"error": {"message": message, "type": kind, "param": null, "code": null}})
        }
        Flavor::Anthropic => {
            let (kind, message) = match status {
                400 => ("invalid_request_error", "messages: at least one message is required"),
                429 => ("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"),
                529 => ("overloaded_error", "Overloaded"),
                _ => ("api_error", "Internal server error"),
            };
            json!({"type": "error", "error": {"type": kind, "message": message}})
        }
        Flavor::Gemini => {
            let (name, message) = match status {
                400 => ("INVALID_ARGUMENT", "Invalid JSON payload received."),
                429 => ("RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."),
                503 => ("UNAVAILABLE", "The model is overloaded. Please try again later."),
                _ => ("INTERNAL", "An internal error has occurred."),
            };
            json!({"error": {"code": status, "message": message, "status": name}})
        }
    }
}

fn full_text(state: &FakeState) -> String {
    state.deltas.lock().unwrap().concat()
}

/// Non-streaming success body.
fn complete_body(state: &FakeState, model: &str) -> Value {
    let text = full_text(state);
    let (i, o) = (state.tokens_in, state.tokens_out);
    match state.flavor {
        Flavor::OpenAi => json!({
            "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
            "object": "chat.completion",
            "created": 1_741_569_952,
            "model": format!("{model}-2025-04-14"),
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": text, "refusal": null, "annotations": []},
                "logprobs": null,
                "finish_reason": "stop"
            }],
            "usage": {
                "prompt_tokens": i, "completion_tokens": o, "total_tokens": i + o,
                "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                    "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
            },
            "service_tier": "default",
            "system_fingerprint": "fp_fc9f1d7035"
        }),
        Flavor::Anthropic => json!({
            "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn",
            "stop_sequence": null,
            "usage": {"input_tokens": i, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
                "output_tokens": o, "service_tier": "standard"}
        }),
        Flavor::Gemini => json!({
            "candidates": [{
                "content": {"parts": [{"text": text}], "role": "model"},
                "finishReason": "STOP",
                "index": 0
            }],
            "usageMetadata": {
                "promptTokenCount": i, "candidatesTokenCount": o, "totalTokenCount": i + o,
                "promptTokensDetails": [{"modality": "TEXT", "tokenCount": i}]
            },
            "modelVersion": model,
            "responseId": "mFrTaPbWDtTQz7IP9cW24Qg"
        }),
    }
}

/// SSE frames for a streamed answer; with `cut_after`, only that many deltas and no ending.
fn stream_events(state: &FakeState, model: &str, request: &Value, cut_after: Option<usize>) -> Vec<String> {
    let all = state.deltas.lock().unwrap().clone();
    let deltas: Vec<&String> = all.iter().take(cut_after.unwrap_or(usize::MAX)).collect();
    let complete = cut_after.is_none();
    let (i, o) = (state.tokens_in, state.tokens_out);
    let mut frames = Vec::new();
    match state.flavor {
        Flavor::OpenAi => {
            let chunk = |delta: Value, finish: Value| {
                json!({"id": "chatcmpl-stream", "object": "chat.completion.chunk", "created": 1_741_569_952,
                    "model": model, "service_tier": "default", "system_fingerprint": "fp_fc9f1d7035",
                    "choices": [{"index": 0, "delta": delta, "logprobs": null, "finish_reason": finish}],
                    "usage": null})
            };
            frames.push(chunk(json!({"role": "assistant", "content": "", "refusal": null}), Value::Null));
            for d in &deltas {
                frames.push(chunk(json!({"content": d}), Value::Null));
            }
            let mut out: Vec<String> = frames.iter().map(|f| format!("data: {f}\n\n")).collect();
            if complete {
                out.push(format!("data: {}\n\n", chunk(json!({}), json!("stop"))));
                if request["stream_options"]["include_usage"] == json!(true) {
                    let usage = json!({"id": "chatcmpl-stream", "object": "chat.completion.chunk",
                        "created": 1_741_569_952, "model": model, "choices": [],
                        "usage": {"prompt_tokens": i, "completion_tokens": o, "total_tokens": i + o,
                            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0}}});
                    out.push(format!("data: {usage}\n\n"));
                }
                out.push("data: [DONE]\n\n".to_owned());
            }
            out
        }
        Flavor::Anthropic => {
            let event = |name: &str, data: Value| format!("event: {name}\ndata: {data}\n\n");
            let mut out = vec![
                event(
                    "message_start",
                    json!({"type": "message_start", "message": {"id": "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY",
                        "type": "message", "role": "assistant", "content": [], "model": model,
                        "stop_reason": null, "stop_sequence": null,
                        "usage": {"input_tokens": i, "cache_creation_input_tokens": 0,
                            "cache_read_input_tokens": 0, "output_tokens": 1}}}),
                ),
                event(
                    "content_block_start",
                    json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
                ),
                event("ping", json!({"type": "ping"})),
            ];
            for d in &deltas {
                out.push(event(
                    "content_block_delta",
                    json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": d}}),
                ));
            }
            if complete {
                out.push(event("content_block_stop", json!({"type": "content_block_stop", "index": 0})));
                out.push(event(
                    "message_delta",
                    json!({"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null},
                        "usage": {"output_tokens": o}}),
                ));
                out.push(event("message_stop", json!({"type": "message_stop"})));
            }
            out
        }
        Flavor::Gemini => {
            let count = deltas.len();
            let mut out = Vec::new();
            for (n, d) in deltas.iter().enumerate() {
                let last = complete && n + 1 == count;
                let mut chunk = json!({
                    "candidates": [{"content": {"parts": [{"text": d}], "role": "model"}, "index": 0}],
                    "usageMetadata": {"promptTokenCount": i, "totalTokenCount": i},
                    "modelVersion": model,
                    "responseId": "mFrTaPbWDtTQz7IP9cW24Qg"
                });
                if last {
                    chunk["candidates"][0]["finishReason"] = json!("STOP");
                    chunk["usageMetadata"] = json!({"promptTokenCount": i, "candidatesTokenCount": o,
                        "totalTokenCount": i + o, "promptTokensDetails": [{"modality": "TEXT", "tokenCount": i}]});
                }
                // Gemini separates SSE events with CRLF pairs.
                out.push(format!("data: {chunk}\r\n\r\n"));
            }
            out
        }
    }
}

/// An SSE response that sends each frame after a short pause.
fn sse(frames: Vec<String>) -> Response {
    let stream = futures::stream::iter(frames).then(|frame| async move {
        tokio::time::sleep(Duration::from_millis(15)).await;
        Ok::<_, std::io::Error>(frame)
    });
    Response::builder()
        .status(200)
        .header("content-type", "text/event-stream")
        .header("cache-control", "no-cache")
        .body(Body::from_stream(stream))
        .unwrap()
}

/// An SSE response that sends `frames` and then aborts the connection.
fn sse_then_abort(frames: Vec<String>) -> Response {
    let ok = futures::stream::iter(frames).then(|frame| async move {
        tokio::time::sleep(Duration::from_millis(15)).await;
        Ok::<_, std::io::Error>(frame)
    });
    // Pause first so the frames before the break are flushed to the client.
    let fail = futures::stream::once(async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        Err(std::io::Error::other("connection reset by fake"))
    });
    Response::builder()
        .status(200)
        .header("content-type", "text/event-stream")
        .body(Body::from_stream(ok.chain(fail)))
        .unwrap()
}

/// In-memory usage store; `preset_used` is added to every `tokens_used` answer.
#[derive(Default)]
pub struct MemStore {
    pub records: Mutex<Vec<UsageRecord>>,
    pub preset_used: u64,
    pub since_queries: Mutex<Vec<(String, i64)>>,
}

impl MemStore {
    pub fn with_used(preset_used: u64) -> MemStore {
        MemStore { preset_used, ..MemStore::default() }
    }

    pub fn records(&self) -> Vec<UsageRecord> {
        self.records.lock().unwrap().clone()
    }
}

#[async_trait]
impl UsageStore for MemStore {
    async fn record(&self, r: UsageRecord) -> anyhow::Result<()> {
        self.records.lock().unwrap().push(r);
        Ok(())
    }

    async fn tokens_used(&self, user_id: &str, since_ms: i64) -> anyhow::Result<u64> {
        self.since_queries.lock().unwrap().push((user_id.to_owned(), since_ms));
        let recorded: u64 = self
            .records
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.user_id.as_deref() == Some(user_id))
            .map(|r| r.tokens_in + r.tokens_out)
            .sum();
        Ok(self.preset_used + recorded)
    }
}
