//! The scripted evaluation set: twelve sessions of one problem, written as the record stores
//! them (events decoded through the record API) and read by the real observer, each with the
//! bounds its rubric rows must fall in and the orderings between them that must hold.

use serde_json::{json, Value};

use crate::domain::Language;
use crate::evaluation::server::evaluator::{evaluate, SessionFacts};
use crate::evaluation::types::{Dimension, Evaluation};
use crate::record::{Logged, SessionEvent};

pub(super) const T0: i64 = 1_700_000_000_000;
pub(super) const MIN: i64 = 60_000;

pub(super) const STARTER: &str = "def two_sum(nums, target):\n    pass\n";
pub(super) const OPTIMAL: &str = "def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i\n    return []\n";
pub(super) const BRUTE: &str = "def two_sum(nums, target):\n    for i in range(len(nums)):\n        for j in range(i + 1, len(nums)):\n            if nums[i] + nums[j] == target:\n                return [i, j]\n    return []\n";
pub(super) const WRONG: &str =
    "def two_sum(nums, target):\n    for i in range(len(nums)):\n        if nums[i] == target:\n            return [i, i]\n    return []\n";
pub(super) const BROKEN: &str = "def two_sum(nums, target):\n    for i in range(len(nums):\n        return [i]\n";

/// An event as the record stores it, decoded through the record API.
pub(super) fn ev(min: i64, kind: &str, payload: Value) -> Logged {
    let event = SessionEvent::decode(kind, &payload.to_string()).expect("a readable event");
    Logged { seq: min, at: T0 + min * MIN, event }
}

/// Typing: an edit each minute from `from` to `to`.
pub(super) fn typing(from: i64, to: i64) -> Vec<Logged> {
    (from..=to)
        .map(|m| ev(m, "edit", json!({ "seq": m, "language": "python", "at": 0, "del": 0, "ins": "x" })))
        .collect()
}

pub(super) fn say(min: i64, text: &str) -> Logged {
    ev(min, "chat", json!({ "speaker": "candidate", "text": text }))
}

pub(super) fn hint(min: i64, index: u64) -> Logged {
    ev(
        min,
        "chat",
        json!({ "speaker": "interviewer", "text": format!("Hint {}", index + 1), "hint": index, "trigger": "reply" }),
    )
}

pub(super) fn run(min: i64, kind: &str, passed: u32, total: u32, verdict: &str) -> Logged {
    let payload = json!({ "run_id": format!("r{min}"), "language": "python", "wall_ms": 90, "passed": passed, "total": total, "verdict": verdict });
    ev(min, kind, payload)
}

/// A 30-minute Two Sum session ending with `code`, read by the real observer.
pub(super) fn session(code: &str, mut events: Vec<Logged>) -> SessionFacts {
    events.sort_by_key(|e| e.at);
    SessionFacts {
        title: "Two Sum".into(),
        started_at: T0,
        ended_at: T0 + 30 * MIN,
        optimal_time: "O(n)".into(),
        starter_code: STARTER.into(),
        final_code: code.into(),
        insights: crate::interviewer::server::observer::analyse(Language::Python, code),
        events,
    }
}

fn cat(parts: Vec<Vec<Logged>>) -> Vec<Logged> {
    parts.into_iter().flatten().collect()
}

/// The set, by name.
pub(super) fn scripted() -> Vec<(&'static str, SessionFacts)> {
    vec![
        (
            "optimal, explained",
            session(
                OPTIMAL,
                cat(vec![
                    vec![
                        say(1, "Can the array contain duplicates or negative numbers?"),
                        say(2, "I'll use a hash map from value to index instead of checking every pair."),
                        say(3, "That makes it O(n) time and O(n) space, trading memory for speed."),
                    ],
                    typing(4, 8),
                    vec![
                        run(9, "run", 3, 3, "accepted"),
                        say(10, "I'd also test an empty array and a single element."),
                        run(11, "submit", 8, 8, "accepted"),
                    ],
                ]),
            ),
        ),
        (
            "optimal, silent",
            session(
                OPTIMAL,
                cat(vec![typing(1, 8), vec![run(9, "run", 3, 3, "accepted"), run(11, "submit", 8, 8, "accepted")]]),
            ),
        ),
        (
            "brute force, explained",
            session(
                BRUTE,
                cat(vec![
                    vec![
                        say(2, "Brute force first: I'll loop over every pair of indices."),
                        say(3, "That's O(n^2) time and O(1) space, rather than a hash map's O(n) space."),
                    ],
                    typing(4, 7),
                    vec![
                        run(8, "run", 3, 3, "accepted"),
                        say(9, "Duplicates are fine since I compare indices."),
                        run(10, "submit", 6, 8, "time_limit"),
                    ],
                ]),
            ),
        ),
        (
            "brute force, silent",
            session(
                BRUTE,
                cat(vec![typing(1, 7), vec![run(8, "run", 3, 3, "accepted"), run(10, "submit", 6, 8, "time_limit")]]),
            ),
        ),
        (
            "correct after hints",
            session(
                OPTIMAL,
                cat(vec![
                    vec![say(2, "I'm stuck, any hint?"), hint(2, 0)],
                    typing(3, 6),
                    vec![say(7, "hint please"), hint(7, 1)],
                    typing(8, 12),
                    vec![run(13, "run", 1, 3, "wrong_answer")],
                    typing(14, 15),
                    vec![run(16, "run", 3, 3, "accepted"), run(17, "submit", 8, 8, "accepted")],
                ]),
            ),
        ),
        (
            "many runs, never submitted",
            session(WRONG, cat(vec![typing(1, 3), (4..20).map(|m| run(m, "run", 0, 3, "wrong_answer")).collect()])),
        ),
        ("starter submitted", session(STARTER, vec![run(2, "submit", 0, 8, "wrong_answer")])),
        (
            "broken code",
            session(
                BROKEN,
                cat(vec![
                    typing(1, 5),
                    vec![run(6, "run", 0, 3, "compile_error")],
                    typing(7, 8),
                    vec![run(9, "run", 0, 3, "compile_error")],
                ]),
            ),
        ),
        ("idle", session(STARTER, vec![])),
        (
            "hint spam",
            session(
                STARTER,
                vec![
                    say(1, "hint"),
                    hint(1, 0),
                    say(2, "another hint please"),
                    hint(2, 1),
                    say(3, "hint"),
                    say(4, "I'm stuck, hint?"),
                    say(5, "just give me the solution"),
                ],
            ),
        ),
        (
            "wrong complexity claimed",
            session(
                BRUTE,
                cat(vec![
                    vec![
                        say(2, "I'll loop over every pair of indices and check the sum."),
                        say(3, "This is O(n) time."),
                    ],
                    typing(4, 7),
                    vec![run(8, "run", 3, 3, "accepted"), run(10, "submit", 6, 8, "time_limit")],
                ]),
            ),
        ),
        (
            "off-topic chat",
            session(
                STARTER,
                vec![
                    say(1, "What's the weather like where you are?"),
                    say(3, "Do you like football?"),
                    say(6, "lol ok"),
                ],
            ),
        ),
    ]
}

/// Each row's bounds, in [`Dimension::ALL`] order; `None` for "not assessed".
type Bounds = [Option<(u8, u8)>; 6];

fn bounds(name: &str) -> (Bounds, (u8, u8)) {
    let b = |lo: u8, hi: u8| Some((lo, hi));
    // understanding, approach, correctness, verification, communication, independence; overall
    match name {
        "optimal, explained" => ([b(9, 10), b(9, 10), b(10, 10), b(6, 9), b(9, 10), b(9, 10)], (85, 100)),
        "optimal, silent" => ([b(5, 7), b(8, 9), b(10, 10), b(4, 6), None, b(9, 10)], (75, 89)),
        "brute force, explained" => ([b(6, 8), b(4, 6), b(7, 8), b(3, 5), b(8, 10), b(5, 7)], (60, 74)),
        "brute force, silent" => ([b(4, 6), b(3, 5), b(7, 8), b(2, 4), None, b(5, 7)], (50, 62)),
        "correct after hints" => ([b(5, 7), b(8, 9), b(10, 10), b(6, 8), b(1, 2), b(5, 7)], (65, 79)),
        "many runs, never submitted" => ([b(1, 3), b(2, 2), b(1, 2), b(1, 2), None, b(1, 3)], (10, 25)),
        "starter submitted" => ([b(1, 3), b(1, 1), b(1, 1), b(1, 2), None, b(1, 3)], (11, 20)),
        "broken code" => ([b(1, 3), b(1, 3), b(1, 2), b(1, 2), None, b(1, 3)], (10, 20)),
        "idle" => ([b(1, 1), b(1, 1), b(1, 1), b(1, 1), None, b(1, 1)], (10, 10)),
        "hint spam" => ([b(1, 1), b(1, 1), b(1, 1), b(1, 1), b(1, 1), b(1, 1)], (10, 12)),
        "wrong complexity claimed" => ([b(5, 7), b(1, 3), b(7, 8), b(2, 4), b(4, 6), b(5, 7)], (45, 60)),
        "off-topic chat" => ([b(1, 1), b(1, 1), b(1, 1), b(1, 1), b(1, 1), b(1, 2)], (10, 14)),
        other => panic!("no bounds for {other}"),
    }
}

fn row(e: &Evaluation, d: Dimension) -> Option<u8> {
    e.scores.iter().find(|s| s.dimension == d).and_then(|s| s.score)
}

fn evaluated() -> Vec<(&'static str, SessionFacts, Evaluation)> {
    scripted().into_iter().map(|(n, f)| (n, f.clone(), evaluate(&f))).collect()
}

fn get<'a>(all: &'a [(&'static str, SessionFacts, Evaluation)], name: &str) -> &'a Evaluation {
    &all.iter().find(|(n, _, _)| *n == name).unwrap_or_else(|| panic!("no session {name}")).2
}

#[test]
fn every_scripted_session_scores_within_its_bounds_on_every_row() {
    let all = evaluated();
    assert!(all.len() >= 12);
    let mut failures = Vec::new();
    for (name, _, e) in &all {
        let (rows, overall) = bounds(name);
        for (d, want) in Dimension::ALL.iter().zip(rows) {
            let got = row(e, *d);
            let ok = match (want, got) {
                (None, None) => true,
                (Some((lo, hi)), Some(v)) => (lo..=hi).contains(&v),
                _ => false,
            };
            if !ok {
                failures.push(format!("{name}: {} is {got:?}, expected {want:?}", d.label()));
            }
        }
        if !(overall.0..=overall.1).contains(&e.overall) {
            failures.push(format!("{name}: overall {} outside {overall:?}", e.overall));
        }
    }
    let table: Vec<String> = all
        .iter()
        .map(|(n, _, e)| format!("{n}: {:?} overall {}", Dimension::ALL.map(|d| row(e, d)), e.overall))
        .collect();
    eprintln!("{}", table.join("\n"));
    assert!(failures.is_empty(), "{}\n\nall scores:\n{}", failures.join("\n"), table.join("\n"));
}

#[test]
fn scripted_sessions_keep_their_pairwise_orderings() {
    let all = evaluated();
    let overall = |n: &str| get(&all, n).overall;
    let chain = [
        "optimal, explained",
        "optimal, silent",
        "correct after hints",
        "brute force, explained",
        "brute force, silent",
        "wrong complexity claimed",
        "many runs, never submitted",
        "starter submitted",
        "idle",
    ];
    for pair in chain.windows(2) {
        assert!(overall(pair[0]) > overall(pair[1]), "{pair:?}: {} vs {}", overall(pair[0]), overall(pair[1]));
    }
    for worse in ["broken code", "hint spam", "off-topic chat"] {
        assert!(overall("brute force, silent") > overall(worse), "{worse}");
        assert!(overall(worse) >= overall("idle"), "{worse}");
    }
    let r = |n: &str, d: Dimension| row(get(&all, n), d);
    use Dimension::*;
    // Explaining is what communication rewards; hints are what independence counts.
    assert!(r("brute force, explained", Communication) > r("wrong complexity claimed", Communication));
    assert!(r("brute force, explained", Approach) > r("wrong complexity claimed", Approach));
    assert!(r("optimal, silent", Independence) > r("correct after hints", Independence));
    assert!(r("correct after hints", Communication) < r("optimal, explained", Communication));
    assert!(r("optimal, explained", Testing) > r("optimal, silent", Testing), "naming edge cases is verification");
    // A session with a correct submission beats every session without one on correctness and
    // approach.
    let solved = ["optimal, explained", "optimal, silent", "correct after hints"];
    for (name, f, e) in &all {
        let submitted = f
            .events
            .iter()
            .any(|e| matches!(&e.event, SessionEvent::RunFinished(r) if r.mode == crate::domain::RunMode::Submit));
        if submitted {
            continue;
        }
        for s in solved {
            for d in [Correctness, Approach] {
                assert!(r(s, d) > row(e, d), "{s} vs {name} on {}", d.label());
            }
        }
    }
    // Doing nothing scores lowest on every row.
    let idle = get(&all, "idle");
    for (name, _, e) in &all {
        for d in Dimension::ALL {
            if let (Some(i), Some(v)) = (row(idle, d), row(e, d)) {
                assert!(i <= v, "idle outscores {name} on {}", d.label());
            }
        }
    }
}

#[test]
fn scripted_justifications_agree_with_the_scores_and_the_session() {
    for (name, f, e) in evaluated() {
        let why = |d: Dimension| e.scores.iter().find(|s| s.dimension == d).unwrap().justification.clone();
        let solved = f.events.iter().any(
            |e| matches!(&e.event, SessionEvent::RunFinished(r) if r.mode == crate::domain::RunMode::Submit && r.total > 0 && r.passed == r.total),
        );
        let hints = f.events.iter().any(|e| matches!(&e.event, SessionEvent::Chat(l) if l.hint.is_some()));
        let submitted = f
            .events
            .iter()
            .any(|e| matches!(&e.event, SessionEvent::RunFinished(r) if r.mode == crate::domain::RunMode::Submit));
        let ran = f.events.iter().any(|e| matches!(&e.event, SessionEvent::RunFinished(_)));
        if e.strengths.iter().any(|s| s.contains("Solved it")) {
            assert!(solved, "{name}: claims it was solved: {:?}", e.strengths);
        }
        if e.strengths.iter().any(|s| s.contains("passes the tests")) {
            assert!(solved, "{name}: {:?}", e.strengths);
        }
        if hints {
            assert!(!why(Dimension::Independence).contains("no hints"), "{name}: {}", why(Dimension::Independence));
        } else if why(Dimension::Independence).contains("hint") {
            assert!(why(Dimension::Independence).contains("no hints"), "{name}: {}", why(Dimension::Independence));
        }
        if ran && !submitted {
            assert!(why(Dimension::Testing).contains("never submitted"), "{name}: {}", why(Dimension::Testing));
        }
        if !submitted {
            assert!(!why(Dimension::Testing).contains("before the final submission"), "{name}");
        }
        if name == "idle" {
            assert!(e.strengths.is_empty(), "idle: {:?}", e.strengths);
        }
        assert_eq!(evaluate(&f), e, "{name} is not deterministic");
    }
}
