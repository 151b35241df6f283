//! The renderer: the sample page reproduces the reference page, scores follow verdicts,
//! hostile text never becomes executable, and the JSON-LD is well-formed schema.org.

use scraper::{Html, Selector};
use verdict_core::model::{Call, Comparison};
use verdict_core::render::{build_page, render_saved, Library, Renderer};
use verdict_core::store::SaveCtx;
use verdict_core::Store;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

fn sample_store() -> Store {
    verdict_core::desk::sample_store().unwrap()
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text a reader sees: the body's text nodes, whitespace-normalised.
fn visible_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let body = doc
        .select(&Selector::parse("body").unwrap())
        .next()
        .unwrap();
    normalise(&body.text().collect::<Vec<_>>().join(" "))
}

#[test]
fn sample_page_contains_every_line_of_the_reference_page() {
    let store = sample_store();
    let html = render_saved(&store, SLUG, "html").unwrap();
    let text = visible_text(&html);
    let reference = include_str!("../../../data/sample/reference-lines.txt");
    let mut checked = 0;
    for line in reference.lines().map(normalise).filter(|l| !l.is_empty()) {
        assert!(
            text.contains(&line),
            "missing from the rendered page: {line:.80}"
        );
        checked += 1;
    }
    assert_eq!(checked, 35);
    // Persona by persona, tool A's quote before tool B's, as on the reference page.
    let first = text.find("The primitive here is simple").unwrap();
    let second = text.find("The primitive here is clean").unwrap();
    let third = text.find("Direct competitors here are Llama 3.1").unwrap();
    assert!(first < second && second < third);
}

#[test]
fn panel_percentages_follow_verdicts() {
    let mut store = sample_store();
    let html = render_saved(&store, SLUG, "html").unwrap();
    let doc = Html::parse_document(&html);
    let figures: Vec<String> = doc
        .select(&Selector::parse(".figure-panel dd").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(figures, ["50%", "100%"]);

    let mut v = store
        .verdicts_for_tool("claude-haiku-open-weights")
        .unwrap()
        .into_iter()
        .find(|v| v.call == Call::Skip)
        .unwrap();
    v.call = Call::Ship;
    store.save_verdict(&SaveCtx::unattributed(), &v).unwrap();
    let html = render_saved(&store, SLUG, "html").unwrap();
    // The term before its value: a screen reader says "Panel ship, 75%".
    assert!(visible_text(&html).contains("Panel ship 75%"));
    assert!(visible_text(&html).contains("3 of 4 reviewers ship"));
}

#[test]
fn json_and_markdown_formats() {
    let store = sample_store();
    let json: serde_json::Value =
        serde_json::from_str(&render_saved(&store, SLUG, "json").unwrap()).unwrap();
    assert_eq!(json["tools"][0]["panel"]["percent"], 50);
    assert_eq!(json["tools"][1]["panel_split"], "4 of 4");
    assert_eq!(json["tools"][0]["community_label"], "\u{2014}");
    assert_eq!(json["scorecard"].as_array().unwrap().len(), 4);
    assert!(json["scorecard"][0]["cells"][0]["quote_html"]
        .as_str()
        .unwrap()
        .starts_with("<p>\u{201c}The primitive"));
    let md = render_saved(&store, SLUG, "md").unwrap();
    assert!(md.contains("# Claude Haiku Open Weights vs Llama 4 Scout Quantized"));
    assert!(md.contains("- Panel ship: 50% (2 of 4)"));
}

#[test]
fn json_ld_describes_tools_reviews_and_ratings() {
    let store = sample_store();
    let html = render_saved(&store, SLUG, "html").unwrap();
    let doc = Html::parse_document(&html);
    let scripts: Vec<String> = doc
        .select(&Selector::parse("script").unwrap())
        .map(|s| {
            assert_eq!(s.value().attr("type"), Some("application/ld+json"));
            s.text().collect()
        })
        .collect();
    assert_eq!(scripts.len(), 1);
    let ld: serde_json::Value = serde_json::from_str(&scripts[0]).unwrap();
    assert_eq!(ld["@context"], "https://schema.org");
    let graph = ld["@graph"].as_array().unwrap();
    assert_eq!(graph.len(), 2);
    for app in graph {
        assert_eq!(app["@type"], "SoftwareApplication");
        assert_eq!(app["aggregateRating"]["@type"], "AggregateRating");
        assert_eq!(app["review"].as_array().unwrap().len(), 4);
        assert_eq!(app["review"][0]["@type"], "Review");
        assert!(app["review"][0]["author"]["jobTitle"].is_string());
    }
    assert_eq!(graph[0]["aggregateRating"]["ratingValue"], 50);
}

const PAYLOADS: &[&str] = &[
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "<a href=\"JaVaScRiPt:alert(1)\">a</a>",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<svg onload=alert(1)><circle/></svg>",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<a href=\"data:text/html,<script>alert(1)</script>\">d</a>",
    "</script><script>alert(1)</script>",
    "<object data=\"x.swf\"></object><embed src=\"x\">",
    "<style>body{display:none}</style>",
    "<div style=\"background:url(javascript:alert(1))\">s</div>",
    "<form action=\"https://evil.example\"><button>go</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
];

/// Puts `payload` into every text field a page shows, then renders the page.
fn hostile_page(payload: &str) -> String {
    let store = sample_store();
    let mut lib = Library::load(&store).unwrap();
    lib.site.site_name = format!("Site {payload}");
    lib.site.kicker = payload.into();
    lib.site.newsletter.kicker = payload.into();
    lib.site.newsletter.heading = payload.into();
    lib.site.newsletter.body = payload.into();
    lib.site.base_url = Some(format!("https://x.example/{payload}"));
    for t in lib.tools.values_mut() {
        t.name = payload.into();
        t.vendor = payload.into();
        t.category = payload.into();
        t.tagline = payload.into();
        t.description =
            format!("Intro\n\n{payload}\n\n- {payload}\n\n| a |\n|---|\n| {payload} |\n");
        t.license = payload.into();
    }
    for r in lib.reviewers.values_mut() {
        r.name = payload.into();
        r.persona = payload.into();
    }
    for v in lib.verdicts.values_mut() {
        v.quote = format!("{payload} and **{payload}**");
    }
    let mut c: Comparison = lib.comparison(SLUG).unwrap().clone();
    c.title = payload.into();
    c.dek = payload.into();
    c.intro = payload.into();
    let page = build_page(&lib, &c).unwrap();
    Renderer::new("default").unwrap().page_html(&page).unwrap()
}

#[test]
fn hostile_text_in_any_field_never_becomes_executable() {
    let forbidden_tags = [
        "script", "iframe", "object", "embed", "svg", "form", "meta", "style", "base",
    ];
    for payload in PAYLOADS {
        let html = hostile_page(payload);
        let doc = Html::parse_document(&html);
        for el in doc.select(&Selector::parse("*").unwrap()) {
            let name = el.value().name();
            let allowed_here = match name {
                // Our own: one JSON-LD script, the CSP meta and charset/viewport metas, one style.
                "script" => el.value().attr("type") == Some("application/ld+json"),
                "meta" | "style" => el
                    .ancestors()
                    .any(|a| a.value().as_element().is_some_and(|e| e.name() == "head")),
                _ => !forbidden_tags.contains(&name),
            };
            assert!(allowed_here, "<{name}> from payload {payload:?}");
            for (attr, value) in el.value().attrs() {
                assert!(!attr.starts_with("on"), "{attr}= from payload {payload:?}");
                let v = value.trim().to_ascii_lowercase();
                if matches!(attr, "href" | "src" | "action" | "formaction" | "data") {
                    assert!(
                        !v.starts_with("javascript:") && !v.starts_with("data:"),
                        "{attr}={value} from payload {payload:?}"
                    );
                }
                if attr == "style" {
                    assert!(!v.contains("javascript:"), "style from payload {payload:?}");
                }
            }
        }
        let scripts = doc.select(&Selector::parse("script").unwrap()).count();
        assert_eq!(scripts, 1, "payload {payload:?} added a script");
        let metas = doc
            .select(&Selector::parse("meta[http-equiv]").unwrap())
            .count();
        assert_eq!(metas, 1, "payload {payload:?} added a meta refresh");
        // The JSON-LD still parses: the payload could not break out of it.
        let ld: String = doc
            .select(&Selector::parse("script").unwrap())
            .next()
            .unwrap()
            .text()
            .collect();
        serde_json::from_str::<serde_json::Value>(&ld).unwrap();
    }
}
