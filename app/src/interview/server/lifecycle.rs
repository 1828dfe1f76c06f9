//! The interview lifecycle: propose a problem, start (spending a credit), open the room (the
//! clock starts), record runs, snapshots and events, end, and end overdue sessions on the
//! server whether or not a browser is open. Only the owner reaches a session; anyone else
//! gets `NotFound`, as if it did not exist.

use serde_json::json;

use crate::domain::error::AppError;
use crate::domain::{Difficulty, Language};
use crate::interview::types::*;
use crate::platform::context::internal;
use crate::platform::state::AppState;
use crate::platform::store::{now_ms, NewSession, SessionRecord, StartError};
use crate::problems::server::practice;
use crate::problems::types::{CaseResult, RunRequest, RunSummary};

/// A scheduled session whose room never opened is abandoned after this long.
pub const SCHEDULED_TTL_MS: i64 = 30 * 60 * 1000;

/// Automatic snapshots are kept at most this often.
pub const AUTO_SNAPSHOT_MIN_MS: i64 = 10_000;
/// Snapshots a session keeps from the browser (automatic, Ctrl/Cmd+S, on leaving); those
/// taken with runs (bounded by the run limit) and the final one are always kept. A session of
/// an hour takes a few hundred; the cap bounds what a script can store.
pub const MAX_CLIENT_SNAPSHOTS: i64 = 2_000;

pub use crate::interview::realtime::MAX_CODE_BYTES;

/// A stored session's status (an unknown one reads as errored).
pub fn status_of(s: &SessionRecord) -> SessionStatus {
    SessionStatus::parse(&s.status).unwrap_or(SessionStatus::Errored)
}

/// The caller's session, or `NotFound` for a missing session or someone else's.
pub async fn owned_session(state: &AppState, user: &str, id: &str) -> Result<SessionRecord, AppError> {
    let session = state.store.session(id, user).await.map_err(|e| internal("loading a session", e))?;
    session.ok_or(AppError::NotFound)
}

/// The caller's session while it is open (ending it first if its deadline has passed).
pub async fn owned_open_session(state: &AppState, user: &str, id: &str) -> Result<SessionRecord, AppError> {
    let session = owned_session(state, user, id).await?;
    let session = expire_if_due(state, session).await?;
    if !status_of(&session).is_open() {
        return Err(AppError::Conflict("This interview has ended.".into()));
    }
    Ok(session)
}

async fn expire_if_due(state: &AppState, s: SessionRecord) -> Result<SessionRecord, AppError> {
    match s.deadline_at {
        Some(deadline) if s.status == "active" && deadline <= now_ms() => {
            end_overdue(state).await;
            owned_session(state, &s.user_id, &s.id).await
        }
        _ => Ok(s),
    }
}

/// Appends an event to the session's log.
pub async fn log(state: &AppState, session_id: &str, kind: &str, payload: serde_json::Value) -> Result<i64, AppError> {
    state.store.append_event(session_id, kind, &payload.to_string()).await.map_err(|e| internal("event log", e))
}

/// Offers a random problem for the filters, preferring ones the user has not done recently.
pub async fn propose(
    state: &AppState,
    user: &str,
    difficulty: Option<&str>,
    category: Option<&str>,
) -> Result<Proposal, AppError> {
    let slug = practice::random(state, Some(user), difficulty, category).await?;
    let detail = practice::detail(state, &slug).await?;
    Ok(Proposal {
        slug: detail.slug,
        title: detail.title,
        difficulty: detail.difficulty,
        categories: detail.categories,
        languages: detail.starters.iter().map(|s| s.language).collect(),
    })
}

/// Starts an interview on `slug`: one credit is spent and the session is created together.
pub async fn start(
    state: &AppState,
    user: &str,
    slug: &str,
    language: Language,
    duration_minutes: u32,
) -> Result<String, AppError> {
    if !DURATIONS.contains(&duration_minutes) {
        return Err(AppError::validation("duration", "Choose 15, 30, 45 or 60 minutes."));
    }
    let (reference, problem) = practice::load(state, slug, None).await?;
    if !problem.languages.contains_key(language.code()) {
        return Err(AppError::validation("language", format!("{} is not offered for this problem.", language.label())));
    }
    let created = state
        .store
        .create_session(NewSession {
            user_id: user,
            problem_id: &reference.id,
            problem_version: reference.version,
            language: language.code(),
            duration_minutes: i64::from(duration_minutes),
        })
        .await;
    let id = match created {
        Ok(id) => id,
        Err(StartError::AlreadyOpen(_)) => {
            return Err(AppError::Conflict(
                "You already have an interview in progress. Finish or end it before starting another.".into(),
            ))
        }
        Err(StartError::NoCredits) => return Err(AppError::NoCredits),
        Err(StartError::Store(e)) => return Err(internal("starting an interview", e)),
    };
    log(
        state,
        &id,
        "created",
        json!({ "problem": slug, "version": reference.version, "language": language.code(), "duration_minutes": duration_minutes }),
    )
    .await?;
    Ok(id)
}

/// Opens the room: starts the clock of a scheduled session, and returns what the room shows.
pub async fn open(state: &AppState, user: &str, id: &str) -> Result<SessionView, AppError> {
    let mut session = owned_session(state, user, id).await?;
    if session.status == "scheduled" {
        let now = now_ms();
        let deadline = now + session.duration_minutes * 60_000;
        if state.store.activate_session(id, user, now, deadline).await.map_err(|e| internal("starting the clock", e))? {
            log(state, id, "timer_started", json!({ "deadline_at": deadline })).await?;
        }
        session = owned_session(state, user, id).await?;
    }
    let session = expire_if_due(state, session).await?;
    view(state, session).await
}

/// The session's clock (ending it first if its deadline has passed).
pub async fn clock(state: &AppState, user: &str, id: &str) -> Result<SessionClock, AppError> {
    let s = expire_if_due(state, owned_session(state, user, id).await?).await?;
    Ok(SessionClock { server_now: now_ms(), deadline_at: s.deadline_at, status: status_of(&s) })
}

/// The code as the session's log has it: the latest snapshot plus the edits after it.
pub struct CodeState {
    /// Event sequence number of the snapshot the code is based on (0: the starter).
    pub base_seq: i64,
    pub language: Language,
    pub code: String,
    /// The client's last stored edit.
    pub last_edit_seq: u64,
}

#[derive(serde::Deserialize)]
struct EditPayload {
    seq: u64,
    language: Language,
    at: usize,
    del: usize,
    ins: String,
}

/// The session's current code: the latest snapshot with every edit logged after it applied.
pub async fn current_code(state: &AppState, s: &SessionRecord) -> Result<CodeState, AppError> {
    let language = Language::parse(&s.language).unwrap_or(Language::Python);
    let snapshot = state.store.latest_snapshot_at_seq(&s.id).await.map_err(|e| internal("loading code", e))?;
    let mut code = match snapshot {
        Some((seq, lang, code)) => {
            CodeState { base_seq: seq, language: Language::parse(&lang).unwrap_or(language), code, last_edit_seq: 0 }
        }
        None => {
            let problem = practice::detail_at(state, &s.problem_slug, Some(s.problem_version)).await?;
            let starter = problem.starters.into_iter().find(|st| st.language == language).map(|st| st.code);
            CodeState { base_seq: 0, language, code: starter.unwrap_or_default(), last_edit_seq: 0 }
        }
    };
    let edits = state.store.events_of_kind_after(&s.id, "edit", 0).await.map_err(|e| internal("loading edits", e))?;
    for e in edits {
        let Ok(p) = serde_json::from_str::<EditPayload>(&e.payload) else { continue };
        code.last_edit_seq = code.last_edit_seq.max(p.seq);
        if e.seq > code.base_seq {
            if let Some(next) = crate::interview::server::channel::apply(&code.code, p.at, p.del, &p.ins) {
                code.code = next;
                code.language = p.language;
            }
        }
    }
    Ok(code)
}

async fn view(state: &AppState, s: SessionRecord) -> Result<SessionView, AppError> {
    let problem = practice::detail_at(state, &s.problem_slug, Some(s.problem_version)).await?;
    let CodeState { language, code, .. } = current_code(state, &s).await?;
    let last_seq = state.store.last_event_seq(&s.id).await.map_err(|e| internal("event log", e))?;
    let said = state.store.events_of_kind_after(&s.id, "chat", 0).await.map_err(|e| internal("event log", e))?;
    let chat = crate::interviewer::server::chat_of(&said);
    Ok(SessionView {
        status: status_of(&s),
        id: s.id,
        language,
        duration_minutes: s.duration_minutes.max(0) as u32,
        server_now: now_ms(),
        started_at: s.started_at,
        deadline_at: s.deadline_at,
        ended_at: s.ended_at,
        code,
        last_seq,
        chat,
        problem,
    })
}

/// A session's write lock: snapshots, and edits (which are stored as diffs against the code
/// they found), take it so that an edit never diffs against code a snapshot has just replaced
/// (a snapshot sent on unload racing the same text sent as an edit).
pub fn write_lock(session_id: &str) -> std::sync::Arc<tokio::sync::Mutex<()>> {
    use std::collections::HashMap;
    use std::sync::{Arc, LazyLock, Mutex, Weak};
    static LOCKS: LazyLock<Mutex<HashMap<String, Weak<tokio::sync::Mutex<()>>>>> = LazyLock::new(Default::default);
    let Ok(mut locks) = LOCKS.lock() else { return Arc::new(tokio::sync::Mutex::new(())) };
    if let Some(lock) = locks.get(session_id).and_then(Weak::upgrade) {
        return lock;
    }
    if locks.len() > 1_024 {
        locks.retain(|_, l| l.strong_count() > 0);
    }
    let lock = Arc::new(tokio::sync::Mutex::new(()));
    locks.insert(session_id.to_string(), Arc::downgrade(&lock));
    lock
}

/// Which kind of snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotKind {
    /// Taken by the client on its own; at most one per 10 s is kept.
    Auto,
    /// Asked for by the candidate (Ctrl/Cmd+S).
    Manual,
    /// Taken with every run and submission.
    Run,
    /// Sent as the candidate leaves the room (closing the tab, reloading, following a link).
    Leave,
    /// The code at the end.
    Final,
}

impl SnapshotKind {
    fn code(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Manual => "manual",
            Self::Run => "run",
            Self::Leave => "leave",
            Self::Final => "final",
        }
    }
}

/// Saves the code of an open session. Returns the event's sequence number, or `None` when an
/// automatic snapshot came too soon after the last one (it is dropped).
pub async fn snapshot(
    state: &AppState,
    session_id: &str,
    kind: SnapshotKind,
    language: Language,
    code: &str,
) -> Result<Option<i64>, AppError> {
    if code.len() > MAX_CODE_BYTES {
        return Err(AppError::validation("code", format!("Code can be at most {} KB.", MAX_CODE_BYTES / 1024)));
    }
    let lock = write_lock(session_id);
    let _held = lock.lock().await;
    if matches!(kind, SnapshotKind::Auto | SnapshotKind::Manual | SnapshotKind::Leave) {
        let kept = state.store.client_snapshot_count(session_id).await.map_err(|e| internal("snapshots", e))?;
        if kept >= MAX_CLIENT_SNAPSHOTS {
            return Err(AppError::Conflict(format!(
                "This interview already keeps {MAX_CLIENT_SNAPSHOTS} saved copies; your code is still saved with every edit."
            )));
        }
    }
    if kind == SnapshotKind::Auto {
        let last = state.store.last_snapshot_at(session_id, "auto").await.map_err(|e| internal("snapshots", e))?;
        if last.is_some_and(|at| now_ms() - at < AUTO_SNAPSHOT_MIN_MS) {
            return Ok(None);
        }
    }
    let seq = log(
        state,
        session_id,
        "snapshot",
        json!({ "kind": kind.code(), "language": language.code(), "bytes": code.len() }),
    )
    .await?;
    state
        .store
        .save_snapshot(session_id, seq, kind.code(), language.code(), code)
        .await
        .map_err(|e| internal("saving a snapshot", e))?;
    Ok(Some(seq))
}

/// How much of a case's output or error the session's record keeps.
const RECORDED_TEXT_BYTES: usize = 2_048;

/// The start of `text`, at most `RECORDED_TEXT_BYTES` long, cut at a character boundary.
fn clip(text: &str) -> &str {
    let mut end = text.len().min(RECORDED_TEXT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A case's outcome as the session's record keeps it: the verdict and time of every case, and
/// for visible cases what the code printed and returned (hidden cases' data stays private).
fn recorded_case(case: &CaseResult) -> serde_json::Value {
    let mut entry = json!({
        "index": case.index,
        "hidden": case.hidden,
        "verdict": case.verdict.code(),
        "time_ms": case.time_ms,
    });
    if !case.hidden {
        entry["actual"] = json!(case.actual.as_deref().map(clip));
        entry["stdout"] = json!(clip(&case.stdout));
        entry["stderr"] = json!(clip(&case.stderr));
        entry["error"] = json!(case.error.as_deref().map(clip));
    }
    entry
}

/// Records a run or submission in the session: the code as a snapshot and the result, case by
/// case, as an event.
pub async fn record_execution(
    state: &AppState,
    session_id: &str,
    request: &RunRequest,
    summary: &RunSummary,
    cases: &[CaseResult],
) -> Result<(), AppError> {
    snapshot(state, session_id, SnapshotKind::Run, request.language, &request.source).await?;
    log(
        state,
        session_id,
        request.mode.code(),
        json!({
            "run_id": summary.run_id,
            "language": request.language.code(),
            "verdict": summary.verdict.code(),
            "passed": summary.passed,
            "total": summary.total,
            "wall_ms": summary.wall_ms,
            "compile_error": summary.compile_error.as_deref().map(clip),
            "cases": cases.iter().map(recorded_case).collect::<Vec<_>>(),
        }),
    )
    .await?;
    let _ = state.ai.runs.send(crate::interviewer::server::RunNotice {
        session_id: session_id.to_string(),
        outcome: crate::interviewer::server::engine::RunOutcome {
            submit: request.mode == crate::problems::types::RunMode::Submit,
            verdict: summary.verdict.code().to_string(),
            passed: summary.passed,
            total: summary.total,
        },
        code: crate::interviewer::server::code_hash(&request.source),
        summary: summary.clone(),
    });
    Ok(())
}

/// Ends the caller's session as completed, with its final code. Ending an ended session
/// changes nothing and returns it as it is.
pub async fn end(
    state: &AppState,
    user: &str,
    id: &str,
    final_code: Option<(Language, &str)>,
) -> Result<SessionView, AppError> {
    let session = owned_session(state, user, id).await?;
    let session = expire_if_due(state, session).await?;
    if status_of(&session).is_open() {
        if let Some((language, code)) = final_code {
            snapshot(state, id, SnapshotKind::Final, language, code).await?;
        }
        let now = now_ms();
        if state
            .store
            .end_session(id, user, SessionStatus::Completed, "ended by candidate", now)
            .await
            .map_err(|e| internal("ending", e))?
        {
            log(state, id, "ended", json!({ "status": "completed" })).await?;
            let _ = state.session_ended.send(id.to_string());
        }
    }
    view(state, owned_session(state, user, id).await?).await
}

/// Ends overdue sessions: active ones past their deadline expire, scheduled ones never
/// opened are abandoned. Runs in the background every few seconds.
pub async fn end_overdue(state: &AppState) {
    let now = now_ms();
    match state.store.end_overdue_sessions(now, now - SCHEDULED_TTL_MS).await {
        Ok(ids) => {
            for id in ids {
                let _ = state
                    .store
                    .append_event(&id, "ended", &json!({ "status": "expired or abandoned" }).to_string())
                    .await;
                tracing::info!(session = %id, "session ended by the server");
                let _ = state.session_ended.send(id);
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not end overdue sessions"),
    }
}

/// History rows per page by default, and at most.
pub const HISTORY_PAGE: u32 = 50;
pub const HISTORY_PAGE_MAX: u32 = 200;

/// One page of the user's interview history, newest first (`limit` rows, default 50, at most
/// 200), with the user's total number of interviews.
pub async fn history(
    state: &AppState,
    user: &str,
    cursor: Option<&str>,
    limit: Option<u32>,
) -> Result<HistoryPage, AppError> {
    let page = i64::from(limit.unwrap_or(HISTORY_PAGE).clamp(1, HISTORY_PAGE_MAX));
    let before = match cursor.filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => {
            let (at, id) = c.split_once('_').ok_or_else(|| AppError::validation("cursor", "Invalid page cursor."))?;
            Some((
                at.parse::<i64>().map_err(|_| AppError::validation("cursor", "Invalid page cursor."))?,
                id.to_string(),
            ))
        }
    };
    let rows = state
        .store
        .session_history(user, before.as_ref().map(|(a, i)| (*a, i.as_str())), page)
        .await
        .map_err(|e| internal("history", e))?;
    let total = state.store.interview_count(user).await.map_err(|e| internal("history", e))?;
    let next = (rows.len() as i64 == page).then(|| rows.last().map(|r| format!("{}_{}", r.created_at, r.id))).flatten();
    let rows = rows
        .into_iter()
        .map(|r| SessionRow {
            minutes_used: match (r.started_at, r.ended_at) {
                (Some(a), Some(b)) => Some(((b - a).max(0) / 60_000) as u32),
                _ => None,
            },
            score: r.passed.zip(r.total).map(|(p, t)| (p.max(0) as u32, t.max(0) as u32)),
            overall: r
                .overall
                .filter(|_| r.evaluation_status.as_deref() == Some("ready"))
                .map(|o| o.clamp(0, 100) as u8),
            evaluating: r.evaluation_status.as_deref() == Some("pending"),
            id: r.id,
            problem_title: r.title,
            difficulty: Difficulty::parse(&r.difficulty).unwrap_or(Difficulty::Medium),
            language: Language::parse(&r.language).unwrap_or(Language::Python),
            status: SessionStatus::parse(&r.status).unwrap_or(SessionStatus::Errored),
            created_at: r.created_at,
            duration_minutes: r.duration_minutes.max(0) as u32,
        })
        .collect();
    Ok(HistoryPage { rows, next, total: total.max(0) as u64 })
}
