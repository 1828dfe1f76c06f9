//! The interviewer and the observer at work in one open room: what they say and show over the
//! session's realtime channel. Everything said is stored in the session's event log first.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::UnboundedSender;

use crate::domain::error::AppError;
use crate::interview::protocol::ServerMessage;
use crate::interviewer::server::engine::{self, Brief, Reply};
use crate::interviewer::server::prompts;
use crate::interviewer::server::{log_candidate, log_interviewer, note_candidate, outcome_of, remember, Memory};
use crate::interviewer::types::{ChatMessage, Insights, SyntaxIssue};
use crate::platform::ai::gateway::{AiRequest, GatewayError, Task};
use crate::platform::state::AppState;
use crate::platform::store::now_ms;
use crate::record::server::{self as record, code_hash, OwnedSession};
use crate::record::{CodeState, Logged, ObserverNote, RunRecord, SessionEvent, Speaker};

/// The observer looks at the code at most this often per session.
pub const OBSERVE_EVERY: Duration = Duration::from_secs(2);
/// With no change to the code for this long (ms), the interviewer checks in; and again after
/// as long again.
pub const STUCK_AFTER_MS: i64 = 180_000;

/// The clock the check-in is timed by: the server's, which tests move forward (it lives in
/// the state's slots, so one server's rooms share it).
#[derive(Debug, Default)]
pub struct CoachClock {
    ahead_ms: AtomicI64,
}

impl CoachClock {
    /// Now, in ms since the epoch.
    pub fn now(&self) -> i64 {
        now_ms() + self.ahead_ms.load(Ordering::Relaxed)
    }

    /// Moves the clock forward by `ms`.
    pub fn advance(&self, ms: i64) {
        self.ahead_ms.fetch_add(ms, Ordering::Relaxed);
    }
}

/// When the code last changed and when the interviewer last checked in, from the record: a
/// room that reconnects (a dropped link, a background tab whose heartbeat was throttled)
/// keeps counting from the last real change, not from its own start.
pub fn check_in_marks(events: &[Logged], started_at: i64) -> (i64, Option<i64>) {
    let mut changed = started_at;
    let mut nudged = None;
    for e in events {
        match &e.event {
            SessionEvent::Edit(_) | SessionEvent::Snapshot { .. } | SessionEvent::RunFinished(_) => {
                changed = changed.max(e.at)
            }
            SessionEvent::Chat(line)
                if line.speaker == Speaker::Interviewer && line.trigger.as_deref() == Some("nudge") =>
            {
                nudged = Some(e.at)
            }
            _ => {}
        }
    }
    (changed, nudged)
}

/// Whether the interviewer checks in now: the code has not changed for [`STUCK_AFTER_MS`], the
/// last check-in (if any) is as old, and the problem is not solved yet.
pub fn check_in_due(now: i64, changed: i64, nudged: Option<i64>, solved: bool) -> bool {
    !solved && now - changed >= STUCK_AFTER_MS && nudged.is_none_or(|n| now - n >= STUCK_AFTER_MS)
}

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
    /// When the code last changed, and when the interviewer last checked in (ms, by `clock`).
    last_change: i64,
    last_nudge: Option<i64>,
    clock: Arc<CoachClock>,
    /// Hash of the code that last ran.
    ran: Option<u64>,
    /// The error the last run reported when its code did not compile, with that code's hash:
    /// while the code is unchanged, the observer reports it first.
    run_error: Option<(u64, SyntaxIssue)>,
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
        let events = record::read_kinds(state, session, &["chat", "run", "submit", "edit", "snapshot"]).await?;
        let memory = remember(&events);
        let clock = state.slots.get::<CoachClock>();
        let (last_change, last_nudge) =
            check_in_marks(&events, session.started_at.unwrap_or(session.created_at).min(clock.now()));
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
            last_change,
            last_nudge,
            clock,
            ran,
            run_error: None,
            chat,
            level,
            user_id: session.user_id.clone(),
            tx,
        };
        let last_run = events.iter().rev().find_map(|e| match &e.event {
            SessionEvent::RunFinished(run) => Some(run),
            _ => None,
        });
        coach.run_error = last_run.and_then(|run| failed_to_compile(run, ran));
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
        let run_error = self.run_error.clone();
        tokio::task::spawn_blocking(move || {
            let mut insights: Insights = crate::interviewer::server::observe(language, &code);
            insights.suggest_run = insights.parses && insights.complexity.is_some() && ran != Some(code_hash(&code));
            if let Some((_, issue)) = run_error.filter(|(hash, _)| *hash == code_hash(&code)) {
                with_run_error(&mut insights, issue);
            }
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
        self.last_change = self.clock.now();
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
        self.run_error = failed_to_compile(run, ran);
        if let Some((_, issue)) = &self.run_error {
            // The reaction below names the line the run reported, not a stale view's.
            let mut insights = self.memory.progress.insights.clone().unwrap_or_default();
            with_run_error(&mut insights, issue.clone());
            self.memory.progress.insights = Some(insights);
        }
        self.memory.progress.runs.push(outcome.clone());
        self.last_change = self.clock.now();
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
        let now = self.clock.now();
        if check_in_due(now, self.last_change, self.last_nudge, engine::solved(&self.memory.progress)) {
            self.last_nudge = Some(now);
            let reply = engine::nudge(&self.brief, &self.memory.progress);
            out.extend(self.say(state, reply).await);
        }
        out
    }
}

/// The line a compiler or interpreter error names: "Line 3: unexpected indent" (Python),
/// "Solution.java:3: error: …" (Java), "solution.js:3" (JavaScript).
pub fn error_line(message: &str) -> Option<u32> {
    let lower = message.to_lowercase();
    if let Some(i) = lower.find("line ") {
        let digits: String = lower[i + 5..].chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse() {
            return Some(n);
        }
    }
    for marker in [".java:", ".js:", ".py:"] {
        if let Some(i) = lower.find(marker) {
            let digits: String = lower[i + marker.len()..].chars().take_while(char::is_ascii_digit).collect();
            if let Ok(n) = digits.parse() {
                return Some(n);
            }
        }
    }
    None
}

/// The syntax issue a run that did not compile reported, for the code that ran.
fn failed_to_compile(run: &RunRecord, ran: Option<u64>) -> Option<(u64, SyntaxIssue)> {
    let message = run.compile_error.as_deref()?;
    let line = error_line(message)?;
    let first = message.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    let text = first.strip_prefix(&format!("Line {line}: ")).unwrap_or(first);
    let text: String = text.chars().take(160).collect();
    Some((ran?, SyntaxIssue { line, column: 1, message: format!("the last run failed: {text}") }))
}

/// Puts the run's error first in the observer's view: the code does not run, so no complexity
/// is guessed for it.
fn with_run_error(insights: &mut Insights, issue: SyntaxIssue) {
    if !insights.syntax_errors.iter().any(|e| e.line == issue.line) {
        insights.syntax_errors.insert(0, issue);
    }
    insights.parses = false;
    insights.complexity = None;
    insights.suggest_run = false;
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
    use crate::interview::server::coach::*;
    use serde_json::json;

    fn ev(at: i64, kind: &str, payload: serde_json::Value) -> Logged {
        Logged { seq: at, at, event: SessionEvent::decode(kind, &payload.to_string()).unwrap() }
    }

    #[test]
    fn the_check_in_counts_from_the_records_last_change_and_last_check_in() {
        let edit = ev(5_000, "edit", json!({ "seq": 1, "language": "python", "at": 0, "del": 0, "ins": "x" }));
        let chat = ev(9_000, "chat", json!({ "speaker": "candidate", "text": "hello" }));
        let nudge =
            ev(300_000, "chat", json!({ "speaker": "interviewer", "text": "You've been quiet", "trigger": "nudge" }));
        assert_eq!(check_in_marks(&[], 1_000), (1_000, None));
        assert_eq!(check_in_marks(&[edit.clone(), chat.clone()], 1_000), (5_000, None), "talk is not a change");
        assert_eq!(check_in_marks(&[edit, chat, nudge], 1_000), (5_000, Some(300_000)));
        assert!(!check_in_due(5_000 + STUCK_AFTER_MS - 1, 5_000, None, false));
        assert!(check_in_due(5_000 + STUCK_AFTER_MS, 5_000, None, false));
        assert!(!check_in_due(5_000 + STUCK_AFTER_MS, 5_000, None, true), "never after it is solved");
        assert!(!check_in_due(400_000, 5_000, Some(300_000), false), "not again within three minutes");
        assert!(check_in_due(480_000, 5_000, Some(300_000), false));
    }

    #[test]
    fn a_run_that_did_not_compile_names_its_line() {
        assert_eq!(error_line("Line 3: unexpected indent"), Some(3));
        assert_eq!(error_line("Solution.java:12: error: ';' expected"), Some(12));
        assert_eq!(error_line("/box/solution.js:7\n  foo(\n"), Some(7));
        assert_eq!(error_line("The program could not be started."), None);
        let run: RunRecord = serde_json::from_value(json!({
            "run_id": "r", "mode": "run", "language": "python", "verdict": "compile_error", "passed": 0,
            "total": 3, "wall_ms": 5, "compile_error": "Line 3: unexpected indent"
        }))
        .unwrap();
        let (hash, issue) = failed_to_compile(&run, Some(42)).unwrap();
        assert_eq!((hash, issue.line), (42, 3));
        assert_eq!(issue.message, "the last run failed: unexpected indent");
        let mut insights = crate::interviewer::server::observe(
            crate::domain::Language::Python,
            "def f(xs):\n    for x in xs:\n        pass\n",
        );
        assert!(insights.complexity.is_some());
        with_run_error(&mut insights, issue);
        assert!(!insights.parses && insights.complexity.is_none());
        assert_eq!(insights.syntax_errors[0].line, 3);
    }

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
