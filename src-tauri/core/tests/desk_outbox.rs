//! The desk runs its outbox on its own store and page cache (`Desk::run_outbox`): the same
//! pages reach the target as through `run_until_settled`, which opens a store of its own.

use std::sync::Arc;
use std::time::Duration;

use verdict_core::desk::Selection;
use verdict_core::publish::{JobState, RunOptions, TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::Desk;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

#[test]
fn the_desk_runs_its_outbox_on_its_own_store() {
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
    let plan = desk
        .queue_publish("publisher", None, &Selection::AllPublished)
        .unwrap();
    assert_eq!(plan.queued.len(), 1, "{plan:?}");

    let options = RunOptions {
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        request_timeout: Duration::from_secs(5),
        ..RunOptions::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let progress = runtime
        .block_on(desk.run_outbox(secrets.clone(), options.clone(), |_| {}))
        .unwrap();
    assert_eq!(
        (progress.done, progress.failed, progress.remaining),
        (1, 0, 0),
        "{progress}"
    );
    assert!(out
        .path()
        .join(format!("compare/{SLUG}/index.html"))
        .is_file());
    assert_eq!(desk.live_on().unwrap()[SLUG], ["site"]);
    assert!(desk
        .publishing_view()
        .unwrap()
        .jobs
        .iter()
        .all(|j| j.state != JobState::Queued && j.state != JobState::Running));

    // A second run finds nothing to send: the target holds the page as it is.
    desk.queue_publish("publisher", None, &Selection::AllPublished)
        .unwrap();
    let again = runtime
        .block_on(desk.run_outbox(secrets, options, |_| {}))
        .unwrap();
    assert_eq!(again.done, 0, "{again}");
}
