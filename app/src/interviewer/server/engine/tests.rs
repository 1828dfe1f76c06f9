//! The built-in interviewer's words, by intent and by state.

use crate::interviewer::server::engine::*;

fn brief() -> Brief {
    Brief {
        title: "Two Sum".into(),
        difficulty: "Easy".into(),
        constraints: vec!["2 <= nums.length <= 10^4".into(), "Exactly one valid answer exists.".into()],
        hints: vec!["First hint.".into(), "Second hint.".into()],
        optimal_time: "O(n)".into(),
        optimal_space: "O(n)".into(),
        examples: 3,
        minutes: 45,
    }
}

#[test]
fn messages_are_classified_by_intent() {
    assert_eq!(classify("Can you just give me the solution?"), Intent::Solution);
    assert_eq!(classify("I'm stuck, any hint?"), Intent::Hint);
    assert_eq!(classify("This runs in O(N log N) time"), Intent::Complexity(Claims::time("O(n log n)")));
    assert_eq!(classify("It is O(n²)"), Intent::Complexity(Claims::time("O(n^2)")));
    assert_eq!(classify("Thanks!"), Intent::Thanks);
    assert_eq!(classify("Thanks for the hint!"), Intent::Thanks);
    assert_eq!(classify("thanks, any hint?"), Intent::Hint);
    assert_eq!(classify("Can the array be empty?"), Intent::Clarify);
    assert_eq!(classify("Am I done?"), Intent::Done);
    assert_eq!(classify("I'll use a hash map from value to index"), Intent::Approach);
    assert_eq!(classify("ok"), Intent::Other);
}

#[test]
fn complexities_rank_by_cost() {
    let order = ["O(1)", "O(log n)", "O(n)", "O(n log n)", "O(n^2)", "O(n^3)", "O(2^n)"];
    for pair in order.windows(2) {
        assert!(rank(pair[0]) < rank(pair[1]), "{pair:?}");
    }
    assert_eq!(rank("O(m * n)"), rank("O(n^2)"));
    assert_eq!(rank("O(n + m)"), rank("O(n)"));
}

#[test]
fn hints_come_in_order_and_run_out_without_revealing_more() {
    let b = brief();
    let mut p = Progress::default();
    let first = reply(&b, &p, "any hint?");
    assert_eq!(first.hint, Some(0));
    assert!(first.text.contains("First hint."));
    p.hints_given = 1;
    assert!(reply(&b, &p, "I'm stuck").text.contains("Second hint."));
    p.hints_given = 2;
    let none = reply(&b, &p, "give me the solution");
    assert_eq!(none.hint, None);
    assert!(none.text.contains("can't give you the solution"));
}

#[test]
fn complexity_claims_are_checked_against_the_optimum() {
    let b = brief();
    let p = Progress::default();
    assert!(reply(&b, &p, "It's O(n)").text.contains("what I'd expect"));
    assert!(reply(&b, &p, "It's O(n^2)").text.contains("does better than O(n^2)"));
    assert!(reply(&b, &p, "It's O(1)").text.contains("Walk me through why"));
}

#[test]
fn time_and_space_claims_are_told_apart() {
    assert_eq!(complexity_claims("O(1) space with Boyer-Moore?"), Claims::space("O(1)"));
    assert_eq!(
        complexity_claims("O(n) time and O(1) space"),
        Claims { time: Some("O(n)".into()), space: Some("O(1)".into()) }
    );
    assert_eq!(
        complexity_claims("The time is O(n log n) and space O(n)"),
        Claims { time: Some("O(n log n)".into()), space: Some("O(n)".into()) }
    );
    assert_eq!(complexity_claims("space complexity is O(1), runtime O(n)").space.as_deref(), Some("O(1)"));
    assert_eq!(complexity_claims("space complexity is O(1), runtime O(n)").time.as_deref(), Some("O(n)"));
    assert_eq!(complexity_claims("It runs in O(n) with O(1) extra memory").space.as_deref(), Some("O(1)"));
    assert_eq!(complexity_claims("the ratio(3) is odd"), Claims::default());
    assert_eq!(
        complexity_claims("Space: O(1). Time: O(n)."),
        Claims { time: Some("O(n)".into()), space: Some("O(1)".into()) }
    );
}

#[test]
fn a_space_claim_is_checked_as_space() {
    let mut b = brief();
    b.optimal_space = "O(1)".into();
    let p = Progress { claimed: Some("O(n)".into()), ..Default::default() };
    let r = reply(&b, &p, "O(1) space with Boyer-Moore?").text;
    assert!(r.contains("O(1) extra space matches the best"), "{r}");
    assert!(!r.contains("what I'd expect") && !r.contains("better than I expected"), "{r}");
    let r = reply(&b, &p, "I'd keep a hash map, so O(n) space").text;
    assert!(r.contains("get the extra space down to O(1)"), "{r}");
    let r = reply(&b, &Progress::default(), "O(1) space").text;
    assert!(r.contains("And the time complexity?"), "{r}");
}

#[test]
fn after_an_accepted_submission_the_interviewer_wraps_up_and_closes() {
    let b = brief();
    let accepted = RunOutcome { submit: true, verdict: Verdict::Accepted, passed: 8, total: 8 };
    let p = Progress { runs: vec![accepted], approach_heard: true, ..Default::default() };
    let thanks = reply(&b, &p, "thanks!").text;
    assert!(thanks.contains("that's a wrap") && thanks.contains("end the interview"), "{thanks}");
    assert!(!thanks.contains("tell me when you'd like to submit"), "{thanks}");
    let other = reply(&b, &p, "ok cool").text;
    assert!(other.contains("wrapping up"), "{other}");
    let open = Progress { approach_heard: true, ..Default::default() };
    let early = reply(&b, &open, "thank you").text;
    assert!(early.contains("If you're stopping here"), "{early}");
}

#[test]
fn runs_get_reactions_and_repeated_failures_a_hint() {
    let b = brief();
    let fail = RunOutcome { submit: false, verdict: Verdict::WrongAnswer, passed: 1, total: 3 };
    let mut p = Progress { runs: vec![fail.clone()], ..Default::default() };
    assert!(on_run(&b, &p, &fail).unwrap().text.contains("1 of 3 examples passed"));
    p.runs = vec![fail.clone(), fail.clone(), fail.clone()];
    let r = on_run(&b, &p, &fail).unwrap();
    assert_eq!(r.hint, Some(0));
    let pass = RunOutcome { submit: true, verdict: Verdict::Accepted, passed: 8, total: 8 };
    assert!(on_run(&b, &p, &pass).unwrap().text.contains("hidden ones included"));
}

#[test]
fn the_same_conversation_always_gets_the_same_words() {
    let b = brief();
    let p = Progress::default();
    for text in ["hi", "Can nums be empty?", "O(n)", "hint please"] {
        assert_eq!(reply(&b, &p, text), reply(&b, &p, text));
    }
    assert_eq!(opening(&b), opening(&b));
}
