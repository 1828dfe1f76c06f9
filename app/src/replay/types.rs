//! The replay's wire types: the manifest a player opens with (the timeline, markers, run
//! summaries, integrity signals, the start-vs-final diff and where each chunk of the code's
//! history starts), the chunks themselves (a keyframe and the operations after it), a run's
//! results, and share links.

use serde::{Deserialize, Serialize};

use crate::domain::{Difficulty, Language, RunMode, Verdict};
use crate::problems::types::Example;
use crate::record::integrity::{Integrity, Span};
use crate::record::{CaseRecord, SessionStatus, Speaker};

/// Everything a player needs before it shows the first frame, except the code's history,
/// which comes in [`Chunk`]s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub title: String,
    pub slug: String,
    pub difficulty: Difficulty,
    pub status: SessionStatus,
    pub duration_minutes: u32,
    /// When the clock started (ms since the epoch); every `t` is ms after it.
    pub started_at: i64,
    /// From the clock's start to the end.
    pub length_ms: i64,
    /// Who the session belongs to, when the page may say so (a share link whose owner chose
    /// to show it).
    #[serde(default)]
    pub owner: Option<OwnerIdentity>,
    /// Whether the chat is part of this replay (a share link may leave it out).
    pub chat_included: bool,
    pub markers: Vec<Marker>,
    /// Runs and submissions in order; markers point into it.
    pub runs: Vec<RunSummary>,
    /// The chat in order (empty when left out).
    pub chat: Vec<ChatEntry>,
    /// Edit operations per [`Manifest::density_bucket_ms`], from the start.
    pub density: Vec<u32>,
    pub density_bucket_ms: i64,
    /// Stretches with no activity at all for at least [`Manifest::idle_threshold_ms`].
    pub idle: Vec<Span>,
    pub idle_threshold_ms: i64,
    pub integrity: Integrity,
    /// Where each chunk of the code's history starts, in order.
    pub chunks: Vec<ChunkRef>,
    /// The code as it started and as it ended, line by line.
    pub diff: CodeDiff,
}

/// The owner's name and email, shown only when they opted in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerIdentity {
    pub name: String,
    pub email: String,
}

/// Something that happened at a moment, on one of the timeline's tracks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// ms after the clock started.
    pub t: i64,
    pub kind: MarkerKind,
    /// What a screen reader says and a tooltip shows ("Run: 3/5 passed").
    pub label: String,
}

/// The kinds of marker, each on its track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MarkerKind {
    /// A run or a submission: `run` indexes [`Manifest::runs`].
    Run { run: usize },
    /// A chat message: `entry` indexes [`Manifest::chat`].
    Chat { entry: usize },
    /// The observer's view of the code changed.
    Insight,
    /// The interviewer warned of the time left.
    TimeWarning,
    /// The editor's language changed.
    LanguageSwitch,
    /// A paste into the editor.
    Paste,
    /// The window lost focus (for as long as the matching away span lasts).
    FocusLost,
    /// A large insertion no paste explains.
    LargeInsertion,
    /// A stretch of unusually fast typing began.
    Burst,
    /// The session ended.
    Ended,
}

impl MarkerKind {
    /// The track the marker is drawn on.
    pub fn track(self) -> Track {
        match self {
            Self::Run { .. } => Track::Runs,
            Self::Chat { .. } => Track::Chat,
            Self::Insight | Self::TimeWarning | Self::LanguageSwitch | Self::Ended => Track::Session,
            Self::Paste | Self::FocusLost | Self::LargeInsertion | Self::Burst => Track::Integrity,
        }
    }
}

/// The timeline's tracks, top to bottom (edit density is drawn above them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    Runs,
    Chat,
    Session,
    Integrity,
}

impl Track {
    pub const ALL: [Self; 4] = [Self::Runs, Self::Chat, Self::Session, Self::Integrity];

    pub fn label(self) -> &'static str {
        match self {
            Self::Runs => "Runs and submissions",
            Self::Chat => "Chat",
            Self::Session => "Interviewer and session",
            Self::Integrity => "Integrity signals",
        }
    }
}

/// A run or submission as the timeline shows it; its cases come on request ([`RunDetail`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSummary {
    pub t: i64,
    pub mode: RunMode,
    pub language: Language,
    pub verdict: Verdict,
    pub passed: u32,
    pub total: u32,
    pub wall_ms: u64,
}

/// A run's results: visible cases in full, hidden cases by verdict only (the record never
/// held more of them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunDetail {
    pub summary: RunSummary,
    #[serde(default)]
    pub compile_error: Option<String>,
    pub cases: Vec<CaseRecord>,
    /// Beside each case, what it gave the code and expected back, from the problem's visible
    /// examples at the session's version (`None` for a hidden case, always).
    #[serde(default)]
    pub examples: Vec<Option<Example>>,
}

/// A line of the chat at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatEntry {
    pub t: i64,
    pub speaker: Speaker,
    pub text: String,
}

/// Where a chunk of the code's history starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkRef {
    /// Its first operation's time (0 for the first chunk).
    pub start: i64,
    /// How many operations it holds.
    pub ops: u32,
}

/// A stretch of the code's history: the code at its start and every change in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chunk {
    pub index: u32,
    pub keyframe: Keyframe,
    pub ops: Vec<Op>,
}

/// The whole code at a chunk's start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Keyframe {
    pub t: i64,
    pub language: Language,
    pub code: String,
}

/// One change to the code at a moment, with the record's sequence number of the event that
/// made it. Kept short on the wire: a session of an hour holds tens of thousands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// `E: [t, seq, at, del, ins]`: at char offset `at`, `del` chars replaced by `ins`.
    E(i64, i64, usize, usize, String),
    /// `L: [t, seq, language]`: the language changed with an edit.
    L(i64, i64, Language),
    /// `S: [t, seq, language, code]`: the code was replaced by a stored copy.
    S(i64, i64, Language, String),
}

impl Op {
    pub fn t(&self) -> i64 {
        match self {
            Self::E(t, ..) | Self::L(t, ..) | Self::S(t, ..) => *t,
        }
    }

    pub fn seq(&self) -> i64 {
        match self {
            Self::E(_, s, ..) | Self::L(_, s, ..) | Self::S(_, s, ..) => *s,
        }
    }
}

/// The code as it started and as it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeDiff {
    pub start_language: Language,
    pub final_language: Language,
    pub lines: Vec<DiffLine>,
    pub added: u32,
    pub removed: u32,
}

/// A line of the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    pub change: Change,
    /// Its number in the starting code (absent for an added line).
    pub old: Option<u32>,
    /// Its number in the final code (absent for a removed line).
    pub new: Option<u32>,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Same,
    Added,
    Removed,
}

// ---------- share links ----------

/// How long a share link lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expiry {
    Day,
    #[default]
    Week,
    Month,
    Never,
}

impl Expiry {
    pub const ALL: [Self; 4] = [Self::Day, Self::Week, Self::Month, Self::Never];

    pub fn code(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Never => "never",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Day => "1 day",
            Self::Week => "7 days",
            Self::Month => "30 days",
            Self::Never => "Never",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.code() == raw)
    }

    /// How long it lasts, in ms (`None`: forever).
    pub fn ms(self) -> Option<i64> {
        const DAY: i64 = 24 * 60 * 60 * 1000;
        match self {
            Self::Day => Some(DAY),
            Self::Week => Some(7 * DAY),
            Self::Month => Some(30 * DAY),
            Self::Never => None,
        }
    }
}

/// What a share link shows besides the replay and the evaluation (hidden tests and reference
/// solutions are never part of anything shared).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Scope {
    /// The chat between the candidate and the interviewer.
    pub chat: bool,
    /// The owner's name and email.
    pub identity: bool,
}

/// Where a share link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkState {
    Active,
    Expired,
    Revoked,
}

impl LinkState {
    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Expired => "Expired",
            Self::Revoked => "Revoked",
        }
    }
}

/// A share link as its owner sees it (never its token, which is shown once, at creation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareLink {
    pub id: String,
    pub session_id: String,
    pub problem_title: String,
    pub scope: Scope,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub views: i64,
    pub last_viewed_at: Option<i64>,
    pub state: LinkState,
}

/// A link just created: its address (with the token) is shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedLink {
    pub link: ShareLink,
    /// The path to open it (`/shared/<token>`); the page adds its origin.
    pub path: String,
}
