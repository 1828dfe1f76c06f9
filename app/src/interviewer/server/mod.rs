//! The interviewer's server side: the code observer, the built-in interviewer engine, the
//! coach that runs both in a room, and what a hosted model is told. The built-in engine
//! (deterministic, offline) is the default.

pub mod engine;
pub mod observer;
pub mod prompts;

use std::sync::LazyLock;

use crate::domain::error::AppError;
use crate::domain::Language;
use crate::interviewer::server::engine::{Brief, Progress, Reply, RunOutcome};
use crate::interviewer::types::{ChatMessage, Insights, Speaker, MAX_CHAT_CHARS};
use crate::platform::state::AppState;
use crate::problems::server::practice;
use crate::record::server::{self as record, code_hash, OwnedSession};
use crate::record::{ChatLine, Logged, RunRecord, SessionEvent};

/// How many analyses the observer keeps.
const OBSERVER_CACHE: u64 = 2_048;

/// The observer's analyses, by language and code: the same code always gets the same view.
static OBSERVED: LazyLock<moka::sync::Cache<(Language, u64), Insights>> =
    LazyLock::new(|| moka::sync::Cache::new(OBSERVER_CACHE));

/// The observer's view of the code, cached by language and code.
pub fn observe(language: Language, code: &str) -> Insights {
    OBSERVED.get_with((language, code_hash(code)), || observer::analyse(language, code))
}

/// What the interviewer knows about a session's problem.
pub async fn brief(state: &AppState, session: &OwnedSession) -> Result<Brief, AppError> {
    let (_, p) = practice::load(state, &session.problem_slug, Some(session.problem_version)).await?;
    Ok(Brief {
        title: p.title.clone(),
        difficulty: p.difficulty.label().to_string(),
        constraints: p.constraints.clone(),
        hints: p.hints.clone(),
        optimal_time: p.optimal_time.clone(),
        optimal_space: p.optimal_space.clone(),
        examples: p.visible.len(),
        minutes: session.duration_minutes.max(0) as u32,
    })
}

/// The interviewer's memory of a session, rebuilt from its log: hints given, runs, what the
/// candidate said; and which one-off messages (opening, time warnings) were already sent.
#[derive(Debug, Clone, Default)]
pub struct Memory {
    pub progress: Progress,
    pub sent: Vec<String>,
}

/// Rebuilds the interviewer's memory from the session's record.
pub fn remember(events: &[Logged]) -> Memory {
    let mut m = Memory::default();
    for e in events {
        match &e.event {
            SessionEvent::Chat(line) => {
                if line.hint.is_some() {
                    m.progress.hints_given += 1;
                }
                if let Some(t) = &line.trigger {
                    m.sent.push(t.clone());
                }
                if line.speaker == Speaker::Candidate {
                    note_candidate(&mut m.progress, &line.text);
                }
            }
            SessionEvent::RunFinished(run) => m.progress.runs.push(outcome_of(run)),
            _ => {}
        }
    }
    m
}

/// Updates what the interviewer knows from something the candidate said.
pub fn note_candidate(progress: &mut Progress, text: &str) {
    match engine::classify(text) {
        engine::Intent::Approach => progress.approach_heard = true,
        engine::Intent::Complexity(claims) => {
            progress.approach_heard = true;
            if claims.time.is_some() {
                progress.claimed = claims.time;
            }
            if claims.space.is_some() {
                progress.claimed_space = claims.space;
            }
        }
        _ => {}
    }
}

/// What the interviewer keeps of a run.
pub fn outcome_of(run: &RunRecord) -> RunOutcome {
    RunOutcome {
        submit: run.mode == crate::domain::RunMode::Submit,
        verdict: run.verdict,
        passed: run.passed,
        total: run.total,
    }
}

/// The chat as the room shows it, from the session's record.
pub fn chat_of(events: &[Logged]) -> Vec<ChatMessage> {
    events
        .iter()
        .filter_map(|e| match &e.event {
            SessionEvent::Chat(line) => Some(message(e.seq, e.at, line.speaker, line.text.clone())),
            _ => None,
        })
        .collect()
}

fn message(seq: i64, at: i64, speaker: Speaker, text: String) -> ChatMessage {
    let html = match speaker {
        Speaker::Interviewer => crate::platform::markdown::render(&text),
        Speaker::Candidate => String::new(),
    };
    ChatMessage { seq, at, speaker, text, html }
}

/// Stores what the candidate said.
pub async fn log_candidate(state: &AppState, session: &OwnedSession, text: &str) -> Result<ChatMessage, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::validation("text", "Write a message first."));
    }
    if text.chars().count() > MAX_CHAT_CHARS {
        return Err(AppError::validation("text", format!("Messages can be at most {MAX_CHAT_CHARS} characters.")));
    }
    let line =
        ChatLine { speaker: Speaker::Candidate, text: text.to_string(), hint: None, trigger: None, engine: None };
    let seq = record::append(state, session, SessionEvent::Chat(line)).await?;
    Ok(message(seq, crate::platform::store::now_ms(), Speaker::Candidate, text.to_string()))
}

/// Stores what the interviewer said.
pub async fn log_interviewer(state: &AppState, session: &OwnedSession, reply: &Reply) -> Result<ChatMessage, AppError> {
    let line = ChatLine {
        speaker: Speaker::Interviewer,
        text: reply.text.clone(),
        hint: reply.hint.map(|h| h as u64),
        trigger: Some(reply.trigger.to_string()),
        engine: Some("built-in".into()),
    };
    let seq = record::append(state, session, SessionEvent::Chat(line)).await?;
    if let Some(minutes_left) = match reply.trigger {
        "time_5" => Some(5),
        "time_1" => Some(1),
        _ => None,
    } {
        record::append(state, session, SessionEvent::TimeWarning { minutes_left }).await?;
    }
    Ok(message(seq, crate::platform::store::now_ms(), Speaker::Interviewer, reply.text.clone()))
}
