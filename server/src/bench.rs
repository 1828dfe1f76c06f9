//! `server problems bench`: how long a submission takes in the real sandbox, per language.
//!
//! For one problem (all of its cases, with each language's reference solution) it measures:
//! latency p50/p99 of sequential submissions; throughput with several submissions at once;
//! the same cases run one sandboxed process per case (what a harness-less runner does); and a
//! bare interpreter start outside any sandbox, the floor no runner can beat.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::domain::Language;
use app::platform::executor::local::LocalSandbox;
use app::platform::executor::Verdict;
use app::problems::server::format::{self, Problem};
use app::problems::server::validate::{build_job, run_source};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

async fn submit(sandbox: &LocalSandbox, problem: &Problem, lang: Language) -> Result<Duration, String> {
    let source = &problem.languages[lang.code()].solution;
    let started = Instant::now();
    let report = run_source(sandbox, problem, lang, source, true).await.map_err(|e| e.to_string())?;
    let took = started.elapsed();
    if report.compile_error.is_some() || report.cases.iter().any(|c| c.verdict != Verdict::Accepted) {
        return Err(format!("{} reference solution did not pass: {:?}", lang.label(), report.compile_error));
    }
    Ok(took)
}

/// Every case as its own sandboxed process, one after another.
async fn per_case(sandbox: &LocalSandbox, problem: &Problem, lang: Language) -> Result<Duration, String> {
    let source = &problem.languages[lang.code()].solution;
    let (job, _) = build_job(problem, lang, source, true);
    let started = Instant::now();
    for case in &job.cases {
        let mut one = job.clone();
        one.cases = vec![case.clone()];
        sandbox.run(&one).await.map_err(|e| e.to_string())?;
    }
    Ok(started.elapsed())
}

fn bare_start(lang: Language) -> Option<Duration> {
    let (program, args): (&str, &[&str]) = match lang {
        Language::Python => ("/usr/bin/python3", &["-I", "-S", "-c", "pass"]),
        Language::Javascript => ("/usr/bin/node", &["-e", "0"]),
        Language::Java => ("/usr/bin/java", &["-Xshare:auto", "-XX:TieredStopAtLevel=1", "-version"]),
    };
    let mut best = None::<Duration>;
    for _ in 0..5 {
        let started = Instant::now();
        let ok = std::process::Command::new(program)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?
            .success();
        let took = started.elapsed();
        if ok {
            best = Some(best.map_or(took, |b: Duration| b.min(took)));
        }
    }
    best
}

/// Runs the benchmark and prints a Markdown report.
pub async fn run(dir: &Path, slug: &str, runs: usize, concurrency: usize) -> ExitCode {
    let problem = match format::load_problem(&dir.join(slug)) {
        Ok(p) => Arc::new(p),
        Err(e) => {
            eprint!("error: cannot load {slug}:\n{e}");
            return ExitCode::from(2);
        }
    };
    let sandbox = match crate::problems_cli::sandbox().await {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let cases = problem.visible.len() + problem.hidden.len();
    println!("Problem `{slug}`: {cases} cases per submission, reference solutions; {cores} cores.\n");
    println!("| language | runs | p50 | p99 | throughput ({concurrency} at once) | one process per case | bare interpreter start |");
    println!("|---|---|---|---|---|---|---|");
    for lang in Language::ALL {
        if !problem.languages.contains_key(lang.code()) {
            continue;
        }
        // Warm-up: page cache, JIT caches, CDS archive.
        if let Err(e) = submit(&sandbox, &problem, lang).await {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
        let n = if lang == Language::Java { runs.div_ceil(2).max(3) } else { runs };
        let mut times = Vec::with_capacity(n);
        for _ in 0..n {
            match submit(&sandbox, &problem, lang).await {
                Ok(t) => times.push(t),
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        times.sort();
        let total = concurrency * 2;
        let started = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..total {
            let (sandbox, problem) = (sandbox.clone(), problem.clone());
            tasks.spawn(async move { submit(&sandbox, &problem, lang).await });
        }
        let mut failed = None;
        while let Some(r) = tasks.join_next().await {
            if let Ok(Err(e)) = r {
                failed = Some(e);
            }
        }
        if let Some(e) = failed {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
        let throughput = total as f64 / started.elapsed().as_secs_f64();
        let per_case = match per_case(&sandbox, &problem, lang).await {
            Ok(t) => ms(t),
            Err(e) => format!("failed: {e}"),
        };
        let bare = bare_start(lang).map(ms).unwrap_or_else(|| "n/a".into());
        println!(
            "| {} | {n} | {} | {} | {throughput:.1} submissions/s | {per_case} | {bare} |",
            lang.label(),
            ms(percentile(&times, 50.0)),
            ms(percentile(&times, 99.0)),
        );
    }
    ExitCode::SUCCESS
}
