//! Account rules: sign-up, sign-in, password reset and profile, as plain async functions
//! over the state, so tests reach them without HTTP.

use std::net::IpAddr;

use crate::auth::server::passwords;
use crate::auth::types::{check_new_password, check_sign_in, CurrentUser, Profile, ProfileInput, SignUpInput};
use crate::domain::error::AppError;
use crate::domain::{Email, ExperienceLevel, Language, TargetCompanies};
use crate::platform::context::internal;
use crate::platform::state::AppState;
use crate::platform::store::{NewUser, ProfileUpdate, Role, StoreError, UserRow};
use crate::platform::tokens;

/// How long a password-reset link stays valid.
pub const RESET_TTL_MS: i64 = 60 * 60 * 1000;

/// The message for any failed sign-in: it never says whether the email exists.
pub const BAD_CREDENTIALS: &str = "That email and password don't match an account.";

fn throttle(state: &AppState, account: Option<&str>, ip: Option<IpAddr>) -> Result<(), AppError> {
    state.throttle.check(account, ip).map_err(|retry_after_secs| AppError::RateLimited { retry_after_secs })
}

/// Creates an account with the sign-up credit grant. Returns the new user.
pub async fn sign_up(
    state: &AppState,
    ip: Option<IpAddr>,
    email: &str,
    password: &str,
    display_name: &str,
    accepted_terms: bool,
) -> Result<CurrentUser, AppError> {
    let SignUpInput { display_name, email, password } =
        SignUpInput::parse(display_name, email, password, accepted_terms)?;
    throttle(state, None, ip)?;
    let hash = passwords::hash(password.expose().to_string()).await.map_err(|e| internal("hashing", e))?;
    let user = state
        .store
        .create_user(NewUser {
            email: email.as_str(),
            display_name: display_name.as_str(),
            password_hash: &hash,
            terms_version: &state.config.terms_version,
            signup_credits: state.config.signup_credits,
        })
        .await
        .map_err(|e| match e {
            StoreError::Duplicate => AppError::Conflict(
                "An account with this email already exists. Sign in instead, or reset your password.".into(),
            ),
            other => internal("creating user", other),
        })?;
    tracing::info!(user_id = %user.id, "account created");
    Ok(current_user(&user))
}

/// Checks an email and password; returns the user id. Throttled per account and per IP.
pub async fn authenticate(
    state: &AppState,
    ip: Option<IpAddr>,
    email: &str,
    password: &str,
) -> Result<String, AppError> {
    // An empty field or a malformed email is named (the form says which); whether a
    // well-formed pair matches an account is only ever answered as a whole.
    let email = check_sign_in(email, password)?;
    if password.chars().count() > crate::domain::PASSWORD_MAX {
        return Err(AppError::InvalidCredentials(BAD_CREDENTIALS.into()));
    }
    throttle(state, Some(email.as_str()), ip)?;
    let found =
        state.store.credentials_by_email(email.as_str()).await.map_err(|e| internal("loading credentials", e))?;
    let (user_id, stored) = match found {
        Some((id, hash)) => (Some(id), Some(hash)),
        None => (None, None),
    };
    let ok = passwords::verify(password.to_string(), stored).await.map_err(|e| internal("verifying", e))?;
    match (ok, user_id) {
        (true, Some(id)) => Ok(id),
        _ => {
            tracing::info!(email_domain = email.as_str().split('@').nth(1).unwrap_or(""), "failed sign-in");
            Err(AppError::InvalidCredentials(BAD_CREDENTIALS.into()))
        }
    }
}

/// Sends a reset link if the account exists. Answers the same either way.
pub async fn request_password_reset(state: &AppState, ip: Option<IpAddr>, email: &str) -> Result<(), AppError> {
    let email = Email::parse(email)?;
    throttle(state, Some(email.as_str()), ip)?;
    let Some(user_id) = state.store.user_id_by_email(email.as_str()).await.map_err(|e| internal("reset lookup", e))?
    else {
        return Ok(());
    };
    let token = tokens::generate();
    let expires = crate::platform::store::now_ms() + RESET_TTL_MS;
    state
        .store
        .create_password_reset(&user_id, &tokens::digest(&token), expires)
        .await
        .map_err(|e| internal("storing reset token", e))?;
    let link = format!("{}/reset?token={token}", state.config.public_url);
    let body = format!(
        "Someone (hopefully you) asked to reset the password of your Sparring account.\n\n\
         Choose a new password here (the link works once, for one hour):\n{link}\n\n\
         If you didn't ask for this, ignore this mail: your password stays as it is.\n"
    );
    state
        .mailer
        .send("password_reset", email.as_str(), "Reset your Sparring password", &body)
        .await
        .map_err(|e| internal("queueing reset mail", e))?;
    Ok(())
}

/// Whether a reset token can still be used (for the reset page).
pub async fn reset_token_is_valid(state: &AppState, token: &str) -> Result<bool, AppError> {
    if token.len() != 64 || !token.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(false);
    }
    state.store.password_reset_is_valid(&tokens::digest(token)).await.map_err(|e| internal("checking reset token", e))
}

const BAD_RESET_LINK: &str = "This reset link is invalid, expired or already used. Ask for a new one.";

/// Sets a new password with a single-use token and signs the user out everywhere.
pub async fn reset_password(state: &AppState, token: &str, new_password: &str) -> Result<(), AppError> {
    if !reset_token_is_valid(state, token).await? {
        return Err(AppError::InvalidCredentials(BAD_RESET_LINK.into()));
    }
    let digest = tokens::digest(token);
    // The rules need the account's email, which only the token knows; look it up first.
    let user_id = state.store.reset_token_owner(&digest).await.map_err(|e| internal("reset owner", e))?;
    let Some(user_id) = user_id else {
        return Err(AppError::InvalidCredentials(BAD_RESET_LINK.into()));
    };
    let user = load_user(state, &user_id).await?;
    let email = Email::parse(&user.email)?;
    let password = check_new_password(new_password, Some(&email))?;
    let hash = passwords::hash(password.expose().to_string()).await.map_err(|e| internal("hashing", e))?;
    state.store.consume_password_reset(&digest, &hash).await.map_err(|e| match e {
        StoreError::NotFound => AppError::InvalidCredentials(BAD_RESET_LINK.into()),
        other => internal("consuming reset token", other),
    })?;
    tracing::info!(user_id = %user_id, "password reset; all sessions ended");
    Ok(())
}

async fn load_user(state: &AppState, user_id: &str) -> Result<UserRow, AppError> {
    state.store.user_by_id(user_id).await.map_err(|e| internal("loading user", e))?.ok_or(AppError::Unauthorized)
}

fn current_user(u: &UserRow) -> CurrentUser {
    CurrentUser {
        id: u.id.clone(),
        email: u.email.clone(),
        display_name: u.display_name.clone(),
        is_admin: u.role == Role::Admin,
    }
}

/// The signed-in user's summary, or `None` if their account no longer exists.
pub async fn find_current_user(state: &AppState, user_id: &str) -> Result<Option<CurrentUser>, AppError> {
    Ok(state.store.user_by_id(user_id).await.map_err(|e| internal("loading user", e))?.as_ref().map(current_user))
}

fn profile(u: &UserRow, credits: i64, credits_unlimited: bool) -> Profile {
    Profile {
        email: u.email.clone(),
        display_name: u.display_name.clone(),
        experience_level: ExperienceLevel::parse(&u.experience_level).unwrap_or(ExperienceLevel::Mid),
        target_companies: serde_json::from_str::<Vec<String>>(&u.target_companies)
            .ok()
            .and_then(|v| TargetCompanies::parse(&v.join(",")).ok())
            .unwrap_or_default(),
        preferred_language: Language::parse(&u.preferred_language).unwrap_or(Language::Python),
        credits,
        credits_unlimited,
        terms_version: u.terms_version.clone(),
        member_since_ms: u.created_at,
    }
}

/// The owner's profile and balance.
pub async fn load_profile(state: &AppState, user_id: &str) -> Result<Profile, AppError> {
    let user = load_user(state, user_id).await?;
    let credits = state.store.credit_balance(user_id).await.map_err(|e| internal("credit balance", e))?;
    Ok(profile(&user, credits, !state.config.credits_mode.charges()))
}

/// Updates the owner's profile from form input.
pub async fn update_profile(
    state: &AppState,
    user_id: &str,
    display_name: &str,
    experience_level: &str,
    target_companies: &str,
    preferred_language: &str,
) -> Result<Profile, AppError> {
    let ProfileInput {
        display_name,
        experience_level: level,
        target_companies: companies,
        preferred_language: language,
    } = ProfileInput::parse(display_name, experience_level, target_companies, preferred_language)?;
    let json = serde_json::to_string(companies.names()).map_err(|e| internal("encoding companies", e))?;
    state
        .store
        .update_profile(
            user_id,
            ProfileUpdate {
                display_name: display_name.as_str(),
                experience_level: level.code(),
                target_companies_json: &json,
                preferred_language: language.code(),
            },
        )
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::Unauthorized,
            other => internal("updating profile", other),
        })?;
    load_profile(state, user_id).await
}
