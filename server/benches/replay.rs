//! Replay benchmark: a 60-minute session with 20,000 edits, 50 runs, automatic snapshots and a
//! conversation, stored in the real record, then watched over HTTP the way the player does it:
//! the manifest, then the chunk holding the moment, gzip-compressed. Reports time to the first
//! frame (cold: the replay is built from the database; warm: built already), seeks to random
//! moments (p50/p99, with and without fetching a chunk) and the bytes transferred.
//! Run with `cargo bench -p server --bench replay` (release build, SQLite, one process).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::io::Read;
use std::time::{Duration, Instant};

use app::domain::{Language, RunMode, Verdict};
use app::platform::config::Config;
use app::record::{CaseRecord, ChatLine, Edit, RunRecord, SessionEvent, SnapshotKind, Speaker};
use app::replay::timeline;
use app::replay::types::{Chunk, Manifest};
use server::Application;

const MINUTES: i64 = 60;
const EDITS: usize = 20_000;
const RUNS: usize = 50;
const SEEKS: usize = 1_000;

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// The session's events, as the room would have written them over an hour: typing (a program
/// growing to a few KB, with deletions), a snapshot every 10 s of activity, runs with ten
/// cases, a conversation, and the end.
/// Events as (seq, at, event), and snapshots as (seq, at, code).
type Written = (Vec<(i64, i64, SessionEvent)>, Vec<(i64, i64, String)>);

fn session(started_at: i64, first_seq: i64) -> Written {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let length = MINUTES * 60_000;
    let mut events = Vec::new();
    let mut snapshots = Vec::new();
    let mut code: Vec<char> = "def solve(nums):\n    pass\n".chars().collect();
    let mut cursor = code.len();
    let mut seq = first_seq;
    let mut last_snapshot = 0;
    let step = length / EDITS as i64;
    let run_every = EDITS / RUNS;
    for i in 0..EDITS {
        let t = i as i64 * step + rng.below(step as u64) as i64;
        if rng.below(20) == 0 {
            cursor = rng.below(code.len() as u64 + 1) as usize;
        }
        let deleting = code.len() > 4_000 || rng.below(10) == 0;
        let (at, del, ins) = if deleting && cursor > 0 {
            cursor -= 1;
            (cursor, 1, String::new())
        } else {
            const TYPED: &[&str] = &["a", "e", "s", " ", "(", ")", ":", "\n    ", "n", "t", "=", "1"];
            let ins = TYPED[rng.below(TYPED.len() as u64) as usize].to_string();
            (cursor, 0, ins)
        };
        let ins_chars: Vec<char> = ins.chars().collect();
        code.splice(at..at + del, ins_chars.iter().copied());
        cursor = at + ins_chars.len();
        events.push((
            seq,
            started_at + t,
            SessionEvent::Edit(Edit { seq: i as u64 + 1, language: Language::Python, at, del, ins }),
        ));
        seq += 1;
        if t - last_snapshot >= 10_000 {
            last_snapshot = t;
            let text: String = code.iter().collect();
            events.push((
                seq,
                started_at + t,
                SessionEvent::Snapshot { kind: SnapshotKind::Auto, language: Language::Python, bytes: text.len() },
            ));
            snapshots.push((seq, started_at + t, text));
            seq += 1;
        }
        if i % run_every == run_every - 1 {
            let cases = (0..10)
                .map(|c| {
                    let hidden = c >= 3;
                    let out = format!("[{}]", (0..40).map(|n| (n * c).to_string()).collect::<Vec<_>>().join(", "));
                    CaseRecord::new(
                        c,
                        hidden,
                        Verdict::WrongAnswer,
                        Some(3.0),
                        [Some(&out), Some("debug line\n"), None, None],
                    )
                })
                .collect();
            let mode = if i % (run_every * 5) == run_every * 5 - 1 { RunMode::Submit } else { RunMode::Run };
            let run = RunRecord {
                run_id: format!("run-{i}"),
                mode,
                language: Language::Python,
                verdict: Verdict::WrongAnswer,
                passed: 3,
                total: 10,
                wall_ms: 90,
                compile_error: None,
                cases,
            };
            events.push((seq, started_at + t, SessionEvent::RunFinished(run)));
            seq += 1;
        }
        if i % 300 == 150 {
            let speaker = if i % 600 == 150 { Speaker::Candidate } else { Speaker::Interviewer };
            let text = "Let me think about the edge cases first: an empty list, one element, and negative numbers. \
                        Then I will walk through the loop once more."
                .to_string();
            events.push((
                seq,
                started_at + t,
                SessionEvent::Chat(ChatLine { speaker, text, hint: None, trigger: None, engine: None }),
            ));
            seq += 1;
        }
    }
    events.push((
        seq,
        started_at + length,
        SessionEvent::Ended { status: Some(app::record::SessionStatus::Completed) },
    ));
    (events, snapshots)
}

async fn gz_get(client: &reqwest::Client, url: &str, bytes: &mut usize) -> Vec<u8> {
    let res = client.get(url).header("accept-encoding", "gzip").send().await.unwrap();
    assert!(res.status().is_success(), "{url}: {}", res.status());
    let gzipped = res.headers().get("content-encoding").is_some_and(|v| v == "gzip");
    let body = res.bytes().await.unwrap();
    *bytes += body.len();
    if !gzipped {
        return body.to_vec();
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&body[..]).read_to_end(&mut out).unwrap();
    out
}

async fn user_id(state: &app::platform::state::AppState) -> String {
    state.store.user_id_by_email("replay@example.com").await.unwrap().unwrap()
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let options = common::options(dir.path());
        let config = Config::from_options(options).unwrap();
        let db_url = config.database_url().to_string();
        let app = Application::build(config).await.unwrap();
        let state = app.state().clone();
        let url = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped(std::future::pending()));

        let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let form = [("display_name", "Bench"), ("email", "replay@example.com"), ("password", "correct horse battery"), ("accept_terms", "yes")];
        assert!(client.post(format!("{url}/api/sign_up")).form(&form).send().await.unwrap().status().is_success());
        let res = client
            .post(format!("{url}/api/start_interview"))
            .form(&[("slug", "running-sum"), ("language", "python"), ("duration_minutes", "60")])
            .send()
            .await
            .unwrap();
        let id: String = res.json().await.unwrap();
        client.post(format!("{url}/api/get_session")).form(&[("id", id.as_str())]).send().await.unwrap();

        // An hour of work, written into the record as the room would have written it.
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&db_url).await.unwrap();
        let (started_at, last_seq): (i64, i64) = sqlx::query_as(
            "SELECT s.started_at, (SELECT MAX(seq) FROM session_events e WHERE e.session_id = s.id) \
             FROM interview_sessions s WHERE s.id = $1",
        )
        .bind(&id)
        .fetch_one(&pool)
        .await
        .unwrap();
        let (events, snapshots) = session(started_at, last_seq + 1);
        let mut tx = pool.begin().await.unwrap();
        for (seq, at, e) in &events {
            sqlx::query("INSERT INTO session_events (session_id, seq, at, kind, payload) VALUES ($1, $2, $3, $4, $5)")
                .bind(&id)
                .bind(seq)
                .bind(at)
                .bind(e.kind())
                .bind(e.payload())
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        for (seq, at, code) in &snapshots {
            sqlx::query("INSERT INTO session_snapshots (session_id, seq, at, kind, language, code) VALUES ($1, $2, $3, 'auto', 'python', $4)")
                .bind(&id)
                .bind(seq)
                .bind(at)
                .bind(code)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        sqlx::query("UPDATE interview_sessions SET status = 'completed', end_reason = 'bench', ended_at = $2 WHERE id = $1")
            .bind(&id)
            .bind(started_at + MINUTES * 60_000)
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let edits = events.iter().filter(|(_, _, e)| matches!(e, SessionEvent::Edit(_))).count();
        let runs = events.iter().filter(|(_, _, e)| matches!(e, SessionEvent::RunFinished(_))).count();
        println!(
            "Session: {MINUTES} min, {edits} edits, {runs} runs, {} snapshots, {} events; release build, SQLite, {} cores.\n",
            snapshots.len(),
            events.len(),
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
        );

        let base = format!("{url}/api/replays/{id}");
        // The first frame: the manifest, then the chunk holding the start, then the code there.
        let first_frame = |_: &mut usize| {
            let (client, base) = (client.clone(), base.clone());
            let mut counted = 0;
            async move {
                let started = Instant::now();
                let manifest: Manifest = serde_json::from_slice(&gz_get(&client, &base, &mut counted).await).unwrap();
                let chunk: Chunk = serde_json::from_slice(&gz_get(&client, &format!("{base}/chunks/0"), &mut counted).await).unwrap();
                let frame = timeline::code_at(&chunk, 0);
                assert!(!frame.1.is_empty());
                (started.elapsed(), manifest, counted)
            }
        };
        let mut first_bytes = 0;
        let (cold, manifest, counted) = first_frame(&mut first_bytes).await;
        let mut warm = Vec::new();
        for _ in 0..20 {
            warm.push(first_frame(&mut first_bytes).await.0);
        }

        // Seeks to random moments, as the player does them: chunks already fetched are kept.
        let mut rng = Rng(42);
        let mut cache: HashMap<usize, Chunk> = HashMap::new();
        let (mut with_fetch, mut cached) = (Vec::new(), Vec::new());
        let mut seek_bytes = 0;
        for _ in 0..SEEKS {
            let t = rng.below(manifest.length_ms as u64 + 1) as i64;
            let started = Instant::now();
            let i = timeline::chunk_for(&manifest.chunks, t);
            let fetched = !cache.contains_key(&i);
            if fetched {
                let body = gz_get(&client, &format!("{base}/chunks/{i}"), &mut seek_bytes).await;
                cache.insert(i, serde_json::from_slice(&body).unwrap());
            }
            let frame = timeline::code_at(&cache[&i], t);
            std::hint::black_box(frame);
            if fetched { with_fetch.push(started.elapsed()) } else { cached.push(started.elapsed()) }
        }
        let mut all: Vec<Duration> = with_fetch.iter().chain(cached.iter()).copied().collect();

        // Everything a viewer could ever download: the manifest and every chunk.
        let mut total = 0;
        let mut raw = gz_get(&client, &base, &mut total).await.len();
        for i in 0..manifest.chunks.len() {
            raw += gz_get(&client, &format!("{base}/chunks/{i}"), &mut total).await.len();
        }
        // Where the cold first frame's time goes, on the server: reading the record, then building.
        let owned = state.store.owned_session(&id, &user_id(&state).await).await.unwrap().unwrap();
        let started = Instant::now();
        let read = app::record::server::read(&state, &owned).await.unwrap();
        let reading = started.elapsed();
        let snaps = state.store.session_snapshots(&id).await.unwrap();
        let snapshots_took = started.elapsed() - reading;
        let source = app::replay::server::build::Source {
            title: "Running sum",
            slug: "running-sum",
            difficulty: app::domain::Difficulty::Easy,
            status: app::record::SessionStatus::Completed,
            duration_minutes: 60,
            origin: started_at,
            ended_at: started_at + MINUTES * 60_000,
            language: Language::Python,
            starter: String::new(),
            snapshots: snaps.into_iter().map(|s| (s.seq, (s.language, s.code))).collect(),
            examples: Vec::new(),
        };
        let started = Instant::now();
        let built = app::replay::server::build::build(source, &read);
        let building = started.elapsed();
        let started = Instant::now();
        let manifest_json = serde_json::to_vec(&built.manifest).unwrap();
        let serializing = started.elapsed();

        println!("| measure | result | target |");
        println!("|---|---|---|");
        println!("| first frame, cold (replay built from the database) | {} | ≤ 500 ms |", ms(cold));
        println!("| first frame, warm (p50 of 20) | {} | ≤ 500 ms |", ms(pct(&mut warm, 0.5)));
        println!("| bytes for the first frame (gzip) | {:.1} KB | |", counted as f64 / 1024.0);
        println!("| seek p50 / p99, all {SEEKS} | {} / {} | p99 ≤ 50 ms |", ms(pct(&mut all, 0.5)), ms(pct(&mut all, 0.99)));
        println!(
            "| seek p50 / p99, chunk fetched ({}) | {} / {} | |",
            with_fetch.len(),
            ms(pct(&mut with_fetch, 0.5)),
            ms(pct(&mut with_fetch, 0.99))
        );
        println!(
            "| seek p50 / p99, chunk in memory ({}) | {} / {} | |",
            cached.len(),
            ms(pct(&mut cached, 0.5)),
            ms(pct(&mut cached, 0.99))
        );
        println!(
            "| whole replay: manifest + {} chunks (gzip / raw) | {:.0} KB / {:.0} KB | ≤ 1 MB gzip |",
            manifest.chunks.len(),
            total as f64 / 1024.0,
            raw as f64 / 1024.0
        );
        println!(
            "\nThe cold first frame on the server: reading {} events {}, {} snapshots {}, building {}, the manifest as JSON ({:.0} KB) {}.",
            read.len(),
            ms(reading),
            built.chunks.len(),
            ms(snapshots_took),
            ms(building),
            manifest_json.len() as f64 / 1024.0,
            ms(serializing)
        );
    });
}
