//! Images on the page API (issue 28, docs/media.md *Publishing*): each file a page shows goes
//! to the reference page server once, before the page; a republish sends none; under faults
//! each is written once; a server without `media` gets pages whose images are on the site's
//! address, said once; a replaced logo goes out and its pages are sent again.

mod media_images;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use media_images::*;
use verdict_core::desk::Selection;
use verdict_core::media::MediaText;
use verdict_core::model::ComparisonStatus;
use verdict_core::publish::media::files_used;
use verdict_core::publish::{run_until_settled, Progress, RunOptions, TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::Desk;
use verdict_pageserver::{Config, FaultKind, Faults, Feature, RunningThread};

const TOKEN: &str = "media-publish-token";

struct Fixture {
    _dir: tempfile::TempDir,
    desk: Desk,
    secrets: Arc<dyn SecretStore>,
    /// The published pages that show the logo.
    pages: Vec<String>,
    tool: String,
}

fn add_logo(desk: &Desk, w: u32, seed: u8) -> String {
    let mut img = logo(w, w);
    img.get_pixel_mut(0, 0).0 = [seed, seed, seed, 255];
    desk.add_media(
        "editor",
        "logo.png",
        &png_rgba(&img),
        &MediaText {
            alt: Some("The tool's logo".into()),
            ..MediaText::default()
        },
    )
    .unwrap()
    .item
    .hash
}

/// The sample desk, with a logo on the tool of the first published comparison.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    let comparisons = desk.store().comparisons().unwrap();
    let published: Vec<_> = comparisons
        .iter()
        .filter(|c| c.status == ComparisonStatus::Published)
        .collect();
    let tool = published[0].tools[0].clone();
    let hash = add_logo(&desk, 400, 1);
    desk.set_tool_logo("editor", &tool, &hash).unwrap();
    let pages = published
        .iter()
        .filter(|c| c.tools.contains(&tool))
        .map(|c| c.slug.clone())
        .collect();
    Fixture {
        _dir: dir,
        desk,
        secrets: Arc::new(MemorySecrets::default()),
        pages,
        tool,
    }
}

fn add_target(f: &Fixture, name: &str, url: &str) {
    let config = TargetConfig {
        name: name.into(),
        kind: TargetKind::Http,
        url: url.into(),
        user: None,
    };
    f.desk
        .add_target("publisher", &config, Some(TOKEN), f.secrets.as_ref())
        .unwrap();
}

fn publish(f: &Fixture, pages: &[String], concurrency: usize) -> Progress {
    f.desk
        .queue_publish("publisher", None, &Selection::Pages(pages.to_vec()))
        .unwrap();
    let options = RunOptions {
        concurrency,
        max_attempts: 30,
        base_delay: Duration::from_millis(2),
        max_delay: Duration::from_millis(20),
        request_timeout: Duration::from_secs(2),
        ..RunOptions::default()
    };
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(run_until_settled(
            f.desk.data_dir(),
            f.secrets.clone(),
            options,
            |_| {},
        ))
        .unwrap()
}

fn server(features: Vec<Feature>, faults: Faults) -> RunningThread {
    let mut config = Config::new(TOKEN);
    config.features = features;
    config.faults = faults;
    verdict_pageserver::start_in_thread(config).unwrap()
}

/// Every file the stored pages name, as `{hash}/{name}`.
fn named_by_pages(server: &RunningThread) -> HashSet<String> {
    server
        .pages()
        .iter()
        .flat_map(|p| files_used(&p.html))
        .map(|(h, n)| format!("{h}/{n}"))
        .collect()
}

fn media_requests(server: &RunningThread) -> usize {
    server
        .write_arrivals()
        .iter()
        .filter(|(_, path, _)| path.starts_with("/media/"))
        .count()
}

#[test]
fn each_image_goes_once_before_the_pages_that_show_it_and_a_republish_sends_none() {
    let f = fixture();
    assert!(!f.pages.is_empty());
    let server = server(Feature::all(), Faults::none());
    add_target(&f, "site", &server.url());
    let all: Vec<String> = f
        .desk
        .store()
        .comparisons()
        .unwrap()
        .into_iter()
        .filter(|c| c.status == ComparisonStatus::Published)
        .map(|c| c.slug)
        .collect();

    let summary = publish(&f, &all, 4);
    assert_eq!((summary.done, summary.failed), (all.len(), 0), "{summary}");
    let named = named_by_pages(&server);
    assert!(!named.is_empty(), "the logo is on its pages");
    let stored: HashSet<String> = server
        .media()
        .iter()
        .map(|m| format!("{}/{}", m.hash, m.name))
        .collect();
    // Only the files pages name (the logo's sizes, not its original), each written once.
    assert_eq!(stored, named);
    let stats = server.stats();
    assert!(stats.by_media_writes.values().all(|&n| n == 1), "{stats:?}");
    assert_eq!(
        media_requests(&server),
        named.len(),
        "sent once, not per page"
    );
    // Before every page that shows them.
    let arrivals = server.write_arrivals();
    let last_media = arrivals
        .iter()
        .rposition(|(_, p, _)| p.starts_with("/media/"))
        .unwrap();
    for slug in &f.pages {
        let page_at = arrivals
            .iter()
            .position(|(m, p, _)| m == "PUT" && p == &format!("/pages/{slug}"))
            .unwrap();
        let first_media = arrivals
            .iter()
            .position(|(_, p, _)| p.starts_with("/media/"))
            .unwrap();
        assert!(first_media < page_at, "{slug}");
    }
    let first_logo_page = f
        .pages
        .iter()
        .filter_map(|slug| {
            arrivals
                .iter()
                .position(|(m, p, _)| m == "PUT" && p == &format!("/pages/{slug}"))
        })
        .min()
        .unwrap();
    assert!(
        last_media < first_logo_page,
        "every file before the first page"
    );
    // The images the page names are served where its relative addresses lead.
    let page = server.page(&f.pages[0]).unwrap();
    let (hash, name) = files_used(&page.html).remove(0);
    let status = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(async { reqwest::get(server.media_url(&hash, &name)).await })
        .unwrap()
        .status();
    assert_eq!(status, 200);
    let page_url = url::Url::parse(&server.page_url(&f.pages[0])).unwrap();
    assert_eq!(
        page_url
            .join(&format!("../../media/{hash}/{name}"))
            .unwrap()
            .as_str(),
        server.media_url(&hash, &name)
    );
    assert!(summary.notes.is_empty(), "{:?}", summary.notes);

    // Republishing what the server holds sends nothing at all, images included.
    let before = server.stats().requests;
    let again = publish(&f, &all, 4);
    assert_eq!(again.done, 0, "{again}");
    assert_eq!(media_requests(&server), named.len());
    assert_eq!(server.stats().requests, before, "no request");

    // An edit to a page that shows the logo sends the page again, not the logo.
    let mut edited = f.desk.store().comparison(&f.pages[0]).unwrap().unwrap();
    edited.dek = format!("{} (updated)", edited.dek);
    f.desk.save_comparison("editor", &edited).unwrap();
    let edit = publish(&f, &f.pages[..1], 1);
    assert_eq!(edit.done, 1, "{edit}");
    assert_eq!(
        media_requests(&server),
        named.len(),
        "the target has the logo"
    );
}

#[test]
fn under_thirty_percent_faults_each_image_is_written_once() {
    let f = fixture();
    let faults = Faults::new(
        0.3,
        28,
        vec![
            FaultKind::ServerError,
            FaultKind::ServerErrorAfterWrite,
            FaultKind::Reset,
            FaultKind::ResetAfterWrite,
            FaultKind::Slow { ms: 20 },
        ],
    );
    let server = server(Feature::all(), faults);
    // The first writes are image uploads (they go before the pages): the ones whose answer
    // is lost after the file was stored are those that could store it twice.
    server.script_faults([
        FaultKind::ServerErrorAfterWrite,
        FaultKind::ResetAfterWrite,
        FaultKind::ServerError,
        FaultKind::ServerErrorAfterWrite,
        FaultKind::Reset,
        FaultKind::ResetAfterWrite,
    ]);
    add_target(&f, "site", &server.url());
    // A second logo, so more than one image is in flight.
    let second_tool = f
        .desk
        .store()
        .tools()
        .unwrap()
        .into_iter()
        .find(|t| t.slug != f.tool)
        .unwrap()
        .slug;
    let hash = add_logo(&f.desk, 300, 2);
    f.desk.set_tool_logo("editor", &second_tool, &hash).unwrap();
    let all: Vec<String> = f
        .desk
        .store()
        .comparisons()
        .unwrap()
        .into_iter()
        .filter(|c| c.status == ComparisonStatus::Published)
        .map(|c| c.slug)
        .collect();
    let summary = publish(&f, &all, 4);
    assert_eq!((summary.done, summary.failed), (all.len(), 0), "{summary}");
    let stats = server.stats();
    assert!(stats.faults >= 6, "faults were injected ({})", stats.faults);
    let named = named_by_pages(&server);
    assert_eq!(stats.by_media_writes.len(), named.len(), "{stats:?}");
    assert!(
        stats.by_media_writes.values().all(|&n| n == 1),
        "each file written once: {stats:?}"
    );
    assert!(stats.by_slug_writes.values().all(|&n| n == 1), "{stats:?}");
}

#[test]
fn a_server_without_media_gets_images_on_the_site_address_and_one_note() {
    let f = fixture();
    let mut site = f.desk.site().unwrap();
    site.base_url = Some("https://reviews.example.org".into());
    f.desk.save_site("editor", &site).unwrap();
    let server = server(vec![Feature::ShareCard], Faults::none());
    add_target(&f, "old", &server.url());
    let summary = publish(&f, &f.pages, 2);
    assert_eq!(
        (summary.done, summary.failed),
        (f.pages.len(), 0),
        "{summary}"
    );
    assert_eq!(media_requests(&server), 0);
    let page = server.page(&f.pages[0]).unwrap();
    assert!(
        page.html.contains("https://reviews.example.org/media/"),
        "images on the site's address"
    );
    assert!(!page.html.contains("../../media/"), "none beside the page");
    let notes: Vec<_> = summary
        .notes
        .iter()
        .filter(|n| n.starts_with("old: images are not sent to this server"))
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", summary.notes);
    // The page is what the desk holds: nothing stale about it.
    assert!(f.desk.stale_pages().unwrap().is_empty());
}

#[test]
fn a_replaced_logo_goes_out_and_every_page_that_shows_it_is_sent_again() {
    let f = fixture();
    let server = server(Feature::all(), Faults::none());
    add_target(&f, "site", &server.url());
    publish(&f, &f.pages, 2);
    let old = named_by_pages(&server);
    let old_logo = f.desk.tool(&f.tool).unwrap().logo.unwrap();
    let new_logo = add_logo(&f.desk, 500, 3);
    f.desk
        .replace_media("editor", &old_logo, &new_logo)
        .unwrap();
    let stale = f.desk.stale_pages().unwrap();
    for slug in &f.pages {
        assert!(stale.contains(slug), "{slug} is stale");
    }
    let summary = publish(&f, &f.pages, 2);
    assert_eq!(summary.done, f.pages.len(), "{summary}");
    let now = named_by_pages(&server);
    assert!(
        now.iter().all(|file| file.starts_with(&new_logo)),
        "{now:?}"
    );
    assert!(old.is_disjoint(&now));
    let stored: HashSet<String> = server
        .media()
        .iter()
        .map(|m| format!("{}/{}", m.hash, m.name))
        .collect();
    assert!(now.is_subset(&stored));
    assert!(f.desk.stale_pages().unwrap().is_empty());
}
