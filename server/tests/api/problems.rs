//! The problem bank and code runs through the HTTP API: list, detail, random, streamed runs,
//! submissions, rate limits, import versioning and export. The hidden sentinel `424242` (and
//! its running sums) appears only in hidden cases of `running-sum` and must never be sent.

use app::domain::error::AppError;
use app::problems::server::bank;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{app_error, assert_no_hidden, fixtures_dir, spawn_app, spawn_app_with, PY_RIGHT};

/// Right on visible cases; on hidden ones prints its input and fails with it in the error.
const PY_LEAKY: &str = "def running_sum(nums):\n    print('input was', nums)\n    if len(nums) != 1 and nums[:3] != [1, 2, 3]:\n        raise ValueError('bad input %r' % nums)\n    out, t = [], 0\n    for n in nums:\n        t += n\n        out.append(t)\n    return out\n";

async fn signed_in() -> crate::helpers::TestApp {
    let app = spawn_app().await;
    assert_eq!(app.sign_up("coder@example.com").await.status(), StatusCode::OK);
    app
}

/// Reads an NDJSON stream into its events.
async fn events(res: reqwest::Response) -> Vec<Value> {
    assert_eq!(res.headers().get("content-type").unwrap(), "application/x-ndjson");
    let text = res.text().await.unwrap();
    assert_no_hidden(&text);
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[tokio::test]
async fn the_bank_is_imported_at_start_and_listed_with_filters() {
    let app = spawn_app().await;
    let res = app.call("list_problems", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    assert_no_hidden(&text);
    let list: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(list["total"], 2);
    assert_eq!(list["pages"], 1);
    // Easiest first.
    assert_eq!(list["items"][0]["slug"], "running-sum");
    assert_eq!(list["items"][0]["languages"], json!(["javascript", "python"]));
    assert_eq!(list["items"][1]["slug"], "rotate-array");

    let medium: Value = app.call("list_problems", &[("difficulty", "medium")]).await.json().await.unwrap();
    assert_eq!(medium["total"], 1);
    assert_eq!(medium["items"][0]["slug"], "rotate-array");
    let math: Value = app.call("list_problems", &[("category", "math")]).await.json().await.unwrap();
    assert_eq!(math["total"], 1);
    assert_eq!(math["items"][0]["slug"], "running-sum");
    let none: Value = app.call("list_problems", &[("category", "graphs")]).await.json().await.unwrap();
    assert_eq!(none["total"], 0);
    let page2: Value = app.call("list_problems", &[("page", "2")]).await.json().await.unwrap();
    assert_eq!(page2["items"], json!([]));

    let bad = app.call("list_problems", &[("difficulty", "impossible")]).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = app.call("list_problems", &[("category", "x' OR 1=1 --")]).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_problem_shows_its_statement_examples_and_starters_but_no_hidden_case_or_solution() {
    let app = spawn_app().await;
    let res = app.call("get_problem", &[("slug", "running-sum")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    assert_no_hidden(&text);
    assert!(!text.contains("out.append(total)"), "the reference solution was sent");
    let p: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(p["title"], "Running Sum");
    assert_eq!(p["version"], 1);
    assert_eq!(p["hidden_cases"], 5);
    assert_eq!(p["examples"][0]["inputs"], json!([["nums", "[1,2,3]"]]));
    assert_eq!(p["examples"][0]["expected"], "[1,3,6]");
    assert!(p["statement_html"].as_str().unwrap().contains("<code>nums</code>"));
    assert_eq!(p["starters"].as_array().unwrap().len(), 2);

    let page = app.get("/problems/running-sum").await.text().await.unwrap();
    assert!(page.contains("Running Sum"));
    assert_no_hidden(&page);

    let missing = app.call("get_problem", &[("slug", "no-such-problem")]).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_run_streams_each_visible_case_then_the_summary() {
    let app = signed_in().await;
    let res =
        app.post_run(&json!({"slug": "running-sum", "language": "python", "source": PY_RIGHT, "mode": "run"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let ev = events(res).await;
    assert_eq!(ev[0], json!({"event": "started", "total": 2}));
    let cases: Vec<&Value> = ev.iter().filter(|e| e["event"] == "case").collect();
    assert_eq!(cases.len(), 2);
    for c in &cases {
        assert_eq!(c["result"]["verdict"], "accepted");
        assert_eq!(c["result"]["hidden"], false);
    }
    assert_eq!(cases[0]["result"]["actual"], "[1,3,6]");
    let last = ev.last().unwrap();
    assert_eq!(last["event"], "finished");
    assert_eq!(last["summary"]["verdict"], "accepted");
    assert_eq!(last["summary"]["passed"], 2);
    assert_eq!(last["summary"]["total"], 2);
}

#[tokio::test]
async fn a_submission_reports_hidden_cases_by_verdict_only() {
    let app = signed_in().await;
    let res =
        app.post_run(&json!({"slug": "running-sum", "language": "python", "source": PY_LEAKY, "mode": "submit"})).await;
    let ev = events(res).await;
    assert_eq!(ev[0]["total"], 7);
    let cases: Vec<&Value> = ev.iter().filter(|e| e["event"] == "case").map(|e| &e["result"]).collect();
    assert_eq!(cases.len(), 7);
    for c in cases.iter().filter(|c| c["hidden"] == true) {
        assert_eq!(c["inputs"], json!([]));
        assert_eq!(c["stdout"], "");
        assert_eq!(c["stderr"], "");
        assert!(c["error"].is_null() && c["expected"].is_null() && c["actual"].is_null() && c["time_ms"].is_null());
    }
    // Visible cases keep their inputs and expected values (the problem's own), never what
    // the code printed, returned or raised: during a submission it could read hidden inputs.
    let first = cases.iter().find(|c| c["index"] == 0).unwrap();
    assert_eq!(first["stdout"], "");
    assert!(first["actual"].is_null() && first["time_ms"].is_null() && first["error"].is_null());
    assert!(!first["inputs"].as_array().unwrap().is_empty() && first["expected"].is_string());
    let summary = &ev.last().unwrap()["summary"];
    assert_eq!(summary["verdict"], "runtime_error");
    assert_eq!(summary["total"], 7);

    // The same through the non-streamed server function.
    let res = app
        .call("run_code", &[("slug", "running-sum"), ("language", "python"), ("source", PY_LEAKY), ("mode", "submit")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    assert_no_hidden(&text);
    let result: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(result["cases"].as_array().unwrap().len(), 7);

    // A right answer passes everything, and the list shows the problem as solved.
    let right: Value = app
        .call("run_code", &[("slug", "running-sum"), ("language", "python"), ("source", PY_RIGHT), ("mode", "submit")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(right["summary"]["verdict"], "accepted");
    assert_eq!(right["summary"]["passed"], 7);
    let list: Value = app.call("list_problems", &[]).await.json().await.unwrap();
    assert_eq!(list["items"][0]["solved"], true);
    assert_eq!(list["items"][1]["attempted"], false);
}

/// Reads the job file (every case's input, hidden ones too) in a visible case and tries every
/// way back out: printing, stderr, the return value, an exception, and timing.
const PY_JOB_SNOOP: &str = "import sys, time\ndef running_sum(nums):\n    job = open('job.json').read()\n    print(job)\n    sys.stderr.write(job)\n    time.sleep(0.001 * (len(job) % 100))\n    if nums == [1, 2, 3]:\n        return [job]\n    raise ValueError(job)\n";
/// Fails while loading with the job file in its message.
const PY_LOAD_SNOOP: &str = "raise RuntimeError(open('job.json').read())\ndef running_sum(nums):\n    return nums\n";

#[tokio::test]
async fn a_submission_sends_back_nothing_the_program_produced_so_hidden_inputs_cannot_leak() {
    let app = signed_in().await;
    for source in [PY_JOB_SNOOP, PY_LOAD_SNOOP] {
        let res = app
            .post_run(&json!({"slug": "running-sum", "language": "python", "source": source, "mode": "submit"}))
            .await;
        let ev = events(res).await; // asserts no hidden value in the whole stream
        let summary = &ev.last().unwrap()["summary"];
        assert_ne!(summary["verdict"], "accepted", "{ev:?}");
        let text = app
            .call(
                "run_code",
                &[("slug", "running-sum"), ("language", "python"), ("source", source), ("mode", "submit")],
            )
            .await
            .text()
            .await
            .unwrap();
        assert_no_hidden(&text);
    }
    // Loading failures on submit say so and point to Run, where the error shows.
    let res = app
        .post_run(&json!({"slug": "running-sum", "language": "python", "source": PY_LOAD_SNOOP, "mode": "submit"}))
        .await;
    let ev = events(res).await;
    let summary = &ev.last().unwrap()["summary"];
    assert_eq!(summary["verdict"], "compile_error");
    assert_eq!(summary["compile_error"], app::problems::server::practice::SUBMIT_COMPILE_ERROR);
    // Run (visible cases only) shows the program's own error.
    let res = app
        .post_run(&json!({"slug": "running-sum", "language": "python", "source": PY_LOAD_SNOOP, "mode": "run"}))
        .await;
    let ev = events(res).await;
    assert!(ev.last().unwrap()["summary"]["compile_error"].as_str().unwrap().contains("RuntimeError"));
}

#[tokio::test]
async fn test_code_problems_run_in_each_language() {
    let app = signed_in().await;
    let sources = [
        ("python", include_str!("../fixtures/problems/rotate-array/python/solution.py")),
        ("javascript", include_str!("../fixtures/problems/rotate-array/javascript/solution.js")),
        ("java", include_str!("../fixtures/problems/rotate-array/java/Solution.java")),
    ];
    for (language, source) in sources {
        let result: Value = app
            .call(
                "run_code",
                &[("slug", "rotate-array"), ("language", language), ("source", source), ("mode", "submit")],
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(result["summary"]["verdict"], "accepted", "{language}: {result}");
        assert_eq!(result["summary"]["passed"], 7, "{language}");
    }
}

#[tokio::test]
async fn runs_are_refused_clearly_and_change_nothing() {
    let app = spawn_app().await;
    let body = json!({"slug": "running-sum", "language": "python", "source": PY_RIGHT, "mode": "run"});
    let res = app.post_run(&body).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app_error(res).await, AppError::Unauthorized);

    app.sign_up("refused@example.com").await;
    let java = app
        .post_run(&json!({"slug": "running-sum", "language": "java", "source": "class Solution {}", "mode": "run"}))
        .await;
    assert_eq!(java.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app_error(java).await.to_string().contains("Java is not offered"));

    let big = "x".repeat(70 * 1024);
    let res = app.post_run(&json!({"slug": "running-sum", "language": "python", "source": big, "mode": "run"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let res = app.post_run(&json!({"slug": "nope", "language": "python", "source": PY_RIGHT, "mode": "run"})).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let res = app.post_run(&json!({"slug": "running-sum", "language": "cobol", "source": "x", "mode": "run"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Cross-site posts are refused before anything runs.
    let res = app
        .client
        .post(format!("{}/api/runs", app.url))
        .header("origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let id = app.store.user_id_by_email("refused@example.com").await.unwrap().unwrap();
    let list = app.store.list_problems(Some(&id), None, None, 0, 10).await.unwrap().0;
    assert!(list.iter().all(|p| !p.attempted), "refused runs must not be recorded");
}

#[tokio::test]
async fn too_many_runs_get_429_with_retry_after() {
    let app = spawn_app_with(|o| o.executor.runs_per_minute = Some(2)).await;
    app.sign_up("busy@example.com").await;
    let body = json!({"slug": "running-sum", "language": "python", "source": PY_RIGHT, "mode": "run"});
    for _ in 0..2 {
        let res = app.post_run(&body).await;
        assert_eq!(res.status(), StatusCode::OK);
        res.text().await.unwrap();
    }
    let res = app.post_run(&body).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    let res = app
        .call("run_code", &[("slug", "running-sum"), ("language", "python"), ("source", PY_RIGHT), ("mode", "run")])
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().get("retry-after").is_some());
}

#[tokio::test]
async fn a_random_problem_skips_ones_attempted_this_week() {
    let app = signed_in().await;
    let res = app
        .call("run_code", &[("slug", "running-sum"), ("language", "python"), ("source", PY_RIGHT), ("mode", "run")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    for _ in 0..8 {
        let slug: String = app.call("random_problem", &[]).await.json().await.unwrap();
        assert_eq!(slug, "rotate-array");
    }
    let slug: String = app.call("random_problem", &[("difficulty", "easy")]).await.json().await.unwrap();
    assert_eq!(slug, "running-sum", "with nothing fresh left, an attempted one is offered");
    let res = app.call("random_problem", &[("category", "graphs")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[tokio::test]
async fn import_is_idempotent_versions_changes_and_keeps_past_versions() {
    let app = signed_in().await;
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures_dir(), dir.path());

    // Already imported at start: nothing changes.
    let report = bank::import_dir(&app.store, dir.path()).await;
    assert_eq!(report.unchanged.len(), 2, "{report:?}");
    assert!(report.created.is_empty() && report.updated.is_empty() && report.failed.is_empty());

    // A run pins version 1.
    let res = app
        .call("run_code", &[("slug", "running-sum"), ("language", "python"), ("source", PY_RIGHT), ("mode", "run")])
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    let statement = dir.path().join("running-sum/statement.md");
    std::fs::write(&statement, "Return the running sums of `nums`. (Reworded.)\n").unwrap();
    let report = bank::import_dir(&app.store, dir.path()).await;
    assert_eq!(report.updated, vec![("running-sum".to_string(), 2)]);
    assert_eq!(report.unchanged, vec!["rotate-array".to_string()]);

    let p: Value = app.call("get_problem", &[("slug", "running-sum")]).await.json().await.unwrap();
    assert_eq!(p["version"], 2);
    assert!(p["statement_html"].as_str().unwrap().contains("Reworded"));
    let (v1, files) = app.store.problem_files("running-sum", Some(1)).await.unwrap().unwrap();
    assert_eq!(v1.version, 1);
    assert!(!files.contains("Reworded"), "version 1 keeps its own statement");

    // A broken problem is reported and skipped; the others still import.
    std::fs::write(dir.path().join("rotate-array/tests.json"), "{ not json").unwrap();
    let report = bank::import_dir(&app.store, dir.path()).await;
    assert_eq!(report.failed.len(), 1);
    assert!(report.failed[0].1.contains("tests.json"), "{:?}", report.failed);
    assert_eq!(report.unchanged, vec!["running-sum".to_string()]);
}

#[tokio::test]
async fn export_writes_back_exactly_what_was_imported() {
    let app = spawn_app().await;
    let out = tempfile::tempdir().unwrap();
    let n = bank::export_dir(&app.store, out.path()).await.unwrap();
    assert_eq!(n, 2);
    for slug in ["running-sum", "rotate-array"] {
        let original = app::problems::server::format::read_problem_files(&fixtures_dir().join(slug)).unwrap();
        let exported = app::problems::server::format::read_problem_files(&out.path().join(slug)).unwrap();
        assert_eq!(original, exported, "{slug}");
    }
    // And the export imports as unchanged.
    let report = bank::import_dir(&app.store, out.path()).await;
    assert_eq!(report.unchanged.len(), 2);
}

/// Right, but slow: sleeps on every case.
const PY_SLOW: &str = "import time\ndef running_sum(nums):\n    time.sleep(1.2)\n    out, t = [], 0\n    for n in nums:\n        t += n\n        out.append(t)\n    return out\n";

async fn run_as(app: &crate::helpers::TestApp, client: &reqwest::Client, source: &str) -> Vec<Value> {
    let body = json!({"slug": "running-sum", "language": "python", "source": source, "mode": "run"});
    events(client.post(format!("{}/api/runs", app.url)).json(&body).send().await.unwrap()).await
}

#[tokio::test]
async fn a_run_waiting_for_a_busy_sandbox_is_told_its_place_then_runs() {
    let app = spawn_app_with(|o| o.executor.sandbox_slots = Some(1)).await;
    app.sign_up("flood@example.com").await;
    let (other, _) = crate::realtime::user(&app, "quick@example.com").await;
    let slow = run_as(&app, &app.client, PY_SLOW);
    let quick = async {
        tokio::time::sleep(std::time::Duration::from_millis(600)).await;
        run_as(&app, &other, PY_RIGHT).await
    };
    let (slow, quick) = tokio::join!(slow, quick);
    assert_eq!(slow.last().unwrap()["summary"]["verdict"], "accepted", "{slow:?}");
    assert!(quick.iter().any(|e| e == &json!({"event": "queued", "position": 1})), "{quick:?}");
    assert_eq!(quick.last().unwrap()["summary"]["verdict"], "accepted", "{quick:?}");
}

#[tokio::test]
async fn a_run_that_waits_too_long_for_a_sandbox_is_refused_with_a_retryable_message_and_not_recorded() {
    let app = spawn_app_with(|o| {
        o.executor.sandbox_slots = Some(1);
        o.executor.run_queue_wait_secs = Some(1);
    })
    .await;
    app.sign_up("flood2@example.com").await;
    let (other, _) = crate::realtime::user(&app, "late@example.com").await;
    let slow = run_as(&app, &app.client, PY_SLOW);
    let late = async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        run_as(&app, &other, PY_RIGHT).await
    };
    let (_, late) = tokio::join!(slow, late);
    let last = late.last().unwrap();
    assert_eq!(last["event"], "failed", "{late:?}");
    let error: AppError = serde_json::from_value(last["error"].clone()).unwrap();
    assert!(matches!(&error, AppError::Unavailable(m) if m.contains("busy") && m.contains("again")), "{error:?}");
    // The refused run left no record: the problem is not even attempted for that user.
    let list: Value = other
        .post(format!("{}/api/list_problems", app.url))
        .form(&Vec::<(&str, &str)>::new())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = list["items"].as_array().unwrap();
    assert!(!items.is_empty() && items.iter().all(|i| i["attempted"] == false), "{list}");
}

fn slugs(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|i| i["slug"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn the_list_is_searched_by_title_and_tag_together_with_the_filters() {
    let app = spawn_app().await;
    let list = |form: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let res = app.call("list_problems", &form).await;
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<Value>().await.unwrap()
        }
    };
    // By title, by tag, case-insensitively, every word having to match.
    assert_eq!(slugs(&list(vec![("q", "rotate".into())]).await), ["rotate-array"]);
    assert_eq!(slugs(&list(vec![("q", "PREFIX".into())]).await), ["running-sum"]);
    assert_eq!(slugs(&list(vec![("q", "  running   prefix ".into())]).await), ["running-sum"]);
    assert_eq!(slugs(&list(vec![("q", "rotate prefix".into())]).await), Vec::<String>::new());
    // With the other filters.
    assert_eq!(slugs(&list(vec![("q", "in-place".into()), ("difficulty", "medium".into())]).await), ["rotate-array"]);
    assert_eq!(list(vec![("q", "in-place".into()), ("difficulty", "easy".into())]).await["total"], 0);
    assert_eq!(slugs(&list(vec![("q", "sum".into()), ("category", "math".into())]).await), ["running-sum"]);
    // An unknown tag finds nothing (and offers no category).
    let none = list(vec![("q", "no-such-tag".into())]).await;
    assert_eq!(none["total"], 0);
    assert_eq!(none["categories"], json!([]));
    // Odd characters neither break the query nor act as wildcards or JSON syntax.
    for q in ["%", "_", "\\", "\"", "[\"", "%' OR 1=1 --", "'; DROP TABLE problems; --", "\u{0}", "ünïcødé ✓"] {
        let res = app.call("list_problems", &[("q", q)]).await;
        assert_eq!(res.status(), StatusCode::OK, "{q:?}");
        let total = res.json::<Value>().await.unwrap()["total"].as_u64().unwrap();
        assert!(total == 0 || total == 2, "{q:?} matched {total}");
    }
    assert_eq!(list(vec![("q", "100%".into())]).await["total"], 0, "% is not a wildcard");
    // `_` separates words rather than standing for any character.
    assert_eq!(slugs(&list(vec![("q", "r_tate".into())]).await), ["rotate-array"]);
    assert_eq!(list(vec![("q", "%".into())]).await["total"], 2, "no word: no search");
    // A huge query is refused with a message for the search field, never a 500.
    let res = app.call("list_problems", &[("q", &"rotate ".repeat(2000))]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error = app_error(res).await;
    assert!(
        matches!(&error, AppError::Validation { field, message } if field == "q" && message.contains("100")),
        "{error:?}"
    );
    let res = app.call("random_problem", &[("q", &"x".repeat(101))]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The table still holds both problems after all that.
    assert_eq!(list(vec![]).await["total"], 2);
}

#[tokio::test]
async fn only_categories_with_problems_are_listed_with_their_counts() {
    let app = spawn_app().await;
    let all: Value = app.call("list_problems", &[]).await.json().await.unwrap();
    assert_eq!(all["categories"], json!([{ "code": "arrays", "count": 2 }, { "code": "math", "count": 1 }]));
    // Counts follow the difficulty and the search, not the chosen category itself.
    let medium: Value = app.call("list_problems", &[("difficulty", "medium")]).await.json().await.unwrap();
    assert_eq!(medium["categories"], json!([{ "code": "arrays", "count": 1 }]));
    let math: Value = app.call("list_problems", &[("category", "math")]).await.json().await.unwrap();
    assert_eq!(math["categories"], all["categories"]);
    let searched: Value = app.call("list_problems", &[("q", "rotate")]).await.json().await.unwrap();
    assert_eq!(searched["categories"], json!([{ "code": "arrays", "count": 1 }]));
    // Every offered category (under each difficulty) has a random problem.
    for difficulty in ["", "easy", "medium", "hard"] {
        let list: Value = app.call("list_problems", &[("difficulty", difficulty)]).await.json().await.unwrap();
        for c in list["categories"].as_array().unwrap() {
            let category = c["code"].as_str().unwrap();
            let res = app.call("random_problem", &[("difficulty", difficulty), ("category", category)]).await;
            assert_eq!(res.status(), StatusCode::OK, "{difficulty} {category}");
        }
    }
}

#[tokio::test]
async fn a_random_problem_follows_the_search() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let slug: String = app.call("random_problem", &[("q", "rotate")]).await.json().await.unwrap();
        assert_eq!(slug, "rotate-array");
    }
    let slug: String = app.call("random_problem", &[("q", "sum"), ("category", "arrays")]).await.json().await.unwrap();
    assert_eq!(slug, "running-sum");
    let res = app.call("random_problem", &[("q", "no-such-tag")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_list_page_is_searched_and_filtered_without_javascript() {
    let app = spawn_app().await;
    let res = app.get("/problems?q=rotate&difficulty=&category=").await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains(">Rotate Array In Place</a>"), "{html}");
    assert!(!html.contains(">Running Sum</a>"), "{html}");
    assert!(html.contains("1 problem · page 1 of 1"), "{html}");
    assert!(html.contains(r#"value="rotate""#), "the search box keeps the query: {html}");
    // Only categories with problems are offered.
    assert!(html.contains("Arrays (1)"), "{html}");
    assert!(!html.contains("Backtracking"), "{html}");
    assert!(!html.contains("Math ("), "{html}");
    // A huge search is answered with the search's own message (422), never a 500.
    let res = app.get(&format!("/problems?q={}", "x".repeat(500))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("Search with at most 100 characters."));
}

#[tokio::test]
async fn problem_pages_allow_the_editors_styles_and_the_list_does_not() {
    let app = spawn_app().await;
    let csp = |res: &reqwest::Response| res.headers()["content-security-policy"].to_str().unwrap().to_string();
    let page = app.get("/problems/running-sum").await;
    assert_eq!(page.status(), StatusCode::OK);
    let policy = csp(&page);
    assert!(
        policy.contains("style-src 'self' 'unsafe-inline'") && policy.contains("font-src 'self' data:"),
        "{policy}"
    );
    assert!(policy.contains("script-src 'self' 'nonce-") && !policy.contains("'unsafe-eval'"), "{policy}");
    let html = page.text().await.unwrap();
    // Without JavaScript the code sits in a labelled text area, and the statement is shown
    // once, under the page's own title.
    assert!(html.contains("Your solution (Python)") && html.contains("<textarea"), "{html}");
    assert_eq!(html.matches(">Running Sum</h1>").count(), 1, "{html}");

    let list = app.get("/problems").await;
    let policy = csp(&list);
    assert!(policy.contains("style-src 'self';") && !policy.contains("style-src 'self' 'unsafe-inline'"), "{policy}");
    // Links into problem pages load a new document, so they get the page's own policy.
    let html = list.text().await.unwrap();
    assert!(html.contains(r#"href="/problems/running-sum" rel="external""#), "{html}");
}
