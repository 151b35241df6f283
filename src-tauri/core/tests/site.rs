//! The static site: every file is there and well-formed, and a rebuild writes only what changed.

use std::path::Path;
use verdict_core::store::SaveCtx;

use verdict_core::model::{Call, ComparisonStatus};
use verdict_core::site::{build_site, SiteOptions};
use verdict_core::Store;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

fn sample_store() -> Store {
    verdict_core::desk::sample_store().unwrap()
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name(name))
}

fn build(store: &Store, out: &Path, include_drafts: bool) -> verdict_core::site::SiteReport {
    build_site(
        store,
        out,
        SiteOptions {
            include_drafts,
            ..SiteOptions::default()
        },
        &|_, _| {},
    )
    .unwrap()
}

#[test]
fn a_site_with_one_stylesheet_links_it_from_every_page_and_a_standalone_page_keeps_its_css() {
    let store = sample_store();
    let out = tempfile::tempdir().unwrap();
    let options = SiteOptions {
        linked_css: true,
        ..SiteOptions::default()
    };
    build_site(&store, out.path(), options, &|_, _| {}).unwrap();
    let sheets: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("style.") && n.ends_with(".css"))
        .collect();
    assert_eq!(sheets.len(), 1, "{sheets:?}");
    let sheet = &sheets[0];
    let css = std::fs::read_to_string(out.path().join(sheet)).unwrap();
    assert!(css.contains(".masthead"), "the theme's CSS");
    for (file, href) in [
        ("index.html".to_string(), sheet.clone()),
        (
            format!("compare/{SLUG}/index.html"),
            format!("../../{sheet}"),
        ),
        (
            "tools/claude-haiku-open-weights/index.html".to_string(),
            format!("../../{sheet}"),
        ),
    ] {
        let html = std::fs::read_to_string(out.path().join(&file)).unwrap();
        assert!(
            html.contains(&format!("<link rel=\"stylesheet\" href=\"{href}\">")),
            "{file} links the stylesheet"
        );
        assert!(!html.contains("<style>"), "{file} has no CSS of its own");
        assert!(
            html.contains("style-src 'self' 'unsafe-inline'"),
            "{file}: its CSP allows it"
        );
        // The linked file resolves from the page's folder to the one stylesheet.
        let dir = out.path().join(&file);
        let resolved = dir.parent().unwrap().join(&href);
        assert_eq!(
            std::fs::canonicalize(resolved).unwrap(),
            std::fs::canonicalize(out.path().join(sheet)).unwrap()
        );
    }

    // Built without it, every page carries its CSS, as the standalone render does.
    let inline = tempfile::tempdir().unwrap();
    build(&store, inline.path(), false);
    let html =
        std::fs::read_to_string(inline.path().join(format!("compare/{SLUG}/index.html"))).unwrap();
    assert!(html.contains("<style>") && !html.contains("rel=\"stylesheet\""));
    assert!(html.contains("style-src 'unsafe-inline'"));
    assert!(!std::fs::read_dir(inline.path()).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .ends_with(".css")));

    // Switching the option rebuilds every page (the fingerprint knows it).
    let report = build_site(&store, inline.path(), options, &|_, _| {}).unwrap();
    assert!(report.written >= 4, "{report}");
}

#[test]
fn writes_every_file_and_the_xml_is_well_formed() {
    let store = sample_store();
    let out = tempfile::tempdir().unwrap();
    let report = build(&store, out.path(), false);
    assert_eq!((report.pages, report.tools), (1, 2));
    for f in [
        "index.html",
        "feed.xml",
        "sitemap.xml",
        &format!("compare/{SLUG}/index.html"),
        &format!("compare/{SLUG}/page.json"),
        "tools/claude-haiku-open-weights/index.html",
        "tools/llama-4-scout-quantized/index.html",
    ] {
        assert!(out.path().join(f).is_file(), "{f} missing");
    }

    // Atom (RFC 4287): feed has id, title, updated, a self link; each entry id, title, updated.
    let atom = std::fs::read_to_string(out.path().join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    for required in ["id", "title", "updated", "author"] {
        assert!(child(feed, required).is_some(), "feed lacks <{required}>");
    }
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 1);
    for required in ["id", "title", "updated", "link"] {
        assert!(
            child(entries[0], required).is_some(),
            "entry lacks <{required}>"
        );
    }
    assert_eq!(
        child(entries[0], "title").unwrap().text(),
        Some("Claude Haiku Open Weights vs Llama 4 Scout Quantized")
    );
    chrono::DateTime::parse_from_rfc3339(child(feed, "updated").unwrap().text().unwrap()).unwrap();

    // Sitemap protocol 0.9: <urlset> in its namespace, each <url> with an absolute <loc>.
    let xml = std::fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let urlset = doc.root_element();
    assert!(urlset.has_tag_name(("http://www.sitemaps.org/schemas/sitemap/0.9", "urlset")));
    let locs: Vec<&str> = urlset
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap())
        .collect();
    assert_eq!(locs.len(), 4, "{locs:?}");
    assert!(locs.iter().all(|l| l.starts_with("https://")));
    assert!(locs.contains(&format!("https://verdicts.example.com/compare/{SLUG}/").as_str()));

    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join(format!("compare/{SLUG}/page.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(json["tools"][1]["panel"]["percent"], 100);
}

#[test]
fn a_rebuild_rewrites_only_what_changed() {
    let mut store = sample_store();
    let out = tempfile::tempdir().unwrap();
    let first = build(&store, out.path(), false);
    assert_eq!(first.unchanged, 0);
    let again = build(&store, out.path(), false);
    assert_eq!(again.written, 0, "{again}");

    let page = out.path().join(format!("compare/{SLUG}/index.html"));
    let llama_page = out.path().join("tools/llama-4-scout-quantized/index.html");
    let llama_before = std::fs::metadata(&llama_page).unwrap().modified().unwrap();
    // A verdict on Haiku changes the comparison page (its JSON and share card) and Haiku's
    // tool page only.
    let mut v = store
        .verdicts_for_tool("claude-haiku-open-weights")
        .unwrap()
        .into_iter()
        .find(|v| v.call == Call::Skip)
        .unwrap();
    v.call = Call::Ship;
    store.save_verdict(&SaveCtx::unattributed(), &v).unwrap();
    let after = build(&store, out.path(), false);
    assert_eq!(after.written, 4, "{after}");
    assert!(std::fs::read_to_string(&page).unwrap().contains("75%"));
    assert_eq!(
        std::fs::metadata(&llama_page).unwrap().modified().unwrap(),
        llama_before
    );

    // A deleted output file is written again even though its inputs did not change.
    std::fs::remove_file(&page).unwrap();
    assert_eq!(build(&store, out.path(), false).written, 1);
}

#[test]
fn drafts_only_with_the_flag_and_unpublished_pages_are_removed() {
    let mut store = sample_store();
    let out = tempfile::tempdir().unwrap();
    build(&store, out.path(), false);
    let page = out.path().join(format!("compare/{SLUG}/index.html"));
    assert!(page.exists());

    let mut c = store.comparison(SLUG).unwrap().unwrap();
    c.status = ComparisonStatus::Draft;
    store.save_comparison(&SaveCtx::unattributed(), &c).unwrap();
    let report = build(&store, out.path(), false);
    assert_eq!(report.pages, 0);
    assert!(report.removed >= 2, "{report}");
    assert!(!page.exists());
    let index = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(index.contains("No comparisons published yet."));

    let report = build(&store, out.path(), true);
    assert_eq!(report.pages, 1);
    assert!(page.exists());
}
