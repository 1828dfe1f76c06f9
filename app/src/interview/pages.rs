//! The interview page: the room while the interview is open, the summary once it has ended.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_params_map;

use crate::domain::error::AppError;
use crate::interview::*;
use crate::ui::routes::summary_path;

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
