//! Playback controls (play/pause, speed, skipping idle stretches, stepping between events,
//! a link to the moment shown) and the page's keyboard shortcuts.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::replay::player::{Player, SPEEDS};
use crate::replay::timeline::format_moment;
use crate::ui::layout::copy_to_clipboard;

/// Whether a key press happened where typing belongs (a form field, the editor) or on a
/// control that handles it itself.
fn typing_target(e: &ev::KeyboardEvent) -> bool {
    let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    let tag = el.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select")
        || el.closest("[contenteditable], .monaco-editor, [role=slider]").ok().flatten().is_some()
}

/// Space/K play and pause, ←/→ step 5 s, J/L 10 s, Shift+←/→ go to the previous/next event;
/// never while typing in a field.
pub fn use_shortcuts(p: Player) {
    Effect::new(move |_| {
        let handle = window_event_listener(ev::keydown, move |e: ev::KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() || typing_target(&e) {
                return;
            }
            let on_button = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| matches!(el.tag_name().to_ascii_lowercase().as_str(), "button" | "a" | "summary"));
            let handled = match (e.key().as_str(), e.shift_key()) {
                // Space on a button presses the button.
                (" ", _) if on_button => false,
                (" ", _) | ("k" | "K", false) => {
                    p.toggle();
                    true
                }
                ("ArrowLeft", true) => {
                    p.previous_event();
                    true
                }
                ("ArrowRight", true) => {
                    p.next_event();
                    true
                }
                ("ArrowLeft", false) => {
                    p.step(-5_000);
                    true
                }
                ("ArrowRight", false) => {
                    p.step(5_000);
                    true
                }
                ("j" | "J", false) => {
                    p.step(-10_000);
                    true
                }
                ("l" | "L", false) => {
                    p.step(10_000);
                    true
                }
                _ => false,
            };
            if handled {
                e.prevent_default();
            }
        });
        on_cleanup(move || handle.remove());
    });
}

/// The address of this page at moment `t`.
fn link_to(t: i64) -> String {
    let location = window().location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    format!("{origin}{path}?t={}", format_moment(t))
}

#[component]
pub fn Controls(p: Player) -> impl IntoView {
    let length = p.length();
    let threshold_s = p.manifest.with_value(|m| m.idle_threshold_ms / 1000);
    let copied = RwSignal::new(None::<String>);
    view! {
        <div class="replay-controls" role="group" aria-label="Playback">
            <button type="button" class="btn" on:click=move |_| p.previous_event()>"Previous event"</button>
            <button type="button" class="btn primary replay-play" aria-pressed=move || p.playing.get().to_string()
                on:click=move |_| p.toggle()
            >{move || if p.playing.get() { "Pause" } else { "Play" }}</button>
            <button type="button" class="btn" on:click=move |_| p.next_event()>"Next event"</button>
            <span class="replay-clock" aria-live="off">
                <span class="sr-only">"Time: "</span>
                {move || format!("{} / {}", format_moment(p.t.get()), format_moment(length))}
            </span>
            <label class="replay-speed">
                "Speed "
                <select on:change=move |e| {
                    if let Ok(v) = event_target_value(&e).parse::<u32>() {
                        p.speed.set(v);
                    }
                }>
                    {SPEEDS.into_iter().map(|s| view! { <option value=s.to_string() selected=move || p.speed.get() == s>{format!("{s}×")}</option> }).collect_view()}
                </select>
            </label>
            <label class="replay-skip">
                <input type="checkbox" prop:checked=move || p.skip_idle.get() checked=true
                    on:change=move |e| p.skip_idle.set(event_target_checked(&e)) />
                {format!(" Skip idle stretches (longer than {threshold_s} s)")}
            </label>
            <button type="button" class="btn" on:click=move |_| {
                let link = link_to(p.t.get_untracked());
                // A refusal is fine: the link is shown for copying by hand.
                copy_to_clipboard(&link);
                copied.set(Some(link));
            }>"Copy link to this moment"</button>
            {move || copied.get().map(|link| view! {
                <p class="replay-copied" role="status">"Link copied: " <code>{link}</code></p>
            })}
        </div>
        <details class="replay-shortcuts">
            <summary>"Keyboard shortcuts"</summary>
            <dl>
                <dt><kbd>"Space"</kbd>" or "<kbd>"K"</kbd></dt><dd>"Play or pause"</dd>
                <dt><kbd>"←"</kbd>" / "<kbd>"→"</kbd></dt><dd>"Back or forward 5 seconds"</dd>
                <dt><kbd>"J"</kbd>" / "<kbd>"L"</kbd></dt><dd>"Back or forward 10 seconds"</dd>
                <dt><kbd>"Shift"</kbd>" + "<kbd>"←"</kbd>" / "<kbd>"→"</kbd></dt><dd>"Previous or next event"</dd>
                <dt>"On the timeline: "<kbd>"Home"</kbd>" / "<kbd>"End"</kbd></dt><dd>"The start or the end"</dd>
                <dt>"On the timeline: "<kbd>"Page Up"</kbd>" / "<kbd>"Page Down"</kbd></dt><dd>"Forward or back 1 minute"</dd>
            </dl>
            <p class="muted small">"Shortcuts do nothing while you type in a field."</p>
        </details>
    }
}
