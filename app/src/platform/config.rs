//! Configuration: one typed struct, loaded once at start.
//!
//! Layers, later wins: built-in defaults (work on a fresh machine) → an optional TOML file
//! (`--config` / `SPARRING_CONFIG`) → `SPARRING_*` environment variables and command-line flags.
//! Every option is listed by `server --help`, grouped by section. Secrets (the database URL,
//! the SMTP URL, the AI key) are `SecretString`s: never logged, never in `Debug`, never
//! serialised, and their environment values are hidden in `--help`.
//!
//! # Sections and names
//!
//! The file has one table per section: `[server]`, `[database]`, `[accounts]`, `[site]`,
//! `[problems]`, `[executor]`, `[jobs]`, `[ai]` (with `[[ai.prices]]`) and `[mail]`, plus the
//! top-level `[[pricing]]` array of landing-page plans. `[voice]`, `[media]` and `[billing]`
//! come with those features. Every option has three names, one pattern each:
//!
//! - **flag**: `--NAME`, unique across sections (today's names, so scripts keep working);
//! - **environment**: `SPARRING_NAME`, the flag name upper-cased with `_` for `-`
//!   (`--piston-url` → `SPARRING_PISTON_URL`); `DATABASE_URL` is also accepted, below
//!   `SPARRING_DATABASE_URL`, as the conventional name of the database URL;
//! - **file**: `[section] key`, the flag name with `_` for `-`, minus the section's name when
//!   the flag starts with it (`--ai-provider` → `[ai] provider`, `--mail-from` → `[mail] from`,
//!   `--database-url` → `[database] url`, `--site-root` → `[site] root`); a flag that is the
//!   section's name is its `kind` or `enabled` (`--executor` → `[executor] kind`,
//!   `--jobs` → `[jobs] enabled`).
//!
//! Options that take one of a few words (`log_format`, `executor.kind`, `ai.provider`, the AI
//! tiers, `accounts.credits_mode`) are enums: clap and serde refuse anything else and list the
//! possible values. The remaining checks happen in [`Config::from_options`], whose errors name
//! the option as `section.key`.

use crate::platform::ai::config::{GatewayConfig, Price, ProviderConfig, ProviderKind, Tier};
use clap::Args;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::{convert::Infallible, fmt, net::SocketAddr, path::PathBuf, time::Duration};

/// Raw options as given by a file, the environment or flags. All optional; merged field by
/// field ([`Options::or`]) and then validated into [`Config`].
#[derive(Args, Deserialize, Default, Clone, Debug)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    #[command(flatten)]
    pub server: ServerOptions,
    #[command(flatten)]
    pub database: DatabaseOptions,
    #[command(flatten)]
    pub accounts: AccountsOptions,
    #[command(flatten)]
    pub site: SiteOptions,
    #[command(flatten)]
    pub problems: ProblemsOptions,
    #[command(flatten)]
    pub executor: ExecutorOptions,
    #[command(flatten)]
    pub jobs: JobsOptions,
    #[command(flatten)]
    pub ai: AiOptions,
    #[command(flatten)]
    pub mail: MailOptions,
    /// Pricing plans shown on the landing page (file only: `[[pricing]]` tables).
    #[arg(skip)]
    pub pricing: Option<Vec<Plan>>,
}

/// `[server]`: where and how this process listens and logs.
#[derive(Args, Deserialize, Default, Clone, Debug)]
#[serde(deny_unknown_fields)]
#[command(next_help_heading = "Server [server]")]
pub struct ServerOptions {
    /// Address to listen on, e.g. 127.0.0.1:3000 (port 0 picks a free port).
    #[arg(long, env = "SPARRING_ADDR")]
    pub addr: Option<String>,
    /// Public base URL users reach the app at (used in mail links; https turns on Secure cookies).
    #[arg(long, env = "SPARRING_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Trust X-Forwarded-For for the client IP (only behind a reverse proxy you run).
    #[arg(long, env = "SPARRING_TRUST_PROXY")]
    pub trust_proxy: Option<bool>,
    /// Directory for the SQLite database, media and other local state (created on first start).
    #[arg(long, env = "SPARRING_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Log filter in tracing's EnvFilter syntax, e.g. "info" or "server=debug,info".
    #[arg(long, env = "SPARRING_LOG")]
    pub log: Option<String>,
    /// Log output format.
    #[arg(long, env = "SPARRING_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
}

/// `[database]`: which database to use.
#[derive(Args, Deserialize, Default, Clone, Debug)]
#[serde(deny_unknown_fields)]
#[command(next_help_heading = "Database [database]")]
pub struct DatabaseOptions {
    /// Database URL: sqlite://PATH or postgres://USER:PASS@HOST/DB (secret). Default: SQLite in
    /// the data dir. DATABASE_URL is read too, below SPARRING_DATABASE_URL.
    #[arg(id = "database_url", value_name = "DATABASE_URL", long = "database-url", env = "SPARRING_DATABASE_URL", hide_env_values = true, value_parser = secret)]
    pub url: Option<SecretString>,
}

/// `[accounts]`: sign-up, credits, sign-in lifetime and throttles.
#[derive(Args, Deserialize, Default, Clone, Debug)]
#[serde(deny_unknown_fields)]
#[command(next_help_heading = "Accounts [accounts]")]
pub struct AccountsOptions {
    /// Credits granted to every new account.
    #[arg(long, env = "SPARRING_SIGNUP_CREDITS")]
    pub signup_credits: Option<i64>,
    /// Where practice credits come from.
    #[arg(long, env = "SPARRING_CREDITS_MODE", value_enum)]
    pub credits_mode: Option<CreditsMode>,
    /// Version of the Terms users accept at sign-up.
    #[arg(long, env = "SPARRING_TERMS_VERSION")]
    pub terms_version: Option<String>,
    /// How long a sign-in lasts without activity, in hours.
    #[arg(long, env = "SPARRING_SESSION_TTL_HOURS")]
    pub session_ttl_hours: Option<u64>,
    /// Sign-in attempts allowed per account per minute.
    #[arg(long, env = "SPARRING_SIGNIN_PER_ACCOUNT_PER_MINUTE")]
    pub signin_per_account_per_minute: Option<u32>,
    /// Sign-in (and sign-up / reset) attempts allowed per client IP per minute.
    #[arg(long, env = "SPARRING_SIGNIN_PER_IP_PER_MINUTE")]
    pub signin_per_ip_per_minute: Option<u32>,
}

/// `[site]`: the built site and what its pages link to.
#[derive(Args, Deserialize, Default, Clone, Debug)]
#[serde(deny_unknown_fields)]
#[command(next_help_heading = "Site [site]")]
pub struct SiteOptions {
    /// Directory of the built site (the app's /pkg files, Monaco, icons). Default: the
    /// LEPTOS_SITE_ROOT set by cargo-leptos, else target/site.
    #[arg(id = "site_root", value_name = "SITE_ROOT", long = "site-root", env = "SPARRING_SITE_ROOT")]
    pub root: Option<PathBuf>,
    /// Link to the source code shown in the footer.
    #[arg(long, env = "SPARRING_SOURCE_URL")]
    pub source_url: Option<String>,
}

/// `[problems]`: the problem bank.
#[derive(Args, Deserialize, Default, Clone, Debug)]
#[serde(deny_unknown_fields)]
#[command(next_help_heading = "Problems [problems]")]
pub struct ProblemsOptions {
    /// Problem bank imported (idempotently, versioned) at every start; "none" to skip.
    #[arg(id = "problems_dir", value_name = "PROBLEMS_DIR", long = "problems-dir", env = "SPARRING_PROBLEMS_DIR")]
    pub dir: Option<String>,
}

/// `[executor]`: where candidate code runs and how runs are shared.
#[derive(Args, Deserialize, Default, Clone, Debug)]
#[serde(deny_unknown_fields)]
#[command(next_help_heading = "Code execution [executor]")]
pub struct ExecutorOptions {
    /// Where candidate code runs.
    #[arg(id = "executor", value_name = "EXECUTOR", long = "executor", env = "SPARRING_EXECUTOR", value_enum)]
    pub kind: Option<ExecutorKind>,
    /// Base URL of the Piston execution API, e.g. http://piston:2000 (for --executor piston).
    #[arg(long, env = "SPARRING_PISTON_URL")]
    pub piston_url: Option<String>,
    /// Code runs and submissions allowed per user per minute.
    #[arg(long, env = "SPARRING_RUNS_PER_MINUTE")]
    pub runs_per_minute: Option<u32>,
    /// Code runs at once on this server (default: one per core); the rest wait their turn.
    #[arg(long, env = "SPARRING_SANDBOX_SLOTS")]
    pub sandbox_slots: Option<usize>,
    /// Runs of one user at once (default 1); a user's further runs wait behind other users'.
    #[arg(long, env = "SPARRING_RUNS_IN_FLIGHT_PER_USER")]
    pub runs_in_flight_per_user: Option<usize>,
    /// Seconds a run may wait for a free sandbox before it is refused (default 30).
    #[arg(long, env = "SPARRING_RUN_QUEUE_WAIT_SECS")]
    pub run_queue_wait_secs: Option<u64>,
    /// First host uid (and gid) of the sandbox's pool when the server runs as root (default
    /// 60000; the pool has two ids per slot and must belong to no one else).
    #[arg(long, env = "SPARRING_SANDBOX_UID")]
    pub sandbox_uid: Option<u32>,
    /// Parent cgroup of the runs, relative to /sys/fs/cgroup (default: "sparring" as root;
    /// the server's own delegated cgroup otherwise).
    #[arg(long, env = "SPARRING_SANDBOX_CGROUP")]
    pub sandbox_cgroup: Option<PathBuf>,
}

/// `[jobs]`: the background worker.
#[derive(Args, Deserialize, Default, Clone, Debug)]
#[serde(deny_unknown_fields)]
#[command(next_help_heading = "Background jobs [jobs]")]
pub struct JobsOptions {
    /// Run background jobs (evaluations) in this process (default true). Turn it off on some
    /// servers when several share one PostgreSQL database and others run the jobs.
    #[arg(id = "jobs", value_name = "JOBS", long = "jobs", env = "SPARRING_JOBS")]
    pub enabled: Option<bool>,
}

/// `[ai]`: the AI gateway behind the interviewer and the evaluator.
#[derive(Args, Deserialize, Default, Clone, Debug)]
#[serde(deny_unknown_fields)]
#[command(next_help_heading = "AI [ai]")]
pub struct AiOptions {
    /// Who runs the interviewer and evaluator (openai_compatible: Ollama, vLLM, llama.cpp… at
    /// --ai-base-url).
    #[arg(
        id = "ai_provider",
        value_name = "AI_PROVIDER",
        long = "ai-provider",
        env = "SPARRING_AI_PROVIDER",
        value_enum
    )]
    pub provider: Option<AiProvider>,
    /// The provider's API base URL including its version path (e.g. http://127.0.0.1:11434/v1/).
    #[arg(id = "ai_base_url", value_name = "AI_BASE_URL", long = "ai-base-url", env = "SPARRING_AI_BASE_URL")]
    pub base_url: Option<String>,
    /// The provider's API key (secret).
    #[arg(id = "ai_api_key", value_name = "AI_API_KEY", long = "ai-api-key", env = "SPARRING_AI_API_KEY", hide_env_values = true, value_parser = secret)]
    pub api_key: Option<SecretString>,
    /// Model of the fast tier (default: per provider).
    #[arg(id = "ai_model_fast", value_name = "AI_MODEL_FAST", long = "ai-model-fast", env = "SPARRING_AI_MODEL_FAST")]
    pub model_fast: Option<String>,
    /// Model of the balanced tier (default: per provider).
    #[arg(
        id = "ai_model_balanced",
        value_name = "AI_MODEL_BALANCED",
        long = "ai-model-balanced",
        env = "SPARRING_AI_MODEL_BALANCED"
    )]
    pub model_balanced: Option<String>,
    /// Model of the powerful tier (default: per provider).
    #[arg(
        id = "ai_model_powerful",
        value_name = "AI_MODEL_POWERFUL",
        long = "ai-model-powerful",
        env = "SPARRING_AI_MODEL_POWERFUL"
    )]
    pub model_powerful: Option<String>,
    /// Tier of the interviewer's replies (default balanced).
    #[arg(
        id = "ai_interviewer_tier",
        value_name = "AI_INTERVIEWER_TIER",
        long = "ai-interviewer-tier",
        env = "SPARRING_AI_INTERVIEWER_TIER",
        value_enum
    )]
    pub interviewer_tier: Option<AiTier>,
    /// Tier of evaluations (default powerful).
    #[arg(
        id = "ai_evaluator_tier",
        value_name = "AI_EVALUATOR_TIER",
        long = "ai-evaluator-tier",
        env = "SPARRING_AI_EVALUATOR_TIER",
        value_enum
    )]
    pub evaluator_tier: Option<AiTier>,
    /// Seconds one provider attempt may take (default 30).
    #[arg(
        id = "ai_timeout_secs",
        value_name = "AI_TIMEOUT_SECS",
        long = "ai-timeout-secs",
        env = "SPARRING_AI_TIMEOUT_SECS"
    )]
    pub timeout_secs: Option<u64>,
    /// Retries after a 429, a 5xx or a network error (default 3).
    #[arg(
        id = "ai_max_retries",
        value_name = "AI_MAX_RETRIES",
        long = "ai-max-retries",
        env = "SPARRING_AI_MAX_RETRIES"
    )]
    pub max_retries: Option<u32>,
    /// First wait between retries in milliseconds, doubling (default 1000); Retry-After wins.
    #[arg(id = "ai_backoff_ms", value_name = "AI_BACKOFF_MS", long = "ai-backoff-ms", env = "SPARRING_AI_BACKOFF_MS")]
    pub backoff_ms: Option<u64>,
    /// Tokens (in + out) each user may use per UTC day; unset = unlimited.
    #[arg(
        id = "ai_daily_tokens",
        value_name = "AI_DAILY_TOKENS",
        long = "ai-daily-tokens",
        env = "SPARRING_AI_DAILY_TOKENS"
    )]
    pub daily_tokens: Option<u64>,
    /// Tokens (in + out) each user may use per UTC month; unset = unlimited.
    #[arg(
        id = "ai_monthly_tokens",
        value_name = "AI_MONTHLY_TOKENS",
        long = "ai-monthly-tokens",
        env = "SPARRING_AI_MONTHLY_TOKENS"
    )]
    pub monthly_tokens: Option<u64>,
    /// Model prices for cost estimates (file only: `[[ai.prices]]` tables).
    #[arg(skip)]
    pub prices: Option<Vec<ModelPrice>>,
}

/// `[mail]`: outgoing mail.
#[derive(Args, Deserialize, Default, Clone, Debug)]
#[serde(deny_unknown_fields)]
#[command(next_help_heading = "Mail [mail]")]
pub struct MailOptions {
    /// SMTP relay URL (smtp://user:pass@host:587?tls=required or smtps://...; secret). Unset:
    /// mail stays in the outbox and the log.
    #[arg(long, env = "SPARRING_SMTP_URL", hide_env_values = true, value_parser = secret)]
    pub smtp_url: Option<SecretString>,
    /// Sender of outgoing mail, e.g. "Sparring <no-reply@example.com>".
    #[arg(id = "mail_from", value_name = "MAIL_FROM", long = "mail-from", env = "SPARRING_MAIL_FROM")]
    pub from: Option<String>,
}

/// Reads a secret flag or environment value; it stays wrapped from here on.
fn secret(raw: &str) -> Result<SecretString, Infallible> {
    Ok(SecretString::from(raw))
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// Human-readable lines (default).
    #[default]
    Pretty,
    /// One JSON object per event.
    Json,
}

/// Where practice credits come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreditsMode {
    /// Credits come from the sign-up grant and admin grants; an interview costs one (default).
    #[default]
    Granted,
    /// Practice never needs credits: starting an interview costs nothing.
    Unlimited,
}

impl CreditsMode {
    /// Whether starting an interview spends a credit.
    pub fn charges(self) -> bool {
        self == CreditsMode::Granted
    }
}

/// Where candidate code runs, as configured (the validated form is [`ExecutorConfig`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExecutorKind {
    /// The bubblewrap sandbox on this machine (default).
    #[default]
    Local,
    /// A Piston execution API at --piston-url.
    Piston,
}

/// Who runs the interviewer and the evaluator.
///
/// The configuration's own enum (the gateway's [`ProviderKind`] has no built-in engine and no
/// parsing), mapped onto the gateway's in [`ai_config`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AiProvider {
    /// The built-in engine: offline, deterministic, no key (default).
    #[default]
    Builtin,
    /// OpenAI Chat Completions.
    #[serde(rename = "openai")]
    #[value(name = "openai")]
    OpenAi,
    /// Anthropic Messages.
    Anthropic,
    /// Google Gemini.
    Gemini,
    /// Any server speaking OpenAI Chat Completions at --ai-base-url.
    #[serde(rename = "openai_compatible")]
    #[value(name = "openai_compatible")]
    OpenAiCompatible,
}

/// A model size/cost class, as configured; mapped onto the gateway's [`Tier`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AiTier {
    Fast,
    Balanced,
    Powerful,
}

impl From<AiTier> for Tier {
    fn from(tier: AiTier) -> Tier {
        match tier {
            AiTier::Fast => Tier::Fast,
            AiTier::Balanced => Tier::Balanced,
            AiTier::Powerful => Tier::Powerful,
        }
    }
}

/// The price of one model, in US dollars per million tokens.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ModelPrice {
    pub model: String,
    pub input_per_mtok_usd: f64,
    pub output_per_mtok_usd: f64,
}

/// Implements `or` for a section: fills every unset field of `self` from `lower`. Listing a
/// struct's fields here is checked by the compiler: a new field that is not merged fails to build.
macro_rules! merge {
    ($($section:ident { $($field:ident),* $(,)? })*) => {$(
        impl $section {
            /// Fills every unset field of `self` from `lower`.
            pub fn or(self, lower: $section) -> $section {
                $section { $($field: self.$field.or(lower.$field)),* }
            }
        }
    )*};
}

merge! {
    Options { server, database, accounts, site, problems, executor, jobs, ai, mail, pricing }
    ServerOptions { addr, public_url, trust_proxy, data_dir, log, log_format }
    DatabaseOptions { url }
    AccountsOptions {
        signup_credits, credits_mode, terms_version, session_ttl_hours, signin_per_account_per_minute,
        signin_per_ip_per_minute,
    }
    SiteOptions { root, source_url }
    ProblemsOptions { dir }
    ExecutorOptions {
        kind, piston_url, runs_per_minute, sandbox_slots, runs_in_flight_per_user, run_queue_wait_secs, sandbox_uid,
        sandbox_cgroup,
    }
    JobsOptions { enabled }
    AiOptions {
        provider, base_url, api_key, model_fast, model_balanced, model_powerful, interviewer_tier, evaluator_tier,
        timeout_secs, max_retries, backoff_ms, daily_tokens, monthly_tokens, prices,
    }
    MailOptions { smtp_url, from }
}

impl Options {
    /// Reads options from a TOML file.
    pub fn from_toml_file(path: &std::path::Path) -> Result<Options, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            option: "config".into(),
            problem: format!("cannot read {}: {e}", path.display()),
        })?;
        Options::from_toml(&text).map_err(|e| ConfigError {
            option: "config".into(),
            problem: format!("{} is not valid: {}", path.display(), e.problem),
        })
    }

    /// Reads options from TOML text; an unknown key or a bad value is refused with its place.
    pub fn from_toml(text: &str) -> Result<Options, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError { option: "config".into(), problem: e.to_string() })
    }

    /// The layer of conventional environment variable names that are not `SPARRING_*`, read
    /// through `var`: today `DATABASE_URL`. It sits below flags and `SPARRING_*` variables and
    /// above the file.
    pub fn from_conventional_env(var: impl Fn(&str) -> Option<String>) -> Options {
        let mut o = Options::default();
        o.database.url = var("DATABASE_URL").filter(|u| !u.trim().is_empty()).map(SecretString::from);
        o
    }
}

/// One pricing plan shown on the landing page.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub name: String,
    /// Display price, e.g. "$9".
    pub price: String,
    pub credits: u32,
    pub description: String,
}

/// A configuration value that is invalid; names the option (`section.key`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid configuration option `{option}`: {problem}")]
pub struct ConfigError {
    pub option: String,
    pub problem: String,
}

/// The gateway's configuration, or `None` for the built-in engine.
fn ai_config(o: &AiOptions) -> Result<Option<GatewayConfig>, ConfigError> {
    let kind = match o.provider.unwrap_or_default() {
        AiProvider::Builtin => return Ok(None),
        AiProvider::OpenAi => ProviderKind::OpenAi,
        AiProvider::Anthropic => ProviderKind::Anthropic,
        AiProvider::Gemini => ProviderKind::Gemini,
        AiProvider::OpenAiCompatible => ProviderKind::OpenAiCompatible,
    };
    let base_url = o.base_url.clone().filter(|u| !u.trim().is_empty());
    if let Some(u) = &base_url {
        if !(u.starts_with("http://") || u.starts_with("https://")) {
            return Err(bad("ai.base_url", "must start with http:// or https://"));
        }
    } else if kind == ProviderKind::OpenAiCompatible {
        return Err(bad("ai.base_url", "is required for openai_compatible"));
    }
    let api_key = o.api_key.clone().filter(|k| !k.expose_secret().trim().is_empty());
    if api_key.is_none() && kind != ProviderKind::OpenAiCompatible {
        return Err(bad("ai.api_key", format!("is required for {}", kind.as_str())));
    }
    let (fast, balanced, powerful) = match kind {
        ProviderKind::OpenAi => ("gpt-4.1-nano", "gpt-4.1-mini", "gpt-4.1"),
        ProviderKind::Anthropic => ("claude-3-5-haiku-latest", "claude-sonnet-4-0", "claude-opus-4-1"),
        ProviderKind::Gemini => ("gemini-2.5-flash-lite", "gemini-2.5-flash", "gemini-2.5-pro"),
        ProviderKind::OpenAiCompatible => ("", "", ""),
    };
    let model = |option: &str, set: &Option<String>, default: &str| -> Result<String, ConfigError> {
        match set.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
            Some(m) => Ok(m.to_string()),
            None if !default.is_empty() => Ok(default.to_string()),
            None => Err(bad(option, "is required for openai_compatible")),
        }
    };
    let balanced = model("ai.model_balanced", &o.model_balanced, balanced)?;
    let fast = model("ai.model_fast", &o.model_fast, fast).unwrap_or_else(|_| balanced.clone());
    let powerful = model("ai.model_powerful", &o.model_powerful, powerful).unwrap_or_else(|_| balanced.clone());
    let timeout = o.timeout_secs.unwrap_or(30);
    if !(1..=600).contains(&timeout) {
        return Err(bad("ai.timeout_secs", "must be between 1 and 600"));
    }
    let max_retries = o.max_retries.unwrap_or(3);
    if max_retries > 10 {
        return Err(bad("ai.max_retries", "must be at most 10"));
    }
    let backoff = o.backoff_ms.unwrap_or(1_000).clamp(1, 60_000);
    let mut prices = std::collections::HashMap::new();
    for p in o.prices.clone().unwrap_or_default() {
        if !(p.input_per_mtok_usd >= 0.0 && p.output_per_mtok_usd >= 0.0) {
            return Err(bad("ai.prices", format!("prices of {} must be zero or more", p.model)));
        }
        prices.insert(
            p.model,
            Price { input_per_mtok_usd: p.input_per_mtok_usd, output_per_mtok_usd: p.output_per_mtok_usd },
        );
    }
    Ok(Some(GatewayConfig {
        provider: ProviderConfig { kind, base_url, api_key, fast, balanced, powerful },
        interviewer_tier: o.interviewer_tier.unwrap_or(AiTier::Balanced).into(),
        evaluator_tier: o.evaluator_tier.unwrap_or(AiTier::Powerful).into(),
        interviewer_cache_ttl: Duration::from_secs(600),
        evaluator_cache_ttl: Duration::from_secs(86_400),
        timeout: Duration::from_secs(timeout),
        max_retries,
        backoff_base: Duration::from_millis(backoff),
        backoff_max: Duration::from_secs(60),
        daily_token_quota: o.daily_tokens,
        monthly_token_quota: o.monthly_tokens,
        prices,
    }))
}

fn bad(option: &str, problem: impl Into<String>) -> ConfigError {
    ConfigError { option: option.into(), problem: problem.into() }
}

/// Which database engine a URL selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

/// The validated configuration. Its fields stay flat (the handlers read them by name); the
/// sections are those of [`Options`], and validation errors name options as `section.key`.
#[derive(Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: SecretString,
    pub db_kind: DbKind,
    pub public_url: String,
    pub log_format: LogFormat,
    pub log: String,
    pub smtp_url: Option<SecretString>,
    pub mail_from: String,
    pub signup_credits: i64,
    /// Whether interviews cost credits.
    pub credits_mode: CreditsMode,
    pub terms_version: String,
    pub session_ttl: Duration,
    pub signin_per_account_per_minute: u32,
    pub signin_per_ip_per_minute: u32,
    pub trust_proxy: bool,
    pub source_url: String,
    pub pricing: Vec<Plan>,
    pub problems_dir: Option<PathBuf>,
    pub site_root: Option<PathBuf>,
    pub executor: ExecutorConfig,
    pub runs_per_minute: u32,
    /// The local sandbox and the fair queue in front of every executor.
    pub sandbox: SandboxConfig,
    /// Whether this process runs background jobs.
    pub jobs: bool,
    /// The AI provider behind the gateway; `None` is the built-in engine.
    pub ai: Option<GatewayConfig>,
}

/// How code runs are shared and confined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxConfig {
    pub slots: usize,
    pub per_user: usize,
    pub queue_wait: Duration,
    pub first_uid: u32,
    pub cgroup: Option<PathBuf>,
}

/// Where candidate code runs, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecutorConfig {
    /// The bubblewrap sandbox on this machine.
    Local,
    /// A Piston execution API at this base URL.
    Piston { url: String },
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("addr", &self.addr)
            .field("data_dir", &self.data_dir)
            .field("database_url", &"[redacted]")
            .field("db_kind", &self.db_kind)
            .field("public_url", &self.public_url)
            .field("log_format", &self.log_format)
            .field("log", &self.log)
            .field("smtp_url", &self.smtp_url.as_ref().map(|_| "[redacted]"))
            .field("mail_from", &self.mail_from)
            .field("signup_credits", &self.signup_credits)
            .field("credits_mode", &self.credits_mode)
            .field("terms_version", &self.terms_version)
            .field("session_ttl", &self.session_ttl)
            .field("signin_per_account_per_minute", &self.signin_per_account_per_minute)
            .field("signin_per_ip_per_minute", &self.signin_per_ip_per_minute)
            .field("trust_proxy", &self.trust_proxy)
            .field("source_url", &self.source_url)
            .field("pricing", &self.pricing)
            .field("problems_dir", &self.problems_dir)
            .field("site_root", &self.site_root)
            .field("executor", &self.executor)
            .field("runs_per_minute", &self.runs_per_minute)
            .field("sandbox", &self.sandbox)
            .field("jobs", &self.jobs)
            .field("ai", &self.ai)
            .finish()
    }
}

/// The plans shown when the configuration names none.
pub fn default_pricing() -> Vec<Plan> {
    vec![
        Plan {
            name: "Starter".into(),
            price: "Free".into(),
            credits: 3,
            description: "Three full mock interviews when you sign up. No card needed.".into(),
        },
        Plan {
            name: "Practice pack".into(),
            price: "$12".into(),
            credits: 10,
            description: "Ten mock interviews, each with rubric scores and a summary. Credits never expire.".into(),
        },
        Plan {
            name: "Self-hosted".into(),
            price: "$0".into(),
            credits: 0,
            description: "Run Sparring yourself from one binary and set how many credits each account gets.".into(),
        },
    ]
}

impl Config {
    /// Validates merged options into a configuration.
    pub fn from_options(o: Options) -> Result<Config, ConfigError> {
        let Options { server, database, accounts, site, problems, executor, jobs, ai, mail, pricing } = o;
        let ai = ai_config(&ai)?;
        let addr: SocketAddr = server
            .addr
            .as_deref()
            .unwrap_or("127.0.0.1:3000")
            .parse()
            .map_err(|_| bad("server.addr", "expected HOST:PORT with a numeric IP, e.g. 127.0.0.1:3000"))?;
        let data_dir = server.data_dir.unwrap_or_else(|| PathBuf::from("data"));
        if data_dir.as_os_str().is_empty() {
            return Err(bad("server.data_dir", "must not be empty"));
        }
        let database_url = match database.url.filter(|s| !s.expose_secret().trim().is_empty()) {
            Some(url) => url,
            None => SecretString::from(format!("sqlite://{}", data_dir.join("sparring.db").display())),
        };
        let url = database_url.expose_secret();
        let db_kind = if url.starts_with("sqlite:") {
            DbKind::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            DbKind::Postgres
        } else {
            return Err(bad("database.url", "must start with sqlite:// or postgres://"));
        };
        let public_url =
            server.public_url.unwrap_or_else(|| format!("http://{addr}")).trim_end_matches('/').to_string();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(bad("server.public_url", "must start with http:// or https://"));
        }
        let smtp_url = match mail.smtp_url.filter(|s| !s.expose_secret().trim().is_empty()) {
            None => None,
            Some(url) if url.expose_secret().starts_with("smtp://") || url.expose_secret().starts_with("smtps://") => {
                Some(url)
            }
            Some(_) => return Err(bad("mail.smtp_url", "must start with smtp:// or smtps://")),
        };
        let mail_from = mail.from.unwrap_or_else(|| "Sparring <no-reply@localhost>".into());
        if !mail_from.contains('@') {
            return Err(bad("mail.from", "must be an email address, optionally with a name"));
        }
        let signup_credits = accounts.signup_credits.unwrap_or(3);
        if !(0..=1000).contains(&signup_credits) {
            return Err(bad("accounts.signup_credits", "must be between 0 and 1000"));
        }
        let terms_version = accounts.terms_version.unwrap_or_else(|| "2026-11-01".into());
        if terms_version.trim().is_empty() {
            return Err(bad("accounts.terms_version", "must not be empty"));
        }
        let ttl_hours = accounts.session_ttl_hours.unwrap_or(24 * 14);
        if !(1..=24 * 365).contains(&ttl_hours) {
            return Err(bad("accounts.session_ttl_hours", "must be between 1 and 8760"));
        }
        let per_account = accounts.signin_per_account_per_minute.unwrap_or(5);
        let per_ip = accounts.signin_per_ip_per_minute.unwrap_or(30);
        if per_account == 0 {
            return Err(bad("accounts.signin_per_account_per_minute", "must be at least 1"));
        }
        if per_ip == 0 {
            return Err(bad("accounts.signin_per_ip_per_minute", "must be at least 1"));
        }
        let pricing = pricing.unwrap_or_else(default_pricing);
        let problems_dir = match problems.dir.as_deref().map(str::trim) {
            None | Some("") => Some(PathBuf::from("problems")),
            Some("none") => None,
            Some(dir) => Some(PathBuf::from(dir)),
        };
        let executor_kind = match executor.kind.unwrap_or_default() {
            ExecutorKind::Local => ExecutorConfig::Local,
            ExecutorKind::Piston => {
                let url = executor.piston_url.as_deref().map(|u| u.trim().trim_end_matches('/').to_string());
                match url {
                    Some(u) if u.starts_with("http://") || u.starts_with("https://") => {
                        ExecutorConfig::Piston { url: u }
                    }
                    _ => {
                        return Err(bad(
                            "executor.piston_url",
                            "executor = \"piston\" needs an http:// or https:// URL",
                        ))
                    }
                }
            }
        };
        let runs_per_minute = executor.runs_per_minute.unwrap_or(12);
        if !(1..=10_000).contains(&runs_per_minute) {
            return Err(bad("executor.runs_per_minute", "must be between 1 and 10000"));
        }
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        let slots = executor.sandbox_slots.unwrap_or(cores);
        if !(1..=1024).contains(&slots) {
            return Err(bad("executor.sandbox_slots", "must be between 1 and 1024"));
        }
        let per_user = executor.runs_in_flight_per_user.unwrap_or(1);
        if !(1..=1024).contains(&per_user) {
            return Err(bad("executor.runs_in_flight_per_user", "must be between 1 and 1024"));
        }
        let queue_wait = executor.run_queue_wait_secs.unwrap_or(30);
        if !(1..=3600).contains(&queue_wait) {
            return Err(bad("executor.run_queue_wait_secs", "must be between 1 and 3600"));
        }
        let first_uid = executor.sandbox_uid.unwrap_or(60_000);
        if first_uid < 1000 || first_uid.checked_add(2 * slots as u32).is_none_or(|end| end > 4_000_000_000) {
            return Err(bad("executor.sandbox_uid", "must be at least 1000, with room for two uids per slot"));
        }
        let cgroup = executor.sandbox_cgroup.filter(|p| !p.as_os_str().is_empty());
        if let Some(c) = &cgroup {
            if c.is_absolute() || c.components().any(|p| matches!(p, std::path::Component::ParentDir)) {
                return Err(bad(
                    "executor.sandbox_cgroup",
                    "must be a path relative to /sys/fs/cgroup, e.g. \"sparring\"",
                ));
            }
        }
        let sandbox = SandboxConfig { slots, per_user, queue_wait: Duration::from_secs(queue_wait), first_uid, cgroup };
        Ok(Config {
            addr,
            data_dir,
            database_url,
            db_kind,
            public_url,
            log_format: server.log_format.unwrap_or_default(),
            log: server.log.unwrap_or_else(|| "info".into()),
            smtp_url,
            mail_from,
            signup_credits,
            credits_mode: accounts.credits_mode.unwrap_or_default(),
            terms_version,
            session_ttl: Duration::from_secs(ttl_hours * 3600),
            signin_per_account_per_minute: per_account,
            signin_per_ip_per_minute: per_ip,
            trust_proxy: server.trust_proxy.unwrap_or(false),
            source_url: site.source_url.unwrap_or_else(|| "https://github.com/sparring-interviews/sparring".into()),
            pricing,
            problems_dir,
            site_root: site.root.filter(|p| !p.as_os_str().is_empty()),
            executor: executor_kind,
            runs_per_minute,
            sandbox,
            jobs: jobs.enabled.unwrap_or(true),
            ai,
        })
    }

    /// Whether cookies must carry the Secure flag.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The database URL, for the store to connect with.
    pub fn database_url(&self) -> &str {
        self.database_url.expose_secret()
    }
}

#[cfg(test)]
mod tests {
    use crate::platform::config::*;
    use clap::{CommandFactory, Parser};

    /// The command line's options alone, as `server` flattens them.
    #[derive(Parser)]
    struct Flags {
        #[command(flatten)]
        options: Options,
    }

    fn flags(args: &[&str]) -> Result<Options, clap::Error> {
        Flags::try_parse_from(std::iter::once("server").chain(args.iter().copied())).map(|f| f.options)
    }

    fn toml(text: &str) -> Options {
        Options::from_toml(text).unwrap()
    }

    #[test]
    fn defaults_work_without_any_input() {
        let c = Config::from_options(Options::default()).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.db_kind, DbKind::Sqlite);
        assert!(c.database_url().ends_with("data/sparring.db"));
        assert_eq!(c.signup_credits, 3);
        assert_eq!(c.credits_mode, CreditsMode::Granted);
        assert_eq!(c.log_format, LogFormat::Pretty);
        assert_eq!(c.executor, ExecutorConfig::Local);
        assert!(c.jobs);
        assert!(!c.secure_cookies());
    }

    #[test]
    fn invalid_values_name_the_option_by_section_and_key() {
        let with = |adjust: fn(&mut Options)| {
            let mut o = Options::default();
            adjust(&mut o);
            o
        };
        let cases = [
            (with(|o| o.server.addr = Some("localhost".into())), "server.addr"),
            (with(|o| o.server.public_url = Some("ftp://x".into())), "server.public_url"),
            (with(|o| o.database.url = Some("mysql://x".into())), "database.url"),
            (with(|o| o.mail.smtp_url = Some("http://x".into())), "mail.smtp_url"),
            (with(|o| o.mail.from = Some("nobody".into())), "mail.from"),
            (with(|o| o.accounts.signup_credits = Some(-1)), "accounts.signup_credits"),
            (with(|o| o.accounts.session_ttl_hours = Some(0)), "accounts.session_ttl_hours"),
            (with(|o| o.executor.kind = Some(ExecutorKind::Piston)), "executor.piston_url"),
            (with(|o| o.executor.runs_per_minute = Some(0)), "executor.runs_per_minute"),
            (with(|o| o.executor.sandbox_slots = Some(0)), "executor.sandbox_slots"),
            (with(|o| o.executor.runs_in_flight_per_user = Some(0)), "executor.runs_in_flight_per_user"),
            (with(|o| o.executor.run_queue_wait_secs = Some(0)), "executor.run_queue_wait_secs"),
            (with(|o| o.executor.sandbox_uid = Some(0)), "executor.sandbox_uid"),
            (with(|o| o.executor.sandbox_cgroup = Some("/sys/fs/cgroup/x".into())), "executor.sandbox_cgroup"),
            (with(|o| o.ai.provider = Some(AiProvider::OpenAi)), "ai.api_key"),
            (with(|o| o.ai.provider = Some(AiProvider::OpenAiCompatible)), "ai.base_url"),
            (
                with(|o| {
                    o.ai.provider = Some(AiProvider::OpenAiCompatible);
                    o.ai.base_url = Some("http://127.0.0.1:11434/v1/".into());
                }),
                "ai.model_balanced",
            ),
            (ai(|o| o.ai.base_url = Some("ftp://example.com/".into())), "ai.base_url"),
            (ai(|o| o.ai.timeout_secs = Some(0)), "ai.timeout_secs"),
            (ai(|o| o.ai.max_retries = Some(11)), "ai.max_retries"),
        ];
        for (opts, name) in cases {
            let err = Config::from_options(opts).unwrap_err();
            assert_eq!(err.option, name);
            assert!(err.to_string().contains(name));
        }
    }

    /// Valid OpenAI options, adjusted.
    fn ai(adjust: impl FnOnce(&mut Options)) -> Options {
        let mut o = Options::default();
        o.ai.provider = Some(AiProvider::OpenAi);
        o.ai.api_key = Some("sk-keysecret42".into());
        adjust(&mut o);
        o
    }

    #[test]
    fn a_provider_gets_default_models_and_tiers_and_builtin_needs_nothing() {
        assert!(Config::from_options(Options::default()).unwrap().ai.is_none());
        let c = Config::from_options(ai(|_| {})).unwrap();
        let g = c.ai.as_ref().unwrap();
        assert_eq!((g.provider.balanced.as_str(), g.provider.powerful.as_str()), ("gpt-4.1-mini", "gpt-4.1"));
        assert_eq!((g.interviewer_tier, g.evaluator_tier), (Tier::Balanced, Tier::Powerful));
        assert_eq!(g.provider.api_key.as_ref().map(|k| k.expose_secret()), Some("sk-keysecret42"));
        assert!(!format!("{c:?}").contains("sk-keysecret42"), "the key never shows in debug output");
        let c = Config::from_options(ai(|o| o.ai.interviewer_tier = Some(AiTier::Fast))).unwrap();
        assert_eq!(c.ai.unwrap().interviewer_tier, Tier::Fast);
    }

    #[test]
    fn secrets_never_appear_in_debug_output_of_options_or_config() {
        let o = toml(
            "[database]\nurl = \"postgres://u:hunter2secret@db/x\"\n\
             [mail]\nsmtp_url = \"smtp://u:mailpass99@mx\"\n\
             [ai]\nprovider = \"openai\"\napi_key = \"sk-keysecret42\"\n",
        );
        let flagged = flags(&["--database-url", "postgres://u:hunter2secret@db/x", "--ai-api-key", "sk-keysecret42"]);
        let c = Config::from_options(o.clone()).unwrap();
        for dbg in [format!("{o:?}"), format!("{:?}", flagged.unwrap()), format!("{c:?}"), format!("{c:#?}")] {
            for secret in ["hunter2secret", "mailpass99", "sk-keysecret42"] {
                assert!(!dbg.contains(secret), "{secret} shows in {dbg}");
            }
        }
        assert_eq!(c.db_kind, DbKind::Postgres);
        assert_eq!(c.database_url(), "postgres://u:hunter2secret@db/x");
    }

    #[test]
    fn secret_environment_values_are_hidden_in_help() {
        let cmd = Flags::command();
        for id in ["database_url", "smtp_url", "ai_api_key"] {
            let arg = cmd.get_arguments().find(|a| a.get_id() == id).unwrap();
            assert!(arg.is_hide_env_values_set(), "{id}");
        }
    }

    #[test]
    fn a_sectioned_toml_file_loads() {
        let o = toml(
            r#"
            [server]
            addr = "0.0.0.0:8080"
            public_url = "https://practice.example.com"
            log_format = "json"
            [database]
            url = "postgres://sparring:secret@127.0.0.1/sparring"
            [accounts]
            signup_credits = 5
            credits_mode = "unlimited"
            [site]
            source_url = "https://example.com/src"
            [problems]
            dir = "none"
            [executor]
            kind = "piston"
            piston_url = "http://piston:2000/"
            sandbox_slots = 2
            [jobs]
            enabled = false
            [ai]
            provider = "openai_compatible"
            base_url = "http://127.0.0.1:11434/v1/"
            model_balanced = "llama3"
            evaluator_tier = "balanced"
            [[ai.prices]]
            model = "llama3"
            input_per_mtok_usd = 0.0
            output_per_mtok_usd = 0.0
            [mail]
            from = "Practice <practice@example.com>"
            [[pricing]]
            name = "Team"
            price = "$99/month"
            credits = 200
            description = "For a team practising together."
            "#,
        );
        let c = Config::from_options(o).unwrap();
        assert_eq!(c.addr.port(), 8080);
        assert!(c.secure_cookies());
        assert_eq!(c.log_format, LogFormat::Json);
        assert_eq!(c.db_kind, DbKind::Postgres);
        assert_eq!((c.signup_credits, c.credits_mode), (5, CreditsMode::Unlimited));
        assert_eq!(c.source_url, "https://example.com/src");
        assert_eq!(c.problems_dir, None);
        assert_eq!(c.executor, ExecutorConfig::Piston { url: "http://piston:2000".into() });
        assert_eq!(c.sandbox.slots, 2);
        assert!(!c.jobs);
        let g = c.ai.unwrap();
        assert_eq!((g.provider.kind, g.provider.fast.as_str()), (ProviderKind::OpenAiCompatible, "llama3"));
        assert_eq!(g.evaluator_tier, Tier::Balanced);
        assert!(g.prices.contains_key("llama3"));
        assert_eq!(c.mail_from, "Practice <practice@example.com>");
        assert_eq!(c.pricing.len(), 1);
    }

    #[test]
    fn the_readme_example_file_loads() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
        let example = readme.split("Example `sparring.toml`").nth(1).unwrap();
        let example = example.split("```toml").nth(1).unwrap().split("```").next().unwrap();
        Config::from_options(toml(example)).unwrap();
    }

    #[test]
    fn an_unknown_key_in_a_section_is_refused_naming_it() {
        for (text, key) in [
            ("[server]\nadr = \"127.0.0.1:9\"\n", "adr"),
            ("[executor]\nai_provider = \"openai\"\n", "ai_provider"),
            ("[ai]\nprovider = \"openai\"\nsecret = \"x\"\n", "secret"),
            ("addr = \"127.0.0.1:9\"\n", "addr"),
            ("[sever]\naddr = \"127.0.0.1:9\"\n", "sever"),
        ] {
            let err = Options::from_toml(text).unwrap_err();
            assert_eq!(err.option, "config");
            assert!(err.problem.contains(&format!("unknown field `{key}`")), "{text}: {}", err.problem);
        }
        let dir = std::env::temp_dir().join(format!("sparring-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.toml");
        std::fs::write(&path, "[server]\nadr = \"x\"\n").unwrap();
        let err = Options::from_toml_file(&path).unwrap_err();
        assert!(err.to_string().contains("bad.toml") && err.to_string().contains("adr"), "{err}");
    }

    #[test]
    fn a_bad_enum_value_is_refused_listing_the_possible_values() {
        for (text, expected) in [
            ("[executor]\nkind = \"docker\"\n", ["`local`", "`piston`"]),
            ("[server]\nlog_format = \"xml\"\n", ["`pretty`", "`json`"]),
            ("[ai]\nprovider = \"gpt\"\n", ["`openai`", "`openai_compatible`"]),
            ("[ai]\ninterviewer_tier = \"huge\"\n", ["`fast`", "`powerful`"]),
            ("[accounts]\ncredits_mode = \"free\"\n", ["`granted`", "`unlimited`"]),
        ] {
            let err = Options::from_toml(text).unwrap_err();
            for value in expected {
                assert!(err.problem.contains(value), "{text}: {}", err.problem);
            }
        }
        for (args, expected) in [
            (["--executor", "docker"], "[possible values: local, piston]"),
            (["--log-format", "xml"], "[possible values: pretty, json]"),
            (["--ai-provider", "gpt"], "[possible values: builtin, openai, anthropic, gemini, openai_compatible]"),
            (["--ai-evaluator-tier", "huge"], "[possible values: fast, balanced, powerful]"),
            (["--credits-mode", "free"], "[possible values: granted, unlimited]"),
        ] {
            let err = flags(&args).map(|_| ()).unwrap_err().to_string();
            assert!(err.contains(expected), "{args:?}: {err}");
        }
        let o = flags(&["--executor", "piston", "--ai-provider", "openai_compatible", "--log-format", "json"]).unwrap();
        assert_eq!(
            (o.executor.kind, o.ai.provider, o.server.log_format),
            (Some(ExecutorKind::Piston), Some(AiProvider::OpenAiCompatible), Some(LogFormat::Json))
        );
    }

    #[test]
    fn flags_beat_the_file_which_beats_the_defaults_in_every_section() {
        let file = toml(
            "[server]\naddr = \"127.0.0.1:4000\"\nlog = \"debug\"\n\
             [database]\nurl = \"sqlite://file.db\"\n\
             [accounts]\nsignup_credits = 5\nterms_version = \"file\"\n\
             [site]\nsource_url = \"https://file.example\"\nroot = \"file-site\"\n\
             [problems]\ndir = \"file-problems\"\n\
             [executor]\nruns_per_minute = 20\nsandbox_slots = 3\n\
             [jobs]\nenabled = true\n\
             [ai]\nprovider = \"openai\"\napi_key = \"file-key\"\nmax_retries = 5\ntimeout_secs = 7\n\
             [mail]\nfrom = \"File <file@example.com>\"\nsmtp_url = \"smtp://file\"\n",
        );
        let flagged = flags(&[
            "--addr",
            "127.0.0.1:5000",
            "--database-url",
            "sqlite://flag.db",
            "--signup-credits",
            "7",
            "--source-url",
            "https://flag.example",
            "--problems-dir",
            "flag-problems",
            "--runs-per-minute",
            "30",
            "--jobs",
            "false",
            "--ai-max-retries",
            "1",
            "--mail-from",
            "Flag <flag@example.com>",
        ])
        .unwrap();
        let c = Config::from_options(flagged.or(file)).unwrap();
        // Set by flags: flags win.
        assert_eq!(c.addr.port(), 5000);
        assert_eq!(c.database_url(), "sqlite://flag.db");
        assert_eq!(c.signup_credits, 7);
        assert_eq!(c.source_url, "https://flag.example");
        assert_eq!(c.problems_dir, Some(PathBuf::from("flag-problems")));
        assert_eq!(c.runs_per_minute, 30);
        assert!(!c.jobs);
        assert_eq!(c.ai.as_ref().unwrap().max_retries, 1);
        assert_eq!(c.mail_from, "Flag <flag@example.com>");
        // Set by the file only: the file wins.
        assert_eq!(c.log, "debug");
        assert_eq!(c.terms_version, "file");
        assert_eq!(c.site_root, Some(PathBuf::from("file-site")));
        assert_eq!(c.sandbox.slots, 3);
        assert_eq!(c.ai.as_ref().unwrap().timeout, Duration::from_secs(7));
        assert!(c.smtp_url.is_some());
        // Set by neither: the defaults.
        assert_eq!(c.log_format, LogFormat::Pretty);
        assert_eq!(c.session_ttl, Duration::from_secs(14 * 24 * 3600));
        assert_eq!(c.sandbox.per_user, 1);
        assert_eq!(c.ai.as_ref().unwrap().backoff_base, Duration::from_secs(1));
        assert_eq!(c.credits_mode, CreditsMode::Granted);
    }

    #[test]
    fn database_url_is_read_below_the_sparring_variable_and_above_the_file() {
        let conventional = Options::from_conventional_env(|name| {
            (name == "DATABASE_URL").then(|| "postgres://u:p@conventional/db".to_string())
        });
        let file = toml("[database]\nurl = \"sqlite://file.db\"\n");
        let c = Config::from_options(Options::default().or(conventional.clone()).or(file.clone())).unwrap();
        assert_eq!(c.database_url(), "postgres://u:p@conventional/db");
        let sparring = flags(&["--database-url", "sqlite://sparring.db"]).unwrap();
        let c = Config::from_options(sparring.or(conventional).or(file)).unwrap();
        assert_eq!(c.database_url(), "sqlite://sparring.db");
        assert!(Options::from_conventional_env(|_| None).database.url.is_none());
    }

    #[test]
    fn every_option_has_a_flag_and_an_environment_variable_of_one_pattern() {
        let cmd = Flags::command();
        cmd.clone().debug_assert();
        let options: Vec<_> = cmd.get_arguments().filter(|a| a.get_long().is_some()).collect();
        assert!(options.len() >= 40, "{} options", options.len());
        for arg in options {
            let long = arg.get_long().unwrap();
            let env = arg.get_env().and_then(|e| e.to_str()).unwrap_or_default();
            assert_eq!(env, format!("SPARRING_{}", long.to_uppercase().replace('-', "_")), "--{long}");
            assert!(arg.get_help_heading().is_some(), "--{long} has a section heading");
            assert!(arg.get_help().is_some(), "--{long} has a help line");
        }
    }

    #[test]
    fn the_readme_table_lists_every_option() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
        for arg in Flags::command().get_arguments() {
            let Some(long) = arg.get_long() else { continue };
            let env = arg.get_env().and_then(|e| e.to_str()).unwrap_or_default();
            let row = readme.lines().find(|l| l.starts_with("| `") && l.contains(&format!("`--{long}`")));
            let row = row.unwrap_or_else(|| panic!("README has no row for --{long}"));
            assert!(row.contains(&format!("`{env}`")), "README's row for --{long} names {env}");
        }
    }
}
