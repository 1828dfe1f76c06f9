//! Accounts: sign up, sign in, sign out, password reset. Server functions here are thin:
//! they reach the session and call [`crate::auth::server::accounts`].

pub mod api;
#[cfg(feature = "ssr")]
pub mod server;
pub mod types;

pub use api::{provide_auth, use_auth};

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::auth::api::{check_reset_token, RequestPasswordReset, ResetPassword};
use crate::auth::types::{check_new_password, check_sign_in, SignUpInput};
use crate::domain::Email;
use crate::ui::layout::{FieldMessage, FormError, FormErrors, PasswordField, TextField};

/// The sign-up page.
#[component]
pub fn SignUpPage() -> impl IntoView {
    let auth = use_auth();
    let action = auth.sign_up;
    let errors = FormErrors::for_action(action);
    let check = errors.check_before_sending(|v| {
        SignUpInput::parse(&v.get("display_name"), &v.get("email"), &v.get("password"), v.has("accept_terms"))
            .map(|_| ())
    });
    view! {
        <Title text="Create your account" />
        <section class="auth-card">
            <h1>"Create your account"</h1>
            <p class="muted">"Three free mock interviews are waiting for you."</p>
            <ActionForm action=action node_ref=errors.node_ref() attr:class="form" attr:novalidate="true">
                <FormError errors />
                <TextField errors id="signup-name" name="display_name" label="Name" autocomplete="name" maxlength=60 />
                <TextField errors id="signup-email" name="email" label="Email" kind="email" autocomplete="email" />
                <PasswordField errors id="signup-password" name="password" label="Password" autocomplete="new-password" hint="At least 10 characters. A short phrase works well." />
                <div class="field checkbox">
                    <input
                        id="signup-terms"
                        name="accept_terms"
                        type="checkbox"
                        value="yes"
                        required
                        aria-invalid=errors.invalid("accept_terms")
                        aria-describedby=errors.described_by("signup-terms", "accept_terms", false)
                        autofocus=move || errors.is_first_invalid("accept_terms")
                    />
                    <label for="signup-terms">
                        "I accept the " <a href="/terms" target="_blank">"Terms"</a> " and the "
                        <a href="/privacy" target="_blank">"Privacy Policy"</a>
                    </label>
                </div>
                <FieldMessage errors id="signup-terms" name="accept_terms" />
                <button type="submit" class="btn primary" disabled=move || action.pending().get() on:click=check>
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
    let errors = FormErrors::for_action(action);
    let check = errors.check_before_sending(|v| check_sign_in(&v.get("email"), &v.get("password")).map(|_| ()));
    view! {
        <Title text="Sign in" />
        <section class="auth-card">
            <h1>"Sign in"</h1>
            <ActionForm action=action node_ref=errors.node_ref() attr:class="form" attr:novalidate="true">
                <FormError errors />
                <input type="hidden" name="next" value=next />
                <TextField errors id="signin-email" name="email" label="Email" kind="email" autocomplete="email" />
                <PasswordField errors id="signin-password" name="password" label="Password" autocomplete="current-password" hint="" />
                <button type="submit" class="btn primary" disabled=move || action.pending().get() on:click=check>
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
    let errors = FormErrors::for_action(action);
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <Title text="Reset your password" />
        <section class="auth-card">
            <h1>"Reset your password"</h1>
            <Show
                when=sent
                fallback=move || {
                    let check = errors.check_before_sending(|v| Email::parse(&v.get("email")).map(|_| ()));
                    view! {
                        <p class="muted">"Enter your account's email and we'll send you a link to choose a new password."</p>
                        <ActionForm action=action node_ref=errors.node_ref() attr:class="form" attr:novalidate="true">
                            <FormError errors />
                            <TextField errors id="forgot-email" name="email" label="Email" kind="email" autocomplete="email" />
                            <button type="submit" class="btn primary" disabled=move || action.pending().get() on:click=check>"Send reset link"</button>
                        </ActionForm>
                    }
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
    let errors = FormErrors::for_action(action);
    let done = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <Title text="Choose a new password" />
        <section class="auth-card">
            <h1>"Choose a new password"</h1>
            <Suspense fallback=|| view! { <div class="skeleton line"></div><div class="skeleton block"></div> }>
                {move || valid.get().map(|v| match v {
                    Ok(true) => view! {
                        <Show when=done fallback=move || {
                            let check = errors.check_before_sending(|v| check_new_password(&v.get("password"), None).map(|_| ()));
                            view! {
                                <ActionForm action=action node_ref=errors.node_ref() attr:class="form" attr:novalidate="true">
                                    <FormError errors />
                                    <input type="hidden" name="token" value=token />
                                    <PasswordField errors id="reset-password" name="password" label="New password" autocomplete="new-password" hint="At least 10 characters." />
                                    <button type="submit" class="btn primary" disabled=move || action.pending().get() on:click=check>"Set new password"</button>
                                </ActionForm>
                            }
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
    use crate::auth::api::safe_next;

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
