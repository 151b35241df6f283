//! The overview reads heads (a page's row fields, a tool's card fields, a verdict's call and
//! status from its columns) instead of whole documents: they must say what the documents
//! say, on the sample desk and on a generated one with every verdict state.

#[path = "support/sample.rs"]
mod sample;

use std::collections::BTreeMap;

use verdict_core::model::{Call, VerdictStatus};
use verdict_core::score::{panel_ship, panel_ship_of};
use verdict_core::store::{SaveCtx, DB_FILE};
use verdict_core::{Desk, Store};

fn assert_heads_match(desk: &Desk) {
    let store = desk.store();
    let pages = store.comparisons().unwrap();
    let heads = store.comparison_heads().unwrap();
    assert_eq!(pages.len(), heads.len());
    for (page, head) in pages.iter().zip(&heads) {
        assert_eq!(
            (
                &page.slug,
                &page.title,
                &page.dek,
                &page.tools,
                &page.panel,
                page.status
            ),
            (
                &head.slug,
                &head.title,
                &head.dek,
                &head.tools,
                &head.panel,
                head.status
            )
        );
    }
    let tools = store.tools().unwrap();
    let heads = store.tool_heads().unwrap();
    assert_eq!(tools.len(), heads.len());
    for (tool, head) in tools.iter().zip(&heads) {
        assert_eq!(
            (
                &tool.slug,
                &tool.name,
                &tool.vendor,
                &tool.category,
                &tool.tagline
            ),
            (
                &head.slug,
                &head.name,
                &head.vendor,
                &head.category,
                &head.tagline
            )
        );
        assert_eq!(tool.entry_price, head.entry_price);
        assert_eq!(tool.pricing_checked_on, head.pricing_checked_on);
        assert_eq!(tool.logo, head.logo);
    }
    let verdicts = store.verdicts().unwrap();
    let calls = store.verdict_calls().unwrap();
    let by_doc: BTreeMap<_, _> = verdicts
        .iter()
        .map(|v| ((v.tool.clone(), v.reviewer.clone()), (v.call, v.status)))
        .collect();
    let by_column: BTreeMap<_, _> = calls
        .iter()
        .map(|v| ((v.tool.clone(), v.reviewer.clone()), (v.call, v.status)))
        .collect();
    assert_eq!(calls.len(), verdicts.len());
    assert_eq!(by_doc, by_column);
    // The panel's score from the columns is the score from the documents.
    for page in &pages {
        for tool in &page.tools {
            assert_eq!(
                panel_ship(&page.panel, tool, &verdicts),
                panel_ship_of(
                    &page.panel,
                    tool,
                    calls
                        .iter()
                        .map(|v| (v.reviewer.as_str(), v.tool.as_str(), v.call, v.status))
                ),
                "{} / {tool}",
                page.slug
            );
        }
    }
}

#[test]
fn heads_say_what_the_sample_documents_say() {
    let (_dir, desk) = sample::desk();
    assert_heads_match(&desk);
}

#[test]
fn heads_follow_saves_and_every_verdict_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join(DB_FILE)).unwrap();
    verdict_fixtures::generate(
        &mut store,
        &verdict_fixtures::GenerateOptions {
            tools: 30,
            comparisons: 60,
            reviewers: 5,
            seed: 7,
        },
    )
    .unwrap();
    // Every call in every state, changed after the first save (the columns follow the
    // document on an update, not only on an insert).
    let states = [
        VerdictStatus::Draft,
        VerdictStatus::Submitted,
        VerdictStatus::Accepted,
        VerdictStatus::Returned,
    ];
    for (i, mut v) in store.verdicts().unwrap().into_iter().enumerate() {
        v.status = states[i % states.len()];
        v.call = if i % 3 == 0 { Call::Skip } else { Call::Ship };
        if v.status == VerdictStatus::Returned {
            v.return_comment = Some("Say which plan you tried".into());
        }
        store.save_verdict(&SaveCtx::import(), &v).unwrap();
    }
    let mut page = store.comparisons().unwrap().remove(0);
    page.dek = "A dek changed after the first save".into();
    store.save_comparison(&SaveCtx::import(), &page).unwrap();
    drop(store);
    let desk = Desk::open(dir.path()).unwrap();
    assert_heads_match(&desk);
    let calls = desk.store().verdict_calls().unwrap();
    for state in states {
        assert!(calls.iter().any(|v| v.status == state), "{state:?}");
    }
}

/// A generated desk of 60 pages with the due ones published, the first of those in list
/// order edited since (so stale), and a first screenful's size that holds it.
fn published_desk() -> (tempfile::TempDir, Desk, String, usize) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.ensure_profiles().unwrap();
    verdict_fixtures::generate(
        &mut desk.store(),
        &verdict_fixtures::GenerateOptions {
            tools: 30,
            comparisons: 60,
            reviewers: 5,
            seed: 3,
        },
    )
    .unwrap();
    desk.publish_due(chrono::Utc::now()).unwrap();
    // Pages published through the desk (the generated ones born published have no record).
    let recorded = desk.store().published_hashes().unwrap();
    let heads = desk.store().comparison_heads().unwrap();
    let at = heads
        .iter()
        .position(|c| recorded.contains_key(&c.slug))
        .expect("a page published through the desk");
    let edited = heads[at].slug.clone();
    let mut page = desk.store().comparison(&edited).unwrap().unwrap();
    page.dek.push_str(" Edited since.");
    desk.save_comparison("editor", &page).unwrap();
    (dir, desk, edited, at + 6)
}

fn assert_first_is_the_whole_head(desk: &Desk, limit: usize) {
    let first = desk.overview_first(limit).unwrap();
    let whole = desk.overview().unwrap();
    assert!(first.partial && !whole.partial);
    assert_eq!(first.comparisons_total, whole.comparisons.len());
    assert_eq!(whole.comparisons_total, whole.comparisons.len());
    assert_eq!(
        json(&first.comparisons),
        json(&whole.comparisons[..limit.min(whole.comparisons.len())]),
        "the first rows are the whole overview's first rows, stale marks and cards included"
    );
    // The tools the first rows show, as the whole overview has them.
    let mut shown: Vec<&str> = first
        .comparisons
        .iter()
        .flat_map(|c| c.tools.iter().map(|t| t.slug.as_str()))
        .collect();
    shown.sort_unstable();
    shown.dedup();
    assert_eq!(
        first
            .tools
            .iter()
            .map(|t| t.slug.as_str())
            .collect::<Vec<_>>(),
        shown
    );
    for t in &first.tools {
        let same = whole.tools.iter().find(|w| w.slug == t.slug).unwrap();
        assert_eq!(json(t), json(same));
    }
    assert_eq!(json(&first.reviewers), json(&whole.reviewers));
    assert_eq!(json(&first.targets), json(&whole.targets));
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap()
}

#[test]
fn the_first_screenful_is_the_whole_overviews_head_with_kept_hashes() {
    let (_dir, desk, edited, limit) = published_desk();
    desk.overview().unwrap(); // builds and keeps the page hashes
    let first = desk.overview_first(limit).unwrap();
    assert!(
        first
            .comparisons
            .iter()
            .any(|c| c.slug == edited && c.stale),
        "the edited page is marked stale"
    );
    assert_first_is_the_whole_head(&desk, limit);
    assert_first_is_the_whole_head(&desk, 1);
    assert_first_is_the_whole_head(&desk, 500);
}

#[test]
fn the_first_screenful_builds_its_own_pages_hashes_when_none_are_kept() {
    let (dir, desk, edited, limit) = published_desk();
    drop(desk);
    let desk = Desk::open(dir.path()).unwrap();
    let first = desk.overview_first(limit).unwrap();
    assert!(first
        .comparisons
        .iter()
        .any(|c| c.slug == edited && c.stale));
    assert!(
        first
            .comparisons
            .iter()
            .filter(|c| c.slug != edited)
            .all(|c| !c.stale),
        "only the edited page is stale"
    );
    // No page hashes were kept: the first screenful built its own pages' hashes only.
    assert!(!dir.path().join("verdict.db-page-hashes").exists());
    assert_first_is_the_whole_head(&desk, limit);
}
