//! Running candidate code: one job per submission (all its cases in one process), in the
//! local sandbox. The server keeps expected values and compares outputs itself, so nothing
//! inside the sandbox can make a wrong answer pass, and hidden expectations never enter it.

pub mod cgroup;
pub mod compare;
pub mod local;
pub mod piston;
pub mod queue;
pub mod seccomp;

use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Duration;

use crate::domain::CompareMode;
use crate::domain::Language;

/// Why a job could not be run at all.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ExecError {
    /// The host cannot run untrusted code safely (or lacks the language); nothing was run.
    #[error("code execution is unavailable: {0}")]
    Unavailable(String),
    /// An unexpected failure on our side.
    #[error("execution failed: {0}")]
    Internal(String),
}

/// The harness sources, embedded once and sent with every job to whichever executor runs it.
pub(crate) const PYTHON_HARNESS: &str = include_str!("harness/harness.py");
pub(crate) const JS_HARNESS: &str = include_str!("harness/harness.js");
pub(crate) const JAVA_HARNESS: &str = include_str!("harness/Harness.java");

/// Where complete lines of a job's results channel go while it runs. Bounded: a slow reader
/// holds the sandbox's writer back instead of queueing its output in the server.
pub type LineSink = tokio::sync::mpsc::Sender<String>;

/// How many results lines may wait for the reader of a [`LineSink`].
pub const LINE_QUEUE: usize = 64;

/// Runs jobs: the local sandbox by default, a Piston API for scale-out.
#[async_trait::async_trait]
pub trait Executor: Send + Sync + std::fmt::Debug {
    /// Runs one job to completion. When `lines` is given, each results line is also sent there
    /// as soon as the executor sees it (the local sandbox: as it is written).
    async fn execute(&self, job: &Job, lines: Option<LineSink>) -> Result<RawRun, ExecError>;

    /// A short name for logs and errors.
    fn name(&self) -> &'static str;
}

/// Stands in when no executor could be set up: refuses every job with the reason, so
/// untrusted code is never run unconfined.
#[derive(Debug)]
pub struct Unavailable(pub String);

#[async_trait::async_trait]
impl Executor for Unavailable {
    async fn execute(&self, _job: &Job, _lines: Option<LineSink>) -> Result<RawRun, ExecError> {
        Err(ExecError::Unavailable(self.0.clone()))
    }

    fn name(&self) -> &'static str {
        "unavailable"
    }
}

/// Resource limits of one job.
#[derive(Debug, Clone)]
pub struct Limits {
    pub wall: Duration,
    pub memory_bytes: u64,
    pub max_processes: u32,
    pub tmpfs_bytes: u64,
    /// Cap on the process's own stderr (and anything diverted there).
    pub output_bytes: usize,
    /// Cap on the results channel.
    pub results_bytes: usize,
    /// Cap on one results line (one case's result); a longer line is dropped.
    pub results_line_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            wall: Duration::from_secs(10),
            memory_bytes: 256 << 20,
            max_processes: 64,
            tmpfs_bytes: 64 << 20,
            output_bytes: 64 << 10,
            results_bytes: 8 << 20,
            results_line_bytes: 1 << 20,
        }
    }
}

/// One case of a job.
#[derive(Debug, Clone)]
pub enum JobCase {
    Io { id: u32, args: Vec<Value> },
    Code { id: u32, test: String },
}

/// Everything the sandbox needs for one submission.
#[derive(Debug, Clone)]
pub struct Job {
    pub language: Language,
    pub source: String,
    /// The function's name in `language`'s convention.
    pub function: String,
    pub params: Vec<&'static str>,
    pub returns: &'static str,
    pub cases: Vec<JobCase>,
    pub tests_code: Option<String>,
    pub limits: Limits,
}

/// Which part of a job one sandboxed process plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Input/output cases: the candidate's code and the harness, every case in one process;
    /// the server compares the outputs.
    Whole,
    /// Test-code cases, the candidate's side: its code answers calls, and never sees a test.
    Serve,
    /// Test-code cases, the checker's side: the problem's tests, calling the candidate's code
    /// in the other sandbox through the server.
    Check,
}

impl Job {
    /// Whether the job runs as two processes (test code): see [`Role`].
    pub fn split(&self) -> bool {
        self.tests_code.is_some()
    }

    /// The job.json the harness reads in `role`: arguments only, never expected values, and
    /// the tests' names only on the checker's side.
    pub fn manifest(&self, role: Role) -> Value {
        let cases: Vec<Value> = match role {
            Role::Serve => Vec::new(),
            Role::Whole | Role::Check => self
                .cases
                .iter()
                .map(|c| match c {
                    JobCase::Io { id, args } => json!({ "id": id, "args": args }),
                    JobCase::Code { id, test } => json!({ "id": id, "test": test }),
                })
                .collect(),
        };
        let mode = match role {
            Role::Whole => "io",
            Role::Serve => "serve",
            Role::Check => "check",
        };
        json!({
            "function": self.function,
            "params": self.params,
            "returns": self.returns,
            "mode": mode,
            "cases": cases,
        })
    }

    /// For Java test code: the `Solution` the tests compile against on the checker's side,
    /// whose method sends each call to the candidate's sandbox (`Harness.remote`).
    pub fn java_stub(&self) -> String {
        let java = |ty: &str| match ty {
            "int" | "long" | "double" | "int[]" | "long[]" | "double[]" | "int[][]" | "char[][]" | "ListNode"
            | "TreeNode" => ty.to_string(),
            "bool" => "boolean".into(),
            "bool[]" => "boolean[]".into(),
            "string" => "String".into(),
            "string[]" => "String[]".into(),
            "string[][]" => "String[][]".into(),
            _ => "Object".into(),
        };
        let params: Vec<String> = self.params.iter().enumerate().map(|(i, t)| format!("{} a{i}", java(t))).collect();
        let names: Vec<String> = (0..self.params.len()).map(|i| format!("a{i}")).collect();
        let types: Vec<String> = self.params.iter().map(|t| format!("{t:?}")).collect();
        let ret = java(self.returns);
        let value = match ret.as_str() {
            "int" => "r == null ? 0 : ((Number) r).intValue()".to_string(),
            "long" => "r == null ? 0L : ((Number) r).longValue()".to_string(),
            "double" => "r == null ? 0.0 : ((Number) r).doubleValue()".to_string(),
            "boolean" => "r != null && (Boolean) r".to_string(),
            other => format!("({other}) r"),
        };
        format!(
            "class Solution {{\n    private final int instance = Harness.nextInstance();\n    \
             public {ret} {name}({params}) {{\n        Object r = Harness.remote(instance, {name:?}, new Object[]{{{names}}}, \
             new String[]{{{types}}}, {returns:?});\n        return {value};\n    }}\n}}\n",
            name = self.function,
            params = params.join(", "),
            names = names.join(", "),
            types = types.join(", "),
            returns = self.returns,
        )
    }
}

/// How the sandboxed process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Normal,
    Code(i32),
    Signal,
    Timeout,
    MemoryLimit,
}

/// What came back from the sandbox, before interpretation.
#[derive(Debug, Clone)]
pub struct RawRun {
    pub stdout: String,
    pub stderr: String,
    pub output_truncated: bool,
    pub exit: Exit,
    pub wall_ms: u64,
    pub peak_memory: u64,
}

pub use crate::domain::Verdict;

/// The outcome of one case, with everything the server knows about it. Hidden cases are
/// reduced to their verdict before anything leaves the server.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseOutcome {
    pub id: u32,
    pub verdict: Verdict,
    pub time_ms: Option<f64>,
    pub output: Option<Value>,
    pub stdout: String,
    pub stderr: String,
    pub error: Option<String>,
}

/// The interpreted run.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub compile_error: Option<String>,
    pub cases: Vec<CaseOutcome>,
    pub wall_ms: u64,
}

#[derive(Deserialize)]
struct Event {
    event: String,
    case: Option<u32>,
    status: Option<String>,
    output: Option<Value>,
    time_ms: Option<f64>,
    stdout: Option<String>,
    stderr: Option<String>,
    error: Option<String>,
    message: Option<String>,
}

/// Whether a runtime reported running out of memory (V8 aborts before the cgroup limit).
fn out_of_memory(stderr: &str) -> bool {
    stderr.contains("JavaScript heap out of memory")
        || stderr.contains("java.lang.OutOfMemoryError")
        || stderr.contains("MemoryError")
}

pub(crate) fn tail(text: &str, max: usize) -> String {
    let t = text.trim();
    if t.len() <= max {
        return t.to_string();
    }
    let start = t.char_indices().map(|(i, _)| i).find(|&i| i >= t.len() - max).unwrap_or(0);
    format!("…{}", &t[start..])
}

fn outcome_of(id: u32, ev: Event, expected: Option<&Value>, mode: CompareMode, tolerance: f64) -> CaseOutcome {
    let verdict = match ev.status.as_deref() {
        Some("ok") => match expected {
            None => Verdict::Accepted,
            Some(expected) => match &ev.output {
                Some(actual) if compare::matches(mode, tolerance, expected, actual) => Verdict::Accepted,
                _ => Verdict::WrongAnswer,
            },
        },
        Some("failed") => Verdict::WrongAnswer,
        Some("memory") => Verdict::MemoryLimit,
        Some("output_limit") => Verdict::OutputLimit,
        _ => Verdict::RuntimeError,
    };
    CaseOutcome {
        id,
        verdict,
        time_ms: ev.time_ms,
        output: ev.output,
        stdout: ev.stdout.unwrap_or_default(),
        stderr: ev.stderr.unwrap_or_default(),
        error: ev.error,
    }
}

/// Interprets one results line as it arrives: the outcome of a finished case, if the line is
/// one. [`evaluate`] on the whole run gives the same outcome for that case.
pub fn case_from_line(
    line: &str,
    cases: &[(u32, Option<Value>)],
    mode: CompareMode,
    tolerance: f64,
) -> Option<CaseOutcome> {
    let ev = serde_json::from_str::<Event>(line).ok()?;
    if ev.event != "result" {
        return None;
    }
    let id = ev.case?;
    let (_, expected) = cases.iter().find(|(c, _)| *c == id)?;
    Some(outcome_of(id, ev, expected.as_ref(), mode, tolerance))
}

/// Interprets a raw run against the expected values (`None` for test-code cases).
pub fn evaluate(run: &RawRun, cases: &[(u32, Option<Value>)], mode: CompareMode, tolerance: f64) -> Report {
    let mut ready = false;
    let mut compile_error = None;
    let mut started: Option<u32> = None;
    let mut results: std::collections::HashMap<u32, Event> = std::collections::HashMap::new();
    for line in run.stdout.lines() {
        if line == "@@COMPILE_FAILED" {
            compile_error = Some(tail(&run.stderr, 8000));
            continue;
        }
        let Ok(ev) = serde_json::from_str::<Event>(line) else { continue };
        match ev.event.as_str() {
            "ready" => ready = true,
            "compile_error" => compile_error = Some(ev.message.clone().unwrap_or_default()),
            "start" => started = ev.case,
            "result" => {
                if let Some(id) = ev.case {
                    results.entry(id).or_insert(ev);
                }
            }
            _ => {}
        }
    }
    if compile_error.is_none() && !ready {
        compile_error = Some(match run.exit {
            Exit::Timeout => "The program did not start within the time limit.".to_string(),
            Exit::MemoryLimit => "The program ran out of memory while loading.".to_string(),
            _ => {
                let t = tail(&run.stderr, 8000);
                if t.is_empty() {
                    "The program could not be started.".to_string()
                } else {
                    t
                }
            }
        });
    }
    if let Some(message) = compile_error {
        let cases = cases
            .iter()
            .map(|(id, _)| CaseOutcome {
                id: *id,
                verdict: Verdict::CompileError,
                time_ms: None,
                output: None,
                stdout: String::new(),
                stderr: String::new(),
                error: None,
            })
            .collect();
        return Report { compile_error: Some(message), cases, wall_ms: run.wall_ms };
    }
    let mut out = Vec::with_capacity(cases.len());
    let mut stopped = false;
    for (id, expected) in cases {
        let Some(ev) = results.remove(id) else {
            let (verdict, error) = if stopped || started != Some(*id) {
                (Verdict::NotRun, None)
            } else {
                stopped = true;
                match run.exit {
                    Exit::Timeout => (Verdict::TimeLimit, Some("Time limit exceeded.".to_string())),
                    Exit::MemoryLimit => (Verdict::MemoryLimit, Some("Memory limit exceeded.".to_string())),
                    _ if out_of_memory(&run.stderr) => {
                        (Verdict::MemoryLimit, Some("Memory limit exceeded.".to_string()))
                    }
                    _ if run.output_truncated => (Verdict::OutputLimit, Some("Output limit exceeded.".to_string())),
                    _ => {
                        let t = tail(&run.stderr, 4000);
                        (
                            Verdict::RuntimeError,
                            Some(if t.is_empty() { "The program exited unexpectedly.".into() } else { t }),
                        )
                    }
                }
            };
            out.push(CaseOutcome {
                id: *id,
                verdict,
                time_ms: None,
                output: None,
                stdout: String::new(),
                stderr: String::new(),
                error,
            });
            continue;
        };
        out.push(outcome_of(*id, ev, expected.as_ref(), mode, tolerance));
    }
    Report { compile_error: None, cases: out, wall_ms: run.wall_ms }
}

#[cfg(test)]
mod hostile;
#[cfg(test)]
mod tests;
