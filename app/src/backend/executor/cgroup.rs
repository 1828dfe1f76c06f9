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

fn write(path: &Path, value: &str) -> std::io::Result<()> {
    std::fs::write(path, value)
}

impl Layout {
    /// Detects the layout and prepares the `sparring` parent group.
    pub fn detect() -> Result<Layout, Unavailable> {
        let root = Path::new(ROOT);
        if root.join("cgroup.controllers").is_file() {
            let parent = root.join(GROUP);
            std::fs::create_dir_all(&parent).map_err(|e| Unavailable(format!("creating {}: {e}", parent.display())))?;
            let controllers = std::fs::read_to_string(root.join("cgroup.controllers")).unwrap_or_default();
            for c in ["memory", "pids", "cpu"] {
                if !controllers.split_whitespace().any(|x| x == c) {
                    return Err(Unavailable(format!("the {c} controller is not available")));
                }
            }
            // Children of `parent` may use these controllers.
            let _ = write(&root.join("cgroup.subtree_control"), "+memory +pids +cpu");
            write(&parent.join("cgroup.subtree_control"), "+memory +pids +cpu")
                .map_err(|e| Unavailable(format!("enabling controllers: {e}")))?;
            return Ok(Layout::V2 { parent });
        }
        let memory = root.join("memory").join(GROUP);
        let pids = root.join("pids").join(GROUP);
        let cpu = root.join("cpu").join(GROUP);
        for dir in [&memory, &pids, &cpu] {
            std::fs::create_dir_all(dir).map_err(|e| Unavailable(format!("creating {}: {e}", dir.display())))?;
        }
        Ok(Layout::V1 { memory, pids, cpu })
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
