//! The README's screenshots, taken from the real app:
//!
//! ```text
//! npm --prefix ui run build
//! VERDICT_E2E_SCREENSHOTS=docs/screenshots cargo test --workspace \
//!   --features verdict-desk/custom-protocol --test e2e screenshots -- --ignored
//! ```
//!
//! (The team screens, My work and Publishing are written by their own journeys with the same
//! variable.) Ignored in the ordinary run: it checks nothing the other journeys do not.

use super::harness::{until, Desk, WAIT};
use super::sample::{HAIKU, SLUG};
use super::steps::{self, click};
use super::work::shot;

#[tokio::test]
#[ignore = "writes the README's screenshots; run with VERDICT_E2E_SCREENSHOTS=<dir>"]
async fn readme_screenshots() {
    let Some(dir) = std::env::var_os("VERDICT_E2E_SCREENSHOTS").map(std::path::PathBuf::from)
    else {
        panic!("set VERDICT_E2E_SCREENSHOTS to the folder the screenshots go to");
    };
    let desk = Desk::launch_prepared("readme_screenshots", &[], super::work::prepare).await;

    steps::open_screen(&desk, "comparisons").await;
    desk.testid(&format!("comparison-row-{SLUG}")).await;
    shot(&desk, &dir, "comparisons.png").await;

    click(&desk, &format!("comparison-row-{SLUG}")).await;
    desk.testid("page-preview").await;
    shot(&desk, &dir, "comparison-editor.png").await;
    click(&desk, "preview-width-phone").await;
    shot(&desk, &dir, "comparison-editor-phone.png").await;
    click(&desk, "preview-width-desktop").await;

    // The dek changes; the published page goes stale; the history shows the change.
    let dek = desk
        .session()
        .find(thirtyfour::By::Id("ed-dek"))
        .await
        .expect("the dek field");
    steps::fill(
        &desk,
        &dek,
        "Which one should you ship with? The panel, the price and the crowd, side by side.",
    )
    .await;
    click(&desk, "history-button").await;
    let history = &desk.testid("history-section").await;
    until(
        "the history to show the new revision",
        WAIT,
        move || async move {
            let text = history.text().await.map_err(|e| e.to_string())?;
            if text.contains("Revision 2") {
                Ok(())
            } else {
                Err(format!("it reads {text:?}"))
            }
        },
    )
    .await;
    shot(&desk, &dir, "history.png").await;
    click(&desk, "back-button").await;

    steps::open_screen(&desk, "tools").await;
    click(&desk, &format!("tool-open-{HAIKU}")).await;
    desk.testid("tool-field-tagline").await;
    shot(&desk, &dir, "tool-editor.png").await;

    steps::open_screen(&desk, "reviewers").await;
    desk.testid("reviewers-panel-panel").await;
    shot(&desk, &dir, "reviewers.png").await;
    click(&desk, "reviewers-tab-coverage").await;
    desk.testid("reviewers-panel-coverage").await;
    shot(&desk, &dir, "coverage.png").await;

    // Devon writes the verdict My work asks of them.
    steps::work_as(&desk, "devon-dx", "Devon Reyes").await;
    steps::open_screen(&desk, "work").await;
    click(&desk, "work-open").await;
    desk.testid("verdict-quote").await;
    shot(&desk, &dir, "verdict-form.png").await;

    steps::work_as(&desk, "editor", "Editor").await;
    steps::open_screen(&desk, "settings").await;
    desk.testid("settings-profiles").await;
    shot(&desk, &dir, "settings.png").await;
    click(&desk, "appearance-dark").await;
    steps::open_screen(&desk, "comparisons").await;
    click(&desk, &format!("comparison-row-{SLUG}")).await;
    desk.testid("page-preview").await;
    shot(&desk, &dir, "comparison-editor-dark.png").await;
    steps::open_screen(&desk, "settings").await;
    click(&desk, "appearance-system").await;
}
