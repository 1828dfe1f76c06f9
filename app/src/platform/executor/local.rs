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

use crate::domain::Language;
use crate::platform::executor::cgroup::{Layout, RunGroup};
use crate::platform::executor::{
    tail, ExecError, Executor, Exit, Job, Limits, LineSink, RawRun, Role, JAVA_HARNESS, JS_HARNESS, PYTHON_HARNESS,
};
use serde_json::json;

/// Paths of the programs the sandbox runs, resolved once.
#[derive(Debug, Clone)]
struct Toolchain {
    bwrap: PathBuf,
    /// util-linux `setpriv`, which drops root to the run's uid before bubblewrap starts.
    setpriv: Option<PathBuf>,
    python: Option<PathBuf>,
    node: Option<PathBuf>,
    java_home: Option<PathBuf>,
}

fn resolve(candidates: &[&str]) -> Option<PathBuf> {
    candidates.iter().map(Path::new).find(|p| p.exists()).and_then(|p| std::fs::canonicalize(p).ok())
}

/// Host files under `/proc` that describe the host rather than the run (the kernel's command
/// line, keyrings, scheduler and timer dumps, kernel symbols and modules); the sandbox sees
/// them empty.
const MASKED_PROC_FILES: &[&str] = &[
    "/proc/cmdline",
    "/proc/keys",
    "/proc/key-users",
    "/proc/sched_debug",
    "/proc/timer_list",
    "/proc/kallsyms",
    "/proc/modules",
    "/proc/config.gz",
    "/proc/latency_stats",
];

/// Descriptor numbers the launcher opens for bubblewrap (every other one is closed first).
const FD_ARGS: u32 = 3;
const FD_SECCOMP: [u32; 2] = [4, 5];
const FD_FIRST_FILE: u32 = 6;

/// Which host identity runs candidate code.
#[derive(Debug)]
enum Identity {
    /// The server runs as root: every run gets a dedicated unprivileged uid/gid of its own,
    /// taken from this pool (one per slot) and given back when the run ends.
    Dedicated(std::sync::Mutex<Vec<u32>>),
    /// The server runs as an ordinary user: runs keep that uid, inside an unprivileged user
    /// namespace (never mapped to root).
    Own,
}

/// How the local sandbox is set up.
#[derive(Debug, Clone)]
pub struct SandboxOptions {
    /// Where job files are prepared (readable by the server only).
    pub work_root: PathBuf,
    /// Runs at once; the rest wait. Default: the machine's cores.
    pub slots: usize,
    /// First host uid (and gid) of the pool used when the server runs as root; the pool is
    /// two ids per slot. Must not belong to anyone else on the host.
    pub first_uid: u32,
    /// Parent cgroup of the runs' groups; `None` picks one (see [`Layout::detect`]).
    pub cgroup: Option<PathBuf>,
}

impl SandboxOptions {
    /// The defaults under `work_root`: one slot per core, uids from 60000, cgroup detected.
    pub fn new(work_root: PathBuf) -> Self {
        let slots = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Self { work_root, slots, first_uid: 60_000, cgroup: None }
    }
}

/// Runs programs in bubblewrap + cgroups.
#[derive(Debug)]
pub struct LocalSandbox {
    tools: Toolchain,
    cgroups: Layout,
    slots: Arc<Semaphore>,
    identity: Identity,
    work_root: PathBuf,
    seccomp_files: [PathBuf; 2],
    masked: Vec<&'static str>,
}

/// Quotes a string for the launcher's shell.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// One run's uid, given back to the pool when dropped.
struct UidLease<'a> {
    pool: Option<&'a std::sync::Mutex<Vec<u32>>>,
    uid: Option<u32>,
}

impl Drop for UidLease<'_> {
    fn drop(&mut self) {
        if let (Some(pool), Some(uid)) = (self.pool, self.uid) {
            if let Ok(mut free) = pool.lock() {
                free.push(uid);
            }
        }
    }
}

impl LocalSandbox {
    /// Checks the host can sandbox (bubblewrap, namespaces, cgroups) with default options.
    pub async fn new(work_root: PathBuf) -> Result<Self, ExecError> {
        Self::with_options(SandboxOptions::new(work_root)).await
    }

    /// Checks the host can sandbox (bubblewrap, namespaces, cgroups) and prepares it.
    pub async fn with_options(options: SandboxOptions) -> Result<Self, ExecError> {
        let unavailable = |e: String| ExecError::Unavailable(e);
        let bwrap = resolve(&["/usr/bin/bwrap", "/bin/bwrap"])
            .ok_or_else(|| unavailable("bubblewrap (bwrap) is not installed".into()))?;
        let root = rustix::process::geteuid().is_root();
        let setpriv = resolve(&["/usr/bin/setpriv", "/bin/setpriv"]);
        if root && setpriv.is_none() {
            return Err(unavailable(
                "running as root needs util-linux `setpriv` to drop to an unprivileged uid".into(),
            ));
        }
        let slots = options.slots.max(1);
        let identity = if root {
            // Two per slot: a test-code job runs the candidate's code and the tests apart.
            let ids = 2 * slots as u32;
            let last = options.first_uid.checked_add(ids).filter(|_| options.first_uid >= 1000);
            if last.is_none() {
                return Err(unavailable(format!("sandbox uids from {} are not usable", options.first_uid)));
            }
            Identity::Dedicated(std::sync::Mutex::new((options.first_uid..options.first_uid + ids).rev().collect()))
        } else {
            Identity::Own
        };
        let parent = options.cgroup.clone();
        let cgroups = tokio::task::spawn_blocking(move || Layout::detect(parent.as_deref()))
            .await
            .map_err(|e| unavailable(e.to_string()))?
            .map_err(|e| unavailable(e.to_string()))?;
        let java_home =
            resolve(&["/usr/bin/javac"]).and_then(|javac| javac.parent().and_then(Path::parent).map(Path::to_path_buf));
        let tools = Toolchain {
            bwrap,
            setpriv,
            python: resolve(&["/usr/bin/python3"]),
            node: resolve(&["/usr/bin/node", "/usr/bin/nodejs"]),
            java_home,
        };
        let work_root = options.work_root;
        private_dir(&work_root).await.map_err(|e| unavailable(format!("{}: {e}", work_root.display())))?;
        // The launcher runs from `/`: every path it is given must be absolute (the default
        // data directory, `./data`, is not).
        let work_root = tokio::fs::canonicalize(&work_root)
            .await
            .map_err(|e| unavailable(format!("{}: {e}", work_root.display())))?;
        let seccomp_files = [work_root.join("seccomp-deny.bpf"), work_root.join("seccomp-clone3.bpf")];
        let filters = crate::platform::executor::seccomp::filters().map_err(unavailable)?;
        for (file, bytes) in seccomp_files.iter().zip(filters) {
            tokio::fs::write(file, bytes).await.map_err(|e| unavailable(e.to_string()))?;
        }
        let masked = MASKED_PROC_FILES.iter().copied().filter(|p| Path::new(p).exists()).collect();
        let sandbox =
            Self { tools, cgroups, slots: Arc::new(Semaphore::new(slots)), identity, work_root, seccomp_files, masked };
        sandbox.probe().await?;
        Ok(sandbox)
    }

    /// Proves namespaces, the uid switch and the filters work before accepting any job.
    async fn probe(&self) -> Result<(), ExecError> {
        let dir = self.work_root.join(format!("probe-{}", uuid::Uuid::new_v4().simple()));
        private_dir(&dir).await.map_err(|e| ExecError::Unavailable(e.to_string()))?;
        let lease = self.lease_uid();
        let launch = self.launcher(&dir, &[], &Limits::default(), &["/bin/true".to_string()], &[], lease.uid).await;
        let output = match launch {
            Ok(mut cmd) => cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped()).output().await,
            Err(e) => Err(e),
        };
        let _ = tokio::fs::remove_dir_all(&dir).await;
        let output = output.map_err(|e| ExecError::Unavailable(format!("cannot start bwrap: {e}")))?;
        if !output.status.success() {
            return Err(ExecError::Unavailable(format!(
                "bwrap cannot create namespaces here: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        Ok(())
    }

    fn lease_uid(&self) -> UidLease<'_> {
        match &self.identity {
            Identity::Own => UidLease { pool: None, uid: None },
            Identity::Dedicated(pool) => {
                let uid = pool.lock().ok().and_then(|mut free| free.pop());
                UidLease { pool: Some(pool), uid }
            }
        }
    }

    /// bubblewrap's options. They travel through a descriptor (`--args`), so the sandbox's
    /// `/proc/1/cmdline` shows no host path; job files are copied into a read-only tmpfs
    /// from descriptors, so no host directory is mounted in and none needs to be reachable
    /// by the run's uid.
    fn bwrap_args(&self, limits: &Limits, files: &[(&str, u32)], masks: &[u32]) -> Vec<String> {
        let mut a: Vec<String> = Vec::new();
        let mut push = |items: &[&str]| a.extend(items.iter().map(|s| s.to_string()));
        push(&["--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session"]);
        push(&["--cap-drop", "ALL", "--uid", "65534", "--gid", "65534", "--hostname", "sandbox"]);
        push(&["--ro-bind", "/usr", "/usr"]);
        for (link, target) in [("usr/lib", "/lib"), ("usr/lib64", "/lib64"), ("usr/bin", "/bin"), ("usr/sbin", "/sbin")]
        {
            if Path::new(target).exists() {
                push(&["--symlink", link, target]);
            }
        }
        // The JDK's conf/ files link into /etc; bind just those directories.
        for etc in ["/etc/java-17-openjdk", "/etc/java-21-openjdk"] {
            push(&["--ro-bind-try", etc, etc]);
        }
        // Global kernel settings stay read-only whatever the uid's permissions.
        push(&["--proc", "/proc", "--ro-bind", "/proc/sys", "/proc/sys"]);
        push(&["--ro-bind-try", "/proc/sysrq-trigger", "/proc/sysrq-trigger"]);
        for (path, fd) in self.masked.iter().zip(masks) {
            push(&["--ro-bind-data", &fd.to_string(), path]);
        }
        push(&["--dev", "/dev"]);
        push(&["--size", &limits.tmpfs_bytes.to_string(), "--tmpfs", "/tmp"]);
        push(&["--tmpfs", "/sandbox"]);
        for (name, fd) in files {
            push(&["--perms", "0444", "--file", &fd.to_string(), &format!("/sandbox/{name}")]);
        }
        push(&["--remount-ro", "/sandbox", "--chdir", "/sandbox"]);
        push(&["--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp"]);
        push(&["--setenv", "LANG", "C.UTF-8", "--setenv", "TMPDIR", "/tmp"]);
        for fd in FD_SECCOMP {
            push(&["--add-seccomp-fd", &fd.to_string()]);
        }
        a
    }

    /// A small bash script that closes every descriptor the server inherited, joins the
    /// run's cgroups, opens bubblewrap's inputs on known descriptors, drops to the run's uid
    /// (when the server is root) with an empty environment, and becomes bwrap: every process
    /// of the run is inside the limits from its first instruction.
    async fn launcher(
        &self,
        dir: &Path,
        files: &[(&str, PathBuf)],
        limits: &Limits,
        argv: &[String],
        cgroup_procs: &[PathBuf],
        uid: Option<u32>,
    ) -> std::io::Result<Command> {
        let numbered: Vec<(&str, u32)> =
            files.iter().enumerate().map(|(i, (name, _))| (*name, FD_FIRST_FILE + i as u32)).collect();
        let first_mask = FD_FIRST_FILE + files.len() as u32;
        let masks: Vec<u32> = (0..self.masked.len() as u32).map(|i| first_mask + i).collect();
        let mut args = Vec::new();
        for a in self.bwrap_args(limits, &numbered, &masks) {
            args.extend_from_slice(a.as_bytes());
            args.push(0);
        }
        let args_file = dir.join("bwrap.args");
        tokio::fs::write(&args_file, args).await?;

        let mut script =
            String::from("for f in /proc/self/fd/*; do n=${f##*/}; [ \"$n\" -gt 2 ] && eval \"exec $n>&-\"; done\n");
        for f in cgroup_procs {
            script.push_str(&format!(
                "echo $$ > {} || {{ echo 'sparring: cannot join the run cgroup' >&2; exit 125; }}\n",
                quote(&f.display().to_string())
            ));
        }
        script.push_str(&format!("exec {FD_ARGS}<{}", quote(&args_file.display().to_string())));
        for (fd, file) in FD_SECCOMP.iter().zip(&self.seccomp_files) {
            script.push_str(&format!(" {fd}<{}", quote(&file.display().to_string())));
        }
        for ((_, fd), (_, path)) in numbered.iter().zip(files) {
            script.push_str(&format!(" {fd}<{}", quote(&path.display().to_string())));
        }
        for fd in &masks {
            script.push_str(&format!(" {fd}</dev/null"));
        }
        script.push_str(" || exit 125\nexec /usr/bin/env -i");
        if let (Some(uid), Some(setpriv)) = (uid, &self.tools.setpriv) {
            script.push_str(&format!(
                " {} --reuid {uid} --regid {uid} --clear-groups --inh-caps=-all --bounding-set=-all --",
                quote(&setpriv.display().to_string())
            ));
        }
        script.push_str(&format!(" {} --args {FD_ARGS} --", quote(&self.tools.bwrap.display().to_string())));
        for a in argv {
            script.push(' ');
            script.push_str(&quote(a));
        }
        script.push('\n');
        let mut cmd = Command::new("/bin/bash");
        cmd.env_clear().current_dir("/");
        cmd.arg("--noprofile").arg("--norc").arg("-c").arg(script);
        Ok(cmd)
    }

    fn program(&self, job: &Job, limits: &Limits, role: Role) -> Result<Vec<String>, ExecError> {
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
                let tests = if role == Role::Check { " Tests.java" } else { "" };
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

    /// Writes the files of `role` into `dir` (private to the server) and names them as the
    /// sandbox sees them. The candidate's side never gets the tests; the checker's side never
    /// gets the candidate's code.
    async fn write_files(&self, dir: &Path, job: &Job, role: Role) -> std::io::Result<Vec<(&'static str, PathBuf)>> {
        let (harness_name, harness, solution, tests) = match job.language {
            Language::Python => ("harness.py", PYTHON_HARNESS, "solution.py", "tests.py"),
            Language::Javascript => ("harness.js", JS_HARNESS, "solution.js", "tests.js"),
            Language::Java => ("Harness.java", JAVA_HARNESS, "Solution.java", "Tests.java"),
        };
        let mut files: Vec<(&'static str, Vec<u8>)> =
            vec![("job.json", serde_json::to_vec(&job.manifest(role))?), (harness_name, harness.as_bytes().to_vec())];
        match role {
            Role::Whole | Role::Serve => files.push((solution, job.source.as_bytes().to_vec())),
            Role::Check => {
                files.push((tests, job.tests_code.clone().unwrap_or_default().into_bytes()));
                if job.language == Language::Java {
                    files.push((solution, job.java_stub().into_bytes()));
                }
            }
        }
        let mut out = Vec::with_capacity(files.len());
        for (name, bytes) in files {
            let path = dir.join(name);
            tokio::fs::write(&path, bytes).await?;
            out.push((name, path));
        }
        Ok(out)
    }

    /// Runs one job to completion under the limits.
    pub async fn run(&self, job: &Job) -> Result<RawRun, ExecError> {
        self.run_streaming(job, None).await
    }

    /// Runs one job, sending each complete results line to `lines` as soon as it is written.
    pub async fn run_streaming(&self, job: &Job, lines: Option<LineSink>) -> Result<RawRun, ExecError> {
        let _slot = self.slots.clone().acquire_owned().await.map_err(|_| ExecError::Unavailable("closed".into()))?;
        let roles: &[Role] = if job.split() { &[Role::Serve, Role::Check] } else { &[Role::Whole] };
        let mut leases = Vec::new();
        let mut sides = Vec::new();
        for &role in roles {
            let lease = self.lease_uid();
            if matches!(self.identity, Identity::Dedicated(_)) && lease.uid.is_none() {
                self.finish_all(sides).await;
                return Err(ExecError::Internal("no sandbox uid is free".into()));
            }
            match self.prepare(job, role, lease.uid).await {
                Ok(side) => sides.push(side),
                Err(e) => {
                    self.finish_all(sides).await;
                    return Err(e);
                }
            }
            leases.push(lease);
        }
        let result = match sides.as_mut_slice() {
            [whole] => self.run_one(whole, job, lines).await,
            [candidate, checker] => self.run_pair(candidate, checker, job, lines).await,
            _ => Err(ExecError::Internal("a job has one or two sides".into())),
        };
        let oom = self.finish_all(sides).await;
        let mut run = result?;
        // Only the candidate's side (the first) counts: the checker runs trusted tests.
        if oom.first().copied().unwrap_or(false) {
            run.exit = Exit::MemoryLimit;
        }
        Ok(run)
    }

    /// One sandboxed process of a job: its files, its cgroup and its launch command.
    async fn prepare(&self, job: &Job, role: Role, uid: Option<u32>) -> Result<Side, ExecError> {
        let limits = &job.limits;
        let dir = self.work_root.join(uuid::Uuid::new_v4().simple().to_string());
        let written = async {
            private_dir(&dir).await?;
            self.write_files(&dir, job, role).await
        };
        let files = match written.await {
            Ok(files) => files,
            Err(e) => {
                let _ = tokio::fs::remove_dir_all(&dir).await;
                return Err(ExecError::Internal(format!("writing job files: {e}")));
            }
        };
        let argv = match self.program(job, limits, role) {
            Ok(argv) => argv,
            Err(e) => {
                let _ = tokio::fs::remove_dir_all(&dir).await;
                return Err(e);
            }
        };
        let group = {
            let layout = self.cgroups.clone();
            let name = format!("run-{}", dir.file_name().and_then(|n| n.to_str()).unwrap_or("x"));
            let (mem, pids) = (limits.memory_bytes, limits.max_processes);
            tokio::task::spawn_blocking(move || layout.create(&name, mem, pids, 1.0))
                .await
                .map_err(|e| ExecError::Internal(e.to_string()))
                .and_then(|r| r.map_err(|e| ExecError::Unavailable(format!("creating the run's cgroup: {e}"))))
        };
        let group = match group {
            Ok(g) => g,
            Err(e) => {
                let _ = tokio::fs::remove_dir_all(&dir).await;
                return Err(e);
            }
        };
        let cmd = self
            .launcher(&dir, &files, limits, &argv, &group.procs_files(), uid)
            .await
            .map_err(|e| ExecError::Internal(format!("preparing the sandbox: {e}")));
        Ok(Side { dir, group, cmd: Some(cmd) })
    }

    /// Removes the sides' files and cgroups; says for each whether the OOM killer fired.
    async fn finish_all(&self, sides: Vec<Side>) -> Vec<bool> {
        let mut oom = Vec::with_capacity(sides.len());
        for side in sides {
            let _ = tokio::fs::remove_dir_all(&side.dir).await;
            let group = side.group;
            oom.push(
                tokio::task::spawn_blocking(move || {
                    let oom = group.oom_killed();
                    drop(group);
                    oom
                })
                .await
                .unwrap_or(false),
            );
        }
        oom
    }

    /// An input/output job: one process, its results channel read by the server.
    async fn run_one(&self, side: &mut Side, job: &Job, lines: Option<LineSink>) -> Result<RawRun, ExecError> {
        let limits = &job.limits;
        let mut cmd = side.take_cmd()?;
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).kill_on_drop(true);
        let started = Instant::now();
        let mut child = cmd.spawn().map_err(|e| ExecError::Unavailable(format!("cannot start the sandbox: {e}")))?;
        let stdout = child.stdout.take().ok_or_else(|| ExecError::Internal("no stdout".into()))?;
        let stderr = child.stderr.take().ok_or_else(|| ExecError::Internal("no stderr".into()))?;
        let results = ResultsCap::for_cases(limits, job.cases.len());
        let out_task = tokio::spawn(read_results(stdout, results, lines));
        let err_task = tokio::spawn(read_capped(stderr, limits.output_bytes));
        let status = match tokio::time::timeout(limits.wall, child.wait()).await {
            Ok(s) => Some(s.map_err(|e| ExecError::Internal(e.to_string()))?),
            Err(_) => {
                let _ = child.kill().await;
                side.group.kill_all();
                None
            }
        };
        let wall_ms = started.elapsed().as_millis() as u64;
        let (stdout, out_truncated) = out_task.await.map_err(|e| ExecError::Internal(e.to_string()))?;
        let (stderr, err_truncated) = err_task.await.map_err(|e| ExecError::Internal(e.to_string()))?;
        let exit = match status {
            None => Exit::Timeout,
            Some(s) => exit_of(s, &stdout, &stderr)?,
        };
        Ok(RawRun {
            stdout,
            stderr,
            output_truncated: out_truncated || err_truncated,
            exit,
            wall_ms,
            peak_memory: side.group.peak_memory(),
        })
    }

    /// A test-code job: the candidate's code serves calls in one sandbox, the problem's tests
    /// run in another, and the server relays each call and answer between them. Only the
    /// checker's results channel is read as results, so nothing the candidate writes can
    /// pass a test, and the tests never enter the candidate's process.
    async fn run_pair(
        &self,
        candidate: &mut Side,
        checker: &mut Side,
        job: &Job,
        lines: Option<LineSink>,
    ) -> Result<RawRun, ExecError> {
        use tokio::io::AsyncWriteExt;
        let limits = &job.limits;
        let cap = ResultsCap::for_cases(limits, job.cases.len());
        let spawn = |side: &mut Side| -> Result<tokio::process::Child, ExecError> {
            let mut cmd = side.take_cmd()?;
            cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).kill_on_drop(true);
            cmd.spawn().map_err(|e| ExecError::Unavailable(format!("cannot start the sandbox: {e}")))
        };
        let started = Instant::now();
        let mut cand = spawn(candidate)?;
        let mut check = spawn(checker)?;
        let missing = || ExecError::Internal("a sandbox pipe is missing".into());
        let (cand_in, cand_out, cand_err) = (
            cand.stdin.take().ok_or_else(missing)?,
            cand.stdout.take().ok_or_else(missing)?,
            cand.stderr.take().ok_or_else(missing)?,
        );
        let (check_in, check_out, check_err) = (
            check.stdin.take().ok_or_else(missing)?,
            check.stdout.take().ok_or_else(missing)?,
            check.stderr.take().ok_or_else(missing)?,
        );
        let cand_err_task = tokio::spawn(read_capped(cand_err, limits.output_bytes));
        let check_err_task = tokio::spawn(read_capped(check_err, limits.output_bytes));

        // Candidate → checker: its first line says whether its code loaded; every later line
        // is the answer to a call, passed on as it is (the checker only parses it).
        let (start_tx, start_rx) = tokio::sync::oneshot::channel::<Start>();
        let answers = tokio::spawn(async move {
            let mut reader = LineReader::new(cand_out, cap.bytes);
            let start = match reader.next().await {
                Some(Line::Text(t)) => Start::of(&t),
                Some(Line::Overlong) => Start::Failed(None),
                None => Start::Gone,
            };
            let ready = matches!(start, Start::Ready);
            let _ = start_tx.send(start);
            if !ready {
                return;
            }
            let mut to_checker = check_in;
            while let Some(line) = reader.next().await {
                let answer = match line {
                    Line::Text(t) => t,
                    Line::Overlong => br#"{"status":"error","error":"The answer is too large to pass back."}"#.to_vec(),
                };
                if to_checker.write_all(&answer).await.is_err() || to_checker.write_all(b"\n").await.is_err() {
                    break;
                }
            }
            // Dropping the pipe tells the checker the candidate has gone.
        });
        // Checker → results, except its calls, which go to the candidate.
        let verdicts = tokio::spawn(async move {
            let mut results = Results::new(cap, lines);
            let mut reader = LineReader::new(check_out, cap.bytes);
            let mut to_candidate = Some(cand_in);
            let mut broken = false;
            while let Some(line) = reader.next().await {
                match line {
                    Line::Text(t) if t.starts_with(b"{\"call\":") => {
                        if let Some(pipe) = to_candidate.as_mut() {
                            if pipe.write_all(&t).await.is_err() || pipe.write_all(b"\n").await.is_err() {
                                to_candidate = None;
                            }
                        }
                    }
                    Line::Text(t) if t == b"@@COMPILE_FAILED" => broken = true,
                    other => results.push(other).await,
                }
            }
            (results.finish(), broken)
        });

        let waited = tokio::time::timeout(limits.wall, async {
            let start = start_rx.await.unwrap_or(Start::Gone);
            if !matches!(start, Start::Ready) {
                return Err(start);
            }
            Ok(check.wait().await)
        })
        .await;
        let timed_out = waited.is_err();
        let mut compile = None;
        let mut never_ready = false;
        match waited {
            Ok(Err(Start::Failed(line))) => compile = Some(line),
            Ok(Err(_)) => never_ready = true,
            _ => {}
        }
        // The candidate's fate, if it ended before the tests did.
        let cand_status = cand.try_wait().ok().flatten();
        for (child, side) in [(&mut cand, &*candidate), (&mut check, &*checker)] {
            let _ = child.kill().await;
            side.group.kill_all();
        }
        let wall_ms = started.elapsed().as_millis() as u64;
        let _ = answers.await;
        let ((mut stdout, out_truncated), broken) = verdicts.await.map_err(|e| ExecError::Internal(e.to_string()))?;
        let (stderr, err_truncated) = cand_err_task.await.map_err(|e| ExecError::Internal(e.to_string()))?;
        let (check_stderr, _) = check_err_task.await.map_err(|e| ExecError::Internal(e.to_string()))?;
        if broken {
            return Err(ExecError::Internal(format!(
                "the problem's tests do not compile: {}",
                tail(&check_stderr, 2000)
            )));
        }
        let exit = if timed_out {
            Exit::Timeout
        } else {
            match cand_status {
                Some(s) => exit_of(s, "", &stderr)?,
                None => Exit::Normal,
            }
        };
        // The load failure, in the server's words or the candidate's compile error: never a
        // line the candidate wrote verbatim.
        if let Some(line) = compile {
            stdout.push_str(&line.unwrap_or_else(|| {
                json!({"event": "compile_error", "message": "The program could not be started."}).to_string()
            }));
            stdout.push('\n');
        } else if never_ready || timed_out && !stdout.contains("\"event\":\"ready\"") {
            let message = if timed_out {
                "The program did not start within the time limit.".to_string()
            } else {
                let t = tail(&stderr, 8000);
                if t.is_empty() {
                    "The program could not be started.".to_string()
                } else {
                    t
                }
            };
            stdout.push_str(&json!({"event": "compile_error", "message": message}).to_string());
            stdout.push('\n');
        }
        Ok(RawRun {
            stdout,
            stderr,
            output_truncated: out_truncated || err_truncated,
            exit,
            wall_ms,
            peak_memory: candidate.group.peak_memory(),
        })
    }
}

/// One prepared side of a job.
struct Side {
    dir: PathBuf,
    group: RunGroup,
    cmd: Option<Result<Command, ExecError>>,
}

impl Side {
    fn take_cmd(&mut self) -> Result<Command, ExecError> {
        self.cmd.take().unwrap_or_else(|| Err(ExecError::Internal("the sandbox was started twice".into())))
    }
}

/// How the candidate's side of a test-code job began.
enum Start {
    /// Its code loaded; calls may follow.
    Ready,
    /// Its code did not load: the compile-error line to report (rebuilt by the server), or
    /// `None` for the generic message.
    Failed(Option<String>),
    /// It ended without a word.
    Gone,
}

impl Start {
    fn of(line: &[u8]) -> Self {
        if line == b"@@COMPILE_FAILED" {
            return Start::Failed(Some("@@COMPILE_FAILED".into()));
        }
        #[derive(serde::Deserialize)]
        struct First {
            event: String,
            message: Option<String>,
        }
        match serde_json::from_slice::<First>(line) {
            Ok(f) if f.event == "ready" => Start::Ready,
            Ok(f) if f.event == "compile_error" => Start::Failed(Some(
                json!({"event": "compile_error", "message": f.message.unwrap_or_default()}).to_string(),
            )),
            _ => Start::Failed(None),
        }
    }
}

/// How a finished sandbox process ended; the launcher's own failure is an internal error.
fn exit_of(s: std::process::ExitStatus, stdout: &str, stderr: &str) -> Result<Exit, ExecError> {
    Ok(match s.code() {
        Some(0) => Exit::Normal,
        Some(125) if stdout.is_empty() && stderr.starts_with("sparring: ") => {
            return Err(ExecError::Internal(stderr.to_string()));
        }
        Some(code) => Exit::Code(code),
        None => Exit::Signal,
    })
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

/// Creates a directory only the server's uid can enter.
async fn private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    tokio::fs::create_dir_all(dir).await?;
    tokio::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).await
}

/// Bounds on what the results channel of one run may hold.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ResultsCap {
    /// Total bytes of kept lines.
    pub bytes: usize,
    /// Bytes of one line; a longer line is dropped whole.
    pub line_bytes: usize,
    /// Lines kept (the harness writes a few per case); empty lines are not counted or kept.
    pub lines: usize,
}

impl ResultsCap {
    pub(crate) fn for_cases(limits: &Limits, cases: usize) -> Self {
        Self { bytes: limits.results_bytes, line_bytes: limits.results_line_bytes, lines: 2 * cases + 8 }
    }
}

/// One line of a sandbox's output.
pub(crate) enum Line {
    Text(Vec<u8>),
    /// A line longer than the reader's cap, dropped whole.
    Overlong,
}

/// Splits a stream into non-empty lines in linear time (each byte is looked at once), holding
/// at most one line of `max` bytes; a longer line is skipped to its end and reported as
/// overlong.
pub(crate) struct LineReader<R> {
    r: R,
    chunk: Vec<u8>,
    pos: usize,
    len: usize,
    line: Vec<u8>,
    overlong: bool,
    max: usize,
}

impl<R: AsyncRead + Unpin> LineReader<R> {
    pub(crate) fn new(r: R, max: usize) -> Self {
        Self { r, chunk: vec![0; 16 * 1024], pos: 0, len: 0, line: Vec::new(), overlong: false, max }
    }

    /// The next line; a last line without its newline counts; `None` at the end.
    pub(crate) async fn next(&mut self) -> Option<Line> {
        loop {
            if self.pos == self.len {
                match self.r.read(&mut self.chunk).await {
                    Ok(0) | Err(_) => {
                        if std::mem::take(&mut self.overlong) {
                            return Some(Line::Overlong);
                        }
                        return (!self.line.is_empty()).then(|| Line::Text(std::mem::take(&mut self.line)));
                    }
                    Ok(n) => (self.pos, self.len) = (0, n),
                }
            }
            let avail = &self.chunk[self.pos..self.len];
            let (end, ended) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (i, true),
                None => (avail.len(), false),
            };
            if !self.overlong {
                if self.line.len() + end > self.max {
                    self.overlong = true;
                    self.line = Vec::new();
                } else {
                    self.line.extend_from_slice(&avail[..end]);
                }
            }
            self.pos += end + usize::from(ended);
            if ended {
                if std::mem::take(&mut self.overlong) {
                    return Some(Line::Overlong);
                }
                // Empty lines mean nothing to any reader: skipped here, a flood of newlines
                // costs a scan, not a wake-up per line.
                if !self.line.is_empty() {
                    return Some(Line::Text(std::mem::take(&mut self.line)));
                }
            }
        }
    }
}

/// The kept results lines of one run, within [`ResultsCap`]: each kept line is also sent to
/// the line sink (waiting when its reader is behind, which slows the writer, never the
/// server).
struct Results {
    cap: ResultsCap,
    lines: Option<LineSink>,
    kept: String,
    count: usize,
    truncated: bool,
}

impl Results {
    fn new(cap: ResultsCap, lines: Option<LineSink>) -> Self {
        Self { cap, lines, kept: String::new(), count: 0, truncated: false }
    }

    async fn push(&mut self, line: Line) {
        let text = match line {
            Line::Overlong => {
                self.truncated = true;
                return;
            }
            Line::Text(t) if t.is_empty() => return,
            Line::Text(t) => t,
        };
        if self.count >= self.cap.lines || text.len() > self.cap.line_bytes {
            self.truncated = true;
            return;
        }
        if self.kept.len() + text.len() + 1 > self.cap.bytes {
            self.truncated = true;
            self.count = self.cap.lines;
            return;
        }
        let text = String::from_utf8_lossy(&text).into_owned();
        self.count += 1;
        self.kept.push_str(&text);
        self.kept.push('\n');
        if let Some(tx) = &self.lines {
            let _ = tx.send(text).await;
        }
    }

    fn finish(self) -> (String, bool) {
        (self.kept, self.truncated)
    }
}

/// Reads the results channel of a run: at most `cap.lines` non-empty lines of at most
/// `cap.line_bytes` each and `cap.bytes` in all, each sent to `lines` as it completes; the
/// rest is drained so the writer never blocks. Memory is bounded by the caps whatever the
/// program writes.
pub(crate) async fn read_results(
    r: impl AsyncRead + Unpin,
    cap: ResultsCap,
    lines: Option<LineSink>,
) -> (String, bool) {
    let mut reader = LineReader::new(r, cap.line_bytes);
    let mut results = Results::new(cap, lines);
    while let Some(line) = reader.next().await {
        results.push(line).await;
    }
    results.finish()
}

/// Reads a stream up to `cap` bytes, then drains the rest so the writer never blocks.
async fn read_capped(mut r: impl AsyncRead + Unpin, cap: usize) -> (String, bool) {
    let mut buf = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    let mut truncated = false;
    loop {
        match r.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = cap.saturating_sub(buf.len());
                if n > room {
                    truncated = true;
                }
                buf.extend_from_slice(&chunk[..n.min(room)]);
            }
        }
    }
    (String::from_utf8_lossy(&buf).into_owned(), truncated)
}

#[cfg(test)]
mod results_tests {
    use crate::platform::executor::local::{read_results, ResultsCap};

    const CAP: ResultsCap = ResultsCap { bytes: 1 << 20, line_bytes: 64 << 10, lines: 10 };

    async fn read(input: Vec<u8>, cap: ResultsCap) -> (String, bool, Vec<String>) {
        let (tx, mut rx) = tokio::sync::mpsc::channel(crate::platform::executor::LINE_QUEUE);
        let reader = tokio::spawn(read_results(std::io::Cursor::new(input), cap, Some(tx)));
        let mut sent = Vec::new();
        while let Some(line) = rx.recv().await {
            sent.push(line);
        }
        let (kept, truncated) = reader.await.unwrap();
        (kept, truncated, sent)
    }

    #[tokio::test]
    async fn lines_are_kept_and_sent_as_they_complete() {
        let (kept, truncated, sent) = read(b"{\"a\":1}\n\n{\"b\":2}\nlast".to_vec(), CAP).await;
        // A last line without its newline counts too (a program may end without one).
        assert_eq!(sent, ["{\"a\":1}", "{\"b\":2}", "last"]);
        assert_eq!(kept, "{\"a\":1}\n{\"b\":2}\nlast\n");
        assert!(!truncated);
    }

    #[tokio::test]
    async fn a_line_longer_than_its_cap_is_dropped_whole_and_the_next_one_survives() {
        let mut input = vec![b'x'; 5 << 20];
        input.extend_from_slice(b"\n{\"ok\":true}\n");
        let (kept, truncated, sent) = read(input, CAP).await;
        assert_eq!(sent, ["{\"ok\":true}"]);
        assert_eq!(kept, "{\"ok\":true}\n");
        assert!(truncated);
    }

    #[tokio::test]
    async fn a_flood_of_newlines_or_lines_keeps_only_the_capped_count() {
        let (kept, truncated, sent) = read(vec![b'\n'; 16 << 20], CAP).await;
        assert!(kept.is_empty() && sent.is_empty() && !truncated);
        let many: Vec<u8> = (0..100_000).flat_map(|i| format!("{i}\n").into_bytes()).collect();
        let (kept, truncated, sent) = read(many, CAP).await;
        assert_eq!(sent.len(), CAP.lines);
        assert_eq!(kept.lines().count(), CAP.lines);
        assert!(truncated);
    }

    #[tokio::test]
    async fn the_total_is_capped_in_bytes() {
        let cap = ResultsCap { bytes: 100, line_bytes: 64, lines: 1000 };
        let input: Vec<u8> = (0..50).flat_map(|_| b"0123456789abcdef0123456789\n".to_vec()).collect();
        let (kept, truncated, _) = read(input, cap).await;
        assert!(kept.len() <= 100, "{}", kept.len());
        assert!(truncated);
    }
}
