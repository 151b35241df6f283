//! The site setting `vote_republish_points` (docs/votes.md): pulled votes that would move a
//! page's Community figures by less than it keep the page as published (not stale); a move of
//! that many points or more changes the page and makes it stale.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use verdict_core::desk::{DeskError, Selection};
use verdict_core::publish::{run_until_settled, RunOptions, TargetConfig, TargetKind, VoteCount};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::store::StoreError;
use verdict_core::Desk;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const A: &str = "claude-haiku-open-weights";
const B: &str = "llama-4-scout-quantized";

fn stale(desk: &Desk) -> bool {
    desk.overview()
        .unwrap()
        .comparisons
        .into_iter()
        .find(|c| c.slug == SLUG)
        .unwrap()
        .stale
}

fn pull(desk: &Desk, a: u64, b: u64) -> Option<usize> {
    let counts = [(A, a), (B, b)].map(|(tool, votes)| VoteCount {
        comparison: SLUG.into(),
        tool: tool.into(),
        votes,
    });
    let report = desk
        .save_votes("vote service", &counts, Utc::now())
        .unwrap();
    // A page held back has none of its counts stored.
    let saved = if report.held_back.is_some() { 0 } else { 2 };
    assert_eq!((report.saved, report.skipped), (saved, 0), "{report:?}");
    report.held_back
}

fn stored(desk: &Desk) -> Vec<u64> {
    desk.store()
        .votes()
        .unwrap()
        .iter()
        .map(|v| v.votes)
        .collect()
}

fn publish(desk: &Desk, secrets: Arc<dyn SecretStore>) {
    desk.queue_publish("publisher", None, &Selection::AllPublished)
        .unwrap();
    let options = RunOptions {
        concurrency: 2,
        max_attempts: 3,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        request_timeout: Duration::from_secs(5),
        ..RunOptions::default()
    };
    let progress = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(run_until_settled(desk.data_dir(), secrets, options, |_| {}))
        .unwrap();
    assert_eq!(progress.failed + progress.conflicts, 0, "{progress}");
    assert!(!stale(desk));
}

fn set_points(desk: &Desk, points: u32) -> Result<(), DeskError> {
    let mut site = desk.site().unwrap();
    site.vote_republish_points = Some(points);
    desk.save_site("editor", &site).map(|_| ())
}

#[test]
fn a_move_below_the_setting_keeps_the_page_and_one_at_it_makes_it_stale() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let out = tempfile::tempdir().unwrap();
    desk.add_target(
        "publisher",
        &TargetConfig {
            name: "site".into(),
            kind: TargetKind::Folder,
            url: out.path().display().to_string(),
            user: None,
        },
        None,
        secrets.as_ref(),
    )
    .unwrap();
    publish(&desk, secrets.clone());

    // The first votes give the page its figures: always worth it.
    assert_eq!(pull(&desk, 50, 50), None);
    assert!(stale(&desk), "figures that appear change the page");
    publish(&desk, secrets.clone());

    // Unset, any move the page shows (1 point) makes it stale, as before the setting.
    assert_eq!(pull(&desk, 51, 49), None);
    assert!(stale(&desk));
    assert_eq!(pull(&desk, 50, 50), None);
    assert!(!stale(&desk), "back to the published figures");

    // 3 points: a 2-point move is held back, the page and its stored counts stay.
    set_points(&desk, 3).unwrap();
    assert_eq!(pull(&desk, 52, 48), Some(1));
    assert!(!stale(&desk), "52/48 from 50/50 is below 3 points");
    assert_eq!(stored(&desk), [50, 50]);
    // More votes with the same figures are stored (the page does not change).
    assert_eq!(pull(&desk, 100, 100), None);
    assert_eq!(stored(&desk), [100, 100]);
    assert!(!stale(&desk));
    // Small moves do not creep up unseen: each is measured from the figures the page shows.
    assert_eq!(pull(&desk, 104, 96), Some(1)); // 52/48
    assert!(!stale(&desk));
    assert_eq!(pull(&desk, 106, 94), None); // 53/47: 3 points
    assert!(stale(&desk), "a 3-point move makes the page stale");
    assert_eq!(stored(&desk), [106, 94]);
    publish(&desk, secrets.clone());
    let html =
        std::fs::read_to_string(out.path().join(format!("compare/{SLUG}/index.html"))).unwrap();
    assert!(html.contains("53%") && html.contains("47%"));

    // Out of range: refused, naming the field; the setting stays.
    for bad in [0, 101] {
        match set_points(&desk, bad) {
            Err(DeskError::Store(StoreError::Invalid(problems))) => {
                assert_eq!(problems[0].field, "vote_republish_points", "{problems:?}");
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
    assert_eq!(desk.site().unwrap().vote_republish_points, Some(3));
}
