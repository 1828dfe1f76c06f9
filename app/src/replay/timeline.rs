//! The player's arithmetic, the same in the browser and in tests: which chunk holds a moment,
//! the code at a moment (a keyframe plus at most one chunk of operations, never the whole
//! history), stepping between events, skipping idle stretches, and `?t=MM:SS`.

use crate::domain::Language;
use crate::record::edit;
use crate::record::integrity::Span;
use crate::replay::types::{Chunk, ChunkRef, Marker, Op};

/// The chunk whose stretch holds `t`: the last one starting at or before it.
pub fn chunk_for(chunks: &[ChunkRef], t: i64) -> usize {
    chunks.partition_point(|c| c.start <= t).saturating_sub(1)
}

/// The code in `chunk` after every operation up to `t` (inclusive).
pub fn code_at(chunk: &Chunk, t: i64) -> (Language, String) {
    replay(chunk, |op| op.t() <= t)
}

/// The code in `chunk` after every operation up to the record's event `seq` (inclusive).
pub fn code_after_seq(chunk: &Chunk, seq: i64) -> (Language, String) {
    replay(chunk, |op| op.seq() <= seq)
}

fn replay(chunk: &Chunk, mut take: impl FnMut(&Op) -> bool) -> (Language, String) {
    let mut language = chunk.keyframe.language;
    let mut code = chunk.keyframe.code.clone();
    for op in chunk.ops.iter().take_while(|op| take(op)) {
        apply(op, &mut language, &mut code);
    }
    (language, code)
}

/// Applies one operation to the code (an edit that does not fit changes nothing, as in the
/// record's own reading of it).
pub fn apply(op: &Op, language: &mut Language, code: &mut String) {
    match op {
        Op::E(_, _, at, del, ins) => {
            if let Some(next) = edit::apply(code, *at, *del, ins) {
                *code = next;
            }
        }
        Op::L(_, _, l) => *language = *l,
        Op::S(_, _, l, c) => {
            *language = *l;
            code.clone_from(c);
        }
    }
}

/// The first marker strictly after `t`.
pub fn next_marker(markers: &[Marker], t: i64) -> Option<&Marker> {
    markers.iter().filter(|m| m.t > t).min_by_key(|m| m.t)
}

/// The last marker strictly before `t` (a second's grace, so that pressing "previous" right
/// after a marker goes to the one before it).
pub fn previous_marker(markers: &[Marker], t: i64) -> Option<&Marker> {
    markers.iter().filter(|m| m.t < t - 1_000).max_by_key(|m| m.t)
}

/// How long before an idle stretch's end playback resumes after skipping it.
pub const SKIP_LEAD_MS: i64 = 1_000;

/// Where playback jumps to when it enters an idle stretch: just before its end. `None`
/// outside idle stretches.
pub fn skip_idle(idle: &[Span], t: i64) -> Option<i64> {
    idle.iter().find(|s| t >= s.start && t < s.end - SKIP_LEAD_MS).map(|s| s.end - SKIP_LEAD_MS)
}

/// Parses a moment from a link: `MM:SS`, `H:MM:SS` or whole seconds. Returns ms.
pub fn parse_moment(raw: &str) -> Option<i64> {
    let parts: Vec<&str> = raw.trim().split(':').collect();
    if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty() || p.len() > 6) {
        return None;
    }
    let nums: Vec<i64> = parts.iter().map(|p| p.parse::<u32>().ok().map(i64::from)).collect::<Option<_>>()?;
    let secs = match nums.as_slice() {
        [s] => *s,
        [m, s] if *s < 60 => m * 60 + s,
        [h, m, s] if *m < 60 && *s < 60 => h * 3600 + m * 60 + s,
        _ => return None,
    };
    Some(secs * 1000)
}

/// A moment as a link writes it: `MM:SS` (minutes past 59 stay minutes, as the evaluation cites
/// them).
pub fn format_moment(ms: i64) -> String {
    crate::domain::format::elapsed(ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replay::types::Keyframe;

    #[test]
    fn moments_parse_and_print() {
        assert_eq!(parse_moment("23:10"), Some((23 * 60 + 10) * 1000));
        assert_eq!(parse_moment("1:02:03"), Some(3723 * 1000));
        assert_eq!(parse_moment("75"), Some(75_000));
        assert_eq!(parse_moment("75:00"), Some(4500 * 1000));
        for bad in ["", ":", "1:60", "a:10", "-1:00", "1:2:3:4", "99999999:00", "1:61:00"] {
            assert_eq!(parse_moment(bad), None, "{bad}");
        }
        assert_eq!(format_moment(parse_moment("23:10").unwrap_or(0)), "23:10");
    }

    #[test]
    fn seeking_picks_the_chunk_and_replays_only_its_operations() {
        let chunks = [ChunkRef { start: 0, ops: 2 }, ChunkRef { start: 5_000, ops: 1 }];
        assert_eq!(chunk_for(&chunks, 0), 0);
        assert_eq!(chunk_for(&chunks, 4_999), 0);
        assert_eq!(chunk_for(&chunks, 5_000), 1);
        assert_eq!(chunk_for(&chunks, 99_000), 1);
        let chunk = Chunk {
            index: 0,
            keyframe: Keyframe { t: 0, language: Language::Python, code: "ab".into() },
            ops: vec![
                Op::E(1_000, 3, 2, 0, "c".into()),
                Op::L(2_000, 4, Language::Javascript),
                Op::S(2_000, 5, Language::Javascript, "let x;".into()),
                Op::E(3_000, 6, 99, 0, "does not fit".into()),
            ],
        };
        assert_eq!(code_at(&chunk, 999), (Language::Python, "ab".into()));
        assert_eq!(code_at(&chunk, 1_000), (Language::Python, "abc".into()));
        assert_eq!(code_at(&chunk, 2_000), (Language::Javascript, "let x;".into()));
        assert_eq!(code_at(&chunk, 9_000), (Language::Javascript, "let x;".into()));
        assert_eq!(code_after_seq(&chunk, 4), (Language::Javascript, "abc".into()));
    }

    #[test]
    fn idle_stretches_are_skipped_to_just_before_their_end() {
        let idle = [Span { start: 10_000, end: 40_000 }];
        assert_eq!(skip_idle(&idle, 9_999), None);
        assert_eq!(skip_idle(&idle, 10_000), Some(39_000));
        assert_eq!(skip_idle(&idle, 39_000), None);
    }
}
