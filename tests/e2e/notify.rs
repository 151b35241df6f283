//! Desktop notifications, for real (declared in missed.rs, the journey that uses it): a
//! private session bus for the app (verdict-testkit's `dbus::PrivateBus`: no service
//! activation, so nothing installed on the machine starts on it), dunst as the notification
//! server on the test's X display, and dbus-monitor recording every
//! `org.freedesktop.Notifications.Notify` call and `ActionInvoked` signal sent on that bus.
//! The app gets the bus through DBUS_SESSION_BUS_ADDRESS (`Desk::launch_prepared`'s
//! environment). Every program here is a verdict-testkit `Daemon`: stopped when this is
//! dropped, and never outliving the test.
//!
//! And a user who looks away: another X client's window (xmessage) takes the keyboard focus
//! from the app's window, through xdotool (no window manager runs on the test's display);
//! and who clicks a notification: xdotool moves the pointer onto dunst's window and clicks,
//! which dunst (told so in its configuration) answers with the notification's default action.
//!
//! Debian packages: dbus-daemon, dbus-bin (dbus-monitor, dbus-send), dunst, x11-utils
//! (xmessage), xdotool, util-linux (setpriv); all in `.ci/programs`.

use std::fs::{self, File};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use verdict_testkit::daemon::{self, Daemon};
use verdict_testkit::dbus::PrivateBus;

use crate::harness::Desk;

/// How long a daemon may take to come up.
const READY: Duration = Duration::from_secs(15);

/// The window title and class dunst gives its notification window (its defaults).
const DUNST_WINDOW: &str = "Dunst";

/// One `Notify` call seen on the bus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raised {
    pub summary: String,
    pub body: String,
}

/// The private bus, dbus-monitor on it and, once [`Notifications::serve_on`] started it,
/// dunst. Dropping it stops them all: fields drop in order, the bus (and its folder, which
/// holds every log) last.
pub struct Notifications {
    elsewhere: Option<Daemon>,
    server: Option<Daemon>,
    // Runs until dropped, writing what it sees into the bus's folder.
    _monitor: Daemon,
    bus: PrivateBus,
}

impl Notifications {
    /// Starts the bus and the monitor on it (before the app, whose environment names the bus).
    pub fn start() -> Notifications {
        // Every program found first: a missing one fails the test before anything runs.
        for program in [
            "setpriv",
            "dbus-daemon",
            "dbus-monitor",
            "dbus-send",
            "dunst",
            "dunstctl",
            "xmessage",
            "xdotool",
        ] {
            verdict_testkit::program(program);
        }
        let bus = PrivateBus::start();
        let dir = bus.dir();
        let monitor = Daemon::spawn(
            "dbus-monitor",
            daemon::command("dbus-monitor")
                .args(["--address", bus.address(), "--monitor"])
                .arg("type='method_call',interface='org.freedesktop.Notifications',member='Notify'")
                .arg("type='signal',interface='org.freedesktop.Notifications',member='ActionInvoked'")
                .stdin(Stdio::null())
                .stdout(File::create(dir.join("monitor.log")).expect("the monitor's log"))
                .stderr(File::create(dir.join("monitor.err")).expect("the monitor's errors")),
        );
        let me = Notifications {
            elsewhere: None,
            server: None,
            _monitor: monitor,
            bus,
        };
        // dbus-monitor, once a monitor, is told its name is gone (and prints it).
        let log = me.bus.dir().join("monitor.log");
        wait_for("dbus-monitor to watch the bus", || {
            read(&log).contains("NameLost").then_some(())
        });
        me.monitor_alive();
        me
    }

    /// DBUS_SESSION_BUS_ADDRESS for the app.
    pub fn address(&self) -> &str {
        self.bus.address()
    }

    /// Starts dunst on `display`, the app's, as the bus's notification server: notifications
    /// stay on the screen and are never merged, and it has a home of its own.
    pub fn serve_on(&mut self, display: &str) {
        let dir = self.bus.dir();
        let home = dir.join("home");
        fs::create_dir_all(home.join(".config")).expect("dunst's home");
        let rc = dir.join("dunstrc");
        // A left click runs the notification's default action (`dunstctl action`'s), then
        // closes it, as a click does on most desktops (dunst's own default only closes it).
        fs::write(
            &rc,
            "[global]\n    stack_duplicates = false\n    idle_threshold = 0\n    \
             mouse_left_click = do_action, close_current\n\
             [urgency_low]\n    timeout = 0\n[urgency_normal]\n    timeout = 0\n\
             [urgency_critical]\n    timeout = 0\n",
        )
        .expect("dunst's configuration");
        let log = File::create(dir.join("dunst.log")).expect("dunst's log");
        let server = Daemon::spawn(
            "dunst",
            daemon::command("dunst")
                .arg("-config")
                .arg(&rc)
                .env("DISPLAY", display)
                .env("DBUS_SESSION_BUS_ADDRESS", self.bus.address())
                .env("HOME", &home)
                .env("XDG_CONFIG_HOME", home.join(".config"))
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("dunst's log"))
                .stderr(log),
        );
        self.server = Some(server);
        let owned = self
            .bus
            .wait_for_name("org.freedesktop.Notifications", READY, || {
                let server = self.server.as_mut()?;
                server
                    .exited()
                    .map(|status| format!("dunst exited ({status})"))
            });
        if let Err(e) = owned {
            panic!("e2e: {e}: {}", read(&self.bus.dir().join("dunst.log")));
        }
    }

    /// Every `Notify` call seen so far, in order.
    pub fn raised(&self) -> Vec<Raised> {
        self.monitor_alive();
        parse_monitor(&read(&self.bus.dir().join("monitor.log")))
    }

    /// The actions dunst reported invoked so far (`ActionInvoked` signals), in order: a
    /// click on a notification itself is its `default` action.
    pub fn invoked(&self) -> Vec<String> {
        self.monitor_alive();
        parse_invoked(&read(&self.bus.dir().join("monitor.log")))
    }

    /// Clicks the notification dunst shows on the app's display, as a user does: the
    /// pointer onto dunst's window, a left click (through the X server's XTEST).
    pub fn click(&self, desk: &Desk) {
        let display = desk.display_name();
        let id = wait_for("dunst's window", || {
            xdotool(
                display,
                &["search", "--onlyvisible", "--classname", DUNST_WINDOW],
            )
            .ok()
            .and_then(|out| out.lines().next().map(str::to_string))
        });
        xdotool(
            display,
            &[
                "mousemove",
                "--sync",
                "--window",
                &id,
                "20",
                "10",
                "click",
                "1",
            ],
        )
        .unwrap_or_else(|e| panic!("e2e: cannot click dunst's window: {e}"));
    }

    /// How many notifications dunst shows now (`dunstctl count displayed`).
    pub fn displayed(&self) -> Result<u32, String> {
        let out = Command::new(verdict_testkit::program("dunstctl"))
            .args(["count", "displayed"])
            .env("DBUS_SESSION_BUS_ADDRESS", self.bus.address())
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
        let window = Daemon::spawn(
            "xmessage",
            daemon::command("xmessage")
                .args(["-name", ELSEWHERE, "-title", ELSEWHERE, "Another program"])
                .env("DISPLAY", &display)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        );
        self.elsewhere = Some(window);
        let id = wait_for("the other program's window", || {
            xdotool(&display, &["search", "--onlyvisible", "--name", ELSEWHERE])
                .ok()
                .and_then(|out| out.lines().next().map(str::to_string))
        });
        xdotool(&display, &["windowfocus", "--sync", &id])
            .unwrap_or_else(|e| panic!("e2e: cannot focus the other window: {e}"));
    }

    fn monitor_alive(&self) {
        let err = read(&self.bus.dir().join("monitor.err"));
        assert!(
            !err.contains("Failed") && !err.contains("Error"),
            "e2e: dbus-monitor failed: {err}"
        );
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

/// The actions of the `ActionInvoked` signals in dbus-monitor's output: each signal's
/// arguments are the notification's id and the action's key, printed `string "…"`.
fn parse_invoked(text: &str) -> Vec<String> {
    let mut invoked = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if !line.starts_with(' ') {
            inside = line.starts_with("signal ") && line.contains("member=ActionInvoked");
        } else if let (true, Some(value)) = (inside, line.strip_prefix("   string \"")) {
            invoked.push(value.strip_suffix('"').unwrap_or(value).to_string());
        }
    }
    invoked
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

#[test]
fn action_invoked_signals_are_read_from_the_monitor() {
    let text = "method call time=2 sender=:1.2 -> destination=org.freedesktop.Notifications serial=7 path=/org/freedesktop/Notifications; interface=org.freedesktop.Notifications; member=Notify\n   string \"verdict-desk\"\n   uint32 0\n   string \"\"\n   string \"A\"\n   string \"B\"\n\
signal time=3 sender=:1.3 -> destination=:1.2 serial=9 path=/org/freedesktop/Notifications; interface=org.freedesktop.Notifications; member=ActionInvoked\n   uint32 1\n   string \"default\"\n";
    assert_eq!(parse_invoked(text), vec!["default".to_string()]);
    assert_eq!(parse_monitor(text).len(), 1, "the signal is no Notify call");
}
