//! The problem bank in the database: idempotent, versioned import from the on-disk format,
//! export back to it, and a cache of parsed problem versions for the request path.
//!
//! A version is the exact set of files that was imported. Importing unchanged files does
//! nothing; changed files become the next version, and anything that recorded the version it
//! used (runs, interview sessions) keeps reading that one.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::platform::store::{Store, StoreError};
use crate::problems::server::format::{self, parse_problem, problem_dirs, read_problem_files, Problem, ProblemFiles};
use crate::problems::server::store::{ProblemMeta, ProblemRef};

/// What importing one problem did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    Created,
    Updated { version: i64 },
    Unchanged { version: i64 },
}

/// Why a problem could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Format(String),
    #[error("storage: {0}")]
    Store(#[from] StoreError),
}

/// The result of importing a directory.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub created: Vec<String>,
    pub updated: Vec<(String, i64)>,
    pub unchanged: Vec<String>,
    pub failed: Vec<(String, String)>,
}

impl ImportReport {
    /// One line a person can read.
    pub fn summary(&self) -> String {
        format!(
            "{} created, {} updated, {} unchanged, {} failed",
            self.created.len(),
            self.updated.len(),
            self.unchanged.len(),
            self.failed.len()
        )
    }
}

/// A digest of the files, independent of how they are serialised.
pub fn content_hash(files: &ProblemFiles) -> String {
    let mut h = Sha256::new();
    for (name, text) in files {
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((text.len() as u64).to_le_bytes());
        h.update(text.as_bytes());
    }
    hex::encode(h.finalize())
}

fn to_json(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

/// Imports one problem given as files (already read from disk or received).
pub async fn import_files(store: &Store, files: &ProblemFiles) -> Result<ImportOutcome, ImportError> {
    let problem = parse_problem(files, None).map_err(|errors| ImportError::Format(errors.join("; ")))?;
    store_problem(store, files, &problem).await
}

/// Stores a parsed problem's files as its next version, unless they are unchanged.
async fn store_problem(store: &Store, files: &ProblemFiles, problem: &Problem) -> Result<ImportOutcome, ImportError> {
    let hash = content_hash(files);
    let existing = store.problem_ref(&problem.slug).await?;
    if let Some(p) = &existing {
        if p.content_hash == hash {
            return Ok(ImportOutcome::Unchanged { version: p.version });
        }
    }
    let languages: Vec<&str> = problem.languages.keys().copied().collect();
    let meta = ProblemMeta {
        slug: &problem.slug,
        title: &problem.title,
        difficulty: problem.difficulty.code(),
        difficulty_rank: problem.difficulty.rank(),
        categories_json: &to_json(&problem.categories),
        tags_json: &to_json(&problem.tags),
        languages_json: &to_json(&languages),
    };
    let files_json = serde_json::to_string(files).map_err(|e| ImportError::Format(e.to_string()))?;
    let version = store.put_problem_version(existing.as_ref(), meta, &hash, &files_json).await?;
    Ok(if existing.is_some() { ImportOutcome::Updated { version } } else { ImportOutcome::Created })
}

/// Imports every problem at `dir`. A problem that fails is reported and skipped; the others
/// are still imported.
pub async fn import_dir(store: &Store, dir: &Path) -> ImportReport {
    let mut report = ImportReport::default();
    for d in problem_dirs(dir) {
        let name = d.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let outcome = match read_problem_files(&d) {
            // Unchanged files were valid when stored: skip parsing them again.
            Ok(files) if unchanged(store, &name, &files).await => {
                report.unchanged.push(name);
                continue;
            }
            // Parsed with the directory's name, which the slug must equal.
            Ok(files) => match parse_problem(&files, Some(&name)) {
                Ok(problem) => store_problem(store, &files, &problem).await,
                Err(errors) => Err(ImportError::Format(errors.join("; "))),
            },
            Err(e) => Err(ImportError::Format(e.to_string())),
        };
        match outcome {
            Ok(ImportOutcome::Created) => report.created.push(name),
            Ok(ImportOutcome::Updated { version }) => report.updated.push((name, version)),
            Ok(ImportOutcome::Unchanged { .. }) => report.unchanged.push(name),
            Err(e) => report.failed.push((name, e.to_string())),
        }
    }
    report
}

async fn unchanged(store: &Store, slug: &str, files: &ProblemFiles) -> bool {
    matches!(store.problem_ref(slug).await, Ok(Some(p)) if p.content_hash == content_hash(files))
}

/// Writes the current version of every problem into `dir/<slug>/`, in the format. Returns the
/// number written.
pub async fn export_dir(store: &Store, dir: &Path) -> Result<usize, ImportError> {
    let mut n = 0;
    for slug in store.problem_slugs().await? {
        let Some((_, files_json)) = store.problem_files(&slug, None).await? else { continue };
        let files: ProblemFiles = serde_json::from_str(&files_json).map_err(|e| ImportError::Format(e.to_string()))?;
        let target = dir.join(&slug);
        for (name, text) in &files {
            // Names come from the format's fixed list; refuse anything else.
            if !format::known_files().contains(&name.as_str()) {
                return Err(ImportError::Format(format!("{slug}: unexpected stored file {name:?}")));
            }
            let path = target.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| ImportError::Format(format!("{}: {e}", parent.display())))?;
            }
            std::fs::write(&path, text).map_err(|e| ImportError::Format(format!("{}: {e}", path.display())))?;
        }
        n += 1;
    }
    Ok(n)
}

/// A parsed version with its reference.
type Entry = (ProblemRef, Arc<Problem>);

/// Parsed problem versions, shared by every request. Versions never change once stored, so
/// entries never go stale; the cache holds at most `capacity` of them.
#[derive(Debug)]
pub struct ProblemCache {
    entries: Mutex<HashMap<(String, i64), Entry>>,
    capacity: usize,
}

impl Default for ProblemCache {
    fn default() -> Self {
        Self { entries: Mutex::new(HashMap::new()), capacity: 512 }
    }
}

impl ProblemCache {
    /// The problem's current version (or `version`), with its reference.
    pub async fn get(&self, store: &Store, slug: &str, version: Option<i64>) -> Result<Option<Entry>, ImportError> {
        let wanted = match version {
            Some(v) => v,
            None => match store.problem_ref(slug).await? {
                Some(r) => r.version,
                None => return Ok(None),
            },
        };
        if let Some(hit) = self.entries.lock().ok().and_then(|m| m.get(&(slug.to_string(), wanted)).cloned()) {
            return Ok(Some(hit));
        }
        let Some((r, files_json)) = store.problem_files(slug, Some(wanted)).await? else { return Ok(None) };
        let files: ProblemFiles = serde_json::from_str(&files_json).map_err(|e| ImportError::Format(e.to_string()))?;
        let problem = Arc::new(parse_problem(&files, None).map_err(|e| ImportError::Format(e.join("; ")))?);
        if let Ok(mut map) = self.entries.lock() {
            if map.len() >= self.capacity {
                map.clear();
            }
            map.insert((slug.to_string(), r.version), (r.clone(), problem.clone()));
        }
        Ok(Some((r, problem)))
    }
}
