//! The interview pages: the start card (filters → proposal → start), the room (statement,
//! code, server-kept timer, run, submit, end) and the summary of an ended interview.
//! The code pane is a plain text area for now; the Monaco editor and the realtime channel
//! replace it next.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::{use_navigate, use_params_map};

use super::types::*;
use super::*;
use crate::domain::{Difficulty, Language};
use crate::error::AppError;
use crate::problems::types::RunMode;
use crate::problems::{RunCode, RunResultView, CATEGORY_OPTIONS};

fn now_ms() -> i64 {
    js_sys_now()
}

#[cfg(feature = "hydrate")]
fn js_sys_now() -> i64 {
    web_sys::js_sys::Date::now() as i64
}

#[cfg(not(feature = "hydrate"))]
fn js_sys_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

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
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = start.value().get() {
            navigate(&format!("/interview/{id}"), Default::default());
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
                                    <A href=format!("/interview/{}", s.id)>{s.problem_title.clone()}</A>
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
                Ok(s) if s.status.is_open() => view! { <Room session=s reload /> }.into_any(),
                Ok(s) => view! { <Summary session=s /> }.into_any(),
                Err(AppError::Unauthorized) => view! { <Redirect path="/signin?next=/dashboard" /> }.into_any(),
                Err(AppError::NotFound) => view! { <Title text="Interview not found" /><h1>"Interview not found"</h1><p><A href="/dashboard">"Back to your dashboard"</A></p> }.into_any(),
                Err(e) => view! { <h1>"Interview"</h1><p role="alert" class="error">{e.to_string()}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Room(session: SessionView, reload: RwSignal<u32>) -> impl IntoView {
    let SessionView { id, language, server_now, deadline_at, code, problem, .. } = session;
    // The server's clock minus ours: the timer shows the server's remaining time.
    let offset = StoredValue::new(server_now - now_ms());
    let deadline = StoredValue::new(deadline_at.unwrap_or(server_now));
    let resync = ServerAction::<SyncClock>::new();
    let left = RwSignal::new(deadline.get_value() - server_now);
    let source = RwSignal::new(code);
    let saved_code = StoredValue::new(source.get_untracked());
    let status = RwSignal::new(String::new());
    let time_up = StoredValue::new(false);
    let draft_key = StoredValue::new(format!("sparring-draft-{id}"));
    let narrow = RwSignal::new(false);
    let continued = RwSignal::new(false);
    let id = StoredValue::new(id);
    let slug = StoredValue::new(problem.slug.clone());
    let run = ServerAction::<RunCode>::new();
    let save = ServerAction::<SaveSnapshot>::new();
    let end = ServerAction::<EndInterview>::new();

    let save_now = move |manual: bool| {
        let code = source.get_untracked();
        if manual || code != saved_code.get_value() {
            saved_code.set_value(code.clone());
            save.dispatch(SaveSnapshot { id: id.get_value(), language, code, manual });
        }
    };
    // Once the server has the code that is in the editor, the local draft can go.
    let forget_draft_if_saved = move || {
        if source.get_untracked() == saved_code.get_value() {
            if let Ok(Some(storage)) = window().local_storage() {
                let _ = storage.remove_item(&draft_key.get_value());
            }
        }
    };
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            status.set(match r {
                Ok(_) => {
                    forget_draft_if_saved();
                    "Saved".into()
                }
                Err(e) => format!("Not saved: {e}"),
            });
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = run.value().get() {
            forget_draft_if_saved();
        }
    });
    // On opening: the desktop check, and a draft the server never received (a crash, a lost
    // connection) is restored and saved.
    Effect::new(move |_| {
        narrow.set(window().inner_width().ok().and_then(|w| w.as_f64()).is_some_and(|w| w < 1024.0));
        if let Ok(Some(storage)) = window().local_storage() {
            if let Ok(Some(draft)) = storage.get_item(&draft_key.get_value()) {
                if draft != source.get_untracked() {
                    source.set(draft);
                    status.set("Restored your unsaved changes".into());
                    save_now(true);
                }
            }
        }
    });
    // The timer follows the server: re-sync when the tab becomes visible again.
    Effect::new(move |_| {
        let handle = leptos::prelude::window_event_listener(leptos::ev::focus, move |_| {
            resync.dispatch(SyncClock { id: id.get_value() });
        });
        // visibilitychange is fired at the document and bubbles to the window.
        let visible = leptos::prelude::window_event_listener_untyped("visibilitychange", move |_| {
            if !document().hidden() {
                resync.dispatch(SyncClock { id: id.get_value() });
            }
        });
        on_cleanup(move || {
            handle.remove();
            visible.remove();
        });
    });
    Effect::new(move |_| {
        if let Some(Ok(c)) = resync.value().get() {
            offset.set_value(c.server_now - now_ms());
            if let Some(d) = c.deadline_at {
                deadline.set_value(d);
            }
            if !c.status.is_open() {
                reload.update(|n| *n += 1);
            }
        }
    });
    // Leaving with unsaved code: send it with sendBeacon, and ask the browser to confirm.
    Effect::new(move |_| {
        let handle = window_event_listener(leptos::ev::beforeunload, move |ev| {
            let code = source.get_untracked();
            if code == saved_code.get_value() {
                return;
            }
            if let Ok(params) = web_sys::UrlSearchParams::new() {
                params.append("id", &id.get_value());
                params.append("language", language.code());
                params.append("code", &code);
                params.append("manual", "true");
                let _ =
                    window().navigator().send_beacon_with_opt_url_search_params("/api/save_snapshot", Some(&params));
            }
            ev.prevent_default();
            ev.set_return_value("");
        });
        on_cleanup(move || handle.remove());
    });
    // The clock ticks locally from the server's deadline; automatic saves every 10 s.
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || {
                let remaining = deadline.get_value() - (now_ms() + offset.get_value());
                left.set(remaining);
                // Time is up: ask the server once, which shows the summary.
                if remaining <= 0 && !time_up.get_value() {
                    time_up.set_value(true);
                    save_now(false);
                    reload.update(|n| *n += 1);
                }
            },
            std::time::Duration::from_millis(500),
        );
        let autosave = set_interval_with_handle(move || save_now(false), std::time::Duration::from_secs(10));
        on_cleanup(move || {
            if let Ok(h) = handle {
                h.clear();
            }
            if let Ok(h) = autosave {
                h.clear();
            }
        });
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = end.value().get() {
            if let Ok(Some(storage)) = window().local_storage() {
                let _ = storage.remove_item(&draft_key.get_value());
            }
            saved_code.set_value(source.get_untracked());
            reload.update(|n| *n += 1);
        }
    });
    let cleared = RwSignal::new(false);
    let dispatch = move |mode: RunMode| {
        cleared.set(false);
        saved_code.set_value(source.get_untracked());
        run.dispatch(RunCode {
            slug: slug.get_value(),
            language,
            source: source.get_untracked(),
            mode,
            session_id: Some(id.get_value()),
        });
    };
    let end_now = move || {
        #[cfg(feature = "hydrate")]
        {
            let ok = window()
                .confirm_with_message("End the interview now? You cannot change your code afterwards.")
                .unwrap_or(false);
            if !ok {
                return;
            }
        }
        end.dispatch(EndInterview { id: id.get_value(), language: Some(language), code: Some(source.get_untracked()) });
    };
    let timer_class = move || {
        let l = left.get();
        if l <= 60_000 {
            "timer critical"
        } else if l <= 5 * 60_000 {
            "timer warning"
        } else {
            "timer"
        }
    };
    let title = problem.title.clone();
    view! {
        <Title text=format!("Interview: {title}") />
        <Show when=move || narrow.get() && !continued.get()>
            <div class="notice desktop-notice" role="alert">
                <p>"The interview room is made for a desktop screen (at least 1024 pixels wide): the statement, the editor and the results sit side by side."</p>
                <button type="button" class="btn" on:click=move |_| continued.set(true)>"Continue anyway"</button>
            </div>
        </Show>
        <div class="room" class:hidden=move || narrow.get() && !continued.get()>
            <div class="room-bar">
                <p class=timer_class role="timer" aria-label="Time left">
                    {move || if left.get() <= 60_000 { "⏰ " } else if left.get() <= 5 * 60_000 { "⏳ " } else { "" }}
                    {move || clock(left.get())}
                </p>
                <span class="muted" aria-live="polite">{move || status.get()}</span>
                <div class="room-actions">
                    <button type="button" class="btn" disabled=move || run.pending().get() on:click=move |_| dispatch(RunMode::Run)>"Run"</button>
                    <button type="button" class="btn primary" disabled=move || run.pending().get() on:click=move |_| dispatch(RunMode::Submit)>"Submit"</button>
                    <button type="button" class="btn danger" disabled=move || end.pending().get() on:click=move |_| end_now()>"End interview"</button>
                </div>
            </div>
            <div class="room-panes">
                <section class="room-problem" aria-labelledby="room-title">
                    <h1 id="room-title">{problem.title.clone()}</h1>
                    <p><span class=format!("badge difficulty-{}", problem.difficulty.code())>{problem.difficulty.label()}</span></p>
                    <div class="prose statement" inner_html=problem.statement_html.clone()></div>
                    {(!problem.constraints.is_empty()).then(|| view! {
                        <h2>"Constraints"</h2>
                        <ul>{problem.constraints.iter().map(|c| view! { <li><code>{c.clone()}</code></li> }).collect_view()}</ul>
                    })}
                </section>
                <section class="room-code" aria-label="Code">
                    <div class="field">
                        <label for="room-source">{format!("Your solution ({})", language.label())}</label>
                        <textarea id="room-source" class="code-input" spellcheck="false" rows="22"
                            prop:value=move || source.get()
                            on:input=move |ev| {
                                let code = event_target_value(&ev);
                                if let Ok(Some(storage)) = window().local_storage() {
                                    let _ = storage.set_item(&draft_key.get_value(), &code);
                                }
                                source.set(code);
                            }
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "s" {
                                    ev.prevent_default();
                                    save_now(true);
                                } else if (ev.ctrl_key() || ev.meta_key()) && ev.key() == "Enter" {
                                    ev.prevent_default();
                                    dispatch(RunMode::Run);
                                }
                            }
                        ></textarea>
                    </div>
                    <div class="room-output" aria-live="polite">
                        {move || run.pending().get().then(|| view! { <p class="muted">"Running…"</p> })}
                        {move || (run.value().get().is_some() && !cleared.get()).then(|| view! {
                            <button type="button" class="btn ghost small" on:click=move |_| cleared.set(true)>"Clear output"</button>
                        })}
                        {move || run.value().get().filter(|_| !cleared.get()).map(|r| match r {
                            Ok(result) => view! { <RunResultView result /> }.into_any(),
                            Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
                        })}
                    </div>
                </section>
            </div>
        </div>
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
