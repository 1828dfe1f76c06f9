//! The interview room: the problem on the left, Monaco on the right with the output panel
//! below it, and a bar with the timer, the connection, Run, Submit and End.
//!
//! Every burst of typing goes to the server over the realtime channel (and waits in local
//! storage until acknowledged); runs stream their results case by case; the timer follows
//! the server's clock. On the server (SSR) the room renders a plain text area with the code,
//! which the browser replaces with Monaco once it has loaded.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::domain::format::clock;
use crate::domain::Language;
use crate::interview::channel::{self, Channel, Hooks, Link, MAX_ATTEMPTS};
use crate::interview::protocol::SignalKind;
use crate::interview::types::*;
use crate::interview::*;
use crate::interviewer::types::{Speaker, MAX_CHAT_CHARS};
use crate::problems::types::{CaseResult, RunEvent, RunMode, RunRequest, RunSummary};
use crate::problems::widgets::{CaseView, RunSummaryView};
use crate::ui::layout::BrowserSlot;
use crate::ui::monaco::{self, CodeEditor, EditorOptions, Theme};
use crate::ui::output::{line_count, take_lines, MAX_OUTPUT_LINES};

/// Edits are sent after this long without typing.
const DEBOUNCE_MS: u64 = 300;
const LAYOUT_KEY: &str = "sparring-room-layout";
const THEME_KEY: &str = "sparring-editor-theme";
/// What the room asks before a link takes the candidate out of a running interview.
const LEAVE_PROMPT: &str =
    "Leave the interview? The clock keeps running while you are away; your code is saved and you can come back.";
/// Narrower windows get the desktop notice.
const DESKTOP_MIN_WIDTH: f64 = 1024.0;

fn is_narrow() -> bool {
    window().inner_width().ok().and_then(|w| w.as_f64()).is_some_and(|w| w < DESKTOP_MIN_WIDTH)
}

fn now_ms() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        web_sys::js_sys::Date::now() as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The sizes of the room's panes, kept in local storage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaneLayout {
    /// Width of the problem pane, in percent of the room.
    pub problem_pct: f64,
    /// Height of the output panel, in percent of the code column.
    pub output_pct: f64,
    pub output_open: bool,
}

impl Default for PaneLayout {
    fn default() -> Self {
        Self { problem_pct: 40.0, output_pct: 35.0, output_open: true }
    }
}

impl PaneLayout {
    pub fn clamped(self) -> Self {
        Self {
            problem_pct: self.problem_pct.clamp(20.0, 70.0),
            output_pct: self.output_pct.clamp(15.0, 75.0),
            output_open: self.output_open,
        }
    }

    pub fn encode(self) -> String {
        format!("{:.1},{:.1},{}", self.problem_pct, self.output_pct, u8::from(self.output_open))
    }

    pub fn decode(raw: &str) -> Option<Self> {
        let mut parts = raw.split(',');
        let problem_pct = parts.next()?.parse().ok()?;
        let output_pct = parts.next()?.parse().ok()?;
        let output_open = parts.next()? == "1";
        Some(Self { problem_pct, output_pct, output_open }.clamped())
    }
}

/// A run as the output panel shows it while it streams.
#[derive(Debug, Clone, Default, PartialEq)]
struct RunPanel {
    running: bool,
    mode: Option<RunMode>,
    total: Option<u32>,
    /// Waiting for a free sandbox: how many runs are ahead (1 = next).
    queued: Option<u32>,
    cases: Vec<CaseResult>,
    summary: Option<RunSummary>,
    error: Option<String>,
    /// The summary came over the channel from a run started elsewhere (another tab).
    elsewhere: bool,
    /// Lines of printed output shown so far, and whether some were cut.
    lines: usize,
    truncated: bool,
}

impl RunPanel {
    /// Adds a case, cutting what it printed once the panel holds [`MAX_OUTPUT_LINES`] lines.
    fn push(&mut self, mut case: CaseResult) {
        for text in [&mut case.stdout, &mut case.stderr] {
            let room = MAX_OUTPUT_LINES.saturating_sub(self.lines);
            let (kept, cut) = take_lines(text, room);
            if cut {
                *text = kept.to_string();
                self.truncated = true;
            }
            self.lines += line_count(text);
        }
        if let Some(error) = case.error.as_mut() {
            let room = MAX_OUTPUT_LINES.saturating_sub(self.lines).max(20);
            let (kept, cut) = take_lines(error, room);
            if cut {
                *error = kept.to_string();
                self.truncated = true;
            }
            self.lines += line_count(error);
        }
        self.cases.push(case);
    }
}

#[component]
pub fn Room(session: SessionView, reload: RwSignal<u32>) -> impl IntoView {
    let SessionView { id, language: start_language, server_now, deadline_at, code, problem, chat, .. } = session;
    let starters: Vec<(Language, String)> = problem.starters.iter().map(|s| (s.language, s.code.clone())).collect();
    let starters = StoredValue::new(starters);
    let id = StoredValue::new(id);
    let slug = StoredValue::new(problem.slug.clone());

    // The code and its language, as the editor has them.
    let language = RwSignal::new(start_language);
    let source = RwSignal::new(code);
    let snapshot_code = StoredValue::new(source.get_untracked());
    let status = RwSignal::new(String::new());

    // The clock: the server's time minus ours, and the deadline.
    let offset = StoredValue::new(server_now - now_ms());
    let deadline = StoredValue::new(deadline_at.unwrap_or(server_now));
    let left = RwSignal::new(deadline.get_value() - server_now);
    let time_up = StoredValue::new(false);

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
    // The interviewer: what the candidate is typing, and whether a reply is awaited.
    let message = RwSignal::new(String::new());
    let awaiting = RwSignal::new(false);
    let chat_error = RwSignal::new(None::<String>);
    let chat_open = RwSignal::new(true);
    let channel: BrowserSlot<Channel> = BrowserSlot::new();
    let editor: BrowserSlot<CodeEditor> = BrowserSlot::new();
    let editor_ready = RwSignal::new(false);
    let editor_failed = RwSignal::new(None::<String>);
    let theme = RwSignal::new(Theme::Dark);
    let host = NodeRef::<leptos::html::Div>::new();
    let debounce = StoredValue::new(None::<TimeoutHandle>);

    let layout = RwSignal::new(PaneLayout::default());
    let panes = NodeRef::<leptos::html::Div>::new();
    let code_column = NodeRef::<leptos::html::Section>::new();
    let dragging = StoredValue::new(None::<&'static str>);

    let narrow = RwSignal::new(false);
    let continued = RwSignal::new(false);
    let panel = RwSignal::new(RunPanel::default());
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

    // Whether the interview is still running here (not ended, not out of time).
    let in_session = move || !hooks.ended.get_untracked() && !time_up.get_value();
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

    let run = move |mode: RunMode| {
        if panel.with_untracked(|p| p.running) {
            return;
        }
        flush();
        layout.update(|l| l.output_open = true);
        panel.set(RunPanel { running: true, mode: Some(mode), ..Default::default() });
        snapshot_code.set_value(source.get_untracked());
        let request = RunRequest {
            slug: slug.get_value(),
            language: language.get_untracked(),
            source: source.get_untracked(),
            mode,
            session_id: Some(id.get_value()),
        };
        leptos::task::spawn_local(async move {
            let result = crate::problems::api::stream_run(&request, |event| {
                panel.update(|p| match event {
                    RunEvent::Started { total } => p.total = Some(total),
                    RunEvent::Queued { position } => p.queued = Some(position),
                    RunEvent::Case { result } => {
                        p.queued = None;
                        p.push(result)
                    }
                    RunEvent::Finished { summary } => {
                        p.running = false;
                        p.summary = Some(summary);
                    }
                    RunEvent::Failed { error } => {
                        p.running = false;
                        p.error = Some(error.to_string());
                    }
                })
            })
            .await;
            panel.update(|p| {
                p.running = false;
                if let Err(e) = result {
                    p.error = Some(e.to_string());
                } else if p.summary.is_none() && p.error.is_none() {
                    p.error = Some("The run stopped before it finished; run again.".into());
                }
            });
        });
    };

    // Opening the room (in the browser): the channel, unsent edits from an earlier visit,
    // the saved theme and pane sizes, the desktop check.
    Effect::new(move |_| {
        narrow.set(is_narrow());
        if let Some(s) = storage() {
            if let Ok(Some(raw)) = s.get_item(LAYOUT_KEY) {
                if let Some(l) = PaneLayout::decode(&raw) {
                    layout.set(l);
                }
            }
            if let Ok(Some(raw)) = s.get_item(THEME_KEY) {
                theme.set(Theme::parse(&raw));
            }
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
        drop(editor.take());
    });

    // Monaco, once its host is in the page; never twice.
    Effect::new(move |_| {
        let Some(el) = host.get() else { return };
        if editor_ready.get_untracked() {
            return;
        }
        leptos::task::spawn_local(async move {
            if let Err(e) = monaco::load().await {
                editor_failed.set(Some(e));
                return;
            }
            if editor.is_set() || !el.is_connected() {
                return;
            }
            let lang = language.get_untracked();
            let label = format!("Your solution ({})", lang.label());
            let mut ed = CodeEditor::new(
                &el,
                &EditorOptions {
                    value: &source.get_untracked(),
                    language: lang,
                    theme: theme.get_untracked(),
                    label: &label,
                },
            );
            ed.on_change(changed);
            ed.on_ctrl_key("KeyS", move || save_now(true));
            ed.on_ctrl_key("Enter", move || run(RunMode::Run));
            ed.on_paste(move |chars| {
                channel.with(|c| c.signal(SignalKind::Paste, Some(chars)));
            });
            editor.set(ed);
            editor_ready.set(true);
        });
    });
    Effect::new(move |_| {
        let t = theme.get();
        if editor_ready.get() {
            monaco::set_theme(t);
        }
    });

    // The server's clock, from the channel.
    Effect::new(move |_| {
        if let Some((server_now, d)) = hooks.clock.get() {
            offset.set_value(server_now - now_ms());
            if let Some(d) = d {
                deadline.set_value(d);
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(c)) = resync.value().get() {
            offset.set_value(c.server_now - now_ms());
            if let Some(d) = c.deadline_at {
                deadline.set_value(d);
            }
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
    Effect::new(move |_| {
        let resync_now = move || {
            if hooks.link.get_untracked() == Link::Open {
                channel.with(Channel::sync);
            } else {
                resync.dispatch(SyncClock { id: id.get_value() });
            }
        };
        let focus = window_event_listener(leptos::ev::focus, move |_| {
            resync_now();
            channel.with(|c| c.signal(SignalKind::Focus, None));
        });
        let blur = window_event_listener(leptos::ev::blur, move |_| {
            channel.with(|c| c.signal(SignalKind::Blur, None));
        });
        let visible = window_event_listener_untyped("visibilitychange", move |_| {
            if !document().hidden() {
                resync_now();
            }
        });
        // Leaving the page mid-session: the code goes with sendBeacon, and the browser asks first.
        let leave = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if !in_session() {
                return;
            }
            leave_snapshot();
            ev.prevent_default();
            ev.set_return_value("");
        });
        // Links within the app change pages without unloading this one, so the browser does
        // not ask: the room asks itself, before the router sees the click.
        let guard = LinkGuard::install(in_session);
        // Shortcuts anywhere in the room (the editor handles its own first).
        let keys = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.default_prevented() || !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
                return;
            }
            if ev.key().eq_ignore_ascii_case("s") {
                ev.prevent_default();
                save_now(true);
            } else if ev.key() == "Enter" {
                ev.prevent_default();
                run(RunMode::Run);
            }
        });
        // The desktop notice follows the window's width until the candidate dismisses it.
        let resize = window_event_listener(leptos::ev::resize, move |_| {
            let now = is_narrow();
            if narrow.get_untracked() != now {
                narrow.set(now);
            }
        });
        on_cleanup(move || {
            // Leaving through a link: as on unload.
            if in_session() {
                leave_snapshot();
            }
            drop(guard);
            focus.remove();
            blur.remove();
            visible.remove();
            leave.remove();
            keys.remove();
            resize.remove();
        });
    });
    // The clock ticks locally from the server's deadline; automatic snapshots every 10 s.
    Effect::new(move |_| {
        let tick = set_interval_with_handle(
            move || {
                let remaining = deadline.get_value() - (now_ms() + offset.get_value());
                left.set(remaining);
                if remaining <= 0 && !time_up.get_value() {
                    time_up.set_value(true);
                    flush();
                    hooks.ended.set(true);
                }
            },
            std::time::Duration::from_millis(500),
        );
        let autosave = set_interval_with_handle(move || save_now(false), std::time::Duration::from_secs(10));
        on_cleanup(move || {
            if let Ok(h) = tick {
                h.clear();
            }
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
    // A run that finished elsewhere (another tab of this interview) shows its result here too,
    // unless this room is running one itself or already shows it.
    Effect::new(move |_| {
        let Some(summary) = hooks.run.get() else { return };
        let shown =
            panel.with_untracked(|p| p.running || p.summary.as_ref().is_some_and(|s| s.run_id == summary.run_id));
        if !shown {
            layout.update(|l| l.output_open = true);
            panel.set(RunPanel {
                mode: Some(summary.mode),
                summary: Some(summary),
                elsewhere: true,
                ..Default::default()
            });
        }
    });
    // Pane sizes are kept for the next room.
    Effect::new(move |_| {
        let l = layout.get();
        if let Some(s) = storage() {
            let _ = s.set_item(LAYOUT_KEY, &l.encode());
        }
    });

    // A reply ends the wait; one that never comes stops being awaited after 20 seconds.
    Effect::new(move |_| {
        let last_is_reply = hooks.chat.with(|c| c.last().is_some_and(|m| m.speaker == Speaker::Interviewer));
        if last_is_reply {
            awaiting.set(false);
        }
    });
    let send_chat = move || {
        let text = message.get_untracked().trim().to_string();
        if text.is_empty() {
            return;
        }
        if text.chars().count() > MAX_CHAT_CHARS {
            chat_error.set(Some(format!("Messages can be at most {MAX_CHAT_CHARS} characters.")));
            return;
        }
        let sent = channel.with(|c| c.chat(&text));
        match sent {
            Some(Ok(())) => {
                message.set(String::new());
                chat_error.set(None);
                awaiting.set(true);
                let _ = set_timeout_with_handle(
                    move || {
                        if awaiting.get_untracked() {
                            awaiting.set(false);
                            chat_error.set(Some("The interviewer did not answer. Try again.".into()));
                        }
                    },
                    std::time::Duration::from_secs(20),
                );
            }
            Some(Err(e)) => chat_error.set(Some(e)),
            None => chat_error.set(Some("The room is still connecting; try again in a moment.".into())),
        }
    };
    let ai_status = move || {
        if hooks.link.get() != Link::Open {
            "Offline"
        } else if !hooks.draft.with(String::is_empty) {
            "Speaking…"
        } else if awaiting.get() {
            "Thinking…"
        } else {
            "Listening"
        }
    };
    let observer_line = move || {
        hooks.insights.get().map(|i| {
            let mut parts = Vec::new();
            if let Some(e) = i.syntax_errors.first() {
                parts.push(format!("Line {}: {}", e.line, e.message));
            } else if let Some(c) = &i.complexity {
                parts.push(format!("Looks like {c}"));
            }
            if !i.signals.is_empty() {
                parts.push(i.signals.iter().map(|s| s.label()).collect::<Vec<_>>().join(", "));
            }
            if i.suggest_run {
                parts.push("Changed since the last run: try running it".into());
            }
            (i.parses, parts.join(" · "))
        })
    };

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

    // Switching language loads that language's starter, asking first if the code was edited.
    let switch_language = move |ev: leptos::ev::Event| {
        let Ok(to) = Language::parse(&event_target_value(&ev)) else { return };
        let from = language.get_untracked();
        if to == from {
            return;
        }
        let starter_of = |l: Language| starters.with_value(|s| s.iter().find(|(x, _)| *x == l).map(|(_, c)| c.clone()));
        let edited = starter_of(from).is_none_or(|s| s.trim() != source.get_untracked().trim());
        #[cfg(feature = "hydrate")]
        if edited {
            let question = format!(
                "Switch to {}? Your {} code will be replaced by the {} starter.",
                to.label(),
                from.label(),
                to.label()
            );
            if !window().confirm_with_message(&question).unwrap_or(false) {
                // Put the menu back.
                if let Some(select) =
                    ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok())
                {
                    select.set_value(from.code());
                }
                return;
            }
        }
        let _ = edited;
        let code = starter_of(to).unwrap_or_default();
        language.set(to);
        let in_editor = editor.with(|e| {
            e.set_language(to);
            e.set_label(&format!("Your solution ({})", to.label()));
            e.set_value(&code);
        });
        if in_editor.is_none() {
            changed(code);
        }
        flush();
        status.set(format!("Switched to {}", to.label()));
    };

    // Dragging a divider resizes the panes; arrow keys do the same.
    let drag_to = move |x: f64, y: f64| match dragging.get_value() {
        Some("problem") => {
            if let Some(el) = panes.get_untracked() {
                let r = el.get_bounding_client_rect();
                if r.width() > 0.0 {
                    layout.update(|l| {
                        *l = PaneLayout { problem_pct: (x - r.left()) / r.width() * 100.0, ..*l }.clamped()
                    });
                }
            }
        }
        Some("output") => {
            if let Some(el) = code_column.get_untracked() {
                let r = el.get_bounding_client_rect();
                if r.height() > 0.0 {
                    layout.update(|l| {
                        *l = PaneLayout { output_pct: (r.bottom() - y) / r.height() * 100.0, ..*l }.clamped()
                    });
                }
            }
        }
        _ => {}
    };
    let start_drag = move |which: &'static str, ev: leptos::ev::PointerEvent| {
        dragging.set_value(Some(which));
        if let Some(el) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        ev.prevent_default();
    };
    let key_resize = move |which: &'static str, ev: leptos::ev::KeyboardEvent| {
        let step = match ev.key().as_str() {
            "ArrowLeft" | "ArrowDown" => -2.0,
            "ArrowRight" | "ArrowUp" => 2.0,
            _ => return,
        };
        ev.prevent_default();
        layout.update(|l| {
            *l = match which {
                "problem" => PaneLayout { problem_pct: l.problem_pct + step, ..*l },
                _ => PaneLayout { output_pct: l.output_pct + step, ..*l },
            }
            .clamped()
        });
    };

    let timer_class = move || {
        let l = left.get();
        if l <= 60_000 {
            "timer critical"
        } else if l <= 5 * 60_000 {
            "timer warning"
        } else {
            "timer"
        }
    };
    let link_text = move || match hooks.link.get() {
        Link::Open if hooks.pending.get() == 0 => "All changes saved".to_string(),
        Link::Open => "Saving…".to_string(),
        Link::Connecting => "Connecting…".to_string(),
        Link::Retrying { in_ms, .. } => {
            format!("Offline — changes are kept on this device; reconnecting in {} s", in_ms.div_ceil(1000))
        }
        Link::Lost => "Connection lost — changes are kept on this device".to_string(),
        Link::Closed => "Session ended".to_string(),
        Link::Elsewhere => "Open in another window — changes here are kept on this device".to_string(),
    };
    let title = problem.title.clone();
    let offered: Vec<Language> = problem.starters.iter().map(|s| s.language).collect();
    let running = move || panel.with(|p| p.running);

    view! {
        <Title text=format!("Interview: {title}") />
        <Show when=move || narrow.get() && !continued.get()>
            <div class="notice desktop-notice" role="alert">
                <p>"The interview room is made for a desktop screen (at least 1024 pixels wide): the statement, the editor and the results sit side by side."</p>
                <button type="button" class="btn" on:click=move |_| continued.set(true)>"Continue anyway"</button>
            </div>
        </Show>
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
        <div class="room" class:hidden=move || narrow.get() && !continued.get()>
            {view! { <div class="room-bar">
                <p class=timer_class role="timer" aria-label="Time left">
                    {move || {
                        let l = left.get();
                        let icon = if l <= 60_000 { "⏰ " } else if l <= 5 * 60_000 { "⏳ " } else { "" };
                        format!("{icon}{}", clock(l))
                    }}
                </p>
                <span class="ai-status" aria-live="polite" data-status=ai_status>{move || format!("Interviewer: {}", ai_status())}</span>
                <span class="connection" data-link=move || format!("{:?}", hooks.link.get()) aria-live="polite">{link_text}</span>
                <span class="muted" aria-live="polite">{move || hooks.error.get().unwrap_or_else(|| status.get())}</span>
                <div class="room-actions">
                    <label class="sr-only" for="room-language">"Language"</label>
                    <select id="room-language" prop:value=move || language.get().code() on:change=switch_language>
                        {offered.into_iter().map(|l| view! { <option value=l.code()>{l.label()}</option> }).collect_view()}
                    </select>
                    <button type="button" class="btn ghost"
                        on:click=move |_| {
                            let t = if theme.get_untracked() == Theme::Dark { Theme::Light } else { Theme::Dark };
                            theme.set(t);
                            if let Some(s) = storage() { let _ = s.set_item(THEME_KEY, t.code()); }
                        }
                    >{move || if theme.get() == Theme::Dark { "Light editor" } else { "Dark editor" }}</button>
                    <button type="button" class="btn" disabled=running on:click=move |_| run(RunMode::Run)>"Run"</button>
                    <button type="button" class="btn primary" disabled=running on:click=move |_| run(RunMode::Submit)>"Submit"</button>
                    <button type="button" class="btn danger" disabled=move || end.pending().get() on:click=move |_| end_now()>"End interview"</button>
                </div>
            </div> }.into_any()}
            <div class="room-panes" node_ref=panes
                style=move || format!("grid-template-columns: minmax(0, {:.1}%) 8px minmax(0, 1fr)", layout.get().problem_pct)
                on:pointermove=move |ev: leptos::ev::PointerEvent| if dragging.get_value().is_some() { drag_to(ev.client_x() as f64, ev.client_y() as f64) }
                on:pointerup=move |_| dragging.set_value(None)
                on:pointercancel=move |_| dragging.set_value(None)
            >
                {view! { <div class="room-left">
                <section class="room-problem" aria-labelledby="room-title">
                    <h1 id="room-title">{problem.title.clone()}</h1>
                    <p><span class=format!("badge difficulty-{}", problem.difficulty.code())>{problem.difficulty.label()}</span></p>
                    <div class="prose statement" inner_html=problem.statement_html.clone()></div>
                    {(!problem.constraints.is_empty()).then(|| view! {
                        <h2>"Constraints"</h2>
                        <ul>{problem.constraints.iter().map(|c| view! { <li><code>{c.clone()}</code></li> }).collect_view()}</ul>
                    })}
                </section>
                <section class="room-chat" aria-labelledby="chat-heading" class:closed=move || !chat_open.get()>
                    <div class="chat-bar">
                        <h2 id="chat-heading">"Interviewer"</h2>
                        <span class="muted small" data-status=ai_status>{ai_status}</span>
                        <span class="spacer"></span>
                        <button type="button" class="btn ghost small" aria-controls="chat-body"
                            aria-expanded=move || chat_open.get().to_string()
                            on:click=move |_| chat_open.update(|o| *o = !*o)
                        >{move || if chat_open.get() { "Hide chat" } else { "Show chat" }}</button>
                    </div>
                    <div id="chat-body" class="chat-body" class:hidden=move || !chat_open.get()>
                        <ol class="chat-log" role="log" aria-live="polite" aria-label="Conversation with the interviewer">
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
                        {move || chat_error.get().map(|e| view! { <p class="error small" role="alert">{e}</p> })}
                        <form class="chat-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send_chat(); }>
                            <label for="chat-input" class="sr-only">"Message to the interviewer"</label>
                            <textarea id="chat-input" rows="2" maxlength=MAX_CHAT_CHARS.to_string()
                                placeholder="Ask a question or explain your approach (Enter to send)"
                                prop:value=move || message.get()
                                on:input=move |ev| message.set(event_target_value(&ev))
                                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                    if ev.key() == "Enter" && !ev.shift_key() {
                                        ev.prevent_default();
                                        send_chat();
                                    }
                                }
                            ></textarea>
                            <button type="submit" class="btn small" disabled=move || message.with(|m| m.trim().is_empty())>"Send"</button>
                        </form>
                    </div>
                </section>
                </div> }.into_any()}
                <div class="splitter vertical" role="separator" tabindex="0" aria-orientation="vertical"
                    aria-label="Resize the problem and code panes" aria-valuemin="20" aria-valuemax="70"
                    aria-valuenow=move || format!("{:.0}", layout.get().problem_pct)
                    on:pointerdown=move |ev| start_drag("problem", ev)
                    on:keydown=move |ev| key_resize("problem", ev)
                ></div>
                <section class="room-code" aria-label="Code" node_ref=code_column
                    style=move || {
                        let l = layout.get();
                        if l.output_open { format!("grid-template-rows: minmax(0, 1fr) 8px minmax(0, {:.1}%)", l.output_pct) } else { "grid-template-rows: minmax(0, 1fr) 0 auto".to_string() }
                    }
                >
                    {view! { <div class="editor-frame">
                        <div class="editor-host" node_ref=host class:hidden=move || !editor_ready.get()></div>
                        <Show when=move || !editor_ready.get()>
                            <label for="room-source" class="sr-only">{move || format!("Your solution ({})", language.get().label())}</label>
                            <textarea id="room-source" class="code-input fallback" spellcheck="false"
                                prop:value=move || source.get()
                                on:input=move |ev| changed(event_target_value(&ev))
                            ></textarea>
                            {move || editor_failed.get().map(|e| view! { <p class="muted" role="status">{format!("The code editor could not load ({e}); this plain text area works the same.")}</p> })}
                        </Show>
                    </div> }.into_any()}
                    <div class="splitter horizontal" role="separator" tabindex="0" aria-orientation="horizontal"
                        aria-label="Resize the code and output panes" aria-valuemin="15" aria-valuemax="75"
                        class:hidden=move || !layout.get().output_open
                        aria-valuenow=move || format!("{:.0}", layout.get().output_pct)
                        on:pointerdown=move |ev| start_drag("output", ev)
                        on:keydown=move |ev| key_resize("output", ev)
                    ></div>
                    {view! { <div class="room-output">
                        <div class="output-bar">
                            <h2 id="output-heading">"Output"</h2>
                            {move || running().then(|| view! {
                                <span class="running" role="status">{move || panel.with(|p| match (p.mode, p.total) {
                                    _ if p.queued.is_some() => format!(
                                        "Waiting for a free sandbox… number {} in line",
                                        p.queued.unwrap_or(1)
                                    ),
                                    (Some(RunMode::Submit), Some(t)) => format!("Submitting… {} of {t} cases", p.cases.len()),
                                    (_, Some(t)) => format!("Running… {} of {t} cases", p.cases.len()),
                                    _ => "Running…".to_string(),
                                })}</span>
                            })}
                            {move || observer_line().map(|(ok, text)| view! {
                                <span class="observer" class:problem=!ok role="status" aria-label="Code observer">{text}</span>
                            })}
                            <span class="spacer"></span>
                            {move || (!running() && panel.with(|p| p.summary.is_some() || p.error.is_some() || !p.cases.is_empty())).then(|| view! {
                                <button type="button" class="btn ghost small" on:click=move |_| panel.set(RunPanel::default())>"Clear output"</button>
                            })}
                            <button type="button" class="btn ghost small" aria-controls="output-body"
                                aria-expanded=move || layout.get().output_open.to_string()
                                on:click=move |_| layout.update(|l| l.output_open = !l.output_open)
                            >{move || if layout.get().output_open { "Hide output" } else { "Show output" }}</button>
                        </div>
                        <div id="output-body" class="output-body" aria-labelledby="output-heading" aria-live="polite" class:hidden=move || !layout.get().output_open>
                            {move || panel.with(|p| p.summary.is_none() && p.error.is_none() && p.cases.is_empty() && !p.running).then(|| view! {
                                <p class="muted">"Run your code (Ctrl/Cmd+Enter) to see the sample cases here. Submit also runs the hidden cases."</p>
                            })}
                            {move || panel.with(|p| p.elsewhere).then(|| view! {
                                <p class="muted">"From a run started in another window of this interview; its cases are shown there."</p>
                            })}
                            {move || panel.with(|p| p.summary.clone()).map(|summary| view! { <RunSummaryView summary /> })}
                            {move || panel.with(|p| p.error.clone()).map(|e| view! { <p role="alert" class="error">{e}</p> })}
                            <ol class="cases">
                                <For each=move || panel.with(|p| p.cases.iter().cloned().enumerate().collect::<Vec<_>>()) key=|(i, _)| *i let((_, case))>
                                    <CaseView case />
                                </For>
                            </ol>
                            {move || panel.with(|p| p.truncated).then(|| view! {
                                <p class="muted">{format!("Output cut at {MAX_OUTPUT_LINES} lines.")}</p>
                            })}
                        </div>
                    </div> }.into_any()}
                </section>
            </div>
        </div>
    }
}

/// Asks before a click on a link leaves the room while `active()` holds. Listens in the
/// capture phase on the window, ahead of the router's own link handling; removed on drop.
struct LinkGuard(Option<send_wrapper::SendWrapper<ClickListener>>);

type ClickListener = wasm_bindgen::closure::Closure<dyn FnMut(web_sys::MouseEvent)>;

impl LinkGuard {
    fn install(active: impl Fn() -> bool + 'static) -> Self {
        use wasm_bindgen::JsCast;
        let listener = ClickListener::new(move |ev: web_sys::MouseEvent| {
            // New tabs, downloads and modified clicks leave this page where it is.
            if !active()
                || ev.default_prevented()
                || ev.button() != 0
                || ev.ctrl_key()
                || ev.meta_key()
                || ev.shift_key()
                || ev.alt_key()
            {
                return;
            }
            let link = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten());
            let Some(link) = link else { return };
            if link.get_attribute("target").is_some_and(|t| t != "_self") || link.has_attribute("download") {
                return;
            }
            if !window().confirm_with_message(LEAVE_PROMPT).unwrap_or(true) {
                ev.prevent_default();
                ev.stop_immediate_propagation();
            }
        });
        let added =
            window().add_event_listener_with_callback_and_bool("click", listener.as_ref().unchecked_ref(), true);
        Self(added.is_ok().then(|| send_wrapper::SendWrapper::new(listener)))
    }
}

impl Drop for LinkGuard {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        if let Some(listener) = self.0.take() {
            let _ =
                window().remove_event_listener_with_callback_and_bool("click", listener.as_ref().unchecked_ref(), true);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::interview::room::*;

    #[test]
    fn pane_layout_round_trips_and_stays_in_bounds() {
        let l = PaneLayout { problem_pct: 35.0, output_pct: 50.0, output_open: false };
        assert_eq!(PaneLayout::decode(&l.encode()), Some(l));
        let wild = PaneLayout::decode("5,99,1").unwrap_or_default();
        assert_eq!((wild.problem_pct, wild.output_pct, wild.output_open), (20.0, 75.0, true));
        assert_eq!(PaneLayout::decode("garbage"), None);
    }

    #[test]
    fn output_panel_stops_at_the_line_limit() {
        let mut panel = RunPanel::default();
        let case = |i: u32| CaseResult {
            index: i,
            hidden: false,
            verdict: crate::domain::Verdict::Accepted,
            time_ms: None,
            inputs: vec![],
            test: None,
            expected: None,
            actual: None,
            stdout: "line\n".repeat(600),
            stderr: String::new(),
            error: None,
        };
        panel.push(case(0));
        assert!(!panel.truncated);
        panel.push(case(1));
        assert!(panel.truncated);
        assert_eq!(panel.lines, MAX_OUTPUT_LINES);
        panel.push(case(2));
        assert_eq!(panel.cases[2].stdout, "");
    }
}
