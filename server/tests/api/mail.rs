use reqwest::StatusCode;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::helpers::{app_error, spawn_app, spawn_app_with, PASSWORD};

fn token_from(body: &str) -> String {
    let start = body.find("token=").expect("link in mail") + "token=".len();
    body[start..start + 64].to_string()
}

#[tokio::test]
async fn a_password_reset_link_works_once_and_ends_every_session() {
    let app = spawn_app().await;
    app.sign_up("ada@example.com").await;
    let res = app
        .new_client()
        .post(format!("{}/api/request_password_reset", app.url))
        .form(&[("email", "ada@example.com")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let mail = app.store.latest_mail_to("ada@example.com").await.unwrap().expect("a reset mail in the outbox");
    assert_eq!(mail.kind, "password_reset");
    assert!(mail.body_text.contains(&format!("{}/reset?token=", app.url)), "{}", mail.body_text);
    let token = token_from(&mail.body_text);

    // The stored token is a digest, never the token itself.
    let valid: serde_json::Value = app.call("check_reset_token", &[("token", &token)]).await.json().await.unwrap();
    assert_eq!(valid, serde_json::json!(true));

    let res = app.call("reset_password", &[("token", &token), ("password", "a brand new secret")]).await;
    assert_eq!(res.status(), StatusCode::OK);

    // The earlier sign-in (from sign-up) has been ended.
    assert_eq!(app.call("dashboard", &[]).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.sign_in("ada@example.com", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.sign_in("ada@example.com", "a brand new secret").await.status(), StatusCode::OK);

    // Single use.
    let res = app.call("reset_password", &[("token", &token), ("password", "yet another secret")]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(app_error(res).await.to_string().contains("already used"));
}

#[tokio::test]
async fn reset_requests_for_unknown_emails_answer_the_same_and_send_nothing() {
    let app = spawn_app().await;
    let res = app.call("request_password_reset", &[("email", "ghost@example.com")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(app.store.latest_mail_to("ghost@example.com").await.unwrap().is_none());
}

#[tokio::test]
async fn a_garbage_reset_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    app.sign_up("ada@example.com").await;
    for token in ["", "abc", &"f".repeat(64), "<script>"] {
        let res = app.call("reset_password", &[("token", token), ("password", "a brand new secret")]).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{token}");
    }
    assert_eq!(app.sign_in("ada@example.com", PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_weak_new_password_keeps_the_reset_link_usable() {
    let app = spawn_app().await;
    app.sign_up("ada@example.com").await;
    app.call("request_password_reset", &[("email", "ada@example.com")]).await;
    let token = token_from(&app.store.latest_mail_to("ada@example.com").await.unwrap().unwrap().body_text);
    let res = app.call("reset_password", &[("token", &token), ("password", "short")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.call("reset_password", &[("token", &token), ("password", "a brand new secret")]).await;
    assert_eq!(res.status(), StatusCode::OK);
}

/// A minimal SMTP server that records the DATA of each message it accepts.
async fn fake_smtp() -> (u16, tokio::sync::mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    tokio::spawn(async move {
        loop {
            let Ok((sock, _)) = listener.accept().await else { return };
            let tx = tx.clone();
            tokio::spawn(async move {
                let (r, mut w) = sock.into_split();
                let mut lines = BufReader::new(r).lines();
                w.write_all(b"220 fake.smtp ESMTP ready\r\n").await.unwrap();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(buf) = data.as_mut() {
                        if line == "." {
                            tx.send(std::mem::take(buf)).await.unwrap();
                            data = None;
                            w.write_all(b"250 2.0.0 queued\r\n").await.unwrap();
                        } else {
                            buf.push_str(&line);
                            buf.push('\n');
                        }
                        continue;
                    }
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") {
                        b"250-fake.smtp\r\n250 8BITMIME\r\n"
                    } else if upper.starts_with("DATA") {
                        data = Some(String::new());
                        b"354 end with .\r\n"
                    } else if upper.starts_with("QUIT") {
                        w.write_all(b"221 bye\r\n").await.unwrap();
                        return;
                    } else {
                        b"250 ok\r\n"
                    };
                    w.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, rx)
}

#[tokio::test]
async fn mail_is_delivered_over_smtp_when_configured() {
    let (port, mut received) = fake_smtp().await;
    let app = spawn_app_with(|o| {
        o.mail.smtp_url = Some(format!("smtp://127.0.0.1:{port}").into());
        o.mail.from = Some("Sparring <no-reply@sparring.test>".into());
    })
    .await;
    app.sign_up("ada@example.com").await;
    app.call("request_password_reset", &[("email", "ada@example.com")]).await;
    let data = tokio::time::timeout(Duration::from_secs(20), received.recv()).await.expect("mail delivered").unwrap();
    assert!(data.contains("Subject: Reset your Sparring password"), "{data}");
    assert!(data.contains("To: ada@example.com"), "{data}");
    let mail = app.store.latest_mail_to("ada@example.com").await.unwrap().unwrap();
    for _ in 0..50 {
        if app.store.mail_status(mail.id).await.unwrap() == "sent" {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("mail was delivered but not marked sent");
}

#[tokio::test]
async fn an_unreachable_smtp_server_keeps_the_mail_in_the_outbox_for_retry() {
    // Bind then drop a listener to get a port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap().port();
    let app = spawn_app_with(|o| o.mail.smtp_url = Some(format!("smtp://127.0.0.1:{port}").into())).await;
    app.sign_up("ada@example.com").await;
    let res = app.call("request_password_reset", &[("email", "ada@example.com")]).await;
    assert_eq!(res.status(), StatusCode::OK, "the user's request succeeds even if mail is down");
    let mail = app.store.latest_mail_to("ada@example.com").await.unwrap().unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(app.store.mail_status(mail.id).await.unwrap(), "pending");
}
