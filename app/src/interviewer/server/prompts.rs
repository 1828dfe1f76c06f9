//! What a hosted model is told, and how its answers are checked. The built-in engine needs
//! none of this; with a provider configured, the interviewer's replies and the evaluation go
//! through the gateway, and anything unusable falls back to the built-in result.

use serde::Deserialize;

use crate::evaluation::server::evaluator::{overall, stamp, SessionFacts};
use crate::interviewer::server::engine::{describe, Brief, Progress};
use crate::interviewer::types::{ChatMessage, Dimension, Evaluation, Recommendation, Score, Speaker};

/// Roughly how many characters the interviewer's prompt may carry (about 3,000 tokens).
pub const PROMPT_BUDGET_CHARS: usize = 12_000;
/// The conversation turns sent with each reply, newest kept first.
pub const HISTORY_TURNS: usize = 16;

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max).collect();
        out.push('…');
        out
    }
}

/// The interviewer's system prompt: the problem, the candidate, what the observer sees, the
/// time left, and the rules — within [`PROMPT_BUDGET_CHARS`].
pub fn interviewer_system(brief: &Brief, progress: &Progress, level: &str) -> String {
    let mut p = format!(
        "You are a friendly, rigorous technical interviewer running a {}-minute coding interview.\n\
         Problem: {} ({}). Expected optimal complexity: time {}, space {}.\n\
         Candidate level: {}.\n",
        brief.minutes, brief.title, brief.difficulty, brief.optimal_time, brief.optimal_space, level
    );
    if let Some(ms) = progress.remaining_ms {
        p.push_str(&format!("Time left: {} minutes.\n", (ms.max(0) + 59_999) / 60_000));
    }
    if !brief.constraints.is_empty() {
        p.push_str(&format!("Constraints: {}\n", brief.constraints.join("; ")));
    }
    if let Some(i) = &progress.insights {
        p.push_str(&format!("What a static look at their current code shows: {}.\n", describe(i)));
        if let Some(e) = i.syntax_errors.first() {
            p.push_str(&format!("It has a syntax error at line {}.\n", e.line));
        }
    }
    if let Some(r) = progress.runs.last() {
        p.push_str(&format!(
            "Their last {}: {} of {} cases passed ({}).\n",
            if r.submit { "submission" } else { "run" },
            r.passed,
            r.total,
            r.verdict.replace('_', " ")
        ));
    }
    let hints: Vec<String> = brief.hints.iter().take(progress.hints_given + 1).cloned().collect();
    if !hints.is_empty() {
        p.push_str(&format!(
            "Hints you may give, in this order, one at a time and only when they are stuck or ask: {}\n",
            hints.join(" | ")
        ));
    }
    p.push_str(
        "Rules: never write the solution or code that solves the problem, even if asked; never reveal test \
         cases. Ask one question at a time. Use what you know about their code naturally, as an interviewer who \
         is watching would, without quoting this prompt. Keep replies under 120 words, in Markdown.",
    );
    clip(&p, PROMPT_BUDGET_CHARS)
}

/// The last turns of the conversation for the model, oldest first, within the budget.
pub fn history(chat: &[ChatMessage]) -> Vec<(crate::platform::ai::gateway::Role, String)> {
    use crate::platform::ai::gateway::Role;
    let mut out = Vec::new();
    let mut used = 0;
    for m in chat.iter().rev().take(HISTORY_TURNS) {
        used += m.text.len();
        if used > PROMPT_BUDGET_CHARS {
            break;
        }
        let role = if m.speaker == Speaker::Candidate { Role::User } else { Role::Assistant };
        out.push((role, clip(&m.text, 2_000)));
    }
    out.reverse();
    // Providers expect the conversation to start with the user.
    while out.first().is_some_and(|(r, _)| *r == Role::Assistant) {
        out.remove(0);
    }
    out
}

/// The evaluator's instructions and the session's facts.
pub fn evaluator_prompt(f: &SessionFacts, builtin: &Evaluation) -> (String, String) {
    let system = "You evaluate a recorded coding interview. Score each rubric dimension from 1 to 10 and justify \
        each score in one or two sentences that cite moments by their MM:SS time on the session clock. Use only \
        the facts given. Answer with JSON only, exactly in this shape: {\"scores\": [{\"dimension\": \
        \"understanding|approach|correctness|testing|communication|independence\", \"score\": 1-10 or null, \
        \"justification\": \"...\"}], \"strengths\": [\"...\"], \"improvements\": [\"...\"], \"report\": \
        \"Markdown\"}. Give all six dimensions; communication is null when the candidate never spoke."
        .to_string();
    let mut u = format!(
        "Problem: {}. Optimal time complexity: {}.\nSession length: {}.\nFinal code:\n```\n{}\n```\n",
        f.title,
        f.optimal_time,
        stamp(f.started_at, f.ended_at),
        clip(&f.final_code, 6_000)
    );
    u.push_str(&format!("Static analysis of the final code: {}.\nTimeline:\n", describe(&f.insights)));
    for e in f.events.iter().filter(|e| matches!(e.kind.as_str(), "chat" | "run" | "submit")).take(120) {
        let at = stamp(f.started_at, e.at);
        let line = match e.kind.as_str() {
            "chat" => format!(
                "{at} {}: {}",
                e.payload.get("speaker").and_then(|s| s.as_str()).unwrap_or("?"),
                clip(e.payload.get("text").and_then(|s| s.as_str()).unwrap_or(""), 400)
            ),
            kind => format!(
                "{at} {kind}: {}/{} passed ({})",
                e.payload.get("passed").and_then(|v| v.as_u64()).unwrap_or(0),
                e.payload.get("total").and_then(|v| v.as_u64()).unwrap_or(0),
                e.payload.get("verdict").and_then(|v| v.as_str()).unwrap_or("")
            ),
        };
        u.push_str(&line);
        u.push('\n');
    }
    u.push_str("A rule-based first pass scored it (use as a reference, not a constraint):\n");
    for s in &builtin.scores {
        u.push_str(&format!(
            "- {}: {} — {}\n",
            s.dimension.label(),
            s.score.map_or("not assessed".to_string(), |v| v.to_string()),
            s.justification
        ));
    }
    (system, clip(&u, 3 * PROMPT_BUDGET_CHARS))
}

#[derive(Deserialize)]
struct RawScore {
    dimension: Dimension,
    score: Option<i64>,
    justification: String,
}

#[derive(Deserialize)]
struct RawEvaluation {
    scores: Vec<RawScore>,
    strengths: Vec<String>,
    improvements: Vec<String>,
    report: String,
}

/// Text from a model, with any HTML removed before it is stored.
fn clean(text: &str, max: usize) -> String {
    let stripped = ammonia::Builder::empty().clean(text).to_string();
    // Entities ammonia escaped are turned back into characters (the text is Markdown, and is
    // sanitized again when shown), except `<`, which becomes `‹` so no tag can re-form.
    let plain = stripped.replace("&lt;", "‹").replace("&gt;", ">").replace("&amp;", "&").replace("&quot;", "\"");
    clip(plain.trim(), max)
}

/// Checks a model's evaluation against the schema and turns it into ours; `Err` says why it
/// cannot be used. Overall score and recommendation are computed here, never taken from it.
pub fn parse_evaluation(text: &str, code_only: bool, engine: &str) -> Result<Evaluation, String> {
    let trimmed = text.trim().trim_start_matches("```json").trim_start_matches("```").trim_end_matches("```");
    let raw: RawEvaluation = serde_json::from_str(trimmed).map_err(|e| format!("not the expected JSON: {e}"))?;
    let mut scores = Vec::new();
    for d in Dimension::ALL {
        let s = raw.scores.iter().find(|s| s.dimension == d).ok_or_else(|| format!("no score for {}", d.label()))?;
        let score = match s.score {
            None if d == Dimension::Communication && code_only => None,
            None => return Err(format!("no score for {}", d.label())),
            Some(v) if (1..=10).contains(&v) => Some(v as u8),
            Some(v) => return Err(format!("score {v} for {} is outside 1–10", d.label())),
        };
        let justification = clean(&s.justification, 600);
        if justification.is_empty() {
            return Err(format!("no justification for {}", d.label()));
        }
        scores.push(Score { dimension: d, score, justification });
    }
    let list = |items: &[String]| items.iter().take(6).map(|x| clean(x, 300)).filter(|x| !x.is_empty()).collect();
    let overall = overall(&scores);
    Ok(Evaluation {
        overall,
        recommendation: Recommendation::for_overall(overall),
        scores,
        strengths: list(&raw.strengths),
        improvements: list(&raw.improvements),
        report: clean(&raw.report, 20_000),
        code_only,
        engine: engine.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use crate::interviewer::server::prompts::*;

    fn answer(comm: &str) -> String {
        format!(
            r###"{{"scores": [
                {{"dimension": "understanding", "score": 8, "justification": "Asked about empty input at 01:10."}},
                {{"dimension": "approach", "score": 9, "justification": "Hash map, O(n), at 03:00."}},
                {{"dimension": "correctness", "score": 10, "justification": "Hidden tests 8/8 at 23:10."}},
                {{"dimension": "testing", "score": 7, "justification": "Ran twice before submitting."}},
                {{"dimension": "communication", "score": {comm}, "justification": "Clear <script>alert(1)</script>explanations."}},
                {{"dimension": "independence", "score": 10, "justification": "No hints."}}
            ], "strengths": ["Fast"], "improvements": ["Test edge cases"], "report": "## Good\n<img src=x onerror=alert(1)>Solid."}}"###
        )
    }

    #[test]
    fn a_valid_answer_is_accepted_and_cleaned() {
        let e = parse_evaluation(&answer("8"), false, "gpt-test").unwrap();
        assert_eq!(e.scores.len(), 6);
        assert!(!e.scores[4].justification.contains("<script"), "{:?}", e.scores[4]);
        assert!(!e.report.contains("<img") && e.report.contains("Solid."));
        assert_eq!(e.engine, "gpt-test");
        assert_eq!(e.recommendation, Recommendation::for_overall(e.overall));
    }

    #[test]
    fn invalid_answers_are_refused_with_a_reason() {
        assert!(parse_evaluation("not json", false, "m").unwrap_err().contains("JSON"));
        assert!(parse_evaluation(&answer("11"), false, "m").unwrap_err().contains("outside 1–10"));
        assert!(parse_evaluation(&answer("null"), false, "m").unwrap_err().contains("Communication"));
        assert!(parse_evaluation(&answer("null"), true, "m").is_ok(), "null communication is fine when nobody spoke");
        let fenced = format!("```json\n{}\n```", answer("6"));
        assert!(parse_evaluation(&fenced, false, "m").is_ok());
    }
}
