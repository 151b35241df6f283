//! Test support: a private session D-Bus with an unlocked Secret Service (gnome-keyring) on it.
//!
//! [`start_secret_service`] starts, in a fresh temporary directory:
//! 1. `dbus-daemon --nofork` with its own configuration: a session bus on
//!    `unix:path=<tmp>/bus` with NO service activation, so nothing installed on the machine is
//!    ever started on it (the system's `org.freedesktop.secrets.service` would otherwise start a
//!    gnome-keyring against the real home directory);
//! 2. `gnome-keyring-daemon --foreground --unlock --components=secrets` with HOME and the XDG
//!    directories inside the temporary directory, the password on stdin: it creates its own
//!    "Login" keyring there, unlocked, and the default collection points at it. No display is
//!    needed;
//! 3. waits (with `dbus-send`) until `org.freedesktop.secrets` has an owner on the bus.
//!
//! The returned guard gives the bus address, to pass as `DBUS_SESSION_BUS_ADDRESS` to the code
//! under test (a child process); dropping it kills both daemons and removes the directory.
//!
//! Debian packages: `dbus-daemon` (dbus-daemon), `dbus-bin` (dbus-send), `gnome-keyring`,
//! all in `.ci/programs`. When one is missing the caller panics naming its package: these
//! tests never skip silently.

#![allow(dead_code)]

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

/// The password of the private login keyring.
pub const KEYRING_PASSWORD: &str = "verdict-desk-test";

const READY_TIMEOUT: Duration = Duration::from_secs(15);

/// The path of `program`; panics naming the package to install when it is missing.
pub fn require(program: &str) -> PathBuf {
    verdict_testkit::program(program)
}

/// A private session bus; the daemon is killed on drop.
pub struct PrivateBus {
    address: String,
    daemon: Child,
    // Kept open: dbus-daemon wrote the address to it and must not get SIGPIPE.
    _stdout: BufReader<ChildStdout>,
    dir: tempfile::TempDir,
}

impl PrivateBus {
    /// Starts `dbus-daemon --session`-like bus without service activation.
    pub fn start() -> Self {
        let dbus_daemon = require("dbus-daemon");
        let dir = tempfile::Builder::new()
            .prefix("vd-bus")
            .tempdir()
            .expect("temporary directory for the private bus");
        let socket = dir.path().join("bus");
        let config = dir.path().join("session.conf");
        fs::write(&config, bus_config(&socket)).expect("write the bus configuration");
        let log = fs::File::create(dir.path().join("dbus-daemon.log")).expect("bus log");
        let mut daemon = Command::new(dbus_daemon)
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--nopidfile", "--print-address=1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("start dbus-daemon");
        // dbus-daemon prints the address once it listens.
        let mut stdout = BufReader::new(daemon.stdout.take().expect("dbus-daemon stdout"));
        let mut address = String::new();
        let read = stdout.read_line(&mut address);
        let address = address.trim().to_string();
        if read.is_err() || address.is_empty() {
            let _ = daemon.kill();
            let _ = daemon.wait();
            panic!(
                "dbus-daemon did not start a private bus: {}",
                read_log(&dir.path().join("dbus-daemon.log"))
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

    /// The temporary directory that holds the socket and the logs.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Whether `name` has an owner on this bus.
    pub fn name_has_owner(&self, name: &str) -> bool {
        let out = Command::new(require("dbus-send"))
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
            .output()
            .expect("run dbus-send");
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("boolean true")
    }

    /// Kills the daemon now, leaving its socket file behind: a bus that no longer answers.
    pub fn kill(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A private bus with an unlocked gnome-keyring Secret Service on it; both are killed on drop.
pub struct SecretService {
    keyring: Child,
    bus: PrivateBus,
    /// How long starting both took.
    pub startup: Duration,
}

impl SecretService {
    /// The bus address, for `DBUS_SESSION_BUS_ADDRESS`.
    pub fn address(&self) -> &str {
        self.bus.address()
    }

    pub fn bus(&self) -> &PrivateBus {
        &self.bus
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        // Then the bus, by its own Drop.
    }
}

/// Starts a private session bus and an unlocked Secret Service on it, or panics saying why
/// (including which Debian packages to install when a program is missing).
pub fn start_secret_service() -> SecretService {
    let started = Instant::now();
    let gnome_keyring = require("gnome-keyring-daemon");
    require("dbus-send");
    let bus = PrivateBus::start();
    let root = bus.dir().to_path_buf();
    let home = root.join("home");
    let runtime = root.join("run");
    for d in [&home, &runtime] {
        fs::create_dir_all(d).expect("keyring directories");
    }
    set_private(&runtime);
    let log_path = root.join("gnome-keyring.log");
    let log = fs::File::create(&log_path).expect("keyring log");
    let mut keyring = Command::new(gnome_keyring)
        .args(["--foreground", "--unlock", "--components=secrets"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("DBUS_SESSION_BUS_ADDRESS", bus.address())
        .env("LANG", "C")
        .stdin(Stdio::piped())
        .stdout(log.try_clone().expect("keyring log"))
        .stderr(log)
        .spawn()
        .expect("start gnome-keyring-daemon");
    {
        // The login keyring's password; the daemon reads stdin to its end.
        let mut stdin = keyring.stdin.take().expect("gnome-keyring stdin");
        stdin
            .write_all(KEYRING_PASSWORD.as_bytes())
            .expect("give gnome-keyring its password");
    }
    let deadline = Instant::now() + READY_TIMEOUT;
    loop {
        if bus.name_has_owner("org.freedesktop.secrets") {
            break;
        }
        if let Ok(Some(status)) = keyring.try_wait() {
            panic!(
                "gnome-keyring-daemon exited ({status}) before offering the Secret Service: {}",
                read_log(&log_path)
            );
        }
        if Instant::now() > deadline {
            let _ = keyring.kill();
            let _ = keyring.wait();
            panic!(
                "gnome-keyring-daemon did not own org.freedesktop.secrets on the private bus \
                 within {READY_TIMEOUT:?}: {}",
                read_log(&log_path)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    SecretService {
        keyring,
        bus,
        startup: started.elapsed(),
    }
}

/// An address where no bus listens (the socket file does not exist).
pub fn missing_bus_address(dir: &Path) -> String {
    format!("unix:path={}", dir.join("no-bus-here").display())
}

fn bus_config(socket: &Path) -> String {
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

fn set_private(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).expect("chmod 700");
}

fn read_log(path: &Path) -> String {
    match fs::read_to_string(path) {
        Ok(text) if !text.trim().is_empty() => text.trim().to_string(),
        _ => "(nothing in its log)".to_string(),
    }
}
