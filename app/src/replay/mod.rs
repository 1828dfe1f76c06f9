//! Replays and share links: one seekable timeline of an ended session (the code at any
//! moment, runs, chat, the observer, time warnings, language switches and integrity signals),
//! built from the session's record; and links that let anyone holding one watch it, scoped,
//! expiring and revocable.
//!
//! The replay's data comes over plain `GET`s (`server/http.rs`): a manifest, then chunks of
//! the code's history on demand. Share links are managed through the server functions here.

pub mod pages;
pub mod player;
pub mod share_pages;
pub mod timeline;
pub mod types;
pub mod widgets;

#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::error::AppError;
use crate::evaluation::types::SessionSummary;
use types::*;

/// A shared session as its page shows it: the summary with the evaluation, what the link
/// shares, and when it stops working.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedSession {
    pub summary: SessionSummary,
    pub scope: Scope,
    pub owner: Option<OwnerIdentity>,
    pub expires_at: Option<i64>,
}

/// Creates a share link to the caller's ended interview `session`: `expiry` is `day`, `week`,
/// `month` or `never`; `chat` includes the chat; `identity` shows the caller's name and email.
/// The link's address is in the answer this once.
#[server(endpoint = "create_share_link")]
pub async fn create_share_link(
    session: String,
    expiry: String,
    #[server(default)] chat: bool,
    #[server(default)] identity: bool,
) -> Result<CreatedLink, AppError> {
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            cx::limit_writes(&state, &user)?;
            let (link, token) =
                server::share::create(&state, &user, &session, &expiry, Scope { chat, identity }).await?;
            Ok(CreatedLink { link, path: crate::ui::routes::shared_path(&token) })
        }
        .await,
    )
}

/// The caller's share links, newest first: of one interview, or all of them when `session`
/// is empty.
#[server(endpoint = "share_links")]
pub async fn share_links(#[server(default)] session: String) -> Result<Vec<ShareLink>, AppError> {
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            server::share::list(&state, &user, &session).await
        }
        .await,
    )
}

/// Revokes one of the caller's share links: from now on it answers 410.
#[server(endpoint = "revoke_share_link")]
pub async fn revoke_share_link(id: String) -> Result<ShareLink, AppError> {
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let user = cx::require_user().await?;
            cx::limit_writes(&state, &user)?;
            server::share::revoke(&state, &user, &id).await
        }
        .await,
    )
}

/// Opens a share link (no account needed) and counts the view: the session's summary and
/// evaluation as the link shares them. A wrong token is 404 (throttled per client), a revoked
/// or expired one 410.
#[server(endpoint = "open_shared")]
pub async fn open_shared(token: String) -> Result<SharedSession, AppError> {
    use crate::platform::context as cx;
    cx::respond(
        async {
            let state = cx::state()?;
            let opened = server::share::open(&state, cx::client_ip(&state).await, &token).await?;
            let scope = opened.link.scope();
            let replay = crate::ui::routes::shared_path(token.trim());
            let mut summary = crate::evaluation::server::jobs::summary_of(&state, &opened.session, &replay).await?;
            // The session's own id opens nothing for a stranger; the page needs none.
            summary.id.clear();
            let owner = server::share::owner_identity(&state, &opened).await?;
            server::share::count_view(&state, &opened).await;
            Ok(SharedSession { summary, scope, owner, expires_at: opened.link.expires_at })
        }
        .await,
    )
}
