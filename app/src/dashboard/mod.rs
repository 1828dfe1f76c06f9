//! The signed-in home: credits and practice history.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use serde::{Deserialize, Serialize};

use crate::domain::error::AppError;
use crate::interview::types::OpenInterview;
use crate::interview::widgets::{InterviewHistory, ResumeInterview, StartInterview};
use crate::problems::types::DifficultyCategories;

/// What the dashboard shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardData {
    pub display_name: String,
    pub credits: i64,
    /// Practice on this server needs no credits.
    #[serde(default)]
    pub unlimited: bool,
    /// The interview in progress, if any: the dashboard offers to resume it.
    #[serde(default)]
    pub open_interview: Option<OpenInterview>,
    /// For each difficulty, the categories with problems: the start card offers only these.
    #[serde(default)]
    pub start_categories: Vec<DifficultyCategories>,
}

/// Loads the signed-in user's dashboard.
#[server(endpoint = "dashboard")]
pub async fn dashboard() -> Result<DashboardData, AppError> {
    use crate::auth::server::accounts;
    use crate::interview::server::lifecycle;
    use crate::platform::context as cx;
    use crate::problems::server::practice;
    cx::respond(
        async {
            let uid = cx::require_user().await?;
            let state = cx::state()?;
            let profile = accounts::load_profile(&state, &uid).await?;
            let open_interview = lifecycle::open_interview(&state, &uid).await?;
            let start_categories = practice::category_counts_by_difficulty(&state).await?;
            Ok(DashboardData {
                open_interview,
                start_categories,
                display_name: profile.display_name,
                credits: profile.credits,
                unlimited: profile.credits_unlimited,
            })
        }
        .await,
    )
}

/// What the dashboard says about credits: the balance, and how each interview spends it or
/// how to get more.
fn credits_card(d: &DashboardData) -> impl IntoView {
    let (big, note) = if d.unlimited {
        ("Unlimited".to_string(), "Practice on this server is unlimited: interviews use no credits.")
    } else if d.credits <= 0 {
        (
            credits_label(d.credits),
            "You have no credits left. Ask the administrator of this Sparring to grant you more.",
        )
    } else {
        (credits_label(d.credits), "Each mock interview uses one credit.")
    };
    view! {
        <section class="card" aria-labelledby="credits-heading">
            <h2 id="credits-heading">"Credits"</h2>
            <p class="big-number" data-testid="credit-balance">{big}</p>
            <p class="muted" data-testid="credit-note">{note}</p>
        </section>
    }
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
                        {credits_card(&d)}
                        {match d.open_interview.clone() {
                            Some(open) => view! { <ResumeInterview open /> }.into_any(),
                            None => view! { <StartInterview free=d.unlimited categories=d.start_categories.clone() /> }.into_any(),
                        }}
                    </div>
                    <InterviewHistory />
                }.into_any(),
                Err(AppError::Unauthorized) => view! { <Redirect path="/signin?next=/dashboard" /> }.into_any(),
                Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
            })}
        </Suspense>
    }
}
