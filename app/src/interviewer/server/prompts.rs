//! What a hosted model is told, and how its answers are checked. The built-in engine needs
//! none of this; with a provider configured, the interviewer's replies and the evaluation go
//! through the gateway, and anything unusable falls back to the built-in result.

use crate::interviewer::server::engine::{describe, Brief, Progress};
use crate::interviewer::types::{ChatMessage, Speaker};

/// Roughly how many characters the interviewer's prompt may carry (about 3,000 tokens).
pub const PROMPT_BUDGET_CHARS: usize = 12_000;
/// The conversation turns sent with each reply, newest kept first.
pub const HISTORY_TURNS: usize = 16;

pub fn clip(text: &str, max: usize) -> String {
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
            r.verdict.code().replace('_', " ")
        ));
    }
    if crate::interviewer::server::engine::solved(progress) {
        p.push_str(
            "A submission passed every case: the interview is wrapping up. Ask at most about the final \
             complexity or edge cases; if they thank you, close the interview warmly.\n",
        );
    }
    match (&progress.claimed, &progress.claimed_space) {
        (Some(t), Some(s)) => p.push_str(&format!("They stated time {t} and extra space {s}.\n")),
        (Some(t), None) => p.push_str(&format!("They stated time {t}; space not yet.\n")),
        (None, Some(s)) => p.push_str(&format!("They stated extra space {s}; time not yet.\n")),
        (None, None) => {}
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
         is watching would, without quoting this prompt. A complexity followed or preceded by \"space\" or \
         \"memory\" is a space claim: check it against the optimal space, not time. Keep replies under 120 \
         words, in Markdown.",
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

#[cfg(test)]
mod tests {
    use crate::domain::Verdict;
    use crate::interviewer::server::engine::{Brief, Progress, RunOutcome};
    use crate::interviewer::server::prompts::interviewer_system;

    fn brief() -> Brief {
        Brief {
            title: "Majority Element".into(),
            difficulty: "Easy".into(),
            constraints: vec![],
            hints: vec!["Count.".into()],
            optimal_time: "O(n)".into(),
            optimal_space: "O(1)".into(),
            examples: 2,
            minutes: 30,
        }
    }

    #[test]
    fn a_hosted_interviewer_is_told_the_claims_apart_and_when_to_wrap_up() {
        let mut p = Progress { claimed_space: Some("O(1)".into()), ..Default::default() };
        let prompt = interviewer_system(&brief(), &p, "mid");
        assert!(prompt.contains("They stated extra space O(1); time not yet."), "{prompt}");
        assert!(!prompt.contains("wrapping up"));
        p.runs.push(RunOutcome { submit: true, verdict: Verdict::Accepted, passed: 5, total: 5 });
        assert!(interviewer_system(&brief(), &p, "mid").contains("the interview is wrapping up"));
    }
}
