//! AI usage records: one per gateway call, summed for quotas and the admin's usage page.

use sqlx::Row;

use crate::admin::UsageLine;
use crate::platform::store::{classify, now_ms, Result, Store};

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

const TOTALS: &str = "CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(cache_hit), 0) AS BIGINT), \
     CAST(COALESCE(SUM(1 - ok), 0) AS BIGINT), CAST(COALESCE(SUM(tokens_in), 0) AS BIGINT), \
     CAST(COALESCE(SUM(tokens_out), 0) AS BIGINT), CAST(COALESCE(SUM(cost_micros), 0) AS BIGINT), \
     CAST(COALESCE(AVG(latency_ms), 0) AS BIGINT)";

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
        .await
        .map_err(classify)?;
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
        .await
        .map_err(classify)?;
        Ok(row.try_get(0)?)
    }

    /// Usage since `since_ms` by task and model, most expensive first.
    pub async fn ai_usage_by_model(&self, since_ms: i64) -> Result<Vec<UsageLine>> {
        let rows = sqlx::query(&format!(
            "SELECT task, provider, model, {TOTALS} FROM ai_usage WHERE created_at >= $1 \
             GROUP BY task, provider, model ORDER BY 9 DESC, 4 DESC"
        ))
        .bind(since_ms)
        .fetch_all(&self.pool)
        .await
        .map_err(classify)?;
        rows.iter()
            .map(|r| {
                let (task, provider, model): (String, String, String) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
                totals(format!("{task} · {provider} · {model}"), r, 3)
            })
            .collect()
    }

    /// Usage since `since_ms` by UTC day (YYYY-MM-DD), newest first.
    pub async fn ai_usage_by_day(&self, since_ms: i64) -> Result<Vec<UsageLine>> {
        let rows = sqlx::query(&format!(
            "SELECT CAST(created_at / 86400000 AS BIGINT) AS day, {TOTALS} FROM ai_usage WHERE created_at >= $1 \
             GROUP BY CAST(created_at / 86400000 AS BIGINT) ORDER BY 1 DESC"
        ))
        .bind(since_ms)
        .fetch_all(&self.pool)
        .await
        .map_err(classify)?;
        rows.iter()
            .map(|r| {
                let day: i64 = r.try_get(0)?;
                totals(crate::interview::pages::utc_date(day * 86_400_000), r, 1)
            })
            .collect()
    }
}

fn totals(key: String, r: &sqlx::any::AnyRow, from: usize) -> Result<UsageLine> {
    Ok(UsageLine {
        key,
        calls: r.try_get(from)?,
        cache_hits: r.try_get(from + 1)?,
        failures: r.try_get(from + 2)?,
        tokens_in: r.try_get(from + 3)?,
        tokens_out: r.try_get(from + 4)?,
        cost_micros: r.try_get(from + 5)?,
        avg_latency_ms: r.try_get(from + 6)?,
    })
}
