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
use http::{header, HeaderMap, StatusCode};
use serde_json::json;
use std::num::NonZeroU32;
use std::time::{Duration, Instant};
use tower_sessions::Session;

use crate::domain::error::AppError;
use crate::domain::Language;
use crate::interview::realtime::{ClientMessage, ServerMessage, MAX_MESSAGE_BYTES};
use crate::interview::server::lifecycle::{
    self, owned_open_session, status_of, CodeState, SnapshotKind, MAX_CODE_BYTES,
};
use crate::interview::types::SessionStatus;
use crate::interviewer::server::coach::Coach;
use crate::platform::context::internal;
use crate::platform::sessions::USER_ID_KEY;
use crate::platform::state::AppState;
use crate::platform::store::{now_ms, SessionRecord};
use crate::platform::tokens;

/// How long a realtime token stays valid.
pub const TOKEN_TTL_MS: i64 = 60_000;
/// How long the client has to send its `hello`.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);
/// A silent connection is closed after this long.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// How often the server pings.
const PING_EVERY: Duration = Duration::from_secs(20);
pub use crate::interview::realtime::{REPLACED, REPLACED_REASON};

/// One live room per session: a newer connection replaces the older one, which is closed with
/// [`REPLACED`]. Two rooms writing one session at once would each diff its edits against its
/// own copy of the code; with one writer, every acknowledged edit applies to the code it saw.
mod live {
    use std::collections::HashMap;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{LazyLock, Mutex};
    use tokio::sync::watch;

    static ROOMS: LazyLock<Mutex<HashMap<String, watch::Sender<u64>>>> = LazyLock::new(Default::default);
    static NEXT: AtomicU64 = AtomicU64::new(1);

    /// This connection's hold on its session; released when dropped.
    pub struct Claim {
        session: String,
        pub id: u64,
        pub replaced: watch::Receiver<u64>,
    }

    impl Claim {
        /// Whether a newer room has taken the session.
        pub fn is_replaced(&self) -> bool {
            *self.replaced.borrow() != self.id
        }
    }

    /// Takes the session for this connection, telling the current holder it is replaced.
    pub fn claim(session: &str) -> Claim {
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        let mut rooms = ROOMS.lock().unwrap_or_else(|p| p.into_inner());
        let replaced = match rooms.get(session) {
            Some(tx) => {
                tx.send_replace(id);
                tx.subscribe()
            }
            None => {
                let (tx, rx) = watch::channel(id);
                rooms.insert(session.to_string(), tx);
                rx
            }
        };
        Claim { session: session.to_string(), id, replaced }
    }

    impl Drop for Claim {
        fn drop(&mut self) {
            let mut rooms = ROOMS.lock().unwrap_or_else(|p| p.into_inner());
            if rooms.get(&self.session).is_some_and(|tx| *tx.borrow() == self.id) {
                rooms.remove(&self.session);
            }
        }
    }
}

/// Issues a token that opens the realtime channel of the caller's open session.
pub async fn issue_token(state: &AppState, user: &str, session_id: &str) -> Result<String, AppError> {
    let session = owned_open_session(state, user, session_id).await?;
    let token = tokens::generate();
    state
        .store
        .create_realtime_token(&tokens::digest(&token), &session.id, user, now_ms() + TOKEN_TTL_MS)
        .await
        .map_err(|e| internal("issuing a realtime token", e))?;
    Ok(token)
}

/// The change from `old` to `new` as (char offset, chars deleted, text inserted).
pub fn diff(old: &str, new: &str) -> (usize, usize, String) {
    let (a, b): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a.iter().rev().zip(b.iter().rev()).take(max_suffix).take_while(|(x, y)| x == y).count();
    (prefix, a.len() - prefix - suffix, b[prefix..b.len() - suffix].iter().collect())
}

/// Applies a change made by [`diff`]. `None` when it does not fit the text.
pub fn apply(old: &str, at: usize, del: usize, ins: &str) -> Option<String> {
    let chars: Vec<char> = old.chars().collect();
    if at.checked_add(del)? > chars.len() {
        return None;
    }
    let mut out: String = chars[..at].iter().collect();
    out.push_str(ins);
    out.extend(&chars[at + del..]);
    Some(out)
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
        _ => return (StatusCode::UNAUTHORIZED, "sign in first").into_response(),
    };
    // Browsers send Origin on WebSocket handshakes: refuse other sites' pages outright.
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
        let origin_host = origin.split_once("://").map(|(_, h)| h.trim_end_matches('/')).unwrap_or_default();
        if origin.trim_end_matches('/') != state.config.public_url && !origin_host.eq_ignore_ascii_case(host) {
            return (StatusCode::FORBIDDEN, "cross-site WebSocket refused").into_response();
        }
    }
    // Frames up to 1 MB are read so that an oversize message can be answered with 1009.
    ws.max_message_size(1 << 20).max_frame_size(1 << 20).on_upgrade(move |socket| connection(state, user, socket))
}

async fn send(socket: &mut WebSocket, msg: &ServerMessage) -> bool {
    let text = serde_json::to_string(msg).unwrap_or_default();
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

async fn authenticate(state: &AppState, user: &str, socket: &mut WebSocket) -> Result<SessionRecord, &'static str> {
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
    let owner =
        state.store.consume_realtime_token(&tokens::digest(&token), user).await.map_err(|_| "token check failed")?;
    let Some(session_id) = owner else { return Err("invalid or used token") };
    owned_open_session(state, user, &session_id).await.map_err(|_| "session not open")
}

async fn connection(state: AppState, user: String, mut socket: WebSocket) {
    let session = match authenticate(&state, &user, &mut socket).await {
        Ok(s) => s,
        Err(reason) => return close(socket, close_code::POLICY, reason).await,
    };
    // Claimed and loaded under the session's write lock: the room this one replaces has
    // stored every edit it acknowledged, and stores no more.
    let (mut claim, mut code) = {
        let lock = lifecycle::write_lock(&session.id);
        let _held = lock.lock().await;
        let claim = live::claim(&session.id);
        match lifecycle::current_code(&state, &session).await {
            Ok(c) => (claim, c),
            Err(_) => return close(socket, close_code::ERROR, "could not load the session").await,
        }
    };
    let mut ended = state.session_ended.subscribe();
    let mut runs = state.ai.runs.subscribe();
    let ready = ServerMessage::Ready {
        session_id: session.id.clone(),
        last_edit_seq: code.last_edit_seq,
        server_now: now_ms(),
        deadline_at: session.deadline_at,
        status: status_of(&session),
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
                        let seen = coach.on_edit(&state, code.language, &code.code);
                        if !send_all(&mut socket, seen).await { return }
                    }
                }
            }
            changed = claim.replaced.changed() => {
                if changed.is_err() || claim.is_replaced() {
                    return close(socket, REPLACED, REPLACED_REASON).await;
                }
            }
            Ok(id) = ended.recv() => {
                if id == session.id {
                    let status = state.store.session(&session.id, &session.user_id).await.ok().flatten().map(|s| status_of(&s)).unwrap_or(SessionStatus::Completed);
                    send(&mut socket, &ServerMessage::Ended { status }).await;
                    return close(socket, close_code::NORMAL, "session ended").await;
                }
            }
            Some(written) = ai_rx.recv() => {
                if let Some(coach) = coach.as_mut() {
                    coach.heard(&written);
                }
                if !send(&mut socket, &written).await { return }
            }
            Ok(notice) = runs.recv() => {
                if notice.session_id != session.id {
                    continue;
                }
                if !send(&mut socket, &ServerMessage::Run { summary: notice.summary.clone() }).await { return }
                if let Some(coach) = coach.as_mut() {
                    let said = coach.on_run(&state, notice).await;
                    if !send_all(&mut socket, said).await { return }
                }
            }
            _ = tick.tick() => {
                if let Some(coach) = coach.as_mut() {
                    let said = coach.on_tick(&state).await;
                    if !send_all(&mut socket, said).await { return }
                }
                if session.deadline_at.is_some_and(|d| d <= now_ms()) {
                    lifecycle::end_overdue(&state).await;
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
    session: &SessionRecord,
    claim: &live::Claim,
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
        ClientMessage::Sync => match state.store.session(&session.id, &session.user_id).await {
            Ok(Some(s)) if status_of(&s).is_open() => {
                ServerMessage::Time { server_now: now_ms(), deadline_at: s.deadline_at, status: status_of(&s) }
            }
            Ok(Some(s)) => ServerMessage::Ended { status: status_of(&s) },
            _ => ServerMessage::Error { message: "Session not found.".into() },
        },
        ClientMessage::Edit { seq, language, code: text } => {
            if text.len() > MAX_CODE_BYTES {
                return Some(ServerMessage::Error {
                    message: format!("Code can be at most {} KB.", MAX_CODE_BYTES / 1024),
                });
            }
            if seq <= code.last_edit_seq {
                return Some(ServerMessage::Ack { seq });
            }
            let lock = lifecycle::write_lock(&session.id);
            let _held = lock.lock().await;
            if claim.is_replaced() {
                return None;
            }
            // A snapshot stored elsewhere (a run, a save) is the new base.
            match state.store.latest_snapshot_at_seq(&session.id).await {
                Ok(Some((snap_seq, lang, snap_code))) if snap_seq > code.base_seq => {
                    code.base_seq = snap_seq;
                    code.language = Language::parse(&lang).unwrap_or(code.language);
                    code.code = snap_code;
                }
                Ok(_) => {}
                Err(e) => return Some(error(internal("loading code", e))),
            }
            let (at, del, ins) = diff(&code.code, &text);
            let payload = json!({ "seq": seq, "language": language.code(), "at": at, "del": del, "ins": ins });
            match lifecycle::log(state, &session.id, "edit", payload).await {
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
            match lifecycle::snapshot(state, &session.id, kind, language, &text).await {
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
            let kind = serde_json::to_value(kind).unwrap_or_default();
            match lifecycle::log(state, &session.id, "signal", json!({ "kind": kind, "chars": chars })).await {
                Ok(_) => ServerMessage::Pong,
                Err(e) => error(e),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use crate::interview::server::channel::{apply, diff};

    #[test]
    fn diffs_apply_back_exactly() {
        let pairs = [
            ("", "def f():\n    pass\n"),
            ("def f():\n    pass\n", "def f():\n    return 1\n"),
            ("abc", "abc"),
            ("aaaa", "aa"),
            ("x = 'é'", "x = 'éé' # ünïcode"),
            ("hello world", ""),
        ];
        for (old, new) in pairs {
            let (at, del, ins) = diff(old, new);
            assert_eq!(apply(old, at, del, &ins).as_deref(), Some(new), "{old:?} -> {new:?}");
        }
        assert_eq!(diff("let a = 1;", "let ab = 1;"), (5, 0, "b".into()));
        assert!(apply("abc", 2, 5, "").is_none());
    }
}
