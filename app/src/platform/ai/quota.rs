//! Per-user token quotas: a day and a month, both starting at midnight UTC.

use time::OffsetDateTime;

use crate::platform::ai::config::GatewayConfig;
use crate::platform::ai::gateway::GatewayError;
use crate::platform::ai::usage::UsageStore;

/// Message shown when the daily token quota is used up.
pub const DAILY_QUOTA_MESSAGE: &str = "You've used today's AI allowance; it resets at midnight UTC.";

/// Message shown when the monthly token quota is used up.
pub const MONTHLY_QUOTA_MESSAGE: &str =
    "You've used this month's AI allowance; it resets on the 1st of next month at midnight UTC.";

/// Refuses when the user is at or over a configured quota. A store error lets the call through (logged).
pub(super) async fn check_quota(
    config: &GatewayConfig,
    usage: &dyn UsageStore,
    user_id: Option<&str>,
) -> Result<(), GatewayError> {
    let Some(user_id) = user_id else { return Ok(()) };
    let now = OffsetDateTime::now_utc();
    let windows = [
        (config.daily_token_quota, utc_day_start_ms(now), DAILY_QUOTA_MESSAGE),
        (config.monthly_token_quota, utc_month_start_ms(now), MONTHLY_QUOTA_MESSAGE),
    ];
    for (quota, since_ms, message) in windows {
        let Some(quota) = quota else { continue };
        match usage.tokens_used(user_id, since_ms).await {
            Ok(used) if used >= quota => {
                return Err(GatewayError::QuotaExceeded { message: message.to_owned() });
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "could not read AI usage; quota not enforced for this call"),
        }
    }
    Ok(())
}

/// Unix milliseconds of the most recent midnight UTC.
pub fn utc_day_start_ms(now: OffsetDateTime) -> i64 {
    let midnight = now.to_offset(time::UtcOffset::UTC).replace_time(time::Time::MIDNIGHT);
    midnight.unix_timestamp() * 1000
}

/// Unix milliseconds of midnight UTC on the 1st of the current month.
pub fn utc_month_start_ms(now: OffsetDateTime) -> i64 {
    let midnight = now.to_offset(time::UtcOffset::UTC).replace_time(time::Time::MIDNIGHT);
    let first = midnight.replace_day(1).unwrap_or(midnight);
    first.unix_timestamp() * 1000
}

#[cfg(test)]
mod tests {
    use crate::platform::ai::quota::*;

    #[test]
    fn quota_windows_start_at_utc_midnight() {
        let now = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap(); // 2023-11-14T22:13:20Z
        assert_eq!(utc_day_start_ms(now), 1_699_920_000_000); // 2023-11-14T00:00:00Z
        assert_eq!(utc_month_start_ms(now), 1_698_796_800_000); // 2023-11-01T00:00:00Z
        let shifted = now.to_offset(time::UtcOffset::from_hms(5, 0, 0).unwrap()); // 2023-11-15 03:13 +05:00
        assert_eq!(utc_day_start_ms(shifted), 1_699_920_000_000);
    }
}
