//! The rubric's rows, each scored from the session's digest with a justification that says
//! what happened and cites when.

use crate::domain::Verdict;
use crate::evaluation::server::evaluator::digest::{clamp, plural, Digest, STALL_MS};
use crate::evaluation::types::{Dimension, Score};
use crate::interviewer::server::engine::rank;

fn score(dimension: Dimension, score: f64, justification: String) -> Score {
    Score { dimension, score: Some(clamp(score)), justification }
}

pub(super) fn understanding(d: &Digest) -> Score {
    if d.idle() {
        return score(
            Dimension::Understanding,
            1.0,
            "Nothing in the session shows how the problem was understood.".into(),
        );
    }
    let (mut value, mut why): (f64, String) = match (d.last_submit(), d.last_run()) {
        (Some(r), _) | (None, Some(r)) => {
            let weight = if r.submit { 4.0 } else { 2.0 };
            let text = if r.all_passed() {
                "Results show all of the problem's cases handled.".to_string()
            } else if r.passed > 0 {
                format!("Results show some of the problem's cases handled ({} of {}).", r.passed, r.total)
            } else {
                "No case passed yet, so the results do not show the problem understood.".to_string()
            };
            (2.0 + weight * r.ratio(), text)
        }
        (None, None) if d.wrote_code => {
            (2.0, "Code was written but never run, so no result shows how the problem was understood.".into())
        }
        (None, None) => (1.0, "No code was written, so no result shows how the problem was understood.".into()),
    };
    if let Some(c) = d.clarified() {
        value += 2.0;
        why.push_str(&format!(" Asked a clarifying question at {}.", d.at(c.at)));
    }
    if let Some(a) = d.approach_said() {
        if d.first_edit.is_none_or(|e| a.at <= e) {
            value += 1.0;
            why.push_str(&format!(" Explained the plan at {} before coding.", d.at(a.at)));
        }
    }
    if let (names, Some(at)) = d.edge_cases() {
        value += 1.0;
        why.push_str(&format!(" Named edge cases ({}) at {}.", names.join(", "), d.at(at)));
    }
    score(Dimension::Understanding, value, why)
}

pub(super) fn approach(d: &Digest) -> Score {
    let f = d.f;
    let (mut value, mut why): (f64, String) = match d.estimated() {
        Some(est) => {
            let gap = i32::from(rank(&est)) - i32::from(rank(&f.optimal_time));
            let base = match gap {
                ..=0 => 9.0,
                1 => 6.0,
                _ => 4.0,
            };
            let signals: Vec<&str> = f.insights.signals.iter().map(|s| s.label()).collect();
            let using = if signals.is_empty() { String::new() } else { format!(" using {}", signals.join(", ")) };
            (base, format!("The final code runs in about {est}{using}; the best known is {}.", f.optimal_time))
        }
        None if d.wrote_code && !f.insights.parses => {
            let line = f.insights.syntax_errors.first().map_or(1, |e| e.line);
            (2.0, format!("The final code does not parse (line {line}), so no approach can be read from it."))
        }
        None => match d.approach_said() {
            Some(a) => (3.0, format!("An approach was described at {} but not implemented.", d.at(a.at))),
            None => (1.0, "No approach was implemented or described.".into()),
        },
    };
    match d.claim_check() {
        Some((s, c, true)) if d.estimated().is_some() => {
            value += 1.0;
            why.push_str(&format!(" Stated {c} time at {}, which matches the code.", d.at(s.at)));
        }
        Some((s, c, false)) if d.estimated().is_some() => {
            value -= 2.0;
            why.push_str(&format!(
                " Claimed {c} time at {}, but the code is {}.",
                d.at(s.at),
                d.estimated().unwrap_or_default()
            ));
        }
        Some((s, c, _)) => why.push_str(&format!(" Stated {c} time at {}.", d.at(s.at))),
        None => {}
    }
    if let Some((s, c)) = d.space_claim() {
        why.push_str(&format!(" Stated {c} extra space at {}.", d.at(s.at)));
    }
    // An approach counts for as much as the results show it works.
    match d.last_submit() {
        Some(s) if s.all_passed() => value = value.max(5.0),
        Some(s) => {
            let cap = 3.0 + 7.0 * s.ratio();
            if value > cap {
                value = cap;
                why.push_str(&format!(
                    " The last submission passed only {}/{} cases, so the approach is not yet shown to work.",
                    s.passed, s.total
                ));
            }
        }
        None => {
            // Never submitted: at most 4, and less as the runs show it failing.
            let cap = d.last_run().map_or(3.0, |r| 2.0 + 2.0 * r.ratio());
            if value > cap {
                value = cap;
                why.push_str(match d.last_run() {
                    Some(r) if r.all_passed() => {
                        " It was never submitted, so nothing shows the approach works on the hidden cases."
                    }
                    Some(_) => " It was never submitted, and the last run still failed examples.",
                    None => " It was never run or submitted, so nothing shows the approach works.",
                });
            }
        }
    }
    score(Dimension::Approach, value, why)
}

pub(super) fn correctness(d: &Digest) -> Score {
    let f = d.f;
    let (mut value, mut why): (f64, String) = match (d.last_submit(), d.last_run()) {
        (Some(s), _) => (
            1.0 + 9.0 * s.ratio(),
            format!(
                "The last submission passed {}/{} cases, hidden ones included, at {}.",
                s.passed,
                s.total,
                d.at(s.at)
            ),
        ),
        (None, Some(r)) => (
            1.0 + 3.0 * r.ratio(),
            format!(
                "Never submitted; the last run passed {}/{} examples at {}, and only a submission checks the hidden \
                 cases.",
                r.passed,
                r.total,
                d.at(r.at)
            ),
        ),
        (None, None) if d.wrote_code => (
            if f.insights.parses { 2.0 } else { 1.0 },
            "Code was written but never run or submitted, so nothing shows it works.".into(),
        ),
        (None, None) => (1.0, "No code was written beyond the starter.".into()),
    };
    if !d.wrote_code && d.last_submit().is_some() {
        why.push_str(" The code submitted was the starter, unchanged.");
        value = value.min(1.0);
    }
    if !f.insights.parses && d.wrote_code {
        value = value.min(3.0);
        let line = f.insights.syntax_errors.first().map_or(1, |e| e.line);
        why.push_str(&format!(" The final code does not parse (line {line})."));
    }
    if d.last_submit().is_some_and(|s| s.verdict == Verdict::CompileError) {
        value = value.min(2.0);
    }
    score(Dimension::Correctness, value, why)
}

pub(super) fn testing(d: &Digest) -> Score {
    let mut value = 1.0;
    let mut why: Vec<String> = Vec::new();
    let final_submit = d.runs.iter().rposition(|r| r.submit);
    match final_submit {
        Some(k) => {
            let checked = d.runs[..k].iter().filter(|r| !r.submit && r.fresh).count();
            if checked > 0 {
                value += 2.0;
                why.push(format!(
                    "Ran {} against the examples before the final submission at {}.",
                    plural(checked, "version of the code", "changed versions of the code"),
                    d.at(d.runs[k].at)
                ));
            } else {
                why.push("Submitted without running the examples first.".into());
            }
            let recovered = d.runs[..=k].windows(2).find(|w| !w[0].all_passed() && w[1].all_passed());
            if let Some(w) = recovered {
                value += 2.0;
                why.push(format!("Fixed a failure and got every case passing at {}.", d.at(w[1].at)));
            }
            if d.runs[k].all_passed() {
                value += 2.0;
                why.push("The final submission passed every case.".into());
            }
        }
        None if d.runs.is_empty() => why.push("The code was never run.".into()),
        None => why.push(format!(
            "Ran the code {} but never submitted, so no run led to a checked solution.",
            plural(d.runs.len(), "time", "times")
        )),
    }
    let (names, first) = d.edge_cases();
    if let Some(at) = first {
        value += names.len().min(2) as f64;
        why.push(format!("Named edge cases to test ({}) from {}.", names.join(", "), d.at(at)));
    }
    score(Dimension::Testing, value, why.join(" "))
}

pub(super) fn communication(d: &Digest) -> Score {
    if d.said.is_empty() {
        return Score {
            dimension: Dimension::Communication,
            score: None,
            justification: "No conversation took place, so this is a code-only evaluation.".into(),
        };
    }
    let mut value = 1.0;
    let mut explained: Vec<String> = Vec::new();
    if let Some(a) = d.approach_said() {
        value += 3.0;
        explained.push(format!("explained the approach at {}", d.at(a.at)));
    }
    match d.claim_check() {
        Some((s, c, true)) => {
            value += 2.0;
            explained.push(format!("gave the time complexity ({c}) at {}", d.at(s.at)));
        }
        Some((s, c, false)) => {
            value += 1.0;
            explained.push(format!("gave a time complexity ({c}) at {} that does not match the code", d.at(s.at)));
        }
        None => {}
    }
    if let Some((s, c)) = d.space_claim() {
        value += 1.0;
        explained.push(format!("gave the space complexity ({c}) at {}", d.at(s.at)));
    }
    if let Some(t) = d.trade_off() {
        value += 1.0;
        explained.push(format!("weighed a trade-off at {}", d.at(t.at)));
    }
    if let (names, Some(at)) = d.edge_cases() {
        value += 1.0;
        explained.push(format!("raised edge cases ({}) at {}", names.join(", "), d.at(at)));
    }
    if let Some(c) = d.clarified() {
        value += 1.0;
        explained.push(format!("asked about the problem at {}", d.at(c.at)));
    }
    let (hint_asks, solution_asks) = d.help_asks();
    let asks = hint_asks + solution_asks;
    let mut why = if explained.is_empty() {
        format!(
            "{} to the interviewer, but none explained an approach, a complexity or a trade-off.",
            plural(d.said.len(), "message", "messages")
        )
    } else {
        let mut w = explained.join("; ");
        if let Some(first) = w.get(..1) {
            w = format!("{}{}.", first.to_uppercase(), &w[1..]);
        }
        w
    };
    if asks > 0 {
        why.push_str(&format!(
            " {} for help, which count toward independence, not communication.",
            plural(asks, "message asked", "messages asked")
        ));
    }
    score(Dimension::Communication, value, why)
}

pub(super) fn independence(d: &Digest) -> Score {
    if d.idle() {
        return score(
            Dimension::Independence,
            1.0,
            "Nothing was attempted, so there is no independent work to credit.".into(),
        );
    }
    let (hint_asks, solution_asks) = d.help_asks();
    let unanswered = hint_asks.saturating_sub(d.hints.len());
    let leaning = 2.0 * d.hints.len() as f64 + 2.0 * solution_asks as f64 + unanswered as f64 + d.stalls.len() as f64;
    let mut value = 10.0 - leaning;
    let mut parts: Vec<String> = Vec::new();
    if d.hints.is_empty() && solution_asks == 0 && hint_asks == 0 {
        parts.push("Used no hints".into());
    } else {
        let mut w = format!("Was given {}", plural(d.hints.len(), "hint", "hints"));
        if !d.hints.is_empty() {
            let times: Vec<String> = d.hints.iter().map(|t| d.at(*t)).collect();
            w.push_str(&format!(" (at {})", times.join(", ")));
        }
        if hint_asks > 0 {
            w.push_str(&format!(" after asking for help {}", plural(hint_asks, "time", "times")));
        }
        if solution_asks > 0 {
            w.push_str(&format!(" and asked for the solution {}", plural(solution_asks, "time", "times")));
        }
        parts.push(w);
    }
    if !d.stalls.is_empty() {
        let times: Vec<String> = d.stalls.iter().map(|t| d.at(*t)).collect();
        parts.push(format!(
            "stalled for {} minutes or more {} (from {})",
            STALL_MS / 60_000,
            plural(d.stalls.len(), "time", "times"),
            times.join(", ")
        ));
    }
    // Working alone counts for as much as it achieved.
    let cap = if d.solved() { 10.0 } else { 2.0 + 6.0 * d.progress() };
    let mut why = parts.join("; ");
    if value > cap {
        value = cap;
        why.push_str(if d.solved() {
            ""
        } else if d.last_submit().is_some() {
            ", but the work done alone did not reach a passing submission"
        } else if d.wrote_code {
            ", but the work done alone never reached a submission"
        } else {
            ", but no code was written"
        });
    }
    why.push('.');
    score(Dimension::Independence, value, why)
}
