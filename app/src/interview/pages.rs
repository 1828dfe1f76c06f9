//! The interview pages: the start card (filters → proposal → start), the room (statement,
//! code, server-kept timer, run, submit, end) and the summary of an ended interview.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_params_map;

use crate::domain::error::AppError;
use crate::domain::{Difficulty, Language};
use crate::interview::types::*;
use crate::interview::*;
use crate::interviewer::types::{Dimension, EvaluationState};
use crate::problems::CATEGORY_OPTIONS;

/// MM:SS for a number of milliseconds left (never negative). Rounds up, so the countdown
/// shows 00:00 only once the time is over.
pub fn clock(ms_left: i64) -> String {
    mm_ss((ms_left.max(0) + 999) / 1000)
}

/// MM:SS for a time spent, in whole seconds elapsed (the summary and the evaluation's report).
pub fn elapsed(ms: i64) -> String {
    mm_ss(ms.max(0) / 1000)
}

fn mm_ss(secs: i64) -> String {
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

/// The date (UTC) of a time in ms since the epoch, as YYYY-MM-DD. The same on the server and
/// in the browser, so hydration never disagrees.
pub fn utc_date(ms: i64) -> String {
    // Days to a civil date (Howard Hinnant's algorithm).
    let z = ms.div_euclid(86_400_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A count with thousands separators: 10,000.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Height of one history row, in pixels (the list is virtualised on it).
const ROW_PX: f64 = 52.0;
/// Rows the list's window shows at once, and rows rendered beyond it on each side.
const WINDOW_ROWS: usize = 10;
const OVERSCAN: usize = 10;

/// Which rows to render for a scroll position: at most `WINDOW_ROWS + 2 * OVERSCAN + 1`.
pub fn visible_rows(scroll_top: f64, total: usize) -> std::ops::Range<usize> {
    let first = (scroll_top.max(0.0) / ROW_PX) as usize;
    let start = first.saturating_sub(OVERSCAN).min(total);
    let end = (first + WINDOW_ROWS + OVERSCAN + 1).min(total);
    start..end
}

/// The user's interviews, newest first.
#[component]
pub fn InterviewHistory() -> impl IntoView {
    let first = Resource::new(|| (), |_| interview_history(None, None));
    view! {
        <section class="card" aria-labelledby="history-heading">
            <h2 id="history-heading">"Your interviews"</h2>
            <Suspense fallback=|| view! { <div class="skeleton block"></div> }>
                {move || first.get().map(|r| match r {
                    Ok(page) if page.rows.is_empty() => view! {
                        <p>"No interviews yet. Pick a difficulty and a language, and you get a problem, an editor and a clock."</p>
                    }.into_any(),
                    Ok(page) => view! { <HistoryList first=page /> }.into_any(),
                    Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The history as a virtualised, endless list: the scroll area is as tall as every interview
/// would be, only the rows in view (and a few around them) are in the page, and further pages
/// load as the reader scrolls towards them.
#[component]
fn HistoryList(first: HistoryPage) -> impl IntoView {
    let total = first.total as usize;
    let rows = RwSignal::new(first.rows);
    let next = RwSignal::new(first.next);
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let scroll_top = RwSignal::new(0.0f64);
    let range = Memo::new(move |_| visible_rows(scroll_top.get(), total));

    // Fetch what the window needs (pages follow one another: the cursor is the last row).
    Effect::new(move |_| {
        let wanted = range.get().end + OVERSCAN;
        let have = rows.with(Vec::len);
        if wanted <= have || loading.get() || failed.get().is_some() {
            return;
        }
        let Some(cursor) = next.get() else { return };
        loading.set(true);
        let limit = (wanted - have).clamp(50, 200) as u32;
        leptos::task::spawn_local(async move {
            match interview_history(Some(cursor), Some(limit)).await {
                Ok(page) => {
                    rows.update(|r| r.extend(page.rows));
                    next.set(page.next);
                }
                Err(e) => failed.set(Some(e.to_string())),
            }
            loading.set(false);
        });
    });

    let height = (total.min(WINDOW_ROWS) as f64) * ROW_PX;
    view! {
        <p class="muted">{if total == 1 { "1 interview".to_string() } else { format!("{} interviews", thousands(total)) }}</p>
        <div class="history-scroll" style=format!("height: {height}px")
            on:scroll=move |ev| {
                if let Some(el) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) {
                    scroll_top.set(f64::from(el.scroll_top()));
                }
            }
        >
            <ul class="history" aria-labelledby="history-heading" style=format!("height: {}px", total as f64 * ROW_PX)>
                {move || {
                    let r = range.get();
                    rows.with(|all| {
                        r.clone().map(|i| match all.get(i) {
                            Some(s) => view! {
                                <li style=format!("top: {}px", i as f64 * ROW_PX) aria-setsize=total aria-posinset=i + 1>
                                    {if s.status.is_open() {
                                        view! { <a href=format!("{ROOM_PATH_PREFIX}{}", s.id) rel="external">{s.problem_title.clone()}</a> }.into_any()
                                    } else {
                                        view! { <a href=summary_path(&s.id)>{s.problem_title.clone()}</a> }.into_any()
                                    }}
                                    " " <span class=format!("badge difficulty-{}", s.difficulty.code())>{s.difficulty.label()}</span>
                                    <span class="muted">{format!(" · {} · {} · {} min · {}", utc_date(s.created_at), s.language.label(), s.duration_minutes, s.status.label())}</span>
                                    {s.score.map(|(p, t)| view! { <span class="muted">{format!(" · {p}/{t} tests")}</span> })}
                                    {match (s.overall, s.evaluating) {
                                        (Some(o), _) => Some(view! { <span class=score_class(o)>{format!(" · {}", tenths(o))}</span> }.into_any()),
                                        (None, true) => Some(view! { <span class="muted">" · Evaluating…"</span> }.into_any()),
                                        _ => None,
                                    }}
                                </li>
                            }.into_any(),
                            None => view! {
                                <li class="placeholder" style=format!("top: {}px", i as f64 * ROW_PX) aria-setsize=total aria-posinset=i + 1 aria-busy="true">
                                    <span class="muted">"Loading…"</span>
                                </li>
                            }.into_any(),
                        }).collect_view()
                    })
                }}
            </ul>
        </div>
        {move || failed.get().map(|e| view! {
            <p role="alert" class="error">{format!("Could not load more interviews: {e} ")}
                <button type="button" class="btn ghost small" on:click=move |_| failed.set(None)>"Try again"</button>
            </p>
        })}
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
                Ok(s) if s.status.is_open() => view! { <crate::interview::room::Room session=s reload /> }.into_any(),
                Ok(s) => view! { <Redirect path=summary_path(&s.id) /> }.into_any(),
                Err(AppError::Unauthorized) => view! { <Redirect path="/signin?next=/dashboard" /> }.into_any(),
                Err(AppError::NotFound) => view! { <Title text="Interview not found" /><h1>"Interview not found"</h1><p><A href="/dashboard">"Back to your dashboard"</A></p> }.into_any(),
                Err(e) => view! { <h1>"Interview"</h1><p role="alert" class="error">{e.to_string()}</p> }.into_any(),
            })}
        </Suspense>
    }
}

/// Where an interview's summary lives.
pub fn summary_path(id: &str) -> String {
    format!("/sessions/{id}/summary")
}

/// A score in tenths as "7.3".
pub fn tenths(t: u8) -> String {
    format!("{}.{}", t / 10, t % 10)
}

/// The colour class of a score in tenths.
pub fn score_class(t: u8) -> &'static str {
    match t {
        75.. => "score-high",
        50..=74 => "score-mid",
        _ => "score-low",
    }
}

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
    let tally = |label: &'static str, t: Option<TestTally>| {
        t.map(|t| view! { <li>{format!("{label}: {}/{} passed ({})", t.passed, t.total, t.verdict)}</li> })
    };
    let evaluation = match s.evaluation.clone() {
        EvaluationState::NotEnded => view! {
            <p role="status">"This interview is still in progress."</p>
            <p><a class="btn primary" href=format!("{ROOM_PATH_PREFIX}{}", s.id) rel="external">"Back to the interview"</a></p>
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
        EvaluationState::Ready { evaluation: e, report_html } => view! {
            <section aria-labelledby="overall-heading">
                <h2 id="overall-heading">"Evaluation"</h2>
                <div class="overall">
                    <span class=format!("number {}", score_class(e.overall)) aria-label=format!("Overall score {} out of 10", tenths(e.overall))>{tenths(e.overall)}</span>
                    <span class=format!("badge rec-{}", e.recommendation.code())>{format!("Recommendation: {}", e.recommendation.label())}</span>
                    {e.code_only.then(|| view! { <span class="muted">"Code-only evaluation: no conversation took place."</span> })}
                </div>
                <ul class="gauges">
                    {Dimension::ALL.into_iter().filter_map(|d| e.scores.iter().find(|x| x.dimension == d).cloned()).map(|sc| {
                        let label = sc.dimension.label();
                        match sc.score {
                            Some(v) => view! {
                                <li>
                                    <div class="gauge-head"><strong>{label}</strong><span class=score_class(v * 10)>{format!("{v}/10")}</span></div>
                                    <div class="gauge" role="meter" aria-label=format!("{label}: {v} out of 10") aria-valuemin="1" aria-valuemax="10" aria-valuenow=v.to_string()>
                                        <span class=score_class(v * 10) style=format!("width: {}%", u32::from(v) * 10)></span>
                                    </div>
                                    <p class="muted small">{sc.justification.clone()}</p>
                                </li>
                            }.into_any(),
                            None => view! {
                                <li>
                                    <div class="gauge-head"><strong>{label}</strong><span class="muted">"Not assessed"</span></div>
                                    <p class="muted small">{sc.justification.clone()}</p>
                                </li>
                            }.into_any(),
                        }
                    }).collect_view()}
                </ul>
                {(!e.strengths.is_empty()).then(|| view! {
                    <h3>"Strengths"</h3>
                    <ul>{e.strengths.iter().map(|x| view! { <li>{x.clone()}</li> }).collect_view()}</ul>
                })}
                <h3>"To improve"</h3>
                <ul>{e.improvements.iter().map(|x| view! { <li>{x.clone()}</li> }).collect_view()}</ul>
                <h3>"Report"</h3>
                <div class="prose report" inner_html=report_html></div>
            </section>
        }
        .into_any(),
    };
    view! {
        <section class="narrow">
            <h1>"Interview summary"</h1>
            <p class="lead">{s.title.clone()}" "<span class=format!("badge difficulty-{}", s.difficulty.code())>{s.difficulty.label()}</span></p>
            <p>{format!("{} · {} · time used {used} of {} minutes", s.status.label(), s.language.label(), s.duration_minutes)}</p>
            {evaluation}
            <h2>"Test results"</h2>
            {if s.last_run.is_none() && s.last_submit.is_none() {
                view! { <p class="muted">"No runs or submissions."</p> }.into_any()
            } else {
                view! { <ul>{tally("Last submission", s.last_submit.clone())}{tally("Last run", s.last_run.clone())}</ul> }.into_any()
            }}
            <h2>"Your final code"</h2>
            <pre class="output" aria-label=format!("Final code ({})", s.code_language.label())>{s.code.clone()}</pre>
            <p class="hero-actions">
                <A href="/dashboard" attr:class="btn primary">"Practice again"</A>
                <a class="btn" href=format!("/problems/{}", s.slug)>"Open the problem"</a>
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use crate::interview::pages::*;

    #[test]
    fn dates_are_utc_calendar_days() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(951_782_400_000), "2000-02-29");
        assert_eq!(utc_date(1_795_392_000_000), "2026-11-23");
        assert_eq!(utc_date(-86_400_000), "1969-12-31");
    }

    #[test]
    fn the_countdown_rounds_up_and_time_spent_rounds_down() {
        assert_eq!(clock(3_200), "00:04");
        assert_eq!(clock(0), "00:00");
        assert_eq!(clock(-5_000), "00:00");
        assert_eq!(clock(60_000), "01:00");
        assert_eq!(elapsed(3_200), "00:03");
        assert_eq!(elapsed(59_999), "00:59");
        assert_eq!(elapsed(-1), "00:00");
    }

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn the_list_renders_a_bounded_window_of_rows() {
        assert_eq!(visible_rows(0.0, 10_000), 0..21);
        assert_eq!(visible_rows(ROW_PX * 5_000.0, 10_000), 4_990..5_021);
        assert_eq!(visible_rows(ROW_PX * 9_995.0, 10_000), 9_985..10_000);
        assert_eq!(visible_rows(0.0, 3), 0..3);
        for top in [0.0, 1234.5, 99_999.0, 519_948.0] {
            assert!(visible_rows(top, 10_000).len() <= 60);
        }
    }
}
