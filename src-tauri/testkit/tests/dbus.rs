//! The private bus answers on its own address, runs as dbus-daemon itself, and never
//! outlives its test: not when dropped, not when the test panics, not when its guard is
//! never dropped (the test's thread ended).

use std::time::{Duration, Instant};

use nix::sys::wait::{waitpid, WaitPidFlag};
use nix::unistd::Pid;
use verdict_testkit::dbus::PrivateBus;

/// The kernel's name of a running (not zombie) process, `None` once it is gone.
fn running(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (open, close) = (stat.find('(')?, stat.rfind(')')?);
    let state = stat[close + 1..].split_whitespace().next()?;
    (state != "Z").then(|| stat[open + 1..close].to_string())
}

/// Waits until `pid` no longer runs (reaping it when it is our child), at most 10 s.
fn gone(pid: u32) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let _ = waitpid(Pid::from_raw(pid as i32), Some(WaitPidFlag::WNOHANG));
        if running(pid).is_none() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn the_bus_answers_and_is_gone_with_its_folder_when_dropped() {
    let bus = PrivateBus::start();
    let (pid, dir) = (bus.pid(), bus.dir().to_path_buf());
    assert!(
        bus.address().starts_with("unix:path=") && bus.address().contains(dir.to_str().unwrap()),
        "{}",
        bus.address()
    );
    assert_eq!(
        running(pid).as_deref(),
        Some("dbus-daemon"),
        "setpriv became the daemon"
    );
    assert!(bus.name_has_owner("org.freedesktop.DBus"));
    assert!(
        !bus.name_has_owner("org.freedesktop.secrets"),
        "nothing is activated"
    );
    let err = bus
        .wait_for_name("org.example.Nobody", Duration::from_millis(200), || None)
        .unwrap_err();
    assert!(err.contains("org.example.Nobody"), "{err}");
    let err = bus
        .wait_for_name("org.example.Nobody", Duration::from_secs(10), || {
            Some("its daemon exited".into())
        })
        .unwrap_err();
    assert!(err.contains("its daemon exited"), "{err}");
    drop(bus);
    assert!(
        running(pid).is_none(),
        "the daemon is stopped and reaped on drop"
    );
    assert!(!dir.exists(), "its folder is removed");
}

#[test]
fn a_killed_bus_no_longer_answers() {
    let mut bus = PrivateBus::start();
    let pid = bus.pid();
    bus.kill();
    assert!(running(pid).is_none());
    assert!(!bus.name_has_owner("org.freedesktop.DBus"));
}

#[test]
fn a_panicking_test_stops_its_bus() {
    let (tx, rx) = std::sync::mpsc::channel();
    let panicked = std::panic::catch_unwind(move || {
        let bus = PrivateBus::start();
        tx.send(bus.pid()).unwrap();
        panic!("the test fails with its bus up");
    });
    assert!(panicked.is_err());
    let pid = rx.recv().unwrap();
    assert!(running(pid).is_none(), "unwinding stopped the daemon");
}

#[test]
fn a_bus_never_dropped_dies_with_the_thread_that_started_it() {
    let (pid, dir) = std::thread::spawn(|| {
        let bus = PrivateBus::start();
        let (pid, dir) = (bus.pid(), bus.dir().to_path_buf());
        // As if the test process were killed: no destructor runs.
        std::mem::forget(bus);
        (pid, dir)
    })
    .join()
    .unwrap();
    assert!(
        gone(pid),
        "the parent death signal killed dbus-daemon {pid}: {:?}",
        running(pid)
    );
    std::fs::remove_dir_all(dir).unwrap();
}
