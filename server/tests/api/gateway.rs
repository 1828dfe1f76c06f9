//! Gateway tests against local fake providers (no API key, no internet).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::fake_llm::{FakeServer, Flavor, MemStore, Reply, DELTAS, TOKENS_IN, TOKENS_OUT};
use app::platform::ai::config::{GatewayConfig, Price, ProviderConfig, ProviderKind, Tier};
use app::platform::ai::gateway::{AiRequest, Gateway, GatewayError, Role, Task};
use app::platform::ai::quota::{utc_day_start_ms, DAILY_QUOTA_MESSAGE, MONTHLY_QUOTA_MESSAGE};
use serde_json::json;

const KEY: &str = "sk-test-4f9c2a7d1e8b";
const SYSTEM: &str = "You are a calm, rigorous technical interviewer.";

fn models(kind: ProviderKind) -> [&'static str; 3] {
    match kind {
        ProviderKind::OpenAi => ["gpt-4.1-nano", "gpt-4.1-mini", "gpt-4.1"],
        ProviderKind::Anthropic => ["claude-3-5-haiku-latest", "claude-sonnet-4-0", "claude-opus-4-1"],
        ProviderKind::Gemini => ["gemini-2.5-flash-lite", "gemini-2.5-flash", "gemini-2.5-pro"],
        ProviderKind::OpenAiCompatible => ["llama3.2:3b", "qwen2.5:14b", "llama3.3:70b"],
    }
}

fn config(kind: ProviderKind, base_url: &str, api_key: Option<&str>) -> GatewayConfig {
    let [fast, balanced, powerful] = models(kind);
    let mut prices = HashMap::new();
    prices.insert(powerful.to_owned(), Price { input_per_mtok_usd: 2.0, output_per_mtok_usd: 8.0 });
    GatewayConfig {
        provider: ProviderConfig {
            kind,
            base_url: Some(base_url.to_owned()),
            api_key: api_key.map(Into::into),
            fast: fast.into(),
            balanced: balanced.into(),
            powerful: powerful.into(),
        },
        interviewer_tier: Tier::Fast,
        evaluator_tier: Tier::Powerful,
        interviewer_cache_ttl: Duration::ZERO,
        evaluator_cache_ttl: Duration::ZERO,
        timeout: Duration::from_secs(5),
        max_retries: 3,
        backoff_base: Duration::from_millis(10),
        backoff_max: Duration::from_secs(2),
        daily_token_quota: None,
        monthly_token_quota: None,
        prices,
    }
}

fn build(config: GatewayConfig, store: MemStore) -> (Gateway, Arc<MemStore>) {
    let store = Arc::new(store);
    let gateway = Gateway::new(config, store.clone()).unwrap();
    (gateway, store)
}

fn request(task: Task) -> AiRequest {
    AiRequest {
        task,
        user_id: Some("user-1".into()),
        system: SYSTEM.into(),
        messages: vec![
            (Role::User, "Hi, I'm ready.".into()),
            (Role::Assistant, "Great. Let's begin.".into()),
            (Role::User, "Go ahead.".into()),
        ],
        temperature: 0.3,
        max_tokens: 256,
        json: false,
    }
}

fn full_text() -> String {
    DELTAS.concat()
}

async fn fake_for(kind: ProviderKind) -> FakeServer {
    match kind {
        ProviderKind::OpenAi => FakeServer::start(Flavor::OpenAi, Some(KEY)).await,
        ProviderKind::Anthropic => FakeServer::start(Flavor::Anthropic, Some(KEY)).await,
        ProviderKind::Gemini => FakeServer::start(Flavor::Gemini, Some(KEY)).await,
        ProviderKind::OpenAiCompatible => FakeServer::start(Flavor::OpenAi, None).await,
    }
}

fn key_for(kind: ProviderKind) -> Option<&'static str> {
    (kind != ProviderKind::OpenAiCompatible).then_some(KEY)
}

/// Checks model, system prompt, temperature, max tokens and key on the captured request.
fn assert_wire_request(kind: ProviderKind, fake: &FakeServer, streaming: bool) {
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "exactly one upstream request");
    let r = &requests[0];
    let b = &r.body;
    let model = models(kind)[2];
    match kind {
        ProviderKind::OpenAi | ProviderKind::OpenAiCompatible => {
            assert_eq!(r.path, "/v1/chat/completions");
            assert_eq!(b["model"], json!(model), "{b}");
            assert_eq!(b["messages"][0], json!({"role": "system", "content": SYSTEM}), "{b}");
            assert_eq!(b["messages"][2]["role"], json!("assistant"), "{b}");
            assert_eq!(b["messages"].as_array().map(Vec::len), Some(4), "{b}");
            assert_eq!(b["temperature"], json!(0.3), "{b}");
            assert_eq!(b["max_tokens"], json!(256), "{b}");
            assert_eq!(b["stream"], json!(streaming), "{b}");
            if streaming {
                assert_eq!(b["stream_options"], json!({"include_usage": true}), "{b}");
            }
            if kind == ProviderKind::OpenAi {
                assert_eq!(r.header("authorization"), Some(format!("Bearer {KEY}").as_str()));
            } else {
                assert_eq!(r.header("authorization"), None, "a keyless server gets no auth header");
            }
        }
        ProviderKind::Anthropic => {
            assert_eq!(r.path, "/v1/messages");
            assert_eq!(r.header("x-api-key"), Some(KEY));
            assert_eq!(r.header("anthropic-version"), Some("2023-06-01"));
            assert_eq!(b["model"], json!(model), "{b}");
            assert_eq!(b["system"], json!(SYSTEM), "{b}");
            assert_eq!(b["temperature"], json!(0.3), "{b}");
            assert_eq!(b["max_tokens"], json!(256), "{b}");
            assert_eq!(b["stream"], json!(streaming), "{b}");
            assert_eq!(b["messages"].as_array().map(Vec::len), Some(3), "{b}");
            assert_eq!(b["messages"][1], json!({"role": "assistant", "content": "Great. Let's begin."}), "{b}");
        }
        ProviderKind::Gemini => {
            let action = if streaming { "streamGenerateContent" } else { "generateContent" };
            assert_eq!(r.path, format!("/v1beta/models/{model}:{action}"));
            if streaming {
                assert_eq!(r.query.as_deref(), Some("alt=sse"));
            }
            assert_eq!(r.header("x-goog-api-key"), Some(KEY));
            assert_eq!(b["systemInstruction"]["parts"][0]["text"], json!(SYSTEM), "{b}");
            assert_eq!(b["generationConfig"]["temperature"], json!(0.3), "{b}");
            assert_eq!(b["generationConfig"]["maxOutputTokens"], json!(256), "{b}");
            assert_eq!(b["contents"][1]["role"], json!("model"), "{b}");
            assert_eq!(b["contents"][2]["parts"][0]["text"], json!("Go ahead."), "{b}");
        }
    }
}

const ALL_KINDS: [ProviderKind; 4] =
    [ProviderKind::OpenAi, ProviderKind::Anthropic, ProviderKind::Gemini, ProviderKind::OpenAiCompatible];

// region: --- 1. complete() and 2. stream() per provider

#[tokio::test]
async fn complete_returns_text_and_tokens_for_every_provider() {
    for kind in ALL_KINDS {
        let fake = fake_for(kind).await;
        let (gateway, _) = build(config(kind, &fake.base_url, key_for(kind)), MemStore::default());
        let res = gateway.complete(&request(Task::Evaluator)).await.unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert_eq!(res.text, full_text(), "{kind:?}");
        assert_eq!((res.tokens_in, res.tokens_out), (TOKENS_IN, TOKENS_OUT), "{kind:?}");
        assert_eq!(res.model, models(kind)[2]);
        assert!(!res.cached);
        assert_eq!(res.attempts, 1);
        assert_wire_request(kind, &fake, false);
    }
}

#[tokio::test]
async fn stream_delivers_deltas_in_order_for_every_provider() {
    for kind in ALL_KINDS {
        let fake = fake_for(kind).await;
        let (gateway, _) = build(config(kind, &fake.base_url, key_for(kind)), MemStore::default());
        let mut seen: Vec<(String, Instant)> = Vec::new();
        let res = gateway
            .stream(&request(Task::Evaluator), &mut |d: &str| seen.push((d.to_owned(), Instant::now())))
            .await
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        let deltas: Vec<&str> = seen.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(deltas, DELTAS, "{kind:?}");
        assert_eq!(res.text, full_text(), "{kind:?}");
        assert_eq!((res.tokens_in, res.tokens_out), (TOKENS_IN, TOKENS_OUT), "{kind:?}");
        assert_eq!(res.attempts, 1);
        // The fake pauses 15 ms between frames: deltas must arrive as they are sent, not all at the end.
        let spread = seen[seen.len() - 1].1 - seen[0].1;
        assert!(spread >= Duration::from_millis(30), "{kind:?}: deltas arrived together ({spread:?})");
        assert_wire_request(kind, &fake, true);
    }
}

#[tokio::test]
async fn openai_compatible_server_with_key_gets_bearer_header() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    let (gateway, _) = build(config(ProviderKind::OpenAiCompatible, &fake.base_url, Some(KEY)), MemStore::default());
    gateway.complete(&request(Task::Interviewer)).await.unwrap();
    assert_eq!(fake.requests()[0].header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    assert_eq!(fake.requests()[0].body["model"], json!("llama3.2:3b"));
}

#[tokio::test]
async fn json_mode_is_requested_in_each_providers_way() {
    for kind in [ProviderKind::OpenAi, ProviderKind::Anthropic, ProviderKind::Gemini] {
        let fake = fake_for(kind).await;
        fake.set_deltas(&["```json\n", "{\"score\": 4,", " \"notes\": \"clear\"}", "\n```"]);
        let (gateway, _) = build(config(kind, &fake.base_url, Some(KEY)), MemStore::default());
        let req = AiRequest { json: true, ..request(Task::Evaluator) };
        let res = gateway.complete(&req).await.unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert_eq!(res.text, "{\"score\": 4, \"notes\": \"clear\"}");
        let b = &fake.requests()[0].body;
        match kind {
            ProviderKind::OpenAi => assert_eq!(b["response_format"], json!({"type": "json_object"}), "{b}"),
            ProviderKind::Gemini => {
                assert_eq!(b["generationConfig"]["responseMimeType"], json!("application/json"), "{b}");
                assert_eq!(b["generationConfig"]["temperature"], json!(0.3), "{b}");
                assert_eq!(b["generationConfig"]["maxOutputTokens"], json!(256), "{b}");
            }
            _ => {
                let system = b["system"].as_str().unwrap();
                assert!(system.starts_with(SYSTEM) && system.contains("JSON"), "{b}");
            }
        }
    }
}

#[tokio::test]
async fn invalid_json_reply_is_an_error_and_not_cached() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    let mut cfg = config(ProviderKind::OpenAi, &fake.base_url, Some(KEY));
    cfg.evaluator_cache_ttl = Duration::from_secs(60);
    let (gateway, store) = build(cfg, MemStore::default());
    let req = AiRequest { json: true, ..request(Task::Evaluator) };
    let err = gateway.complete(&req).await.unwrap_err();
    assert!(matches!(err, GatewayError::InvalidResponse(_)), "{err:?}");
    assert_eq!(fake.count(), 1, "invalid JSON is not retried");
    let _ = gateway.complete(&req).await;
    assert_eq!(fake.count(), 2, "invalid JSON is not cached");
    assert!(store.records().iter().all(|r| !r.ok));
}

// endregion: --- 1. and 2.

// region: --- 3. Retries and timeouts

#[tokio::test]
async fn retry_after_is_honoured_on_429() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    fake.push(Reply::Error { status: 429, retry_after: Some("1".into()) });
    let (gateway, _) = build(config(ProviderKind::OpenAi, &fake.base_url, Some(KEY)), MemStore::default());
    let started = Instant::now();
    let res = gateway.complete(&request(Task::Evaluator)).await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(res.text, full_text());
    assert_eq!(res.attempts, 2);
    assert_eq!(fake.count(), 2);
    assert!(elapsed >= Duration::from_millis(900), "waited only {elapsed:?}");
    let requests = fake.requests();
    assert!(requests[1].at - requests[0].at >= Duration::from_millis(900));
}

#[tokio::test]
async fn retry_after_longer_than_backoff_max_falls_back_to_backoff() {
    let fake = FakeServer::start(Flavor::Anthropic, Some(KEY)).await;
    fake.push(Reply::Error { status: 429, retry_after: Some("30".into()) });
    let mut cfg = config(ProviderKind::Anthropic, &fake.base_url, Some(KEY));
    cfg.backoff_max = Duration::from_millis(200);
    let (gateway, _) = build(cfg, MemStore::default());
    let started = Instant::now();
    let res = gateway.complete(&request(Task::Evaluator)).await.unwrap();
    assert_eq!(res.attempts, 2);
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn server_errors_are_retried_until_success() {
    for (flavor, kind, status) in [
        (Flavor::Gemini, ProviderKind::Gemini, 503),
        (Flavor::Anthropic, ProviderKind::Anthropic, 529),
        (Flavor::OpenAi, ProviderKind::OpenAi, 502),
    ] {
        let fake = FakeServer::start(flavor, Some(KEY)).await;
        fake.push(Reply::Error { status, retry_after: None });
        fake.push(Reply::Error { status, retry_after: None });
        let (gateway, _) = build(config(kind, &fake.base_url, Some(KEY)), MemStore::default());
        let res = gateway.complete(&request(Task::Evaluator)).await.unwrap();
        assert_eq!(res.text, full_text());
        assert_eq!(res.attempts, 3, "{kind:?}");
        assert_eq!(fake.count(), 3, "{kind:?}");
    }
}

#[tokio::test]
async fn client_errors_fail_at_once() {
    for (flavor, kind) in [
        (Flavor::Anthropic, ProviderKind::Anthropic),
        (Flavor::OpenAi, ProviderKind::OpenAi),
        (Flavor::Gemini, ProviderKind::Gemini),
    ] {
        let fake = FakeServer::start(flavor, Some(KEY)).await;
        fake.push(Reply::Error { status: 400, retry_after: None });
        let (gateway, store) = build(config(kind, &fake.base_url, Some(KEY)), MemStore::default());
        let err = gateway.complete(&request(Task::Evaluator)).await.unwrap_err();
        match &err {
            GatewayError::Provider { status: Some(400), message } => assert!(!message.is_empty()),
            other => panic!("{kind:?}: unexpected {other:?}"),
        }
        assert_eq!(fake.count(), 1, "{kind:?}: a 400 is never retried");
        assert!(err.to_string().contains("HTTP 400"), "{err}");
        assert_eq!(store.records().len(), 1);

        // The same holds for streams, where genai wraps the HTTP error differently.
        fake.push(Reply::Error { status: 400, retry_after: None });
        let mut deltas = Vec::new();
        let err =
            gateway.stream(&request(Task::Evaluator), &mut |d: &str| deltas.push(d.to_owned())).await.unwrap_err();
        assert!(matches!(err, GatewayError::Provider { status: Some(400), .. }), "{kind:?}: {err:?}");
        assert_eq!(fake.count(), 2, "{kind:?}: a streamed 400 is never retried");
        assert!(deltas.is_empty());
    }
}

#[tokio::test]
async fn stream_honours_retry_after() {
    let fake = FakeServer::start(Flavor::Anthropic, Some(KEY)).await;
    fake.push(Reply::Error { status: 429, retry_after: Some("1".into()) });
    let (gateway, _) = build(config(ProviderKind::Anthropic, &fake.base_url, Some(KEY)), MemStore::default());
    let mut deltas = Vec::new();
    let started = Instant::now();
    let res = gateway.stream(&request(Task::Evaluator), &mut |d: &str| deltas.push(d.to_owned())).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(900), "waited only {:?}", started.elapsed());
    assert_eq!(res.attempts, 2);
    assert_eq!(deltas, DELTAS);
}

#[tokio::test]
async fn anthropic_error_message_reaches_the_user() {
    let fake = FakeServer::start(Flavor::Anthropic, Some(KEY)).await;
    fake.push(Reply::Error { status: 400, retry_after: None });
    let (gateway, _) = build(config(ProviderKind::Anthropic, &fake.base_url, Some(KEY)), MemStore::default());
    let err = gateway.complete(&request(Task::Evaluator)).await.unwrap_err();
    assert_eq!(
        err,
        GatewayError::Provider { status: Some(400), message: "messages: at least one message is required".into() }
    );
}

#[tokio::test]
async fn persistent_server_error_gives_up_after_max_retries() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    fake.set_fallback(Reply::Error { status: 500, retry_after: None });
    let (gateway, store) = build(config(ProviderKind::OpenAi, &fake.base_url, Some(KEY)), MemStore::default());
    let err = gateway.complete(&request(Task::Evaluator)).await.unwrap_err();
    assert!(matches!(err, GatewayError::Provider { status: Some(500), .. }), "{err:?}");
    assert_eq!(fake.count(), 4, "max_retries (3) + 1 requests");
    let requests = fake.requests();
    // Backoff 10, 20, 40 ms between attempts.
    assert!(requests[3].at - requests[0].at >= Duration::from_millis(70));
    assert_eq!(store.records().len(), 1, "one usage record per call, not per attempt");
}

#[tokio::test]
async fn hanging_server_times_out() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    fake.set_fallback(Reply::Hang);
    let mut cfg = config(ProviderKind::OpenAi, &fake.base_url, Some(KEY));
    cfg.timeout = Duration::from_millis(300);
    cfg.max_retries = 1;
    let (gateway, _) = build(cfg, MemStore::default());
    let started = Instant::now();
    let err = gateway.complete(&request(Task::Evaluator)).await.unwrap_err();
    assert_eq!(err, GatewayError::Timeout);
    assert_eq!(fake.count(), 2, "timeouts are retried");
    assert!(started.elapsed() < Duration::from_secs(3));

    let mut deltas = Vec::new();
    let err = gateway.stream(&request(Task::Evaluator), &mut |d: &str| deltas.push(d.to_owned())).await.unwrap_err();
    assert_eq!(err, GatewayError::Timeout);
    assert!(deltas.is_empty());
}

#[tokio::test]
async fn unreachable_server_is_a_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let mut cfg = config(ProviderKind::OpenAi, &format!("http://{addr}/v1"), Some(KEY));
    cfg.max_retries = 2;
    let (gateway, _) = build(cfg, MemStore::default());
    let err = gateway.complete(&request(Task::Evaluator)).await.unwrap_err();
    assert!(matches!(err, GatewayError::Network(_)), "{err:?}");
    assert!(!err.to_string().contains(KEY));
}

#[tokio::test]
async fn stream_retries_before_the_first_delta() {
    for (flavor, kind) in [
        (Flavor::Anthropic, ProviderKind::Anthropic),
        (Flavor::OpenAi, ProviderKind::OpenAi),
        (Flavor::Gemini, ProviderKind::Gemini),
    ] {
        let fake = FakeServer::start(flavor, Some(KEY)).await;
        fake.push(Reply::Error { status: 429, retry_after: Some("0".into()) });
        fake.push(Reply::Error { status: 503, retry_after: None });
        let (gateway, _) = build(config(kind, &fake.base_url, Some(KEY)), MemStore::default());
        let mut deltas = Vec::new();
        let res = gateway
            .stream(&request(Task::Evaluator), &mut |d: &str| deltas.push(d.to_owned()))
            .await
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert_eq!(deltas, DELTAS, "{kind:?}: each delta exactly once");
        assert_eq!(res.attempts, 3);
        assert_eq!(fake.count(), 3);
    }
}

#[tokio::test]
async fn stream_does_not_retry_after_deltas_were_sent() {
    for (flavor, kind) in [
        (Flavor::OpenAi, ProviderKind::OpenAi),
        (Flavor::Anthropic, ProviderKind::Anthropic),
        (Flavor::Gemini, ProviderKind::Gemini),
    ] {
        let fake = FakeServer::start(flavor, Some(KEY)).await;
        fake.push(Reply::CutAfter(2));
        let (gateway, store) = build(config(kind, &fake.base_url, Some(KEY)), MemStore::default());
        let mut deltas = Vec::new();
        let err =
            gateway.stream(&request(Task::Evaluator), &mut |d: &str| deltas.push(d.to_owned())).await.unwrap_err();
        assert!(matches!(err, GatewayError::Network(_)), "{kind:?}: {err:?}");
        assert_eq!(deltas, DELTAS[..2], "{kind:?}");
        assert_eq!(fake.count(), 1, "{kind:?}: no retry once text was shown");
        assert!(!store.records()[0].ok);
    }
}

#[tokio::test]
async fn bad_key_error_never_shows_the_key() {
    let fake = FakeServer::start(Flavor::OpenAi, Some("sk-the-right-key")).await;
    let (gateway, store) = build(config(ProviderKind::OpenAi, &fake.base_url, Some(KEY)), MemStore::default());
    let err = gateway.complete(&request(Task::Evaluator)).await.unwrap_err();
    assert!(matches!(err, GatewayError::Provider { status: Some(401), .. }), "{err:?}");
    assert_eq!(fake.count(), 1, "401 is not retried");
    // The fake echoes the key it was sent, like OpenAI does.
    assert!(!err.to_string().contains(KEY), "{err}");
    assert!(!format!("{err:?}").contains(KEY));
    assert!(!store.records()[0].error.as_deref().unwrap_or_default().contains(KEY));
    assert!(!format!("{gateway:?}").contains(KEY));
}

// endregion: --- 3.

// region: --- 4. Cache

fn cached_config(fake: &FakeServer, ttl: Duration) -> GatewayConfig {
    let mut cfg = config(ProviderKind::OpenAi, &fake.base_url, Some(KEY));
    cfg.evaluator_cache_ttl = ttl;
    cfg
}

#[tokio::test]
async fn identical_requests_hit_the_cache() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    let (gateway, _) = build(cached_config(&fake, Duration::from_secs(60)), MemStore::default());
    let req = request(Task::Evaluator);
    let first = gateway.complete(&req).await.unwrap();
    let second = gateway.complete(&req).await.unwrap();
    assert_eq!(fake.count(), 1);
    assert!(!first.cached);
    assert!(second.cached);
    assert_eq!(second.attempts, 0);
    assert_eq!(second.text, first.text);

    // A stream of the same request is served from the cache as one delta.
    let mut deltas = Vec::new();
    let streamed = gateway.stream(&req, &mut |d: &str| deltas.push(d.to_owned())).await.unwrap();
    assert!(streamed.cached);
    assert_eq!(deltas, vec![full_text()]);
    assert_eq!(fake.count(), 1);
}

#[tokio::test]
async fn different_temperature_misses_the_cache() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    let (gateway, _) = build(cached_config(&fake, Duration::from_secs(60)), MemStore::default());
    gateway.complete(&request(Task::Evaluator)).await.unwrap();
    let res = gateway.complete(&AiRequest { temperature: 0.7, ..request(Task::Evaluator) }).await.unwrap();
    assert!(!res.cached);
    assert_eq!(fake.count(), 2);
}

#[tokio::test]
async fn cache_entries_expire_after_ttl() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    let (gateway, _) = build(cached_config(&fake, Duration::from_millis(200)), MemStore::default());
    gateway.complete(&request(Task::Evaluator)).await.unwrap();
    assert!(gateway.complete(&request(Task::Evaluator)).await.unwrap().cached);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let res = gateway.complete(&request(Task::Evaluator)).await.unwrap();
    assert!(!res.cached);
    assert_eq!(fake.count(), 2);
}

#[tokio::test]
async fn zero_ttl_task_and_failures_are_not_cached() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    let (gateway, _) = build(cached_config(&fake, Duration::from_secs(60)), MemStore::default());
    // The interviewer task has a zero TTL in this config.
    gateway.complete(&request(Task::Interviewer)).await.unwrap();
    gateway.complete(&request(Task::Interviewer)).await.unwrap();
    assert_eq!(fake.count(), 2);

    fake.push(Reply::Error { status: 400, retry_after: None });
    let req = AiRequest { max_tokens: 99, ..request(Task::Evaluator) };
    assert!(gateway.complete(&req).await.is_err());
    assert!(!gateway.complete(&req).await.unwrap().cached);
    assert_eq!(fake.count(), 4);
}

#[tokio::test]
async fn cache_capacity_is_bounded() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    let (gateway, _) = build(cached_config(&fake, Duration::from_secs(60)), MemStore::default());
    let gateway = gateway.with_cache_capacity(2);
    for tokens in [10, 20, 30] {
        gateway.complete(&AiRequest { max_tokens: tokens, ..request(Task::Evaluator) }).await.unwrap();
    }
    // The oldest entry (10) was evicted; the newest (30) is still cached.
    assert!(gateway.complete(&AiRequest { max_tokens: 30, ..request(Task::Evaluator) }).await.unwrap().cached);
    assert!(!gateway.complete(&AiRequest { max_tokens: 10, ..request(Task::Evaluator) }).await.unwrap().cached);
    assert_eq!(fake.count(), 4);
}

// endregion: --- 4.

// region: --- 5. Quotas

#[tokio::test]
async fn daily_quota_blocks_without_calling_upstream() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    let mut cfg = config(ProviderKind::OpenAi, &fake.base_url, Some(KEY));
    cfg.daily_token_quota = Some(1_000);
    let (gateway, store) = build(cfg, MemStore::with_used(1_000));
    let err = gateway.complete(&request(Task::Evaluator)).await.unwrap_err();
    assert_eq!(err, GatewayError::QuotaExceeded { message: DAILY_QUOTA_MESSAGE.into() });
    assert_eq!(err.to_string(), "You've used today's AI allowance; it resets at midnight UTC.");
    assert_eq!(fake.count(), 0);
    let (user, since) = store.since_queries.lock().unwrap()[0].clone();
    assert_eq!(user, "user-1");
    assert_eq!(since, utc_day_start_ms(time::OffsetDateTime::now_utc()));

    // Streaming is refused the same way.
    let mut deltas = Vec::new();
    let err = gateway.stream(&request(Task::Evaluator), &mut |d: &str| deltas.push(d.to_owned())).await;
    assert!(matches!(err, Err(GatewayError::QuotaExceeded { .. })));
    assert_eq!(fake.count(), 0);

    // Without a user id there is nothing to enforce.
    let anonymous = AiRequest { user_id: None, ..request(Task::Evaluator) };
    assert!(gateway.complete(&anonymous).await.is_ok());
}

#[tokio::test]
async fn monthly_quota_blocks_too() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    let mut cfg = config(ProviderKind::OpenAi, &fake.base_url, Some(KEY));
    cfg.daily_token_quota = Some(10_000);
    cfg.monthly_token_quota = Some(5_000);
    let (gateway, _) = build(cfg, MemStore::with_used(6_000));
    let err = gateway.complete(&request(Task::Evaluator)).await.unwrap_err();
    assert_eq!(err, GatewayError::QuotaExceeded { message: MONTHLY_QUOTA_MESSAGE.into() });
    assert_eq!(fake.count(), 0);
}

#[tokio::test]
async fn cache_hits_do_not_count_against_the_quota() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    let mut cfg = cached_config(&fake, Duration::from_secs(60));
    cfg.daily_token_quota = Some(TOKENS_IN + TOKENS_OUT + 1);
    let (gateway, _) = build(cfg, MemStore::default());
    gateway.complete(&request(Task::Evaluator)).await.unwrap(); // 59 tokens used
    assert!(gateway.complete(&request(Task::Evaluator)).await.unwrap().cached); // free
    gateway.complete(&AiRequest { max_tokens: 1, ..request(Task::Evaluator) }).await.unwrap(); // 59 < 60: allowed
    let err = gateway.complete(&AiRequest { max_tokens: 2, ..request(Task::Evaluator) }).await.unwrap_err();
    assert!(matches!(err, GatewayError::QuotaExceeded { .. }));
    // Already-cached answers are still served once over quota.
    assert!(gateway.complete(&request(Task::Evaluator)).await.unwrap().cached);
    assert_eq!(fake.count(), 2);
}

// endregion: --- 5.

// region: --- 6. Usage records

#[tokio::test]
async fn one_usage_record_per_call() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    let (gateway, store) = build(cached_config(&fake, Duration::from_secs(60)), MemStore::default());
    let req = request(Task::Evaluator);

    gateway.complete(&req).await.unwrap();
    let mut sink = |_: &str| {};
    gateway.stream(&req, &mut sink).await.unwrap(); // cache hit
    fake.push(Reply::Error { status: 400, retry_after: None });
    gateway.complete(&AiRequest { temperature: 1.0, ..req.clone() }).await.unwrap_err();
    let interviewer = gateway.complete(&request(Task::Interviewer)).await.unwrap();

    let records = store.records();
    assert_eq!(records.len(), 4);

    let ok = &records[0];
    assert_eq!(ok.user_id.as_deref(), Some("user-1"));
    assert_eq!(ok.task, Task::Evaluator);
    assert_eq!(ok.provider, ProviderKind::OpenAi);
    assert_eq!(ok.model, "gpt-4.1");
    assert_eq!((ok.tokens_in, ok.tokens_out), (TOKENS_IN, TOKENS_OUT));
    let expected_cost = TOKENS_IN as f64 / 1e6 * 2.0 + TOKENS_OUT as f64 / 1e6 * 8.0;
    assert!((ok.cost_usd - expected_cost).abs() < 1e-12, "{}", ok.cost_usd);
    assert!(ok.ok && !ok.cache_hit && ok.error.is_none());

    let hit = &records[1];
    assert!(hit.ok && hit.cache_hit);
    assert_eq!((hit.tokens_in, hit.tokens_out, hit.cost_usd), (0, 0, 0.0));

    let failed = &records[2];
    assert!(!failed.ok && !failed.cache_hit);
    assert!(failed.error.as_deref().is_some_and(|e| e.contains("HTTP 400")), "{failed:?}");
    assert_eq!(failed.cost_usd, 0.0);

    let fast = &records[3];
    assert_eq!(fast.task, Task::Interviewer);
    assert_eq!(fast.model, "gpt-4.1-nano");
    assert_eq!(interviewer.model, "gpt-4.1-nano");
    assert_eq!(fast.cost_usd, 0.0, "no price configured for the fast model");
}

// endregion: --- 6.

// region: --- Construction and types

#[tokio::test]
async fn bad_configuration_is_rejected() {
    let store: Arc<MemStore> = Arc::new(MemStore::default());
    let no_key = config(ProviderKind::Anthropic, "http://127.0.0.1:9/v1", None);
    assert!(matches!(Gateway::new(no_key, store.clone()), Err(GatewayError::Config(_))));
    let mut no_url = config(ProviderKind::OpenAiCompatible, "", None);
    no_url.provider.base_url = None;
    assert!(matches!(Gateway::new(no_url, store.clone()), Err(GatewayError::Config(_))));
    let mut no_model = config(ProviderKind::OpenAi, "http://127.0.0.1:9/v1", Some(KEY));
    no_model.provider.balanced = " ".into();
    assert!(matches!(Gateway::new(no_model, store.clone()), Err(GatewayError::Config(_))));
    let mut default_url = config(ProviderKind::Gemini, "", Some(KEY));
    default_url.provider.base_url = None;
    assert!(Gateway::new(default_url, store).is_ok());
}

#[tokio::test]
async fn invalid_requests_are_rejected_before_any_call() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    let (gateway, store) = build(config(ProviderKind::OpenAi, &fake.base_url, Some(KEY)), MemStore::default());
    let empty = AiRequest { messages: vec![], ..request(Task::Evaluator) };
    assert!(matches!(gateway.complete(&empty).await, Err(GatewayError::InvalidRequest(_))));
    let hot = AiRequest { temperature: 3.0, ..request(Task::Evaluator) };
    assert!(matches!(gateway.complete(&hot).await, Err(GatewayError::InvalidRequest(_))));
    assert_eq!(fake.count(), 0);
    assert_eq!(store.records().len(), 2);
}

fn assert_send<T: Send>(_: &T) {}

#[tokio::test]
async fn gateway_futures_are_send() {
    let (gateway, _) = build(config(ProviderKind::OpenAi, "http://127.0.0.1:9/v1", Some(KEY)), MemStore::default());
    let req = request(Task::Evaluator);
    let complete = gateway.complete(&req);
    assert_send(&complete);
    drop(complete);
    let mut sink = |_: &str| {};
    let stream = gateway.stream(&req, &mut sink);
    assert_send(&stream);
}

// endregion: --- Construction and types
