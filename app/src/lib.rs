//! Sparring's application: routes, pages, server functions and shared types, as feature
//! slices over shared layers. Server-only code is compiled only with the `ssr` feature.

#![forbid(unsafe_code)]
#![recursion_limit = "256"]

// The base layers: shared UI, validated types, and (on the server) infrastructure and the
// session record. See docs/architecture.md for what may import what.
pub mod domain;
#[cfg(feature = "ssr")]
pub mod platform;
pub mod record;
pub mod ui;

// Features, lowest first: each may import the ones above it, never one below.
pub mod admin;
pub mod auth;
pub mod credits;
pub mod dashboard;
pub mod evaluation;
pub mod interview;
pub mod interviewer;
pub mod problems;
pub mod profile;
pub mod replay;
pub mod site;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
#[cfg(feature = "ssr")]
use leptos_meta::{HashedStylesheet, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::site::shell::Layout;
use crate::ui::layout::{ErrorPage, NotFound};

/// The HTML document around the app, rendered on the server.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let nonce = {
        leptos::nonce::provide_nonce();
        let nonce = leptos::nonce::use_nonce();
        if let (Some(n), Some(res)) = (&nonce, use_context::<leptos_axum::ResponseOptions>()) {
            let editor =
                use_context::<http::request::Parts>().is_some_and(|p| crate::ui::routes::is_editor_path(p.uri.path()));
            let csp = crate::ui::layout::content_security_policy(
                &n.to_string(),
                options.reload_port,
                cfg!(debug_assertions),
                editor,
            );
            if let Ok(v) = http::HeaderValue::from_str(&csp) {
                res.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
            }
        }
        nonce
    };
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // Applies the saved theme before first paint, so there is no flash.
                <script nonce=nonce.map(|n| n.to_string())>{THEME_BOOT}</script>
                <AutoReload options=options.clone() />
                // The app's stylesheet, by its hashed name when the build hashes file names.
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[cfg(feature = "ssr")]
const THEME_BOOT: &str = "try{var t=localStorage.getItem('sparring-theme');if(t!=='light'&&t!=='dark'){t=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light'}document.documentElement.dataset.theme=t}catch(e){}";

/// The application: providers, layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    auth::provide_auth();
    ui::layout::provide_toasts();

    // Marks the document once the WASM has taken over, so tests know the page is interactive.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Title formatter=|text: String| if text.is_empty() { "Sparring".to_string() } else { format!("{text} · Sparring") } />
        <Router>
            <Layout>
                <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                    <Routes fallback=|| view! { <NotFound /> }>
                        <Route path=path!("/") view=site::landing::Landing ssr=SsrMode::Async />
                        <Route path=path!("/signup") view=auth::SignUpPage />
                        <Route path=path!("/signin") view=auth::SignInPage />
                        <Route path=path!("/forgot") view=auth::ForgotPage />
                        <Route path=path!("/reset") view=auth::ResetPage ssr=SsrMode::Async />
                        <Route path=path!("/dashboard") view=dashboard::Dashboard ssr=SsrMode::Async />
                        <Route path=path!("/profile") view=profile::ProfilePage ssr=SsrMode::Async />
                        <Route path=path!("/problems") view=problems::ProblemsPage ssr=SsrMode::Async />
                        <Route path=path!("/interview/:id") view=interview::pages::InterviewPage ssr=SsrMode::Async />
                        <Route path=path!("/sessions/:id/summary") view=evaluation::pages::SummaryPage ssr=SsrMode::Async />
                        <Route path=path!("/sessions/:id/replay") view=replay::pages::ReplayPage ssr=SsrMode::Async />
                        <Route path=path!("/shared/:token") view=replay::pages::SharedPage ssr=SsrMode::Async />
                        <Route path=path!("/sessions/:id/share") view=replay::share_pages::SharePage ssr=SsrMode::Async />
                        <Route path=path!("/admin/usage") view=admin::UsagePage ssr=SsrMode::Async />
                        <Route path=path!("/admin/credits") view=credits::AdminCreditsPage ssr=SsrMode::Async />
                        <Route path=path!("/problems/:slug") view=problems::ProblemPage ssr=SsrMode::Async />
                        <Route path=path!("/terms") view=site::legal::Terms />
                        <Route path=path!("/privacy") view=site::legal::Privacy />
                    </Routes>
                </ErrorBoundary>
            </Layout>
        </Router>
    }
}
