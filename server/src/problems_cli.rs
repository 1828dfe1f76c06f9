//! `server problems validate|import|export|run`: problem authoring commands. Validation and
//! runs go through the real sandbox; import and export use the configured database.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use app::domain::Language;
use app::platform::config::Config;
use app::platform::executor::local::LocalSandbox;
use app::platform::executor::Verdict;
use app::platform::store::Store;
use app::problems::server::bank;
use app::problems::server::format::problem_dirs;
use app::problems::server::{format, validate};

use crate::cli::ProblemsCommand;

/// A sandbox in a per-process temporary directory, for the CLI commands.
pub(crate) async fn sandbox() -> Result<LocalSandbox, String> {
    let dir = std::env::temp_dir().join(format!("sparring-sandbox-{}", std::process::id()));
    LocalSandbox::new(dir).await.map_err(|e| e.to_string())
}

/// Runs a `problems` subcommand; prints what it finds; the exit code says whether all passed.
pub async fn run(command: ProblemsCommand, config: &Config) -> ExitCode {
    match command {
        ProblemsCommand::Import { dir } => import(config, &dir).await,
        ProblemsCommand::Bench { dir, slug, runs, concurrency } => {
            crate::bench::run(&dir, &slug, runs, concurrency).await
        }
        ProblemsCommand::Export { dir } => export(config, &dir).await,
        ProblemsCommand::Validate { dir, only } => validate_all(&dir, &only).await,
        ProblemsCommand::Run { slug, language, file, dir, all } => run_file(&dir, &slug, &language, &file, all).await,
    }
}

async fn connect(config: &Config) -> Option<Store> {
    match Store::connect(config.database_url(), config.db_kind).await {
        Ok(store) => Some(store),
        Err(e) => {
            eprintln!("error: {e:#}");
            None
        }
    }
}

async fn import(config: &Config, dir: &Path) -> ExitCode {
    if problem_dirs(dir).is_empty() {
        eprintln!("error: no problem directories (with a problem.toml) under {}", dir.display());
        return ExitCode::from(2);
    }
    let Some(store) = connect(config).await else { return ExitCode::from(2) };
    let report = bank::import_dir(&store, dir).await;
    store.close().await;
    for slug in &report.created {
        println!("created   {slug} (version 1)");
    }
    for (slug, version) in &report.updated {
        println!("updated   {slug} (version {version})");
    }
    for slug in &report.unchanged {
        println!("unchanged {slug}");
    }
    for (slug, error) in &report.failed {
        println!("FAIL      {slug}: {error}");
    }
    println!("{}", report.summary());
    if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

async fn export(config: &Config, dir: &Path) -> ExitCode {
    let Some(store) = connect(config).await else { return ExitCode::from(2) };
    let result = bank::export_dir(&store, dir).await;
    store.close().await;
    match result {
        Ok(n) => {
            println!("{n} problems written to {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn validate_all(dir: &Path, only: &[String]) -> ExitCode {
    let dirs: Vec<PathBuf> = problem_dirs(dir)
        .into_iter()
        .filter(|d| only.is_empty() || d.file_name().is_some_and(|n| only.iter().any(|o| o.as_str() == n)))
        .collect();
    if dirs.is_empty() {
        eprintln!("error: no problem directories (with a problem.toml) under {}", dir.display());
        return ExitCode::from(2);
    }
    let sandbox = match sandbox().await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let (mut ok, mut bad) = (0, 0);
    for d in &dirs {
        let name = d.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let problem = match format::load_problem(d) {
            Ok(p) => p,
            Err(errors) => {
                bad += 1;
                print!("FAIL {name}\n{errors}");
                continue;
            }
        };
        match validate::validate(&sandbox, &problem).await {
            Ok(failures) if failures.is_empty() => {
                ok += 1;
                println!("ok   {name} ({})", problem.languages.keys().copied().collect::<Vec<_>>().join(", "));
            }
            Ok(failures) => {
                bad += 1;
                println!("FAIL {name}");
                for f in failures {
                    println!("  - {f}");
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    println!("{ok} passed, {bad} failed");
    if bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

async fn run_file(dir: &Path, slug: &str, language: &str, file: &Path, all: bool) -> ExitCode {
    let problem = match format::load_problem(&dir.join(slug)) {
        Ok(p) => p,
        Err(e) => {
            eprint!("error: cannot load {slug}:\n{e}");
            return ExitCode::from(2);
        }
    };
    let Ok(lang) = Language::parse(language) else {
        eprintln!("error: unknown language {language:?} (python, javascript, java)");
        return ExitCode::from(2);
    };
    if !problem.languages.contains_key(lang.code()) {
        eprintln!("error: {slug} is not offered in {language}");
        return ExitCode::from(2);
    }
    let source = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let sandbox = match sandbox().await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let report = match validate::run_source(&sandbox, &problem, lang, &source, all).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Some(err) = &report.compile_error {
        println!("Compile error:\n{err}");
        return ExitCode::FAILURE;
    }
    let visible = problem.visible.len();
    let mut passed = 0;
    for c in &report.cases {
        let hidden = c.id as usize >= visible;
        let label =
            if hidden { format!("hidden {}", c.id as usize - visible + 1) } else { format!("case {}", c.id + 1) };
        let time = c.time_ms.map(|t| format!(" ({t:.1} ms)")).unwrap_or_default();
        println!("{label}: {:?}{time}", c.verdict);
        if c.verdict == Verdict::Accepted {
            passed += 1;
        }
        // Hidden cases show their verdict only, never their data or output.
        if !hidden && c.verdict != Verdict::Accepted {
            if let Some(o) = &c.output {
                println!("  returned: {o}");
            }
            if let Some(e) = &c.error {
                println!("  {}", e.replace('\n', "\n  "));
            }
        }
    }
    println!("{passed}/{} passed in {} ms", report.cases.len(), report.wall_ms);
    if passed == report.cases.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
