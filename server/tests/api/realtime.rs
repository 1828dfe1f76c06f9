//! The interview's realtime channel over a real WebSocket: single-use owner-bound tokens,
//! acknowledged edits stored as diffs that replay exactly, resent edits never duplicated,
//! refusals for oversize, malformed and unknown messages and expired tokens, the per-connection
//! rate limit, heartbeats, finished runs, and the end of the session.

use futures::{SinkExt, StreamExt};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{right_answer_in, spawn_app, TestApp, PASSWORD};

pub(crate) type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Signs up on a fresh client and returns (client, session cookie).
pub(crate) async fn user(app: &TestApp, email: &str) -> (reqwest::Client, String) {
    let client = app.new_client();
    let res = client
        .post(format!("{}/api/sign_up", app.url))
        .form(&[("display_name", "Ada"), ("email", email), ("password", PASSWORD), ("accept_terms", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap();
    (client, cookie.split(';').next().unwrap().to_string())
}

pub(crate) async fn call(
    app: &TestApp,
    client: &reqwest::Client,
    name: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client.post(format!("{}/api/{name}", app.url)).form(form).send().await.unwrap()
}

pub(crate) async fn open_session(app: &TestApp, client: &reqwest::Client) -> String {
    let res = call(
        app,
        client,
        "start_interview",
        &[("slug", "running-sum"), ("language", "python"), ("duration_minutes", "30")],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let id: String = res.json().await.unwrap();
    assert_eq!(call(app, client, "get_session", &[("id", &id)]).await.status(), StatusCode::OK);
    id
}

pub(crate) async fn token(app: &TestApp, client: &reqwest::Client, id: &str) -> String {
    call(app, client, "realtime_token", &[("id", id)]).await.json().await.unwrap()
}

pub(crate) async fn connect(app: &TestApp, cookie: Option<&str>) -> Result<Ws, tokio_tungstenite::tungstenite::Error> {
    let url = format!("{}/api/sessions/realtime", app.url.replace("http://", "ws://"));
    let mut req = url.into_client_request().unwrap();
    if let Some(c) = cookie {
        req.headers_mut().insert("cookie", c.parse().unwrap());
    }
    tokio_tungstenite::connect_async(req).await.map(|(ws, _)| ws)
}

pub(crate) async fn send(ws: &mut Ws, v: Value) {
    ws.send(Message::Text(v.to_string().into())).await.unwrap();
}

/// The next message of one of `types`, skipping others (pings, acks, deltas…).
pub(crate) async fn next_of(ws: &mut Ws, types: &[&str]) -> Value {
    loop {
        match tokio::time::timeout(std::time::Duration::from_secs(15), ws.next()).await.expect("a message within 15 s")
        {
            Some(Ok(Message::Text(t))) => {
                let v: Value = serde_json::from_str(&t).unwrap();
                if types.contains(&v["type"].as_str().unwrap_or_default()) {
                    return v;
                }
            }
            Some(Ok(_)) => continue,
            other => panic!("expected a message, got {other:?}"),
        }
    }
}

/// The next JSON message, skipping pings, what the interviewer and observer say (the `ai`
/// tests read those) and finished runs.
pub(crate) async fn next(ws: &mut Ws) -> Value {
    loop {
        match tokio::time::timeout(std::time::Duration::from_secs(10), ws.next()).await.unwrap() {
            Some(Ok(Message::Text(t))) => {
                let v: Value = serde_json::from_str(&t).unwrap();
                if !matches!(v["type"].as_str(), Some("chat" | "chat_delta" | "insights" | "run")) {
                    return v;
                }
            }
            Some(Ok(Message::Ping(_))) | Some(Ok(Message::Pong(_))) => continue,
            other => panic!("expected a message, got {other:?}"),
        }
    }
}

/// The close code the server ends with.
pub(crate) async fn closed_with(ws: &mut Ws) -> Option<CloseCode> {
    loop {
        match tokio::time::timeout(std::time::Duration::from_secs(10), ws.next()).await.unwrap() {
            Some(Ok(Message::Close(frame))) => return frame.map(|f| f.code),
            Some(Ok(_)) => continue,
            _ => return None,
        }
    }
}

pub(crate) async fn hello(app: &TestApp, client: &reqwest::Client, cookie: &str, id: &str) -> (Ws, Value) {
    let mut ws = connect(app, Some(cookie)).await.unwrap();
    send(&mut ws, json!({"type": "hello", "token": token(app, client, id).await})).await;
    let ready = next(&mut ws).await;
    assert_eq!(ready["type"], "ready", "{ready}");
    (ws, ready)
}

fn replay(start: &str, edits: &[app::record::server::EventRow]) -> String {
    let mut code = start.to_string();
    for e in edits {
        let p: Value = serde_json::from_str(&e.payload).unwrap();
        code = app::record::edit::apply(
            &code,
            p["at"].as_u64().unwrap() as usize,
            p["del"].as_u64().unwrap() as usize,
            p["ins"].as_str().unwrap(),
        )
        .unwrap();
    }
    code
}

#[tokio::test]
async fn edits_are_acknowledged_stored_as_replayable_diffs_and_never_duplicated() {
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "typist@example.com").await;
    let id = open_session(&app, &client).await;
    let starter: Value = call(&app, &client, "get_session", &[("id", &id)]).await.json().await.unwrap();
    let starter = starter["code"].as_str().unwrap().to_string();

    let (mut ws, ready) = hello(&app, &client, &cookie, &id).await;
    assert_eq!(ready["last_edit_seq"], 0);
    assert_eq!(ready["status"], "active");
    let versions = [
        format!("{starter}# thinking"),
        "def running_sum(nums):\n    out = []\n".to_string(),
        "def running_sum(nums):\n    out, t = [], 0\n    return out\n".to_string(),
    ];
    for (i, code) in versions.iter().take(2).enumerate() {
        send(&mut ws, json!({"type": "edit", "seq": i + 1, "language": "python", "code": code})).await;
        assert_eq!(next(&mut ws).await, json!({"type": "ack", "seq": i + 1}));
    }
    send(&mut ws, json!({"type": "sync"})).await;
    let time = next(&mut ws).await;
    assert_eq!(time["type"], "time");
    assert!(time["deadline_at"].as_i64().unwrap() > time["server_now"].as_i64().unwrap());
    drop(ws);

    // Reconnect (new token): the server says which edits it has; a resent one is not stored twice.
    let (mut ws, ready) = hello(&app, &client, &cookie, &id).await;
    assert_eq!(ready["last_edit_seq"], 2);
    send(&mut ws, json!({"type": "edit", "seq": 2, "language": "python", "code": versions[1]})).await;
    assert_eq!(next(&mut ws).await, json!({"type": "ack", "seq": 2}));
    send(&mut ws, json!({"type": "edit", "seq": 3, "language": "python", "code": versions[2]})).await;
    assert_eq!(next(&mut ws).await, json!({"type": "ack", "seq": 3}));

    let edits = app.store.events_of_kind_after(&id, "edit", 0).await.unwrap();
    assert_eq!(edits.len(), 3);
    assert!(edits.iter().all(|e| e.payload.len() < 200), "edits are stored as diffs");
    assert_eq!(replay(&starter, &edits), versions[2], "the log replays to the final code");
    // Reopening the room shows the edited code, not just the last snapshot.
    let view: Value = call(&app, &client, "get_session", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(view["code"], versions[2].as_str());

    // Switching language is an edit like any other; the room reopens in that language.
    send(
        &mut ws,
        json!({"type": "edit", "seq": 4, "language": "javascript", "code": "function runningSum(nums) {}\n"}),
    )
    .await;
    assert_eq!(next(&mut ws).await, json!({"type": "ack", "seq": 4}));
    let view: Value = call(&app, &client, "get_session", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(
        (view["language"].as_str(), view["code"].as_str()),
        (Some("javascript"), Some("function runningSum(nums) {}\n"))
    );

    // A manual snapshot is stored; an edit after it diffs against it.
    send(&mut ws, json!({"type": "snapshot", "manual": true, "language": "python", "code": "# saved\n"})).await;
    let saved = next(&mut ws).await;
    assert!(saved["event_seq"].is_i64(), "{saved}");
    send(&mut ws, json!({"type": "edit", "seq": 5, "language": "python", "code": "# saved\nx = 1\n"})).await;
    assert_eq!(next(&mut ws).await["seq"], 5);
    let last = app.store.events_of_kind_after(&id, "edit", 0).await.unwrap().pop().unwrap();
    let p: Value = serde_json::from_str(&last.payload).unwrap();
    assert_eq!((p["at"].as_u64(), p["del"].as_u64(), p["ins"].as_str()), (Some(8), Some(0), Some("x = 1\n")));
}

#[tokio::test]
async fn tokens_are_single_use_and_bound_to_the_owner() {
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "owner@example.com").await;
    let (_, eve_cookie) = user(&app, "eve@example.com").await;
    let id = open_session(&app, &client).await;

    // No cookie: the handshake itself is refused.
    assert!(connect(&app, None).await.is_err());

    // Someone else's cookie with the owner's token.
    let t = token(&app, &client, &id).await;
    let mut ws = connect(&app, Some(&eve_cookie)).await.unwrap();
    send(&mut ws, json!({"type": "hello", "token": t})).await;
    assert_eq!(closed_with(&mut ws).await, Some(CloseCode::Policy));
    // Eve's failed try did not use it up: its owner still opens the room with it.
    let mut owner = connect(&app, Some(&cookie)).await.unwrap();
    send(&mut owner, json!({"type": "hello", "token": t})).await;
    assert_eq!(next(&mut owner).await["type"], "ready");
    drop(owner);

    // A token works once.
    let t = token(&app, &client, &id).await;
    let mut first = connect(&app, Some(&cookie)).await.unwrap();
    send(&mut first, json!({"type": "hello", "token": t})).await;
    assert_eq!(next(&mut first).await["type"], "ready");
    let mut replay = connect(&app, Some(&cookie)).await.unwrap();
    send(&mut replay, json!({"type": "hello", "token": t})).await;
    assert_eq!(closed_with(&mut replay).await, Some(CloseCode::Policy));

    // The first message must be a hello.
    let mut ws = connect(&app, Some(&cookie)).await.unwrap();
    send(&mut ws, json!({"type": "edit", "seq": 1, "language": "python", "code": "x"})).await;
    assert_eq!(closed_with(&mut ws).await, Some(CloseCode::Policy));

    // Eve cannot get a token for it either.
    let eve = app.new_client();
    let res = eve
        .post(format!("{}/api/realtime_token", app.url))
        .header("cookie", &eve_cookie)
        .form(&[("id", id.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Nothing was written by any refused attempt.
    assert!(app.store.events_of_kind_after(&id, "edit", 0).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "late@example.com").await;
    let id = open_session(&app, &client).await;
    let owner = app.store.user_id_by_email("late@example.com").await.unwrap().unwrap();
    let stale = app::platform::tokens::generate();
    let expired_at = app::platform::store::now_ms() - 1;
    app.store.create_realtime_token(&app::platform::tokens::digest(&stale), &id, &owner, expired_at).await.unwrap();
    let mut ws = connect(&app, Some(&cookie)).await.unwrap();
    send(&mut ws, json!({"type": "hello", "token": stale})).await;
    assert_eq!(closed_with(&mut ws).await, Some(CloseCode::Policy));
}

#[tokio::test]
async fn a_flooding_connection_is_slowed_then_closed() {
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "flood@example.com").await;
    let id = open_session(&app, &client).await;
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;
    // One message at a time, each answered before the next, until the server gives up.
    let (mut acks, mut slow_downs, mut code) = (0, 0, None);
    'sending: for seq in 1..=400u64 {
        let edit = json!({"type": "edit", "seq": seq, "language": "python", "code": format!("print({seq})")});
        ws.send(Message::Text(edit.to_string().into())).await.unwrap();
        loop {
            match tokio::time::timeout(std::time::Duration::from_secs(10), ws.next()).await.unwrap() {
                Some(Ok(Message::Text(t))) => {
                    let v: Value = serde_json::from_str(&t).unwrap();
                    match v["type"].as_str() {
                        Some("ack") => acks += 1,
                        Some("error") if v["message"] == "Too many messages; slow down." => slow_downs += 1,
                        _ => continue,
                    }
                    break;
                }
                Some(Ok(Message::Close(frame))) => {
                    code = frame.map(|f| f.code);
                    break 'sending;
                }
                Some(Ok(_)) => continue,
                other => panic!("expected an answer, got {other:?}"),
            }
        }
    }
    assert_eq!(code, Some(CloseCode::Policy));
    // The burst (60) and what refills at 20 a second are accepted; the rest are refused.
    assert!(acks >= 60, "{acks} acknowledged");
    assert_eq!(slow_downs, 100, "refused with a reason until the last straw");
    let stored = app.store.events_of_kind_after(&id, "edit", 0).await.unwrap().len();
    assert_eq!(stored, acks, "only acknowledged edits are stored");
}

#[tokio::test]
async fn a_finished_run_reaches_every_open_room_of_its_session_and_no_other() {
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "tabs@example.com").await;
    let id = open_session(&app, &client).await;
    let (mut tab, _) = hello(&app, &client, &cookie, &id).await;
    let (eve, eve_cookie) = user(&app, "eve-tabs@example.com").await;
    let eve_id = open_session(&app, &eve).await;
    let (mut eve_room, _) = hello(&app, &eve, &eve_cookie, &eve_id).await;

    let res = call(&app, &client, "run_code", &right_answer_in(&id, "submit")).await;
    let result: Value = res.json().await.unwrap();
    let heard = loop {
        let v = tokio::time::timeout(std::time::Duration::from_secs(10), tab.next()).await.unwrap();
        let Some(Ok(Message::Text(t))) = v else { continue };
        let v: Value = serde_json::from_str(&t).unwrap();
        if v["type"] == "run" {
            break v;
        }
    };
    assert_eq!(heard["summary"], result["summary"]);
    assert_eq!(heard["summary"]["verdict"], "accepted");
    assert_eq!(heard["summary"]["mode"], "submit");

    // The other candidate's room hears nothing of it.
    send(&mut eve_room, json!({"type": "ping"})).await;
    loop {
        let v = tokio::time::timeout(std::time::Duration::from_secs(10), eve_room.next()).await.unwrap();
        let Some(Ok(Message::Text(t))) = v else { continue };
        let v: Value = serde_json::from_str(&t).unwrap();
        assert_ne!(v["type"], "run", "{v}");
        if v["type"] == "pong" {
            break;
        }
    }
}

#[tokio::test]
async fn the_server_sends_heartbeats_to_a_quiet_room() {
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "quiet@example.com").await;
    let id = open_session(&app, &client).await;
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;
    // The first as the room opens, then every 20 s; the socket answers each with a pong by itself.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await.expect("no heartbeat within 30 s") {
            Some(Ok(Message::Ping(_))) => break,
            Some(Ok(_)) => continue,
            other => panic!("the socket ended: {other:?}"),
        }
    }
    send(&mut ws, json!({"type": "ping"})).await;
    assert_eq!(next(&mut ws).await, json!({"type": "pong"}), "still open after the heartbeat");
}

#[tokio::test]
async fn malformed_unknown_and_oversize_messages_are_refused() {
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "noisy@example.com").await;
    let id = open_session(&app, &client).await;
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;

    ws.send(Message::Text("{not json".into())).await.unwrap();
    assert_eq!(next(&mut ws).await["type"], "error");
    send(&mut ws, json!({"type": "delete_everything"})).await;
    assert_eq!(next(&mut ws).await["type"], "error");
    send(&mut ws, json!({"type": "edit", "seq": 1, "language": "python", "code": "x", "admin": true})).await;
    assert_eq!(next(&mut ws).await["type"], "error", "unknown fields are refused too");
    let big_code = "y".repeat(55 * 1024);
    send(&mut ws, json!({"type": "edit", "seq": 1, "language": "python", "code": big_code})).await;
    assert_eq!(next(&mut ws).await["type"], "error", "code over 50 KB is refused");
    send(&mut ws, json!({"type": "ping"})).await;
    assert_eq!(next(&mut ws).await, json!({"type": "pong"}), "the socket stays open after refusals");

    ws.send(Message::Text("z".repeat(70 * 1024).into())).await.unwrap();
    assert_eq!(closed_with(&mut ws).await, Some(CloseCode::Size));
    assert!(app.store.events_of_kind_after(&id, "edit", 0).await.unwrap().is_empty());
}

#[tokio::test]
async fn ending_the_interview_tells_the_open_room_and_closes_the_channel() {
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "ender@example.com").await;
    let id = open_session(&app, &client).await;
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;
    assert_eq!(call(&app, &client, "end_interview", &[("id", &id)]).await.status(), StatusCode::OK);
    assert_eq!(next(&mut ws).await, json!({"type": "ended", "status": "completed"}));
    assert_eq!(closed_with(&mut ws).await, Some(CloseCode::Normal));
    // No token for an ended session.
    assert_eq!(call(&app, &client, "realtime_token", &[("id", &id)]).await.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_snapshot_racing_the_same_text_as_an_edit_never_duplicates_it() {
    // On unload the room sends its code with sendBeacon (a snapshot) while the same text may
    // still arrive as an edit; whichever the server stores first, the code must come out once.
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "ada@example.com").await;
    let id = open_session(&app, &client).await;
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;
    let mut text = String::from("def running_sum(nums):\n");
    for seq in 1..=25u64 {
        text.push_str(&format!("    # thought {seq}\n"));
        let form = [("id", id.as_str()), ("language", "python"), ("code", text.as_str()), ("manual", "true")];
        let (saved, _) = tokio::join!(
            call(&app, &client, "save_snapshot", &form),
            send(&mut ws, json!({"type": "edit", "seq": seq, "language": "python", "code": text}))
        );
        assert_eq!(saved.status(), StatusCode::OK);
        assert_eq!(next(&mut ws).await, json!({"type": "ack", "seq": seq}));
        let view: Value = call(&app, &client, "get_session", &[("id", &id)]).await.json().await.unwrap();
        assert_eq!(view["code"].as_str(), Some(text.as_str()), "after round {seq}");
    }
}

#[tokio::test]
async fn two_windows_typing_alternately_never_lose_or_misapply_an_acknowledged_edit() {
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "two-tabs@example.com").await;
    let id = open_session(&app, &client).await;
    let starter: Value = call(&app, &client, "get_session", &[("id", &id)]).await.json().await.unwrap();
    let starter = starter["code"].as_str().unwrap().to_string();
    let mut acked = Vec::new();
    let (mut live, ready) = hello(&app, &client, &cookie, &id).await;
    let mut seq = ready["last_edit_seq"].as_u64().unwrap();
    for round in 0..6 {
        // This window types and is acknowledged.
        seq += 1;
        let code = format!("{starter}# window {} round {round}\n", round % 2);
        send(&mut live, json!({"type": "edit", "seq": seq, "language": "python", "code": code})).await;
        assert_eq!(next(&mut live).await, json!({"type": "ack", "seq": seq}));
        acked.push(code);
        // The other window opens: it learns what is stored, and this one is told why it closes.
        let (other, ready) = hello(&app, &client, &cookie, &id).await;
        assert_eq!(ready["last_edit_seq"], seq, "the new window starts after every stored edit");
        let mut old = std::mem::replace(&mut live, other);
        let frame = loop {
            match tokio::time::timeout(std::time::Duration::from_secs(10), old.next()).await.unwrap() {
                Some(Ok(Message::Close(frame))) => break frame,
                Some(Ok(_)) => continue,
                other => panic!("expected a close, got {other:?}"),
            }
        };
        let frame = frame.expect("a close frame");
        assert_eq!(u16::from(frame.code), app::interview::protocol::REPLACED);
        assert_eq!(frame.reason.as_str(), app::interview::protocol::REPLACED_REASON);
        // An edit the replaced window still sends is never acknowledged or stored.
        let _ = old
            .send(Message::Text(
                json!({"type": "edit", "seq": seq + 100, "language": "python", "code": "# stale"}).to_string().into(),
            ))
            .await;
    }
    let edits = app.store.events_of_kind_after(&id, "edit", 0).await.unwrap();
    assert_eq!(edits.len(), acked.len(), "every acknowledged edit is stored once");
    assert_eq!(replay(&starter, &edits), *acked.last().unwrap(), "the log replays to the last acknowledged text");
    let view: Value = call(&app, &client, "get_session", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(view["code"], acked.last().unwrap().as_str());
}

#[tokio::test]
async fn snapshots_tokens_and_starts_are_rate_limited_per_user_and_used_tokens_are_purged() {
    let app = spawn_app().await;
    let (client, _) = user(&app, "writer@example.com").await;
    let id = open_session(&app, &client).await;
    let code = "x".repeat(50 * 1024);
    let mut limited = None;
    // Starting and opening the session used two of the minute's writes. The limit refills
    // steadily (one write a second), so on a slow machine a few more get through before the
    // refusal; the flood is still refused long before it ends.
    for i in 0..app::platform::state::WRITES_PER_MINUTE * 3 {
        let res = call(
            &app,
            &client,
            "save_snapshot",
            &[("id", &id), ("language", "python"), ("code", &code), ("manual", "true")],
        )
        .await;
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some((i, res.headers().get("retry-after").is_some()));
            break;
        }
        assert_eq!(res.status(), StatusCode::OK);
    }
    let (at, retry_after) = limited.expect("a flood of snapshots is refused");
    assert!(retry_after, "refused at {at} without Retry-After");
    let res = call(&app, &client, "realtime_token", &[("id", &id)]).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another user is not limited by this one.
    let (other, other_cookie) = user(&app, "other-writer@example.com").await;
    let other_id = open_session(&app, &other).await;
    let (used, _) = hello(&app, &other, &other_cookie, &other_id).await;
    drop(used);
    let unused = token(&app, &other, &other_id).await;

    // The maintenance pass removes used and expired tokens, and only those.
    assert!(app.store.purge_realtime_tokens().await.unwrap() >= 1);
    assert_eq!(app.store.purge_realtime_tokens().await.unwrap(), 0);
    let mut ws = connect(&app, Some(&other_cookie)).await.unwrap();
    send(&mut ws, json!({"type": "hello", "token": unused})).await;
    assert_eq!(next(&mut ws).await["type"], "ready");
}
