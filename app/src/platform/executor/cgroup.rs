//! Per-run control groups: memory, process-count and CPU limits, OOM detection, and killing
//! every process of a run. Works with cgroup v2 (unified) and v1 (separate hierarchies).

use std::path::{Path, PathBuf};

/// Which cgroup layout the host has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// cgroup v2: one directory under this parent, with memory, pids and cpu enabled.
    V2 { parent: PathBuf },
    /// cgroup v1: one directory per controller, under these parents.
    V1 { memory: PathBuf, pids: PathBuf, cpu: PathBuf },
}

/// Why the host cannot confine programs.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cgroups are not usable for sandboxing: {0}")]
pub struct Unavailable(pub String);

const ROOT: &str = "/sys/fs/cgroup";
const GROUP: &str = "sparring";
/// The leaf a non-root server moves itself into, so its delegated cgroup may have children
/// with controllers (cgroup v2 allows controllers only on groups without processes).
const SERVER_LEAF: &str = "sparring-server";
const RUNS: &str = "sparring-runs";

fn write(path: &Path, value: &str) -> std::io::Result<()> {
    std::fs::write(path, value)
}

/// The host facts detection depends on, gathered once so tests can give their own.
#[derive(Debug, Clone)]
pub struct Host {
    /// Where the cgroup filesystem is mounted.
    pub root: PathBuf,
    /// Whether the server runs as root.
    pub is_root: bool,
    /// The server's process id.
    pub pid: u32,
    /// The server's own cgroup v2 path (from `/proc/self/cgroup`, the `0::` line).
    pub own: Option<String>,
}

impl Host {
    /// This machine.
    pub fn current() -> Self {
        let own = std::fs::read_to_string("/proc/self/cgroup")
            .ok()
            .and_then(|t| t.lines().find_map(|l| l.strip_prefix("0::").map(str::to_string)));
        Self { root: PathBuf::from(ROOT), is_root: rustix::process::geteuid().is_root(), pid: std::process::id(), own }
    }
}

fn enable_controllers(group: &Path) -> Result<(), Unavailable> {
    write(&group.join("cgroup.subtree_control"), "+memory +pids +cpu")
        .map_err(|e| Unavailable(format!("enabling the memory, pids and cpu controllers in {}: {e}", group.display())))
}

impl Layout {
    /// Detects the layout and prepares the parent group of the runs on this machine.
    pub fn detect(configured: Option<&Path>) -> Result<Layout, Unavailable> {
        Self::detect_on(&Host::current(), configured)
    }

    /// Detects the layout and prepares the parent group of the runs:
    /// - `configured` (a path relative to the cgroup mount, e.g. `sparring` or
    ///   `user.slice/user-1000.slice/user@1000.service/sparring`) when given: it must exist
    ///   or be creatable, and be writable by the server's uid;
    /// - else, as root, `sparring` at the top of each hierarchy;
    /// - else (an ordinary user on cgroup v2), the server's own cgroup, which must be
    ///   delegated to the user (`systemd-run --user --scope -p Delegate=yes …`): the server
    ///   moves itself into a `sparring-server` leaf and runs go under `sparring-runs`.
    pub fn detect_on(host: &Host, configured: Option<&Path>) -> Result<Layout, Unavailable> {
        let root = &host.root;
        if let Some(c) = configured {
            if c.is_absolute() || c.components().any(|p| matches!(p, std::path::Component::ParentDir)) {
                return Err(Unavailable(format!("{} must be a path relative to {}", c.display(), root.display())));
            }
        }
        if root.join("cgroup.controllers").is_file() {
            let controllers = std::fs::read_to_string(root.join("cgroup.controllers")).unwrap_or_default();
            for c in ["memory", "pids", "cpu"] {
                if !controllers.split_whitespace().any(|x| x == c) {
                    return Err(Unavailable(format!("the {c} controller is not available")));
                }
            }
            let parent = match (configured, host.is_root) {
                (Some(c), _) => root.join(c),
                (None, true) => {
                    // Children of the root may use these controllers.
                    let _ = write(&root.join("cgroup.subtree_control"), "+memory +pids +cpu");
                    root.join(GROUP)
                }
                (None, false) => Self::delegated(host)?,
            };
            std::fs::create_dir_all(&parent).map_err(|e| Unavailable(format!("creating {}: {e}", parent.display())))?;
            enable_controllers(&parent)?;
            return Ok(Layout::V2 { parent });
        }
        let name = configured.unwrap_or(Path::new(GROUP));
        let dirs: Vec<PathBuf> = ["memory", "pids", "cpu"].iter().map(|c| root.join(c).join(name)).collect();
        for dir in &dirs {
            std::fs::create_dir_all(dir).map_err(|e| Unavailable(format!("creating {}: {e}", dir.display())))?;
        }
        let [memory, pids, cpu] =
            <[PathBuf; 3]>::try_from(dirs).map_err(|_| Unavailable("three controllers".into()))?;
        Ok(Layout::V1 { memory, pids, cpu })
    }

    /// The runs' parent inside the server's own delegated cgroup (v2, not root).
    fn delegated(host: &Host) -> Result<PathBuf, Unavailable> {
        let advice = "run the server in a cgroup delegated to your user (systemd-run --user --scope -p \
                      Delegate=yes ./scripts/run.sh) or set sandbox_cgroup to a subtree you own";
        let own = host.own.as_deref().ok_or_else(|| Unavailable(format!("cannot read /proc/self/cgroup; {advice}")))?;
        let mut base = host.root.join(own.trim_start_matches('/'));
        // A second sandbox in the same process finds the server already in its leaf.
        if base.file_name().is_some_and(|n| n == SERVER_LEAF) {
            base.pop();
        } else {
            let leaf = base.join(SERVER_LEAF);
            std::fs::create_dir_all(&leaf)
                .and_then(|_| write(&leaf.join("cgroup.procs"), &host.pid.to_string()))
                .map_err(|e| {
                    Unavailable(format!("{} is not delegated to this user ({e}); {advice}", base.display()))
                })?;
        }
        enable_controllers(&base).map_err(|e| Unavailable(format!("{}; {advice}", e.0)))?;
        Ok(base.join(RUNS))
    }

    /// Creates the group of one run with its limits.
    pub fn create(&self, name: &str, memory_bytes: u64, max_pids: u32, cpu_cores: f64) -> std::io::Result<RunGroup> {
        let period = 100_000u64;
        let quota = ((cpu_cores * period as f64) as u64).max(1000);
        match self {
            Layout::V2 { parent } => {
                let dir = parent.join(name);
                std::fs::create_dir(&dir)?;
                write(&dir.join("memory.max"), &memory_bytes.to_string())?;
                let _ = write(&dir.join("memory.swap.max"), "0");
                write(&dir.join("pids.max"), &max_pids.to_string())?;
                write(&dir.join("cpu.max"), &format!("{quota} {period}"))?;
                Ok(RunGroup { dirs: vec![dir], v2: true })
            }
            Layout::V1 { memory, pids, cpu } => {
                let (m, p, c) = (memory.join(name), pids.join(name), cpu.join(name));
                for d in [&m, &p, &c] {
                    std::fs::create_dir(d)?;
                }
                write(&m.join("memory.limit_in_bytes"), &memory_bytes.to_string())?;
                let _ = write(&m.join("memory.memsw.limit_in_bytes"), &memory_bytes.to_string());
                write(&p.join("pids.max"), &max_pids.to_string())?;
                write(&c.join("cpu.cfs_period_us"), &period.to_string())?;
                write(&c.join("cpu.cfs_quota_us"), &quota.to_string())?;
                Ok(RunGroup { dirs: vec![m, p, c], v2: false })
            }
        }
    }
}

/// The cgroup(s) of one run; removed on drop after killing anything left inside.
#[derive(Debug)]
pub struct RunGroup {
    dirs: Vec<PathBuf>,
    v2: bool,
}

impl RunGroup {
    /// The `cgroup.procs` files a process must join.
    pub fn procs_files(&self) -> Vec<PathBuf> {
        self.dirs.iter().map(|d| d.join("cgroup.procs")).collect()
    }

    /// Whether the kernel's OOM killer fired in this group. Where the kernel does not count
    /// OOM kills (old v1 kernels), hitting the limit with usage at the limit counts.
    pub fn oom_killed(&self) -> bool {
        let Some(mem) = self.dirs.first() else { return false };
        let events = if self.v2 { "memory.events" } else { "memory.oom_control" };
        let counted = std::fs::read_to_string(mem.join(events)).ok().and_then(|t| {
            t.lines().find_map(|l| l.strip_prefix("oom_kill ").and_then(|n| n.trim().parse::<u64>().ok()))
        });
        match counted {
            Some(n) => n > 0,
            None => {
                !self.v2
                    && std::fs::read_to_string(mem.join("memory.failcnt"))
                        .ok()
                        .and_then(|t| t.trim().parse::<u64>().ok())
                        .is_some_and(|n| n > 0)
                    && self.peak_memory() >= self.memory_limit().saturating_sub(4 << 20)
            }
        }
    }

    fn memory_limit(&self) -> u64 {
        let Some(mem) = self.dirs.first() else { return u64::MAX };
        let file = if self.v2 { "memory.max" } else { "memory.limit_in_bytes" };
        std::fs::read_to_string(mem.join(file)).ok().and_then(|t| t.trim().parse().ok()).unwrap_or(u64::MAX)
    }

    /// The highest memory use seen, in bytes (0 when unknown).
    pub fn peak_memory(&self) -> u64 {
        let Some(mem) = self.dirs.first() else { return 0 };
        let file = if self.v2 { "memory.peak" } else { "memory.max_usage_in_bytes" };
        std::fs::read_to_string(mem.join(file)).ok().and_then(|t| t.trim().parse().ok()).unwrap_or(0)
    }

    /// Kills every process still in the group.
    pub fn kill_all(&self) {
        for dir in &self.dirs {
            if self.v2 && write(&dir.join("cgroup.kill"), "1").is_ok() {
                continue;
            }
            if let Ok(pids) = std::fs::read_to_string(dir.join("cgroup.procs")) {
                for pid in pids.split_whitespace() {
                    let _ = std::process::Command::new("/bin/kill")
                        .args(["-9", pid])
                        .stderr(std::process::Stdio::null())
                        .status();
                }
            }
        }
    }
}

impl Drop for RunGroup {
    fn drop(&mut self) {
        self.kill_all();
        for dir in &self.dirs {
            // The kernel refuses rmdir while processes remain; retry briefly.
            for _ in 0..50 {
                if std::fs::remove_dir(dir).is_ok() || !dir.exists() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::platform::executor::cgroup::*;

    /// A directory laid out like a cgroup v2 mount (the files the code reads and writes).
    fn fake_v2(own: &str) -> (PathBuf, Host) {
        let root = std::env::temp_dir().join(format!("sparring-cgroup-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(root.join(own.trim_start_matches('/'))).unwrap();
        std::fs::write(root.join("cgroup.controllers"), "cpuset cpu io memory pids").unwrap();
        let host = Host { root: root.clone(), is_root: false, pid: 4242, own: Some(own.to_string()) };
        (root, host)
    }

    #[test]
    fn an_ordinary_user_on_cgroup_v2_moves_into_a_leaf_of_its_delegated_group_and_runs_go_beside_it() {
        let own = "/user.slice/user-1000.slice/user@1000.service/app.slice/run-1.scope";
        let (root, host) = fake_v2(own);
        let layout = Layout::detect_on(&host, None).unwrap();
        let base = root.join(own.trim_start_matches('/'));
        assert_eq!(layout, Layout::V2 { parent: base.join("sparring-runs") });
        assert_eq!(std::fs::read_to_string(base.join("sparring-server/cgroup.procs")).unwrap(), "4242");
        for group in [&base, &base.join("sparring-runs")] {
            assert_eq!(std::fs::read_to_string(group.join("cgroup.subtree_control")).unwrap(), "+memory +pids +cpu");
        }
        // A second sandbox in the same process, now inside the leaf, finds the same parent.
        let again = Host { own: Some(format!("{own}/sparring-server")), ..host };
        assert_eq!(Layout::detect_on(&again, None).unwrap(), layout);
    }

    #[test]
    fn a_configured_subtree_is_used_as_given_and_must_stay_under_the_cgroup_mount() {
        let (root, host) = fake_v2("/init.scope");
        let layout = Layout::detect_on(&host, Some(Path::new("delegated/sparring"))).unwrap();
        assert_eq!(layout, Layout::V2 { parent: root.join("delegated/sparring") });
        for bad in ["/sys/fs/cgroup/x", "../escape", "a/../../b"] {
            let err = Layout::detect_on(&host, Some(Path::new(bad))).unwrap_err();
            assert!(err.0.contains("relative"), "{bad}: {err}");
        }
    }

    #[test]
    fn a_missing_controller_or_an_undelegated_group_is_refused_with_advice() {
        let (root, host) = fake_v2("/user.slice");
        std::fs::write(root.join("cgroup.controllers"), "cpu pids").unwrap();
        let err = Layout::detect_on(&host, None).unwrap_err();
        assert!(err.0.contains("memory controller"), "{err}");
        let no_own = Host { own: None, root: root.clone(), is_root: false, pid: 1 };
        std::fs::write(root.join("cgroup.controllers"), "cpu memory pids").unwrap();
        let err = Layout::detect_on(&no_own, None).unwrap_err();
        assert!(err.0.contains("Delegate=yes"), "{err}");
    }

    #[test]
    fn a_run_group_on_cgroup_v2_gets_its_memory_process_and_cpu_limits() {
        let (root, host) = fake_v2("/x");
        let layout = Layout::detect_on(&host, Some(Path::new("runs"))).unwrap();
        let group = layout.create("run-1", 256 << 20, 64, 1.0).unwrap();
        let dir = root.join("runs/run-1");
        assert_eq!(group.procs_files(), vec![dir.join("cgroup.procs")]);
        assert_eq!(std::fs::read_to_string(dir.join("memory.max")).unwrap(), (256u64 << 20).to_string());
        assert_eq!(std::fs::read_to_string(dir.join("memory.swap.max")).unwrap(), "0");
        assert_eq!(std::fs::read_to_string(dir.join("pids.max")).unwrap(), "64");
        assert_eq!(std::fs::read_to_string(dir.join("cpu.max")).unwrap(), "100000 100000");
        std::fs::write(dir.join("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n").unwrap();
        assert!(group.oom_killed());
        std::mem::forget(group);
        let _ = std::fs::remove_dir_all(&root);
    }
}
