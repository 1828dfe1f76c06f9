//! The interviewer in the room: the conversation, the reply as it streams in, and the box to
//! write to it. Messages travel over the realtime channel.

use leptos::prelude::*;

use crate::interview::channel::{Channel, Hooks, Link};
use crate::interviewer::types::{Speaker, MAX_CHAT_CHARS};
use crate::ui::layout::BrowserSlot;

/// Within this many pixels of the bottom, the log counts as read to the end (and follows new
/// messages).
const AT_BOTTOM_PX: i32 = 40;

/// Whether a scrolled element shows its end.
fn at_bottom(el: &web_sys::Element) -> bool {
    el.scroll_height() - el.scroll_top() - el.client_height() <= AT_BOTTOM_PX
}

/// How long a reply may take before the room stops waiting for it.
const REPLY_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// The interviewer as the room sees it (see [`use_interviewer`]).
#[derive(Clone, Copy)]
pub struct Interviewer {
    hooks: Hooks,
    /// A message was sent and its reply has not come yet.
    awaiting: RwSignal<bool>,
}

impl Interviewer {
    /// What the interviewer is doing, for the room's bar and the chat's header.
    pub fn status(self) -> &'static str {
        if self.hooks.link.get() != Link::Open {
            "Offline"
        } else if !self.hooks.draft.with(String::is_empty) {
            "Speaking…"
        } else if self.awaiting.get() {
            "Thinking…"
        } else {
            "Listening"
        }
    }
}

/// The interviewer's state, from the channel's signals. A reply ends the wait.
pub fn use_interviewer(hooks: Hooks) -> Interviewer {
    let awaiting = RwSignal::new(false);
    Effect::new(move |_| {
        let last_is_reply = hooks.chat.with(|c| c.last().is_some_and(|m| m.speaker == Speaker::Interviewer));
        if last_is_reply {
            awaiting.set(false);
        }
    });
    Interviewer { hooks, awaiting }
}

/// The chat with the interviewer: its log, the streaming reply, and the message box (Enter
/// sends, Shift+Enter starts a new line). It can be folded away.
#[component]
pub fn ChatPanel(interviewer: Interviewer, channel: BrowserSlot<Channel>) -> impl IntoView {
    let Interviewer { hooks, awaiting } = interviewer;
    let message = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let open = RwSignal::new(true);
    // The log follows new messages while the reader is at its end; scrolled up, a pill says
    // that new messages came and takes the reader down.
    let log = NodeRef::<leptos::html::Div>::new();
    let following = StoredValue::new(true);
    let unseen = RwSignal::new(false);
    let to_end = move || {
        if let Some(el) = log.get_untracked() {
            el.set_scroll_top(el.scroll_height());
        }
        following.set_value(true);
        unseen.set(false);
    };
    Effect::new(move |first: Option<()>| {
        // Every new message and every piece of a streaming reply.
        hooks.chat.track();
        hooks.draft.track();
        if first.is_none() || following.get_value() {
            // After the new message is in the page.
            request_animation_frame(to_end);
        } else {
            unseen.set(true);
        }
    });
    let scrolled = move |_| {
        if let Some(el) = log.get_untracked() {
            let end = at_bottom(&el);
            following.set_value(end);
            if end {
                unseen.set(false);
            }
        }
    };
    let send = move || {
        let text = message.get_untracked().trim().to_string();
        if text.is_empty() {
            return;
        }
        if text.chars().count() > MAX_CHAT_CHARS {
            error.set(Some(format!("Messages can be at most {MAX_CHAT_CHARS} characters.")));
            return;
        }
        match channel.with(|c| c.chat(&text)) {
            Some(Ok(())) => {
                // Sending shows the conversation's end again.
                following.set_value(true);
                message.set(String::new());
                error.set(None);
                awaiting.set(true);
                let _ = set_timeout_with_handle(
                    move || {
                        if awaiting.get_untracked() {
                            awaiting.set(false);
                            error.set(Some("The interviewer did not answer. Try again.".into()));
                        }
                    },
                    REPLY_WAIT,
                );
            }
            Some(Err(e)) => error.set(Some(e)),
            None => error.set(Some("The room is still connecting; try again in a moment.".into())),
        }
    };
    let status = move || interviewer.status();
    view! {
        <section class="room-chat" aria-labelledby="chat-heading" class:closed=move || !open.get()>
            <div class="chat-bar">
                <h2 id="chat-heading">"Interviewer"</h2>
                <span class="muted small" data-status=status>{status}</span>
                <span class="spacer"></span>
                <button type="button" class="btn ghost small" aria-controls="chat-body"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)
                >{move || if open.get() { "Hide chat" } else { "Show chat" }}</button>
            </div>
            <div id="chat-body" class="chat-body" class:hidden=move || !open.get()>
                <div class="chat-log" role="log" aria-live="polite" aria-label="Conversation with the interviewer" tabindex="0"
                    node_ref=log on:scroll=scrolled>
                <ol class="chat-list">
                    <For each=move || hooks.chat.get() key=|m| m.seq let(m)>
                        <li class=if m.speaker == Speaker::Interviewer { "chat-message interviewer" } else { "chat-message candidate" }>
                            <span class="chat-speaker">{if m.speaker == Speaker::Interviewer { "Interviewer" } else { "You" }}</span>
                            {if m.speaker == Speaker::Interviewer {
                                view! { <div class="prose" inner_html=m.html.clone()></div> }.into_any()
                            } else {
                                view! { <p class="chat-text">{m.text.clone()}</p> }.into_any()
                            }}
                        </li>
                    </For>
                    {move || (!hooks.draft.with(String::is_empty)).then(|| view! {
                        <li class="chat-message interviewer streaming">
                            <span class="chat-speaker">"Interviewer"</span>
                            <p class="chat-text">{move || hooks.draft.get()}</p>
                        </li>
                    })}
                </ol>
                </div>
                <Show when=move || unseen.get()>
                    <button type="button" class="btn small new-messages" on:click=move |_| to_end()>"New messages ↓"</button>
                </Show>
                {move || error.get().map(|e| view! { <p class="error small" role="alert">{e}</p> })}
                <form class="chat-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send(); }>
                    <label for="chat-input" class="sr-only">"Message to the interviewer"</label>
                    <textarea id="chat-input" rows="2" maxlength=MAX_CHAT_CHARS.to_string()
                        placeholder="Ask a question or explain your approach (Enter to send)"
                        prop:value=move || message.get()
                        on:input=move |ev| message.set(event_target_value(&ev))
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" && !ev.shift_key() {
                                ev.prevent_default();
                                send();
                            }
                        }
                    ></textarea>
                    <button type="submit" class="btn small" disabled=move || message.with(|m| m.trim().is_empty())>"Send"</button>
                </form>
            </div>
        </section>
    }
    .into_any()
}
