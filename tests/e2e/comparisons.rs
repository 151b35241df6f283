//! Journeys through the comparison list and the comparison editor.

use serde_json::json;
use thirtyfour::error::WebDriverErrorInner;
use thirtyfour::prelude::*;

use super::harness::{until, Desk, WAIT};
use super::sample::{self, HAIKU, LLAMA, SLUG, TITLE};

/// The Enter key, as WebDriver types it.
const ENTER: char = '\u{E007}';

#[tokio::test]
async fn first_start_shows_the_sample_and_its_preview() {
    let desk = Desk::launch("first_start_shows_the_sample_and_its_preview").await;

    // The app runs on the test's own, freshly seeded data folder.
    let data_dir = desk.text(&desk.testid("data-dir").await).await.unwrap();
    assert_eq!(data_dir, desk.data_dir().to_str().unwrap());

    // The list: the sample and its panel figures.
    sample::row(&desk, TITLE).await;
    for (tool, percent) in [(HAIKU, "50%"), (LLAMA, "100%")] {
        let figure = desk.testid(&format!("row-panel-ship-{SLUG}-{tool}")).await;
        assert_eq!(
            desk.text(&figure).await.unwrap(),
            percent,
            "list figure of {tool}"
        );
    }

    // The editor and its live preview.
    sample::open(&desk, TITLE).await;
    assert!(desk.visible(&desk.testid("comparison-detail").await).await);
    let html = sample::preview_containing(&desk, "<dd>100%</dd>").await;
    assert!(
        html.contains("<dd>50%</dd>"),
        "the preview's page lacks the 50% figure"
    );

    // What the frame shows, read inside it (WebKitWebDriver can enter the sandboxed frame).
    let frame = desk.testid("page-preview").await;
    assert!(desk.visible(&frame).await, "the preview frame is not shown");
    frame
        .enter_frame()
        .await
        .expect("WebDriver enters the preview frame");
    let session = desk.session();
    let heading = session.find(By::Tag("h1")).await.unwrap();
    assert_eq!(desk.text(&heading).await.unwrap(), TITLE);
    for (tool, percent) in [(HAIKU, "50%"), (LLAMA, "100%")] {
        let card = session.find(By::Id(format!("tool-{tool}"))).await.unwrap();
        let text = desk.text(&card).await.unwrap();
        assert!(
            text.contains(percent) && text.contains("Panel ship"),
            "card of {tool}: {text:?}"
        );
    }
    session.enter_default_frame().await.unwrap();
}

#[tokio::test]
async fn title_edits_show_in_the_preview_and_survive_a_restart() {
    let mut desk = Desk::launch("title_edits_show_in_the_preview_and_survive_a_restart").await;
    sample::open(&desk, TITLE).await;

    // Every chunk typed shows in the preview, long before the autosave delay has passed.
    let field = desk.labelled("Title").await;
    let mut title = TITLE.to_string();
    for chunk in [" (edited", " end to", " end)"] {
        desk.type_text(&field, chunk).await;
        title.push_str(chunk);
        sample::preview_containing(&desk, &format!("<h1>{title}</h1>")).await;
    }
    assert_eq!(
        field.value().await.unwrap().as_deref(),
        Some(title.as_str())
    );

    // The autosave (0.8 s after the last keystroke) stores it.
    saved(&desk).await;

    // A restart on the same data folder shows the new title, in the list and the editor.
    desk.restart().await;
    sample::open(&desk, &title).await;
    sample::preview_containing(&desk, &format!("<h1>{title}</h1>")).await;
}

/// The title field's current value.
async fn title_value(field: &WebElement) -> Result<String, String> {
    field
        .value()
        .await
        .map_err(|e| e.to_string())
        .map(Option::unwrap_or_default)
}

#[tokio::test]
async fn undo_and_redo_work_in_a_field_whose_preview_reloads_on_every_keystroke() {
    // WebKitGTK forgets a page's undo history whenever a frame loads, and the preview loads
    // on every keystroke: the app keeps each field's history itself.
    let desk =
        Desk::launch("undo_and_redo_work_in_a_field_whose_preview_reloads_on_every_keystroke")
            .await;
    sample::open(&desk, TITLE).await;
    let field = desk.labelled("Title").await;
    let edited = format!("{TITLE} draft");
    desk.type_text(&field, " draft").await;
    sample::preview_containing(&desk, &format!("<h1>{edited}</h1>")).await;

    field.send_keys(Key::Control + "z").await.unwrap();
    until("Ctrl+Z to take the typing back", WAIT, || async {
        let value = title_value(&field).await?;
        if value == TITLE {
            Ok(())
        } else {
            Err(format!("the title is {value:?}"))
        }
    })
    .await;
    sample::preview_containing(&desk, &format!("<h1>{TITLE}</h1>")).await;

    field
        .send_keys(Key::Control + Key::Shift + "z")
        .await
        .unwrap();
    until("Ctrl+Shift+Z to bring it back", WAIT, || async {
        let value = title_value(&field).await?;
        if value == edited {
            Ok(())
        } else {
            Err(format!("the title is {value:?}"))
        }
    })
    .await;
    sample::preview_containing(&desk, &format!("<h1>{edited}</h1>")).await;
}

#[tokio::test]
async fn markup_typed_into_dek_and_intro_stays_inert() {
    const IMG: &str = r#"<img src=x onerror="document.title='pwned'">"#;
    const SCRIPT: &str = "<script>document.title='pwned'</script>";

    let desk = Desk::launch("markup_typed_into_dek_and_intro_stays_inert").await;
    sample::open(&desk, TITLE).await;
    let session = desk.session();
    let window_title = session.title().await.unwrap();

    let dek = desk.labelled("Dek").await;
    desk.type_text(&dek, &format!(" dek-start {IMG} {SCRIPT} dek-end"))
        .await;
    let intro = desk.labelled("Intro").await;
    let markdown =
        format!("{ENTER}{ENTER}intro-start {IMG}{ENTER}{ENTER}{SCRIPT}{ENTER}{ENTER}intro-end");
    desk.type_text(&intro, &markdown).await;
    assert!(dek
        .value()
        .await
        .unwrap()
        .unwrap_or_default()
        .ends_with(&format!("{SCRIPT} dek-end")));
    sample::preview_containing(&desk, "dek-end").await;
    let html = sample::preview_containing(&desk, "intro-end").await;

    // The page the preview shows: no script of ours, no event-handler attribute (the text
    // may stay, escaped).
    assert!(
        !html.contains("<script>document.title"),
        "a script tag got through"
    );
    let with_onerror: Vec<&str> = tags(&html)
        .filter(|t| attribute_names(t).contains("onerror"))
        .collect();
    assert!(
        with_onerror.is_empty(),
        "event handlers got through: {with_onerror:?}"
    );
    // The same, parsed by the browser (an inert DOMParser document in the app's page).
    let parsed = desk.script(PARSED_PREVIEW_JS, vec![]).await;
    assert_eq!(
        parsed,
        json!({ "onerror": 0, "ours": 0 }),
        "the preview's page, parsed"
    );

    // The app's window: title unchanged, no dialog, nothing of the markup in its DOM.
    assert_window_untouched(&desk, &window_title).await;

    // After the autosave and back in the list (which shows the dek as text): the same.
    saved(&desk).await;
    desk.testid("back-button").await.click().await.unwrap();
    let row = sample::row(&desk, TITLE).await;
    let text = desk.text(&row).await.unwrap();
    assert!(
        text.contains(&format!("dek-start {IMG} {SCRIPT} dek-end")),
        "the list shows the dek as text: {text:?}"
    );
    assert_window_untouched(&desk, &window_title).await;
}

/// Waits until the editor reports the draft saved.
async fn saved(desk: &Desk) {
    let state = &desk.testid("save-state").await;
    until("the editor to report \"Saved\"", WAIT, move || async move {
        let text = desk.text(state).await?;
        if text == "Saved" {
            Ok(())
        } else {
            Err(format!("it says {text:?}"))
        }
    })
    .await;
}

/// The app's window still has its title, shows no alert, and its own DOM holds no element
/// of the typed markup.
async fn assert_window_untouched(desk: &Desk, window_title: &str) {
    let session = desk.session();
    assert_eq!(
        session.title().await.unwrap(),
        window_title,
        "the window's title changed"
    );
    match session.get_alert_text().await {
        Err(e) if matches!(&*e, WebDriverErrorInner::NoSuchAlert(_)) => {}
        Err(e) => panic!("cannot tell whether an alert is open: {e}"),
        Ok(text) => panic!("an alert is open: {text:?}"),
    }
    let found = desk
        .script(
            "return document.querySelectorAll('img[src=\"x\"], [onerror]').length + \
             Array.from(document.scripts).filter((s) => s.textContent.includes('pwned')).length",
            vec![],
        )
        .await;
    assert_eq!(
        found,
        json!(0),
        "the typed markup became elements of the app's page"
    );
}

/// The preview frame's document as it is now: elements with an `onerror` attribute, and
/// scripts that carry our payload.
const PARSED_PREVIEW_JS: &str = r#"
    const frame = document.querySelector('[data-testid="page-preview"]');
    const doc = frame.contentDocument;
    return {
        onerror: doc.querySelectorAll('[onerror]').length,
        ours: Array.from(doc.scripts).filter((s) => s.textContent.includes('pwned')).length,
    };
"#;

/// The tags (`<...>`) of an HTML text: text content and attribute values have `<` and `>`
/// escaped, so every raw `<` opens a tag.
fn tags(html: &str) -> impl Iterator<Item = &str> {
    html.split('<')
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or(rest))
}

/// A tag without its quoted attribute values, lowercased: what is left are the tag's and
/// its attributes' names (and unquoted values).
fn attribute_names(tag: &str) -> String {
    let mut out = String::new();
    let mut quote = None;
    for c in tag.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}
