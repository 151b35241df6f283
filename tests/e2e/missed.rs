//! A missed schedule in the real app: a page scheduled for two hours ago, while the desk was
//! closed. When the app opens, the publisher's My work names it first, saying it went out
//! late and by how much, and its button leads to the Publishing screen. While the app's
//! window has the focus no desktop notification is raised; once the publisher switches to
//! another program, one is, naming the page, through a real notification server (dunst) on
//! a private session bus, and only once: not again on the next looks. Clicking it (a real
//! click on dunst's window) opens its place, the Publishing screen, wherever the app was.

use std::time::Duration;

#[path = "notify.rs"]
pub mod notify;

use super::harness::{until, Desk, WAIT};
use super::sample::{SLUG, TITLE};
use super::steps::{self, click};
use notify::Notifications;

/// How often the app looks for notices in this journey (VERDICT_NOTICE_TICK_MS).
const TICK_MS: u64 = 300;

fn prepare(data: &std::path::Path) {
    use chrono::{Duration, Utc};
    use verdict_core::model::ComparisonStatus;
    use verdict_core::store::SaveCtx;

    let desk = verdict_core::Desk::open(data).expect("the desk opens");
    desk.seed_sample_if_empty().expect("the sample loads");
    desk.ensure_profiles().expect("the profiles");
    // The sample's prices stay fresh: no Recheck task joins the list this journey reads.
    let mut site = desk.site().expect("the site");
    site.price_recheck_days = Some(3650);
    site.facts_recheck_days = Some(3650);
    desk.save_site("editor", &site).expect("the site is saved");
    let mut page = desk.comparison(SLUG).expect("the sample page");
    page.status = ComparisonStatus::Scheduled;
    page.scheduled_for = Some(Utc::now() - Duration::hours(2));
    page.published_at = None;
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .expect("the page is scheduled for two hours ago");
}

#[tokio::test]
async fn a_schedule_missed_while_the_app_was_closed_is_the_publishers_first_item() {
    let mut notifications = Notifications::start();
    let tick = TICK_MS.to_string();
    let env = [
        ("DBUS_SESSION_BUS_ADDRESS", notifications.address()),
        ("VERDICT_NOTICE_TICK_MS", tick.as_str()),
    ];
    let desk = Desk::launch_prepared("missed_schedule", &env, prepare).await;
    notifications.serve_on(desk.display_name());
    steps::work_as(&desk, "publisher", "Publisher").await;
    steps::open_screen(&desk, "work").await;
    let want = format!("Missed schedule: \u{201c}{TITLE}\u{201d}");
    until("My work to name the missed schedule first", WAIT, || {
        let want = want.clone();
        let desk = &desk;
        async move {
            let v = desk
                .script(
                    "const i = document.querySelector('[data-testid=\"work-item\"]'); \
                     return i ? i.innerText : ''",
                    vec![],
                )
                .await;
            let text = v.as_str().unwrap_or_default().to_string();
            if text.contains(&want) && text.contains("late") {
                Ok(())
            } else {
                Err(format!("the first item reads {text:?}"))
            }
        }
    })
    .await;
    click(&desk, "work-open").await;
    steps::current_screen(&desk, "publishing").await;
    // Back to My work: the notification's click has somewhere to lead from.
    steps::open_screen(&desk, "work").await;

    // Looking at the desk all along (several looks of the app): nothing was raised.
    assert_eq!(
        notifications.raised(),
        vec![],
        "no notification while the window has the focus"
    );

    notifications.look_away(&desk);
    let raised = until("the missed schedule's notification", WAIT, || {
        let notifications = &notifications;
        async move {
            match notifications.raised().as_slice() {
                [] => Err("nothing raised yet".to_string()),
                raised => Ok(raised.to_vec()),
            }
        }
    })
    .await;
    assert_eq!(raised.len(), 1, "one notification: {raised:?}");
    assert_eq!(raised[0].summary, want, "{raised:?}");
    assert!(
        raised[0].body.contains("is not published") && raised[0].body.contains("late"),
        "the text says how late: {raised:?}"
    );
    until("dunst to show it", WAIT, || {
        let notifications = &notifications;
        async move {
            match notifications.displayed()? {
                1 => Ok(()),
                n => Err(format!("dunst shows {n}")),
            }
        }
    })
    .await;
    // Raised once: the app looks again every tick; several ticks later it is still one.
    tokio::time::sleep(Duration::from_millis(TICK_MS * 5)).await;
    let again = notifications.raised();
    assert_eq!(again.len(), 1, "raised once, not on every look: {again:?}");

    // A click on it runs its default action, which the app answers by opening the place.
    assert_eq!(
        desk.script("return document.hasFocus()", vec![]).await,
        serde_json::json!(false),
        "the other program has the focus until the click"
    );
    notifications.click(&desk);
    let invoked = until("dunst to report the click", WAIT, || {
        let notifications = &notifications;
        async move {
            match notifications.invoked() {
                invoked if invoked.is_empty() => Err("no action invoked yet".to_string()),
                invoked => Ok(invoked),
            }
        }
    })
    .await;
    assert_eq!(
        invoked,
        ["default"],
        "one click, the notification's default action"
    );
    steps::current_screen(&desk, "publishing").await;
    // And the app's window is brought forward: it has the keyboard focus again.
    until("the app's window to take the focus back", WAIT, || {
        let desk = &desk;
        async move {
            match desk.script("return document.hasFocus()", vec![]).await {
                serde_json::Value::Bool(true) => Ok(()),
                other => Err(format!("document.hasFocus() is {other}")),
            }
        }
    })
    .await;
    until("the clicked notification to close", WAIT, || {
        let notifications = &notifications;
        async move {
            match notifications.displayed()? {
                0 => Ok(()),
                n => Err(format!("dunst shows {n}")),
            }
        }
    })
    .await;
}
