//! Assignments and due dates on a desk alone (issue 31): who may assign, what is refused
//! (naming the field), the history they leave, and My work sorted by due date with overdue
//! work marked.

use chrono::{Days, Utc};
use verdict_core::desk::{Assignment, WorkKind, WorkPlace};
use verdict_core::model::EntityKind;
use verdict_core::workflow::{Profile, Role};
use verdict_core::{Desk, DeskError, StoreError};

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    desk.save_profile(&Profile {
        slug: "ed-two".into(),
        name: "Ed Two".into(),
        roles: vec![Role::Editor],
        reviewer: None,
    })
    .unwrap();
    (dir, desk)
}

fn assign(assignee: Option<&str>, due: Option<&str>, verdicts_due: Option<&str>) -> Assignment {
    Assignment {
        assignee: assignee.map(Into::into),
        due: due.map(Into::into),
        verdicts_due: verdicts_due.map(Into::into),
    }
}

/// The fields a refusal names.
fn fields(e: DeskError) -> Vec<String> {
    match e {
        DeskError::Store(StoreError::Invalid(problems)) => {
            problems.into_iter().map(|p| p.field).collect()
        }
        other => panic!("expected a field problem, got {other}"),
    }
}

#[test]
fn an_editor_or_publisher_assigns_and_it_is_kept_in_history() {
    let (_dir, desk) = desk();
    let page = desk
        .assign(
            "editor",
            SLUG,
            &assign(Some("ed-two"), Some("2026-12-24"), Some("2026-12-20")),
        )
        .unwrap();
    assert_eq!(page.assignee.as_deref(), Some("ed-two"));
    assert_eq!(page.due.unwrap().to_string(), "2026-12-24");
    let stored = desk.comparison(SLUG).unwrap();
    assert_eq!(stored.verdicts_due.unwrap().to_string(), "2026-12-20");

    // A publisher moves the due date; only the field given changes.
    let page = desk
        .assign("publisher", SLUG, &assign(None, Some("2027-01-05"), None))
        .unwrap();
    assert_eq!(page.assignee.as_deref(), Some("ed-two"));
    assert_eq!(page.due.unwrap().to_string(), "2027-01-05");

    let history = desk.history_view(EntityKind::Comparison, SLUG).unwrap();
    let newest = &history[0];
    assert_eq!(newest.author.as_deref(), Some("publisher"));
    let due = newest.changes.iter().find(|c| c.field == "due").unwrap();
    assert_eq!(due.before.as_deref(), Some("2026-12-24"));
    assert_eq!(due.after.as_deref(), Some("2027-01-05"));
    assert!(history[1].changes.iter().any(|c| c.field == "assignee"));

    // An empty text clears.
    let page = desk
        .assign("editor", SLUG, &assign(Some(""), Some(""), None))
        .unwrap();
    assert_eq!((page.assignee, page.due), (None, None));
}

#[test]
fn refusals_name_the_field_or_the_role() {
    let (_dir, desk) = desk();
    let e = desk
        .assign("editor", SLUG, &assign(None, Some("24/12/2026"), None))
        .unwrap_err();
    assert!(e.to_string().contains("YYYY-MM-DD"), "{e}");
    assert_eq!(fields(e), ["due"]);
    let e = desk
        .assign("editor", SLUG, &assign(None, None, Some("2026-02-30")))
        .unwrap_err();
    assert_eq!(fields(e), ["verdicts_due"]);
    // A reviewer or a publisher does not hold pages: an editor does.
    let e = desk
        .assign("editor", SLUG, &assign(Some("publisher"), None, None))
        .unwrap_err();
    assert!(e.to_string().contains("not an editor"), "{e}");
    assert_eq!(fields(e), ["assignee"]);
    let e = desk
        .assign("editor", SLUG, &assign(Some("nobody"), None, None))
        .unwrap_err();
    assert_eq!(fields(e), ["assignee"]);
    // A reviewer may not assign.
    let e = desk
        .assign("devon-dx", SLUG, &assign(Some("editor"), None, None))
        .unwrap_err();
    assert!(e.to_string().contains("editor or publisher role"), "{e}");
    // The editor form's save checks the assignee the same way.
    let mut page = desk.comparison(SLUG).unwrap();
    page.assignee = Some("devon-dx".into());
    let e = desk.save_comparison("editor", &page).unwrap_err();
    assert_eq!(fields(e), ["assignee"]);
    // Nothing was changed by any of these.
    let stored = desk.comparison(SLUG).unwrap();
    assert_eq!((stored.assignee, stored.due), (None, None));
}

#[test]
fn my_work_sorts_by_due_date_and_marks_overdue_work() {
    let (_dir, desk) = desk();
    let today = Utc::now().date_naive();
    let yesterday = today.checked_sub_days(Days::new(1)).unwrap().to_string();
    let next_week = today.checked_add_days(Days::new(7)).unwrap().to_string();
    // Two drafts for the editor, both showing a new tool: one due next week, one yesterday.
    let mut tool = desk.tool("llama-4-scout-quantized").unwrap();
    tool.slug = "mistral".into();
    tool.name = "Mistral".into();
    desk.create_tool("editor", &tool).unwrap();
    let mut page = desk.comparison(SLUG).unwrap();
    for (slug, other) in [
        ("page-a", "claude-haiku-open-weights"),
        ("page-b", "llama-4-scout-quantized"),
    ] {
        page.slug = slug.into();
        page.title = slug.into();
        page.tools = vec![other.into(), "mistral".into()];
        desk.create_comparison("editor", &page).unwrap();
    }
    desk.assign(
        "editor",
        "page-a",
        &assign(Some("editor"), Some(&next_week), None),
    )
    .unwrap();
    desk.assign(
        "editor",
        "page-b",
        &assign(Some("ed-two"), Some(&yesterday), Some(&yesterday)),
    )
    .unwrap();

    let work = desk.my_work("editor").unwrap();
    let pages: Vec<_> = work
        .items
        .iter()
        .filter(|i| i.kind == WorkKind::FinishPage)
        .map(|i| (i.place.clone(), i.overdue, i.assignee.clone()))
        .collect();
    let place = |s: &str| WorkPlace::Comparison { slug: s.into() };
    assert_eq!(
        pages,
        [
            (place("page-b"), true, Some("ed-two".to_string())),
            (place("page-a"), false, Some("editor".to_string())),
        ]
    );
    // What is due comes before what is not.
    assert_eq!(work.items[0].place, place("page-b"));

    // A reviewer's verdict on the second page's new tool is due when its verdicts are.
    let work = desk.my_work("devon-dx").unwrap();
    let first = &work.items[0];
    assert_eq!(first.kind, WorkKind::WriteVerdict);
    assert_eq!(
        first.place,
        WorkPlace::Verdict {
            reviewer: "devon-dx".into(),
            tool: "mistral".into()
        }
    );
    assert_eq!(first.due.unwrap().to_string(), yesterday);
    assert!(first.overdue);
}
