use reqwest::StatusCode;

use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = spawn_app().await;
    let res = app.client.get(format!("{}/healthz", app.url)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.client.get(format!("{}/readyz", app.url)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ready");
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.store.close().await;
    let res = app.client.get(format!("{}/readyz", app.url)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn pages_carry_security_headers_and_a_request_id() {
    let app = spawn_app().await;
    let res = app.get("/terms").await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'nonce-"), "{csp}");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(!csp.contains("'unsafe-eval'"), "{csp}");
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert_eq!(h.get("referrer-policy").unwrap(), "strict-origin-when-cross-origin");
    assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
    assert!(h.get("x-request-id").is_some());
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_string();
    let html = res.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "inline scripts carry the nonce");
    assert_eq!(html.matches("<h1").count(), 1, "one h1 per page");
}

#[tokio::test]
async fn an_unknown_page_answers_404_with_a_helpful_page() {
    let app = spawn_app().await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let html = res.text().await.unwrap();
    assert!(html.contains("Page not found"));
}

#[tokio::test]
async fn the_landing_page_has_meta_tags_and_pricing_from_configuration() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("og:title"));
    assert!(html.contains("name=\"description\""));
    assert!(html.contains("Practice pack"), "default pricing is shown");
    assert!(html.contains("/terms") && html.contains("/privacy"));
}

#[tokio::test]
async fn signed_in_visitors_to_the_landing_page_go_to_the_dashboard() {
    let app = spawn_app().await;
    app.sign_up("ada@example.com").await;
    let res = app.get("/").await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers().get("location").unwrap(), "/dashboard");
    let res = app.get("/dashboard").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("3 credits"), "credits are rendered on the server");
}

#[tokio::test]
async fn signed_out_visitors_to_the_dashboard_are_sent_to_sign_in() {
    let app = spawn_app().await;
    let res = app.get("/dashboard").await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers().get("location").unwrap(), "/signin?next=/dashboard");
}

#[tokio::test]
async fn legal_pages_disclose_ai_providers_and_retention() {
    let app = spawn_app().await;
    let privacy = app.get("/privacy").await.text().await.unwrap();
    for needle in ["AI processing", "Third-party providers", "Retention", "OpenAI", "Anthropic"] {
        assert!(privacy.contains(needle), "privacy page lacks {needle}");
    }
    let terms = app.get("/terms").await.text().await.unwrap();
    assert!(terms.contains("AI interviewer"));
}

#[tokio::test]
async fn graceful_shutdown_finishes_and_closes_the_database() {
    let app = spawn_app().await;
    let store = app.store.clone();
    assert_eq!(app.client.get(format!("{}/healthz", app.url)).send().await.unwrap().status(), StatusCode::OK);
    app.stop().await.unwrap();
    assert!(store.ping().await.is_err(), "the pool is closed after shutdown");
}

#[tokio::test]
async fn https_public_urls_turn_on_secure_cookies_and_hsts() {
    let app = spawn_app_with(|o| o.server.public_url = Some("https://sparring.example".into())).await;
    let res = app
        .client
        .post(format!("{}/api/sign_up", app.url))
        .form(&[
            ("display_name", "Ada"),
            ("email", "ada@example.com"),
            ("password", crate::helpers::PASSWORD),
            ("accept_terms", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(res.headers().get("strict-transport-security").is_some());
}

#[tokio::test]
async fn the_sqlite_and_postgresql_migrations_make_the_same_tables_and_columns() {
    use app::platform::config::DbKind;
    use app::platform::store::Store;
    let names = |engine: &str| -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations").join(engine);
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    };
    assert_eq!(names("sqlite"), names("postgres"), "each migration exists for both engines");

    let dir = tempfile::tempdir().unwrap();
    let sqlite =
        Store::connect(&format!("sqlite://{}", dir.path().join("parity.db").display()), DbKind::Sqlite).await.unwrap();
    let sqlite_schema = sqlite.schema().await.unwrap();
    assert!(sqlite_schema.get("session_events").is_some_and(|c| c.contains("payload")), "{sqlite_schema:?}");
    // The PostgreSQL side needs a server: CI's PostgreSQL pass sets TEST_DATABASE_URL, and
    // spawn_app then makes a fresh PostgreSQL database with the migrations applied.
    let app = spawn_app().await;
    if app.store.kind() == DbKind::Postgres {
        let postgres_schema = app.store.schema().await.unwrap();
        assert_eq!(sqlite_schema, postgres_schema, "the engines' schemas differ");
    } else {
        eprintln!("TEST_DATABASE_URL is not set: columns are compared in the PostgreSQL pass");
    }
}

#[tokio::test]
async fn static_files_are_served_precompressed_and_cached_by_whether_their_name_carries_their_hash() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    let wasm = vec![7u8; 4096];
    std::fs::write(site.path().join("pkg/app.wasm"), &wasm).unwrap();
    std::fs::write(site.path().join("pkg/app.wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(site.path().join("pkg/app.wasm.gz"), b"gzip bytes").unwrap();
    let root = site.path().to_path_buf();
    let app = spawn_app_with(|o| o.site.root = Some(root)).await;
    // A client without automatic decompression, to see what was sent.
    let raw = reqwest::Client::builder().no_gzip().no_brotli().build().unwrap();
    let url = format!("{}/pkg/app.wasm", app.url);
    for (accept, encoding, body) in [
        ("br, gzip", Some("br"), &b"brotli bytes"[..]),
        ("gzip", Some("gzip"), b"gzip bytes"),
        ("identity", None, &wasm),
    ] {
        let res = raw.get(&url).header("accept-encoding", accept).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{accept}");
        assert_eq!(res.headers().get("content-encoding").map(|v| v.to_str().unwrap()), encoding, "{accept}");
        assert_eq!(res.headers().get("cache-control").unwrap(), "no-cache", "{accept}");
        assert_eq!(res.headers().get("content-type").unwrap(), "application/wasm");
        assert_eq!(res.bytes().await.unwrap().as_ref(), body, "{accept}");
    }
    // A bundle file named by its hash never changes: browsers keep it without asking.
    std::fs::write(site.path().join("pkg/sparring.Ab3dEfGhIjKlMnOpQrSt_-.wasm"), &wasm).unwrap();
    let res = raw.get(format!("{}/pkg/sparring.Ab3dEfGhIjKlMnOpQrSt_-.wasm", app.url)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get("cache-control").unwrap(), "public, max-age=31536000, immutable");
    // A missing file is not cached at all.
    let res = raw.get(format!("{}/pkg/sparring.Zb3dEfGhIjKlMnOpQrSt_-.wasm", app.url)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.headers().get("cache-control").is_none_or(|v| v != "public, max-age=31536000, immutable"));
    // A page is never kept.
    let page = app.get("/").await;
    assert_eq!(page.headers().get("cache-control").unwrap(), "no-store");
}
