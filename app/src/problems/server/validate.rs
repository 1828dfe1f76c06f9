//! Running problems through the real sandbox: every reference solution against every case,
//! every starter through compile and run. Used by `server problems validate` and `run`.

use serde_json::Value;
use std::time::Duration;

use crate::domain::Language;
use crate::platform::executor::{evaluate, ExecError, Executor, Job, JobCase, Limits, Report, Verdict};
use crate::problems::server::format::{CaseKind, Problem};

/// The wall-clock limit of one submission in `lang`, before the problem's multiplier.
pub fn base_wall(lang: Language) -> Duration {
    match lang {
        Language::Python | Language::Javascript => Duration::from_secs(10),
        Language::Java => Duration::from_secs(20),
    }
}

/// Builds the job for `source` on `problem`; with `hidden`, all cases, else the visible ones.
/// Returns the job and the expected values by case id (ids: visible first, then hidden).
pub fn build_job(problem: &Problem, lang: Language, source: &str, hidden: bool) -> (Job, Vec<(u32, Option<Value>)>) {
    let mut cases = Vec::new();
    let mut expected = Vec::new();
    let all = problem.visible.iter().chain(if hidden { problem.hidden.as_slice() } else { &[] });
    for (i, case) in all.enumerate() {
        let id = i as u32;
        match &case.kind {
            CaseKind::Io { args, expected: e } => {
                cases.push(JobCase::Io { id, args: args.clone() });
                expected.push((id, Some(e.clone())));
            }
            CaseKind::Code { test } => {
                cases.push(JobCase::Code { id, test: test.clone() });
                expected.push((id, None));
            }
        }
    }
    let files = problem.languages.get(lang.code());
    let limits = Limits { wall: base_wall(lang).mul_f64(problem.time_multiplier), ..Limits::default() };
    let job = Job {
        language: lang,
        source: source.to_string(),
        function: problem.signature.name_in(lang),
        params: problem.signature.params.iter().map(|p| p.ty.name()).collect(),
        returns: problem.signature.returns.name(),
        cases,
        tests_code: files.and_then(|f| f.tests.clone()),
        limits,
    };
    (job, expected)
}

/// Runs `source` against a problem's cases and interprets the result.
pub async fn run_source(
    sandbox: &dyn Executor,
    problem: &Problem,
    lang: Language,
    source: &str,
    hidden: bool,
) -> Result<Report, ExecError> {
    let (job, expected) = build_job(problem, lang, source, hidden);
    let raw = sandbox.execute(&job, None).await?;
    Ok(evaluate(&raw, &expected, problem.compare, problem.tolerance))
}

/// Checks one problem: each reference solution passes every case, each starter compiles and
/// runs. Returns one line per failure.
pub async fn validate(sandbox: &dyn Executor, problem: &Problem) -> Result<Vec<String>, ExecError> {
    let mut failures = Vec::new();
    for (code, files) in &problem.languages {
        let lang = Language::parse(code).map_err(|e| ExecError::Internal(e.to_string()))?;
        let report = run_source(sandbox, problem, lang, &files.solution, true).await?;
        if let Some(err) = &report.compile_error {
            failures.push(format!("{code} solution does not compile: {}", err.lines().next().unwrap_or_default()));
        } else {
            let visible = problem.visible.len();
            for c in report.cases.iter().filter(|c| c.verdict != Verdict::Accepted) {
                let which = if (c.id as usize) < visible {
                    format!("visible[{}]", c.id)
                } else {
                    format!("hidden[{}]", c.id as usize - visible)
                };
                let detail =
                    c.error.as_deref().map(|e| e.lines().last().unwrap_or(e).to_string()).unwrap_or_else(|| {
                        c.output.as_ref().map(|o| format!("returned {}", short(o))).unwrap_or_default()
                    });
                failures.push(format!("{code} solution: {which}: {:?} {detail}", c.verdict));
            }
        }
        let starter = run_source(sandbox, problem, lang, &files.starter, false).await?;
        if let Some(err) = &starter.compile_error {
            failures.push(format!("{code} starter does not compile: {}", err.lines().next().unwrap_or_default()));
        }
    }
    Ok(failures)
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s
    }
}
