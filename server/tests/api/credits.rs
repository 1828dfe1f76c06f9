//! Credits by hand: only an admin grants (403 for a candidate, 401 signed out), every bad
//! field is a 422 naming it and changes nothing, a correction never takes a balance below
//! zero, a grant lets a user with no credits start an interview, concurrent grants all
//! land, unlimited mode never charges, and the command line goes through the same code.

use app::credits::types::GrantLine;
use app::domain::error::AppError;
use app::platform::config::CreditsMode;
use clap::Parser;
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use server::cli::{Cli, Command, CreditsCommand};
use server::credits_cli::run_on;

use crate::helpers::{app_error, spawn_app, spawn_app_with, TestApp, PASSWORD};

const ADMIN: &str = "root@example.com";
const ADA: &str = "ada@example.com";

async fn call(app: &TestApp, client: &Client, name: &str, form: &[(&str, &str)]) -> Response {
    client.post(format!("{}/api/{name}", app.url)).form(form).send().await.unwrap()
}

/// A signed-in client for a new account with `email`.
async fn account(app: &TestApp, email: &str) -> Client {
    let client = app.new_client();
    let res = call(
        app,
        &client,
        "sign_up",
        &[("display_name", "Someone"), ("email", email), ("password", PASSWORD), ("accept_terms", "yes")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    client
}

/// A signed-in admin and a signed-in candidate (Ada).
async fn admin_and_ada(app: &TestApp) -> (Client, Client) {
    let admin = account(app, ADMIN).await;
    assert!(app.store.set_role_by_email(ADMIN, app::platform::store::Role::Admin).await.unwrap());
    (admin, account(app, ADA).await)
}

async fn grant(app: &TestApp, client: &Client, email: &str, amount: &str, reason: &str) -> Response {
    call(app, client, "grant_credits", &[("email", email), ("amount", amount), ("reason", reason)]).await
}

async fn balance(app: &TestApp, email: &str) -> i64 {
    let id = app.store.user_id_by_email(email).await.unwrap().unwrap();
    app.store.credit_balance(&id).await.unwrap()
}

async fn grants(app: &TestApp) -> Vec<GrantLine> {
    app.store.credit_grants(50).await.unwrap()
}

async fn start(app: &TestApp, client: &Client) -> Response {
    call(app, client, "start_interview", &[("slug", "running-sum"), ("language", "python"), ("duration_minutes", "30")])
        .await
}

async fn field_of(res: Response) -> (StatusCode, String) {
    let status = res.status();
    match app_error(res).await {
        AppError::Validation { field, .. } => (status, field),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_candidate_granting_credits_gets_403_and_nothing_changes() {
    let app = spawn_app().await;
    let (_admin, ada) = admin_and_ada(&app).await;
    let res = grant(&app, &ada, ADA, "100", "free money").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app_error(res).await, AppError::Forbidden);
    // Even with bad input, the caller is checked first.
    assert_eq!(grant(&app, &ada, ADA, "abc", "").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(call(&app, &ada, "credit_grants", &[]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(balance(&app, ADA).await, 3);
    assert!(grants(&app).await.is_empty());
    let page = ada.get(format!("{}/admin/credits", app.url)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Only administrators can grant credits."), "{page}");
    assert!(!page.contains("href=\"/admin/credits\""), "no credits link for a candidate");
}

#[tokio::test]
async fn a_signed_out_caller_gets_401_and_nothing_changes() {
    let app = spawn_app().await;
    let _ = admin_and_ada(&app).await;
    let stranger = app.new_client();
    let res = grant(&app, &stranger, ADA, "5", "hello").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app_error(res).await, AppError::Unauthorized);
    assert_eq!(call(&app, &stranger, "credit_grants", &[]).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(balance(&app, ADA).await, 3);
    assert!(grants(&app).await.is_empty());
}

#[tokio::test]
async fn bad_amounts_reasons_and_emails_get_422_naming_the_field_and_change_nothing() {
    let app = spawn_app().await;
    let (admin, _ada) = admin_and_ada(&app).await;
    let long = "x".repeat(201);
    let cases: [(&str, &str, &str, &str); 12] = [
        (ADA, "0", "ok", "amount"),
        (ADA, "10001", "ok", "amount"),
        (ADA, "-10001", "ok", "amount"),
        (ADA, "abc", "ok", "amount"),
        (ADA, "99999999999999999999999999", "ok", "amount"),
        (ADA, "", "ok", "amount"),
        (ADA, "2.5", "ok", "amount"),
        (ADA, "5", "", "reason"),
        (ADA, "5", "   ", "reason"),
        (ADA, "5", &long, "reason"),
        ("not-an-email", "5", "ok", "email"),
        ("", "5", "ok", "email"),
    ];
    for (email, amount, reason, field) in cases {
        let (status, got) = field_of(grant(&app, &admin, email, amount, reason).await).await;
        assert_eq!(
            (status, got.as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, field),
            "{email:?} {amount:?} {reason:?}"
        );
    }
    // A missing argument is refused too, never a 500.
    let res = call(&app, &admin, "grant_credits", &[("email", ADA), ("amount", "5")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(balance(&app, ADA).await, 3);
    assert!(grants(&app).await.is_empty());
}

#[tokio::test]
async fn an_unknown_email_is_a_specific_error_and_changes_nothing() {
    let app = spawn_app().await;
    let (admin, _ada) = admin_and_ada(&app).await;
    let res = grant(&app, &admin, "nobody@example.com", "5", "welcome").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    match app_error(res).await {
        AppError::Validation { field, message } => {
            assert_eq!(field, "email");
            assert!(message.contains("No account"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(grants(&app).await.is_empty());
    assert_eq!(app.store.user_id_by_email("nobody@example.com").await.unwrap(), None);
}

#[tokio::test]
async fn a_correction_that_would_make_the_balance_negative_is_refused() {
    let app = spawn_app().await;
    let (admin, _ada) = admin_and_ada(&app).await;
    let res = grant(&app, &admin, ADA, "-4", "typo").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    match app_error(res).await {
        AppError::Validation { field, message } => {
            assert_eq!(field, "amount");
            assert!(message.contains("negative balance") && message.contains('3'), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(balance(&app, ADA).await, 3);
    assert!(grants(&app).await.is_empty());
    // Taking back exactly what is there is fine, and leaves zero.
    let done: Value = grant(&app, &admin, ADA, "-3", "granted by mistake").await.json().await.unwrap();
    assert_eq!(done["balance"], 0);
    assert_eq!(balance(&app, ADA).await, 0);
}

#[tokio::test]
async fn a_grant_shows_in_the_balance_and_lets_a_user_with_no_credits_start_an_interview() {
    let app = spawn_app_with(|o| o.accounts.signup_credits = Some(0)).await;
    let (admin, ada) = admin_and_ada(&app).await;
    assert_eq!(start(&app, &ada).await.status(), StatusCode::PAYMENT_REQUIRED);
    let dashboard = ada.get(format!("{}/dashboard", app.url)).send().await.unwrap().text().await.unwrap();
    assert!(
        dashboard.contains("You have no credits left. Ask the administrator of this Sparring to grant you more."),
        "{dashboard}"
    );

    let res = grant(&app, &admin, " Ada@Example.com ", "2", "  trial extension ").await;
    assert_eq!(res.status(), StatusCode::OK);
    let done: Value = res.json().await.unwrap();
    assert_eq!(
        (done["email"].as_str(), done["amount"].as_i64(), done["balance"].as_i64()),
        (Some(ADA), Some(2), Some(2))
    );
    let d: Value = call(&app, &ada, "dashboard", &[]).await.json().await.unwrap();
    assert_eq!(d["credits"], 2);
    assert_eq!(start(&app, &ada).await.status(), StatusCode::OK);
    assert_eq!(balance(&app, ADA).await, 1);

    let list: Vec<GrantLine> = call(&app, &admin, "credit_grants", &[]).await.json().await.unwrap();
    assert_eq!(list.len(), 1);
    let g = &list[0];
    assert_eq!(
        (g.granted_by.as_str(), g.email.as_str(), g.amount, g.reason.as_str()),
        (ADMIN, ADA, 2, "trial extension")
    );

    let page = admin.get(format!("{}/admin/credits", app.url)).send().await.unwrap().text().await.unwrap();
    for needle in [
        "<label for=\"grant-email\"",
        "<label for=\"grant-amount\"",
        "<label for=\"grant-reason\"",
        "Grant credits</button>",
        "trial extension",
        "href=\"/admin/credits\"",
    ] {
        assert!(page.contains(needle), "{needle} missing from {page}");
    }
}

#[tokio::test]
async fn concurrent_grants_all_land() {
    let app = spawn_app().await;
    let (admin, _ada) = admin_and_ada(&app).await;
    let calls = (1..=8).map(|n| {
        let (app, admin) = (&app, &admin);
        async move { grant(app, admin, ADA, &n.to_string(), &format!("grant {n}")).await.status() }
    });
    let statuses = futures::future::join_all(calls).await;
    assert!(statuses.iter().all(|s| *s == StatusCode::OK), "{statuses:?}");
    assert_eq!(balance(&app, ADA).await, 3 + (1..=8).sum::<i64>());
    assert_eq!(grants(&app).await.len(), 8);
}

#[tokio::test]
async fn in_unlimited_mode_interviews_cost_nothing_and_write_no_ledger_row() {
    let app = spawn_app_with(|o| {
        o.accounts.signup_credits = Some(0);
        o.accounts.credits_mode = Some(CreditsMode::Unlimited);
    })
    .await;
    let ada = account(&app, ADA).await;
    for _ in 0..2 {
        let res = start(&app, &ada).await;
        assert_eq!(res.status(), StatusCode::OK);
        let id: String = res.json().await.unwrap();
        assert_eq!(call(&app, &ada, "end_interview", &[("id", &id)]).await.status(), StatusCode::OK);
    }
    // With no sign-up credits, any spend would show as a negative balance.
    assert_eq!(balance(&app, ADA).await, 0);
    let d: Value = call(&app, &ada, "dashboard", &[]).await.json().await.unwrap();
    assert_eq!(d["unlimited"], true);
    let dashboard = ada.get(format!("{}/dashboard", app.url)).send().await.unwrap().text().await.unwrap();
    assert!(dashboard.contains("Practice on this server is unlimited"), "{dashboard}");
    assert!(!dashboard.contains("You have no credits left"));
}

#[tokio::test]
async fn the_command_line_grants_with_its_name_and_reason_and_refuses_what_the_page_refuses() {
    let app = spawn_app().await;
    let _ = admin_and_ada(&app).await;
    let cli = |amount: &str, email: &str, reason: &str| {
        let args = ["server", "credits", "grant", "--email", email, "--amount", amount, "--reason", reason];
        match Cli::try_parse_from(args).unwrap().command {
            Some(Command::Credits { command }) => command,
            other => panic!("{other:?}"),
        }
    };
    let done = run_on(&app.store, &cli("5", ADA, "conference voucher")).await.unwrap();
    assert!(done.contains("granted 5") && done.contains("balance is now 8"), "{done}");
    let g = &grants(&app).await[0];
    assert_eq!((g.granted_by.as_str(), g.amount, g.reason.as_str()), ("command line", 5, "conference voucher"));

    let correction = run_on(&app.store, &cli("-2", ADA, "over-granted")).await.unwrap();
    assert!(correction.contains("balance is now 6"), "{correction}");
    let refusals = [
        (cli("-7", ADA, "too much"), "negative balance"),
        (cli("0", ADA, "nothing"), "--amount"),
        (cli("10001", ADA, "lots"), "--amount"),
        (cli("5", ADA, ""), "--reason"),
        (cli("5", "nobody@example.com", "hi"), "no account"),
    ];
    for (command, expected) in refusals {
        let err = run_on(&app.store, &command).await.unwrap_err();
        assert!(err.contains(expected), "{err} should mention {expected}");
    }
    assert_eq!(balance(&app, ADA).await, 6);
    assert_eq!(grants(&app).await.len(), 2);
    let read = run_on(&app.store, &CreditsCommand::Balance { email: ADA.into() }).await.unwrap();
    assert_eq!(read, "ada@example.com has 6 credit(s)");
    assert!(run_on(&app.store, &CreditsCommand::Balance { email: "nobody@example.com".into() }).await.is_err());
}
