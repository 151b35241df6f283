//! My work on a generated desk, every profile's list read against a direct scan of the
//! content: the pages each verdict is needed by (in page order), a verdict's due date (the
//! earliest verdicts-due of those pages) and a page's due date and assignee. My work looks
//! these up through one index per read (it scanned every page per item, quadratic on a big
//! desk); this says the index answers as the scan did.

use chrono::{Days, NaiveDate};
use verdict_core::desk::{WorkKind, WorkPlace};
use verdict_core::model::{Comparison, VerdictStatus};
use verdict_core::store::SaveCtx;
use verdict_core::Desk;

fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    verdict_fixtures::generate(
        &mut desk.store(),
        &verdict_fixtures::GenerateOptions {
            tools: 40,
            comparisons: 120,
            reviewers: 6,
            seed: 11,
        },
    )
    .unwrap();
    desk.ensure_profiles().unwrap();
    // Due dates on most pages, some past; an assignee on some.
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut store = desk.store();
    for (i, mut page) in store.comparisons().unwrap().into_iter().enumerate() {
        if i % 5 == 4 {
            continue;
        }
        page.due = start.checked_add_days(Days::new((i * 13 % 700) as u64));
        page.verdicts_due = start.checked_add_days(Days::new((i * 7 % 700) as u64));
        if i % 3 == 0 {
            page.assignee = Some("editor".into());
        }
        store.save_comparison(&SaveCtx::import(), &page).unwrap();
    }
    drop(store);
    (dir, desk)
}

fn quoted(pages: &[&Comparison]) -> String {
    pages
        .iter()
        .map(|c| format!("\u{201c}{}\u{201d}", c.title))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn every_profiles_work_matches_a_scan_of_the_pages() {
    let (_dir, desk) = desk();
    let pages = desk.store().comparisons().unwrap();
    let verdicts = desk.store().verdicts().unwrap();
    let needing = |reviewer: &str, tool: &str| -> Vec<&Comparison> {
        pages
            .iter()
            .filter(|c| c.panel.iter().any(|r| r == reviewer) && c.tools.iter().any(|t| t == tool))
            .collect()
    };
    let mut verdict_items = 0;
    let mut page_items = 0;
    for profile in desk.profiles().unwrap() {
        let work = desk.my_work(&profile.slug).unwrap();
        for item in &work.items {
            match &item.place {
                WorkPlace::Verdict { reviewer, tool } => {
                    verdict_items += 1;
                    let needed = needing(reviewer, tool);
                    assert_eq!(
                        item.due,
                        needed.iter().filter_map(|c| c.verdicts_due).min(),
                        "{item:?}"
                    );
                    match item.kind {
                        WorkKind::AcceptVerdict => {
                            assert!(item.detail.ends_with(&quoted(&needed)), "{item:?}");
                            let v = verdicts
                                .iter()
                                .find(|v| &v.reviewer == reviewer && &v.tool == tool)
                                .unwrap();
                            assert_eq!(v.status, VerdictStatus::Submitted);
                        }
                        WorkKind::WriteVerdict | WorkKind::SubmitVerdict => {
                            assert_eq!(item.detail, format!("Needed by {}", quoted(&needed)));
                        }
                        _ => {}
                    }
                }
                WorkPlace::Comparison { slug } => {
                    page_items += 1;
                    let page = pages.iter().find(|c| &c.slug == slug).unwrap();
                    assert_eq!(item.due, page.due, "{item:?}");
                    assert_eq!(item.assignee, page.assignee, "{item:?}");
                }
                _ => {}
            }
        }
    }
    assert!(
        verdict_items > 20 && page_items > 20,
        "{verdict_items} / {page_items}"
    );
}
