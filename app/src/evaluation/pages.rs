//! The summary of an ended interview: the evaluation (or where it is), its integrity signals,
//! results, time used, and the way to its replay and its share links.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_params_map;

use crate::domain::error::AppError;
use crate::domain::format::elapsed;
use crate::evaluation::types::*;
use crate::evaluation::widgets::{EvaluationReport, IntegrityPanel};
use crate::evaluation::{get_summary, RetryEvaluation};
use crate::ui::routes::{replay_path, room_path, share_path};

/// The summary of an ended interview: the evaluation (or where it is), results, time used.
#[component]
pub fn SummaryPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let refresh = RwSignal::new(0u32);
    let summary = Resource::new(move || (id(), refresh.get()), |(id, _)| get_summary(id));
    let retry = ServerAction::<RetryEvaluation>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = retry.value().get() {
            refresh.update(|n| *n += 1);
        }
    });
    // While the evaluation is being generated, look again every two seconds.
    Effect::new(move |_| {
        let pending = summary.get().is_some_and(|r| matches!(r, Ok(ref s) if s.evaluation == EvaluationState::Pending));
        if pending {
            let _ = set_timeout_with_handle(move || refresh.update(|n| *n += 1), std::time::Duration::from_secs(2));
        }
    });
    view! {
        <Title text="Interview summary" />
        <Transition fallback=|| view! { <div class="skeleton title"></div><div class="skeleton block"></div> }>
            {move || summary.get().map(|r| match r {
                Ok(s) => view! { <SummaryView s retry /> }.into_any(),
                Err(AppError::Unauthorized) => view! { <Redirect path="/signin?next=/dashboard" /> }.into_any(),
                Err(AppError::NotFound) => view! { <h1>"Interview not found"</h1><p><A href="/dashboard">"Back to your dashboard"</A></p> }.into_any(),
                Err(e) => view! { <h1>"Interview summary"</h1><p role="alert" class="error">{e.to_string()}</p> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn SummaryView(s: SessionSummary, retry: ServerAction<RetryEvaluation>) -> impl IntoView {
    let used = s.used_ms.map(elapsed).unwrap_or_else(|| "—".into());
    let id = s.id.clone();
    let replay = replay_path(&s.id);
    let ended = !s.status.is_open();
    let tally = |label: &'static str, t: Option<TestTally>| {
        t.map(|t| view! { <li>{format!("{label}: {}/{} passed ({})", t.passed, t.total, t.verdict)}</li> })
    };
    let evaluation = match s.evaluation.clone() {
        EvaluationState::NotEnded => view! {
            <p role="status">"This interview is still in progress."</p>
            <p><a class="btn primary" href=room_path(&s.id) rel="external">"Back to the interview"</a></p>
        }
        .into_any(),
        EvaluationState::Pending => view! {
            <p role="status" class="generating" aria-busy="true">"Generating your evaluation…"</p>
        }
        .into_any(),
        EvaluationState::Failed { message } => view! {
            <p role="alert" class="error">{message}</p>
            <p><button type="button" class="btn" disabled=move || retry.pending().get()
                on:click=move |_| { retry.dispatch(RetryEvaluation { id: id.clone() }); }
            >"Try again"</button></p>
            {move || retry.value().get().and_then(|r| r.err()).map(|e| view! { <p role="alert" class="error">{e.to_string()}</p> })}
        }
        .into_any(),
        EvaluationState::Ready { evaluation, report_html } => {
            view! { <EvaluationReport evaluation report_html replay_base=replay.clone() /> }.into_any()
        }
    };
    view! {
        <section class="narrow">
            <h1>"Interview summary"</h1>
            <p class="lead">{s.title.clone()}" "<span class=format!("badge difficulty-{}", s.difficulty.code())>{s.difficulty.label()}</span></p>
            <p>{format!("{} · {} · time used {used} of {} minutes", s.status.label(), s.language.label(), s.duration_minutes)}</p>
            {ended.then(|| view! {
                <p class="hero-actions summary-actions">
                    <a class="btn primary" href=replay.clone() rel="external">"Watch the replay"</a>
                    <A href=share_path(&s.id) attr:class="btn">"Share"</A>
                </p>
            })}
            {evaluation}
            {s.integrity.clone().map(|integrity| view! { <IntegrityPanel integrity replay_base=replay.clone() /> })}
            <h2>"Test results"</h2>
            {if s.last_run.is_none() && s.last_submit.is_none() {
                view! { <p class="muted">"No runs or submissions."</p> }.into_any()
            } else {
                view! { <ul>{tally("Last submission", s.last_submit.clone())}{tally("Last run", s.last_run.clone())}</ul> }.into_any()
            }}
            <h2>"Your final code"</h2>
            <pre class="output" role="region" tabindex="0" aria-label=format!("Final code ({})", s.code_language.label())>{s.code.clone()}</pre>
            <p class="hero-actions">
                <A href="/dashboard" attr:class="btn primary">"Practice again"</A>
                <a class="btn" href=format!("/problems/{}", s.slug) rel="external">"Open the problem"</a>
            </p>
        </section>
    }
}
