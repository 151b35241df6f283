//! Images put into a description the two quick ways, in the real app: dropped on the field (a
//! DOM drop event carrying a real PNG file: Xvfb has no window manager to drag from) and
//! pasted from the system clipboard (xclip owns an X selection holding a PNG, and Ctrl+V in
//! the field makes WebKit read it, as after copying a screenshot). The field asks for the alt
//! text, writes `![alt](media:HASH)`, the image is on the desk with those words, and the
//! preview draws it from the app's `media` protocol.
//!
//! The paste journey found that WebKitGTK hands the page's paste event no file for an image
//! on the clipboard (not even its type); the field then reads the clipboard itself while the
//! paste is handled (`clipboardImages` in ui/src/lib/components/media/insert.ts).

use std::process::{Child, Command, Stdio};

use serde_json::Value;
use thirtyfour::prelude::*;

use super::harness::{until, Desk, WAIT};
use super::media_preview::preview_image_drawn;
use super::sample::HAIKU;
use super::steps::{self, click};

/// The field the images go into: the tool's description.
const FIELD: &str = "tool-field-description";

/// The X clipboard holding one PNG for as long as this lives.
struct Clipboard(Child);

impl Clipboard {
    fn holding(desk: &Desk, mime: &str, content: &[u8]) -> Clipboard {
        // `-quiet` keeps xclip in the foreground, serving the selection until it is killed.
        let mut child = Command::new(verdict_testkit::program("xclip"))
            .args(["-quiet", "-selection", "clipboard", "-t", mime, "-i"])
            .env("DISPLAY", desk.display_name())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("xclip starts");
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("xclip's input");
        stdin.write_all(content).expect("the content goes to xclip");
        drop(stdin);
        Clipboard(child)
    }
}

impl Drop for Clipboard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The description field's text.
async fn field_text(desk: &Desk) -> String {
    desk.script(
        &format!("return document.querySelector('[data-testid=\"{FIELD}\"]').value;"),
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Answers the field's alt text question and waits for the reference it writes; returns
/// the image's hash.
async fn give_alt_text(desk: &Desk, alt: &str) -> String {
    let question = until("the field to ask for the alt text", WAIT, || async {
        let id = desk
            .script(
                &format!(
                    "const f = document.querySelector('[data-testid=\"{FIELD}\"]');\
                     const q = f && document.getElementById(f.id + '-alt');\
                     return q ? q.id : null;"
                ),
                vec![],
            )
            .await;
        id.as_str()
            .map(str::to_string)
            .ok_or_else(|| "no question yet".to_string())
    })
    .await;
    let input = desk
        .session()
        .find(By::Id(question.as_str()))
        .await
        .expect("the alt text input");
    input.send_keys(alt).await.expect("the alt text is typed");
    input.send_keys(Key::Enter).await.expect("Enter");
    let prefix = format!("![{alt}](media:");
    until("the field to show the image's reference", WAIT, || async {
        let text = field_text(desk).await;
        let at = text
            .find(&prefix)
            .ok_or_else(|| format!("no reference in {text:?}"))?;
        let hash: String = text[at + prefix.len()..].chars().take(64).collect();
        if hash.len() == 64 && text[at + prefix.len() + 64..].starts_with(')') {
            Ok(hash)
        } else {
            Err(format!("no whole reference in {text:?}"))
        }
    })
    .await
}

/// Puts the caret at the end of the description, after a blank line.
async fn caret_at_end(desk: &Desk) -> WebElement {
    let field = desk.testid(FIELD).await;
    field.click().await.expect("the field takes the focus");
    desk.script(
        &format!(
            "const f = document.querySelector('[data-testid=\"{FIELD}\"]');\
             f.focus(); f.setSelectionRange(f.value.length, f.value.length); return true;"
        ),
        vec![],
    )
    .await;
    field
}

/// The desk's own record of an image: its alt text, read from the app's data folder.
fn alt_on_desk(desk: &Desk, hash: &str) -> Option<String> {
    let core = verdict_core::Desk::open(&desk.data_dir()).expect("the desk opens beside the app");
    core.media_list()
        .expect("the images")
        .into_iter()
        .find(|m| m.hash == hash)
        .map(|m| m.alt)
}

/// The tool form with its preview, open on the sample's first tool.
async fn tool_form(name: &str) -> Desk {
    let desk = Desk::launch(name).await;
    steps::open_screen(&desk, "tools").await;
    click(&desk, &format!("tool-open-{HAIKU}")).await;
    desk.testid("tool-editor").await;
    desk.testid("page-preview").await;
    desk
}

/// Checks the image `hash` went in as `![alt](media:HASH)`, is on the desk with `alt`, and
/// is drawn by the preview.
async fn taken_in(desk: &Desk, hash: &str, alt: &str) {
    preview_image_drawn(desk, &format!("media://localhost/{hash}/")).await;
    let text = field_text(desk).await;
    assert!(
        text.contains(&format!("![{alt}](media:{hash})")),
        "{text:?}"
    );
    assert!(
        !text.contains("/tmp/") && !text.contains("file:"),
        "no local path: {text:?}"
    );
    assert_eq!(alt_on_desk(desk, hash).as_deref(), Some(alt));
}

#[tokio::test]
async fn an_image_dropped_into_a_description_is_asked_for_alt_text_and_shown() {
    let desk =
        tool_form("an_image_dropped_into_a_description_is_asked_for_alt_text_and_shown").await;
    let mut hashes = Vec::new();
    for (i, alt) in [(12, "Benchmark grid"), (13, "Second benchmark grid")] {
        caret_at_end(&desk).await;
        let taken = desk
            .script(
                &format!(
                    "const bytes = new Uint8Array(arguments[0]);\
                     const dt = new DataTransfer();\
                     dt.items.add(new File([bytes], 'dropped-grid.png', {{ type: 'image/png' }}));\
                     const f = document.querySelector('[data-testid=\"{FIELD}\"]');\
                     const init = {{ dataTransfer: dt, bubbles: true, cancelable: true }};\
                     f.dispatchEvent(new DragEvent('dragover', init));\
                     return !f.dispatchEvent(new DragEvent('drop', init));"
                ),
                vec![Value::from(verdict_fixtures::logo_png(i))],
            )
            .await;
        assert_eq!(
            taken, true,
            "the field takes the drop (and cancels the default)"
        );
        let hash = give_alt_text(&desk, alt).await;
        taken_in(&desk, &hash, alt).await;
        hashes.push(hash);
    }
    assert_ne!(hashes[0], hashes[1], "two different images");
}

#[tokio::test]
async fn an_image_pasted_into_a_description_is_asked_for_alt_text_and_shown() {
    let desk =
        tool_form("an_image_pasted_into_a_description_is_asked_for_alt_text_and_shown").await;
    let _clipboard = Clipboard::holding(&desk, "image/png", &verdict_fixtures::logo_png(11));
    let field = caret_at_end(&desk).await;
    field
        .send_keys(Key::Control + "v")
        .await
        .expect("Ctrl+V is sent");
    let hash = give_alt_text(&desk, "Benchmark grid, pasted").await;
    taken_in(&desk, &hash, "Benchmark grid, pasted").await;
}
