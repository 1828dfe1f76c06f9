//! The browser's end of the realtime channel: one WebSocket per open room.
//!
//! Every burst of typing becomes an edit with a sequence number. Edits wait in a queue that
//! is mirrored to local storage until the server acknowledges them, so a reload, a crash, a
//! dropped connection or a server restart loses nothing: after reconnecting the client sends
//! every edit the server has not acknowledged (the server ignores ones it already stored).
//! Reconnection backs off exponentially (capped at 30 s) for a bounded number of attempts,
//! then the room shows "connection lost" with a retry button.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

use crate::domain::error::AppError;
use crate::domain::Language;
use crate::interview::protocol::{
    ClientMessage, ServerMessage, SignalKind, MAX_CODE_BYTES, MAX_MESSAGE_BYTES, REPLACED,
};
use crate::interviewer::types::{ChatMessage, Insights, Speaker};
use crate::problems::types::RunSummary;

/// Reconnection attempts before the room says the connection is lost.
pub const MAX_ATTEMPTS: u32 = 8;
/// The longest wait between attempts.
pub const MAX_BACKOFF_MS: u32 = 30_000;
/// Unacknowledged edits kept; beyond this the oldest are merged away (each edit holds the
/// whole text, so the newest one alone restores the code).
const MAX_QUEUED: usize = 50;
/// How often the client sends a heartbeat, and how long it waits for the answer.
const PING_EVERY_MS: i32 = 20_000;
const PONG_WITHIN_MS: f64 = 10_000.0;

/// The wait before reconnection attempt `attempt` (1-based): 0.5 s, 1 s, 2 s, … up to 30 s.
pub fn backoff_ms(attempt: u32) -> u32 {
    let exp = attempt.saturating_sub(1).min(16);
    500u32.saturating_mul(1 << exp).min(MAX_BACKOFF_MS)
}

/// The state of the connection, as the room shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Open,
    /// Waiting `in_ms` before attempt `attempt`.
    Retrying {
        attempt: u32,
        in_ms: u32,
    },
    /// Gave up after [`MAX_ATTEMPTS`]; the room offers a retry.
    Lost,
    /// The session ended; nothing more to send.
    Closed,
    /// Another window of the same interview took over; the room offers to take it back.
    Elsewhere,
}

/// An edit waiting for the server's acknowledgement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingEdit {
    /// Assigned once the server has said which sequence numbers it already holds.
    pub seq: Option<u64>,
    pub language: Language,
    pub code: String,
}

/// The signals the channel keeps up to date for the room.
#[derive(Clone, Copy)]
pub struct Hooks {
    pub link: RwSignal<Link>,
    /// Edits not yet acknowledged.
    pub pending: RwSignal<usize>,
    /// The server clock: (server now, deadline), both in ms since the epoch.
    pub clock: RwSignal<Option<(i64, Option<i64>)>>,
    /// Set when the server says the session has ended.
    pub ended: RwSignal<bool>,
    /// The last message the server refused, for the status line.
    pub error: RwSignal<Option<String>>,
    /// The interview chat, oldest first.
    pub chat: RwSignal<Vec<ChatMessage>>,
    /// The interviewer's reply while it streams in.
    pub draft: RwSignal<String>,
    /// The observer's view of the latest code.
    pub insights: RwSignal<Option<Insights>>,
    /// The last run or submission of the session to finish, wherever it was started.
    pub run: RwSignal<Option<RunSummary>>,
}

struct Inner {
    session_id: String,
    hooks: Hooks,
    ws: Option<WebSocket>,
    /// Bumped for every socket, so events from an old socket are ignored.
    generation: u64,
    ready: bool,
    closed: bool,
    attempts: u32,
    queue: VecDeque<PendingEdit>,
    /// The sequence number the next edit gets; `None` until the server's `ready`.
    next_seq: Option<u64>,
    ping_sent_at: Option<f64>,
    retry_timer: Option<i32>,
    ping_timer: Option<i32>,
    handlers: Vec<Closure<dyn FnMut(JsValue)>>,
    heartbeat: Option<Closure<dyn FnMut()>>,
}

/// The room's realtime channel. Closing it (or dropping the last handle) stops reconnecting.
#[derive(Clone)]
pub struct Channel(Rc<RefCell<Inner>>);

fn storage_key(session_id: &str) -> String {
    format!("sparring-pending-{session_id}")
}

fn now() -> f64 {
    web_sys::js_sys::Date::now()
}

impl Channel {
    /// Opens the channel of a session; edits left from an earlier visit are restored first.
    pub fn open(session_id: &str, hooks: Hooks) -> Self {
        let queue = restore(session_id);
        hooks.pending.set(queue.len());
        let channel = Self(Rc::new(RefCell::new(Inner {
            session_id: session_id.to_string(),
            hooks,
            ws: None,
            generation: 0,
            ready: false,
            closed: false,
            attempts: 0,
            queue,
            next_seq: None,
            ping_sent_at: None,
            retry_timer: None,
            ping_timer: None,
            handlers: Vec::new(),
            heartbeat: None,
        })));
        channel.start_heartbeat();
        channel.connect();
        channel
    }

    /// The newest code not yet acknowledged, if any (after a reload it is newer than what
    /// the server has).
    pub fn unsent_code(&self) -> Option<(Language, String)> {
        self.0.borrow().queue.back().map(|e| (e.language, e.code.clone()))
    }

    /// Queues the editor's text as an edit and sends it when the channel is open. Refused
    /// (with a message) when it is over the size limit.
    pub fn edit(&self, language: Language, code: String) -> Result<(), String> {
        if code.len() > MAX_CODE_BYTES {
            return Err(format!("Code can be at most {} KB; this edit was not saved.", MAX_CODE_BYTES / 1024));
        }
        if !ClientMessage::edit_fits(language, &code) {
            return Err(format!(
                "This code is too large to send once its special characters are encoded (over {} KB); this edit was not saved.",
                MAX_MESSAGE_BYTES / 1024
            ));
        }
        let mut inner = self.0.borrow_mut();
        if inner.queue.back().is_some_and(|e| e.code == code && e.language == language) {
            return Ok(());
        }
        let seq = inner.next_seq;
        if let Some(s) = seq {
            inner.next_seq = Some(s + 1);
        }
        let edit = PendingEdit { seq, language, code };
        if inner.ready {
            send_edit(&inner, &edit);
        }
        inner.queue.push_back(edit);
        while inner.queue.len() > MAX_QUEUED {
            inner.queue.pop_front();
        }
        persist(&inner);
        inner.hooks.pending.set(inner.queue.len());
        Ok(())
    }

    /// Asks the server for its clock (when the tab becomes visible again).
    pub fn sync(&self) {
        let inner = self.0.borrow();
        if inner.ready {
            send(&inner, &ClientMessage::Sync);
        }
    }

    /// Sends a message to the interviewer. Chat is not queued: offline, it is refused.
    pub fn chat(&self, text: &str) -> Result<(), String> {
        let inner = self.0.borrow();
        if !inner.ready {
            return Err("You're offline; your message was not sent. Try again when the connection is back.".into());
        }
        send(&inner, &ClientMessage::Chat { text: text.to_string() });
        Ok(())
    }

    /// Records a focus, blur or paste signal in the session's log.
    pub fn signal(&self, kind: SignalKind, chars: Option<u32>) {
        let inner = self.0.borrow();
        if inner.ready {
            send(&inner, &ClientMessage::Signal { kind, chars });
        }
    }

    /// Tries again now, after the room said the connection was lost.
    pub fn retry(&self) {
        {
            let mut inner = self.0.borrow_mut();
            if inner.closed {
                return;
            }
            inner.attempts = 0;
            if let Some(t) = inner.retry_timer.take() {
                window().clear_timeout_with_handle(t);
            }
        }
        self.connect();
    }

    /// Stops the channel for good (the room is closing).
    pub fn close(&self) {
        let mut inner = self.0.borrow_mut();
        inner.closed = true;
        inner.ready = false;
        if let Some(t) = inner.retry_timer.take() {
            window().clear_timeout_with_handle(t);
        }
        if let Some(t) = inner.ping_timer.take() {
            window().clear_interval_with_handle(t);
        }
        if let Some(ws) = inner.ws.take() {
            detach(&ws);
            let _ = ws.close();
        }
        inner.handlers.clear();
        inner.heartbeat = None;
    }

    fn connect(&self) {
        let (id, generation) = {
            let mut inner = self.0.borrow_mut();
            if inner.closed {
                return;
            }
            inner.generation += 1;
            inner.ready = false;
            if let Some(ws) = inner.ws.take() {
                detach(&ws);
                let _ = ws.close();
            }
            inner.hooks.link.set(Link::Connecting);
            (inner.session_id.clone(), inner.generation)
        };
        let this = self.clone();
        leptos::task::spawn_local(async move {
            match crate::interview::realtime_token(id).await {
                Ok(token) => this.open_socket(generation, token),
                // The session ended, or is not ours any more: nothing to reconnect to.
                Err(AppError::Ended | AppError::NotFound) => this.finish(),
                Err(_) => this.closed(generation, false),
            }
        });
    }

    fn open_socket(&self, generation: u64, token: String) {
        let location = window().location();
        let scheme = if location.protocol().as_deref() == Ok("https:") { "wss" } else { "ws" };
        let host = location.host().unwrap_or_default();
        let ws = match WebSocket::new(&format!("{scheme}://{host}/api/sessions/realtime")) {
            Ok(ws) => ws,
            Err(_) => return self.closed(generation, false),
        };
        let on_open = {
            let this = self.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| {
                let inner = this.0.borrow();
                if inner.generation == generation {
                    send(&inner, &ClientMessage::Hello { token: token.clone() });
                }
            })
        };
        let on_message = {
            let this = self.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let Ok(event) = event.dyn_into::<MessageEvent>() else { return };
                let Some(text) = event.data().as_string() else { return };
                if this.0.borrow().generation != generation {
                    return;
                }
                match serde_json::from_str::<ServerMessage>(&text) {
                    Ok(message) => this.receive(message),
                    Err(_) => this
                        .0
                        .borrow()
                        .hooks
                        .error
                        .set(Some("The server sent a message this page does not understand.".into())),
                }
            })
        };
        let on_close = {
            let this = self.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                let replaced = event.dyn_into::<CloseEvent>().is_ok_and(|e| e.code() == REPLACED);
                this.closed(generation, replaced);
            })
        };
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        let mut inner = self.0.borrow_mut();
        if inner.closed || inner.generation != generation {
            detach(&ws);
            let _ = ws.close();
            return;
        }
        inner.handlers = vec![on_open, on_message, on_close];
        inner.ws = Some(ws);
    }

    fn receive(&self, message: ServerMessage) {
        let mut inner = self.0.borrow_mut();
        match message {
            ServerMessage::Ready { last_edit_seq, server_now, deadline_at, status, .. } => {
                inner.ready = true;
                inner.attempts = 0;
                inner.ping_sent_at = None;
                inner.hooks.link.set(Link::Open);
                inner.hooks.clock.set(Some((server_now, deadline_at)));
                if !status.is_open() {
                    drop(inner);
                    return self.finish();
                }
                // Edits the server holds are done; the rest are numbered after its last one
                // (and after any already numbered) and sent again, oldest first.
                inner.queue.retain(|e| e.seq.is_none_or(|s| s > last_edit_seq));
                let mut next =
                    inner.queue.iter().filter_map(|e| e.seq).max().unwrap_or(last_edit_seq).max(last_edit_seq) + 1;
                for e in inner.queue.iter_mut().filter(|e| e.seq.is_none()) {
                    e.seq = Some(next);
                    next += 1;
                }
                inner.next_seq = Some(next);
                for e in &inner.queue {
                    send_edit(&inner, e);
                }
                persist(&inner);
                inner.hooks.pending.set(inner.queue.len());
            }
            ServerMessage::Ack { seq } => {
                inner.queue.retain(|e| e.seq.is_none_or(|s| s > seq));
                persist(&inner);
                inner.hooks.pending.set(inner.queue.len());
                inner.hooks.error.set(None);
            }
            ServerMessage::Time { server_now, deadline_at, status } => {
                inner.hooks.clock.set(Some((server_now, deadline_at)));
                if !status.is_open() {
                    drop(inner);
                    self.finish();
                }
            }
            ServerMessage::Ended { .. } => {
                drop(inner);
                self.finish();
            }
            ServerMessage::Error { message } => inner.hooks.error.set(Some(message)),
            ServerMessage::Pong => inner.ping_sent_at = None,
            ServerMessage::Saved { .. } => {}
            ServerMessage::ChatDelta { text } => inner.hooks.draft.update(|d| d.push_str(&text)),
            ServerMessage::Chat { message } => {
                if message.speaker == Speaker::Interviewer {
                    inner.hooks.draft.set(String::new());
                }
                inner.hooks.chat.update(|c| {
                    if !c.iter().any(|m| m.seq == message.seq) {
                        c.push(message);
                    }
                });
            }
            ServerMessage::Insights { insights } => inner.hooks.insights.set(Some(insights)),
            ServerMessage::Run { summary } => inner.hooks.run.set(Some(summary)),
        }
    }

    /// The socket closed: try again after a while, or give up. When a newer room of this
    /// interview `replaced` this one, stop reconnecting (each window would keep taking the
    /// session from the other) until the candidate asks for it back.
    fn closed(&self, generation: u64, replaced: bool) {
        let mut inner = self.0.borrow_mut();
        if inner.closed || inner.generation != generation {
            return;
        }
        inner.ready = false;
        if let Some(ws) = inner.ws.take() {
            detach(&ws);
        }
        if replaced {
            // The other window has moved the session's edits on: what this one still holds
            // is numbered after them when it takes the session back (each edit carries the
            // whole text, so the newest one wins), never mistaken for edits already stored.
            for e in inner.queue.iter_mut() {
                e.seq = None;
            }
            inner.next_seq = None;
            persist(&inner);
            inner.hooks.link.set(Link::Elsewhere);
            return;
        }
        inner.attempts += 1;
        if inner.attempts > MAX_ATTEMPTS {
            inner.hooks.link.set(Link::Lost);
            return;
        }
        let in_ms = backoff_ms(inner.attempts);
        // A little jitter so that many rooms do not reconnect in the same instant.
        let in_ms = in_ms + (now() as u32 % 250);
        inner.hooks.link.set(Link::Retrying { attempt: inner.attempts, in_ms });
        let this = self.clone();
        let retry = Closure::once_into_js(move || {
            this.0.borrow_mut().retry_timer = None;
            this.connect();
        });
        inner.retry_timer =
            window().set_timeout_with_callback_and_timeout_and_arguments_0(retry.unchecked_ref(), in_ms as i32).ok();
    }

    /// The session is over: stop for good.
    fn finish(&self) {
        self.close();
        let inner = self.0.borrow();
        inner.hooks.link.set(Link::Closed);
        inner.hooks.ended.set(true);
    }

    fn start_heartbeat(&self) {
        let weak = Rc::downgrade(&self.0);
        let beat = Closure::<dyn FnMut()>::new(move || {
            let Some(inner) = weak.upgrade() else { return };
            let mut inner = inner.borrow_mut();
            if !inner.ready {
                return;
            }
            match inner.ping_sent_at {
                // No answer to the last heartbeat: the connection is dead though not closed.
                Some(at) if now() - at > PONG_WITHIN_MS => {
                    if let Some(ws) = &inner.ws {
                        let _ = ws.close();
                    }
                }
                Some(_) => {}
                None => {
                    inner.ping_sent_at = Some(now());
                    send(&inner, &ClientMessage::Ping);
                }
            }
        });
        let timer = window()
            .set_interval_with_callback_and_timeout_and_arguments_0(beat.as_ref().unchecked_ref(), PING_EVERY_MS / 2)
            .ok();
        let mut inner = self.0.borrow_mut();
        inner.ping_timer = timer;
        inner.heartbeat = Some(beat);
    }
}

fn detach(ws: &WebSocket) {
    ws.set_onopen(None);
    ws.set_onmessage(None);
    ws.set_onclose(None);
}

fn send(inner: &Inner, message: &ClientMessage) {
    if let (Some(ws), Ok(text)) = (&inner.ws, serde_json::to_string(message)) {
        let _ = ws.send_with_str(&text);
    }
}

fn send_edit(inner: &Inner, edit: &PendingEdit) {
    if let Some(seq) = edit.seq {
        send(inner, &ClientMessage::Edit { seq, language: edit.language, code: edit.code.clone() });
    }
}

fn persist(inner: &Inner) {
    let Ok(Some(storage)) = window().local_storage() else { return };
    let key = storage_key(&inner.session_id);
    if inner.queue.is_empty() {
        let _ = storage.remove_item(&key);
    } else if let Ok(json) = serde_json::to_string(&inner.queue) {
        // Storage can be full; the newest edit alone still restores the code.
        if storage.set_item(&key, &json).is_err() {
            if let Some(last) = inner.queue.back() {
                if let Ok(json) = serde_json::to_string(&[last]) {
                    let _ = storage.set_item(&key, &json);
                }
            }
        }
    }
}

fn restore(session_id: &str) -> VecDeque<PendingEdit> {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(&storage_key(session_id)).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Forgets the unsent edits of a session (it has ended and its final code is stored).
pub fn forget(session_id: &str) {
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.remove_item(&storage_key(session_id));
    }
}

#[cfg(test)]
mod tests {
    use crate::interview::channel::*;

    #[test]
    fn backoff_doubles_up_to_thirty_seconds() {
        assert_eq!(backoff_ms(1), 500);
        assert_eq!(backoff_ms(2), 1_000);
        assert_eq!(backoff_ms(3), 2_000);
        assert_eq!(backoff_ms(7), 30_000);
        assert_eq!(backoff_ms(40), 30_000);
        assert!((1..=MAX_ATTEMPTS).map(backoff_ms).sum::<u32>() < 3 * 60_000);
    }
}
