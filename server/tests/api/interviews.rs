//! Interview sessions through the API: starting spends exactly one credit even under
//! concurrent starts, only the owner reaches a session, the server ends sessions at their
//! deadline, ending is idempotent, and runs, snapshots and events are recorded in order.

use app::domain::error::AppError;
use app::platform::store::now_ms;
use reqwest::StatusCode;
use serde_json::Value;
use std::time::Duration;

use crate::helpers::{app_error, assert_no_hidden, right_answer_in, spawn_app, spawn_app_with, TestApp, PY_RIGHT};

async fn start(app: &TestApp, duration: &str) -> reqwest::Response {
    app.call("start_interview", &[("slug", "running-sum"), ("language", "python"), ("duration_minutes", duration)])
        .await
}

async fn started(app: &TestApp) -> String {
    let res = start(app, "30").await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn credits(app: &TestApp) -> i64 {
    let d: Value = app.call("dashboard", &[]).await.json().await.unwrap();
    d["credits"].as_i64().unwrap()
}

async fn events(app: &TestApp, id: &str) -> Vec<String> {
    app.store.events_after(id, 0).await.unwrap().into_iter().map(|e| e.kind).collect()
}

#[tokio::test]
async fn starting_spends_one_credit_and_opening_starts_the_server_clock() {
    let app = spawn_app().await;
    app.sign_up("start@example.com").await;
    let proposal: Value = app.call("propose_interview", &[("difficulty", "easy")]).await.json().await.unwrap();
    assert_eq!(proposal["slug"], "running-sum");
    assert_eq!(credits(&app).await, 3, "a proposal costs nothing");

    let id = started(&app).await;
    assert_eq!(credits(&app).await, 2);
    let before = now_ms();
    let view: Value = app.call("get_session", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(view["status"], "active");
    assert_eq!(view["language"], "python");
    let deadline = view["deadline_at"].as_i64().unwrap();
    assert!((before + 30 * 60_000 - 5_000..=now_ms() + 30 * 60_000).contains(&deadline), "{deadline}");
    assert!(view["code"].as_str().unwrap().contains("def running_sum"));
    assert_no_hidden(&view.to_string());

    // Opening again does not move the deadline.
    let again: Value = app.call("get_session", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(again["deadline_at"], deadline);
    assert_eq!(events(&app, &id).await, ["created", "timer_started"]);

    let history: Value = app.call("interview_history", &[]).await.json().await.unwrap();
    assert_eq!(history["rows"][0]["id"], id.as_str());
    assert_eq!(history["rows"][0]["status"], "active");
    assert_eq!(history["rows"][0]["problem_title"], "Running Sum");
}

#[tokio::test]
async fn concurrent_starts_with_one_credit_create_exactly_one_session() {
    let app = spawn_app_with(|o| o.accounts.signup_credits = Some(1)).await;
    app.sign_up("race@example.com").await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let client = app.client.clone();
        let url = format!("{}/api/start_interview", app.url);
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .form(&[("slug", "running-sum"), ("language", "python"), ("duration_minutes", "15")])
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT), "{statuses:?}");
    assert_eq!(credits(&app).await, 0);

    // With the session ended and no credit left, a clear refusal that creates nothing.
    let history: Value = app.call("interview_history", &[]).await.json().await.unwrap();
    let id = history["rows"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(app.call("end_interview", &[("id", &id)]).await.status(), StatusCode::OK);
    let res = start(&app, "15").await;
    assert_eq!(res.status(), StatusCode::PAYMENT_REQUIRED);
    assert_eq!(app_error(res).await, AppError::NoCredits);
    let history: Value = app.call("interview_history", &[]).await.json().await.unwrap();
    assert_eq!(history["rows"].as_array().unwrap().len(), 1);
    assert_eq!(credits(&app).await, 0);
}

#[tokio::test]
async fn another_user_gets_nothing_from_someone_elses_session() {
    let app = spawn_app().await;
    app.sign_up("owner@example.com").await;
    let id = started(&app).await;

    let intruder = app.new_client();
    let res = intruder
        .post(format!("{}/api/sign_up", app.url))
        .form(&[
            ("display_name", "Eve"),
            ("email", "eve@example.com"),
            ("password", crate::helpers::PASSWORD),
            ("accept_terms", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let post = |name: &str, form: Vec<(&'static str, String)>| {
        intruder.post(format!("{}/api/{name}", app.url)).form(&form).send()
    };
    for (name, form) in [
        ("get_session", vec![("id", id.clone())]),
        ("end_interview", vec![("id", id.clone())]),
        ("session_summary", vec![("id", id.clone())]),
        ("retry_evaluation", vec![("id", id.clone())]),
        (
            "save_snapshot",
            vec![("id", id.clone()), ("language", "python".into()), ("code", "x".into()), ("manual", "true".into())],
        ),
        (
            "run_code",
            vec![
                ("slug", "running-sum".into()),
                ("language", "python".into()),
                ("source", PY_RIGHT.into()),
                ("mode", "run".into()),
                ("session_id", id.clone()),
            ],
        ),
    ] {
        let res = post(name, form).await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{name}");
    }
    let history: Value =
        intruder.post(format!("{}/api/interview_history", app.url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(history["rows"], serde_json::json!([]));
    // The owner's session is untouched.
    assert_eq!(events(&app, &id).await, ["created"]);
    let owner = app.store.user_id_by_email("owner@example.com").await.unwrap().unwrap();
    let eve = app.store.user_id_by_email("eve@example.com").await.unwrap().unwrap();
    assert!(app.store.owned_session(&id, &eve).await.unwrap().is_none(), "the store itself answers only the owner");
    let s = app.store.owned_session(&id, &owner).await.unwrap().unwrap();
    assert_eq!(s.status, app::record::SessionStatus::Scheduled);
}

#[tokio::test]
async fn the_server_ends_a_session_at_its_deadline_with_no_browser_open() {
    let app = spawn_app().await;
    app.sign_up("late@example.com").await;
    let id = started(&app).await;
    let owner = app.store.user_id_by_email("late@example.com").await.unwrap().unwrap();
    // Open the room as if it had started 30 minutes ago, one second before the deadline.
    let now = now_ms();
    assert!(app.store.activate_session(&id, &owner, now - 30 * 60_000, now + 1_000).await.unwrap());
    let mut status = app::record::SessionStatus::Active;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        status = app.store.owned_session(&id, &owner).await.unwrap().unwrap().status;
        if status != app::record::SessionStatus::Active {
            break;
        }
    }
    assert_eq!(status, app::record::SessionStatus::Expired);
    let s = app.store.owned_session(&id, &owner).await.unwrap().unwrap();
    assert_eq!(s.ended_at, s.deadline_at, "it ends at the deadline, not later");

    // Nothing more can happen in it.
    let res = app.call("run_code", &right_answer_in(&id, "run")).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res =
        app.call("save_snapshot", &[("id", &id), ("language", "python"), ("code", "x"), ("manual", "true")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Ending an expired session keeps it expired.
    let view: Value = app.call("end_interview", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(view["status"], "expired");
}

#[tokio::test]
async fn runs_snapshots_and_the_end_are_recorded_in_order_and_ending_is_idempotent() {
    let app = spawn_app().await;
    app.sign_up("flow@example.com").await;
    let id = started(&app).await;
    app.call("get_session", &[("id", &id)]).await;

    // Automatic snapshots: at most one per 10 seconds is kept; manual ones always are.
    let first: Value = app
        .call("save_snapshot", &[("id", &id), ("language", "python"), ("code", "# a"), ("manual", "false")])
        .await
        .json()
        .await
        .unwrap();
    assert!(first.is_i64());
    let second: Value = app
        .call("save_snapshot", &[("id", &id), ("language", "python"), ("code", "# b"), ("manual", "false")])
        .await
        .json()
        .await
        .unwrap();
    assert!(second.is_null(), "{second}");
    let manual: Value = app
        .call("save_snapshot", &[("id", &id), ("language", "python"), ("code", "# c"), ("manual", "true")])
        .await
        .json()
        .await
        .unwrap();
    assert!(manual.is_i64());
    // The beacon sent as the candidate leaves is always kept, however soon it comes.
    let leaving: Value = app
        .call(
            "save_snapshot",
            &[("id", &id), ("language", "python"), ("code", "# d"), ("manual", "false"), ("leaving", "true")],
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(leaving.is_i64(), "{leaving}");
    let res = app
        .call(
            "save_snapshot",
            &[("id", &id), ("language", "python"), ("code", "# e"), ("manual", "false"), ("leaving", "maybe")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "a malformed flag is refused and saves nothing");
    assert!(matches!(app_error(res).await, AppError::Validation { .. }));
    let big = "x".repeat(60 * 1024);
    let res =
        app.call("save_snapshot", &[("id", &id), ("language", "python"), ("code", &big), ("manual", "true")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let run: Value = app.call("run_code", &right_answer_in(&id, "submit")).await.json().await.unwrap();
    assert_eq!(run["summary"]["verdict"], "accepted");
    // The room's code is the code that ran.
    let view: Value = app.call("get_session", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(view["code"], PY_RIGHT);

    let ended: Value = app
        .call("end_interview", &[("id", &id), ("language", "python"), ("code", "# final")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ended["status"], "completed");
    assert_eq!(ended["code"], "# final");
    let again = app.call("end_interview", &[("id", &id), ("language", "python"), ("code", "# later")]).await;
    assert_eq!(again.status(), StatusCode::OK);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["code"], "# final", "ending twice changes nothing");

    assert_eq!(
        events(&app, &id).await,
        [
            "created",
            "timer_started",
            "snapshot",
            "snapshot",
            "snapshot",
            "run_started",
            "snapshot",
            "submit",
            "snapshot",
            "ended"
        ]
    );
    let log = app.store.events_after(&id, 0).await.unwrap();
    let seqs: Vec<i64> = log.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=10).collect::<Vec<i64>>());
    let payload = |e: &app::record::server::EventRow| serde_json::from_str::<Value>(&e.payload).unwrap();
    let kinds: Vec<Value> = log.iter().filter(|e| e.kind == "snapshot").map(|e| payload(e)["kind"].clone()).collect();
    assert_eq!(kinds, ["auto", "manual", "leave", "run", "final"]);
    // The submission is kept case by case: every verdict, and no output of any case (the
    // program held the hidden inputs while it ran; Run records visible output).
    let submit = payload(log.iter().find(|e| e.kind == "submit").unwrap());
    let cases = submit["cases"].as_array().unwrap();
    assert_eq!(cases.len() as u64, submit["total"].as_u64().unwrap());
    assert!(cases.iter().all(|c| c["verdict"] == "accepted"), "{submit}");
    let visible = cases.iter().find(|c| c["hidden"] == false).unwrap();
    assert!(visible.get("actual").is_none_or(Value::is_null), "{visible}");
    assert!(visible.get("stdout").is_none_or(|s| s == ""), "{visible}");
    let hidden = cases.iter().find(|c| c["hidden"] == true).unwrap();
    assert!(hidden.get("actual").is_none() && hidden.get("stdout").is_none(), "{hidden}");
    assert_no_hidden(&submit.to_string());

    let history: Value = app.call("interview_history", &[]).await.json().await.unwrap();
    assert_eq!(history["rows"][0]["status"], "completed");
    assert_eq!(history["rows"][0]["score"], serde_json::json!([7, 7]));

    // A new interview can start now that this one has ended.
    assert_eq!(start(&app, "45").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn proposals_skip_problems_interviewed_on_this_week_even_without_a_run() {
    let app = spawn_app().await;
    app.sign_up("again@example.com").await;
    let id = started(&app).await; // running-sum, ended without running anything
    assert_eq!(app.call("end_interview", &[("id", &id)]).await.status(), StatusCode::OK);
    for _ in 0..8 {
        let proposal: Value = app.call("propose_interview", &[]).await.json().await.unwrap();
        assert_eq!(proposal["slug"], "rotate-array");
    }
    // With nothing fresh left under the filters, a recent one is still offered.
    let proposal: Value = app.call("propose_interview", &[("difficulty", "easy")]).await.json().await.unwrap();
    assert_eq!(proposal["slug"], "running-sum");
}

#[tokio::test]
async fn bad_start_requests_are_refused_and_spend_nothing() {
    let app = spawn_app().await;
    assert_eq!(start(&app, "30").await.status(), StatusCode::UNAUTHORIZED);
    app.sign_up("bad@example.com").await;
    assert_eq!(start(&app, "20").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res =
        app.call("start_interview", &[("slug", "running-sum"), ("language", "java"), ("duration_minutes", "30")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res =
        app.call("start_interview", &[("slug", "nope"), ("language", "python"), ("duration_minutes", "30")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(credits(&app).await, 3);
    let id = started(&app).await;
    let res = start(&app, "30").await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "one open interview at a time");
    assert_eq!(credits(&app).await, 2);
    let res = app.call("get_session", &[("id", "not-a-session")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let _ = id;
}

#[tokio::test]
async fn the_room_re_syncs_its_clock_from_the_server() {
    let app = spawn_app().await;
    app.sign_up("clock@example.com").await;
    let id = started(&app).await;
    let view: Value = app.call("get_session", &[("id", &id)]).await.json().await.unwrap();
    let clock: Value = app.call("sync_clock", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(clock["deadline_at"], view["deadline_at"]);
    assert_eq!(clock["status"], "active");
    let now = clock["server_now"].as_i64().unwrap();
    assert!((now_ms() - 5_000..=now_ms()).contains(&now));
    let other = app.new_client();
    let res = other.post(format!("{}/api/sync_clock", app.url)).form(&[("id", id.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn only_the_room_loosens_the_style_policy_for_the_editor() {
    let app = spawn_app().await;
    app.sign_up("csp@example.com").await;
    let id = started(&app).await;
    let csp = |res: &reqwest::Response| res.headers()["content-security-policy"].to_str().unwrap().to_string();

    let room = app.get(&format!("/interview/{id}")).await;
    assert_eq!(room.status(), StatusCode::OK);
    let policy = csp(&room);
    // Monaco writes <style> elements and loads its icon font from a data: URL...
    assert!(policy.contains("style-src 'self' 'unsafe-inline'"), "{policy}");
    assert!(policy.contains("font-src 'self' data:"), "{policy}");
    // ...but scripts stay as strict as everywhere else.
    assert!(policy.contains("script-src 'self' 'nonce-"), "{policy}");
    assert!(!policy.contains("'unsafe-eval'") && !policy.contains("script-src 'self' 'unsafe-inline'"), "{policy}");
    let html = room.text().await.unwrap();
    assert!(html.contains("Your solution (Python)"), "the server renders the code in a labelled text area");

    let dashboard = app.get("/dashboard").await;
    let policy = csp(&dashboard);
    assert!(policy.contains("style-src 'self';"), "{policy}");
    assert!(
        !policy.contains("style-src 'self' 'unsafe-inline'") && !policy.contains("font-src 'self' data:"),
        "{policy}"
    );
}

/// The nonce every inline script of a page carries, which its policy must allow.
fn script_nonces(html: &str) -> Vec<&str> {
    html.split("<script nonce=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_page_load_carries_the_policy_for_its_own_scripts_even_beside_other_requests() {
    // A reload of the room races the page's static files, the unloading page's snapshot
    // beacon and its other calls. Each page must still carry its own policy: without it the
    // browser blocks the app's scripts and the page never becomes interactive. (Leptos once
    // let a static file served on the thread of a page being rendered take that page's
    // headers, and the room's clean-up panicked when the server ran it on another thread.)
    let site = tempfile::tempdir().unwrap();
    let files: Vec<String> = (0..6).map(|i| format!("/asset-{i}.css")).collect();
    for f in &files {
        std::fs::write(site.path().join(f.trim_start_matches('/')), "body{}").unwrap();
    }
    let root = site.path().to_path_buf();
    let app = spawn_app_with(|o| o.site.root = Some(root)).await;
    app.sign_up("reload@example.com").await;
    let id = started(&app).await;
    let room = format!("/interview/{id}");
    let snapshot_form = [("id", id.as_str()), ("language", "python"), ("code", "# r"), ("manual", "false")];
    let clock_form = [("id", id.as_str())];
    for round in 0..60 {
        let statics = futures::future::join_all(files.iter().map(|f| app.get(f)));
        let (page, snapshot, clock, statics) = tokio::join!(
            app.get(&room),
            app.call("save_snapshot", &snapshot_form),
            app.call("sync_clock", &clock_form),
            statics,
        );
        assert!(snapshot.status().is_success() || snapshot.status() == StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(clock.status(), StatusCode::OK);
        for s in statics {
            assert_eq!(s.status(), StatusCode::OK);
            assert!(s.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
        }
        assert_eq!(page.status(), StatusCode::OK);
        let policy = page.headers()["content-security-policy"].to_str().unwrap().to_string();
        // The whole body arrives: a page whose rendering fails part-way is cut short.
        let html = page.text().await.unwrap_or_else(|e| panic!("round {round}: the page was cut short: {e}"));
        let nonces = script_nonces(&html);
        assert!(!nonces.is_empty(), "the page has inline scripts with a nonce");
        for nonce in nonces {
            assert!(
                policy.contains(&format!("script-src 'self' 'nonce-{nonce}'")),
                "round {round}: the policy does not allow the page's scripts: {policy}"
            );
        }
    }
}

#[tokio::test]
async fn history_pages_walk_a_long_history_in_order_with_its_total() {
    let app = spawn_app().await;
    app.sign_up("veteran@example.com").await;
    let user = app.store.user_id_by_email("veteran@example.com").await.unwrap().unwrap();
    let problem = app.store.problem_ref("running-sum").await.unwrap().unwrap();
    let now = now_ms();
    let past: Vec<_> = (0..130)
        .map(|i| (problem.id.clone(), problem.version, "python", 30, "completed", now - 60_000 * (i + 1)))
        .collect();
    app.store.insert_past_sessions(&user, &past).await.unwrap();

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut form = vec![("limit", "60".to_string())];
        if let Some(c) = &cursor {
            form.push(("cursor", c.clone()));
        }
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page: Value = app.call("interview_history", &form).await.json().await.unwrap();
        assert_eq!(page["total"], 130);
        pages += 1;
        for r in page["rows"].as_array().unwrap() {
            seen.push(r["created_at"].as_i64().unwrap());
        }
        match page["next"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 130, "every interview once");
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "newest first, no repeats");

    // Limits are clamped; a forged cursor is refused.
    let page: Value = app.call("interview_history", &[("limit", "100000")]).await.json().await.unwrap();
    assert_eq!(page["rows"].as_array().unwrap().len(), 130);
    let res = app.call("interview_history", &[("cursor", "not-a-cursor")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_session_keeps_a_bounded_number_of_browser_snapshots_but_always_its_final_code() {
    use app::domain::Language;
    use app::record::server::{owned, snapshot, MAX_CLIENT_SNAPSHOTS};
    use app::record::SnapshotKind;
    let app = spawn_app().await;
    app.sign_up("snapshots@example.com").await;
    let id = started(&app).await;
    app.call("get_session", &[("id", &id)]).await;
    let user = app.store.user_id_by_email("snapshots@example.com").await.unwrap().unwrap();
    let session = owned(&app.state, &user, &id).await.unwrap();
    for i in 0..MAX_CLIENT_SNAPSHOTS {
        let saved = snapshot(&app.state, &session, SnapshotKind::Manual, Language::Python, &format!("# {i}\n")).await;
        assert!(saved.unwrap().is_some(), "snapshot {i}");
    }
    let refused = snapshot(&app.state, &session, SnapshotKind::Manual, Language::Python, "# one too many\n").await;
    assert!(matches!(&refused, Err(AppError::Conflict(m)) if m.contains("saved copies")), "{refused:?}");
    // Through the API too, with a clear status; and the end of the interview is still saved.
    let res =
        app.call("save_snapshot", &[("id", &id), ("language", "python"), ("code", "# more"), ("manual", "true")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let ended: Value = app
        .call("end_interview", &[("id", &id), ("language", "python"), ("code", "# final\n")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ended["code"], "# final\n");
}

#[tokio::test]
async fn an_in_session_run_over_the_code_limit_is_refused_before_it_runs_and_records_nothing() {
    let app = spawn_app().await;
    app.sign_up("big@example.com").await;
    let id = started(&app).await;
    app.call("get_session", &[("id", &id)]).await;
    let before = events(&app, &id).await;
    // Between the snapshot limit and the WebSocket message limit: once accepted by the run
    // check, then refused by the snapshot after it had run.
    let source = format!("{PY_RIGHT}# {}\n", "x".repeat(app::domain::MAX_CODE_BYTES));
    assert!(source.len() < 64 * 1024);
    for mode in ["run", "submit"] {
        let form =
            [("slug", "running-sum"), ("language", "python"), ("source", &source), ("mode", mode), ("session_id", &id)];
        let res = app.call("run_code", &form).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{mode}");
        assert!(matches!(app_error(res).await, AppError::Validation { field, .. } if field == "source"));
    }
    assert_eq!(events(&app, &id).await, before, "nothing was run or stored");
}

#[tokio::test]
async fn the_dashboard_offers_only_categories_with_problems_at_each_difficulty_and_each_finds_one() {
    let app = spawn_app().await;
    app.sign_up("cats@example.com").await;
    let body: Value = app.call("dashboard", &[]).await.json().await.unwrap();
    let by_difficulty = body["start_categories"].as_array().expect("start categories");
    assert_eq!(by_difficulty.len(), 3, "{body}");
    let mut offered = 0;
    for entry in by_difficulty {
        let difficulty = entry["difficulty"].as_str().unwrap();
        for c in entry["categories"].as_array().unwrap() {
            let (code, count) = (c["code"].as_str().unwrap(), c["count"].as_u64().unwrap());
            assert!(count > 0, "{difficulty}/{code} offered with no problems");
            let res = app.call("propose_interview", &[("difficulty", difficulty), ("category", code)]).await;
            assert_eq!(res.status(), StatusCode::OK, "{difficulty}/{code} is offered but finds nothing");
            let proposal: Value = res.json().await.unwrap();
            assert_eq!(proposal["difficulty"], difficulty);
            offered += 1;
        }
        // A category not offered at this difficulty finds nothing there.
        let codes: Vec<&str> =
            entry["categories"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
        if !codes.contains(&"backtracking") {
            let res = app.call("propose_interview", &[("difficulty", difficulty), ("category", "backtracking")]).await;
            assert_eq!(res.status(), StatusCode::NOT_FOUND);
        }
    }
    assert!(offered > 0);
}
