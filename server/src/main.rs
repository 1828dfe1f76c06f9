use clap::Parser;
use std::process::ExitCode;

use server::cli::{Cli, Command};
use server::{startup, telemetry, Application};

/// Worker threads get 8 MiB of stack: server-rendering a large page walks a deep tree of
/// nested view types, which in debug builds can outgrow tokio's 2 MiB default.
const WORKER_STACK_BYTES: usize = 8 * 1024 * 1024;

fn main() -> ExitCode {
    match tokio::runtime::Builder::new_multi_thread().enable_all().thread_stack_size(WORKER_STACK_BYTES).build() {
        Ok(runtime) => runtime.block_on(run()),
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ExitCode {
    let cli = Cli::parse();
    let config = match cli.load_config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match cli.command.clone().unwrap_or(Command::Serve) {
        Command::Problems { command } => server::problems_cli::run(command, &config).await,
        Command::SeedHistory { email, sessions } => server::seed::history(&config, &email, sessions).await,
        Command::GrantAdmin { email } => server::seed::grant_admin(&config, &email).await,
        Command::LastMail { to } => server::seed::last_mail(&config, &to).await,
        Command::Credits { command } => server::credits_cli::run(&command, &config).await,
        Command::Config => {
            println!("{config:#?}");
            ExitCode::SUCCESS
        }
        Command::Migrate => {
            if let Err(e) = telemetry::init(&config) {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
            match app::platform::store::Store::connect(config.database_url(), config.db_kind).await {
                Ok(store) => {
                    store.close().await;
                    println!("migrations applied");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve => {
            if let Err(e) = telemetry::init(&config) {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
            let app = match Application::build(config.clone()).await {
                Ok(app) => app,
                Err(e) => {
                    tracing::error!("startup failed: {e:#}");
                    eprintln!("error: {e:#}");
                    return ExitCode::FAILURE;
                }
            };
            let url = app.state().config.public_url.clone();
            tracing::info!(%url, database = ?config.db_kind, "Sparring is listening");
            println!("Sparring is running at {url}  (Ctrl-C to stop)");
            match app.run_until_stopped(startup::shutdown_signal()).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    tracing::error!("server error: {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
