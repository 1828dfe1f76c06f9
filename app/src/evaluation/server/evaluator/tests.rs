//! The evaluator's single cases: the contradictions reported in issue 12, and how
//! justifications cite the session.

use crate::evaluation::server::evaluator::scripted::{
    hint, run, say, scripted, session, typing, BROKEN, OPTIMAL, STARTER,
};
use crate::evaluation::server::evaluator::*;

fn row(e: &Evaluation, d: Dimension) -> &Score {
    e.scores.iter().find(|s| s.dimension == d).unwrap()
}

fn named(name: &str) -> SessionFacts {
    scripted().into_iter().find(|(n, _)| *n == name).unwrap().1
}

#[test]
fn sixteen_runs_of_broken_code_never_submitted_earn_no_verification_credit() {
    let mut events = typing(1, 3);
    events.extend((4..20).map(|m| run(m, "run", 0, 3, "compile_error")));
    let e = evaluate(&session(BROKEN, events));
    let testing = row(&e, Dimension::Testing);
    assert!(testing.score.unwrap() <= 2, "{testing:?}");
    assert!(testing.justification.contains("16 times but never submitted"), "{testing:?}");
    assert!(!testing.justification.contains("before submitting"), "{testing:?}");
}

#[test]
fn hint_requests_are_not_communication() {
    let events: Vec<_> = (1..=5).flat_map(|m| [say(m, "hint please"), hint(m, (m - 1) as u64)]).collect();
    let e = evaluate(&session(STARTER, events));
    let comm = row(&e, Dimension::Communication);
    assert_eq!(comm.score, Some(1), "{comm:?}");
    assert!(comm.justification.contains("none explained") && comm.justification.contains("asked for help"));
    assert!(!e.strengths.iter().any(|s| s.contains("Explained")), "{:?}", e.strengths);
    let ind = row(&e, Dimension::Independence);
    assert_eq!(ind.score, Some(1), "{ind:?}");
    assert!(ind.justification.contains("Was given 5 hints"), "{ind:?}");
}

#[test]
fn a_session_that_did_nothing_is_never_praised_for_independence() {
    for name in ["idle", "starter submitted", "off-topic chat"] {
        let e = evaluate(&named(name));
        assert!(!e.strengths.iter().any(|s| s.contains("without leaning on hints")), "{name}: {:?}", e.strengths);
        assert!(row(&e, Dimension::Independence).score.unwrap() <= 2, "{name}");
        assert!(
            !e.improvements.iter().any(|s| s.contains("before asking for a hint")),
            "{name}: no hint was asked for"
        );
    }
}

#[test]
fn the_idle_session_scores_below_the_one_that_submitted_the_starter() {
    let idle = evaluate(&named("idle"));
    let starter = evaluate(&named("starter submitted"));
    assert!(idle.overall < starter.overall, "idle {} vs starter {}", idle.overall, starter.overall);
    assert_eq!(idle.overall, 10);
    assert!(row(&starter, Dimension::Correctness).justification.contains("the starter, unchanged"));
}

#[test]
fn justifications_cite_session_moments() {
    let e = evaluate(&named("optimal, explained"));
    let correctness = row(&e, Dimension::Correctness);
    assert_eq!(correctness.score, Some(10));
    assert!(
        correctness.justification.contains("8/8") && correctness.justification.contains("11:00"),
        "{correctness:?}"
    );
    let approach = row(&e, Dimension::Approach);
    assert!(
        approach.justification.contains("O(n) time at 03:00, which matches the code")
            && approach.justification.contains("O(n) extra space at 03:00"),
        "{approach:?}"
    );
    let comm = row(&e, Dimension::Communication);
    assert!(comm.justification.starts_with("Explained the approach at 02:00"), "{comm:?}");
    assert!(e.report.contains("| Code correctness and quality | 10/10 |"));
}

#[test]
fn a_wrong_complexity_claim_is_named_against_the_code() {
    let e = evaluate(&named("wrong complexity claimed"));
    let approach = row(&e, Dimension::Approach);
    assert!(approach.justification.contains("Claimed O(n) time at 03:00, but the code is O(n^2)"), "{approach:?}");
}

#[test]
fn understanding_says_what_the_results_show() {
    let why = |name: &str| row(&evaluate(&named(name)), Dimension::Understanding).justification.clone();
    assert!(why("optimal, silent").starts_with("Results show all of the problem's cases handled."));
    assert!(why("brute force, silent").starts_with("Results show some of the problem's cases handled (6 of 8)."));
    assert!(why("broken code").starts_with("No case passed yet"), "{}", why("broken code"));
    let report = evaluate(&named("broken code")).report;
    assert!(report.contains("- 09:00 — run: 0/3 passed (compile error)"), "{report}");
}

#[test]
fn a_silent_session_is_a_code_only_evaluation() {
    let e = evaluate(&named("optimal, silent"));
    assert!(e.code_only);
    let comm = row(&e, Dimension::Communication);
    assert_eq!(comm.score, None);
    assert!(comm.justification.contains("code-only"));
}

#[test]
fn hints_and_stalls_lower_independence_and_are_cited() {
    let e = evaluate(&named("correct after hints"));
    let ind = row(&e, Dimension::Independence);
    assert_eq!(ind.score, Some(6), "{ind:?}");
    assert!(ind.justification.contains("02:00, 07:00"), "{ind:?}");
    // The same work with a ten-minute silence in the middle: a stall.
    let mut events = typing(1, 4);
    events.extend(typing(15, 18));
    events.push(run(19, "run", 3, 3, "accepted"));
    events.push(run(20, "submit", 8, 8, "accepted"));
    let e = evaluate(&session(OPTIMAL, events));
    let ind = row(&e, Dimension::Independence);
    assert_eq!(ind.score, Some(9), "{ind:?}");
    assert!(ind.justification.contains("stalled for 4 minutes or more 1 time (from 04:00)"), "{ind:?}");
}

#[test]
fn the_rooms_end_to_end_session_is_a_yes() {
    // What the Playwright interview test does: one clarifying question, the reference solution
    // typed, run, submitted and accepted.
    let code = include_str!("../../../../../problems/binary-tree-maximum-path-sum/python/solution.py");
    let mut f = session(
        code,
        vec![
            say(1, "Can the tree have negative values?"),
            typing(2, 3).remove(0),
            run(4, "run", 3, 3, "accepted"),
            run(5, "submit", 9, 9, "accepted"),
        ],
    );
    f.optimal_time = "O(n)".into();
    f.starter_code = "def max_path_sum(root):\n    pass\n".into();
    f.insights = crate::interviewer::server::observer::analyse(crate::domain::Language::Python, code);
    let e = evaluate(&f);
    assert!(matches!(e.recommendation, Recommendation::StrongYes | Recommendation::Yes), "{e:?}");
    assert_eq!(row(&e, Dimension::Correctness).score, Some(10));
}
