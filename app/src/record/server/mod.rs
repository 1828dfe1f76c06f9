//! The record on the server: the one way to write an event ([`append`]), the one way to read
//! them back ([`read`], [`read_kinds`]), the code at the end of the log ([`current_code`]),
//! snapshots, runs, and the session's status as time passes. Every write is fanned out to the
//! session's rooms through the platform's hub as a [`Notice`].

pub mod store;

use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};

use crate::domain::error::AppError;
use crate::domain::Language;
use crate::platform::context::internal;
use crate::platform::state::AppState;
use crate::platform::store::now_ms;
use crate::record::{CodeState, Logged, RunRecord, SessionEvent, SessionStatus, SnapshotKind, Unreadable};
pub use store::{EventRow, OwnedSession, SESSION_COLUMNS};

/// A scheduled session whose room never opened is abandoned after this long.
pub const SCHEDULED_TTL_MS: i64 = 30 * 60 * 1000;
/// Automatic snapshots are kept at most this often.
pub const AUTO_SNAPSHOT_MIN_MS: i64 = 10_000;
/// Snapshots a session keeps from the browser (automatic, Ctrl/Cmd+S, on leaving); those
/// taken with runs (bounded by the run limit) and the final one are always kept. A session of
/// an hour takes a few hundred; the cap bounds what a script can store.
pub const MAX_CLIENT_SNAPSHOTS: i64 = 2_000;

/// What the hub carries to a session's rooms: an event just written, and for a run the hash
/// of the code that ran (see [`code_hash`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub logged: Logged,
    #[serde(default)]
    pub code_hash: Option<u64>,
}

impl Notice {
    /// Decodes a hub message; `None` for anything that is not a notice.
    pub fn decode(message: &str) -> Option<Self> {
        serde_json::from_str(message).ok()
    }
}

/// A stable hash of a piece of code.
pub fn code_hash(code: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    code.hash(&mut h);
    h.finish()
}

/// The caller's session, or `NotFound` for a missing session or someone else's.
pub async fn owned(state: &AppState, user: &str, id: &str) -> Result<OwnedSession, AppError> {
    let session = state.store.owned_session(id, user).await.map_err(|e| internal("loading a session", e))?;
    session.ok_or(AppError::NotFound)
}

/// The caller's session as it stands now: ended first if its deadline has passed.
pub async fn current(state: &AppState, user: &str, id: &str) -> Result<OwnedSession, AppError> {
    let session = owned(state, user, id).await?;
    match session.deadline_at {
        Some(deadline) if session.status == SessionStatus::Active && deadline <= now_ms() => {
            end_overdue(state).await;
            owned(state, user, id).await
        }
        _ => Ok(session),
    }
}

/// The caller's session while it is open, or [`AppError::Ended`].
pub async fn open(state: &AppState, user: &str, id: &str) -> Result<OwnedSession, AppError> {
    let session = current(state, user, id).await?;
    if !session.status.is_open() {
        return Err(AppError::Ended);
    }
    Ok(session)
}

/// Appends an event to the session's record, tells its rooms, and returns its sequence number.
pub async fn append(state: &AppState, session: &OwnedSession, event: SessionEvent) -> Result<i64, AppError> {
    append_noting(state, &session.id, event, None).await
}

async fn append_noting(
    state: &AppState,
    session_id: &str,
    event: SessionEvent,
    code_hash: Option<u64>,
) -> Result<i64, AppError> {
    let seq = state
        .store
        .append_event(session_id, event.kind(), &event.payload())
        .await
        .map_err(|e| internal("appending to the session record", e))?;
    let notice = Notice { logged: Logged { seq, at: now_ms(), event }, code_hash };
    match serde_json::to_string(&notice) {
        Ok(text) => state.hub.publish(session_id, text.into()),
        Err(e) => tracing::error!(session = %session_id, error = %e, "a notice could not be encoded"),
    }
    Ok(seq)
}

/// Decodes stored rows; the ones that cannot be read are returned apart, with why.
pub fn decode(rows: Vec<EventRow>) -> (Vec<Logged>, Vec<(i64, Unreadable)>) {
    let mut events = Vec::with_capacity(rows.len());
    let mut unreadable = Vec::new();
    for row in rows {
        match SessionEvent::decode(&row.kind, &row.payload) {
            Ok(event) => events.push(Logged { seq: row.seq, at: row.at, event }),
            Err(why) => unreadable.push((row.seq, why)),
        }
    }
    (events, unreadable)
}

fn reported(session: &OwnedSession, rows: Vec<EventRow>) -> Vec<Logged> {
    let (events, unreadable) = decode(rows);
    for (seq, why) in unreadable {
        tracing::warn!(session = %session.id, seq, error = %why, "an event of the session record was skipped");
    }
    events
}

/// Every event of the session's record, in order. Events that cannot be read are skipped
/// and reported in the log.
pub async fn read(state: &AppState, session: &OwnedSession) -> Result<Vec<Logged>, AppError> {
    let rows = state.store.events_after(&session.id, 0).await.map_err(|e| internal("reading the session record", e))?;
    Ok(reported(session, rows))
}

/// The events of the given kinds (see [`SessionEvent::kind`]), in order.
pub async fn read_kinds(state: &AppState, session: &OwnedSession, kinds: &[&str]) -> Result<Vec<Logged>, AppError> {
    let rows =
        state.store.events_of_kinds(&session.id, kinds).await.map_err(|e| internal("reading the session record", e))?;
    Ok(reported(session, rows))
}

/// The starter code the record was created with (`None` for records from before it was kept).
pub async fn recorded_starter(state: &AppState, session: &OwnedSession) -> Result<Option<String>, AppError> {
    let created = read_kinds(state, session, &["created"]).await?;
    Ok(created.into_iter().find_map(|l| match l.event {
        SessionEvent::Created { starter, .. } => starter,
        _ => None,
    }))
}

/// Every snapshot of the session by its event's seq: the language and the code it stored.
pub async fn snapshots_by_seq(
    state: &AppState,
    session: &OwnedSession,
) -> Result<std::collections::HashMap<i64, (Language, String)>, AppError> {
    let rows = state.store.session_snapshots(&session.id).await.map_err(|e| internal("loading snapshots", e))?;
    Ok(rows.into_iter().map(|s| (s.seq, (s.language, s.code))).collect())
}

/// The session's current code: the latest snapshot with every edit logged after it applied.
/// With no snapshot the base is the starter the record was created with, or, for records from
/// before it was kept, what `legacy_starter` loads.
pub async fn current_code(
    state: &AppState,
    session: &OwnedSession,
    legacy_starter: impl AsyncFnOnce() -> Result<String, AppError>,
) -> Result<CodeState, AppError> {
    let snapshot = state.store.latest_snapshot(&session.id).await.map_err(|e| internal("loading code", e))?;
    let (base_seq, language, code) = match snapshot {
        Some(s) => (s.seq, s.language, s.code),
        None => {
            let starter = match recorded_starter(state, session).await? {
                Some(s) => s,
                None => legacy_starter().await?,
            };
            (0, session.language, starter)
        }
    };
    let edits = read_kinds(state, session, &["edit"]).await?;
    Ok(CodeState::rebuild(
        base_seq,
        language,
        code,
        edits.iter().filter_map(|l| match &l.event {
            SessionEvent::Edit(e) => Some((l.seq, e)),
            _ => None,
        }),
    ))
}

/// Refuses code over the one limit shared by the editor, runs, snapshots and the observer.
pub fn check_size(code: &str) -> Result<(), AppError> {
    crate::domain::check_code_size("code", code)
}

/// Saves the code of an open session. Returns the event's sequence number, or `None` when an
/// automatic snapshot came too soon after the last one (it is dropped).
pub async fn snapshot(
    state: &AppState,
    session: &OwnedSession,
    kind: SnapshotKind,
    language: Language,
    code: &str,
) -> Result<Option<i64>, AppError> {
    check_size(code)?;
    // Edits are stored as diffs against the code they found: a snapshot replacing that code
    // takes the same turn, so an edit never diffs against code replaced under it.
    let _turn = state.hub.write_turn(&session.id).await;
    let id = &session.id;
    if kind.from_client() {
        let kept = state.store.client_snapshot_count(id).await.map_err(|e| internal("snapshots", e))?;
        if kept >= MAX_CLIENT_SNAPSHOTS {
            return Err(AppError::Conflict(format!(
                "This interview already keeps {MAX_CLIENT_SNAPSHOTS} saved copies; your code is still saved with every edit."
            )));
        }
    }
    if kind == SnapshotKind::Auto {
        let last = state.store.last_snapshot_at(id, "auto").await.map_err(|e| internal("snapshots", e))?;
        if last.is_some_and(|at| now_ms() - at < AUTO_SNAPSHOT_MIN_MS) {
            return Ok(None);
        }
    }
    let seq = append(state, session, SessionEvent::Snapshot { kind, language, bytes: code.len() }).await?;
    state
        .store
        .save_snapshot(id, seq, kind.code(), language.code(), code)
        .await
        .map_err(|e| internal("saving a snapshot", e))?;
    Ok(Some(seq))
}

/// Records a run or submission: the code as a snapshot, then the result case by case (hidden
/// cases by verdict only; see [`crate::record::CaseRecord::new`]). Its rooms hear of it.
pub async fn record_run(
    state: &AppState,
    session: &OwnedSession,
    source: &str,
    run: RunRecord,
) -> Result<(), AppError> {
    let language = run.language;
    snapshot(state, session, SnapshotKind::Run, language, source).await?;
    append_noting(state, &session.id, SessionEvent::RunFinished(run), Some(code_hash(source))).await?;
    Ok(())
}

/// Ends overdue sessions: active ones past their deadline expire, scheduled ones never
/// opened are abandoned; each gets its `ended` event. Runs in the background every few
/// seconds, and whenever a request finds a session past its deadline.
pub async fn end_overdue(state: &AppState) {
    let now = now_ms();
    let ended = match state.store.end_overdue_sessions(now, now - SCHEDULED_TTL_MS).await {
        Ok(ended) => ended,
        Err(e) => {
            return tracing::warn!(error = %format_args!("{:#}", anyhow::Error::from(e)), "could not end overdue sessions")
        }
    };
    for (id, status) in ended {
        if let Err(e) = append_noting(state, &id, SessionEvent::Ended { status: Some(status) }, None).await {
            tracing::warn!(session = %id, error = %e, "the end of an overdue session was not recorded");
        }
        tracing::info!(session = %id, status = status.code(), "session ended by the server");
    }
}
