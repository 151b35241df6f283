//! How long reading back a big site takes: 2,000 published pages on the reference page
//! server on loopback (issue 30's goal: within 10 s). Ignored by default (it publishes the
//! pages first); run with `cargo test -p verdict-core --test verify_many -- --ignored
//! --nocapture` (VERDICT_VERIFY_PAGES sets the count).

use std::sync::Arc;
use std::time::{Duration, Instant};

use verdict_core::desk::Selection;
use verdict_core::model::ComparisonStatus;
use verdict_core::publish::verify::{Due, VerifyOptions};
use verdict_core::publish::{run_until_settled, RunOptions, TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::store::receipts::ReceiptState;
use verdict_core::store::SaveCtx;
use verdict_core::Desk;
use verdict_fixtures::{generate, GenerateOptions};
use verdict_pageserver::Config;

const TOKEN: &str = "many-token";

#[test]
#[ignore = "a benchmark: publishes thousands of pages first"]
fn verifying_two_thousand_pages_on_loopback() {
    let pages: usize = std::env::var("VERDICT_VERIFY_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    generate(
        &mut desk.store(),
        &GenerateOptions {
            tools: 200,
            comparisons: pages,
            reviewers: 6,
            seed: 1,
        },
    )
    .unwrap();
    desk.ensure_profiles().unwrap();
    // Every page published, so the site has `pages` pages.
    let all = desk.store().comparisons().unwrap();
    for mut c in all {
        if c.status != ComparisonStatus::Published {
            c.status = ComparisonStatus::Published;
            c.scheduled_for = None;
            c.published_at = Some(chrono::Utc::now());
            desk.store()
                .save_comparison(&SaveCtx::unattributed(), &c)
                .unwrap();
        }
    }
    // Without the share card feature: the benchmark is about reading back, not drawing.
    let mut config = Config::new(TOKEN);
    config.features = Vec::new();
    let server = verdict_pageserver::start_in_thread(config).unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let target = TargetConfig {
        name: "site".into(),
        kind: TargetKind::Http,
        url: server.url(),
        user: None,
    };
    desk.add_target("publisher", &target, Some(TOKEN), secrets.as_ref())
        .unwrap();
    desk.queue_publish("publisher", Some("site"), &Selection::AllPublished)
        .unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    let options = RunOptions {
        concurrency: 16,
        request_timeout: Duration::from_secs(30),
        ..RunOptions::default()
    };
    let summary = rt
        .block_on(run_until_settled(
            desk.data_dir(),
            secrets.clone(),
            options,
            |_| {},
        ))
        .unwrap();
    assert_eq!(summary.done, pages, "{summary}");
    eprintln!("published {pages} pages in {:.1?}", started.elapsed());

    let started = Instant::now();
    let options = VerifyOptions {
        due: Due::All,
        concurrency: 16,
        ..VerifyOptions::default()
    };
    let report = rt
        .block_on(desk.verify_published(secrets, options))
        .unwrap();
    let took = started.elapsed();
    eprintln!("verified {} pages in {took:.1?}", report.receipts.len());
    assert_eq!(report.receipts.len(), pages);
    assert!(report
        .receipts
        .iter()
        .all(|r| r.state == ReceiptState::Verified));
}
