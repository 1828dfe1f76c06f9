//! The problem bank for candidates: a filterable list, a problem page with its statement
//! (Markdown rendered and sanitized on the server), examples and hints, and a place to run
//! code against the visible cases or submit it against all of them.

pub mod api;
pub mod types;
pub mod widgets;

#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::domain::error::AppError;
use crate::domain::{Difficulty, Language};
use types::*;
use widgets::RunResultView;

fn category_label(code: &str) -> String {
    CATEGORY_OPTIONS.iter().find(|(c, _)| *c == code).map(|(_, l)| l.to_string()).unwrap_or_else(|| code.to_string())
}

/// Lists problems, filtered by difficulty and category, a page at a time.
#[server(endpoint = "list_problems")]
pub async fn list_problems(
    difficulty: Option<String>,
    category: Option<String>,
    page: Option<u32>,
) -> Result<ProblemList, AppError> {
    use crate::platform::context as cx;
    use crate::problems::server::practice;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::user_id().await?;
            practice::list(&state, user.as_deref(), difficulty.as_deref(), category.as_deref(), page.unwrap_or(1)).await
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

/// The slug of a random problem matching the filters, skipping ones the user ran this week.
#[server(endpoint = "random_problem")]
pub async fn random_problem(difficulty: Option<String>, category: Option<String>) -> Result<String, AppError> {
    use crate::platform::context as cx;
    use crate::problems::server::practice;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::user_id().await?;
            practice::random(&state, user.as_deref(), difficulty.as_deref(), category.as_deref()).await
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

fn difficulty_badge(d: Difficulty) -> impl IntoView {
    view! { <span class=format!("badge difficulty-{}", d.code())>{d.label()}</span> }
}

/// The problem list.
#[component]
pub fn ProblemsPage() -> impl IntoView {
    let query = use_query_map();
    let difficulty = move || query.with(|q| q.get("difficulty").filter(|s| !s.is_empty()));
    let category = move || query.with(|q| q.get("category").filter(|s| !s.is_empty()));
    let page = move || query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok())).unwrap_or(1);
    let list = Resource::new(move || (difficulty(), category(), page()), |(d, c, p)| list_problems(d, c, Some(p)));
    let random = ServerAction::<RandomProblem>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(slug)) = random.value().get() {
            navigate(&format!("/problems/{slug}"), Default::default());
        }
    });
    let page_href = move |p: u32| {
        let mut parts = Vec::new();
        if let Some(d) = difficulty() {
            parts.push(format!("difficulty={d}"));
        }
        if let Some(c) = category() {
            parts.push(format!("category={c}"));
        }
        parts.push(format!("page={p}"));
        format!("/problems?{}", parts.join("&"))
    };
    view! {
        <Title text="Problems" />
        <h1>"Problems"</h1>
        <p class="lead">"Pick a problem, read it, and run your code against its examples in Python, JavaScript or Java."</p>
        <div class="toolbar">
            <Form method="GET" action="/problems" attr:class="filters">
                <div class="field">
                    <label for="filter-difficulty">"Difficulty"</label>
                    <select id="filter-difficulty" name="difficulty">
                        <option value="" selected=move || difficulty().is_none()>"Any difficulty"</option>
                        {Difficulty::ALL.into_iter().map(|d| view! {
                            <option value=d.code() selected=move || difficulty().as_deref() == Some(d.code())>{d.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-category">"Category"</label>
                    <select id="filter-category" name="category">
                        <option value="" selected=move || category().is_none()>"Any category"</option>
                        {CATEGORY_OPTIONS.iter().map(|(code, label)| view! {
                            <option value=*code selected=move || category().as_deref() == Some(*code)>{*label}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="btn">"Apply filters"</button>
            </Form>
            <button
                type="button"
                class="btn primary"
                disabled=move || random.pending().get()
                on:click=move |_| { random.dispatch(RandomProblem { difficulty: difficulty(), category: category() }); }
            >"Random problem"</button>
        </div>
        {move || random.value().get().and_then(|r| r.err()).map(|e| view! { <p role="alert" class="error">{e.to_string()}</p> })}
        <Transition fallback=|| view! { <div class="skeleton block"></div><div class="skeleton block"></div> }>
            {move || list.get().map(|r| match r {
                Ok(list) if list.items.is_empty() => view! {
                    <p class="empty-state">"No problem matches these filters. Try another difficulty or category."</p>
                }.into_any(),
                Ok(list) => {
                    let (current, pages, total) = (list.page, list.pages, list.total);
                    view! {
                        <p class="muted" aria-live="polite">{format!("{total} problems · page {current} of {pages}")}</p>
                        <table class="problem-table">
                            <thead><tr><th scope="col">"Title"</th><th scope="col">"Difficulty"</th><th scope="col">"Categories"</th><th scope="col">"Status"</th></tr></thead>
                            <tbody>
                                {list.items.into_iter().map(|p| view! {
                                    <tr>
                                        <td><A href=format!("/problems/{}", p.slug)>{p.title.clone()}</A></td>
                                        <td>{difficulty_badge(p.difficulty)}</td>
                                        <td>{p.categories.iter().map(|c| category_label(c)).collect::<Vec<_>>().join(", ")}</td>
                                        <td>{if p.solved { "Solved" } else if p.attempted { "Attempted" } else { "" }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <nav class="pager" aria-label="Pages">
                            {(current > 1).then(|| view! { <A href=page_href(current - 1)>"Previous page"</A> })}
                            {(current < pages).then(|| view! { <A href=page_href(current + 1)>"Next page"</A> })}
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
        ..
    } = problem;
    let starters = StoredValue::new(starters);
    let first = starters.with_value(|s| s.first().map(|s| s.language).unwrap_or(Language::Python));
    let language = RwSignal::new(first);
    let starter_for = move |l: Language| {
        starters.with_value(|s| s.iter().find(|s| s.language == l).map(|s| s.code.clone()).unwrap_or_default())
    };
    let source = RwSignal::new(starter_for(first));
    let run = ServerAction::<RunCode>::new();
    let slug = StoredValue::new(slug);
    let dispatch = move |mode: RunMode| {
        run.dispatch(RunCode {
            slug: slug.get_value(),
            language: language.get_untracked(),
            source: source.get_untracked(),
            mode,
            session_id: None,
        });
    };
    view! {
        <Title text=title.clone() />
        <article class="problem">
            <header class="problem-head">
                <h1>{title.clone()}</h1>
                <p>{difficulty_badge(difficulty)} " " <span class="muted">{categories.iter().map(|c| category_label(c)).collect::<Vec<_>>().join(" · ")}</span></p>
                {(!tags.is_empty()).then(|| view! { <p class="muted">"Tags: " {tags.join(", ")}</p> })}
            </header>
            <section class="prose statement" aria-label="Statement" inner_html=statement_html></section>
            <section aria-labelledby="examples-heading">
                <h2 id="examples-heading">"Sample tests"</h2>
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
                <p class="muted">{format!("Submitting also runs {hidden_cases} hidden cases.")}</p>
            </section>
            {(!constraints.is_empty()).then(|| view! {
                <section aria-labelledby="constraints-heading">
                    <h2 id="constraints-heading">"Constraints"</h2>
                    <ul>{constraints.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}</ul>
                </section>
            })}
            <section aria-labelledby="hints-heading">
                <h2 id="hints-heading">"Hints"</h2>
                {hints.into_iter().enumerate().map(|(i, h)| view! {
                    <details class="hint-box"><summary>{format!("Hint {}", i + 1)}</summary><p>{h}</p></details>
                }).collect_view()}
            </section>
            <section aria-labelledby="try-heading" class="try">
                <h2 id="try-heading">"Try it"</h2>
                <div class="field">
                    <label for="try-language">"Language"</label>
                    <select id="try-language" on:change=move |ev| {
                        if let Ok(l) = Language::parse(&event_target_value(&ev)) {
                            language.set(l);
                            source.set(starter_for(l));
                        }
                    }>
                        {starters.with_value(|s| s.iter().map(|s| {
                            let l = s.language;
                            view! { <option value=l.code() selected=move || language.get() == l>{l.label()}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label for="try-source">"Your solution"</label>
                    <textarea id="try-source" class="code-input" spellcheck="false" rows="16"
                        prop:value=move || source.get()
                        on:input=move |ev| source.set(event_target_value(&ev))
                    ></textarea>
                </div>
                <div class="hero-actions">
                    <button type="button" class="btn" disabled=move || run.pending().get() on:click=move |_| dispatch(RunMode::Run)>"Run examples"</button>
                    <button type="button" class="btn primary" disabled=move || run.pending().get() on:click=move |_| dispatch(RunMode::Submit)>"Submit"</button>
                </div>
                <div aria-live="polite">
                    {move || run.pending().get().then(|| view! { <p class="muted">"Running…"</p> })}
                    {move || run.value().get().map(|r| match r {
                        Ok(result) => view! { <RunResultView result /> }.into_any(),
                        Err(AppError::Unauthorized) => view! {
                            <p role="alert" class="error">"Sign in to run code. " <A href="/signin">"Sign in"</A></p>
                        }.into_any(),
                        Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
                    })}
                </div>
            </section>
        </article>
    }
}
