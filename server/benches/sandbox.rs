//! Sandbox fairness and flood benchmark, against the real server (release build, SQLite, the
//! test problem bank, the local sandbox) in this process:
//!
//! 1. **Fairness.** One account sends six long runs at once; another then sends one short
//!    run. Reports the short run's time alone and under the flood, with the default slots
//!    (one per core) and with a single slot, against one long run's wall time (the bound).
//! 2. **Floods of the results channel.** Runs that write one 64 MB line without a newline,
//!    16 MB of newlines, or a million short lines to the harness's results descriptor, two at
//!    a time, while `/healthz` is fetched every 20 ms. Reports the server's RSS growth and the
//!    health check's p50 / p99 / max.
//!
//! Run with `cargo bench -p server --bench sandbox`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use serde_json::{json, Value};
use std::time::{Duration, Instant};

use app::platform::config::Config;
use server::Application;

/// Right answer for running-sum after sleeping `secs` per case (two visible cases).
fn slow(secs: f64) -> String {
    format!(
        "import time\ndef running_sum(nums):\n    time.sleep({secs})\n    out, t = [], 0\n    for n in nums:\n        t += n\n        out.append(t)\n    return out\n"
    )
}

const QUICK: &str =
    "def running_sum(nums):\n    out, t = [], 0\n    for n in nums:\n        t += n\n        out.append(t)\n    return out\n";

/// Writes `payload` (Python bytes expression) to the harness's results descriptor, the
/// pipe the server reads, bypassing the harness.
fn flood(payload: &str) -> String {
    format!(
        "import os\ndef _results_fd():\n    for name in os.listdir('/proc/self/fd'):\n        fd = int(name)\n        if fd > 2 and os.readlink('/proc/self/fd/%d' % fd).startswith('pipe:'):\n            return fd\n    return 1\nFD = _results_fd()\ndef running_sum(nums):\n    data = {payload}\n    view = memoryview(data)\n    while view:\n        n = os.write(FD, view[:1 << 20])\n        view = view[n:]\n    return nums\n"
    )
}

async fn start(slots: Option<usize>) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut options = common::options(dir.path());
    options.accounts.signin_per_ip_per_minute = Some(1_000_000);
    options.executor.runs_per_minute = Some(1_000);
    options.executor.sandbox_slots = slots;
    options.executor.run_queue_wait_secs = Some(120);
    let app = Application::build(Config::from_options(options).unwrap()).await.unwrap();
    let url = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    (url, dir)
}

async fn user(url: &str, email: &str) -> reqwest::Client {
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let res = client
        .post(format!("{url}/api/sign_up"))
        .form(&[
            ("display_name", "Bench"),
            ("email", email),
            ("password", "correct horse battery"),
            ("accept_terms", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "sign up: {}", res.status());
    client
}

/// Runs `source` and returns (time to the last event, the last event).
async fn run(client: &reqwest::Client, url: &str, source: &str) -> (Duration, Value) {
    let started = Instant::now();
    let body = json!({"slug": "running-sum", "language": "python", "source": source, "mode": "run"});
    let text = client.post(format!("{url}/api/runs")).json(&body).send().await.unwrap().text().await.unwrap();
    let last = text.lines().last().map(|l| serde_json::from_str(l).unwrap()).unwrap_or(Value::Null);
    (started.elapsed(), last)
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

async fn fairness(slots: Option<usize>) {
    let (url, _dir) = start(slots).await;
    let flooder = user(&url, "flood@example.com").await;
    let quick = user(&url, "quick@example.com").await;
    let long = slow(1.0);
    let (alone_long, last) = run(&flooder, &url, &long).await;
    assert_eq!(last["summary"]["verdict"], "accepted", "{last}");
    let (alone_quick, _) = run(&quick, &url, QUICK).await;
    let mut floods = tokio::task::JoinSet::new();
    for _ in 0..6 {
        let (c, u, s) = (flooder.clone(), url.clone(), long.clone());
        floods.spawn(async move { run(&c, &u, &s).await });
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (under_flood, last) = run(&quick, &url, QUICK).await;
    assert_eq!(last["summary"]["verdict"], "accepted", "{last}");
    while floods.join_next().await.is_some() {}
    let label = slots.map_or_else(|| "one per core".to_string(), |n| n.to_string());
    println!(
        "| {label} | {} | {} | {} | {} |",
        ms(alone_long),
        ms(alone_quick),
        ms(under_flood),
        ms(under_flood.saturating_sub(alone_quick)),
    );
}

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| l.strip_prefix("VmRSS:").map(|v| v.trim().trim_end_matches(" kB").to_string()))
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

async fn floods() {
    let (url, _dir) = start(None).await;
    let cases = [
        ("one 64 MB line, no newline", flood("b'x' * (64 << 20)")),
        ("16 MB of newlines", flood("b'\\n' * (16 << 20)")),
        ("a million short lines", flood("b'{\"event\":\"x\"}\\n' * 1_000_000")),
    ];
    let http = reqwest::Client::new();
    // Warm up: one honest run and a few health checks.
    let warm = user(&url, "warm@example.com").await;
    run(&warm, &url, QUICK).await;
    for _ in 0..10 {
        http.get(format!("{url}/healthz")).send().await.unwrap();
    }
    for (i, (name, source)) in cases.iter().enumerate() {
        let before = rss_kb();
        let a = user(&url, &format!("a{i}@example.com")).await;
        let b = user(&url, &format!("b{i}@example.com")).await;
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(before));
        let sampler = {
            let (done, peak) = (done.clone(), peak.clone());
            tokio::spawn(async move {
                while !done.load(std::sync::atomic::Ordering::SeqCst) {
                    peak.fetch_max(rss_kb(), std::sync::atomic::Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            })
        };
        let health = {
            let (done, http, url) = (done.clone(), http.clone(), url.clone());
            tokio::spawn(async move {
                let mut times = Vec::new();
                while !done.load(std::sync::atomic::Ordering::SeqCst) {
                    let t = Instant::now();
                    http.get(format!("{url}/healthz")).send().await.unwrap();
                    times.push(t.elapsed());
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                times
            })
        };
        let started = Instant::now();
        let (ra, rb) = tokio::join!(run(&a, &url, source), run(&b, &url, source));
        let wall = started.elapsed();
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        sampler.await.unwrap();
        let mut times = health.await.unwrap();
        times.sort();
        let pct = |p: f64| times[((p * times.len() as f64).ceil() as usize).clamp(1, times.len()) - 1];
        let after = rss_kb();
        let verdicts = format!("{} / {}", ra.1["summary"]["verdict"], rb.1["summary"]["verdict"]);
        println!(
            "| {name} | {verdicts} | {} | {:.1} MB | {:.1} MB | {} | {} | {} |",
            ms(wall),
            (peak.load(std::sync::atomic::Ordering::SeqCst).saturating_sub(before)) as f64 / 1024.0,
            after.saturating_sub(before) as f64 / 1024.0,
            ms(pct(0.5)),
            ms(pct(0.99)),
            ms(*times.last().unwrap()),
        );
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        println!(
            "Fairness ({cores} cores): one account sends 6 runs of ~2 s at once; another then sends a short run.\n"
        );
        println!("| slots | one long run alone (the bound) | short run alone | short run under the flood | its wait |");
        println!("|---|---|---|---|---|");
        fairness(None).await;
        fairness(Some(1)).await;
        println!("\nResults-channel floods, two runs at once, /healthz every 20 ms:\n");
        println!("| flood | verdicts | wall | RSS peak growth | RSS after | /healthz p50 | p99 | max |");
        println!("|---|---|---|---|---|---|---|---|");
        floods().await;
    });
}
