//! Desktop notices (`Desk::take_notices`): a publishing job that failed after its last retry
//! is raised once, not again after a restart, and again when it fails anew; and how a
//! target's own publishing time is said against the schedule.

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use verdict_core::desk::{Notice, Selection};
use verdict_core::publish::{RunOptions, TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::store::receipts::PublishedThere;
use verdict_core::Desk;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Two attempts, quickly: the job fails for good after its last retry.
fn two_attempts() -> RunOptions {
    RunOptions {
        max_attempts: 2,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        request_timeout: Duration::from_secs(5),
        ..RunOptions::default()
    }
}

#[test]
fn a_job_failed_after_its_last_retry_is_raised_once_across_restarts_and_again_when_it_fails_anew() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    // A folder target inside a file: every write fails.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "a file").unwrap();
    desk.add_target(
        "publisher",
        &TargetConfig {
            name: "files".into(),
            kind: TargetKind::Folder,
            url: blocker.join("site").display().to_string(),
            user: None,
        },
        None,
        secrets.as_ref(),
    )
    .unwrap();
    assert!(desk.take_notices(Utc::now()).unwrap().is_empty());
    let plan = desk
        .queue_publish("publisher", None, &Selection::AllPublished)
        .unwrap();
    assert_eq!(plan.queued.len(), 1, "{plan:?}");
    let rt = runtime();
    let run = |desk: &Desk| {
        rt.block_on(desk.run_outbox(secrets.clone(), two_attempts(), |_| {}))
            .unwrap()
    };
    assert_eq!(run(&desk).failed, 1);

    let notices = desk.take_notices(Utc::now()).unwrap();
    assert_eq!(notices.len(), 1, "{notices:?}");
    let Notice::PublishingFailed {
        job,
        target,
        slug,
        title,
        error,
    } = &notices[0]
    else {
        panic!("{notices:?}");
    };
    assert_eq!(
        (target.as_str(), slug.as_str()),
        ("files", plan.queued[0].1.as_str())
    );
    assert!(!error.is_empty());
    assert_eq!(
        notices[0].heading(),
        format!("Publishing “{title}” to files failed")
    );
    assert!(notices[0].body().contains(error.as_str()));
    let job = *job;
    assert!(desk.take_notices(Utc::now()).unwrap().is_empty(), "once");

    // The app restarts: what was raised is not raised again.
    drop(desk);
    let desk = Desk::open(dir.path()).unwrap();
    assert!(
        desk.take_notices(Utc::now()).unwrap().is_empty(),
        "not after a restart"
    );

    // Retried and failed again (a second later: its time is another): raised again.
    std::thread::sleep(Duration::from_millis(1100));
    desk.retry_job("publisher", job).unwrap();
    assert_eq!(run(&desk).failed, 1);
    let again = desk.take_notices(Utc::now()).unwrap();
    assert!(
        matches!(again.as_slice(), [Notice::PublishingFailed { job: j, .. }] if *j == job),
        "{again:?}"
    );
}

#[test]
fn a_targets_own_publishing_time_is_said_against_the_schedule() {
    let due = Utc.with_ymd_and_hms(2026, 12, 6, 9, 0, 0).unwrap();
    let on_time = PublishedThere::new("Ghost", due + chrono::Duration::seconds(20), due);
    assert_eq!(
        on_time.said,
        "Published by Ghost at 6 Dec 2026 09:00 UTC, on time"
    );
    assert_eq!(on_time.minutes_late, 0);
    // Ghost's scheduler pings a little early: within the grace it is on time.
    let early_ping = PublishedThere::new("Ghost", due - chrono::Duration::seconds(30), due);
    assert!(early_ping.said.ends_with("on time"), "{}", early_ping.said);
    let late = PublishedThere::new("Ghost", due + chrono::Duration::minutes(42), due);
    assert_eq!(
        late.said,
        "Published by Ghost at 6 Dec 2026 09:42 UTC, 42 min late"
    );
    assert_eq!(late.minutes_late, 42);
    let early = PublishedThere::new("Ghost", due - chrono::Duration::minutes(90), due);
    assert_eq!(
        early.said,
        "Published by Ghost at 6 Dec 2026 07:30 UTC, 1 h 30 min early"
    );
    let parsed = |t: &str| chrono::DateTime::parse_from_rfc3339(t).unwrap();
    assert_eq!(parsed(&early.due_at), due);
    assert_eq!(parsed(&early.at), due - chrono::Duration::minutes(90));
}
