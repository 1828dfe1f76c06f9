//! Replays and share links over real HTTP and WebSocket: the code a replay rebuilds at every
//! moment is the code the room had (random typing, snapshots, a language switch, runs), the
//! markers and integrity signals come from the record, nothing hidden is ever sent, and share
//! links are scoped, counted, expiring, revocable and unguessable; other users get 404.

use app::domain::error::AppError;
use app::domain::Language;
use app::replay::timeline;
use app::replay::types::{Chunk, CreatedLink, Manifest, MarkerKind, RunDetail, ShareLink};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{app_error, assert_no_hidden, spawn_app, TestApp};
use crate::realtime::{call, hello, next_of, open_session, send, user, Ws};

/// A small deterministic generator (xorshift), so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Types into the room: a random change of the code, sent as the editor sends it (the whole
/// text), acknowledged before the next, at a pace under the channel's flood limit.
async fn type_edit(ws: &mut Ws, seq: u64, language: &str, code: &str) {
    tokio::time::sleep(std::time::Duration::from_millis(60)).await;
    send(ws, json!({"type": "edit", "seq": seq, "language": language, "code": code})).await;
    let ack = next_of(ws, &["ack"]).await;
    assert_eq!(ack["seq"], seq, "{ack}");
}

fn mutate(rng: &mut Rng, code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let at = rng.below(chars.len() as u64 + 1) as usize;
    let del = (rng.below(4) as usize).min(chars.len() - at);
    const PIECES: [&str; 8] = ["x", " ", "\n    ", "é", "(a, b)", "return s", "😀", ""];
    let ins = PIECES[rng.below(PIECES.len() as u64) as usize];
    chars[..at].iter().collect::<String>() + ins + &chars[at + del..].iter().collect::<String>()
}

async fn get_json<T: serde::de::DeserializeOwned>(client: &reqwest::Client, url: &str) -> T {
    let res = client.get(url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{url}");
    let text = res.text().await.unwrap();
    assert_no_hidden(&text);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: {e}: {text}"))
}

/// The manifest and every chunk, checked for hidden data on the way.
async fn fetch_all(client: &reqwest::Client, base: &str) -> (Manifest, Vec<Chunk>) {
    let manifest: Manifest = get_json(client, base).await;
    let mut chunks = Vec::new();
    for i in 0..manifest.chunks.len() {
        chunks.push(get_json::<Chunk>(client, &format!("{base}/chunks/{i}")).await);
    }
    for i in 0..manifest.runs.len() {
        get_json::<RunDetail>(client, &format!("{base}/runs/{i}")).await;
    }
    (manifest, chunks)
}

/// Every distinct state of the code, in order, as the player reaches it: each chunk from its
/// keyframe, which must equal the state the previous chunk ended in.
fn states(chunks: &[Chunk]) -> Vec<(Language, String)> {
    let mut out: Vec<(Language, String)> = Vec::new();
    for c in chunks {
        let key = (c.keyframe.language, c.keyframe.code.clone());
        if let Some(last) = out.last() {
            assert_eq!(last, &key, "chunk {} starts where the one before it ended", c.index);
        } else {
            out.push(key.clone());
        }
        let (mut l, mut code) = key;
        for (i, op) in c.ops.iter().enumerate() {
            timeline::apply(op, &mut l, &mut code);
            // An edit that changes the language is two operations of one event.
            if c.ops.get(i + 1).is_some_and(|next| next.seq() == op.seq()) {
                continue;
            }
            assert_eq!(timeline::code_after_seq(c, op.seq()), (l, code.clone()), "op at seq {}", op.seq());
            if out.last() != Some(&(l, code.clone())) {
                out.push((l, code.clone()));
            }
        }
    }
    out
}

/// Ends the session with its final code.
async fn end(app: &TestApp, client: &reqwest::Client, id: &str) {
    let res = call(app, client, "end_interview", &[("id", id)]).await;
    assert_eq!(res.status(), StatusCode::OK);
}

const ECHO: &str = "def running_sum(nums):\n    return nums\n";

/// Submits code that echoes its input back: every case fails, and a hidden case's "actual"
/// would be its hidden input if the record kept it.
async fn submit_echo(app: &TestApp, client: &reqwest::Client, id: &str) {
    let body = json!({"slug": "running-sum", "language": "python", "mode": "submit", "session_id": id,
        "source": ECHO});
    let res = client.post(format!("{}/api/runs", app.url)).json(&body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    assert!(text.contains("finished"), "{text}");
}

#[tokio::test]
async fn the_replay_rebuilds_the_code_the_room_had_at_every_moment() {
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "replay@example.com").await;
    let id = open_session(&app, &client).await;
    let view: Value = call(&app, &client, "get_session", &[("id", &id)]).await.json().await.unwrap();
    let starter = view["code"].as_str().unwrap_or_default().to_string();
    assert!(starter.contains("def running_sum"), "{view}");
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut expected: Vec<(Language, String)> = vec![(Language::Python, starter.clone())];
    let mut code = starter.clone();
    let mut seq = 0;
    let push = |expected: &mut Vec<(Language, String)>, l: Language, c: &str| {
        if expected.last().map(|(l0, c0)| (*l0, c0.as_str())) != Some((l, c)) {
            expected.push((l, c.to_string()));
        }
    };
    for round in 0..120 {
        seq += 1;
        code = mutate(&mut rng, &code);
        type_edit(&mut ws, seq, "python", &code).await;
        push(&mut expected, Language::Python, &code);
        if round % 40 == 39 {
            // A manual save of what the room holds changes nothing in the history.
            let res = call(
                &app,
                &client,
                "save_snapshot",
                &[("id", &id), ("language", "python"), ("code", &code), ("manual", "true")],
            )
            .await;
            assert_eq!(res.status(), StatusCode::OK);
        }
    }
    // A switch to JavaScript and back, as the room does it (an edit in the other language).
    let js = "function runningSum(nums) {\n  return nums;\n}\n";
    seq += 1;
    type_edit(&mut ws, seq, "javascript", js).await;
    push(&mut expected, Language::Javascript, js);
    send(&mut ws, json!({"type": "chat", "text": "I will use a running total."})).await;
    send(&mut ws, json!({"type": "signal", "kind": "paste", "chars": 64})).await;
    send(&mut ws, json!({"type": "signal", "kind": "blur"})).await;
    send(&mut ws, json!({"type": "signal", "kind": "focus"})).await;
    seq += 1;
    type_edit(&mut ws, seq, "python", &code).await;
    push(&mut expected, Language::Python, &code);
    // A submission stores the code it ran, which becomes the session's code.
    submit_echo(&app, &client, &id).await;
    push(&mut expected, Language::Python, ECHO);

    // Nothing to watch while the session is open.
    let base = format!("{}/api/replays/{id}", app.url);
    let res = client.get(&base).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    end(&app, &client, &id).await;

    let (manifest, chunks) = fetch_all(&client, &base).await;
    assert_eq!(states(&chunks), expected, "the replay's history is the room's");
    // Seeking by time: each chunk's ops are in time order, and the code at the very end is final.
    let last = chunks.len() - 1;
    assert_eq!(timeline::chunk_for(&manifest.chunks, manifest.length_ms), last);
    assert_eq!(timeline::code_at(&chunks[last], manifest.length_ms), (Language::Python, ECHO.to_string()));
    assert_eq!(timeline::code_at(&chunks[0], -1), (Language::Python, starter.clone()));
    for c in &chunks {
        assert!(c.ops.windows(2).all(|w| w[0].t() <= w[1].t() && w[0].seq() <= w[1].seq()));
    }
    // The tracks: the submission, the chat (both sides), the switch, the paste and the time away.
    let kinds: Vec<MarkerKind> = manifest.markers.iter().map(|m| m.kind).collect();
    assert!(kinds.iter().any(|k| matches!(k, MarkerKind::Run { .. })), "{kinds:?}");
    assert!(kinds.iter().any(|k| matches!(k, MarkerKind::Chat { .. })));
    assert!(kinds.contains(&MarkerKind::Paste) && kinds.contains(&MarkerKind::FocusLost));
    assert!(kinds.contains(&MarkerKind::Ended));
    assert!(manifest.chat.iter().any(|c| c.text == "I will use a running total."));
    assert_eq!(manifest.integrity.pastes.len(), 1);
    assert_eq!(manifest.integrity.away.len(), 1);
    assert_eq!(manifest.runs.len(), 1);
    assert_eq!(manifest.diff.final_language, Language::Python);
    assert!(manifest.diff.added + manifest.diff.removed > 0);
    // The run's hidden cases come by verdict only.
    let run: RunDetail = get_json(&client, &format!("{base}/runs/0")).await;
    assert!(run.cases.iter().any(|c| c.hidden));
    for c in run.cases.iter().filter(|c| c.hidden) {
        assert!(c.actual.is_none() && c.stdout.is_none() && c.stderr.is_none() && c.error.is_none(), "{c:?}");
    }
    // Visible cases come with what they gave the code and expected; hidden ones with nothing.
    assert_eq!(run.examples.len(), run.cases.len());
    for (c, e) in run.cases.iter().zip(&run.examples) {
        assert_eq!(e.is_some(), !c.hidden, "{c:?} {e:?}");
    }
    assert!(run.examples.iter().flatten().all(|e| e.expected.is_some() && !e.inputs.is_empty()));
    // The summary carries the same integrity signals.
    let summary: Value = call(&app, &client, "session_summary", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(summary["integrity"]["pastes"].as_array().map(Vec::len), Some(1), "{summary}");

    // Bad parts of the address.
    for bad in ["chunks/999", "chunks/-1", "chunks/x", "runs/7", "runs/1e3"] {
        let res = client.get(format!("{base}/{bad}")).send().await.unwrap();
        assert!(
            matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::UNPROCESSABLE_ENTITY),
            "{bad}: {}",
            res.status()
        );
    }
}

#[tokio::test]
async fn replays_are_compressed_and_only_the_owner_can_open_one() {
    let app = spawn_app().await;
    let (client, _) = user(&app, "owner@example.com").await;
    let id = open_session(&app, &client).await;
    end(&app, &client, &id).await;
    let base = format!("{}/api/replays/{id}", app.url);
    let res = client.get(&base).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));

    // Signed out: 401. Another user: 404, the same as a session that does not exist.
    let stranger = app.new_client();
    assert_eq!(stranger.get(&base).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let (eve, _) = user(&app, "eve@example.com").await;
    for path in [base.clone(), format!("{base}/chunks/0"), format!("{base}/runs/0")] {
        let res = eve.get(&path).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(app_error(res).await, AppError::NotFound);
    }
    let res = client.get(format!("{}/api/replays/no-such-session", app.url)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Eve can neither share nor list nor revoke anything of the owner's.
    let res = call(&app, &eve, "create_share_link", &[("session", &id), ("expiry", "week")]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = call(&app, &eve, "share_links", &[("session", &id)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = call(&app, &eve, "share_target", &[("session", &id)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let target: Value = call(&app, &client, "share_target", &[("session", &id)]).await.json().await.unwrap();
    assert_eq!(target["ended"], true, "{target}");
    let created = share(&app, &client, &id, "week", true, false).await;
    let res = call(&app, &eve, "revoke_share_link", &[("id", &created.link.id)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let listed: Vec<ShareLink> = call(&app, &eve, "share_links", &[("session", "")]).await.json().await.unwrap();
    assert!(listed.is_empty());
    let theirs: Vec<ShareLink> = call(&app, &client, "share_links", &[("session", "")]).await.json().await.unwrap();
    assert_eq!(theirs.len(), 1);
}

async fn share(
    app: &TestApp,
    client: &reqwest::Client,
    id: &str,
    expiry: &str,
    chat: bool,
    identity: bool,
) -> CreatedLink {
    let chat = chat.to_string();
    let identity = identity.to_string();
    let res = call(
        app,
        client,
        "create_share_link",
        &[("session", id), ("expiry", expiry), ("chat", &chat), ("identity", &identity)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

fn token_of(link: &CreatedLink) -> String {
    link.path.rsplit('/').next().unwrap().to_string()
}

#[tokio::test]
async fn share_links_are_scoped_counted_expiring_and_revocable() {
    let app = spawn_app().await;
    let (client, cookie) = user(&app, "sharer@example.com").await;
    let id = open_session(&app, &client).await;
    // Links are for ended sessions.
    let res = call(&app, &client, "create_share_link", &[("session", &id), ("expiry", "week")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let (mut ws, _) = hello(&app, &client, &cookie, &id).await;
    send(&mut ws, json!({"type": "chat", "text": "private remark"})).await;
    type_edit(&mut ws, 1, "python", "def running_sum(nums):\n    return nums\n").await;
    submit_echo(&app, &client, &id).await;
    end(&app, &client, &id).await;

    // Malformed choices are refused and create nothing.
    for (expiry, chat) in [("fortnight", "true"), ("", "true"), ("week", "perhaps")] {
        let res =
            call(&app, &client, "create_share_link", &[("session", &id), ("expiry", expiry), ("chat", chat)]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{expiry} {chat}");
    }
    let none: Vec<ShareLink> = call(&app, &client, "share_links", &[("session", &id)]).await.json().await.unwrap();
    assert!(none.is_empty());

    let with_chat = share(&app, &client, &id, "week", true, false).await;
    let without = share(&app, &client, &id, "never", false, true).await;
    let (a, b) = (token_of(&with_chat), token_of(&without));
    assert_eq!(a.len(), 64, "256 bits of token");
    assert_ne!(a, b);
    assert!(with_chat.link.expires_at.is_some() && without.link.expires_at.is_none());

    let stranger = app.new_client();
    let open = |token: String| {
        let stranger = stranger.clone();
        let url = app.url.clone();
        async move { stranger.get(format!("{url}/api/shared/{token}")).send().await.unwrap() }
    };
    // With the chat: the chat is there, the owner is not.
    let res = open(a.clone()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get("referrer-policy").and_then(|v| v.to_str().ok()), Some("no-referrer"));
    assert!(res.headers().get("x-robots-tag").and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("noindex")));
    let text = res.text().await.unwrap();
    assert!(!text.contains("sharer@example.com"), "{text}");
    let m: Manifest = serde_json::from_str(&text).unwrap();
    assert!(m.chat_included && m.chat.iter().any(|c| c.text == "private remark"));
    assert!(m.owner.is_none());
    // Without the chat but with the owner's name: no chat anywhere, the email shown.
    let (m, chunks) = fetch_all(&stranger, &format!("{}/api/shared/{b}", app.url)).await;
    assert!(!m.chat_included && m.chat.is_empty());
    assert!(!m.markers.iter().any(|k| matches!(k.kind, MarkerKind::Chat { .. })));
    assert_eq!(m.owner.as_ref().map(|o| o.email.as_str()), Some("sharer@example.com"));
    assert!(!chunks.is_empty());
    // The page's data: the summary and evaluation, no hidden data, and a counted view.
    let res =
        stranger.post(format!("{}/api/open_shared", app.url)).form(&[("token", b.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.unwrap();
    assert_no_hidden(&text);
    let shared: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(shared["summary"]["id"], "", "the session's id is not given away");
    assert!(!text.contains(&id));
    let listed: Vec<ShareLink> = call(&app, &client, "share_links", &[("session", &id)]).await.json().await.unwrap();
    let counted = listed.iter().find(|l| l.id == without.link.id).unwrap();
    assert_eq!(counted.views, 1);
    assert!(counted.last_viewed_at.is_some());

    // Revoked: 410 from then on, for the manifest, its chunks and the page's data; revoking
    // twice keeps the first time.
    let revoked: ShareLink =
        call(&app, &client, "revoke_share_link", &[("id", &with_chat.link.id)]).await.json().await.unwrap();
    assert_eq!(revoked.state, app::replay::types::LinkState::Revoked);
    let again: ShareLink =
        call(&app, &client, "revoke_share_link", &[("id", &with_chat.link.id)]).await.json().await.unwrap();
    assert_eq!(again.revoked_at, revoked.revoked_at);
    for path in [format!("/api/shared/{a}"), format!("/api/shared/{a}/chunks/0")] {
        let res = stranger.get(format!("{}{path}", app.url)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::GONE, "{path}");
        assert!(matches!(app_error(res).await, AppError::Gone(m) if m.contains("revoked")));
    }
    let res =
        stranger.post(format!("{}/api/open_shared", app.url)).form(&[("token", a.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::GONE);

    // Expired: its time passed (moved into the past in the database).
    let expiring = share(&app, &client, &id, "day", true, false).await;
    set_expiry(&app, &expiring.link.id, app::platform::store::now_ms() - 1).await;
    let res = open(token_of(&expiring)).await;
    assert_eq!(res.status(), StatusCode::GONE);
    assert!(matches!(app_error(res).await, AppError::Gone(m) if m.contains("expired")));
    let listed: Vec<ShareLink> = call(&app, &client, "share_links", &[("session", &id)]).await.json().await.unwrap();
    assert_eq!(
        listed.iter().find(|l| l.id == expiring.link.id).map(|l| l.state),
        Some(app::replay::types::LinkState::Expired)
    );
}

async fn set_expiry(app: &TestApp, link: &str, at: i64) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(app.state.config.database_url()).await.unwrap();
    sqlx::query("UPDATE share_links SET expires_at = $1 WHERE id = $2")
        .bind(at)
        .bind(link)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

#[tokio::test]
async fn wrong_tokens_are_not_found_and_guessing_is_throttled() {
    let app = spawn_app().await;
    let stranger = app.new_client();
    let long = "a".repeat(5_000);
    for bad in ["nope", "0000000000000000000000000000000000000000000000000000000000000000", "%00", long.as_str()] {
        let res = stranger.get(format!("{}/api/shared/{bad}", app.url)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{}", &bad[..bad.len().min(20)]);
    }
    let mut limited = None;
    for i in 0..40 {
        let res = stranger.get(format!("{}/api/shared/{:064x}", app.url, i)).send().await.unwrap();
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(res);
            break;
        }
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    let res = limited.expect("guessing is throttled");
    assert!(res.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn a_session_keeps_a_bounded_number_of_links() {
    let app = spawn_app().await;
    let (client, _) = user(&app, "many@example.com").await;
    let id = open_session(&app, &client).await;
    end(&app, &client, &id).await;
    let cap = app::replay::server::share::MAX_LINKS_PER_SESSION;
    let mut first = None;
    for _ in 0..cap {
        let link = share(&app, &client, &id, "day", false, false).await;
        first.get_or_insert(link.link.id);
    }
    let res = call(&app, &client, "create_share_link", &[("session", &id), ("expiry", "day")]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Revoking one makes room for another.
    let first = first.unwrap();
    assert_eq!(call(&app, &client, "revoke_share_link", &[("id", &first)]).await.status(), StatusCode::OK);
    share(&app, &client, &id, "day", false, false).await;
}

#[tokio::test]
async fn concurrent_creations_never_pass_the_cap() {
    let app = spawn_app().await;
    let (client, _) = user(&app, "race@example.com").await;
    let id = open_session(&app, &client).await;
    end(&app, &client, &id).await;
    let cap = app::replay::server::share::MAX_LINKS_PER_SESSION;
    for _ in 0..cap - 1 {
        share(&app, &client, &id, "day", false, false).await;
    }
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let (client, url, id) = (client.clone(), app.url.clone(), id.clone());
            tokio::spawn(async move {
                let form = [("session", id.as_str()), ("expiry", "day")];
                client.post(format!("{url}/api/create_share_link")).form(&form).send().await.unwrap().status()
            })
        })
        .collect();
    let mut created = 0;
    for t in tasks {
        match t.await.unwrap() {
            StatusCode::OK => created += 1,
            StatusCode::CONFLICT => {}
            other => panic!("{other}"),
        }
    }
    assert_eq!(created, 1, "exactly one more fits");
    let listed: Vec<ShareLink> = call(&app, &client, "share_links", &[("session", &id)]).await.json().await.unwrap();
    assert_eq!(listed.len() as i64, cap);
}
