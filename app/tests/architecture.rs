//! Keeps the layering of `app/src` that docs/architecture.md describes, by reading every
//! source file's `crate::` paths:
//! - `domain` imports nothing of ours; `ui` and `platform` import only `domain`; `record`
//!   imports only `domain` and `platform`.
//! - A feature imports the base layers and features below it in [`FEATURES`], never one at
//!   its own level or above.
//! - Server code (a feature's `server/`, `platform`, `record`'s server part) never imports
//!   `ui` or any page code; from another feature it uses only its `server` part and its wire
//!   modules (`types`, `protocol`).
//! - Page code never imports another feature's pages: only its public modules (wire types,
//!   `api`, `widgets`), and its `server` part inside server functions.

#![allow(clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Features from the bottom up: each may import those before it.
const FEATURES: &[&[&str]] = &[
    &["auth", "credits"],
    &["problems"],
    &["interviewer"],
    &["evaluation"],
    &["interview"],
    &["replay"],
    &["admin", "dashboard", "profile", "site"],
];

/// Modules of a feature that features above it may use: its wire types (`types`, `protocol`,
/// shared by its pages and its server part), its client calls and state (`api`: server
/// functions and context hooks) and its reusable components (`widgets`). Never its pages.
const PUBLIC: &[&str] = &["types", "protocol", "api", "widgets"];
/// Of those, the ones server code may use: server code never touches components or hooks.
/// `timeline` is the replay's arithmetic, which the player runs in the browser and the server
/// runs to cut the history into chunks: plain logic with no page in it.
const WIRE: &[&str] = &["types", "protocol", "timeline"];

fn rank(feature: &str) -> Option<usize> {
    FEATURES.iter().position(|level| level.contains(&feature))
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read app/src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::a::b` path in the code (comments and strings aside), as its segments.
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let tail = &rest[i + "crate::".len()..];
            let before = &rest[..i];
            rest = tail;
            if before.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            let segments: Vec<String> = tail
                .split("::")
                .map(|s| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>())
                .take_while(|s| !s.is_empty() && s.chars().next().is_some_and(|c| c.is_lowercase()))
                .collect();
            if !segments.is_empty() {
                out.push(segments);
            }
        }
    }
    out
}

/// What a file is, from its path under `app/src`.
struct Place {
    top: String,
    /// In a feature's `server/`, or in `platform`, or in `record/server`.
    server: bool,
}

fn place(rel: &Path) -> Place {
    let parts: Vec<String> =
        rel.with_extension("").components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let top = parts.first().cloned().unwrap_or_default();
    let server = top == "platform" || parts.get(1).is_some_and(|m| m == "server");
    Place { top, server }
}

fn check(rel: &Path, text: &str) -> Vec<String> {
    let from = place(rel);
    let mut problems = BTreeSet::new();
    for path in crate_paths(text) {
        let to = path[0].as_str();
        let sub = path.get(1).map(String::as_str);
        if to == from.top {
            if from.server && rank(to).is_some() && sub.is_some_and(|s| s != "server" && !WIRE.contains(&s)) {
                problems.insert(format!("server code imports its feature's page code crate::{}", path.join("::")));
            }
            continue;
        }
        let allowed = match from.top.as_str() {
            "lib" => true,
            "domain" => false,
            "ui" | "platform" => to == "domain",
            "record" => to == "domain" || to == "platform",
            feature => match (rank(feature), rank(to)) {
                (Some(_), None) => {
                    matches!(to, "domain" | "platform" | "record" | "ui") && !(from.server && to == "ui")
                }
                (Some(a), Some(b)) => {
                    b < a
                        && sub.is_some_and(|s| {
                            s == "server" || WIRE.contains(&s) || (!from.server && PUBLIC.contains(&s))
                        })
                }
                (None, _) => false,
            },
        };
        if !allowed {
            problems.insert(format!("imports crate::{}", path.join("::")));
        }
    }
    problems.into_iter().map(|p| format!("{}: {p}", rel.display())).collect()
}

#[test]
fn every_module_imports_only_downward_along_the_documented_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&root).expect("under src");
        let text = std::fs::read_to_string(file).expect("read source");
        problems.extend(check(rel, &text));
    }
    assert!(problems.is_empty(), "{} layering rule(s) broken:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_checker_catches_each_kind_of_broken_rule() {
    let broken = [
        ("platform/store.rs", "use crate::interview::server::store::EventRow;"),
        ("ui/layout.rs", "use crate::auth::AuthState;"),
        ("record/mod.rs", "use crate::problems::types::Verdict;"),
        ("auth/server/accounts.rs", "use crate::interview::types::SessionView;"),
        ("interview/server/lifecycle.rs", "use crate::interview::pages::elapsed;"),
        ("evaluation/server/jobs.rs", "let s = crate::ui::layout::Layout;"),
        ("dashboard/mod.rs", "use crate::interview::pages::Room;"),
        ("admin/mod.rs", "use crate::dashboard::Dashboard;"),
        ("interview/server/coach.rs", "use crate::problems::widgets::CaseView;"),
        ("interview/room.rs", "use crate::problems::ProblemPage;"),
    ];
    for (file, line) in broken {
        assert_eq!(check(Path::new(file), line).len(), 1, "{file}: {line} should be refused");
    }
    let fine = [
        ("interview/server/lifecycle.rs", "use crate::problems::server::practice;"),
        ("interview/server/lifecycle.rs", "use crate::interview::types::SessionView;"),
        ("dashboard/mod.rs", "use crate::interview::types::SessionRow; // crate::ui is fine too"),
        ("record/mod.rs", "use crate::platform::store::Store;"),
        ("interview/room.rs", "use crate::ui::monaco::Editor;"),
        ("interview/room.rs", "use crate::problems::widgets::CaseView;"),
        ("site/landing.rs", "use crate::auth::api::get_current_user;"),
    ];
    for (file, line) in fine {
        assert!(check(Path::new(file), line).is_empty(), "{file}: {line} should pass");
    }
}
