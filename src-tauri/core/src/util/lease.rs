//! Who holds a running job's lease: this machine, its boot, and the process (id and start
//! time), so a lease left by a process that is provably gone is taken over at once.

use std::sync::OnceLock;

/// This process as a lease holder: `host|boot id|pid|start time`, or `None` where the
/// system does not say (then leases are only taken over when they expire).
pub(crate) fn this_process() -> Option<&'static str> {
    static HOLDER: OnceLock<Option<String>> = OnceLock::new();
    HOLDER
        .get_or_init(|| {
            let pid = std::process::id();
            let (host, boot) = machine()?;
            let start = start_time(pid)?;
            Some(format!("{host}|{boot}|{pid}|{start}"))
        })
        .as_deref()
}

/// Whether the holder is provably gone: it ran on this machine, and this machine has
/// rebooted since, or no process with its id and start time runs now. A holder on another
/// machine, or one that cannot be read, is never judged gone.
pub(crate) fn is_gone(holder: &str) -> bool {
    let mut parts = holder.split('|');
    let (Some(host), Some(boot), Some(pid), Some(start), None) = (
        parts.next(),
        parts.next(),
        parts.next().and_then(|p| p.parse::<u32>().ok()),
        parts.next(),
        parts.next(),
    ) else {
        return false;
    };
    let Some((our_host, our_boot)) = machine() else {
        return false;
    };
    if host != our_host {
        return false;
    }
    if boot != our_boot {
        return true;
    }
    start_time(pid).as_deref() != Some(start)
}

fn machine() -> Option<(String, String)> {
    let read = |p: &str| {
        std::fs::read_to_string(p)
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty() && !s.contains('|'))
    };
    Some((
        read("/proc/sys/kernel/hostname")?,
        read("/proc/sys/kernel/random/boot_id")?,
    ))
}

/// The process's start time in clock ticks since boot (field 22 of `/proc/PID/stat`).
fn start_time(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces or parentheses.
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(19).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_dead_one_is_gone() {
        let Some(me) = this_process() else {
            return; // not Linux: leases only expire
        };
        assert!(!is_gone(me));
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        let start = start_time(pid);
        child.wait().unwrap();
        let (host, boot) = machine().unwrap();
        if let Some(start) = start {
            assert!(is_gone(&format!("{host}|{boot}|{pid}|{start}")));
        }
        // Same pid, another start time: a different process.
        let pid = std::process::id();
        assert!(is_gone(&format!("{host}|{boot}|{pid}|1")));
        assert!(is_gone(&format!("{host}|another-boot|{pid}|1")));
        assert!(!is_gone(&format!("other-host|{boot}|{pid}|1")));
        assert!(!is_gone("garbage"));
    }
}
