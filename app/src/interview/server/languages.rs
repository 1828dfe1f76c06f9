//! Language memory: the code a candidate last had in each language of a session, derived
//! from the session's record (its starter, snapshots and edits, in order), so that switching
//! back to a language restores that language's code, also after a reload.

use std::collections::HashMap;

use crate::domain::error::AppError;
use crate::domain::Language;
use crate::platform::state::AppState;
use crate::problems::server::practice;
use crate::record::server::{self as record};
use crate::record::{edit, Logged, SessionEvent};

/// The code last held in each language, replaying the record from the starter: a snapshot
/// replaces the code (with its language), an edit applies to the code before it (an edit in
/// another language is a switch). `snapshots` maps a snapshot event's seq to its language and
/// code; an edit that does not fit is skipped, as when the current code is rebuilt.
pub fn last_code_by_language(
    language: Language,
    starter: String,
    events: &[Logged],
    snapshots: &HashMap<i64, (Language, String)>,
) -> HashMap<Language, String> {
    let (mut current, mut code) = (language, starter);
    let mut last = HashMap::new();
    last.insert(current, code.clone());
    for logged in events {
        match &logged.event {
            SessionEvent::Snapshot { .. } => {
                if let Some((l, c)) = snapshots.get(&logged.seq) {
                    current = *l;
                    code = c.clone();
                }
            }
            SessionEvent::Edit(e) => {
                if let Some(next) = edit::apply(&code, e.at, e.del, &e.ins) {
                    code = next;
                    current = e.language;
                }
            }
            _ => continue,
        }
        last.insert(current, code.clone());
    }
    last
}

/// The code to show when the candidate switches the editor of their open session `id` to
/// `language`: what they last had in it, or its starter if they never used it. `language`
/// is the raw value from the request: an unknown one, or one the problem does not offer, is
/// refused. Someone else's session is `NotFound`; an ended one, `Ended`.
pub async fn code_for_language(state: &AppState, user: &str, id: &str, language: &str) -> Result<String, AppError> {
    let language = Language::parse(language.trim())
        .map_err(|_| AppError::validation("language", "Choose a language from the list."))?;
    let session = record::open(state, user, id).await?;
    let (_, problem) = practice::load(state, &session.problem_slug, Some(session.problem_version)).await?;
    let Some(files) = problem.languages.get(language.code()) else {
        return Err(AppError::validation("language", format!("{} is not offered for this problem.", language.label())));
    };
    let starter_of_session = practice::session_starter(state, &session).await?;
    let events = record::read_kinds(state, &session, &["edit", "snapshot"]).await?;
    let snapshots = record::snapshots_by_seq(state, &session).await?;
    let mut last = last_code_by_language(session.language, starter_of_session, &events, &snapshots);
    Ok(last.remove(&language).unwrap_or_else(|| files.starter.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::edit::diff;
    use crate::record::{Edit, SnapshotKind};

    fn edit(seq: i64, n: u64, language: Language, before: &str, after: &str) -> Logged {
        let (at, del, ins) = diff(before, after);
        Logged { seq, at: 0, event: SessionEvent::Edit(Edit { seq: n, language, at, del, ins }) }
    }

    #[test]
    fn each_language_keeps_its_last_code_through_switches_and_snapshots() {
        let py0 = "def f():\n    pass\n";
        let py1 = "def f():\n    return 42\n";
        let java0 = "class Solution {}\n";
        let java1 = "class Solution { int f() { return 1; } }\n";
        let events = vec![
            edit(3, 1, Language::Python, py0, py1),
            edit(4, 2, Language::Java, py1, java0),
            Logged {
                seq: 5,
                at: 0,
                event: SessionEvent::Snapshot {
                    kind: SnapshotKind::Auto,
                    language: Language::Java,
                    bytes: java1.len(),
                },
            },
        ];
        let snapshots = HashMap::from([(5, (Language::Java, java1.to_string()))]);
        let last = last_code_by_language(Language::Python, py0.to_string(), &events, &snapshots);
        assert_eq!(last.get(&Language::Python).map(String::as_str), Some(py1));
        assert_eq!(last.get(&Language::Java).map(String::as_str), Some(java1));
        assert_eq!(last.get(&Language::Javascript), None);
        // Back to Python: the edit that switched is diffed against the Java code.
        let mut more = events.clone();
        more.push(edit(6, 3, Language::Python, java1, py1));
        let last = last_code_by_language(Language::Python, py0.to_string(), &more, &snapshots);
        assert_eq!(last.get(&Language::Python).map(String::as_str), Some(py1));
        assert_eq!(last.get(&Language::Java).map(String::as_str), Some(java1));
    }

    #[test]
    fn an_edit_that_does_not_fit_is_skipped() {
        let bad = Logged {
            seq: 2,
            at: 0,
            event: SessionEvent::Edit(Edit { seq: 1, language: Language::Java, at: 999, del: 5, ins: "x".into() }),
        };
        let last = last_code_by_language(Language::Python, "a".into(), &[bad], &HashMap::new());
        assert_eq!(last.get(&Language::Python).map(String::as_str), Some("a"));
        assert_eq!(last.get(&Language::Java), None);
    }
}
