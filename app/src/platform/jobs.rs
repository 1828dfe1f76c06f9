//! The durable job queue and the evaluations it produces.

use sqlx::Row;

use crate::platform::store::{now_ms, Result, Store};

/// A job claimed by a worker.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedJob {
    pub id: String,
    pub kind: String,
    pub payload: String,
    /// Counting this one.
    pub attempts: i64,
    pub max_attempts: i64,
}

/// A job's state, for tests and the admin view.
#[derive(Debug, Clone, PartialEq)]
pub struct JobRow {
    pub id: String,
    pub status: String,
    pub attempts: i64,
    pub run_at: i64,
    pub last_error: Option<String>,
}

/// A stored evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct EvaluationRow {
    pub status: String,
    pub engine: Option<String>,
    pub result: Option<String>,
    pub error: Option<String>,
    pub updated_at: i64,
}

/// The job kind that evaluates an ended session; its key is this plus the session id.
pub const EVALUATE: &str = "evaluate";
/// Attempts an evaluation gets before it is marked failed.
pub const EVALUATE_ATTEMPTS: i64 = 5;

/// Creates the pending evaluation of a session that just ended and queues its job, inside the
/// transaction that ended it: an ended session always has its evaluation on the way.
pub(crate) async fn queue_evaluation(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    session_id: &str,
    user_id: &str,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO evaluations (session_id, user_id, status, created_at, updated_at) \
         VALUES ($1, $2, 'pending', $3, $3) ON CONFLICT (session_id) DO NOTHING",
    )
    .bind(session_id)
    .bind(user_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    insert_job(&mut **tx, EVALUATE, &format!("{EVALUATE}:{session_id}"), session_id, EVALUATE_ATTEMPTS, now).await?;
    Ok(())
}

/// Queues a job unless one with the same key exists; true when it was queued.
async fn insert_job<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    kind: &str,
    key: &str,
    payload: &str,
    max_attempts: i64,
    now: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO jobs (id, kind, dedupe_key, payload, status, attempts, max_attempts, run_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'queued', 0, $5, $6, $6, $6) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(kind)
    .bind(key)
    .bind(payload)
    .bind(max_attempts)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

impl Store {
    /// Queues a job unless one with the same key exists. Returns whether it was queued.
    pub async fn enqueue_job(&self, kind: &str, key: &str, payload: &str, max_attempts: i64) -> Result<bool> {
        insert_job(&self.pool, kind, key, payload, max_attempts, now_ms()).await
    }

    /// Claims the next due job for `lease_ms`: a queued one whose time has come, or a running
    /// one whose worker's lease ran out (it died or hung). Concurrent workers never claim the
    /// same job: the update re-checks the state it read.
    pub async fn claim_job(&self, now: i64, lease_ms: i64) -> Result<Option<ClaimedJob>> {
        let row = sqlx::query(
            "UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = $2, updated_at = $1 \
             WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' AND run_at <= $1) \
                 OR (status = 'running' AND locked_until < $1) ORDER BY run_at, id LIMIT 1) \
             AND ((status = 'queued' AND run_at <= $1) OR (status = 'running' AND locked_until < $1)) \
             RETURNING id, kind, payload, attempts, max_attempts",
        )
        .bind(now)
        .bind(now + lease_ms)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(ClaimedJob {
                id: r.try_get(0)?,
                kind: r.try_get(1)?,
                payload: r.try_get(2)?,
                attempts: r.try_get(3)?,
                max_attempts: r.try_get(4)?,
            })
        })
        .transpose()
    }

    /// Marks a claimed job done.
    pub async fn finish_job(&self, id: &str) -> Result<()> {
        sqlx::query(
            "UPDATE jobs SET status = 'done', locked_until = NULL, last_error = NULL, updated_at = $2 WHERE id = $1",
        )
        .bind(id)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records a failed attempt: queued again for `retry_at`, or failed for good when `None`.
    pub async fn fail_job(&self, id: &str, error: &str, retry_at: Option<i64>) -> Result<()> {
        let (status, run_at) = match retry_at {
            Some(at) => ("queued", at),
            None => ("failed", now_ms()),
        };
        sqlx::query(
            "UPDATE jobs SET status = $2, run_at = $3, locked_until = NULL, last_error = $4, updated_at = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(status)
        .bind(run_at)
        .bind(error)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The job with this key.
    pub async fn job_by_key(&self, key: &str) -> Result<Option<JobRow>> {
        let row = sqlx::query("SELECT id, status, attempts, run_at, last_error FROM jobs WHERE dedupe_key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(JobRow {
                id: r.try_get(0)?,
                status: r.try_get(1)?,
                attempts: r.try_get(2)?,
                run_at: r.try_get(3)?,
                last_error: r.try_get(4)?,
            })
        })
        .transpose()
    }

    /// Stores a finished evaluation.
    pub async fn complete_evaluation(
        &self,
        session_id: &str,
        engine: &str,
        overall: i64,
        recommendation: &str,
        result_json: &str,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE evaluations SET status = 'ready', engine = $2, overall = $3, recommendation = $4, result = $5, \
             error = NULL, updated_at = $6 WHERE session_id = $1",
        )
        .bind(session_id)
        .bind(engine)
        .bind(overall)
        .bind(recommendation)
        .bind(result_json)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Sets an evaluation's status (`pending` again for a retry, or `failed` with a reason).
    pub async fn set_evaluation_status(&self, session_id: &str, status: &str, error: Option<&str>) -> Result<()> {
        sqlx::query("UPDATE evaluations SET status = $2, error = $3, updated_at = $4 WHERE session_id = $1")
            .bind(session_id)
            .bind(status)
            .bind(error)
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The evaluation of the owner's session.
    pub async fn evaluation(&self, session_id: &str, user_id: &str) -> Result<Option<EvaluationRow>> {
        let row = sqlx::query(
            "SELECT status, engine, result, error, updated_at FROM evaluations WHERE session_id = $1 AND user_id = $2",
        )
        .bind(session_id)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(EvaluationRow {
                status: r.try_get(0)?,
                engine: r.try_get(1)?,
                result: r.try_get(2)?,
                error: r.try_get(3)?,
                updated_at: r.try_get(4)?,
            })
        })
        .transpose()
    }

    /// The owner of an evaluation's session (jobs run without a signed-in user).
    pub async fn evaluation_owner(&self, session_id: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT user_id FROM evaluations WHERE session_id = $1")
            .bind(session_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| r.try_get(0).map_err(Into::into)).transpose()
    }

    /// Queues the evaluation of the owner's ended session: a new one, or a failed one again.
    /// Returns false when it is already pending or done.
    pub async fn request_evaluation(&self, session_id: &str, user_id: &str) -> Result<bool> {
        let mut tx = self.pool.begin().await?;
        let now = now_ms();
        let retried = sqlx::query(
            "UPDATE evaluations SET status = 'pending', error = NULL, updated_at = $3 \
             WHERE session_id = $1 AND user_id = $2 AND status = 'failed'",
        )
        .bind(session_id)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        let existing = sqlx::query("SELECT status FROM evaluations WHERE session_id = $1 AND user_id = $2")
            .bind(session_id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
        let fresh = existing.is_none();
        if fresh {
            queue_evaluation(&mut tx, session_id, user_id, now).await?;
        }
        if retried {
            sqlx::query(
                "UPDATE jobs SET status = 'queued', attempts = 0, run_at = $2, last_error = NULL, updated_at = $2 \
                 WHERE dedupe_key = $1",
            )
            .bind(format!("{EVALUATE}:{session_id}"))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(fresh || retried)
    }
}
