//! Share links: created by a session's owner for that one session, with an unguessable token
//! (256 bits, of which only the SHA-256 is stored), an expiry, a scope, a view count; revoked
//! at any time. Opening one needs no account; a wrong token is `NotFound` (and throttled per
//! client), an expired or revoked one `Gone`.

use std::net::IpAddr;

use crate::domain::error::AppError;
use crate::platform::context::internal;
use crate::platform::state::AppState;
use crate::platform::store::now_ms;
use crate::platform::tokens;
use crate::record::server::{self as record, OwnedSession};
use crate::replay::server::store::{LinkRow, NewLink};
use crate::replay::types::{Expiry, LinkState, OwnerIdentity, Scope, ShareLink};

/// A session keeps at most this many links that are not revoked.
pub const MAX_LINKS_PER_SESSION: i64 = 20;
/// The owner's list shows at most this many links.
pub const LIST_LIMIT: i64 = 200;
/// Tokens are 64 hex characters; anything else is refused before any lookup.
const TOKEN_LEN: usize = 64;

impl LinkRow {
    /// Where the link stands at `now`.
    pub fn state(&self, now: i64) -> LinkState {
        if self.revoked_at.is_some() {
            LinkState::Revoked
        } else if self.expires_at.is_some_and(|e| e <= now) {
            LinkState::Expired
        } else {
            LinkState::Active
        }
    }

    pub fn scope(&self) -> Scope {
        Scope { chat: self.include_chat != 0, identity: self.include_identity != 0 }
    }

    fn view(&self, now: i64) -> ShareLink {
        ShareLink {
            id: self.id.clone(),
            session_id: self.session_id.clone(),
            problem_title: self.problem_title.clone(),
            scope: self.scope(),
            created_at: self.created_at,
            expires_at: self.expires_at,
            revoked_at: self.revoked_at,
            views: self.views,
            last_viewed_at: self.last_viewed_at,
            state: self.state(now),
        }
    }
}

/// Creates a link to the owner's ended session `session_id`. Returns it with its token, which
/// is shown this once and never stored.
pub async fn create(
    state: &AppState,
    user: &str,
    session_id: &str,
    expiry: &str,
    scope: Scope,
) -> Result<(ShareLink, String), AppError> {
    let expiry = Expiry::parse(expiry.trim()).ok_or_else(|| {
        AppError::validation("expiry", "Choose how long the link lasts: 1 day, 7 days, 30 days or never.")
    })?;
    let session = record::current(state, user, session_id).await?;
    if session.status.is_open() {
        return Err(AppError::Conflict("This interview is still in progress: share it once it has ended.".into()));
    }
    let _turn = state.hub.write_turn(&session.id).await;
    let kept = state.store.unrevoked_share_links(user, &session.id).await.map_err(|e| internal("share links", e))?;
    if kept >= MAX_LINKS_PER_SESSION {
        return Err(AppError::Conflict(format!(
            "This interview already has {MAX_LINKS_PER_SESSION} share links. Revoke one you no longer need first."
        )));
    }
    let token = tokens::generate();
    let now = now_ms();
    let id = state
        .store
        .create_share_link(NewLink {
            session_id: &session.id,
            user_id: user,
            token_hash: &tokens::digest(&token),
            include_chat: scope.chat,
            include_identity: scope.identity,
            created_at: now,
            expires_at: expiry.ms().map(|ms| now + ms),
        })
        .await
        .map_err(|e| internal("creating a share link", e))?;
    let row =
        state.store.share_link(&id, user).await.map_err(|e| internal("share links", e))?.ok_or(AppError::NotFound)?;
    Ok((row.view(now), token))
}

/// The owner's links, newest first: of one session, or of all when `session_id` is empty.
pub async fn list(state: &AppState, user: &str, session_id: &str) -> Result<Vec<ShareLink>, AppError> {
    let session_id = session_id.trim();
    if !session_id.is_empty() {
        // Someone else's session has no links to show: the same answer as a missing one.
        record::owned(state, user, session_id).await?;
    }
    let rows = state
        .store
        .share_links(user, (!session_id.is_empty()).then_some(session_id), LIST_LIMIT)
        .await
        .map_err(|e| internal("share links", e))?;
    let now = now_ms();
    Ok(rows.iter().map(|r| r.view(now)).collect())
}

/// Revokes one of the owner's links; revoking a revoked link again changes nothing.
pub async fn revoke(state: &AppState, user: &str, id: &str) -> Result<ShareLink, AppError> {
    let now = now_ms();
    if !state.store.revoke_share_link(id.trim(), user, now).await.map_err(|e| internal("revoking a share link", e))? {
        return Err(AppError::NotFound);
    }
    let row = state
        .store
        .share_link(id.trim(), user)
        .await
        .map_err(|e| internal("share links", e))?
        .ok_or(AppError::NotFound)?;
    Ok(row.view(now))
}

/// What an open link gives access to.
#[derive(Debug, Clone)]
pub struct Opened {
    pub link: LinkRow,
    pub session: OwnedSession,
}

/// Opens a link by its token: `NotFound` for a token that names none (after counting the
/// attempt against the client's limit), `Gone` for one revoked or expired.
pub async fn open(state: &AppState, client: Option<IpAddr>, token: &str) -> Result<Opened, AppError> {
    let token = token.trim();
    let well_formed = token.len() == TOKEN_LEN && token.bytes().all(|b| b.is_ascii_hexdigit());
    let found = if well_formed {
        state.store.share_link_by_token(&tokens::digest(token)).await.map_err(|e| internal("share links", e))?
    } else {
        None
    };
    let Some(link) = found else {
        // Only misses count: a reviewer paging through a real link's chunks is never throttled.
        let limiter = state.slots.get::<MissLimit>();
        let key = client.map(|ip| ip.to_string()).unwrap_or_default();
        limiter.0.check(&key).map_err(|retry_after_secs| AppError::RateLimited { retry_after_secs })?;
        return Err(AppError::NotFound);
    };
    match link.state(now_ms()) {
        LinkState::Active => {}
        LinkState::Revoked => return Err(AppError::Gone("Its owner has revoked this link.".into())),
        LinkState::Expired => return Err(AppError::Gone("This link has expired.".into())),
    }
    let session = state
        .store
        .owned_session(&link.session_id, &link.user_id)
        .await
        .map_err(|e| internal("loading a shared session", e))?
        .ok_or(AppError::NotFound)?;
    Ok(Opened { link, session })
}

/// The owner's name and email, when the link shares them.
pub async fn owner_identity(state: &AppState, opened: &Opened) -> Result<Option<OwnerIdentity>, AppError> {
    if !opened.link.scope().identity {
        return Ok(None);
    }
    let found = state
        .store
        .share_owner_identity(&opened.link.user_id)
        .await
        .map_err(|e| internal("loading a shared session's owner", e))?;
    Ok(found.map(|(name, email)| OwnerIdentity { name, email }))
}

/// Counts a view of an open link (once per page load, not per chunk).
pub async fn count_view(state: &AppState, opened: &Opened) {
    if let Err(e) = state.store.count_share_view(&opened.link.id, now_ms()).await {
        tracing::warn!(error = %format_args!("{:#}", anyhow::Error::from(e)), "a share link's view was not counted");
    }
}

/// Wrong tokens a client may try a minute.
pub const MISSES_PER_MINUTE: u32 = 20;

/// The per-client limit on wrong tokens.
pub struct MissLimit(pub crate::platform::throttle::PerKey);

impl Default for MissLimit {
    fn default() -> Self {
        Self(crate::platform::throttle::PerKey::per_minute(MISSES_PER_MINUTE))
    }
}
