//! Language memory: switching the editor's language gets back what the candidate last had in
//! that language, derived on the server from the session's record (edits, switches and
//! snapshots), or the starter for a language not used yet. Only the owner's open session
//! answers; unknown, malformed and unoffered languages are refused with a clear error.

use app::domain::error::AppError;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{app_error, spawn_app};
use crate::realtime::{call, hello, next, open_session, send, user};

const PY: &str = "def running_sum(nums):\n    out, s = [], 0\n    for n in nums:\n        s += n\n        out.append(s)\n    return out\n";
const JS: &str = "function runningSum(nums) {\n  let s = 0;\n  return nums.map((n) => (s += n));\n}\n";
const JS_LATER: &str =
    "function runningSum(nums) {\n  // saved by hand\n  let s = 0;\n  return nums.map((n) => (s += n));\n}\n";

async fn code_for(
    app: &crate::helpers::TestApp,
    client: &reqwest::Client,
    id: &str,
    language: &str,
) -> reqwest::Response {
    call(app, client, "language_code", &[("id", id), ("language", language)]).await
}

async fn text(res: reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

#[tokio::test]
async fn each_language_gets_back_its_last_code_from_the_record() {
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "polyglot@example.com").await;
    let id = open_session(&app, &client).await;

    // Nothing written yet: each language is its starter.
    let py_starter = text(code_for(&app, &client, &id, "python").await).await;
    assert!(py_starter.contains("def running_sum"), "{py_starter}");
    let js_starter = text(code_for(&app, &client, &id, "javascript").await).await;
    assert!(js_starter.contains("function runningSum"), "{js_starter}");

    // Python written, then a switch to JavaScript (an edit in the other language).
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;
    send(&mut ws, json!({"type": "edit", "seq": 1, "language": "python", "code": PY})).await;
    assert_eq!(next(&mut ws).await, json!({"type": "ack", "seq": 1}));
    send(&mut ws, json!({"type": "edit", "seq": 2, "language": "javascript", "code": js_starter})).await;
    assert_eq!(next(&mut ws).await, json!({"type": "ack", "seq": 2}));
    send(&mut ws, json!({"type": "edit", "seq": 3, "language": "javascript", "code": JS})).await;
    assert_eq!(next(&mut ws).await, json!({"type": "ack", "seq": 3}));
    assert_eq!(text(code_for(&app, &client, &id, "python").await).await, PY);
    assert_eq!(text(code_for(&app, &client, &id, "javascript").await).await, JS);

    // A snapshot is a new base for its language; the other keeps its code.
    let saved = call(
        &app,
        &client,
        "save_snapshot",
        &[("id", &id), ("language", "javascript"), ("code", JS_LATER), ("manual", "true")],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(text(code_for(&app, &client, &id, "javascript").await).await, JS_LATER);
    assert_eq!(text(code_for(&app, &client, &id, "python").await).await, PY);

    // Back to Python (diffed against the JavaScript code), then more Python.
    send(&mut ws, json!({"type": "edit", "seq": 4, "language": "python", "code": PY})).await;
    assert_eq!(next(&mut ws).await, json!({"type": "ack", "seq": 4}));
    let py2 = format!("{PY}# checked\n");
    send(&mut ws, json!({"type": "edit", "seq": 5, "language": "python", "code": py2})).await;
    assert_eq!(next(&mut ws).await, json!({"type": "ack", "seq": 5}));
    assert_eq!(text(code_for(&app, &client, &id, "python").await).await, py2);
    assert_eq!(text(code_for(&app, &client, &id, "javascript").await).await, JS_LATER);
    // The room opened again (a reload) starts from the current code, in Python.
    let view: serde_json::Value = call(&app, &client, "get_session", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(view["language"], "python");
    assert_eq!(view["code"], py2.as_str());
}

#[tokio::test]
async fn bad_languages_other_users_and_ended_sessions_are_refused() {
    let app = spawn_app().await;
    let (client, _) = user(&app, "switcher@example.com").await;
    let id = open_session(&app, &client).await;

    let huge = "p".repeat(100_000);
    for bad in ["cobol", "", "Python ", "python\u{0}", "<script>", huge.as_str()] {
        let res = code_for(&app, &client, &id, bad).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{:.40}", bad);
        match app_error(res).await {
            AppError::Validation { field, .. } => assert_eq!(field, "language"),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }
    // Java is a language, but this problem does not offer it.
    let res = code_for(&app, &client, &id, "java").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app_error(res).await.to_string().contains("not offered"));
    // A missing field is a clear refusal too.
    let res = call(&app, &client, "language_code", &[("id", &id)]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Someone else's session, or one that does not exist, is not found.
    let (eve, _) = user(&app, "eve-languages@example.com").await;
    let res = code_for(&app, &eve, &id, "python").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(app_error(res).await, AppError::NotFound);
    let res = code_for(&app, &client, "no-such-session", "python").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = code_for(&app, &client, &"x".repeat(5_000), "python").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Signed out: unauthorized.
    let res = code_for(&app, &app.new_client(), &id, "python").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // Once ended there is nothing to switch.
    assert_eq!(call(&app, &client, "end_interview", &[("id", &id)]).await.status(), StatusCode::OK);
    let res = code_for(&app, &client, &id, "python").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(app_error(res).await, AppError::Ended);
}

#[tokio::test]
async fn the_dashboard_offers_the_open_interview_and_not_an_ended_one() {
    let app = spawn_app().await;
    let (client, _) = user(&app, "resume@example.com").await;
    let d: serde_json::Value = call(&app, &client, "dashboard", &[]).await.json().await.unwrap();
    assert!(d["open_interview"].is_null(), "{d}");
    let id = open_session(&app, &client).await;
    let d: serde_json::Value = call(&app, &client, "dashboard", &[]).await.json().await.unwrap();
    let open = &d["open_interview"];
    assert_eq!(open["id"], id.as_str());
    assert_eq!(open["problem_title"], "Running Sum");
    assert!(open["deadline_at"].as_i64().unwrap() > open["server_now"].as_i64().unwrap());
    // Another user sees none of it.
    let (eve, _) = user(&app, "eve-resume@example.com").await;
    let e: serde_json::Value = call(&app, &eve, "dashboard", &[]).await.json().await.unwrap();
    assert!(e["open_interview"].is_null(), "{e}");
    assert_eq!(call(&app, &client, "end_interview", &[("id", &id)]).await.status(), StatusCode::OK);
    let d: serde_json::Value = call(&app, &client, "dashboard", &[]).await.json().await.unwrap();
    assert!(d["open_interview"].is_null(), "{d}");
}
