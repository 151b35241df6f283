//! From a new tool to a comparison page: an editor creates the tool, reviewers write their
//! verdicts on it, the editor accepts them, and the page's panel figure follows them.

use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

use super::harness::{until, Desk, WAIT};
use super::sample::{self, LLAMA};
use super::steps::{self, click, panel_figure, text_is};

/// The new tool, and the slug the desk makes of its name.
const TOOL_NAME: &str = "Orca Mini Local";
const TOOL: &str = "orca-mini-local";
const LLAMA_NAME: &str = "Llama 4 Scout Quantized";
const PAGE_TITLE: &str = "Orca Mini Local vs Llama 4 Scout Quantized";

#[tokio::test]
async fn a_new_tools_verdicts_set_its_panel_figure_on_a_new_comparison() {
    let desk = Desk::launch("a_new_tools_verdicts_set_its_panel_figure_on_a_new_comparison").await;

    // The editor creates the tool (a name is all it needs; the slug follows the name).
    text_is(&desk, "current-profile", "Editor").await;
    steps::open_screen(&desk, "tools").await;
    click(&desk, "tool-new").await;
    desk.type_text(&desk.labelled("Name").await, TOOL_NAME)
        .await;
    let slug = desk.labelled("Slug").await;
    until("the slug to follow the name", WAIT, || async {
        match slug.value().await.map_err(|e| e.to_string())?.as_deref() {
            Some(TOOL) => Ok(()),
            other => Err(format!("it holds {other:?}")),
        }
    })
    .await;
    click(&desk, "tool-create").await;
    text_is(&desk, "tool-save-state", "Saved").await;

    // Devon, a reviewer, ships it; the editor accepts.
    verdict(
        &desk,
        ("devon-dx", "Devon Reyes"),
        "Ship",
        "Small, local, and it just runs.",
    )
    .await;

    // The editor compares it with an existing tool: Comparisons, Ctrl+N.
    steps::open_screen(&desk, "comparisons").await;
    let nav = desk.testid("nav-comparisons").await;
    steps::press(&nav, Key::Control + "n").await;
    desk.testid("new-comparison").await;
    desk.type_text(&desk.testid("nc-title").await, PAGE_TITLE)
        .await;
    desk.labelled(TOOL_NAME).await.click().await.unwrap();
    desk.labelled(LLAMA_NAME).await.click().await.unwrap();
    click(&desk, "nc-create").await;
    desk.testid("comparison-detail").await;
    let page = desk
        .text(&desk.testid("comparison-slug").await)
        .await
        .unwrap();
    sample::preview_containing(&desk, &format!("<h1>{PAGE_TITLE}</h1>")).await;

    // Devon is on the page's panel and the only one with an accepted verdict on the tool:
    // 1 of 1 ships.
    desk.testid("panel-item-devon-dx").await;
    panel_shows(&desk, "100%", "1 of 1 reviewers ship").await;

    // The editor sends the page to review. A reviewer cannot approve it: the step is
    // there, disabled, and the bar names the role that approves.
    click(&desk, "action-submit_for_review").await;
    desk.testid("action-approve").await;
    steps::work_as(&desk, "marcus-business", "Marcus Hale").await;
    let approve = desk.testid("action-approve").await;
    assert!(
        !approve.is_enabled().await.unwrap(),
        "a reviewer may approve"
    );
    steps::text_where(&desk, "workflow-hint", "to name the publisher role", |t| {
        t.starts_with("Publishers approve pages")
    })
    .await;

    // Marcus skips the tool; once the editor accepts, the page says 1 of 2: 50%.
    verdict(
        &desk,
        ("marcus-business", "Marcus Hale"),
        "Skip",
        "Nobody pays for this.",
    )
    .await;
    steps::open_screen(&desk, "comparisons").await;
    let figure = desk.testid(&format!("row-panel-ship-{page}-{TOOL}")).await;
    assert_eq!(
        desk.text(&figure).await.unwrap(),
        "50%",
        "the list's figure"
    );
    desk.testid(&format!("comparison-row-{page}"))
        .await
        .click()
        .await
        .unwrap();
    desk.testid("panel-item-marcus-business").await;
    panel_shows(&desk, "50%", "1 of 2 reviewers ship").await;
}

/// As the reviewer `who` (profile slug, name): writes a `call` ("Ship"/"Skip") on the new
/// tool with `quote` and submits it; then, as the editor, accepts it. Leaves the editor
/// working, on the Reviewers screen.
async fn verdict(desk: &Desk, who: (&str, &str), call: &str, quote: &str) {
    let (profile, name) = who;
    steps::work_as(desk, profile, name).await;
    steps::open_screen(desk, "reviewers").await;
    click(desk, "reviewers-tab-verdicts").await;
    choose(desk, "Tool", TOOL).await;
    // The reviewer writes as themselves; no verdict on the new tool yet.
    text_is(
        desk,
        "verdict-reviewer-hint",
        &format!("You write as {name}."),
    )
    .await;
    status_is(desk, "none").await;
    radio(desk, call).await.click().await.unwrap();
    desk.type_text(&desk.labelled("Quote").await, quote).await;
    click(desk, "verdict-submit").await;
    status_is(desk, "submitted").await;

    steps::work_as(desk, "editor", "Editor").await;
    choose(desk, "Reviewer", profile).await;
    choose(desk, "Tool", TOOL).await;
    status_is(desk, "submitted").await;
    click(desk, "verdict-accept").await;
    status_is(desk, "accepted").await;
}

/// Chooses `value` in the `<select>` labelled `label`.
async fn choose(desk: &Desk, label: &str, value: &str) {
    SelectElement::new(&desk.labelled(label).await)
        .await
        .unwrap_or_else(|e| panic!("{label:?} is not a <select>: {e}"))
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("{label:?} has no option {value:?}: {e}"));
}

/// The radio button inside the visible `<label>` reading `text`.
async fn radio(desk: &Desk, text: &str) -> WebElement {
    let xpath = format!("//label[normalize-space()='{text}']/input[@type='radio']");
    let session = desk.session();
    until(&format!("the {text:?} radio button"), WAIT, move || {
        let xpath = xpath.clone();
        async move {
            session
                .find(By::XPath(xpath))
                .await
                .map_err(|e| e.to_string())
        }
    })
    .await
}

/// Waits until the verdict form shows the verdict in `status`.
async fn status_is(desk: &Desk, status: &str) {
    let el = &desk.testid("verdict-status").await;
    until(
        &format!("the verdict to be {status}"),
        WAIT,
        move || async move {
            match el.attr("data-status").await.map_err(|e| e.to_string())? {
                Some(s) if s == status => Ok(()),
                other => Err(format!("it is {other:?}")),
            }
        },
    )
    .await;
}

/// Waits until the preview's card of the new tool shows `figure` as its panel figure and
/// says `split`; checks that the other tool's card keeps the sample's 100%.
async fn panel_shows(desk: &Desk, figure: &str, split: &str) {
    until(
        &format!("the preview's {TOOL} card to show {figure} ({split})"),
        WAIT,
        || async {
            let (_, cards) = steps::preview_seen(desk, &[TOOL, LLAMA]).await;
            let ours = panel_figure(&cards[0]);
            if ours == Some(figure) && cards[0].contains(split) {
                Ok(cards)
            } else {
                Err(format!("the card reads {:?}", cards[0]))
            }
        },
    )
    .await;
    let (_, cards) = steps::preview_seen(desk, &[LLAMA]).await;
    assert_eq!(
        panel_figure(&cards[0]),
        Some("100%"),
        "the Llama card: {:?}",
        cards[0]
    );
}
