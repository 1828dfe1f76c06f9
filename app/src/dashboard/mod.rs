//! The signed-in home: credits and practice history.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use serde::{Deserialize, Serialize};

use crate::domain::error::AppError;
use crate::interview::widgets::{InterviewHistory, StartInterview};

/// What the dashboard shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardData {
    pub display_name: String,
    pub credits: i64,
}

/// Loads the signed-in user's dashboard.
#[server(endpoint = "dashboard")]
pub async fn dashboard() -> Result<DashboardData, AppError> {
    use crate::auth::server::accounts;
    use crate::platform::context as cx;
    cx::respond(
        async {
            let uid = cx::require_user().await?;
            let profile = accounts::load_profile(&cx::state()?, &uid).await?;
            Ok(DashboardData { display_name: profile.display_name, credits: profile.credits })
        }
        .await,
    )
}

fn credits_label(n: i64) -> String {
    if n == 1 {
        "1 credit".into()
    } else {
        format!("{n} credits")
    }
}

/// The dashboard page.
#[component]
pub fn Dashboard() -> impl IntoView {
    let data = Resource::new(|| (), |_| dashboard());
    view! {
        <Title text="Dashboard" />
        <Suspense fallback=|| view! {
            <div class="skeleton title"></div>
            <div class="cards"><div class="skeleton block"></div><div class="skeleton block"></div></div>
        }>
            {move || data.get().map(|d| match d {
                Ok(d) => view! {
                    <h1>"Welcome, " {d.display_name.clone()}</h1>
                    <div class="cards">
                        <section class="card" aria-labelledby="credits-heading">
                            <h2 id="credits-heading">"Credits"</h2>
                            <p class="big-number" data-testid="credit-balance">{credits_label(d.credits)}</p>
                            <p class="muted">"Each mock interview uses one credit."</p>
                        </section>
                        <StartInterview />
                    </div>
                    <InterviewHistory />
                }.into_any(),
                Err(AppError::Unauthorized) => view! { <Redirect path="/signin?next=/dashboard" /> }.into_any(),
                Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
            })}
        </Suspense>
    }
}
