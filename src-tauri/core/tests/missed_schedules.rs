//! Missed schedules: a scheduled page whose time passed while the desk was closed is named
//! (and is a publisher's first item in My work); published late, it says by how much, and
//! until it is verified on its targets it says where it is not yet.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use verdict_core::desk::{WorkKind, WorkPlace};
use verdict_core::model::ComparisonStatus;
use verdict_core::publish::verify::{Due, VerifyOptions};
use verdict_core::publish::{run_until_settled, RunOptions, TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::store::SaveCtx;
use verdict_core::Desk;
use verdict_fixtures::{generate, GenerateOptions};
use verdict_pageserver::Config;

const TOKEN: &str = "missed-token";

#[test]
fn a_schedule_missed_while_the_desk_was_closed_is_shown_first_and_says_how_late_it_went_out() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    generate(
        &mut desk.store(),
        &GenerateOptions {
            tools: 12,
            comparisons: 8,
            reviewers: 3,
            seed: 4,
        },
    )
    .unwrap();
    desk.ensure_profiles().unwrap();
    let server = verdict_pageserver::start_in_thread(Config::new(TOKEN)).unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let target = TargetConfig {
        name: "site".into(),
        kind: TargetKind::Http,
        url: server.url(),
        user: None,
    };
    desk.add_target("publisher", &target, Some(TOKEN), secrets.as_ref())
        .unwrap();
    let published: Vec<_> = desk
        .store()
        .comparisons()
        .unwrap()
        .into_iter()
        .filter(|c| c.status == ComparisonStatus::Published)
        .collect();
    assert!(published.len() >= 3, "{} published", published.len());

    // Scheduled for 42 minutes ago, while the desk was closed; another a minute ago (within
    // the grace the app's half-minute look needs); a third for tomorrow.
    let now = Utc::now();
    let schedule = |slug: &str, minutes_ago: i64| {
        let mut page = desk.comparison(slug).unwrap();
        page.status = ComparisonStatus::Scheduled;
        page.published_at = None;
        page.scheduled_for = Some(now - chrono::Duration::minutes(minutes_ago));
        desk.store()
            .save_comparison(&SaveCtx::unattributed(), &page)
            .unwrap();
    };
    let (late, just_due, later) = (&published[0], &published[1], &published[2]);
    schedule(&late.slug, 42);
    schedule(&just_due.slug, 1);
    schedule(&later.slug, -24 * 60);

    // (The generated desk has scheduled pages of its own, long overdue: they are missed too.)
    let ours = |m: &&verdict_core::desk::MissedSchedule| {
        [&late.slug, &just_due.slug, &later.slug].contains(&&m.slug)
    };
    let missed: Vec<_> = desk.missed_schedules(now).unwrap();
    let missed: Vec<_> = missed.iter().filter(ours).collect();
    assert_eq!(missed.len(), 1, "{missed:#?}");
    assert_eq!(missed[0].slug, late.slug);
    assert_eq!(missed[0].minutes_late, 42);
    assert!(
        missed[0]
            .said
            .ends_with("and is not published: 42 min late"),
        "{}",
        missed[0].said
    );
    let work = desk.my_work("publisher").unwrap();
    // Missed schedules come first.
    let firsts = work
        .items
        .iter()
        .take_while(|i| i.kind == WorkKind::MissedSchedule)
        .count();
    assert!(
        work.items
            .iter()
            .skip(firsts)
            .all(|i| i.kind != WorkKind::MissedSchedule),
        "{work:#?}"
    );
    let item = work.items[..firsts]
        .iter()
        .find(|i| {
            i.place
                == WorkPlace::Publishing {
                    slug: late.slug.clone(),
                }
        })
        .unwrap_or_else(|| panic!("{work:#?}"));
    assert_eq!(item.title, format!("Missed schedule: “{}”", late.title));
    assert!(item.detail.ends_with("42 min late"), "{}", item.detail);

    // The desk opens: the due pages go out, the late one 42 minutes late, and until the
    // target has been read back it is not verified there.
    let plan = desk.publish_due(now).unwrap();
    assert!(plan.published.contains(&late.slug) && plan.published.contains(&just_due.slug));
    assert!(!plan.published.contains(&later.slug));
    let missed = desk.missed_schedules(now).unwrap();
    let missed: Vec<_> = missed.iter().filter(ours).collect();
    let said: Vec<&str> = missed.iter().map(|m| m.said.as_str()).collect();
    assert_eq!(
        missed.len(),
        1,
        "the page due a minute ago went out in time: {said:?}"
    );
    assert!(
        said[0].contains("went out 42 min late; not verified on site yet"),
        "{said:?}"
    );

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let options = RunOptions {
        target: Some("site".into()),
        request_timeout: Duration::from_secs(5),
        ..RunOptions::default()
    };
    let summary = rt
        .block_on(run_until_settled(
            desk.data_dir(),
            secrets.clone(),
            options,
            |_| {},
        ))
        .unwrap();
    assert_eq!(summary.failed + summary.conflicts, 0, "{summary}");
    let verify = VerifyOptions {
        due: Due::Unchecked,
        ..VerifyOptions::default()
    };
    let report = rt.block_on(desk.verify_published(secrets, verify)).unwrap();
    assert_eq!(report.problems(), 0, "{report:#?}");
    let missed = desk.missed_schedules(Utc::now()).unwrap();
    let missed: Vec<_> = missed.iter().filter(ours).collect();
    assert_eq!(missed.len(), 1, "{missed:#?}");
    assert!(
        missed[0].said.ends_with("went out 42 min late"),
        "verified now, still late: {}",
        missed[0].said
    );
}
