//! `verdict publish` as a cron job or a person runs it: against a real page API server on
//! 127.0.0.1 that injects faults, killed with SIGKILL at random moments and started again.

use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use assert_cmd::Command;
use predicates::str::contains;
use rand::Rng;
use verdict_pageserver::{Config, FaultKind, Faults};

mod support;
use support::{integrity, published_slugs};

const TOKEN: &str = "cli-token-7d1e";

fn verdict(dir: &std::path::Path) -> Command {
    support::verdict_for_site(dir, TOKEN)
}

#[test]
fn killed_mid_publish_and_restarted_every_page_lands_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args([
            "generate",
            "--tools",
            "60",
            "--comparisons",
            "300",
            "--reviewers",
            "4",
            "--seed",
            "3",
        ])
        .assert()
        .success();
    let slugs = published_slugs(dir.path());
    assert!(slugs.len() >= 200, "{} published", slugs.len());

    let mut config = Config::new(TOKEN);
    config.faults = Faults::new(
        0.3,
        5,
        vec![
            FaultKind::ServerError,
            FaultKind::ServerErrorAfterWrite,
            FaultKind::Reset,
            FaultKind::ResetAfterWrite,
            FaultKind::Slow { ms: 60 },
        ],
    );
    let server = verdict_pageserver::start_in_thread(config).unwrap();
    verdict(dir.path())
        .args([
            "target",
            "add",
            "site",
            "--kind",
            "http",
            "--url",
            &server.url(),
        ])
        .assert()
        .success();

    let run_args = [
        "publish",
        "--target",
        "site",
        "--all",
        "--concurrency",
        "3",
        "--retry-delay-ms",
        "5",
        "--timeout",
        "0.5",
        "--max-attempts",
        "30",
    ];
    let mut rng = rand::rng();
    let mut kills = 0;
    let started = Instant::now();
    while kills < 8 && started.elapsed() < Duration::from_secs(60) {
        let mut child = Process::cargo_bin("verdict")
            .unwrap()
            .args(run_args)
            .env("VERDICT_DATA_DIR", dir.path())
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env("VERDICT_SECRET_SITE", TOKEN)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Soon enough that a run (now quick to resume, with no lease to wait for) is still
        // busy when it is killed.
        std::thread::sleep(Duration::from_millis(rng.random_range(50..400)));
        if child.try_wait().unwrap().is_some() {
            break; // It finished before the kill: the queue is settled.
        }
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(child.id() as i32),
            nix::sys::signal::Signal::SIGKILL,
        )
        .unwrap();
        child.wait().unwrap();
        kills += 1;
        assert_eq!(integrity(dir.path()), "ok", "after kill {kills}");
    }
    assert!(kills >= 3, "the publish was killed mid-run {kills} times");

    // Started again, it settles: every published page is on the server exactly once.
    verdict(dir.path())
        .args(run_args)
        .assert()
        .success()
        .stdout(contains("0 failed, 0 conflicts"));
    let mut on_server: Vec<String> = server.pages().into_iter().map(|p| p.slug).collect();
    on_server.sort();
    assert_eq!(on_server, slugs);
    let stats = server.stats();
    for slug in &slugs {
        assert_eq!(
            stats.by_slug_writes.get(slug),
            Some(&1),
            "{slug}: {stats:?}"
        );
    }
    assert_eq!(stats.creates as usize, slugs.len());
    verdict(dir.path())
        .args(["queue"])
        .assert()
        .success()
        .stdout(contains("the publishing queue is empty"));

    // Nothing changed since: nothing is sent.
    let before = server.stats().requests;
    verdict(dir.path())
        .args(run_args)
        .assert()
        .success()
        .stdout(contains(format!("0 to send, {} unchanged", slugs.len())))
        // Issue 12, item 8: the summary counts the same pages as unchanged, not "0 unchanged".
        .stdout(contains(format!("0 sent, {} unchanged,", slugs.len())));
    assert_eq!(server.stats().requests, before);
}

#[test]
fn publishing_refusals_exit_non_zero_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args(["init", "--sample"])
        .assert()
        .success();
    // No target yet.
    verdict(dir.path())
        .args(["publish", "--all"])
        .assert()
        .failure()
        .stderr(contains("no publishing target"));
    // A bad URL names the field.
    verdict(dir.path())
        .args([
            "target", "add", "site", "--kind", "http", "--url", "ftp://x",
        ])
        .assert()
        .failure()
        .stderr(contains("url"));
    // A WordPress target needs its user.
    verdict(dir.path())
        .args([
            "target",
            "add",
            "wp",
            "--kind",
            "wordpress",
            "--url",
            "http://127.0.0.1:1/",
        ])
        .assert()
        .failure()
        .stderr(contains("user"));
    verdict(dir.path())
        .args(["target", "list"])
        .assert()
        .success()
        .stdout(contains("no publishing targets"));
    // A reviewer may not publish.
    let server = verdict_pageserver::start_in_thread(Config::new(TOKEN)).unwrap();
    verdict(dir.path())
        .args([
            "target",
            "add",
            "site",
            "--kind",
            "http",
            "--url",
            &server.url(),
        ])
        .assert()
        .success();
    verdict(dir.path())
        .args(["--as", "editor", "publish", "--target", "site", "--all"])
        .assert()
        .failure()
        .stderr(contains("may not publish"));
    assert!(server.pages().is_empty());
    // A wrong token fails the job with the endpoint's answer and a non-zero exit.
    verdict(dir.path())
        .env("VERDICT_SECRET_SITE", "wrong")
        .args(["publish", "--target", "site", "--all"])
        .assert()
        .failure()
        .stdout(contains("1 failed"));
    verdict(dir.path())
        .args(["queue"])
        .assert()
        .success()
        .stdout(contains("failed"))
        .stdout(contains("refused the token"));
    assert!(server.pages().is_empty());
    // `target test` says what answered.
    verdict(dir.path())
        .args(["target", "test", "site"])
        .assert()
        .success()
        .stdout(contains("Verdict page API v1"));
}

/// Issue 12, item 7: a publish killed while its writes had landed (their answers never came)
/// resumes with the same idempotency keys (the server replays, nothing is re-keyed into a
/// 412) and takes over the dead process's leases at once instead of waiting for them.
#[test]
fn a_killed_publish_resumes_with_its_keys_and_without_waiting_for_dead_leases() {
    let dir = tempfile::tempdir().unwrap();
    verdict(dir.path())
        .args([
            "generate",
            "--tools",
            "20",
            "--comparisons",
            "30",
            "--reviewers",
            "3",
            "--seed",
            "3",
        ])
        .assert()
        .success();
    let slugs = published_slugs(dir.path());
    assert!(slugs.len() >= 6, "{} published", slugs.len());
    let in_flight = 4.min(slugs.len());

    // Every write lands, and then its answer never comes.
    let mut config = Config::new(TOKEN);
    config.faults = Faults::always(FaultKind::HangAfterWrite { ms: 300_000 });
    let server = verdict_pageserver::start_in_thread(config).unwrap();
    verdict(dir.path())
        .args([
            "target",
            "add",
            "site",
            "--kind",
            "http",
            "--url",
            &server.url(),
        ])
        .assert()
        .success();
    let run_args = [
        "publish",
        "--target",
        "site",
        "--all",
        "--concurrency",
        "4",
        "--timeout",
        "30",
    ];
    let mut child = Process::cargo_bin("verdict")
        .unwrap()
        .args(run_args)
        .env("VERDICT_DATA_DIR", dir.path())
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env("VERDICT_SECRET_SITE", TOKEN)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let waiting = Instant::now();
    while (server.stats().creates as usize) < in_flight {
        assert!(
            waiting.elapsed() < Duration::from_secs(120),
            "{:?}",
            server.stats()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGKILL,
    )
    .unwrap();
    child.wait().unwrap();
    server.set_faults(Faults::none());

    // Started again: the leases (61 s with a 30 s timeout) are the dead process's, so they
    // are taken over at once, and the landed writes are recognised by their keys.
    let started = Instant::now();
    verdict(dir.path())
        .args(run_args)
        .assert()
        .success()
        .stdout(contains("0 failed, 0 conflicts"));
    let took = started.elapsed();
    // Checked first: the keys. Then the time the resumed run took.
    let stats = server.stats();
    assert_eq!(stats.rejected_412, 0, "no write was re-keyed: {stats:?}");
    assert_eq!(stats.replays as usize, in_flight, "{stats:?}");
    assert_eq!(stats.creates as usize, slugs.len(), "{stats:?}");
    for slug in &slugs {
        assert_eq!(stats.by_slug_writes.get(slug), Some(&1), "{slug}");
    }
    assert!(
        took < Duration::from_secs(40),
        "the resumed run waited for leases of a dead process: {took:?}"
    );
}
