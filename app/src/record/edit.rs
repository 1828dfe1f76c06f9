//! Edits as the record stores them: the change between two versions of the code as one
//! replaced range, and applying it back. Shared by the server and the browser (replays).

/// The change from `old` to `new` as (char offset, chars deleted, text inserted).
pub fn diff(old: &str, new: &str) -> (usize, usize, String) {
    let (a, b): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a.iter().rev().zip(b.iter().rev()).take(max_suffix).take_while(|(x, y)| x == y).count();
    (prefix, a.len() - prefix - suffix, b[prefix..b.len() - suffix].iter().collect())
}

/// Applies a change made by [`diff`]. `None` when it does not fit the text.
pub fn apply(old: &str, at: usize, del: usize, ins: &str) -> Option<String> {
    let chars: Vec<char> = old.chars().collect();
    if at.checked_add(del)? > chars.len() {
        return None;
    }
    let mut out: String = chars[..at].iter().collect();
    out.push_str(ins);
    out.extend(&chars[at + del..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use crate::record::edit::{apply, diff};

    #[test]
    fn diffs_apply_back_exactly() {
        let pairs = [
            ("", "def f():\n    pass\n"),
            ("def f():\n    pass\n", "def f():\n    return 1\n"),
            ("abc", "abc"),
            ("aaaa", "aa"),
            ("x = 'é'", "x = 'éé' # ünïcode"),
            ("hello world", ""),
        ];
        for (old, new) in pairs {
            let (at, del, ins) = diff(old, new);
            assert_eq!(apply(old, at, del, &ins).as_deref(), Some(new), "{old:?} -> {new:?}");
        }
        assert_eq!(diff("let a = 1;", "let ab = 1;"), (5, 0, "b".into()));
        assert!(apply("abc", 2, 5, "").is_none());
    }
}
