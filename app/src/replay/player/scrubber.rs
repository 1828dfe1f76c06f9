//! The timeline: edit density above (with a table of the same numbers), one row of markers
//! per track with idle stretches and time away shaded, and the scrubber — a slider that the
//! keyboard and the pointer both move.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::replay::player::Player;
use crate::replay::timeline::format_moment;
use crate::replay::types::{MarkerKind, Track};

/// Where `t` sits along a session of `length` ms, in percent.
pub fn percent(t: i64, length: i64) -> f64 {
    if length <= 0 {
        0.0
    } else {
        (t.clamp(0, length) as f64 / length as f64) * 100.0
    }
}

fn kind_class(kind: MarkerKind) -> &'static str {
    match kind {
        MarkerKind::Run { .. } => "run",
        MarkerKind::Chat { .. } => "chat",
        MarkerKind::Insight => "insight",
        MarkerKind::TimeWarning => "time",
        MarkerKind::LanguageSwitch => "language",
        MarkerKind::Paste => "paste",
        MarkerKind::FocusLost => "away",
        MarkerKind::LargeInsertion => "insertion",
        MarkerKind::Burst => "burst",
        MarkerKind::Ended => "ended",
    }
}

/// How far apart (percent of the session) two markers must be to share a row.
const MARKER_GAP_PERCENT: f64 = 2.5;
/// The height of a row of markers, px.
const MARKER_ROW_PX: usize = 22;
/// The most rows a track stacks markers in (beyond, they overlap).
const MARKER_ROWS: usize = 4;

/// The row of each marker (in time order, as percents): markers that would overlap go to
/// the next row, so that each stays visible and clickable.
pub fn levels(positions: &[f64]) -> Vec<usize> {
    let mut last: Vec<f64> = Vec::new();
    positions
        .iter()
        .map(|&x| {
            let free = last.iter().position(|&l| x - l >= MARKER_GAP_PERCENT);
            let level = match free {
                Some(i) => i,
                None if last.len() < MARKER_ROWS => {
                    last.push(f64::NEG_INFINITY);
                    last.len() - 1
                }
                None => MARKER_ROWS - 1,
            };
            last[level] = x;
            level
        })
        .collect()
}

/// What a bucket of the density strip is called ("minute", "30 s").
fn bucket_name(ms: i64) -> String {
    if ms == 60_000 {
        "minute".into()
    } else {
        format!("{} s", (ms / 1000).max(1))
    }
}

#[component]
pub fn Timeline(p: Player) -> impl IntoView {
    let (length, density, bucket, idle, away, markers) = p.manifest.with_value(|m| {
        (
            m.length_ms.max(0),
            m.density.clone(),
            m.density_bucket_ms.max(1),
            m.idle.clone(),
            m.integrity.away.clone(),
            m.markers.clone(),
        )
    });
    let peak = density.iter().copied().max().unwrap_or(0).max(1);
    let bars = density
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let left = percent(i as i64 * bucket, length);
            let width = percent(bucket, length);
            let height = f64::from(*n) / f64::from(peak) * 100.0;
            view! { <span class="replay-bar" style=format!("left: {left:.3}%; width: {width:.3}%; height: {height:.1}%")></span> }
        })
        .collect_view();
    let table_rows = density
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let from = i as i64 * bucket;
            view! { <tr><td>{format!("{}–{}", format_moment(from), format_moment((from + bucket).min(length)))}</td><td>{n.to_string()}</td></tr> }
        })
        .collect_view();
    let per = bucket_name(bucket);
    let idle_note = p.manifest.with_value(|m| m.idle_threshold_ms / 1000);

    let span_view = move |start: i64, end: i64, class: &'static str, title: String| {
        let left = percent(start, length);
        let width = (percent(end, length) - left).max(0.2);
        view! { <span class=class style=format!("left: {left:.3}%; width: {width:.3}%") title=title></span> }
    };
    let idle_spans = idle
        .iter()
        .map(|s| {
            span_view(
                s.start,
                s.end,
                "replay-idle",
                format!("Idle {}–{}", format_moment(s.start), format_moment(s.end)),
            )
        })
        .collect_view();

    let rows = Track::ALL
        .into_iter()
        .map(|track| {
            let on_track: Vec<_> = markers.iter().filter(|m| m.kind.track() == track).collect();
            let levels = levels(&on_track.iter().map(|m| percent(m.t, length)).collect::<Vec<_>>());
            let rows = levels.iter().copied().max().map_or(1, |l| l + 1);
            let lane_height = format!("height: {}px", (rows * MARKER_ROW_PX + 8).max(28));
            let buttons = on_track
                .into_iter()
                .zip(levels)
                .map(|(m, level)| {
                    let (t, kind, label) = (m.t, m.kind, m.label.clone());
                    let left = percent(t, length);
                    let top = 4 + level * MARKER_ROW_PX;
                    view! {
                        <button type="button" class=format!("replay-marker kind-{}", kind_class(kind))
                            style=format!("left: {left:.3}%; top: {top}px") aria-label=label.clone() title=label
                            on:click=move |_| {
                                p.playing.set(false);
                                match kind {
                                    MarkerKind::Run { run } => { p.seek(t); p.show_run(run); }
                                    MarkerKind::Chat { entry } => p.focus_chat(entry),
                                    _ => p.seek(t),
                                }
                            }
                        ></button>
                    }
                })
                .collect_view();
            let shaded = (track == Track::Integrity).then(|| {
                away.iter()
                    .map(|s| {
                        span_view(
                            s.start,
                            s.end,
                            "replay-away",
                            format!("Away {}–{}", format_moment(s.start), format_moment(s.end)),
                        )
                    })
                    .collect_view()
            });
            view! {
                <div class="replay-track" role="group" aria-label=track.label()>
                    <span class="replay-track-label" aria-hidden="true">{track.label()}</span>
                    <div class="replay-lane" style=lane_height>{shaded}{buttons}</div>
                </div>
            }
        })
        .collect_view();

    // The scrubber: a slider moved by the keyboard, a click or a drag.
    let bar = NodeRef::<leptos::html::Div>::new();
    let dragging = StoredValue::new(false);
    let seek_to_pointer = move |x: f64| {
        let Some(el) = bar.get_untracked() else { return };
        let rect = el.get_bounding_client_rect();
        if rect.width() <= 0.0 {
            return;
        }
        let f = ((x - rect.left()) / rect.width()).clamp(0.0, 1.0);
        p.seek((f * length as f64).round() as i64);
    };
    let on_keydown = move |e: ev::KeyboardEvent| {
        let shift = e.shift_key();
        let handled = match e.key().as_str() {
            "ArrowLeft" | "ArrowDown" if shift => {
                p.previous_event();
                true
            }
            "ArrowRight" | "ArrowUp" if shift => {
                p.next_event();
                true
            }
            "ArrowLeft" | "ArrowDown" => {
                p.step(-5_000);
                true
            }
            "ArrowRight" | "ArrowUp" => {
                p.step(5_000);
                true
            }
            "PageDown" => {
                p.step(-60_000);
                true
            }
            "PageUp" => {
                p.step(60_000);
                true
            }
            "Home" => {
                p.seek(0);
                true
            }
            "End" => {
                p.seek(length);
                true
            }
            _ => false,
        };
        if handled {
            e.prevent_default();
            e.stop_propagation();
        }
    };
    let now_pct = move || percent(p.t.get(), length);
    view! {
        <section class="replay-timeline" aria-labelledby="replay-timeline-heading">
            <h2 id="replay-timeline-heading">"Timeline"</h2>
            <div class="replay-density" aria-hidden="true" title=format!("Edits per {per}")>{bars}</div>
            <div class="replay-tracks">
                <div class="replay-idle-layer" aria-hidden="true">
                    {idle_spans}
                    <span class="replay-playhead" style=move || format!("left: {:.3}%", now_pct())></span>
                </div>
                {rows}
            </div>
            <div class="replay-scrubber" node_ref=bar
                on:pointerdown=move |e: ev::PointerEvent| {
                    dragging.set_value(true);
                    if let Some(el) = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        let _ = el.set_pointer_capture(e.pointer_id());
                    }
                    seek_to_pointer(f64::from(e.client_x()));
                }
                on:pointermove=move |e: ev::PointerEvent| {
                    if dragging.get_value() {
                        seek_to_pointer(f64::from(e.client_x()));
                    }
                }
                on:pointerup=move |_| dragging.set_value(false)
                on:pointercancel=move |_| dragging.set_value(false)
            >
                <div class="replay-slider" role="slider" tabindex="0" aria-label="Moment of the replay"
                    aria-valuemin="0" aria-valuemax=(length / 1000).to_string()
                    aria-valuenow=move || (p.t.get() / 1000).to_string()
                    aria-valuetext=move || format!("{} of {}", format_moment(p.t.get()), format_moment(length))
                    on:keydown=on_keydown
                >
                    <span class="replay-fill" style=move || format!("width: {:.3}%", now_pct())></span>
                    <span class="replay-thumb" style=move || format!("left: {:.3}%", now_pct())></span>
                </div>
            </div>
            <p class="muted small">
                {if idle.is_empty() {
                    format!("No idle stretches (no activity for {idle_note} s or more).")
                } else {
                    format!("Shaded: idle stretches (no activity for {idle_note} s or more) and, on the integrity track, time away from the window.")
                }}
            </p>
            <details class="replay-density-table">
                <summary>{format!("Edits per {per}")}</summary>
                <table>
                    <caption class="sr-only">{format!("Edits per {per}")}</caption>
                    <thead><tr><th scope="col">"Time"</th><th scope="col">"Edits"</th></tr></thead>
                    <tbody>{table_rows}</tbody>
                </table>
            </details>
        </section>
    }
}
