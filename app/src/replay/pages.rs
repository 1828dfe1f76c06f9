//! The replay's pages: the owner's `/sessions/:id/replay` and the shared `/shared/:token`
//! (no account needed), both rendering the player on the server first, so that the final
//! code and the timeline are there before the page runs, and with the right status (404 for
//! an unknown replay, 409 while it is in progress, 410 for a revoked or expired link).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_params_map;

use crate::domain::error::AppError;
use crate::evaluation::types::{score_class, tenths, Dimension, EvaluationState};
use crate::replay::player::{ReplayPlayer, Source};
use crate::replay::types::Manifest;
use crate::replay::SharedSession;
use crate::ui::layout::set_status;
use crate::ui::routes::{replay_path, room_path, summary_path};

/// The owner's replay: on the server straight from the store, in the browser over `GET`.
async fn load_replay(id: String) -> Result<Manifest, AppError> {
    #[cfg(feature = "ssr")]
    {
        use crate::platform::context as cx;
        use crate::replay::server::{view, Viewer};
        let state = cx::state()?;
        let user = cx::require_user().await?;
        Ok(view(&state, Viewer::Owner { user: &user, session: &id }).await?.manifest())
    }
    #[cfg(not(feature = "ssr"))]
    {
        send_wrapper::SendWrapper::new(crate::replay::player::get_json(&Source::Owner(id).base())).await
    }
}

/// A shared replay: the evaluation as the link shares it (this counts the view), then the
/// replay.
async fn load_shared(token: String) -> Result<(SharedSession, Manifest), AppError> {
    let shared = crate::replay::open_shared(token.clone()).await?;
    #[cfg(feature = "ssr")]
    {
        use crate::platform::context as cx;
        use crate::replay::server::{view, Viewer};
        let state = cx::state()?;
        let client = cx::client_ip(&state).await;
        let manifest = view(&state, Viewer::Link { token: &token, client }).await?.manifest();
        Ok((shared, manifest))
    }
    #[cfg(not(feature = "ssr"))]
    {
        let manifest =
            send_wrapper::SendWrapper::new(crate::replay::player::get_json(&Source::Shared(token).base())).await?;
        Ok((shared, manifest))
    }
}

fn skeleton() -> impl IntoView {
    view! { <div class="skeleton title"></div><div class="skeleton block"></div> }
}

/// The replay of one of the signed-in user's ended interviews.
#[component]
pub fn ReplayPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let manifest = Resource::new(id, load_replay);
    view! {
        <Title text="Replay" />
        <Suspense fallback=skeleton>
            {move || manifest.get().map(|r| {
                let id = id();
                match r {
                    Ok(m) => view! { <OwnerReplay id m /> }.into_any(),
                    Err(AppError::Unauthorized) => {
                        view! { <Redirect path=format!("/signin?next={}", replay_path(&id)) /> }.into_any()
                    }
                    Err(AppError::NotFound) => {
                        set_status(404);
                        view! {
                            <Title text="Replay not found" />
                            <section class="empty-state">
                                <h1>"Replay not found"</h1>
                                <p class="muted">"There is no interview of yours at this address."</p>
                                <A href="/dashboard" attr:class="btn primary">"Back to your dashboard"</A>
                            </section>
                        }.into_any()
                    }
                    Err(AppError::Conflict(message)) => {
                        set_status(409);
                        view! {
                            <section class="empty-state">
                                <h1>"Replay not ready yet"</h1>
                                <p role="status">{message}</p>
                                <a class="btn primary" href=room_path(&id) rel="external">"Back to the interview"</a>
                            </section>
                        }.into_any()
                    }
                    Err(e) => {
                        set_status(e.status().as_u16());
                        view! { <h1>"Replay"</h1><p role="alert" class="error">{e.to_string()}</p> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn OwnerReplay(id: String, m: Manifest) -> impl IntoView {
    let heading = format!("Replay: {}", m.title);
    view! {
        <Title text=heading.clone() />
        <section class="replay-page">
            <header class="replay-head">
                <h1>{heading}</h1>
                <p class="muted">{format!("{} · {} minutes", m.difficulty.label(), m.duration_minutes)}</p>
                <nav class="replay-links" aria-label="This interview">
                    <A href=summary_path(&id) attr:class="btn">"Back to the summary"</A>
                    <a class="btn" href=format!("/sessions/{id}/share")>"Share this replay"</a>
                </nav>
            </header>
            <ReplayPlayer manifest=m source=Source::Owner(id) />
        </section>
    }
}

/// A replay opened through a share link: the player and the evaluation, no account needed.
#[component]
pub fn SharedPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let shared = Resource::new(token, load_shared);
    view! {
        <Title text="Shared replay" />
        <Meta name="robots" content="noindex, nofollow" />
        <Meta name="referrer" content="no-referrer" />
        <Suspense fallback=skeleton>
            {move || shared.get().map(|r| match r {
                Ok((s, m)) => view! { <SharedReplay token=token() s m /> }.into_any(),
                Err(AppError::Gone(message)) => {
                    set_status(410);
                    view! {
                        <section class="empty-state">
                            <h1>"This link was revoked or has expired"</h1>
                            <p role="alert">{message}</p>
                            <p class="muted">"Ask the person who shared it for a new link."</p>
                        </section>
                    }.into_any()
                }
                Err(e @ AppError::RateLimited { .. }) => {
                    set_status(429);
                    view! {
                        <section class="empty-state">
                            <h1>"Too many attempts"</h1>
                            <p role="alert">{e.to_string()}</p>
                        </section>
                    }.into_any()
                }
                Err(AppError::NotFound) => {
                    set_status(404);
                    view! {
                        <section class="empty-state">
                            <h1>"Shared replay not found"</h1>
                            <p class="muted">"This link is not valid. Check that it was copied whole."</p>
                        </section>
                    }.into_any()
                }
                Err(e) => {
                    set_status(e.status().as_u16());
                    view! { <section class="empty-state"><h1>"Shared replay"</h1><p role="alert" class="error">{e.to_string()}</p></section> }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn SharedReplay(token: String, s: SharedSession, m: Manifest) -> impl IntoView {
    let owner = s.owner.clone().or_else(|| m.owner.clone());
    let expires = s.expires_at.map(crate::domain::format::utc_date);
    view! {
        <Title text=format!("Shared replay: {}", m.title) />
        <section class="replay-page">
            <header class="replay-head">
                <h1>{format!("Shared replay: {}", m.title)}</h1>
                <p class="muted">
                    {format!("{} · {} minutes", m.difficulty.label(), m.duration_minutes)}
                    {owner.map(|o| format!(" · by {} ({})", o.name, o.email))}
                </p>
                <p class="muted small">
                    "Shared with you through a link; no account is needed. "
                    {expires.map(|d| format!("The link works until {d} (UTC)."))}
                </p>
            </header>
            <ReplayPlayer manifest=m source=Source::Shared(token) />
            <SharedEvaluation s />
        </section>
    }
}

#[component]
fn SharedEvaluation(s: SharedSession) -> impl IntoView {
    let body = match s.summary.evaluation {
        EvaluationState::Ready { evaluation: e, report_html } => view! {
            <div class="overall">
                <span class=format!("number {}", score_class(e.overall)) aria-label=format!("Overall score {} out of 10", tenths(e.overall))>{tenths(e.overall)}</span>
                <span class=format!("badge rec-{}", e.recommendation.code())>{format!("Recommendation: {}", e.recommendation.label())}</span>
            </div>
            <ul class="gauges">
                {Dimension::ALL.into_iter().filter_map(|d| e.scores.iter().find(|x| x.dimension == d).cloned()).map(|sc| view! {
                    <li>
                        <div class="gauge-head">
                            <strong>{sc.dimension.label()}</strong>
                            {match sc.score {
                                Some(v) => view! { <span class=score_class(v * 10)>{format!("{v}/10")}</span> }.into_any(),
                                None => view! { <span class="muted">"Not assessed"</span> }.into_any(),
                            }}
                        </div>
                        <p class="muted small">{sc.justification.clone()}</p>
                    </li>
                }).collect_view()}
            </ul>
            <h3>"Report"</h3>
            <div class="prose report" inner_html=report_html></div>
        }
        .into_any(),
        EvaluationState::Pending => view! { <p class="muted">"The evaluation is still being written."</p> }.into_any(),
        EvaluationState::Failed { .. } | EvaluationState::NotEnded => {
            view! { <p class="muted">"This interview has no evaluation."</p> }.into_any()
        }
    };
    view! {
        <section class="replay-evaluation" aria-labelledby="shared-evaluation-heading">
            <h2 id="shared-evaluation-heading">"Evaluation"</h2>
            {body}
        </section>
    }
}
