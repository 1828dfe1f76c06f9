//! One error path: every refusal, from a server function, the run stream, a middleware or the
//! WebSocket handshake, carries the status of its `AppError`, its headers and the JSON body
//! the browser's server-function client decodes; internal causes reach the log, never the body.

use app::domain::error::AppError;
use app::platform::context::STORE_UNAVAILABLE;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::helpers::{app_error, spawn_app, spawn_app_with, TestApp, PY_RIGHT};

/// The top-level keys of a JSON error body, which name its variant.
fn shape(body: &str) -> Vec<String> {
    match serde_json::from_str::<Value>(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}")) {
        Value::Object(map) => map.keys().cloned().collect(),
        Value::String(unit) => vec![unit],
        other => panic!("unexpected error body {other}"),
    }
}

async fn error_parts(res: reqwest::Response) -> (StatusCode, Option<u64>, String, String) {
    let status = res.status();
    let retry = res.headers().get("retry-after").map(|v| v.to_str().unwrap().parse::<u64>().unwrap());
    let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, retry, kind, res.text().await.unwrap())
}

#[tokio::test]
async fn a_rate_limited_run_stream_and_server_function_answer_alike_with_retry_after() {
    let app = spawn_app_with(|o| o.executor.runs_per_minute = Some(1)).await;
    app.sign_up("limited@example.com").await;
    let body = json!({"slug": "running-sum", "language": "python", "source": PY_RIGHT, "mode": "run"});
    let first = app.post_run(&body).await;
    assert_eq!(first.status(), StatusCode::OK);
    first.text().await.unwrap();

    let (status, retry, kind, stream_body) = error_parts(app.post_run(&body).await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry.is_some_and(|s| (1..=60).contains(&s)), "{retry:?}");
    assert!(kind.starts_with("application/json"), "{kind}");
    let stream_err: AppError = serde_json::from_str(&stream_body).unwrap();
    assert!(matches!(stream_err, AppError::TooManyRuns { per_minute: 1, .. }), "{stream_err:?}");

    let res = app
        .call("run_code", &[("slug", "running-sum"), ("language", "python"), ("source", PY_RIGHT), ("mode", "run")])
        .await;
    let (status, retry, _, fn_body) = error_parts(res).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry.is_some_and(|s| (1..=60).contains(&s)), "{retry:?}");
    let fn_err: AppError = serde_json::from_str(&fn_body).unwrap();
    assert!(matches!(fn_err, AppError::TooManyRuns { per_minute: 1, .. }), "{fn_err:?}");
    assert_eq!(shape(&stream_body), shape(&fn_body), "{stream_body} vs {fn_body}");
}

#[tokio::test]
async fn a_cross_site_run_request_is_refused_with_the_forbidden_error_body() {
    let app = spawn_app().await;
    app.sign_up("csrf@example.com").await;
    let res = app
        .client
        .post(format!("{}/api/runs", app.url))
        .header("origin", "https://evil.example")
        .json(&json!({"slug": "running-sum", "language": "python", "source": PY_RIGHT, "mode": "run"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    assert_eq!(app_error(res).await, AppError::Forbidden);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413_and_an_error_the_client_reads() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(format!("{}/api/sign_in", app.url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![b'a'; 3 << 20])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let err = app_error(res).await;
    assert!(matches!(err, AppError::TooLarge { .. }), "{err:?}");
    assert_eq!(err.to_string(), "The request is too large (at most 2 MB).");
}

/// A WebSocket handshake request as a browser sends it, through plain HTTP so that a refusal's
/// status and body can be read.
async fn handshake(app: &TestApp, client: &reqwest::Client, origin: Option<&str>) -> reqwest::Response {
    let mut req = client
        .get(format!("{}/api/sessions/realtime", app.url))
        .header("connection", "upgrade")
        .header("upgrade", "websocket")
        .header("sec-websocket-version", "13")
        .header("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==");
    if let Some(origin) = origin {
        req = req.header("origin", origin);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn websocket_handshakes_without_sign_in_or_from_another_site_are_refused_with_an_error_body() {
    let app = spawn_app().await;
    let anonymous = app.new_client();
    let res = handshake(&app, &anonymous, None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app_error(res).await, AppError::Unauthorized);

    app.sign_up("socket@example.com").await;
    let res = handshake(&app, &app.client, Some("https://evil.example")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app_error(res).await, AppError::Forbidden);

    // From our own page, the same handshake is accepted.
    let res = handshake(&app, &app.client, Some(app.url.as_str())).await;
    assert_eq!(res.status(), StatusCode::SWITCHING_PROTOCOLS);
}

/// Collects what the server logs on this test's thread (the server runs on it too).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn a_storage_failure_answers_with_a_generic_error_and_logs_its_cause_once_with_the_request_id() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let app = spawn_app().await;
    app.store.close().await;
    // Another test's thread may have met the request span's callsite (and cached "disabled"
    // for it) while this subscriber was being registered: ask every callsite again.
    tracing::callsite::rebuild_interest_cache();
    let res =
        app.new_client().post(format!("{}/api/list_problems", app.url)).form(&[("page", "1")]).send().await.unwrap();
    let request_id = res.headers().get("x-request-id").unwrap().to_str().unwrap().to_string();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = res.text().await.unwrap();
    for internal in ["pool", "sqlx", "database", "closed"] {
        assert!(!body.to_lowercase().contains(internal), "the body leaks {internal:?}: {body}");
    }
    assert_eq!(serde_json::from_str::<AppError>(&body).unwrap(), AppError::Unavailable(STORE_UNAVAILABLE.into()));

    // Background workers report the closed pool too; this request's failure is one line.
    let text = log.text();
    let causes: Vec<&str> = text.lines().filter(|l| l.contains(&request_id) && l.contains("closed pool")).collect();
    assert_eq!(causes.len(), 1, "the cause is logged once with the request id {request_id}:\n{text}");
    assert!(causes[0].contains("database unavailable"), "the chain is logged: {}", causes[0]);
    assert!(causes[0].contains("listing problems"), "with its context: {}", causes[0]);
}

#[tokio::test]
async fn a_storage_failure_under_a_signed_in_session_is_a_server_error_without_internals() {
    let app = spawn_app().await;
    app.sign_up("down@example.com").await;
    app.store.close().await;
    let res = app.call("dashboard", &[]).await;
    assert!(res.status().is_server_error(), "{}", res.status());
    let body = res.text().await.unwrap();
    assert!(!body.to_lowercase().contains("pool") && !body.contains("sqlx"), "{body}");
    let err: AppError = serde_json::from_str(&body).unwrap();
    assert!(matches!(err, AppError::Internal | AppError::Unavailable(_)), "{err:?}");
}

#[tokio::test]
async fn a_page_rendered_for_a_browser_keeps_its_error_status() {
    // A browser's page load accepts HTML, as a form sent without JavaScript does; only the
    // form post is answered with a redirect back, a page keeps its status.
    let app = spawn_app().await;
    let res = app.get("/problems/no-such-problem").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app.get(&format!("/problems?q={}", "y".repeat(300))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
