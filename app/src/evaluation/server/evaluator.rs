//! The built-in evaluator: rubric scores 1–10 from what the session's log shows, each with a
//! justification that cites moments of the session by their time on the clock. Deterministic:
//! the same session always gets the same evaluation.

use crate::domain::Verdict;
use crate::evaluation::types::{Dimension, Evaluation, Recommendation, Score};
use crate::interviewer::server::engine::{classify, rank, Intent, RunOutcome};
use crate::interviewer::server::outcome_of;
use crate::interviewer::types::Insights;
use crate::record::{Logged, SessionEvent, Speaker};

/// Everything the evaluator reads.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionFacts {
    pub title: String,
    /// When the clock started (ms since the epoch); times are cited relative to it.
    pub started_at: i64,
    pub ended_at: i64,
    pub optimal_time: String,
    pub starter_code: String,
    pub final_code: String,
    /// The observer's view of the final code.
    pub insights: Insights,
    pub events: Vec<Logged>,
}

/// MM:SS on the session's clock.
pub fn stamp(started_at: i64, at: i64) -> String {
    crate::domain::format::elapsed(at - started_at)
}

/// A run or submission, with its time.
struct Run {
    at: i64,
    outcome: RunOutcome,
}

impl std::ops::Deref for Run {
    type Target = RunOutcome;
    fn deref(&self) -> &RunOutcome {
        &self.outcome
    }
}

struct Said {
    at: i64,
    intent: Intent,
}

fn clamp(score: f64) -> u8 {
    score.round().clamp(1.0, 10.0) as u8
}

fn squash(code: &str) -> String {
    code.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Evaluates a session.
pub fn evaluate(f: &SessionFacts) -> Evaluation {
    let at = |t: i64| stamp(f.started_at, t);
    let runs: Vec<Run> = f
        .events
        .iter()
        .filter_map(|e| match &e.event {
            SessionEvent::RunFinished(run) => Some(Run { at: e.at, outcome: outcome_of(run) }),
            _ => None,
        })
        .collect();
    let chat = |e: &Logged| match &e.event {
        SessionEvent::Chat(line) => Some(line.clone()),
        _ => None,
    };
    let said: Vec<Said> = f
        .events
        .iter()
        .filter_map(|e| chat(e).filter(|l| l.speaker == Speaker::Candidate).map(|l| (e.at, l)))
        .map(|(at, l)| Said { at, intent: classify(&l.text) })
        .collect();
    let hints: Vec<i64> = f.events.iter().filter(|e| chat(e).is_some_and(|l| l.hint.is_some())).map(|e| e.at).collect();
    let first_edit = f.events.iter().find(|e| matches!(e.event, SessionEvent::Edit(_))).map(|e| e.at);
    let wrote_code = squash(&f.final_code) != squash(&f.starter_code) && f.insights.code_lines > 0;
    let last_submit = runs.iter().rev().find(|r| r.submit);
    let last_run = runs.last();
    let clarified = said.iter().find(|s| s.intent == Intent::Clarify);
    let approach = said.iter().find(|s| s.intent == Intent::Approach);
    let claims: Vec<(&Said, &String)> =
        said.iter().filter_map(|s| if let Intent::Complexity(c) = &s.intent { Some((s, c)) } else { None }).collect();
    let right_claim = claims.iter().find(|(_, c)| rank(c) == rank(&f.optimal_time));
    let solution_asks = said.iter().filter(|s| s.intent == Intent::Solution).count();
    let edge_talk = said.iter().any(|s| matches!(s.intent, Intent::Clarify | Intent::Done));
    let code_only = said.is_empty();
    let nothing = !wrote_code && runs.is_empty() && said.is_empty();

    // Code correctness and quality.
    let (correct, correct_why) = match (last_submit, last_run) {
        (Some(s), _) => (
            1.0 + 9.0 * s.ratio(),
            format!(
                "The last submission passed {}/{} cases, hidden ones included, at {}.",
                s.passed,
                s.total,
                at(s.at)
            ),
        ),
        (None, Some(r)) => (
            1.0 + 6.0 * r.ratio(),
            format!("Never submitted; the last run passed {}/{} examples at {}.", r.passed, r.total, at(r.at)),
        ),
        (None, None) if wrote_code => (
            if f.insights.parses { 3.0 } else { 2.0 },
            "Code was written but never run, so nothing shows it works.".into(),
        ),
        (None, None) => (1.0, "No code was written beyond the starter.".into()),
    };
    let mut correct = clamp(correct);
    let mut correct_why = correct_why;
    if !f.insights.parses && wrote_code {
        correct = correct.min(3);
        let line = f.insights.syntax_errors.first().map(|e| e.line).unwrap_or(1);
        correct_why.push_str(&format!(" The final code does not parse (line {line})."));
    }
    if last_submit.is_some_and(|s| s.verdict == Verdict::CompileError) {
        correct = correct.min(2);
    }

    // Approach and complexity.
    let estimated = f.insights.complexity.clone().filter(|_| wrote_code);
    let (approach_score, mut approach_why) = match &estimated {
        None if approach.is_some() => {
            (3.0, format!("An approach was described at {} but not implemented.", at(approach.map_or(0, |s| s.at))))
        }
        None => (1.0, "No approach was implemented.".to_string()),
        Some(est) => {
            let gap = i32::from(rank(est)) - i32::from(rank(&f.optimal_time));
            let base: f64 = match gap {
                ..=0 => 9.0,
                1 => 6.0,
                _ => 4.0,
            };
            let signals: Vec<&str> = f.insights.signals.iter().map(|s| s.label()).collect();
            let using = if signals.is_empty() { String::new() } else { format!(" using {}", signals.join(", ")) };
            (base, format!("The final code runs in about {est}{using}; the best known is {}.", f.optimal_time))
        }
    };
    let mut approach_score = approach_score;
    if estimated.is_some() && correct <= 4 {
        approach_score = approach_score.min(5.0);
        approach_why.push_str(" The approach did not yet produce correct results.");
    }
    if let Some((s, c)) = right_claim {
        approach_score += 1.0;
        approach_why.push_str(&format!(" The candidate stated {c} at {}.", at(s.at)));
    } else if let Some((s, c)) = claims.last() {
        approach_why.push_str(&format!(" The candidate stated {c} at {}.", at(s.at)));
    }

    // Problem understanding.
    let mut understanding: f64 = match (last_submit, last_run) {
        (Some(r), _) | (None, Some(r)) => 3.0 + 4.0 * r.ratio(),
        (None, None) if wrote_code => 3.0,
        _ => 1.0,
    };
    let mut understanding_why = match (last_submit.or(last_run), nothing) {
        (_, true) => "Nothing in the session shows how the problem was understood.".to_string(),
        (None, false) => "Code was written but never run, so no result shows how the problem was understood.".into(),
        (Some(r), false) if r.total > 0 && r.passed == r.total => {
            "Results show all of the problem's cases handled.".into()
        }
        (Some(r), false) if r.passed > 0 => {
            format!("Results show some of the problem's cases handled ({} of {}).", r.passed, r.total)
        }
        (Some(_), false) => "No case passed yet, so the results do not show the problem understood.".into(),
    };
    if let Some(c) = clarified {
        understanding += 2.0;
        understanding_why.push_str(&format!(" Asked a clarifying question at {}.", at(c.at)));
    }
    if let (Some(a), Some(e)) = (approach, first_edit) {
        if a.at <= e {
            understanding += 1.0;
            understanding_why.push_str(&format!(" Explained the plan at {} before coding.", at(a.at)));
        }
    } else if let (Some(a), None) = (approach, first_edit) {
        understanding += 1.0;
        understanding_why.push_str(&format!(" Explained the plan at {}.", at(a.at)));
    }

    // Verification and testing.
    let first_submit = runs.iter().position(|r| r.submit);
    let runs_before_submit = runs.iter().take(first_submit.unwrap_or(runs.len())).filter(|r| !r.submit).count();
    let (mut testing, mut testing_why): (f64, String) = match (runs.len(), first_submit) {
        (0, _) => (1.0, "The code was never run.".into()),
        (_, Some(_)) if runs_before_submit == 0 => (2.0, "Submitted without running the examples first.".into()),
        _ => (
            5.0,
            format!(
                "Ran the code {} time{} before submitting.",
                runs_before_submit,
                if runs_before_submit == 1 { "" } else { "s" }
            ),
        ),
    };
    let recovered = runs.windows(2).find(|w| !w[0].all_passed() && w[1].all_passed());
    if let Some(w) = recovered {
        testing += 2.0;
        testing_why.push_str(&format!(" Fixed a failure and got every case passing at {}.", at(w[1].at)));
    }
    if last_submit.is_some_and(|r| r.all_passed()) {
        testing += 2.0;
    }
    if edge_talk {
        testing += 1.0;
        testing_why.push_str(" Discussed inputs and edge cases.");
    }

    // Communication.
    let communication = if code_only {
        None
    } else {
        let mut c = 3.0 + said.len().min(4) as f64;
        c += f64::from(u8::from(!claims.is_empty()))
            + f64::from(u8::from(approach.is_some()))
            + f64::from(u8::from(clarified.is_some()));
        Some(clamp(c))
    };
    let communication_why = if code_only {
        "No conversation took place, so this is a code-only evaluation.".to_string()
    } else {
        let mut w = format!("{} message{} to the interviewer", said.len(), if said.len() == 1 { "" } else { "s" });
        if let Some(a) = approach {
            w.push_str(&format!("; explained the approach at {}", at(a.at)));
        }
        if let Some((s, _)) = claims.first() {
            w.push_str(&format!("; discussed complexity at {}", at(s.at)));
        }
        w.push('.');
        w
    };

    // Independence.
    let independence = (!nothing).then(|| clamp(10.0 - 2.0 * hints.len() as f64 - 2.0 * solution_asks as f64).max(2));
    let independence_why = if nothing {
        "Nothing was attempted, so there is nothing to judge.".to_string()
    } else if hints.is_empty() && solution_asks == 0 {
        "Worked without any hints.".into()
    } else {
        let times: Vec<String> = hints.iter().map(|t| at(*t)).collect();
        let mut w = format!("Used {} hint{}", hints.len(), if hints.len() == 1 { "" } else { "s" });
        if !times.is_empty() {
            w.push_str(&format!(" (at {})", times.join(", ")));
        }
        if solution_asks > 0 {
            w.push_str(&format!(
                "; asked for the solution {solution_asks} time{}",
                if solution_asks == 1 { "" } else { "s" }
            ));
        }
        w.push('.');
        w
    };

    let scores = vec![
        Score {
            dimension: Dimension::Understanding,
            score: Some(clamp(understanding)),
            justification: understanding_why,
        },
        Score { dimension: Dimension::Approach, score: Some(clamp(approach_score)), justification: approach_why },
        Score { dimension: Dimension::Correctness, score: Some(correct), justification: correct_why },
        Score { dimension: Dimension::Testing, score: Some(clamp(testing)), justification: testing_why },
        Score { dimension: Dimension::Communication, score: communication, justification: communication_why },
        Score { dimension: Dimension::Independence, score: independence, justification: independence_why },
    ];
    let overall = overall(&scores);
    let (strengths, improvements) = advice(&scores);
    let mut evaluation = Evaluation {
        overall,
        recommendation: Recommendation::for_overall(overall),
        scores,
        strengths,
        improvements,
        report: String::new(),
        code_only,
        engine: "built-in".into(),
    };
    evaluation.report = report(f, &evaluation, &runs);
    evaluation
}

/// How much each dimension weighs in the overall score.
fn weight(d: Dimension) -> f64 {
    match d {
        Dimension::Correctness => 3.0,
        Dimension::Approach => 2.0,
        Dimension::Testing | Dimension::Communication => 1.5,
        Dimension::Understanding | Dimension::Independence => 1.0,
    }
}

/// The weighted mean of the scored dimensions, in tenths (10–100).
pub fn overall(scores: &[Score]) -> u8 {
    let (sum, weights) = scores
        .iter()
        .filter_map(|s| s.score.map(|v| (f64::from(v) * weight(s.dimension), weight(s.dimension))))
        .fold((0.0, 0.0), |(a, b), (v, w)| (a + v, b + w));
    if weights == 0.0 {
        return 10;
    }
    ((sum / weights) * 10.0).round().clamp(10.0, 100.0) as u8
}

fn advice(scores: &[Score]) -> (Vec<String>, Vec<String>) {
    let mut strengths = Vec::new();
    let mut improvements = Vec::new();
    for s in scores {
        let Some(v) = s.score else { continue };
        if v >= 8 {
            strengths.push(
                match s.dimension {
                    Dimension::Understanding => "Understood the problem and its edge cases.",
                    Dimension::Approach => "Chose an efficient approach and knew its cost.",
                    Dimension::Correctness => "Wrote code that passes the tests, hidden ones included.",
                    Dimension::Testing => "Checked the code by running it and fixed what failed.",
                    Dimension::Communication => "Explained the thinking clearly as it went.",
                    Dimension::Independence => "Solved it without leaning on hints.",
                }
                .to_string(),
            );
        } else if v <= 5 {
            improvements.push(
                match s.dimension {
                    Dimension::Understanding => {
                        "Ask about inputs and constraints, and restate the problem, before coding."
                    }
                    Dimension::Approach => {
                        "Look for a faster approach before coding, and state its time and space complexity."
                    }
                    Dimension::Correctness => {
                        "Get to code that passes every example, then submit to check the hidden cases."
                    }
                    Dimension::Testing => {
                        "Run the examples early and often, and think of edge cases before submitting."
                    }
                    Dimension::Communication => "Think out loud: explain the plan, the complexity and the trade-offs.",
                    Dimension::Independence => "Try a small example by hand before asking for a hint.",
                }
                .to_string(),
            );
        }
    }
    if improvements.is_empty() {
        improvements.push("Practise a harder problem next: this one went well.".into());
    }
    (strengths, improvements)
}

fn report(f: &SessionFacts, e: &Evaluation, runs: &[Run]) -> String {
    let at = |t: i64| stamp(f.started_at, t);
    let mut md = format!(
        "## {}\n\nOverall **{}.{} / 10** — recommendation: **{}**.{}\n\n",
        f.title,
        e.overall / 10,
        e.overall % 10,
        e.recommendation.label(),
        if e.code_only { " No conversation took place: this evaluation rests on the code alone." } else { "" }
    );
    md.push_str("| Dimension | Score | Why |\n|---|---|---|\n");
    for s in &e.scores {
        let score = s.score.map(|v| format!("{v}/10")).unwrap_or_else(|| "not assessed".into());
        md.push_str(&format!("| {} | {} | {} |\n", s.dimension.label(), score, s.justification.replace('|', "\\|")));
    }
    if !runs.is_empty() {
        md.push_str("\n### Runs and submissions\n\n");
        for r in runs.iter().take(30) {
            md.push_str(&format!(
                "- {} — {}: {}/{} passed ({})\n",
                at(r.at),
                if r.submit { "submission" } else { "run" },
                r.passed,
                r.total,
                r.verdict.code().replace('_', " ")
            ));
        }
    }
    md.push_str(&format!("\n### Time\n\nUsed {} of the session.\n", stamp(f.started_at, f.ended_at)));
    md
}

#[cfg(test)]
mod tests {
    use crate::evaluation::server::evaluator::*;
    use crate::interviewer::types::Signal;
    use serde_json::{json, Value};

    const T0: i64 = 1_700_000_000_000;
    const MIN: i64 = 60_000;

    fn insights(complexity: Option<&str>, signals: Vec<Signal>, parses: bool, lines: u32) -> Insights {
        Insights {
            parses,
            syntax_errors: if parses {
                vec![]
            } else {
                vec![crate::interviewer::types::SyntaxIssue {
                    line: 3,
                    column: 1,
                    message: "Syntax error near line 3".into(),
                }]
            },
            loop_depth: 1,
            recursive: vec![],
            complexity: complexity.map(Into::into),
            signals,
            code_lines: lines,
            suggest_run: false,
        }
    }

    /// An event as the record stores it (the payloads today's code writes).
    fn ev(min: i64, kind: &str, payload: Value) -> Logged {
        let event = SessionEvent::decode(kind, &payload.to_string()).expect("a readable event");
        Logged { seq: min, at: T0 + min * MIN, event }
    }

    fn edit(min: i64) -> Logged {
        ev(min, "edit", json!({ "seq": min, "language": "python", "at": 0, "del": 0, "ins": "x" }))
    }

    fn say(min: i64, text: &str) -> Logged {
        ev(min, "chat", json!({ "speaker": "candidate", "text": text }))
    }

    fn run(min: i64, kind: &str, passed: u32, total: u32, verdict: &str) -> Logged {
        let payload = json!({ "run_id": "r", "language": "python", "wall_ms": 90, "passed": passed, "total": total, "verdict": verdict });
        ev(min, kind, payload)
    }

    fn facts(final_code: &str, insights: Insights, events: Vec<Logged>) -> SessionFacts {
        SessionFacts {
            title: "Two Sum".into(),
            started_at: T0,
            ended_at: T0 + 30 * MIN,
            optimal_time: "O(n)".into(),
            starter_code: "def two_sum(nums, target):\n    pass\n".into(),
            final_code: final_code.into(),
            insights,
            events,
        }
    }

    /// The scripted sessions of the quality check, best first.
    fn scripted() -> Vec<(&'static str, SessionFacts)> {
        let optimal = facts(
            "def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i\n",
            insights(Some("O(n)"), vec![Signal::HashMap], true, 6),
            vec![
                say(1, "Can the array contain duplicates?"),
                say(2, "I'll use a hash map from value to index, checking the complement as I go."),
                say(3, "That makes it O(n) time and O(n) space."),
                edit(4),
                run(9, "run", 3, 3, "accepted"),
                say(10, "Am I done? I think empty input can't happen per the constraints."),
                run(11, "submit", 8, 8, "accepted"),
            ],
        );
        let brute = facts(
            "def two_sum(nums, target):\n    for i in range(len(nums)):\n        for j in range(i + 1, len(nums)):\n            if nums[i] + nums[j] == target:\n                return [i, j]\n",
            insights(Some("O(n^2)"), vec![], true, 5),
            vec![
                say(2, "I'll loop over every pair, brute force."),
                edit(3),
                run(8, "run", 3, 3, "accepted"),
                run(12, "submit", 6, 8, "time_limit"),
            ],
        );
        let broken = facts(
            "def two_sum(nums, target):\n    for i in range(len(nums):\n        return [i]\n",
            insights(Some("O(n)"), vec![], false, 3),
            vec![
                say(3, "hint please"),
                edit(4),
                run(9, "run", 0, 3, "compile_error"),
                run(15, "run", 0, 3, "compile_error"),
            ],
        );
        let silent = facts("def two_sum(nums, target):\n    pass\n", insights(None, vec![], true, 2), vec![]);
        vec![("optimal, explained", optimal), ("brute force", brute), ("broken", broken), ("silent", silent)]
    }

    #[test]
    fn scripted_sessions_rank_in_order_and_always_score_the_same() {
        let results: Vec<(&str, Evaluation)> = scripted().into_iter().map(|(n, f)| (n, evaluate(&f))).collect();
        for pair in results.windows(2) {
            assert!(
                pair[0].1.overall > pair[1].1.overall,
                "{} ({}) should outrank {} ({})",
                pair[0].0,
                pair[0].1.overall,
                pair[1].0,
                pair[1].1.overall
            );
        }
        for (name, f) in scripted() {
            assert_eq!(evaluate(&f), evaluate(&f), "{name} is not deterministic");
        }
        let best = &results[0].1;
        assert!(matches!(best.recommendation, Recommendation::StrongYes | Recommendation::Yes), "{best:?}");
        assert_eq!(results[3].1.recommendation, Recommendation::No);
    }

    #[test]
    fn justifications_cite_session_moments() {
        let (_, optimal) = scripted().remove(0);
        let e = evaluate(&optimal);
        let correctness = e.scores.iter().find(|s| s.dimension == Dimension::Correctness).unwrap();
        assert_eq!(correctness.score, Some(10));
        assert!(
            correctness.justification.contains("8/8") && correctness.justification.contains("11:00"),
            "{correctness:?}"
        );
        let approach = e.scores.iter().find(|s| s.dimension == Dimension::Approach).unwrap();
        assert!(approach.justification.contains("O(n)") && approach.justification.contains("03:00"), "{approach:?}");
        assert!(e.report.contains("| Code correctness and quality | 10/10 |"));
    }

    #[test]
    fn understanding_says_what_the_results_show() {
        let why = |f: &SessionFacts| {
            let e = evaluate(f);
            e.scores.iter().find(|s| s.dimension == Dimension::Understanding).unwrap().justification.clone()
        };
        let all = scripted().remove(0).1;
        assert!(why(&all).starts_with("Results show all of the problem's cases handled."), "{}", why(&all));
        let some = scripted().remove(1).1;
        assert!(why(&some).starts_with("Results show some of the problem's cases handled (6 of 8)."), "{}", why(&some));
        let none = scripted().remove(2).1;
        assert!(why(&none).starts_with("No case passed yet"), "{}", why(&none));
        let report = evaluate(&none).report;
        assert!(report.contains("- 09:00 — run: 0/3 passed (compile error)"), "{report}");
    }

    #[test]
    fn a_silent_session_is_a_code_only_evaluation() {
        let (_, silent) = scripted().remove(3);
        let e = evaluate(&silent);
        assert!(e.code_only);
        let comm = e.scores.iter().find(|s| s.dimension == Dimension::Communication).unwrap();
        assert_eq!(comm.score, None);
        assert!(comm.justification.contains("code-only"));
        assert_eq!(e.overall, 10);
    }

    #[test]
    fn hints_lower_independence_and_are_cited() {
        let mut f = scripted().remove(1).1;
        f.events.push(ev(5, "chat", json!({ "speaker": "interviewer", "text": "Hint 1", "hint": 0 })));
        let e = evaluate(&f);
        let ind = e.scores.iter().find(|s| s.dimension == Dimension::Independence).unwrap();
        assert_eq!(ind.score, Some(8));
        assert!(ind.justification.contains("05:00"));
    }
}
