//! AI usage records: one per gateway call, summed for quotas and the admin's usage page.

use async_trait::async_trait;
use sqlx::Row;

use crate::platform::ai::config::ProviderKind;
use crate::platform::ai::gateway::Task;

use crate::platform::store::{now_ms, Result, Store};

/// One row of usage accounting, written once per call.
#[derive(Debug, Clone, PartialEq)]
pub struct UsageRecord {
    pub user_id: Option<String>,
    pub task: Task,
    pub provider: ProviderKind,
    pub model: String,
    /// Zero for cache hits and failures: nothing counted against the quota.
    pub tokens_in: u64,
    pub tokens_out: u64,
    pub cost_usd: f64,
    pub latency_ms: u64,
    pub cache_hit: bool,
    pub ok: bool,
    /// User-facing error text when `ok` is false.
    pub error: Option<String>,
}

/// Where usage records go and where quotas are read from.
#[async_trait]
pub trait UsageStore: Send + Sync {
    /// Stores one record.
    async fn record(&self, r: UsageRecord) -> anyhow::Result<()>;
    /// Tokens (in + out) used by `user_id` since `since_ms` (Unix epoch milliseconds).
    async fn tokens_used(&self, user_id: &str, since_ms: i64) -> anyhow::Result<u64>;
}

/// A usage record to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUsage<'a> {
    pub user_id: Option<&'a str>,
    pub task: &'a str,
    pub provider: &'a str,
    pub model: &'a str,
    pub tokens_in: i64,
    pub tokens_out: i64,
    pub cost_micros: i64,
    pub latency_ms: i64,
    pub cache_hit: bool,
    pub ok: bool,
    pub error: Option<&'a str>,
}

impl Store {
    /// Stores one usage record.
    pub async fn record_ai_usage(&self, u: &NewUsage<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO ai_usage (id, user_id, task, provider, model, tokens_in, tokens_out, cost_micros, \
             latency_ms, cache_hit, ok, error, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(u.user_id)
        .bind(u.task)
        .bind(u.provider)
        .bind(u.model)
        .bind(u.tokens_in)
        .bind(u.tokens_out)
        .bind(u.cost_micros)
        .bind(u.latency_ms)
        .bind(i64::from(u.cache_hit))
        .bind(i64::from(u.ok))
        .bind(u.error)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Tokens (in + out) a user's calls used since `since_ms`.
    pub async fn ai_tokens_used(&self, user_id: &str, since_ms: i64) -> Result<i64> {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(tokens_in + tokens_out), 0) AS BIGINT) FROM ai_usage \
             WHERE user_id = $1 AND created_at >= $2",
        )
        .bind(user_id)
        .bind(since_ms)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get(0)?)
    }
}

/// Usage records and quotas kept in the database.
pub struct StoreUsage(pub Store);

#[async_trait]
impl UsageStore for StoreUsage {
    async fn record(&self, r: UsageRecord) -> anyhow::Result<()> {
        let usage = NewUsage {
            user_id: r.user_id.as_deref(),
            task: r.task.as_str(),
            provider: r.provider.as_str(),
            model: &r.model,
            tokens_in: i64::try_from(r.tokens_in).unwrap_or(i64::MAX),
            tokens_out: i64::try_from(r.tokens_out).unwrap_or(i64::MAX),
            cost_micros: (r.cost_usd * 1e6).round() as i64,
            latency_ms: i64::try_from(r.latency_ms).unwrap_or(i64::MAX),
            cache_hit: r.cache_hit,
            ok: r.ok,
            error: r.error.as_deref(),
        };
        self.0.record_ai_usage(&usage).await?;
        Ok(())
    }

    async fn tokens_used(&self, user_id: &str, since_ms: i64) -> anyhow::Result<u64> {
        Ok(self.0.ai_tokens_used(user_id, since_ms).await?.max(0) as u64)
    }
}
