//! The one storage interface. SQLite by default, PostgreSQL when the URL says so; both run
//! the same SQL through sqlx's `Any` driver (`$n` placeholders work on both), and each engine
//! has its own migrations folder. Every user-owned row is read and written with its owner.

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, FromRow, Row};
use std::time::Duration;

use crate::platform::config::DbKind;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// A storage failure, classified once in `From<sqlx::Error>` so that `?` is enough wherever
/// storage is used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint refused the write: the row conflicts with one that exists.
    #[error("duplicate")]
    Duplicate,
    /// The row does not exist (or is not the caller's).
    #[error("not found")]
    NotFound,
    /// The database cannot be reached right now (the pool is closed or every connection is
    /// busy past the acquire timeout); the cause is kept for the log.
    #[error("database unavailable")]
    Unavailable(#[source] sqlx::Error),
    /// Anything else; the cause is kept for the log.
    #[error("database error")]
    Other(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate,
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => StoreError::Unavailable(e),
            _ => StoreError::Other(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Milliseconds since the Unix epoch, the timestamp format of every table.
pub fn now_ms() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    (now.unix_timestamp_nanos() / 1_000_000) as i64
}

/// What an account may do beyond using the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Everyone: practice and interviews.
    Candidate,
    /// Also the admin pages (AI usage, credit grants).
    Admin,
}

impl Role {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Role::Candidate => "candidate",
            Role::Admin => "admin",
        }
    }
}

/// A stored role that is none of ours (the column is only ever written with [`Role::code`]).
#[derive(Debug, thiserror::Error)]
#[error("unknown role {0:?}")]
pub struct UnknownRole(String);

impl TryFrom<String> for Role {
    type Error = UnknownRole;
    fn try_from(raw: String) -> std::result::Result<Self, UnknownRole> {
        match raw.as_str() {
            "candidate" => Ok(Role::Candidate),
            "admin" => Ok(Role::Admin),
            _ => Err(UnknownRole(raw)),
        }
    }
}

/// A user row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub experience_level: String,
    pub target_companies: String,
    pub preferred_language: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub terms_version: String,
    pub terms_accepted_at: i64,
    pub created_at: i64,
}

const USER_COLUMNS: &str = "id, email, display_name, experience_level, target_companies, \
     preferred_language, role, terms_version, terms_accepted_at, created_at";

/// What a new account is created with.
pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub terms_version: &'a str,
    pub signup_credits: i64,
}

/// Profile fields the owner may change.
pub struct ProfileUpdate<'a> {
    pub display_name: &'a str,
    pub experience_level: &'a str,
    pub target_companies_json: &'a str,
    pub preferred_language: &'a str,
}

/// A stored session record.
pub struct SessionRow {
    pub data: String,
    pub expires_at: i64,
}

/// A mail waiting in the outbox.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxMail {
    pub id: i64,
    pub kind: String,
    pub to_addr: String,
    pub subject: String,
    pub body_text: String,
    pub attempts: i64,
}

/// The storage handle: cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) pool: AnyPool,
    pub(crate) kind: DbKind,
}

impl Store {
    /// Connects, creating the SQLite file and its directory if needed, and applies migrations.
    pub async fn connect(url: &str, kind: DbKind) -> anyhow::Result<Store> {
        use anyhow::Context;
        sqlx::any::install_default_drivers();
        let url = match kind {
            DbKind::Sqlite => {
                let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
                let path = path.split('?').next().unwrap_or(path);
                if let Some(parent) = std::path::Path::new(path).parent() {
                    if !parent.as_os_str().is_empty() {
                        tokio::fs::create_dir_all(parent)
                            .await
                            .with_context(|| format!("creating the data directory {}", parent.display()))?;
                    }
                }
                if url.contains('?') {
                    url.to_string()
                } else {
                    format!("{url}?mode=rwc")
                }
            }
            DbKind::Postgres => url.to_string(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(match kind {
                DbKind::Sqlite => 8,
                DbKind::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if kind == DbKind::Sqlite {
                        // WAL lets readers proceed during a write; foreign keys are off by default in SQLite.
                        sqlx::query("PRAGMA journal_mode = WAL").execute(&mut *conn).await?;
                        sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
                        sqlx::query("PRAGMA busy_timeout = 5000").execute(&mut *conn).await?;
                        sqlx::query("PRAGMA synchronous = NORMAL").execute(&mut *conn).await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .context("connecting to the database")?;
        let migrator = match kind {
            DbKind::Sqlite => &SQLITE_MIGRATIONS,
            DbKind::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&pool).await.context("applying database migrations")?;
        Ok(Store { pool, kind })
    }

    /// Every table the migrations made, with its columns (sqlx's own bookkeeping aside): what
    /// the parity test compares across engines.
    pub async fn schema(&self) -> Result<std::collections::BTreeMap<String, std::collections::BTreeSet<String>>> {
        let sql = match self.kind {
            DbKind::Sqlite => {
                "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'"
            }
            DbKind::Postgres => {
                "SELECT CAST(table_name AS TEXT) AS t, CAST(column_name AS TEXT) AS c FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'"
            }
        };
        let rows = sqlx::query(sql).fetch_all(&self.pool).await?;
        let mut out: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
        for row in rows {
            let table: String = row.try_get("t")?;
            let column: String = row.try_get("c")?;
            out.entry(table).or_default().insert(column);
        }
        Ok(out)
    }

    /// Which engine this store runs on.
    pub fn kind(&self) -> DbKind {
        self.kind
    }

    /// Closes every connection, waiting for in-flight queries.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    // ---- users ----

    /// Creates a user, their password credential, the sign-up credit grant and the terms
    /// acceptance in one transaction.
    pub async fn create_user(&self, new: NewUser<'_>) -> Result<UserRow> {
        let now = now_ms();
        let id = uuid::Uuid::new_v4().to_string();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO users (id, email, display_name, terms_version, terms_accepted_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5, $5)",
        )
        .bind(&id)
        .bind(new.email)
        .bind(new.display_name)
        .bind(new.terms_version)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO password_credentials (user_id, password_hash, updated_at) VALUES ($1, $2, $3)")
            .bind(&id)
            .bind(new.password_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        if new.signup_credits != 0 {
            sqlx::query(
                "INSERT INTO credit_ledger (user_id, delta, reason, created_at) VALUES ($1, $2, 'signup_grant', $3)",
            )
            .bind(&id)
            .bind(new.signup_credits)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.user_by_id(&id).await?.ok_or(StoreError::NotFound)
    }

    /// Loads a user by id.
    pub async fn user_by_id(&self, id: &str) -> Result<Option<UserRow>> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(UserRow::from_row).transpose()?)
    }

    /// Finds a user id and password hash by (normalised) email.
    pub async fn credentials_by_email(&self, email: &str) -> Result<Option<(String, String)>> {
        let row = sqlx::query(
            "SELECT u.id, c.password_hash FROM users u JOIN password_credentials c ON c.user_id = u.id \
             WHERE u.email = $1",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(Some((r.try_get(0)?, r.try_get(1)?))),
            None => Ok(None),
        }
    }

    /// Sets the role of the account with this (normalised) email. False when there is none.
    pub async fn set_role_by_email(&self, email: &str, role: Role) -> Result<bool> {
        let done = sqlx::query("UPDATE users SET role = $1 WHERE email = $2")
            .bind(role.code())
            .bind(email)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Finds a user id by (normalised) email.
    pub async fn user_id_by_email(&self, email: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT id FROM users WHERE email = $1").bind(email).fetch_optional(&self.pool).await?;
        Ok(match row {
            Some(r) => Some(r.try_get(0)?),
            None => None,
        })
    }

    /// Updates the owner's profile; the owner is part of the WHERE clause.
    pub async fn update_profile(&self, user_id: &str, p: ProfileUpdate<'_>) -> Result<()> {
        let done = sqlx::query(
            "UPDATE users SET display_name = $1, experience_level = $2, target_companies = $3, \
             preferred_language = $4, updated_at = $5 WHERE id = $6",
        )
        .bind(p.display_name)
        .bind(p.experience_level)
        .bind(p.target_companies_json)
        .bind(p.preferred_language)
        .bind(now_ms())
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    // ---- credits ----

    /// The user's balance: the sum of their ledger.
    pub async fn credit_balance(&self, user_id: &str) -> Result<i64> {
        ledger_balance(&self.pool, user_id).await
    }

    // ---- password reset ----

    /// Stores a reset token's hash, valid until `expires_at`.
    pub async fn create_password_reset(&self, user_id: &str, token_hash: &str, expires_at: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now_ms())
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Whether a reset token is currently usable.
    pub async fn password_reset_is_valid(&self, token_hash: &str) -> Result<bool> {
        let row =
            sqlx::query("SELECT 1 FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2")
                .bind(token_hash)
                .bind(now_ms())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.is_some())
    }

    /// Uses a reset token once: sets the new password hash, burns every other token of the
    /// user and ends all their sessions, in one transaction. `NotFound` when the token is
    /// unknown, expired or already used.
    pub async fn consume_password_reset(&self, token_hash: &str, new_hash: &str) -> Result<String> {
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "UPDATE password_resets SET used_at = $1 \
             WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
        )
        .bind(now)
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Err(StoreError::NotFound);
        };
        let user_id: String = row.try_get(0)?;
        sqlx::query("UPDATE password_credentials SET password_hash = $1, updated_at = $2 WHERE user_id = $3")
            .bind(new_hash)
            .bind(now)
            .bind(&user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
            .bind(now)
            .bind(&user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM auth_sessions WHERE user_id = $1").bind(&user_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(user_id)
    }

    // ---- sessions ----

    /// Inserts a session only if its id is unused; false when the id is taken.
    pub async fn insert_session(&self, id: &str, user_id: Option<&str>, data: &str, expires_at: i64) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO auth_sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(user_id)
        .bind(data)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Inserts or replaces a session.
    pub async fn upsert_session(&self, id: &str, user_id: Option<&str>, data: &str, expires_at: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO auth_sessions (id, user_id, data, expires_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, \
             expires_at = excluded.expires_at",
        )
        .bind(id)
        .bind(user_id)
        .bind(data)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Loads an unexpired session.
    pub async fn load_session(&self, id: &str) -> Result<Option<SessionRow>> {
        let row = sqlx::query("SELECT data, expires_at FROM auth_sessions WHERE id = $1 AND expires_at > $2")
            .bind(id)
            .bind(now_ms())
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => Ok(Some(SessionRow { data: r.try_get(0)?, expires_at: r.try_get(1)? })),
            None => Ok(None),
        }
    }

    /// Deletes one session.
    pub async fn delete_session(&self, id: &str) -> Result<()> {
        sqlx::query("DELETE FROM auth_sessions WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(())
    }

    /// Deletes expired sessions; returns how many.
    pub async fn delete_expired_sessions(&self) -> Result<u64> {
        let done =
            sqlx::query("DELETE FROM auth_sessions WHERE expires_at <= $1").bind(now_ms()).execute(&self.pool).await?;
        Ok(done.rows_affected())
    }

    /// How many live sessions a user has.
    pub async fn session_count_for_user(&self, user_id: &str) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) FROM auth_sessions WHERE user_id = $1 AND expires_at > $2")
            .bind(user_id)
            .bind(now_ms())
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get(0)?)
    }

    // ---- mail outbox ----

    /// Adds a mail to the outbox.
    pub async fn enqueue_mail(&self, kind: &str, to: &str, subject: &str, body: &str) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO mail_outbox (kind, to_addr, subject, body_text, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(kind)
        .bind(to)
        .bind(subject)
        .bind(body)
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Pending mail, oldest first.
    pub async fn pending_mail(&self, limit: i64) -> Result<Vec<OutboxMail>> {
        let rows = sqlx::query(
            "SELECT id, kind, to_addr, subject, body_text, attempts FROM mail_outbox \
             WHERE status = 'pending' ORDER BY id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(OutboxMail::from_row).collect::<std::result::Result<_, _>>()?)
    }

    /// The newest mail sent to an address (for tests and the admin outbox).
    pub async fn latest_mail_to(&self, to: &str) -> Result<Option<OutboxMail>> {
        let row = sqlx::query(
            "SELECT id, kind, to_addr, subject, body_text, attempts FROM mail_outbox \
             WHERE to_addr = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(to)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(OutboxMail::from_row).transpose()?)
    }

    /// Records a delivery attempt: sent, or failed with an error (given up after `max_attempts`).
    pub async fn record_mail_attempt(&self, id: i64, error: Option<&str>, max_attempts: i64) -> Result<()> {
        match error {
            None => {
                sqlx::query("UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, sent_at = $1, last_error = NULL WHERE id = $2")
                    .bind(now_ms())
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
            }
            Some(err) => {
                sqlx::query(
                    "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $1, \
                     status = CASE WHEN attempts + 1 >= $2 THEN 'failed' ELSE 'pending' END WHERE id = $3",
                )
                .bind(err)
                .bind(max_attempts)
                .bind(id)
                .execute(&self.pool)
                .await?;
            }
        }
        Ok(())
    }

    /// The delivery status of one mail.
    pub async fn mail_status(&self, id: i64) -> Result<String> {
        let row = sqlx::query("SELECT status FROM mail_outbox WHERE id = $1").bind(id).fetch_one(&self.pool).await?;
        Ok(row.try_get(0)?)
    }
}

impl Store {
    /// The owner of a usable reset token.
    pub async fn reset_token_owner(&self, token_hash: &str) -> Result<Option<String>> {
        let row = sqlx::query(
            "SELECT user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            Some(r) => Some(r.try_get(0)?),
            None => None,
        })
    }
}

pub use crate::platform::jobs::{ClaimedJob, EvaluationRow, JobRow, EVALUATE, EVALUATE_ATTEMPTS};

/// A user's balance, the sum of their ledger, read through `executor`: the pool, or a
/// transaction that must see its own writes (a start that spends, a grant that checks).
pub async fn ledger_balance<'e, E>(executor: E, user_id: &str) -> Result<i64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query("SELECT CAST(COALESCE(SUM(delta), 0) AS BIGINT) FROM credit_ledger WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(executor)
        .await?;
    Ok(row.try_get(0)?)
}
