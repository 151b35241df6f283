//! A desk whose sample comparison shows every kind of image a page can hold: a raster logo
//! (PNG) and an SVG logo on its two tools, a screenshot with a credit on the first tool, and an
//! image written in the intro's Markdown; the site has an absolute address. Shared by the tests
//! that look at such a page: the share card, the newsletter, accessibility and HTML validity.

use verdict_core::media::MediaText;
use verdict_core::model::Screenshot;
use verdict_core::store::SaveCtx;
use verdict_core::Desk;

/// The sample comparison (two tools, published 2 November 2026).
pub const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

/// The site's address.
pub const BASE_URL: &str = "https://verdicts.example";

/// A flat SVG logo: red square, white dot in the middle.
pub const SVG_LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 12 12"><rect width="12" height="12" fill="#c81e1e"/><circle cx="6" cy="6" r="2" fill="#ffffff"/></svg>"##;

/// The colours of [`super::logo`] (the raster logo) and of [`SVG_LOGO`].
pub const RASTER_LOGO_CENTRE: [u8; 3] = [250, 200, 0];
pub const RASTER_LOGO_RING: [u8; 3] = [10, 60, 160];
pub const SVG_LOGO_FILL: [u8; 3] = [0xc8, 0x1e, 0x1e];

/// The images on [`with_images`]'s desk, by hash.
pub struct Images {
    /// The first tool's logo (PNG).
    pub raster_logo: String,
    /// The second tool's logo.
    pub svg_logo: String,
    /// The first tool's screenshot.
    pub screenshot: String,
    /// The image in the intro.
    pub photo: String,
}

/// A desk in a fresh folder with the sample content and its profiles.
pub fn sample_desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    (dir, desk)
}

/// Adds an image with its alt text, as the editor; returns its hash.
pub fn add(desk: &Desk, name: &str, bytes: &[u8], alt: &str) -> String {
    desk.add_media(
        "editor",
        name,
        bytes,
        &MediaText {
            alt: Some(alt.into()),
            ..MediaText::default()
        },
    )
    .unwrap()
    .item
    .hash
}

/// The sample desk with images on [`SLUG`] (see the module's text).
pub fn with_images() -> (tempfile::TempDir, Desk, Images) {
    let (dir, desk) = sample_desk();
    let images = Images {
        raster_logo: add(
            &desk,
            "haiku.png",
            &super::png_rgba(&super::logo(256, 256)),
            "Claude Haiku logo",
        ),
        svg_logo: add(&desk, "llama.svg", SVG_LOGO.as_bytes(), "Llama logo"),
        screenshot: add(
            &desk,
            "haiku-console.jpg",
            &super::jpeg(&super::photo(900, 560), 90),
            "The model's console with a prompt and its answer",
        ),
        photo: add(
            &desk,
            "panel.jpg",
            &super::jpeg(&super::photo(1300, 650), 90),
            "The panel at work",
        ),
    };
    let mut store = desk.store();
    let mut site = store.site().unwrap();
    site.base_url = Some(BASE_URL.into());
    store.save_site(&SaveCtx::unattributed(), &site).unwrap();
    let mut page = store
        .comparisons()
        .unwrap()
        .into_iter()
        .find(|c| c.slug == SLUG)
        .unwrap();
    page.intro = format!(
        "{}\n\n![Four reviewers around a laptop](media:{})\n",
        page.intro.trim_end(),
        images.photo
    );
    store
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    drop(store);
    let mut first = desk.tool(&page.tools[0]).unwrap();
    first.logo = Some(images.raster_logo.clone());
    first.screenshots = vec![Screenshot {
        media: images.screenshot.clone(),
        alt: "The console: a prompt and the model's answer".into(),
        credit: "Screenshot: the vendor's console".into(),
        decorative: false,
    }];
    desk.save_tool("editor", &first).unwrap();
    desk.set_tool_logo("editor", &page.tools[1], &images.svg_logo)
        .unwrap();
    (dir, desk, images)
}
