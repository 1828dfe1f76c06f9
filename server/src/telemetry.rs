//! Structured logs with `tracing`: human-readable by default, JSON when configured.

use app::platform::config::{Config, LogFormat};
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. Call once, before the application starts.
pub fn init(config: &Config) -> anyhow::Result<()> {
    let filter =
        EnvFilter::try_new(&config.log).map_err(|e| anyhow::anyhow!("invalid configuration option `log`: {e}"))?;
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(true);
    let result = match config.log_format {
        LogFormat::Json => builder.json().flatten_event(true).with_current_span(true).try_init(),
        LogFormat::Pretty => builder.compact().try_init(),
    };
    result.map_err(|e| anyhow::anyhow!("could not install the logger: {e}"))
}
