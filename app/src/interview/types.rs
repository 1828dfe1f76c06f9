//! Interview sessions as the server and the browser share them.

use serde::{Deserialize, Serialize};

use crate::domain::{Difficulty, Language};
use crate::problems::types::ProblemDetail;

/// The durations a candidate can choose, in minutes.
pub const DURATIONS: [u32; 4] = [15, 30, 45, 60];

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

/// A problem offered before starting: the candidate confirms (and spends a credit) or asks
/// for another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub slug: String,
    pub title: String,
    pub difficulty: Difficulty,
    pub categories: Vec<String>,
    pub languages: Vec<Language>,
}

/// A session as its owner sees it in the room.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub id: String,
    pub status: SessionStatus,
    pub language: Language,
    pub duration_minutes: u32,
    /// Server clock when this view was made, for the client's offset (ms since the epoch).
    pub server_now: i64,
    pub started_at: Option<i64>,
    pub deadline_at: Option<i64>,
    pub ended_at: Option<i64>,
    /// The latest saved code (or the starter).
    pub code: String,
    /// Sequence number of the last event in the session's log.
    pub last_seq: i64,
    /// The interview chat so far.
    pub chat: Vec<crate::interviewer::types::ChatMessage>,
    pub problem: ProblemDetail,
}

/// The pass count of a run or submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestTally {
    pub passed: u32,
    pub total: u32,
    /// The verdict, readable ("wrong answer").
    pub verdict: String,
}

/// An ended (or still open) session's summary, with its evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: String,
    pub title: String,
    pub slug: String,
    pub difficulty: Difficulty,
    pub language: Language,
    pub status: SessionStatus,
    pub duration_minutes: u32,
    /// Time used, for ended sessions.
    pub used_ms: Option<i64>,
    pub last_run: Option<TestTally>,
    pub last_submit: Option<TestTally>,
    /// The final code, in `code_language`.
    pub code: String,
    pub code_language: Language,
    pub evaluation: crate::interviewer::types::EvaluationState,
}

/// The clock of a session, for the room's timer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SessionClock {
    pub server_now: i64,
    pub deadline_at: Option<i64>,
    pub status: SessionStatus,
}

/// One row of the interview history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRow {
    pub id: String,
    pub problem_title: String,
    pub difficulty: Difficulty,
    pub language: Language,
    pub status: SessionStatus,
    pub created_at: i64,
    pub duration_minutes: u32,
    /// Minutes actually used, for ended sessions.
    pub minutes_used: Option<u32>,
    /// Hidden and visible cases passed by the last submission, if any.
    pub score: Option<(u32, u32)>,
    /// The evaluation's overall score in tenths, once ready.
    pub overall: Option<u8>,
    /// The evaluation is queued or running.
    pub evaluating: bool,
}

/// A page of history, newest first; `next` is the cursor for the following page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryPage {
    pub rows: Vec<SessionRow>,
    pub next: Option<String>,
    /// How many interviews the user has in all.
    pub total: u64,
}

#[cfg(test)]
mod tests {
    use crate::interview::types::SessionStatus as S;

    #[test]
    fn only_forward_transitions_are_allowed() {
        assert!(S::Scheduled.can_become(S::Active));
        assert!(S::Active.can_become(S::Completed));
        assert!(S::Active.can_become(S::Expired));
        assert!(S::Scheduled.can_become(S::Abandoned));
        assert!(!S::Active.can_become(S::Scheduled));
        assert!(!S::Active.can_become(S::Active));
        for done in [S::Completed, S::Abandoned, S::Expired, S::Errored] {
            for to in S::ALL {
                assert!(!done.can_become(to), "{done:?} -> {to:?}");
            }
        }
    }

    #[test]
    fn the_database_guards_come_from_the_same_rules() {
        assert_eq!(S::sources_sql(S::Active).as_deref(), Some("('scheduled')"));
        assert_eq!(S::sources_sql(S::Completed).as_deref(), Some("('scheduled', 'active')"));
        assert_eq!(S::sources_sql(S::Errored).as_deref(), Some("('scheduled', 'active')"));
        assert_eq!(S::sources_sql(S::Scheduled), None);
    }
}
