//! Stale pages and where a page is live (issue 18, items 1 and 2): a fresh desk's sample is
//! published on no target and says so; the editor changes its dek and it goes stale; the
//! publisher adds a folder target and publishes all changed pages, and Stale clears because
//! the only target holding the page now has its current version.

use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

use super::harness::Desk;
use super::sample::{self, SLUG, TITLE};
use super::steps::{self, click, text_is, text_where};

const DEK: &str = "A new dek, written after the page was published.";

#[tokio::test]
async fn publishing_a_changed_page_to_a_folder_target_clears_stale_and_says_where_it_is_live() {
    let desk = Desk::launch(
        "publishing_a_changed_page_to_a_folder_target_clears_stale_and_says_where_it_is_live",
    )
    .await;
    let site = tempfile::tempdir().expect("a folder for the site");
    let row_live = format!("row-live-{SLUG}");
    let row = format!("comparison-row-{SLUG}");

    // Published, but on no target: the list says so, and it is not stale.
    text_is(&desk, &row_live, "On no target yet").await;
    let badge_stale = |desk: &Desk| {
        let css = format!("[data-testid=\"{row}\"] [data-testid=\"stale-badge\"]");
        let desk_session = desk.session().clone();
        async move {
            !desk_session
                .find_all(By::Css(css))
                .await
                .unwrap()
                .is_empty()
        }
    };
    assert!(
        !badge_stale(&desk).await,
        "the sample is stale on a fresh desk"
    );

    // The editor changes the dek: stale.
    sample::open(&desk, TITLE).await;
    steps::fill(&desk, &desk.labelled("Dek").await, DEK).await;
    text_is(&desk, "save-state", "Saved").await;
    text_where(&desk, "live-on", "to say it is on no target", |t| {
        t.starts_with("On no publishing target")
    })
    .await;
    click(&desk, "back-button").await;
    desk.testid("stale-badge").await;

    // The publisher adds a folder target and publishes every changed page.
    steps::work_as(&desk, "publisher", "Publisher").await;
    steps::open_screen(&desk, "publishing").await;
    // The sample's base URL is a placeholder: the screen says so before anything is sent
    // (issue 18, item 7).
    text_where(&desk, "publish-warning", "to name the placeholder", |t| {
        t.contains("https://verdicts.example.com") && t.contains("Settings")
    })
    .await;
    steps::fill(&desk, &desk.labelled("Name").await, "site").await;
    SelectElement::new(&desk.labelled("Kind").await)
        .await
        .expect("the kind is a <select>")
        .select_by_value("folder")
        .await
        .expect("the folder kind can be chosen");
    steps::fill(
        &desk,
        &desk.labelled("Folder path").await,
        &site.path().display().to_string(),
    )
    .await;
    click(&desk, "save-target").await;
    click(&desk, "publish-all").await;
    text_is(&desk, "publish-plan", "1 queued to send, 0 unchanged").await;
    desk.testid("queue-empty").await;
    let page = site.path().join(format!("compare/{SLUG}/index.html"));
    let html = std::fs::read_to_string(&page).expect("the folder holds the page");
    assert!(html.contains(DEK), "the page file has the new dek");

    // The list no longer says Stale, and names where the page is live; a reload agrees.
    steps::open_screen(&desk, "comparisons").await;
    text_is(&desk, &row_live, "Live on site").await;
    assert!(!badge_stale(&desk).await, "still stale after publishing");
    click(&desk, "reload-button").await;
    text_is(&desk, &row_live, "Live on site").await;
    assert!(!badge_stale(&desk).await, "stale again after Reload");

    // And the page's own Publish has nothing to send.
    steps::open_screen(&desk, "publishing").await;
    click(&desk, "publish-all").await;
    text_is(&desk, "publish-plan", "0 queued to send, 1 unchanged").await;
}
