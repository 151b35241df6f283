//! The app's `media` protocol (media::serve) and the live preview that points at it: only
//! `/{64 hex}/{file a picture names}` of an image the desk has is served; the preview names
//! its images on the protocol and is otherwise byte for byte the page the site writes.

mod media_images;

use media_images::desk::{add, sample_desk as desk};
use media_images::*;
use scraper::{Html, Selector};
use verdict_core::media::serve::request_path;
use verdict_core::render::pictures::{app_image_source, MediaBase};

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const HAIKU: &str = "claude-haiku-open-weights";

const SVG_LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" fill="#1f2a44"/><circle cx="32" cy="32" r="20" fill="#5fd4a0"/></svg>"##;

/// Every image address in `html` (each `src` and each `srcset` entry), in order.
fn addresses(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    for el in doc.select(&Selector::parse("img, source").unwrap()) {
        if let Some(src) = el.value().attr("src") {
            out.push(src.to_string());
        }
        if let Some(set) = el.value().attr("srcset") {
            out.extend(
                set.split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .map(str::to_string),
            );
        }
    }
    out
}

/// The `img-src` of the page's own policy meta.
fn img_src(html: &str) -> String {
    let doc = Html::parse_document(html);
    let meta = doc
        .select(&Selector::parse("meta[http-equiv=Content-Security-Policy]").unwrap())
        .next()
        .expect("the page's policy");
    meta.value()
        .attr("content")
        .unwrap()
        .split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("img-src "))
        .expect("an img-src")
        .to_string()
}

#[test]
fn only_a_hash_and_a_file_name_of_the_store_make_a_request_path() {
    let h = "ab".repeat(32);
    assert_eq!(
        request_path(&format!("/{h}/640w.webp")),
        Some((h.as_str(), "640w.webp"))
    );
    assert_eq!(
        request_path(&format!("/{h}/original.svg")),
        Some((h.as_str(), "original.svg"))
    );
    for bad in [
        "/".to_string(),
        String::new(),
        format!("{h}/640w.webp"),               // no leading slash
        format!("/{h}/640w.webp/"),             // trailing slash
        format!("/{h}/../../../etc/passwd"),    // traversal
        format!("/{h}/..%2f..%2fetc%2fpasswd"), // escaped traversal
        format!("/{h}/%2e%2e"),
        format!("/{h}/640w.webp/../original.jpg"), // more segments
        format!("/{}/640w.webp", &h[..63]),        // short hash
        format!("/{}/640w.webp", "AB".repeat(32)), // upper case
        format!("/{}/640w.webp", "gh".repeat(32)), // not hex
        format!("//{h}/640w.webp"),                // empty segment
        format!("/{h}/notes.txt"),                 // not a store file name
        format!("/{h}/original.html"),
        format!("/{h}/640w.svg"),
        format!("/{h}/w.webp"),
        format!("/{h}/640w.webp?x=1"), // a query is not part of a path
        "/../media.db".to_string(),
        "/etc/passwd".to_string(),
    ] {
        assert_eq!(request_path(&bad), None, "{bad:?} was taken");
    }
}

#[test]
fn the_protocol_serves_what_a_picture_names_and_refuses_everything_else() {
    let (dir, desk) = desk();
    let photo_hash = add(&desk, "panel.png", &png_rgb(&photo(900, 600)), "The panel");
    let svg_hash = add(&desk, "logo.svg", SVG_LOGO.as_bytes(), "Acme logo");

    // A WebP width and the fallback: the store's bytes, with the store's type.
    for (file, mime) in [("640w.webp", "image/webp"), ("320w.webp", "image/webp")] {
        let answer = desk.serve_media("GET", &format!("/{photo_hash}/{file}"));
        assert_eq!(answer.status, 200, "{file}");
        assert_eq!(answer.header("content-type"), Some(mime));
        assert_eq!(answer.header("X-Content-Type-Options"), Some("nosniff"));
        assert_eq!(answer.body, desk.media_file(&photo_hash, file).unwrap().1);
    }
    let item = desk.media_item(&photo_hash).unwrap();
    let fallback = verdict_core::render::pictures::fallback_file(&item);
    let answer = desk.serve_media("GET", &format!("/{photo_hash}/{fallback}"));
    assert_eq!(answer.status, 200);
    assert!(!answer.body.is_empty());

    // An SVG's clean original is what its picture names.
    let answer = desk.serve_media("GET", &format!("/{svg_hash}/original.svg"));
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("Content-Type"), Some("image/svg+xml"));
    assert!(answer
        .header("content-security-policy")
        .unwrap()
        .contains("sandbox"));
    assert!(String::from_utf8(answer.body).unwrap().starts_with("<svg"));

    // HEAD: the answer without the bytes; other methods are refused.
    let head = desk.serve_media("HEAD", &format!("/{svg_hash}/original.svg"));
    assert_eq!((head.status, head.body.len()), (200, 0));
    assert_eq!(
        desk.serve_media("POST", &format!("/{svg_hash}/original.svg"))
            .status,
        405
    );
    assert_eq!(
        desk.serve_media("PUT", &format!("/{svg_hash}/original.svg"))
            .status,
        405
    );

    // Refused: a raster original (no page names it), a file the image does not have, an
    // image the desk does not have, traversal out of the store, the database itself.
    std::fs::write(dir.path().join("media").join("secret.txt"), "not an image").unwrap();
    for bad in [
        format!("/{photo_hash}/original.png"),
        format!("/{photo_hash}/4096w.webp"),
        format!("/{svg_hash}/640w.jpg"),
        format!("/{}/640w.webp", "ef".repeat(32)),
        format!("/{photo_hash}/../secret.txt"),
        "/../secret.txt".to_string(),
        "/secret.txt".to_string(),
        format!("/{photo_hash}/../../verdict.db"),
        format!("/{photo_hash}"),
        format!("/{photo_hash}/"),
    ] {
        let answer = desk.serve_media("GET", &bad);
        assert_eq!(answer.status, 404, "{bad:?} was served");
        assert_eq!(answer.body, b"not found", "{bad:?}");
    }
}

#[test]
fn a_variant_lost_from_the_folder_is_made_again_when_asked_for() {
    let (dir, desk) = desk();
    let hash = add(&desk, "panel.png", &png_rgb(&photo(700, 400)), "The panel");
    let before = desk.serve_media("GET", &format!("/{hash}/640w.webp")).body;
    let path = dir.path().join("media").join(&hash).join("640w.webp");
    std::fs::remove_file(&path).unwrap();
    let again = desk.serve_media("GET", &format!("/{hash}/640w.webp"));
    assert_eq!(again.status, 200);
    assert_eq!(again.body, before, "the same bytes");
    assert!(path.exists(), "the store has the file again");
}

#[test]
fn the_draft_preview_points_at_the_protocol_and_is_otherwise_the_published_page() {
    let (_dir, desk) = desk();
    let photo_hash = add(&desk, "panel.png", &png_rgb(&photo(900, 600)), "The panel");
    let logo_hash = add(&desk, "logo.svg", SVG_LOGO.as_bytes(), "Acme logo");
    let mut tool = desk.tool(HAIKU).unwrap();
    tool.logo = Some(logo_hash.clone());
    desk.save_tool("editor", &tool).unwrap();
    let mut page = desk.comparison(SLUG).unwrap();
    // A text that only mentions the site's media folder stays as written.
    page.intro = format!(
        "![The panel at work](media:{photo_hash})\n\nFiles live under ../../media/ on the site."
    );
    desk.save_comparison("editor", &page).unwrap();
    let page = desk.comparison(SLUG).unwrap();

    let preview = desk.preview_draft(&page).unwrap().html;
    let app = MediaBase::app();
    let shown = addresses(&preview);
    assert!(
        shown.contains(&app.url(&logo_hash, "original.svg")),
        "the logo on the protocol: {shown:?}"
    );
    assert!(
        shown.contains(&app.url(&photo_hash, "640w.webp")),
        "the picture's srcset on the protocol: {shown:?}"
    );
    assert!(shown.iter().all(|a| a.starts_with(&app.0)), "{shown:?}");
    assert!(!preview.contains(&format!("../../media/{photo_hash}")));
    assert!(preview.contains("Files live under ../../media/ on the site."));

    // Every address the preview names is one the protocol serves.
    for address in &shown {
        let path = &address[app.0.len()..];
        let answer = desk.serve_media("GET", path);
        assert_eq!(answer.status, 200, "{address}");
    }

    // The page's own policy lets the frame load them: the protocol, and nothing else, is
    // added to its img-src.
    let source = app_image_source();
    assert_eq!(
        img_src(&preview),
        format!("{source} 'self' https: data:"),
        "the preview's policy"
    );

    // The page the site writes keeps its relative addresses and its policy, and the preview
    // is that page with only the addresses and that one source moved in.
    let site = verdict_core::render::render_saved(&desk.store(), SLUG, "html").unwrap();
    assert!(site.contains(&format!("../../media/{photo_hash}/640w.webp")));
    assert!(!site.contains(&app.0));
    assert_eq!(img_src(&site), "'self' https: data:");
    let back = preview
        .replace(&format!("{}/", app.0), "../../media/")
        .replacen(&format!("img-src {source} "), "img-src ", 1);
    assert_eq!(back, site);
    assert_eq!(desk.preview_comparison(SLUG).unwrap(), site);
}

#[test]
fn the_tool_preview_points_at_the_protocol_and_a_page_without_images_is_unchanged() {
    let (_dir, desk) = desk();
    let before = desk.tool(HAIKU).unwrap();
    let plain = desk.preview_tool(&before).unwrap().html;
    assert!(!plain.contains(&MediaBase::app().0), "no image, no address");
    assert!(
        !img_src(&plain).contains(&app_image_source()),
        "no image, the page's own policy"
    );

    let logo_hash = add(&desk, "logo.svg", SVG_LOGO.as_bytes(), "Acme logo");
    let mut draft = before.clone();
    draft.logo = Some(logo_hash.clone());
    let html = desk.preview_tool(&draft).unwrap().html;
    let doc = Html::parse_document(&html);
    let logo = doc
        .select(&Selector::parse("img.logo").unwrap())
        .next()
        .expect("the logo on the tool page");
    assert_eq!(
        logo.value().attr("src"),
        Some(MediaBase::app().url(&logo_hash, "original.svg").as_str())
    );
    assert_eq!(logo.value().attr("alt"), Some("Acme logo"));
}

#[test]
fn the_preview_and_the_site_share_rendered_texts_but_never_each_others_addresses() {
    let (_dir, desk) = desk();
    let photo_hash = add(&desk, "panel.png", &png_rgb(&photo(900, 600)), "The panel");
    // A description is rendered once and kept (the library's Markdown cache), for the site's
    // pages and the preview alike.
    let mut tool = desk.tool(HAIKU).unwrap();
    tool.description = format!(
        "{}\n\n![The panel at work](media:{photo_hash})",
        tool.description
    );
    desk.save_tool("editor", &tool).unwrap();
    let page = desk.comparison(SLUG).unwrap();
    let app = MediaBase::app();
    let on_site = format!("../../media/{photo_hash}/640w.webp");
    let on_app = app.url(&photo_hash, "640w.webp");
    // Either may come first and they alternate: neither takes the other's addresses.
    for round in 0..2 {
        let site = desk.preview_comparison(SLUG).unwrap();
        assert!(site.contains(&on_site), "round {round}: the site's page");
        assert!(
            !site.contains(&app.0),
            "round {round}: no protocol on the site"
        );
        let preview = desk.preview_draft(&page).unwrap().html;
        assert!(preview.contains(&on_app), "round {round}: the preview");
        assert!(
            !preview.contains(&format!("../../media/{photo_hash}")),
            "round {round}: no site address in the preview"
        );
        let tool_preview = desk.preview_tool(&tool).unwrap().html;
        assert!(
            tool_preview.contains(&on_app),
            "round {round}: the tool preview"
        );
        assert!(!tool_preview.contains(&on_site));
    }
}
