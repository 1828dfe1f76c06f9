//! The admin pages' wire types.

use serde::{Deserialize, Serialize};

/// Usage summed over one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageLine {
    /// A day (YYYY-MM-DD, UTC) or "task · provider · model".
    pub key: String,
    pub calls: i64,
    pub cache_hits: i64,
    pub failures: i64,
    pub tokens_in: i64,
    pub tokens_out: i64,
    /// Estimated cost in millionths of a US dollar.
    pub cost_micros: i64,
    pub avg_latency_ms: i64,
}

/// The usage report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageReport {
    /// "built-in" or the configured provider.
    pub provider: String,
    pub days: u32,
    pub total: UsageLine,
    pub by_day: Vec<UsageLine>,
    pub by_model: Vec<UsageLine>,
}
