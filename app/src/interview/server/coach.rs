//! The interviewer and the observer at work in one open room: what they say and show over the
//! session's realtime channel. Everything said is stored in the session's event log first.

use std::time::{Duration, Instant};
use tokio::sync::mpsc::UnboundedSender;

use crate::domain::error::AppError;
use crate::interview::protocol::ServerMessage;
use crate::interviewer::server::engine::{self, Brief, Reply};
use crate::interviewer::server::prompts;
use crate::interviewer::server::{log_candidate, log_interviewer, note_candidate, outcome_of, remember, Memory};
use crate::interviewer::types::{ChatMessage, Insights};
use crate::platform::ai::gateway::{AiRequest, GatewayError, Task};
use crate::platform::state::AppState;
use crate::platform::store::now_ms;
use crate::record::server::{self as record, code_hash, OwnedSession};
use crate::record::{CodeState, ObserverNote, RunRecord};

/// The observer looks at the code at most this often per session.
pub const OBSERVE_EVERY: Duration = Duration::from_secs(2);
/// With no change to the code for this long, the interviewer checks in.
pub const STUCK_AFTER: Duration = Duration::from_secs(180);

/// The interviewer and observer of one open room.
pub struct Coach {
    session: OwnedSession,
    brief: Brief,
    memory: Memory,
    deadline_at: Option<i64>,
    /// The observer's view last recorded in the session.
    observed: Option<ObserverNote>,
    /// When the observer last looked, and whether the code changed since.
    observed_at: Option<Instant>,
    dirty: bool,
    last_change: Instant,
    last_nudge: Instant,
    /// Hash of the code that last ran.
    ran: Option<u64>,
    /// The conversation so far, for a hosted model's context.
    chat: Vec<ChatMessage>,
    /// The candidate's experience level, for a hosted model's context.
    level: String,
    user_id: String,
    /// Where replies written in the background (by a hosted model) go.
    tx: UnboundedSender<ServerMessage>,
}

impl Coach {
    /// Sets up the coach of a room that just connected; returns it with what to send first
    /// (the opening, the first time, and the observer's view of the code).
    pub async fn start(
        state: &AppState,
        session: &OwnedSession,
        code: &CodeState,
        tx: UnboundedSender<ServerMessage>,
    ) -> Result<(Self, Vec<ServerMessage>), AppError> {
        let brief = crate::interviewer::server::brief(state, session).await?;
        // Only what the interviewer remembers: the conversation, runs and submissions.
        let events = record::read_kinds(state, session, &["chat", "run", "submit"]).await?;
        let memory = remember(&events);
        let chat = crate::interviewer::server::chat_of(&events);
        let level = match state.store.user_by_id(&session.user_id).await {
            Ok(Some(u)) if !u.experience_level.is_empty() => u.experience_level,
            _ => "not stated".to_string(),
        };
        let ran = state
            .store
            .latest_snapshot_of_kind(&session.id, "run")
            .await
            .map_err(|e| crate::platform::context::internal("snapshots", e))?
            .map(|c| code_hash(&c));
        let mut coach = Self {
            session: session.clone(),
            brief,
            memory,
            deadline_at: session.deadline_at,
            observed: None,
            observed_at: None,
            dirty: true,
            last_change: Instant::now(),
            last_nudge: Instant::now(),
            ran,
            chat,
            level,
            user_id: session.user_id.clone(),
            tx,
        };
        let mut out = Vec::new();
        if !coach.memory.sent.iter().any(|t| t == "opening") {
            let opening = engine::opening(&coach.brief);
            out.extend(coach.say(state, opening).await);
        }
        out.extend(coach.observe(code));
        Ok((coach, out))
    }

    /// Has the observer look at the current code, off the channel's path: parsing runs on a
    /// blocking thread and its `insights` arrive through the channel (see [`Coach::heard`]),
    /// so an edit's acknowledgement never waits for it.
    fn observe(&mut self, code: &CodeState) -> Option<ServerMessage> {
        self.observed_at = Some(Instant::now());
        self.dirty = false;
        let (language, code, ran, tx) = (code.language, code.code.clone(), self.ran, self.tx.clone());
        tokio::task::spawn_blocking(move || {
            let mut insights: Insights = crate::interviewer::server::observe(language, &code);
            insights.suggest_run = insights.parses && insights.complexity.is_some() && ran != Some(code_hash(&code));
            let _ = tx.send(ServerMessage::Insights { insights });
        });
        None
    }

    /// Stores and streams one interviewer message.
    async fn say(&mut self, state: &AppState, reply: Reply) -> Vec<ServerMessage> {
        let mut out: Vec<ServerMessage> =
            stream_pieces(&reply.text).map(|text| ServerMessage::ChatDelta { text }).collect();
        match log_interviewer(state, &self.session, &reply).await {
            Ok(message) => {
                if reply.hint.is_some() {
                    self.memory.progress.hints_given += 1;
                }
                self.memory.sent.push(reply.trigger.to_string());
                self.chat.push(message.clone());
                out.push(ServerMessage::Chat { message });
            }
            Err(e) => out.push(ServerMessage::Error { message: e.to_string() }),
        }
        out
    }

    /// The code changed (an edit was stored).
    pub fn on_edit(&mut self, code: &CodeState) -> Vec<ServerMessage> {
        self.dirty = true;
        self.last_change = Instant::now();
        if self.observed_at.is_none_or(|t| t.elapsed() >= OBSERVE_EVERY) {
            return self.observe(code).into_iter().collect();
        }
        Vec::new()
    }

    /// The candidate said something: it is stored and echoed, and the interviewer answers —
    /// the built-in engine at once, or a hosted model in the background (its reply streams in
    /// through the channel; if the provider fails, the built-in answer is given instead).
    pub async fn on_chat(&mut self, state: &AppState, text: &str) -> Vec<ServerMessage> {
        let mine = match log_candidate(state, &self.session, text).await {
            Ok(m) => m,
            Err(e) => return vec![ServerMessage::Error { message: e.to_string() }],
        };
        note_candidate(&mut self.memory.progress, &mine.text);
        self.memory.progress.remaining_ms = self.deadline_at.map(|d| d - now_ms());
        self.chat.push(mine.clone());
        let built_in = engine::reply(&self.brief, &self.memory.progress, &mine.text);
        let mut out = vec![ServerMessage::Chat { message: mine }];
        match state.gateway.clone() {
            None => out.extend(self.say(state, built_in).await),
            Some(gateway) => {
                let request = AiRequest {
                    task: Task::Interviewer,
                    user_id: Some(self.user_id.clone()),
                    system: prompts::interviewer_system(&self.brief, &self.memory.progress, &self.level),
                    messages: prompts::history(&self.chat),
                    temperature: 0.3,
                    max_tokens: 600,
                    json: false,
                };
                let (state, session, tx) = (state.clone(), self.session.clone(), self.tx.clone());
                tokio::spawn(async move {
                    let deltas = tx.clone();
                    let mut on_delta = move |d: &str| {
                        let _ = deltas.send(ServerMessage::ChatDelta { text: d.to_string() });
                    };
                    let reply = match gateway.stream(&request, &mut on_delta).await {
                        Ok(r) if !r.text.trim().is_empty() => Reply { text: r.text, hint: None, trigger: "reply" },
                        Ok(_) => built_in,
                        Err(GatewayError::QuotaExceeded { message }) => {
                            let _ = tx.send(ServerMessage::Error { message });
                            built_in
                        }
                        Err(e) => {
                            tracing::warn!(session = %session.id, error = %e, "the AI provider failed; the built-in interviewer answers");
                            built_in
                        }
                    };
                    let said = match log_interviewer(&state, &session, &reply).await {
                        Ok(message) => ServerMessage::Chat { message },
                        Err(e) => ServerMessage::Error { message: e.to_string() },
                    };
                    let _ = tx.send(said);
                });
            }
        }
        out
    }

    /// Something written in the background arrived (a hosted model's stored reply, or the
    /// observer's view): remember it. A view of the code that differs from the last one is
    /// recorded in the session.
    pub async fn heard(&mut self, state: &AppState, message: &ServerMessage) {
        match message {
            ServerMessage::Chat { message } if !self.chat.iter().any(|m| m.seq == message.seq) => {
                self.chat.push(message.clone());
            }
            ServerMessage::Insights { insights } => {
                self.memory.progress.insights = Some(insights.clone());
                let note = ObserverNote {
                    parses: insights.parses,
                    complexity: insights.complexity.clone(),
                    loop_depth: insights.loop_depth,
                    syntax_errors: insights.syntax_errors.len() as u32,
                    signals: insights.signals.iter().map(|s| format!("{s:?}")).collect(),
                };
                if self.observed.as_ref() != Some(&note) {
                    match record::append(state, &self.session, crate::record::SessionEvent::Observed(note.clone()))
                        .await
                    {
                        Ok(_) => self.observed = Some(note),
                        Err(e) => {
                            tracing::warn!(session = %self.session.id, error = %e, "the observer's view was not recorded")
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// A run or submission of this session finished.
    pub async fn on_run(
        &mut self,
        state: &AppState,
        run: &RunRecord,
        ran: Option<u64>,
        code: &CodeState,
    ) -> Vec<ServerMessage> {
        let outcome = outcome_of(run);
        self.ran = ran;
        self.memory.progress.runs.push(outcome.clone());
        self.last_change = Instant::now();
        let mut out: Vec<ServerMessage> = self.observe(code).into_iter().collect();
        if let Some(reply) = engine::on_run(&self.brief, &self.memory.progress, &outcome) {
            out.extend(self.say(state, reply).await);
        }
        out
    }

    /// Once a second: pending observation, time warnings, and a check-in when stuck.
    pub async fn on_tick(&mut self, state: &AppState, code: &CodeState) -> Vec<ServerMessage> {
        let mut out = Vec::new();
        if self.dirty && self.observed_at.is_none_or(|t| t.elapsed() >= OBSERVE_EVERY) {
            out.extend(self.observe(code));
        }
        if let Some(deadline) = self.deadline_at {
            let left = deadline - now_ms();
            let sent = |t: &str| self.memory.sent.iter().any(|s| s == t);
            let warning = if left <= 60_000 && left > 0 && !sent("time_1") && self.brief.minutes > 1 {
                Some(1)
            } else if left <= 5 * 60_000 && left > 60_000 && !sent("time_5") && self.brief.minutes > 5 {
                Some(5)
            } else {
                None
            };
            if let Some(minutes) = warning {
                let reply = engine::time_warning(minutes, &self.memory.progress);
                out.extend(self.say(state, reply).await);
                return out;
            }
        }
        let solved = self.memory.progress.runs.iter().any(|r| r.submit && r.all_passed());
        if !solved && self.last_change.elapsed() >= STUCK_AFTER && self.last_nudge.elapsed() >= STUCK_AFTER {
            self.last_nudge = Instant::now();
            let reply = engine::nudge(&self.brief, &self.memory.progress);
            out.extend(self.say(state, reply).await);
        }
        out
    }
}

/// A reply cut into the pieces it is streamed in: a few words at a time, never splitting a
/// word, so the room shows it as it is "written".
pub fn stream_pieces(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut end = 0;
        let mut words = 0;
        for (i, c) in rest.char_indices() {
            end = i + c.len_utf8();
            if c == ' ' || c == '\n' {
                words += 1;
                if words == 6 {
                    break;
                }
            }
        }
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(piece.to_string())
    })
}

#[cfg(test)]
mod tests {
    use crate::interview::server::coach::stream_pieces;

    #[test]
    fn streamed_pieces_join_back_to_the_reply() {
        for text in
            ["", "short", "Hi, I'll be your interviewer today. We have **45 minutes** for Two Sum (Easy). ünïcode ✓"]
        {
            let pieces: Vec<String> = stream_pieces(text).collect();
            assert_eq!(pieces.concat(), text);
            assert!(pieces.iter().all(|p| p.split(' ').count() <= 7));
        }
    }
}
