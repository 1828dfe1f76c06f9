//! `server credits grant|balance`: the operator's way to give accounts more credits (or
//! correct a grant) without the web UI. The work is done by the same server code as the
//! admin page, recorded as granted by "cli".

use std::process::ExitCode;

use app::credits::server::{self as credits, Granter};
use app::domain::Email;
use app::platform::config::Config;
use app::platform::store::Store;

use crate::cli::CreditsCommand;

/// Connects to the configured database, runs `command` and prints what happened.
pub async fn run(command: &CreditsCommand, config: &Config) -> ExitCode {
    let store = match Store::connect(config.database_url(), config.db_kind).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let result = run_on(&store, command).await;
    store.close().await;
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `command` against `store`: the line to print on success, or the error message.
pub async fn run_on(store: &Store, command: &CreditsCommand) -> Result<String, String> {
    match command {
        CreditsCommand::Grant { email, amount, reason } => {
            let (email, amount, reason) =
                credits::parse_grant(email, amount, reason).map_err(|e| format!("{}: {e}", field(&e)))?;
            let done =
                credits::grant(store, Granter::Cli, &email, amount, &reason).await.map_err(|e| format!("{e:#}"))?;
            Ok(format!(
                "{} {} credit(s) {} {}; the balance is now {}",
                if done.amount > 0 { "granted" } else { "took back" },
                done.amount.abs(),
                if done.amount > 0 { "to" } else { "from" },
                done.email,
                done.balance
            ))
        }
        CreditsCommand::Balance { email } => {
            let email = Email::parse(email).map_err(|e| format!("--email: {e}"))?;
            let balance = credits::balance_of(store, &email).await.map_err(|e| format!("{e:#}"))?;
            Ok(format!("{email} has {balance} credit(s)"))
        }
    }
}

/// The flag a validation error is about, e.g. "--amount".
fn field(e: &app::domain::error::AppError) -> String {
    e.field().map(|f| format!("--{f}")).unwrap_or_else(|| "input".into())
}
