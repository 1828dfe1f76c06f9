//! Comparing a program's output with the expected value, per the problem's compare mode.

use serde_json::Value;

use crate::domain::CompareMode;

/// Whether `actual` matches `expected` under `mode`.
pub fn matches(mode: CompareMode, tolerance: f64, expected: &Value, actual: &Value) -> bool {
    match mode {
        CompareMode::Exact => equal(expected, actual, None),
        CompareMode::Float => equal(expected, actual, Some(tolerance)),
        CompareMode::Unordered => match (expected.as_array(), actual.as_array()) {
            (Some(e), Some(a)) => same_multiset(e.clone(), a.clone()),
            _ => equal(expected, actual, None),
        },
        CompareMode::UnorderedNested => match (expected.as_array(), actual.as_array()) {
            (Some(e), Some(a)) => same_multiset(e.iter().map(sorted).collect(), a.iter().map(sorted).collect()),
            _ => equal(expected, actual, None),
        },
    }
}

fn sorted(v: &Value) -> Value {
    match v.as_array() {
        Some(items) => {
            let mut items = items.clone();
            items.sort_by_key(canonical);
            Value::Array(items)
        }
        None => v.clone(),
    }
}

/// A total order key: the canonical JSON text (numbers normalised so 1 and 1.0 agree).
fn canonical(v: &Value) -> String {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", f as i64),
            _ => n.to_string(),
        },
        Value::Array(items) => format!("[{}]", items.iter().map(canonical).collect::<Vec<_>>().join(",")),
        Value::Object(map) => {
            let mut parts: Vec<String> = map.iter().map(|(k, v)| format!("{k:?}:{}", canonical(v))).collect();
            parts.sort();
            format!("{{{}}}", parts.join(","))
        }
        other => other.to_string(),
    }
}

fn same_multiset(mut e: Vec<Value>, mut a: Vec<Value>) -> bool {
    if e.len() != a.len() {
        return false;
    }
    e.sort_by_key(canonical);
    a.sort_by_key(canonical);
    e.iter().zip(&a).all(|(x, y)| equal(x, y, None))
}

fn equal(e: &Value, a: &Value, tol: Option<f64>) -> bool {
    match (e, a) {
        (Value::Number(x), Value::Number(y)) => {
            if let (Some(x), Some(y)) = (x.as_i64(), y.as_i64()) {
                return x == y;
            }
            let (Some(x), Some(y)) = (x.as_f64(), y.as_f64()) else { return false };
            match tol {
                Some(t) => (x - y).abs() <= t || (x - y).abs() <= t * x.abs().max(y.abs()),
                None => x == y,
            }
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q, tol)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w, tol)))
        }
        (Value::String(x), Value::String(y)) => x.trim_end() == y.trim_end(),
        _ => e == a,
    }
}

#[cfg(test)]
mod tests {
    use crate::platform::executor::compare::*;
    use serde_json::json;

    #[test]
    fn exact_compares_structurally_and_treats_1_and_1_0_alike() {
        assert!(matches(CompareMode::Exact, 0.0, &json!([1, 2]), &json!([1.0, 2])));
        assert!(!matches(CompareMode::Exact, 0.0, &json!([1, 2]), &json!([2, 1])));
        assert!(!matches(CompareMode::Exact, 0.0, &json!(true), &json!(1)));
        assert!(!matches(CompareMode::Exact, 0.0, &json!(null), &json!([])));
    }

    #[test]
    fn unordered_ignores_the_order_of_the_top_level_only() {
        assert!(matches(CompareMode::Unordered, 0.0, &json!([1, 2, 2]), &json!([2, 1, 2])));
        assert!(!matches(CompareMode::Unordered, 0.0, &json!([1, 2, 2]), &json!([1, 1, 2])));
        assert!(!matches(CompareMode::Unordered, 0.0, &json!([[1, 2]]), &json!([[2, 1]])));
    }

    #[test]
    fn unordered_nested_ignores_order_at_both_levels() {
        let e = json!([["eat", "tea"], ["bat"]]);
        assert!(matches(CompareMode::UnorderedNested, 0.0, &e, &json!([["bat"], ["tea", "eat"]])));
        assert!(!matches(CompareMode::UnorderedNested, 0.0, &e, &json!([["bat"], ["tea"]])));
    }

    #[test]
    fn floats_match_within_the_tolerance() {
        assert!(matches(CompareMode::Float, 1e-6, &json!(0.3), &json!(0.1 + 0.2)));
        assert!(!matches(CompareMode::Float, 1e-6, &json!(0.3), &json!(0.31)));
        assert!(matches(CompareMode::Float, 1e-6, &json!([1.5, 2.0]), &json!([1.5000001, 2])));
    }
}
