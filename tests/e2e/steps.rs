//! Steps the journeys share: who is working, which screen shows, and reading what the UI
//! says. Everything waits with `until`; nothing sleeps.

use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

use super::harness::{until, Desk, WAIT};

/// Chooses the profile `slug` in the sidebar's "Working as" and waits until the sidebar
/// names `name` as the one working.
pub async fn work_as(desk: &Desk, slug: &str, name: &str) {
    let select = desk.labelled("Working as").await;
    SelectElement::new(&select)
        .await
        .expect("the profile switcher is a <select>")
        .select_by_value(slug)
        .await
        .unwrap_or_else(|e| panic!("choosing the profile {slug:?} failed: {e}"));
    text_is(desk, "current-profile", name).await;
}

/// Opens a screen from the sidebar ("comparisons", "tools", "reviewers", "settings",
/// "publishing") and waits until the sidebar marks it as the current one.
pub async fn open_screen(desk: &Desk, screen: &str) {
    let item = desk.testid(&format!("nav-{screen}")).await;
    item.click()
        .await
        .unwrap_or_else(|e| panic!("the sidebar's {screen} item cannot be clicked: {e}"));
    current_screen(desk, screen).await;
}

/// Presses a key chord (e.g. `Key::Control + "5"`) on `element`, which gets the focus.
/// Send it to a control: WebKitWebDriver drops keys sent to a focused heading (the editor
/// focuses its `<h1 tabindex="-1">`), and its key actions, which go to the focused
/// element, were dropped there too.
pub async fn press(element: &WebElement, keys: impl Into<thirtyfour::common::keys::TypingData>) {
    element.send_keys(keys).await.expect("the keys are sent");
}

/// Waits until the sidebar marks `screen` as the one shown.
pub async fn current_screen(desk: &Desk, screen: &str) {
    let item = &desk.testid(&format!("nav-{screen}")).await;
    until(
        &format!("the {screen} screen to be the current one"),
        WAIT,
        move || async move {
            match item.attr("aria-current").await.map_err(|e| e.to_string())? {
                Some(v) if v == "page" => Ok(()),
                other => Err(format!("its aria-current is {other:?}")),
            }
        },
    )
    .await;
}

/// Waits until the element with this `data-testid` reads exactly `want` (whitespace
/// collapsed).
pub async fn text_is(desk: &Desk, testid: &str, want: &str) {
    text_where(desk, testid, &format!("to read {want:?}"), |t| t == want).await;
}

/// Waits until the element with this `data-testid` shows a text `ok` accepts; returns it.
pub async fn text_where(
    desk: &Desk,
    testid: &str,
    what: &str,
    ok: impl Fn(&str) -> bool,
) -> String {
    let by = By::Css(super::harness::css_testid(testid));
    let ok = &ok;
    until(
        &format!("[data-testid={testid:?}] {what}"),
        WAIT,
        move || {
            let by = by.clone();
            async move {
                let el = desk.session().find(by).await.map_err(|e| e.to_string())?;
                let text = desk.text(&el).await?;
                if ok(&text) {
                    Ok(text)
                } else {
                    Err(format!("it reads {text:?}"))
                }
            }
        },
    )
    .await
}

/// Clicks the element with this `data-testid` once it is there and enabled.
pub async fn click(desk: &Desk, testid: &str) {
    let el = enabled(desk, testid).await;
    el.click()
        .await
        .unwrap_or_else(|e| panic!("[data-testid={testid:?}] cannot be clicked: {e}"));
}

/// Scrolls the element with this `data-testid` into view, placed at `block` (`start`,
/// `center`, `end`) of the visible area, as a screenshot wants it.
pub async fn scroll_to(desk: &Desk, testid: &str, block: &str) {
    desk.script(
        "document.querySelector(`[data-testid=\"${arguments[0]}\"]`).scrollIntoView({ block: arguments[1] }); return true;",
        vec![serde_json::json!(testid), serde_json::json!(block)],
    )
    .await;
}

/// The element with this `data-testid`, once it is there and enabled.
pub async fn enabled(desk: &Desk, testid: &str) -> WebElement {
    let el = desk.testid(testid).await;
    let seen = &el;
    until(
        &format!("[data-testid={testid:?}] to be enabled"),
        WAIT,
        move || async move {
            if seen.is_enabled().await.map_err(|e| e.to_string())? {
                Ok(())
            } else {
                Err("it is disabled".to_string())
            }
        },
    )
    .await;
    el
}

/// Clears a text field and types `text` into it.
pub async fn fill(desk: &Desk, field: &WebElement, text: &str) {
    // WebKitWebDriver does not scroll a field inside a scrolling panel into view itself, and
    // calls one under the status bar not interactable.
    desk.session()
        .execute(
            "arguments[0].scrollIntoView({block: 'center'})",
            vec![field.to_json().expect("the field as JSON")],
        )
        .await
        .expect("the field scrolls into view");
    field.clear().await.expect("the field can be cleared");
    desk.type_text(field, text).await;
}

/// What the preview frame shows, read inside it: the page's heading and, per tool slug, the
/// text of its card (`#tool-<slug>`). Leaves the frame again.
pub async fn preview_seen(desk: &Desk, tools: &[&str]) -> (String, Vec<String>) {
    let frame = desk.testid("page-preview").await;
    assert!(desk.visible(&frame).await, "the preview frame is not shown");
    frame
        .enter_frame()
        .await
        .expect("WebDriver enters the preview frame");
    let session = desk.session();
    let heading = session
        .find(By::Tag("h1"))
        .await
        .expect("the page's heading");
    let title = desk.text(&heading).await.unwrap();
    let mut cards = Vec::new();
    for tool in tools {
        let card = session
            .find(By::Id(format!("tool-{tool}")))
            .await
            .unwrap_or_else(|e| panic!("the preview has no card for {tool}: {e}"));
        cards.push(desk.text(&card).await.unwrap());
    }
    session.enter_default_frame().await.unwrap();
    (title, cards)
}

/// The "Panel ship" figure of a tool card's text ("… Panel ship 50% …" → "50%"): the term
/// comes before its value, as a screen reader reads them.
pub fn panel_figure(card: &str) -> Option<&str> {
    let words: Vec<&str> = card.split_whitespace().collect();
    let at = words.windows(2).position(|w| w == ["Panel", "ship"])?;
    words.get(at + 2).copied()
}
