//! The command line: `server [OPTIONS] [COMMAND]`. Every option also has an environment
//! variable (`SPARRING_` + the flag name) and a TOML key (`[section] key`); `--help` lists them
//! all, grouped by section (see `app::platform::config`).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

use app::platform::config::{Config, ConfigError, Options};

/// Sparring: practise technical and behavioral interviews.
#[derive(Parser)]
#[command(name = "server", version, about, long_about = None)]
pub struct Cli {
    /// TOML configuration file: one [section] per heading below, keys as in the README.
    #[arg(long, env = "SPARRING_CONFIG")]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub options: Options,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do.
#[derive(Subcommand, Clone, PartialEq, Eq, Debug)]
pub enum Command {
    /// Start the web server (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Print the effective configuration, secrets redacted, and exit.
    Config,
    /// Add N ended interviews (spread over past days, across the problem bank) to an existing
    /// account's history, for trying out and measuring long histories.
    SeedHistory {
        /// The account's email.
        #[arg(long)]
        email: String,
        /// How many interviews to add.
        #[arg(long, default_value_t = 1000)]
        sessions: u32,
    },
    /// Give an existing account the admin role (it can then see /admin/usage).
    GrantAdmin {
        /// The account's email.
        #[arg(long)]
        email: String,
    },
    /// Print the newest mail in the outbox to an address (subject and body, reset links
    /// included), for servers without SMTP: the log says a mail was queued, never its secret.
    LastMail {
        /// The recipient's email.
        #[arg(long)]
        to: String,
    },
    /// Grant credits to an account, or read its balance.
    Credits {
        #[command(subcommand)]
        command: CreditsCommand,
    },
    /// Work with problem directories (docs/problem-format.md).
    Problems {
        #[command(subcommand)]
        command: ProblemsCommand,
    },
}

/// `server credits ...`
#[derive(Subcommand, Clone, PartialEq, Eq, Debug)]
pub enum CreditsCommand {
    /// Add credits to an account's ledger (a negative amount takes some back as a correction,
    /// never below a zero balance). Recorded as granted by "cli", with the reason.
    Grant {
        /// The account's email.
        #[arg(long)]
        email: String,
        /// Credits to add: -10000..=10000, not 0.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Why (1 to 200 characters), kept with the grant.
        #[arg(long)]
        reason: String,
    },
    /// Print an account's balance.
    Balance {
        /// The account's email.
        #[arg(long)]
        email: String,
    },
}

/// `server problems ...`
#[derive(Subcommand, Clone, PartialEq, Eq, Debug)]
pub enum ProblemsCommand {
    /// Check every problem under DIR: the format, then every reference solution against every
    /// case and every starter through compile and run, in the real sandbox.
    Validate {
        /// A problem directory, or a directory of problem directories.
        dir: PathBuf,
        /// Only these problems (slugs); default all.
        #[arg(long)]
        only: Vec<String>,
    },
    /// Load every problem under DIR into the database: new problems are created, changed
    /// ones become a new version (past sessions keep theirs), unchanged ones are left alone.
    Import {
        /// A problem directory, or a directory of problem directories.
        dir: PathBuf,
    },
    /// Write the current version of every problem in the database into DIR, in the format.
    Export {
        /// Where to write `<slug>/` directories (created if missing).
        dir: PathBuf,
    },
    /// Measure submission latency and throughput in the real sandbox (docs/benchmarks.md).
    Bench {
        /// Where the problems are.
        #[arg(long, default_value = "problems")]
        dir: PathBuf,
        /// The problem to submit (all its cases, reference solutions).
        #[arg(long, default_value = "daily-temperatures")]
        slug: String,
        /// Sequential submissions per language (Java: half as many).
        #[arg(long, default_value_t = 20)]
        runs: usize,
        /// Submissions in flight at once for the throughput figure.
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
    },
    /// Run FILE as a LANGUAGE submission to problem SLUG and print the per-case verdicts.
    Run {
        slug: String,
        language: String,
        file: PathBuf,
        /// Where the problems are.
        #[arg(long, default_value = "problems")]
        dir: PathBuf,
        /// Also run the hidden cases (verdicts only).
        #[arg(long)]
        all: bool,
    },
}

impl Cli {
    /// Merges defaults, the file and flags/environment into a validated configuration.
    pub fn load_config(&self) -> Result<Config, ConfigError> {
        let file = match &self.config {
            Some(path) => Options::from_toml_file(path)?,
            None => Options::default(),
        };
        let conventional = Options::from_conventional_env(|name| std::env::var(name).ok());
        Config::from_options(self.options.clone().or(conventional).or(file))
    }
}
