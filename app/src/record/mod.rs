//! The typed record of an interview session: every event the log holds, how it is stored and
//! read back, and the code at any moment (the latest snapshot plus the edits after it). The
//! room, the interviewer, the evaluation and replays all read and write through this module;
//! nothing else knows how an event is encoded.
//!
//! The schema is `session_events (session_id, seq, at, kind, payload)`: `kind` is the event's
//! name and `payload` its fields as JSON, with `v` the version of the record format that
//! wrote it. Rows written before the format had a type (no `v`) decode as version 1; a row of a
//! newer version, an unknown kind or a malformed payload is reported, never a panic.

pub mod edit;
pub mod integrity;
#[cfg(feature = "ssr")]
pub mod server;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::{Language, RunMode, Verdict};

/// The version of the record format this code writes.
pub const RECORD_VERSION: u64 = 1;

/// Where a session is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// Created and paid for; the clock starts when the room first opens.
    Scheduled,
    /// The clock is running.
    Active,
    /// Ended by the candidate.
    Completed,
    /// Never opened, or left without ending.
    Abandoned,
    /// The deadline passed.
    Expired,
    /// Something on our side failed.
    Errored,
}

impl SessionStatus {
    pub const ALL: [Self; 6] =
        [Self::Scheduled, Self::Active, Self::Completed, Self::Abandoned, Self::Expired, Self::Errored];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Active => "active",
            Self::Completed => "completed",
            Self::Abandoned => "abandoned",
            Self::Expired => "expired",
            Self::Errored => "errored",
        }
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Scheduled => "Scheduled",
            Self::Active => "In progress",
            Self::Completed => "Completed",
            Self::Abandoned => "Abandoned",
            Self::Expired => "Time ran out",
            Self::Errored => "Errored",
        }
    }

    /// Parses a stored code.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == raw)
    }

    /// Whether the session is still open (the candidate can work in it).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Scheduled | Self::Active)
    }

    /// Whether moving from `self` to `to` is allowed: scheduled → active, and any open state
    /// → a final one. Final states never change.
    pub fn can_become(self, to: Self) -> bool {
        matches!(
            (self, to),
            (Self::Scheduled, Self::Active)
                | (Self::Scheduled | Self::Active, Self::Completed | Self::Abandoned | Self::Expired | Self::Errored)
        )
    }

    /// The states a session may move to `to` from, as an SQL list such as
    /// `('scheduled', 'active')`, so that the database refuses every other transition
    /// atomically. `None` when nothing may become `to`.
    pub fn sources_sql(to: Self) -> Option<String> {
        let from: Vec<String> =
            Self::ALL.into_iter().filter(|s| s.can_become(to)).map(|s| format!("'{}'", s.code())).collect();
        (!from.is_empty()).then(|| format!("({})", from.join(", ")))
    }
}

impl TryFrom<String> for SessionStatus {
    type Error = Unreadable;
    fn try_from(raw: String) -> Result<Self, Unreadable> {
        Self::parse(&raw).ok_or_else(|| Unreadable { kind: "status".into(), reason: format!("unknown status {raw:?}") })
    }
}

/// Who said something in the interview chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Speaker {
    Candidate,
    Interviewer,
}

/// Which kind of snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Manual => "manual",
            Self::Run => "run",
            Self::Leave => "leave",
            Self::Final => "final",
        }
    }

    /// Whether the browser asked for it (these count against a session's cap).
    pub fn from_client(self) -> bool {
        matches!(self, Self::Auto | Self::Manual | Self::Leave)
    }
}

/// One change to the code, as stored: at char offset `at`, `del` chars replaced by `ins`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// The client's sequence number of the edit (acknowledged back to it).
    pub seq: u64,
    /// The language of the code after the edit.
    pub language: Language,
    pub at: usize,
    pub del: usize,
    pub ins: String,
}

/// One test case of a run as the record keeps it: its verdict and time always; what the code
/// printed and returned only for visible cases (hidden cases' data never enters the record).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseRecord {
    pub index: u32,
    pub hidden: bool,
    pub verdict: Verdict,
    #[serde(default)]
    pub time_ms: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stdout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stderr: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// How much of a case's output or error the record keeps.
pub const RECORDED_TEXT_BYTES: usize = 2_048;

/// The start of `text`, at most [`RECORDED_TEXT_BYTES`] long, cut at a character boundary.
pub fn clip(text: &str) -> String {
    let mut end = text.len().min(RECORDED_TEXT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

impl CaseRecord {
    /// A case's record: for a hidden case only its index, verdict and time, whatever else is
    /// passed in.
    pub fn new(index: u32, hidden: bool, verdict: Verdict, time_ms: Option<f64>, visible: [Option<&str>; 4]) -> Self {
        let [actual, stdout, stderr, error] = visible.map(|t| t.filter(|_| !hidden).map(clip));
        Self { index, hidden, verdict, time_ms, actual, stdout, stderr, error }
    }
}

/// A finished run or submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub run_id: String,
    pub mode: RunMode,
    pub language: Language,
    pub verdict: Verdict,
    pub passed: u32,
    pub total: u32,
    pub wall_ms: u64,
    #[serde(default)]
    pub compile_error: Option<String>,
    #[serde(default)]
    pub cases: Vec<CaseRecord>,
}

/// A line of the interview chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatLine {
    pub speaker: Speaker,
    pub text: String,
    /// Which of the problem's hints the interviewer gave (0-based), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<u64>,
    /// What made the interviewer speak (`opening`, `warn5`, `stuck`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    /// Which engine wrote it (`built-in` or a model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
}

/// What the observer saw in the code, when it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObserverNote {
    pub parses: bool,
    #[serde(default)]
    pub complexity: Option<String>,
    #[serde(default)]
    pub loop_depth: u32,
    #[serde(default)]
    pub syntax_errors: u32,
    /// Approaches the code appears to use.
    #[serde(default)]
    pub signals: Vec<String>,
}

/// Every kind of event a session's record holds. New kinds (speech, media) are added as
/// variants; a reader meeting a kind it does not know reports it as [`Unreadable`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum SessionEvent {
    /// The session was created (and paid for). Carries what a replay needs of the problem.
    Created {
        problem: String,
        version: i64,
        language: Language,
        duration_minutes: u32,
        /// The starter code of `language` (absent in records written before it was kept).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        starter: Option<String>,
    },
    /// The room opened and the clock started.
    TimerStarted { deadline_at: i64 },
    /// An edit of the code.
    Edit(Edit),
    /// A full copy of the code was stored (in `session_snapshots` at this event's seq).
    Snapshot { kind: SnapshotKind, language: Language, bytes: usize },
    /// A run or submission began.
    RunStarted { mode: RunMode, language: Language },
    /// A run or submission finished (stored under the kind `run` or `submit`).
    RunFinished(RunRecord),
    /// A chat message, from either side.
    Chat(ChatLine),
    /// The observer's view of the code changed.
    Observed(ObserverNote),
    /// The room's window gained (`true`) or lost focus.
    Focus { focused: bool },
    /// The candidate pasted text into the editor.
    Paste {
        #[serde(default)]
        chars: Option<u32>,
    },
    /// The candidate switched the editor's language.
    LanguageSwitched { from: Language, to: Language },
    /// The interviewer warned that time is running out.
    TimeWarning { minutes_left: u32 },
    /// The session ended; `status` is `None` when the server ended it without saying which
    /// final state it reached (records written before it was kept).
    Ended {
        #[serde(default, deserialize_with = "lenient_status")]
        status: Option<SessionStatus>,
    },
}

fn lenient_status<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<SessionStatus>, D::Error> {
    let raw = Option::<String>::deserialize(d)?;
    Ok(raw.and_then(|r| SessionStatus::parse(&r)))
}

impl SessionEvent {
    /// The stored kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Created { .. } => "created",
            Self::TimerStarted { .. } => "timer_started",
            Self::Edit(_) => "edit",
            Self::Snapshot { .. } => "snapshot",
            Self::RunStarted { .. } => "run_started",
            Self::RunFinished(r) => r.mode.code(),
            Self::Chat(_) => "chat",
            Self::Observed(_) => "observed",
            Self::Focus { .. } => "focus",
            Self::Paste { .. } => "paste",
            Self::LanguageSwitched { .. } => "language_switched",
            Self::TimeWarning { .. } => "time_warning",
            Self::Ended { .. } => "ended",
        }
    }

    /// The stored payload: the event's fields and the format version, as JSON.
    pub fn payload(&self) -> String {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut value {
            map.remove("event");
            map.insert("v".into(), RECORD_VERSION.into());
        }
        value.to_string()
    }

    /// Decodes a stored event.
    pub fn decode(kind: &str, payload: &str) -> Result<Self, Unreadable> {
        let fail = |reason: String| Unreadable { kind: kind.chars().take(40).collect(), reason };
        let value: Value = serde_json::from_str(payload).map_err(|e| fail(format!("not JSON: {e}")))?;
        let Value::Object(mut map) = value else { return Err(fail("not a JSON object".into())) };
        match map.remove("v").map(|v| v.as_u64()) {
            None => {}
            Some(Some(v)) if v <= RECORD_VERSION => {}
            Some(Some(v)) => return Err(fail(format!("written by a newer version of the record format ({v})"))),
            Some(None) => return Err(fail("its version is not a number".into())),
        }
        let event = match kind {
            "run" | "submit" => {
                map.insert("mode".into(), kind.into());
                "run_finished".to_string()
            }
            // Before the record was typed, focus, blur and paste were one `signal` kind.
            "signal" => return legacy_signal(&map).ok_or_else(|| fail("unknown signal".into())),
            "created" | "timer_started" | "edit" | "snapshot" | "run_started" | "chat" | "observed" | "focus"
            | "paste" | "language_switched" | "time_warning" | "ended" => kind.to_string(),
            _ => return Err(fail("unknown kind".into())),
        };
        map.insert("event".into(), Value::String(event));
        serde_json::from_value(Value::Object(map)).map_err(|e| fail(e.to_string()))
    }
}

fn legacy_signal(map: &Map<String, Value>) -> Option<SessionEvent> {
    let chars = map.get("chars").and_then(Value::as_u64).and_then(|c| u32::try_from(c).ok());
    match map.get("kind")?.as_str()? {
        "focus" => Some(SessionEvent::Focus { focused: true }),
        "blur" => Some(SessionEvent::Focus { focused: false }),
        "paste" => Some(SessionEvent::Paste { chars }),
        _ => None,
    }
}

/// A stored event that could not be decoded, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("event of kind {kind:?} could not be read: {reason}")]
pub struct Unreadable {
    pub kind: String,
    pub reason: String,
}

/// An event of a session's record with its place and time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Logged {
    /// Its sequence number in the session's log (1, 2, ...).
    pub seq: i64,
    /// Server time, ms since the epoch.
    pub at: i64,
    pub event: SessionEvent,
}

/// The code of a session at some moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeState {
    /// Event sequence number of the snapshot the code is based on (0: the starter).
    pub base_seq: i64,
    pub language: Language,
    pub code: String,
    /// The client's last stored edit.
    pub last_edit_seq: u64,
}

impl CodeState {
    /// The code from a base (the latest snapshot, or the starter at seq 0) with every edit
    /// logged after the base applied in order. An edit that does not fit is skipped.
    pub fn rebuild<'a>(
        base_seq: i64,
        language: Language,
        code: String,
        edits: impl IntoIterator<Item = (i64, &'a Edit)>,
    ) -> Self {
        let mut state = Self { base_seq, language, code, last_edit_seq: 0 };
        for (seq, e) in edits {
            state.last_edit_seq = state.last_edit_seq.max(e.seq);
            if seq > base_seq {
                if let Some(next) = edit::apply(&state.code, e.at, e.del, &e.ins) {
                    state.code = next;
                    state.language = e.language;
                }
            }
        }
        state
    }
}

#[cfg(test)]
mod tests;
