//! The auth calls and state every page can use: the current user, sign-in, sign-up and
//! sign-out, password reset. Server functions here are thin: they reach the session and call
//! [`crate::auth::server::accounts`].

use leptos::prelude::*;

use crate::auth::types::CurrentUser;
use crate::domain::error::AppError;

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
