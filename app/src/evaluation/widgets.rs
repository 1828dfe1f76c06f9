//! Pieces of the evaluation other pages show too (the shared page, the replay): the report
//! with every moment it cites linked to the replay, and the integrity signals.
//!
//! Each takes `replay_base`, the page a moment links to (`{replay_base}?t=MM:SS`): the
//! owner's replay (`/sessions/<id>/replay`) or a share link's page (`/shared/<token>`). Both
//! are editor pages, so the links load a new document (`rel="external"`).

use leptos::prelude::*;

use crate::domain::format::{elapsed, moment_spans, thousands};
use crate::evaluation::types::{score_class, tenths, Dimension, Evaluation};
use crate::record::integrity::Integrity;

/// A signal list shows at most this many moments, then says how many more there are.
const MOMENTS_SHOWN: usize = 20;

/// Where the replay shows the moment `mm_ss` ("23:10").
pub fn moment_href(replay_base: &str, mm_ss: &str) -> String {
    format!("{replay_base}?t={mm_ss}")
}

/// A link to the replay at `ms` after the clock started, reading "MM:SS".
#[component]
pub fn MomentLink(ms: i64, #[prop(into)] replay_base: String) -> impl IntoView {
    moment_anchor(&replay_base, elapsed(ms))
}

/// The link to the replay at the moment `at` ("23:10"), reading it.
fn moment_anchor(replay_base: &str, at: String) -> impl IntoView {
    view! {
        <a class="moment" href=moment_href(replay_base, &at) rel="external" title=format!("Watch the replay at {at}")>{at.clone()}</a>
    }
}

/// Text in which every cited moment ("at 23:10") links to the replay at that moment.
#[component]
pub fn MomentText(#[prop(into)] text: String, #[prop(into)] replay_base: String) -> impl IntoView {
    let mut parts = Vec::new();
    let mut last = 0;
    for span in moment_spans(&text) {
        if span.start > last {
            parts.push(text[last..span.start].to_string().into_any());
        }
        parts.push(moment_anchor(&replay_base, text[span.clone()].to_string()).into_any());
        last = span.end;
    }
    if last < text.len() {
        parts.push(text[last..].to_string().into_any());
    }
    parts.collect_view()
}

/// A ready evaluation: the overall score and recommendation, each dimension with its gauge and
/// reasons, strengths, what to improve, and the report (`report_html`, rendered and sanitized
/// on the server with its moments linked). Moments cited anywhere link to `replay_base`.
#[component]
pub fn EvaluationReport(
    evaluation: Evaluation,
    #[prop(into)] report_html: String,
    #[prop(into)] replay_base: String,
) -> impl IntoView {
    let e = evaluation;
    let base = replay_base;
    view! {
        <section aria-labelledby="overall-heading">
            <h2 id="overall-heading">"Evaluation"</h2>
            <div class="overall">
                <span class=format!("number {}", score_class(e.overall)) aria-label=format!("Overall score {} out of 10", tenths(e.overall))>{tenths(e.overall)}</span>
                <span class=format!("badge rec-{}", e.recommendation.code())>{format!("Recommendation: {}", e.recommendation.label())}</span>
                {e.code_only.then(|| view! { <span class="muted">"Code-only evaluation: no conversation took place."</span> })}
            </div>
            <ul class="gauges">
                {Dimension::ALL.into_iter().filter_map(|d| e.scores.iter().find(|x| x.dimension == d).cloned()).map(|sc| {
                    let label = sc.dimension.label();
                    let why = view! { <p class="muted small"><MomentText text=sc.justification.clone() replay_base=base.clone() /></p> };
                    match sc.score {
                        Some(v) => view! {
                            <li>
                                <div class="gauge-head"><strong>{label}</strong><span class=score_class(v * 10)>{format!("{v}/10")}</span></div>
                                <div class="gauge" role="meter" aria-label=format!("{label}: {v} out of 10") aria-valuemin="1" aria-valuemax="10" aria-valuenow=v.to_string()>
                                    <span class=score_class(v * 10) style=format!("width: {}%", u32::from(v) * 10)></span>
                                </div>
                                {why}
                            </li>
                        }.into_any(),
                        None => view! {
                            <li>
                                <div class="gauge-head"><strong>{label}</strong><span class="muted">"Not assessed"</span></div>
                                {why}
                            </li>
                        }.into_any(),
                    }
                }).collect_view()}
            </ul>
            {(!e.strengths.is_empty()).then(|| view! {
                <h3>"Strengths"</h3>
                <ul>{e.strengths.iter().map(|x| view! { <li><MomentText text=x.clone() replay_base=base.clone() /></li> }).collect_view()}</ul>
            })}
            <h3>"To improve"</h3>
            <ul>{e.improvements.iter().map(|x| view! { <li><MomentText text=x.clone() replay_base=base.clone() /></li> }).collect_view()}</ul>
            <h3>"Report"</h3>
            <div class="prose report" inner_html=report_html></div>
        </section>
    }
}

/// The integrity signals of an ended session, each moment linked to the replay: pastes, time
/// away, large insertions no paste explains, and bursts of fast typing, with the thresholds
/// they were computed with. Signals to look at, never a verdict.
#[component]
pub fn IntegrityPanel(integrity: Integrity, #[prop(into)] replay_base: String) -> impl IntoView {
    let i = integrity;
    let th = i.thresholds;
    let base = replay_base;
    let quiet = i.is_quiet();
    let more = |n: usize| {
        (n > MOMENTS_SHOWN).then(|| view! { <li class="muted">{format!("and {} more", n - MOMENTS_SHOWN)}</li> })
    };
    let times = |n: usize| if n == 1 { "1 time".to_string() } else { format!("{n} times") };
    let chars =
        |n: u32| if n == 1 { "1 character".to_string() } else { format!("{} characters", thousands(n as usize)) };
    let pastes = (!i.pastes.is_empty()).then(|| {
        view! {
            <li>
                <strong>{format!("Pastes: {}", i.pastes.len())}</strong>
                {format!(" ({} in all, the largest {})", chars(i.pasted_chars), chars(i.largest_paste))}
                <ul class="moments">
                    {i.pastes.iter().take(MOMENTS_SHOWN).map(|m| view! {
                        <li><MomentLink ms=m.t replay_base=base.clone() />{format!(" · {}", if m.chars == 0 { "size unknown".to_string() } else { chars(m.chars) })}</li>
                    }).collect_view()}
                    {more(i.pastes.len())}
                </ul>
            </li>
        }
    });
    let away = (!i.away.is_empty()).then(|| {
        view! {
            <li>
                <strong>{format!("Time away from the room: {}", times(i.away.len()))}</strong>
                {format!(" ({} in all; the window lost focus)", elapsed(i.away_ms))}
                <ul class="moments">
                    {i.away.iter().take(MOMENTS_SHOWN).map(|s| view! {
                        <li><MomentLink ms=s.start replay_base=base.clone() />{format!(" · away for {}", elapsed(s.len()))}</li>
                    }).collect_view()}
                    {more(i.away.len())}
                </ul>
            </li>
        }
    });
    let large = (!i.large_insertions.is_empty()).then(|| {
        view! {
            <li>
                <strong>{format!("Large insertions not typed: {}", i.large_insertions.len())}</strong>
                {format!(
                    " (insertions of {}+ characters in one edit that no paste explains, such as a drop or an extension)",
                    th.large_insertion_chars
                )}
                <ul class="moments">
                    {i.large_insertions.iter().take(MOMENTS_SHOWN).map(|m| view! {
                        <li><MomentLink ms=m.t replay_base=base.clone() />{format!(" · {}", chars(m.chars))}</li>
                    }).collect_view()}
                    {more(i.large_insertions.len())}
                </ul>
            </li>
        }
    });
    let bursts = (!i.bursts.is_empty()).then(|| {
        view! {
            <li>
                <strong>{format!("Typing bursts: {}", i.bursts.len())}</strong>
                {format!(
                    " (typing faster than {} characters a second over {} seconds; a fast typist writing code sustains 5 to 8)",
                    th.burst_chars_per_second,
                    th.burst_window_ms / 1000
                )}
                <ul class="moments">
                    {i.bursts.iter().take(MOMENTS_SHOWN).map(|b| view! {
                        <li><MomentLink ms=b.start replay_base=base.clone() />{format!(
                            " · {} typed in {}, up to {} a second",
                            chars(b.chars), elapsed(b.end - b.start), b.peak_cps
                        )}</li>
                    }).collect_view()}
                    {more(i.bursts.len())}
                </ul>
            </li>
        }
    });
    view! {
        <section class="integrity" aria-labelledby="integrity-heading">
            <h2 id="integrity-heading">"Integrity signals"</h2>
            <p class="muted">"These are signals to look at in the replay, not a verdict: each moment links to it."</p>
            {if quiet {
                view! { <p class="integrity-quiet">"Nothing stood out: no pastes, no time away, no large insertions, no typing bursts."</p> }.into_any()
            } else {
                view! { <ul class="signals">{pastes}{away}{large}{bursts}</ul> }.into_any()
            }}
            <p class="muted small">{format!("{} typed in all.", chars(i.typed_chars))}</p>
        </section>
    }
}
