//! The interview room: the problem on the left, Monaco on the right with the output panel
//! below it, and a bar with the timer, the connection, Run, Submit and End.
//!
//! Every burst of typing goes to the server over the realtime channel (and waits in local
//! storage until acknowledged); runs stream their results case by case; the timer follows
//! the server's clock. On the server (SSR) the room renders a plain text area with the code,
//! which the browser replaces with Monaco once it has loaded.
//!
//! The parts, each a hook or a component of its own: [`layout`] (resizable panes), [`clock`]
//! (the countdown), [`editor`] (Monaco), [`runs`] (the output panel), [`chat`] (the
//! interviewer) and [`window`] (focus, leaving, shortcuts). This module holds the code and its
//! saving, and puts the parts together.

mod chat;
mod clock;
mod editor;
mod layout;
mod runs;
mod statement;
mod window;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::domain::Language;
use crate::interview::channel::{self, Channel, Hooks, Link, MAX_ATTEMPTS};
use crate::interview::protocol::SignalKind;
use crate::interview::types::*;
use crate::interview::*;
use crate::problems::types::{RunMode, RunRequest};
use crate::ui::layout::BrowserSlot;
use chat::{use_interviewer, ChatPanel};
use clock::use_countdown;
use editor::{use_code_editor, EditorHandlers};
use layout::{use_pane_layout, Divider};
use runs::{use_runs, OutputPanel};
use window::{use_room_window, WindowHandlers};

/// Edits are sent after this long without typing.
const DEBOUNCE_MS: u64 = 300;
/// Automatic snapshots are offered this often (the server keeps at most one per 10 s).
const AUTOSAVE: std::time::Duration = std::time::Duration::from_secs(10);

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// What the connection line says.
fn link_text(link: Link, pending: usize) -> String {
    match link {
        Link::Open if pending == 0 => "All changes saved".to_string(),
        Link::Open => "Saving…".to_string(),
        Link::Connecting => "Connecting…".to_string(),
        Link::Retrying { in_ms, .. } => {
            format!("Offline — changes are kept on this device; reconnecting in {} s", in_ms.div_ceil(1000))
        }
        Link::Lost => "Connection lost — changes are kept on this device".to_string(),
        Link::Closed => "Session ended".to_string(),
        Link::Elsewhere => "Open in another window — changes here are kept on this device".to_string(),
    }
}

#[component]
pub fn Room(session: SessionView, reload: RwSignal<u32>) -> impl IntoView {
    let SessionView { id, language: start_language, server_now, deadline_at, code, problem, chat, .. } = session;
    let id = StoredValue::new(id);
    let slug = StoredValue::new(problem.slug.clone());

    // The code and its language, as the editor has them.
    let language = RwSignal::new(start_language);
    let source = RwSignal::new(code);
    let snapshot_code = StoredValue::new(source.get_untracked());
    let status = RwSignal::new(String::new());

    let hooks = Hooks {
        link: RwSignal::new(Link::Connecting),
        pending: RwSignal::new(0),
        clock: RwSignal::new(None),
        ended: RwSignal::new(false),
        error: RwSignal::new(None),
        chat: RwSignal::new(chat),
        draft: RwSignal::new(String::new()),
        insights: RwSignal::new(None),
        run: RwSignal::new(None),
    };
    let channel: BrowserSlot<Channel> = BrowserSlot::new();
    let debounce = StoredValue::new(None::<TimeoutHandle>);
    let save = ServerAction::<SaveSnapshot>::new();
    let end = ServerAction::<EndInterview>::new();
    let resync = ServerAction::<SyncClock>::new();

    // Sends the editor's text as an edit now (the channel queues it while offline).
    let flush = move || {
        if let Some(h) = debounce.get_value() {
            h.clear();
            debounce.set_value(None);
        }
        let result = channel.with(|c: &Channel| c.edit(language.get_untracked(), source.get_untracked()));
        if let Some(Err(message)) = result {
            status.set(message);
        }
    };
    // Every change of the text: remember it, and send it after a pause in typing.
    let changed = move |code: String| {
        source.set(code);
        if let Some(h) = debounce.get_value() {
            h.clear();
        }
        debounce.set_value(set_timeout_with_handle(flush, std::time::Duration::from_millis(DEBOUNCE_MS)).ok());
    };
    let save_now = move |manual: bool| {
        flush();
        let code = source.get_untracked();
        if manual || code != snapshot_code.get_value() {
            snapshot_code.set_value(code.clone());
            save.dispatch(SaveSnapshot {
                id: id.get_value(),
                language: language.get_untracked(),
                code,
                manual,
                leaving: None,
            });
        }
    };
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            status.set(match r {
                Ok(_) => "Saved".into(),
                Err(e) => format!("Not saved: {e}"),
            });
        }
    });

    let countdown = use_countdown(server_now, deadline_at, move || {
        flush();
        hooks.ended.set(true);
    });
    // Whether the interview is still running here (not ended, not out of time).
    let in_session = move || !hooks.ended.get_untracked() && !countdown.time_up();
    // Leaving the page: the edit waiting for its pause goes now, and the code with a beacon, which
    // survives the page going away.
    let leave_snapshot = move || {
        flush();
        if let Ok(params) = web_sys::UrlSearchParams::new() {
            params.append("id", &id.get_value());
            params.append("language", language.get_untracked().code());
            params.append("code", &source.get_untracked());
            params.append("manual", "false");
            params.append("leaving", "true");
            let _ = window().navigator().send_beacon_with_opt_url_search_params("/api/save_snapshot", Some(&params));
        }
    };

    let panes = use_pane_layout();
    let runs = use_runs(panes, hooks.run);
    // Narrower than a desktop the room is read-only (set once the window is known).
    let narrow = RwSignal::new(false);
    let run = move |mode: RunMode| {
        if runs.running_untracked() || narrow.get_untracked() {
            return;
        }
        flush();
        snapshot_code.set_value(source.get_untracked());
        runs.start(RunRequest {
            slug: slug.get_value(),
            language: language.get_untracked(),
            source: source.get_untracked(),
            mode,
            session_id: Some(id.get_value()),
        });
    };

    // Opening the room (in the browser): the channel, and unsent edits from an earlier visit.
    Effect::new(move |_| {
        if let Some(s) = storage() {
            // Drafts kept by earlier versions of the room.
            let _ = s.remove_item(&format!("sparring-draft-{}", id.get_value()));
        }
        let c = Channel::open(&id.get_value(), hooks);
        if let Some((lang, code)) = c.unsent_code() {
            if code != source.get_untracked() || lang != language.get_untracked() {
                language.set(lang);
                source.set(code);
                status.set("Restored your unsent changes".into());
            }
        }
        channel.set(c);
    });
    on_cleanup(move || {
        if let Some(c) = channel.take() {
            c.close();
        }
    });

    let editor = use_code_editor(
        source,
        language,
        EditorHandlers {
            on_change: changed,
            on_save: move || save_now(true),
            on_run: move || run(RunMode::Run),
            on_paste: move |chars| {
                channel.with(|c| c.signal(SignalKind::Paste, Some(chars)));
            },
        },
    );

    // The server's clock, from the channel or from a re-sync.
    Effect::new(move |_| {
        if let Some((server_now, d)) = hooks.clock.get() {
            countdown.correct(server_now, d);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(c)) = resync.value().get() {
            countdown.correct(c.server_now, c.deadline_at);
            if !c.status.is_open() {
                hooks.ended.set(true);
            }
        }
    });
    Effect::new(move |_| {
        if hooks.ended.get() {
            flush();
            reload.update(|n| *n += 1);
        }
    });
    // Back in the tab: the timer re-syncs; focus changes go to the session's record.
    let narrow_now = use_room_window(WindowHandlers {
        active: in_session,
        // Edits not yet acknowledged by the server: typed but not sent, or sent and unanswered.
        unsaved: move || debounce.with_value(Option::is_some) || hooks.pending.get_untracked() > 0,
        back: move || {
            if hooks.link.get_untracked() == Link::Open {
                channel.with(Channel::sync);
            } else {
                resync.dispatch(SyncClock { id: id.get_value() });
            }
        },
        focus: move |focused| {
            let kind = if focused { SignalKind::Focus } else { SignalKind::Blur };
            channel.with(|c| c.signal(kind, None));
        },
        leaving: leave_snapshot,
        save: move || save_now(true),
        run: move || run(RunMode::Run),
    });
    Effect::new(move |_| narrow.set(narrow_now.get()));
    // Automatic snapshots every 10 s.
    Effect::new(move |_| {
        let autosave = set_interval_with_handle(move || save_now(false), AUTOSAVE);
        on_cleanup(move || {
            if let Ok(h) = autosave {
                h.clear();
            }
        });
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = end.value().get() {
            if let Some(c) = channel.take() {
                c.close();
            }
            channel::forget(&id.get_value());
            reload.update(|n| *n += 1);
        }
    });

    let interviewer = use_interviewer(hooks);
    let ai_status = move || interviewer.status();

    let end_now = move || {
        #[cfg(feature = "hydrate")]
        {
            let ok = window()
                .confirm_with_message("End the interview now? You cannot change your code afterwards.")
                .unwrap_or(false);
            if !ok {
                return;
            }
        }
        flush();
        end.dispatch(EndInterview {
            id: id.get_value(),
            language: Some(language.get_untracked()),
            code: Some(source.get_untracked()),
        });
    };

    // Language memory: switching keeps each language's code. The code left behind is sent
    // (as an edit of its language) and remembered here; a language not used since the room
    // opened comes from the server, which derives it from the session's record (what the
    // candidate last had in it, or its starter).
    let remembered = StoredValue::new(Vec::<(Language, String)>::new());
    let switching = RwSignal::new(false);
    let show_code = move |to: Language, code: String| {
        language.set(to);
        // The code goes with its language at once (Monaco also reports the change).
        source.set(code.clone());
        if !editor.replace(to, &code) {
            changed(code);
        }
        flush();
        status.set(format!("Switched to {}", to.label()));
    };
    let switch_language = move |ev: leptos::ev::Event| {
        let Ok(to) = Language::parse(&event_target_value(&ev)) else { return };
        let from = language.get_untracked();
        if to == from || switching.get_untracked() {
            return;
        }
        flush();
        let left = source.get_untracked();
        remembered.update_value(|r| {
            r.retain(|(l, _)| *l != from);
            r.push((from, left));
        });
        let known = remembered.with_value(|r| r.iter().find(|(l, _)| *l == to).map(|(_, c)| c.clone()));
        if let Some(code) = known {
            show_code(to, code);
            return;
        }
        let select = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok());
        let select = send_wrapper::SendWrapper::new(select);
        switching.set(true);
        status.set(format!("Loading your {} code…", to.label()));
        leptos::task::spawn_local(async move {
            match language_code(id.get_value(), to.code().to_string()).await {
                Ok(code) if language.get_untracked() == from => show_code(to, code),
                Ok(_) => {}
                Err(e) => {
                    // Put the menu back.
                    if let Some(select) = select.take() {
                        select.set_value(from.code());
                    }
                    status.set(format!("Could not switch to {}: {e}", to.label()));
                }
            }
            switching.set(false);
        });
    };

    let layout = panes.layout;
    let title = problem.title.clone();
    let offered: Vec<Language> = problem.starters.iter().map(|s| s.language).collect();
    let running = move || runs.running();
    let statement_html = statement::for_room(&problem.statement_html, &problem.title);
    let constraints = (!statement::has_constraints(&statement_html)).then(|| problem.constraints.clone());

    // Large parts are erased with `into_any()`: nested view types make the server's render
    // future deep enough to overflow a worker thread's stack in debug builds.
    view! {
        <Title text=format!("Interview: {title}") />
        <div class="room room-page" class:narrow=move || narrow.get()>
            {view! { <div class="room-bar">
                <a class="room-home" href="/dashboard"><span aria-hidden="true">"◆ "</span>"Dashboard"</a>
                <p class=move || countdown.class() role="timer" aria-label="Time left">{move || countdown.text()}</p>
                <span class="ai-status" aria-live="polite" data-status=ai_status>{move || format!("Interviewer: {}", ai_status())}</span>
                <span class="connection" data-link=move || format!("{:?}", hooks.link.get()) aria-live="polite">{move || link_text(hooks.link.get(), hooks.pending.get())}</span>
                <span class="muted room-status" aria-live="polite">{move || hooks.error.get().unwrap_or_else(|| status.get())}</span>
                <div class="room-actions">
                    <label class="sr-only" for="room-language">"Language"</label>
                    <select id="room-language" class="wide-only" disabled=move || switching.get() prop:value=move || language.get().code() on:change=switch_language>
                        {offered.into_iter().map(|l| view! { <option value=l.code()>{l.label()}</option> }).collect_view()}
                    </select>
                    <button type="button" class="btn ghost wide-only" on:click=move |_| editor.toggle_theme()>
                        {move || if editor.theme.get() == crate::ui::monaco::Theme::Dark { "Light editor" } else { "Dark editor" }}
                    </button>
                    <button type="button" class="btn wide-only" disabled=running on:click=move |_| run(RunMode::Run)>"Run"</button>
                    <button type="button" class="btn primary wide-only" disabled=running on:click=move |_| run(RunMode::Submit)>"Submit"</button>
                    <button type="button" class="btn danger" disabled=move || end.pending().get() on:click=move |_| end_now()>"End interview"</button>
                </div>
            </div> }.into_any()}
            <div class="notice narrow-notice" role="note">
                <p>"The workspace needs a screen at least 1024 pixels wide. Here you can read the problem, your code and the conversation; to edit, run and submit, use a wider window. The clock keeps running."</p>
            </div>
            <Show when=move || hooks.link.get() == Link::Elsewhere>
                <div class="notice connection-lost" role="alert">
                    <p>"This interview is open in another window, which now saves your code. Changes made here are kept on this device; use this window to continue here instead."</p>
                    <button type="button" class="btn" on:click=move |_| { channel.with(Channel::retry); }>"Use this window"</button>
                </div>
            </Show>
            <Show when=move || hooks.link.get() == Link::Lost>
                <div class="notice connection-lost" role="alert">
                    <p>{format!("Connection lost after {MAX_ATTEMPTS} attempts. Your changes are kept on this device and are sent when the connection is back.")}</p>
                    <button type="button" class="btn" on:click=move |_| { channel.with(Channel::retry); }>"Retry now"</button>
                </div>
            </Show>
            <div class="room-panes" node_ref=panes.row
                style=move || format!("--problem-pct: {:.1}%", layout.get().problem_pct)
                on:pointermove=move |ev: leptos::ev::PointerEvent| if panes.dragging() { panes.drag_to(ev.client_x() as f64, ev.client_y() as f64) }
                on:pointerup=move |_| panes.stop_drag()
                on:pointercancel=move |_| panes.stop_drag()
            >
                {view! { <div class="room-left">
                <section class="room-problem" aria-labelledby="room-title" tabindex="0">
                    <h1 id="room-title">{problem.title.clone()}</h1>
                    <p><span class=format!("badge difficulty-{}", problem.difficulty.code())>{problem.difficulty.label()}</span></p>
                    <div class="prose statement" inner_html=statement_html></div>
                    {constraints.filter(|c| !c.is_empty()).map(|c| view! {
                        <h2>"Constraints"</h2>
                        <ul>{c.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}</ul>
                    })}
                </section>
                <section class="room-readonly" aria-labelledby="readonly-heading">
                    <h2 id="readonly-heading">{move || format!("Your code ({}, read-only)", language.get().label())}</h2>
                    <pre class="readonly-code" tabindex="0" aria-labelledby="readonly-heading">{move || source.get()}</pre>
                </section>
                {view! { <ChatPanel interviewer channel /> }.into_any()}
                </div> }.into_any()}
                <div class="splitter vertical" role="separator" tabindex="0" aria-orientation="vertical"
                    aria-label="Resize the problem and code panes" aria-valuemin="20" aria-valuemax="70"
                    aria-valuenow=move || format!("{:.0}", layout.get().problem_pct)
                    on:pointerdown=move |ev| panes.start_drag(Divider::Problem, ev)
                    on:keydown=move |ev| panes.key_resize(Divider::Problem, ev)
                ></div>
                <section class="room-code" aria-label="Code" node_ref=panes.code_column
                    style=move || {
                        let l = layout.get();
                        if l.output_open { format!("grid-template-rows: minmax(0, 1fr) 8px minmax(0, {:.1}%)", l.output_pct) } else { "grid-template-rows: minmax(0, 1fr) auto".to_string() }
                    }
                >
                    {view! { <div class="editor-frame">
                        <div class="editor-host" node_ref=editor.host class:hidden=move || !editor.ready.get()></div>
                        <Show when=move || !editor.ready.get()>
                            <label for="room-source" class="sr-only">{move || format!("Your solution ({})", language.get().label())}</label>
                            <textarea id="room-source" class="code-input fallback" spellcheck="false"
                                prop:value=move || source.get()
                                on:input=move |ev| changed(event_target_value(&ev))
                            ></textarea>
                            {move || editor.failed.get().map(|e| view! { <p class="muted" role="status">{format!("The code editor could not load ({e}); this plain text area works the same.")}</p> })}
                        </Show>
                    </div> }.into_any()}
                    {view! { <OutputPanel runs panes insights=hooks.insights /> }.into_any()}
                </section>
            </div>
        </div>
    }
}
