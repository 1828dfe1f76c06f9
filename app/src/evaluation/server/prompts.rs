//! What a hosted model is asked to evaluate a session, and how its answer is checked.

use serde::Deserialize;

use crate::evaluation::server::evaluator::{overall, stamp, SessionFacts};
use crate::evaluation::types::{Dimension, Evaluation, Recommendation, Score};
use crate::interviewer::server::engine::describe;
use crate::interviewer::server::prompts::{clip, PROMPT_BUDGET_CHARS};
use crate::record::{SessionEvent, Speaker};

/// The evaluator's instructions and the session's facts.
pub fn evaluator_prompt(f: &SessionFacts, builtin: &Evaluation) -> (String, String) {
    let system = "You evaluate a recorded coding interview. Score each rubric dimension from 1 to 10 and justify \
        each score in one or two sentences that cite moments by their MM:SS time on the session clock. Use only \
        the facts given. Answer with JSON only, exactly in this shape: {\"scores\": [{\"dimension\": \
        \"understanding|approach|correctness|testing|communication|independence\", \"score\": 1-10 or null, \
        \"justification\": \"...\"}], \"strengths\": [\"...\"], \"improvements\": [\"...\"], \"report\": \
        \"Markdown\"}. Give all six dimensions; communication is null when the candidate never spoke. \
        Score as an interviewer would: verification credits edge cases the candidate named and runs of \
        changed code that led to a submission, never the number of runs; communication credits what the \
        candidate explained (approach, time and space complexity, trade-offs, edge cases), never requests \
        for hints; independence counts hints, requests for the solution and long stalls; a session without \
        a submission never scores above one with a correct submission on correctness or approach; a session \
        where nothing was done scores lowest on every dimension. Every justification must agree with its \
        score and with what the timeline shows."
        .to_string();
    let mut u = format!(
        "Problem: {}. Optimal time complexity: {}.\nSession length: {}.\nFinal code:\n```\n{}\n```\n",
        f.title,
        f.optimal_time,
        stamp(f.started_at, f.ended_at),
        clip(&f.final_code, 6_000)
    );
    u.push_str(&format!("Static analysis of the final code: {}.\nTimeline:\n", describe(&f.insights)));
    let timeline = f.events.iter().filter(|e| matches!(e.event, SessionEvent::Chat(_) | SessionEvent::RunFinished(_)));
    for e in timeline.take(120) {
        let at = stamp(f.started_at, e.at);
        let line = match &e.event {
            SessionEvent::Chat(line) => {
                let speaker = match line.speaker {
                    Speaker::Candidate => "candidate",
                    Speaker::Interviewer => "interviewer",
                };
                format!("{at} {speaker}: {}", clip(&line.text, 400))
            }
            SessionEvent::RunFinished(run) => {
                format!("{at} {}: {}/{} passed ({})", run.mode.code(), run.passed, run.total, run.verdict.code())
            }
            _ => continue,
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
    use crate::evaluation::server::prompts::*;

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
