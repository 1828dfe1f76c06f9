//! Request guards: cross-site request refusal for state-changing requests, security headers
//! on every response, and isolation of each request from the reactive state of others.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, Method, StatusCode};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use app::domain::error::AppError;

/// Where requests may legitimately come from.
#[derive(Clone, Debug)]
pub struct Origins {
    /// The configured public origin, e.g. `https://sparring.example.com`.
    pub public: Arc<str>,
}

fn origin_host(origin: &str) -> Option<&str> {
    origin.split_once("://").map(|(_, rest)| rest.trim_end_matches('/'))
}

/// Whether a request that changes state comes from our own pages.
///
/// Browsers send `Sec-Fetch-Site` and `Origin` on cross-site POSTs; either one naming another
/// site is refused. Requests with neither come from non-browser clients, which cannot ride
/// a victim's cookies.
pub fn is_same_origin(headers: &http::HeaderMap, public_origin: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site != "same-origin" && site != "none" {
            return false;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else { return true };
    let Ok(origin) = origin.to_str() else { return false };
    if origin.trim_end_matches('/') == public_origin {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    matches!((origin_host(origin), host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

/// Refuses cross-site state-changing requests with 403 and a JSON `AppError::Forbidden`.
pub async fn csrf_guard(State(origins): State<Origins>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !is_same_origin(req.headers(), &origins.public) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site request refused");
        return AppError::Forbidden.into_response();
    }
    next.run(req).await
}

/// Runs each request with no reactive owner current on its thread, and leaves none behind.
///
/// Leptos keeps "the current owner" in a thread-local. Starting a page render makes the
/// page's owner current and leaves it there while the page waits for its data, so whatever
/// request the worker thread polls next inherits it. Its static-file handler then took the
/// page's response options (headers such as the page's Content-Security-Policy) for its
/// own, and the page went out without them; server functions became children of the page
/// and were cleaned up with it. Clearing the thread-local around every poll of every
/// request keeps each request's reactive state to itself.
pub async fn isolate_reactive_owner(req: Request, next: Next) -> Response {
    OwnerFree(Box::pin(next.run(req))).await
}

struct OwnerFree<F>(Pin<Box<F>>);

impl<F: Future> Future for OwnerFree<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        clear_current_owner();
        let out = self.0.as_mut().poll(cx);
        clear_current_owner();
        out
    }
}

fn clear_current_owner() {
    if let Some(owner) = leptos::reactive::owner::Owner::current() {
        owner.unset();
    }
}

/// Who may keep a response, unless its handler said so itself:
/// - pages and API answers carry the signed-in user's data: no browser or proxy may keep them
///   (`no-store`);
/// - a file of the app's bundle whose name carries its content hash (release builds name them
///   `sparring.<hash>.wasm` and so on) never changes, so browsers keep it for a year without
///   asking;
/// - any other static file (Monaco under `/vs`, icons, an unhashed debug bundle) may be kept
///   but is checked before each use (`no-cache`: a cheap 304 answered from `Last-Modified`), so
///   a new deployment's WASM never meets an old page.
///
/// Release builds ship each static file with `.br` and `.gz` beside it, which the file handler
/// serves to browsers that accept them.
pub async fn cache_control(req: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(req.uri().path());
    let mut res = next.run(req).await;
    if res.headers().contains_key(header::CACHE_CONTROL) {
        return res;
    }
    let dynamic = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"));
    let stored = res.status().is_success() || res.status() == http::StatusCode::NOT_MODIFIED;
    let policy = match (dynamic, stored, hashed) {
        (true, _, _) => "no-store",
        (false, true, true) => "public, max-age=31536000, immutable",
        (false, true, false) => "no-cache",
        (false, false, _) => return res,
    };
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    res
}

/// Whether `path` names a file of the app's bundle by its content hash: `/pkg/NAME.HASH.EXT`,
/// where HASH is the 22 characters of cargo-leptos's URL-safe base64 MD5.
fn is_hashed_asset(path: &str) -> bool {
    let Some(file) = path.strip_prefix("/pkg/") else { return false };
    let mut parts = file.split('.');
    let (Some(name), Some(hash), Some(_ext)) = (parts.next(), parts.next(), parts.next()) else { return false };
    !name.is_empty()
        && !file.contains('/')
        && hash.len() == 22
        && hash.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Keeps a signed-in user's session alive while they use it: the session's expiry moves
/// only when the session is saved, so a request from a signed-in user saves it (a timestamp)
/// when the last save is older than [`SLIDE_EVERY_MS`] — a write every few minutes of use,
/// not one per request.
pub async fn slide_session(session: tower_sessions::Session, req: Request, next: Next) -> Response {
    const SEEN: &str = "seen_at";
    if let Ok(Some(_)) = session.get::<String>(app::platform::sessions::USER_ID_KEY).await {
        let now = app::platform::store::now_ms();
        let seen = session.get::<i64>(SEEN).await.ok().flatten().unwrap_or(0);
        if now - seen > SLIDE_EVERY_MS {
            let _ = session.insert(SEEN, now).await;
        }
    }
    next.run(req).await
}

/// How often an active sign-in is extended.
pub const SLIDE_EVERY_MS: i64 = 5 * 60 * 1000;

/// The largest request body the server reads (axum's default limit, stated once).
pub const MAX_BODY_BYTES: u64 = 2 << 20;

/// Refuses a request whose declared body is over [`MAX_BODY_BYTES`] with 413 before anything
/// reads it (a body that only turns out too long while streaming is refused as unreadable).
pub async fn body_size_limit(req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return AppError::TooLarge { max_bytes: MAX_BODY_BYTES }.into_response();
    }
    next.run(req).await
}

/// Gives a server function's error response the status of its error.
///
/// Leptos answers every server-function error with 500. Errors raised in a function's body get
/// their status from `context::respond`, but errors raised before the body runs (arguments
/// that do not parse, such as `manual=maybe`) do not: they went out as 500 with a
/// "Invalid request" validation error inside. The body is the JSON `AppError`; its status
/// replaces the 500.
pub async fn server_fn_error_status(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        // Framework errors echo the request; one this long came from a request, not from us.
        return reply_with(parts, AppError::validation("", "Invalid request: it could not be read."));
    };
    match serde_json::from_slice::<AppError>(&bytes) {
        Ok(err) => reply_with(parts, err),
        Err(_) => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// Turns a server function's error reply into `err`'s own response (status, headers, body, as
/// `AppError`'s `IntoResponse` sends it), keeping the reply's other headers (cookies, the
/// server-function marker).
fn reply_with(mut parts: http::response::Parts, err: AppError) -> Response {
    let (ours, body) = err.into_response().into_parts();
    parts.status = ours.status;
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in &ours.headers {
        parts.headers.insert(name.clone(), value.clone());
    }
    Response::from_parts(parts, body)
}

/// Shared pages and their data are for whoever holds the link, not for search engines, and
/// the link (its token is in the address) must not leak to other sites through `Referer`:
/// every response under `/shared/` and `/api/shared/` says `noindex` and `no-referrer`.
pub async fn shared_privacy(req: Request, next: Next) -> Response {
    let shared = {
        let path = req.uri().path();
        path.starts_with(app::ui::routes::SHARED_PATH_PREFIX) || path.starts_with("/api/shared/")
    };
    let mut res = next.run(req).await;
    if shared {
        let h = res.headers_mut();
        h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        h.insert(header::HeaderName::from_static("x-robots-tag"), HeaderValue::from_static("noindex, nofollow"));
    }
    res
}

/// Headers every response carries unless a handler set its own (HTML pages set a CSP with
/// their nonce).
pub fn default_headers(https: bool) -> Vec<(header::HeaderName, HeaderValue)> {
    let mut h = vec![
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin")),
        (
            header::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(self), microphone=(self), geolocation=(), payment=()"),
        ),
        (header::HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin")),
    ];
    if https {
        h.push((header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains")));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn same_origin_posts_pass_and_cross_site_ones_do_not() {
        let public = "http://127.0.0.1:3000";
        assert!(is_same_origin(&headers(&[("origin", "http://127.0.0.1:3000")]), public));
        assert!(is_same_origin(&headers(&[("origin", "http://localhost:4000"), ("host", "localhost:4000")]), public));
        assert!(is_same_origin(&headers(&[]), public));
        assert!(!is_same_origin(&headers(&[("origin", "https://evil.example"), ("host", "127.0.0.1:3000")]), public));
        assert!(!is_same_origin(&headers(&[("sec-fetch-site", "cross-site")]), public));
        assert!(!is_same_origin(&headers(&[("sec-fetch-site", "same-site")]), public));
        assert!(!is_same_origin(&headers(&[("origin", "null")]), public));
    }

    #[test]
    fn only_bundle_files_named_by_their_hash_count_as_hashed() {
        assert!(is_hashed_asset("/pkg/sparring.Ab3dEfGhIjKlMnOpQrSt_-.wasm"));
        assert!(is_hashed_asset("/pkg/sparring.Ab3dEfGhIjKlMnOpQrSt_-.wasm.br"));
        assert!(!is_hashed_asset("/pkg/sparring.wasm"));
        assert!(!is_hashed_asset("/pkg/sparring.css"));
        assert!(!is_hashed_asset("/vs/loader.Ab3dEfGhIjKlMnOpQrSt_-.js"));
        assert!(!is_hashed_asset("/pkg/a/sparring.Ab3dEfGhIjKlMnOpQrSt_-.js"));
        assert!(!is_hashed_asset("/pkg/sparring.Ab3dEfGhIjKlMnOpQrSt!-.js"));
    }
}
