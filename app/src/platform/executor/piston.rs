//! The remote executor: a client for the Piston execution API (`POST /api/v2/execute`,
//! `GET /api/v2/runtimes`). The same harness and job manifest as the local sandbox are sent as
//! files; the results come back on the run's stdout and are interpreted by the same
//! [`super::evaluate`], so verdicts do not depend on where the code ran. Expected values never
//! leave this server.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

use crate::domain::Language;
use crate::platform::executor::{
    ExecError, Executor, Exit, Job, LineSink, RawRun, JAVA_HARNESS, JS_HARNESS, PYTHON_HARNESS,
};

/// A Piston API client.
#[derive(Debug)]
pub struct Piston {
    base: String,
    http: reqwest::Client,
    /// Piston's language name → the version to ask for, read once from `/runtimes`.
    runtimes: OnceCell<HashMap<String, String>>,
}

#[derive(Serialize)]
struct PistonFile {
    name: String,
    content: String,
}

#[derive(Serialize)]
struct ExecuteRequest<'a> {
    language: &'a str,
    version: &'a str,
    files: Vec<PistonFile>,
    stdin: &'a str,
    args: Vec<String>,
    compile_timeout: u64,
    run_timeout: u64,
    compile_memory_limit: i64,
    run_memory_limit: i64,
}

#[derive(Deserialize, Debug, Default)]
struct Stage {
    #[serde(default)]
    stdout: String,
    #[serde(default)]
    stderr: String,
    code: Option<i64>,
    signal: Option<String>,
    /// Piston 3.x: "RE", "SG", "TO", "OL", "EL", "XX".
    status: Option<String>,
    message: Option<String>,
    memory: Option<u64>,
}

#[derive(Deserialize, Debug)]
struct ExecuteResponse {
    run: Stage,
    compile: Option<Stage>,
}

#[derive(Deserialize)]
struct Runtime {
    language: String,
    version: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    message: String,
}

/// Piston's name for a language.
fn piston_language(lang: Language) -> &'static str {
    match lang {
        Language::Python => "python",
        Language::Javascript => "javascript",
        Language::Java => "java",
    }
}

/// Piston runs Java in single-file source mode, whose main class is the first class of the
/// file: one file with every import first, then the harness, then the structures, the
/// candidate's classes and the test code.
pub fn java_single_file(source: &str) -> String {
    let mut imports: Vec<String> = Vec::new();
    let mut split = |text: &str| -> String {
        let mut body = String::new();
        let mut header = true;
        for line in text.lines() {
            let t = line.trim();
            if header && (t.starts_with("import ") && t.ends_with(';')) {
                if !imports.iter().any(|i| i == t) {
                    imports.push(t.to_string());
                }
                continue;
            }
            if header && !(t.is_empty() || t.starts_with("//")) {
                header = false;
            }
            body.push_str(line);
            body.push('\n');
        }
        body
    };
    let harness = split(JAVA_HARNESS);
    let solution = split(source);
    let (structures, main) = match harness.find("public class Harness") {
        Some(i) => (&harness[..i], &harness[i..]),
        None => ("", harness.as_str()),
    };
    format!("{}\n{main}\n{structures}\n{solution}", imports.join("\n"))
}

impl Piston {
    /// A client for the API at `base` (e.g. `http://piston:2000`).
    pub fn new(base: &str) -> Result<Self, ExecError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| ExecError::Unavailable(format!("cannot build the HTTP client: {e}")))?;
        Ok(Self { base: base.trim_end_matches('/').to_string(), http, runtimes: OnceCell::new() })
    }

    async fn version_of(&self, language: &str) -> Result<String, ExecError> {
        let runtimes = self
            .runtimes
            .get_or_try_init(|| async {
                let url = format!("{}/api/v2/runtimes", self.base);
                let res = self.http.get(&url).timeout(Duration::from_secs(10)).send().await.map_err(|e| {
                    ExecError::Unavailable(format!("cannot reach the Piston API at {}: {e}", self.base))
                })?;
                if !res.status().is_success() {
                    return Err(ExecError::Unavailable(format!("Piston answered {} to {url}", res.status())));
                }
                let list: Vec<Runtime> = res
                    .json()
                    .await
                    .map_err(|e| ExecError::Unavailable(format!("Piston's runtime list is not readable: {e}")))?;
                let mut map = HashMap::new();
                for rt in list {
                    for name in std::iter::once(&rt.language).chain(&rt.aliases) {
                        map.entry(name.clone()).or_insert_with(|| rt.version.clone());
                    }
                }
                Ok(map)
            })
            .await?;
        runtimes
            .get(language)
            .cloned()
            .ok_or_else(|| ExecError::Unavailable(format!("the Piston server has no {language} runtime installed")))
    }

    fn files(job: &Job) -> Result<Vec<PistonFile>, ExecError> {
        let manifest = serde_json::to_string(&job.manifest(crate::platform::executor::Role::Whole))
            .map_err(|e| ExecError::Internal(e.to_string()))?;
        let file = |name: &str, content: &str| PistonFile { name: name.into(), content: content.into() };
        let mut files = match job.language {
            Language::Python => vec![file("harness.py", PYTHON_HARNESS), file("solution.py", &job.source)],
            Language::Javascript => vec![file("harness.js", JS_HARNESS), file("solution.js", &job.source)],
            Language::Java => vec![file("Main.java", &java_single_file(&job.source))],
        };
        files.push(file("job.json", &manifest));
        Ok(files)
    }
}

#[async_trait::async_trait]
impl Executor for Piston {
    async fn execute(&self, job: &Job, lines: Option<LineSink>) -> Result<RawRun, ExecError> {
        if job.split() {
            // Piston runs one batch process; test code must run apart from the candidate's code.
            return Err(ExecError::Unavailable(
                "test-code problems need the local sandbox: their tests run in a process of their own, which Piston \
                 cannot provide"
                    .into(),
            ));
        }
        let language = piston_language(job.language);
        let version = self.version_of(language).await?;
        let wall_ms = job.limits.wall.as_millis() as u64;
        let body = ExecuteRequest {
            language,
            version: &version,
            files: Self::files(job)?,
            stdin: "",
            args: Vec::new(),
            compile_timeout: wall_ms,
            run_timeout: wall_ms,
            compile_memory_limit: -1,
            run_memory_limit: job.limits.memory_bytes as i64,
        };
        let started = Instant::now();
        let res = self
            .http
            .post(format!("{}/api/v2/execute", self.base))
            .json(&body)
            .timeout(job.limits.wall * 2 + Duration::from_secs(10))
            .send()
            .await
            .map_err(|e| ExecError::Unavailable(format!("cannot reach the Piston API at {}: {e}", self.base)))?;
        let status = res.status();
        if !status.is_success() {
            let message = res.json::<ErrorBody>().await.map(|b| b.message).unwrap_or_else(|_| status.to_string());
            return Err(if status.is_server_error() {
                ExecError::Unavailable(format!("the Piston API failed: {message}"))
            } else {
                ExecError::Internal(format!("the Piston API refused the job: {message}"))
            });
        }
        let reply: ExecuteResponse =
            res.json().await.map_err(|e| ExecError::Internal(format!("the Piston reply is not readable: {e}")))?;
        let wall_ms = started.elapsed().as_millis() as u64;
        let run = reply.run;
        let compile = reply.compile.unwrap_or_default();
        if let Some(tx) = &lines {
            for line in run.stdout.lines() {
                let _ = tx.send(line.to_string()).await;
            }
        }
        let timed_out = matches!(run.status.as_deref(), Some("TO"))
            || (run.signal.as_deref() == Some("SIGKILL") && wall_ms >= job.limits.wall.as_millis() as u64);
        let exit = if timed_out {
            Exit::Timeout
        } else {
            match (run.code, run.signal.as_deref()) {
                (Some(0), None) => Exit::Normal,
                (Some(c), None) => Exit::Code(c as i32),
                _ => Exit::Signal,
            }
        };
        let mut stderr = compile.stderr;
        stderr.push_str(&run.stderr);
        if let Some(m) = run.message.as_deref().filter(|_| matches!(run.status.as_deref(), Some("XX"))) {
            return Err(ExecError::Unavailable(format!("the Piston API failed: {m}")));
        }
        Ok(RawRun {
            stdout: run.stdout,
            stderr,
            output_truncated: matches!(run.status.as_deref(), Some("OL") | Some("EL")),
            exit,
            wall_ms,
            peak_memory: run.memory.unwrap_or(0),
        })
    }

    fn name(&self) -> &'static str {
        "Piston"
    }
}
