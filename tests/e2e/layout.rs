//! The tool editor fits the window (issue 18, item 3): its header stays put while the form
//! and the preview scroll within their own height; nothing grows into endless blank space.

use serde_json::Value;

use super::harness::Desk;
use super::sample::LLAMA;
use super::steps::{self, click};

/// Heights of the app's scrolling area and the editor's columns, and where the header is.
const MEASURE: &str = r#"
const main = document.querySelector('main');
const editor = document.querySelector('[data-testid="tool-editor"]');
const back = document.querySelector('[data-testid="tool-back"]').getBoundingClientRect();
let tallest = 0;
for (const el of editor.querySelectorAll('*')) tallest = Math.max(tallest, el.scrollHeight);
return {
  mainScroll: main.scrollHeight, mainClient: main.clientHeight, mainTop: main.scrollTop,
  tallest, window: window.innerHeight, backTop: back.top, backBottom: back.bottom,
};
"#;

fn n(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("{key} in {v}"))
}

#[tokio::test]
async fn the_tool_editor_scrolls_its_columns_and_keeps_its_header() {
    let desk = Desk::launch("the_tool_editor_scrolls_its_columns_and_keeps_its_header").await;
    steps::open_screen(&desk, "tools").await;
    click(&desk, &format!("tool-open-{LLAMA}")).await;
    desk.testid("tool-editor").await;
    desk.testid("tool-field-description").await;

    let m = desk.script(MEASURE, vec![]).await;
    note_not_cut(&desk).await;
    assert!(
        n(&m, "mainScroll") <= n(&m, "mainClient") + 1.0,
        "the window's content scrolls as a whole instead of the editor's columns: {m}"
    );
    assert!(
        n(&m, "tallest") < 20_000.0,
        "something in the tool editor is {} px tall: {m}",
        n(&m, "tallest")
    );

    // Scroll everything as far as it goes (the wheel over the form, sixty notches and more):
    // the header with Back stays in view.
    desk.script(
        "document.querySelectorAll('[data-testid=\"tool-editor\"] *').forEach(e => { \
           if (/auto|scroll/.test(getComputedStyle(e).overflowY)) e.scrollTop = 1e9; }); \
         document.querySelector('main').scrollTop = 1e9; return true",
        vec![],
    )
    .await;
    let m = desk.script(MEASURE, vec![]).await;
    assert_eq!(
        n(&m, "mainTop"),
        0.0,
        "the window's content scrolled away: {m}"
    );
    assert!(
        n(&m, "backTop") >= 0.0 && n(&m, "backBottom") <= n(&m, "window"),
        "the header with Back scrolled out of view: {m}"
    );
}

/// The preview's header is not cut off ("shown at 4…", issue 18, item 9).
async fn note_not_cut(desk: &Desk) {
    let note = desk
        .script(
            "const n = document.querySelector('[data-testid=\"page-preview-section\"] .note'); \
             return [n.scrollWidth, n.clientWidth, n.innerText]",
            vec![],
        )
        .await;
    assert!(
        note[0].as_f64() <= note[1].as_f64(),
        "the preview's note is cut off: {note}"
    );
}

#[tokio::test]
async fn the_comparison_editors_preview_header_is_not_cut_off() {
    let desk = Desk::launch("the_comparison_editors_preview_header_is_not_cut_off").await;
    // A smaller window, as on a laptop: the preview column narrows.
    desk.session()
        .set_window_rect(0, 0, 1100, 760)
        .await
        .expect("the window can be resized");
    super::sample::open(&desk, super::sample::TITLE).await;
    note_not_cut(&desk).await;
}
