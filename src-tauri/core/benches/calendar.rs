//! The editorial calendar of a desk of 2,000 comparisons (the generated desk the other
//! benches use, each page given a due date and a verdicts-due date over its six months): a
//! month in Europe/Berlin, cold (the first query on a fresh desk) and warm (median of 20).
//! Prints the figures docs/benchmarks.md quotes; the goal is 200 ms.
//!
//! cargo bench -p verdict-core --bench calendar  [-- COMPARISONS]

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use verdict_core::desk::CalendarQuery;
use verdict_core::store::SaveCtx;
use verdict_core::Desk;
use verdict_fixtures::generate_desk;

fn main() {
    let comparisons: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(2_000);
    let scratch = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let data = scratch.path().join("desk");
    let mut store = generate_desk(&data, comparisons);
    // Due dates over the generated pages' six months (2026-01-01 on), a page every few hours.
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    for (i, mut page) in store.comparisons().unwrap().into_iter().enumerate() {
        page.due = start.checked_add_days(Days::new((i % 181) as u64));
        page.verdicts_due = start.checked_add_days(Days::new(((i * 7) % 181) as u64));
        store.save_comparison(&SaveCtx::import(), &page).unwrap();
    }
    drop(store);

    let query = CalendarQuery {
        from: NaiveDate::from_ymd_opt(2026, 3, 30).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 5, 10).unwrap(),
        time_zone: "Europe/Berlin".into(),
        person: None,
        status: None,
        category: None,
    };
    let desk = Desk::open(&data).unwrap();
    let started = Instant::now();
    let cal = desk.calendar(&query).unwrap();
    let cold = started.elapsed();
    let mut warm: Vec<Duration> = (0..20)
        .map(|_| {
            let started = Instant::now();
            desk.calendar(&query).unwrap();
            started.elapsed()
        })
        .collect();
    warm.sort();
    println!(
        "calendar of {comparisons} pages, April 2026 as a six-week month view ({} entries): cold {:.1} ms, warm median {:.1} ms (goal 200 ms)",
        cal.entries.len(),
        cold.as_secs_f64() * 1e3,
        warm[warm.len() / 2].as_secs_f64() * 1e3,
    );
    assert!(cal.entries.len() > 300, "the month holds the desk's work");
}
