//! Crash safety: a process saving as fast as it can (as autosave does, one save after
//! another) is killed with SIGKILL at random moments, many times. After every kill the
//! database opens, passes `PRAGMA integrity_check`, and holds every save the writer had
//! reported done before it died.
//!
//! The writer is this test binary itself, re-run as the ignored test `writer` in a child
//! process, so nothing but the real core is involved.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use verdict_core::store::SaveCtx;

use rand::Rng;
use verdict_core::Desk;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const KILLS: usize = 25;

/// The child: saves the sample comparison's title as "Save N" for N = 1, 2, … and prints N
/// after each save returned, until it is killed.
#[test]
#[ignore = "run by kills_never_lose_a_reported_save in a child process"]
fn writer() {
    let Some(dir) = std::env::var_os("VERDICT_CRASH_DIR") else {
        return;
    };
    let desk = Desk::open(std::path::Path::new(&dir)).unwrap();
    let mut page = desk.comparison(SLUG).unwrap();
    let start: u64 = page
        .title
        .strip_prefix("Save ")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    for n in start + 1.. {
        page.title = format!("Save {n}");
        page.dek = format!("{} {}", "words ".repeat((n % 40) as usize), n);
        desk.store()
            .save_comparison(&SaveCtx::unattributed(), &page)
            .unwrap();
        println!("saved {n}");
    }
}

#[test]
fn kills_never_lose_a_reported_save() {
    let dir = tempfile::tempdir().unwrap();
    {
        let desk = Desk::open(dir.path()).unwrap();
        desk.seed_sample_if_empty().unwrap();
    }
    let me = std::env::current_exe().unwrap();
    let mut rng = rand::rng();
    let mut reported_total = 0u64;
    let mut stored_before = 0u64;
    let started = Instant::now();
    for kill in 1..=KILLS {
        let mut child = Command::new(&me)
            .args([
                "--exact",
                "writer",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("VERDICT_CRASH_DIR", dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        // Read what the writer reports on a thread, so the kill lands while it writes.
        let reader = std::thread::spawn(move || {
            let mut last = 0u64;
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                // The first report shares its line with libtest's "test writer ... ".
                let report = line.rsplit_once("saved ").map(|(_, n)| n);
                if let Some(n) = report.and_then(|n| n.trim().parse().ok()) {
                    last = n;
                }
            }
            last
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(60..400)));
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(child.id() as i32),
            nix::sys::signal::Signal::SIGKILL,
        )
        .unwrap();
        child.wait().unwrap();
        let reported = reader.join().unwrap();

        let desk = Desk::open(dir.path()).unwrap_or_else(|e| panic!("kill {kill}: {e}"));
        assert_eq!(
            desk.store().integrity_check().unwrap(),
            vec!["ok".to_string()],
            "kill {kill}"
        );
        let title = desk.comparison(SLUG).unwrap().title;
        let stored: u64 = title.strip_prefix("Save ").unwrap().parse().unwrap();
        // Everything reported is there; at most the save in flight at the kill is more. (A
        // writer killed before its first save reported nothing: then the floor is what the
        // previous runs left.)
        let floor = if reported > 0 {
            reported
        } else {
            stored_before
        };
        assert!(
            stored == floor || stored == floor + 1,
            "kill {kill}: reported {reported}, stored {stored} (before this run {stored_before})"
        );
        stored_before = stored;
        reported_total = reported_total.max(reported);
    }
    assert!(
        reported_total > KILLS as u64,
        "the writer got work done between kills"
    );
    println!(
        "CRASH {KILLS} kills survived, {reported_total} saves reported, {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
