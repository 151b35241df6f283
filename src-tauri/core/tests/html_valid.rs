//! Every kind of HTML document the renderer makes is valid HTML by the Nu Html Checker (the
//! W3C's validator, `vnu.jar`): the pages of a site (index, comparison and tool pages, with
//! the CSS inline and linked), a generated desk's pages and drafts, three-tool pages, a page
//! whose Markdown uses every supported feature, the page without a base URL, a site whose
//! pages show images (logos, a screenshot, an image in the intro), and the weekly email, with
//! and without logos. Any error fails the test, listing each with its page, line and the
//! checker's text.
//!
//! All documents go to the checker in one run: the JVM's start costs more than checking them.
//! A page with the figures' old markup rides along and must be reported, so a checker that
//! checked nothing (or read the wrong files) cannot pass the test.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use verdict_core::store::SaveCtx;

use verdict_core::render::{build_page, render_saved, Library, Renderer};
use verdict_core::site::{build_site, SiteOptions};
use verdict_core::Store;
use verdict_fixtures::{generate, GenerateOptions};

mod media_images;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

/// The page that must fail: the sample page with a figure's value before its term, as the
/// theme once wrote them (screen readers read "50%" before "Panel ship").
const CONTROL: &str = "control: <dd> before <dt>";

fn vnu_jar() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/html_valid/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        path.is_file(),
        "{} is missing: run .ci/setup (npm ci in src-tauri/core/tests/html_valid)",
        path.display()
    );
    path
}

/// One message of the checker about one page.
#[derive(Debug)]
struct Message {
    page: String,
    kind: String,
    line: Option<u64>,
    text: String,
    extract: String,
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = self.line.map(|l| format!(":{l}")).unwrap_or_default();
        write!(
            f,
            "{}{line} {}: {} [{}]",
            self.page,
            self.kind,
            self.text,
            self.extract.replace('\n', "⏎")
        )
    }
}

/// Runs the checker once over every page and returns its messages, by page.
fn check(pages: &[(String, String)]) -> Vec<Message> {
    let dir = tempfile::tempdir().unwrap();
    let mut names = BTreeMap::new();
    let mut files = Vec::new();
    for (i, (name, html)) in pages.iter().enumerate() {
        let file = dir.path().join(format!("{i:03}.html"));
        std::fs::write(&file, html).unwrap();
        names.insert(format!("{i:03}.html"), name.clone());
        files.push(file);
    }
    let mut child = Command::new(verdict_testkit::program("java"))
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--format", "json", "--stdout"])
        .args(&files)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("java starts");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).map(|_| s)
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        stderr.read_to_string(&mut s).map(|_| s)
    });
    // A hung JVM fails the test instead of hanging it.
    let deadline = Instant::now() + Duration::from_secs(300);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the Nu Html Checker did not finish in 300 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = out.join().unwrap().expect("the checker's output is text");
    let err = err.join().unwrap().unwrap_or_default();
    let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| {
        panic!("the checker's output is not its JSON report ({e}):\n{out}\n{err}")
    });
    let mut found = Vec::new();
    for m in json["messages"]
        .as_array()
        .expect("the report has messages")
    {
        let url = m["url"].as_str().unwrap_or_default();
        let file = url.rsplit('/').next().unwrap_or_default();
        let page = names
            .get(file)
            .cloned()
            .unwrap_or_else(|| format!("(no page: {url})"));
        let kind = match (m["type"].as_str(), m["subType"].as_str()) {
            (Some("info"), Some(sub)) => sub.to_string(),
            (Some(t), _) => t.to_string(),
            _ => "message".to_string(),
        };
        found.push(Message {
            page,
            kind,
            line: m["lastLine"].as_u64(),
            text: m["message"].as_str().unwrap_or_default().to_string(),
            extract: m["extract"].as_str().unwrap_or_default().to_string(),
        });
    }
    found
}

/// Every HTML file a site build writes, named by its path in the site.
fn site_pages(label: &str, store: &Store, options: SiteOptions) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "html") {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                out.push((name, path));
            }
        }
    }
    let site = tempfile::tempdir().unwrap();
    build_site(store, site.path(), options, &|_, _| {}).unwrap();
    let mut files = Vec::new();
    walk(site.path(), site.path(), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|(name, path)| {
            (
                format!("{label} {name}"),
                std::fs::read_to_string(path).unwrap(),
            )
        })
        .collect()
}

fn sample_store() -> Store {
    verdict_core::desk::sample_store().unwrap()
}

fn with_base_url(mut store: Store) -> Store {
    let mut site = store.site().unwrap();
    site.base_url = Some("https://verdicts.example".into());
    // Its pages carry the reader vote form (docs/votes.md); the generated pages have none.
    site.vote_service = Some("https://votes.verdicts.example/".into());
    store.save_site(&SaveCtx::unattributed(), &site).unwrap();
    store
}

fn generated_store(tools: usize, comparisons: usize, seed: u64) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    generate(
        &mut store,
        &GenerateOptions {
            tools,
            comparisons,
            reviewers: 5,
            seed,
        },
    )
    .unwrap();
    store
}

/// `lib`'s first comparison (or `slug`) with a tool not on it added: three cards.
fn three_tool_page(lib: &Library, slug: Option<&str>) -> String {
    let mut c = match slug {
        Some(slug) => lib.comparison(slug).unwrap().clone(),
        None => lib.comparisons[0].clone(),
    };
    let third = lib
        .tools
        .keys()
        .find(|t| !c.tools.contains(t))
        .expect("a tool not on the page")
        .clone();
    c.tools.push(third);
    let page = build_page(lib, &c).unwrap();
    assert_eq!(page.tools.len(), 3);
    Renderer::new("default").unwrap().page_html(&page).unwrap()
}

/// The sample page with every Markdown feature the renderer allows, in every field that
/// takes Markdown: headings, lists, a table, code, a footnote, a link and an image.
fn rich_markdown_page() -> String {
    const RICH: &str = "Intro with *emphasis*, **strong**, ~~struck~~ and `code`.[^1]\n\n\
        ## A heading\n\n- one\n- two\n  1. nested\n\n\
        | Plan | Price |\n|---|--:|\n| Free | $0 |\n| Pro | $20 |\n\n\
        > A quoted line\n\n```rust\nfn main() {}\n```\n\n\
        [A link](https://example.com/a?b=1&c=2) and \
        ![a chart](https://example.com/chart.png)\n\n---\n\n[^1]: The footnote.\n";
    let mut lib = Library::load(&with_base_url(sample_store())).unwrap();
    lib.site.newsletter.body = RICH.into();
    for t in lib.tools.values_mut() {
        t.description = RICH.into();
    }
    for v in lib.verdicts.values_mut() {
        v.quote = RICH.into();
    }
    let mut c = lib.comparison(SLUG).unwrap().clone();
    c.intro = RICH.into();
    let page = build_page(&lib, &c).unwrap();
    Renderer::new("default").unwrap().page_html(&page).unwrap()
}

fn newsletter_html() -> String {
    let mut lib = Library::load(&with_base_url(sample_store())).unwrap();
    lib.site
        .newsletter
        .body
        .push_str(" [Read the archive](https://verdicts.example/)");
    let since = verdict_core::newsletter::parse_date("2026-11-01").unwrap();
    let until = verdict_core::newsletter::parse_date("2026-11-08").unwrap();
    verdict_core::newsletter::build_newsletter(&lib, since, until)
        .unwrap()
        .html
}

/// The sample page as the theme wrote it before `<dt>` came first.
fn control_page() -> String {
    let html = render_saved(&sample_store(), SLUG, "html").unwrap();
    let fixed = "<dt>Panel ship</dt>";
    let at = html
        .find(fixed)
        .expect("the sample page has a Panel ship term");
    let value_start = at + fixed.len();
    let value_end = value_start + html[value_start..].find("</dd>").unwrap() + "</dd>".len();
    let value = html[value_start..value_end].trim();
    assert!(value.starts_with("<dd>"), "{value}");
    format!("{}{value}{fixed}{}", &html[..at], &html[value_end..])
}

#[test]
fn every_page_kind_is_valid_html() {
    let mut pages = Vec::new();
    pages.extend(site_pages(
        "sample site",
        &with_base_url(sample_store()),
        SiteOptions::default(),
    ));
    pages.push((
        "sample page without a base URL".into(),
        render_saved(&sample_store(), SLUG, "html").unwrap(),
    ));
    pages.extend(site_pages(
        "generated site (linked CSS, drafts)",
        &with_base_url(generated_store(8, 6, 7)),
        SiteOptions {
            include_drafts: true,
            no_share_cards: true,
            linked_css: true,
        },
    ));
    let generated = Library::load(&generated_store(4, 2, 3)).unwrap();
    pages.push((
        "three tools (generated)".into(),
        three_tool_page(&generated, None),
    ));
    let mut sample_plus_one = Library::load(&sample_store()).unwrap();
    sample_plus_one.tools.extend(generated.tools.clone());
    sample_plus_one
        .reviewers
        .extend(generated.reviewers.clone());
    pages.push((
        "three tools (sample + one)".into(),
        three_tool_page(&sample_plus_one, Some(SLUG)),
    ));
    pages.push(("every Markdown feature".into(), rich_markdown_page()));
    pages.push(("newsletter.html".into(), newsletter_html()));
    let (_images_dir, images_desk, images) = media_images::desk::with_images();
    pages.extend(site_pages(
        "site with images",
        &images_desk.store(),
        SiteOptions {
            no_share_cards: true,
            ..SiteOptions::default()
        },
    ));
    let lib = images_desk.library().unwrap();
    let since = verdict_core::newsletter::parse_date("2026-11-01").unwrap();
    let until = verdict_core::newsletter::parse_date("2026-11-08").unwrap();
    pages.push((
        "newsletter.html with logos".into(),
        verdict_core::newsletter::build_newsletter(&lib, since, until)
            .unwrap()
            .html,
    ));

    let kinds = |prefix: &str| pages.iter().filter(|(n, _)| n.starts_with(prefix)).count();
    let generated_site = "generated site (linked CSS, drafts) ";
    assert_eq!(kinds("sample site index.html"), 1);
    assert_eq!(kinds("sample site compare/"), 1);
    assert_eq!(kinds("sample site tools/"), 2);
    assert_eq!(kinds(&format!("{generated_site}index.html")), 1);
    assert_eq!(kinds(&format!("{generated_site}compare/")), 6, "drafts too");
    assert!(kinds(&format!("{generated_site}tools/")) >= 2);
    let with_images = |prefix: &str, needles: &[&String]| {
        pages.iter().any(|(n, html)| {
            n.starts_with(prefix) && needles.iter().all(|h| html.contains(h.as_str()))
        })
    };
    assert!(with_images(
        "site with images compare/",
        &[&images.raster_logo, &images.svg_logo, &images.photo]
    ));
    assert!(with_images(
        "site with images tools/",
        &[&images.raster_logo, &images.screenshot]
    ));
    assert!(with_images(
        "newsletter.html with logos",
        &[&images.raster_logo, &images.svg_logo]
    ));
    let checked = pages.len();
    pages.push((CONTROL.into(), control_page()));

    let messages = check(&pages);
    let (control, messages): (Vec<_>, Vec<_>) =
        messages.into_iter().partition(|m| m.page == CONTROL);
    assert!(
        control
            .iter()
            .any(|m| m.kind == "error" && m.text.contains("“dt”")),
        "the checker must report the control page's <dd> before <dt>; it said: {control:#?}"
    );
    // Errors fail, and so do warnings unless they are explained (the checker's "info"
    // messages are neither).
    let mut failures = Vec::new();
    let mut explained = BTreeMap::<&str, usize>::new();
    for m in &messages {
        let html = pages
            .iter()
            .find(|(name, _)| *name == m.page)
            .map_or("", |(_, html)| html.as_str());
        match (m.kind.as_str(), why_not_a_problem(m, html)) {
            ("info", _) => println!("{m}"),
            ("warning", Some(why)) => *explained.entry(why).or_default() += 1,
            _ => failures.push(m.to_string()),
        }
    }
    assert!(
        failures.is_empty(),
        "the Nu Html Checker found {} problems in {checked} pages:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{checked} pages valid. Warnings that are no problem of the pages:");
    for (why, n) in explained {
        println!("  {n} × {why}");
    }
}

/// Why a warning of the checker is no problem of the page (`html`) as a browser reads it, if
/// it is not.
fn why_not_a_problem(m: &Message, html: &str) -> Option<&'static str> {
    if m.text
        .starts_with("Inline script violates Content Security Policy")
        && m.extract.contains("<script type=\"application/ld+json\">")
    {
        // HTML's "prepare the script element" stops at a data block before the CSP check.
        return Some(
            "the JSON-LD is a data block: browsers neither run it nor check it against the CSP",
        );
    }
    if m.text.contains("external stylesheet")
        && m.text.contains("“style-src”")
        && m.extract.contains("<link rel=\"stylesheet\" href=\"")
    {
        return Some(
            "the checker reads the pages from file: URLs, whose origin is opaque, so 'self' \
             cannot match the site's stylesheet; served over http(s) it is the page's own origin",
        );
    }
    if m.text
        .starts_with("Resource violates Content Security Policy")
        && m.text.contains("blocked by “img-src”")
        && m.text.contains("image “../../media/")
        && html.contains("img-src 'self' https: data:;")
    {
        return Some(
            "the checker reads the pages from file: URLs, whose origin is opaque, so 'self' \
             cannot match the site's own images; served over http(s) it is the page's own origin",
        );
    }
    None
}
