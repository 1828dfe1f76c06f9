//! The builder against the record's own reading of the code: at every event, the code a
//! player rebuilds (a keyframe plus part of one chunk) equals the code the room had.

use std::collections::HashMap;

use proptest::prelude::*;

use crate::domain::{Difficulty, Language, RunMode, Verdict};
use crate::record::{
    edit, CaseRecord, ChatLine, Edit, Logged, RunRecord, SessionEvent, SessionStatus, SnapshotKind, Speaker,
};
use crate::replay::server::build::{build, Built, Source, CHUNK_OPS, IDLE_MS};
use crate::replay::timeline::{chunk_for, code_after_seq, code_at};
use crate::replay::types::{Change, MarkerKind};

const ORIGIN: i64 = 1_700_000_000_000;

fn source(starter: &str, snapshots: HashMap<i64, (Language, String)>, ended_ms: i64) -> Source<'static> {
    Source {
        title: "Running sum",
        slug: "running-sum",
        difficulty: Difficulty::Easy,
        status: SessionStatus::Completed,
        duration_minutes: 60,
        origin: ORIGIN,
        ended_at: ORIGIN + ended_ms,
        language: Language::Python,
        starter: starter.to_string(),
        snapshots,
        examples: vec![crate::problems::types::Example {
            inputs: vec![("nums".into(), "[1]".into())],
            expected: Some("[1]".into()),
            test: None,
        }],
    }
}

fn logged(seq: i64, ms: i64, event: SessionEvent) -> Logged {
    Logged { seq, at: ORIGIN + ms, event }
}

/// The code at `seq` the way the player reaches it: the chunk holding it, then its operations.
fn player_code_after(built: &Built, seq: i64) -> (Language, String) {
    let i = built.chunks.iter().rposition(|c| c.ops.first().is_none_or(|o| o.seq() <= seq)).unwrap_or(0);
    code_after_seq(&built.chunks[i], seq)
}

/// One step of a random session.
#[derive(Debug, Clone)]
enum Step {
    Type { at_frac: f64, del: usize, ins: String, gap_ms: i64 },
    Snapshot { code: Option<String>, language: Language },
    Chat(String),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (0.0..=1.0f64, 0usize..4, "[a-z \\n(){}:é😀]{0,6}", 0i64..3_000)
            .prop_map(|(at_frac, del, ins, gap_ms)| Step::Type { at_frac, del, ins, gap_ms }),
        1 => (proptest::option::of("[a-z\\n]{0,30}"), prop_oneof![Just(Language::Python), Just(Language::Javascript)])
            .prop_map(|(code, language)| Step::Snapshot { code, language }),
        1 => "[a-z ]{1,20}".prop_map(Step::Chat),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_code_rebuilt_at_any_event_is_the_code_the_room_had(steps in prop::collection::vec(step(), 0..1_500)) {
        let starter = "def f():\n    pass\n".to_string();
        let (mut code, mut language) = (starter.clone(), Language::Python);
        let mut expected: Vec<(i64, Language, String)> = Vec::new();
        let mut events = Vec::new();
        let mut snapshots = HashMap::new();
        let mut ms = 0;
        for (i, s) in steps.iter().enumerate() {
            let seq = i as i64 + 2;
            match s {
                Step::Type { at_frac, del, ins, gap_ms } => {
                    ms += gap_ms;
                    let len = code.chars().count();
                    let at = ((len as f64) * at_frac) as usize;
                    // Some edits do not fit (deleting past the end): the room skipped those too.
                    if let Some(next) = edit::apply(&code, at, *del, ins) {
                        code = next;
                    }
                    events.push(logged(seq, ms, SessionEvent::Edit(Edit { seq: seq as u64, language, at, del: *del, ins: ins.clone() })));
                }
                Step::Snapshot { code: replaced, language: l } => {
                    // A snapshot usually holds the code as it is; on a language switch it holds another.
                    if let Some(c) = replaced {
                        code = c.clone();
                        language = *l;
                    }
                    snapshots.insert(seq, (language, code.clone()));
                    events.push(logged(seq, ms, SessionEvent::Snapshot { kind: SnapshotKind::Auto, language, bytes: code.len() }));
                }
                Step::Chat(text) => {
                    ms += 500;
                    events.push(logged(seq, ms, SessionEvent::Chat(ChatLine { speaker: Speaker::Candidate, text: text.clone(), hint: None, trigger: None, engine: None })));
                }
            }
            expected.push((seq, language, code.clone()));
        }
        let built = build(source(&starter, snapshots, ms + 1_000), &events);
        for (seq, l, c) in &expected {
            prop_assert_eq!(&player_code_after(&built, *seq), &(*l, c.clone()), "after event {}", seq);
        }
        // Seeking by time lands on the code after the last event at or before that moment.
        for (seq, l, c) in expected.iter().rev().take(20) {
            let t = events.iter().find(|e| e.seq == *seq).map(|e| e.at - ORIGIN).unwrap_or(0);
            let last_at_t = expected.iter().rfind(|(s, ..)| events.iter().any(|e| e.seq == *s && e.at - ORIGIN == t));
            if last_at_t.map(|(s, ..)| s) == Some(seq) {
                let chunk = &built.chunks[chunk_for(&built.manifest.chunks, t)];
                prop_assert_eq!(&code_at(chunk, t), &(*l, c.clone()));
            }
        }
        for c in &built.chunks {
            prop_assert!(c.ops.len() <= CHUNK_OPS + 1);
        }
    }
}

#[test]
fn markers_runs_idle_and_the_diff_come_from_the_record() {
    let run = RunRecord {
        run_id: "r1".into(),
        mode: RunMode::Submit,
        language: Language::Python,
        verdict: Verdict::WrongAnswer,
        passed: 1,
        total: 2,
        wall_ms: 80,
        compile_error: None,
        cases: vec![
            CaseRecord::new(0, false, Verdict::Accepted, Some(1.0), [Some("[1]"), None, None, None]),
            CaseRecord::new(1, true, Verdict::WrongAnswer, Some(1.0), [Some("secret"), Some("out"), None, None]),
        ],
    };
    let ed = |seq: i64, ms: i64, at: usize, ins: &str| {
        logged(
            seq,
            ms,
            SessionEvent::Edit(Edit { seq: seq as u64, language: Language::Python, at, del: 0, ins: ins.into() }),
        )
    };
    let events = vec![
        ed(2, 1_000, 0, "x = 1\n"),
        logged(
            3,
            2_000,
            SessionEvent::Chat(ChatLine {
                speaker: Speaker::Interviewer,
                text: "Walk me through it.".into(),
                hint: None,
                trigger: None,
                engine: None,
            }),
        ),
        logged(4, 5_000, SessionEvent::Paste { chars: Some(50) }),
        ed(5, 5_000, 0, &"y".repeat(50)),
        // A minute of nothing.
        logged(6, 70_000, SessionEvent::RunFinished(run)),
        logged(7, 71_000, SessionEvent::TimeWarning { minutes_left: 5 }),
        logged(8, 72_000, SessionEvent::Ended { status: Some(SessionStatus::Completed) }),
    ];
    let built = build(source("pass\n", HashMap::new(), 72_000), &events);
    let m = &built.manifest;
    assert_eq!(m.length_ms, 72_000);
    assert_eq!(m.runs.len(), 1);
    assert_eq!(built.runs[0].cases[1].actual, None, "a hidden case keeps its verdict only");
    // The visible case is shown with what it gave the code; the hidden one with nothing.
    assert_eq!(built.runs[0].examples[0].as_ref().map(|e| e.inputs[0].1.as_str()), Some("[1]"));
    assert_eq!(built.runs[0].examples[1], None);
    let kinds: Vec<MarkerKind> = m.markers.iter().map(|k| k.kind).collect();
    assert!(kinds.contains(&MarkerKind::Run { run: 0 }), "{kinds:?}");
    assert!(kinds.contains(&MarkerKind::Chat { entry: 0 }));
    assert!(kinds.contains(&MarkerKind::Paste));
    assert!(kinds.contains(&MarkerKind::TimeWarning));
    assert!(kinds.contains(&MarkerKind::Ended));
    assert!(!kinds.contains(&MarkerKind::LargeInsertion), "the 50 characters came with a paste");
    assert!(m.markers.windows(2).all(|w| w[0].t <= w[1].t));
    let run_label = &m.markers.iter().find(|k| matches!(k.kind, MarkerKind::Run { .. })).map(|k| k.label.clone());
    assert_eq!(run_label.as_deref(), Some("Submission at 01:10: 1/2 passed (Wrong Answer)"));
    assert_eq!(m.idle.len(), 1);
    assert!(m.idle[0].start == 5_000 && m.idle[0].end == 70_000 && m.idle_threshold_ms == IDLE_MS);
    assert_eq!(m.density[0], 2, "two edits in the first ten seconds");
    assert_eq!((m.diff.added, m.diff.removed), (1, 0));
    assert!(m.diff.lines.iter().any(|l| l.change == Change::Added && l.text.starts_with("yyyy")));
    let without = built.without_chat();
    assert!(without.chat.is_empty() && !without.chat_included);
    assert!(!without.markers.iter().any(|k| matches!(k.kind, MarkerKind::Chat { .. })));
}

#[test]
fn an_hour_of_edits_is_cut_into_chunks_each_replayed_from_its_keyframe() {
    // 20,000 one-character edits over an hour.
    let events: Vec<Logged> = (0..20_000)
        .map(|i| {
            logged(
                i + 2,
                i * 180,
                SessionEvent::Edit(Edit {
                    seq: i as u64,
                    language: Language::Python,
                    at: i as usize,
                    del: 0,
                    ins: "a".into(),
                }),
            )
        })
        .collect();
    let built = build(source("", HashMap::new(), 3_600_000), &events);
    assert_eq!(built.chunks.len(), built.manifest.chunks.len());
    assert!(built.chunks.len() >= 20_000 / CHUNK_OPS, "{}", built.chunks.len());
    let last = built.chunks.last().map(|c| code_at(c, i64::MAX).1).unwrap_or_default();
    assert_eq!(last.len(), 20_000);
    let mid = &built.chunks[chunk_for(&built.manifest.chunks, 1_800_000)];
    assert_eq!(code_at(mid, 1_800_000).1.len(), 10_001);
}
