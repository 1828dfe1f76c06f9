//! The Piston executor against a local fake server that speaks Piston's v2 API: the runtime
//! list, the execute request (language, version, files, timeouts) and its reply (`run` with
//! stdout, stderr, output, code, signal). The fake runs the first file with the local
//! interpreter, as Piston does inside its own isolation.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::domain::Language;
use app::platform::config::ExecutorKind;
use app::platform::executor::piston::Piston;
use app::platform::executor::{ExecError, Verdict};
use app::problems::server::{format, validate};

use crate::helpers::{fixtures_dir, spawn_app_with};

#[derive(Clone, Default)]
struct Fake {
    requests: Arc<Mutex<Vec<Value>>>,
    fail_with: Option<(u16, &'static str)>,
}

async fn runtimes() -> Json<Value> {
    Json(json!([
        { "language": "python", "version": "3.11.7", "aliases": ["py", "py3", "python3"] },
        { "language": "javascript", "version": "20.11.1", "aliases": ["node-javascript", "node-js", "js"], "runtime": "node" },
        { "language": "java", "version": "17.0.15", "aliases": [] }
    ]))
}

async fn execute(State(fake): State<Fake>, Json(body): Json<Value>) -> (StatusCode, Json<Value>) {
    fake.requests.lock().unwrap().push(body.clone());
    if let Some((status, message)) = fake.fail_with {
        return (StatusCode::from_u16(status).unwrap(), Json(json!({ "message": message })));
    }
    let (Some(language), Some(version), Some(files)) =
        (body["language"].as_str(), body["version"].as_str(), body["files"].as_array())
    else {
        return (StatusCode::BAD_REQUEST, Json(json!({ "message": "language, version and files are required" })));
    };
    if files.is_empty() {
        return (StatusCode::BAD_REQUEST, Json(json!({ "message": "files must not be empty" })));
    }
    let dir = tempfile::tempdir().unwrap();
    for f in files {
        std::fs::write(dir.path().join(f["name"].as_str().unwrap()), f["content"].as_str().unwrap()).unwrap();
    }
    let main = files[0]["name"].as_str().unwrap().to_string();
    let program = match language {
        "python" => "/usr/bin/python3",
        "javascript" => "/usr/bin/node",
        "java" => "java",
        _ => {
            return (
                StatusCode::BAD_REQUEST,
                Json(json!({ "message": format!("{language}-{version} runtime is unknown") })),
            )
        }
    };
    let timeout = Duration::from_millis(body["run_timeout"].as_u64().unwrap_or(3000));
    let mut cmd = tokio::process::Command::new(program);
    cmd.arg(&main).current_dir(dir.path()).kill_on_drop(true);
    let output = tokio::time::timeout(timeout, cmd.output()).await;
    let run = match output {
        Ok(Ok(out)) => {
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            json!({ "stdout": stdout, "stderr": stderr, "output": format!("{stdout}{stderr}"), "code": out.status.code(), "signal": null })
        }
        Ok(Err(e)) => {
            json!({ "stdout": "", "stderr": e.to_string(), "output": e.to_string(), "code": 1, "signal": null })
        }
        Err(_) => json!({ "stdout": "", "stderr": "", "output": "", "code": null, "signal": "SIGKILL" }),
    };
    (StatusCode::OK, Json(json!({ "language": language, "version": version, "run": run })))
}

async fn start_fake(fake: Fake) -> String {
    let app =
        Router::new().route("/api/v2/runtimes", get(runtimes)).route("/api/v2/execute", post(execute)).with_state(fake);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

#[tokio::test]
async fn piston_runs_give_the_same_verdicts_and_never_receive_expected_values() {
    let fake = Fake::default();
    let url = start_fake(fake.clone()).await;
    let piston = Piston::new(&url).unwrap();
    let problem = format::load_problem(&fixtures_dir().join("running-sum")).unwrap();
    let right = &problem.languages["python"].solution;
    let report = validate::run_source(&piston, &problem, Language::Python, right, true).await.unwrap();
    assert!(report.compile_error.is_none(), "{report:?}");
    assert_eq!(report.cases.len(), 7);
    assert!(report.cases.iter().all(|c| c.verdict == Verdict::Accepted), "{report:?}");

    let wrong = "function runningSum(nums) { return nums; }";
    let report = validate::run_source(&piston, &problem, Language::Javascript, wrong, false).await.unwrap();
    assert_eq!(report.cases[0].verdict, Verdict::WrongAnswer);
    assert_eq!(report.cases[1].verdict, Verdict::Accepted, "[5] is its own running sum");

    let broken = "def running_sum(nums)\n    return nums\n";
    let report = validate::run_source(&piston, &problem, Language::Python, broken, false).await.unwrap();
    assert!(report.compile_error.as_deref().unwrap_or_default().contains("expected ':'"), "{report:?}");

    let requests = fake.requests.lock().unwrap().clone();
    assert_eq!(requests[0]["language"], "python");
    assert_eq!(requests[0]["version"], "3.11.7");
    assert_eq!(requests[0]["files"][0]["name"], "harness.py");
    for r in &requests {
        let text = r.to_string();
        assert!(!text.contains("\"expected\""), "expected values must stay on the server: {text}");
        assert!(!text.contains("424248"), "a hidden expected value was sent: {text}");
    }
}

#[tokio::test]
async fn piston_refuses_test_code_problems_whose_tests_must_run_apart_from_the_candidate() {
    let fake = Fake::default();
    let requests = fake.requests.clone();
    let url = start_fake(fake).await;
    let piston = Piston::new(&url).unwrap();
    let problem = format::load_problem(&fixtures_dir().join("rotate-array")).unwrap();
    for language in [Language::Python, Language::Javascript, Language::Java] {
        let solution = &problem.languages[language.code()].solution;
        match validate::run_source(&piston, &problem, language, solution, true).await {
            Err(ExecError::Unavailable(m)) => assert!(m.contains("local sandbox"), "{m}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    assert!(requests.lock().unwrap().is_empty(), "no test code was sent to Piston");
}

#[tokio::test]
async fn piston_failures_are_specific_errors() {
    let problem = format::load_problem(&fixtures_dir().join("running-sum")).unwrap();
    let src = &problem.languages["python"].solution;

    let refusing = Piston::new(
        &start_fake(Fake { fail_with: Some((400, "python-9.9 runtime is unknown")), ..Default::default() }).await,
    )
    .unwrap();
    match validate::run_source(&refusing, &problem, Language::Python, src, false).await {
        Err(ExecError::Internal(m)) => assert!(m.contains("python-9.9 runtime is unknown"), "{m}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    let failing =
        Piston::new(&start_fake(Fake { fail_with: Some((500, "internal error")), ..Default::default() }).await)
            .unwrap();
    assert!(matches!(
        validate::run_source(&failing, &problem, Language::Python, src, false).await,
        Err(ExecError::Unavailable(_))
    ));
    // Nothing listening.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let gone = Piston::new(&format!("http://127.0.0.1:{port}")).unwrap();
    match validate::run_source(&gone, &problem, Language::Python, src, false).await {
        Err(ExecError::Unavailable(m)) => assert!(m.contains("cannot reach the Piston API"), "{m}"),
        other => panic!("expected unavailable, got {other:?}"),
    }
}

#[tokio::test]
async fn the_app_runs_code_on_piston_when_configured_and_reports_an_outage() {
    let url = start_fake(Fake::default()).await;
    let app = spawn_app_with(|o| {
        o.executor.kind = Some(ExecutorKind::Piston);
        o.executor.piston_url = Some(url.clone());
    })
    .await;
    app.sign_up("remote@example.com").await;
    let src = "def running_sum(nums):\n    out, t = [], 0\n    for n in nums:\n        t += n\n        out.append(t)\n    return out\n";
    let res = app
        .call("run_code", &[("slug", "running-sum"), ("language", "python"), ("source", src), ("mode", "submit")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let result: Value = res.json().await.unwrap();
    assert_eq!(result["summary"]["verdict"], "accepted");
    assert_eq!(result["summary"]["passed"], 7);

    // Piston down: a clear 503, and the streamed run ends with a `failed` event.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let down = spawn_app_with(|o| {
        o.executor.kind = Some(ExecutorKind::Piston);
        o.executor.piston_url = Some(format!("http://127.0.0.1:{port}"));
    })
    .await;
    down.sign_up("down@example.com").await;
    let res = down
        .call("run_code", &[("slug", "running-sum"), ("language", "python"), ("source", src), ("mode", "run")])
        .await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let res = down.post_run(&json!({"slug": "running-sum", "language": "python", "source": src, "mode": "run"})).await;
    let text = res.text().await.unwrap();
    let last: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["event"], "failed");
    assert!(last["error"]["Unavailable"].as_str().unwrap().contains("unavailable"), "{last}");
}
