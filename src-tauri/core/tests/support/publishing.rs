//! Test support for publishing: a generated desk with published pages, a page-API target on
//! it (or a whole page server on loopback as its target), and running its outbox until it
//! settles, alone or after queueing pages as the publisher.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use verdict_core::desk::{PublishPlan, Selection};
use verdict_core::model::ComparisonStatus;
use verdict_core::publish::{run_until_settled, Progress, RunOptions, TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::Desk;
use verdict_fixtures::{generate, GenerateOptions};

/// The page API's token in these tests.
pub const TOKEN: &str = "test-token-0f9d";

/// A desk with 40 tools and `comparisons` generated pages, and its published slugs.
pub fn desk_with_pages(comparisons: usize) -> (tempfile::TempDir, Desk, Vec<String>) {
    desk_with(&GenerateOptions {
        tools: 40,
        comparisons,
        reviewers: 4,
        seed: 7,
    })
}

/// A desk in a temporary folder, generated with `options` and with its profiles, and the
/// slugs of its published pages.
pub fn desk_with(options: &GenerateOptions) -> (tempfile::TempDir, Desk, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    generate(&mut desk.store(), options).unwrap();
    desk.ensure_profiles().unwrap();
    let published: Vec<String> = desk
        .store()
        .comparisons()
        .unwrap()
        .into_iter()
        .filter(|c| c.status == ComparisonStatus::Published)
        .map(|c| c.slug)
        .collect();
    (dir, desk, published)
}

/// Adds a page-API target `name` at `url` with [`TOKEN`], as the desk's publisher.
pub fn add_http_target(desk: &Desk, name: &str, url: &str, secrets: &dyn SecretStore) {
    add_page_api(desk, name, url, TOKEN, secrets);
}

/// Adds a page-API target `name` at `url` with `token`, as the desk's publisher.
pub fn add_page_api(
    desk: &Desk,
    name: &str,
    url: &str,
    token: &str,
    secrets: &dyn SecretStore,
) -> TargetConfig {
    let config = TargetConfig {
        name: name.into(),
        kind: TargetKind::Http,
        url: url.into(),
        user: None,
    };
    desk.add_target("publisher", &config, Some(token), secrets)
        .unwrap();
    config
}

/// A desk with 12 generated pages and a page server on loopback added as its target "site",
/// the server's token in an in-memory keyring.
pub struct OnPageServer {
    pub dir: tempfile::TempDir,
    pub desk: Desk,
    /// The desk's published pages, and the first of them.
    pub published: Vec<String>,
    pub slug: String,
    pub server: verdict_pageserver::RunningThread,
    pub secrets: Arc<dyn SecretStore>,
}

pub fn desk_on_page_server() -> OnPageServer {
    let (dir, desk, published) = desk_with_pages(12);
    let slug = published[0].clone();
    let server =
        verdict_pageserver::start_in_thread(verdict_pageserver::Config::new(TOKEN)).unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    add_http_target(&desk, "site", &server.url(), secrets.as_ref());
    OnPageServer {
        dir,
        desk,
        published,
        slug,
        server,
        secrets,
    }
}

/// A two-worker runtime, as the app's.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Options for a quick run against `target` on loopback: short delays, many attempts.
pub fn quick(target: &str) -> RunOptions {
    RunOptions {
        concurrency: 8,
        max_attempts: 14,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(80),
        request_timeout: Duration::from_millis(700),
        target: Some(target.into()),
        ..RunOptions::default()
    }
}

/// Runs the desk's outbox with `options` until it settles.
pub fn run(desk: &Desk, secrets: Arc<dyn SecretStore>, options: RunOptions) -> Progress {
    runtime()
        .block_on(run_until_settled(desk.data_dir(), secrets, options, |_| {}))
        .unwrap()
}

/// Queues `pages` for `target` as the publisher, and its plan.
pub fn queue_pages<S: AsRef<str>>(desk: &Desk, target: &str, pages: &[S]) -> PublishPlan {
    desk.queue_publish("publisher", Some(target), &Selection::Pages(owned(pages)))
        .unwrap()
}

/// Queues `pages` for `target` as the publisher and runs the outbox (a [`quick`] run against
/// `target`) until it settles.
pub fn publish<S: AsRef<str>>(
    desk: &Desk,
    secrets: &Arc<dyn SecretStore>,
    target: &str,
    pages: &[S],
) -> Progress {
    publish_with(desk, secrets, pages, quick(target))
}

/// Queues `pages` as the publisher for the target `options` runs against (every target when
/// it names none) and runs the outbox with `options` until it settles.
pub fn publish_with<S: AsRef<str>>(
    desk: &Desk,
    secrets: &Arc<dyn SecretStore>,
    pages: &[S],
    options: RunOptions,
) -> Progress {
    desk.queue_publish(
        "publisher",
        options.target.as_deref(),
        &Selection::Pages(owned(pages)),
    )
    .unwrap();
    run(desk, secrets.clone(), options)
}

/// Queues the removal of `pages` from every target as the publisher and runs the outbox (a
/// [`quick`] run against `target`) until it settles.
pub fn unpublish<S: AsRef<str>>(
    desk: &Desk,
    secrets: &Arc<dyn SecretStore>,
    target: &str,
    pages: &[S],
) -> Progress {
    unpublish_with(desk, secrets, pages, quick(target))
}

/// Queues the removal of `pages` from every target as the publisher and runs the outbox with
/// `options` until it settles.
pub fn unpublish_with<S: AsRef<str>>(
    desk: &Desk,
    secrets: &Arc<dyn SecretStore>,
    pages: &[S],
    options: RunOptions,
) -> Progress {
    desk.queue_unpublish("publisher", &owned(pages)).unwrap();
    run(desk, secrets.clone(), options)
}

fn owned<S: AsRef<str>>(pages: &[S]) -> Vec<String> {
    pages.iter().map(|p| p.as_ref().to_string()).collect()
}
