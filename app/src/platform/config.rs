//! Configuration: one typed struct, loaded once at start.
//!
//! Layers, later wins: built-in defaults (work on a fresh machine) → an optional TOML file
//! (`--config` / `SPARRING_CONFIG`) → `SPARRING_*` environment variables and command-line flags.
//! Every option is listed by `server --help`. Secrets are `SecretString`s: never logged, never
//! in `Debug`, never serialised.

use crate::platform::ai::config::{GatewayConfig, Price, ProviderConfig, ProviderKind, Tier};
use clap::Args;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::{fmt, net::SocketAddr, path::PathBuf, time::Duration};

/// Raw options as given by a file, the environment or flags. All optional; merged field by
/// field and then validated into [`Config`].
#[derive(Args, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Address to listen on, e.g. 127.0.0.1:3000 (port 0 picks a free port).
    #[arg(long, env = "SPARRING_ADDR")]
    pub addr: Option<String>,
    /// Directory for the SQLite database, media and other local state (created on first start).
    #[arg(long, env = "SPARRING_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Database URL: sqlite://PATH or postgres://USER:PASS@HOST/DB. Default: SQLite in the data dir.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Public base URL users reach the app at (used in mail links; https turns on Secure cookies).
    #[arg(long, env = "SPARRING_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Log output: "pretty" or "json".
    #[arg(long, env = "SPARRING_LOG_FORMAT")]
    pub log_format: Option<String>,
    /// Log filter in tracing's EnvFilter syntax, e.g. "info" or "server=debug,info".
    #[arg(long, env = "SPARRING_LOG")]
    pub log: Option<String>,
    /// SMTP relay URL (smtp://user:pass@host:587?tls=required or smtps://...). Unset: mail stays in the outbox and the log.
    #[arg(long, env = "SPARRING_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender of outgoing mail, e.g. "Sparring <no-reply@example.com>".
    #[arg(long, env = "SPARRING_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Credits granted to every new account.
    #[arg(long, env = "SPARRING_SIGNUP_CREDITS")]
    pub signup_credits: Option<i64>,
    /// Where practice credits come from: "granted" (default: the sign-up grant and admin
    /// grants; an interview costs one) or "unlimited" (interviews cost nothing).
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
    /// Trust X-Forwarded-For for the client IP (only behind a reverse proxy you run).
    #[arg(long, env = "SPARRING_TRUST_PROXY")]
    pub trust_proxy: Option<bool>,
    /// Link to the source code shown in the footer.
    #[arg(long, env = "SPARRING_SOURCE_URL")]
    pub source_url: Option<String>,
    /// Pricing plans shown on the landing page (TOML file only: [[pricing]] tables).
    #[arg(skip)]
    pub pricing: Option<Vec<Plan>>,
    /// Problem bank imported (idempotently, versioned) at every start; "none" to skip.
    #[arg(long, env = "SPARRING_PROBLEMS_DIR")]
    pub problems_dir: Option<String>,
    /// Directory of the built site (the app's /pkg files, Monaco, icons). Default: the
    /// LEPTOS_SITE_ROOT set by cargo-leptos, else target/site.
    #[arg(long, env = "SPARRING_SITE_ROOT")]
    pub site_root: Option<PathBuf>,
    /// Where candidate code runs: "local" (bubblewrap sandbox) or "piston" (a Piston API).
    #[arg(long, env = "SPARRING_EXECUTOR")]
    pub executor: Option<String>,
    /// Base URL of the Piston execution API, e.g. http://piston:2000 (for executor = piston).
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
    /// Run background jobs (evaluations) in this process (default true). Turn it off on some
    /// servers when several share one PostgreSQL database and others run the jobs.
    #[arg(long, env = "SPARRING_JOBS")]
    pub jobs: Option<bool>,
    /// Who runs the interviewer and evaluator: "builtin" (default, offline), "openai",
    /// "anthropic", "gemini" or "openai_compatible" (Ollama, vLLM, llama.cpp… at ai_base_url).
    #[arg(long, env = "SPARRING_AI_PROVIDER")]
    pub ai_provider: Option<String>,
    /// The provider's API base URL including its version path (e.g. http://127.0.0.1:11434/v1/).
    #[arg(long, env = "SPARRING_AI_BASE_URL")]
    pub ai_base_url: Option<String>,
    /// The provider's API key (secret).
    #[arg(long, env = "SPARRING_AI_API_KEY")]
    pub ai_api_key: Option<String>,
    /// Model names of the three tiers.
    #[arg(long, env = "SPARRING_AI_MODEL_FAST")]
    pub ai_model_fast: Option<String>,
    #[arg(long, env = "SPARRING_AI_MODEL_BALANCED")]
    pub ai_model_balanced: Option<String>,
    #[arg(long, env = "SPARRING_AI_MODEL_POWERFUL")]
    pub ai_model_powerful: Option<String>,
    /// Tier of the interviewer's replies ("fast", "balanced", "powerful"; default balanced).
    #[arg(long, env = "SPARRING_AI_INTERVIEWER_TIER")]
    pub ai_interviewer_tier: Option<String>,
    /// Tier of evaluations (default powerful).
    #[arg(long, env = "SPARRING_AI_EVALUATOR_TIER")]
    pub ai_evaluator_tier: Option<String>,
    /// Seconds one provider attempt may take (default 30).
    #[arg(long, env = "SPARRING_AI_TIMEOUT_SECS")]
    pub ai_timeout_secs: Option<u64>,
    /// Retries after a 429, a 5xx or a network error (default 3).
    #[arg(long, env = "SPARRING_AI_MAX_RETRIES")]
    pub ai_max_retries: Option<u32>,
    /// First wait between retries in milliseconds, doubling (default 1000); Retry-After wins.
    #[arg(long, env = "SPARRING_AI_BACKOFF_MS")]
    pub ai_backoff_ms: Option<u64>,
    /// Tokens (in + out) each user may use per UTC day / month; unset = unlimited.
    #[arg(long, env = "SPARRING_AI_DAILY_TOKENS")]
    pub ai_daily_tokens: Option<u64>,
    #[arg(long, env = "SPARRING_AI_MONTHLY_TOKENS")]
    pub ai_monthly_tokens: Option<u64>,
    /// Model prices for cost estimates (TOML file only: [[ai_prices]] tables).
    #[arg(skip)]
    pub ai_prices: Option<Vec<ModelPrice>>,
}

/// Where practice credits come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CreditsMode {
    /// Credits come from the sign-up grant and admin grants; an interview costs one.
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

/// The price of one model, in US dollars per million tokens.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ModelPrice {
    pub model: String,
    pub input_per_mtok_usd: f64,
    pub output_per_mtok_usd: f64,
}

impl Options {
    /// Fills every unset field of `self` from `lower`.
    pub fn or(self, lower: Options) -> Options {
        Options {
            addr: self.addr.or(lower.addr),
            data_dir: self.data_dir.or(lower.data_dir),
            database_url: self.database_url.or(lower.database_url),
            public_url: self.public_url.or(lower.public_url),
            log_format: self.log_format.or(lower.log_format),
            log: self.log.or(lower.log),
            smtp_url: self.smtp_url.or(lower.smtp_url),
            mail_from: self.mail_from.or(lower.mail_from),
            signup_credits: self.signup_credits.or(lower.signup_credits),
            credits_mode: self.credits_mode.or(lower.credits_mode),
            terms_version: self.terms_version.or(lower.terms_version),
            session_ttl_hours: self.session_ttl_hours.or(lower.session_ttl_hours),
            signin_per_account_per_minute: self.signin_per_account_per_minute.or(lower.signin_per_account_per_minute),
            signin_per_ip_per_minute: self.signin_per_ip_per_minute.or(lower.signin_per_ip_per_minute),
            trust_proxy: self.trust_proxy.or(lower.trust_proxy),
            source_url: self.source_url.or(lower.source_url),
            pricing: self.pricing.or(lower.pricing),
            problems_dir: self.problems_dir.or(lower.problems_dir),
            site_root: self.site_root.or(lower.site_root),
            executor: self.executor.or(lower.executor),
            piston_url: self.piston_url.or(lower.piston_url),
            runs_per_minute: self.runs_per_minute.or(lower.runs_per_minute),
            sandbox_slots: self.sandbox_slots.or(lower.sandbox_slots),
            runs_in_flight_per_user: self.runs_in_flight_per_user.or(lower.runs_in_flight_per_user),
            run_queue_wait_secs: self.run_queue_wait_secs.or(lower.run_queue_wait_secs),
            sandbox_uid: self.sandbox_uid.or(lower.sandbox_uid),
            sandbox_cgroup: self.sandbox_cgroup.or(lower.sandbox_cgroup),
            jobs: self.jobs.or(lower.jobs),
            ai_provider: self.ai_provider.or(lower.ai_provider),
            ai_base_url: self.ai_base_url.or(lower.ai_base_url),
            ai_api_key: self.ai_api_key.or(lower.ai_api_key),
            ai_model_fast: self.ai_model_fast.or(lower.ai_model_fast),
            ai_model_balanced: self.ai_model_balanced.or(lower.ai_model_balanced),
            ai_model_powerful: self.ai_model_powerful.or(lower.ai_model_powerful),
            ai_interviewer_tier: self.ai_interviewer_tier.or(lower.ai_interviewer_tier),
            ai_evaluator_tier: self.ai_evaluator_tier.or(lower.ai_evaluator_tier),
            ai_timeout_secs: self.ai_timeout_secs.or(lower.ai_timeout_secs),
            ai_max_retries: self.ai_max_retries.or(lower.ai_max_retries),
            ai_backoff_ms: self.ai_backoff_ms.or(lower.ai_backoff_ms),
            ai_daily_tokens: self.ai_daily_tokens.or(lower.ai_daily_tokens),
            ai_monthly_tokens: self.ai_monthly_tokens.or(lower.ai_monthly_tokens),
            ai_prices: self.ai_prices.or(lower.ai_prices),
        }
    }

    /// Reads options from a TOML file.
    pub fn from_toml_file(path: &std::path::Path) -> Result<Options, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            option: "config".into(),
            problem: format!("cannot read {}: {e}", path.display()),
        })?;
        toml::from_str(&text).map_err(|e| ConfigError {
            option: "config".into(),
            problem: format!("{} is not valid: {}", path.display(), e.message()),
        })
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

/// A configuration value that is invalid; names the option and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid configuration option `{option}`: {problem}")]
pub struct ConfigError {
    pub option: String,
    pub problem: String,
}

fn tier(option: &str, raw: Option<&str>, default: Tier) -> Result<Tier, ConfigError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(default),
        Some("fast") => Ok(Tier::Fast),
        Some("balanced") => Ok(Tier::Balanced),
        Some("powerful") => Ok(Tier::Powerful),
        Some(other) => Err(bad(option, format!("expected \"fast\", \"balanced\" or \"powerful\", got {other:?}"))),
    }
}

/// The gateway's configuration, or `None` for the built-in engine.
fn ai_config(o: &Options) -> Result<Option<GatewayConfig>, ConfigError> {
    let kind = match o.ai_provider.as_deref().map(str::trim) {
        None | Some("") | Some("builtin") => return Ok(None),
        Some("openai") => ProviderKind::OpenAi,
        Some("anthropic") => ProviderKind::Anthropic,
        Some("gemini") => ProviderKind::Gemini,
        Some("openai_compatible") => ProviderKind::OpenAiCompatible,
        Some(other) => {
            return Err(bad(
                "ai_provider",
                format!("expected builtin, openai, anthropic, gemini or openai_compatible, got {other:?}"),
            ))
        }
    };
    let base_url = o.ai_base_url.clone().filter(|u| !u.trim().is_empty());
    if let Some(u) = &base_url {
        if !(u.starts_with("http://") || u.starts_with("https://")) {
            return Err(bad("ai_base_url", "must start with http:// or https://"));
        }
    } else if kind == ProviderKind::OpenAiCompatible {
        return Err(bad("ai_base_url", "is required for openai_compatible"));
    }
    let api_key = o.ai_api_key.clone().filter(|k| !k.trim().is_empty());
    if api_key.is_none() && kind != ProviderKind::OpenAiCompatible {
        return Err(bad("ai_api_key", format!("is required for {}", kind.as_str())));
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
    let balanced = model("ai_model_balanced", &o.ai_model_balanced, balanced)?;
    let fast = model("ai_model_fast", &o.ai_model_fast, fast).unwrap_or_else(|_| balanced.clone());
    let powerful = model("ai_model_powerful", &o.ai_model_powerful, powerful).unwrap_or_else(|_| balanced.clone());
    let timeout = o.ai_timeout_secs.unwrap_or(30);
    if !(1..=600).contains(&timeout) {
        return Err(bad("ai_timeout_secs", "must be between 1 and 600"));
    }
    let max_retries = o.ai_max_retries.unwrap_or(3);
    if max_retries > 10 {
        return Err(bad("ai_max_retries", "must be at most 10"));
    }
    let backoff = o.ai_backoff_ms.unwrap_or(1_000).clamp(1, 60_000);
    let mut prices = std::collections::HashMap::new();
    for p in o.ai_prices.clone().unwrap_or_default() {
        if !(p.input_per_mtok_usd >= 0.0 && p.output_per_mtok_usd >= 0.0) {
            return Err(bad("ai_prices", format!("prices of {} must be zero or more", p.model)));
        }
        prices.insert(
            p.model,
            Price { input_per_mtok_usd: p.input_per_mtok_usd, output_per_mtok_usd: p.output_per_mtok_usd },
        );
    }
    Ok(Some(GatewayConfig {
        provider: ProviderConfig { kind, base_url, api_key, fast, balanced, powerful },
        interviewer_tier: tier("ai_interviewer_tier", o.ai_interviewer_tier.as_deref(), Tier::Balanced)?,
        evaluator_tier: tier("ai_evaluator_tier", o.ai_evaluator_tier.as_deref(), Tier::Powerful)?,
        interviewer_cache_ttl: Duration::from_secs(600),
        evaluator_cache_ttl: Duration::from_secs(86_400),
        timeout: Duration::from_secs(timeout),
        max_retries,
        backoff_base: Duration::from_millis(backoff),
        backoff_max: Duration::from_secs(60),
        daily_token_quota: o.ai_daily_tokens,
        monthly_token_quota: o.ai_monthly_tokens,
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

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// The validated configuration.
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
    pub executor: ExecutorKind,
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

/// Where candidate code runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecutorKind {
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
        let ai = ai_config(&o)?;
        let addr: SocketAddr = o
            .addr
            .as_deref()
            .unwrap_or("127.0.0.1:3000")
            .parse()
            .map_err(|_| bad("addr", "expected HOST:PORT with a numeric IP, e.g. 127.0.0.1:3000"))?;
        let data_dir = o.data_dir.unwrap_or_else(|| PathBuf::from("data"));
        if data_dir.as_os_str().is_empty() {
            return Err(bad("data_dir", "must not be empty"));
        }
        let database_url = match o.database_url.filter(|s| !s.trim().is_empty()) {
            Some(url) => url,
            None => format!("sqlite://{}", data_dir.join("sparring.db").display()),
        };
        let db_kind = if database_url.starts_with("sqlite:") {
            DbKind::Sqlite
        } else if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
            DbKind::Postgres
        } else {
            return Err(bad("database_url", "must start with sqlite:// or postgres://"));
        };
        let public_url = o.public_url.unwrap_or_else(|| format!("http://{addr}")).trim_end_matches('/').to_string();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(bad("public_url", "must start with http:// or https://"));
        }
        let log_format = match o.log_format.as_deref().unwrap_or("pretty") {
            "pretty" => LogFormat::Pretty,
            "json" => LogFormat::Json,
            other => return Err(bad("log_format", format!("expected \"pretty\" or \"json\", got {other:?}"))),
        };
        let smtp_url = match o.smtp_url.filter(|s| !s.trim().is_empty()) {
            None => None,
            Some(url) if url.starts_with("smtp://") || url.starts_with("smtps://") => Some(SecretString::from(url)),
            Some(_) => return Err(bad("smtp_url", "must start with smtp:// or smtps://")),
        };
        let mail_from = o.mail_from.unwrap_or_else(|| "Sparring <no-reply@localhost>".into());
        if !mail_from.contains('@') {
            return Err(bad("mail_from", "must be an email address, optionally with a name"));
        }
        let signup_credits = o.signup_credits.unwrap_or(3);
        if !(0..=1000).contains(&signup_credits) {
            return Err(bad("signup_credits", "must be between 0 and 1000"));
        }
        let terms_version = o.terms_version.unwrap_or_else(|| "2026-11-01".into());
        if terms_version.trim().is_empty() {
            return Err(bad("terms_version", "must not be empty"));
        }
        let ttl_hours = o.session_ttl_hours.unwrap_or(24 * 14);
        if !(1..=24 * 365).contains(&ttl_hours) {
            return Err(bad("session_ttl_hours", "must be between 1 and 8760"));
        }
        let per_account = o.signin_per_account_per_minute.unwrap_or(5);
        let per_ip = o.signin_per_ip_per_minute.unwrap_or(30);
        if per_account == 0 {
            return Err(bad("signin_per_account_per_minute", "must be at least 1"));
        }
        if per_ip == 0 {
            return Err(bad("signin_per_ip_per_minute", "must be at least 1"));
        }
        let pricing = o.pricing.unwrap_or_else(default_pricing);
        let problems_dir = match o.problems_dir.as_deref().map(str::trim) {
            None | Some("") => Some(PathBuf::from("problems")),
            Some("none") => None,
            Some(dir) => Some(PathBuf::from(dir)),
        };
        let executor = match o.executor.as_deref().unwrap_or("local") {
            "local" => ExecutorKind::Local,
            "piston" => {
                let url = o.piston_url.as_deref().map(|u| u.trim().trim_end_matches('/').to_string());
                match url {
                    Some(u) if u.starts_with("http://") || u.starts_with("https://") => ExecutorKind::Piston { url: u },
                    _ => return Err(bad("piston_url", "executor = \"piston\" needs an http:// or https:// URL")),
                }
            }
            other => return Err(bad("executor", format!("expected \"local\" or \"piston\", got {other:?}"))),
        };
        let runs_per_minute = o.runs_per_minute.unwrap_or(12);
        if !(1..=10_000).contains(&runs_per_minute) {
            return Err(bad("runs_per_minute", "must be between 1 and 10000"));
        }
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        let slots = o.sandbox_slots.unwrap_or(cores);
        if !(1..=1024).contains(&slots) {
            return Err(bad("sandbox_slots", "must be between 1 and 1024"));
        }
        let per_user = o.runs_in_flight_per_user.unwrap_or(1);
        if !(1..=1024).contains(&per_user) {
            return Err(bad("runs_in_flight_per_user", "must be between 1 and 1024"));
        }
        let queue_wait = o.run_queue_wait_secs.unwrap_or(30);
        if !(1..=3600).contains(&queue_wait) {
            return Err(bad("run_queue_wait_secs", "must be between 1 and 3600"));
        }
        let first_uid = o.sandbox_uid.unwrap_or(60_000);
        if first_uid < 1000 || first_uid.checked_add(2 * slots as u32).is_none_or(|end| end > 4_000_000_000) {
            return Err(bad("sandbox_uid", "must be at least 1000, with room for two uids per slot"));
        }
        let cgroup = o.sandbox_cgroup.filter(|p| !p.as_os_str().is_empty());
        if let Some(c) = &cgroup {
            if c.is_absolute() || c.components().any(|p| matches!(p, std::path::Component::ParentDir)) {
                return Err(bad("sandbox_cgroup", "must be a path relative to /sys/fs/cgroup, e.g. \"sparring\""));
            }
        }
        let sandbox = SandboxConfig { slots, per_user, queue_wait: Duration::from_secs(queue_wait), first_uid, cgroup };
        Ok(Config {
            addr,
            data_dir,
            database_url: SecretString::from(database_url),
            db_kind,
            public_url,
            log_format,
            log: o.log.unwrap_or_else(|| "info".into()),
            smtp_url,
            mail_from,
            signup_credits,
            credits_mode: o.credits_mode.unwrap_or_default(),
            terms_version,
            session_ttl: Duration::from_secs(ttl_hours * 3600),
            signin_per_account_per_minute: per_account,
            signin_per_ip_per_minute: per_ip,
            trust_proxy: o.trust_proxy.unwrap_or(false),
            source_url: o.source_url.unwrap_or_else(|| "https://github.com/sparring-interviews/sparring".into()),
            pricing,
            problems_dir,
            site_root: o.site_root.filter(|p| !p.as_os_str().is_empty()),
            executor,
            runs_per_minute,
            sandbox,
            jobs: o.jobs.unwrap_or(true),
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

    #[test]
    fn defaults_work_without_any_input() {
        let c = Config::from_options(Options::default()).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.db_kind, DbKind::Sqlite);
        assert!(c.database_url().ends_with("data/sparring.db"));
        assert_eq!(c.signup_credits, 3);
        assert_eq!(c.credits_mode, CreditsMode::Granted);
        assert!(!c.secure_cookies());
    }

    #[test]
    fn invalid_values_name_the_option() {
        let cases = [
            (Options { addr: Some("localhost".into()), ..Default::default() }, "addr"),
            (Options { database_url: Some("mysql://x".into()), ..Default::default() }, "database_url"),
            (Options { log_format: Some("xml".into()), ..Default::default() }, "log_format"),
            (Options { public_url: Some("ftp://x".into()), ..Default::default() }, "public_url"),
            (Options { smtp_url: Some("http://x".into()), ..Default::default() }, "smtp_url"),
            (Options { signup_credits: Some(-1), ..Default::default() }, "signup_credits"),
            (Options { executor: Some("docker".into()), ..Default::default() }, "executor"),
            (Options { executor: Some("piston".into()), ..Default::default() }, "piston_url"),
            (Options { runs_per_minute: Some(0), ..Default::default() }, "runs_per_minute"),
            (Options { sandbox_slots: Some(0), ..Default::default() }, "sandbox_slots"),
            (Options { runs_in_flight_per_user: Some(0), ..Default::default() }, "runs_in_flight_per_user"),
            (Options { run_queue_wait_secs: Some(0), ..Default::default() }, "run_queue_wait_secs"),
            (Options { sandbox_uid: Some(0), ..Default::default() }, "sandbox_uid"),
            (Options { sandbox_cgroup: Some("/sys/fs/cgroup/x".into()), ..Default::default() }, "sandbox_cgroup"),
            (Options { ai_provider: Some("gpt".into()), ..Default::default() }, "ai_provider"),
            (Options { ai_provider: Some("openai".into()), ..Default::default() }, "ai_api_key"),
            (Options { ai_provider: Some("openai_compatible".into()), ..Default::default() }, "ai_base_url"),
            (
                Options {
                    ai_provider: Some("openai_compatible".into()),
                    ai_base_url: Some("http://127.0.0.1:11434/v1/".into()),
                    ..Default::default()
                },
                "ai_model_balanced",
            ),
            (ai(|o| o.ai_base_url = Some("ftp://example.com/".into())), "ai_base_url"),
            (ai(|o| o.ai_interviewer_tier = Some("huge".into())), "ai_interviewer_tier"),
            (ai(|o| o.ai_timeout_secs = Some(0)), "ai_timeout_secs"),
            (ai(|o| o.ai_max_retries = Some(11)), "ai_max_retries"),
        ];
        for (opts, name) in cases {
            let err = Config::from_options(opts).unwrap_err();
            assert_eq!(err.option, name);
            assert!(err.to_string().contains(name));
        }
    }

    /// Valid OpenAI options, adjusted.
    fn ai(adjust: impl FnOnce(&mut Options)) -> Options {
        let mut o = Options {
            ai_provider: Some("openai".into()),
            ai_api_key: Some("sk-keysecret42".into()),
            ..Default::default()
        };
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
        assert!(!format!("{c:?}").contains("sk-keysecret42"), "the key never shows in debug output");
    }

    #[test]
    fn secrets_never_appear_in_debug_output() {
        let c = Config::from_options(Options {
            database_url: Some("postgres://u:hunter2secret@db/x".into()),
            smtp_url: Some("smtp://u:mailpass99@mx".into()),
            ..Default::default()
        })
        .unwrap();
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("hunter2secret"));
        assert!(!dbg.contains("mailpass99"));
        assert_eq!(c.db_kind, DbKind::Postgres);
    }

    #[test]
    fn higher_layers_override_lower_ones() {
        let file = Options { addr: Some("127.0.0.1:4000".into()), signup_credits: Some(5), ..Default::default() };
        let env = Options { addr: Some("127.0.0.1:5000".into()), ..Default::default() };
        let c = Config::from_options(env.or(file)).unwrap();
        assert_eq!(c.addr.port(), 5000);
        assert_eq!(c.signup_credits, 5);
    }

    #[test]
    fn a_toml_file_with_an_unknown_key_is_refused() {
        let dir = std::env::temp_dir().join(format!("sparring-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.toml");
        std::fs::write(&path, "adr = \"x\"\n").unwrap();
        let err = Options::from_toml_file(&path).map(|_| ()).unwrap_err();
        assert_eq!(err.option, "config");
        std::fs::write(
            &path,
            "addr = \"127.0.0.1:9\"\n[[pricing]]\nname=\"A\"\nprice=\"$1\"\ncredits=1\ndescription=\"d\"\n",
        )
        .unwrap();
        let o = Options::from_toml_file(&path).unwrap();
        assert_eq!(o.pricing.unwrap().len(), 1);
    }

    #[test]
    fn credits_mode_is_read_from_a_toml_file_and_refuses_unknown_modes() {
        let o: Options = toml::from_str("credits_mode = \"unlimited\"\n").unwrap();
        assert_eq!(Config::from_options(o).unwrap().credits_mode, CreditsMode::Unlimited);
        let o: Options = toml::from_str("credits_mode = \"granted\"\n").unwrap();
        assert_eq!(o.credits_mode, Some(CreditsMode::Granted));
        assert!(toml::from_str::<Options>("credits_mode = \"free\"\n").is_err());
        let env = Options { credits_mode: Some(CreditsMode::Granted), ..Default::default() };
        let file = Options { credits_mode: Some(CreditsMode::Unlimited), ..Default::default() };
        assert_eq!(Config::from_options(env.or(file)).unwrap().credits_mode, CreditsMode::Granted);
    }
}
