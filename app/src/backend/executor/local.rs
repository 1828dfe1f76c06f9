//! The local sandbox: bubblewrap namespaces (no network, no host files, fresh size-limited
//! tmpfs, unprivileged uid, empty environment), a cgroup per run (memory, pids, CPU), a
//! wall-clock timeout, capped output, and a queue as wide as the machine's cores.
//! If the host cannot sandbox, runs are refused; untrusted code never runs unconfined.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Instant;
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::Command;
use tokio::sync::Semaphore;

use super::cgroup::{Layout, RunGroup};
use super::{ExecError, Executor, Exit, Job, Limits, LineSink, RawRun, JAVA_HARNESS, JS_HARNESS, PYTHON_HARNESS};
use crate::domain::Language;

/// Paths of the programs the sandbox runs, resolved once.
#[derive(Debug, Clone)]
struct Toolchain {
    bwrap: PathBuf,
    python: Option<PathBuf>,
    node: Option<PathBuf>,
    java_home: Option<PathBuf>,
}

fn resolve(candidates: &[&str]) -> Option<PathBuf> {
    candidates.iter().map(Path::new).find(|p| p.exists()).and_then(|p| std::fs::canonicalize(p).ok())
}

/// Runs programs in bubblewrap + cgroups.
#[derive(Debug)]
pub struct LocalSandbox {
    tools: Toolchain,
    cgroups: Layout,
    slots: Arc<Semaphore>,
    work_root: PathBuf,
    seccomp_file: PathBuf,
}

impl LocalSandbox {
    /// Checks the host can sandbox (bubblewrap, namespaces, cgroups) and prepares it.
    pub async fn new(work_root: PathBuf) -> Result<Self, ExecError> {
        let bwrap = resolve(&["/usr/bin/bwrap", "/bin/bwrap"])
            .ok_or_else(|| ExecError::Unavailable("bubblewrap (bwrap) is not installed".into()))?;
        let cgroups = tokio::task::spawn_blocking(Layout::detect)
            .await
            .map_err(|e| ExecError::Unavailable(e.to_string()))?
            .map_err(|e| ExecError::Unavailable(e.to_string()))?;
        let java_home =
            resolve(&["/usr/bin/javac"]).and_then(|javac| javac.parent().and_then(Path::parent).map(Path::to_path_buf));
        let tools = Toolchain {
            bwrap,
            python: resolve(&["/usr/bin/python3"]),
            node: resolve(&["/usr/bin/node", "/usr/bin/nodejs"]),
            java_home,
        };
        tokio::fs::create_dir_all(&work_root).await.map_err(|e| ExecError::Unavailable(e.to_string()))?;
        let seccomp_file = work_root.join("seccomp.bpf");
        let filter = super::seccomp::filter_bytes().map_err(ExecError::Unavailable)?;
        tokio::fs::write(&seccomp_file, filter).await.map_err(|e| ExecError::Unavailable(e.to_string()))?;
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        let sandbox = Self { tools, cgroups, slots: Arc::new(Semaphore::new(cores)), work_root, seccomp_file };
        // Prove namespaces and the filter work before accepting any job.
        let probe = sandbox.bwrap_command(&sandbox.work_root, &Limits::default(), &["/bin/true".to_string()]);
        let status = sandbox
            .launcher(&probe, &[])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .await
            .map_err(|e| ExecError::Unavailable(format!("cannot start bwrap: {e}")))?;
        if !status.status.success() {
            return Err(ExecError::Unavailable(format!(
                "bwrap cannot create namespaces here: {}",
                String::from_utf8_lossy(&status.stderr).trim()
            )));
        }
        Ok(sandbox)
    }

    fn bwrap_command(&self, dir: &Path, limits: &Limits, argv: &[String]) -> std::process::Command {
        let mut c = std::process::Command::new(&self.tools.bwrap);
        c.env_clear();
        c.args(["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]);
        c.args(["--uid", "65534", "--gid", "65534", "--hostname", "sandbox"]);
        c.args(["--ro-bind", "/usr", "/usr"]);
        for (link, target) in [("usr/lib", "/lib"), ("usr/lib64", "/lib64"), ("usr/bin", "/bin"), ("usr/sbin", "/sbin")]
        {
            if Path::new(target).exists() {
                c.args(["--symlink", link, target]);
            }
        }
        // The JDK's conf/ files link into /etc; bind just those directories.
        for etc in ["/etc/java-17-openjdk", "/etc/java-21-openjdk"] {
            c.args(["--ro-bind-try", etc, etc]);
        }
        c.args(["--proc", "/proc", "--dev", "/dev"]);
        c.args(["--size", &limits.tmpfs_bytes.to_string(), "--tmpfs", "/tmp"]);
        c.arg("--ro-bind").arg(dir).arg("/sandbox");
        c.args(["--chdir", "/sandbox"]);
        c.args(["--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp"]);
        c.args(["--setenv", "LANG", "C.UTF-8", "--setenv", "TMPDIR", "/tmp"]);
        // fd 9 is opened on the filter file by the launcher shell.
        c.args(["--seccomp", "9"]);
        c.arg("--");
        c.args(argv);
        c
    }

    /// A tiny shell that joins the run's cgroups, opens the seccomp filter on fd 9, then
    /// becomes bwrap: every process of the run is inside the limits from its first instruction.
    fn launcher(&self, bwrap: &std::process::Command, cgroup_procs: &[PathBuf]) -> Command {
        let mut script = String::new();
        for f in cgroup_procs {
            script.push_str(&format!("echo $$ > '{}' && ", f.display()));
        }
        // bwrap itself starts with an empty environment.
        script.push_str(&format!("exec \"$0\" \"$@\" 9< '{}'", self.seccomp_file.display()));
        let mut cmd = Command::new("/bin/sh");
        cmd.env_clear();
        cmd.arg("-c").arg(script);
        cmd.arg(bwrap.get_program());
        cmd.args(bwrap.get_args());
        cmd
    }

    fn program(&self, job: &Job, limits: &Limits) -> Result<Vec<String>, ExecError> {
        let missing = |what: &str| ExecError::Unavailable(format!("{what} is not installed on this server"));
        Ok(match job.language {
            Language::Python => {
                let py = self.tools.python.as_ref().ok_or_else(|| missing("Python 3"))?;
                vec![py.display().to_string(), "-I".into(), "-S".into(), "-B".into(), "harness.py".into()]
            }
            Language::Javascript => {
                let node = self.tools.node.as_ref().ok_or_else(|| missing("Node.js"))?;
                let heap = (limits.memory_bytes / (1 << 20)).saturating_sub(64).max(64);
                vec![
                    node.display().to_string(),
                    format!("--max-old-space-size={heap}"),
                    "--stack-size=8000".into(),
                    "harness.js".into(),
                ]
            }
            Language::Java => {
                let home = self.tools.java_home.as_ref().ok_or_else(|| missing("a Java JDK"))?;
                let javac = home.join("bin/javac").display().to_string();
                let java = home.join("bin/java").display().to_string();
                let heap = (limits.memory_bytes / (1 << 20)).saturating_sub(96).max(64);
                let tests = if job.tests_code.is_some() { " Tests.java" } else { "" };
                let script = format!(
                    "{javac} -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC -J-Xshare:auto -nowarn -encoding UTF-8 \
                     -d /tmp/classes Harness.java Solution.java{tests} 1>&2 || {{ echo '@@COMPILE_FAILED'; exit 97; }}; \
                     exec {java} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xss64m -Xmx{heap}m \
                     -cp /tmp/classes Harness"
                );
                vec!["/bin/sh".into(), "-c".into(), script]
            }
        })
    }

    async fn write_files(&self, dir: &Path, job: &Job) -> std::io::Result<()> {
        tokio::fs::create_dir_all(dir).await?;
        tokio::fs::write(dir.join("job.json"), serde_json::to_vec(&job.manifest())?).await?;
        let (harness_name, harness, solution, tests) = match job.language {
            Language::Python => ("harness.py", PYTHON_HARNESS, "solution.py", "tests.py"),
            Language::Javascript => ("harness.js", JS_HARNESS, "solution.js", "tests.js"),
            Language::Java => ("Harness.java", JAVA_HARNESS, "Solution.java", "Tests.java"),
        };
        tokio::fs::write(dir.join(harness_name), harness).await?;
        tokio::fs::write(dir.join(solution), &job.source).await?;
        if let Some(code) = &job.tests_code {
            tokio::fs::write(dir.join(tests), code).await?;
        }
        Ok(())
    }

    /// Runs one job to completion under the limits.
    pub async fn run(&self, job: &Job) -> Result<RawRun, ExecError> {
        self.run_streaming(job, None).await
    }

    /// Runs one job, sending each complete results line to `lines` as soon as it is written.
    pub async fn run_streaming(&self, job: &Job, lines: Option<LineSink>) -> Result<RawRun, ExecError> {
        let _slot = self.slots.clone().acquire_owned().await.map_err(|_| ExecError::Unavailable("closed".into()))?;
        let limits = job.limits.clone();
        let id = uuid::Uuid::new_v4().simple().to_string();
        let dir = self.work_root.join(&id);
        self.write_files(&dir, job).await.map_err(|e| ExecError::Internal(format!("writing job files: {e}")))?;
        let argv = self.program(job, &limits)?;
        let group = {
            let layout = self.cgroups.clone();
            let name = format!("run-{id}");
            let (mem, pids) = (limits.memory_bytes, limits.max_processes);
            tokio::task::spawn_blocking(move || layout.create(&name, mem, pids, 1.0))
                .await
                .map_err(|e| ExecError::Internal(e.to_string()))?
                .map_err(|e| ExecError::Unavailable(format!("creating the run's cgroup: {e}")))?
        };
        let result = self.run_in(&dir, &limits, &argv, &group, lines).await;
        let _ = tokio::fs::remove_dir_all(&dir).await;
        let oom = tokio::task::spawn_blocking(move || {
            let oom = group.oom_killed();
            drop(group);
            oom
        })
        .await
        .unwrap_or(false);
        let mut run = result?;
        if oom {
            run.exit = Exit::MemoryLimit;
        }
        Ok(run)
    }

    async fn run_in(
        &self,
        dir: &Path,
        limits: &Limits,
        argv: &[String],
        group: &RunGroup,
        lines: Option<LineSink>,
    ) -> Result<RawRun, ExecError> {
        let bwrap = self.bwrap_command(dir, limits, argv);
        let mut cmd = self.launcher(&bwrap, &group.procs_files());
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).kill_on_drop(true);
        let started = Instant::now();
        let mut child = cmd.spawn().map_err(|e| ExecError::Unavailable(format!("cannot start the sandbox: {e}")))?;
        let stdout = child.stdout.take().ok_or_else(|| ExecError::Internal("no stdout".into()))?;
        let stderr = child.stderr.take().ok_or_else(|| ExecError::Internal("no stderr".into()))?;
        let out_task = tokio::spawn(read_capped(stdout, limits.results_bytes, lines));
        let err_task = tokio::spawn(read_capped(stderr, limits.output_bytes, None));
        let status = match tokio::time::timeout(limits.wall, child.wait()).await {
            Ok(s) => Some(s.map_err(|e| ExecError::Internal(e.to_string()))?),
            Err(_) => {
                let _ = child.kill().await;
                group.kill_all();
                None
            }
        };
        let wall_ms = started.elapsed().as_millis() as u64;
        let (stdout, out_truncated) = out_task.await.map_err(|e| ExecError::Internal(e.to_string()))?;
        let (stderr, err_truncated) = err_task.await.map_err(|e| ExecError::Internal(e.to_string()))?;
        let exit = match status {
            None => Exit::Timeout,
            Some(s) if s.success() => Exit::Normal,
            Some(s) => match s.code() {
                Some(code) => Exit::Code(code),
                None => Exit::Signal,
            },
        };
        Ok(RawRun {
            stdout,
            stderr,
            output_truncated: out_truncated || err_truncated,
            exit,
            wall_ms,
            peak_memory: group.peak_memory(),
        })
    }
}

#[async_trait::async_trait]
impl Executor for LocalSandbox {
    async fn execute(&self, job: &Job, lines: Option<LineSink>) -> Result<RawRun, ExecError> {
        self.run_streaming(job, lines).await
    }

    fn name(&self) -> &'static str {
        "local sandbox"
    }
}

/// Reads a stream up to `cap` bytes, then drains the rest so the writer never blocks. With
/// `lines`, every complete line within the cap is also sent as soon as it arrives.
async fn read_capped(mut r: impl AsyncRead + Unpin, cap: usize, lines: Option<LineSink>) -> (String, bool) {
    let mut buf = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    let mut truncated = false;
    let mut sent = 0;
    loop {
        match r.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = cap.saturating_sub(buf.len());
                if n > room {
                    truncated = true;
                }
                buf.extend_from_slice(&chunk[..n.min(room)]);
                if let Some(tx) = &lines {
                    while let Some(end) = buf[sent..].iter().position(|&b| b == b'\n') {
                        let _ = tx.send(String::from_utf8_lossy(&buf[sent..sent + end]).into_owned());
                        sent += end + 1;
                    }
                }
            }
        }
    }
    (String::from_utf8_lossy(&buf).into_owned(), truncated)
}
