//! What the problem and run APIs send: shared by the server and the browser. Hidden cases
//! appear only as an index and a verdict.

use serde::{Deserialize, Serialize};

use crate::domain::error::AppError;
use crate::domain::{Difficulty, Language, Verdict};

/// Problems per page of the list.
pub const PAGE_SIZE: u32 = 20;

/// One row of the problem list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemSummary {
    pub slug: String,
    pub title: String,
    pub difficulty: Difficulty,
    pub categories: Vec<String>,
    pub languages: Vec<Language>,
    /// The signed-in user submitted an accepted solution.
    pub solved: bool,
    /// The signed-in user ran or submitted code for it.
    pub attempted: bool,
}

/// One page of the problem list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemList {
    pub items: Vec<ProblemSummary>,
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    /// The categories that have problems under the other filters (difficulty and search), with
    /// how many, in [`CATEGORY_OPTIONS`] order: the ones worth offering.
    #[serde(default)]
    pub categories: Vec<CategoryCount>,
}

/// A category and how many problems it has under the current filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCount {
    pub code: String,
    pub count: u64,
}

/// The categories that have problems at one difficulty, with how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DifficultyCategories {
    pub difficulty: Difficulty,
    pub categories: Vec<CategoryCount>,
}

/// The label of category `code`, or the code itself when it is not one of [`CATEGORY_OPTIONS`].
pub fn category_label(code: &str) -> String {
    CATEGORY_OPTIONS.iter().find(|(c, _)| *c == code).map(|(_, l)| l.to_string()).unwrap_or_else(|| code.to_string())
}

/// "1 problem", "2 problems".
pub fn problem_count(n: u64) -> String {
    if n == 1 {
        "1 problem".to_string()
    } else {
        format!("{n} problems")
    }
}

/// A visible example: named arguments (JSON) and the expected result (JSON), or the name of
/// a test for test-code problems.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    pub inputs: Vec<(String, String)>,
    pub expected: Option<String>,
    pub test: Option<String>,
}

/// Starter code in one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Starter {
    pub language: Language,
    pub code: String,
}

/// A problem as a candidate sees it: no hidden case, no reference solution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemDetail {
    pub slug: String,
    pub title: String,
    pub version: i64,
    pub difficulty: Difficulty,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    /// The statement rendered from Markdown and sanitized on the server.
    pub statement_html: String,
    pub constraints: Vec<String>,
    /// Ordered, gentlest first.
    pub hints: Vec<String>,
    pub examples: Vec<Example>,
    pub starters: Vec<Starter>,
    /// How many hidden cases a submission also runs.
    pub hidden_cases: u32,
    /// The statement has its own examples (with explanations), so the page need not list
    /// the visible cases again.
    #[serde(default)]
    pub examples_in_statement: bool,
}

pub use crate::domain::RunMode;

/// The body of `POST /api/runs`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRequest {
    pub slug: String,
    pub language: Language,
    pub source: String,
    pub mode: RunMode,
    /// The interview session this run belongs to: it then uses the session's problem version
    /// and is recorded in the session's log.
    #[serde(default)]
    pub session_id: Option<String>,
}

/// The result of one case. For a hidden case only `index`, `hidden` and `verdict` are set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseResult {
    /// 0-based position: visible cases first, then hidden ones.
    pub index: u32,
    pub hidden: bool,
    pub verdict: Verdict,
    pub time_ms: Option<f64>,
    pub inputs: Vec<(String, String)>,
    pub test: Option<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    pub stdout: String,
    pub stderr: String,
    pub error: Option<String>,
}

/// The outcome of a whole run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    pub run_id: String,
    pub mode: RunMode,
    /// Accepted, or the verdict of the first case that failed.
    pub verdict: Verdict,
    pub passed: u32,
    pub total: u32,
    pub compile_error: Option<String>,
    pub wall_ms: u64,
}

impl RunSummary {
    /// The summary of a run as the session's record keeps it.
    pub fn from_record(run: &crate::record::RunRecord) -> Self {
        Self {
            run_id: run.run_id.clone(),
            mode: run.mode,
            verdict: run.verdict,
            passed: run.passed,
            total: run.total,
            compile_error: run.compile_error.clone(),
            wall_ms: run.wall_ms,
        }
    }
}

/// A full, non-streamed result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    pub summary: RunSummary,
    pub cases: Vec<CaseResult>,
}

/// One line of the streamed run (`application/x-ndjson`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum RunEvent {
    /// The job was accepted and is running `total` cases.
    Started { total: u32 },
    /// Every sandbox slot this run may use is busy: it waits at `position` in line (1 = next).
    Queued { position: u32 },
    /// One case finished.
    Case { result: CaseResult },
    /// Every case is accounted for; the last event.
    Finished { summary: RunSummary },
    /// The run could not be completed; the last event.
    Failed { error: AppError },
}

/// The problem categories (stored code, label): the format accepts exactly these.
pub const CATEGORY_OPTIONS: &[(&str, &str)] = &[
    ("arrays", "Arrays"),
    ("strings", "Strings"),
    ("hash-maps", "Hash maps"),
    ("two-pointers", "Two pointers"),
    ("sliding-window", "Sliding window"),
    ("stacks", "Stacks"),
    ("queues", "Queues"),
    ("linked-lists", "Linked lists"),
    ("trees", "Trees"),
    ("graphs", "Graphs"),
    ("heaps", "Heaps"),
    ("binary-search", "Binary search"),
    ("sorting", "Sorting"),
    ("dynamic-programming", "Dynamic programming"),
    ("greedy", "Greedy"),
    ("backtracking", "Backtracking"),
    ("intervals", "Intervals"),
    ("math", "Math"),
    ("bit-manipulation", "Bit manipulation"),
    ("matrices", "Matrices"),
];

/// The problem list's filters, as in its address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilters {
    pub difficulty: Option<String>,
    pub category: Option<String>,
    /// The search text.
    pub q: Option<String>,
}

/// Percent-encodes a query-string value (everything but unreserved characters).
fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl ListFilters {
    /// The list's address with these filters at `page`: only the filters that are set, and
    /// the page only past the first, so no empty `name=` pair ever appears.
    pub fn href(&self, page: u32) -> String {
        let mut parts = Vec::new();
        let set = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(encode_component);
        if let Some(d) = set(&self.difficulty) {
            parts.push(format!("difficulty={d}"));
        }
        if let Some(c) = set(&self.category) {
            parts.push(format!("category={c}"));
        }
        if let Some(q) = set(&self.q) {
            parts.push(format!("q={q}"));
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            "/problems".to_string()
        } else {
            format!("/problems?{}", parts.join("&"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filters(d: &str, c: &str, q: &str) -> ListFilters {
        let some = |s: &str| Some(s.to_string());
        ListFilters { difficulty: some(d), category: some(c), q: some(q) }
    }

    #[test]
    fn list_addresses_carry_only_the_filters_that_are_set() {
        assert_eq!(ListFilters::default().href(1), "/problems");
        assert_eq!(filters("", "", "").href(1), "/problems");
        assert_eq!(filters("easy", "", " ").href(1), "/problems?difficulty=easy");
        assert_eq!(filters("", "trees", "").href(2), "/problems?category=trees&page=2");
        assert_eq!(
            filters("hard", "graphs", "two sum").href(3),
            "/problems?difficulty=hard&category=graphs&q=two%20sum&page=3"
        );
        for href in [filters("", "", "").href(2), filters("easy", "", "").href(1), filters("", "", "x").href(1)] {
            assert!(!href.contains("&=") && !href.contains("=&") && !href.ends_with('='), "{href}");
        }
    }

    #[test]
    fn search_text_is_percent_encoded() {
        assert_eq!(filters("", "", "a&b=c#d%e/é").href(1), "/problems?q=a%26b%3Dc%23d%25e%2F%C3%A9");
    }

    #[test]
    fn counts_are_pluralised() {
        assert_eq!(problem_count(0), "0 problems");
        assert_eq!(problem_count(1), "1 problem");
        assert_eq!(problem_count(53), "53 problems");
    }
}
