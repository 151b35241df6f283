//! `verdict site` with images: media/ beside the pages holds exactly the files the pages
//! point at (copied from the store byte for byte), every image address on a page resolves to
//! a file that exists, and a second build with nothing changed writes nothing.

mod media_images;

use std::path::Path;

use media_images::*;
use scraper::{Html, Selector};
use verdict_core::media::MediaText;
use verdict_core::site::{build_site, SiteOptions};
use verdict_core::store::SaveCtx;
use verdict_core::Desk;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

fn files_under(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(
                    path.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out.sort();
    out
}

/// Every image address in a page (src and each srcset entry), resolved against the page.
fn image_addresses(page: &Path, html: &str) -> Vec<std::path::PathBuf> {
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    let dir = page.parent().unwrap();
    for el in doc.select(&Selector::parse("img, source").unwrap()) {
        let mut urls: Vec<&str> = el.value().attr("src").into_iter().collect();
        if let Some(set) = el.value().attr("srcset") {
            urls.extend(set.split(',').filter_map(|c| c.split_whitespace().next()));
        }
        for url in urls {
            out.push(dir.join(url));
        }
    }
    out
}

#[test]
fn the_site_writes_the_images_its_pages_show_and_nothing_else() {
    let data = tempfile::tempdir().unwrap();
    let desk = Desk::open(data.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    let text = |alt: &str| MediaText {
        alt: Some(alt.into()),
        ..MediaText::default()
    };
    let photo_hash = desk
        .add_media(
            "editor",
            "p.jpg",
            &jpeg(&photo(700, 400), 90),
            &text("Photo"),
        )
        .unwrap()
        .item
        .hash;
    let logo_hash = desk
        .add_media("editor", "l.png", &png_rgba(&logo(96, 96)), &text("Logo"))
        .unwrap()
        .item
        .hash;
    let unused = desk
        .add_media("editor", "u.png", &png_rgba(&logo(90, 90)), &text("Unused"))
        .unwrap()
        .item
        .hash;
    let mut page = desk
        .store()
        .comparisons()
        .unwrap()
        .into_iter()
        .find(|c| c.slug == SLUG)
        .unwrap();
    page.intro = format!("![](media:{photo_hash})");
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    let mut tool = desk.tool(&page.tools[0]).unwrap();
    tool.logo = Some(logo_hash.clone());
    desk.save_tool("editor", &tool).unwrap();

    let out = tempfile::tempdir().unwrap();
    let options = SiteOptions {
        include_drafts: true,
        no_share_cards: true,
        ..SiteOptions::default()
    };
    build_site(&desk.store(), out.path(), options, &|_, _| {}).unwrap();

    let media: Vec<String> = files_under(out.path())
        .into_iter()
        .filter(|p| p.starts_with("media/"))
        .collect();
    assert!(
        media
            .iter()
            .any(|p| p.starts_with(&format!("media/{photo_hash}/"))),
        "{media:?}"
    );
    assert!(media
        .iter()
        .any(|p| p.starts_with(&format!("media/{logo_hash}/"))));
    assert!(
        !media.iter().any(|p| p.contains(&unused)),
        "unused image written"
    );
    assert!(!media.iter().any(|p| p.contains("original")), "{media:?}");
    // Copied from the store, not made again.
    for rel in &media {
        let stored = data.path().join(rel);
        assert_eq!(
            std::fs::read(out.path().join(rel)).unwrap(),
            std::fs::read(&stored).unwrap(),
            "{rel}"
        );
    }

    // Every image a page shows resolves to a file of the site.
    let mut checked = 0;
    for rel in files_under(out.path())
        .into_iter()
        .filter(|p| p.ends_with(".html"))
    {
        let path = out.path().join(&rel);
        let html = std::fs::read_to_string(&path).unwrap();
        for file in image_addresses(&path, &html) {
            assert!(file.is_file(), "{rel}: {} missing", file.display());
            checked += 1;
        }
    }
    assert!(checked >= 6, "only {checked} image addresses seen");

    // Nothing changed: nothing written.
    let again = build_site(&desk.store(), out.path(), options, &|_, _| {}).unwrap();
    assert_eq!(again.written, 0, "{again}");

    // An alt text change reaches the pages (no revision records it).
    desk.set_media_text("editor", &photo_hash, &text("A new alt"))
        .unwrap();
    build_site(&desk.store(), out.path(), options, &|_, _| {}).unwrap();
    let html =
        std::fs::read_to_string(out.path().join(format!("compare/{SLUG}/index.html"))).unwrap();
    assert!(html.contains("alt=\"A new alt\""));
}
