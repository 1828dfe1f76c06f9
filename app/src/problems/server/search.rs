//! The problem list's search box: what a query string becomes before it reaches SQL.
//!
//! A query is split into words; a problem matches when every word appears in its title or
//! its tags (case-insensitive). Only letters, digits, `-`, `+`, `#` and `'` survive in a word,
//! so nothing a visitor types can act as a `LIKE` wildcard or reach the JSON syntax of the
//! stored tags; everything else separates words.

use crate::domain::error::AppError;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 100;
/// Words past this many are ignored (the first ones already narrow the list).
pub const MAX_WORDS: usize = 6;

/// A parsed search: lowercase words, all of which must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub words: Vec<String>,
}

impl Search {
    /// Parses the `q` parameter. Empty or blank means no search; more than
    /// [`MAX_QUERY_CHARS`] characters is refused with a message for the `q` field.
    pub fn parse(raw: Option<&str>) -> Result<Self, AppError> {
        let Some(raw) = raw else { return Ok(Self::default()) };
        if raw.chars().count() > MAX_QUERY_CHARS {
            return Err(AppError::validation("q", format!("Search with at most {MAX_QUERY_CHARS} characters.")));
        }
        let words = raw
            .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '+' | '#' | '\'')))
            .map(|w| w.trim_matches(|c: char| matches!(c, '-' | '\'')).to_lowercase())
            .filter(|w| !w.is_empty())
            .take(MAX_WORDS)
            .collect();
        Ok(Self { words })
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_queries_search_nothing() {
        assert!(Search::parse(None).unwrap().is_empty());
        assert!(Search::parse(Some("")).unwrap().is_empty());
        assert!(Search::parse(Some("   \t ")).unwrap().is_empty());
        assert!(Search::parse(Some("%_\\\"[],")).unwrap().is_empty());
    }

    #[test]
    fn words_are_lowercased_and_split_on_anything_else() {
        assert_eq!(Search::parse(Some("Two  SUM")).unwrap().words, vec!["two", "sum"]);
        assert_eq!(Search::parse(Some("linked,list")).unwrap().words, vec!["linked", "list"]);
        assert_eq!(Search::parse(Some("pow(x, n)")).unwrap().words, vec!["pow", "x", "n"]);
        assert_eq!(Search::parse(Some("c++ c#")).unwrap().words, vec!["c++", "c#"]);
        assert_eq!(Search::parse(Some("two-pointers")).unwrap().words, vec!["two-pointers"]);
    }

    #[test]
    fn like_wildcards_and_json_syntax_never_reach_a_pattern() {
        let s = Search::parse(Some("100%_done\\ \"]%' OR 1=1 --")).unwrap();
        for w in &s.words {
            assert!(!w.contains(['%', '_', '\\', '"', '[', ']', ',']), "{w}");
        }
        assert_eq!(s.words, vec!["100", "done", "or", "1", "1"]);
    }

    #[test]
    fn a_huge_query_is_refused_and_many_words_are_capped() {
        let huge = "a".repeat(MAX_QUERY_CHARS + 1);
        let err = Search::parse(Some(&huge)).unwrap_err();
        assert!(matches!(&err, AppError::Validation { field, .. } if field == "q"), "{err:?}");
        let many = "a b c d e f g h i j";
        assert_eq!(Search::parse(Some(many)).unwrap().words.len(), MAX_WORDS);
        // Exactly at the limit is fine, including multi-byte characters.
        assert!(Search::parse(Some(&"é".repeat(MAX_QUERY_CHARS))).is_ok());
    }
}
