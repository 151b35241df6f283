//! Checks before publishing, for images: one without alt text (not decorative) or one the
//! desk does not have blocks, naming the image and where to fix it; a remote image warns.

mod media_images;

use media_images::desk::sample_desk as desk;
use media_images::*;
use verdict_core::checks::{check_comparison, Check, Severity};
use verdict_core::media::MediaText;
use verdict_core::render::Library;
use verdict_core::store::SaveCtx;
use verdict_core::Desk;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

fn add(desk: &Desk, name: &str, w: u32, text: MediaText) -> String {
    desk.add_media("editor", name, &png_rgba(&logo(w, w)), &text)
        .unwrap()
        .item
        .hash
}

fn image_checks(desk: &Desk) -> Vec<Check> {
    let lib = Library::load(&desk.store()).unwrap();
    let page = lib.comparison(SLUG).unwrap().clone();
    check_comparison(&lib, &page, chrono::Utc::now().date_naive())
        .into_iter()
        .filter(|c| c.code.contains("image") || c.code == "broken_link")
        .collect()
}

#[test]
fn images_without_alt_or_missing_block_and_remote_ones_warn() {
    let (_dir, desk) = desk();
    let with_alt = add(
        &desk,
        "chart.png",
        64,
        MediaText {
            alt: Some("Chart".into()),
            ..MediaText::default()
        },
    );
    let bare = add(&desk, "bare.png", 72, MediaText::default());
    let ornament = add(
        &desk,
        "rule.png",
        80,
        MediaText {
            decorative: Some(true),
            ..MediaText::default()
        },
    );
    let missing = "0f".repeat(32);
    let mut page = desk
        .store()
        .comparisons()
        .unwrap()
        .into_iter()
        .find(|c| c.slug == SLUG)
        .unwrap();
    // Before: a page with none of these has no image checks.
    assert!(image_checks(&desk).is_empty());
    page.intro = format!(
        "![](media:{with_alt}) ![](media:{bare}) ![Given here](media:{bare}) ![](media:{ornament}) \
         ![Lost](media:{missing}) ![Chart](https://cdn.example/c.png)"
    );
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    let mut tool = desk.tool(&page.tools[1]).unwrap();
    tool.logo = Some(bare.clone());
    desk.save_tool("editor", &tool).unwrap();

    let checks = image_checks(&desk);
    let blockers: Vec<&Check> = checks
        .iter()
        .filter(|c| c.severity == Severity::Blocker)
        .collect();
    // The intro's bare image once (the second one has its alt in the Markdown), the logo, the
    // missing image.
    assert_eq!(blockers.len(), 3, "{checks:#?}");
    let no_alt: Vec<&&Check> = blockers
        .iter()
        .filter(|c| c.code == "image_without_alt")
        .collect();
    assert_eq!(no_alt.len(), 2);
    for c in &no_alt {
        assert_eq!(c.field, format!("media:{bare}.alt"));
        assert!(c.message.contains("bare.png"), "{}", c.message);
    }
    assert!(no_alt.iter().any(|c| c.message.contains(&tool.name)));
    let lost = blockers.iter().find(|c| c.code == "missing_image").unwrap();
    assert_eq!(lost.field, "intro");
    assert!(lost.message.contains(&missing[..12]));
    let remote = checks.iter().find(|c| c.code == "remote_image").unwrap();
    assert_eq!(remote.severity, Severity::Warning);
    assert!(remote.message.contains("https://cdn.example/c.png"));
    assert!(remote.message.contains("Copy it into the desk"));
    // media: references are not "broken links".
    assert!(
        checks.iter().all(|c| c.code != "broken_link"),
        "{checks:#?}"
    );

    // Giving the image its alt text clears both of its blockers.
    desk.set_media_text(
        "editor",
        &bare,
        &MediaText {
            alt: Some("Bare".into()),
            ..MediaText::default()
        },
    )
    .unwrap();
    assert_eq!(
        image_checks(&desk)
            .iter()
            .filter(|c| c.code == "image_without_alt")
            .count(),
        0
    );
}
