//! Images on pages: the desk's images as <picture> with WebP srcset, sizes, width/height,
//! lazy loading below the top and the alt text; logos on cards, the tool page and in JSON-LD;
//! a missing image as a named placeholder; a remote image as a link, never hot-linked; quotes
//! take no images.

use verdict_core::store::SaveCtx;
mod media_images;

use media_images::desk::{add, sample_desk as desk};
use media_images::*;
use scraper::{Html, Selector};
use verdict_core::model::Screenshot;
use verdict_core::render::pictures::MediaBase;
use verdict_core::render::{build_page, build_tool_page_with, Library, Renderer};

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

#[test]
fn a_page_shows_pictures_logos_placeholders_and_links() {
    let (_dir, desk) = desk();
    let photo_hash = add(
        &desk,
        "panel.jpg",
        &jpeg(&photo(1300, 650), 90),
        "The panel",
    );
    let logo_hash = add(&desk, "logo.png", &png_rgba(&logo(256, 256)), "Acme logo");
    let missing = "ef".repeat(32);
    let mut page = desk
        .store()
        .comparisons()
        .unwrap()
        .into_iter()
        .find(|c| c.slug == SLUG)
        .unwrap();
    page.intro = format!(
        "![The panel at work](media:{photo_hash})\n\n![](media:{photo_hash}) \
         ![Gone](media:{missing}) ![Chart](https://tracker.example/c.png)"
    );
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    let mut tool = desk.tool(&page.tools[0]).unwrap();
    tool.logo = Some(logo_hash.clone());
    desk.save_tool("editor", &tool).unwrap();
    let mut quoted = desk
        .store()
        .verdicts_for_tool(&tool.slug)
        .unwrap()
        .remove(0);
    quoted.quote = format!("Look: ![a quote image](media:{photo_hash})");
    desk.store()
        .save_verdict(&SaveCtx::unattributed(), &quoted)
        .unwrap();
    let site = verdict_core::model::SiteSettings {
        base_url: Some("https://example.org/".into()),
        ..desk.store().site().unwrap()
    };
    desk.store()
        .save_site(&SaveCtx::unattributed(), &site)
        .unwrap();

    let lib = Library::load(&desk.store()).unwrap();
    let built = build_page(&lib, lib.comparison(SLUG).unwrap()).unwrap();
    let html = Renderer::new("default").unwrap().page_html(&built).unwrap();
    let doc = Html::parse_document(&html);

    let pictures = select(&doc, ".intro picture");
    assert_eq!(pictures.len(), 2, "{html}");
    let source = pictures[0]
        .select(&Selector::parse("source").unwrap())
        .next()
        .unwrap();
    assert_eq!(source.value().attr("type"), Some("image/webp"));
    let srcset = source.value().attr("srcset").unwrap();
    for w in [320, 640, 1280] {
        assert!(
            srcset.contains(&format!("../../media/{photo_hash}/{w}w.webp {w}w")),
            "{srcset}"
        );
    }
    assert!(source.value().attr("sizes").is_some());
    let imgs = select(&doc, ".intro picture img");
    let first = imgs[0].value();
    assert_eq!(first.attr("alt"), Some("The panel at work"));
    assert_eq!(
        first.attr("src"),
        Some(format!("../../media/{photo_hash}/1280w.jpg").as_str())
    );
    assert_eq!(
        (first.attr("width"), first.attr("height")),
        (Some("1280"), Some("640"))
    );
    assert_eq!(first.attr("decoding"), Some("async"));
    assert_eq!(
        first.attr("loading"),
        None,
        "the first image of the intro is at the top"
    );
    // No alt in the Markdown: the image's own alt text; below the first: lazy.
    assert_eq!(imgs[1].value().attr("alt"), Some("The panel"));
    assert_eq!(imgs[1].value().attr("loading"), Some("lazy"));

    let placeholder: String = select(&doc, ".intro .media-missing")[0].text().collect();
    assert!(placeholder.contains("Gone") && placeholder.contains("efefefefefef"));

    // The remote image is a link, never fetched by the reader's browser.
    assert!(!html.contains("<img src=\"https://tracker.example"));
    let link = select(&doc, ".intro a.remote-image")[0];
    assert_eq!(
        link.value().attr("href"),
        Some("https://tracker.example/c.png")
    );

    // Logo on the card, small and eager.
    let logo = select(&doc, &format!("#tool-{} img.logo", tool.slug))[0];
    assert_eq!(logo.value().attr("alt"), Some("Acme logo"));
    assert_eq!(
        (logo.value().attr("width"), logo.value().attr("height")),
        (Some("48"), Some("48"))
    );
    assert_eq!(logo.value().attr("loading"), None);

    // Quotes take no images: the alt text only.
    assert!(html.contains("a quote image"));
    assert_eq!(select(&doc, ".scorecard img, .quote img").len(), 0);

    // JSON-LD: the logo as the SoftwareApplication's image, an absolute address.
    assert!(
        built.json_ld.contains(&format!(
            "\"image\":\"https://example.org/media/{logo_hash}/"
        )),
        "{}",
        built.json_ld
    );
}

#[test]
fn the_tool_page_shows_logo_and_screenshots_and_the_preview_base_is_used() {
    let (_dir, desk) = desk();
    let logo_hash = add(&desk, "logo.png", &png_rgba(&logo(128, 128)), "Logo");
    let shot_hash = add(&desk, "shot.png", &png_rgba(&logo(700, 400)), "");
    let mut tool = desk.store().tools().unwrap().remove(0);
    tool.logo = Some(logo_hash.clone());
    tool.screenshots = vec![Screenshot {
        media: shot_hash.clone(),
        alt: "The settings screen".into(),
        credit: "Screenshot: vendor <site>".into(),
        decorative: false,
    }];
    desk.save_tool("editor", &tool).unwrap();
    let lib = Library::load(&desk.store()).unwrap();
    let page = build_tool_page_with(
        &lib,
        &tool,
        |_| true,
        &MediaBase("media://localhost".into()),
    );
    let site = lib.site.clone();
    let html = Renderer::new("default")
        .unwrap()
        .tool_html(&site, &page)
        .unwrap();
    let doc = Html::parse_document(&html);
    assert_eq!(select(&doc, ".page-head img.logo").len(), 1, "{html}");
    let shot = select(&doc, ".screenshots figure img")[0];
    assert_eq!(shot.value().attr("alt"), Some("The settings screen"));
    assert_eq!(shot.value().attr("loading"), Some("lazy"));
    assert!(shot
        .value()
        .attr("src")
        .unwrap()
        .starts_with(&format!("media://localhost/{shot_hash}/")));
    let caption: String = select(&doc, ".screenshots figcaption")[0].text().collect();
    assert_eq!(caption, "Screenshot: vendor <site>");
    assert!(!html.contains("<site>"), "the credit is escaped");
}

#[test]
fn markdown_cannot_forge_an_image_marker_or_inject_markup_through_alt_text() {
    let (_dir, desk) = desk();
    let hash = add(&desk, "a.png", &png_rgba(&logo(64, 64)), "x");
    let mut page = desk
        .store()
        .comparisons()
        .unwrap()
        .into_iter()
        .find(|c| c.slug == SLUG)
        .unwrap();
    page.intro = format!(
        "Forged \u{E000}0\u{E001} marker! ![\"><script>alert(1)</script>](media:{hash}) \
         ![x](javascript:alert(1)) ![y](data:image/png;base64,AAAA)"
    );
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    let lib = Library::load(&desk.store()).unwrap();
    let built = build_page(&lib, lib.comparison(SLUG).unwrap()).unwrap();
    assert_eq!(
        built.intro_html.matches("<picture>").count(),
        1,
        "{}",
        built.intro_html
    );
    assert!(
        !built.intro_html.contains("<script"),
        "{}",
        built.intro_html
    );
    assert!(!built.intro_html.contains("javascript:"));
    assert!(!built.intro_html.contains("data:image"));
    assert!(built
        .intro_html
        .contains("Forged \u{FFFD}0\u{FFFD} marker!"));
}
