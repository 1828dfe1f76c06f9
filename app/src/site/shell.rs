//! The frame around every page: navigation (which knows who is signed in), content, footer,
//! and the public facts about this deployment that the footer and landing page show.

use leptos::prelude::*;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};

use crate::auth::api::use_auth;
use crate::domain::error::AppError;
use crate::ui::layout::{use_toasts, ThemeToggle, ToastRegion};

/// Public facts about this deployment, from its configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub source_url: String,
    pub pricing: Vec<PlanView>,
    pub signup_credits: i64,
}

/// A pricing plan as shown on the landing page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    pub name: String,
    pub price: String,
    pub credits: u32,
    pub description: String,
}

/// Reads the public site information.
#[server(endpoint = "site_info")]
pub async fn get_site_info() -> Result<SiteInfo, AppError> {
    use crate::platform::context as cx;
    let state = cx::respond(cx::state())?;
    let c = &state.config;
    Ok(SiteInfo {
        source_url: c.source_url.clone(),
        pricing: c
            .pricing
            .iter()
            .map(|p| PlanView {
                name: p.name.clone(),
                price: p.price.clone(),
                credits: p.credits,
                description: p.description.clone(),
            })
            .collect(),
        signup_credits: c.signup_credits,
    })
}

/// The skip link's click: focus moves to the main content (which takes focus with
/// `tabindex="-1"`), so the next Tab starts there. Done here rather than by the link's own
/// `#main` because the router takes over same-page links. Without script the link still
/// works as a plain fragment link.
fn skip_to_main(ev: web_sys::MouseEvent) {
    use wasm_bindgen::JsCast;
    let main = document().get_element_by_id("main").and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        ev.prevent_default();
        let _ = main.focus();
        main.scroll_into_view();
    }
}

/// Navigation, content and footer around every page.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let auth = use_auth();
    let toasts = use_toasts();
    let menu_open = RwSignal::new(false);
    let info = Resource::new(|| (), |_| get_site_info());
    Effect::new(move |prev: Option<usize>| {
        let v = auth.sign_out.version().get();
        if prev.is_some_and(|p| p != v) {
            toasts.push("You're signed out.");
        }
        v
    });
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>"Skip to content"</a>
        <header class="topbar">
            <nav class="nav" aria-label="Main">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    " Sparring"
                </A>
                <button
                    type="button"
                    class="icon-btn menu-btn"
                    aria-label="Menu"
                    aria-controls="nav-links"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|o| *o = !*o)
                >
                    "☰"
                </button>
                <div id="nav-links" class="nav-links" class:open=move || menu_open.get() on:click=move |_| menu_open.set(false)>
                    <A href="/problems">"Problems"</A>
                    <Transition fallback=|| view! { <span class="skeleton pill"></span> }>
                        {move || auth.user.get().map(|u| match u {
                            Ok(Some(user)) => view! {
                                <A href="/dashboard">"Dashboard"</A>
                                <A href="/profile">"Profile"</A>
                                {user.is_admin.then(|| view! {
                                    <A href="/admin/usage">"AI usage"</A>
                                    <A href="/admin/credits">"Credits"</A>
                                })}
                                <span class="muted nav-user">{user.display_name}</span>
                                <ActionForm action=auth.sign_out attr:class="inline-form">
                                    <button type="submit" class="btn ghost">"Sign out"</button>
                                </ActionForm>
                            }.into_any(),
                            _ => view! {
                                <A href="/signin">"Sign in"</A>
                                <A href="/signup" attr:class="btn primary small">"Sign up"</A>
                            }.into_any(),
                        })}
                    </Transition>
                    <ThemeToggle />
                </div>
            </nav>
        </header>
        <main id="main" class="main" tabindex="-1">{children()}</main>
        <footer class="footer">
            <nav aria-label="Footer">
                <A href="/terms">"Terms"</A>
                <A href="/privacy">"Privacy"</A>
                <Suspense fallback=|| view! { <a href="/">"Source code"</a> }>
                    {move || info.get().map(|i| {
                        let href = i.map(|i| i.source_url).unwrap_or_else(|_| "/".into());
                        view! { <a href=href rel="noopener">"Source code"</a> }
                    })}
                </Suspense>
            </nav>
            <p class="muted">"Sparring is open source. Practise interviews; keep your data."</p>
        </footer>
        <ToastRegion />
    }
}
