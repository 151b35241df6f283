//! Test support: a desk syncing with its team in a child process, killed (SIGKILL) at a moment
//! the test picks. The child is the test binary itself, re-run as its ignored test `syncer`,
//! so nothing but the real core is involved. A test binary using this declares:
//!
//! ```ignore
//! #[test]
//! #[ignore = "run in a child process"]
//! fn syncer() { syncer_support::sync_until_killed(); }
//! ```

#![allow(dead_code)]

use std::path::Path;
use std::process::{Child, Command, Stdio};

use verdict_core::secrets::MemorySecrets;
use verdict_core::Desk;

/// The variable naming the child's desk folder.
const DIR_VAR: &str = "VERDICT_SYNCER_DIR";

/// The child's body: syncs the desk in `VERDICT_SYNCER_DIR` again and again until killed.
/// Returns at once when the variable is unset (the test was run directly).
pub fn sync_until_killed() {
    let Some(dir) = std::env::var_os(DIR_VAR) else {
        return;
    };
    let desk = Desk::open(Path::new(&dir)).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let secrets = MemorySecrets::new(); // the password comes from VERDICT_TEAM_PASSWORD
    loop {
        match rt.block_on(desk.team_sync(&secrets, |_| {})) {
            Ok(r) => println!("synced {} pushed {} pulled", r.pushed, r.pulled),
            Err(e) => println!("sync failed: {e}"),
        }
    }
}

/// Starts a child syncing the desk in `dir` as the member whose password is `password`.
pub fn spawn(dir: &Path, password: &str) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "syncer",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DIR_VAR, dir)
        .env("VERDICT_TEAM_PASSWORD", password)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Kills the child with SIGKILL (no chance to tidy up) and reaps it.
pub fn kill(mut child: Child) {
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGKILL,
    )
    .unwrap();
    child.wait().unwrap();
}
