//! The seccomp filters applied inside the sandbox (by bubblewrap, just before the program
//! starts). Namespaces already isolate the network and filesystem and the program runs as an
//! unprivileged host uid; these filters narrow the kernel surface a test program can reach.
//!
//! The list follows what Docker's default profile, Flatpak and nsjail's kCTF jails refuse to
//! unprivileged code: tracing other processes, every way to mount or to make a namespace
//! (`unshare`, `setns`, the namespace flags of `clone`, the new mount API), device nodes,
//! kernel modules, keyrings, BPF, perf, io_uring, userfaultfd, clocks, swap and reboot; and
//! every socket family but local (`AF_UNIX`) sockets, so netlink and packet sockets are gone
//! even inside the empty network namespace. A deny list, not an allow list: the three
//! runtimes (CPython, V8, HotSpot with javac) use a wide and version-dependent set of calls,
//! and an allow list that breaks on the next JDK would push operators to turn it off.
//! `clone3` answers ENOSYS (its flags live in memory a filter cannot read), so the C library
//! falls back to `clone`, whose flags the filter does check.

use seccompiler::{
    BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter, SeccompRule, TargetArch,
};
use std::collections::BTreeMap;

/// System calls refused outright with EPERM.
const DENIED: &[i64] = &[
    // Other processes' memory and execution.
    libc::SYS_ptrace,
    libc::SYS_process_vm_readv,
    libc::SYS_process_vm_writev,
    libc::SYS_kcmp,
    libc::SYS_pidfd_getfd,
    // Mounts, old and new API, and root changes.
    libc::SYS_mount,
    libc::SYS_umount2,
    libc::SYS_pivot_root,
    libc::SYS_chroot,
    libc::SYS_fsopen,
    libc::SYS_fsconfig,
    libc::SYS_fsmount,
    libc::SYS_fspick,
    libc::SYS_move_mount,
    libc::SYS_open_tree,
    libc::SYS_mount_setattr,
    // Namespaces.
    libc::SYS_unshare,
    libc::SYS_setns,
    // Device nodes and file handles that bypass paths.
    libc::SYS_mknod,
    libc::SYS_mknodat,
    libc::SYS_open_by_handle_at,
    libc::SYS_name_to_handle_at,
    // The kernel itself: modules, kexec, reboot, swap, accounting, quotas, log, sysctl.
    libc::SYS_kexec_load,
    libc::SYS_kexec_file_load,
    libc::SYS_init_module,
    libc::SYS_finit_module,
    libc::SYS_delete_module,
    libc::SYS_reboot,
    libc::SYS_swapon,
    libc::SYS_swapoff,
    libc::SYS_acct,
    libc::SYS_quotactl,
    libc::SYS_quotactl_fd,
    libc::SYS_syslog,
    libc::SYS_vhangup,
    libc::SYS_sethostname,
    libc::SYS_setdomainname,
    // Large attack surfaces no test program needs.
    libc::SYS_bpf,
    libc::SYS_perf_event_open,
    libc::SYS_keyctl,
    libc::SYS_add_key,
    libc::SYS_request_key,
    libc::SYS_userfaultfd,
    libc::SYS_fanotify_init,
    libc::SYS_lookup_dcookie,
    libc::SYS_io_uring_setup,
    libc::SYS_io_uring_enter,
    libc::SYS_io_uring_register,
    libc::SYS_move_pages,
    libc::SYS_migrate_pages,
    // Clocks.
    libc::SYS_settimeofday,
    libc::SYS_clock_settime,
    libc::SYS_clock_adjtime,
    libc::SYS_adjtimex,
    // x86 port I/O and segment tricks.
    #[cfg(target_arch = "x86_64")]
    libc::SYS_iopl,
    #[cfg(target_arch = "x86_64")]
    libc::SYS_ioperm,
    #[cfg(target_arch = "x86_64")]
    libc::SYS_modify_ldt,
    #[cfg(target_arch = "x86_64")]
    libc::SYS_uselib,
];

/// The namespace flags of `clone`: any of them set refuses the call.
const NAMESPACE_FLAGS: &[u64] = &[
    libc::CLONE_NEWNS as u64,
    libc::CLONE_NEWCGROUP as u64,
    libc::CLONE_NEWUTS as u64,
    libc::CLONE_NEWIPC as u64,
    libc::CLONE_NEWUSER as u64,
    libc::CLONE_NEWPID as u64,
    libc::CLONE_NEWNET as u64,
];

fn rule(arg: u8, op: SeccompCmpOp, value: u64) -> Result<SeccompRule, String> {
    SeccompCondition::new(arg, SeccompCmpArgLen::Qword, op, value)
        .and_then(|c| SeccompRule::new(vec![c]))
        .map_err(|e| format!("seccomp rule: {e}"))
}

fn compile(rules: BTreeMap<i64, Vec<SeccompRule>>, errno: i32) -> Result<Vec<u8>, String> {
    let arch = TargetArch::try_from(std::env::consts::ARCH).map_err(|e| format!("seccomp on this CPU: {e:?}"))?;
    let filter = SeccompFilter::new(rules, SeccompAction::Allow, SeccompAction::Errno(errno as u32), arch)
        .map_err(|e| format!("seccomp filter: {e}"))?;
    let program: BpfProgram =
        filter.try_into().map_err(|e: seccompiler::BackendError| format!("seccomp compile: {e}"))?;
    let mut bytes = Vec::with_capacity(program.len() * 8);
    for insn in &program {
        bytes.extend_from_slice(&insn.code.to_ne_bytes());
        bytes.push(insn.jt);
        bytes.push(insn.jf);
        bytes.extend_from_slice(&insn.k.to_ne_bytes());
    }
    Ok(bytes)
}

/// The filters as raw BPF programs, the form `bwrap --add-seccomp-fd FD` reads: the EPERM
/// filter, then the one that answers ENOSYS to `clone3`.
pub fn filters() -> Result<[Vec<u8>; 2], String> {
    let mut denied: BTreeMap<i64, Vec<SeccompRule>> = DENIED.iter().map(|&nr| (nr, Vec::new())).collect();
    // Only local sockets: any other family (inet, netlink, packet, vsock…) is refused.
    denied.insert(
        libc::SYS_socket,
        vec![SeccompCondition::new(0, SeccompCmpArgLen::Dword, SeccompCmpOp::Ne, libc::AF_UNIX as u64)
            .and_then(|c| SeccompRule::new(vec![c]))
            .map_err(|e| format!("seccomp rule: {e}"))?],
    );
    let clone_rules = NAMESPACE_FLAGS
        .iter()
        .map(|&flag| rule(0, SeccompCmpOp::MaskedEq(flag), flag))
        .collect::<Result<Vec<_>, _>>()?;
    denied.insert(libc::SYS_clone, clone_rules);
    let clone3: BTreeMap<i64, Vec<SeccompRule>> = [(libc::SYS_clone3, Vec::new())].into_iter().collect();
    Ok([compile(denied, libc::EPERM)?, compile(clone3, libc::ENOSYS)?])
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_filters_compile_to_whole_bpf_instructions() {
        for bytes in crate::platform::executor::seccomp::filters().unwrap() {
            assert!(!bytes.is_empty());
            assert_eq!(bytes.len() % 8, 0);
        }
    }
}
