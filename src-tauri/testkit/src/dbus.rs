//! A private session D-Bus for a test: its own `dbus-daemon` in a temporary folder, on a
//! socket there, with NO service activation, so nothing installed on the machine is ever
//! started on it (the system's `org.freedesktop.secrets.service` would otherwise start a
//! gnome-keyring against the real home folder), and eavesdropping allowed, so a
//! `dbus-monitor` can watch what is sent on it. The code under test gets it through
//! `DBUS_SESSION_BUS_ADDRESS`. Dropping it stops the daemon (and, through [`Daemon`], the
//! daemon never outlives the test's thread) and removes the folder.
//!
//! Debian packages: `dbus-daemon`, `dbus-bin` (dbus-send); util-linux (setpriv).

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use crate::daemon::{self, Daemon};
use crate::program;

/// A private session bus. Fields drop in order: the daemon before its folder.
pub struct PrivateBus {
    address: String,
    daemon: Daemon,
    // Kept open: dbus-daemon wrote the address to it and must not get SIGPIPE.
    _stdout: BufReader<ChildStdout>,
    dir: tempfile::TempDir,
}

impl PrivateBus {
    /// Starts the bus and waits until it listens; panics with the daemon's log when it does
    /// not (and naming the package when dbus-daemon is not installed).
    pub fn start() -> PrivateBus {
        let dir = tempfile::Builder::new()
            .prefix("vd-bus")
            .tempdir()
            .expect("a temporary folder for the private bus");
        let config = dir.path().join("session.conf");
        fs::write(&config, bus_config(&dir.path().join("bus"))).expect("the bus configuration");
        let log_path = dir.path().join("dbus-daemon.log");
        let log = fs::File::create(&log_path).expect("the bus's log");
        let mut daemon = Daemon::spawn(
            "dbus-daemon",
            daemon::command("dbus-daemon")
                .arg(format!("--config-file={}", config.display()))
                .args(["--nofork", "--nopidfile", "--print-address=1"])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(log),
        );
        // dbus-daemon prints the address once it listens.
        let mut stdout = BufReader::new(daemon.child().stdout.take().expect("its stdout"));
        let mut address = String::new();
        let read = stdout.read_line(&mut address);
        let address = address.trim().to_string();
        if read.is_err() || address.is_empty() {
            drop(daemon);
            panic!(
                "dbus-daemon did not start a private bus: {}",
                read_log(&log_path)
            );
        }
        PrivateBus {
            address,
            daemon,
            _stdout: stdout,
            dir,
        }
    }

    /// The address, for `DBUS_SESSION_BUS_ADDRESS`.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The temporary folder that holds the socket and the daemon's log; a test may keep
    /// its other daemons' files there (it goes when the bus does).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The daemon's process id.
    pub fn pid(&self) -> u32 {
        self.daemon.id()
    }

    /// Whether `name` has an owner on this bus.
    pub fn name_has_owner(&self, name: &str) -> bool {
        Command::new(program("dbus-send"))
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
            ])
            .arg(format!("string:{name}"))
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .is_ok_and(|o| {
                o.status.success() && String::from_utf8_lossy(&o.stdout).contains("boolean true")
            })
    }

    /// Waits until `name` has an owner on the bus, at most `timeout`; while waiting,
    /// `failed` may say why it never will (the daemon that should own it exited).
    pub fn wait_for_name(
        &self,
        name: &str,
        timeout: Duration,
        mut failed: impl FnMut() -> Option<String>,
    ) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        loop {
            if self.name_has_owner(name) {
                return Ok(());
            }
            if let Some(why) = failed() {
                return Err(format!("{name} has no owner on the private bus: {why}"));
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "{name} had no owner on the private bus within {timeout:?}"
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Kills the daemon now, leaving its socket file behind: a bus that no longer answers.
    pub fn kill(&mut self) {
        self.daemon.kill();
    }
}

/// A session bus on `socket` that starts nothing by itself and lets a monitor watch
/// everything.
pub fn bus_config(socket: &Path) -> String {
    format!(
        r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
        socket.display()
    )
}

/// A log's text, or that it is empty.
pub fn read_log(path: &Path) -> String {
    match fs::read_to_string(path) {
        Ok(text) if !text.trim().is_empty() => text.trim().to_string(),
        _ => "(nothing in its log)".to_string(),
    }
}
