//! What keeps a big desk's costs proportional to its content (issue 32) gives the same answers
//! as the whole-desk paths it replaces: tool pages found in one pass, a page hashed from its
//! own content, and a database not checked again while its files are unchanged.

use verdict_core::model::{CommunityVotes, ComparisonStatus};
use verdict_core::render::{build_page, build_tool_page, page_hash, Css, Library, Renderer};
use verdict_core::site::{build_site, SiteOptions};
use verdict_core::store::{Change, ChangeKind, ChangeWhat, SaveCtx, DB_FILE};
use verdict_core::{Desk, Store, StoreError};
use verdict_fixtures::{generate, GenerateOptions};

/// A generated desk in a folder: 60 tools, 150 comparisons (some published, some not), 4
/// reviewers, and readers' votes on one page.
fn generated(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join(DB_FILE)).unwrap();
    let options = GenerateOptions {
        tools: 60,
        comparisons: 150,
        reviewers: 4,
        seed: 7,
    };
    generate(&mut store, &options).unwrap();
    let page = store.comparisons().unwrap().remove(0);
    for (tool, votes) in page.tools.iter().zip([30, 12]) {
        store
            .save_votes(&CommunityVotes {
                comparison: page.slug.clone(),
                tool: tool.clone(),
                votes,
                source: "test".into(),
                fetched_at: chrono::Utc::now(),
            })
            .unwrap();
    }
    store
}

#[test]
fn the_sites_tool_pages_are_the_ones_built_one_tool_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let store = generated(dir.path());
    let out = dir.path().join("site");
    let options = SiteOptions {
        linked_css: true,
        ..SiteOptions::default()
    };
    let report = build_site(&store, &out, options, &|_, _| {}).unwrap();
    let lib = Library::load(&store).unwrap();
    let published = |c: &verdict_core::model::Comparison| c.status == ComparisonStatus::Published;
    assert!(
        lib.comparisons.iter().any(|c| !published(c)),
        "some pages are left out of the site, so which pages a tool lists is tested"
    );
    let renderer = Renderer::for_site(&lib.site).unwrap();
    let href = format!("../../{}", renderer.stylesheet().0);
    let mut compared = 0;
    for tool in lib.tools.values() {
        let path = out.join(format!("tools/{}/index.html", tool.slug));
        if !lib.comparisons_with_tool(&tool.slug).any(published) {
            assert!(!path.exists(), "{} is on no published page", tool.slug);
            continue;
        }
        let expected = renderer
            .tool_html_with(
                &lib.site,
                &build_tool_page(&lib, tool, published),
                Css::Linked(&href),
            )
            .unwrap();
        let written = std::fs::read_to_string(&path).unwrap();
        assert_eq!(written, expected, "tools/{}", tool.slug);
        compared += 1;
    }
    assert_eq!(compared, report.tools);
    assert!(compared > 20, "{compared} tool pages compared");
}

#[test]
fn a_page_built_from_its_own_content_is_the_page_built_from_the_whole_desk() {
    let dir = tempfile::tempdir().unwrap();
    let store = generated(dir.path());
    let whole = Library::load(&store).unwrap();
    assert!(!whole.votes.is_empty());
    for c in &whole.comparisons {
        let own = Library::load_page(&store, &c.slug).unwrap().expect("page");
        assert_eq!(own.comparisons.len(), 1);
        let (a, b) = (build_page(&whole, c).unwrap(), build_page(&own, c).unwrap());
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::to_value(&b).unwrap(),
            "{}",
            c.slug
        );
        assert_eq!(page_hash(&a, "default"), page_hash(&b, "default"));
    }
    assert!(Library::load_page(&store, "no-such-page")
        .unwrap()
        .is_none());
}

#[test]
fn a_desk_is_checked_again_at_open_whenever_its_files_changed() {
    let dir = tempfile::tempdir().unwrap();
    let checked = dir.path().join(format!("{DB_FILE}-checked"));
    {
        let desk = Desk::open(dir.path()).unwrap();
        desk.seed_sample_if_empty().unwrap();
    }
    // The second open checks the file the first one created and filled, and records it.
    Desk::open(dir.path()).unwrap();
    let first = std::fs::read_to_string(&checked).expect("the passed check is recorded");
    // Nothing changed: nothing to check again, nothing to record.
    Desk::open(dir.path()).unwrap();
    assert_eq!(std::fs::read_to_string(&checked).unwrap(), first);
    // A save changes the files: the next open checks them again.
    {
        let desk = Desk::open(dir.path()).unwrap();
        let mut site = desk.store().site().unwrap();
        site.kicker = "Changed".into();
        desk.store().save_site(&SaveCtx::import(), &site).unwrap();
    }
    Desk::open(dir.path()).unwrap();
    assert_ne!(std::fs::read_to_string(&checked).unwrap(), first);
    // Damage written over the file after a passed check is still found at the next open.
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(dir.path().join(DB_FILE))
            .unwrap();
        for page in [2u64, 3, 4, 5] {
            f.seek(SeekFrom::Start(page * 4096 + 8)).unwrap();
            f.write_all(&[0xA5; 2000]).unwrap();
        }
    }
    let err = Store::open_dir(dir.path()).err().expect("damage is found");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err}");
}

#[test]
fn pages_published_on_schedule_are_recorded_as_the_whole_desk_would_render_them() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    let options = GenerateOptions {
        tools: 60,
        comparisons: 150,
        reviewers: 4,
        seed: 7,
    };
    generate(&mut desk.store(), &options).unwrap();
    let scheduled = desk
        .store()
        .comparisons_with_status(ComparisonStatus::Scheduled)
        .unwrap();
    assert!(!scheduled.is_empty());
    assert!(scheduled
        .iter()
        .all(|c| c.status == ComparisonStatus::Scheduled));
    let later = chrono::Utc::now() + chrono::Duration::days(3650);
    let plan = desk.publish_due(later).unwrap();
    let slugs: Vec<&str> = scheduled.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(plan.published, slugs);
    // Each hash was taken from the page's own content; the stale check builds every page
    // from the whole desk: the two agree, so none of them shows as changed since.
    let stale = desk.stale_pages().unwrap();
    assert!(stale.is_empty(), "{stale:?}");
    assert!(desk
        .store()
        .comparisons_with_status(ComparisonStatus::Scheduled)
        .unwrap()
        .is_empty());
}

#[test]
fn the_due_check_reads_only_scheduled_pages_and_still_publishes_the_due_ones_late() {
    let dir = tempfile::tempdir().unwrap();
    let options = GenerateOptions {
        tools: 60,
        comparisons: 150,
        reviewers: 4,
        seed: 7,
    };
    generate(
        &mut Store::open(&dir.path().join(DB_FILE)).unwrap(),
        &options,
    )
    .unwrap();
    // Every page that is not scheduled gets a document no parser takes: anything that read
    // their content (the overview, the whole library, a scan of every page) would fail.
    let raw = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    let spoiled = raw
        .execute(
            "UPDATE comparisons SET doc = 'not a page' WHERE status <> 'scheduled'",
            [],
        )
        .unwrap();
    assert!(spoiled > 100, "{spoiled}");
    drop(raw);
    let desk = Desk::open(dir.path()).unwrap();
    assert!(desk.store().comparisons().is_err(), "the spoiling shows");
    let mut scheduled: Vec<_> = desk
        .store()
        .comparisons_with_status(ComparisonStatus::Scheduled)
        .unwrap()
        .into_iter()
        .map(|c| {
            (
                c.scheduled_for.expect("a scheduled page has its time"),
                c.slug,
            )
        })
        .collect();
    scheduled.sort();
    assert!(scheduled.len() >= 4, "{scheduled:?}");

    // Nothing due yet: nothing published, nothing late, and no other page read.
    let before = scheduled[0].0 - chrono::Duration::minutes(1);
    let plan = desk.publish_due(before).unwrap();
    assert!(
        plan.published.is_empty() && plan.queued.is_empty(),
        "{plan:?}"
    );
    assert!(desk
        .published_late(&plan.published, before)
        .unwrap()
        .is_empty());
    assert!(desk.missed_schedules(before).unwrap().is_empty());

    // Half of them due: those are published (from their own content), the rest wait.
    let at = scheduled[scheduled.len() / 2 - 1].0;
    let half = scheduled.iter().filter(|s| s.0 <= at).count();
    let plan = desk.publish_due(at).unwrap();
    let mut due: Vec<String> = scheduled[..half].iter().map(|s| s.1.clone()).collect();
    due.sort();
    assert_eq!(plan.published, due);
    let waiting = desk
        .store()
        .comparisons_with_status(ComparisonStatus::Scheduled)
        .unwrap();
    assert_eq!(waiting.len(), scheduled.len() - half);
    for slug in &due {
        let status = desk.store().comparison(slug).unwrap().unwrap().status;
        assert_eq!(status, ComparisonStatus::Published, "{slug}");
    }

    // The rest published a day after the last one's time: each is said late by how much.
    let late_at = scheduled.last().unwrap().0 + chrono::Duration::days(1);
    let plan = desk.publish_due(late_at).unwrap();
    assert_eq!(plan.published.len(), scheduled.len() - half);
    let late = desk.published_late(&plan.published, late_at).unwrap();
    assert_eq!(late.len(), plan.published.len(), "{late:?}");
    for (due_at, slug) in &scheduled[half..] {
        let m = late.iter().find(|m| &m.slug == slug).unwrap();
        assert_eq!(m.minutes_late, (late_at - *due_at).num_minutes());
        assert!(
            m.said.contains("went out") && m.said.ends_with(" late"),
            "{}",
            m.said
        );
    }
}

/// A change that touches many published pages (a reviewer's save: every page on their panels)
/// marks them stale from every published page's hash built at once, not page by page, and
/// keeps no content loaded; its marks are the overview's.
#[test]
fn rows_of_many_published_pages_mark_stale_as_the_overview_does() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.ensure_profiles().unwrap();
    let options = GenerateOptions {
        tools: 300,
        comparisons: 1000,
        reviewers: 4,
        seed: 7,
    };
    generate(&mut desk.store(), &options).unwrap();
    let later = chrono::Utc::now() + chrono::Duration::days(3650);
    desk.publish_due(later).unwrap();
    let tracked = desk.store().published_hashes().unwrap();
    let pages = desk.store().comparisons().unwrap();
    let reviewer = pages
        .iter()
        .find(|c| tracked.contains_key(&c.slug))
        .map(|c| c.panel[0].clone())
        .unwrap();
    let theirs: Vec<_> = pages
        .iter()
        .filter(|c| c.panel.contains(&reviewer) && tracked.contains_key(&c.slug))
        .collect();
    assert!(
        theirs.len() > 64,
        "{} tracked pages on {reviewer}'s panels",
        theirs.len()
    );

    // One of them edited elsewhere: the kept hashes are not for this content any more.
    let other = Desk::open(dir.path()).unwrap();
    let mut page = other.comparison(&theirs[3].slug).unwrap();
    page.dek.push_str(" Edited elsewhere.");
    other.save_comparison("editor", &page).unwrap();

    let fresh = Desk::open(dir.path()).unwrap();
    let rows = fresh
        .rows(&[Change::new(
            ChangeKind::Reviewer,
            &reviewer,
            ChangeWhat::Saved,
        )])
        .unwrap();
    assert!(!fresh.holds_content(), "the content was let go");
    let marked: Vec<&str> = rows
        .comparisons
        .iter()
        .filter(|c| c.stale)
        .map(|c| c.slug.as_str())
        .collect();
    assert_eq!(marked, vec![theirs[3].slug.as_str()]);
    let overview = fresh.overview().unwrap();
    for row in &rows.comparisons {
        let whole = overview
            .comparisons
            .iter()
            .find(|c| c.slug == row.slug)
            .unwrap();
        assert_eq!(row.stale, whole.stale, "{}", row.slug);
    }
}
