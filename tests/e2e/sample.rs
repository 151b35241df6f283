//! The sample comparison the app seeds on first start, and the steps journeys share.

use thirtyfour::prelude::*;

use super::harness::{until, Desk, WAIT};

pub const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
pub const TITLE: &str = "Claude Haiku Open Weights vs Llama 4 Scout Quantized";
pub const HAIKU: &str = "claude-haiku-open-weights";
pub const LLAMA: &str = "llama-4-scout-quantized";

/// The sample's row in the comparison list, once it shows `title`.
pub async fn row(desk: &Desk, title: &str) -> WebElement {
    let row = desk.testid(&format!("comparison-row-{SLUG}")).await;
    let seen = &row;
    until(
        &format!("the sample's row to read {title:?}"),
        WAIT,
        move || async move {
            let text = desk.text(seen).await?;
            if text.contains(title) {
                Ok(())
            } else {
                Err(format!("it reads {text:?}"))
            }
        },
    )
    .await;
    row
}

/// Opens the sample from the list and waits until the editor has loaded it (the title
/// field shows `title`) and the preview shows it.
pub async fn open(desk: &Desk, title: &str) {
    row(desk, title)
        .await
        .click()
        .await
        .expect("the sample's row can be clicked");
    desk.testid("comparison-detail").await;
    let field = desk.labelled("Title").await;
    until("the title field to be filled in", WAIT, move || {
        let field = field.clone();
        async move {
            let value = field
                .value()
                .await
                .map_err(|e| e.to_string())?
                .unwrap_or_default();
            if value == title {
                Ok(())
            } else {
                Err(format!("it holds {value:?}"))
            }
        }
    })
    .await;
    preview_containing(desk, title).await;
}

/// The page the preview frame shows: its document as it is now (the first page is loaded from
/// `srcdoc`, later ones are patched into it), read from the app's page through the frame's
/// same origin (it runs no script of its own).
pub async fn preview_html(desk: &Desk) -> Result<String, String> {
    let html = desk.script(PREVIEW_DOCUMENT_JS, vec![]).await;
    html.as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("the preview frame shows no document ({html})"))
}

const PREVIEW_DOCUMENT_JS: &str = r#"
    const frame = document.querySelector('[data-testid="page-preview"]');
    const doc = frame && frame.contentDocument;
    if (!doc || !doc.documentElement) return null;
    return doc.documentElement.outerHTML;
"#;

/// Waits until the preview's page contains `text`; returns that page.
pub async fn preview_containing(desk: &Desk, text: &str) -> String {
    until(
        &format!("the preview to contain {text:?}"),
        WAIT,
        move || async move {
            let html = preview_html(desk).await?;
            if html.contains(text) {
                Ok(html)
            } else {
                Err(format!(
                    "the preview ({} bytes) does not contain it yet",
                    html.len()
                ))
            }
        },
    )
    .await
}
