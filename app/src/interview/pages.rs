//! The interview pages: the start card (filters → proposal → start), the room (statement,
//! code, server-kept timer, run, submit, end) and the summary of an ended interview.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_params_map;

use super::types::*;
use super::*;
use crate::domain::{Difficulty, Language};
use crate::error::AppError;
use crate::problems::CATEGORY_OPTIONS;

/// MM:SS for a number of milliseconds left (never negative).
pub fn clock(ms_left: i64) -> String {
    let secs = (ms_left.max(0) + 999) / 1000;
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

/// The dashboard card that starts an interview.
#[component]
pub fn StartInterview() -> impl IntoView {
    let propose = ServerAction::<ProposeInterview>::new();
    let start = ServerAction::<StartInterview>::new();
    let difficulty = RwSignal::new(String::from("easy"));
    let category = RwSignal::new(String::new());
    let language = RwSignal::new(Language::Python);
    let duration = RwSignal::new(45u32);
    // The room loads as a new document: it carries the editor's own security policy.
    Effect::new(move |_| {
        if let Some(Ok(id)) = start.value().get() {
            let _ = window().location().set_href(&format!("{ROOM_PATH_PREFIX}{id}"));
        }
    });
    let find = move || {
        let c = category.get_untracked();
        propose.dispatch(ProposeInterview {
            difficulty: Some(difficulty.get_untracked()),
            category: (!c.is_empty()).then_some(c),
        });
    };
    view! {
        <section class="card" aria-labelledby="start-heading">
            <h2 id="start-heading">"Start an interview"</h2>
            <div class="form">
                <div class="field">
                    <label for="start-difficulty">"Difficulty"</label>
                    <select id="start-difficulty" on:change=move |ev| difficulty.set(event_target_value(&ev))>
                        {Difficulty::ALL.into_iter().map(|d| view! { <option value=d.code() selected=d == Difficulty::Easy>{d.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="start-category">"Category (optional)"</label>
                    <select id="start-category" on:change=move |ev| category.set(event_target_value(&ev))>
                        <option value="">"Any category"</option>
                        {CATEGORY_OPTIONS.iter().map(|(code, label)| view! { <option value=*code>{*label}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="start-language">"Language"</label>
                    <select id="start-language" on:change=move |ev| if let Ok(l) = Language::parse(&event_target_value(&ev)) { language.set(l) }>
                        {Language::ALL.into_iter().map(|l| view! { <option value=l.code()>{l.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="start-duration">"Duration"</label>
                    <select id="start-duration" on:change=move |ev| if let Ok(m) = event_target_value(&ev).parse() { duration.set(m) }>
                        {DURATIONS.into_iter().map(|m| view! { <option value=m.to_string() selected=m == 45>{format!("{m} minutes")}</option> }).collect_view()}
                    </select>
                </div>
                <button type="button" class="btn" disabled=move || propose.pending().get() on:click=move |_| find()>"Find a problem"</button>
            </div>
            {move || propose.value().get().map(|r| match r {
                Ok(p) => {
                    let slug = p.slug.clone();
                    let offered = p.languages.contains(&language.get());
                    view! {
                        <div class="proposal" aria-live="polite">
                            <h3>{p.title.clone()}</h3>
                            <p><span class=format!("badge difficulty-{}", p.difficulty.code())>{p.difficulty.label()}</span></p>
                            {(!offered).then(|| view! { <p class="error" role="alert">"This problem is not offered in that language; choose another language or problem."</p> })}
                            <div class="hero-actions">
                                <button type="button" class="btn primary" disabled=move || start.pending().get() || !offered
                                    on:click=move |_| { start.dispatch(StartInterview { slug: slug.clone(), language: language.get_untracked(), duration_minutes: duration.get_untracked() }); }
                                >"Start interview (uses 1 credit)"</button>
                                <button type="button" class="btn" on:click=move |_| find()>"Another problem"</button>
                            </div>
                        </div>
                    }.into_any()
                }
                Err(AppError::NotFound) => view! { <p role="alert" class="error">"No problem matches these choices. Try another difficulty or category."</p> }.into_any(),
                Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
            })}
            {move || start.value().get().and_then(|r| r.err()).map(|e| view! { <p role="alert" class="error">{e.to_string()}</p> })}
        </section>
    }
}

/// The user's interviews, newest first.
#[component]
pub fn InterviewHistory() -> impl IntoView {
    let history = Resource::new(|| (), |_| interview_history(None));
    view! {
        <section class="card" aria-labelledby="history-heading">
            <h2 id="history-heading">"Your interviews"</h2>
            <Suspense fallback=|| view! { <div class="skeleton block"></div> }>
                {move || history.get().map(|r| match r {
                    Ok(page) if page.rows.is_empty() => view! {
                        <p>"No interviews yet. Pick a difficulty and a language, and you get a problem, an editor and a clock."</p>
                    }.into_any(),
                    Ok(page) => view! {
                        <ul class="history">
                            {page.rows.into_iter().map(|s| view! {
                                <li>
                                    <a href=format!("{ROOM_PATH_PREFIX}{}", s.id) rel="external">{s.problem_title.clone()}</a>
                                    " " <span class=format!("badge difficulty-{}", s.difficulty.code())>{s.difficulty.label()}</span>
                                    <span class="muted">{format!(" · {} · {} min · {}", s.language.label(), s.duration_minutes, s.status.label())}</span>
                                    {s.score.map(|(p, t)| view! { <span class="muted">{format!(" · {p}/{t} tests")}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The interview room, or the summary once the interview has ended.
#[component]
pub fn InterviewPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let reload = RwSignal::new(0u32);
    let session = Resource::new(move || (id(), reload.get()), |(id, _)| get_session(id));
    view! {
        <Suspense fallback=|| view! { <div class="skeleton title"></div><div class="skeleton block"></div> }>
            {move || session.get().map(|r| match r {
                Ok(s) if s.status.is_open() => view! { <super::room::Room session=s reload /> }.into_any(),
                Ok(s) => view! { <Summary session=s /> }.into_any(),
                Err(AppError::Unauthorized) => view! { <Redirect path="/signin?next=/dashboard" /> }.into_any(),
                Err(AppError::NotFound) => view! { <Title text="Interview not found" /><h1>"Interview not found"</h1><p><A href="/dashboard">"Back to your dashboard"</A></p> }.into_any(),
                Err(e) => view! { <h1>"Interview"</h1><p role="alert" class="error">{e.to_string()}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Summary(session: SessionView) -> impl IntoView {
    let used = match (session.started_at, session.ended_at) {
        (Some(a), Some(b)) => clock(b - a),
        _ => "—".into(),
    };
    view! {
        <Title text="Interview summary" />
        <section class="narrow">
            <h1>"Interview summary"</h1>
            <p class="lead">{session.problem.title.clone()}</p>
            <p role="status">{format!("{} · time used {used} of {} minutes", session.status.label(), session.duration_minutes)}</p>
            <h2>"Your final code"</h2>
            <pre class="output">{session.code.clone()}</pre>
            <p><A href="/dashboard" attr:class="btn primary">"Back to your dashboard"</A></p>
        </section>
    }
}
