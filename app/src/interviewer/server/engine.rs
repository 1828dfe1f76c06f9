//! The built-in interviewer: deterministic, offline, and honest. It follows the arc of a real
//! interview (frame the problem, invite questions, ask for the approach and its complexity
//! before coding, nudge with the problem's ordered hints when the candidate is stuck, react to
//! runs, warn about time, wrap up) and answers chat by intent. It never writes code and never
//! gives more than the problem's own hints, which stop short of the solution.

mod complexity;

pub use complexity::{complexity_claims, complexity_in, rank, Claims};

use crate::domain::Verdict;
use crate::interviewer::types::{Insights, Signal};

/// What the interviewer knows about the problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    pub title: String,
    pub difficulty: String,
    pub constraints: Vec<String>,
    /// Ordered, gentlest first.
    pub hints: Vec<String>,
    pub optimal_time: String,
    pub optimal_space: String,
    pub examples: usize,
    pub minutes: u32,
}

/// A run or submission as the interviewer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOutcome {
    pub submit: bool,
    pub verdict: Verdict,
    pub passed: u32,
    pub total: u32,
}

impl RunOutcome {
    /// Every case passed.
    pub fn all_passed(&self) -> bool {
        self.total > 0 && self.passed == self.total
    }

    /// The share of cases passed (0 when there were none).
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            f64::from(self.passed) / f64::from(self.total)
        }
    }
}

/// What has happened so far, as the interviewer keeps track of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    /// How many of the problem's hints were given.
    pub hints_given: usize,
    /// Runs and submissions, oldest first.
    pub runs: Vec<RunOutcome>,
    /// The observer's latest view of the code.
    pub insights: Option<Insights>,
    /// The candidate described an approach.
    pub approach_heard: bool,
    /// The last time complexity the candidate claimed, normalised.
    pub claimed: Option<String>,
    /// The last (extra) space complexity the candidate claimed, normalised.
    pub claimed_space: Option<String>,
    /// Milliseconds left on the clock, when known.
    pub remaining_ms: Option<i64>,
}

/// What a candidate's message is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// Asks for the answer or the code.
    Solution,
    /// Asks for a hint, or says they are stuck.
    Hint,
    /// States a time and/or space complexity (normalised, e.g. "O(n log n)").
    Complexity(Claims),
    /// Asks whether they are done.
    Done,
    /// Asks about constraints, inputs or examples.
    Clarify,
    /// Describes how they will solve it.
    Approach,
    /// Thanks the interviewer or says goodbye.
    Thanks,
    /// Anything else.
    Other,
}

/// An interviewer message and what it gave away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// Markdown.
    pub text: String,
    /// The index of the hint it gave, if any.
    pub hint: Option<usize>,
    /// Why it was said: `reply`, `opening`, `run`, `time_5`, `time_1`, `nudge`.
    pub trigger: &'static str,
}

fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// Words that describe how a problem will be solved.
const APPROACH_WORDS: &[&str] = &[
    "i will",
    "i'll",
    "i would",
    "my approach",
    "idea is",
    "plan is",
    "use a",
    "using a",
    "iterate",
    "loop",
    "hash",
    "map",
    "sort",
    "pointer",
    "dynamic programming",
    "dp",
    "bfs",
    "dfs",
    "recurs",
    "stack",
    "heap",
    "binary search",
    "brute force",
    "voting",
    "boyer",
    "sliding window",
    "prefix sum",
    "greedy",
];

/// Whether a (lowercased) message describes how the problem will be solved.
pub fn describes_approach(lower: &str) -> bool {
    has_any(lower, APPROACH_WORDS)
}

/// What a candidate's message is about.
pub fn classify(text: &str) -> Intent {
    let t = text.to_lowercase();
    if has_any(
        &t,
        &["solution", "the answer", "write the code", "write it for me", "show me the code", "give me the code"],
    ) && !has_any(&t, &["my solution", "my answer"])
    {
        return Intent::Solution;
    }
    // "Thanks for the hint!" thanks; "thanks, any hint?" or "thanks, I'm stuck" asks.
    if t.split_whitespace().count() <= 8
        && !t.contains('?')
        && !t.contains("o(")
        && !has_any(&t, &["stuck", "no idea", "help me", "don't know", "dont know"])
        && has_any(&t, &["thank", "thx", "cheers", "bye", "that's all", "that is all", "appreciate it"])
    {
        return Intent::Thanks;
    }
    if has_any(&t, &["hint", "stuck", "no idea", "don't know", "dont know", "not sure how", "clue", "help me"]) {
        return Intent::Hint;
    }
    let claims = complexity_claims(text);
    if claims.time.is_some() || claims.space.is_some() {
        return Intent::Complexity(claims);
    }
    if has_any(
        &t,
        &[
            "am i done",
            "is this done",
            "is it done",
            "is that enough",
            "finished",
            "is this correct",
            "is it correct",
            "good enough",
        ],
    ) {
        return Intent::Done;
    }
    if t.contains('?')
        && has_any(
            &t,
            &[
                "constraint",
                "input",
                "size",
                "range",
                "negative",
                "empty",
                "duplicate",
                "sorted",
                "example",
                "assume",
                "what if",
                "can ",
                "could ",
                "null",
                "overflow",
                "unique",
                "always",
            ],
        )
    {
        return Intent::Clarify;
    }
    if describes_approach(&t) {
        return Intent::Approach;
    }
    Intent::Other
}

fn next_hint(brief: &Brief, progress: &Progress, trigger: &'static str, lead: &str) -> Reply {
    match brief.hints.get(progress.hints_given) {
        Some(h) => Reply {
            text: format!("{lead}\n\n> **Hint {}:** {h}", progress.hints_given + 1),
            hint: Some(progress.hints_given),
            trigger,
        },
        None => Reply {
            text: format!(
                "{lead} I've shared every hint I have for this one. Try a small example by hand and write down each \
                 step you take; the code usually follows from that."
            ),
            hint: None,
            trigger,
        },
    }
}

/// The opening message: frames the problem and sets out how the interview will go.
pub fn opening(brief: &Brief) -> Reply {
    Reply {
        text: format!(
            "Hi, I'll be your interviewer today. We have **{} minutes** for **{}** ({}). Take a moment to read the \
             statement, and ask me anything about the input, constraints or examples.\n\nBefore you start coding, \
             walk me through your approach and its time and space complexity. Run your code whenever you like; \
             submit when you think it's complete.",
            brief.minutes, brief.title, brief.difficulty
        ),
        hint: None,
        trigger: "opening",
    }
}

/// Whether a submission passed every case.
pub fn solved(progress: &Progress) -> bool {
    progress.runs.iter().any(|r| r.submit && r.all_passed())
}

/// The answer to a stated complexity: a time claim is checked against the best known time
/// (and the code's own shape), a space claim against the best known space.
fn complexity_reply(brief: &Brief, progress: &Progress, claims: &Claims) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(claimed) = &claims.time {
        let (have, want) = (rank(claimed), rank(&brief.optimal_time));
        let mut out = if have == want {
            format!("{claimed} time — that's what I'd expect for a good solution here.")
        } else if have > want {
            format!(
                "{claimed} time would work for small inputs. Look at the constraints, though: is there an approach \
                 that does better than {claimed}?"
            )
        } else {
            format!("{claimed} time would be better than I expected. Walk me through why it holds for every input.")
        };
        let observed = progress.insights.as_ref().filter(|i| i.parses).and_then(|i| i.complexity.clone());
        if let Some(o) = observed.filter(|o| rank(o) != have) {
            out.push_str(&format!(" Note that the code as it stands looks closer to {o} time to me."));
        }
        parts.push(out);
    }
    if let Some(space) = &claims.space {
        let (have, want) = (rank(space), rank(&brief.optimal_space));
        parts.push(if have == want {
            format!("{space} extra space matches the best solution I know for this problem.")
        } else if have > want {
            format!("{space} extra space works. Can you get the extra space down to {}?", brief.optimal_space)
        } else {
            format!(
                "{space} extra space would beat the {} I had in mind. Where does the algorithm keep what it needs?",
                brief.optimal_space
            )
        });
    }
    match (&claims.time, &claims.space) {
        (Some(_), None) if progress.claimed_space.is_none() => {
            parts.push(format!("What about space: can you do it in {}?", brief.optimal_space))
        }
        (None, Some(_)) if progress.claimed.is_none() => parts.push("And the time complexity?".into()),
        _ => {}
    }
    parts.join(" ")
}

/// The answer to a candidate's message.
pub fn reply(brief: &Brief, progress: &Progress, text: &str) -> Reply {
    let reply = |text: String| Reply { text, hint: None, trigger: "reply" };
    match classify(text) {
        Intent::Solution => next_hint(
            brief,
            progress,
            "reply",
            "I can't give you the solution — the point is to see how you get there. Here's a nudge instead.",
        ),
        Intent::Hint => next_hint(brief, progress, "reply", "Sure. Let's take it one step at a time."),
        Intent::Complexity(claims) => reply(complexity_reply(brief, progress, &claims)),
        Intent::Done => match progress.runs.iter().rev().find(|r| r.submit) {
            Some(s) if s.all_passed() => reply(format!(
                "Your last submission passed all {} cases. Before we wrap up: what edge cases did you consider, and \
                 what is the final time and space complexity?",
                s.total
            )),
            Some(s) => reply(format!(
                "Not yet — your last submission passed {} of {} cases. Think about which inputs you haven't covered.",
                s.passed, s.total
            )),
            None => reply(
                "You haven't submitted yet. Run it against the examples first, then submit to check the hidden cases."
                    .into(),
            ),
        },
        Intent::Clarify => {
            let t = text.to_lowercase();
            let relevant: Vec<&String> = brief
                .constraints
                .iter()
                .filter(|c| {
                    let c = c.to_lowercase();
                    t.split(|ch: char| !ch.is_alphanumeric()).filter(|w| w.len() > 3).any(|w| c.contains(w))
                })
                .collect();
            let listed = if relevant.is_empty() { brief.constraints.iter().collect() } else { relevant };
            let mut out = String::from("Good question. Here's what you can rely on:\n");
            for c in listed {
                out.push_str(&format!("\n- {c}"));
            }
            if brief.constraints.is_empty() {
                out = "Good question. Nothing beyond the statement is guaranteed, so handle it in your code.".into();
            }
            if t.contains("example") && brief.examples > 0 {
                out.push_str(&format!(
                    "\n\nThe {} example{} in the statement are also the visible tests that Run checks.",
                    brief.examples,
                    if brief.examples == 1 { "" } else { "s" }
                ));
            }
            reply(out)
        }
        Intent::Approach => {
            let mut out = String::from("That sounds like a plan.");
            if progress.claimed.is_none() {
                out.push_str(" What time and space complexity would it have?");
            } else {
                out.push_str(" Go ahead and code it; talk me through any part you're unsure of.");
            }
            if let Some(s) = progress.insights.as_ref().and_then(|i| i.signals.first()) {
                out.push_str(&format!(" I can see you're already using a {} in the code.", s.label()));
            }
            reply(out)
        }
        Intent::Thanks if solved(progress) => reply(
            "You're welcome, and thank you: that's a wrap. You solved it; end the interview whenever you're ready \
             and your evaluation will follow."
                .into(),
        ),
        Intent::Thanks => reply(
            "You're welcome. If you're stopping here, end the interview and your evaluation will follow; if not, \
             there's still time on the clock to keep going."
                .into(),
        ),
        Intent::Other if solved(progress) => reply(
            "Your submission passes every case, so we're wrapping up. Anything you'd still like to add about the \
             complexity or edge cases? Otherwise, end the interview whenever you're ready."
                .into(),
        ),
        Intent::Other => reply(match (progress.approach_heard, progress.runs.is_empty()) {
            (false, _) => "Understood. How are you thinking of approaching it?".into(),
            (true, true) => "Okay. When you have something, run it against the examples.".into(),
            (true, false) => "Okay. Keep going; tell me when you'd like to submit.".into(),
        }),
    }
}

/// A reaction to a run or submission, if one is worth saying.
pub fn on_run(brief: &Brief, progress: &Progress, outcome: &RunOutcome) -> Option<Reply> {
    let say = |text: String| Some(Reply { text, hint: None, trigger: "run" });
    let failing_streak = progress.runs.iter().rev().take_while(|r| !r.all_passed()).count();
    match outcome.verdict {
        Verdict::CompileError => {
            let line = progress
                .insights
                .as_ref()
                .and_then(|i| i.syntax_errors.first())
                .map(|e| format!(" Check around line {}.", e.line))
                .unwrap_or_default();
            return say(format!("That didn't compile.{line}"));
        }
        Verdict::TimeLimit => {
            return say(format!(
                "It ran out of time. With these constraints the expected complexity is {}; where is yours spending \
                 its time?",
                brief.optimal_time
            ))
        }
        Verdict::MemoryLimit => return say("It ran out of memory. What is holding on to so much?".into()),
        _ => {}
    }
    if outcome.all_passed() {
        return say(if outcome.submit {
            "All cases pass, hidden ones included. Nice work. Walk me through the final complexity and any edge \
             cases you'd still test."
                .into()
        } else {
            "All the examples pass. What edge cases would you try before submitting?".into()
        });
    }
    if failing_streak >= 3 && progress.hints_given < brief.hints.len() {
        let lead = format!(
            "That's {failing_streak} runs in a row with failures ({} of {} passing). Want to step back? Here's a hint.",
            outcome.passed, outcome.total
        );
        return Some(Reply { trigger: "run", ..next_hint(brief, progress, "run", &lead) });
    }
    say(format!(
        "{} of {} {} passed. Look at the first failing case: what does your code do with that input?",
        outcome.passed,
        outcome.total,
        if outcome.submit { "cases (hidden included)" } else { "examples" }
    ))
}

/// The warning when `minutes` minutes are left (5 or 1).
pub fn time_warning(minutes: u32, progress: &Progress) -> Reply {
    let submitted = progress.runs.iter().any(|r| r.submit);
    let text = match (minutes, submitted) {
        (1, _) => "One minute left. Submit what you have and tell me what you would do with more time.".to_string(),
        (_, false) => "Five minutes left. If your code runs, now is a good time to submit it.".into(),
        _ => "Five minutes left. Use them to tidy up and think about edge cases.".into(),
    };
    Reply { text, hint: None, trigger: if minutes == 1 { "time_1" } else { "time_5" } }
}

/// A nudge when the candidate seems stuck (no change to the code for a while).
pub fn nudge(brief: &Brief, progress: &Progress) -> Reply {
    let parses = progress.insights.as_ref().is_none_or(|i| i.parses);
    if !parses {
        let line = progress.insights.as_ref().and_then(|i| i.syntax_errors.first()).map(|e| e.line).unwrap_or(1);
        return Reply {
            text: format!(
                "You've been quiet for a bit. The code has a syntax error around line {line}; want to fix that first?"
            ),
            hint: None,
            trigger: "nudge",
        };
    }
    if progress.hints_given < brief.hints.len() {
        return next_hint(
            brief,
            progress,
            "nudge",
            "You've been on this for a while. Tell me where you are — and here's something to consider.",
        );
    }
    Reply {
        text: "You've been quiet for a while. Talk me through where you are; thinking out loud helps me help you."
            .into(),
        hint: None,
        trigger: "nudge",
    }
}

/// A short note on the approach the observer sees, for a provider's system prompt or tests.
pub fn describe(insights: &Insights) -> String {
    let signals: Vec<&str> = insights.signals.iter().map(|s: &Signal| s.label()).collect();
    format!(
        "parses: {}; estimated time: {}; loops nested {} deep; approaches: {}",
        insights.parses,
        insights.complexity.as_deref().unwrap_or("n/a"),
        insights.loop_depth,
        if signals.is_empty() { "none seen".into() } else { signals.join(", ") }
    )
}

#[cfg(test)]
mod tests;
