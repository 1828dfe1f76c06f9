//! What the rubric reads from a session's record, taken once: runs (and whether the code
//! changed before each), what each candidate message explains, hints given, and stalls.

use crate::evaluation::server::evaluator::{stamp, SessionFacts};
use crate::interviewer::server::engine::{
    classify, complexity_claims, describes_approach, rank, Claims, Intent, RunOutcome,
};
use crate::interviewer::server::outcome_of;
use crate::record::{SessionEvent, Speaker};

/// A stretch this long with no edit, run or message counts as a stall.
pub const STALL_MS: i64 = 4 * 60_000;

/// A run or submission, with its time.
pub(super) struct Run {
    pub at: i64,
    pub outcome: RunOutcome,
    /// The code changed (an edit or a save) since the run before it.
    pub fresh: bool,
}

impl std::ops::Deref for Run {
    type Target = RunOutcome;
    fn deref(&self) -> &RunOutcome {
        &self.outcome
    }
}

/// What one candidate message explains.
pub(super) struct Said {
    pub at: i64,
    intent: Intent,
    claims: Claims,
    edge_cases: Vec<&'static str>,
    trade_off: bool,
    /// Describes how the problem will be solved.
    approach: bool,
}

/// Edge cases a candidate may name, by the words that name them.
const EDGE_CASES: &[(&str, &[&str])] = &[
    ("empty input", &["empty", "no elements", "zero elements"]),
    ("a single element", &["single element", "one element", "single item", "length 1", "length one", "size 1"]),
    ("duplicates", &["duplicate", "repeated", "same value"]),
    ("negative numbers", &["negative"]),
    ("zeros", &["zero"]),
    ("overflow", &["overflow", "very large", "huge"]),
    ("null input", &["null", "none input", "nil"]),
    ("boundaries", &["boundary", "edge case", "corner case", "off by one", "off-by-one"]),
];

const TRADE_OFF_WORDS: &[&str] = &[
    "trade-off",
    "tradeoff",
    "trade off",
    "instead of",
    "at the cost",
    "versus",
    " vs ",
    "rather than",
    "in exchange",
];

fn said(at: i64, text: &str) -> Said {
    let lower = text.to_lowercase();
    let edge_cases =
        EDGE_CASES.iter().filter(|(_, words)| words.iter().any(|w| lower.contains(w))).map(|(name, _)| *name).collect();
    let trade_off = TRADE_OFF_WORDS.iter().any(|w| lower.contains(w));
    let approach = describes_approach(&lower);
    Said { at, intent: classify(text), claims: complexity_claims(text), edge_cases, trade_off, approach }
}

impl Said {
    /// Asks for help rather than explaining anything.
    pub fn asks_for_help(&self) -> bool {
        matches!(self.intent, Intent::Hint | Intent::Solution)
    }

    pub fn explains_approach(&self) -> bool {
        self.approach && !self.asks_for_help()
    }
}

pub(super) fn clamp(score: f64) -> u8 {
    score.round().clamp(1.0, 10.0) as u8
}

fn squash(code: &str) -> String {
    code.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Everything the rubric rows read, taken from the session once.
pub(super) struct Digest<'a> {
    pub f: &'a SessionFacts,
    pub runs: Vec<Run>,
    pub said: Vec<Said>,
    /// When the interviewer gave one of the problem's hints.
    pub hints: Vec<i64>,
    /// When a stretch of at least [`STALL_MS`] without activity began.
    pub stalls: Vec<i64>,
    pub first_edit: Option<i64>,
    pub wrote_code: bool,
}

impl<'a> Digest<'a> {
    pub fn of(f: &'a SessionFacts) -> Self {
        let mut runs = Vec::new();
        let mut said_list = Vec::new();
        let mut hints = Vec::new();
        let mut activity = vec![f.started_at];
        let mut changed = false;
        let mut first_edit = None;
        for e in &f.events {
            match &e.event {
                SessionEvent::Edit(_) | SessionEvent::Snapshot { .. } => {
                    changed = true;
                    first_edit = first_edit.or(Some(e.at));
                    activity.push(e.at);
                }
                SessionEvent::RunFinished(run) => {
                    runs.push(Run { at: e.at, outcome: outcome_of(run), fresh: changed });
                    changed = false;
                    activity.push(e.at);
                }
                SessionEvent::Chat(line) if line.speaker == Speaker::Candidate => {
                    said_list.push(said(e.at, &line.text));
                    activity.push(e.at);
                }
                SessionEvent::Chat(line) if line.hint.is_some() => hints.push(e.at),
                _ => {}
            }
        }
        let solved_at = runs.iter().find(|r| r.submit && r.all_passed()).map(|r| r.at);
        // After a solving submission, the wait for the end is not a stall.
        activity.push(solved_at.unwrap_or(f.ended_at));
        activity.sort_unstable();
        let stalls = activity.windows(2).filter(|w| w[1] - w[0] >= STALL_MS).map(|w| w[0]).collect();
        let wrote_code = squash(&f.final_code) != squash(&f.starter_code) && f.insights.code_lines > 0;
        Self { f, runs, said: said_list, hints, stalls, first_edit, wrote_code }
    }

    pub fn at(&self, t: i64) -> String {
        stamp(self.f.started_at, t)
    }

    pub fn last_submit(&self) -> Option<&Run> {
        self.runs.iter().rev().find(|r| r.submit)
    }

    pub fn last_run(&self) -> Option<&Run> {
        self.runs.last()
    }

    pub fn solved(&self) -> bool {
        self.last_submit().is_some_and(|s| s.all_passed())
    }

    /// Nothing happened: no code, no run, not a word.
    pub fn idle(&self) -> bool {
        !self.wrote_code && self.runs.is_empty() && self.said.is_empty()
    }

    /// The final code's estimated time, when there is written code that parses.
    pub fn estimated(&self) -> Option<String> {
        self.f.insights.complexity.clone().filter(|_| self.wrote_code && self.f.insights.parses)
    }

    pub fn approach_said(&self) -> Option<&Said> {
        self.said.iter().find(|s| s.explains_approach())
    }

    pub fn clarified(&self) -> Option<&Said> {
        self.said.iter().find(|s| s.intent == Intent::Clarify)
    }

    /// The time complexities claimed, with the message that claimed them.
    pub fn time_claims(&self) -> Vec<(&Said, &str)> {
        self.said.iter().filter_map(|s| s.claims.time.as_deref().map(|c| (s, c))).collect()
    }

    pub fn space_claim(&self) -> Option<(&Said, &str)> {
        self.said.iter().find_map(|s| s.claims.space.as_deref().map(|c| (s, c)))
    }

    /// The last time claim and whether it agrees with the code (or, with no code to read,
    /// with the best known time).
    pub fn claim_check(&self) -> Option<(&Said, &str, bool)> {
        let (s, c) = *self.time_claims().last()?;
        let reference = self.estimated().unwrap_or_else(|| self.f.optimal_time.clone());
        Some((s, c, rank(c) == rank(&reference)))
    }

    /// Edge cases the candidate named, with when they first did.
    pub fn edge_cases(&self) -> (Vec<&'static str>, Option<i64>) {
        let mut names: Vec<&'static str> = Vec::new();
        let mut first = None;
        for s in self.said.iter().filter(|s| !s.asks_for_help()) {
            for n in &s.edge_cases {
                if !names.contains(n) {
                    names.push(n);
                    first = first.or(Some(s.at));
                }
            }
        }
        (names, first)
    }

    pub fn trade_off(&self) -> Option<&Said> {
        self.said.iter().find(|s| s.trade_off && !s.asks_for_help())
    }

    pub fn help_asks(&self) -> (usize, usize) {
        let hints = self.said.iter().filter(|s| s.intent == Intent::Hint).count();
        let solutions = self.said.iter().filter(|s| s.intent == Intent::Solution).count();
        (hints, solutions)
    }

    /// How far the candidate got, 0–1: the last submission's share of cases; less for runs
    /// alone, which never check the hidden cases.
    pub fn progress(&self) -> f64 {
        match (self.last_submit(), self.last_run()) {
            (Some(s), _) => s.ratio(),
            (None, Some(r)) => 0.4 * r.ratio(),
            (None, None) if self.wrote_code && self.f.insights.parses => 0.1,
            _ => 0.0,
        }
    }
}
