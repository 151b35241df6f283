//! Publishing throughput against the real page server on 127.0.0.1 (no faults): 2,000 pages
//! sent for the first time (each with its share card), 2,000 changed pages updated (cards
//! too: the site's kicker is on them), 2,000 pages changed where their cards are not, and
//! 2,000 unchanged pages (which must take no request at all). Prints the figures docs/benchmarks.md quotes.
//!
//! With LOGOS, the desk has 1,000 tools and the first LOGOS of them a logo of their own
//! (issue 28: 2,000 pages sharing 1,000 logos, each logo file sent once); `-- 2000 16 0` is
//! the same desk without logos, to compare with.
//!
//! cargo bench -p verdict-core --bench publish  [-- PAGES [IN_FLIGHT [LOGOS]]]

use std::sync::Arc;
use std::time::{Duration, Instant};

use verdict_core::desk::Selection;
use verdict_core::model::ComparisonStatus;
use verdict_core::publish::{run_until_settled, RunOptions, TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::Desk;
use verdict_fixtures::{generate, GenerateOptions};

fn main() {
    let numbers: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let wanted = numbers.first().copied().unwrap_or(2_000);
    let in_flight = numbers.get(1).copied().unwrap_or(16);
    let logos = numbers.get(2).copied();
    println!("{in_flight} requests in flight");
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    // About 70% of generated comparisons are published.
    generate(
        &mut desk.store(),
        &GenerateOptions {
            tools: if logos.is_some() { 1_000 } else { 300 },
            comparisons: wanted * 10 / 7 + 50,
            reviewers: 8,
            seed: 1,
        },
    )
    .unwrap();
    desk.ensure_profiles().unwrap();
    if let Some(logos) = logos {
        let started = Instant::now();
        let given = verdict_fixtures::give_logos(&desk, "editor", logos).unwrap();
        println!(
            "{given} tools given a logo in {:.2} s",
            started.elapsed().as_secs_f64()
        );
    }
    let published: Vec<String> = desk
        .store()
        .comparisons()
        .unwrap()
        .into_iter()
        .filter(|c| c.status == ComparisonStatus::Published)
        .map(|c| c.slug)
        .take(wanted)
        .collect();
    let n = published.len();
    let server =
        verdict_pageserver::start_in_thread(verdict_pageserver::Config::new("bench")).unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    desk.add_target(
        "publisher",
        &TargetConfig {
            name: "site".into(),
            kind: TargetKind::Http,
            url: server.url(),
            user: None,
        },
        Some("bench"),
        secrets.as_ref(),
    )
    .unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let options = RunOptions {
        concurrency: in_flight,
        request_timeout: Duration::from_secs(30),
        max_retry_after: std::time::Duration::from_secs(600),
        ..RunOptions::default()
    };
    let selection = Selection::Pages(published.clone());
    let publish = |label: &str| {
        let before = server.stats();
        let (requests, cards, media) = (before.requests, before.cards, before.media_writes);
        let started = Instant::now();
        let plan = desk
            .queue_publish("publisher", Some("site"), &selection)
            .unwrap();
        let queued_in = started.elapsed();
        let summary = rt
            .block_on(run_until_settled(
                desk.data_dir(),
                secrets.clone(),
                options.clone(),
                |_| {},
            ))
            .unwrap();
        let total = started.elapsed();
        let sent = server.stats().requests - requests;
        println!(
            "{label:<30} {n} pages: {:>8.3} s total ({:.3} s to render, hash and queue; {} queued, {} unchanged), {} requests ({} share cards, {} image files), {:.0} pages/s",
            total.as_secs_f64(),
            queued_in.as_secs_f64(),
            plan.queued.len(),
            plan.unchanged.len(),
            sent,
            server.stats().cards - cards,
            server.stats().media_writes - media,
            n as f64 / total.as_secs_f64()
        );
        assert_eq!(summary.failed + summary.conflicts, 0, "{summary}");
        (total, sent)
    };
    publish("first publish (creates)");
    // Change what every page shows: the site's kicker.
    let mut site = desk.store().site().unwrap();
    site.kicker = format!("{} (revised)", site.kicker);
    desk.save_site("editor", &site).unwrap();
    publish("every page changed (updates)");
    // Change what every page shows but no card does: the newsletter block's heading. The
    // pages' own send rate, without drawing a card per page.
    let mut site = desk.store().site().unwrap();
    site.newsletter.heading = format!("{} (new)", site.newsletter.heading);
    desk.save_site("editor", &site).unwrap();
    publish("changed, same cards (updates)");
    let (unchanged, requests) = publish("nothing changed");
    println!(
        "unchanged: {:.3} s for {n} pages (target < 1 s), {requests} requests (target 0)",
        unchanged.as_secs_f64()
    );
    assert_eq!(server.pages().len(), n);
    let stats = server.stats();
    let twice: Vec<_> = stats
        .by_media_writes
        .iter()
        .filter(|(_, w)| **w > 1)
        .collect();
    assert!(
        twice.is_empty(),
        "image files written more than once: {twice:?}"
    );
    println!(
        "image files on the server: {} (each written once)",
        stats.by_media_writes.len()
    );
}
