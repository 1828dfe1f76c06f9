//! What the AI interviewer and the code observer share with the room.

use serde::{Deserialize, Serialize};

/// The longest chat message a candidate may send, in characters.
pub const MAX_CHAT_CHARS: usize = 2_000;

/// A syntax error the observer found, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyntaxIssue {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// An approach the code appears to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    HashMap,
    Sorting,
    TwoPointers,
    DpTable,
    Bfs,
    Dfs,
    Heap,
    BinarySearch,
    Stack,
}

impl Signal {
    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::HashMap => "hash map",
            Self::Sorting => "sorting",
            Self::TwoPointers => "two pointers",
            Self::DpTable => "dynamic-programming table",
            Self::Bfs => "breadth-first search",
            Self::Dfs => "depth-first search",
            Self::Heap => "heap",
            Self::BinarySearch => "binary search",
            Self::Stack => "stack",
        }
    }
}

/// What the observer found in a version of the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Insights {
    /// The code parses without errors.
    pub parses: bool,
    /// At most a few, first first.
    pub syntax_errors: Vec<SyntaxIssue>,
    /// The deepest nesting of loops (0: none).
    pub loop_depth: u32,
    /// Functions that call themselves.
    pub recursive: Vec<String>,
    /// Estimated time complexity, e.g. "O(n^2)"; `None` when there is nothing to estimate.
    pub complexity: Option<String>,
    /// Approaches the code appears to use, sorted.
    pub signals: Vec<Signal>,
    /// Non-blank, non-comment lines.
    pub code_lines: u32,
    /// The code parses and changed since the last run: worth running.
    pub suggest_run: bool,
}

/// Who said something in the interview chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Speaker {
    Candidate,
    Interviewer,
}

/// One message of the interview chat, as the room shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    /// The event's sequence number in the session's log.
    pub seq: i64,
    /// Server time (ms since the epoch).
    pub at: i64,
    pub speaker: Speaker,
    /// The text as written (Markdown for the interviewer).
    pub text: String,
    /// The interviewer's Markdown rendered and sanitized on the server; empty for the
    /// candidate, whose text is always shown as plain text.
    pub html: String,
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
