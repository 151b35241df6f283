//! The desk's overview (what the app's first screens read: every page's summary with its
//! tool cards, the tools, the reviewers) on a generated desk of 10,000 comparisons and 5,000
//! tools (or the count given), and what it is made of: each read it does alone, the answer's
//! size as the app sends it (JSON), and My work. Cold is the first call on a freshly opened
//! desk; warm the median of 10. Prints the figures docs/benchmarks.md quotes.
//!
//! cargo bench -p verdict-core --bench overview  [-- COMPARISONS]

use std::time::{Duration, Instant};

use verdict_core::Desk;
use verdict_fixtures::generate_desk;

fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration, T) {
    let started = Instant::now();
    let mut out = f();
    let cold = started.elapsed();
    let mut warm: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            out = f();
            started.elapsed()
        })
        .collect();
    warm.sort();
    (cold, warm[warm.len() / 2], out)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let comparisons: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let scratch = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let data = scratch.path().join("desk");
    drop(generate_desk(&data, comparisons));
    {
        // As the app's desk is every day: profiles, and the pages whose time came published
        // (so there are stale marks to show); then opened once, which builds and keeps the
        // page hashes.
        let desk = Desk::open(&data).unwrap();
        desk.ensure_profiles().unwrap();
        desk.publish_due(chrono::Utc::now()).unwrap();
        desk.overview().unwrap();
    }

    // The everyday start: the desk opened again on the same content.
    let desk = Desk::open(&data).unwrap();
    let started = Instant::now();
    let first = desk.overview_first(40).unwrap();
    let first_took = started.elapsed();
    let started = Instant::now();
    desk.overview().unwrap();
    println!(
        "everyday start: first screenful ({} pages) {:.1} ms, then the whole overview {:.1} ms",
        first.comparisons.len(),
        ms(first_took),
        ms(started.elapsed())
    );
    let report = |what: &str, (cold, warm): (Duration, Duration)| {
        println!(
            "{what:<32} cold {:>7.1} ms, warm median {:>7.1} ms",
            ms(cold),
            ms(warm)
        );
    };
    println!("overview of {comparisons} pages, {} tools", comparisons / 2);
    let (cold, warm, overview) = timed(10, || desk.overview().unwrap());
    report("Desk::overview", (cold, warm));
    let (c, w, json) = timed(10, || serde_json::to_vec(&overview).unwrap());
    report("  its answer as JSON", (c, w));
    println!(
        "  answer: {:.1} MB of JSON, {} pages, {} tools",
        json.len() as f64 / 1e6,
        overview.comparisons.len(),
        overview.tools.len()
    );
    let (c, w, _) = timed(10, || desk.stale_pages().unwrap());
    report("  stale marks (kept hashes)", (c, w));
    let (c, w, _) = timed(10, || desk.live_on().unwrap());
    report("  where pages are live", (c, w));
    let (c, w, _) = timed(10, || desk.store().comparison_heads().unwrap());
    report("  every page's head", (c, w));
    let (c, w, _) = timed(10, || desk.store().tool_heads().unwrap());
    report("  every tool's head", (c, w));
    let (c, w, _) = timed(10, || desk.store().verdict_calls().unwrap());
    report("  every verdict's call", (c, w));
    println!("the whole documents, for comparison (what the overview read before):");
    let (c, w, _) = timed(10, || desk.store().comparisons().unwrap());
    report("  every page", (c, w));
    let (c, w, _) = timed(10, || desk.store().tools().unwrap());
    report("  every tool", (c, w));
    let (c, w, _) = timed(10, || desk.store().verdicts().unwrap());
    report("  every verdict", (c, w));
    let profile = desk.profiles().unwrap().into_iter().next().map(|p| p.slug);
    if let Some(profile) = profile {
        let (c, w, _) = timed(3, || desk.my_work(&profile).unwrap());
        report("My work", (c, w));
    }
}
