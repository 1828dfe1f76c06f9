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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

pub use crate::record::Speaker;

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
