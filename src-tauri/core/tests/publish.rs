//! Publishing through the outbox against a real HTTP server (the page API of
//! docs/publishing-api.md, started here on 127.0.0.1) that injects faults.

use std::sync::Arc;
use verdict_core::store::SaveCtx;

use verdict_core::desk::Selection;
use verdict_core::model::ComparisonStatus;
use verdict_core::publish::{TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::Desk;
use verdict_pageserver::{Config, FaultKind, Faults};

#[path = "support/publishing.rs"]
mod fixture;

use fixture::{
    add_http_target, desk_on_page_server, desk_with_pages, publish, publish_with, quick, run,
    unpublish_with, OnPageServer, TOKEN,
};

#[test]
fn two_hundred_pages_under_thirty_percent_faults_land_exactly_once() {
    let (_dir, desk, published) = desk_with_pages(320);
    assert!(published.len() >= 200, "{} published", published.len());
    let pages: Vec<String> = published.into_iter().take(200).collect();
    let mut config = Config::new(TOKEN);
    config.faults = Faults {
        rate: 0.3,
        seed: 11,
        kinds: vec![
            FaultKind::ServerError,
            FaultKind::ServerErrorAfterWrite,
            FaultKind::Reset,
            FaultKind::ResetAfterWrite,
            FaultKind::Slow { ms: 30 },
            FaultKind::Hang { ms: 1_500 },
        ],
        apply_to_reads: false,
    };
    let server = verdict_pageserver::start_in_thread(config).unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    add_http_target(&desk, "site", &server.url(), secrets.as_ref());

    let plan = desk
        .queue_publish("publisher", Some("site"), &Selection::Pages(pages.clone()))
        .unwrap();
    assert_eq!(plan.queued.len(), 200);
    let summary = run(&desk, secrets.clone(), quick("site"));
    assert_eq!(summary.failed, 0, "{summary}");
    assert_eq!(summary.conflicts, 0, "{summary}");
    assert_eq!(summary.done, 200, "{summary}");
    assert!(summary.retries > 20, "faults were injected: {summary}");

    // Each page is on the server exactly once, written once, with the content we rendered.
    let stats = server.stats();
    assert!(stats.faults > 40, "{stats:?}");
    let mut on_server: Vec<String> = server.pages().into_iter().map(|p| p.slug).collect();
    on_server.sort();
    let mut expected = pages.clone();
    expected.sort();
    assert_eq!(on_server, expected);
    for slug in &pages {
        assert_eq!(
            stats.by_slug_writes.get(slug),
            Some(&1),
            "{slug} written once"
        );
    }
    assert_eq!(stats.creates, 200);
    let view = desk.publishing_view().unwrap();
    assert!(view.jobs.is_empty(), "{:?}", view.jobs);
    assert_eq!(view.pages.len(), 200);

    // Nothing changed: nothing is queued and no request is made.
    let before = server.stats().requests;
    let again = desk
        .queue_publish("publisher", Some("site"), &Selection::Pages(pages.clone()))
        .unwrap();
    assert_eq!((again.queued.len(), again.unchanged.len()), (0, 200));
    let summary = run(&desk, secrets, quick("site"));
    assert_eq!(summary.done + summary.unchanged, 0);
    assert_eq!(server.stats().requests, before);
}

#[test]
fn unpublish_removes_the_page_and_drafts_are_refused() {
    let OnPageServer {
        dir: _dir,
        desk,
        published,
        slug,
        server,
        secrets,
    } = desk_on_page_server();
    publish(&desk, &secrets, "site", &[&slug]);
    assert!(server.page(&slug).is_some());

    // A draft cannot be published; the whole request is refused and nothing is queued.
    let mut draft = desk.comparison(&published[2]).unwrap();
    draft.status = ComparisonStatus::Draft;
    draft.published_at = None;
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &draft)
        .unwrap();
    let err = desk
        .queue_publish(
            "publisher",
            Some("site"),
            &Selection::Pages(vec![published[1].clone(), draft.slug.clone()]),
        )
        .unwrap_err();
    assert!(err.to_string().contains("must be approved"), "{err}");
    assert!(desk.publishing_view().unwrap().jobs.is_empty());
    // An editor may not publish.
    assert!(desk
        .queue_publish(
            "editor",
            Some("site"),
            &Selection::Pages(vec![slug.clone()])
        )
        .is_err());

    desk.queue_unpublish("publisher", std::slice::from_ref(&slug))
        .unwrap();
    assert_eq!(
        desk.comparison(&slug).unwrap().status,
        ComparisonStatus::Approved
    );
    run(&desk, secrets, quick("site"));
    assert!(server.page(&slug).is_none());
    assert!(desk.publishing_view().unwrap().pages.is_empty());
}

#[test]
fn votes_are_pulled_into_the_snapshot_and_shown_on_the_page() {
    let (_dir, desk, published) = desk_with_pages(12);
    let slug = published[0].clone();
    let page = desk.comparison(&slug).unwrap();
    let server = verdict_pageserver::start_in_thread(Config::new(TOKEN)).unwrap();
    server.set_votes(vec![
        (slug.clone(), page.tools[0].clone(), 30),
        (slug.clone(), page.tools[1].clone(), 10),
        ("no-such-page".into(), "x".into(), 5),
    ]);
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    add_http_target(&desk, "site", &server.url(), secrets.as_ref());
    let report = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(verdict_core::desk::pull_votes(
            &desk,
            "site",
            secrets.as_ref(),
        ))
        .unwrap();
    assert_eq!((report.saved, report.skipped), (2, 1));
    let html = verdict_core::render::render_saved(&desk.store(), &slug, "html").unwrap();
    assert!(html.contains("75%"), "community share shown");
}

#[test]
fn a_target_without_its_secret_says_how_to_give_it() {
    let (_dir, desk, published) = desk_with_pages(6);
    let empty: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    desk.add_target(
        "publisher",
        &TargetConfig {
            name: "site".into(),
            kind: TargetKind::Http,
            url: "http://127.0.0.1:9/".into(),
            user: None,
        },
        None,
        empty.as_ref(),
    )
    .unwrap();
    let summary = publish(&desk, &empty, "site", &published[..1]);
    assert_eq!(summary.failed, 1);
    let job = &desk.publishing_view().unwrap().jobs[0];
    let error = job.last_error.as_deref().unwrap();
    assert!(error.contains("VERDICT_SECRET_SITE"), "{error}");
}

#[test]
fn the_share_card_goes_with_the_page_and_again_only_when_it_changed() {
    let OnPageServer {
        dir: _dir,
        desk,
        slug,
        server,
        secrets,
        ..
    } = desk_on_page_server();
    let publish_the_page = |desk: &Desk| {
        let summary = publish(desk, &secrets, "site", &[&slug]);
        assert_eq!(summary.done, 1, "{summary}");
    };

    publish_the_page(&desk);
    let card = |server: &verdict_pageserver::RunningThread| {
        server
            .page(&slug)
            .unwrap()
            .share_card
            .expect("the page has its card")
    };
    let first = card(&server);
    assert!(first.content_hash.starts_with("sha256:"));
    // The PNG decodes to a 1200×630 image: the same card `verdict site` writes.
    let decoded = resvg::tiny_skia::Pixmap::decode_png(&first.png).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1200, 630));
    let page = desk.comparison(&slug).unwrap();
    let expected = desk.share_card_png(&slug).unwrap();
    assert_eq!(
        first.png.as_ref(),
        expected.as_slice(),
        "the card of the saved page"
    );
    // Readers get it beside the page.
    let (kind, public) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let reply = reqwest::get(format!("{}p/{slug}/share.png", server.url()))
                .await
                .unwrap();
            let kind = reply.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_string();
            (kind, reply.bytes().await.unwrap())
        });
    assert_eq!(kind, "image/png");
    assert_eq!(public.as_ref(), first.png.as_ref());
    assert_eq!(server.stats().cards, 1);

    // A new dek is a new page but the same card: the card is not drawn or sent again.
    let mut page = page;
    page.dek = "A new dek, same figures.".into();
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    publish_the_page(&desk);
    assert_eq!(server.stats().updates, 1);
    assert_eq!(server.stats().cards, 1, "the unchanged card stays");
    assert_eq!(card(&server).content_hash, first.content_hash);

    // A new title changes the card: it is sent with the page.
    page.title = format!("{} (retested)", page.title);
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    publish_the_page(&desk);
    assert_eq!(server.stats().cards, 2);
    let second = card(&server);
    assert_ne!(second.content_hash, first.content_hash);
    assert_ne!(second.png, first.png);
}

#[test]
fn a_scheduled_page_is_published_when_due_and_sent_to_every_target() {
    let OnPageServer {
        dir: _dir,
        desk,
        published,
        server,
        secrets,
        ..
    } = desk_on_page_server();
    let now = chrono::Utc::now();
    let mut due = desk.comparison(&published[0]).unwrap();
    due.status = ComparisonStatus::Scheduled;
    due.published_at = None;
    due.scheduled_for = Some(now - chrono::Duration::minutes(1));
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &due)
        .unwrap();
    let mut later = desk.comparison(&published[1]).unwrap();
    later.status = ComparisonStatus::Scheduled;
    later.published_at = None;
    later.scheduled_for = Some(now + chrono::Duration::hours(1));
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &later)
        .unwrap();

    // (The generator also scheduled some pages in the past: those are due too.)
    let was_due: Vec<String> = desk
        .store()
        .comparisons()
        .unwrap()
        .into_iter()
        .filter(|c| c.status == ComparisonStatus::Scheduled && c.scheduled_for.unwrap() <= now)
        .map(|c| c.slug)
        .collect();
    assert!(was_due.contains(&due.slug));
    let plan = desk.publish_due(now).unwrap();
    assert_eq!(plan.published, was_due);
    assert!(plan
        .queued
        .contains(&("site".to_string(), due.slug.clone())));
    assert!(!plan.published.contains(&later.slug));
    assert_eq!(
        desk.comparison(&due.slug).unwrap().status,
        ComparisonStatus::Published
    );
    assert_eq!(
        desk.comparison(&later.slug).unwrap().status,
        ComparisonStatus::Scheduled
    );
    run(&desk, secrets, quick("site"));
    assert!(server.page(&due.slug).is_some());
    assert!(server.page(&later.slug).is_none());
    // Nothing more is due.
    assert!(desk.publish_due(now).unwrap().published.is_empty());
}

#[test]
fn publishing_from_the_workflow_queues_the_page_for_every_target() {
    let OnPageServer {
        dir: _dir,
        desk,
        published,
        server,
        secrets,
        ..
    } = desk_on_page_server();
    let mut approved = desk.comparison(&published[0]).unwrap();
    approved.status = ComparisonStatus::Approved;
    approved.published_at = None;
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &approved)
        .unwrap();
    desk.page_action(
        "publisher",
        &approved.slug,
        verdict_core::workflow::PageAction::Publish,
    )
    .unwrap();
    let jobs = desk.publishing_view().unwrap().jobs;
    assert_eq!(jobs.len(), 1);
    assert_eq!(
        (jobs[0].target.as_str(), jobs[0].slug.as_str()),
        ("site", approved.slug.as_str())
    );
    run(&desk, secrets.clone(), quick("site"));
    assert!(server.page(&approved.slug).is_some());
    desk.page_action(
        "publisher",
        &approved.slug,
        verdict_core::workflow::PageAction::Unpublish,
    )
    .unwrap();
    run(&desk, secrets, quick("site"));
    assert!(server.page(&approved.slug).is_none());
}

/// Issue 12, item 1: two desks with the same content (a copy, a restore) publish to one
/// server. Their job ids start at 1 in each database; their idempotency keys must not.
#[test]
fn two_desks_publishing_to_one_server_never_share_an_idempotency_key() {
    let (_p_dir, desk_p, published) = desk_with_pages(12);
    let (_q_dir, desk_q, _) = desk_with_pages(12);
    let slug = published[0].clone();
    let server = verdict_pageserver::start_in_thread(Config::new(TOKEN)).unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    add_http_target(&desk_p, "site", &server.url(), secrets.as_ref());
    add_http_target(&desk_q, "site", &server.url(), secrets.as_ref());
    let pages = [&slug];
    // No faults here: a request is never cut short (a busy machine's slow answer retried
    // under the same key would count as a replay), so a replay could only be a key shared
    // between the desks.
    let patient = || verdict_core::publish::RunOptions {
        request_timeout: std::time::Duration::from_secs(60),
        ..quick("site")
    };

    // Desk P publishes the page and takes it down again.
    assert_eq!(publish_with(&desk_p, &secrets, &pages, patient()).done, 1);
    assert_eq!(unpublish_with(&desk_p, &secrets, &pages, patient()).done, 1);
    assert!(server.page(&slug).is_none());

    // Desk Q does the same: its writes are new writes, not replays of P's.
    let summary = publish_with(&desk_q, &secrets, &pages, patient());
    assert_eq!((summary.done, summary.failed), (1, 0), "{summary}");
    assert!(
        server.page(&slug).is_some(),
        "desk Q reported the page sent, so the server must hold it"
    );
    let summary = unpublish_with(&desk_q, &secrets, &pages, patient());
    assert_eq!((summary.done, summary.failed), (1, 0), "{summary}");
    assert!(
        server.page(&slug).is_none(),
        "desk Q reported the page removed, so it must be gone"
    );
    assert_eq!(
        server.stats().replays,
        0,
        "no write was mistaken for another"
    );
    assert_eq!(server.stats().creates, 2);
    assert_eq!(server.stats().deletes, 2);
}
