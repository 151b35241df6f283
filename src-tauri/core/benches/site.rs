//! `verdict site` beside Hugo: the same 2,000 comparison pages built cold by both, on the
//! same disk, in the same run, and the ratio of the two wall times. Prints the figures
//! docs/benchmarks.md quotes.
//!
//! cargo bench -p verdict-core --bench site  [-- COMPARISONS]
//! cargo bench -p verdict-core --bench site  -- growth   (issue 32: 2,000 against 10,000 pages)
//!
//! Hugo is Debian's package (`apt-get install hugo`); without it only our figures print.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use verdict_core::render::{build_page, Library, Renderer};
use verdict_core::site::{build_site, SiteOptions};
use verdict_core::Store;
use verdict_fixtures::{generate, generate_desk, GenerateOptions};

/// The allocator the CLI runs with (its `main.rs`): `verdict site` is what this measures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "growth-site") {
        // The child of `growth`: one cold build in a fresh process, its seconds printed.
        let (db, out) = (Path::new(&args[i + 1]), Path::new(&args[i + 2]));
        let started = Instant::now();
        build_site(&Store::open(db).unwrap(), out, growth_options(), &|_, _| {}).unwrap();
        println!("{}", started.elapsed().as_secs_f64());
        return;
    }
    if args.iter().any(|a| a == "growth") {
        return growth();
    }
    let comparisons: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(2_000);
    // On the disk the target dir is on, like a real site build (not tmpfs).
    let scratch = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let data = scratch.path().join("desk");
    drop(generate_desk(&data, comparisons));
    let open = || Store::open(&data.join("verdict.db")).unwrap();

    let ours = |label: &str, options: SiteOptions| -> Duration {
        let out = scratch.path().join(format!("ours-{label}"));
        let started = Instant::now();
        let report = build_site(&open(), &out, options, &|_, _| {}).unwrap();
        let took = started.elapsed();
        let (files, bytes) = size_of(&out);
        println!(
            "verdict site, {label:<34} {:>7.3} s  {report}; {files} files, {:.1} MB",
            took.as_secs_f64(),
            bytes as f64 / 1e6
        );
        took
    };
    let all = SiteOptions {
        include_drafts: true,
        no_share_cards: true,
        linked_css: true,
    };
    let linked = ours("one stylesheet, no cards", all);
    ours(
        "CSS in every page, no cards",
        SiteOptions {
            linked_css: false,
            ..all
        },
    );
    let with_cards = ours(
        "one stylesheet, with share cards",
        SiteOptions {
            no_share_cards: false,
            ..all
        },
    );

    let hugo = Command::new("hugo").arg("version").output();
    let Ok(version) = hugo else {
        println!("hugo is not installed (apt-get install hugo): no comparison");
        return;
    };
    let version = String::from_utf8_lossy(&version.stdout)
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let project = scratch.path().join("hugo");
    write_hugo_project(&open(), &project);
    let out = scratch.path().join("hugo-public");
    let started = Instant::now();
    let status = Command::new("hugo")
        .args(["--quiet", "--source"])
        .arg(&project)
        .arg("--destination")
        .arg(&out)
        .status()
        .unwrap();
    let hugo = started.elapsed();
    assert!(status.success(), "hugo failed");
    let (files, bytes) = size_of(&out);
    println!(
        "{version}, the same {comparisons} pages' Markdown  {:>7.3} s  {files} files, {:.1} MB",
        hugo.as_secs_f64(),
        bytes as f64 / 1e6
    );
    println!(
        "ratio verdict/hugo: {:.2}× without cards (target ≤ 0.5×), {:.2}× with share cards",
        linked.as_secs_f64() / hugo.as_secs_f64(),
        with_cards.as_secs_f64() / hugo.as_secs_f64()
    );
}

/// The same comparison pages as a Hugo site: each page's Markdown (the renderer's own
/// `page.md`) with front matter, a stylesheet, and a minimal layout of the same shape (a
/// page per comparison, a front page listing them; Hugo adds its sitemap and RSS feed).
fn write_hugo_project(store: &Store, dir: &Path) {
    let lib = Library::load(store).unwrap();
    let renderer = Renderer::for_site(&lib.site).unwrap();
    let (_, css) = renderer.stylesheet();
    let write = |path: &str, text: &str| {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "hugo.toml",
        "baseURL = 'https://example.com/'\ntitle = 'Verdict'\ndisableKinds = ['taxonomy', 'term']\n\
         [markup.goldmark.renderer]\nunsafe = true\n",
    );
    write("static/style.css", css);
    write(
        "layouts/_default/baseof.html",
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title>\
         <link rel=\"stylesheet\" href=\"/style.css\"></head><body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    );
    write(
        "layouts/_default/single.html",
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}\n",
    );
    write(
        "layouts/_default/list.html",
        "{{ define \"main\" }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    );
    write(
        "layouts/index.html",
        "{{ define \"main\" }}<ul>{{ range .Site.RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    );
    for c in &lib.comparisons {
        let page = build_page(&lib, c).unwrap();
        let markdown = renderer.page_markdown(&page).unwrap();
        let date = c
            .published_at
            .unwrap_or(chrono::DateTime::UNIX_EPOCH)
            .to_rfc3339();
        write(
            &format!("content/compare/{}/index.md", c.slug),
            &format!(
                "---\ntitle: {}\ndate: {date}\n---\n{markdown}",
                serde_json::to_string(&c.title).unwrap()
            ),
        );
    }
}

/// Files and bytes under `dir`.
fn size_of(dir: &Path) -> (usize, u64) {
    let mut files = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                files += 1;
                bytes += meta.len();
            }
        }
    }
    (files, bytes)
}

/// The cold build of the published pages (no cards, one stylesheet) of the generated desk at
/// 2,000 and at 10,000 pages, and how much it grows: at most 5.5× for 5× the content is the
/// goal. Output on tmpfs where there is one, so the disk does not decide the figure.
fn growth() {
    let shm = Path::new("/dev/shm");
    let scratch = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap()
    };
    let mut figures = Vec::new();
    for comparisons in [2_000, 10_000] {
        let db = scratch.path().join(format!("desk-{comparisons}.db"));
        let options = GenerateOptions {
            tools: comparisons / 2,
            comparisons,
            reviewers: 8,
            seed: 1,
        };
        generate(&mut Store::open(&db).unwrap(), &options).unwrap();
        // The first open after the import checks the file; the next finds it unchanged.
        let checked = Instant::now();
        drop(Store::open(&db).unwrap());
        let checked = checked.elapsed();
        let unchanged = Instant::now();
        drop(Store::open(&db).unwrap());
        let unchanged = unchanged.elapsed();
        let out = scratch.path().join("site");
        // In a fresh process, as `verdict site` runs (this one has just generated and
        // imported the desk); then once here too, for comparison.
        let mut runs: Vec<f64> = (0..3)
            .map(|_| {
                let _ = std::fs::remove_dir_all(&out);
                let child = Command::new(std::env::current_exe().unwrap())
                    .args(["growth-site".as_ref(), db.as_os_str(), out.as_os_str()])
                    .output()
                    .unwrap();
                assert!(child.status.success(), "{child:?}");
                String::from_utf8_lossy(&child.stdout)
                    .trim()
                    .parse()
                    .unwrap()
            })
            .collect();
        runs.sort_by(f64::total_cmp);
        let _ = std::fs::remove_dir_all(&out);
        let started = Instant::now();
        build_site(
            &Store::open(&db).unwrap(),
            &out,
            growth_options(),
            &|_, _| {},
        )
        .unwrap();
        let here = started.elapsed();
        let (files, _) = size_of(&scratch.path().join("site"));
        println!(
            "GROWTH {comparisons} pages: open {:.1} ms checked, {:.2} ms unchanged; site cold \
             {:.3} s (fresh process, median of 3; {:.3} s in the process that generated it), \
             {files} files",
            checked.as_secs_f64() * 1e3,
            unchanged.as_secs_f64() * 1e3,
            runs[1],
            here.as_secs_f64()
        );
        figures.push(runs[1]);
    }
    println!(
        "GROWTH site for 5x the content: {:.2}x (goal <= 5.5x)",
        figures[1] / figures[0]
    );
}

fn growth_options() -> SiteOptions {
    SiteOptions {
        no_share_cards: true,
        linked_css: true,
        ..SiteOptions::default()
    }
}
