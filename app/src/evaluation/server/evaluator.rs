//! The built-in evaluator: rubric scores 1–10 from what the session's log shows, each with a
//! justification that cites moments of the session by their time on the clock. Deterministic:
//! the same session always gets the same evaluation.

mod digest;
mod rows;

use crate::evaluation::types::{Dimension, Evaluation, Recommendation, Score};
use crate::interviewer::types::Insights;
use crate::record::Logged;
use digest::Digest;
use rows::{approach, communication, correctness, independence, testing, understanding};

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

/// Evaluates a session.
pub fn evaluate(f: &SessionFacts) -> Evaluation {
    let d = Digest::of(f);
    let scores =
        vec![understanding(&d), approach(&d), correctness(&d), testing(&d), communication(&d), independence(&d)];
    let overall = overall(&scores);
    let (strengths, improvements) = advice(&d, &scores);
    let mut evaluation = Evaluation {
        overall,
        recommendation: Recommendation::for_overall(overall),
        scores,
        strengths,
        improvements,
        report: String::new(),
        code_only: d.said.is_empty(),
        engine: "built-in".into(),
    };
    evaluation.report = report(f, &evaluation, &d.runs);
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

/// Strengths and things to work on, each true of what happened in the session.
fn advice(d: &Digest, scores: &[Score]) -> (Vec<String>, Vec<String>) {
    let mut strengths = Vec::new();
    let mut improvements = Vec::new();
    let claimed_right = d.claim_check().is_some_and(|(_, _, right)| right);
    let asked = d.clarified().is_some() || d.edge_cases().1.is_some();
    let recovered = d.runs.windows(2).any(|w| !w[0].all_passed() && w[1].all_passed());
    let leaned = !d.hints.is_empty() || d.help_asks() != (0, 0);
    for s in scores {
        let Some(v) = s.score else { continue };
        if v >= 8 {
            strengths.push(
                match s.dimension {
                    Dimension::Understanding if asked => "Understood the problem and its edge cases.",
                    Dimension::Understanding => "Handled the problem's cases.",
                    Dimension::Approach if claimed_right => "Chose an efficient approach and knew its cost.",
                    Dimension::Approach => "Chose an efficient approach.",
                    Dimension::Correctness if d.solved() => "Wrote code that passes the tests, hidden ones included.",
                    Dimension::Correctness => "Wrote code that passes most cases, hidden ones included.",
                    Dimension::Testing if recovered => "Checked the code by running it and fixed what failed.",
                    Dimension::Testing => "Checked the code against the examples before submitting.",
                    Dimension::Communication => "Explained the thinking clearly as it went.",
                    Dimension::Independence if d.solved() => "Solved it without leaning on hints.",
                    Dimension::Independence => "Made progress without leaning on hints.",
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
                        "Run the examples as the code changes, name edge cases, and submit what they check."
                    }
                    Dimension::Communication => "Think out loud: explain the plan, the complexity and the trade-offs.",
                    Dimension::Independence if leaned => "Try a small example by hand before asking for a hint.",
                    Dimension::Independence if !d.stalls.is_empty() => {
                        "When stuck, say where you are and try a small example rather than going quiet."
                    }
                    Dimension::Independence => {
                        "Make a start on your own: a first version, even brute force, and run it."
                    }
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

fn report(f: &SessionFacts, e: &Evaluation, runs: &[digest::Run]) -> String {
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
mod scripted;
#[cfg(test)]
mod tests;
