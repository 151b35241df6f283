//! Acting on a receipt: a page deleted on its target (missing) is published there again,
//! created anew, or marked unpublished (forgotten there, nothing written; back to Approved
//! when no target holds it any more). A page that is not missing is refused, by name.

use std::sync::Arc;
use std::time::Duration;

use verdict_core::desk::Selection;
use verdict_core::model::ComparisonStatus;
use verdict_core::publish::verify::VerifyOptions;
use verdict_core::publish::{RunOptions, TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::store::receipts::ReceiptState;
use verdict_core::Desk;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

struct Fx {
    _dir: tempfile::TempDir,
    out: tempfile::TempDir,
    desk: Desk,
    secrets: Arc<dyn SecretStore>,
    rt: tokio::runtime::Runtime,
}

impl Fx {
    fn new() -> Fx {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(dir.path()).unwrap();
        desk.seed_sample_if_empty().unwrap();
        desk.ensure_profiles().unwrap();
        let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
        let out = tempfile::tempdir().unwrap();
        let target = TargetConfig {
            name: "files".into(),
            kind: TargetKind::Folder,
            url: out.path().display().to_string(),
            user: None,
        };
        desk.add_target("publisher", &target, None, secrets.as_ref())
            .unwrap();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        Fx {
            _dir: dir,
            out,
            desk,
            secrets,
            rt,
        }
    }

    fn run(&self) {
        let options = RunOptions {
            base_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(20),
            ..RunOptions::default()
        };
        let progress = self
            .rt
            .block_on(self.desk.run_outbox(self.secrets.clone(), options, |_| {}))
            .unwrap();
        assert_eq!(progress.failed + progress.conflicts, 0, "{progress}");
    }

    fn verify(&self) -> ReceiptState {
        let report = self
            .rt
            .block_on(
                self.desk
                    .verify_published(self.secrets.clone(), VerifyOptions::default()),
            )
            .unwrap();
        assert_eq!(report.receipts.len(), 1, "{report:?}");
        report.receipts[0].state
    }

    fn file(&self) -> std::path::PathBuf {
        self.out.path().join(format!("compare/{SLUG}/index.html"))
    }

    fn delete_there(&self) {
        std::fs::remove_dir_all(self.out.path().join(format!("compare/{SLUG}"))).unwrap();
        assert_eq!(self.verify(), ReceiptState::Missing);
    }
}

#[test]
fn a_page_deleted_on_its_target_is_republished_there_anew() {
    let fx = Fx::new();
    fx.desk
        .queue_publish("publisher", None, &Selection::AllPublished)
        .unwrap();
    fx.run();
    assert_eq!(fx.verify(), ReceiptState::Verified);

    // Not missing: refused, naming the page and what its receipt says.
    let err = fx
        .desk
        .republish_missing("publisher", "files", SLUG)
        .unwrap_err()
        .to_string();
    assert!(err.contains("slug"), "{err}");
    assert!(err.contains("its last receipt says verified"), "{err}");

    fx.delete_there();
    // Only a publisher.
    assert!(fx.desk.republish_missing("editor", "files", SLUG).is_err());
    let plan = fx
        .desk
        .republish_missing("publisher", "files", SLUG)
        .unwrap();
    assert_eq!(plan.queued, vec![("files".to_string(), SLUG.to_string())]);
    fx.run();
    assert!(fx.file().is_file(), "written there again");
    assert_eq!(fx.verify(), ReceiptState::Verified);
}

#[test]
fn a_page_deleted_on_its_only_target_marked_unpublished_goes_back_to_approved() {
    let fx = Fx::new();
    fx.desk
        .queue_publish("publisher", None, &Selection::AllPublished)
        .unwrap();
    fx.run();
    fx.delete_there();
    let before = std::fs::read_dir(fx.out.path()).unwrap().count();

    let marked = fx
        .desk
        .mark_unpublished("publisher", "files", SLUG)
        .unwrap();
    assert!(marked.back_to_approved);
    assert_eq!(
        fx.desk.comparison(SLUG).unwrap().status,
        ComparisonStatus::Approved
    );
    let view = fx.desk.publishing_view().unwrap();
    assert!(view.pages.is_empty(), "{:?}", view.pages);
    assert!(view.jobs.is_empty(), "nothing queued: {:?}", view.jobs);
    assert!(fx.desk.receipts(None).unwrap().is_empty());
    assert_eq!(std::fs::read_dir(fx.out.path()).unwrap().count(), before);
    // Once forgotten, there is nothing missing to act on.
    let err = fx
        .desk
        .mark_unpublished("publisher", "files", SLUG)
        .unwrap_err()
        .to_string();
    assert!(err.contains("is not on files"), "{err}");
}

/// A target that published a scheduled page itself, later than its time by its own record
/// (Ghost's scheduler missed it), makes it a missed schedule however the desk saw it go out.
#[test]
fn a_page_a_target_published_itself_late_is_a_missed_schedule() {
    use verdict_core::store::receipts::{PublishedThere, ScheduleRun};
    let fx = Fx::new();
    fx.desk
        .queue_publish("publisher", None, &Selection::AllPublished)
        .unwrap();
    fx.run();
    assert_eq!(fx.verify(), ReceiptState::Verified);
    let due = chrono::Utc::now() - chrono::Duration::minutes(30);
    // The desk found the target holding it ahead, so it recorded it as out on time.
    let run = ScheduleRun {
        slug: SLUG.into(),
        due_at: due,
        published_at: due,
    };
    fx.desk.store().record_schedule_run(&run).unwrap();
    let mut receipt = fx.desk.receipts(None).unwrap().remove(0);
    receipt.published_there = Some(PublishedThere::new(
        "Ghost",
        due + chrono::Duration::minutes(12),
        due,
    ));
    fx.desk.store().record_receipts(&[receipt]).unwrap();
    let missed = fx.desk.missed_schedules(chrono::Utc::now()).unwrap();
    assert_eq!(missed.len(), 1, "{missed:?}");
    assert!(
        missed[0].said.ends_with("went out 12 min late"),
        "{}",
        missed[0].said
    );
    assert_eq!(missed[0].minutes_late, 12);
}
