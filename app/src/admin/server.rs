//! The admin's server side: AI usage summed from the gateway's records.

use sqlx::Row;

use crate::admin::types::{UsageLine, UsageReport};
use crate::domain::error::AppError;
use crate::platform::context::internal;
use crate::platform::state::AppState;
use crate::platform::store::{now_ms, Result, Role, Store};

const TOTALS: &str = "CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(cache_hit), 0) AS BIGINT), \
     CAST(COALESCE(SUM(1 - ok), 0) AS BIGINT), CAST(COALESCE(SUM(tokens_in), 0) AS BIGINT), \
     CAST(COALESCE(SUM(tokens_out), 0) AS BIGINT), CAST(COALESCE(SUM(cost_micros), 0) AS BIGINT), \
     CAST(COALESCE(AVG(latency_ms), 0) AS BIGINT)";

impl Store {
    /// Usage since `since_ms` by task and model, most expensive first.
    pub async fn ai_usage_by_model(&self, since_ms: i64) -> Result<Vec<UsageLine>> {
        let rows = sqlx::query(&format!(
            "SELECT task, provider, model, {TOTALS} FROM ai_usage WHERE created_at >= $1 \
             GROUP BY task, provider, model ORDER BY 9 DESC, 4 DESC"
        ))
        .bind(since_ms)
        .fetch_all(&self.pool)
        .await?;
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
        .await?;
        rows.iter()
            .map(|r| {
                let day: i64 = r.try_get(0)?;
                totals(crate::domain::format::utc_date(day * 86_400_000), r, 1)
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

/// AI usage over the last `days` days, for an admin.
pub async fn usage_report(state: &AppState, user: &str, days: u32) -> std::result::Result<UsageReport, AppError> {
    let me = state.store.user_by_id(user).await.map_err(|e| internal("loading the user", e))?;
    if me.is_none_or(|u| u.role != Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let since = now_ms() - i64::from(days) * 86_400_000;
    let by_model = state.store.ai_usage_by_model(since).await.map_err(|e| internal("usage", e))?;
    let by_day = state.store.ai_usage_by_day(since).await.map_err(|e| internal("usage", e))?;
    let mut total = UsageLine {
        key: "total".into(),
        calls: 0,
        cache_hits: 0,
        failures: 0,
        tokens_in: 0,
        tokens_out: 0,
        cost_micros: 0,
        avg_latency_ms: 0,
    };
    let mut latency_sum = 0i64;
    for l in &by_model {
        total.calls += l.calls;
        total.cache_hits += l.cache_hits;
        total.failures += l.failures;
        total.tokens_in += l.tokens_in;
        total.tokens_out += l.tokens_out;
        total.cost_micros += l.cost_micros;
        latency_sum += l.avg_latency_ms * l.calls;
    }
    total.avg_latency_ms = if total.calls > 0 { latency_sum / total.calls } else { 0 };
    let provider = match &state.gateway {
        Some(g) => g.config().provider.kind.as_str().to_string(),
        None => "built-in (no provider configured)".to_string(),
    };
    Ok(UsageReport { provider, days, total, by_day, by_model })
}
