//! The hostile corpus: programs that try to hang, exhaust, flood, escape or snoop. Each must
//! end with the right verdict, leak nothing, and leave a concurrent honest run unharmed.

use std::time::{Duration, Instant};

use crate::platform::executor::tests::{expected, sandbox, two_sum_job, PY_OK};
use crate::platform::executor::*;
use Verdict::*;

struct Hostile {
    name: &'static str,
    language: Language,
    source: &'static str,
    allowed: &'static [Verdict],
}

macro_rules! hostile {
    ($name:literal, $lang:ident, $file:literal, $allowed:expr) => {
        Hostile { name: $name, language: Language::$lang, source: include_str!($file), allowed: $allowed }
    };
}

const CORPUS: &[Hostile] = &[
    hostile!("py infinite loop", Python, "hostile/python/infinite_loop.py", &[TimeLimit]),
    hostile!("py sleep", Python, "hostile/python/sleep.py", &[TimeLimit]),
    hostile!("py fork bomb", Python, "hostile/python/fork_bomb.py", &[TimeLimit, RuntimeError]),
    hostile!("py thread bomb", Python, "hostile/python/thread_bomb.py", &[TimeLimit, RuntimeError]),
    hostile!("py memory bomb", Python, "hostile/python/memory_bomb.py", &[MemoryLimit]),
    hostile!("py huge output", Python, "hostile/python/huge_output.py", &[OutputLimit]),
    hostile!("py raw fd flood", Python, "hostile/python/raw_fd_flood.py", &[TimeLimit, OutputLimit]),
    hostile!("py disk fill", Python, "hostile/python/disk_fill.py", &[RuntimeError]),
    hostile!("py read host files", Python, "hostile/python/read_host_files.py", &[WrongAnswer]),
    hostile!("py network", Python, "hostile/python/network.py", &[RuntimeError]),
    hostile!("py kill parent", Python, "hostile/python/kill_parent.py", &[Accepted]),
    hostile!("py orphan via setsid", Python, "hostile/python/orphan_setsid.py", &[Accepted]),
    hostile!("py spawn shell", Python, "hostile/python/spawn_shell.py", &[WrongAnswer]),
    hostile!("py stack overflow", Python, "hostile/python/stack_overflow.py", &[RuntimeError, MemoryLimit]),
    hostile!("py exit early", Python, "hostile/python/exit_early.py", &[RuntimeError]),
    hostile!("js infinite loop", Javascript, "hostile/javascript/infinite_loop.js", &[TimeLimit]),
    hostile!("js memory bomb", Javascript, "hostile/javascript/memory_bomb.js", &[MemoryLimit]),
    hostile!("js child process", Javascript, "hostile/javascript/child_process.js", &[RuntimeError]),
    hostile!("js network", Javascript, "hostile/javascript/network.js", &[RuntimeError]),
    hostile!("js process exit", Javascript, "hostile/javascript/process_exit.js", &[RuntimeError]),
    hostile!("java infinite loop", Java, "hostile/java/InfiniteLoop.java", &[TimeLimit]),
    hostile!("java memory bomb", Java, "hostile/java/MemoryBomb.java", &[MemoryLimit]),
    hostile!("java thread bomb", Java, "hostile/java/ThreadBomb.java", &[RuntimeError, TimeLimit, MemoryLimit]),
    hostile!("java System.exit", Java, "hostile/java/SystemExit.java", &[RuntimeError]),
    hostile!("java stack overflow", Java, "hostile/java/StackOverflow.java", &[RuntimeError, MemoryLimit]),
    hostile!("java read files", Java, "hostile/java/ReadFiles.java", &[WrongAnswer]),
    hostile!("java spawn shell", Java, "hostile/java/SpawnShell.java", &[WrongAnswer, Accepted]),
    hostile!("py kernel settings", Python, "hostile/python/sysctl_write.py", &[Accepted]),
    hostile!("js kernel settings", Javascript, "hostile/javascript/sysctl_write.js", &[Accepted]),
    hostile!("java kernel settings", Java, "hostile/java/SysctlWrite.java", &[Accepted]),
    hostile!("py inherited descriptors", Python, "hostile/python/inherited_fds.py", &[Accepted]),
    hostile!("js inherited descriptors", Javascript, "hostile/javascript/inherited_fds.js", &[Accepted]),
    hostile!("java inherited descriptors", Java, "hostile/java/InheritedFds.java", &[Accepted]),
    hostile!("py namespaces, mount API, devices, netlink", Python, "hostile/python/namespaces.py", &[Accepted]),
    hostile!("js namespaces", Javascript, "hostile/javascript/namespaces.js", &[Accepted]),
    hostile!("java namespaces", Java, "hostile/java/Namespaces.java", &[Accepted]),
    hostile!("py hidden tests on disk", Python, "hostile/python/read_tests.py", &[Accepted]),
];

/// A descriptor the server holds without close-on-exec, as one inherited from a process
/// manager or a shell redirection would be: candidate code must not see it.
fn inherited_descriptor() -> std::fs::File {
    let path = std::env::temp_dir().join(format!("sparring-inherited-{}", uuid::Uuid::new_v4().simple()));
    let file = std::fs::File::create(&path).expect("a temporary file");
    let _ = std::fs::remove_file(&path);
    rustix::io::fcntl_setfd(&file, rustix::io::FdFlags::empty()).expect("clearing close-on-exec");
    file
}

#[tokio::test]
async fn every_hostile_program_gets_its_verdict_and_honest_runs_are_unharmed() {
    let sb = sandbox().await;
    let _inherited = inherited_descriptor();
    let mut failures = Vec::new();
    for h in CORPUS {
        let mut job = two_sum_job(h.language, h.source);
        job.limits.wall = if h.language == Language::Java { Duration::from_secs(12) } else { Duration::from_secs(3) };
        job.limits.memory_bytes = 192 << 20;
        let honest = two_sum_job(Language::Python, PY_OK);
        let started = Instant::now();
        let (hostile_run, honest_run) = tokio::join!(sb.run(&job), sb.run(&honest));
        let elapsed = started.elapsed();
        let hostile_run = hostile_run.expect("the sandbox runs the hostile program");
        let report = evaluate(&hostile_run, &expected(), CompareMode::Exact, 0.0);
        let verdict = report.cases.first().map(|c| c.verdict).unwrap_or(CompileError);
        if !h.allowed.contains(&verdict) {
            failures.push(format!(
                "{}: got {verdict:?}, expected one of {:?} ({:?})",
                h.name,
                h.allowed,
                report.cases.first()
            ));
        }
        let everything =
            format!("{} {} {:?}", hostile_run.stdout, hostile_run.stderr, report.cases.first().map(|c| &c.output));
        for secret in ["root:x:0:0", "[workspace]", "BEGIN OPENSSH"] {
            if everything.contains(secret) {
                failures.push(format!("{}: leaked {secret:?}", h.name));
            }
        }
        if elapsed > job.limits.wall + Duration::from_secs(5) {
            failures.push(format!("{}: took {elapsed:?}, beyond its limit", h.name));
        }
        let honest_report =
            evaluate(&honest_run.expect("the honest run completes"), &expected(), CompareMode::Exact, 0.0);
        if honest_report.cases.iter().any(|c| c.verdict != Accepted) {
            failures.push(format!("{}: a concurrent honest run failed: {honest_report:?}", h.name));
        }
    }
    assert!(failures.is_empty(), "hostile corpus failures:\n{}", failures.join("\n"));
    // The corpus is at least 20 programs across the three languages.
    assert!(CORPUS.len() >= 20);
}

#[tokio::test]
async fn the_sandbox_sees_neutral_paths_and_no_host_kernel_command_line() {
    let sb = sandbox().await;
    let raw = sb.run(&two_sum_job(Language::Python, include_str!("hostile/python/host_paths.py"))).await.unwrap();
    let report = evaluate(&raw, &expected(), CompareMode::Exact, 0.0);
    let items: Vec<String> = serde_json::from_value(report.cases[0].output.clone().unwrap()).unwrap();
    let everything = items.join("\n");
    let cwd = std::env::current_dir().unwrap().display().to_string();
    for host in [cwd.as_str(), "sparring-exec-test", "BOOT_IMAGE", "root=", "/work/"] {
        assert!(!everything.contains(host), "{host:?} visible in the sandbox:\n{everything}");
    }
    assert!(items.iter().any(|i| i == "/proc/cmdline="), "{everything}");
    assert!(items.iter().any(|i| i == "/proc/1/environ="), "{everything}");
}

#[tokio::test]
async fn candidate_processes_run_as_an_unprivileged_host_uid() {
    let sb = sandbox().await;
    let marker = format!("uid-probe-{}", uuid::Uuid::new_v4().simple());
    let src =
        format!("import time\nMARK = {marker:?}\ndef two_sum(nums, target):\n    time.sleep(1.5)\n    return [0, 1]\n");
    let job = two_sum_job(Language::Python, &src);
    let watch = async {
        tokio::time::sleep(Duration::from_millis(700)).await;
        let mut uids = Vec::new();
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            let cmdline = String::from_utf8_lossy(&cmdline);
            if !cmdline.contains("harness.py") || cmdline.starts_with("/bin/bash") {
                continue;
            }
            let status = std::fs::read_to_string(entry.path().join("status")).unwrap_or_default();
            if let Some(uid) = status.lines().find_map(|l| l.strip_prefix("Uid:")) {
                uids.push(uid.split_whitespace().map(|u| u.parse::<u32>().unwrap()).collect::<Vec<_>>());
            }
            // Seen from the host, the process's user namespace maps its ids onto the same
            // unprivileged host id, never onto host root.
            let map = std::fs::read_to_string(entry.path().join("uid_map")).unwrap_or_default();
            if map == std::fs::read_to_string("/proc/self/uid_map").unwrap_or_default() {
                continue; // bubblewrap's own monitor, still in the host's namespace
            }
            for line in map.lines() {
                let outside: Vec<u32> = line.split_whitespace().filter_map(|f| f.parse().ok()).collect();
                if let [_, host, _] = outside[..] {
                    uids.push(vec![host]);
                }
            }
        }
        uids
    };
    let (run, uids) = tokio::join!(sb.run(&job), watch);
    run.unwrap();
    assert!(!uids.is_empty(), "no sandboxed process was found");
    let me = rustix::process::geteuid().as_raw();
    for ids in uids {
        // Real, effective, saved and filesystem uid: none is root, and as root each is a
        // dedicated sandbox uid, never the server's.
        for id in ids {
            assert_ne!(id, 0, "a sandboxed process runs as host root");
            if me == 0 {
                assert!(id >= 60_000, "uid {id} is not a sandbox uid");
            } else {
                assert_eq!(id, me);
            }
        }
    }
}

/// A test-code job (rotate an array in place), checked by test code that never enters the
/// candidate's sandbox. Each language's tests carry a sentinel the candidate must never see.
fn rotate_job(language: Language, source: &str) -> Job {
    let tests = match language {
        Language::Python => "# HIDDEN-TEST-SENTINEL\ndef check(solution, nums, k):\n    n = len(nums)\n    expected = [nums[(i - k) % n] for i in range(n)] if n else []\n    result = solution.rotate(nums, k)\n    assert result is None or result is nums, 'rotate should work in place'\n    assert nums == expected, 'expected %r, got %r' % (expected, nums)\n\ndef test_small(solution):\n    check(solution, [1, 2, 3, 4, 5], 2)\n\ndef test_hidden_large(solution):\n    check(solution, list(range(1000)), 77)\n",
        Language::Javascript => "// HIDDEN-TEST-SENTINEL\nfunction check(s, nums, k) { const n = nums.length; const e = nums.map((_, i) => nums[((i - k) % n + n) % n]); s.rotate(nums, k); assert(JSON.stringify(nums) === JSON.stringify(e), 'expected ' + JSON.stringify(e)); }\ntests.small = (s) => check(s, [1, 2, 3, 4, 5], 2);\ntests.hidden_large = (s) => check(s, Array.from({ length: 1000 }, (_, i) => i), 77);\n",
        Language::Java => "import java.util.*;\n// HIDDEN-TEST-SENTINEL\nclass Tests {\n    static void check(int[] nums, int k) { int n = nums.length; int[] e = new int[n]; for (int i = 0; i < n; i++) e[(i + k) % n] = nums[i]; new Solution().rotate(nums, k); Harness.check(Arrays.equals(nums, e), \"expected \" + Arrays.toString(e)); }\n    static void small() { check(new int[]{1, 2, 3, 4, 5}, 2); }\n    static void hidden_large() { int[] a = new int[1000]; for (int i = 0; i < a.length; i++) a[i] = i; check(a, 77); }\n}\n",
    };
    Job {
        language,
        source: source.to_string(),
        function: "rotate".into(),
        params: vec!["int[]", "int"],
        returns: "int[]",
        cases: vec![
            JobCase::Code { id: 0, test: "small".into() },
            JobCase::Code { id: 1, test: "hidden_large".into() },
        ],
        tests_code: Some(tests.to_string()),
        limits: Limits {
            wall: Duration::from_secs(if language == Language::Java { 20 } else { 5 }),
            ..Limits::default()
        },
    }
}

const ROTATE_PY: &str = "def rotate(nums, k):\n    k %= len(nums)\n    nums[:] = nums[-k:] + nums[:-k]\n";
const ROTATE_JS: &str = "function rotate(nums, k) { k %= nums.length; const r = nums.slice(-k).concat(nums.slice(0, nums.length - k)); for (let i = 0; i < nums.length; i++) nums[i] = r[i]; }";
const ROTATE_JAVA: &str = "class Solution { public void rotate(int[] nums, int k) { int n = nums.length; k %= n; int[] r = new int[n]; for (int i = 0; i < n; i++) r[(i + k) % n] = nums[i]; System.arraycopy(r, 0, nums, 0, n); } }";

async fn code_verdicts(sb: &local::LocalSandbox, job: Job) -> (Vec<Verdict>, RawRun) {
    let raw = sb.run(&job).await.expect("the sandbox runs the job");
    let cases: Vec<(u32, Option<Value>)> = vec![(0, None), (1, None)];
    let report = evaluate(&raw, &cases, CompareMode::Exact, 0.0);
    (report.cases.iter().map(|c| c.verdict).collect(), raw)
}

#[tokio::test]
async fn test_code_runs_apart_from_the_candidate_and_decides_right_and_wrong_in_each_language() {
    let sb = sandbox().await;
    let wrong = [
        (Language::Python, "def rotate(nums, k):\n    print('called with', len(nums))\n"),
        (Language::Javascript, "function rotate(nums, k) { console.log('called'); }"),
        (
            Language::Java,
            "class Solution { public void rotate(int[] nums, int k) { System.out.println(\"called\"); } }",
        ),
    ];
    for (language, right) in
        [(Language::Python, ROTATE_PY), (Language::Javascript, ROTATE_JS), (Language::Java, ROTATE_JAVA)]
    {
        let (v, raw) = code_verdicts(&sb, rotate_job(language, right)).await;
        assert_eq!(v, [Accepted, Accepted], "{language:?}: {raw:?}");
        let source = wrong.iter().find(|(l, _)| *l == language).map(|(_, s)| *s).unwrap_or_default();
        let (v, raw) = code_verdicts(&sb, rotate_job(language, source)).await;
        assert_eq!(v, [WrongAnswer, WrongAnswer], "{language:?}: {raw:?}");
        // What the candidate printed during a call comes back with the case.
        assert!(raw.stdout.contains("called"), "{language:?}: {}", raw.stdout);
    }
    // A solution that throws is a runtime error with its own message, not a crash of the tests.
    let (v, raw) =
        code_verdicts(&sb, rotate_job(Language::Python, "def rotate(nums, k):\n    raise ValueError('boom')\n")).await;
    assert_eq!(v, [RuntimeError, RuntimeError], "{raw:?}");
    assert!(raw.stdout.contains("ValueError: boom"), "{}", raw.stdout);
    // Code that does not load is a compile error, as for input/output problems.
    let (v, _) = code_verdicts(&sb, rotate_job(Language::Python, "def rotate(nums, k)\n    pass\n")).await;
    assert_eq!(v, [CompileError, CompileError]);
    let (v, _) =
        code_verdicts(&sb, rotate_job(Language::Java, "class Solution { void rotate(int[] a, int k) { oops } }")).await;
    assert_eq!(v, [CompileError, CompileError]);
    // A candidate that hangs, or dies, mid-call: time limit, runtime error; the tests stop.
    let mut job = rotate_job(Language::Python, "def rotate(nums, k):\n    while True:\n        pass\n");
    job.limits.wall = Duration::from_secs(2);
    let (v, _) = code_verdicts(&sb, job).await;
    assert_eq!(v, [TimeLimit, NotRun]);
    let (v, _) =
        code_verdicts(&sb, rotate_job(Language::Python, "import os\ndef rotate(nums, k):\n    os._exit(3)\n")).await;
    assert_eq!(v, [RuntimeError, NotRun]);
    let (v, _) = code_verdicts(
        &sb,
        rotate_job(
            Language::Python,
            include_str!("hostile/python/memory_bomb.py").replace("two_sum(nums, target)", "rotate(nums, k)").as_str(),
        ),
    )
    .await;
    assert_eq!(v[0], MemoryLimit);
}

#[tokio::test]
async fn candidate_code_cannot_forge_a_test_verdict_or_read_the_tests() {
    let sb = sandbox().await;
    let forgers = [
        (Language::Python, include_str!("hostile/python/forge_tests.py")),
        (Language::Javascript, include_str!("hostile/javascript/forge_tests.js")),
        (Language::Java, include_str!("hostile/java/ForgeTests.java")),
    ];
    for (language, source) in forgers {
        let (v, raw) = code_verdicts(&sb, rotate_job(language, source)).await;
        // Every forged line reached the tests as a garbled answer: the cases fail on their merits.
        assert!(v.iter().all(|v| matches!(v, WrongAnswer | RuntimeError)), "{language:?}: {v:?} {raw:?}");
        let everything = format!("{} {}", raw.stdout, raw.stderr);
        assert!(!everything.contains("HIDDEN-TEST-SENTINEL"), "{language:?} read the tests: {everything}");
        assert!(!everything.contains("found tests"), "{language:?} found the tests: {everything}");
    }
}
