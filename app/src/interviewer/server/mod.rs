//! The AI side of an interview: the code observer, the interviewer, and the evaluator with the
//! durable job that runs it. The built-in engine (deterministic, offline) is the default.

pub mod coach;
pub mod engine;
pub mod observer;
pub mod prompts;

use serde_json::{json, Value};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use crate::domain::error::AppError;
use crate::domain::Language;
use crate::interview::server::lifecycle;
use crate::interviewer::server::engine::{Brief, Progress, Reply, RunOutcome};
use crate::interviewer::types::{ChatMessage, Insights, Speaker, MAX_CHAT_CHARS};
use crate::platform::ai::gateway;
use crate::platform::context::internal;
use crate::platform::state::AppState;
use crate::platform::store::{EventRow, NewUsage, SessionRecord, Store};
use crate::problems::server::practice;

/// How many analyses the observer keeps.
const OBSERVER_CACHE: usize = 2_048;

/// A run or submission made in a session, for its open realtime channel.
#[derive(Debug, Clone)]
pub struct RunNotice {
    pub session_id: String,
    pub outcome: RunOutcome,
    /// Hash of the code that ran (see [`code_hash`]).
    pub code: u64,
    /// The run's summary, as the room shows it.
    pub summary: crate::problems::types::RunSummary,
}

/// The AI side's shared state.
#[derive(Debug)]
pub struct Ai {
    cache: Mutex<HashMap<(Language, u64), Insights>>,
    /// Runs and submissions as they finish.
    pub runs: tokio::sync::broadcast::Sender<RunNotice>,
    /// The hosted provider, when one is configured; `None` is the built-in engine alone.
    pub gateway: Option<Arc<gateway::Gateway>>,
}

impl Default for Ai {
    fn default() -> Self {
        Self::new(None)
    }
}

impl Ai {
    /// The AI side, with a gateway to a hosted provider or without.
    pub fn new(gateway: Option<gateway::Gateway>) -> Self {
        Self {
            cache: Mutex::new(HashMap::new()),
            runs: tokio::sync::broadcast::channel(1024).0,
            gateway: gateway.map(Arc::new),
        }
    }
}

/// Usage records and quotas kept in the database.
pub struct StoreUsage(pub Store);

#[async_trait::async_trait]
impl gateway::UsageStore for StoreUsage {
    async fn record(&self, r: gateway::UsageRecord) -> anyhow::Result<()> {
        let usage = NewUsage {
            user_id: r.user_id.as_deref(),
            task: r.task.as_str(),
            provider: r.provider.as_str(),
            model: &r.model,
            tokens_in: i64::try_from(r.tokens_in).unwrap_or(i64::MAX),
            tokens_out: i64::try_from(r.tokens_out).unwrap_or(i64::MAX),
            cost_micros: (r.cost_usd * 1e6).round() as i64,
            latency_ms: i64::try_from(r.latency_ms).unwrap_or(i64::MAX),
            cache_hit: r.cache_hit,
            ok: r.ok,
            error: r.error.as_deref(),
        };
        self.0.record_ai_usage(&usage).await?;
        Ok(())
    }

    async fn tokens_used(&self, user_id: &str, since_ms: i64) -> anyhow::Result<u64> {
        Ok(self.0.ai_tokens_used(user_id, since_ms).await?.max(0) as u64)
    }
}

/// A stable hash of a piece of code.
pub fn code_hash(code: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    code.hash(&mut h);
    h.finish()
}

impl Ai {
    /// The observer's view of the code, cached by language and code.
    pub fn observe(&self, language: Language, code: &str) -> Insights {
        let key = (language, code_hash(code));
        if let Some(hit) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return hit;
        }
        let insights = observer::analyse(language, code);
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= OBSERVER_CACHE {
                cache.clear();
            }
            cache.insert(key, insights.clone());
        }
        insights
    }
}

/// What the interviewer knows about a session's problem.
pub async fn brief(state: &AppState, session: &SessionRecord) -> Result<Brief, AppError> {
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

/// Rebuilds the interviewer's memory from the session's log.
pub fn remember(events: &[EventRow]) -> Memory {
    let mut m = Memory::default();
    for e in events {
        let Ok(p) = serde_json::from_str::<Value>(&e.payload) else { continue };
        match e.kind.as_str() {
            "chat" => {
                if p.get("hint").and_then(Value::as_u64).is_some() {
                    m.progress.hints_given += 1;
                }
                if let Some(t) = p.get("trigger").and_then(Value::as_str) {
                    m.sent.push(t.to_string());
                }
                if p.get("speaker").and_then(Value::as_str) == Some("candidate") {
                    note_candidate(&mut m.progress, p.get("text").and_then(Value::as_str).unwrap_or(""));
                }
            }
            "run" | "submit" => m.progress.runs.push(outcome_of(e.kind == "submit", &p)),
            _ => {}
        }
    }
    m
}

/// Updates what the interviewer knows from something the candidate said.
pub fn note_candidate(progress: &mut Progress, text: &str) {
    match engine::classify(text) {
        engine::Intent::Approach => progress.approach_heard = true,
        engine::Intent::Complexity(c) => {
            progress.approach_heard = true;
            progress.claimed = Some(c);
        }
        _ => {}
    }
}

pub fn outcome_of(submit: bool, p: &Value) -> RunOutcome {
    let n = |k: &str| p.get(k).and_then(Value::as_u64).unwrap_or(0).min(u64::from(u32::MAX)) as u32;
    RunOutcome {
        submit,
        verdict: p.get("verdict").and_then(Value::as_str).unwrap_or("").to_string(),
        passed: n("passed"),
        total: n("total"),
    }
}

/// The chat as the room shows it, from the session's log.
pub fn chat_of(events: &[EventRow]) -> Vec<ChatMessage> {
    events
        .iter()
        .filter(|e| e.kind == "chat")
        .filter_map(|e| {
            let p: Value = serde_json::from_str(&e.payload).ok()?;
            let speaker = match p.get("speaker").and_then(Value::as_str)? {
                "candidate" => Speaker::Candidate,
                "interviewer" => Speaker::Interviewer,
                _ => return None,
            };
            let text = p.get("text").and_then(Value::as_str)?.to_string();
            Some(message(e.seq, e.at, speaker, text))
        })
        .collect()
}

fn message(seq: i64, at: i64, speaker: Speaker, text: String) -> ChatMessage {
    let html = match speaker {
        Speaker::Interviewer => practice::render_markdown(&text),
        Speaker::Candidate => String::new(),
    };
    ChatMessage { seq, at, speaker, text, html }
}

/// Stores what the candidate said.
pub async fn log_candidate(state: &AppState, session_id: &str, text: &str) -> Result<ChatMessage, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::validation("text", "Write a message first."));
    }
    if text.chars().count() > MAX_CHAT_CHARS {
        return Err(AppError::validation("text", format!("Messages can be at most {MAX_CHAT_CHARS} characters.")));
    }
    let seq = lifecycle::log(state, session_id, "chat", json!({ "speaker": "candidate", "text": text })).await?;
    Ok(message(seq, crate::platform::store::now_ms(), Speaker::Candidate, text.to_string()))
}

/// Stores what the interviewer said.
pub async fn log_interviewer(state: &AppState, session_id: &str, reply: &Reply) -> Result<ChatMessage, AppError> {
    let seq = lifecycle::log(
        state,
        session_id,
        "chat",
        json!({ "speaker": "interviewer", "text": reply.text, "hint": reply.hint, "trigger": reply.trigger, "engine": "built-in" }),
    )
    .await?;
    Ok(message(seq, crate::platform::store::now_ms(), Speaker::Interviewer, reply.text.clone()))
}

/// Every event of a session, in order.
pub async fn events(state: &AppState, session_id: &str) -> Result<Vec<EventRow>, AppError> {
    state.store.events_after(session_id, 0).await.map_err(|e| internal("reading the event log", e))
}

/// AI usage over the last `days` days, for an admin.
pub async fn usage_report(state: &AppState, user: &str, days: u32) -> Result<crate::admin::UsageReport, AppError> {
    use crate::admin::{UsageLine, UsageReport};
    let me = state.store.user_by_id(user).await.map_err(|e| internal("loading the user", e))?;
    if me.is_none_or(|u| u.role != "admin") {
        return Err(AppError::Forbidden);
    }
    let since = crate::platform::store::now_ms() - i64::from(days) * 86_400_000;
    let by_model = state.store.ai_usage_by_model(since).await.map_err(|e| internal("usage", e))?;
    let by_day = state.store.ai_usage_by_day(since).await.map_err(|e| internal("usage", e))?;
    let mut total = UsageLine {
        key: "total".into(),
        calls: 0,
        cache_hits: 0,
        failures: 0,
        tokens_in: 0,
        tokens_out: 0,
        cost_micros: 0,
        avg_latency_ms: 0,
    };
    let mut latency_sum = 0i64;
    for l in &by_model {
        total.calls += l.calls;
        total.cache_hits += l.cache_hits;
        total.failures += l.failures;
        total.tokens_in += l.tokens_in;
        total.tokens_out += l.tokens_out;
        total.cost_micros += l.cost_micros;
        latency_sum += l.avg_latency_ms * l.calls;
    }
    total.avg_latency_ms = if total.calls > 0 { latency_sum / total.calls } else { 0 };
    let provider = match &state.ai.gateway {
        Some(g) => g.config().provider.kind.as_str().to_string(),
        None => "built-in (no provider configured)".to_string(),
    };
    Ok(UsageReport { provider, days, total, by_day, by_model })
}
