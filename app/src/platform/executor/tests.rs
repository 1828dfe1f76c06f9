//! The sandbox against real interpreters, including hostile programs. These tests need
//! bubblewrap and writable cgroups (root), as CI has.

use serde_json::{json, Value};
use std::time::Duration;

use crate::platform::executor::local::LocalSandbox;
use crate::platform::executor::*;

pub(super) async fn sandbox() -> LocalSandbox {
    let dir = std::env::temp_dir().join(format!("sparring-exec-test-{}", uuid::Uuid::new_v4().simple()));
    sandbox_in(dir).await
}

/// A sandbox working in `dir`. scripts/test.sh also runs these tests as an ordinary user, in
/// a cgroup subtree it owns (named by `SPARRING_TEST_SANDBOX_CGROUP`).
pub(super) async fn sandbox_in(dir: std::path::PathBuf) -> LocalSandbox {
    let mut options = crate::platform::executor::local::SandboxOptions::new(dir);
    options.cgroup = std::env::var_os("SPARRING_TEST_SANDBOX_CGROUP").map(Into::into);
    LocalSandbox::with_options(options).await.expect("this machine must be able to sandbox (bwrap + cgroups)")
}

pub(super) fn two_sum_job(language: Language, source: &str) -> Job {
    Job {
        language,
        source: source.to_string(),
        function: if language == Language::Python { "two_sum".into() } else { "twoSum".into() },
        params: vec!["int[]", "int"],
        returns: "int[]",
        cases: vec![
            JobCase::Io { id: 0, args: vec![json!([2, 7, 11, 15]), json!(9)] },
            JobCase::Io { id: 1, args: vec![json!([3, 2, 4]), json!(6)] },
        ],
        tests_code: None,
        limits: Limits { wall: Duration::from_secs(5), ..Limits::default() },
    }
}

pub(super) fn expected() -> Vec<(u32, Option<Value>)> {
    vec![(0, Some(json!([0, 1]))), (1, Some(json!([1, 2])))]
}

async fn verdicts(sb: &LocalSandbox, job: Job) -> (Vec<Verdict>, Report) {
    let raw = sb.run(&job).await.unwrap();
    let report = evaluate(&raw, &expected(), CompareMode::Exact, 0.0);
    (report.cases.iter().map(|c| c.verdict).collect(), report)
}

pub(super) const PY_OK: &str = "def two_sum(nums, target):\n    seen = {}\n    for i, n in enumerate(nums):\n        if target - n in seen:\n            return [seen[target - n], i]\n        seen[n] = i\n";

#[tokio::test]
async fn a_correct_python_solution_is_accepted_and_prints_are_captured_per_case() {
    let sb = sandbox().await;
    let src = format!("{PY_OK}\nprint('hello from the module')\n");
    let (v, report) = verdicts(
        &sb,
        two_sum_job(Language::Python, &src.replace("    seen = {}", "    print('case', nums)\n    seen = {}")),
    )
    .await;
    assert_eq!(v, [Verdict::Accepted, Verdict::Accepted], "{report:?}");
    assert_eq!(report.cases[0].stdout, "case [2, 7, 11, 15]\n");
}

#[tokio::test]
async fn a_wrong_answer_is_not_accepted() {
    let sb = sandbox().await;
    let (v, _) = verdicts(&sb, two_sum_job(Language::Python, "def two_sum(nums, target):\n    return [0, 1]\n")).await;
    assert_eq!(v, [Verdict::Accepted, Verdict::WrongAnswer]);
}

#[tokio::test]
async fn javascript_and_java_solutions_run_too() {
    let sb = sandbox().await;
    let js = "function twoSum(nums, target) { const m = new Map(); for (let i = 0; i < nums.length; i++) { if (m.has(target - nums[i])) return [m.get(target - nums[i]), i]; m.set(nums[i], i); } }";
    let (v, r) = verdicts(&sb, two_sum_job(Language::Javascript, js)).await;
    assert_eq!(v, [Verdict::Accepted, Verdict::Accepted], "{r:?}");
    let java = "import java.util.*;\nclass Solution { public int[] twoSum(int[] nums, int target) { Map<Integer,Integer> m = new HashMap<>(); for (int i = 0; i < nums.length; i++) { Integer j = m.get(target - nums[i]); if (j != null) return new int[]{j, i}; m.put(nums[i], i); } return new int[0]; } }";
    let mut job = two_sum_job(Language::Java, java);
    job.limits.wall = Duration::from_secs(30);
    let (v, r) = verdicts(&sb, job).await;
    assert_eq!(v, [Verdict::Accepted, Verdict::Accepted], "{r:?}");
}

#[tokio::test]
async fn compile_errors_are_reported_with_their_line() {
    let sb = sandbox().await;
    let (v, r) = verdicts(&sb, two_sum_job(Language::Python, "def two_sum(nums, target)\n    return []\n")).await;
    assert_eq!(v, [Verdict::CompileError, Verdict::CompileError]);
    assert!(r.compile_error.unwrap().contains("Line 1"));
    let mut job =
        two_sum_job(Language::Java, "class Solution { public int[] twoSum(int[] nums, int target) { return nums } }");
    job.limits.wall = Duration::from_secs(30);
    let (v, r) = verdicts(&sb, job).await;
    assert_eq!(v, [Verdict::CompileError, Verdict::CompileError]);
    assert!(r.compile_error.unwrap().contains("Solution.java"));
}

#[tokio::test]
async fn an_infinite_loop_hits_the_time_limit() {
    let sb = sandbox().await;
    let mut job = two_sum_job(Language::Python, "def two_sum(nums, target):\n    while True:\n        pass\n");
    job.limits.wall = Duration::from_secs(2);
    let started = std::time::Instant::now();
    let (v, _) = verdicts(&sb, job).await;
    assert_eq!(v, [Verdict::TimeLimit, Verdict::NotRun]);
    assert!(started.elapsed() < Duration::from_secs(6));
}

#[tokio::test]
async fn a_memory_bomb_hits_the_memory_limit() {
    let sb = sandbox().await;
    let mut job = two_sum_job(
        Language::Python,
        "def two_sum(nums, target):\n    x = []\n    while True:\n        x.append(bytearray(10 << 20))\n",
    );
    job.limits.memory_bytes = 128 << 20;
    let (v, r) = verdicts(&sb, job).await;
    assert_eq!(v[0], Verdict::MemoryLimit, "{r:?}");
}

#[tokio::test]
async fn a_fork_bomb_is_contained() {
    let sb = sandbox().await;
    let mut job = two_sum_job(
        Language::Python,
        "import os\ndef two_sum(nums, target):\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n",
    );
    job.limits.wall = Duration::from_secs(3);
    let (v, _) = verdicts(&sb, job).await;
    assert!(matches!(v[0], Verdict::TimeLimit | Verdict::RuntimeError), "{v:?}");
}

#[tokio::test]
async fn host_files_network_and_environment_are_out_of_reach() {
    let sb = sandbox().await;
    std::env::set_var("SPARRING_TEST_SECRET", "s3cr3t-value");
    let src = r#"
import os, socket
def two_sum(nums, target):
    found = []
    for path in ["/etc/passwd", "/etc/shadow", "/root/.bashrc", "/work/main/Cargo.toml", "/home"]:
        try:
            open(path).read(); found.append(path)
        except Exception:
            pass
    try:
        socket.create_connection(("127.0.0.1", 80), timeout=1); found.append("net")
    except Exception:
        pass
    found.append("uid=%d" % os.getuid())
    found.append("init=" + open("/proc/1/environ").read())
    found.append("env=" + ",".join(sorted(os.environ)))
    return found
"#;
    let raw = sb.run(&two_sum_job(Language::Python, src)).await.unwrap();
    let report = evaluate(&raw, &expected(), CompareMode::Exact, 0.0);
    let out = report.cases[0].output.clone().unwrap();
    let items: Vec<String> = serde_json::from_value(out).unwrap();
    assert_eq!(items[0], "uid=65534", "{items:?}");
    assert!(items[1].starts_with("init="), "{items:?}");
    assert!(!items.iter().any(|i| i.contains("SPARRING_TEST_SECRET") || i.contains("s3cr3t")), "{items:?}");
    assert!(!raw.stdout.contains("s3cr3t-value"));
}

#[tokio::test]
async fn dangerous_kernel_interfaces_are_refused_by_seccomp() {
    let sb = sandbox().await;
    let src = r#"
import ctypes, os, socket
def two_sum(nums, target):
    libc = ctypes.CDLL(None, use_errno=True)
    out = []
    for name, nr, args in [("ptrace", 101, (0, 0, 0, 0)), ("unshare", 272, (0x10000000,)), ("mount", 165, (0, 0, 0, 0, 0))]:
        rc = libc.syscall(nr, *args)
        out.append("%s=%d/%d" % (name, rc, ctypes.get_errno()))
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        out.append("inet=allowed")
    except PermissionError:
        out.append("inet=EPERM")
    socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).close()
    out.append("unix=ok")
    return out
"#;
    let raw = sb.run(&two_sum_job(Language::Python, src)).await.unwrap();
    let report = evaluate(&raw, &expected(), CompareMode::Exact, 0.0);
    let items: Vec<String> = serde_json::from_value(report.cases[0].output.clone().unwrap()).unwrap();
    let eperm = libc::EPERM;
    assert_eq!(
        items,
        [
            format!("ptrace=-1/{eperm}"),
            format!("unshare=-1/{eperm}"),
            format!("mount=-1/{eperm}"),
            "inet=EPERM".into(),
            "unix=ok".into()
        ]
    );
}

#[tokio::test]
async fn a_relative_work_directory_works_like_the_default_data_directory() {
    // `./data/sandbox` by default: relative to the server's working directory, while the
    // launcher itself runs from `/`.
    let cwd = std::env::current_dir().unwrap();
    let up = "../".repeat(cwd.components().count().saturating_sub(1));
    let target = std::env::temp_dir().join(format!("sparring-relative-{}", uuid::Uuid::new_v4().simple()));
    let relative = std::path::PathBuf::from(format!("{up}{}", target.display().to_string().trim_start_matches('/')));
    assert!(relative.is_relative());
    let sb = sandbox_in(relative).await;
    let (v, report) = verdicts(&sb, two_sum_job(Language::Python, PY_OK)).await;
    assert_eq!(v, [Verdict::Accepted, Verdict::Accepted], "{report:?}");
    let _ = std::fs::remove_dir_all(target);
}
