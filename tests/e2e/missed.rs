//! A missed schedule in the real app: a page scheduled for two hours ago, while the desk was
//! closed. When the app opens, the publisher's My work names it first, saying it went out
//! late and by how much, and its button leads to the Publishing screen.

use super::harness::{until, Desk, WAIT};
use super::sample::{SLUG, TITLE};
use super::steps::{self, click};

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
    let desk = Desk::launch_prepared("missed_schedule", &[], prepare).await;
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
}
