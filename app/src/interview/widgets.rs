//! The interview's parts that other pages show: the start card (filters → proposal →
//! start) and the user's history.

use leptos::prelude::*;

use crate::domain::error::AppError;
use crate::domain::format::{thousands, utc_date};
use crate::domain::{Difficulty, Language};
use crate::evaluation::types::{score_class, tenths};
use crate::interview::types::*;
use crate::interview::*;
use crate::problems::types::{category_label, DifficultyCategories};
use crate::ui::routes::{room_path, summary_path};
use crate::ui::virtual_list::{visible_rows, OVERSCAN, ROW_PX, WINDOW_ROWS};

#[component]
pub fn StartInterview(
    /// Practice is unlimited: starting costs no credit.
    #[prop(optional)]
    free: bool,
    /// For each difficulty, the categories that have problems at it (with how many).
    #[prop(optional)]
    categories: Vec<DifficultyCategories>,
) -> impl IntoView {
    let propose = ServerAction::<ProposeInterview>::new();
    let start = ServerAction::<StartInterview>::new();
    let difficulty = RwSignal::new(String::from("easy"));
    let category = RwSignal::new(String::new());
    let language = RwSignal::new(Language::Python);
    let duration = RwSignal::new(45u32);
    // Only categories with problems at the chosen difficulty are offered; a choice the new
    // difficulty lacks goes back to "Any category".
    let offered = Memo::new(move |_| {
        let d = difficulty.get();
        categories.iter().find(|c| c.difficulty.code() == d).map(|c| c.categories.clone()).unwrap_or_default()
    });
    Effect::new(move |_| {
        let chosen = category.get_untracked();
        if !chosen.is_empty() && !offered.get().iter().any(|c| c.code == chosen) {
            category.set(String::new());
        }
    });
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
                    // Each option says whether it is the choice: when the list is rebuilt for
                    // another difficulty, the browser would otherwise keep the selected index.
                    <select id="start-category" on:change=move |ev| category.set(event_target_value(&ev))>
                        <option value="" prop:selected=move || category.get().is_empty()>"Any category"</option>
                        {move || offered.get().into_iter().map(|c| {
                            let label = format!("{} ({})", category_label(&c.code), c.count);
                            let code = c.code.clone();
                            view! { <option value=c.code prop:selected=move || category.get() == code>{label}</option> }
                        }).collect_view()}
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
                                >{if free { "Start interview" } else { "Start interview (uses 1 credit)" }}</button>
                                <button type="button" class="btn" on:click=move |_| find()>"Another problem"</button>
                            </div>
                        </div>
                    }.into_any()
                }
                Err(AppError::NotFound) => view! { <p role="alert" class="error">"No problem matches these choices. Try another difficulty or category."</p> }.into_any(),
                Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
            })}
            {move || start.value().get().and_then(|r| r.err()).map(|e| match e {
                AppError::AlreadyOpen { session_id: Some(id) } => view! {
                    <p role="alert" class="error">"You already have an interview in progress. "
                        <a href=room_path(&id) rel="external">"Resume it"</a>
                    </p>
                }.into_any(),
                e => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
            })}
        </section>
    }
}

/// The interview in progress, in place of the start card: its problem, the time left and a
/// link back into the room (one interview is open at a time).
#[component]
pub fn ResumeInterview(open: OpenInterview) -> impl IntoView {
    let time_left = open.time_left();
    view! {
        <section class="card resume-card" aria-labelledby="resume-heading">
            <h2 id="resume-heading">"Interview in progress"</h2>
            <p class="resume-problem">
                <strong>{open.problem_title.clone()}</strong>" "
                <span class=format!("badge difficulty-{}", open.difficulty.code())>{open.difficulty.label()}</span>
            </p>
            <p class="muted">{format!("{} · {time_left}", open.language.label())}</p>
            <p><a class="btn primary" href=room_path(&open.id) rel="external">"Resume interview"</a></p>
            <p class="muted small">"Finish or end it to start another one."</p>
        </section>
    }
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
                                    <span class="history-title">
                                        {if s.status.is_open() {
                                            view! { <a href=format!("{ROOM_PATH_PREFIX}{}", s.id) rel="external">{s.problem_title.clone()}</a> }.into_any()
                                        } else {
                                            view! { <a href=summary_path(&s.id)>{s.problem_title.clone()}</a> }.into_any()
                                        }}
                                        " " <span class=format!("badge difficulty-{}", s.difficulty.code())>{s.difficulty.label()}</span>
                                    </span>
                                    // On a narrow screen the details give way first: status and
                                    // score are never cut off.
                                    <span class="history-meta">
                                        <span class="muted history-detail">{format!(" · {} · {} · {} min", utc_date(s.created_at), s.language.label(), s.duration_minutes)}</span>
                                        <span class="muted history-status">{format!(" · {}", s.status.label())}</span>
                                        {s.score.map(|(p, t)| view! { <span class="muted history-score">{format!(" · {p}/{t} tests")}</span> })}
                                        {match (s.overall, s.evaluating) {
                                            (Some(o), _) => Some(view! { <span class=format!("history-score {}", score_class(o))>{format!(" · {}", tenths(o))}</span> }.into_any()),
                                            (None, true) => Some(view! { <span class="muted history-score">" · Evaluating…"</span> }.into_any()),
                                            _ => None,
                                        }}
                                    </span>
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
