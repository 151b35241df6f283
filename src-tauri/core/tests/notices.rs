//! Desktop notices (`Desk::take_notices`): a publishing job that failed after its last retry
//! is raised once, not again after a restart, and again when it fails anew; and how a
//! target's own publishing time is said against the schedule.

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use verdict_core::desk::{Notice, Selection};
use verdict_core::notices::NoticeKind;
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

/// A desk alone with the sample page scheduled for an hour ago.
fn desk_with_a_missed_schedule() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    let slug = desk.store().comparisons().unwrap()[0].slug.clone();
    let mut page = desk.comparison(&slug).unwrap();
    page.status = verdict_core::model::ComparisonStatus::Scheduled;
    page.published_at = None;
    page.scheduled_for = Some(Utc::now() - chrono::Duration::hours(1));
    desk.store()
        .save_comparison(&verdict_core::store::SaveCtx::unattributed(), &page)
        .unwrap();
    (dir, desk)
}

#[test]
fn a_kind_switched_off_is_not_raised_nor_kept_for_later_and_the_others_stay_on() {
    let (_dir, desk) = desk_with_a_missed_schedule();
    let switches = desk.notice_switches().unwrap();
    assert_eq!(switches.len(), NoticeKind::ALL.len());
    assert!(
        switches.iter().all(|s| s.on),
        "all on at first: {switches:?}"
    );
    let missed = switches
        .iter()
        .find(|s| s.kind == NoticeKind::MissedSchedule)
        .unwrap();
    assert!(!missed.team_only && !missed.label.is_empty());

    let after = desk.set_notice_switch("missed_schedule", false).unwrap();
    for s in &after {
        assert_eq!(s.on, s.kind != NoticeKind::MissedSchedule, "{s:?}");
    }
    assert_eq!(desk.take_notices(Utc::now()).unwrap(), vec![]);
    // Switched on again: what happened meanwhile was spent, not raised late.
    desk.set_notice_switch("missed_schedule", true).unwrap();
    assert!(desk.notice_switches().unwrap().iter().all(|s| s.on));
    assert_eq!(desk.take_notices(Utc::now()).unwrap(), vec![]);
}

#[test]
fn switches_are_kept_across_a_restart_and_a_bad_kind_is_refused_naming_the_field() {
    let (dir, desk) = desk_with_a_missed_schedule();
    desk.set_notice_switch("mentioned", false).unwrap();
    drop(desk);
    let desk = Desk::open(dir.path()).unwrap();
    let off: Vec<NoticeKind> = desk
        .notice_switches()
        .unwrap()
        .into_iter()
        .filter(|s| !s.on)
        .map(|s| s.kind)
        .collect();
    assert_eq!(off, vec![NoticeKind::Mentioned]);
    // Another kind off does not hide this one: the missed schedule is raised.
    let raised = desk.take_notices(Utc::now()).unwrap();
    assert!(
        matches!(raised.as_slice(), [Notice::MissedSchedule { .. }]),
        "{raised:?}"
    );

    let err = desk.set_notice_switch("everything", false).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("kind"), "{text}");
    assert!(text.contains("\"everything\""), "{text}");
}

#[test]
fn each_notice_leads_to_its_place() {
    use verdict_core::desk::WorkPlace;
    let missed = Notice::MissedSchedule {
        slug: "a-vs-b".into(),
        title: "A vs B".into(),
        due_at: "2026-12-06T09:00:00Z".into(),
        said: "was due".into(),
    };
    assert_eq!(
        missed.place(),
        Some(WorkPlace::Publishing {
            slug: "a-vs-b".into()
        })
    );
    assert_eq!(missed.kind(), NoticeKind::MissedSchedule);
    let failed = Notice::PublishingFailed {
        job: 7,
        target: "files".into(),
        slug: "a-vs-b".into(),
        title: "A vs B".into(),
        error: "refused".into(),
    };
    assert_eq!(failed.place(), Some(WorkPlace::Job { id: 7 }));
}

/// A desk from before the switches had a table (schema 18) kept them as rows "off:<kind>"
/// among the notices raised: migrated, it keeps its switches, and the rows are gone from
/// the notices raised (the notices raised stay).
#[test]
fn a_desk_from_before_the_switches_table_keeps_its_switches() {
    use rusqlite::Connection;
    use verdict_core::store::{APPLICATION_ID, DB_FILE, MIGRATIONS};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    {
        let conn = Connection::open(&db).unwrap();
        for (number, sql) in MIGRATIONS.iter().filter(|(n, _)| *n <= 18) {
            conn.execute_batch(sql).unwrap();
            conn.execute_batch(&format!(
                "PRAGMA user_version = {number}; PRAGMA application_id = {APPLICATION_ID};"
            ))
            .unwrap();
        }
        conn.execute_batch(
            "INSERT INTO notices_raised (key, raised_at) VALUES
                 ('off:mentioned', '9999-12-31T00:00:00.000Z'),
                 ('off:page_approved', '9999-12-31T00:00:00.000Z'),
                 ('missed:a-vs-b:2026-12-06T09:00:00Z', '2026-12-06T10:00:00.000Z'),
                 ('offline-but-no-switch', '2026-12-06T10:00:00.000Z');",
        )
        .unwrap();
    }
    let desk = Desk::open(dir.path()).unwrap();
    let off: Vec<NoticeKind> = desk
        .notice_switches()
        .unwrap()
        .into_iter()
        .filter(|s| !s.on)
        .map(|s| s.kind)
        .collect();
    assert_eq!(off, vec![NoticeKind::Mentioned, NoticeKind::PageApproved]);
    drop(desk);
    let conn = Connection::open(&db).unwrap();
    let raised: Vec<String> = conn
        .prepare("SELECT key FROM notices_raised ORDER BY key")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        raised,
        [
            "missed:a-vs-b:2026-12-06T09:00:00Z",
            "offline-but-no-switch"
        ]
    );
    drop(conn);
    // Switched on again after the move: on, and still on after a restart.
    let desk = Desk::open(dir.path()).unwrap();
    desk.set_notice_switch("mentioned", true).unwrap();
    drop(desk);
    let desk = Desk::open(dir.path()).unwrap();
    let off: Vec<NoticeKind> = desk
        .notice_switches()
        .unwrap()
        .into_iter()
        .filter(|s| !s.on)
        .map(|s| s.kind)
        .collect();
    assert_eq!(off, vec![NoticeKind::PageApproved]);
}
