//! The admin's view of AI usage and cost: calls, cache hits, failures, tokens and estimated
//! cost over the last 30 days, by day and by task and model.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::admin::types::{UsageLine, UsageReport};
use crate::domain::error::AppError;

#[cfg(feature = "ssr")]
pub mod server;
pub mod types;

/// AI usage over the last 30 days. Admins only (403 for anyone else).
#[server(endpoint = "ai_usage_report")]
pub async fn ai_usage_report() -> Result<UsageReport, AppError> {
    use crate::platform::context as cx;
    cx::respond(async { server::usage_report(&cx::state()?, &cx::require_user().await?, 30).await }.await)
}

/// "$0.0123" from millionths of a dollar.
pub fn dollars(micros: i64) -> String {
    format!("${:.4}", micros as f64 / 1e6)
}

fn rows(lines: Vec<UsageLine>) -> impl IntoView {
    lines
        .into_iter()
        .map(|l| {
            view! {
                <tr>
                    <th scope="row">{l.key}</th>
                    <td>{l.calls}</td>
                    <td>{l.cache_hits}</td>
                    <td>{l.failures}</td>
                    <td>{l.tokens_in}</td>
                    <td>{l.tokens_out}</td>
                    <td>{dollars(l.cost_micros)}</td>
                    <td>{format!("{} ms", l.avg_latency_ms)}</td>
                </tr>
            }
        })
        .collect_view()
}

fn table(caption: &'static str, first: &'static str, lines: Vec<UsageLine>) -> impl IntoView {
    // A wide table scrolls inside its own box (reachable by keyboard) rather than widening the page.
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=caption>
        <table class="usage">
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">{first}</th><th scope="col">"Calls"</th><th scope="col">"Cache hits"</th>
                <th scope="col">"Failures"</th><th scope="col">"Tokens in"</th><th scope="col">"Tokens out"</th>
                <th scope="col">"Est. cost"</th><th scope="col">"Avg latency"</th>
            </tr></thead>
            <tbody>{rows(lines)}</tbody>
        </table>
        </div>
    }
}

/// `/admin/usage`.
#[component]
pub fn UsagePage() -> impl IntoView {
    let report = Resource::new(|| (), |_| ai_usage_report());
    view! {
        <Title text="AI usage" />
        <h1>"AI usage and cost"</h1>
        <Suspense fallback=|| view! { <div class="skeleton block"></div> }>
            {move || report.get().map(|r| match r {
                Ok(r) => view! {
                    <p class="lead">{format!("Provider: {}. The last {} days; costs are estimates from the configured price table.", r.provider, r.days)}</p>
                    <p role="status">{format!("{} calls · {} from the cache · {} failed · {} tokens in · {} tokens out · {}",
                        r.total.calls, r.total.cache_hits, r.total.failures, r.total.tokens_in, r.total.tokens_out, dollars(r.total.cost_micros))}</p>
                    {table("By task and model", "Task · provider · model", r.by_model)}
                    {table("By day (UTC)", "Day", r.by_day)}
                }.into_any(),
                Err(AppError::Unauthorized) => view! { <Redirect path="/signin?next=/admin/usage" /> }.into_any(),
                Err(AppError::Forbidden) => view! { <p role="alert" class="error">"Only administrators can see AI usage."</p> }.into_any(),
                Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
            })}
        </Suspense>
    }
}
