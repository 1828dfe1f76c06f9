//! Runs in the room: a run or submission streams its cases into the output panel, which also
//! shows a run finished in another window of the same interview and the observer's line.

use leptos::prelude::*;

use super::layout::{Divider, Panes};
use crate::interviewer::types::Insights;
use crate::problems::types::{CaseResult, RunEvent, RunMode, RunRequest, RunSummary};
use crate::problems::widgets::{CaseView, RunSummaryView};
use crate::ui::output::{line_count, take_lines, MAX_OUTPUT_LINES};

/// A run as the output panel shows it while it streams.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunPanel {
    pub running: bool,
    pub mode: Option<RunMode>,
    pub total: Option<u32>,
    /// Waiting for a free sandbox: how many runs are ahead (1 = next).
    pub queued: Option<u32>,
    pub cases: Vec<CaseResult>,
    pub summary: Option<RunSummary>,
    pub error: Option<String>,
    /// The summary came over the channel from a run started elsewhere (another tab).
    pub elsewhere: bool,
    /// Lines of printed output shown so far, and whether some were cut.
    pub lines: usize,
    pub truncated: bool,
}

impl RunPanel {
    /// Adds a case, cutting what it printed once the panel holds [`MAX_OUTPUT_LINES`] lines.
    pub fn push(&mut self, mut case: CaseResult) {
        for text in [&mut case.stdout, &mut case.stderr] {
            let room = MAX_OUTPUT_LINES.saturating_sub(self.lines);
            let (kept, cut) = take_lines(text, room);
            if cut {
                *text = kept.to_string();
                self.truncated = true;
            }
            self.lines += line_count(text);
        }
        if let Some(error) = case.error.as_mut() {
            let room = MAX_OUTPUT_LINES.saturating_sub(self.lines).max(20);
            let (kept, cut) = take_lines(error, room);
            if cut {
                *error = kept.to_string();
                self.truncated = true;
            }
            self.lines += line_count(error);
        }
        self.cases.push(case);
    }

    /// Applies one event of a run's stream.
    fn apply(&mut self, event: RunEvent) {
        match event {
            RunEvent::Started { total } => self.total = Some(total),
            RunEvent::Queued { position } => self.queued = Some(position),
            RunEvent::Case { result } => {
                self.queued = None;
                self.push(result)
            }
            RunEvent::Finished { summary } => {
                self.running = false;
                self.summary = Some(summary);
            }
            RunEvent::Failed { error } => {
                self.running = false;
                self.error = Some(error.to_string());
            }
        }
    }

    /// What the panel says while a run is under way.
    fn progress(&self) -> String {
        match (self.mode, self.total) {
            _ if self.queued.is_some() => {
                format!("Waiting for a free sandbox… number {} in line", self.queued.unwrap_or(1))
            }
            (Some(RunMode::Submit), Some(t)) => format!("Submitting… {} of {t} cases", self.cases.len()),
            (_, Some(t)) => format!("Running… {} of {t} cases", self.cases.len()),
            _ => "Running…".to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        self.summary.is_none() && self.error.is_none() && self.cases.is_empty()
    }
}

/// The room's runs (see [`use_runs`]).
#[derive(Clone, Copy)]
pub struct Runs {
    pub panel: RwSignal<RunPanel>,
    panes: Panes,
}

impl Runs {
    /// Whether a run of this room is under way.
    pub fn running(self) -> bool {
        self.panel.with(|p| p.running)
    }

    /// Whether a run is under way, without tracking.
    pub fn running_untracked(self) -> bool {
        self.panel.with_untracked(|p| p.running)
    }

    /// Starts a run and streams its events into the panel.
    pub fn start(self, request: RunRequest) {
        let panel = self.panel;
        self.panes.open_output();
        panel.set(RunPanel { running: true, mode: Some(request.mode), ..Default::default() });
        leptos::task::spawn_local(async move {
            let result = crate::problems::api::stream_run(&request, |event| panel.update(|p| p.apply(event))).await;
            panel.update(|p| {
                p.running = false;
                if let Err(e) = result {
                    p.error = Some(e.to_string());
                } else if p.summary.is_none() && p.error.is_none() {
                    p.error = Some("The run stopped before it finished; run again.".into());
                }
            });
        });
    }
}

/// The room's runs. A run that finished elsewhere (`elsewhere`: another window of this
/// interview) shows its result here too, unless this room is running one itself or already
/// shows it.
pub fn use_runs(panes: Panes, elsewhere: RwSignal<Option<RunSummary>>) -> Runs {
    let panel = RwSignal::new(RunPanel::default());
    Effect::new(move |_| {
        let Some(summary) = elsewhere.get() else { return };
        let shown =
            panel.with_untracked(|p| p.running || p.summary.as_ref().is_some_and(|s| s.run_id == summary.run_id));
        if !shown {
            panes.open_output();
            panel.set(RunPanel {
                mode: Some(summary.mode),
                summary: Some(summary),
                elsewhere: true,
                ..Default::default()
            });
        }
    });
    Runs { panel, panes }
}

/// The observer's line: whether the code parses, and what it sees.
fn observer_line(insights: Option<Insights>) -> Option<(bool, String)> {
    insights.map(|i| {
        let mut parts = Vec::new();
        if let Some(e) = i.syntax_errors.first() {
            parts.push(format!("Line {}: {}", e.line, e.message));
        } else if let Some(c) = &i.complexity {
            parts.push(format!("Looks like {c}"));
        }
        if !i.signals.is_empty() {
            parts.push(i.signals.iter().map(|s| s.label()).collect::<Vec<_>>().join(", "));
        }
        if i.suggest_run {
            parts.push("Changed since the last run: try running it".into());
        }
        (i.parses, parts.join(" · "))
    })
}

/// The divider above the output panel and the panel: progress, the observer's line, the
/// summary and each case.
#[component]
pub fn OutputPanel(runs: Runs, panes: Panes, insights: RwSignal<Option<Insights>>) -> impl IntoView {
    let panel = runs.panel;
    let layout = panes.layout;
    view! {
        <div class="splitter horizontal" role="separator" tabindex="0" aria-orientation="horizontal"
            aria-label="Resize the code and output panes" aria-valuemin="15" aria-valuemax="75"
            class:hidden=move || !layout.get().output_open
            aria-valuenow=move || format!("{:.0}", layout.get().output_pct)
            on:pointerdown=move |ev| panes.start_drag(Divider::Output, ev)
            on:keydown=move |ev| panes.key_resize(Divider::Output, ev)
        ></div>
        <div class="room-output">
            <div class="output-bar">
                <h2 id="output-heading">"Output"</h2>
                {move || runs.running().then(|| view! {
                    <span class="running" role="status">{move || panel.with(RunPanel::progress)}</span>
                })}
                {move || observer_line(insights.get()).map(|(ok, text)| view! {
                    <span class="observer" class:problem=!ok role="status" aria-label="Code observer">{text}</span>
                })}
                <span class="spacer"></span>
                {move || (!runs.running() && !panel.with(RunPanel::is_empty)).then(|| view! {
                    <button type="button" class="btn ghost small" on:click=move |_| panel.set(RunPanel::default())>"Clear output"</button>
                })}
                <button type="button" class="btn ghost small" aria-controls="output-body"
                    aria-expanded=move || layout.get().output_open.to_string()
                    on:click=move |_| layout.update(|l| l.output_open = !l.output_open)
                >{move || if layout.get().output_open { "Hide output" } else { "Show output" }}</button>
            </div>
            <div id="output-body" class="output-body" aria-labelledby="output-heading" aria-live="polite" tabindex="0" class:hidden=move || !layout.get().output_open>
                {move || panel.with(|p| p.is_empty() && !p.running).then(|| view! {
                    <p class="muted">"Run your code (Ctrl/Cmd+Enter) to see the sample cases here. Submit also runs the hidden cases."</p>
                })}
                {move || panel.with(|p| p.elsewhere).then(|| view! {
                    <p class="muted">"From a run started in another window of this interview; its cases are shown there."</p>
                })}
                {move || panel.with(|p| p.summary.clone()).map(|summary| view! { <RunSummaryView summary /> })}
                {move || panel.with(|p| p.error.clone()).map(|e| view! { <p role="alert" class="error">{e}</p> })}
                <ol class="cases">
                    <For each=move || panel.with(|p| p.cases.iter().cloned().enumerate().collect::<Vec<_>>()) key=|(i, _)| *i let((_, case))>
                        <CaseView case />
                    </For>
                </ol>
                {move || panel.with(|p| p.truncated).then(|| view! {
                    <p class="muted">{format!("Output cut at {MAX_OUTPUT_LINES} lines.")}</p>
                })}
            </div>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_panel_stops_at_the_line_limit() {
        let mut panel = RunPanel::default();
        let case = |i: u32| CaseResult {
            index: i,
            hidden: false,
            verdict: crate::domain::Verdict::Accepted,
            time_ms: None,
            inputs: vec![],
            test: None,
            expected: None,
            actual: None,
            stdout: "line\n".repeat(600),
            stderr: String::new(),
            error: None,
        };
        panel.push(case(0));
        assert!(!panel.truncated);
        panel.push(case(1));
        assert!(panel.truncated);
        assert_eq!(panel.lines, MAX_OUTPUT_LINES);
        panel.push(case(2));
        assert_eq!(panel.cases[2].stdout, "");
    }
}
