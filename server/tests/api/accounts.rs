use app::domain::error::AppError;
use reqwest::StatusCode;

use crate::helpers::{app_error, spawn_app, spawn_app_with, PASSWORD};

#[tokio::test]
async fn sign_up_grants_three_credits_and_signs_the_user_in() {
    let app = spawn_app().await;
    let res = app.sign_up("ada@example.com").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get("location").unwrap(), "/dashboard");
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(cookie.starts_with("sparring_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http must not set Secure: {cookie}");

    let res = app.call("dashboard", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["credits"], 3);
    assert_eq!(body["display_name"], "Ada");
}

#[tokio::test]
async fn sign_up_stores_the_terms_version_and_time() {
    let app = spawn_app().await;
    app.sign_up("terms@example.com").await;
    let id = app.store.user_id_by_email("terms@example.com").await.unwrap().unwrap();
    let user = app.store.user_by_id(&id).await.unwrap().unwrap();
    assert_eq!(user.terms_version, "2026-11-01");
    assert!(user.terms_accepted_at > 0);
}

#[tokio::test]
async fn sign_up_without_accepting_the_terms_creates_nothing() {
    let app = spawn_app().await;
    let res =
        app.call("sign_up", &[("display_name", "Ada"), ("email", "noterms@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app_error(res).await.field(), Some("accept_terms"));
    assert!(app.store.user_id_by_email("noterms@example.com").await.unwrap().is_none());
}

#[tokio::test]
async fn weak_passwords_and_bad_emails_are_refused_with_specific_messages() {
    let app = spawn_app().await;
    let res = app
        .call(
            "sign_up",
            &[("display_name", "Ada"), ("email", "ada@example.com"), ("password", "short"), ("accept_terms", "yes")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err = app_error(res).await;
    assert_eq!(err.field(), Some("password"));
    assert!(err.to_string().contains("at least 10"), "{err}");

    let res = app
        .call(
            "sign_up",
            &[("display_name", "Ada"), ("email", "not-an-email"), ("password", PASSWORD), ("accept_terms", "yes")],
        )
        .await;
    assert_eq!(app_error(res).await.field(), Some("email"));
    assert!(app.store.user_id_by_email("ada@example.com").await.unwrap().is_none());
}

#[tokio::test]
async fn a_password_containing_the_email_is_refused_on_its_field() {
    let app = spawn_app().await;
    for password in ["ada@example.com-secret", "Secret-ADA-2024x"] {
        let res = app
            .call(
                "sign_up",
                &[
                    ("display_name", "Ada"),
                    ("email", "ada@example.com"),
                    ("password", password),
                    ("accept_terms", "yes"),
                ],
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{password}");
        let err = app_error(res).await;
        assert_eq!(err.field(), Some("password"), "{password}");
        assert!(err.to_string().contains("must not contain"), "{password}: {err}");
    }
    assert!(app.store.user_id_by_email("ada@example.com").await.unwrap().is_none());
}

#[tokio::test]
async fn a_duplicate_email_is_refused_clearly_and_changes_nothing() {
    let app = spawn_app().await;
    app.sign_up("dup@example.com").await;
    let other = app.new_client();
    let res = other
        .post(format!("{}/api/sign_up", app.url))
        .form(&[
            ("display_name", "Eve"),
            ("email", "  DUP@example.com "),
            ("password", "another long pass"),
            ("accept_terms", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.headers().get("set-cookie").is_none());
    let err = app_error(res).await;
    assert!(err.to_string().contains("already exists"), "{err}");
    let id = app.store.user_id_by_email("dup@example.com").await.unwrap().unwrap();
    assert_eq!(app.store.user_by_id(&id).await.unwrap().unwrap().display_name, "Ada");
    assert_eq!(app.store.credit_balance(&id).await.unwrap(), 3);
    // The original password still works; the intruder's does not.
    assert_eq!(app.sign_in("dup@example.com", "another long pass").await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.sign_in("dup@example.com", PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_password_gives_an_error_and_no_session() {
    let app = spawn_app().await;
    app.sign_up("ada@example.com").await;
    let visitor = app.new_client();
    let res = visitor
        .post(format!("{}/api/sign_in", app.url))
        .form(&[("email", "ada@example.com"), ("password", "wrong password!")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.headers().get("set-cookie").is_none(), "no session may be created");
    assert_eq!(app_error(res).await, AppError::InvalidCredentials(app::auth::server::accounts::BAD_CREDENTIALS.into()));
    let res = visitor.post(format!("{}/api/dashboard", app.url)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unknown_emails_get_the_same_answer_as_wrong_passwords() {
    let app = spawn_app().await;
    let res = app.sign_in("nobody@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app_error(res).await, AppError::InvalidCredentials(app::auth::server::accounts::BAD_CREDENTIALS.into()));
}

#[tokio::test]
async fn sign_in_rotates_the_session_and_sign_out_ends_it_on_the_server() {
    let app = spawn_app().await;
    app.sign_up("ada@example.com").await;
    let fresh = app.new_client();
    let res = fresh
        .post(format!("{}/api/sign_in", app.url))
        .form(&[("email", "ada@example.com"), ("password", PASSWORD), ("next", "/profile")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get("location").unwrap(), "/profile");
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_string();

    let res = fresh.post(format!("{}/api/sign_out", app.url)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // Replaying the old cookie must not work: the session is gone from the store.
    let res =
        app.new_client().post(format!("{}/api/dashboard", app.url)).header("cookie", cookie).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sign_in_never_redirects_off_site() {
    let app = spawn_app().await;
    app.sign_up("ada@example.com").await;
    let res = app
        .call("sign_in", &[("email", "ada@example.com"), ("password", PASSWORD), ("next", "//evil.example/x")])
        .await;
    assert_eq!(res.headers().get("location").unwrap(), "/dashboard");
}

#[tokio::test]
async fn sign_in_is_throttled_per_account_with_retry_after() {
    let app = spawn_app_with(|o| o.accounts.signin_per_account_per_minute = Some(3)).await;
    app.sign_up("ada@example.com").await;
    for _ in 0..3 {
        assert_eq!(app.sign_in("ada@example.com", "wrong password!").await.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app.sign_in("ada@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert!(matches!(app_error(res).await, AppError::RateLimited { .. }));
    // Another account from the same client is not affected.
    app.call(
        "sign_up",
        &[("display_name", "Bo"), ("email", "bo@example.com"), ("password", PASSWORD), ("accept_terms", "yes")],
    )
    .await;
    assert_eq!(app.sign_in("bo@example.com", PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn sign_in_is_throttled_per_ip_across_accounts() {
    let app = spawn_app_with(|o| o.accounts.signin_per_ip_per_minute = Some(4)).await;
    let mut statuses = Vec::new();
    for i in 0..5 {
        statuses.push(app.sign_in(&format!("user{i}@example.com"), PASSWORD).await.status());
    }
    assert_eq!(statuses[..4], [StatusCode::UNAUTHORIZED; 4]);
    assert_eq!(statuses[4], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(format!("{}/api/sign_up", app.url))
        .header("origin", "https://evil.example")
        .form(&[("display_name", "Eve"), ("email", "eve@example.com"), ("password", PASSWORD), ("accept_terms", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app_error(res).await, AppError::Forbidden);
    assert!(app.store.user_id_by_email("eve@example.com").await.unwrap().is_none());

    let res = app
        .client
        .post(format!("{}/api/sign_up", app.url))
        .header("origin", app.url.clone())
        .header("sec-fetch-site", "same-origin")
        .form(&[("display_name", "Ada"), ("email", "ada@example.com"), ("password", PASSWORD), ("accept_terms", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_profile_is_edited_by_its_owner_only_and_validated() {
    let app = spawn_app().await;
    app.sign_up("ada@example.com").await;
    let bob = app.new_client();
    bob.post(format!("{}/api/sign_up", app.url))
        .form(&[("display_name", "Bob"), ("email", "bob@example.com"), ("password", PASSWORD), ("accept_terms", "yes")])
        .send()
        .await
        .unwrap();

    let res = app
        .call(
            "update_profile",
            &[
                ("display_name", "Ada L."),
                ("experience_level", "senior"),
                ("target_companies", "Acme, Globex"),
                ("preferred_language", "java"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let p: serde_json::Value = res.json().await.unwrap();
    assert_eq!(p["display_name"], "Ada L.");
    assert_eq!(p["experience_level"], "senior");
    assert_eq!(p["preferred_language"], "java");

    // Bob's profile is untouched, and Bob sees only his own.
    let res = bob.post(format!("{}/api/get_profile", app.url)).send().await.unwrap();
    let p: serde_json::Value = res.json().await.unwrap();
    assert_eq!(p["email"], "bob@example.com");
    assert_eq!(p["display_name"], "Bob");

    // Invalid input is refused and changes nothing.
    let res = app
        .call(
            "update_profile",
            &[
                ("display_name", "X"),
                ("experience_level", "wizard"),
                ("target_companies", ""),
                ("preferred_language", "java"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app_error(res).await.field(), Some("experience_level"));
    let res = app.call("get_profile", &[]).await;
    let p: serde_json::Value = res.json().await.unwrap();
    assert_eq!(p["display_name"], "Ada L.");

    // Signed out, nothing can be read or written.
    let anon = app.new_client();
    let res = anon
        .post(format!("{}/api/update_profile", app.url))
        .form(&[
            ("display_name", "Hacker"),
            ("experience_level", "mid"),
            ("target_companies", ""),
            ("preferred_language", "java"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn malformed_server_function_calls_get_a_clear_client_error() {
    let app = spawn_app().await;
    let res = app.call("sign_in", &[("email", "ada@example.com")]).await;
    assert!(res.status().is_client_error() || res.status() == StatusCode::INTERNAL_SERVER_ERROR, "{}", res.status());
    let err = app_error(res).await;
    assert!(matches!(err, AppError::Validation { .. }), "{err:?}");
    let res = app.client.post(format!("{}/api/no_such_function", app.url)).send().await.unwrap();
    assert!(res.status().is_client_error());
}

#[tokio::test]
async fn the_balance_is_the_sum_of_the_ledger() {
    let app = spawn_app_with(|o| o.accounts.signup_credits = Some(7)).await;
    app.sign_up("ada@example.com").await;
    let id = app.store.user_id_by_email("ada@example.com").await.unwrap().unwrap();
    assert_eq!(app.store.credit_balance(&id).await.unwrap(), 7);
    let res = app.call("dashboard", &[]).await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["credits"], 7);
}

#[tokio::test]
async fn bodies_that_are_not_utf8_too_large_or_carry_huge_arguments_get_client_errors_and_change_nothing() {
    let app = spawn_app().await;
    app.sign_up("bodies@example.com").await;
    let post = |name: &str, body: Vec<u8>| {
        app.client
            .post(format!("{}/api/{name}", app.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
    };
    // Not UTF-8.
    let res = post("start_interview", b"slug=\xff\xfe&language=python&duration_minutes=30".to_vec()).await.unwrap();
    assert!(matches!(res.status().as_u16(), 400 | 422), "{}", res.status());
    assert!(matches!(app_error(res).await, AppError::Validation { .. }));
    // Over the 2 MB body limit.
    let mut big = b"slug=two-sum&language=python&duration_minutes=30&x=".to_vec();
    big.extend(std::iter::repeat_n(b'a', 3 << 20));
    let res = post("start_interview", big).await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // An enum argument of 100 KB: refused, the echo cut short.
    let huge = format!("slug=two-sum&language={}&duration_minutes=30", "p".repeat(100 * 1024));
    let res = post("start_interview", huge.into_bytes()).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = res.text().await.unwrap();
    assert!(text.len() < 8 * 1024, "the error echoes {} bytes", text.len());
    // None of them started an interview or spent a credit.
    let history: serde_json::Value = app.call("interview_history", &[]).await.json().await.unwrap();
    assert_eq!(history["total"], 0, "{history}");
}

#[tokio::test]
async fn pages_and_api_answers_are_never_cached_but_static_files_are() {
    let app = spawn_app().await;
    app.sign_up("cache@example.com").await;
    for path in ["/dashboard", "/profile", "/"] {
        let res = app.get(path).await;
        assert_eq!(res.headers().get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"), "{path}");
    }
    let res = app.call("dashboard", &[]).await;
    assert_eq!(res.headers().get("cache-control").map(|v| v.to_str().unwrap()), Some("no-store"));
}

#[tokio::test]
async fn a_sign_in_is_extended_while_it_is_used_without_a_write_per_request() {
    let app = spawn_app().await;
    let res = app.sign_up("sliding@example.com").await;
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    let id = cookie.split(';').next().unwrap().split_once('=').unwrap().1.to_string();
    let expiry = || async { app.store.load_session(&id).await.unwrap().expect("the session is stored").expires_at };
    let first = expiry().await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(app.get("/dashboard").await.status(), StatusCode::OK);
    let used = expiry().await;
    assert!(used > first, "using the sign-in moves its expiry: {first} → {used}");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    app.get("/dashboard").await;
    assert_eq!(expiry().await, used, "within a few minutes, requests do not rewrite the session");
}

/// The field names an error reports, in order.
fn error_fields(err: &AppError) -> Vec<String> {
    match err {
        AppError::Invalid { errors } => errors.iter().map(|e| e.field.clone()).collect(),
        AppError::Validation { field, .. } => vec![field.clone()],
        other => panic!("not a field error: {other:?}"),
    }
}

#[tokio::test]
async fn an_empty_sign_up_is_answered_with_every_field_at_once() {
    let app = spawn_app().await;
    let res = app.call("sign_up", &[("display_name", ""), ("email", ""), ("password", "")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err = app_error(res).await;
    assert_eq!(error_fields(&err), ["display_name", "email", "password", "accept_terms"]);
    assert_eq!(err.message_for("display_name"), Some("Enter a display name."));
    assert_eq!(err.message_for("email"), Some("Enter your email address."));

    // A bad email does not hide a weak password: both come back.
    let res = app
        .call("sign_up", &[("display_name", "Ada"), ("email", "nope"), ("password", "short"), ("accept_terms", "yes")])
        .await;
    assert_eq!(error_fields(&app_error(res).await), ["email", "password"]);
}

#[tokio::test]
async fn empty_sign_in_fields_are_named_and_a_wrong_pair_is_answered_as_a_whole() {
    let app = spawn_app().await;
    let res = app.sign_in("", "").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&app_error(res).await), ["email", "password"]);
    let res = app.sign_in("nobody@example.com", "wrong password!").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_profile_with_several_bad_fields_reports_them_all_and_changes_nothing() {
    let app = spawn_app().await;
    app.sign_up("ada@example.com").await;
    let companies = (0..11).map(|i| format!("Company {i}")).collect::<Vec<_>>().join(",");
    let res = app
        .call(
            "update_profile",
            &[
                ("display_name", " "),
                ("experience_level", "guru"),
                ("target_companies", &companies),
                ("preferred_language", "cobol"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err = app_error(res).await;
    assert_eq!(error_fields(&err), ["display_name", "experience_level", "target_companies", "preferred_language"]);
    let body: serde_json::Value = app.call("get_profile", &[]).await.json().await.unwrap();
    assert_eq!(body["display_name"], "Ada");
}

#[tokio::test]
async fn a_failed_form_sent_without_javascript_comes_back_as_the_page_with_its_errors() {
    let app = spawn_app().await;
    // What a browser without script sends: a plain form post that accepts HTML.
    let res = app
        .client
        .post(format!("{}/api/sign_up", app.url))
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .header("referer", format!("{}/signup", app.url))
        .form(&[("display_name", ""), ("email", "nope"), ("password", "")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with(&format!("{}/signup?", app.url)) && location.contains("__err="), "{location}");

    let res = app.client.get(&location).header("accept", "text/html").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.trim_start().starts_with("<!DOCTYPE html>"), "{}", &html[..html.len().min(200)]);
    for message in ["Enter a display name.", "An email address needs an @", "Choose a password of at least 10"] {
        assert!(html.contains(message), "missing {message:?}");
    }
    assert!(html.contains(r#"aria-describedby="signup-name-error""#), "the name field points to its error");
    assert!(html.contains(r#"aria-invalid="true""#));
    assert!(app.store.user_id_by_email("nope").await.unwrap().is_none());

    // A successful plain post still goes where the form leads.
    let res = app
        .client
        .post(format!("{}/api/sign_up", app.url))
        .header("accept", "text/html")
        .header("referer", format!("{}/signup", app.url))
        .form(&[("display_name", "Ada"), ("email", "ada@example.com"), ("password", PASSWORD), ("accept_terms", "yes")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert!(res.headers()["location"].to_str().unwrap().ends_with("/dashboard"));
}
