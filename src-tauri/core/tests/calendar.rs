//! The editorial calendar (issue 31): entries on the days of the member's time zone, across
//! the DST changes of Europe/Berlin (last Sundays of March and October 2027), its filters,
//! and rescheduling through the Schedule action's rules.

use chrono::{DateTime, NaiveDate, Utc};
use verdict_core::desk::{Assignment, CalendarEntryKind, CalendarQuery};
use verdict_core::model::ComparisonStatus;
use verdict_core::workflow::PageAction;
use verdict_core::Desk;

#[path = "support/sample.rs"]
mod sample;

const SAMPLE: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const SECOND: &str = "claude-haiku-open-weights-vs-mistral-small-4";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The sample desk, its page taken back to approved, and a second page approved.
fn desk() -> (tempfile::TempDir, Desk) {
    let (dir, desk) = sample::desk();
    desk.page_action("publisher", SAMPLE, PageAction::Unpublish)
        .unwrap();
    let mut tool = desk.tool("llama-4-scout-quantized").unwrap();
    tool.slug = "mistral-small-4".into();
    tool.name = "Mistral Small 4".into();
    desk.create_tool("editor", &tool).unwrap();
    let mut page = desk.comparison(SAMPLE).unwrap();
    page.slug = SECOND.into();
    page.title = "Haiku vs Mistral".into();
    page.tools = vec!["claude-haiku-open-weights".into(), "mistral-small-4".into()];
    desk.create_comparison("editor", &page).unwrap();
    desk.page_action("editor", SECOND, PageAction::SubmitForReview)
        .unwrap();
    desk.page_action("publisher", SECOND, PageAction::Approve)
        .unwrap();
    (dir, desk)
}

fn query(from: &str, to: &str, tz: &str) -> CalendarQuery {
    CalendarQuery {
        from: day(from),
        to: day(to),
        time_zone: tz.into(),
        person: None,
        status: None,
        category: None,
    }
}

/// (slug, day, time) of each entry of a kind.
fn shown(desk: &Desk, q: &CalendarQuery, kind: CalendarEntryKind) -> Vec<(String, String, String)> {
    desk.calendar(q)
        .unwrap()
        .entries
        .into_iter()
        .filter(|e| e.kind == kind)
        .map(|e| (e.slug, e.day.to_string(), e.time.unwrap_or_default()))
        .collect()
}

fn row(slug: &str, day: &str, time: &str) -> (String, String, String) {
    (slug.into(), day.into(), time.into())
}

#[test]
fn scheduled_pages_fall_on_the_member_s_day_across_the_dst_changes() {
    let (_dir, desk) = desk();
    // 00:30 in Berlin on the night the clocks go forward (CET, +1), and on the night after
    // (CEST, +2): a fixed offset would put the second on the 28th at 23:30.
    desk.page_action(
        "publisher",
        SAMPLE,
        PageAction::Schedule {
            at: at("2027-03-27T23:30:00Z"),
        },
    )
    .unwrap();
    desk.page_action(
        "publisher",
        SECOND,
        PageAction::Schedule {
            at: at("2027-03-28T22:30:00Z"),
        },
    )
    .unwrap();
    let berlin = query("2027-03-28", "2027-03-29", "Europe/Berlin");
    assert_eq!(
        shown(&desk, &berlin, CalendarEntryKind::Scheduled),
        [
            row(SAMPLE, "2027-03-28", "00:30"),
            row(SECOND, "2027-03-29", "00:30"),
        ]
    );
    // The same instants on UTC days: the first is on the 27th, outside these two days.
    let utc = query("2027-03-28", "2027-03-29", "UTC");
    assert_eq!(
        shown(&desk, &utc, CalendarEntryKind::Scheduled),
        [row(SECOND, "2027-03-28", "22:30")]
    );

    // Moved on the calendar to the last Sunday of October at 23:30 Berlin time: CET again.
    let page = desk
        .reschedule(
            "publisher",
            SECOND,
            day("2027-10-31"),
            Some("23:30"),
            "Europe/Berlin",
        )
        .unwrap();
    assert_eq!(page.scheduled_for, Some(at("2027-10-31T22:30:00Z")));
    // Without a time it keeps its wall-clock time (23:30), now in summer time (+2).
    let page = desk
        .reschedule(
            "publisher",
            SECOND,
            day("2027-10-30"),
            None,
            "Europe/Berlin",
        )
        .unwrap();
    assert_eq!(page.scheduled_for, Some(at("2027-10-30T21:30:00Z")));
    let october = query("2027-10-30", "2027-11-01", "Europe/Berlin");
    assert_eq!(
        shown(&desk, &october, CalendarEntryKind::Scheduled),
        [row(SECOND, "2027-10-30", "23:30")]
    );
    // The hour the clocks repeat is its first pass (summer time); the hour they skip is
    // refused, naming the field.
    let page = desk
        .reschedule(
            "publisher",
            SECOND,
            day("2027-10-31"),
            Some("02:30"),
            "Europe/Berlin",
        )
        .unwrap();
    assert_eq!(page.scheduled_for, Some(at("2027-10-31T00:30:00Z")));
    let e = desk
        .reschedule(
            "publisher",
            SECOND,
            day("2027-03-28"),
            Some("02:30"),
            "Europe/Berlin",
        )
        .unwrap_err();
    assert!(e.to_string().starts_with("scheduled_for:"), "{e}");
    assert!(e.to_string().contains("skip"), "{e}");
}

#[test]
fn rescheduling_keeps_the_schedule_action_s_rules() {
    let (_dir, desk) = desk();
    desk.page_action(
        "publisher",
        SECOND,
        PageAction::Schedule {
            at: at("2030-01-10T09:00:00Z"),
        },
    )
    .unwrap();
    // An editor may not; a day in the past is refused with the reason.
    let e = desk
        .reschedule("editor", SECOND, day("2030-01-12"), None, "UTC")
        .unwrap_err();
    assert!(e.to_string().contains("needs the publisher role"), "{e}");
    let e = desk
        .reschedule("publisher", SECOND, day("2020-01-12"), None, "UTC")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "scheduled_for: the publish time must be in the future"
    );
    let e = desk
        .reschedule("publisher", SECOND, day("2030-01-12"), None, "Mars/Olympus")
        .unwrap_err();
    assert!(e.to_string().starts_with("time_zone:"), "{e}");
    assert_eq!(
        desk.comparison(SECOND).unwrap().scheduled_for,
        Some(at("2030-01-10T09:00:00Z"))
    );
    let page = desk
        .reschedule("publisher", SECOND, day("2030-01-12"), None, "UTC")
        .unwrap();
    assert_eq!(page.scheduled_for, Some(at("2030-01-12T09:00:00Z")));
}

#[test]
fn due_dates_published_pages_and_filters() {
    let (_dir, desk) = desk();
    desk.page_action("publisher", SAMPLE, PageAction::Publish)
        .unwrap();
    let published = desk.comparison(SAMPLE).unwrap().published_at.unwrap();
    let today = published.date_naive();
    desk.assign(
        "editor",
        SECOND,
        &Assignment {
            assignee: Some("editor".into()),
            due: Some(today.to_string()),
            verdicts_due: Some("2020-01-02".into()),
        },
    )
    .unwrap();
    let mut q = query(&today.to_string(), &today.to_string(), "UTC");
    let cal = desk.calendar(&q).unwrap();
    let kinds: Vec<_> = cal
        .entries
        .iter()
        .map(|e| (e.kind, e.slug.as_str()))
        .collect();
    assert!(
        kinds.contains(&(CalendarEntryKind::Published, SAMPLE)),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(CalendarEntryKind::PageDue, SECOND)),
        "{kinds:?}"
    );

    // Verdicts due in the past and not published: overdue; shown to a reviewer of the panel.
    let mut past = query("2020-01-01", "2020-01-31", "UTC");
    past.person = Some("devon-dx".into());
    let cal = desk.calendar(&past).unwrap();
    assert_eq!(cal.entries.len(), 1);
    assert_eq!(cal.entries[0].kind, CalendarEntryKind::VerdictsDue);
    assert!(cal.entries[0].overdue);
    past.person = Some("publisher".into());
    assert!(desk.calendar(&past).unwrap().entries.is_empty());

    // By person (the assignee), status and category.
    q.person = Some("editor".into());
    let slugs: Vec<_> = desk
        .calendar(&q)
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.slug)
        .collect();
    assert_eq!(slugs, [SECOND]);
    q.person = None;
    q.status = Some(ComparisonStatus::Published);
    let slugs: Vec<_> = desk
        .calendar(&q)
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.slug)
        .collect();
    assert_eq!(slugs, [SAMPLE]);
    q.status = None;
    let category = desk.tool("mistral-small-4").unwrap().category;
    q.category = Some(category.to_uppercase());
    assert_eq!(desk.calendar(&q).unwrap().entries.len(), 2);
    q.category = Some("No Such Category".into());
    assert!(desk.calendar(&q).unwrap().entries.is_empty());

    // A bad range or zone is refused naming the field.
    let e = desk
        .calendar(&query("2027-01-10", "2027-01-01", "UTC"))
        .unwrap_err();
    assert!(e.to_string().starts_with("to:"), "{e}");
    let e = desk
        .calendar(&query("2027-01-01", "2027-01-10", "Berlin"))
        .unwrap_err();
    assert!(e.to_string().starts_with("time_zone:"), "{e}");
}
