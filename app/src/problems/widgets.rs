//! Components that show a run's results, shared by the problem page and the interview room.

use leptos::prelude::*;

use crate::domain::Verdict;
use crate::problems::types::{CaseResult, RunMode, RunResult, RunSummary};
use crate::ui::output;

/// What a verdict means for the candidate's next step.
pub fn verdict_advice(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Accepted => "Every case passed.",
        Verdict::WrongAnswer => "Your code returned a different result: compare your output with the expected one.",
        Verdict::RuntimeError => "Your code raised an error: the message below shows where.",
        Verdict::TimeLimit => {
            "Your code ran past the time limit: look for an endless loop or an algorithm slower than needed."
        }
        Verdict::MemoryLimit => "Your code used more memory than allowed: look for structures that grow without bound.",
        Verdict::OutputLimit => "Your code printed too much: remove or shorten debugging output.",
        Verdict::CompileError => "Your code did not compile or load: fix the error below, then run again.",
        Verdict::NotRun => "Some cases did not run because an earlier case stopped the program.",
    }
}

/// One case of a run: its verdict and, for visible cases, input, expected and actual output,
/// and what the code printed (with its colours).
#[component]
pub fn CaseView(case: CaseResult) -> impl IntoView {
    let c = case;
    let name = if c.hidden { format!("Hidden case {}", c.index + 1) } else { format!("Case {}", c.index + 1) };
    let time = c.time_ms.map(|t| format!(" · {t:.0} ms")).unwrap_or_default();
    let mark = if c.verdict == Verdict::Accepted { "✓" } else { "✗" };
    let class = if c.verdict == Verdict::Accepted { "case ok" } else { "case bad" };
    view! {
        <li class=class>
            <p><span class="mark" aria-hidden="true">{mark}" "</span><strong>{name}</strong> {format!(" · {}{time}", c.verdict.label())}</p>
            {(!c.hidden).then(|| view! {
                {c.test.map(|t| view! { <p>"Test: " <code>{t}</code></p> })}
                {(!c.inputs.is_empty()).then(|| view! {
                    <p>"Input: " <code>{c.inputs.iter().map(|(n, v)| format!("{n} = {v}")).collect::<Vec<_>>().join(", ")}</code></p>
                })}
                {c.expected.map(|e| view! { <p>"Expected: " <code>{e}</code></p> })}
                {c.actual.map(|a| view! { <p>"Your output: " <code>{a}</code></p> })}
                {c.error.map(|e| view! { <output::AnsiText text=e /> })}
                {(!c.stdout.is_empty()).then(|| view! { <p class="muted">"Printed:"</p><output::AnsiText text=c.stdout.clone() /> })}
                {(!c.stderr.is_empty()).then(|| view! { <p class="muted">"Errors printed:"</p><output::AnsiText text=c.stderr.clone() /> })}
            })}
        </li>
    }
}

/// The verdict line of a finished run, what it means, and a compile error if there was one.
#[component]
pub fn RunSummaryView(summary: RunSummary) -> impl IntoView {
    let s = summary;
    let ok = s.verdict == Verdict::Accepted;
    view! {
        <p role="status" class=if ok { "verdict ok" } else { "verdict bad" }>
            {format!("{}: {} of {} cases passed", s.verdict.label(), s.passed, s.total)}
        </p>
        <p class="muted">{format!("{} Completed in {} ms.", verdict_advice(s.verdict), s.wall_ms)}</p>
        {(s.mode == RunMode::Submit).then(|| view! {
            <p class="muted">"A submission shows verdicts only, never what your code printed or returned (it ran with the hidden inputs). Run your code to see its output on the examples."</p>
        })}
        {s.compile_error.map(|e| view! { <output::AnsiText text=e /> })}
    }
}

/// The result of a run: the verdict line and each case.
#[component]
pub fn RunResultView(result: RunResult) -> impl IntoView {
    view! {
        <div class="run-result" data-testid="run-result">
            <RunSummaryView summary=result.summary />
            <ol class="cases">
                {result.cases.into_iter().map(|c| view! { <CaseView case=c /> }).collect_view()}
            </ol>
        </div>
    }
}
