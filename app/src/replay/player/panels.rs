//! The panels beside the code: the chat up to the moment shown, the runs (each opens its
//! results), the integrity signals (each moment seeks) and the start-vs-final diff.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys::{Function, Object, Reflect};

use crate::domain::{RunMode, Verdict};
use crate::problems::types::Example;
use crate::record::{CaseRecord, Speaker};
use crate::replay::player::Player;
use crate::replay::timeline::format_moment;
use crate::replay::types::{Change, RunDetail, RunSummary};

/// The element id of chat entry `index`.
pub fn chat_entry_id(index: usize) -> String {
    format!("replay-chat-{index}")
}

/// Scrolls `el` into view within its scrolling box only as far as needed.
fn scroll_nearest(el: &web_sys::Element) {
    let options = Object::new();
    let _ = Reflect::set(&options, &JsValue::from_str("block"), &JsValue::from_str("nearest"));
    if let Some(f) =
        Reflect::get(el, &JsValue::from_str("scrollIntoView")).ok().and_then(|f| f.dyn_into::<Function>().ok())
    {
        let _ = f.call1(el, &options);
    }
}

fn run_name(index: usize, s: &RunSummary) -> String {
    let what = if s.mode == RunMode::Submit { "Submission" } else { "Run" };
    format!("{what} {} at {}: {} ({}/{} passed)", index + 1, format_moment(s.t), s.verdict.label(), s.passed, s.total)
}

#[component]
pub fn Panels(p: Player) -> impl IntoView {
    view! {
        <div class="replay-panels">
            <ChatPanel p />
            <RunsPanel p />
            <IntegrityPanel p />
            <DiffPanel p />
        </div>
    }
}

#[component]
fn ChatPanel(p: Player) -> impl IntoView {
    let included = p.manifest.with_value(|m| m.chat_included);
    let entries = p.manifest.with_value(|m| m.chat.clone());
    let total = entries.len();
    let entries = StoredValue::new(entries);
    // How many messages had been sent by the moment shown.
    let visible = Memo::new(move |_| {
        let t = p.t.get();
        entries.with_value(|e| e.partition_point(|c| c.t <= t))
    });
    let list = NodeRef::<leptos::html::Ol>::new();
    // The newest message (or the one a marker pointed at) stays in view.
    Effect::new(move |_| {
        let n = visible.get();
        let focus = p.chat_focus.get();
        if list.get().is_none() {
            return;
        }
        let target = focus.filter(|i| *i < n).or(n.checked_sub(1));
        if let Some(i) = target {
            if let Some(el) = document().get_element_by_id(&chat_entry_id(i)) {
                scroll_nearest(&el);
            }
        }
    });
    view! {
        <section class="replay-panel replay-chat" aria-labelledby="replay-chat-heading">
            <h2 id="replay-chat-heading">"Chat"</h2>
            {if !included {
                view! { <p class="muted">"Chat not shared: the owner of this replay left the conversation out."</p> }.into_any()
            } else if total == 0 {
                view! { <p class="muted">"No messages in this interview."</p> }.into_any()
            } else {
                view! {
                    <p class="muted small" aria-live="polite">{move || format!("{} of {total} messages by this moment", visible.get())}</p>
                    <ol class="replay-chat-list" node_ref=list tabindex="0" aria-label="Messages up to this moment">
                        {move || {
                            let n = visible.get();
                            let current = p.chat_focus.get().filter(|i| *i < n).or(n.checked_sub(1));
                            entries.with_value(|e| {
                                e.iter().take(n).enumerate().map(|(i, c)| {
                                    let who = if c.speaker == Speaker::Interviewer { "Interviewer" } else { "Candidate" };
                                    let class = format!(
                                        "chat-message {}{}",
                                        if c.speaker == Speaker::Interviewer { "interviewer" } else { "candidate" },
                                        if current == Some(i) { " current" } else { "" }
                                    );
                                    view! {
                                        <li id=chat_entry_id(i) class=class aria-current=(current == Some(i)).then_some("true")>
                                            <span class="chat-speaker">{who}" · "{format_moment(c.t)}</span>
                                            <p>{c.text.clone()}</p>
                                        </li>
                                    }
                                }).collect_view()
                            })
                        }}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn RunsPanel(p: Player) -> impl IntoView {
    let runs = p.manifest.with_value(|m| m.runs.clone());
    view! {
        <section class="replay-panel replay-runs" aria-labelledby="replay-runs-heading">
            <h2 id="replay-runs-heading">"Runs and submissions"</h2>
            {if runs.is_empty() {
                view! { <p class="muted">"No runs or submissions."</p> }.into_any()
            } else {
                view! {
                    <ol class="replay-run-list">
                        {runs.iter().enumerate().map(|(i, s)| {
                            let name = run_name(i, s);
                            let t = s.t;
                            let ok = s.verdict == Verdict::Accepted;
                            view! {
                                <li>
                                    <button type="button" class=if ok { "link-button verdict-ok" } else { "link-button verdict-bad" }
                                        aria-expanded=move || (p.open_run.get() == Some(i)).to_string()
                                        on:click=move |_| { p.playing.set(false); p.seek(t); p.show_run(i); }
                                    >{name}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {move || p.open_run.get().map(|i| view! {
                <div class="replay-run-detail" role="region" aria-label=format!("Results of run {}", i + 1)>
                    {move || match p.run_detail.get() {
                        None => view! { <p class="muted" aria-busy="true">"Loading the results…"</p> }.into_any(),
                        Some(Err(e)) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
                        Some(Ok(d)) => view! { <RunDetailView d /> }.into_any(),
                    }}
                    <button type="button" class="btn" on:click=move |_| p.open_run.set(None)>"Close the results"</button>
                </div>
            })}
        </section>
    }
}

#[component]
fn RunDetailView(d: RunDetail) -> impl IntoView {
    let s = d.summary;
    let ok = s.verdict == Verdict::Accepted;
    let what = if s.mode == RunMode::Submit { "Submission" } else { "Run" };
    view! {
        <h3>{format!("{what} at {} ({})", format_moment(s.t), s.language.label())}</h3>
        <p class=if ok { "verdict ok" } else { "verdict bad" }>
            {format!("{}: {} of {} cases passed · {} ms", s.verdict.label(), s.passed, s.total, s.wall_ms)}
        </p>
        {d.compile_error.map(|e| view! { <p class="muted">"Compile error:"</p><pre class="output">{e}</pre> })}
        {(!d.cases.is_empty()).then(|| {
            let mut examples = d.examples.into_iter();
            view! {
                <ol class="cases">{d.cases.into_iter().map(|c| {
                    let example = examples.next().flatten();
                    view! { <CaseLine c example /> }
                }).collect_view()}</ol>
            }
        })}
    }
}

#[component]
fn CaseLine(c: CaseRecord, example: Option<Example>) -> impl IntoView {
    let name = if c.hidden { format!("Hidden case {}", c.index + 1) } else { format!("Case {}", c.index + 1) };
    let time = c.time_ms.map(|t| format!(" · {t:.0} ms")).unwrap_or_default();
    let ok = c.verdict == Verdict::Accepted;
    view! {
        <li class=if ok { "case ok" } else { "case bad" }>
            <p><span class="mark" aria-hidden="true">{if ok { "✓ " } else { "✗ " }}</span><strong>{name}</strong>{format!(" · {}{time}", c.verdict.label())}</p>
            {(!c.hidden).then(|| view! {
                {example.map(|e| view! {
                    {(!e.inputs.is_empty()).then(|| view! {
                        <p>"Input: " <code>{e.inputs.iter().map(|(n, v)| format!("{n} = {v}")).collect::<Vec<_>>().join(", ")}</code></p>
                    })}
                    {e.test.map(|t| view! { <p class="muted">"Test:"</p><pre class="output">{t}</pre> })}
                    {e.expected.map(|x| view! { <p>"Expected: " <code>{x}</code></p> })}
                })}
                {c.actual.map(|a| view! { <p>"Output: " <code>{a}</code></p> })}
                {c.error.map(|e| view! { <pre class="output">{e}</pre> })}
                {c.stdout.filter(|s| !s.is_empty()).map(|s| view! { <p class="muted">"Printed:"</p><pre class="output">{s}</pre> })}
                {c.stderr.filter(|s| !s.is_empty()).map(|s| view! { <p class="muted">"Errors printed:"</p><pre class="output">{s}</pre> })}
            })}
        </li>
    }
}

#[component]
fn IntegrityPanel(p: Player) -> impl IntoView {
    let i = p.manifest.with_value(|m| m.integrity.clone());
    let th = i.thresholds;
    let moment = move |t: i64, text: String| {
        view! { <li><button type="button" class="link-button" on:click=move |_| { p.playing.set(false); p.seek(t); }>{text}</button></li> }
    };
    let pastes = i
        .pastes
        .iter()
        .map(|m| moment(m.t, format!("{}: pasted {} characters", format_moment(m.t), m.chars)))
        .collect_view();
    let away = i
        .away
        .iter()
        .map(|s| moment(s.start, format!("{}: away for {}", format_moment(s.start), format_moment(s.len()))))
        .collect_view();
    let large = i
        .large_insertions
        .iter()
        .map(|m| moment(m.t, format!("{}: {} characters inserted at once", format_moment(m.t), m.chars)))
        .collect_view();
    let bursts = i
        .bursts
        .iter()
        .map(|b| {
            moment(
                b.start,
                format!(
                    "{}–{}: {} characters typed, up to {} a second",
                    format_moment(b.start),
                    format_moment(b.end),
                    b.chars,
                    b.peak_cps
                ),
            )
        })
        .collect_view();
    view! {
        <section class="replay-panel replay-integrity" aria-labelledby="replay-integrity-heading">
            <h2 id="replay-integrity-heading">"Integrity signals"</h2>
            <p class="muted small">"A signal is a reason to watch that moment of the replay, not a verdict."</p>
            <ul class="replay-counts">
                <li>{format!("Pastes: {} ({} characters in all, the largest {})", i.pastes.len(), i.pasted_chars, i.largest_paste)}</li>
                <li>{format!("Time away from the window: {} in {} stretch(es)", format_moment(i.away_ms), i.away.len())}</li>
                <li>{format!("Large insertions without a paste: {}", i.large_insertions.len())}</li>
                <li>{format!("Characters typed: {}", i.typed_chars)}</li>
                <li>{format!("Bursts of fast typing: {}", i.bursts.len())}</li>
            </ul>
            {(!i.pastes.is_empty()).then(|| view! { <h3>"Pastes"</h3><ul class="replay-moments">{pastes}</ul> })}
            {(!i.away.is_empty()).then(|| view! { <h3>"Time away"</h3><ul class="replay-moments">{away}</ul> })}
            {(!i.large_insertions.is_empty()).then(|| view! { <h3>"Large insertions"</h3><ul class="replay-moments">{large}</ul> })}
            {(!i.bursts.is_empty()).then(|| view! { <h3>"Fast typing"</h3><ul class="replay-moments">{bursts}</ul> })}
            <p class="muted small">{format!(
                "Thresholds: an insertion of {} or more characters in one edit is large unless a paste was recorded within {} s of it; \
                 edits of up to {} characters count as typing; typing faster than {} characters a second over {} s is a burst.",
                th.large_insertion_chars, th.paste_match_ms / 1000, th.typed_edit_max_chars, th.burst_chars_per_second, th.burst_window_ms / 1000
            )}</p>
        </section>
    }
}

#[component]
fn DiffPanel(p: Player) -> impl IntoView {
    let d = p.manifest.with_value(|m| m.diff.clone());
    let language_note = (d.start_language != d.final_language)
        .then(|| format!("The language changed from {} to {}.", d.start_language.label(), d.final_language.label()));
    let rows = d
        .lines
        .iter()
        .map(|l| {
            let (class, sign, said) = match l.change {
                Change::Added => ("diff-added", "+", "added"),
                Change::Removed => ("diff-removed", "−", "removed"),
                Change::Same => ("diff-same", " ", "unchanged"),
            };
            view! {
                <tr class=class>
                    <td class="diff-num">{l.old.map(|n| n.to_string())}</td>
                    <td class="diff-num">{l.new.map(|n| n.to_string())}</td>
                    <td class="diff-sign"><span aria-hidden="true">{sign}</span><span class="sr-only">{said}</span></td>
                    <td class="diff-text"><code>{l.text.clone()}</code></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="replay-panel replay-diff" aria-labelledby="replay-diff-heading">
            <h2 id="replay-diff-heading">"Start vs final code"</h2>
            <p>{format!("+{} −{} lines", d.added, d.removed)}</p>
            {language_note.map(|n| view! { <p class="muted small">{n}</p> })}
            <div class="replay-diff-scroll" role="region" tabindex="0" aria-label="Changes from the starting code to the final code">
                <table class="replay-diff-table">
                    <caption class="sr-only">"Lines of the code: number at the start, number at the end, change, text"</caption>
                    <thead class="sr-only"><tr><th scope="col">"Start line"</th><th scope="col">"Final line"</th><th scope="col">"Change"</th><th scope="col">"Text"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
