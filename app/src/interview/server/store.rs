//! Interview sessions as the lifecycle changes them (create, activate, end), history, and
//! realtime tokens. The record itself (events, snapshots) is kept by `crate::record`.

use sqlx::Row;

use crate::interview::types::SessionStatus;
use crate::platform::store::{now_ms, Result, Store, StoreError};

/// Why a session could not be started.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The user already has an open session (its id).
    #[error("an interview is already open")]
    AlreadyOpen(Option<String>),
    /// The balance is zero.
    #[error("no credits left")]
    NoCredits,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Classified as storage errors are, so that `?` works on driver calls too.
impl From<sqlx::Error> for StartError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.into())
    }
}

/// What a new session is created with.
pub struct NewSession<'a> {
    pub user_id: &'a str,
    pub problem_id: &'a str,
    pub problem_version: i64,
    pub language: &'a str,
    pub duration_minutes: i64,
    /// Whether starting spends a credit (false when practice is unlimited).
    pub charge: bool,
}

/// One row of a user's history, with its problem and last submission.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    pub id: String,
    pub title: String,
    pub difficulty: String,
    pub language: String,
    pub status: String,
    pub created_at: i64,
    pub duration_minutes: i64,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub passed: Option<i64>,
    pub total: Option<i64>,
    pub evaluation_status: Option<String>,
    pub overall: Option<i64>,
}

impl Store {
    /// Creates a scheduled session and (when `charge`) spends one credit for it, in one transaction. At most
    /// one open session per user exists (a partial unique index), so concurrent starts create
    /// exactly one; the first statement is the insert, so SQLite takes its write lock before
    /// reading anything.
    pub async fn create_session(&self, new: NewSession<'_>) -> std::result::Result<String, StartError> {
        let id = uuid::Uuid::new_v4().to_string();
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO interview_sessions (id, user_id, problem_id, problem_version, language, duration_minutes, \
             status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'scheduled', $7)",
        )
        .bind(&id)
        .bind(new.user_id)
        .bind(new.problem_id)
        .bind(new.problem_version)
        .bind(new.language)
        .bind(new.duration_minutes)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from);
        match inserted {
            Ok(_) => {}
            Err(StoreError::Duplicate) => {
                drop(tx);
                return Err(StartError::AlreadyOpen(self.open_session_of(new.user_id).await?));
            }
            Err(e) => return Err(e.into()),
        }
        if !new.charge {
            tx.commit().await?;
            return Ok(id);
        }
        // Locks the user's row (on PostgreSQL), as a grant does, so that a correction taking
        // credits back and this start cannot both read the old balance.
        sqlx::query("UPDATE users SET updated_at = updated_at WHERE id = $1")
            .bind(new.user_id)
            .execute(&mut *tx)
            .await?;
        let balance = crate::platform::store::ledger_balance(&mut *tx, new.user_id).await?;
        if balance < 1 {
            return Err(StartError::NoCredits);
        }
        sqlx::query(
            "INSERT INTO credit_ledger (user_id, delta, reason, reference, created_at) VALUES ($1, -1, 'interview', $2, $3)",
        )
        .bind(new.user_id)
        .bind(&id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The user's open session, if any.
    pub async fn open_session_of(&self, user_id: &str) -> Result<Option<String>> {
        let row =
            sqlx::query("SELECT id FROM interview_sessions WHERE user_id = $1 AND status IN ('scheduled', 'active')")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|r| r.try_get(0).map_err(StoreError::from)).transpose()
    }

    /// Starts the clock of the owner's scheduled session. False when it was not scheduled.
    pub async fn activate_session(&self, id: &str, user_id: &str, now: i64, deadline: i64) -> Result<bool> {
        let Some(from) = SessionStatus::sources_sql(SessionStatus::Active) else { return Ok(false) };
        let done = sqlx::query(&format!(
            "UPDATE interview_sessions SET status = 'active', started_at = $1, deadline_at = $2 \
             WHERE id = $3 AND user_id = $4 AND status IN {from}"
        ))
        .bind(now)
        .bind(deadline)
        .bind(id)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Ends the owner's open session with a final status. False when it had already ended (or
    /// `status` is not one a session can end in).
    pub async fn end_session(
        &self,
        id: &str,
        user_id: &str,
        status: SessionStatus,
        reason: &str,
        at: i64,
    ) -> Result<bool> {
        let Some(from) = SessionStatus::sources_sql(status).filter(|_| !status.is_open()) else { return Ok(false) };
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(&format!(
            "UPDATE interview_sessions SET status = $1, end_reason = $2, ended_at = $3 \
             WHERE id = $4 AND user_id = $5 AND status IN {from}"
        ))
        .bind(status.code())
        .bind(reason)
        .bind(at)
        .bind(id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        let ended = done.rows_affected() == 1;
        if ended && matches!(status, SessionStatus::Completed | SessionStatus::Expired) {
            crate::platform::jobs::queue_evaluation(&mut tx, id, user_id, at).await?;
        }
        tx.commit().await?;
        Ok(ended)
    }

    /// One page of a user's sessions, newest first, with each problem and last submission,
    /// in one query. `before` is the (created_at, id) of the last row of the previous page.
    pub async fn session_history(
        &self,
        user_id: &str,
        before: Option<(i64, &str)>,
        limit: i64,
    ) -> Result<Vec<HistoryRow>> {
        let (before_at, before_id) = before.map(|(a, i)| (Some(a), Some(i))).unwrap_or((None, None));
        let rows = sqlx::query(
            "SELECT s.id, p.title, p.difficulty, s.language, s.status, s.created_at, s.duration_minutes, \
             s.started_at, s.ended_at, r.passed, r.total, e.status, e.overall \
             FROM interview_sessions s JOIN problems p ON p.id = s.problem_id \
             LEFT JOIN evaluations e ON e.session_id = s.id \
             LEFT JOIN code_runs r ON r.id = (SELECT r2.id FROM code_runs r2 WHERE r2.session_id = s.id \
               AND r2.kind = 'submit' ORDER BY r2.created_at DESC, r2.id DESC LIMIT 1) \
             WHERE s.user_id = $1 AND ($2 IS NULL OR s.created_at < $2 OR (s.created_at = $2 AND s.id < $3)) \
             ORDER BY s.created_at DESC, s.id DESC LIMIT $4",
        )
        .bind(user_id)
        .bind(before_at)
        .bind(before_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(HistoryRow {
                    id: r.try_get(0)?,
                    title: r.try_get(1)?,
                    difficulty: r.try_get(2)?,
                    language: r.try_get(3)?,
                    status: r.try_get(4)?,
                    created_at: r.try_get(5)?,
                    duration_minutes: r.try_get(6)?,
                    started_at: r.try_get(7)?,
                    ended_at: r.try_get(8)?,
                    passed: r.try_get(9)?,
                    total: r.try_get(10)?,
                    evaluation_status: r.try_get(11)?,
                    overall: r.try_get(12)?,
                })
            })
            .collect()
    }

    /// How many interviews a user has.
    pub async fn interview_count(&self, user_id: &str) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) FROM interview_sessions WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get(0)?)
    }

    /// Adds ended interviews to a user's history in one transaction, for trying out and
    /// measuring long histories (`server seed-history`). Each is (problem id, version,
    /// language, duration, status, created at).
    pub async fn insert_past_sessions(
        &self,
        user_id: &str,
        sessions: &[(String, i64, &str, i64, &str, i64)],
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for (problem_id, version, language, minutes, status, created_at) in sessions {
            let ended = created_at + minutes * 60_000;
            sqlx::query(
                "INSERT INTO interview_sessions (id, user_id, problem_id, problem_version, language, duration_minutes, \
                 status, created_at, started_at, deadline_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $9)",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(user_id)
            .bind(problem_id)
            .bind(version)
            .bind(*language)
            .bind(minutes)
            .bind(*status)
            .bind(created_at)
            .bind(ended)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Stores a realtime token's hash for a session's owner.
    pub async fn create_realtime_token(
        &self,
        hash: &str,
        session_id: &str,
        user_id: &str,
        expires_at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO realtime_tokens (token_hash, session_id, user_id, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(hash)
        .bind(session_id)
        .bind(user_id)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Uses up `user`'s unexpired token and returns its session. Another user's token is not
    /// found, and stays usable by its owner.
    pub async fn consume_realtime_token(&self, hash: &str, user_id: &str) -> Result<Option<String>> {
        let now = now_ms();
        let row = sqlx::query(
            "UPDATE realtime_tokens SET used_at = $1 WHERE token_hash = $2 AND user_id = $3 AND used_at IS NULL \
             AND expires_at > $1 RETURNING session_id",
        )
        .bind(now)
        .bind(hash)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| r.try_get(0)).transpose().map_err(Into::into)
    }

    /// Removes used and expired realtime tokens; returns how many.
    pub async fn purge_realtime_tokens(&self) -> Result<u64> {
        let done = sqlx::query("DELETE FROM realtime_tokens WHERE used_at IS NOT NULL OR expires_at <= $1")
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
