//! Stale tracking against what the targets hold: a published page is stale while a target
//! holding it has an older version, and fresh again once every target holding it has the
//! current one (issue 18, item 1).

use std::sync::Arc;
use std::time::Duration;

use verdict_core::desk::Selection;
use verdict_core::publish::{run_until_settled, RunOptions, TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::store::{Change, ChangeKind, ChangeWhat};
use verdict_core::Desk;

#[path = "support/sample.rs"]
mod sample;
use sample::desk;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

fn stale(desk: &Desk) -> bool {
    desk.overview()
        .unwrap()
        .comparisons
        .into_iter()
        .find(|c| c.slug == SLUG)
        .unwrap()
        .stale
}

fn send(desk: &Desk, secrets: Arc<dyn SecretStore>) {
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
}

fn add_folder(desk: &Desk, name: &str, out: &std::path::Path, secrets: &dyn SecretStore) {
    desk.add_target(
        "publisher",
        &TargetConfig {
            name: name.into(),
            kind: TargetKind::Folder,
            url: out.display().to_string(),
            user: None,
        },
        None,
        secrets,
    )
    .unwrap();
}

fn edit_dek(desk: &Desk, dek: &str) {
    let mut page = desk.comparison(SLUG).unwrap();
    page.dek = dek.into();
    desk.save_comparison("editor", &page).unwrap();
}

#[test]
fn publishing_every_changed_page_to_the_targets_clears_stale() {
    let (_dir, desk) = desk();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    assert!(!stale(&desk), "the sample as imported is not stale");

    edit_dek(&desk, "A new dek, written after publishing.");
    assert!(stale(&desk), "an edit of a published page makes it stale");

    // The publisher adds a folder target and publishes all changed pages.
    let out = tempfile::tempdir().unwrap();
    add_folder(&desk, "site", out.path(), secrets.as_ref());
    let plan = desk
        .queue_publish("publisher", None, &Selection::AllPublished)
        .unwrap();
    assert_eq!(plan.queued.len(), 1, "{plan:?}");
    send(&desk, secrets.clone());
    let html =
        std::fs::read_to_string(out.path().join(format!("compare/{SLUG}/index.html"))).unwrap();
    assert!(html.contains("A new dek, written after publishing."));
    assert!(
        !stale(&desk),
        "the only target holding the page has its current version"
    );

    // Another edit: the target holds an older version again.
    edit_dek(&desk, "A second dek.");
    assert!(stale(&desk));

    // A second target gets the current page, the first does not: still stale.
    let out2 = tempfile::tempdir().unwrap();
    add_folder(&desk, "mirror", out2.path(), secrets.as_ref());
    desk.queue_publish(
        "publisher",
        Some("mirror"),
        &Selection::Pages(vec![SLUG.into()]),
    )
    .unwrap();
    send(&desk, secrets.clone());
    assert!(stale(&desk), "the first target still holds the older page");

    desk.queue_publish("publisher", Some("site"), &Selection::AllPublished)
        .unwrap();
    send(&desk, secrets);
    assert!(
        !stale(&desk),
        "every target holding the page has it as it is"
    );

    // And a reopened desk agrees (nothing is only in memory).
    let reopened = Desk::open(desk.data_dir()).unwrap();
    assert!(!stale(&reopened));
}

/// The hashes of the pages as they are now are kept per content, beside the database: a desk
/// opened again on content that did not change reads them instead of building every page,
/// and any save, by this desk or another on the same folder, has them built again.
#[test]
fn kept_page_hashes_follow_every_save_here_or_elsewhere() {
    let (dir, desk) = desk();
    let published_dek = desk.comparison(SLUG).unwrap().dek;
    assert!(!stale(&desk));
    edit_dek(&desk, "Edited after publishing.");
    assert!(stale(&desk));
    let kept = dir.path().join("verdict.db-page-hashes");
    assert!(kept.is_file(), "the hashes are kept beside the database");

    // Opened again on the same content: the same answer, from the kept hashes.
    let reopened = Desk::open(dir.path()).unwrap();
    assert!(stale(&reopened));

    // Another desk on the folder (the CLI, say) puts the published dek back: the page is as
    // published again, and both desks say so, whatever they kept.
    let other = Desk::open(dir.path()).unwrap();
    edit_dek(&other, &published_dek);
    assert!(!stale(&reopened));
    assert!(!stale(&desk));

    // Edited again here: stale on both.
    edit_dek(&desk, "Edited once more.");
    assert!(stale(&reopened));
    assert!(stale(&other));

    // A damaged file is built again, not believed.
    std::fs::write(&kept, b"{\"content\": 1}").unwrap();
    assert!(stale(&Desk::open(dir.path()).unwrap()));
    std::fs::write(&kept, b"not json").unwrap();
    let again = Desk::open(dir.path()).unwrap();
    assert!(stale(&again));
    edit_dek(&again, &published_dek);
    assert!(!stale(&again));
}

/// The kept hashes are read, not built again, when they were kept for this very content: a
/// hash planted in the file for the content as it is is believed (the page shows stale
/// though nothing changed), and the same hash kept for other content is not.
#[test]
fn kept_page_hashes_for_this_content_are_read_and_believed() {
    let (dir, desk) = desk();
    assert!(!stale(&desk), "the sample as imported is not stale");
    let path = dir.path().join("verdict.db-page-hashes");
    let kept: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert!(
        kept["hashes"][SLUG].is_string(),
        "the page's hash is kept: {kept}"
    );
    drop(desk);

    let mut planted = kept.clone();
    planted["hashes"][SLUG] = "a hash no build gives".into();
    std::fs::write(&path, serde_json::to_vec(&planted).unwrap()).unwrap();
    assert!(
        stale(&Desk::open(dir.path()).unwrap()),
        "the planted hash was read and believed"
    );

    // The same hash, kept for other content: built again, not believed.
    planted["content"] = format!("{}:other", kept["content"].as_str().unwrap()).into();
    std::fs::write(&path, serde_json::to_vec(&planted).unwrap()).unwrap();
    assert!(!stale(&Desk::open(dir.path()).unwrap()));
    // And the file is put right again for this content.
    let rebuilt: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(rebuilt, kept);
}

/// Building every published page's hash for the stale marks loads the whole content, and lets
/// it go: on a desk of 10,000 pages that content held some 150 MB for the whole session after
/// a start on changed content. A preview keeps it (the next keystroke's preview reuses it).
#[test]
fn the_stale_marks_do_not_keep_the_content_loaded() {
    let (dir, desk) = desk();
    let published_dek = desk.comparison(SLUG).unwrap().dek;
    edit_dek(&Desk::open(dir.path()).unwrap(), "Edited elsewhere.");
    let fresh = Desk::open(dir.path()).unwrap();
    assert!(
        stale(&fresh),
        "the hashes were built for the changed content"
    );
    assert!(!fresh.holds_content(), "the content was let go after");
    assert!(
        dir.path().join("verdict.db-page-hashes").is_file(),
        "the built hashes are kept"
    );
    fresh.preview_comparison(SLUG).unwrap();
    assert!(fresh.holds_content(), "a preview keeps what it loaded");
    assert!(stale(&fresh), "the same answer from the kept content");
    drop(desk);

    // A published page saved: its row, read again after the save, says stale from the page's
    // own content, and the whole content is not loaded for it either.
    let lists = Desk::open(dir.path()).unwrap();
    let row_stale = |desk: &Desk| {
        let rows = desk
            .rows(&[Change::new(ChangeKind::Comparison, SLUG, ChangeWhat::Saved)])
            .unwrap();
        rows.comparisons
            .iter()
            .find(|c| c.slug == SLUG)
            .unwrap()
            .stale
    };
    edit_dek(&lists, "Edited here.");
    assert!(row_stale(&lists));
    edit_dek(&lists, &published_dek);
    assert!(!row_stale(&lists), "as published again");
    assert!(
        !lists.holds_content(),
        "a row's stale mark loads its own page only"
    );
}
