//! The replay's HTTP routes: plain `GET`s of JSON, so that they are compressed and fetched a
//! piece at a time — the manifest first, then only the chunks the player reaches, then a
//! run's results when its marker is opened.
//!
//! - `/api/replays/{session}` (the signed-in owner) and `/api/shared/{token}` (anyone with a
//!   live link): the [`Manifest`](crate::replay::types::Manifest);
//! - `…/chunks/{n}`: one [`Chunk`](crate::replay::types::Chunk);
//! - `…/runs/{n}`: one [`RunDetail`](crate::replay::types::RunDetail).

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{Extensions, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tower_sessions::Session;

use crate::domain::error::AppError;
use crate::platform::context::{client_ip_of, internal};
use crate::platform::sessions::USER_ID_KEY;
use crate::platform::state::AppState;
use crate::replay::server::{view, View, Viewer};

/// The routes, for the server to mount (it adds compression).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/replays/{session}", get(owner_manifest))
        .route("/api/replays/{session}/chunks/{n}", get(owner_chunk))
        .route("/api/replays/{session}/runs/{n}", get(owner_run))
        .route("/api/shared/{token}", get(shared_manifest))
        .route("/api/shared/{token}/chunks/{n}", get(shared_chunk))
        .route("/api/shared/{token}/runs/{n}", get(shared_run))
}

/// What a request asks for of a replay.
enum Part {
    Manifest,
    Chunk(String),
    Run(String),
}

async fn owner_manifest(State(s): State<AppState>, session: Session, Path(id): Path<String>) -> Response {
    owner(&s, &session, &id, Part::Manifest).await
}

async fn owner_chunk(State(s): State<AppState>, session: Session, Path((id, n)): Path<(String, String)>) -> Response {
    owner(&s, &session, &id, Part::Chunk(n)).await
}

async fn owner_run(State(s): State<AppState>, session: Session, Path((id, n)): Path<(String, String)>) -> Response {
    owner(&s, &session, &id, Part::Run(n)).await
}

async fn shared_manifest(
    State(s): State<AppState>,
    ext: Extensions,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    shared(&s, client(&s, &ext, &headers), &token, Part::Manifest).await
}

async fn shared_chunk(
    State(s): State<AppState>,
    ext: Extensions,
    headers: HeaderMap,
    Path((token, n)): Path<(String, String)>,
) -> Response {
    shared(&s, client(&s, &ext, &headers), &token, Part::Chunk(n)).await
}

async fn shared_run(
    State(s): State<AppState>,
    ext: Extensions,
    headers: HeaderMap,
    Path((token, n)): Path<(String, String)>,
) -> Response {
    shared(&s, client(&s, &ext, &headers), &token, Part::Run(n)).await
}

async fn owner(state: &AppState, session: &Session, id: &str, part: Part) -> Response {
    let user = match session.get::<String>(USER_ID_KEY).await {
        Ok(Some(u)) => u,
        Ok(None) => return AppError::Unauthorized.into_response(),
        Err(e) => return internal("reading session", e).into_response(),
    };
    respond(view(state, Viewer::Owner { user: &user, session: id }).await, part)
}

async fn shared(state: &AppState, client: Option<IpAddr>, token: &str, part: Part) -> Response {
    respond(view(state, Viewer::Link { token, client }).await, part)
}

fn respond(view: Result<View, AppError>, part: Part) -> Response {
    let view = match view {
        Ok(v) => v,
        Err(e) => return e.into_response(),
    };
    let index = |raw: &str| {
        raw.parse::<usize>().map_err(|_| AppError::validation("index", "The index must be a whole number."))
    };
    let result = match part {
        Part::Manifest => Ok(Json(view.manifest()).into_response()),
        Part::Chunk(n) => index(&n).and_then(|i| view.chunk(i)).map(|c| Json(c).into_response()),
        Part::Run(n) => index(&n).and_then(|i| view.run(i)).map(|r| Json(r).into_response()),
    };
    result.unwrap_or_else(IntoResponse::into_response)
}

/// The client a shared request comes from (the key of the limit on wrong tokens).
fn client(state: &AppState, ext: &Extensions, headers: &HeaderMap) -> Option<IpAddr> {
    let peer = ext.get::<ConnectInfo<SocketAddr>>().map(|p| p.0.ip());
    client_ip_of(state.config.trust_proxy, Some(headers), peer)
}
