//! Integrity signals, computed from a session's record and shown to everyone who sees the
//! session — the candidate first. Each signal is a count or a list of moments with a published
//! threshold (docs/integrity.md); there is no combined "suspicion score". A signal is a reason
//! to watch that moment of the replay, never a verdict.

use serde::{Deserialize, Serialize};

use crate::record::{Logged, SessionEvent};

/// An insertion of at least this many characters in one edit counts as large.
pub const LARGE_INSERTION_CHARS: usize = 40;
/// A recorded paste explains a large insertion logged this close to it.
pub const PASTE_MATCH_MS: i64 = 2_000;
/// An edit inserting at most this many characters counts as typing.
pub const TYPED_EDIT_MAX_CHARS: usize = 3;
/// Typing is measured over windows this long.
pub const BURST_WINDOW_MS: i64 = 5_000;
/// Typing faster than this many characters a second over a whole window is a burst (a fast
/// typist writing code sustains 5–8).
pub const BURST_CHARS_PER_SECOND: u32 = 15;

/// The thresholds the signals were computed with, sent along so that pages show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    pub large_insertion_chars: u32,
    pub paste_match_ms: i64,
    pub typed_edit_max_chars: u32,
    pub burst_window_ms: i64,
    pub burst_chars_per_second: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            large_insertion_chars: LARGE_INSERTION_CHARS as u32,
            paste_match_ms: PASTE_MATCH_MS,
            typed_edit_max_chars: TYPED_EDIT_MAX_CHARS as u32,
            burst_window_ms: BURST_WINDOW_MS,
            burst_chars_per_second: BURST_CHARS_PER_SECOND,
        }
    }
}

/// A moment of the session (ms since the clock started) with a size in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    pub t: i64,
    pub chars: u32,
}

/// A stretch of the session: from `start` to `end`, ms since the clock started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: i64,
    pub end: i64,
}

impl Span {
    pub fn len(&self) -> i64 {
        (self.end - self.start).max(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A stretch of typing faster than the burst threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Burst {
    pub start: i64,
    pub end: i64,
    /// Characters typed in the stretch.
    pub chars: u32,
    /// The fastest window's rate, characters a second.
    pub peak_cps: u32,
}

/// What the record says about how the code came to be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Integrity {
    /// Pastes into the editor, each with its size when the browser told it.
    pub pastes: Vec<Moment>,
    /// Characters pasted in all.
    pub pasted_chars: u32,
    /// The largest paste.
    pub largest_paste: u32,
    /// Times the room's window lost focus, and for how long (a loss never followed by a
    /// return lasts until the end).
    pub away: Vec<Span>,
    /// Time away in all, ms.
    pub away_ms: i64,
    /// Insertions of at least [`LARGE_INSERTION_CHARS`] characters in one edit that no
    /// recorded paste explains (drag and drop, an extension, a script).
    pub large_insertions: Vec<Moment>,
    /// Characters typed (edits of at most [`TYPED_EDIT_MAX_CHARS`] characters) in all.
    pub typed_chars: u32,
    /// Stretches of typing faster than [`BURST_CHARS_PER_SECOND`].
    pub bursts: Vec<Burst>,
    pub thresholds: Thresholds,
}

impl Integrity {
    /// Computes the signals from a session's events, with times relative to `origin` (when the
    /// clock started) and the session's end at `end` (relative too).
    pub fn of(events: &[Logged], origin: i64, end: i64) -> Self {
        let mut out = Self::default();
        let mut lost_at: Option<i64> = None;
        let mut typed: Vec<(i64, u32)> = Vec::new();
        let mut inserts: Vec<Moment> = Vec::new();
        for l in events {
            let t = (l.at - origin).max(0);
            match &l.event {
                SessionEvent::Paste { chars } => {
                    let chars = chars.unwrap_or(0);
                    out.pastes.push(Moment { t, chars });
                    out.pasted_chars = out.pasted_chars.saturating_add(chars);
                    out.largest_paste = out.largest_paste.max(chars);
                }
                SessionEvent::Focus { focused: false } => {
                    lost_at.get_or_insert(t);
                }
                SessionEvent::Focus { focused: true } => {
                    if let Some(start) = lost_at.take() {
                        out.away.push(Span { start, end: t });
                    }
                }
                SessionEvent::Edit(e) => {
                    let n = e.ins.chars().count();
                    if n >= LARGE_INSERTION_CHARS {
                        inserts.push(Moment { t, chars: u32::try_from(n).unwrap_or(u32::MAX) });
                    } else if (1..=TYPED_EDIT_MAX_CHARS).contains(&n) {
                        typed.push((t, n as u32));
                        out.typed_chars = out.typed_chars.saturating_add(n as u32);
                    }
                }
                _ => {}
            }
        }
        if let Some(start) = lost_at {
            out.away.push(Span { start, end: end.max(start) });
        }
        out.away_ms = out.away.iter().map(Span::len).sum();
        out.large_insertions =
            inserts.into_iter().filter(|m| !out.pastes.iter().any(|p| (p.t - m.t).abs() <= PASTE_MATCH_MS)).collect();
        out.bursts = bursts(&typed);
        out
    }

    /// Whether nothing stands out: no paste, no time away, no large insertion, no burst.
    pub fn is_quiet(&self) -> bool {
        self.pastes.is_empty() && self.away.is_empty() && self.large_insertions.is_empty() && self.bursts.is_empty()
    }
}

/// Stretches where the characters typed in some window of [`BURST_WINDOW_MS`] exceed the
/// threshold rate; overlapping windows merge into one burst.
fn bursts(typed: &[(i64, u32)]) -> Vec<Burst> {
    let limit = u64::from(BURST_CHARS_PER_SECOND) * BURST_WINDOW_MS as u64 / 1000;
    let mut out: Vec<Burst> = Vec::new();
    let mut lo = 0;
    let mut sum: u64 = 0;
    for hi in 0..typed.len() {
        sum += u64::from(typed[hi].1);
        while typed[hi].0 - typed[lo].0 >= BURST_WINDOW_MS {
            sum -= u64::from(typed[lo].1);
            lo += 1;
        }
        if sum > limit {
            let (start, end) = (typed[lo].0, typed[hi].0);
            let cps = u32::try_from(sum * 1000 / BURST_WINDOW_MS as u64).unwrap_or(u32::MAX);
            match out.last_mut() {
                Some(b) if start <= b.end => {
                    b.end = end;
                    b.peak_cps = b.peak_cps.max(cps);
                }
                _ => out.push(Burst { start, end, chars: 0, peak_cps: cps }),
            }
        }
    }
    for b in &mut out {
        b.chars = typed.iter().filter(|(t, _)| *t >= b.start && *t <= b.end).map(|(_, n)| *n).sum();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Language;
    use crate::record::Edit;

    fn at(ms: i64, event: SessionEvent) -> Logged {
        Logged { seq: 0, at: 1_000_000 + ms, event }
    }

    fn typed(ms: i64, text: &str) -> Logged {
        at(ms, SessionEvent::Edit(Edit { seq: 0, language: Language::Python, at: 0, del: 0, ins: text.into() }))
    }

    #[test]
    fn pastes_focus_and_insertions_are_counted_with_their_moments() {
        let big = "x".repeat(120);
        let events = vec![
            at(1_000, SessionEvent::Paste { chars: Some(120) }),
            typed(1_500, &big),
            typed(30_000, &"y".repeat(60)),
            at(40_000, SessionEvent::Focus { focused: false }),
            at(52_000, SessionEvent::Focus { focused: true }),
            at(90_000, SessionEvent::Paste { chars: Some(8) }),
            at(100_000, SessionEvent::Focus { focused: false }),
        ];
        let s = Integrity::of(&events, 1_000_000, 110_000);
        assert_eq!(s.pastes.len(), 2);
        assert_eq!((s.pasted_chars, s.largest_paste), (128, 120));
        assert_eq!(s.away, vec![Span { start: 40_000, end: 52_000 }, Span { start: 100_000, end: 110_000 }]);
        assert_eq!(s.away_ms, 22_000);
        // The 120 characters came with a paste; the 60 at 0:30 came from nowhere.
        assert_eq!(s.large_insertions, vec![Moment { t: 30_000, chars: 60 }]);
        assert!(s.bursts.is_empty());
        assert!(!s.is_quiet());
    }

    #[test]
    fn typing_at_human_speed_is_no_burst_but_a_script_is() {
        // 7 characters a second for a minute: a fast typist.
        let human: Vec<Logged> = (0..420).map(|i| typed(i * 1000 / 7, "a")).collect();
        let s = Integrity::of(&human, 1_000_000, 60_000);
        assert!(s.bursts.is_empty(), "{:?}", s.bursts);
        assert_eq!(s.typed_chars, 420);
        assert!(s.is_quiet());
        // 40 characters a second for 10 s, starting at 0:20.
        let script: Vec<Logged> = (0..400).map(|i| typed(20_000 + i * 25, "b")).collect();
        let s = Integrity::of(&script, 1_000_000, 60_000);
        assert_eq!(s.bursts.len(), 1, "{:?}", s.bursts);
        let b = s.bursts[0];
        assert!(b.start >= 20_000 && b.end <= 30_000 && b.end - b.start >= 5_000, "{b:?}");
        assert!(b.peak_cps >= 39, "{b:?}");
        assert!(b.chars >= 300, "{b:?}");
    }
}
