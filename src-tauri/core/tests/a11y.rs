//! Accessibility of every kind of page the renderer makes: axe-core (WCAG 2.0/2.1 A and AA,
//! plus axe's best-practice rules for landmarks and heading order) in headless Chromium, in
//! the theme's light and dark colour schemes. Any violation fails the test.
//!
//! How: the page is written to a folder with axe beside it, its own Content-Security-Policy
//! (which forbids every script) taken out and a script that runs axe and writes the results
//! into the document put in. `chromium --dump-dom` with a virtual-time budget prints the
//! document once the page has settled; virtual time only moves while the page is idle, so a
//! slow machine cannot cut axe short. No result in the dump is a failure, never a pass.
//! A page with images is audited in its built site's folder, so its images load as a
//! reader's browser loads them (and the test checks that they did).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use verdict_core::store::SaveCtx;

use scraper::{Html, Selector};
use verdict_core::render::{build_page, Library, Renderer};
use verdict_core::site::{build_site, SiteOptions};
use verdict_core::Store;
use verdict_fixtures::{generate, GenerateOptions};

mod media_images;

const SLUG: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";

/// What axe checks: every WCAG 2.0/2.1 A and AA rule, and the best practices that cover
/// landmarks, heading order and the like.
const TAGS: &str = r#"["wcag2a","wcag2aa","wcag21a","wcag21aa","best-practice"]"#;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scheme {
    Light,
    Dark,
}

fn axe_source() -> PathBuf {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/a11y/node_modules/axe-core/axe.min.js");
    assert!(
        path.is_file(),
        "{} is missing: run .ci/setup (npm ci in src-tauri/core/tests/a11y)",
        path.display()
    );
    path
}

/// The page with its CSP taken out and axe run on load; the results land in `#axe-result`.
fn instrument(html: &str) -> String {
    // Pages have a CSP meta; the newsletter email has none.
    let (start, end) = match html.find("<meta http-equiv=\"Content-Security-Policy\"") {
        Some(start) => (start, start + html[start..].find('>').unwrap() + 1),
        None => (0, 0),
    };
    let runner = format!(
        r#"<script src="axe.min.js"></script>
<script>
function verdictAxeDone(result) {{
  var pre = document.createElement("pre");
  pre.id = "axe-result";
  pre.hidden = true;
  result.background = getComputedStyle(document.body).backgroundColor;
  result.images = Array.prototype.map.call(document.images, function (i) {{
    return i.complete && i.naturalWidth > 0;
  }});
  pre.textContent = JSON.stringify(result);
  document.documentElement.appendChild(pre);
}}
axe.run(document, {{ runOnly: {{ type: "tag", values: {TAGS} }}, resultTypes: ["violations"] }})
  .then(function (r) {{
    verdictAxeDone({{ violations: r.violations.map(function (v) {{
      return {{ id: v.id, help: v.help, nodes: v.nodes.map(function (n) {{
        return n.target.join(" ") + " — " + n.failureSummary;
      }}) }};
    }}) }});
  }}, function (e) {{ verdictAxeDone({{ error: String(e) }}); }});
</script>
"#
    );
    let body_end = html.rfind("</body>").expect("the page has a body");
    format!(
        "{}{}{runner}{}",
        &html[..start],
        &html[end..body_end],
        &html[body_end..]
    )
}

/// Runs Chromium on `page` and returns its DOM once axe has written its result.
fn chromium_dump(page: &Path, scheme: Scheme, profile: &Path) -> String {
    let mut cmd = Command::new(verdict_testkit::program("chromium"));
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--virtual-time-budget=600000",
        "--window-size=1280,900",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    if scheme == Scheme::Dark {
        cmd.args([
            "--force-dark-mode",
            "--blink-settings=preferredColorScheme=0",
        ]);
    }
    let mut child = cmd
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        stdout.read_to_string(&mut out).map(|_| out)
    });
    // A hung browser fails the test instead of hanging it.
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish {} in 180 s", page.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap().expect("chromium's output is text")
}

/// axe's violations on `html` in `scheme`, one line per failing element.
fn audit(name: &str, html: &str, scheme: Scheme) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    audit_beside(dir.path(), name, html, scheme).violations
}

/// What one audit found.
struct Audit {
    violations: Vec<String>,
    /// For each `<img>` of the page, whether it had loaded when axe finished.
    images: Vec<bool>,
}

/// Audits `html` written into `dir`, beside the files it refers to (a built site's page
/// folder, so `../../media/…` leads to the site's images).
fn audit_beside(dir: &Path, name: &str, html: &str, scheme: Scheme) -> Audit {
    std::fs::copy(axe_source(), dir.join("axe.min.js")).unwrap();
    let page = dir.join("axe-page.html");
    std::fs::write(&page, instrument(html)).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let dom = chromium_dump(&page, scheme, profile.path());
    std::fs::remove_file(dir.join("axe.min.js")).unwrap();
    std::fs::remove_file(&page).unwrap();
    let doc = Html::parse_document(&dom);
    let json: String = doc
        .select(&Selector::parse("#axe-result").unwrap())
        .next()
        .unwrap_or_else(|| panic!("{name} ({scheme:?}): axe wrote no result"))
        .text()
        .collect();
    let result: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        result["error"].is_null(),
        "{name} ({scheme:?}): axe failed: {}",
        result["error"]
    );
    // Proof that the scheme asked for is the one axe saw (the theme's paper colour).
    let expected_background = match scheme {
        Scheme::Light => "rgb(251, 250, 247)",
        Scheme::Dark => "rgb(21, 23, 26)",
    };
    assert_eq!(
        result["background"], expected_background,
        "{name}: the page was not shown in the {scheme:?} scheme"
    );
    let mut found = Vec::new();
    for v in result["violations"].as_array().unwrap() {
        for node in v["nodes"].as_array().unwrap() {
            found.push(format!(
                "{name} ({scheme:?}) {}: {}: {}",
                v["id"].as_str().unwrap(),
                v["help"].as_str().unwrap(),
                node.as_str().unwrap()
            ));
        }
    }
    Audit {
        violations: found,
        images: result["images"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_bool().unwrap())
            .collect(),
    }
}

/// Audits every page in both schemes and fails listing every violation found.
fn assert_accessible(pages: &[(String, String)]) {
    let mut all = Vec::new();
    for (name, html) in pages {
        for scheme in [Scheme::Light, Scheme::Dark] {
            all.extend(audit(name, html, scheme));
        }
    }
    assert!(
        all.is_empty(),
        "{} accessibility violations:\n{}",
        all.len(),
        all.join("\n")
    );
}

/// The HTML pages of a built site: index, comparison pages and at most `tools` tool pages.
fn site_pages(store: &Store, tools: usize) -> Vec<(String, String)> {
    let out = tempfile::tempdir().unwrap();
    build_site(store, out.path(), SiteOptions::default(), &|_, _| {}).unwrap();
    let mut pages = vec![(
        "index.html".to_string(),
        std::fs::read_to_string(out.path().join("index.html")).unwrap(),
    )];
    for (folder, limit) in [("compare", usize::MAX), ("tools", tools)] {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(out.path().join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        dirs.sort();
        for dir in dirs.into_iter().take(limit) {
            let name = format!("{folder}/{}", dir.file_name().unwrap().to_string_lossy());
            pages.push((
                name,
                std::fs::read_to_string(dir.join("index.html")).unwrap(),
            ));
        }
    }
    pages
}

fn with_base_url(mut store: Store) -> Store {
    let mut site = store.site().unwrap();
    site.base_url = Some("https://verdicts.example".into());
    // Its pages carry the reader vote form (docs/votes.md); the generated pages have none.
    site.vote_service = Some("https://votes.verdicts.example/".into());
    store.save_site(&SaveCtx::unattributed(), &site).unwrap();
    store
}

#[test]
fn the_sample_site_passes_axe_in_light_and_dark() {
    let store = with_base_url(verdict_core::desk::sample_store().unwrap());
    let pages = site_pages(&store, usize::MAX);
    assert!(pages.iter().any(|(n, _)| n.contains(SLUG)));
    assert_eq!(pages.len(), 4, "index, the sample page and its two tools");
    assert_accessible(&pages);
}

#[test]
fn generated_pages_pass_axe() {
    let mut store = Store::open_in_memory().unwrap();
    generate(
        &mut store,
        &GenerateOptions {
            tools: 8,
            comparisons: 6,
            reviewers: 5,
            seed: 7,
        },
    )
    .unwrap();
    let pages = site_pages(&store, 2);
    assert!(
        pages
            .iter()
            .filter(|(n, _)| n.starts_with("compare/"))
            .count()
            >= 2,
        "the generated desk has published pages"
    );
    assert_accessible(&pages);
}

/// The sample page with a third tool: three cards and a three-column scorecard.
fn three_tool_page(lib: &Library) -> String {
    let mut c = lib.comparison(SLUG).unwrap().clone();
    let third = lib
        .tools
        .keys()
        .find(|t| !c.tools.contains(t))
        .expect("a tool not on the page")
        .clone();
    c.tools.push(third);
    c.title.push_str(" vs a third");
    let page = build_page(lib, &c).unwrap();
    assert_eq!(page.tools.len(), 3);
    Renderer::new("default").unwrap().page_html(&page).unwrap()
}

#[test]
fn a_three_tool_page_passes_axe() {
    let mut store = Store::open_in_memory().unwrap();
    generate(
        &mut store,
        &GenerateOptions {
            tools: 4,
            comparisons: 2,
            reviewers: 4,
            seed: 3,
        },
    )
    .unwrap();
    let lib = Library::load(&store).unwrap();
    let slug = lib.comparisons[0].slug.clone();
    let mut c = lib.comparisons[0].clone();
    let third = lib
        .tools
        .keys()
        .find(|t| !c.tools.contains(t))
        .unwrap()
        .clone();
    c.tools.push(third);
    let page = build_page(&lib, &c).unwrap();
    assert_eq!(page.tools.len(), 3, "{slug}");
    let generated = Renderer::new("default").unwrap().page_html(&page).unwrap();

    let sample = Library::load(&verdict_core::desk::sample_store().unwrap()).unwrap();
    let mut with_generated_tool = sample.clone();
    with_generated_tool.tools.extend(lib.tools.clone());
    with_generated_tool.reviewers.extend(lib.reviewers.clone());
    assert_accessible(&[
        ("three tools (generated)".into(), generated),
        (
            "three tools (sample + one)".into(),
            three_tool_page(&with_generated_tool),
        ),
    ]);
}

/// The test itself: a theme colour made too faint must fail it.
#[test]
fn a_broken_contrast_fails_the_audit() {
    let store = verdict_core::desk::sample_store().unwrap();
    let html = verdict_core::render::render_saved(&store, SLUG, "html").unwrap();
    // The muted grey of labels and taglines, lightened far below 4.5:1 on white.
    let at = html.find("--muted: #").expect("the theme defines --muted") + "--muted: ".len();
    let broken = format!("{}#b8bec6{}", &html[..at], &html[at + 7..]);
    let found = audit("broken contrast", &broken, Scheme::Light);
    assert!(
        found.iter().any(|v| v.contains("color-contrast")),
        "a faint --muted must fail colour contrast, found: {found:?}"
    );
}

/// The weekly email, in a browser as a webmail shows it: light, and dark where the client
/// honours prefers-color-scheme.
#[test]
fn the_newsletter_passes_axe_in_light_and_dark() {
    let mut lib = Library::load(&verdict_core::desk::sample_store().unwrap()).unwrap();
    // A newsletter block with a link, as a publisher might write it.
    lib.site
        .newsletter
        .body
        .push_str(" [Read the archive](https://verdicts.example.com/)");
    let since = verdict_core::newsletter::parse_date("2026-11-01").unwrap();
    let until = verdict_core::newsletter::parse_date("2026-11-08").unwrap();
    let n = verdict_core::newsletter::build_newsletter(&lib, since, until).unwrap();
    assert_accessible(&[("newsletter.html".into(), n.html)]);
}

/// A comparison page with both kinds of logo and an image in its intro, its tools' pages (one
/// with a screenshot and its credit), the front page and the newsletter with logos: audited
/// where the site build put them, with their images loaded.
#[test]
fn pages_with_images_pass_axe() {
    use media_images::desk::*;
    let (_dir, desk, images) = with_images();
    let site = tempfile::tempdir().unwrap();
    let options = SiteOptions {
        no_share_cards: true,
        ..SiteOptions::default()
    };
    build_site(&desk.store(), site.path(), options, &|_, _| {}).unwrap();
    let lib = desk.library().unwrap();
    let tools = &lib.comparison(SLUG).unwrap().tools;
    let folders = [
        format!("compare/{SLUG}"),
        format!("tools/{}", tools[0]),
        format!("tools/{}", tools[1]),
    ];
    let mut all = Vec::new();
    for folder in &folders {
        let dir = site.path().join(folder);
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
        for scheme in [Scheme::Light, Scheme::Dark] {
            let audit = audit_beside(&dir, folder, &html, scheme);
            // The images loaded at once (the logos, the intro's first) are there; lazy ones
            // below the window may not have loaded, which is the point of lazy loading.
            let loaded = audit.images.iter().filter(|l| **l).count();
            let eager = if folder.starts_with("compare/") { 3 } else { 1 };
            assert!(
                loaded >= eager,
                "{folder} ({scheme:?}): {loaded} of {} images loaded",
                audit.images.len()
            );
            all.extend(audit.violations);
        }
    }
    let compare =
        std::fs::read_to_string(site.path().join(&folders[0]).join("index.html")).unwrap();
    for needle in [&images.raster_logo, &images.svg_logo, &images.photo] {
        assert!(compare.contains(needle.as_str()), "the page shows {needle}");
    }
    let tool_page =
        std::fs::read_to_string(site.path().join(&folders[1]).join("index.html")).unwrap();
    assert!(tool_page.contains(images.screenshot.as_str()));

    let since = verdict_core::newsletter::parse_date("2026-11-01").unwrap();
    let until = verdict_core::newsletter::parse_date("2026-11-08").unwrap();
    let n = verdict_core::newsletter::build_newsletter(&lib, since, until).unwrap();
    assert_eq!(n.html.matches("<img ").count(), 2);
    for scheme in [Scheme::Light, Scheme::Dark] {
        all.extend(audit("newsletter.html with logos", &n.html, scheme));
    }
    assert!(
        all.is_empty(),
        "{} accessibility violations:\n{}",
        all.len(),
        all.join("\n")
    );
}
