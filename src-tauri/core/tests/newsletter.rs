//! The weekly newsletter: the comparisons of the period in an email HTML that parses without
//! a single HTML error (html5ever, the parser of Servo and of `scraper`) and a plain text that
//! holds every title and link; untrusted text stays text; tools' logos as PNGs on the site.

use chrono::{DateTime, Utc};
use scraper::{Html, Selector};
use verdict_core::newsletter::{build_newsletter, parse_date, NewsletterError};
use verdict_core::render::Library;

mod media_images;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

fn at(text: &str) -> DateTime<Utc> {
    parse_date(text).unwrap()
}

/// The sample desk plus two more pages published the same week and one the week before.
fn week_of_pages() -> Library {
    let mut lib = Library::load(&verdict_core::desk::sample_store().unwrap()).unwrap();
    let sample = lib.comparison(SLUG).unwrap().clone();
    for (slug, title, when) in [
        (
            "second",
            "Second page <b>&amp;</b> \"quoted\"",
            "2026-11-04T12:00:00Z",
        ),
        (
            "third",
            "Third page: </td></table><script>alert(1)</script>",
            "2026-11-01T00:00:00Z",
        ),
        ("older", "Older page", "2026-10-20T10:00:00Z"),
    ] {
        let mut c = sample.clone();
        c.slug = slug.into();
        c.title = title.into();
        c.published_at = Some(at(when));
        lib.comparisons.push(c);
    }
    lib
}

#[test]
fn the_newsletter_lists_the_weeks_pages_newest_first_in_html_and_text() {
    let lib = week_of_pages();
    let n = build_newsletter(&lib, at("2026-11-01"), at("2026-11-08")).unwrap();
    let slugs: Vec<&str> = n.items.iter().map(|i| i.slug.as_str()).collect();
    assert_eq!(slugs, ["second", SLUG, "third"]);
    assert_eq!(
        n.subject,
        "Weekly AI Tool Verdicts: Second page <b>&amp;</b> \"quoted\" and 2 more"
    );
    assert_eq!(
        n.summary,
        "3 new comparisons published 1 November 2026 – 7 November 2026."
    );

    // HTML: parses with no error at all, as a whole document.
    let doc = Html::parse_document(&n.html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    assert!(n.html.starts_with("<!doctype html>"));
    let sel = |s: &str| Selector::parse(s).unwrap();
    // Email-ready: no script, nothing external but links, layout in presentation tables,
    // styles inline (the <style> only adds dark mode and the phone layout).
    assert_eq!(doc.select(&sel("script")).count(), 0);
    assert_eq!(doc.select(&sel("img, link, iframe, form")).count(), 0);
    assert!(doc.select(&sel("table[role=presentation]")).count() >= 4);
    assert_eq!(
        doc.select(&sel("meta[name=color-scheme]"))
            .next()
            .unwrap()
            .value()
            .attr("content"),
        Some("light dark")
    );
    for el in doc.select(&sel("body td, body p, body h1, body h2, body a")) {
        assert!(
            el.value().attr("style").is_some(),
            "<{}> without inline style",
            el.value().name()
        );
    }
    // Every title as text (escaped, not markup) and every page linked.
    let text_of_body: String = doc.select(&sel("body")).next().unwrap().text().collect();
    for item in &n.items {
        assert!(text_of_body.contains(&item.title), "{}", item.title);
        let url = format!("https://verdicts.example.com/compare/{}/", item.slug);
        assert_eq!(item.url, url);
        assert!(
            doc.select(&sel(&format!("a[href=\"{url}\"]"))).count() >= 2,
            "{url} linked from the title and the button"
        );
    }
    assert!(!text_of_body.contains("Older page"));
    // Addresses are written plainly (no `&#x2f;`), as naive link rewriters expect.
    assert!(n.html.contains(&format!("href=\"{}\"", n.items[0].url)));
    // Figures and the site's newsletter block.
    for needle in [
        "50%",
        "100%",
        "Panel ship (2 of 4 reviewers)",
        "Get the next comparison in your inbox",
        "New AI tools ship daily. We compare them before you waste an afternoon.",
    ] {
        assert!(text_of_body.contains(needle), "{needle}");
    }

    // Plain text: every title and link, the block, the feed.
    for item in &n.items {
        assert!(n.text.contains(&item.title), "{}", item.title);
        assert!(n
            .text
            .contains(&format!("Read the comparison: {}", item.url)));
    }
    for needle in [
        "Get the next comparison in your inbox",
        "New AI tools ship daily.",
        "https://verdicts.example.com/feed.xml",
        "panel ship 50% (2 of 4 reviewers)",
    ] {
        assert!(n.text.contains(needle), "{needle} in\n{}", n.text);
    }
    assert!(!n.text.contains("&amp;amp;") && !n.text.contains("&lt;"));
}

#[test]
fn an_empty_week_or_a_site_without_address_is_refused_clearly() {
    let mut lib = week_of_pages();
    let err = build_newsletter(&lib, at("2026-12-01"), at("2026-12-08")).unwrap_err();
    assert!(matches!(err, NewsletterError::NothingPublished { .. }));
    assert!(err.to_string().contains("1 December 2026"), "{err}");
    let err = build_newsletter(&lib, at("2026-12-08"), at("2026-12-01")).unwrap_err();
    assert!(matches!(err, NewsletterError::EmptyPeriod { .. }));
    lib.site.base_url = None;
    let err = build_newsletter(&lib, at("2026-11-01"), at("2026-11-08")).unwrap_err();
    assert!(err.to_string().starts_with("site.base_url:"), "{err}");
    assert!(parse_date("last week").is_err());
    assert_eq!(
        parse_date("2026-11-01T09:30:00+01:00").unwrap(),
        at("2026-11-01T08:30:00Z")
    );
}

/// The app's side: a desk writes both parts into a folder (replacing them whole), previews
/// the same newsletter, says by field what is missing, and draws a saved page's share card.
#[test]
fn a_desk_writes_and_previews_the_newsletter_and_draws_a_pages_share_card() {
    let dir = tempfile::tempdir().unwrap();
    let desk = verdict_core::Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    let since = at("2000-01-01");
    let preview = desk.newsletter_preview(since).unwrap();
    assert!(preview.count >= 1, "{preview:?}");
    let out = dir.path().join("mail");
    let (n, [html, text]) = desk
        .write_newsletter(since, chrono::Utc::now(), &out)
        .unwrap();
    assert_eq!(std::fs::read_to_string(&html).unwrap(), preview.html);
    assert_eq!(std::fs::read_to_string(&text).unwrap(), n.text);
    assert!(n.text.contains(SLUG), "{}", n.text);

    // Nothing published in the period: said, and nothing written.
    let err = desk.newsletter_preview(chrono::Utc::now()).unwrap_err();
    let api = verdict_core::ApiError::from(err);
    assert_eq!(api.code, verdict_core::ErrorCode::NotFound, "{api:?}");

    let png = desk.share_card_png(SLUG).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1200, 630));
    assert!(desk.share_card_png("no-such-page").is_err());
}

/// A tool's logo in the email: an `<img>` of a PNG on the site's address (an SVG logo's PNG
/// drawing: mail clients do not all show SVG or WebP), with its alt text and size; the site
/// build writes those files. Tools without a logo show none.
#[test]
fn the_newsletter_shows_tools_logos_from_the_site() {
    use media_images::desk::*;
    let (_dir, desk, images) = with_images();
    let lib = desk.library().unwrap();
    let n = build_newsletter(&lib, at("2026-11-01"), at("2026-11-08")).unwrap();
    let doc = Html::parse_document(&n.html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    let imgs: Vec<_> = doc
        .select(&Selector::parse("img").unwrap())
        .map(|e| e.value().clone())
        .collect();
    assert_eq!(imgs.len(), 2, "{}", n.html);
    let expected = [
        (
            format!("{BASE_URL}/media/{}/256w.png", images.raster_logo),
            "Claude Haiku logo",
        ),
        (
            format!("{BASE_URL}/media/{}/1280w.png", images.svg_logo),
            "Llama logo",
        ),
    ];
    for (img, (src, alt)) in imgs.iter().zip(&expected) {
        assert_eq!(img.attr("src"), Some(src.as_str()));
        assert_eq!(img.attr("alt"), Some(*alt));
        assert_eq!(
            (img.attr("width"), img.attr("height")),
            (Some("40"), Some("40"))
        );
        assert!(img.attr("style").unwrap().contains("display:block"));
    }
    // The addresses lead to files `verdict site` writes.
    let site = tempfile::tempdir().unwrap();
    verdict_core::site::build_site(
        &desk.store(),
        site.path(),
        verdict_core::site::SiteOptions::default(),
        &|_, _| {},
    )
    .unwrap();
    for (src, _) in &expected {
        let path = src.strip_prefix(&format!("{BASE_URL}/")).unwrap();
        let file = site.path().join(path);
        assert!(file.is_file(), "{path} not written by the site");
        assert_eq!(&std::fs::read(&file).unwrap()[..8], b"\x89PNG\r\n\x1a\n");
    }

    // A decorative logo has an empty alt text; a tool without a logo shows none.
    desk.set_media_text(
        "editor",
        &images.svg_logo,
        &verdict_core::media::MediaText {
            decorative: Some(true),
            ..Default::default()
        },
    )
    .unwrap();
    let mut tool = desk.tool(&lib.comparison(SLUG).unwrap().tools[0]).unwrap();
    tool.logo = None;
    desk.save_tool("editor", &tool).unwrap();
    let lib = desk.library().unwrap();
    let n = build_newsletter(&lib, at("2026-11-01"), at("2026-11-08")).unwrap();
    let doc = Html::parse_document(&n.html);
    let imgs: Vec<_> = doc.select(&Selector::parse("img").unwrap()).collect();
    assert_eq!(imgs.len(), 1);
    assert_eq!(imgs[0].value().attr("alt"), Some(""));
}
