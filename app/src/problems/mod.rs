//! The problem bank for candidates: a filterable list, a problem page with its statement
//! (Markdown rendered and sanitized on the server), examples and hints, and a place to run
//! code against the visible cases or submit it against all of them.

pub mod api;
mod editor;
pub mod types;
pub mod widgets;

#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

use crate::domain::error::AppError;
use crate::domain::{Difficulty, Language};
use crate::ui::routes::problem_path;
use editor::{editor_label, text_area_keys, use_workspace, Workspace};
use types::*;
use widgets::RunResultView;

/// Lists problems, filtered by difficulty and category and searched by title and tag (`q`),
/// a page at a time, with the categories that have problems under the other filters.
#[server(endpoint = "list_problems")]
pub async fn list_problems(
    difficulty: Option<String>,
    category: Option<String>,
    q: Option<String>,
    page: Option<u32>,
) -> Result<ProblemList, AppError> {
    use crate::platform::context as cx;
    use crate::problems::server::practice::{self, ListQuery};
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::user_id().await?;
            let query = ListQuery {
                difficulty: difficulty.as_deref(),
                category: category.as_deref(),
                q: q.as_deref(),
                page: page.unwrap_or(1),
            };
            practice::search(&state, user.as_deref(), &query).await
        }
        .await,
    )
}

/// One problem: statement, examples, hints and starters. Never a hidden case or a solution.
#[server(endpoint = "get_problem")]
pub async fn get_problem(slug: String) -> Result<ProblemDetail, AppError> {
    use crate::platform::context as cx;
    use crate::problems::server::practice;
    cx::respond(async { practice::detail(&cx::state()?, &slug).await }.await)
}

/// The slug of a random problem matching the filters and the search, skipping ones the user
/// ran this week.
#[server(endpoint = "random_problem")]
pub async fn random_problem(
    difficulty: Option<String>,
    category: Option<String>,
    q: Option<String>,
) -> Result<String, AppError> {
    use crate::platform::context as cx;
    use crate::problems::server::practice::{self, ListQuery};
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::user_id().await?;
            let query = ListQuery {
                difficulty: difficulty.as_deref(),
                category: category.as_deref(),
                q: q.as_deref(),
                page: 1,
            };
            practice::random_matching(&state, user.as_deref(), &query).await
        }
        .await,
    )
}

/// Runs code against the visible cases, or submits it against all cases, and waits for the
/// whole result. (`POST /api/runs` streams the same results case by case.)
#[server(endpoint = "run_code")]
pub async fn run_code(
    slug: String,
    language: Language,
    source: String,
    mode: RunMode,
    session_id: Option<String>,
) -> Result<RunResult, AppError> {
    use crate::platform::context as cx;
    use crate::problems::server::practice;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            let admitted =
                practice::admit(&state, &user, RunRequest { slug, language, source, mode, session_id }).await?;
            practice::execute(&state, admitted, None).await
        }
        .await,
    )
}

/// The rendered statement one heading level up: its sections (`##`, rendered as `<h4>`)
/// become `<h3>` under the page's `<h2>`, so the page's headings never skip a level.
fn statement_headings_up(html: &str) -> String {
    html.replace("<h4", "<h3")
        .replace("</h4>", "</h3>")
        .replace("<h5", "<h4")
        .replace("</h5>", "</h4>")
        .replace("<h6", "<h5")
        .replace("</h6>", "</h5>")
}

fn difficulty_badge(d: Difficulty) -> impl IntoView {
    view! { <span class=format!("badge difficulty-{}", d.code())>{d.label()}</span> }
}

/// Waits this long after the last keystroke in the search box before filtering.
const SEARCH_DEBOUNCE_MS: u64 = 300;

/// The problem list: filters and a search that work as a plain GET form without JavaScript
/// and filter as one types or chooses with it.
#[component]
pub fn ProblemsPage() -> impl IntoView {
    let query = use_query_map();
    let param = move |name: &str| query.with(|q| q.get(name).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()));
    let difficulty = move || param("difficulty");
    let category = move || param("category");
    let search = move || param("q");
    let page = move || query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok())).unwrap_or(1);
    let filters = move || ListFilters { difficulty: difficulty(), category: category(), q: search() };
    let list = Resource::new(
        move || (difficulty(), category(), search(), page()),
        |(d, c, q, p)| list_problems(d, c, q, Some(p)),
    );
    let random = ServerAction::<RandomProblem>::new();
    Effect::new(move |_| {
        if let Some(Ok(slug)) = random.value().get() {
            // A new document: problem pages carry the editor's wider style policy.
            let _ = window().location().set_href(&problem_path(&slug));
        }
    });
    let navigate = use_navigate();
    let q_input = NodeRef::<leptos::html::Input>::new();
    let difficulty_select = NodeRef::<leptos::html::Select>::new();
    let category_select = NodeRef::<leptos::html::Select>::new();
    let debounce = StoredValue::new(None::<TimeoutHandle>);
    // Applies the form's current values: a clean address (no empty pair), first page.
    let apply = move || {
        if let Some(h) = debounce.get_value() {
            h.clear();
            debounce.set_value(None);
        }
        let next = ListFilters {
            difficulty: difficulty_select.get_untracked().map(|s| s.value()),
            category: category_select.get_untracked().map(|s| s.value()),
            q: q_input.get_untracked().map(|i| i.value()),
        };
        navigate(&next.href(1), NavigateOptions { replace: true, scroll: false, ..Default::default() });
    };
    let typed = {
        let apply = apply.clone();
        move || {
            if let Some(h) = debounce.get_value() {
                h.clear();
            }
            let handle = set_timeout_with_handle(apply.clone(), std::time::Duration::from_millis(SEARCH_DEBOUNCE_MS));
            debounce.set_value(handle.ok());
        }
    };
    let on_submit = {
        let apply = apply.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            apply();
        }
    };
    let on_difficulty = {
        let apply = apply.clone();
        move |_: leptos::ev::Event| apply()
    };
    let on_category = move |_: leptos::ev::Event| apply();
    let loaded = move || list.get().and_then(|r| r.ok());
    let initial_q = search().unwrap_or_default();
    view! {
        <Title text="Problems" />
        <h1>"Problems"</h1>
        <p class="lead">"Pick a problem, read it, and run your code against its examples in Python, JavaScript or Java."</p>
        <Transition fallback=|| view! { <div class="skeleton block"></div><div class="skeleton block"></div> }>
            <div class="toolbar">
                <form method="get" action="/problems" class="filters" role="search" aria-label="Problems" on:submit=on_submit.clone()>
                    <div class="field">
                        <label for="filter-q">"Search"</label>
                        <input id="filter-q" name="q" type="search" value=initial_q.clone() maxlength="100"
                            placeholder="Title or tag" autocomplete="off" node_ref=q_input on:input={ let typed = typed.clone(); move |_| typed() } />
                    </div>
                    <div class="field">
                        <label for="filter-difficulty">"Difficulty"</label>
                        <select id="filter-difficulty" name="difficulty" node_ref=difficulty_select on:change=on_difficulty.clone()>
                            <option value="" selected=move || difficulty().is_none()>"Any difficulty"</option>
                            {Difficulty::ALL.into_iter().map(|d| view! {
                                <option value=d.code() selected=move || difficulty().as_deref() == Some(d.code())>{d.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="filter-category">"Category"</label>
                        <select id="filter-category" name="category" node_ref=category_select on:change=on_category.clone()>
                            <option value="" selected=move || category().is_none()>"Any category"</option>
                            {move || {
                                let offered = loaded().map(|l| l.categories).unwrap_or_default();
                                let chosen = category();
                                // The chosen category stays listed (with its count) even when the
                                // other filters leave it empty; no other empty one is offered.
                                CATEGORY_OPTIONS.iter().filter_map(|(code, label)| {
                                    let count = offered.iter().find(|c| c.code == *code).map(|c| c.count);
                                    let is_chosen = chosen.as_deref() == Some(*code);
                                    (count.is_some() || is_chosen).then(|| view! {
                                        <option value=*code selected=is_chosen>{format!("{label} ({})", count.unwrap_or(0))}</option>
                                    })
                                }).collect_view()
                            }}
                        </select>
                    </div>
                    <button type="submit" class="btn">"Apply filters"</button>
                </form>
                <button
                    type="button"
                    class="btn primary"
                    disabled=move || random.pending().get() || loaded().is_some_and(|l| l.total == 0)
                    on:click=move |_| { random.dispatch(RandomProblem { difficulty: difficulty(), category: category(), q: search() }); }
                >"Random problem"</button>
            </div>
            {move || random.value().get().and_then(|r| r.err()).map(|e| {
                let text = if matches!(e, AppError::NotFound) { "No problem matches these filters.".to_string() } else { e.to_string() };
                view! { <p role="alert" class="error">{text}</p> }
            })}
            {move || list.get().map(|r| match r {
                Ok(list) if list.items.is_empty() => view! {
                    <p class="empty-state" role="status">{if search().is_some() {
                        "No problem matches this search and these filters. Try other words, or another difficulty or category."
                    } else {
                        "No problem matches these filters. Try another difficulty or category."
                    }}</p>
                }.into_any(),
                Ok(list) => {
                    let (current, pages, total) = (list.page, list.pages, list.total);
                    let here = filters();
                    view! {
                        <p class="muted" role="status">{format!("{} · page {current} of {pages}", problem_count(total))}</p>
                        <table class="problem-table">
                            <thead><tr>
                                <th scope="col">"Title"</th>
                                <th scope="col" class="col-difficulty">"Difficulty"</th>
                                <th scope="col" class="col-categories">"Categories"</th>
                                <th scope="col" class="col-status">"Status"</th>
                            </tr></thead>
                            <tbody>
                                {list.items.into_iter().map(|p| view! {
                                    <tr>
                                        <td>
                                            <a href=problem_path(&p.slug) rel="external">{p.title.clone()}</a>
                                            // On a phone the difficulty column is hidden: the badge moves here.
                                            <span class="row-difficulty">" " {difficulty_badge(p.difficulty)}</span>
                                        </td>
                                        <td class="col-difficulty">{difficulty_badge(p.difficulty)}</td>
                                        <td class="col-categories">{p.categories.iter().map(|c| category_label(c)).collect::<Vec<_>>().join(", ")}</td>
                                        <td class="col-status">{if p.solved { "Solved" } else if p.attempted { "Attempted" } else { "" }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <nav class="pager" aria-label="Pages">
                            {(current > 1).then(|| view! { <A href=here.href(current - 1)>"Previous page"</A> })}
                            {(current < pages).then(|| view! { <A href=here.href(current + 1)>"Next page"</A> })}
                        </nav>
                    }.into_any()
                }
                Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
            })}
        </Transition>
    }
}

/// One problem, with a place to try code.
#[component]
pub fn ProblemPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug").unwrap_or_default());
    let problem = Resource::new(slug, get_problem);
    view! {
        <Suspense fallback=|| view! { <div class="skeleton title"></div><div class="skeleton block"></div> }>
            {move || problem.get().map(|r| match r {
                Ok(p) => view! { <ProblemView problem=p /> }.into_any(),
                Err(AppError::NotFound) => view! {
                    <Title text="Problem not found" />
                    <h1>"Problem not found"</h1>
                    <p>"There is no problem at this address. " <A href="/problems">"See all problems"</A></p>
                }.into_any(),
                Err(e) => view! { <h1>"Problem"</h1><p role="alert" class="error">{e.to_string()}</p> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ProblemView(problem: ProblemDetail) -> impl IntoView {
    let ProblemDetail {
        slug,
        title,
        difficulty,
        categories,
        tags,
        statement_html,
        constraints,
        hints,
        examples,
        starters,
        hidden_cases,
        examples_in_statement,
        ..
    } = problem;
    let offered: Vec<Language> = starters.iter().map(|s| s.language).collect();
    let visible_cases = examples.len();
    let run = ServerAction::<RunCode>::new();
    let ws_slot = StoredValue::new(None::<Workspace>);
    let dispatch = move |mode: RunMode| {
        let Some(ws) = ws_slot.get_value() else { return };
        if run.pending().get_untracked() {
            return;
        }
        run.dispatch(RunCode {
            slug: ws.slug.get_value(),
            language: ws.language.get_untracked(),
            source: ws.source.get_untracked(),
            mode,
            session_id: None,
        });
    };
    let ws = use_workspace(slug, starters, move || dispatch(RunMode::Run));
    ws_slot.set_value(Some(ws));
    let escaped = StoredValue::new(false);
    view! {
        <Title text=title.clone() />
        <div class="problem-page">
            {view! { <article class="problem-statement" aria-labelledby="problem-title">
                <header class="problem-head">
                    <h1 id="problem-title">{title.clone()}</h1>
                    <p>{difficulty_badge(difficulty)} " " <span class="muted">{categories.iter().map(|c| category_label(c)).collect::<Vec<_>>().join(" · ")}</span></p>
                    {(!tags.is_empty()).then(|| view! { <p class="muted">"Tags: " {tags.join(", ")}</p> })}
                </header>
                <h2 class="sr-only">"Description"</h2>
                <div class="prose statement" inner_html=statement_headings_up(&statement_html)></div>
                {(!examples_in_statement).then(|| view! {
                    <section aria-labelledby="examples-heading">
                        <h2 id="examples-heading">"Examples"</h2>
                        <ol class="examples">
                            {examples.into_iter().map(|e| view! {
                                <li class="example">
                                    {match e.test {
                                        Some(t) => view! { <p>"Test: " <code>{t}</code></p> }.into_any(),
                                        None => view! {
                                            <p>"Input: " <code>{e.inputs.iter().map(|(n, v)| format!("{n} = {v}")).collect::<Vec<_>>().join(", ")}</code></p>
                                            <p>"Output: " <code>{e.expected.unwrap_or_default()}</code></p>
                                        }.into_any(),
                                    }}
                                </li>
                            }).collect_view()}
                        </ol>
                    </section>
                })}
                {(!constraints.is_empty()).then(|| view! {
                    <section aria-labelledby="constraints-heading">
                        <h2 id="constraints-heading">"Constraints"</h2>
                        <ul>{constraints.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}</ul>
                    </section>
                })}
                {(!hints.is_empty()).then(|| view! {
                    <section aria-labelledby="hints-heading">
                        <h2 id="hints-heading">"Hints"</h2>
                        {hints.into_iter().enumerate().map(|(i, h)| view! {
                            <details class="hint-box"><summary>{format!("Hint {}", i + 1)}</summary><p>{h}</p></details>
                        }).collect_view()}
                    </section>
                })}
            </article> }.into_any()}
            {view! { <section class="problem-workspace" aria-labelledby="try-heading">
                <div class="workspace-bar">
                    <h2 id="try-heading">"Your code"</h2>
                    <div class="field inline">
                        <label for="try-language">"Language"</label>
                        <select id="try-language" prop:value=move || ws.language.get().code()
                            on:change=move |ev| {
                                if let Ok(l) = Language::parse(&event_target_value(&ev)) {
                                    ws.switch(l);
                                }
                            }
                        >
                            {offered.into_iter().map(|l| view! { <option value=l.code()>{l.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="button" class="btn ghost" on:click=move |_| ws.reset()>"Reset to starter"</button>
                </div>
                <div class="editor-frame">
                    <div class="editor-host" node_ref=ws.host class:hidden=move || !ws.ready.get()></div>
                    <Show when=move || !ws.ready.get()>
                        <label for="try-source" class="sr-only">{move || editor_label(ws.language.get())}</label>
                        <textarea id="try-source" class="code-input fallback" spellcheck="false" rows="18"
                            aria-describedby="try-keys"
                            prop:value=move || ws.source.get()
                            on:input=move |ev| ws.changed(event_target_value(&ev))
                            on:keydown=move |ev| text_area_keys(ws, escaped, ev)
                        ></textarea>
                    </Show>
                </div>
                <p class="muted small" id="try-keys">
                    {move || if ws.ready.get() {
                        "Tab indents; Ctrl+M makes Tab move focus instead. Ctrl+Enter runs the examples."
                    } else {
                        "Tab indents; press Esc, then Tab, to move on."
                    }}
                    " "
                    {move || ws.failed.get().map(|e| format!("The code editor could not load ({e}); this plain text area works the same."))}
                    " "
                    <span aria-live="polite">{move || ws.status.get()}</span>
                </p>
                <div class="workspace-actions">
                    <button type="button" class="btn" disabled=move || run.pending().get() on:click=move |_| dispatch(RunMode::Run)>"Run examples"</button>
                    <button type="button" class="btn primary" disabled=move || run.pending().get() on:click=move |_| dispatch(RunMode::Submit)>"Submit"</button>
                    <span class="muted">{format!(
                        "Run checks the {visible_cases} example{}; Submit also runs {hidden_cases} hidden case{}.",
                        if visible_cases == 1 { "" } else { "s" },
                        if hidden_cases == 1 { "" } else { "s" },
                    )}</span>
                </div>
                <div class="problem-output" aria-live="polite" aria-label="Run output" role="region" tabindex="0">
                    {move || run.pending().get().then(|| view! { <p class="muted">"Running…"</p> })}
                    {move || run.value().get().map(|r| match r {
                        Ok(result) => view! { <RunResultView result /> }.into_any(),
                        Err(AppError::Unauthorized) => view! {
                            <p role="alert" class="error">"Sign in to run code. " <A href="/signin">"Sign in"</A></p>
                        }.into_any(),
                        Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
                    })}
                </div>
            </section> }.into_any()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn statement_headings_move_up_one_level_without_skipping() {
        let html = "<h3>Part</h3><h4>Function</h4><p>&lt;h4&gt;</p><h5 id=\"x\">Deep</h5><h6>Deeper</h6>";
        assert_eq!(
            super::statement_headings_up(html),
            "<h3>Part</h3><h3>Function</h3><p>&lt;h4&gt;</p><h4 id=\"x\">Deep</h4><h5>Deeper</h5>"
        );
    }
}
