//! Planning together on a team desk (issue 31), two real apps on a private PostgreSQL, as the
//! other team journeys: a publisher moves a scheduled page to the next day from the keyboard
//! (M, an arrow, Enter: the drag's keyboard alternative) and the editor's calendar, open in
//! the other app, shows it on its new day without a reload; and a member who opens a page
//! the other has open shows in that page's header within 2 s.

use std::time::Instant;

use chrono::{Duration, NaiveDate, NaiveTime, Utc};
use thirtyfour::prelude::*;

use super::harness::{until, Desk, WAIT};
use super::sample::SLUG;
use super::steps::{self, click};
use super::team_desks::{join, launch_member, start_team, synced};
use super::team_support::{self, team_url};

/// The sample page, taken back from published and scheduled for 09:00 UTC on `day`.
fn schedule(data: &std::path::Path, day: NaiveDate) {
    use verdict_core::workflow::PageAction;
    let desk = verdict_core::Desk::open(data).expect("the desk opens");
    desk.seed_sample_if_empty().expect("the sample loads");
    desk.ensure_profiles().expect("the profiles");
    desk.page_action("publisher", SLUG, PageAction::Unpublish)
        .expect("the sample goes back to approved");
    let at = day
        .and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap())
        .and_utc();
    desk.page_action("publisher", SLUG, PageAction::Schedule { at })
        .expect("the sample is scheduled");
}

/// The cell of `day` in the open calendar.
async fn cell(desk: &Desk, day: NaiveDate) -> WebElement {
    desk.session()
        .find(By::Css(format!(
            "[data-testid=\"calendar-day\"][data-day=\"{day}\"]"
        )))
        .await
        .unwrap_or_else(|e| panic!("the calendar shows {day}: {e}"))
}

/// Waits until the open calendar shows the sample's scheduled entry on `day`.
async fn scheduled_on(desk: &Desk, day: NaiveDate) {
    let want = day.to_string();
    until(
        &format!("the calendar to show the page on {day}"),
        WAIT,
        || {
            let want = want.clone();
            async move {
                let found = desk
                    .script(
                        "const e = document.querySelector(\
                           `[data-testid=\"calendar-entry\"][data-kind=\"scheduled\"][data-slug=\"${arguments[0]}\"]`); \
                         return e ? e.closest('[data-day]').dataset.day : null",
                        vec![serde_json::json!(SLUG)],
                    )
                    .await;
                match found.as_str() {
                    Some(d) if d == want => Ok(()),
                    other => Err(format!("it is on {other:?}")),
                }
            }
        },
    )
    .await;
}

#[tokio::test]
async fn a_page_the_publisher_moves_on_the_calendar_moves_in_the_editors_app() {
    static MEMBERS: &[team_support::MemberSpec<'static>] =
        &[("ines", &["editor"], None), ("pat", &["publisher"], None)];
    let pg = start_team(MEMBERS);
    let url = team_url(&pg);
    let name = "a_page_the_publisher_moves_on_the_calendar_moves_in_the_editors_app";
    let day = (Utc::now() + Duration::days(2)).date_naive();
    let next = day + Duration::days(1);
    let editor = launch_member(None, &format!("{name}-ines"), "ines", |data| {
        schedule(data, day);
        join(data, &url, "ines", true);
    })
    .await;
    let publisher = launch_member(Some(&editor), &format!("{name}-pat"), "pat", |data| {
        join(data, &url, "pat", false)
    })
    .await;
    synced(&editor).await;
    synced(&publisher).await;
    for desk in [&editor, &publisher] {
        steps::open_screen(desk, "calendar").await;
        scheduled_on(desk, day).await;
    }

    // Pat picks the page up from the keyboard and drops it on the next day.
    steps::press(&cell(&publisher, day).await, "m").await;
    steps::text_where(
        &publisher,
        "calendar-notice",
        "to say the page is carried",
        |t| t.starts_with("Moving"),
    )
    .await;
    steps::press(&cell(&publisher, day).await, Key::Right).await;
    steps::press(&cell(&publisher, next).await, Key::Enter).await;
    scheduled_on(&publisher, next).await;

    // Ines's calendar, open all along, follows through the team.
    scheduled_on(&editor, next).await;
    drop(publisher);
    drop(editor);
    drop(pg);
}

/// Opens the sample page in its editor.
async fn open_page(desk: &Desk) {
    steps::open_screen(desk, "comparisons").await;
    click(desk, &format!("comparison-row-{SLUG}")).await;
    desk.testid("page-preview").await;
}

/// What the open page's header says of who else is there ("" when nobody).
async fn also_here(desk: &Desk) -> String {
    desk.script(
        "const g = document.querySelector('[data-testid=\"comparison-detail\"] [data-testid=\"presence-avatars\"]'); \
         return g ? g.getAttribute('aria-label') : ''",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[tokio::test]
async fn a_member_who_opens_the_same_page_shows_in_its_header_within_two_seconds() {
    static MEMBERS: &[team_support::MemberSpec<'static>] =
        &[("ines", &["editor"], None), ("pat", &["publisher"], None)];
    let pg = start_team(MEMBERS);
    let url = team_url(&pg);
    let name = "a_member_who_opens_the_same_page_shows_in_its_header_within_two_seconds";
    let ines = launch_member(None, &format!("{name}-ines"), "ines", |data| {
        let desk = verdict_core::Desk::open(data).expect("the desk opens");
        desk.seed_sample_if_empty().expect("the sample loads");
        drop(desk);
        join(data, &url, "ines", true);
    })
    .await;
    let pat = launch_member(Some(&ines), &format!("{name}-pat"), "pat", |data| {
        join(data, &url, "pat", false)
    })
    .await;
    synced(&ines).await;
    synced(&pat).await;
    open_page(&ines).await;
    assert_eq!(also_here(&ines).await, "", "nobody else is on the page yet");

    // Pat opens the same page: Ines's header names Pat within 2 s of Pat's editor showing.
    open_page(&pat).await;
    let shown = Instant::now();
    let ines_ref = &ines;
    let seen = until("Pat to show in Ines's header", WAIT, move || async move {
        let said = also_here(ines_ref).await;
        if said.to_lowercase().contains("pat") {
            Ok(said)
        } else {
            Err(format!("it says {said:?}"))
        }
    })
    .await;
    let took = shown.elapsed();
    eprintln!("presence: Pat shown on Ines's page {took:?} after Pat's editor opened ({seen})");
    assert!(
        took <= std::time::Duration::from_secs(2),
        "Pat showed after {took:?}, not within 2 s"
    );
    // And the other way round: Pat sees Ines.
    let pat_ref = &pat;
    until("Ines to show in Pat's header", WAIT, move || async move {
        let said = also_here(pat_ref).await;
        if said.to_lowercase().contains("ines") {
            Ok(())
        } else {
            Err(format!("it says {said:?}"))
        }
    })
    .await;
    drop(pat);
    drop(ines);
    drop(pg);
}
