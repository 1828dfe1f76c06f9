//! The public landing page. Signed-in visitors go straight to their dashboard.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::{Redirect, A};

use crate::auth::api::get_current_user;
use crate::site::shell::get_site_info;

const DESCRIPTION: &str = "Practise coding interviews with an AI interviewer: \
    a real editor, a server-kept timer, sandboxed test runs and an evaluation with evidence. \
    Open source and self-hostable.";

/// The landing page.
#[component]
pub fn Landing() -> impl IntoView {
    // A fresh check, not the shared auth resource: right after signing out that one can
    // still hold the old user for a moment, which would bounce the visitor back.
    let user = Resource::new(|| (), |_| get_current_user());
    let info = Resource::new(|| (), |_| get_site_info());
    view! {
        <Title text="Practise technical interviews" />
        <Meta name="description" content=DESCRIPTION />
        <Meta property="og:title" content="Sparring — practise technical interviews" />
        <Meta property="og:description" content=DESCRIPTION />
        <Meta property="og:type" content="website" />
        <Suspense fallback=|| ()>
            {move || user.get().and_then(|u| u.ok().flatten()).map(|_| view! { <Redirect path="/dashboard" /> })}
        </Suspense>
        <section class="hero">
            <h1>"Practise the interview, not just the puzzle."</h1>
            <p class="lead">
                "Sparring runs a real coding interview in your browser: a problem, an editor, a clock, "
                "an AI interviewer who asks about your approach, and an honest evaluation at the end."
            </p>
            <div class="hero-actions">
                <A href="/signup" attr:class="btn primary large">"Start practising free"</A>
                <A href="/signin" attr:class="btn ghost large">"Sign in"</A>
            </div>
        </section>
        <section class="features" aria-labelledby="features-heading">
            <h2 id="features-heading">"Everything a real interview has"</h2>
            <ul class="feature-grid">
                <li><h3>"An interviewer who listens"</h3><p>"Talk through your approach in the chat beside your code. The interviewer asks follow-ups, nudges with hints when you're stuck, and never hands you the answer."</p></li>
                <li><h3>"A proper editor and a fair clock"</h3><p>"Code in Python, JavaScript or Java with a full editor. The countdown is kept by the server, so a reload never costs you time."</p></li>
                <li><h3>"Your code, really run"</h3><p>"Run visible tests in an isolated sandbox as often as you like, then submit against hidden tests, like the real thing."</p></li>
                <li><h3>"Feedback with evidence"</h3><p>"Rubric scores for understanding, approach, correctness, testing and communication, each backed by moments from your session."</p></li>
                <li><h3>"Watch it back, share it"</h3><p>"Replay any interview: your code at every moment, each run, the conversation and what the observer saw, on one timeline you can scrub. Paste and focus signals are shown to you, not hidden. Share a replay with a link you can revoke."</p></li>
                <li><h3>"Eyes on your code"</h3><p>"A code observer reads your code as you type: syntax errors, an estimated complexity, the approach it sees. Every interview stays in your history with its score."</p></li>
                <li><h3>"Yours to run"</h3><p>"One binary, no API key needed: a built-in offline interviewer by default. Bring your own model provider (OpenAI, Anthropic, Gemini or any OpenAI-compatible server), PostgreSQL and mail server when you outgrow the defaults."</p></li>
            </ul>
        </section>
        <section class="pricing" aria-labelledby="pricing-heading">
            <h2 id="pricing-heading">"Pricing"</h2>
            <Suspense fallback=|| view! { <div class="plan-grid"><div class="skeleton block"></div><div class="skeleton block"></div><div class="skeleton block"></div></div> }>
                {move || info.get().map(|i| match i {
                    Ok(info) => view! {
                        <ul class="plan-grid">
                            {info.pricing.into_iter().map(|p| view! {
                                <li class="plan">
                                    <h3>{p.name}</h3>
                                    <p class="price">{p.price}</p>
                                    <p class="muted">{match p.credits { 0 => "Unlimited on your own server".to_string(), 1 => "1 interview credit".to_string(), n => format!("{n} interview credits") }}</p>
                                    <p>{p.description}</p>
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
