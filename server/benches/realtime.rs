//! Realtime benchmark: how many interview sessions one server holds while each sends an edit
//! three times a second, keeping the p99 edit round trip (send → stored → acknowledged)
//! under 20 ms. Run with `cargo bench -p server --bench realtime` (release build, SQLite,
//! server and simulated clients in one process on this machine).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

use app::platform::config::Config;
use server::Application;

const EDIT_EVERY: Duration = Duration::from_millis(333);

async fn user(url: &str, i: usize) -> (reqwest::Client, String) {
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let res = client
        .post(format!("{url}/api/sign_up"))
        .form(&[
            ("display_name", "Bench"),
            ("email", &format!("bench{i}@example.com")),
            ("password", "correct horse battery"),
            ("accept_terms", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "sign up: {}", res.status());
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    let res = client
        .post(format!("{url}/api/start_interview"))
        .form(&[("slug", "running-sum"), ("language", "python"), ("duration_minutes", "60")])
        .send()
        .await
        .unwrap();
    let id: String = res.json().await.unwrap();
    client.post(format!("{url}/api/get_session")).form(&[("id", id.as_str())]).send().await.unwrap();
    let token: String = client
        .post(format!("{url}/api/realtime_token"))
        .form(&[("id", id.as_str())])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (client, format!("{cookie}\n{token}"))
}

/// Edits sent in the first seconds of a level, while rooms are still connecting.
const RAMP: Duration = Duration::from_secs(2);

/// One simulated room: edits every 333 ms until `until`; returns each round trip.
async fn room(url: String, cookie_and_token: String, until: Instant) -> Vec<(Instant, Duration)> {
    let (cookie, token) = cookie_and_token.split_once('\n').unwrap();
    let mut req = format!("{}/api/sessions/realtime", url.replace("http://", "ws://")).into_client_request().unwrap();
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    ws.send(Message::Text(json!({"type": "hello", "token": token}).to_string().into())).await.unwrap();
    let _ready = ws.next().await;
    let mut code = String::from("def running_sum(nums):\n");
    let mut times = Vec::new();
    let mut seq = 0u64;
    let mut tick = tokio::time::interval(EDIT_EVERY);
    while Instant::now() < until {
        tick.tick().await;
        seq += 1;
        code.push_str(if seq.is_multiple_of(20) { "\n    " } else { "x" });
        let sent = Instant::now();
        let msg = json!({"type": "edit", "seq": seq, "language": "python", "code": code});
        if ws.send(Message::Text(msg.to_string().into())).await.is_err() {
            break;
        }
        loop {
            match ws.next().await {
                Some(Ok(Message::Text(t))) => {
                    let v: Value = serde_json::from_str(&t).unwrap();
                    if v["type"] == "ack" {
                        times.push((sent, sent.elapsed()));
                        break;
                    }
                }
                Some(Ok(_)) => continue,
                _ => return times,
            }
        }
    }
    times
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let mut options = common::options(dir.path());
        options.accounts.signin_per_ip_per_minute = Some(1_000_000);
        let app = Application::build(Config::from_options(options).unwrap()).await.unwrap();
        let url = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped(std::future::pending()));

        let levels: Vec<usize> = std::env::var("LEVELS")
            .ok()
            .map(|l| l.split(',').filter_map(|n| n.parse().ok()).collect())
            .unwrap_or_else(|| vec![100, 250, 500, 750, 1000]);
        let seconds: u64 = std::env::var("SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        println!("Edits every 333 ms per session, {seconds} s per level, {cores} cores, SQLite.\n");
        println!("| sessions | edits/s | p50 | p99 | max | p99 while connecting (first 2 s) |");
        println!("|---|---|---|---|---|---|");
        let mut users = Vec::new();
        for n in levels {
            // Each level uses fresh sessions (a token opens one connection).
            users.clear();
            // Sign-ups (argon2) are set up a few at a time; they are not what is measured.
            let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(8));
            let mut tasks = tokio::task::JoinSet::new();
            for i in 0..n {
                let url = url.clone();
                let id = i + n * 10_000;
                let gate = gate.clone();
                tasks.spawn(async move {
                    let _permit = gate.acquire_owned().await.unwrap();
                    user(&url, id).await.1
                });
            }
            while let Some(r) = tasks.join_next().await {
                users.push(r.unwrap());
            }
            let start = Instant::now();
            let until = start + Duration::from_secs(seconds);
            let mut rooms = tokio::task::JoinSet::new();
            for u in users.drain(..) {
                rooms.spawn(room(url.clone(), u, until));
                // Spread the rooms' ticks over the interval.
                tokio::time::sleep(EDIT_EVERY / n as u32).await;
            }
            let mut all = Vec::new();
            while let Some(r) = rooms.join_next().await {
                all.extend(r.unwrap());
            }
            // The first seconds include every room connecting at once (the interviewer's
            // greeting is written for each); they are reported apart from the steady state.
            let warm = start + RAMP;
            let (mut ramp, mut steady): (Vec<Duration>, Vec<Duration>) = (Vec::new(), Vec::new());
            for (at, d) in &all {
                if *at < warm {
                    ramp.push(*d)
                } else {
                    steady.push(*d)
                }
            }
            steady.sort();
            ramp.sort();
            let pct = |v: &[Duration], p: f64| v[((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
            let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
            println!(
                "| {n} | {:.0} | {} | {} | {} | {} |",
                all.len() as f64 / seconds as f64,
                ms(pct(&steady, 0.50)),
                ms(pct(&steady, 0.99)),
                ms(*steady.last().unwrap()),
                if ramp.is_empty() { "—".to_string() } else { ms(pct(&ramp, 0.99)) },
            );
        }
    });
}
