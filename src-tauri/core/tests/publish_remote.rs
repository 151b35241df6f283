//! Publishing against what the target says and does: a page edited or created there is a
//! conflict, never overwritten unasked (page API and folder); `Retry-After` is honoured.

use std::sync::Arc;
use std::time::Duration;
use verdict_core::store::SaveCtx;

use verdict_core::desk::Selection;
use verdict_core::publish::{JobState, RunOptions, TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_pageserver::FaultKind;

#[path = "support/publishing.rs"]
mod fixture;
use fixture::{
    desk_on_page_server, desk_with_pages, publish, queue_pages, quick, run, unpublish,
    OnPageServer, TOKEN,
};

#[test]
fn a_remote_edit_is_a_conflict_with_a_diff_and_is_never_overwritten_unasked() {
    let OnPageServer {
        dir: _dir,
        desk,
        slug,
        server,
        secrets,
        ..
    } = desk_on_page_server();
    assert_eq!(publish(&desk, &secrets, "site", &[&slug]).done, 1);

    // Someone edits the page on the website; then we change the page here.
    server.edit_remote(&slug, "Edited on the website");
    let mut page = desk.comparison(&slug).unwrap();
    page.dek = "A new dek from the desk".into();
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    let plan = desk
        .queue_publish("publisher", Some("site"), &Selection::AllPublished)
        .unwrap();
    assert!(plan.queued.contains(&("site".to_string(), slug.clone())));
    let summary = run(&desk, secrets.clone(), quick("site"));
    assert_eq!(summary.conflicts, 1, "{summary}");
    assert_eq!(server.page(&slug).unwrap().title, "Edited on the website");

    let job = desk
        .publishing_view()
        .unwrap()
        .jobs
        .into_iter()
        .find(|j| j.slug == slug)
        .unwrap();
    assert_eq!(job.state, JobState::Conflict);
    let conflict = desk.conflict(job.id).unwrap();
    let title = conflict
        .changes
        .iter()
        .find(|c| c.field == "title")
        .expect("title differs");
    assert_eq!(title.before.as_deref(), Some("Edited on the website"));
    assert!(conflict.changes.iter().any(|c| c.field.contains("dek")));

    // Only a publisher decides; a reviewer is refused and nothing changes.
    let reviewer = desk
        .profiles()
        .unwrap()
        .into_iter()
        .find(|p| p.reviewer.is_some())
        .unwrap();
    assert!(desk.resolve_conflict(&reviewer.slug, job.id, true).is_err());
    assert_eq!(desk.conflict(job.id).unwrap().job.state, JobState::Conflict);

    desk.resolve_conflict("publisher", job.id, true).unwrap();
    let summary = run(&desk, secrets, quick("site"));
    assert_eq!(summary.done, 1, "{summary}");
    assert_eq!(server.page(&slug).unwrap().title, page.title);
}

#[test]
fn the_folder_target_writes_the_site_and_a_hand_edited_page_is_a_conflict() {
    let (_dir, desk, published) = desk_with_pages(16);
    let out = tempfile::tempdir().unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    desk.add_target(
        "publisher",
        &TargetConfig {
            name: "folder".into(),
            kind: TargetKind::Folder,
            url: out.path().display().to_string(),
            user: None,
        },
        None,
        secrets.as_ref(),
    )
    .unwrap();
    let pages: Vec<String> = published.iter().take(3).cloned().collect();
    let summary = publish(&desk, &secrets, "folder", &pages);
    assert_eq!(summary.done, 3, "{summary}");
    let page_file = |slug: &str| out.path().join(format!("compare/{slug}/index.html"));
    for slug in &pages {
        let html = std::fs::read_to_string(page_file(slug)).unwrap();
        assert!(html.contains("<html"), "{slug}");
        assert!(out
            .path()
            .join(format!("compare/{slug}/page.json"))
            .is_file());
    }
    // The run finished with the site's index, sitemap and feed, and each page's share card.
    for slug in &pages {
        let card = std::fs::read(out.path().join(format!("compare/{slug}/share.png"))).unwrap();
        assert!(card.starts_with(b"\x89PNG\r\n\x1a\n"), "{slug}: a PNG");
    }
    assert!(out.path().join("index.html").is_file());
    assert!(out.path().join("sitemap.xml").is_file());

    // Someone edits a page file by hand; the desk changes the page: a conflict, file kept.
    let edited = page_file(&pages[0]);
    std::fs::write(&edited, "<html><body>fixed by hand</body></html>").unwrap();
    let mut page = desk.comparison(&pages[0]).unwrap();
    page.dek = "Changed at the desk".into();
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    let summary = publish(&desk, &secrets, "folder", &pages[..1]);
    assert_eq!(summary.conflicts, 1, "{summary}");
    assert_eq!(
        std::fs::read_to_string(&edited).unwrap(),
        "<html><body>fixed by hand</body></html>"
    );
    let job = desk.publishing_view().unwrap().jobs[0].clone();
    let conflict = desk.conflict(job.id).unwrap();
    assert_eq!(conflict.changes[0].field, "html");
    assert!(conflict.changes[0]
        .before
        .as_deref()
        .unwrap()
        .contains("fixed by hand"));

    // Unpublishing another page removes its files.
    unpublish(&desk, &secrets, "folder", &pages[1..2]);
    assert!(!page_file(&pages[1]).exists());
    assert!(page_file(&pages[2]).exists());

    // Unpublishing a page whose file was edited by hand since: a conflict, the file stays.
    std::fs::write(
        page_file(&pages[2]),
        "<html><body>kept by hand</body></html>",
    )
    .unwrap();
    assert_eq!(
        unpublish(&desk, &secrets, "folder", &pages[2..3]).conflicts,
        1
    );
    assert_eq!(
        std::fs::read_to_string(page_file(&pages[2])).unwrap(),
        "<html><body>kept by hand</body></html>"
    );
}

/// Issue 12, item 2: a 429 or 503 with `Retry-After` (seconds, or an HTTP date) is retried
/// no earlier than asked, not at the client's own short backoff.
#[test]
fn retry_after_on_429_and_503_is_honoured_as_seconds_and_as_a_date() {
    let OnPageServer {
        dir: _dir,
        desk,
        slug,
        server,
        secrets,
        ..
    } = desk_on_page_server();
    server.script_faults([
        FaultKind::Throttle {
            status: 429,
            secs: 2,
            http_date: false,
        },
        // An HTTP date has whole seconds, so 3 s ahead is at least 2 s from now.
        FaultKind::Throttle {
            status: 503,
            secs: 3,
            http_date: true,
        },
    ]);
    let summary = publish(&desk, &secrets, "site", &[&slug]);
    assert_eq!((summary.done, summary.retries), (1, 2), "{summary}");
    assert!(server.page(&slug).is_some());

    let arrivals: Vec<_> = server
        .write_arrivals()
        .into_iter()
        .filter(|(method, path, _)| method == "PUT" && path == &format!("/pages/{slug}"))
        .map(|(_, _, at)| at)
        .collect();
    assert_eq!(arrivals.len(), 3, "two throttled attempts, then the write");
    let first_wait = arrivals[1] - arrivals[0];
    let second_wait = arrivals[2] - arrivals[1];
    // Lower bounds only: a loaded machine can only make the waits longer.
    assert!(
        first_wait >= Duration::from_millis(1_950),
        "Retry-After: 2 was honoured: waited {first_wait:?}"
    );
    assert!(
        second_wait >= Duration::from_millis(1_900),
        "Retry-After as an HTTP date was honoured: waited {second_wait:?}"
    );
}

/// A `Retry-After` longer than the job's time budget for one wait is cut to the budget.
#[test]
fn a_retry_after_beyond_the_jobs_budget_is_cut_to_it() {
    let OnPageServer {
        dir: _dir,
        desk,
        slug,
        server,
        secrets,
        ..
    } = desk_on_page_server();
    server.script_faults([FaultKind::Throttle {
        status: 429,
        secs: 3_600,
        http_date: false,
    }]);
    queue_pages(&desk, "site", &[&slug]);
    let started = std::time::Instant::now();
    let summary = run(
        &desk,
        secrets,
        RunOptions {
            max_retry_after: Duration::from_millis(1_000),
            ..quick("site")
        },
    );
    assert_eq!((summary.done, summary.retries), (1, 1), "{summary}");
    assert!(started.elapsed() >= Duration::from_millis(950));
    // Generous: the point is that it did not wait an hour.
    assert!(started.elapsed() < Duration::from_secs(120));
}

fn put_as_someone_else(server_url: &str, slug: &str, title: &str, html: &str) -> u16 {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            reqwest::Client::new()
                .put(format!("{server_url}pages/{slug}"))
                .bearer_auth(TOKEN)
                .header("Idempotency-Key", format!("someone-else-{slug}"))
                .header("If-None-Match", "*")
                .json(&serde_json::json!({
                    "slug": slug,
                    "title": title,
                    "content_hash": "someone-else",
                    "page": {},
                    "html": html,
                }))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
}

/// A desk on a page server where someone else already made the desk's first page, with the
/// title "Their page" and `html`.
fn on_their_page(html: &str) -> OnPageServer {
    let site = desk_on_page_server();
    let status = put_as_someone_else(&site.server.url(), &site.slug, "Their page", html);
    assert_eq!(status, 201);
    site
}

/// Issue 12, item 3: "keep theirs" for a page the target already had (someone else created
/// it there before this desk published it) is remembered: later syncs leave it alone.
#[test]
fn keep_theirs_is_remembered_for_a_page_the_target_already_had() {
    let OnPageServer {
        dir: _dir,
        desk,
        slug,
        server,
        secrets,
        ..
    } = on_their_page("<html><body><p>Written by someone else</p></body></html>");

    desk.queue_publish("publisher", Some("site"), &Selection::AllPublished)
        .unwrap();
    let summary = run(&desk, secrets.clone(), quick("site"));
    assert_eq!(summary.conflicts, 1, "{summary}");
    let job = desk
        .publishing_view()
        .unwrap()
        .jobs
        .into_iter()
        .find(|j| j.slug == slug)
        .unwrap();
    desk.resolve_conflict("publisher", job.id, false).unwrap();

    // The next sync leaves their page alone and settles cleanly.
    let plan = desk
        .queue_publish("publisher", Some("site"), &Selection::AllPublished)
        .unwrap();
    let pair = ("site".to_string(), slug.clone());
    assert!(plan.kept_remote.contains(&pair), "{plan:?}");
    assert!(!plan.queued.contains(&pair), "{plan:?}");
    let summary = run(&desk, secrets.clone(), quick("site"));
    assert_eq!((summary.conflicts, summary.failed), (0, 0), "{summary}");
    assert_eq!(server.page(&slug).unwrap().title, "Their page");
    let view = desk.publishing_view().unwrap();
    assert!(view.pages.iter().any(|p| p.slug == slug && p.kept_remote));

    // Unpublishing here does not remove their page: it was never ours.
    let summary = unpublish(&desk, &secrets, "site", &[&slug]);
    assert_eq!((summary.conflicts, summary.failed), (0, 0), "{summary}");
    assert_eq!(server.page(&slug).unwrap().title, "Their page");
}

/// Issue 12, item 6: the conflict diff has the body too, as the words a reader sees.
#[test]
fn the_conflict_diff_has_the_body_as_visible_text() {
    let OnPageServer {
        dir: _dir,
        desk,
        slug,
        server: _server,
        secrets,
        ..
    } = on_their_page(
        "<!doctype html><html><head><title>x</title></head><body><h1>Their page</h1>\
         <p>Written &amp; kept by someone else</p></body></html>",
    );
    assert_eq!(publish(&desk, &secrets, "site", &[&slug]).conflicts, 1);
    let job = desk.publishing_view().unwrap().jobs[0].clone();
    let conflict = desk.conflict(job.id).unwrap();
    let body = conflict
        .changes
        .iter()
        .find(|c| c.field == "body")
        .unwrap_or_else(|| panic!("no body in {:?}", conflict.changes));
    assert_eq!(
        body.before.as_deref(),
        Some("Their page Written & kept by someone else")
    );
    let ours = body.after.as_deref().unwrap();
    let title = desk.comparison(&slug).unwrap().title;
    assert!(ours.contains(&title), "{ours}");
    assert!(!ours.contains('<'), "visible text, not markup: {ours}");
    // The word diff: their words removed, ours added.
    let removed: Vec<&str> = body
        .parts
        .iter()
        .filter(|p| p.kind == verdict_core::desk::DiffPartKind::Removed)
        .map(|p| p.text.as_str())
        .collect();
    assert!(removed.contains(&"Written"), "{removed:?}");
}

/// Issue 12, item 5 (page API): a page edited on the target since we published it is not
/// deleted by an unpublish: `If-Match` makes it a conflict, and the edit stays.
#[test]
fn unpublish_of_a_page_edited_on_the_target_is_a_conflict() {
    let OnPageServer {
        dir: _dir,
        desk,
        slug,
        server,
        secrets,
        ..
    } = desk_on_page_server();
    assert_eq!(publish(&desk, &secrets, "site", &[&slug]).done, 1);
    server.edit_remote(&slug, "Edited on the website");
    let summary = unpublish(&desk, &secrets, "site", &[&slug]);
    assert_eq!(summary.conflicts, 1, "{summary}");
    assert_eq!(server.page(&slug).unwrap().title, "Edited on the website");
    // Deleting anyway is the publisher's decision.
    let job = desk.publishing_view().unwrap().jobs[0].clone();
    desk.resolve_conflict("publisher", job.id, true).unwrap();
    assert_eq!(run(&desk, secrets, quick("site")).done, 1);
    assert!(server.page(&slug).is_none());
}
