//! The desk's images in the live preview of the real app: a logo chosen in the tool form
//! (through the system's file dialog, with media.rs's helpers) is drawn in the preview at
//! once from the app's `media` protocol and is not fetched again on a keystroke; a page whose
//! image has no alt text is held at Approve by a blocker naming the image, until the image
//! has its alt text.

use serde_json::Value;

use super::harness::{until, Desk, WAIT};
use super::media::{choose_file, dialog_window, landscape, logo};
use super::sample::{self, HAIKU, SLUG, TITLE};
use super::steps::{self, click, text_is, text_where};

/// The images of the preview frame's document: address, whether loading ended and the
/// drawn width (0 for an image that failed), and the mark a journey left on the element.
const PREVIEW_IMAGES_JS: &str = r#"
    const frame = document.querySelector('[data-testid="page-preview"]');
    const doc = frame && frame.contentDocument;
    if (!doc || !doc.body) return null;
    return [...doc.querySelectorAll('img')].map((img) => ({
        src: img.getAttribute('src'),
        cls: img.className,
        complete: img.complete,
        width: img.naturalWidth,
        mark: img.__journeyMark || null,
    }));
"#;

async fn preview_images(desk: &Desk) -> Vec<Value> {
    desk.script(PREVIEW_IMAGES_JS, vec![])
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Waits until the preview shows an image whose address starts with `prefix`, loaded and
/// drawn (natural width > 0); returns it.
pub(super) async fn preview_image_drawn(desk: &Desk, prefix: &str) -> Value {
    until(
        &format!("the preview to draw an image from {prefix:?}"),
        WAIT,
        || async {
            let images = preview_images(desk).await;
            let img = images
                .iter()
                .find(|i| i["src"].as_str().is_some_and(|s| s.starts_with(prefix)))
                .ok_or_else(|| format!("no such image among {images:?}"))?;
            if img["complete"] == true && img["width"].as_u64().unwrap_or(0) > 0 {
                Ok(img.clone())
            } else {
                Err(format!("it is not drawn: {img}"))
            }
        },
    )
    .await
}

#[tokio::test]
async fn a_logo_chosen_in_the_tool_form_shows_in_the_preview_and_stays_through_a_keystroke() {
    let desk = Desk::launch(
        "a_logo_chosen_in_the_tool_form_shows_in_the_preview_and_stays_through_a_keystroke",
    )
    .await;
    let dir = tempfile::Builder::new()
        .prefix("verdict-e2e-logo-")
        .tempdir()
        .expect("a folder for the logo");
    let file = dir.path().join("haiku-logo.svg");
    std::fs::write(&file, logo()).expect("the logo file");

    steps::open_screen(&desk, "tools").await;
    click(&desk, &format!("tool-open-{HAIKU}")).await;
    desk.testid("tool-editor").await;
    desk.testid("page-preview").await;
    click(&desk, "tool-logo-choose").await;
    let window = dialog_window(&desk).await;
    choose_file(&desk, &window, &file).await;
    desk.testid("tool-logo-thumb").await;

    // The preview draws the logo from the protocol, before anything is saved.
    let logo = preview_image_drawn(&desk, "media://localhost/").await;
    assert_eq!(logo["cls"], "logo", "the tool page's logo: {logo}");
    let src = logo["src"].as_str().unwrap().to_string();
    assert!(src.ends_with("/original.svg"), "{src}");

    // A keystroke patches the page: the logo stays the same element with the same address,
    // so the webview does not fetch it again.
    let marked = desk
        .script(
            "const doc = document.querySelector('[data-testid=\"page-preview\"]').contentDocument;\
             const img = doc.querySelector('img.logo'); img.__journeyMark = 'before'; return true;",
            vec![],
        )
        .await;
    assert_eq!(marked, true);
    let tagline = desk.labelled("Tagline").await;
    desk.type_text(&tagline, " Now local.").await;
    sample::preview_containing(&desk, "Now local.").await;
    let after = preview_image_drawn(&desk, &src).await;
    assert_eq!(
        after["mark"], "before",
        "the logo was replaced by a new element (and fetched again): {after}"
    );
    let failed: Vec<Value> = preview_images(&desk)
        .await
        .into_iter()
        .filter(|i| i["complete"] == true && i["width"] == 0)
        .collect();
    assert!(
        failed.is_empty(),
        "images the preview failed to draw: {failed:?}"
    );
}

/// The sample page, back in review, with an image in its intro that has no alt text.
fn prepare_image_without_alt(data: &std::path::Path) {
    use verdict_core::media::MediaText;
    use verdict_core::workflow::PageAction;
    let desk = verdict_core::Desk::open(data).expect("the desk opens");
    desk.seed_sample_if_empty().expect("the sample loads");
    desk.ensure_profiles().expect("the profiles");
    let hash = desk
        .add_media(
            "editor",
            "sunset-hills.svg",
            landscape().as_bytes(),
            &MediaText::default(),
        )
        .expect("the image is added")
        .item
        .hash;
    // Unpublished, a page is approved; back to draft, it can be changed and sent to review.
    desk.page_action("publisher", SLUG, PageAction::Unpublish)
        .expect("the sample is unpublished");
    desk.page_action("editor", SLUG, PageAction::ReturnToDraft)
        .expect("the sample is a draft again");
    let mut page = desk.comparison(SLUG).expect("the sample");
    page.intro = format!("{}\n\n![](media:{hash})", page.intro);
    desk.save_comparison("editor", &page)
        .expect("the intro shows the image");
    desk.page_action("editor", SLUG, PageAction::SubmitForReview)
        .expect("the page goes to review");
}

fn status(desk: &Desk) -> verdict_core::model::ComparisonStatus {
    verdict_core::Desk::open(&desk.data_dir())
        .and_then(|d| d.comparison(SLUG))
        .expect("the page")
        .status
}

#[tokio::test]
async fn an_image_without_alt_text_holds_the_page_at_approve_until_it_has_one() {
    let desk = Desk::launch_prepared(
        "an_image_without_alt_text_holds_the_page_at_approve_until_it_has_one",
        &[],
        prepare_image_without_alt,
    )
    .await;
    steps::work_as(&desk, "publisher", "Publisher").await;
    sample::open(&desk, TITLE).await;

    // The preview shows the image all the same; the checks name it.
    preview_image_drawn(&desk, "media://localhost/").await;
    let blocker = until(
        "a blocker for the image without alt text",
        WAIT,
        || async {
            let found = desk
                .script(
                    "const c = document.querySelector('[data-testid=\"check\"][data-code=\"image_without_alt\"]');\
                     return c ? [c.dataset.severity, c.textContent] : null;",
                    vec![],
                )
                .await;
            found
                .as_array()
                .cloned()
                .ok_or_else(|| "no such check yet".to_string())
        },
    )
    .await;
    assert_eq!(blocker[0], "blocker", "{blocker:?}");
    let message = blocker[1].as_str().unwrap_or_default();
    assert!(
        message.contains("sunset-hills.svg") && message.contains("no alt text"),
        "the check names the image: {message:?}"
    );

    // Approve asks first, naming the image; cancelled, the page stays in review.
    click(&desk, "action-approve").await;
    text_where(&desk, "workflow-confirm", "to name the image", |t| {
        t.contains("sunset-hills.svg")
    })
    .await;
    click(&desk, "confirm-cancel").await;
    assert_eq!(
        status(&desk),
        verdict_core::model::ComparisonStatus::InReview
    );

    // The blocker's link opens the image on the Media screen at its alt text; given alt
    // text there, the image no longer blocks the page.
    steps::work_as(&desk, "editor", "Editor").await;
    desk.script(
        "document.querySelector('[data-testid=\"check\"][data-code=\"image_without_alt\"] \
         [data-testid=\"check-open\"]').click();",
        vec![],
    )
    .await;
    until(
        "the image's alt text focused on the Media screen",
        WAIT,
        || async {
            let focused = desk
                .script(
                    "return !!document.querySelector('[data-testid=\"media-screen\"]') && \
                 document.activeElement?.dataset?.testid === 'media-alt';",
                    vec![],
                )
                .await;
            if focused == true {
                Ok(())
            } else {
                Err("the alt field has not the focus".to_string())
            }
        },
    )
    .await;
    let alt = desk.testid("media-alt").await;
    steps::fill(&desk, &alt, "Hills under an orange evening sky").await;
    text_is(&desk, "media-save-status", "Saved").await;
    steps::open_screen(&desk, "comparisons").await;
    sample::open(&desk, TITLE).await;
    until("the alt text blocker to go", WAIT, || async {
        let left = desk
            .script(
                "return document.querySelector('[data-testid=\"checks\"]') && \
                 !document.querySelector('[data-testid=\"check\"][data-code=\"image_without_alt\"]') && \
                 !document.querySelector('[data-testid=\"checks\"]').textContent.includes('Checking')",
                vec![],
            )
            .await;
        if left == true {
            Ok(())
        } else {
            Err("the blocker is still listed".to_string())
        }
    })
    .await;
}
