//! The page API grows without breaking servers written to an earlier version of it
//! (docs/publishing-api.md, *Versions and features*): the desk reads what a server says it
//! supports, sends a share card only to one that takes them and says so once per target, and
//! a 404 that is not the API's own answer for the page is never taken for a conflict.

use std::sync::Arc;
use std::time::Duration;

use verdict_core::desk::Selection;
use verdict_core::publish::{JobState, Progress, RunOptions, TargetConfig};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::Desk;
use verdict_fixtures::GenerateOptions;
use verdict_pageserver::Config;

#[path = "support/publishing.rs"]
mod fixture;
#[path = "support/plain_http.rs"]
mod plain_http;
use plain_http::{PlainServer, Routes};

const TOKEN: &str = "versions-token-5a1c";
const CARDS_NOT_SENT: &str = "share cards are not sent to this server";

fn desk_with_pages(pages: usize) -> (tempfile::TempDir, Desk, Vec<String>) {
    let (dir, desk, mut published) = fixture::desk_with(&GenerateOptions {
        tools: 12,
        comparisons: 24,
        reviewers: 2,
        seed: 5,
    });
    published.truncate(pages);
    assert_eq!(published.len(), pages, "enough published pages");
    (dir, desk, published)
}

fn add_target(desk: &Desk, name: &str, url: &str, secrets: &dyn SecretStore) -> TargetConfig {
    fixture::add_page_api(desk, name, url, TOKEN, secrets)
}

/// Queues `pages` for `targets` and runs the outbox until it settles.
fn publish(
    desk: &Desk,
    secrets: &Arc<dyn SecretStore>,
    targets: &[&str],
    pages: &[String],
) -> Progress {
    for target in targets {
        desk.queue_publish("publisher", Some(target), &Selection::Pages(pages.to_vec()))
            .unwrap();
    }
    let options = RunOptions {
        // One request at a time: what the server sees is the same on every run.
        concurrency: 1,
        max_attempts: 3,
        base_delay: Duration::from_millis(5),
        request_timeout: Duration::from_secs(5),
        ..RunOptions::default()
    };
    fixture::run(desk, secrets.clone(), options)
}

fn notes_about_cards(summary: &Progress, target: &str) -> usize {
    summary
        .notes
        .iter()
        .filter(|n| n.starts_with(&format!("{target}: {CARDS_NOT_SENT}")))
        .count()
}

#[test]
fn a_server_of_the_first_version_stores_every_page_and_the_desk_says_once_that_cards_stay_home() {
    let (_dir, desk, pages) = desk_with_pages(3);
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let mut servers = Vec::new();
    for name in ["site", "mirror"] {
        let mut config = Config::new(TOKEN);
        config.features = Vec::new();
        let server = verdict_pageserver::start_in_thread(config).unwrap();
        add_target(&desk, name, &server.url(), secrets.as_ref());
        servers.push(server);
    }

    let summary = publish(&desk, &secrets, &["site", "mirror"], &pages);
    assert_eq!(
        (summary.done, summary.conflicts, summary.failed),
        (6, 0, 0),
        "{summary}; {:?}",
        desk.publishing_view().unwrap().jobs
    );
    assert_eq!(summary.notes.len(), 2, "{:?}", summary.notes);
    for target in ["site", "mirror"] {
        assert_eq!(
            notes_about_cards(&summary, target),
            1,
            "{:?}",
            summary.notes
        );
    }
    assert!(
        summary.notes[0].contains("does not list share-card"),
        "{:?}",
        summary.notes
    );
    for server in &servers {
        let mut stored: Vec<String> = server.pages().into_iter().map(|p| p.slug).collect();
        stored.sort();
        let mut expected = pages.clone();
        expected.sort();
        assert_eq!(stored, expected);
        let stats = server.stats();
        assert_eq!(stats.cards, 0);
        // What the server is able to do is read once per run, not once per page.
        assert_eq!(stats.requests, 1 + 3, "GET / once, then the three pages");
    }
    let view = desk.publishing_view().unwrap();
    assert!(view.jobs.is_empty(), "{:?}", view.jobs);
    assert_eq!(view.pages.len(), 6);
}

#[test]
fn the_current_server_still_gets_every_card() {
    let (_dir, desk, pages) = desk_with_pages(3);
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let server = verdict_pageserver::start_in_thread(Config::new(TOKEN)).unwrap();
    add_target(&desk, "site", &server.url(), secrets.as_ref());

    let summary = publish(&desk, &secrets, &["site"], &pages);
    assert_eq!((summary.done, summary.conflicts), (3, 0), "{summary}");
    assert!(summary.notes.is_empty(), "{:?}", summary.notes);
    assert_eq!(server.stats().cards, 3);
    for slug in &pages {
        assert!(server.page(slug).unwrap().share_card.is_some(), "{slug}");
    }
    assert_eq!(server.stats().requests, 1 + 3 + 3);
}

#[test]
fn a_server_that_does_not_describe_itself_is_the_base_version() {
    let (_dir, desk, pages) = desk_with_pages(3);
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let server = PlainServer::start(Routes {
        service: None,
        pages: true,
    });
    add_target(&desk, "site", &server.url, secrets.as_ref());

    let summary = publish(&desk, &secrets, &["site"], &pages);
    assert_eq!(
        (summary.done, summary.conflicts, summary.failed),
        (3, 0, 0),
        "{summary}; {:?}",
        desk.publishing_view().unwrap().jobs
    );
    assert_eq!(
        notes_about_cards(&summary, "site"),
        1,
        "{:?}",
        summary.notes
    );
    assert!(
        summary.notes[0].contains("does not describe itself"),
        "{:?}",
        summary.notes
    );
    assert_eq!(server.count("PUT", "/share-card"), 0, "{:?}", server.seen());
    assert_eq!(server.count("GET", "/"), 1, "{:?}", server.seen());
}

#[test]
fn a_404_in_front_of_the_card_route_is_no_conflict_and_stops_the_cards() {
    let (_dir, desk, pages) = desk_with_pages(3);
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    // It says it takes cards, but something in front of it answers their route.
    let server = PlainServer::start(Routes {
        service: Some(r#"{"api":"verdict-pages","version":1,"features":["share-card"]}"#),
        pages: true,
    });
    add_target(&desk, "site", &server.url, secrets.as_ref());

    let summary = publish(&desk, &secrets, &["site"], &pages);
    assert_eq!(
        (summary.done, summary.conflicts, summary.failed),
        (3, 0, 0),
        "{summary}; {:?}",
        desk.publishing_view().unwrap().jobs
    );
    assert_eq!(
        notes_about_cards(&summary, "site"),
        1,
        "{:?}",
        summary.notes
    );
    assert!(summary.notes[0].contains("404"), "{:?}", summary.notes);
    assert_eq!(
        server.count("PUT", "/share-card"),
        1,
        "no more cards after the first 404: {:?}",
        server.seen()
    );
}

#[test]
fn a_wrong_address_fails_plainly_and_is_never_a_conflict() {
    let (_dir, desk, pages) = desk_with_pages(2);
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let server = PlainServer::start(Routes {
        service: None,
        pages: false,
    });
    let config = add_target(&desk, "site", &server.url, secrets.as_ref());

    let summary = publish(&desk, &secrets, &["site"], &pages);
    assert_eq!((summary.failed, summary.conflicts), (2, 0), "{summary}");
    for job in desk.publishing_view().unwrap().jobs {
        assert_eq!(job.state, JobState::Failed);
        let error = job.last_error.unwrap_or_default();
        assert!(
            error.contains("404") && error.contains("check the target's URL"),
            "{error}"
        );
    }

    // The connection test says the same.
    let said = fixture::runtime()
        .block_on(verdict_core::desk::test_target(&config, secrets.as_ref()))
        .unwrap_err()
        .to_string();
    assert!(said.contains("check the target's URL"), "{said}");
}

#[test]
fn a_removal_answered_404_by_something_else_is_not_taken_as_done() {
    let (_dir, desk, pages) = desk_with_pages(1);
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    // Pages are stored; nothing else is there (no DELETE route, no GET /).
    let server = PlainServer::start(Routes {
        service: None,
        pages: true,
    });
    add_target(&desk, "site", &server.url, secrets.as_ref());
    assert_eq!(publish(&desk, &secrets, &["site"], &pages).done, 1);

    let one_attempt = RunOptions {
        max_attempts: 1,
        ..RunOptions::default()
    };
    let summary = fixture::unpublish_with(&desk, &secrets, &pages, one_attempt);
    assert_eq!((summary.done, summary.failed), (0, 1), "{summary}");
    assert_eq!(server.count("DELETE", &format!("/pages/{}", pages[0])), 1);
    let view = desk.publishing_view().unwrap();
    let error = view.jobs[0].last_error.as_deref().unwrap_or_default();
    assert!(error.contains("DELETE"), "{error}");
}

#[test]
fn the_connection_test_names_the_version_and_the_features() {
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let (_dir, desk, _) = desk_with_pages(1);
    let current = verdict_pageserver::start_in_thread(Config::new(TOKEN)).unwrap();
    let mut earlier = Config::new(TOKEN);
    earlier.features = Vec::new();
    let earlier = verdict_pageserver::start_in_thread(earlier).unwrap();
    let test = |name: &str, url: &str| {
        let config = add_target(&desk, name, url, secrets.as_ref());
        fixture::runtime()
            .block_on(verdict_core::desk::test_target(&config, secrets.as_ref()))
            .unwrap()
    };
    let said = test("current", &current.url());
    assert!(
        said.starts_with("Verdict page API v1 at")
            && said.ends_with("0 pages; features: share-card, media"),
        "{said}"
    );
    let said = test("earlier", &earlier.url());
    assert!(
        said.contains("no optional features; share cards are not sent to it"),
        "{said}"
    );
}
