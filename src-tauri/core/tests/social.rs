//! What a page shows a social network or a chat: canonical link, Open Graph and Twitter card
//! tags, article times (all escaped), and the share card (SVG text and the PNG, with the
//! tools' logos).

mod media_images;

use scraper::{Html, Selector};
use verdict_core::render::share_card::{rasterise, HEIGHT, WIDTH};
use verdict_core::render::{build_page, Library, Renderer};

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const TITLE: &str = "Claude Haiku Open Weights vs Llama 4 Scout Quantized";

fn sample() -> Library {
    Library::load(&verdict_core::desk::sample_store().unwrap()).unwrap()
}

fn meta(doc: &Html, key: &str) -> Vec<String> {
    let sel = Selector::parse(&format!(
        "head meta[property=\"{key}\"], head meta[name=\"{key}\"]"
    ))
    .unwrap();
    doc.select(&sel)
        .map(|e| e.value().attr("content").unwrap().to_string())
        .collect()
}

fn page_html(lib: &Library) -> String {
    let page = build_page(lib, lib.comparison(SLUG).unwrap()).unwrap();
    Renderer::new("default").unwrap().page_html(&page).unwrap()
}

#[test]
fn a_page_on_a_site_with_an_address_carries_social_metadata() {
    let lib = sample();
    let doc = Html::parse_document(&page_html(&lib));
    let url = format!("https://verdicts.example.com/compare/{SLUG}/");
    let canonical: Vec<&str> = doc
        .select(&Selector::parse("head link[rel=canonical]").unwrap())
        .map(|e| e.value().attr("href").unwrap())
        .collect();
    assert_eq!(canonical, [url.as_str()]);
    let dek = lib.comparison(SLUG).unwrap().dek.clone();
    for (key, value) in [
        ("og:type", "article"),
        ("og:site_name", lib.site.site_name.as_str()),
        ("og:title", TITLE),
        ("og:description", dek.as_str()),
        ("og:url", url.as_str()),
        ("og:image", &format!("{url}share.png")),
        ("og:image:width", "1200"),
        ("og:image:height", "630"),
        ("article:published_time", "2026-11-02T09:00:00Z"),
        ("twitter:card", "summary_large_image"),
        ("twitter:title", TITLE),
        ("twitter:description", dek.as_str()),
        ("twitter:image", &format!("{url}share.png")),
    ] {
        assert_eq!(meta(&doc, key), [value], "{key}");
    }
    // Saved (imported) after it was published: modified is the later time.
    let modified = meta(&doc, "article:modified_time");
    assert_eq!(modified.len(), 1);
    let modified = chrono::DateTime::parse_from_rfc3339(&modified[0]).unwrap();
    let published = chrono::DateTime::parse_from_rfc3339("2026-11-02T09:00:00Z").unwrap();
    assert!(modified >= published, "{modified} before {published}");
}

#[test]
fn without_a_site_address_there_is_no_social_metadata() {
    let mut lib = sample();
    lib.site.base_url = None;
    let doc = Html::parse_document(&page_html(&lib));
    assert!(doc
        .select(&Selector::parse("head link[rel=canonical]").unwrap())
        .next()
        .is_none());
    assert!(meta(&doc, "og:title").is_empty() && meta(&doc, "og:image").is_empty());
}

const HOSTILE: &str = "\"><script>alert(1)</script><meta property=\"og:title\" content=\"x";

#[test]
fn metadata_is_escaped() {
    let mut lib = sample();
    lib.site.site_name = HOSTILE.into();
    let mut c = lib.comparison(SLUG).unwrap().clone();
    c.title = HOSTILE.into();
    c.dek = HOSTILE.into();
    let page = build_page(&lib, &c).unwrap();
    let html = Renderer::new("default").unwrap().page_html(&page).unwrap();
    assert!(!html.contains("<script>alert"));
    let doc = Html::parse_document(&html);
    // The text round-trips exactly, and no tag was added.
    for key in [
        "og:title",
        "og:description",
        "og:site_name",
        "twitter:title",
    ] {
        assert_eq!(meta(&doc, key), [HOSTILE], "{key}");
    }
    assert_eq!(doc.select(&Selector::parse("script").unwrap()).count(), 1);
}

fn card_svg(lib: &Library, c: &verdict_core::model::Comparison) -> String {
    let page = build_page(lib, c).unwrap();
    Renderer::new("default")
        .unwrap()
        .share_card_svg(lib, &page)
        .unwrap()
}

/// The texts of the SVG's `<text>` elements, in document order.
fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_share_card_shows_the_title_and_each_tools_figures() {
    let lib = sample();
    let svg = card_svg(&lib, lib.comparison(SLUG).unwrap());
    let texts = svg_texts(&svg);
    let joined = texts.join(" ");
    assert!(joined.contains(TITLE), "{texts:?}");
    for expected in [
        "Claude Haiku Open Weights",
        "Llama 4 Scout Quantized",
        "50%",
        "100%",
        "Panel ship · 2 of 4",
        "Panel ship · 4 of 4",
        "Community",
        "AI TOOL COMPARISON",
    ] {
        assert!(
            texts.iter().any(|t| t == expected),
            "{expected} in {texts:?}"
        );
    }
    // Both tools' community share, "—" without votes.
    assert_eq!(texts.iter().filter(|t| *t == "\u{2014}").count(), 2);
    // No logos: no image, the names where they always were (the card is what it was).
    assert!(!svg.contains("<image"), "{svg}");
    assert_eq!(
        svg.matches("fill=\"#17804a\"/>\n    <text x=\"28\" y=\"58\"")
            .count(),
        2,
        "{svg}"
    );

    let png = rasterise(&svg).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
    assert_eq!((WIDTH, HEIGHT), (1200, 630));
    let step = info.color_type.samples();
    // Text was drawn: the big green "50%" leaves many ship-green pixels, the title dark ones.
    let px = |x: usize, y: usize| {
        let i = (y * info.width as usize + x) * step;
        (pixels[i], pixels[i + 1], pixels[i + 2])
    };
    let count = |f: &dyn Fn((u8, u8, u8)) -> bool| {
        (0..info.height as usize)
            .flat_map(|y| (0..info.width as usize).map(move |x| (x, y)))
            .filter(|&(x, y)| f(px(x, y)))
            .count()
    };
    let ink = count(&|(r, g, b)| r < 60 && g < 60 && b < 60);
    let green = count(&|(r, g, b)| (r, g, b) == (0x17, 0x80, 0x4a));
    assert!(ink > 5_000, "title and names drawn: {ink} dark pixels");
    assert!(green > 3_000, "panel figures drawn: {green} green pixels");
}

#[test]
fn share_card_text_is_escaped_and_clipped() {
    let mut lib = sample();
    lib.site.kicker = "<b>&".into();
    let mut c = lib.comparison(SLUG).unwrap().clone();
    c.title = format!("{HOSTILE} {}", "very long words ".repeat(10));
    let svg = card_svg(&lib, &c);
    // Well-formed XML with the text intact (so nothing was injected).
    let texts = svg_texts(&svg);
    assert!(texts.iter().any(|t| t == "<B>&"), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.starts_with("\"><script>")),
        "{texts:?}"
    );
    assert!(!svg.contains("<script"));
    assert!(texts.iter().any(|t| t.ends_with('…')));
    rasterise(&svg).unwrap();

    // A page with five tools shows four panels and says how many more.
    let mut five = lib.comparison(SLUG).unwrap().clone();
    let first = five.tools[0].clone();
    five.tools = vec![first.clone(); 5];
    let texts = svg_texts(&card_svg(&lib, &five));
    assert!(texts.contains(&"+1 more compared on the page".to_string()));
}

/// The pixel at (x, y) of a decoded card.
fn card_pixel(png: &[u8], x: u32, y: u32) -> [u8; 3] {
    let img = image::load_from_memory(png).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (WIDTH, HEIGHT));
    img.get_pixel(x, y).0
}

/// Each `<image>` of a card's SVG: its box on the card (its panel's offset added) and href.
fn card_images(svg: &str) -> Vec<([f32; 4], String)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("image"))
        .map(|n| {
            let g = n.parent_element().unwrap();
            let (dx, dy) = g
                .attribute("transform")
                .unwrap()
                .trim_start_matches("translate(")
                .trim_end_matches(')')
                .split_once(' ')
                .map(|(a, b)| (a.parse::<f32>().unwrap(), b.parse::<f32>().unwrap()))
                .unwrap();
            let num = |a: &str| n.attribute(a).unwrap().parse::<f32>().unwrap();
            (
                [num("x") + dx, num("y") + dy, num("width"), num("height")],
                n.attribute("href").unwrap().to_string(),
            )
        })
        .collect()
}

fn near(a: [u8; 3], b: [u8; 3], tolerance: u8) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= tolerance)
}

#[test]
fn the_share_card_shows_each_tools_logo_beside_its_name() {
    use media_images::desk::*;
    let (_plain_dir, plain) = sample_desk();
    let before = plain.share_card_png(SLUG).unwrap();
    let (_dir, desk, images) = with_images();
    let lib = desk.library().unwrap();
    let svg = card_svg(&lib, lib.comparison(SLUG).unwrap());
    let png = desk.share_card_png(SLUG).unwrap();
    assert_eq!(png, rasterise(&svg).unwrap(), "the SVG alone is the card");
    assert_ne!(png, before, "logos change the card");

    // Both names moved right of a 40 px square (+ 12 px), the longer one a little smaller so
    // it is not cut; the figures stay at 28.
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let names: Vec<(&str, &str, &str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("y") == Some("58"))
        .map(|n| {
            (
                n.attribute("x").unwrap(),
                n.attribute("font-size").unwrap(),
                n.text().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("80", "27", "Claude Haiku Open Weights"),
            ("80", "29", "Llama 4 Scout Quantized")
        ]
    );
    let drawn = card_images(&svg);
    assert_eq!(drawn.len(), 2, "{svg}");
    // The raster logo is a PNG of exactly the size it is drawn at; the SVG one is its clean SVG.
    let ([x, y, w, h], href) = &drawn[0];
    assert_eq!((*w, *h), (40.0, 40.0));
    let data = href.strip_prefix("data:image/png;base64,").unwrap();
    use base64::Engine as _;
    let embedded = base64::engine::general_purpose::STANDARD
        .decode(data)
        .unwrap();
    assert_eq!(
        image::load_from_memory(&embedded)
            .unwrap()
            .to_rgba8()
            .dimensions(),
        (40, 40)
    );
    let (cx, cy) = ((x + w / 2.0) as u32, (y + h / 2.0) as u32);
    assert!(
        near(card_pixel(&png, cx, cy), RASTER_LOGO_CENTRE, 12),
        "the raster logo's centre: {:?}",
        card_pixel(&png, cx, cy)
    );
    // Its ring, three quarters of the way out, and a pixel of the plain card there before.
    let ring = card_pixel(&png, cx + (w * 0.36) as u32, cy);
    assert!(near(ring, RASTER_LOGO_RING, 12), "the ring: {ring:?}");
    assert!(near(card_pixel(&before, cx, cy), [255, 255, 255], 0));

    let ([x, y, w, h], href) = &drawn[1];
    assert!(href.starts_with("data:image/svg+xml;base64,"), "{href}");
    let corner = card_pixel(&png, (x + 4.0) as u32, (y + 4.0) as u32);
    assert!(
        near(corner, SVG_LOGO_FILL, 2),
        "the SVG logo's fill: {corner:?}"
    );
    let centre = card_pixel(&png, (x + w / 2.0) as u32, (y + h / 2.0) as u32);
    assert!(
        near(centre, [255, 255, 255], 2),
        "its white dot: {centre:?}"
    );

    // Only the tool with a logo changes: without the SVG logo, that panel is as before.
    let mut tool = desk.tool(&lib.comparison(SLUG).unwrap().tools[1]).unwrap();
    tool.logo = None;
    desk.save_tool("editor", &tool).unwrap();
    let lib = desk.library().unwrap();
    let svg = card_svg(&lib, lib.comparison(SLUG).unwrap());
    assert_eq!(card_images(&svg).len(), 1);
    assert!(svg.contains("fill=\"#17804a\"/>\n    <text x=\"28\" y=\"58\""));
    assert!(!svg.contains(&images.svg_logo));
}

#[test]
fn a_lost_logo_variant_is_made_again_and_a_lost_original_is_named() {
    use media_images::desk::*;
    let renderer = Renderer::new("default").unwrap();
    let card = |desk: &verdict_core::Desk| {
        let lib = desk.library().unwrap();
        let page = build_page(&lib, lib.comparison(SLUG).unwrap()).unwrap();
        renderer.share_card_svg(&lib, &page)
    };
    let (_whole_dir, whole, _) = with_images();
    let expected = card(&whole).unwrap();

    // Another desk with the same images, which lost the raster logo's WebP variants before
    // any card was drawn: they are made again, and the card is the same.
    let (dir, desk, images) = with_images();
    let folder = dir.path().join("media").join(&images.raster_logo);
    let mut removed = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "webp") {
            std::fs::remove_file(path).unwrap();
            removed += 1;
        }
    }
    assert!(removed > 0);
    assert_eq!(card(&desk).unwrap(), expected);

    // A desk whose SVG logo lost its original: the card is refused, naming the tool and image.
    let (dir, desk, images) = with_images();
    let original = dir.path().join("media").join(&images.svg_logo);
    std::fs::remove_file(original.join("original.svg")).unwrap();
    let err = card(&desk).unwrap_err().to_string();
    assert!(
        err.contains("tools[1].logo")
            && err.contains("Llama 4 Scout Quantized")
            && err.contains(&images.svg_logo[..12]),
        "{err}"
    );
}
