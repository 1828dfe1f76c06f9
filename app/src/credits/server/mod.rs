//! The credits ledger's hand-made rows: grants (and corrections) by an admin or the command
//! line, each recording who granted it and why, and the list the admin page shows. The
//! balance is always the ledger's sum; no grant may leave it below zero.

use sqlx::Row;

use crate::credits::types::{GrantAmount, GrantLine, GrantOutcome, GrantReason};
use crate::domain::error::AppError;
use crate::domain::Email;
use crate::platform::context::internal;
use crate::platform::state::AppState;
use crate::platform::store::{now_ms, Role, Store, StoreError};

/// The ledger reason of a hand-made grant.
pub const ADMIN_GRANT: &str = "admin_grant";
/// What `granted_by` holds for grants made on the command line.
pub const CLI: &str = "cli";

/// Who is granting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granter<'a> {
    /// `server credits grant` on the command line.
    Cli,
    /// An admin, by user id.
    Admin(&'a str),
}

impl Granter<'_> {
    fn stored(&self) -> &str {
        match self {
            Granter::Cli => CLI,
            Granter::Admin(id) => id,
        }
    }
}

/// Why a grant was refused.
#[derive(Debug, thiserror::Error)]
pub enum GrantError {
    /// No account has the email.
    #[error("no account has the email {0}")]
    NoAccount(String),
    /// A correction would take the balance below zero; `balance` is what it is now.
    #[error("that would leave a negative balance: the account has {balance} credit(s), so at most {balance} can be taken back")]
    WouldGoNegative { balance: i64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Classified as storage errors are, so that `?` works on driver calls too.
impl From<sqlx::Error> for GrantError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.into())
    }
}

impl From<GrantError> for AppError {
    fn from(e: GrantError) -> Self {
        match e {
            GrantError::NoAccount(_) => AppError::validation("email", "No account has this email address."),
            GrantError::WouldGoNegative { balance } => AppError::validation(
                "amount",
                format!(
                    "That would leave a negative balance: the account has {balance} credit{}, so at most {balance} can be taken back.",
                    if balance == 1 { "" } else { "s" }
                ),
            ),
            GrantError::Store(e) => internal("granting credits", e),
        }
    }
}

/// A grant's input, parsed: each part names its field when it is wrong.
pub fn parse_grant(email: &str, amount: &str, reason: &str) -> Result<(Email, GrantAmount, GrantReason), AppError> {
    crate::credits::types::check_grant(email, amount, reason)
}

impl Store {
    /// Adds one `admin_grant` row to the ledger of the account with `email`, with who granted
    /// it and why, and returns the new balance. The account's row is locked first (which on
    /// SQLite also takes the write lock), so a correction and a concurrent start or grant
    /// cannot both read the old balance.
    pub async fn grant_credits(
        &self,
        email: &Email,
        amount: GrantAmount,
        reason: &GrantReason,
        by: Granter<'_>,
    ) -> Result<i64, GrantError> {
        let mut tx = self.pool.begin().await?;
        let locked = sqlx::query("UPDATE users SET updated_at = updated_at WHERE email = $1")
            .bind(email.as_str())
            .execute(&mut *tx)
            .await?;
        if locked.rows_affected() == 0 {
            return Err(GrantError::NoAccount(email.to_string()));
        }
        let user_id: String = sqlx::query("SELECT id FROM users WHERE email = $1")
            .bind(email.as_str())
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        sqlx::query(
            "INSERT INTO credit_ledger (user_id, delta, reason, granted_by, note, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&user_id)
        .bind(amount.get())
        .bind(ADMIN_GRANT)
        .bind(by.stored())
        .bind(reason.as_str())
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        let balance = crate::platform::store::ledger_balance(&mut *tx, &user_id).await?;
        if balance < 0 {
            tx.rollback().await?;
            return Err(GrantError::WouldGoNegative { balance: balance - amount.get() });
        }
        tx.commit().await?;
        Ok(balance)
    }

    /// The latest `limit` hand-made grants, newest first.
    pub async fn credit_grants(&self, limit: i64) -> crate::platform::store::Result<Vec<GrantLine>> {
        let rows = sqlx::query(
            "SELECT l.id, g.email, l.granted_by, u.email, l.delta, l.note, l.created_at FROM credit_ledger l \
             JOIN users u ON u.id = l.user_id LEFT JOIN users g ON g.id = l.granted_by \
             WHERE l.reason = $1 ORDER BY l.id DESC LIMIT $2",
        )
        .bind(ADMIN_GRANT)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let admin: Option<String> = r.try_get(1)?;
                let by: Option<String> = r.try_get(2)?;
                let granted_by = match (admin, by) {
                    (Some(email), _) => email,
                    (None, Some(b)) if b == CLI => "command line".to_string(),
                    (None, Some(b)) => format!("deleted account {b}"),
                    (None, None) => "unknown".to_string(),
                };
                Ok(GrantLine {
                    id: r.try_get(0)?,
                    granted_by,
                    email: r.try_get(3)?,
                    amount: r.try_get(4)?,
                    reason: r.try_get::<Option<String>, _>(5)?.unwrap_or_default(),
                    created_at: r.try_get(6)?,
                })
            })
            .collect()
    }
}

/// Grants credits (or takes them back) on behalf of `by`; the command line and the admin
/// page both come here.
pub async fn grant(
    store: &Store,
    by: Granter<'_>,
    email: &Email,
    amount: GrantAmount,
    reason: &GrantReason,
) -> Result<GrantOutcome, GrantError> {
    let balance = store.grant_credits(email, amount, reason, by).await?;
    if let Granter::Admin(id) = by {
        tracing::info!(admin = id, to = %email, amount = amount.get(), "credits granted");
    }
    Ok(GrantOutcome { email: email.to_string(), amount: amount.get(), balance })
}

/// The balance of the account with `email`.
pub async fn balance_of(store: &Store, email: &Email) -> Result<i64, GrantError> {
    let user = store.user_id_by_email(email.as_str()).await?.ok_or_else(|| GrantError::NoAccount(email.to_string()))?;
    Ok(store.credit_balance(&user).await?)
}

/// Refuses anyone but an admin.
pub async fn require_admin(state: &AppState, user: &str) -> Result<(), AppError> {
    let me = state.store.user_by_id(user).await.map_err(|e| internal("loading the user", e))?;
    if me.is_none_or(|u| u.role != Role::Admin) {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// An admin's grant from the form: the caller is checked first, then every field.
pub async fn grant_as_admin(
    state: &AppState,
    user: &str,
    email: &str,
    amount: &str,
    reason: &str,
) -> Result<GrantOutcome, AppError> {
    require_admin(state, user).await?;
    let (email, amount, reason) = parse_grant(email, amount, reason)?;
    Ok(grant(&state.store, Granter::Admin(user), &email, amount, &reason).await?)
}

/// The latest 50 grants, for an admin.
pub async fn latest_grants(state: &AppState, user: &str) -> Result<Vec<GrantLine>, AppError> {
    require_admin(state, user).await?;
    state.store.credit_grants(50).await.map_err(|e| internal("listing grants", e))
}
