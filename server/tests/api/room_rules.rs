//! Rules of the interview room that the README states: the interviewer's check-in after three
//! minutes without a change to the code (timed by a clock the test moves, and kept across a
//! reconnect), and the run limit applied to the room's runs as to the problem page's.

use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{spawn_app, spawn_app_with, TestApp, PY_RIGHT};
use crate::realtime::{hello, next, next_of, open_session, send, user, Ws};
use app::domain::error::AppError;
use app::interview::server::coach::{CoachClock, STUCK_AFTER_MS};

/// The interviewer's next message whose text contains `needle`, skipping everything else;
/// `None` when the socket stays quiet for `secs` seconds.
async fn said(ws: &mut Ws, needle: &str, secs: u64) -> Option<String> {
    loop {
        match tokio::time::timeout(std::time::Duration::from_secs(secs), ws.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => {
                let v: Value = serde_json::from_str(&t).unwrap();
                if v["type"] == "chat" && v["message"]["speaker"] == "interviewer" {
                    let text = v["message"]["text"].as_str().unwrap_or_default().to_string();
                    if text.contains(needle) {
                        return Some(text);
                    }
                }
            }
            Ok(Some(Ok(_))) => continue,
            _ => return None,
        }
    }
}

const CHECK_IN: &str = "You've been";

#[tokio::test]
async fn the_interviewer_checks_in_after_three_minutes_without_a_change() {
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "idle@example.com").await;
    let id = open_session(&app, &client).await;
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;
    assert!(said(&mut ws, "I'll be your interviewer", 10).await.is_some(), "the opening comes first");
    let clock = app.state.slots.get::<CoachClock>();
    clock.advance(STUCK_AFTER_MS - 60_000);
    assert_eq!(said(&mut ws, CHECK_IN, 3).await, None, "no check-in before three minutes");
    clock.advance(60_000);
    let text = said(&mut ws, CHECK_IN, 10).await.expect("a check-in after three quiet minutes");
    assert!(text.contains("Hint 1") || text.contains("quiet"), "{text}");
    // Once, not every second: the next one waits another three minutes.
    assert_eq!(said(&mut ws, CHECK_IN, 3).await, None);
    clock.advance(STUCK_AFTER_MS);
    assert!(said(&mut ws, CHECK_IN, 10).await.is_some(), "a second check-in three minutes later");
    let events = app.store.events_of_kinds(&id, &["chat"]).await.unwrap();
    assert_eq!(events.iter().filter(|e| e.payload.contains("\"nudge\"")).count(), 2, "each check-in is recorded");
}

#[tokio::test]
async fn a_reconnecting_room_keeps_counting_from_the_last_change() {
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "flaky@example.com").await;
    let id = open_session(&app, &client).await;
    let clock = app.state.slots.get::<CoachClock>();
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;
    send(
        &mut ws,
        json!({"type": "edit", "seq": 1, "language": "python", "code": "def running_sum(nums):\n    x = 1\n"}),
    )
    .await;
    assert_eq!(next(&mut ws).await["type"], "ack");
    clock.advance(110_000);
    drop(ws);
    // A new room (a dropped link, a throttled background tab) after two quiet minutes: the
    // check-in still comes a minute later, counted from the edit, not from the new room.
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;
    assert_eq!(said(&mut ws, CHECK_IN, 3).await, None);
    clock.advance(71_000);
    assert!(said(&mut ws, CHECK_IN, 10).await.is_some(), "the check-in survives a reconnect");
}

#[tokio::test]
async fn runs_in_the_room_are_limited_like_the_problem_pages_with_a_clear_message() {
    let app: TestApp = spawn_app_with(|o| o.executor.runs_per_minute = Some(3)).await;
    let (client, _) = user(&app, "eager@example.com").await;
    let id = open_session(&app, &client).await;
    let body =
        json!({"slug": "running-sum", "language": "python", "source": PY_RIGHT, "mode": "run", "session_id": id});
    let post = || client.post(format!("{}/api/runs", app.url)).json(&body).send();
    for i in 0..3 {
        let res = post().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "run {i}");
        res.text().await.unwrap();
    }
    let res = post().await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let err: AppError = res.json().await.unwrap();
    assert!(matches!(err, AppError::TooManyRuns { per_minute: 3, .. }), "{err:?}");
    assert!(err.to_string().starts_with("You can run or submit code at most 3 times a minute."), "{err}");
    // A submission counts against the same limit, and nothing refused reaches the record.
    let submit =
        json!({"slug": "running-sum", "language": "python", "source": PY_RIGHT, "mode": "submit", "session_id": id});
    let res = client.post(format!("{}/api/runs", app.url)).json(&submit).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let runs = app.store.events_of_kinds(&id, &["run", "submit"]).await.unwrap();
    assert_eq!(runs.len(), 3, "only the admitted runs are recorded");
}

#[tokio::test]
async fn a_run_that_did_not_compile_puts_its_line_before_any_complexity_guess() {
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "indent@example.com").await;
    let id = open_session(&app, &client).await;
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;
    // Python refuses this file (a duplicate argument on line 7); the grammar the observer
    // parses with does not, so before the run the observer guesses a complexity.
    let code = "def running_sum(nums):\n    out, t = [], 0\n    for n in nums:\n        t += n\n        out.append(t)\n    return out\ndef helper(a, a):\n    return a\n";
    send(&mut ws, json!({"type": "edit", "seq": 1, "language": "python", "code": code})).await;
    let before = loop {
        let m = next_of(&mut ws, &["insights"]).await;
        if m["insights"]["complexity"].is_string() {
            break m;
        }
    };
    assert_eq!(before["insights"]["parses"], true, "{before}");
    let form =
        [("slug", "running-sum"), ("language", "python"), ("source", code), ("mode", "run"), ("session_id", &id)];
    let res = client.post(format!("{}/api/run_code", app.url)).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let reaction = loop {
        let m = next_of(&mut ws, &["chat"]).await;
        if m["message"]["speaker"] == "interviewer" {
            break m["message"]["text"].as_str().unwrap().to_string();
        }
    };
    assert!(reaction.contains("didn't compile") && reaction.contains("line 7"), "{reaction}");
    let after = loop {
        let m = next_of(&mut ws, &["insights"]).await;
        if m["insights"]["parses"] == false {
            break m;
        }
    };
    let first = &after["insights"]["syntax_errors"][0];
    assert_eq!(first["line"], 7, "{after}");
    assert!(first["message"].as_str().unwrap().starts_with("the last run failed:"), "{after}");
    assert!(after["insights"]["complexity"].is_null(), "no complexity guess: {after}");
}
