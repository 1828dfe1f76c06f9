//! Mail: every message is first stored in the outbox (so nothing is lost if delivery fails),
//! then a background worker delivers it — to the log by default, or over SMTP when
//! `smtp_url` is configured. Failed deliveries are retried with backoff, then marked failed.

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};

use crate::platform::config::Config;
use crate::platform::store::{OutboxMail, Store, StoreError};

/// Attempts before a mail is marked failed.
const MAX_ATTEMPTS: i64 = 5;

/// How mail leaves the outbox.
#[derive(Clone)]
enum Delivery {
    Log,
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// Queues mail and wakes the delivery worker.
#[derive(Clone)]
pub struct Mailer {
    store: Store,
    from: Mailbox,
    delivery: Delivery,
    wake: Arc<Notify>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mode = match self.delivery {
            Delivery::Log => "log",
            Delivery::Smtp(_) => "smtp",
        };
        f.debug_struct("Mailer").field("from", &self.from.to_string()).field("delivery", &mode).finish()
    }
}

impl Mailer {
    /// Builds the mailer from configuration.
    pub fn new(store: Store, config: &Config) -> anyhow::Result<Self> {
        let from: Mailbox =
            config.mail_from.parse().map_err(|e| anyhow::anyhow!("invalid configuration option `mail_from`: {e}"))?;
        let delivery = match &config.smtp_url {
            None => Delivery::Log,
            Some(url) => Delivery::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .map_err(|e| anyhow::anyhow!("invalid configuration option `smtp_url`: {e}"))?
                    .timeout(Some(Duration::from_secs(20)))
                    .build(),
            ),
        };
        Ok(Self { store, from, delivery, wake: Arc::new(Notify::new()) })
    }

    /// Stores a mail in the outbox and wakes the worker. Returns the outbox id.
    pub async fn send(&self, kind: &str, to: &str, subject: &str, body: &str) -> Result<i64, StoreError> {
        let id = self.store.enqueue_mail(kind, to, subject, body).await?;
        self.wake.notify_one();
        Ok(id)
    }

    /// Runs the delivery loop until `shutdown` turns true.
    pub async fn run_worker(self, mut shutdown: watch::Receiver<bool>) {
        loop {
            if *shutdown.borrow() {
                return;
            }
            let mut backoff = None;
            match self.store.pending_mail(20).await {
                Ok(batch) => {
                    for mail in batch {
                        let result = self.deliver(&mail).await;
                        let err = result.as_ref().err().map(|e| e.to_string());
                        if let Some(e) = &err {
                            tracing::warn!(mail_id = mail.id, attempts = mail.attempts + 1, error = %e, "mail delivery failed");
                            let secs = 2u64.saturating_pow(u32::try_from(mail.attempts).unwrap_or(10).min(8));
                            backoff = Some(backoff.map_or(secs, |b: u64| b.min(secs)));
                        }
                        if let Err(e) = self.store.record_mail_attempt(mail.id, err.as_deref(), MAX_ATTEMPTS).await {
                            tracing::error!(error = %format_args!("{:#}", anyhow::Error::from(e)), "could not record mail attempt");
                        }
                    }
                }
                Err(e) => {
                    tracing::error!(error = %format_args!("{:#}", anyhow::Error::from(e)), "could not read the mail outbox");
                    backoff = Some(5);
                }
            }
            let wait = Duration::from_secs(backoff.unwrap_or(30));
            tokio::select! {
                r = shutdown.changed() => if r.is_err() { return },
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    async fn deliver(&self, mail: &OutboxMail) -> anyhow::Result<()> {
        match &self.delivery {
            Delivery::Log => {
                // The body can hold a secret (a reset link): it stays in the outbox, where
                // `server last-mail --to ADDRESS` shows it.
                tracing::info!(
                    mail_id = mail.id,
                    kind = %mail.kind,
                    to = %mail.to_addr,
                    subject = %mail.subject,
                    "mail queued (no SMTP configured; `server last-mail --to {}` prints it)",
                    mail.to_addr
                );
                Ok(())
            }
            Delivery::Smtp(transport) => {
                let to: Mailbox = mail.to_addr.parse()?;
                let message = Message::builder()
                    .from(self.from.clone())
                    .to(to)
                    .subject(mail.subject.clone())
                    .body(mail.body_text.clone())?;
                transport.send(message).await?;
                Ok(())
            }
        }
    }
}
