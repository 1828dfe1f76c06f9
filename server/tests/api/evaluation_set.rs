//! Part of the scripted evaluation set driven through the real server: sessions played in the
//! room (chat over the WebSocket, runs in the real sandbox), ended, and evaluated by the
//! background job, whose rows must keep the orderings the unit-level set checks.

use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

use crate::helpers::{spawn_app, TestApp, PY_RIGHT};
use crate::realtime::{call, hello, open_session, send, user, Ws};

const BROKEN: &str = "def running_sum(nums):\n    for n in nums\n        pass\n";

async fn wait_for(ws: &mut Ws, kind: &str) -> Value {
    use futures::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    loop {
        match tokio::time::timeout(Duration::from_secs(15), ws.next()).await.expect("a message") {
            Some(Ok(Message::Text(t))) => {
                let v: Value = serde_json::from_str(&t).unwrap();
                if v["type"] == kind {
                    return v;
                }
            }
            Some(Ok(_)) => continue,
            other => panic!("expected a message, got {other:?}"),
        }
    }
}

/// Says something and waits for the interviewer's answer.
async fn chat(ws: &mut Ws, text: &str) {
    send(ws, json!({"type": "chat", "text": text})).await;
    loop {
        let m = wait_for(ws, "chat").await;
        if m["message"]["speaker"] == "interviewer" {
            return;
        }
    }
}

async fn run(app: &TestApp, client: &reqwest::Client, id: &str, source: &str, mode: &str) {
    let form =
        [("slug", "running-sum"), ("language", "python"), ("source", source), ("mode", mode), ("session_id", id)];
    assert_eq!(call(app, client, "run_code", &form).await.status(), StatusCode::OK);
}

/// Ends the session with `code` and waits for its evaluation.
async fn evaluated(app: &TestApp, client: &reqwest::Client, id: &str, code: &str) -> Value {
    let res = call(app, client, "end_interview", &[("id", id), ("language", "python"), ("code", code)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    for _ in 0..600 {
        let s: Value = call(app, client, "session_summary", &[("id", id)]).await.json().await.unwrap();
        match s["evaluation"]["state"].as_str() {
            Some("ready") => return s["evaluation"]["evaluation"].clone(),
            Some("pending") => tokio::time::sleep(Duration::from_millis(100)).await,
            other => panic!("unexpected evaluation state {other:?}: {s}"),
        }
    }
    panic!("the evaluation stayed pending");
}

fn row(e: &Value, dimension: &str) -> (Option<u64>, String) {
    let s = e["scores"].as_array().unwrap().iter().find(|s| s["dimension"] == dimension).unwrap();
    (s["score"].as_u64(), s["justification"].as_str().unwrap().to_string())
}

fn strengths(e: &Value) -> Vec<String> {
    e["strengths"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn real_sessions_are_evaluated_in_the_order_interviewers_would_rank_them() {
    let app = spawn_app().await;

    // Solved and explained.
    let (client, cookie) = user(&app, "solver@example.com").await;
    let id = open_session(&app, &client).await;
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;
    chat(&mut ws, "Can the list be empty?").await;
    chat(&mut ws, "I'll keep a running total and append it to the output: O(n) time and O(n) space.").await;
    send(&mut ws, json!({"type": "edit", "seq": 1, "language": "python", "code": PY_RIGHT})).await;
    assert_eq!(wait_for(&mut ws, "ack").await["seq"], 1);
    run(&app, &client, &id, PY_RIGHT, "run").await;
    run(&app, &client, &id, PY_RIGHT, "submit").await;
    drop(ws);
    let solved = evaluated(&app, &client, &id, PY_RIGHT).await;

    // Broken code run six times, never submitted.
    let (client, cookie) = user(&app, "clicker@example.com").await;
    let id = open_session(&app, &client).await;
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;
    send(&mut ws, json!({"type": "edit", "seq": 1, "language": "python", "code": BROKEN})).await;
    assert_eq!(wait_for(&mut ws, "ack").await["seq"], 1);
    for _ in 0..6 {
        run(&app, &client, &id, BROKEN, "run").await;
    }
    drop(ws);
    let clicker = evaluated(&app, &client, &id, BROKEN).await;

    // Asked for hints and nothing else.
    let (client, cookie) = user(&app, "asker@example.com").await;
    let id = open_session(&app, &client).await;
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;
    let starter: Value = call(&app, &client, "get_session", &[("id", &id)]).await.json().await.unwrap();
    let starter = starter["code"].as_str().unwrap().to_string();
    for _ in 0..3 {
        chat(&mut ws, "hint please").await;
    }
    drop(ws);
    let asker = evaluated(&app, &client, &id, &starter).await;

    // Did nothing.
    let (client, _) = user(&app, "idle@example.com").await;
    let id = open_session(&app, &client).await;
    let idle = evaluated(&app, &client, &id, &starter).await;

    let overall = |e: &Value| e["overall"].as_u64().unwrap();
    assert!(overall(&solved) > overall(&clicker), "{solved}\n{clicker}");
    assert!(overall(&clicker) > overall(&idle), "{clicker}\n{idle}");
    assert!(overall(&asker) >= overall(&idle), "{asker}\n{idle}");

    assert_eq!(row(&solved, "correctness").0, Some(10));
    assert!(row(&solved, "communication").0 >= Some(7), "{:?}", row(&solved, "communication"));
    for dimension in ["correctness", "approach"] {
        assert!(row(&solved, dimension).0 > row(&clicker, dimension).0, "{dimension}");
    }
    let (testing, why) = row(&clicker, "testing");
    assert!(testing <= Some(2) && why.contains("6 times but never submitted"), "{testing:?} {why}");
    let (communication, why) = row(&asker, "communication");
    assert_eq!(communication, Some(1), "{why}");
    assert!(why.contains("asked for help"), "{why}");
    assert!(row(&asker, "independence").0 <= Some(2));
    for d in ["understanding", "approach", "correctness", "testing", "independence"] {
        assert_eq!(row(&idle, d).0, Some(1), "idle on {d}");
        for other in [&solved, &clicker, &asker] {
            assert!(row(other, d).0 >= Some(1));
        }
    }
    for e in [&clicker, &asker, &idle] {
        assert!(!strengths(e).iter().any(|s| s.contains("without leaning on hints")), "{e}");
    }
}
