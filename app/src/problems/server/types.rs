//! Value types of function signatures, and checking JSON test data against them.

use serde_json::Value;
use std::fmt;

/// A parameter or return type of a problem's function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Int,
    Long,
    Double,
    Bool,
    Str,
    IntArray,
    LongArray,
    DoubleArray,
    BoolArray,
    StrArray,
    IntMatrix,
    StrMatrix,
    CharMatrix,
    ListNode,
    TreeNode,
}

impl ValueType {
    /// Parses a type name as written in problem.toml.
    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "int" => Self::Int,
            "long" => Self::Long,
            "double" => Self::Double,
            "bool" => Self::Bool,
            "string" => Self::Str,
            "int[]" => Self::IntArray,
            "long[]" => Self::LongArray,
            "double[]" => Self::DoubleArray,
            "bool[]" => Self::BoolArray,
            "string[]" => Self::StrArray,
            "int[][]" => Self::IntMatrix,
            "string[][]" => Self::StrMatrix,
            "char[][]" => Self::CharMatrix,
            "ListNode" => Self::ListNode,
            "TreeNode" => Self::TreeNode,
            _ => return None,
        })
    }

    /// The name as written in problem.toml.
    pub fn name(self) -> &'static str {
        match self {
            Self::Int => "int",
            Self::Long => "long",
            Self::Double => "double",
            Self::Bool => "bool",
            Self::Str => "string",
            Self::IntArray => "int[]",
            Self::LongArray => "long[]",
            Self::DoubleArray => "double[]",
            Self::BoolArray => "bool[]",
            Self::StrArray => "string[]",
            Self::IntMatrix => "int[][]",
            Self::StrMatrix => "string[][]",
            Self::CharMatrix => "char[][]",
            Self::ListNode => "ListNode",
            Self::TreeNode => "TreeNode",
        }
    }

    /// Checks that a JSON value is a valid value of this type; the error says where and why.
    pub fn check(self, v: &Value) -> Result<(), String> {
        let int = |v: &Value| match v.as_i64() {
            Some(n) if i32::try_from(n).is_ok() => Ok(()),
            Some(_) => Err(format!("{v} does not fit a 32-bit int")),
            None => Err(format!("{v} is not an integer")),
        };
        let long = |v: &Value| match v.as_i64() {
            Some(n) if n.unsigned_abs() <= (1u64 << 53) => Ok(()),
            Some(_) => Err(format!("{v} is beyond 2^53 and would lose precision in JavaScript")),
            None => Err(format!("{v} is not an integer")),
        };
        let double = |v: &Value| if v.is_number() { Ok(()) } else { Err(format!("{v} is not a number")) };
        let boolean = |v: &Value| if v.is_boolean() { Ok(()) } else { Err(format!("{v} is not a boolean")) };
        let string = |v: &Value| if v.is_string() { Ok(()) } else { Err(format!("{v} is not a string")) };
        let ch = |v: &Value| match v.as_str() {
            Some(s) if s.chars().count() == 1 => Ok(()),
            _ => Err(format!("{v} is not a one-character string")),
        };
        let nullable_int = |v: &Value| if v.is_null() { Ok(()) } else { int(v) };
        fn array<F: Fn(&Value) -> Result<(), String>>(v: &Value, each: F) -> Result<(), String> {
            let items = v.as_array().ok_or_else(|| format!("{} is not an array", short(v)))?;
            for (i, item) in items.iter().enumerate() {
                each(item).map_err(|e| format!("[{i}]: {e}"))?;
            }
            Ok(())
        }
        match self {
            Self::Int => int(v),
            Self::Long => long(v),
            Self::Double => double(v),
            Self::Bool => boolean(v),
            Self::Str => string(v),
            Self::IntArray | Self::ListNode => array(v, int),
            Self::LongArray => array(v, long),
            Self::DoubleArray => array(v, double),
            Self::BoolArray => array(v, boolean),
            Self::StrArray => array(v, string),
            Self::IntMatrix => array(v, |row| array(row, int)),
            Self::StrMatrix => array(v, |row| array(row, string)),
            Self::CharMatrix => array(v, |row| array(row, ch)),
            Self::TreeNode => {
                array(v, nullable_int)?;
                let items = v.as_array().map(Vec::as_slice).unwrap_or_default();
                if items.first().is_some_and(Value::is_null) {
                    return Err("a tree's root cannot be null; use [] for an empty tree".into());
                }
                if items.last().is_some_and(Value::is_null) {
                    return Err("trailing nulls must be trimmed from a tree".into());
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 40 {
        format!("{}…", &s[..s.char_indices().nth(40).map_or(s.len(), |(i, _)| i)])
    } else {
        s
    }
}

/// `two_sum` → `twoSum`: the JavaScript and Java spelling of a snake_case name.
pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::problems::server::types::*;
    use serde_json::json;

    #[test]
    fn every_type_name_round_trips() {
        for name in [
            "int",
            "long",
            "double",
            "bool",
            "string",
            "int[]",
            "long[]",
            "double[]",
            "bool[]",
            "string[]",
            "int[][]",
            "string[][]",
            "char[][]",
            "ListNode",
            "TreeNode",
        ] {
            assert_eq!(ValueType::parse(name).unwrap().name(), name);
        }
        assert!(ValueType::parse("map").is_none());
    }

    #[test]
    fn values_are_checked_against_their_types() {
        assert!(ValueType::Int.check(&json!(5)).is_ok());
        assert!(ValueType::Int.check(&json!(3_000_000_000i64)).is_err());
        assert!(ValueType::Long.check(&json!(3_000_000_000i64)).is_ok());
        assert!(ValueType::IntArray.check(&json!([1, 2, "x"])).unwrap_err().starts_with("[2]"));
        assert!(ValueType::CharMatrix.check(&json!([["1", "0"], ["0", "1"]])).is_ok());
        assert!(ValueType::CharMatrix.check(&json!([["10"]])).is_err());
        assert!(ValueType::TreeNode.check(&json!([1, null, 2, 3])).is_ok());
        assert!(ValueType::TreeNode.check(&json!([1, 2, null])).is_err());
        assert!(ValueType::TreeNode.check(&json!([null])).is_err());
        assert!(ValueType::TreeNode.check(&json!([])).is_ok());
    }

    #[test]
    fn snake_case_names_become_camel_case() {
        assert_eq!(camel_case("two_sum"), "twoSum");
        assert_eq!(camel_case("lowest_common_ancestor_of_a_bst"), "lowestCommonAncestorOfABst");
        assert_eq!(camel_case("rob"), "rob");
    }
}
