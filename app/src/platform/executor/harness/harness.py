# Sparring test harness for Python. Runs every case of one submission in this one process.
# Protocol: reads job.json from the working directory; writes one JSON object per line to
# its original standard output (the results channel). Before the candidate's code loads, fd 1
# is pointed at stderr, so the candidate's prints (captured per case) and even raw writes to
# fd 1 never reach the results channel. The harness never sees expected values: the server
# compares outputs itself, so nothing written here can make a wrong answer pass.
#
# Test-code problems run in two sandboxes: this harness in "serve" mode beside the
# candidate's code answers calls read from stdin, and this harness in "check" mode beside the
# problem's tests (in another sandbox, as another uid) runs each test against a proxy whose
# calls travel through the server. The tests and the decision that one passed never enter the
# candidate's process.
import io
import json
import os
import sys
import time
import traceback
import contextlib

_results = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
os.dup2(2, 1)
sys.stdout = sys.stderr
_OUT_CAP = 64 * 1024


class _OutputLimit(BaseException):
    """Raised when a case prints more than the cap; BaseException so `except Exception` in
    candidate code cannot swallow it."""


class _CappedIO(io.StringIO):
    def write(self, text):
        if self.tell() + len(text) > _OUT_CAP:
            super().write(text[: max(0, _OUT_CAP - self.tell())])
            raise _OutputLimit()
        return super().write(text)


def _emit(obj):
    _results.write(json.dumps(obj, separators=(",", ":")) + "\n")
    _results.flush()


class ListNode:
    def __init__(self, val=0, next=None):
        self.val = val
        self.next = next

    def __repr__(self):
        return "ListNode(%r)" % (self.val,)


class TreeNode:
    def __init__(self, val=0, left=None, right=None):
        self.val = val
        self.left = left
        self.right = right

    def __repr__(self):
        return "TreeNode(%r)" % (self.val,)


def _to_list_node(values):
    head = None
    for v in reversed(values):
        head = ListNode(v, head)
    return head


def _to_tree(values):
    if not values:
        return None
    nodes = [None if v is None else TreeNode(v) for v in values]
    kids = iter(nodes[1:])
    for node in nodes:
        if node is None:
            continue
        node.left = next(kids, None)
        node.right = next(kids, None)
    return nodes[0]


def _from_list_node(node, limit=1_000_000):
    out = []
    while node is not None:
        if len(out) >= limit:
            raise ValueError("the returned list is longer than %d nodes (a cycle?)" % limit)
        out.append(node.val)
        node = node.next
    return out


def _from_tree(root, limit=1_000_000):
    out, queue, i = [], [root], 0
    while i < len(queue):
        node = queue[i]
        i += 1
        if len(queue) > limit:
            raise ValueError("the returned tree is larger than %d nodes (a cycle?)" % limit)
        if node is None:
            out.append(None)
        else:
            out.append(node.val)
            queue.append(node.left)
            queue.append(node.right)
    while out and out[-1] is None:
        out.pop()
    return out


def _convert_in(ty, value):
    if ty == "ListNode":
        return _to_list_node(value)
    if ty == "TreeNode":
        return _to_tree(value)
    return value


def _convert_out(ty, value):
    if ty == "ListNode":
        return _from_list_node(value)
    if ty == "TreeNode":
        return _from_tree(value)
    if ty == "double" and isinstance(value, (int, float)):
        return float(value)
    return value


def _capped(buf):
    text = buf.getvalue()
    if len(text) > _OUT_CAP:
        return text[:_OUT_CAP] + "\n[output truncated]", True
    return text, False


def _user_frames(tb):
    lines = traceback.format_exception(*tb)
    # Drop the harness's own frames so the candidate sees only their code.
    return "".join(l for l in lines if "harness.py" not in l)


class _Gone(BaseException):
    """The candidate's process stopped answering (it crashed, ran out of memory or time)."""


class _CandidateError(Exception):
    """The candidate's code raised; the message is its traceback."""


def _serve(namespace):
    """Answers the checker's calls, one JSON line each way, until stdin closes."""
    _emit({"event": "ready"})
    requests = sys.stdin.buffer
    while True:
        raw = requests.readline()
        if not raw:
            return
        req = json.loads(raw)
        fn = namespace.get(req.get("call"))
        args = req.get("args") or []
        out, err = _CappedIO(), _CappedIO()
        resp = {}
        value = None
        start = time.perf_counter()
        try:
            if not callable(fn):
                raise AttributeError("Define a function named `%s`." % req.get("call"))
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                value = fn(*args)
            resp["status"] = "ok"
        except _OutputLimit:
            resp["status"] = "output_limit"
        except MemoryError:
            resp["status"] = "memory"
        except RecursionError:
            resp["status"] = "error"
            resp["error"] = "RecursionError: maximum recursion depth exceeded"
        except BaseException:
            resp["status"] = "error"
            resp["error"] = _user_frames(sys.exc_info())
        resp["time_ms"] = round((time.perf_counter() - start) * 1000, 3)
        if resp["status"] == "ok":
            same = [i for i, a in enumerate(args) if value is a and isinstance(a, (list, dict))]
            if same:
                resp["same"] = same[0]
            else:
                resp["return"] = value
            resp["args"] = args
        resp["stdout"], _ = _capped(out)
        resp["stderr"], _ = _capped(err)
        try:
            line = json.dumps(resp, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError) as e:
            resp = {"status": "error", "error": "The return value cannot be converted to JSON: %s" % e,
                    "stdout": resp["stdout"], "stderr": resp["stderr"]}
            line = json.dumps(resp, separators=(",", ":"))
        _results.write(line + "\n")
        _results.flush()


class _Remote:
    """The candidate's solution as the tests see it: every call goes to the other sandbox."""

    def __init__(self, requests):
        self._requests = requests

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)

        def call(*args):
            _emit({"call": name, "args": list(args)})
            raw = self._requests.readline()
            if not raw:
                raise _Gone()
            resp = json.loads(raw)
            sys.stdout.write(resp.get("stdout") or "")
            sys.stderr.write(resp.get("stderr") or "")
            for mine, theirs in zip(args, resp.get("args") or []):
                if isinstance(mine, list) and isinstance(theirs, list):
                    mine[:] = theirs
                elif isinstance(mine, dict) and isinstance(theirs, dict):
                    mine.clear()
                    mine.update(theirs)
            status = resp.get("status")
            if status == "output_limit":
                raise _OutputLimit()
            if status == "memory":
                raise MemoryError()
            if status != "ok":
                raise _CandidateError(resp.get("error") or "error")
            if "same" in resp and isinstance(resp["same"], int) and 0 <= resp["same"] < len(args):
                return args[resp["same"]]
            return resp.get("return")

        return call


def main():
    with open("job.json", encoding="utf-8") as f:
        job = json.load(f)
    if job.get("mode") == "check":
        return _check(job)
    namespace = {"ListNode": ListNode, "TreeNode": TreeNode, "__name__": "solution"}
    try:
        with open("solution.py", encoding="utf-8") as f:
            source = f.read()
        code = compile(source, "solution.py", "exec")
        exec(code, namespace)
    except SyntaxError as e:
        _emit({"event": "compile_error", "message": "Line %s: %s" % (e.lineno, e.msg)})
        return
    except BaseException:
        _emit({"event": "compile_error", "message": _user_frames(sys.exc_info())})
        return

    if job.get("mode") == "serve":
        return _serve(namespace)
    fn = namespace.get(job["function"])
    if not callable(fn):
        _emit({"event": "compile_error", "message": "Define a function named `%s`." % job["function"]})
        return
    _emit({"event": "ready"})
    _run_cases(job, fn, None, None)


def _check(job):
    tests = {"ListNode": ListNode, "TreeNode": TreeNode, "__name__": "tests"}
    with open("tests.py", encoding="utf-8") as f:
        exec(compile(f.read(), "tests.py", "exec"), tests)
    _emit({"event": "ready"})
    try:
        _run_cases(job, None, tests, _Remote(sys.stdin.buffer))
    except _Gone:
        # The candidate's process is gone; the server reads why from its sandbox.
        _results.flush()
        os._exit(0)


def _run_cases(job, fn, tests, solution):
    for case in job["cases"]:
        cid = case["id"]
        _emit({"event": "start", "case": cid})
        out, err = _CappedIO(), _CappedIO()
        result = {"event": "result", "case": cid}
        start = time.perf_counter()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                if tests is not None:
                    tests["test_" + case["test"]](solution)
                    value = None
                else:
                    args = [_convert_in(t, a) for t, a in zip(job["params"], case["args"])]
                    value = fn(*args)
            result["time_ms"] = round((time.perf_counter() - start) * 1000, 3)
            if tests is None:
                result["output"] = _convert_out(job["returns"], value)
            result["status"] = "ok"
        except _Gone:
            raise
        except _OutputLimit:
            result["status"] = "output_limit"
            result["error"] = "Output limit exceeded (%d KB per case)." % (_OUT_CAP // 1024)
        except _CandidateError as e:
            result["time_ms"] = round((time.perf_counter() - start) * 1000, 3)
            result["status"] = "error"
            result["error"] = str(e)
        except AssertionError as e:
            result["time_ms"] = round((time.perf_counter() - start) * 1000, 3)
            result["status"] = "failed"
            result["error"] = str(e) or "assertion failed"
        except RecursionError:
            result["time_ms"] = round((time.perf_counter() - start) * 1000, 3)
            result["status"] = "error"
            result["error"] = "RecursionError: maximum recursion depth exceeded"
        except MemoryError:
            result["status"] = "memory"
            result["error"] = "MemoryError"
        except BaseException:
            result["time_ms"] = round((time.perf_counter() - start) * 1000, 3)
            result["status"] = "error"
            result["error"] = _user_frames(sys.exc_info())
        result["stdout"], t1 = _capped(out)
        result["stderr"], t2 = _capped(err)
        result["truncated"] = t1 or t2
        try:
            line = json.dumps(result, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError) as e:
            result.pop("output", None)
            result["status"] = "error"
            result["error"] = "The return value cannot be converted to JSON: %s" % e
            line = json.dumps(result, separators=(",", ":"))
        _results.write(line + "\n")
        _results.flush()
    _emit({"event": "done"})


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    main()
