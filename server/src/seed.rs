//! `server seed-history`: fills an account's interview history, so that long histories can
//! be tried out in the dashboard and measured (the end-to-end suite scrolls through 10,000).

use std::process::ExitCode;

use app::platform::config::Config;
use app::platform::store::{now_ms, Store};

const LANGUAGES: [&str; 3] = ["python", "javascript", "java"];
const STATUSES: [&str; 4] = ["completed", "completed", "expired", "abandoned"];
const DURATIONS: [i64; 4] = [15, 30, 45, 60];

/// Adds `count` ended interviews to the account with `email`, newest first from an hour ago,
/// about three a day going back.
pub async fn history(config: &Config, email: &str, count: u32) -> ExitCode {
    let store = match Store::connect(config.database_url(), config.db_kind).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let result = seed(&store, email, count).await;
    store.close().await;
    match result {
        Ok(n) => {
            println!("added {n} interviews to {email}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn seed(store: &Store, email: &str, count: u32) -> anyhow::Result<u32> {
    let user = store
        .user_id_by_email(&email.trim().to_lowercase())
        .await?
        .ok_or_else(|| anyhow::anyhow!("no account with the email {email}"))?;
    let mut problems = Vec::new();
    for slug in store.problem_slugs().await? {
        if let Some(p) = store.problem_ref(&slug).await? {
            problems.push((p.id, p.version));
        }
    }
    anyhow::ensure!(!problems.is_empty(), "the problem bank is empty: run `server problems import problems` first");
    let start = now_ms() - 3_600_000;
    let every = 8 * 3_600_000;
    let rows: Vec<_> = (0..count as usize)
        .map(|i| {
            let (id, version) = &problems[i % problems.len()];
            (
                id.clone(),
                *version,
                LANGUAGES[i % LANGUAGES.len()],
                DURATIONS[i % DURATIONS.len()],
                STATUSES[i % STATUSES.len()],
                start - i as i64 * every,
            )
        })
        .collect();
    for chunk in rows.chunks(1000) {
        store.insert_past_sessions(&user, chunk).await?;
    }
    Ok(count)
}

/// `server grant-admin --email E`: gives the account the admin role.
pub async fn grant_admin(config: &Config, email: &str) -> ExitCode {
    let store = match Store::connect(config.database_url(), config.db_kind).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let result = store.set_role_by_email(&email.trim().to_lowercase(), app::platform::store::Role::Admin).await;
    store.close().await;
    match result {
        Ok(true) => {
            println!("{email} is now an admin");
            ExitCode::SUCCESS
        }
        Ok(false) => {
            eprintln!("error: no account with the email {email}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints the newest outbox mail to `to`.
pub async fn last_mail(config: &Config, to: &str) -> ExitCode {
    let store = match Store::connect(config.database_url(), config.db_kind).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let result = store.latest_mail_to(&to.trim().to_lowercase()).await;
    store.close().await;
    match result {
        Ok(Some(mail)) => {
            println!("To: {}\nSubject: {}\n\n{}", mail.to_addr, mail.subject, mail.body_text);
            ExitCode::SUCCESS
        }
        Ok(None) => {
            eprintln!("error: no mail to {to} in the outbox");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
