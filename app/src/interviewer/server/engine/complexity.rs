//! Complexities as candidates state them: every "O(…)" in a message, normalised, read as a
//! time or a space claim from the words beside it, and ranked for comparison.

/// The complexities stated in one message, told apart by what they measure: "O(1) space" is
/// a space claim, "O(n) time" or a bare "O(n)" a time claim.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claims {
    pub time: Option<String>,
    pub space: Option<String>,
}

impl Claims {
    /// A time claim alone.
    pub fn time(c: &str) -> Self {
        Self { time: Some(c.into()), space: None }
    }

    /// A space claim alone.
    pub fn space(c: &str) -> Self {
        Self { time: None, space: Some(c.into()) }
    }
}

/// The first complexity written in a message, normalised: "O(n log n)", "O(n^2)", "O(1)"…
pub fn complexity_in(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    occurrences(&lower).into_iter().next().map(|(_, _, c)| c)
}

/// Every "O(…)" in a lowercased text: (start, end after the `)`, normalised).
fn occurrences(lower: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find("o(") {
        let start = from + found;
        let rest = &lower[start + 2..];
        let Some(close) = rest.find(')') else { break };
        let end = start + 2 + close + 1;
        // "o(" inside a word ("ratio(") is not big-O.
        let standalone = lower[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let inner: String = rest[..close].chars().filter(|c| !c.is_whitespace() && *c != '*' && *c != '·').collect();
        if standalone && !inner.is_empty() && inner.len() <= 16 {
            out.push((start, end, normalise(&inner)));
        }
        from = end;
    }
    out
}

/// Whether a few words mention space (or memory) or time.
fn measure_of(words: &[&str]) -> Option<bool> {
    for w in words {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        // A conjunction starts another clause: its words say nothing about this claim.
        if matches!(w, "and" | "with" | "but" | "while" | "using" | "plus" | "or" | "for") {
            return None;
        }
        if matches!(w, "space" | "memory" | "extra" | "auxiliary" | "storage") {
            return Some(true);
        }
        if matches!(w, "time" | "runtime" | "run-time" | "speed" | "runs" | "operations") {
            return Some(false);
        }
    }
    None
}

/// The complexities a message states, each read as time or space from the words next to it:
/// the words right after it first ("O(1) space"), then those right before ("space is O(1)").
pub fn complexity_claims(text: &str) -> Claims {
    let lower = text.to_lowercase();
    let found = occurrences(&lower);
    let mut claims = Claims::default();
    for (i, (start, end, c)) in found.iter().enumerate() {
        let next_start = found.get(i + 1).map_or(lower.len(), |n| n.0);
        let prev_end = if i == 0 { 0 } else { found[i - 1].1 };
        // A punctuation mark ends the clause: words past it belong to another claim.
        let stops = [',', ';', '.', '?', '!'];
        let after_text = &lower[*end..next_start];
        let after_text = &after_text[..after_text.find(stops).unwrap_or(after_text.len())];
        let before_text = &lower[prev_end..*start];
        let before_text = &before_text[before_text.rfind(stops).map_or(0, |i| i + 1)..];
        let after: Vec<&str> = after_text.split_whitespace().take(3).collect();
        let before: Vec<&str> = before_text.split_whitespace().rev().take(4).collect();
        let space = measure_of(&after).or_else(|| measure_of(&before)).unwrap_or(false);
        let slot = if space { &mut claims.space } else { &mut claims.time };
        if slot.is_none() {
            *slot = Some(c.clone());
        }
    }
    claims
}

fn normalise(inner: &str) -> String {
    let s = inner.replace("²", "^2").replace("³", "^3").replace("lg", "log");
    let body = match s.as_str() {
        "1" => "1".to_string(),
        "logn" => "log n".into(),
        "n" => "n".into(),
        "nlogn" | "nlog(n)" => "n log n".into(),
        "n^2" | "nn" | "n2" => "n^2".into(),
        "n^3" => "n^3".into(),
        "2^n" => "2^n".into(),
        other => other.to_string(),
    };
    format!("O({body})")
}

/// How expensive a complexity is, for comparing two of them (higher is slower). Unknown
/// shapes rank as linear.
pub fn rank(complexity: &str) -> u8 {
    let s: String = complexity.to_lowercase().chars().filter(|c| !c.is_whitespace() && *c != '*').collect();
    let inner = s.trim_start_matches("o(").trim_end_matches(')');
    if inner.contains("2^") || inner.contains('!') {
        7
    } else if inner.contains("^3") {
        6
    } else if inner.contains("^2") || inner.contains("nm") || inner.contains("mn") || inner.contains("nk") {
        5
    } else if inner.contains("log") && inner.len() > "logn".len() {
        4
    } else if inner.contains("log") {
        2
    } else if inner == "1" {
        1
    } else {
        3
    }
}
