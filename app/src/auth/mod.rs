//! Accounts: sign up, sign in, sign out, password reset. Server functions here are thin:
//! they reach the session and call [`crate::auth::server::accounts`].

#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::domain::error::AppError;
use crate::domain::{ExperienceLevel, Language, TargetCompanies};
use crate::ui::layout::{FormError, PasswordField};

/// The signed-in user, as the browser sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: String,
    pub email: String,
    pub display_name: String,
    /// Admins see the AI usage page.
    #[serde(default)]
    pub is_admin: bool,
}

/// A user's profile and balance, as the owner sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub email: String,
    pub display_name: String,
    pub experience_level: ExperienceLevel,
    pub target_companies: TargetCompanies,
    pub preferred_language: Language,
    pub credits: i64,
    pub terms_version: String,
    pub member_since_ms: i64,
}

/// Returns a local path to continue to after sign-in; anything else becomes the dashboard.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && n.len() < 512
                && n.chars().all(|c| c.is_ascii_graphic() && c != '\\') =>
        {
            n.to_string()
        }
        _ => "/dashboard".to_string(),
    }
}

/// The signed-in user, if any.
#[server(endpoint = "current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    use crate::auth::server::accounts;
    use crate::platform::context as cx;
    cx::respond(
        async {
            let Some(uid) = cx::user_id().await? else { return Ok(None) };
            accounts::find_current_user(&cx::state()?, &uid).await
        }
        .await,
    )
}

/// Creates an account, signs it in and goes to the dashboard.
#[server(endpoint = "sign_up")]
pub async fn sign_up(
    display_name: String,
    email: String,
    password: String,
    accept_terms: Option<String>,
) -> Result<(), AppError> {
    use crate::auth::server::accounts;
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let ip = cx::client_ip(&state).await;
            let user = accounts::sign_up(&state, ip, &email, &password, &display_name, accept_terms.is_some()).await?;
            cx::start_session(&user.id).await?;
            leptos_axum::redirect("/dashboard");
            Ok(())
        }
        .await,
    )
}

/// Signs in with email and password.
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::auth::server::accounts;
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let ip = cx::client_ip(&state).await;
            let user_id = accounts::authenticate(&state, ip, &email, &password).await?;
            cx::start_session(&user_id).await?;
            leptos_axum::redirect(&safe_next(next.as_deref()));
            Ok(())
        }
        .await,
    )
}

/// Signs out: the session is deleted on the server and the cookie cleared.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::platform::context as cx;
    cx::respond(
        async {
            cx::session().await?.flush().await.map_err(|e| cx::internal("ending session", e))?;
            leptos_axum::redirect("/");
            Ok(())
        }
        .await,
    )
}

/// Mails a password-reset link if the account exists; answers the same either way.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::auth::server::accounts;
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let ip = cx::client_ip(&state).await;
            accounts::request_password_reset(&state, ip, &email).await
        }
        .await,
    )
}

/// Whether a reset link can still be used.
#[server(endpoint = "check_reset_token")]
pub async fn check_reset_token(token: String) -> Result<bool, AppError> {
    use crate::auth::server::accounts;
    use crate::platform::context as cx;
    cx::respond(async { accounts::reset_token_is_valid(&cx::state()?, &token).await }.await)
}

/// Sets a new password with a reset link's token.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::auth::server::accounts;
    use crate::platform::context as cx;
    cx::respond(async { accounts::reset_password(&cx::state()?, &token, &password).await }.await)
}

/// Auth state shared by every page: the actions and the current user.
#[derive(Clone, Copy)]
pub struct Auth {
    pub sign_in: ServerAction<SignIn>,
    pub sign_up: ServerAction<SignUp>,
    pub sign_out: ServerAction<SignOut>,
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
}

/// Creates the auth actions and the current-user resource, refetched after each action.
pub fn provide_auth() {
    let sign_in = ServerAction::<SignIn>::new();
    let sign_up = ServerAction::<SignUp>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let user = Resource::new(
        move || (sign_in.version().get(), sign_up.version().get(), sign_out.version().get()),
        |_| get_current_user(),
    );
    provide_context(Auth { sign_in, sign_up, sign_out, user });
}

/// The auth state.
pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// The sign-up page.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let auth = use_auth();
    let action = auth.sign_up;
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    view! {
        <Title text="Create your account" />
        <section class="auth-card">
            <h1>"Create your account"</h1>
            <p class="muted">"Three free mock interviews are waiting for you."</p>
            <ActionForm action=action attr:class="form" attr:novalidate="true">
                <FormError error />
                <div class="field">
                    <label for="signup-name">"Name"</label>
                    <input id="signup-name" name="display_name" type="text" autocomplete="name" required maxlength="60" />
                </div>
                <div class="field">
                    <label for="signup-email">"Email"</label>
                    <input id="signup-email" name="email" type="email" autocomplete="email" required />
                </div>
                <PasswordField id="signup-password" name="password" label="Password" autocomplete="new-password" hint="At least 10 characters. A short phrase works well." />
                <div class="field checkbox">
                    <input id="signup-terms" name="accept_terms" type="checkbox" value="yes" required />
                    <label for="signup-terms">
                        "I accept the " <a href="/terms" target="_blank">"Terms"</a> " and the "
                        <a href="/privacy" target="_blank">"Privacy Policy"</a>
                    </label>
                </div>
                <button type="submit" class="btn primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Creating account…" } else { "Create account" }}
                </button>
            </ActionForm>
            <p class="muted">"Already have an account? " <A href="/signin">"Sign in"</A></p>
        </section>
    }
}

/// The sign-in page.
#[component]
pub fn SignInPage() -> impl IntoView {
    let auth = use_auth();
    let action = auth.sign_in;
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    view! {
        <Title text="Sign in" />
        <section class="auth-card">
            <h1>"Sign in"</h1>
            <ActionForm action=action attr:class="form" attr:novalidate="true">
                <FormError error />
                <input type="hidden" name="next" prop:value=next />
                <div class="field">
                    <label for="signin-email">"Email"</label>
                    <input id="signin-email" name="email" type="email" autocomplete="email" required />
                </div>
                <PasswordField id="signin-password" name="password" label="Password" autocomplete="current-password" hint="" />
                <button type="submit" class="btn primary" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
            <p class="muted"><A href="/forgot">"Forgot your password?"</A></p>
            <p class="muted">"New to Sparring? " <A href="/signup">"Create an account"</A></p>
        </section>
    }
}

/// The "forgot password" page.
#[component]
pub fn ForgotPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <Title text="Reset your password" />
        <section class="auth-card">
            <h1>"Reset your password"</h1>
            <Show
                when=sent
                fallback=move || view! {
                    <p class="muted">"Enter your account's email and we'll send you a link to choose a new password."</p>
                    <ActionForm action=action attr:class="form" attr:novalidate="true">
                        <FormError error />
                        <div class="field">
                            <label for="forgot-email">"Email"</label>
                            <input id="forgot-email" name="email" type="email" autocomplete="email" required />
                        </div>
                        <button type="submit" class="btn primary" disabled=move || action.pending().get()>"Send reset link"</button>
                    </ActionForm>
                }
            >
                <p role="status" class="notice">"If an account exists for that email, a reset link is on its way. It works once, for one hour."</p>
            </Show>
            <p class="muted"><A href="/signin">"Back to sign in"</A></p>
        </section>
    }
}

/// The page a reset link opens.
#[component]
pub fn ResetPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let valid = Resource::new(token, |t| async move {
        if t.is_empty() {
            Ok(false)
        } else {
            check_reset_token(t).await
        }
    });
    let action = ServerAction::<ResetPassword>::new();
    let error = Signal::derive(move || action.value().get().and_then(|r| r.err()));
    let done = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <Title text="Choose a new password" />
        <section class="auth-card">
            <h1>"Choose a new password"</h1>
            <Suspense fallback=|| view! { <div class="skeleton line"></div><div class="skeleton block"></div> }>
                {move || valid.get().map(|v| match v {
                    Ok(true) => view! {
                        <Show when=done fallback=move || view! {
                            <ActionForm action=action attr:class="form" attr:novalidate="true">
                                <FormError error />
                                <input type="hidden" name="token" prop:value=token />
                                <PasswordField id="reset-password" name="password" label="New password" autocomplete="new-password" hint="At least 10 characters." />
                                <button type="submit" class="btn primary" disabled=move || action.pending().get()>"Set new password"</button>
                            </ActionForm>
                        }>
                            <p role="status" class="notice">"Your password has been changed and every other sign-in has ended. "
                                <A href="/signin">"Sign in"</A></p>
                        </Show>
                    }.into_any(),
                    Ok(false) => view! {
                        <p role="alert" class="error">"This reset link is invalid, expired or already used. "
                            <A href="/forgot">"Ask for a new one"</A></p>
                    }.into_any(),
                    Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use crate::auth::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/profile")), "/profile");
        assert_eq!(safe_next(Some("//evil.example")), "/dashboard");
        assert_eq!(safe_next(Some("https://evil.example")), "/dashboard");
        assert_eq!(safe_next(Some("/\\evil.example")), "/dashboard");
        assert_eq!(safe_next(Some("/a\nLocation: x")), "/dashboard");
        assert_eq!(safe_next(None), "/dashboard");
    }
}
