//! Where share links are kept. Every owner-side query names the owner; the only lookup
//! without one is by the token's digest, which only the link's holder can produce.

use sqlx::{FromRow, Row};

use crate::platform::store::{Result, Store, StoreError};

/// A share link as stored, with its session's problem title.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct LinkRow {
    pub id: String,
    pub session_id: String,
    pub user_id: String,
    pub problem_title: String,
    pub include_chat: i64,
    pub include_identity: i64,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub views: i64,
    pub last_viewed_at: Option<i64>,
}

const LINK_COLUMNS: &str = "l.id, l.session_id, l.user_id, p.title AS problem_title, l.include_chat, \
     l.include_identity, l.created_at, l.expires_at, l.revoked_at, l.views, l.last_viewed_at";
const LINK_FROM: &str = "share_links l JOIN interview_sessions s ON s.id = l.session_id \
     JOIN problems p ON p.id = s.problem_id";

/// A new link's fields.
#[derive(Debug, Clone)]
pub struct NewLink<'a> {
    pub session_id: &'a str,
    pub user_id: &'a str,
    pub token_hash: &'a str,
    pub include_chat: bool,
    pub include_identity: bool,
    pub created_at: i64,
    pub expires_at: Option<i64>,
}

impl Store {
    /// Stores a new link and returns its id.
    pub async fn create_share_link(&self, new: NewLink<'_>) -> Result<String> {
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO share_links (id, session_id, user_id, token_hash, include_chat, include_identity, created_at, \
             expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(new.session_id)
        .bind(new.user_id)
        .bind(new.token_hash)
        .bind(i64::from(new.include_chat))
        .bind(i64::from(new.include_identity))
        .bind(new.created_at)
        .bind(new.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(id)
    }

    /// One of the owner's links.
    pub async fn share_link(&self, id: &str, user_id: &str) -> Result<Option<LinkRow>> {
        let row = sqlx::query(&format!("SELECT {LINK_COLUMNS} FROM {LINK_FROM} WHERE l.id = $1 AND l.user_id = $2"))
            .bind(id)
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(LinkRow::from_row).transpose().map_err(StoreError::from)
    }

    /// The owner's links, newest first, of one session or of all.
    pub async fn share_links(&self, user_id: &str, session_id: Option<&str>, limit: i64) -> Result<Vec<LinkRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {LINK_COLUMNS} FROM {LINK_FROM} WHERE l.user_id = $1 AND ($2 = '' OR l.session_id = $2) \
             ORDER BY l.created_at DESC, l.id LIMIT $3"
        ))
        .bind(user_id)
        .bind(session_id.unwrap_or(""))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| LinkRow::from_row(r).map_err(StoreError::from)).collect()
    }

    /// How many links of a session are not revoked (expired ones count until revoked: the
    /// cap bounds what one session keeps).
    pub async fn unrevoked_share_links(&self, user_id: &str, session_id: &str) -> Result<i64> {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM share_links WHERE user_id = $1 AND session_id = $2 AND revoked_at IS NULL",
        )
        .bind(user_id)
        .bind(session_id)
        .fetch_one(&self.pool)
        .await
        .map_err(StoreError::from)
    }

    /// Revokes one of the owner's links (once: revoking again keeps the first time). Returns
    /// whether the owner has such a link.
    pub async fn revoke_share_link(&self, id: &str, user_id: &str, now: i64) -> Result<bool> {
        let done =
            sqlx::query("UPDATE share_links SET revoked_at = COALESCE(revoked_at, $3) WHERE id = $1 AND user_id = $2")
                .bind(id)
                .bind(user_id)
                .bind(now)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The link a token's digest names, whatever its state.
    pub async fn share_link_by_token(&self, token_hash: &str) -> Result<Option<LinkRow>> {
        let row = sqlx::query(&format!("SELECT {LINK_COLUMNS} FROM {LINK_FROM} WHERE l.token_hash = $1"))
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(LinkRow::from_row).transpose().map_err(StoreError::from)
    }

    /// Counts a view of a link.
    pub async fn count_share_view(&self, id: &str, now: i64) -> Result<()> {
        sqlx::query("UPDATE share_links SET views = views + 1, last_viewed_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The owner's name and email, for a link that shows them.
    pub async fn share_owner_identity(&self, user_id: &str) -> Result<Option<(String, String)>> {
        let row = sqlx::query("SELECT display_name, email FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
    }
}
