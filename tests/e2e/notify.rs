//! Desktop notifications, for real (declared in missed.rs, the journey that uses it): a private session bus for the app (its own dbus-daemon,
//! no service activation, so nothing installed on the machine starts on it), dunst as the
//! notification server on the test's X display, and dbus-monitor recording every
//! `org.freedesktop.Notifications.Notify` call sent on that bus. The app gets the bus through
//! DBUS_SESSION_BUS_ADDRESS (`Desk::launch_prepared`'s environment).
//!
//! And a user who looks away: another X client's window (xmessage) takes the keyboard focus
//! from the app's window, through xdotool (no window manager runs on the test's display).
//!
//! Debian packages: dbus-daemon, dbus-bin (dbus-monitor, dbus-send), dunst, x11-utils
//! (xmessage), xdotool; all in `.ci/programs`.

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::Desk;
use crate::procs;

/// How long a daemon may take to come up.
const READY: Duration = Duration::from_secs(15);

/// One `Notify` call seen on the bus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raised {
    pub summary: String,
    pub body: String,
}

/// The private bus, dbus-monitor on it and, once [`Notifications::serve_on`] started it,
/// dunst. Dropping it stops them all.
pub struct Notifications {
    dir: tempfile::TempDir,
    address: String,
    bus: Child,
    // Kept open: dbus-daemon wrote its address there and must not get SIGPIPE.
    _bus_out: BufReader<ChildStdout>,
    monitor: Child,
    server: Option<Child>,
    elsewhere: Option<Child>,
}

impl Notifications {
    /// Starts the bus and the monitor on it (before the app, whose environment names the bus).
    pub fn start() -> Notifications {
        // Every program found first: a missing one fails the test before anything runs
        // (a daemon left behind would outlive the test, holding what it inherited).
        let (daemon, monitor) = (
            verdict_testkit::program("dbus-daemon"),
            verdict_testkit::program("dbus-monitor"),
        );
        for other in ["dbus-send", "dunst", "dunstctl", "xmessage", "xdotool"] {
            verdict_testkit::program(other);
        }
        let dir = tempfile::Builder::new()
            .prefix("verdict-e2e-bus-")
            .tempdir()
            .expect("a folder for the private bus");
        let config = dir.path().join("session.conf");
        fs::write(&config, bus_config(&dir.path().join("bus"))).expect("the bus configuration");
        let log = File::create(dir.path().join("dbus-daemon.log")).expect("the bus log");
        let mut bus = Command::new(daemon)
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--nopidfile", "--print-address=1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("dbus-daemon starts");
        let mut out = BufReader::new(bus.stdout.take().expect("dbus-daemon's stdout"));
        let mut address = String::new();
        let _ = out.read_line(&mut address);
        let address = address.trim().to_string();
        if address.is_empty() {
            procs::terminate_child(&mut bus, Duration::from_secs(2));
            panic!(
                "e2e: dbus-daemon gave no address: {}",
                read(&dir.path().join("dbus-daemon.log"))
            );
        }
        let monitor = Command::new(monitor)
            .args(["--address", &address, "--monitor"])
            .arg("type='method_call',interface='org.freedesktop.Notifications',member='Notify'")
            .stdin(Stdio::null())
            .stdout(File::create(dir.path().join("monitor.log")).expect("the monitor's log"))
            .stderr(File::create(dir.path().join("monitor.err")).expect("the monitor's errors"))
            .spawn()
            .expect("dbus-monitor starts");
        let me = Notifications {
            dir,
            address,
            bus,
            _bus_out: out,
            monitor,
            server: None,
            elsewhere: None,
        };
        // dbus-monitor, once a monitor, is told its name is gone (and prints it).
        let log = me.dir.path().join("monitor.log");
        wait_for("dbus-monitor to watch the bus", || {
            read(&log).contains("NameLost").then_some(())
        });
        me.monitor_alive();
        me
    }

    /// DBUS_SESSION_BUS_ADDRESS for the app.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Starts dunst on `display`, the app's, as the bus's notification server: notifications
    /// stay on the screen and are never merged, and it has a home of its own.
    pub fn serve_on(&mut self, display: &str) {
        let home = self.dir.path().join("home");
        fs::create_dir_all(home.join(".config")).expect("dunst's home");
        let rc = self.dir.path().join("dunstrc");
        fs::write(
            &rc,
            "[global]\n    stack_duplicates = false\n    idle_threshold = 0\n\
             [urgency_low]\n    timeout = 0\n[urgency_normal]\n    timeout = 0\n\
             [urgency_critical]\n    timeout = 0\n",
        )
        .expect("dunst's configuration");
        let log = File::create(self.dir.path().join("dunst.log")).expect("dunst's log");
        let server = Command::new(verdict_testkit::program("dunst"))
            .arg("-config")
            .arg(&rc)
            .env("DISPLAY", display)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("dunst's log"))
            .stderr(log)
            .spawn()
            .expect("dunst starts");
        self.server = Some(server);
        wait_for("dunst to own org.freedesktop.Notifications", || {
            self.name_has_owner("org.freedesktop.Notifications")
                .then_some(())
        });
    }

    /// Every `Notify` call seen so far, in order.
    pub fn raised(&self) -> Vec<Raised> {
        self.monitor_alive();
        parse_monitor(&read(&self.dir.path().join("monitor.log")))
    }

    /// How many notifications dunst shows now (`dunstctl count displayed`).
    pub fn displayed(&self) -> Result<u32, String> {
        let out = Command::new(verdict_testkit::program("dunstctl"))
            .args(["count", "displayed"])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("dunstctl: {e}"))?;
        let text = String::from_utf8_lossy(&out.stdout);
        text.trim()
            .parse()
            .map_err(|_| format!("dunstctl count displayed said {text:?}"))
    }

    /// Looks away from the app, as a user switching to another program does: opens another
    /// X client's window on `display` and gives it the keyboard focus.
    pub fn look_away(&mut self, desk: &Desk) {
        const ELSEWHERE: &str = "verdict-e2e-elsewhere";
        let display = desk.display_name().to_string();
        let window = Command::new(verdict_testkit::program("xmessage"))
            .args(["-name", ELSEWHERE, "-title", ELSEWHERE, "Another program"])
            .env("DISPLAY", &display)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("xmessage starts");
        self.elsewhere = Some(window);
        let id = wait_for("the other program's window", || {
            xdotool(&display, &["search", "--onlyvisible", "--name", ELSEWHERE])
                .ok()
                .and_then(|out| out.lines().next().map(str::to_string))
        });
        xdotool(&display, &["windowfocus", "--sync", &id])
            .unwrap_or_else(|e| panic!("e2e: cannot focus the other window: {e}"));
    }

    fn name_has_owner(&self, name: &str) -> bool {
        Command::new(verdict_testkit::program("dbus-send"))
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
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
    }

    fn monitor_alive(&self) {
        let err = read(&self.dir.path().join("monitor.err"));
        assert!(
            !err.contains("Failed") && !err.contains("Error"),
            "e2e: dbus-monitor failed: {err}"
        );
    }
}

impl Drop for Notifications {
    fn drop(&mut self) {
        let grace = Duration::from_secs(3);
        if let Some(window) = self.elsewhere.as_mut() {
            procs::terminate_child(window, grace);
        }
        if let Some(server) = self.server.as_mut() {
            procs::terminate_child(server, grace);
        }
        procs::terminate_child(&mut self.monitor, grace);
        procs::terminate_child(&mut self.bus, grace);
    }
}

/// The `Notify` calls in dbus-monitor's output: each call's top-level arguments are
/// app name, replaces id, icon, summary, body, ...; its strings are printed `string "…"`.
fn parse_monitor(text: &str) -> Vec<Raised> {
    let mut raised = Vec::new();
    let mut strings: Option<Vec<String>> = None;
    let mut flush = |strings: &mut Option<Vec<String>>| {
        if let Some(s) = strings.take() {
            if s.len() >= 4 {
                raised.push(Raised {
                    summary: s[2].clone(),
                    body: s[3].clone(),
                });
            }
        }
    };
    for line in text.lines() {
        if line.starts_with("method call ") {
            flush(&mut strings);
            if line.contains("member=Notify") {
                strings = Some(Vec::new());
            }
        } else if !line.starts_with(' ') {
            flush(&mut strings);
        } else if let (Some(s), Some(value)) = (strings.as_mut(), line.strip_prefix("   string \""))
        {
            s.push(value.strip_suffix('"').unwrap_or(value).to_string());
        }
    }
    flush(&mut strings);
    raised
}

/// Polls `probe` until it gives something, at most [`READY`].
fn wait_for<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + READY;
    loop {
        if let Some(found) = probe() {
            return found;
        }
        if Instant::now() > deadline {
            panic!("e2e: {what} did not happen within {READY:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs xdotool on `display`; its standard output, or why it failed.
fn xdotool(display: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(verdict_testkit::program("xdotool"))
        .args(args)
        .env("DISPLAY", display)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("xdotool: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "xdotool {args:?}: {} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

/// A session bus that starts nothing by itself and lets dbus-monitor watch everything.
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

#[test]
fn notify_calls_are_read_from_the_monitor() {
    let text = "signal time=1 sender=org.freedesktop.DBus -> destination=:1.1 member=NameLost\n   string \":1.1\"\n\
method call time=2 sender=:1.2 -> destination=org.freedesktop.Notifications serial=7 path=/org/freedesktop/Notifications; interface=org.freedesktop.Notifications; member=Notify\n   string \"verdict-desk\"\n   uint32 0\n   string \"\"\n   string \"Missed schedule: \u{201c}A\u{201d}\"\n   string \"It was due.\"\n   array [\n      string \"default\"\n      string \"\"\n   ]\n   array [\n   ]\n   int32 -1\n";
    assert_eq!(
        parse_monitor(text),
        vec![Raised {
            summary: "Missed schedule: \u{201c}A\u{201d}".into(),
            body: "It was due.".into()
        }]
    );
}
