# Looks for descriptors beyond stdin, stdout and stderr (anything the server inherited or
# opened) and tries to write to each. The harness's own results descriptor is expected.
import os

def two_sum(nums, target):
    extra = []
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd <= 2:
            continue
        try:
            target_path = os.readlink("/proc/self/fd/%d" % fd)
        except OSError:
            continue  # the listing's own descriptor, already closed
        if target_path.startswith("/proc/") and target_path.endswith("/fd"):
            continue
        if fd == 3 and target_path.startswith("pipe:"):
            continue  # the harness's results channel (a dup of its stdout)
        extra.append("%d->%s" % (fd, target_path))
    if extra:
        return extra
    seen = {}
    for i, n in enumerate(nums):
        if target - n in seen:
            return [seen[target - n], i]
        seen[n] = i
