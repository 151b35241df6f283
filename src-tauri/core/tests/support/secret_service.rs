//! Test support: a private session D-Bus with an unlocked Secret Service (gnome-keyring) on it.
//!
//! [`start_secret_service`] starts, in a fresh temporary directory:
//! 1. a private session bus (verdict-testkit's `dbus::PrivateBus`): NO service activation,
//!    so nothing installed on the machine is ever started on it (the system's
//!    `org.freedesktop.secrets.service` would otherwise start a gnome-keyring against the
//!    real home directory);
//! 2. `gnome-keyring-daemon --foreground --unlock --components=secrets` with HOME and the XDG
//!    directories inside the temporary directory, the password on stdin: it creates its own
//!    "Login" keyring there, unlocked, and the default collection points at it. No display is
//!    needed;
//! 3. waits (with `dbus-send`) until `org.freedesktop.secrets` has an owner on the bus.
//!
//! The returned guard gives the bus address, to pass as `DBUS_SESSION_BUS_ADDRESS` to the code
//! under test (a child process); dropping it stops both daemons and removes the directory, and
//! neither outlives the test's thread even when nothing drops it (verdict-testkit's `daemon`).
//!
//! Debian packages: `dbus-daemon` (dbus-daemon), `dbus-bin` (dbus-send), `gnome-keyring`,
//! util-linux (setpriv), all in `.ci/programs`. When one is missing the caller panics naming
//! its package: these tests never skip silently.

#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use verdict_testkit::daemon::{self, Daemon};
use verdict_testkit::dbus::read_log;

/// The password of the private login keyring.
pub const KEYRING_PASSWORD: &str = "verdict-desk-test";

const READY_TIMEOUT: Duration = Duration::from_secs(15);

/// The path of `program`; panics naming the package to install when it is missing.
pub fn require(program: &str) -> PathBuf {
    verdict_testkit::program(program)
}

/// A private session bus (verdict-testkit's): no service activation, stopped on drop.
pub use verdict_testkit::dbus::PrivateBus;

/// A private bus with an unlocked gnome-keyring Secret Service on it; both are stopped on
/// drop, the keyring first (fields drop in order).
pub struct SecretService {
    keyring: Daemon,
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

/// Starts a private session bus and an unlocked Secret Service on it, or panics saying why
/// (including which Debian packages to install when a program is missing).
pub fn start_secret_service() -> SecretService {
    let started = Instant::now();
    require("gnome-keyring-daemon");
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
    let mut keyring = Daemon::spawn(
        "gnome-keyring-daemon",
        daemon::command("gnome-keyring-daemon")
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
            .stderr(log),
    );
    {
        // The login keyring's password; the daemon reads stdin to its end.
        let mut stdin = keyring.child().stdin.take().expect("gnome-keyring stdin");
        stdin
            .write_all(KEYRING_PASSWORD.as_bytes())
            .expect("give gnome-keyring its password");
    }
    let owned = bus.wait_for_name("org.freedesktop.secrets", READY_TIMEOUT, || {
        keyring
            .exited()
            .map(|status| format!("gnome-keyring-daemon exited ({status})"))
    });
    if let Err(e) = owned {
        // Both daemons stop as the guards drop while this panics.
        panic!("{e}: {}", read_log(&log_path));
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

fn set_private(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).expect("chmod 700");
}
