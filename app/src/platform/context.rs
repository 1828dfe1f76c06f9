//! Helpers that keep server functions thin: reach the state, the session and the caller,
//! and turn errors into the right HTTP status.

use axum::extract::ConnectInfo;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use std::net::{IpAddr, SocketAddr};
use tower_sessions::Session;

use crate::domain::error::AppError;
use crate::platform::sessions::USER_ID_KEY;
use crate::platform::state::AppState;
use crate::platform::store::StoreError;

/// Logs an internal failure with its whole cause chain, once, and returns the opaque client
/// error: `Unavailable` when the database cannot be reached (pool closed or exhausted), else
/// `Internal`. Called where the failure is turned into an `AppError`, so it runs inside the
/// request's span (with its `request_id`); nothing above it logs the `AppError` again.
pub fn internal(context: &str, err: impl Into<anyhow::Error>) -> AppError {
    let err: anyhow::Error = err.into();
    tracing::error!(error = %format_args!("{err:#}"), "{context}");
    if err.chain().any(|cause| matches!(cause.downcast_ref::<StoreError>(), Some(StoreError::Unavailable(_)))) {
        return AppError::Unavailable(STORE_UNAVAILABLE.into());
    }
    AppError::Internal
}

/// What the client is told when the database cannot be reached.
pub const STORE_UNAVAILABLE: &str = "The service is briefly unavailable. Please try again in a moment.";

/// The application state.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal("state", anyhow::anyhow!("AppState missing from context")))
}

/// The caller's session.
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| internal("session layer", e))
}

/// The signed-in user's id, if any.
pub async fn user_id() -> Result<Option<String>, AppError> {
    session().await?.get::<String>(USER_ID_KEY).await.map_err(|e| internal("reading session", e))
}

/// The signed-in user's id, or `Unauthorized`.
pub async fn require_user() -> Result<String, AppError> {
    user_id().await?.ok_or(AppError::Unauthorized)
}

/// Counts one interview write of `user` against [`super::state::WRITES_PER_MINUTE`].
pub fn limit_writes(state: &crate::platform::state::AppState, user: &str) -> Result<(), AppError> {
    state.write_limit.check(user).map_err(|retry_after_secs| AppError::RateLimited { retry_after_secs })
}

/// Signs `user_id` in on this session, under a fresh session id (defeats session fixation).
pub async fn start_session(user_id: &str) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(|e| internal("cycling session", e))?;
    session.insert(USER_ID_KEY, user_id).await.map_err(|e| internal("writing session", e))
}

/// The client's IP: the socket peer, or the first X-Forwarded-For hop when configured.
pub async fn client_ip(state: &AppState) -> Option<IpAddr> {
    let headers = match state.config.trust_proxy {
        true => leptos_axum::extract::<http::HeaderMap>().await.ok(),
        false => None,
    };
    let peer = leptos_axum::extract::<ConnectInfo<SocketAddr>>().await.ok().map(|c| c.0.ip());
    client_ip_of(state.config.trust_proxy, headers.as_ref(), peer)
}

/// The client's IP from a request's headers and socket peer: the first X-Forwarded-For hop
/// when the server is configured to trust its proxy and the header names one, else the peer.
pub fn client_ip_of(trust_proxy: bool, headers: Option<&http::HeaderMap>, peer: Option<IpAddr>) -> Option<IpAddr> {
    let forwarded = headers
        .filter(|_| trust_proxy)
        .and_then(|h| h.get("x-forwarded-for"))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|v| v.trim().parse().ok());
    forwarded.or(peer)
}

/// Gives a server function's error reply the status and headers of its error (the ones
/// `AppError`'s `IntoResponse` sends), then passes the result on. Leptos writes the body.
///
/// A form sent without JavaScript (a browser's plain post, which accepts HTML) is answered
/// with the redirect back to its page instead, the error in the address (`?__err=`), so the
/// page renders the form again with its errors rather than the browser showing JSON.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        if let Some(res) = use_context::<ResponseOptions>() {
            if !is_plain_form_post() {
                res.set_status(err.status());
            }
            for (name, value) in err.headers() {
                res.insert_header(name, value);
            }
        }
    }
    result
}

/// Whether this request is a browser's own form post (no script): a POST that accepts HTML.
/// A page being rendered (a GET) is not one: its errors keep their status (404, 422…).
fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts.method == http::Method::POST
            && parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
    })
}

#[cfg(test)]
mod tests {
    use super::client_ip_of;
    use std::net::IpAddr;

    #[test]
    fn the_forwarded_client_counts_only_behind_a_trusted_proxy() {
        let peer: Option<IpAddr> = "10.0.0.1".parse().ok();
        let mut headers = http::HeaderMap::new();
        headers.insert("x-forwarded-for", http::HeaderValue::from_static(" 203.0.113.7, 10.0.0.1"));
        assert_eq!(client_ip_of(true, Some(&headers), peer), "203.0.113.7".parse().ok());
        assert_eq!(client_ip_of(false, Some(&headers), peer), peer, "a stranger's header is not believed");
        headers.insert("x-forwarded-for", http::HeaderValue::from_static("not an address"));
        assert_eq!(client_ip_of(true, Some(&headers), peer), peer);
        assert_eq!(client_ip_of(true, None, None), None);
    }
}
