//! Builds a session's replay from its record, once: the code's history cut into chunks that
//! each start with a keyframe (the whole code), so that the player reaches any moment by
//! applying at most one chunk of operations; the markers of every track; idle stretches; edit
//! density; the integrity signals; the runs; and the start-vs-final diff.

use std::collections::HashMap;

use crate::domain::{Language, RunMode};
use crate::record::integrity::{Integrity, Span};
use crate::record::{edit, Logged, SessionEvent, Speaker};
use crate::replay::types::*;

/// A chunk closes after this many operations...
pub const CHUNK_OPS: usize = 400;
/// ...or once it spans this long, whichever comes first.
pub const CHUNK_MS: i64 = 60_000;
/// Edit density is counted per this long.
pub const DENSITY_BUCKET_MS: i64 = 10_000;
/// A stretch with no event at all for this long is idle (skipped in playback by default).
pub const IDLE_MS: i64 = 20_000;

/// What the builder needs besides the events.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    pub title: &'a str,
    pub slug: &'a str,
    pub difficulty: crate::domain::Difficulty,
    pub status: crate::record::SessionStatus,
    pub duration_minutes: u32,
    /// When the clock started (ms since the epoch).
    pub origin: i64,
    /// When the session ended (ms since the epoch).
    pub ended_at: i64,
    pub language: Language,
    pub starter: String,
    /// Each snapshot event's stored code, by the event's seq.
    pub snapshots: HashMap<i64, (Language, String)>,
    /// The problem's visible cases at the session's version, in order.
    pub examples: Vec<crate::problems::types::Example>,
}

/// A session's replay, whole: the manifest (with the chat), the chunks and the runs' details.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub manifest: Manifest,
    pub chunks: Vec<Chunk>,
    pub runs: Vec<RunDetail>,
}

impl Built {
    /// The replay as a share link without the chat shows it: no chat entries, no chat markers.
    pub fn without_chat(&self) -> Manifest {
        let mut m = self.manifest.clone();
        m.chat.clear();
        m.chat_included = false;
        m.markers.retain(|k| !matches!(k.kind, MarkerKind::Chat { .. }));
        m
    }
}

/// Builds the replay from the session's events, in order.
pub fn build(src: Source<'_>, events: &[Logged]) -> Built {
    let origin = src.origin;
    let rel = |at: i64| (at - origin).max(0);
    let end = rel(src.ended_at).max(events.last().map(|l| rel(l.at)).unwrap_or(0));

    let mut language = src.language;
    let mut code = src.starter.clone();
    let start_code = code.clone();
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut current = Chunk { index: 0, keyframe: Keyframe { t: 0, language, code: code.clone() }, ops: Vec::new() };

    let mut markers = Vec::new();
    let mut runs = Vec::new();
    let mut chat = Vec::new();
    let mut density: Vec<u32> = vec![0; usize::try_from(end / DENSITY_BUCKET_MS + 1).unwrap_or(1)];
    let mut activity = vec![0, end];

    for l in events {
        let t = rel(l.at);
        // A chunk closes before an event that changes the code once it is full; the code as it
        // stands is the next chunk's keyframe (an event's operations never straddle two chunks).
        let changes_code = matches!(l.event, SessionEvent::Edit(_) | SessionEvent::Snapshot { .. });
        let full = current.ops.len() >= CHUNK_OPS || (!current.ops.is_empty() && t - current.keyframe.t >= CHUNK_MS);
        if changes_code && full {
            let index = current.index + 1;
            let next = Chunk { index, keyframe: Keyframe { t, language, code: code.clone() }, ops: Vec::new() };
            chunks.push(std::mem::replace(&mut current, next));
        }
        let mut ops: Vec<Op> = Vec::new();
        // Whether the event counts as activity (idle stretches are the gaps between them).
        let mut active = true;
        match &l.event {
            SessionEvent::Edit(e) => {
                if let Some(next) = edit::apply(&code, e.at, e.del, &e.ins) {
                    code = next;
                    ops.push(Op::E(t, l.seq, e.at, e.del, e.ins.clone()));
                    if e.language != language {
                        language = e.language;
                        ops.push(Op::L(t, l.seq, language));
                    }
                    if let Some(b) = density.get_mut(usize::try_from(t / DENSITY_BUCKET_MS).unwrap_or(0)) {
                        *b += 1;
                    }
                }
            }
            SessionEvent::Snapshot { .. } => {
                if let Some((l2, c)) = src.snapshots.get(&l.seq) {
                    if *l2 != language || *c != code {
                        language = *l2;
                        code.clone_from(c);
                        ops.push(Op::S(t, l.seq, language, code.clone()));
                    }
                }
                // A snapshot is bookkeeping, not activity.
                active = false;
            }
            SessionEvent::RunFinished(r) => {
                let summary = RunSummary {
                    t,
                    mode: r.mode,
                    language: r.language,
                    verdict: r.verdict,
                    passed: r.passed,
                    total: r.total,
                    wall_ms: r.wall_ms,
                };
                let what = if r.mode == RunMode::Submit { "Submission" } else { "Run" };
                let label = match &r.compile_error {
                    Some(_) => format!("{what} at {}: did not compile", stamp(t)),
                    None => format!("{what} at {}: {}/{} passed ({})", stamp(t), r.passed, r.total, r.verdict.label()),
                };
                markers.push(Marker { t, kind: MarkerKind::Run { run: runs.len() }, label });
                // Only a visible case is matched with its example; a hidden one never is.
                let examples = r
                    .cases
                    .iter()
                    .map(|c| (!c.hidden).then(|| src.examples.get(c.index as usize).cloned()).flatten())
                    .collect();
                runs.push(RunDetail {
                    summary,
                    compile_error: r.compile_error.clone(),
                    cases: r.cases.clone(),
                    examples,
                });
            }
            SessionEvent::Chat(c) => {
                let who = match c.speaker {
                    Speaker::Candidate => "Candidate",
                    Speaker::Interviewer => "Interviewer",
                };
                let label = format!("{who} at {}: {}", stamp(t), excerpt(&c.text, 80));
                markers.push(Marker { t, kind: MarkerKind::Chat { entry: chat.len() }, label });
                chat.push(ChatEntry { t, speaker: c.speaker, text: c.text.clone() });
            }
            SessionEvent::Observed(n) => {
                let mut parts =
                    vec![if n.parses { "the code parses".to_string() } else { "a syntax error".to_string() }];
                if let Some(c) = &n.complexity {
                    parts.push(format!("estimated {c}"));
                }
                if !n.signals.is_empty() {
                    parts.push(n.signals.join(", "));
                }
                markers.push(Marker {
                    t,
                    kind: MarkerKind::Insight,
                    label: format!("Observer at {}: {}", stamp(t), parts.join("; ")),
                });
            }
            SessionEvent::TimeWarning { minutes_left } => markers.push(Marker {
                t,
                kind: MarkerKind::TimeWarning,
                label: format!(
                    "Time warning at {}: {minutes_left} minute{} left",
                    stamp(t),
                    if *minutes_left == 1 { "" } else { "s" }
                ),
            }),
            SessionEvent::LanguageSwitched { from, to } => markers.push(Marker {
                t,
                kind: MarkerKind::LanguageSwitch,
                label: format!("Language at {}: {} to {}", stamp(t), from.label(), to.label()),
            }),
            SessionEvent::Ended { status } => markers.push(Marker {
                t,
                kind: MarkerKind::Ended,
                label: format!(
                    "Ended at {}{}",
                    stamp(t),
                    status.map(|s| format!(": {}", s.label())).unwrap_or_default()
                ),
            }),
            // Pastes and focus come from the integrity signals below; the rest is bookkeeping.
            SessionEvent::Paste { .. } | SessionEvent::Focus { .. } => {}
            SessionEvent::Created { .. } | SessionEvent::TimerStarted { .. } | SessionEvent::RunStarted { .. } => {
                active = false
            }
        }
        if active {
            activity.push(t);
        }
        current.ops.extend(ops);
    }
    // A chunk opened for an event that changed nothing after all (an edit that did not fit, a
    // snapshot of the code as it stood) holds nothing the one before it does not reach.
    if chunks.is_empty() || !current.ops.is_empty() {
        chunks.push(current);
    }

    let integrity = Integrity::of(events, origin, end);
    for p in &integrity.pastes {
        markers.push(Marker {
            t: p.t,
            kind: MarkerKind::Paste,
            label: format!("Paste at {}: {} characters", stamp(p.t), p.chars),
        });
    }
    for a in &integrity.away {
        markers.push(Marker {
            t: a.start,
            kind: MarkerKind::FocusLost,
            label: format!("Left the window at {} for {}", stamp(a.start), seconds(a.len())),
        });
    }
    for m in &integrity.large_insertions {
        markers.push(Marker {
            t: m.t,
            kind: MarkerKind::LargeInsertion,
            label: format!(
                "Insertion at {}: {} characters at once, not typed and not a recorded paste",
                stamp(m.t),
                m.chars
            ),
        });
    }
    for b in &integrity.bursts {
        markers.push(Marker {
            t: b.start,
            kind: MarkerKind::Burst,
            label: format!(
                "Fast typing at {}: {} characters in {}, up to {} a second",
                stamp(b.start),
                b.chars,
                seconds(b.end - b.start),
                b.peak_cps
            ),
        });
    }
    markers.sort_by_key(|m| m.t);

    activity.sort_unstable();
    let idle =
        activity.windows(2).filter(|w| w[1] - w[0] >= IDLE_MS).map(|w| Span { start: w[0], end: w[1] }).collect();

    let diff = diff(&start_code, &code, src.language, language);
    let manifest = Manifest {
        title: src.title.to_string(),
        slug: src.slug.to_string(),
        difficulty: src.difficulty,
        status: src.status,
        duration_minutes: src.duration_minutes,
        started_at: origin,
        length_ms: end,
        owner: None,
        chat_included: true,
        markers,
        runs: runs.iter().map(|r: &RunDetail| r.summary.clone()).collect(),
        chat,
        density,
        density_bucket_ms: DENSITY_BUCKET_MS,
        idle,
        idle_threshold_ms: IDLE_MS,
        integrity,
        chunks: chunks.iter().map(|c| ChunkRef { start: c.keyframe.t, ops: c.ops.len() as u32 }).collect(),
        diff,
    };
    Built { manifest, chunks, runs }
}

/// The start and final code compared line by line (Myers, through `similar`).
pub fn diff(start: &str, end: &str, start_language: Language, final_language: Language) -> CodeDiff {
    use similar::{ChangeTag, TextDiff};
    let d = TextDiff::from_lines(start, end);
    let mut lines = Vec::new();
    let (mut added, mut removed) = (0, 0);
    for c in d.iter_all_changes() {
        let change = match c.tag() {
            ChangeTag::Equal => Change::Same,
            ChangeTag::Insert => {
                added += 1;
                Change::Added
            }
            ChangeTag::Delete => {
                removed += 1;
                Change::Removed
            }
        };
        lines.push(DiffLine {
            change,
            old: c.old_index().map(|i| i as u32 + 1),
            new: c.new_index().map(|i| i as u32 + 1),
            text: c.value().trim_end_matches(['\n', '\r']).to_string(),
        });
    }
    CodeDiff { start_language, final_language, lines, added, removed }
}

fn stamp(t: i64) -> String {
    crate::domain::format::elapsed(t)
}

fn seconds(ms: i64) -> String {
    let s = (ms / 1000).max(0);
    if s < 60 {
        format!("{s} s")
    } else {
        format!("{} min {} s", s / 60, s % 60)
    }
}

fn excerpt(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        format!("{}…", one_line.chars().take(max).collect::<String>())
    }
}
