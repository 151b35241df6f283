//! Facts due on the editorial calendar (issue 31): each fact of a tool a page shows falls on
//! the day its check runs out (checked on + the site's window), opens the tool, is overdue
//! once that day has passed, and follows the calendar's filters.

use chrono::{Duration, NaiveDate, Utc};
use verdict_core::desk::{Assignment, CalendarEntry, CalendarEntryKind, CalendarQuery};
use verdict_core::model::ComparisonStatus;
use verdict_core::Desk;

#[path = "support/sample.rs"]
mod sample;
use sample::desk;

const SAMPLE: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const SCOUT: &str = "llama-4-scout-quantized";

fn month(from: NaiveDate, to: NaiveDate) -> CalendarQuery {
    CalendarQuery {
        from,
        to,
        time_zone: "UTC".into(),
        person: None,
        status: None,
        category: None,
    }
}

fn facts(desk: &Desk, q: &CalendarQuery) -> Vec<CalendarEntry> {
    desk.calendar(q)
        .unwrap()
        .entries
        .into_iter()
        .filter(|e| e.kind == CalendarEntryKind::FactDue)
        .collect()
}

#[test]
fn a_fact_falls_on_the_day_its_check_runs_out_and_opens_its_tool() {
    let (_dir, desk) = desk();
    let today = Utc::now().date_naive();
    let mut site = desk.site().unwrap();
    site.price_recheck_days = Some(30);
    site.facts_recheck_days = Some(90);
    desk.save_site("editor", &site).unwrap();
    // Scout's price was checked 20 days ago (due in 10 days), its license 100 days ago
    // (due 10 days ago: overdue); Haiku's price 20 days ago too. Nothing else is dated.
    for slug in [SCOUT, "claude-haiku-open-weights"] {
        let mut tool = desk.tool(slug).unwrap();
        tool.pricing_checked_on = Some(today - Duration::days(20));
        tool.facts.license.checked_on = None;
        tool.facts.release_date.checked_on = None;
        tool.facts.weights.checked_on = None;
        tool.facts.docs.checked_on = None;
        if slug == SCOUT {
            tool.facts.license.source = Some("https://example.org/license".into());
            tool.facts.license.checked_on = Some(today - Duration::days(100));
        }
        desk.save_tool("editor", &tool).unwrap();
    }
    let q = month(today - Duration::days(15), today + Duration::days(15));
    let mut got: Vec<(String, String, NaiveDate, bool, bool)> = facts(&desk, &q)
        .into_iter()
        .map(|e| (e.slug, e.title, e.day, e.overdue, e.status.is_none()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            (
                "claude-haiku-open-weights".into(),
                "Recheck Claude Haiku Open Weights's price".into(),
                today + Duration::days(10),
                false,
                true
            ),
            (
                SCOUT.into(),
                "Recheck Llama 4 Scout Quantized's license".into(),
                today - Duration::days(10),
                true,
                true
            ),
            (
                SCOUT.into(),
                "Recheck Llama 4 Scout Quantized's price".into(),
                today + Duration::days(10),
                false,
                true
            ),
        ]
    );

    // A range that holds none of those days shows none; a wider window moves the price.
    let later = month(today + Duration::days(11), today + Duration::days(40));
    assert!(facts(&desk, &later).is_empty());
    site.price_recheck_days = Some(45);
    desk.save_site("editor", &site).unwrap();
    let prices: Vec<NaiveDate> = facts(&desk, &later).into_iter().map(|e| e.day).collect();
    assert_eq!(prices, vec![today + Duration::days(25); 2]);

    // Checking the price again moves it out of the range.
    let mut scout = desk.tool(SCOUT).unwrap();
    scout.pricing_checked_on = Some(today);
    desk.save_tool("editor", &scout).unwrap();
    let left: Vec<String> = facts(&desk, &later).into_iter().map(|e| e.slug).collect();
    assert_eq!(left, vec!["claude-haiku-open-weights".to_string()]);
}

#[test]
fn facts_follow_the_calendar_s_filters() {
    let (_dir, desk) = desk();
    let today = Utc::now().date_naive();
    let mut tool = desk.tool(SCOUT).unwrap();
    tool.pricing_checked_on = Some(today - Duration::days(30));
    desk.save_tool("editor", &tool).unwrap();
    let base = month(today - Duration::days(3), today + Duration::days(3));
    let scout = |q: &CalendarQuery| {
        facts(&desk, q)
            .into_iter()
            .filter(|e| e.slug == SCOUT)
            .count()
    };
    assert_eq!(scout(&base), 1, "due today with the default 30-day window");

    // A status filter names pages' states: facts have none.
    let q = CalendarQuery {
        status: Some(ComparisonStatus::Published),
        ..base.clone()
    };
    assert_eq!(scout(&q), 0);

    // The category is the tool's.
    let category = tool.category.clone();
    let q = CalendarQuery {
        category: Some(category.to_uppercase()),
        ..base.clone()
    };
    assert_eq!(scout(&q), 1);
    let q = CalendarQuery {
        category: Some("no such category".into()),
        ..base.clone()
    };
    assert_eq!(scout(&q), 0);

    // A person sees the facts of the pages they hold.
    let q = CalendarQuery {
        person: Some("editor".into()),
        ..base.clone()
    };
    assert_eq!(scout(&q), 0, "the editor holds no page yet");
    desk.assign(
        "editor",
        SAMPLE,
        &Assignment {
            assignee: Some("editor".into()),
            due: None,
            verdicts_due: None,
        },
    )
    .unwrap();
    assert_eq!(scout(&q), 1);
}
