//! The evaluation's wire types: rubric scores, the recommendation, and the summary page's data.

use serde::{Deserialize, Serialize};

use crate::domain::{Difficulty, Language};
use crate::record::SessionStatus;

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
    pub evaluation: EvaluationState,
    /// What the record says about how the code came to be, once the session has ended.
    #[serde(default)]
    pub integrity: Option<crate::record::integrity::Integrity>,
}

/// A rubric dimension of the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Understanding,
    Approach,
    Correctness,
    Testing,
    Communication,
    Independence,
}

impl Dimension {
    /// Every dimension, in the order the summary shows them.
    pub const ALL: [Self; 6] = [
        Self::Understanding,
        Self::Approach,
        Self::Correctness,
        Self::Testing,
        Self::Communication,
        Self::Independence,
    ];

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Understanding => "Problem understanding",
            Self::Approach => "Approach and complexity",
            Self::Correctness => "Code correctness and quality",
            Self::Testing => "Verification and testing",
            Self::Communication => "Communication",
            Self::Independence => "Independence",
        }
    }
}

/// One scored dimension with the reasons for its score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub dimension: Dimension,
    /// 1–10; `None` when the session gives nothing to judge it by (e.g. communication when
    /// nobody spoke: a code-only evaluation).
    pub score: Option<u8>,
    /// A sentence or two citing moments of the session ("hidden tests 7/8 at 23:10").
    pub justification: String,
}

/// The hiring recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    StrongYes,
    Yes,
    Maybe,
    No,
}

impl Recommendation {
    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::StrongYes => "Strong Yes",
            Self::Yes => "Yes",
            Self::Maybe => "Maybe",
            Self::No => "No",
        }
    }

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::StrongYes => "strong_yes",
            Self::Yes => "yes",
            Self::Maybe => "maybe",
            Self::No => "no",
        }
    }

    /// The recommendation an overall score (tenths, 10–100) leads to.
    pub fn for_overall(tenths: u8) -> Self {
        match tenths {
            80.. => Self::StrongYes,
            65..=79 => Self::Yes,
            45..=64 => Self::Maybe,
            _ => Self::No,
        }
    }
}

/// The evaluation of an interview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Overall score in tenths: 73 is 7.3 out of 10.
    pub overall: u8,
    pub recommendation: Recommendation,
    pub scores: Vec<Score>,
    pub strengths: Vec<String>,
    pub improvements: Vec<String>,
    /// The report in Markdown.
    pub report: String,
    /// No conversation took place: the evaluation rests on the code alone.
    pub code_only: bool,
    /// Which engine produced it ("built-in", or a provider's model).
    pub engine: String,
}

/// Where a session's evaluation is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EvaluationState {
    /// The session is still open: nothing to evaluate yet.
    NotEnded,
    /// The job is queued or running.
    Pending,
    /// Done; `report_html` is the report rendered and sanitized on the server.
    Ready { evaluation: Evaluation, report_html: String },
    /// Every attempt failed; the candidate can ask for another try.
    Failed { message: String },
}

/// A score in tenths as "7.3".
pub fn tenths(t: u8) -> String {
    format!("{}.{}", t / 10, t % 10)
}

/// The colour class of a score in tenths.
pub fn score_class(t: u8) -> &'static str {
    match t {
        75.. => "score-high",
        50..=74 => "score-mid",
        _ => "score-low",
    }
}
