//! The interview lifecycle: propose a problem, start (spending a credit), open the room (the
//! clock starts), the clock, end, and history. What happens inside a session is written to
//! its record (`crate::record`). Only the owner reaches a session; anyone else gets
//! `NotFound`, as if it did not exist.

use crate::domain::error::AppError;
use crate::domain::{Difficulty, Language};
use crate::interview::server::store::{NewSession, StartError};
use crate::interview::types::*;
use crate::platform::context::internal;
use crate::platform::state::AppState;
use crate::platform::store::now_ms;
use crate::problems::server::practice;
use crate::record::server::{self as record, OwnedSession};
use crate::record::{CodeState, SessionEvent, SnapshotKind};

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
            charge: state.config.credits_mode.charges(),
        })
        .await;
    let id = match created {
        Ok(id) => id,
        Err(StartError::AlreadyOpen(session_id)) => return Err(AppError::AlreadyOpen { session_id }),
        Err(StartError::NoCredits) => return Err(AppError::NoCredits),
        Err(StartError::Store(e)) => return Err(internal("starting an interview", e)),
    };
    let session = record::owned(state, user, &id).await?;
    let created = SessionEvent::Created {
        problem: slug.to_string(),
        version: reference.version,
        language,
        duration_minutes,
        starter: problem.languages.get(language.code()).map(|l| l.starter.clone()),
    };
    record::append(state, &session, created).await?;
    Ok(id)
}

/// Opens the room: starts the clock of a scheduled session, and returns what the room shows.
pub async fn open(state: &AppState, user: &str, id: &str) -> Result<SessionView, AppError> {
    let session = record::owned(state, user, id).await?;
    if session.status == SessionStatus::Scheduled {
        let now = now_ms();
        let deadline = now + session.duration_minutes * 60_000;
        if state.store.activate_session(id, user, now, deadline).await.map_err(|e| internal("starting the clock", e))? {
            record::append(state, &session, SessionEvent::TimerStarted { deadline_at: deadline }).await?;
        }
    }
    view(state, record::current(state, user, id).await?).await
}

/// The user's open interview, if any (one whose deadline has passed is ended first).
pub async fn open_interview(state: &AppState, user: &str) -> Result<Option<OpenInterview>, AppError> {
    let Some(id) = state.store.open_session_of(user).await.map_err(|e| internal("finding the open interview", e))?
    else {
        return Ok(None);
    };
    let s = record::current(state, user, &id).await?;
    if !s.status.is_open() {
        return Ok(None);
    }
    let problem = practice::detail_at(state, &s.problem_slug, Some(s.problem_version)).await?;
    Ok(Some(OpenInterview {
        id: s.id,
        problem_title: problem.title,
        difficulty: problem.difficulty,
        language: s.language,
        duration_minutes: s.duration_minutes.max(0) as u32,
        deadline_at: s.deadline_at,
        server_now: now_ms(),
    }))
}

/// The session's clock (ending it first if its deadline has passed).
pub async fn clock(state: &AppState, user: &str, id: &str) -> Result<SessionClock, AppError> {
    let s = record::current(state, user, id).await?;
    Ok(SessionClock { server_now: now_ms(), deadline_at: s.deadline_at, status: s.status })
}

async fn view(state: &AppState, s: OwnedSession) -> Result<SessionView, AppError> {
    let problem = practice::detail_at(state, &s.problem_slug, Some(s.problem_version)).await?;
    let CodeState { language, code, .. } = practice::session_code(state, &s).await?;
    let last_seq = state.store.last_event_seq(&s.id).await.map_err(|e| internal("event log", e))?;
    let said = record::read_kinds(state, &s, &["chat"]).await?;
    let chat = crate::interviewer::server::chat_of(&said);
    Ok(SessionView {
        status: s.status,
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

/// Ends the caller's session as completed, with its final code. Ending an ended session
/// changes nothing and returns it as it is.
pub async fn end(
    state: &AppState,
    user: &str,
    id: &str,
    final_code: Option<(Language, &str)>,
) -> Result<SessionView, AppError> {
    let session = record::current(state, user, id).await?;
    if session.status.is_open() {
        if let Some((language, code)) = final_code {
            record::snapshot(state, &session, SnapshotKind::Final, language, code).await?;
        }
        let now = now_ms();
        if state
            .store
            .end_session(id, user, SessionStatus::Completed, "ended by candidate", now)
            .await
            .map_err(|e| internal("ending", e))?
        {
            record::append(state, &session, SessionEvent::Ended { status: Some(SessionStatus::Completed) }).await?;
        }
    }
    view(state, record::owned(state, user, id).await?).await
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
