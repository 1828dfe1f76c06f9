//! The realtime channel of an interview: one WebSocket per open session.
//!
//! Opening it takes a short-lived, single-use token (from `realtime_token`, never in the URL)
//! sent as the first message, bound to the session's owner, who must also hold the session
//! cookie. Messages are JSON from a fixed set; anything over 64 KB closes the socket with
//! 1009; malformed or unknown messages get an `error` and the socket stays open; each
//! connection is rate limited. Every accepted edit is appended to the session's event log as
//! a compact diff against the code before it, so the log replays keystroke by keystroke.

use axum::extract::ws::{close_code, CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use http::{header, HeaderMap};
use std::num::NonZeroU32;
use std::time::{Duration, Instant};
use tokio::sync::broadcast::error::RecvError;
use tower_sessions::Session;

use crate::domain::error::AppError;
use crate::interview::protocol::{ClientMessage, ServerMessage, SignalKind, MAX_MESSAGE_BYTES};
use crate::interview::server::coach::Coach;
use crate::platform::context::internal;
use crate::platform::hub::Claim;
use crate::platform::sessions::USER_ID_KEY;
use crate::platform::state::AppState;
use crate::platform::store::now_ms;
use crate::platform::tokens;
use crate::record::edit::diff;
use crate::record::server::{self as record, Notice, OwnedSession};
use crate::record::{CodeState, Edit, SessionEvent, SessionStatus, SnapshotKind};

/// How long a realtime token stays valid.
pub const TOKEN_TTL_MS: i64 = 60_000;
/// How long the client has to send its `hello`.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);
/// A silent connection is closed after this long.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// How often the server pings.
const PING_EVERY: Duration = Duration::from_secs(20);
pub use crate::interview::protocol::{REPLACED, REPLACED_REASON};

// One live room per session: a newer connection replaces the older one, which is closed with
// [`REPLACED`]. Two rooms writing one session at once would each diff its edits against its
// own copy of the code; with one writer, every acknowledged edit applies to the code it saw.
// The hub keeps the claim (`AppState::hub`).

/// Issues a token that opens the realtime channel of the caller's open session.
pub async fn issue_token(state: &AppState, user: &str, session_id: &str) -> Result<String, AppError> {
    let session = record::open(state, user, session_id).await?;
    let token = tokens::generate();
    state
        .store
        .create_realtime_token(&tokens::digest(&token), &session.id, user, now_ms() + TOKEN_TTL_MS)
        .await
        .map_err(|e| internal("issuing a realtime token", e))?;
    Ok(token)
}

/// `GET /api/sessions/realtime`: upgrades to the session's WebSocket.
pub async fn ws_handler(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let user = match session.get::<String>(USER_ID_KEY).await {
        Ok(Some(u)) => u,
        Ok(None) => return AppError::Unauthorized.into_response(),
        Err(e) => return internal("reading session", e).into_response(),
    };
    // Browsers send Origin on WebSocket handshakes: refuse other sites' pages outright.
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
        let origin_host = origin.split_once("://").map(|(_, h)| h.trim_end_matches('/')).unwrap_or_default();
        if origin.trim_end_matches('/') != state.config.public_url && !origin_host.eq_ignore_ascii_case(host) {
            tracing::warn!(%origin, "cross-site WebSocket refused");
            return AppError::Forbidden.into_response();
        }
    }
    // Frames up to 1 MB are read so that an oversize message can be answered with 1009.
    // The connection runs after the handler returns; it keeps the request's span (and id).
    let span = tracing::Span::current();
    ws.max_message_size(1 << 20)
        .max_frame_size(1 << 20)
        .on_upgrade(move |socket| tracing::Instrument::instrument(connection(state, user, socket), span))
}

async fn send(socket: &mut WebSocket, msg: &ServerMessage) -> bool {
    let text = match serde_json::to_string(msg) {
        Ok(text) => text,
        Err(e) => {
            // Never an empty frame: the message is dropped and the room carries on.
            tracing::error!(error = %e, "a realtime message could not be encoded");
            return true;
        }
    };
    socket.send(Message::Text(Utf8Bytes::from(text))).await.is_ok()
}

async fn send_all(socket: &mut WebSocket, messages: Vec<ServerMessage>) -> bool {
    for m in &messages {
        if !send(socket, m).await {
            return false;
        }
    }
    true
}

async fn close(mut socket: WebSocket, code: u16, reason: &'static str) {
    let _ = socket.send(Message::Close(Some(CloseFrame { code, reason: Utf8Bytes::from_static(reason) }))).await;
}

fn too_big(msg: &Message) -> bool {
    match msg {
        Message::Text(t) => t.len() > MAX_MESSAGE_BYTES,
        Message::Binary(b) => b.len() > MAX_MESSAGE_BYTES,
        _ => false,
    }
}

async fn authenticate(state: &AppState, user: &str, socket: &mut WebSocket) -> Result<OwnedSession, &'static str> {
    let first = match tokio::time::timeout(HELLO_TIMEOUT, socket.recv()).await {
        Ok(Some(Ok(m))) => m,
        _ => return Err("no hello"),
    };
    let Message::Text(text) = first else { return Err("expected hello") };
    if text.len() > MAX_MESSAGE_BYTES {
        return Err("expected hello");
    }
    let Ok(ClientMessage::Hello { token }) = serde_json::from_str::<ClientMessage>(&text) else {
        return Err("expected hello");
    };
    let owner = state.store.consume_realtime_token(&tokens::digest(&token), user).await.map_err(|e| {
        // Logged here, once; the socket is told only that the check failed.
        internal("checking a realtime token", e);
        "token check failed"
    })?;
    let Some(session_id) = owner else { return Err("invalid or used token") };
    record::open(state, user, &session_id).await.map_err(|_| "session not open")
}

async fn connection(state: AppState, user: String, mut socket: WebSocket) {
    let session = match authenticate(&state, &user, &mut socket).await {
        Ok(s) => s,
        Err(reason) => return close(socket, close_code::POLICY, reason).await,
    };
    // Claimed and loaded in the session's write turn: the room this one replaces has stored
    // every edit it acknowledged, and stores no more.
    let (mut claim, mut code, mut feed) = {
        let _turn = state.hub.write_turn(&session.id).await;
        let claim = state.hub.claim(&session.id);
        let feed = state.hub.subscribe(&session.id);
        match crate::problems::server::practice::session_code(&state, &session).await {
            Ok(c) => (claim, c, feed),
            Err(_) => return close(socket, close_code::ERROR, "could not load the session").await,
        }
    };
    let ready = ServerMessage::Ready {
        session_id: session.id.clone(),
        last_edit_seq: code.last_edit_seq,
        server_now: now_ms(),
        deadline_at: session.deadline_at,
        status: session.status,
    };
    if !send(&mut socket, &ready).await {
        return;
    }
    // The interviewer and observer; a room without them still works as an editor.
    let (ai_tx, mut ai_rx) = tokio::sync::mpsc::unbounded_channel::<ServerMessage>();
    let mut coach = match Coach::start(&state, &session, &code, ai_tx).await {
        Ok((coach, greeting)) => {
            if !send_all(&mut socket, greeting).await {
                return;
            }
            Some(coach)
        }
        Err(e) => {
            tracing::warn!(session = %session.id, error = %e, "the interviewer could not start");
            None
        }
    };
    let limiter: DefaultDirectRateLimiter = RateLimiter::direct(
        Quota::per_second(NonZeroU32::MIN.saturating_add(19)).allow_burst(NonZeroU32::MIN.saturating_add(59)),
    );
    let mut refused = 0u32;
    let mut last_heard = Instant::now();
    let mut ping = tokio::time::interval(PING_EVERY);
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                let Some(Ok(msg)) = incoming else { return };
                last_heard = Instant::now();
                if too_big(&msg) {
                    return close(socket, close_code::SIZE, "message too big").await;
                }
                let text = match msg {
                    Message::Text(t) => t,
                    Message::Close(_) => return,
                    Message::Ping(_) | Message::Pong(_) => continue,
                    Message::Binary(_) => {
                        if !send(&mut socket, &ServerMessage::Error { message: "Binary messages are not accepted.".into() }).await { return }
                        continue;
                    }
                };
                if limiter.check().is_err() {
                    refused += 1;
                    if refused > 100 {
                        return close(socket, close_code::POLICY, "too many messages").await;
                    }
                    if !send(&mut socket, &ServerMessage::Error { message: "Too many messages; slow down.".into() }).await { return }
                    continue;
                }
                let message = serde_json::from_str::<ClientMessage>(&text);
                if let (Ok(ClientMessage::Chat { text }), Some(coach)) = (&message, coach.as_mut()) {
                    let said = coach.on_chat(&state, text).await;
                    if !send_all(&mut socket, said).await { return }
                    continue;
                }
                let before = code.last_edit_seq;
                let reply = match message {
                    Ok(m) => handle(&state, &session, &claim, &mut code, m).await,
                    Err(e) => Some(ServerMessage::Error { message: format!("Unknown or malformed message: {e}") }),
                };
                let Some(reply) = reply else {
                    return close(socket, REPLACED, REPLACED_REASON).await;
                };
                let done = matches!(reply, ServerMessage::Ended { .. });
                if !send(&mut socket, &reply).await || done {
                    return close(socket, close_code::NORMAL, "session ended").await;
                }
                if code.last_edit_seq > before {
                    if let Some(coach) = coach.as_mut() {
                        let seen = coach.on_edit(&code);
                        if !send_all(&mut socket, seen).await { return }
                    }
                }
            }
            _ = claim.replaced() => {
                return close(socket, REPLACED, REPLACED_REASON).await;
            }
            heard = feed.recv() => {
                let notice = match heard {
                    Ok(message) => Notice::decode(&message),
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return,
                };
                let Some(Notice { logged, code_hash }) = notice else { continue };
                match logged.event {
                    SessionEvent::Ended { status } => {
                        send(&mut socket, &ServerMessage::Ended { status: status.unwrap_or(SessionStatus::Completed) }).await;
                        return close(socket, close_code::NORMAL, "session ended").await;
                    }
                    SessionEvent::RunFinished(run) => {
                        let summary = crate::problems::types::RunSummary::from_record(&run);
                        if !send(&mut socket, &ServerMessage::Run { summary }).await { return }
                        if let Some(coach) = coach.as_mut() {
                            let said = coach.on_run(&state, &run, code_hash, &code).await;
                            if !send_all(&mut socket, said).await { return }
                        }
                    }
                    _ => {}
                }
            }
            Some(written) = ai_rx.recv() => {
                if let Some(coach) = coach.as_mut() {
                    coach.heard(&state, &written).await;
                }
                if !send(&mut socket, &written).await { return }
            }
            _ = tick.tick() => {
                if let Some(coach) = coach.as_mut() {
                    let said = coach.on_tick(&state, &code).await;
                    if !send_all(&mut socket, said).await { return }
                }
                if session.deadline_at.is_some_and(|d| d <= now_ms()) {
                    record::end_overdue(&state).await;
                    send(&mut socket, &ServerMessage::Ended { status: SessionStatus::Expired }).await;
                    return close(socket, close_code::NORMAL, "time is up").await;
                }
                if last_heard.elapsed() > IDLE_TIMEOUT {
                    return close(socket, close_code::AWAY, "idle").await;
                }
            }
            _ = ping.tick() => {
                if socket.send(Message::Ping(Default::default())).await.is_err() { return }
            }
        }
    }
}

/// Answers one message; `None` when this room was replaced before it could store an edit.
async fn handle(
    state: &AppState,
    session: &OwnedSession,
    claim: &Claim,
    code: &mut CodeState,
    msg: ClientMessage,
) -> Option<ServerMessage> {
    let error = |e: AppError| ServerMessage::Error { message: e.to_string() };
    Some(match msg {
        ClientMessage::Hello { .. } => ServerMessage::Error { message: "Already authenticated.".into() },
        // Chat reaches here only when the room has no interviewer (it could not start).
        ClientMessage::Chat { .. } => {
            ServerMessage::Error { message: "The interviewer is not available in this session.".into() }
        }
        ClientMessage::Ping => ServerMessage::Pong,
        ClientMessage::Sync => match record::owned(state, &session.user_id, &session.id).await {
            Ok(s) if s.status.is_open() => {
                ServerMessage::Time { server_now: now_ms(), deadline_at: s.deadline_at, status: s.status }
            }
            Ok(s) => ServerMessage::Ended { status: s.status },
            Err(e) => error(e),
        },
        ClientMessage::Edit { seq, language, code: text } => {
            if let Err(e) = record::check_size(&text) {
                return Some(error(e));
            }
            if seq <= code.last_edit_seq {
                return Some(ServerMessage::Ack { seq });
            }
            let _turn = state.hub.write_turn(&session.id).await;
            if claim.is_replaced() {
                return None;
            }
            // A snapshot stored elsewhere (a run, a save) is the new base.
            match state.store.latest_snapshot(&session.id).await {
                Ok(Some(snap)) if snap.seq > code.base_seq => {
                    code.base_seq = snap.seq;
                    code.language = snap.language;
                    code.code = snap.code;
                }
                Ok(_) => {}
                Err(e) => return Some(error(internal("loading code", e))),
            }
            if language != code.language {
                let switched = SessionEvent::LanguageSwitched { from: code.language, to: language };
                if let Err(e) = record::append(state, session, switched).await {
                    return Some(error(e));
                }
            }
            let (at, del, ins) = diff(&code.code, &text);
            match record::append(state, session, SessionEvent::Edit(Edit { seq, language, at, del, ins })).await {
                Ok(_) => {
                    code.code = text;
                    code.language = language;
                    code.last_edit_seq = seq;
                    ServerMessage::Ack { seq }
                }
                Err(e) => error(e),
            }
        }
        ClientMessage::Snapshot { manual, language, code: text } => {
            let kind = if manual { SnapshotKind::Manual } else { SnapshotKind::Auto };
            match record::snapshot(state, session, kind, language, &text).await {
                Ok(Some(seq)) => {
                    code.base_seq = seq;
                    code.code = text;
                    code.language = language;
                    ServerMessage::Saved { event_seq: Some(seq) }
                }
                Ok(None) => ServerMessage::Saved { event_seq: None },
                Err(e) => error(e),
            }
        }
        ClientMessage::Signal { kind, chars } => {
            let event = match kind {
                SignalKind::Focus => SessionEvent::Focus { focused: true },
                SignalKind::Blur => SessionEvent::Focus { focused: false },
                SignalKind::Paste => SessionEvent::Paste { chars },
            };
            match record::append(state, session, event).await {
                Ok(_) => ServerMessage::Pong,
                Err(e) => error(e),
            }
        }
    })
}
