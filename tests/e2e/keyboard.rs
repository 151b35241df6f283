//! Keyboard only (issue 18, item 5): Escape in a field saves and goes back to the list, as
//! the header's "Esc" badge says; Ctrl+K's results are reached with the arrows and opened
//! with Enter.

use thirtyfour::prelude::*;

use super::harness::Desk;
use super::sample::{self, SLUG, TITLE};
use super::steps::{self, text_where};

const DEK: &str = "Written, then Escape.";

#[tokio::test]
async fn escape_in_a_field_saves_and_goes_back_and_search_results_open_by_keyboard() {
    let desk =
        Desk::launch("escape_in_a_field_saves_and_goes_back_and_search_results_open_by_keyboard")
            .await;
    sample::open(&desk, TITLE).await;
    let dek = desk.labelled("Dek").await;
    steps::fill(&desk, &dek, DEK).await;
    steps::press(&dek, Key::Escape).await;
    // Back at the list, which shows the saved dek.
    text_where(
        &desk,
        &format!("comparison-row-{SLUG}"),
        "to show the new dek",
        |t| t.contains(DEK),
    )
    .await;
    let reopened = verdict_core::Desk::open(&desk.data_dir()).expect("the desk opens");
    assert_eq!(
        reopened.comparison(SLUG).unwrap().dek,
        DEK,
        "the dek was saved"
    );

    // Ctrl+K, a word, ArrowDown to the first result, Enter: the page opens.
    let search = desk.testid("search-input").await;
    steps::press(&search, Key::Control + "k").await;
    desk.type_text(&search, "haiku").await;
    let first = desk.testid(&format!("search-hit-comparison-{SLUG}")).await;
    steps::press(&search, Key::Down).await;
    let focused = desk
        .script(
            "return document.activeElement && document.activeElement.dataset.testid",
            vec![],
        )
        .await;
    assert_eq!(
        focused.as_str(),
        first.attr("data-testid").await.unwrap().as_deref(),
        "ArrowDown did not reach the first result"
    );
    steps::press(&first, Key::Enter).await;
    desk.testid("comparison-detail").await;
}
