//! Interview sessions as the server and the browser share them.

use serde::{Deserialize, Serialize};

use crate::domain::{Difficulty, Language};
use crate::problems::types::ProblemDetail;

/// The durations a candidate can choose, in minutes.
pub const DURATIONS: [u32; 4] = [15, 30, 45, 60];

pub use crate::record::SessionStatus;

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

/// The candidate's open interview, for the dashboard's Resume card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenInterview {
    pub id: String,
    pub problem_title: String,
    pub difficulty: Difficulty,
    pub language: Language,
    pub duration_minutes: u32,
    /// `None` until the room is first opened (the clock has not started).
    pub deadline_at: Option<i64>,
    /// Server clock when this was read (ms since the epoch).
    pub server_now: i64,
}

impl OpenInterview {
    /// What the card says about the clock.
    pub fn time_left(&self) -> String {
        match self.deadline_at {
            None => format!("{} minutes, not started yet", self.duration_minutes),
            Some(d) => {
                let minutes = ((d - self.server_now).max(0) + 59_999) / 60_000;
                if minutes == 1 {
                    "1 minute left".into()
                } else {
                    format!("{minutes} minutes left")
                }
            }
        }
    }
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
