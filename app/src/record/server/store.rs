//! Where the record is kept: the session row, its events and its snapshots.

use sqlx::{FromRow, Row};

use crate::domain::Language;
use crate::platform::store::{now_ms, Result, Store, StoreError};
use crate::record::SessionStatus;

/// A session read with its owner's id in the query: holding one proves whose it is.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct OwnedSession {
    pub id: String,
    pub user_id: String,
    pub problem_id: String,
    pub problem_slug: String,
    pub problem_version: i64,
    #[sqlx(try_from = "String")]
    pub language: Language,
    pub duration_minutes: i64,
    #[sqlx(try_from = "String")]
    pub status: SessionStatus,
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub deadline_at: Option<i64>,
    pub ended_at: Option<i64>,
}

/// The columns [`OwnedSession`] is read from (`s`: the session, `p`: its problem).
pub const SESSION_COLUMNS: &str = "s.id, s.user_id, s.problem_id, p.slug AS problem_slug, s.problem_version, \
     s.language, s.duration_minutes, s.status, s.created_at, s.started_at, s.deadline_at, s.ended_at";

/// One stored event, undecoded.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct EventRow {
    pub seq: i64,
    pub at: i64,
    pub kind: String,
    pub payload: String,
}

/// The latest snapshot: its event's sequence number, language and code.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct SnapshotRow {
    pub seq: i64,
    #[sqlx(try_from = "String")]
    pub language: Language,
    pub code: String,
}

impl Store {
    /// The owner's session by id (`None` for a missing session or someone else's).
    pub async fn owned_session(&self, id: &str, user_id: &str) -> Result<Option<OwnedSession>> {
        let row = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM interview_sessions s JOIN problems p ON p.id = s.problem_id \
             WHERE s.id = $1 AND s.user_id = $2"
        ))
        .bind(id)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(OwnedSession::from_row).transpose().map_err(StoreError::from)
    }

    /// Appends an event to a session's log and returns its sequence number.
    pub async fn append_event(&self, session_id: &str, kind: &str, payload: &str) -> Result<i64> {
        // The (session_id, seq) key turns a concurrent append into a retry, never a gap or a duplicate.
        for _ in 0..5 {
            let row = sqlx::query(
                "INSERT INTO session_events (session_id, seq, at, kind, payload) \
                 SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4 FROM session_events WHERE session_id = $1 \
                 RETURNING seq",
            )
            .bind(session_id)
            .bind(now_ms())
            .bind(kind)
            .bind(payload)
            .fetch_one(&self.pool)
            .await
            .map_err(StoreError::from);
            match row {
                Ok(r) => return Ok(r.try_get(0)?),
                Err(StoreError::Duplicate) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Duplicate)
    }

    /// The events after `after_seq`, in order.
    pub async fn events_after(&self, session_id: &str, after_seq: i64) -> Result<Vec<EventRow>> {
        let rows = sqlx::query(
            "SELECT seq, at, kind, payload FROM session_events WHERE session_id = $1 AND seq > $2 ORDER BY seq",
        )
        .bind(session_id)
        .bind(after_seq)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| EventRow::from_row(r).map_err(StoreError::from)).collect()
    }

    /// The last event's sequence number (0 when the log is empty).
    pub async fn last_event_seq(&self, session_id: &str) -> Result<i64> {
        let row = sqlx::query("SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM session_events WHERE session_id = $1")
            .bind(session_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get(0)?)
    }

    /// How many snapshots the browser asked for (automatic, manual, on leaving) in a session.
    pub async fn client_snapshot_count(&self, session_id: &str) -> Result<i64> {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM session_snapshots WHERE session_id = $1 AND kind IN ('auto', 'manual', 'leave')",
        )
        .bind(session_id)
        .fetch_one(&self.pool)
        .await
        .map_err(StoreError::from)
    }

    /// Saves a full copy of the code under the event `seq` that recorded it.
    pub async fn save_snapshot(
        &self,
        session_id: &str,
        seq: i64,
        kind: &str,
        language: &str,
        code: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO session_snapshots (session_id, seq, at, kind, language, code) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(session_id)
        .bind(seq)
        .bind(now_ms())
        .bind(kind)
        .bind(language)
        .bind(code)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// When the last snapshot of `kind` was taken.
    pub async fn last_snapshot_at(&self, session_id: &str, kind: &str) -> Result<Option<i64>> {
        let row = sqlx::query("SELECT MAX(at) FROM session_snapshots WHERE session_id = $1 AND kind = $2")
            .bind(session_id)
            .bind(kind)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<Option<i64>, _>(0)?)
    }

    /// The most recent snapshot with its event sequence number: (seq, language, code).
    pub async fn latest_snapshot(&self, session_id: &str) -> Result<Option<SnapshotRow>> {
        let row = sqlx::query(
            "SELECT seq, language, code FROM session_snapshots WHERE session_id = $1 ORDER BY seq DESC LIMIT 1",
        )
        .bind(session_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(SnapshotRow::from_row).transpose().map_err(StoreError::from)
    }

    /// The code of the most recent snapshot of one kind.
    pub async fn latest_snapshot_of_kind(&self, session_id: &str, kind: &str) -> Result<Option<String>> {
        let row = sqlx::query(
            "SELECT code FROM session_snapshots WHERE session_id = $1 AND kind = $2 ORDER BY seq DESC LIMIT 1",
        )
        .bind(session_id)
        .bind(kind)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| r.try_get(0).map_err(StoreError::from)).transpose()
    }

    /// Events of one kind after `after_seq`, in order.
    pub async fn events_of_kind_after(&self, session_id: &str, kind: &str, after_seq: i64) -> Result<Vec<EventRow>> {
        let rows = sqlx::query(
            "SELECT seq, at, kind, payload FROM session_events WHERE session_id = $1 AND kind = $2 AND seq > $3 \
             ORDER BY seq",
        )
        .bind(session_id)
        .bind(kind)
        .bind(after_seq)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| EventRow::from_row(r).map_err(StoreError::from)).collect()
    }

    /// Ends every active session whose deadline has passed (at its deadline, queueing its
    /// evaluation), and abandons sessions scheduled before `stale_before` that never opened.
    /// Returns the ids ended.
    pub async fn end_overdue_sessions(&self, now: i64, stale_before: i64) -> Result<Vec<(String, SessionStatus)>> {
        let mut ids = Vec::new();
        let mut tx = self.pool.begin().await?;
        // Only active sessions have a deadline; a scheduled one has not started its clock.
        let rows = sqlx::query(
            "UPDATE interview_sessions SET status = 'expired', end_reason = 'deadline', ended_at = deadline_at \
             WHERE status = 'active' AND deadline_at <= $1 RETURNING id, user_id",
        )
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
        for r in rows {
            let (id, user): (String, String) = (r.try_get(0)?, r.try_get(1)?);
            crate::platform::jobs::queue_evaluation(&mut tx, &id, &user, now).await?;
            ids.push((id, SessionStatus::Expired));
        }
        let rows = sqlx::query(
            "UPDATE interview_sessions SET status = 'abandoned', end_reason = 'never opened', ended_at = $1 \
             WHERE status = 'scheduled' AND created_at < $2 RETURNING id",
        )
        .bind(now)
        .bind(stale_before)
        .fetch_all(&mut *tx)
        .await?;
        for r in rows {
            ids.push((r.try_get(0)?, SessionStatus::Abandoned));
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// A session by id alone, for the server's own jobs (ending overdue sessions).
    pub async fn session_by_id(&self, id: &str) -> Result<Option<OwnedSession>> {
        let row = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM interview_sessions s JOIN problems p ON p.id = s.problem_id WHERE s.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(OwnedSession::from_row).transpose().map_err(StoreError::from)
    }

    /// Events of the given kinds, in order.
    pub async fn events_of_kinds(&self, session_id: &str, kinds: &[&str]) -> Result<Vec<EventRow>> {
        let marks: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT seq, at, kind, payload FROM session_events WHERE session_id = $1 AND kind IN ({}) ORDER BY seq",
            marks.join(", ")
        );
        let mut query = sqlx::query(&sql).bind(session_id);
        for kind in kinds {
            query = query.bind(*kind);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(|r| EventRow::from_row(r).map_err(StoreError::from)).collect()
    }

    /// Every snapshot of a session, oldest first: (event seq, language, code).
    pub async fn session_snapshots(&self, session_id: &str) -> Result<Vec<SnapshotRow>> {
        let rows = sqlx::query("SELECT seq, language, code FROM session_snapshots WHERE session_id = $1 ORDER BY seq")
            .bind(session_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| SnapshotRow::from_row(r).map_err(StoreError::from)).collect()
    }
}
