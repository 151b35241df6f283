//! Processes, read from /proc (Linux only): who is a descendant of whom, who is still
//! running, their memory; plus waiting, signalling and reaping them. Nothing here needs a
//! tokio runtime, so the teardown in `Drop` can use all of it.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::sys::wait::{waitpid, WaitPidFlag};
use nix::unistd::Pid;

/// One running process, as /proc/<pid>/stat tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proc {
    pub pid: i32,
    pub ppid: i32,
    /// The kernel's short name (at most 15 bytes: "WebKitWebProces").
    pub comm: String,
    /// Start time in clock ticks since boot: with the pid, it names one process even after
    /// the pid is reused.
    pub start: u64,
    /// 'Z' for a zombie (exited, not reaped yet).
    pub state: char,
}

impl Proc {
    pub fn read(pid: i32) -> Option<Proc> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // "pid (comm) state ppid ..." where comm may hold spaces and parentheses.
        let open = stat.find('(')?;
        let close = stat.rfind(')')?;
        let comm = stat[open + 1..close].to_string();
        let rest: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        Some(Proc {
            pid,
            ppid: rest.get(1)?.parse().ok()?,
            comm,
            start: rest.get(19)?.parse().ok()?,
            state: rest.first()?.chars().next()?,
        })
    }

    /// Still this process (not a reused pid) and not just a zombie.
    pub fn running(&self) -> bool {
        matches!(Proc::read(self.pid), Some(p) if p.start == self.start && p.state != 'Z')
    }

    /// Still this process, running or a zombie nobody reaped yet.
    pub fn exists(&self) -> bool {
        matches!(Proc::read(self.pid), Some(p) if p.start == self.start)
    }

    /// The value of an environment variable of the process, when readable.
    pub fn env(&self, name: &str) -> Option<String> {
        let raw = std::fs::read(format!("/proc/{}/environ", self.pid)).ok()?;
        raw.split(|b| *b == 0).find_map(|entry| {
            let entry = String::from_utf8_lossy(entry);
            entry
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('='))
                .map(str::to_string)
        })
    }

    pub fn cmdline(&self) -> String {
        std::fs::read(format!("/proc/{}/cmdline", self.pid))
            .map(|raw| {
                String::from_utf8_lossy(&raw)
                    .replace('\0', " ")
                    .trim()
                    .to_string()
            })
            .unwrap_or_default()
    }

    /// A field of /proc/<pid>/status or smaps_rollup in kB ("VmRSS", "Pss"), when readable.
    pub fn kb(&self, file: &str, field: &str) -> Option<u64> {
        let text = std::fs::read_to_string(format!("/proc/{}/{file}", self.pid)).ok()?;
        text.lines().find_map(|line| {
            let value = line.strip_prefix(field)?.strip_prefix(':')?;
            value.split_whitespace().next()?.parse().ok()
        })
    }
}

/// Every process on the machine.
pub fn all() -> Vec<Proc> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter_map(Proc::read)
        .collect()
}

/// Every process whose environment has `name` set to the path `value`.
pub fn with_env(name: &str, value: &Path) -> Vec<Proc> {
    all()
        .into_iter()
        .filter(|p| p.env(name).is_some_and(|v| Path::new(&v) == value))
        .collect()
}

/// All descendants of `root` (children, their children, ...), not `root` itself.
pub fn descendants(root: i32) -> Vec<Proc> {
    let procs = all();
    let mut children: HashMap<i32, Vec<&Proc>> = HashMap::new();
    for p in &procs {
        children.entry(p.ppid).or_default().push(p);
    }
    let mut out = Vec::new();
    let mut todo = vec![root];
    while let Some(pid) = todo.pop() {
        for child in children.get(&pid).into_iter().flatten() {
            todo.push(child.pid);
            out.push((*child).clone());
        }
    }
    out
}

/// Makes this test process the "subreaper" of everything it starts: a process whose parent
/// exits (tauri-driver SIGKILLs WebKitWebDriver and exits; the app outlives it) is handed
/// to us rather than to PID 1, so it can be found, stopped and reaped here. Some container
/// inits never reap, and their zombies would linger in `pgrep` forever.
pub fn become_subreaper() {
    if let Err(e) = nix::sys::prctl::set_child_subreaper(true) {
        eprintln!("e2e: could not become the child subreaper ({e}); orphans go to PID 1");
    }
}

/// Reaps `p` if it is an exited child of ours (adopted orphans included). No effect on
/// processes that are not our children.
pub fn reap(p: &Proc) {
    if p.exists() {
        let _ = waitpid(Pid::from_raw(p.pid), Some(WaitPidFlag::WNOHANG));
    }
}

pub fn signal(p: &Proc, sig: Signal) {
    if p.running() {
        let _ = kill(Pid::from_raw(p.pid), sig);
    }
}

/// Waits until none of `procs` runs any more (reaping those that are our children), up to
/// `timeout`. Returns those still running.
pub fn wait_gone(procs: &[Proc], timeout: Duration) -> Vec<Proc> {
    let deadline = Instant::now() + timeout;
    loop {
        procs.iter().for_each(reap);
        let left: Vec<Proc> = procs.iter().filter(|p| p.running()).cloned().collect();
        if left.is_empty() || Instant::now() >= deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Waits until none of `procs` exists any more, not even as a zombie: reaps those that are
/// our children (the subreaper adopts them) and lets other parents reap the rest. A zombie
/// left to us when the test binary exits would go to PID 1, which may never reap it.
pub fn wait_reaped(procs: &[Proc], timeout: Duration) {
    let deadline = Instant::now() + timeout;
    loop {
        procs.iter().for_each(reap);
        if !procs.iter().any(Proc::exists) || Instant::now() >= deadline {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Reaps every exited child of ours that nobody waits for (orphans adopted as subreaper).
/// Only call it when no `std::process::Child` of ours is still to be waited for.
pub fn reap_orphans() {
    while let Ok(status) = waitpid(None::<Pid>, Some(WaitPidFlag::WNOHANG)) {
        if status == nix::sys::wait::WaitStatus::StillAlive {
            break;
        }
    }
}

/// Stops what is left of `procs`: SIGTERM, a grace period, then SIGKILL; reaps them.
/// Returns the ones that had to be signalled (for the test output).
pub fn stop_all(procs: &[Proc], grace: Duration) -> Vec<Proc> {
    let left: Vec<Proc> = procs.iter().filter(|p| p.running()).cloned().collect();
    if left.is_empty() {
        procs.iter().for_each(reap);
        return left;
    }
    left.iter().for_each(|p| signal(p, Signal::SIGTERM));
    let stubborn = wait_gone(&left, grace);
    stubborn.iter().for_each(|p| signal(p, Signal::SIGKILL));
    wait_gone(&stubborn, Duration::from_secs(5));
    // Zombies adopted from elsewhere in the tree.
    procs.iter().for_each(reap);
    left
}

/// SIGTERM a child we spawned and wait for it, SIGKILL after `grace`.
pub fn terminate_child(child: &mut Child, grace: Duration) {
    if matches!(child.try_wait(), Ok(Some(_))) {
        return;
    }
    let pid = Pid::from_raw(child.id() as i32);
    let _ = kill(pid, Signal::SIGTERM);
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// True once something accepts TCP connections on 127.0.0.1:`port`.
pub fn port_open(port: u16) -> bool {
    TcpStream::connect_timeout(
        &std::net::SocketAddr::from(([127, 0, 0, 1], port)),
        Duration::from_millis(200),
    )
    .is_ok()
}

/// A port nobody listens on right now (the kernel's pick).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// A minimal blocking HTTP/1.1 request to 127.0.0.1:`port`, for the teardown and failure
/// paths that run in `Drop` (where the async WebDriver client cannot be awaited). Returns
/// the response body (chunked bodies decoded).
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    body: &str,
    timeout: Duration,
) -> std::io::Result<String> {
    let mut stream =
        TcpStream::connect_timeout(&std::net::SocketAddr::from(([127, 0, 0, 1], port)), timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(String::from_utf8_lossy(&raw).into_owned());
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let mut rest = &raw[split + 4..];
    if !head.contains("transfer-encoding: chunked") {
        return Ok(String::from_utf8_lossy(rest).into_owned());
    }
    let mut out = Vec::new();
    while let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&rest[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        let data = &rest[eol + 2..];
        if size == 0 || data.len() < size {
            break;
        }
        out.extend_from_slice(&data[..size]);
        rest = data[size..].strip_prefix(b"\r\n").unwrap_or(&data[size..]);
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Waits until `path` accepts unix-socket connections (an X server's socket), up to `timeout`.
pub fn wait_unix_socket(path: &Path, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if std::os::unix::net::UnixStream::connect(path).is_ok() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits for a status change of a child we spawned, without blocking past `timeout`.
pub fn child_exited(child: &mut Child) -> Option<String> {
    match child.try_wait() {
        Ok(Some(status)) => Some(status.to_string()),
        Ok(None) => None,
        Err(e) => Some(format!("unknown ({e})")),
    }
}
