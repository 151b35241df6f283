//! A program a test starts in the background (a bus, a notification server, a keyring) that
//! never outlives the test: stopped when its guard is dropped (also while a test panics),
//! and killed by the kernel when the test process dies without dropping it (a test binary
//! killed at a timeout, `process::exit`), through util-linux's `setpriv --pdeathsig KILL`.
//!
//! The parent death signal fires when the *thread* that started the program ends, so a
//! daemon lives at most as long as the test's thread (a test's guards never outlive it),
//! and the kernel clears it for a program with file capabilities or a set-user-id bit: the
//! guard's drop is the rule, the signal the net under it.

use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

use crate::program;

/// How long a daemon may take to go after SIGTERM before it is killed.
const GRACE: Duration = Duration::from_secs(3);

/// The command that starts the listed program `name` (see [`program`]) so that it dies
/// with the test's thread: `setpriv --pdeathsig KILL <path of name>`, which becomes the
/// program (same pid). Add arguments, environment and stdio, then [`Daemon::spawn`].
pub fn command(name: &str) -> Command {
    let path = program(name);
    let mut cmd = Command::new(program("setpriv"));
    cmd.args(["--pdeathsig", "KILL"]).arg(path);
    cmd
}

/// A running background program; dropping it stops it (SIGTERM, then SIGKILL after a
/// grace period) and reaps it.
#[derive(Debug)]
pub struct Daemon {
    name: String,
    child: Child,
}

impl Daemon {
    /// Starts `cmd` (made by [`command`]); panics naming `what` when it cannot start.
    pub fn spawn(what: &str, cmd: &mut Command) -> Daemon {
        let child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("{what} does not start: {e}"));
        Daemon {
            name: what.to_string(),
            child,
        }
    }

    /// The process, for its stdin and stdout.
    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Its exit status when it has ended (and is reaped now), `None` while it runs.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// Stops it now: SIGTERM, a grace period, then SIGKILL; reaps it.
    pub fn stop(&mut self) {
        if self.exited().is_some() {
            return;
        }
        let _ = kill(Pid::from_raw(self.child.id() as i32), Signal::SIGTERM);
        let deadline = Instant::now() + GRACE;
        while Instant::now() < deadline {
            if self.exited().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        self.kill();
    }

    /// Kills it at once (SIGKILL), leaving behind whatever it had not cleaned up (a bus's
    /// socket file), and reaps it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        self.stop();
        if self.exited().is_none() {
            eprintln!("{} (pid {}) could not be stopped", self.name, self.id());
        }
    }
}
