//! The store tells its follower what each committed write changed, and the desk reads just
//! the rows a change touches, the same as the overview shows them (issue 26, item 3).

use verdict_core::store::{Change, ChangeKind, ChangeOrigin, ChangeWhat, DeskChanges, SaveCtx};
use verdict_core::Desk;

#[path = "support/sample.rs"]
mod sample;
use sample::desk;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const HAIKU: &str = "claude-haiku-open-weights";

fn change(kind: ChangeKind, key: &str, what: ChangeWhat) -> Change {
    Change {
        kind,
        key: key.into(),
        what,
    }
}

/// Everything the follower heard so far.
fn heard(rx: &mut tokio::sync::mpsc::UnboundedReceiver<DeskChanges>) -> Vec<DeskChanges> {
    let mut all = Vec::new();
    while let Ok(batch) = rx.try_recv() {
        all.push(batch);
    }
    all
}

/// The overview's row of `slug`, as JSON (the rows must be shaped and filled the same).
fn overview_row(desk: &Desk, slug: &str) -> serde_json::Value {
    let o = desk.overview().unwrap();
    let c = o.comparisons.iter().find(|c| c.slug == slug).unwrap();
    serde_json::to_value(c).unwrap()
}

#[test]
fn a_page_saved_is_told_once_and_its_row_alone_is_read_again() {
    let (_dir, desk) = desk();
    let mut rx = desk.store().follow_changes();

    let mut page = desk.comparison(SLUG).unwrap();
    page.title = "Haiku against Scout".into();
    desk.save_comparison("editor", &page).unwrap();
    let batches = heard(&mut rx);
    assert_eq!(batches.len(), 1, "{batches:?}");
    assert_eq!(batches[0].origin, ChangeOrigin::Local);
    assert_eq!(
        batches[0].changes,
        vec![change(ChangeKind::Comparison, SLUG, ChangeWhat::Saved)]
    );
    assert_eq!(batches[0].generation, desk.store().generation());

    let rows = desk.rows(&batches[0].changes).unwrap();
    assert_eq!(rows.comparisons.len(), 1);
    assert_eq!(rows.comparisons[0].title, "Haiku against Scout");
    assert!(rows.tools.is_empty() && rows.reviewers.is_empty() && rows.gone.is_empty());
    assert!(rows.site.is_none() && rows.targets.is_none());
    assert!(rows.generation >= batches[0].generation);
    assert_eq!(
        serde_json::to_value(&rows.comparisons[0]).unwrap(),
        overview_row(&desk, SLUG)
    );

    // Saving it again unchanged changes nothing, and nothing is told.
    desk.save_comparison("editor", &page).unwrap();
    assert!(heard(&mut rx).is_empty());
}

#[test]
fn a_tool_saved_reads_its_row_and_the_pages_that_list_it() {
    let (_dir, desk) = desk();
    let mut rx = desk.store().follow_changes();
    let mut tool = desk.store().tool(HAIKU).unwrap().unwrap();
    tool.name = "Haiku Renamed".into();
    desk.save_tool("editor", &tool).unwrap();
    let batches = heard(&mut rx);
    assert_eq!(
        batches
            .iter()
            .flat_map(|b| b.changes.clone())
            .collect::<Vec<_>>(),
        vec![change(ChangeKind::Tool, HAIKU, ChangeWhat::Saved)]
    );
    let rows = desk.rows(&batches[0].changes).unwrap();
    assert_eq!(rows.tools.len(), 1);
    assert_eq!(rows.tools[0].name, "Haiku Renamed");
    assert_eq!(
        rows.comparisons
            .iter()
            .map(|c| c.slug.as_str())
            .collect::<Vec<_>>(),
        vec![SLUG]
    );
    // The page's row names the tool by its slug: the list shows the tool's row's name.
    assert!(rows.comparisons[0].tools.iter().any(|t| t.slug == HAIKU));
    assert_eq!(
        serde_json::to_value(&rows.comparisons[0]).unwrap(),
        overview_row(&desk, SLUG)
    );
}

#[test]
fn a_verdict_reads_its_reviewers_count_and_its_tools_pages() {
    let (_dir, desk) = desk();
    let mut rx = desk.store().follow_changes();
    let mut verdict = desk.store().verdicts_for_tool(HAIKU).unwrap().remove(0);
    verdict.quote = format!("{} Still true.", verdict.quote);
    desk.store()
        .save_verdict(&SaveCtx::team("dana"), &verdict)
        .unwrap();
    let batches = heard(&mut rx);
    assert_eq!(batches.len(), 1);
    assert_eq!(
        batches[0].origin,
        ChangeOrigin::Team,
        "the team's changes say so"
    );
    let key = format!("{}/{}", verdict.reviewer, verdict.tool);
    assert_eq!(
        batches[0].changes,
        vec![change(ChangeKind::Verdict, &key, ChangeWhat::Saved)]
    );
    let rows = desk.rows(&batches[0].changes).unwrap();
    let overview = desk.overview().unwrap();
    let counted = overview
        .reviewers
        .iter()
        .find(|r| r.slug == verdict.reviewer)
        .unwrap();
    assert_eq!(rows.reviewers.len(), 1);
    assert_eq!(rows.reviewers[0].verdict_count, counted.verdict_count);
    assert!(rows.comparisons.iter().any(|c| c.slug == SLUG));
}

#[test]
fn a_missing_row_is_named_gone_and_the_site_and_targets_are_read_on_request() {
    let (_dir, desk) = desk();
    let rows = desk
        .rows(&[
            change(ChangeKind::Comparison, "no-such-page", ChangeWhat::Saved),
            change(ChangeKind::Site, "site", ChangeWhat::Saved),
            change(ChangeKind::Target, "web", ChangeWhat::Removed),
        ])
        .unwrap();
    assert_eq!(
        rows.gone,
        vec![change(
            ChangeKind::Comparison,
            "no-such-page",
            ChangeWhat::Removed
        )]
    );
    let overview = desk.overview().unwrap();
    let site = rows.site.expect("the site was asked for");
    assert_eq!(site.site.site_name, overview.site.site_name);
    assert_eq!(site.publish_warning, overview.publish_warning);
    assert_eq!(rows.targets, Some(overview.targets));
    // A site change reaches every page: each shows the site.
    assert_eq!(rows.comparisons.len(), overview.comparisons.len());
}

#[test]
fn publishing_results_name_the_pages_whose_row_changed() {
    let (_dir, desk) = desk();
    let mut rx = desk.store().follow_changes();
    let before = desk.publishing_marks().unwrap();
    let read_before = desk
        .rows(&[change(ChangeKind::Comparison, SLUG, ChangeWhat::Saved)])
        .unwrap();
    desk.store()
        .record_published(SLUG, "an-older-hash")
        .unwrap();
    desk.tell_publishing(&before).unwrap();
    let batches = heard(&mut rx);
    assert_eq!(batches.len(), 1, "{batches:?}");
    // Newer than the row the app read before it, so the app reads it again: the queue's
    // writes are no content transaction, and the stamp counts what was told, not writes.
    assert!(batches[0].generation > read_before.generation);
    assert_eq!(batches[0].origin, ChangeOrigin::Publishing);
    assert_eq!(
        batches[0].changes,
        vec![change(ChangeKind::Comparison, SLUG, ChangeWhat::Published)]
    );
    // Nothing changed since: nothing is told.
    let again = desk.publishing_marks().unwrap();
    desk.tell_publishing(&again).unwrap();
    assert!(heard(&mut rx).is_empty());
}

/// The publishing queue writes its results outside any content transaction; the round is told
/// with a generation newer than the row the app read after the last save, so the app reads
/// it again and shows where the page is live (the e2e stale journey found this).
#[test]
fn a_publishing_round_is_newer_than_the_row_read_before_it() {
    use std::sync::Arc;
    use verdict_core::desk::Selection;
    use verdict_core::publish::{RunOptions, TargetConfig, TargetKind};
    use verdict_core::secrets::{MemorySecrets, SecretStore};

    let (_dir, desk) = desk();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let out = tempfile::tempdir().unwrap();
    let mut rx = desk.store().follow_changes();
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
    let told = heard(&mut rx);
    assert_eq!(
        told[0].changes,
        vec![change(ChangeKind::Target, "site", ChangeWhat::Saved)]
    );
    desk.queue_publish("publisher", None, &Selection::AllPublished)
        .unwrap();
    let page = change(ChangeKind::Comparison, SLUG, ChangeWhat::Saved);
    let read = desk.rows(std::slice::from_ref(&page)).unwrap();
    assert!(read.comparisons[0].live_on.is_empty());

    let before = desk.publishing_marks().unwrap();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(desk.run_outbox(secrets, RunOptions::default(), |_| {}))
        .unwrap();
    desk.tell_publishing(&before).unwrap();
    let round = heard(&mut rx);
    let published = round
        .iter()
        .find(|b| b.origin == ChangeOrigin::Publishing)
        .expect("the round is told");
    assert!(published.changes.contains(&change(
        ChangeKind::Comparison,
        SLUG,
        ChangeWhat::Published
    )));
    assert!(
        published.generation > read.generation,
        "told as newer ({}) than the row read before the round ({})",
        published.generation,
        read.generation
    );
    let again = desk.rows(std::slice::from_ref(&page)).unwrap();
    assert_eq!(again.comparisons[0].live_on, vec!["site".to_string()]);
}
