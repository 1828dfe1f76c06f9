//! The built-in interviewer, observer and evaluator through the real server: what the room's
//! WebSocket carries, the evaluation job that runs when an interview ends, and the summary.

use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

use crate::helpers::{spawn_app, spawn_app_with, TestApp};
use crate::realtime::{call, hello, next_of, open_session, send, user, Ws};
use app::evaluation::server::jobs;
use app::platform::config::AiProvider;
use app::platform::store::now_ms;

const RIGHT: &str = "def running_sum(nums):\n    out = []\n    total = 0\n    for n in nums:\n        total += n\n        out.append(total)\n    return out\n";

/// The interviewer's next whole message, with the streamed pieces that came before it.
async fn interviewer(ws: &mut Ws) -> (String, String) {
    let mut streamed = String::new();
    loop {
        let m = next_of(ws, &["chat_delta", "chat"]).await;
        if m["type"] == "chat_delta" {
            streamed.push_str(m["text"].as_str().unwrap());
        } else if m["message"]["speaker"] == "interviewer" {
            return (m["message"]["text"].as_str().unwrap().to_string(), streamed);
        }
    }
}

/// Ada, signed up, in an open interview with its channel connected.
async fn in_room(app: &TestApp) -> (reqwest::Client, String, String, Ws) {
    let (client, cookie) = user(app, "ada@example.com").await;
    let id = open_session(app, &client).await;
    let (ws, _) = hello(app, &client, &cookie, &id).await;
    (client, cookie, id, ws)
}

async fn summary(app: &TestApp, client: &reqwest::Client, id: &str) -> Value {
    let res = call(app, client, "session_summary", &[("id", id)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

/// Polls the summary until its evaluation leaves `pending`.
async fn settled(app: &TestApp, client: &reqwest::Client, id: &str) -> Value {
    for _ in 0..100 {
        let s = summary(app, client, id).await;
        if s["evaluation"]["state"] != "pending" {
            return s;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the evaluation stayed pending");
}

#[tokio::test]
async fn the_interviewer_opens_answers_by_intent_and_never_gives_the_solution() {
    let app = spawn_app().await;
    let (client, cookie, id, mut ws) = in_room(&app).await;

    let (opening, streamed) = interviewer(&mut ws).await;
    assert_eq!(opening, streamed, "the reply is streamed in pieces that add up to it");
    assert!(opening.contains("Running Sum") && opening.contains("approach"), "{opening}");

    send(&mut ws, json!({"type": "chat", "text": "Can the input be empty?"})).await;
    let mine = next_of(&mut ws, &["chat"]).await;
    assert_eq!(
        (mine["message"]["speaker"].as_str(), mine["message"]["text"].as_str()),
        (Some("candidate"), Some("Can the input be empty?"))
    );
    let (answer, _) = interviewer(&mut ws).await;
    assert!(answer.contains("0 <= nums.length"), "the constraint about length is quoted: {answer}");

    send(&mut ws, json!({"type": "chat", "text": "Just give me the solution please"})).await;
    let (refusal, _) = interviewer(&mut ws).await;
    assert!(refusal.contains("can't give you the solution"), "{refusal}");
    assert!(refusal.contains("Each output element adds one input element"), "the first hint instead: {refusal}");
    assert!(!refusal.contains("out.append") && !refusal.contains("total +="), "no code from the reference solution");

    send(&mut ws, json!({"type": "chat", "text": "It runs in O(n) time"})).await;
    let (verdict, _) = interviewer(&mut ws).await;
    assert!(verdict.contains("what I'd expect"), "{verdict}");

    // Bad chat: empty, too long. Refused with a reason; nothing stored.
    send(&mut ws, json!({"type": "chat", "text": "   "})).await;
    assert!(next_of(&mut ws, &["error"]).await["message"].as_str().unwrap().contains("Write a message"));
    send(&mut ws, json!({"type": "chat", "text": "x".repeat(2_001)})).await;
    assert!(next_of(&mut ws, &["error"]).await["message"].as_str().unwrap().contains("2000 characters"));
    drop(ws);

    // The chat is in the session's log and comes back with the room; the opening is not repeated.
    let view: Value = call(&app, &client, "get_session", &[("id", &id)]).await.json().await.unwrap();
    let chat: Vec<(String, String)> = view["chat"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["speaker"].as_str().unwrap().to_string(), m["text"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(chat.len(), 7, "{chat:?}");
    assert_eq!(chat[1], ("candidate".into(), "Can the input be empty?".into()));
    assert!(view["chat"][0]["html"].as_str().unwrap().contains("<strong>"), "Markdown rendered on the server");
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;
    send(&mut ws, json!({"type": "ping"})).await;
    let first = next_of(&mut ws, &["chat", "pong"]).await;
    assert_eq!(first["type"], "pong", "no second opening: {first}");
}

#[tokio::test]
async fn the_observer_reports_syntax_errors_and_the_interviewer_reacts_to_runs() {
    let app = spawn_app().await;
    let (client, _, id, mut ws) = in_room(&app).await;
    let _ = interviewer(&mut ws).await;

    send(&mut ws, json!({"type": "edit", "seq": 1, "language": "python", "code": "def running_sum(nums):\n    for n in nums\n        pass\n"})).await;
    let seen = loop {
        let m = next_of(&mut ws, &["insights"]).await;
        if m["insights"]["parses"] == false {
            break m;
        }
    };
    assert_eq!(seen["insights"]["syntax_errors"][0]["line"], 2, "{seen}");

    send(&mut ws, json!({"type": "edit", "seq": 2, "language": "python", "code": RIGHT})).await;
    let seen = loop {
        let m = next_of(&mut ws, &["insights"]).await;
        if m["insights"]["parses"] == true {
            break m;
        }
    };
    assert_eq!(seen["insights"]["complexity"], "O(n)");
    assert_eq!(seen["insights"]["suggest_run"], true, "changed since the last run");

    let res = call(
        &app,
        &client,
        "run_code",
        &[("slug", "running-sum"), ("language", "python"), ("source", RIGHT), ("mode", "run"), ("session_id", &id)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (reaction, _) = interviewer(&mut ws).await;
    assert!(reaction.contains("All the examples pass"), "{reaction}");
}

#[tokio::test]
async fn an_ended_interview_gets_an_evaluation_that_cites_its_moments() {
    let app = spawn_app().await;
    let (client, _, id, mut ws) = in_room(&app).await;
    send(&mut ws, json!({"type": "chat", "text": "I'll keep a running total and append it, O(n) time."})).await;
    let _ = next_of(&mut ws, &["chat"]).await;
    send(&mut ws, json!({"type": "edit", "seq": 1, "language": "python", "code": RIGHT})).await;
    assert_eq!(next_of(&mut ws, &["ack"]).await["seq"], 1);
    for mode in ["run", "submit"] {
        let form =
            [("slug", "running-sum"), ("language", "python"), ("source", RIGHT), ("mode", mode), ("session_id", &id)];
        assert_eq!(call(&app, &client, "run_code", &form).await.status(), StatusCode::OK);
    }
    drop(ws);
    assert_eq!(summary(&app, &client, &id).await["evaluation"]["state"], "not_ended");
    let res = call(&app, &client, "end_interview", &[("id", &id), ("language", "python"), ("code", RIGHT)]).await;
    assert_eq!(res.status(), StatusCode::OK);

    let s = settled(&app, &client, &id).await;
    let e = &s["evaluation"];
    assert_eq!(e["state"], "ready", "{s}");
    let scores = e["evaluation"]["scores"].as_array().unwrap();
    assert_eq!(scores.len(), 6);
    let correctness = scores.iter().find(|x| x["dimension"] == "correctness").unwrap();
    assert_eq!(correctness["score"], 10, "{correctness}");
    let tally = format!("passed {}/{}", s["last_submit"]["passed"], s["last_submit"]["total"]);
    assert!(correctness["justification"].as_str().unwrap().contains(&tally), "{correctness}");
    assert!(e["evaluation"]["overall"].as_u64().unwrap() >= 70, "{e}");
    assert!(e["report_html"].as_str().unwrap().contains("<table>"), "the report is rendered");
    assert_eq!(s["last_submit"]["passed"], s["last_submit"]["total"]);
    assert_eq!(s["code"], RIGHT);

    // The history shows the score.
    let history: Value = call(&app, &client, "interview_history", &[]).await.json().await.unwrap();
    assert_eq!(history["rows"][0]["overall"], e["evaluation"]["overall"]);
    assert_eq!(history["rows"][0]["evaluating"], false);
}

#[tokio::test]
async fn summaries_are_private() {
    let app = spawn_app().await;
    let (client, _) = user(&app, "ada@example.com").await;
    let id = open_session(&app, &client).await;
    let (intruder, _) = user(&app, "eve@example.com").await;
    for name in ["session_summary", "retry_evaluation"] {
        assert_eq!(call(&app, &intruder, name, &[("id", &id)]).await.status(), StatusCode::NOT_FOUND, "{name}");
        assert_eq!(call(&app, &intruder, name, &[("id", "no-such-session")]).await.status(), StatusCode::NOT_FOUND);
        let anonymous = app.new_client();
        assert_eq!(call(&app, &anonymous, name, &[("id", &id)]).await.status(), StatusCode::UNAUTHORIZED, "{name}");
    }
    // An open interview cannot be evaluated yet.
    assert_eq!(call(&app, &client, "retry_evaluation", &[("id", &id)]).await.status(), StatusCode::CONFLICT);
    // The summary page itself is a 404 for someone else.
    let page = intruder.get(format!("{}/sessions/{id}/summary", app.url)).send().await.unwrap();
    assert!(page.text().await.unwrap().contains("Interview not found"));
}

#[tokio::test]
async fn an_evaluation_survives_a_worker_that_died_and_a_failed_one_can_be_retried() {
    // No worker in the server: the test plays the workers.
    let app = spawn_app_with(|o| o.jobs.enabled = Some(false)).await;
    let (client, _) = user(&app, "ada@example.com").await;
    let id = open_session(&app, &client).await;
    assert_eq!(call(&app, &client, "end_interview", &[("id", &id)]).await.status(), StatusCode::OK);
    assert_eq!(summary(&app, &client, &id).await["evaluation"]["state"], "pending", "queued with the end");

    // A worker claims the job and dies: nobody else may take it while its lease runs…
    let first = app.store.claim_job(now_ms(), jobs::LEASE_MS).await.unwrap().expect("the evaluation job");
    assert_eq!((first.kind.as_str(), first.payload.as_str(), first.attempts), ("evaluate", id.as_str(), 1));
    assert!(app.store.claim_job(now_ms(), jobs::LEASE_MS).await.unwrap().is_none());
    // …and once it has run out, the job is claimed again and finishes.
    let again = app.store.claim_job(now_ms() + jobs::LEASE_MS + 1, jobs::LEASE_MS).await.unwrap().unwrap();
    assert_eq!((again.id.as_str(), again.attempts), (first.id.as_str(), 2));
    jobs::run_one(&app.state, again).await;
    assert_eq!(summary(&app, &client, &id).await["evaluation"]["state"], "ready");
    assert!(
        app.store.claim_job(now_ms() + 10 * jobs::LEASE_MS, jobs::LEASE_MS).await.unwrap().is_none(),
        "done for good"
    );

    // A job that cannot succeed fails at once and says why; its evaluation shows a retry.
    app.store.enqueue_job("evaluate", "evaluate:ghost", "ghost", 3).await.unwrap();
    let ghost = app.store.claim_job(now_ms(), jobs::LEASE_MS).await.unwrap().unwrap();
    jobs::run_one(&app.state, ghost).await;
    let row = app.store.job_by_key("evaluate:ghost").await.unwrap().unwrap();
    assert_eq!((row.status.as_str(), row.last_error.as_deref()), ("failed", Some("the evaluation no longer exists")));

    app.store.set_evaluation_status(&id, "failed", Some("provider outage")).await.unwrap();
    let s = summary(&app, &client, &id).await;
    assert_eq!(s["evaluation"]["state"], "failed");
    assert!(!s.to_string().contains("provider outage"), "internal detail stays in the log");
    assert_eq!(call(&app, &client, "retry_evaluation", &[("id", &id)]).await.status(), StatusCode::OK);
    assert_eq!(summary(&app, &client, &id).await["evaluation"]["state"], "pending");
    let retried = app.store.claim_job(now_ms(), jobs::LEASE_MS).await.unwrap().unwrap();
    assert_eq!(retried.attempts, 1, "a retry starts a fresh set of attempts");
    jobs::run_one(&app.state, retried).await;
    assert_eq!(summary(&app, &client, &id).await["evaluation"]["state"], "ready");
}

// ---- With a hosted provider (a local fake speaking OpenAI's wire format) ----

use crate::fake_llm::{FakeServer, Flavor, Reply as FakeReply, TOKENS_IN, TOKENS_OUT};

const KEY: &str = "sk-test-provider-key";

async fn provider_app(fake: &FakeServer, adjust: impl FnOnce(&mut app::platform::config::Options)) -> TestApp {
    let base = fake.base_url.clone();
    spawn_app_with(move |o| {
        o.ai.provider = Some(AiProvider::OpenAi);
        o.ai.base_url = Some(base);
        o.ai.api_key = Some(KEY.into());
        o.ai.backoff_ms = Some(10);
        adjust(o);
    })
    .await
}

#[tokio::test]
async fn with_a_provider_replies_stream_through_the_gateway_retrying_a_429_and_falling_back_in_an_outage() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    fake.set_deltas(&["Good. ", "What would ", "that cost ", "in time?"]);
    let app = provider_app(&fake, |o| o.ai.max_retries = Some(2)).await;
    let (_, _, _, mut ws) = in_room(&app).await;
    let (opening, _) = interviewer(&mut ws).await;
    assert!(opening.contains("Running Sum"), "the opening stays built-in: {opening}");

    // Rate limited once, then the model answers; its reply streams in.
    fake.push(FakeReply::Error { status: 429, retry_after: Some("1".into()) });
    let started = std::time::Instant::now();
    send(&mut ws, json!({"type": "chat", "text": "I'll keep a running total."})).await;
    let (reply, streamed) = interviewer(&mut ws).await;
    assert_eq!(reply, "Good. What would that cost in time?");
    assert_eq!(streamed, reply);
    assert!(started.elapsed() >= Duration::from_millis(900), "Retry-After was honoured");
    let seen = fake.requests();
    assert_eq!(seen.len(), 2);
    let body = &seen[1].body;
    assert_eq!(seen[1].header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("Running Sum") && system.contains("never write the solution"), "{system}");
    assert!(body.to_string().contains("I'll keep a running total."), "the conversation is sent");

    // The provider goes down: the built-in interviewer answers instead; nothing is lost.
    fake.set_fallback(FakeReply::Error { status: 500, retry_after: None });
    send(&mut ws, json!({"type": "chat", "text": "Any hint?"})).await;
    let (fallback, _) = interviewer(&mut ws).await;
    assert!(fallback.contains("Each output element adds one input element"), "{fallback}");
    assert_eq!(fake.count(), 2 + 3, "one attempt and two retries");

    // One usage record per call: the success carries its tokens, the failure none.
    let uid = app.store.user_id_by_email("ada@example.com").await.unwrap().unwrap();
    assert_eq!(app.store.ai_tokens_used(&uid, 0).await.unwrap() as u64, TOKENS_IN + TOKENS_OUT);
    let by_model = app.store.ai_usage_by_model(0).await.unwrap();
    assert_eq!((by_model[0].calls, by_model[0].failures), (2, 1), "{by_model:?}");
    assert!(by_model[0].key.starts_with("interviewer · openai · "), "{by_model:?}");
}

#[tokio::test]
async fn quotas_stop_provider_calls_with_a_clear_message() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    let app = provider_app(&fake, |o| o.ai.daily_tokens = Some(10)).await;
    let (_, _, _, mut ws) = in_room(&app).await;
    let _ = interviewer(&mut ws).await;
    send(&mut ws, json!({"type": "chat", "text": "Hello"})).await;
    let _ = interviewer(&mut ws).await;
    assert_eq!(fake.count(), 1);
    // That call used more than the day's 10 tokens: the next is refused before reaching the provider.
    send(&mut ws, json!({"type": "chat", "text": "Can the input be empty?"})).await;
    let refused = next_of(&mut ws, &["error"]).await;
    assert!(refused["message"].as_str().unwrap().contains("today's AI allowance"), "{refused}");
    let (answer, _) = interviewer(&mut ws).await;
    assert!(answer.contains("0 <= nums.length"), "the built-in interviewer still answers: {answer}");
    assert_eq!(fake.count(), 1);
}

fn model_evaluation() -> String {
    json!({
        "scores": [
            {"dimension": "understanding", "score": 7, "justification": "Restated the task at 00:30."},
            {"dimension": "approach", "score": 8, "justification": "A running total, O(n), from 01:00."},
            {"dimension": "correctness", "score": 9, "justification": "Every case passed at 02:00."},
            {"dimension": "testing", "score": 6, "justification": "Ran once before submitting."},
            {"dimension": "communication", "score": null, "justification": "The candidate did not speak."},
            {"dimension": "independence", "score": 10, "justification": "No hints used."}
        ],
        "strengths": ["Correct on the first try"],
        "improvements": ["Talk through edge cases <script>x</script>"],
        "report": "## Summary\nSolid work."
    })
    .to_string()
}

#[tokio::test]
async fn with_a_provider_the_evaluation_comes_from_the_model_or_falls_back_to_the_built_in_one() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    fake.set_deltas(&[&model_evaluation()]);
    let app = provider_app(&fake, |o| {
        o.jobs.enabled = Some(false);
        o.ai.max_retries = Some(0);
    })
    .await;
    let (client, _) = user(&app, "ada@example.com").await;

    let id = open_session(&app, &client).await;
    let form =
        [("slug", "running-sum"), ("language", "python"), ("source", RIGHT), ("mode", "submit"), ("session_id", &id)];
    assert_eq!(call(&app, &client, "run_code", &form).await.status(), StatusCode::OK);
    assert_eq!(
        call(&app, &client, "end_interview", &[("id", &id), ("language", "python"), ("code", RIGHT)]).await.status(),
        StatusCode::OK
    );
    let job = app.store.claim_job(now_ms(), jobs::LEASE_MS).await.unwrap().unwrap();
    jobs::run_one(&app.state, job).await;
    let e = &summary(&app, &client, &id).await["evaluation"];
    assert_eq!(e["state"], "ready", "{e}");
    assert_eq!(e["evaluation"]["engine"], "gpt-4.1", "the powerful tier's model");
    assert_eq!(e["evaluation"]["scores"][2]["justification"], "Every case passed at 02:00.");
    assert_eq!(e["evaluation"]["code_only"], true);
    assert!(!e.to_string().contains("<script"), "model text is sanitized before it is stored");
    let request = &fake.requests()[0].body;
    assert_eq!(request["temperature"], 0.0);
    assert_eq!(request["response_format"]["type"], "json_object");

    // An outage: the job retries, and its last attempt keeps the built-in evaluation.
    fake.set_fallback(FakeReply::Error { status: 503, retry_after: None });
    let id = open_session(&app, &client).await;
    assert_eq!(call(&app, &client, "end_interview", &[("id", &id)]).await.status(), StatusCode::OK);
    let mut later = now_ms();
    for attempt in 1..=app::platform::store::EVALUATE_ATTEMPTS {
        let job = app.store.claim_job(later, jobs::LEASE_MS).await.unwrap().expect("the job is due again");
        assert_eq!(job.attempts, attempt);
        jobs::run_one(&app.state, job).await;
        later += 10 * 60_000;
    }
    let e = &summary(&app, &client, &id).await["evaluation"];
    assert_eq!(e["state"], "ready", "{e}");
    assert_eq!(e["evaluation"]["engine"], "built-in (AI provider unavailable)");
    assert_eq!(e["evaluation"]["scores"].as_array().unwrap().len(), 6);
}

#[tokio::test]
async fn the_usage_page_is_for_admins() {
    let fake = FakeServer::start(Flavor::OpenAi, Some(KEY)).await;
    let app = provider_app(&fake, |_| {}).await;
    let (client, _, _, mut ws) = in_room(&app).await;
    let _ = interviewer(&mut ws).await;
    send(&mut ws, json!({"type": "chat", "text": "Hello"})).await;
    let _ = interviewer(&mut ws).await;

    assert_eq!(call(&app, &client, "ai_usage_report", &[]).await.status(), StatusCode::FORBIDDEN);
    let dashboard = client.get(format!("{}/dashboard", app.url)).send().await.unwrap().text().await.unwrap();
    assert!(!dashboard.contains("href=\"/admin/usage\""), "no usage link for a candidate");
    assert_eq!(call(&app, &app.new_client(), "ai_usage_report", &[]).await.status(), StatusCode::UNAUTHORIZED);
    assert!(app.store.set_role_by_email("ada@example.com", app::platform::store::Role::Admin).await.unwrap());
    let report: Value = call(&app, &client, "ai_usage_report", &[]).await.json().await.unwrap();
    assert_eq!(report["provider"], "openai");
    assert_eq!(report["total"]["calls"], 1);
    assert_eq!(report["total"]["tokens_in"], TOKENS_IN);
    assert_eq!(report["by_day"].as_array().unwrap().len(), 1);
    let page = client.get(format!("{}/admin/usage", app.url)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("AI usage and cost") && page.contains("interviewer · openai · gpt-4.1-mini"), "{page}");
    assert!(page.contains("href=\"/admin/usage\""), "admins get a link in the navigation");
}
