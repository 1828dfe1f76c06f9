use serde_json::json;

use super::*;

/// Rows exactly as the code before the typed record wrote them (kind, payload).
fn legacy_log() -> Vec<(&'static str, String)> {
    vec![
        ("created", json!({ "problem": "two-sum", "version": 3, "language": "python", "duration_minutes": 30 })),
        ("timer_started", json!({ "deadline_at": 1_700_001_800_000_i64 })),
        ("chat", json!({ "speaker": "interviewer", "text": "Hi!", "hint": null, "trigger": "opening", "engine": "built-in" })),
        ("edit", json!({ "seq": 1, "language": "python", "at": 0, "del": 0, "ins": "def f():\n    pass\n" })),
        ("snapshot", json!({ "kind": "auto", "language": "python", "bytes": 18 })),
        ("signal", json!({ "kind": "paste", "chars": 42 })),
        ("signal", json!({ "kind": "blur", "chars": null })),
        ("signal", json!({ "kind": "focus", "chars": null })),
        ("chat", json!({ "speaker": "candidate", "text": "I'd use a hash map." })),
        ("snapshot", json!({ "kind": "run", "language": "python", "bytes": 18 })),
        (
            "run",
            json!({
                "run_id": "r1", "language": "python", "verdict": "wrong_answer", "passed": 1, "total": 2,
                "wall_ms": 120, "compile_error": null,
                "cases": [
                    { "index": 0, "hidden": false, "verdict": "accepted", "time_ms": 1.5, "actual": "[0,1]", "stdout": "", "stderr": "", "error": null },
                    { "index": 1, "hidden": true, "verdict": "wrong_answer", "time_ms": 2.0 }
                ]
            }),
        ),
        ("submit", json!({ "run_id": "r2", "language": "python", "verdict": "accepted", "passed": 8, "total": 8, "wall_ms": 300, "compile_error": null, "cases": [] })),
        ("chat", json!({ "speaker": "interviewer", "text": "Five minutes left.", "hint": 0, "trigger": "time_5", "engine": "built-in" })),
        ("ended", json!({ "status": "completed" })),
        ("ended", json!({ "status": "expired or abandoned" })),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .collect()
}

#[test]
fn every_event_written_before_the_record_was_typed_still_decodes() {
    let decoded: Vec<SessionEvent> =
        legacy_log().iter().map(|(k, p)| SessionEvent::decode(k, p).unwrap_or_else(|e| panic!("{k}: {e}"))).collect();
    assert!(
        matches!(&decoded[0], SessionEvent::Created { problem, version: 3, starter: None, .. } if problem == "two-sum")
    );
    assert_eq!(decoded[5], SessionEvent::Paste { chars: Some(42) });
    assert_eq!(decoded[6], SessionEvent::Focus { focused: false });
    assert_eq!(decoded[7], SessionEvent::Focus { focused: true });
    let SessionEvent::RunFinished(run) = &decoded[10] else { panic!("{:?}", decoded[10]) };
    assert_eq!((run.mode, run.verdict, run.passed, run.total), (RunMode::Run, Verdict::WrongAnswer, 1, 2));
    assert_eq!(run.cases[0].actual.as_deref(), Some("[0,1]"));
    assert!(run.cases[1].hidden && run.cases[1].actual.is_none() && run.cases[1].stdout.is_none());
    let SessionEvent::RunFinished(submit) = &decoded[11] else { panic!() };
    assert_eq!(submit.mode, RunMode::Submit);
    assert!(
        matches!(&decoded[12], SessionEvent::Chat(l) if l.hint == Some(0) && l.trigger.as_deref() == Some("time_5"))
    );
    assert_eq!(decoded[13], SessionEvent::Ended { status: Some(SessionStatus::Completed) });
    assert_eq!(decoded[14], SessionEvent::Ended { status: None });
}

fn one_of_each() -> Vec<SessionEvent> {
    let run = RunRecord {
        run_id: "r".into(),
        mode: RunMode::Submit,
        language: Language::Java,
        verdict: Verdict::Accepted,
        passed: 3,
        total: 3,
        wall_ms: 10,
        compile_error: None,
        cases: vec![CaseRecord::new(0, false, Verdict::Accepted, Some(1.0), [Some("1"), Some("out"), None, None])],
    };
    vec![
        SessionEvent::Created {
            problem: "p".into(),
            version: 1,
            language: Language::Python,
            duration_minutes: 45,
            starter: Some("def f(): pass".into()),
        },
        SessionEvent::TimerStarted { deadline_at: 5 },
        SessionEvent::Edit(Edit { seq: 2, language: Language::Python, at: 1, del: 2, ins: "é".into() }),
        SessionEvent::Snapshot { kind: SnapshotKind::Manual, language: Language::Python, bytes: 3 },
        SessionEvent::RunStarted { mode: RunMode::Run, language: Language::Javascript },
        SessionEvent::RunFinished(run),
        SessionEvent::Chat(ChatLine {
            speaker: Speaker::Candidate,
            text: "hm".into(),
            hint: None,
            trigger: None,
            engine: None,
        }),
        SessionEvent::Observed(ObserverNote {
            parses: true,
            complexity: Some("O(n)".into()),
            loop_depth: 1,
            syntax_errors: 0,
            signals: vec!["HashMap".into()],
        }),
        SessionEvent::Focus { focused: false },
        SessionEvent::Paste { chars: None },
        SessionEvent::LanguageSwitched { from: Language::Python, to: Language::Java },
        SessionEvent::TimeWarning { minutes_left: 1 },
        SessionEvent::Ended { status: Some(SessionStatus::Expired) },
    ]
}

#[test]
fn every_kind_of_event_reads_back_as_it_was_written() {
    for event in one_of_each() {
        let (kind, payload) = (event.kind(), event.payload());
        assert!(payload.contains(&format!("\"v\":{RECORD_VERSION}")), "{payload}");
        assert!(!payload.contains("\"event\""), "the kind is stored in its own column: {payload}");
        assert_eq!(SessionEvent::decode(kind, &payload).as_ref(), Ok(&event), "{kind}: {payload}");
    }
}

#[test]
fn unknown_malformed_and_newer_events_are_reported_not_panicked_on() {
    let cases = [
        ("teleported", "{}", "unknown kind"),
        ("edit", "not json", "not JSON"),
        ("edit", "[1, 2]", "not a JSON object"),
        ("edit", r#"{"seq": "one"}"#, "invalid type"),
        ("chat", r#"{"v": 99, "speaker": "candidate", "text": "x"}"#, "newer version"),
        ("chat", r#"{"v": "1", "speaker": "candidate", "text": "x"}"#, "not a number"),
        ("signal", r#"{"kind": "scroll"}"#, "unknown signal"),
        ("ended", r#"{"status": 5}"#, "invalid type"),
    ];
    for (kind, payload, why) in cases {
        let err = SessionEvent::decode(kind, payload).expect_err(payload);
        assert!(err.reason.contains(why), "{kind} {payload}: {err}");
    }
    let long = "k".repeat(10_000);
    assert!(SessionEvent::decode(&long, "{}").unwrap_err().kind.len() <= 40);
}

#[test]
fn a_hidden_case_keeps_no_data_whatever_it_is_given() {
    let secret = Some("the hidden expected answer");
    let case = CaseRecord::new(4, true, Verdict::WrongAnswer, Some(3.0), [secret, secret, secret, secret]);
    let payload = serde_json::to_string(&case).unwrap();
    assert!(!payload.contains("hidden expected"), "{payload}");
    let visible = CaseRecord::new(0, false, Verdict::RuntimeError, None, [None, Some(&"x".repeat(5_000)), None, None]);
    assert_eq!(visible.stdout.map(|s| s.len()), Some(RECORDED_TEXT_BYTES));
}

#[test]
fn the_code_is_the_base_with_the_edits_after_it_applied() {
    let e = |seq, at, del, ins: &str| Edit { seq, language: Language::Python, at, del, ins: ins.into() };
    let edits = [(3, e(1, 0, 0, "ab")), (4, e(2, 2, 0, "c")), (6, e(3, 0, 1, "")), (7, e(4, 99, 1, "x"))];
    let from_start = CodeState::rebuild(0, Language::Python, String::new(), edits.iter().map(|(s, e)| (*s, e)));
    // The last edit does not fit and is skipped; the client's sequence still counts.
    assert_eq!((from_start.code.as_str(), from_start.last_edit_seq), ("bc", 4));
    // Edits at or before the snapshot's seq are already in it.
    let from_snapshot = CodeState::rebuild(4, Language::Java, "abc".into(), edits.iter().map(|(s, e)| (*s, e)));
    assert_eq!((from_snapshot.code.as_str(), from_snapshot.language), ("bc", Language::Python));
}
