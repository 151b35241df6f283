//! Images to a real WordPress (issue 28, docs/media.md *Publishing*): each file a page shows
//! goes to the media library once, the post names it at WordPress's own address, a republish
//! sends no image request, a desk that lost its record finds the files again by their hash,
//! a lost reply to an upload does not make a second copy, and a replaced logo goes out with
//! every page that shows it. Requests are counted by a proxy in front of WordPress.

mod media_images;
mod wordpress_site;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use media_images::{logo, png_rgba};
use verdict_core::desk::Selection;
use verdict_core::media::MediaText;
use verdict_core::publish::wordpress::image_slug;
use verdict_core::publish::{run_until_settled, Progress, RunOptions};
use verdict_core::render::pictures;
use verdict_core::secrets::SecretStore;
use verdict_core::Desk;
use wordpress_site::proxy::{Lose, Proxy};
use wordpress_site::two_pages::{add_wordpress, two_pages, TwoPages};
use wordpress_site::{options, Site};

/// An image upload from the desk (a share card goes to `media` without a query).
const UPLOAD: &str = "/wp-json/wp/v2/media?slug=verdict-";
/// A search of the library for an image's hash.
const SEARCH: &str = "/wp-json/wp/v2/media?search=";

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\" \
    viewBox=\"0 0 40 20\"><rect width=\"40\" height=\"20\" fill=\"#c03\"/>\
    <circle cx=\"20\" cy=\"10\" r=\"6\" fill=\"#fff\"/></svg>";

struct Fixture {
    dir: tempfile::TempDir,
    /// `None` only while the desk is restarted.
    desk: Option<Desk>,
    secrets: Arc<dyn SecretStore>,
    rt: tokio::runtime::Runtime,
    /// The published pages that show a logo.
    pages: Vec<String>,
    /// The tool with the PNG logo, and that logo's hash.
    tool: String,
    png: String,
    /// The tool with the SVG logo (the first page's second tool), and that logo's hash.
    other: String,
    svg: String,
}

fn add_png_logo(desk: &Desk, seed: u8) -> String {
    let mut img = logo(400, 400);
    img.get_pixel_mut(0, 0).0 = [seed, seed, seed, 255];
    add(desk, "logo.png", &png_rgba(&img))
}

fn add(desk: &Desk, name: &str, bytes: &[u8]) -> String {
    let text = MediaText {
        alt: Some("The tool's logo".into()),
        ..MediaText::default()
    };
    desk.add_media("editor", name, bytes, &text)
        .unwrap()
        .item
        .hash
}

/// The sample desk with a PNG logo on the first published page's first tool and an SVG logo
/// on its second, and a WordPress target `wp` at `url` (the proxy).
fn fixture(site: &Site, url: &str) -> Fixture {
    let TwoPages {
        dir,
        desk,
        first,
        second,
        tool,
        other,
    } = two_pages();
    let png = add_png_logo(&desk, 1);
    desk.set_tool_logo("editor", &tool, &png).unwrap();
    let svg = add(&desk, "mark.svg", SVG.as_bytes());
    desk.set_tool_logo("editor", &other, &svg).unwrap();
    let (secrets, rt) = add_wordpress(&desk, site, url);
    Fixture {
        dir,
        desk: Some(desk),
        secrets,
        rt,
        pages: vec![first.slug, second.slug],
        tool,
        png,
        other,
        svg,
    }
}

impl Fixture {
    fn desk(&self) -> &Desk {
        self.desk.as_ref().expect("the desk is open")
    }

    /// Closes the desk, lets `meanwhile` change its data folder, and opens it again.
    fn restart(&mut self, meanwhile: impl FnOnce(&std::path::Path)) {
        self.desk = None;
        meanwhile(self.dir.path());
        self.desk = Some(Desk::open(self.dir.path()).unwrap());
    }

    /// The images the page shows now, as (hash, file) pairs, with `png` as the first logo.
    fn shown(&self, slug: &str, png: &str) -> Vec<(String, String)> {
        let page = self.desk().store().comparison(slug).unwrap().unwrap();
        let mut shown = vec![];
        if page.tools.contains(&self.tool) {
            shown.extend(self.files(png).into_iter().map(|n| (png.to_string(), n)));
        }
        if page.tools.contains(&self.other) {
            shown.push((self.svg.clone(), svg_fallback(self)));
        }
        shown
    }

    fn publish(&self, selection: &Selection) -> Progress {
        self.publish_with(selection, options())
    }

    fn publish_with(&self, selection: &Selection, options: RunOptions) -> Progress {
        self.desk()
            .queue_publish("publisher", Some("wp"), selection)
            .unwrap();
        self.rt
            .block_on(run_until_settled(
                self.desk().data_dir(),
                self.secrets.clone(),
                options,
                |_| {},
            ))
            .unwrap()
    }

    /// The files a page's `<picture>` of `hash` names.
    fn files(&self, hash: &str) -> Vec<String> {
        pictures::files(&self.desk().media_item(hash).unwrap())
    }

    /// The WordPress post id of a published page.
    fn post_id(&self, slug: &str) -> String {
        self.desk()
            .publishing_view()
            .unwrap()
            .pages
            .iter()
            .find(|p| p.slug == slug)
            .and_then(|p| p.remote_id.clone())
            .unwrap()
    }

    /// The last error of each job still in the queue, for a failure's message.
    fn errors(&self) -> Vec<String> {
        let view = self.desk().publishing_view().unwrap();
        view.jobs
            .iter()
            .filter_map(|j| j.last_error.clone())
            .collect()
    }

    fn edit_dek(&self, slug: &str, dek: &str) {
        let mut page = self.desk().store().comparison(slug).unwrap().unwrap();
        page.dek = dek.into();
        self.desk().save_comparison("editor", &page).unwrap();
    }

    fn db(&self) -> std::path::PathBuf {
        self.dir.path().join("verdict.db")
    }
}

/// The library's items of the desk's images, by slug: (id, source_url, mime type).
fn library(site: &Site, rt: &tokio::runtime::Runtime) -> HashMap<String, (u64, String, String)> {
    let mut out = HashMap::new();
    for m in rt.block_on(site.media_items()) {
        let slug = m["slug"].as_str().unwrap().to_string();
        if slug.starts_with("verdict-card-") {
            continue;
        }
        let entry = (
            m["id"].as_u64().unwrap(),
            m["source_url"].as_str().unwrap().to_string(),
            m["mime_type"].as_str().unwrap().to_string(),
        );
        assert!(out.insert(slug.clone(), entry).is_none(), "{slug} twice");
    }
    out
}

fn fetch(rt: &tokio::runtime::Runtime, url: &str) -> Vec<u8> {
    rt.block_on(async {
        let response = reqwest::get(url).await.unwrap();
        assert_eq!(response.status(), 200, "{url}");
        response.bytes().await.unwrap().to_vec()
    })
}

/// What the library must hold for the fixture's two logos: each file the PNG's picture
/// names, and the SVG as its raster fallback (WordPress takes no SVG uploads).
fn expected(f: &Fixture) -> BTreeSet<String> {
    let mut want: BTreeSet<String> = f
        .files(&f.png)
        .iter()
        .map(|n| image_slug(&f.png, n))
        .collect();
    want.insert(image_slug(&f.svg, &svg_fallback(f)));
    want
}

fn svg_fallback(f: &Fixture) -> String {
    f.desk()
        .media_item(&f.svg)
        .unwrap()
        .variants
        .iter()
        .rfind(|v| v.mime == "image/png")
        .unwrap()
        .name
        .clone()
}

/// Checks that the post of `slug` shows the fixture's images at the library's addresses,
/// and that those addresses serve the desk's bytes.
fn assert_post_shows_images(f: &Fixture, site: &Site, slug: &str, png: &str) {
    let lib = library(site, &f.rt);
    let post = f.rt.block_on(site.post(&f.post_id(slug)));
    let content = post["content"]["raw"].as_str().unwrap();
    assert!(
        !content.contains("../../media/"),
        "no desk address left: {content}"
    );
    assert!(!content.contains("original.svg"), "{content}");
    let shown = f.shown(slug, png);
    assert!(!shown.is_empty(), "{slug} shows a logo");
    for (hash, name) in shown {
        let (_, url, mime) = lib
            .get(&image_slug(&hash, &name))
            .unwrap_or_else(|| panic!("{hash}/{name} in the library"));
        assert!(content.contains(url.as_str()), "{url} in {content}");
        assert_eq!(mime, &f.desk().media_file(&hash, &name).unwrap().0);
        assert_eq!(
            fetch(&f.rt, url),
            f.desk().media_file(&hash, &name).unwrap().1,
            "{url} serves the desk's bytes of {hash}/{name}"
        );
    }
}

#[test]
fn images_go_to_the_library_once_the_post_names_them_and_a_lost_record_finds_them_again() {
    let site = Site::start();
    let proxy = Proxy::start(site.port, Box::new(|_, _, _| false));
    let mut f = fixture(&site, &proxy.url);
    assert!(f.pages.len() > 1, "{:?}", f.pages);

    // The first page (it shows both logos): every file once, before the post.
    let summary = f.publish(&Selection::Pages(vec![f.pages[0].clone()]));
    assert_eq!((summary.done, summary.failed), (1, 0), "{summary}");
    let want = expected(&f);
    let lib = library(&site, &f.rt);
    assert_eq!(lib.keys().cloned().collect::<BTreeSet<_>>(), want);
    assert_eq!(
        proxy.count("POST", UPLOAD),
        want.len(),
        "each file sent once"
    );
    let requests = proxy.requests();
    let post_written = requests
        .iter()
        .position(|(m, p)| m == "POST" && p.starts_with("/wp-json/wp/v2/posts"))
        .unwrap();
    let last_upload = requests
        .iter()
        .rposition(|(m, p)| m == "POST" && p.starts_with(UPLOAD))
        .unwrap();
    assert!(last_upload < post_written, "the images go before the post");
    assert!(summary.notes.is_empty(), "{:?}", summary.notes);

    // The other pages that show the logos: the library has them, nothing is sent again.
    let summary = f.publish(&Selection::Pages(f.pages.clone()));
    assert_eq!(
        (summary.done, summary.failed),
        (f.pages.len() - 1, 0),
        "{summary}: {:?}",
        f.errors()
    );
    assert_eq!(proxy.count("POST", UPLOAD), want.len());
    assert_eq!(library(&site, &f.rt), lib);
    for slug in &f.pages {
        assert_post_shows_images(&f, &site, slug, &f.png);
    }

    // Unchanged: nothing to send. An edited page goes again without any image request.
    let plan = f
        .desk()
        .queue_publish("publisher", Some("wp"), &Selection::AllPublished)
        .unwrap();
    assert!(plan.queued.is_empty(), "{plan:?}");
    let (uploads, searches) = (proxy.count("POST", UPLOAD), proxy.count("GET", SEARCH));
    f.edit_dek(&f.pages[0], "A dek written after the images went out.");
    let summary = f.publish(&Selection::Pages(vec![f.pages[0].clone()]));
    assert_eq!(summary.done, 1, "{summary}");
    assert_eq!(
        (proxy.count("POST", UPLOAD), proxy.count("GET", SEARCH)),
        (uploads, searches),
        "what WordPress holds is recorded: no image request"
    );
    assert_post_shows_images(&f, &site, &f.pages[0], &f.png);

    // A restart that lost the record of what WordPress holds: the files are found there by
    // their hash, none is sent again, and the post names the same addresses.
    f.restart(|dir| {
        let conn = rusqlite::Connection::open(dir.join("verdict.db")).unwrap();
        let removed = conn.execute("DELETE FROM target_media", []).unwrap();
        assert_eq!(removed, want.len());
    });
    f.edit_dek(&f.pages[0], "A dek written after a restart.");
    let summary = f.publish(&Selection::Pages(vec![f.pages[0].clone()]));
    assert_eq!(summary.done, 1, "{summary}");
    assert_eq!(
        proxy.count("POST", UPLOAD),
        uploads,
        "nothing uploaded twice"
    );
    assert!(proxy.count("GET", SEARCH) > searches, "looked up instead");
    assert_eq!(library(&site, &f.rt), lib, "the same items, no new one");
    assert_post_shows_images(&f, &site, &f.pages[0], &f.png);
    let recorded: i64 = rusqlite::Connection::open(f.db())
        .unwrap()
        .query_row(
            "SELECT count(*) FROM target_media WHERE url IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        recorded as usize,
        want.len(),
        "found again and recorded again"
    );

    // A new logo: every page that shows it goes again, with the new files, once.
    let new_png = add_png_logo(f.desk(), 2);
    assert_ne!(new_png, f.png);
    f.desk().set_tool_logo("editor", &f.tool, &new_png).unwrap();
    let mut showing: Vec<String> = f
        .pages
        .iter()
        .filter(|slug| {
            let page = f.desk().store().comparison(slug).unwrap().unwrap();
            page.tools.contains(&f.tool)
        })
        .cloned()
        .collect();
    showing.sort();
    let plan = f
        .desk()
        .queue_publish("publisher", Some("wp"), &Selection::AllPublished)
        .unwrap();
    let mut queued: Vec<String> = plan.queued.iter().map(|q| q.1.clone()).collect();
    queued.sort();
    assert_eq!(queued, showing, "every page that shows the logo");
    let before = proxy.count("POST", UPLOAD);
    let summary = f.publish(&Selection::AllPublished);
    assert_eq!(summary.done, showing.len(), "{summary}");
    assert_eq!(
        proxy.count("POST", UPLOAD) - before,
        f.files(&new_png).len(),
        "the new logo's files, once"
    );
    for slug in &showing {
        assert_post_shows_images(&f, &site, slug, &new_png);
        let post = f.rt.block_on(site.post(&f.post_id(slug)));
        let content = post["content"]["raw"].as_str().unwrap();
        assert!(
            !content.contains(&f.png),
            "the old logo is gone from {slug}"
        );
    }
}

#[test]
fn a_lost_reply_to_an_upload_leaves_one_copy_in_the_library() {
    let site = Site::start();
    // WordPress stores each image file, and its first answer never reaches the desk.
    let lose: Box<Lose> = Box::new(|method, path, before| {
        method == "POST" && path.starts_with(UPLOAD) && before == 0
    });
    let proxy = Proxy::start(site.port, lose);
    let f = fixture(&site, &proxy.url);
    // Each lost reply costs an attempt: enough for every file of both logos on one page.
    let patient = RunOptions {
        max_attempts: 12,
        ..options()
    };
    let summary = f.publish_with(&Selection::Pages(f.pages.clone()), patient);
    assert_eq!(
        (summary.done, summary.failed),
        (f.pages.len(), 0),
        "{summary}: {:?}",
        f.errors()
    );
    let want = expected(&f);
    assert!(
        summary.retries >= want.len(),
        "a retry per lost reply: {summary}"
    );
    assert_eq!(
        library(&site, &f.rt)
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>(),
        want,
        "one item per file"
    );
    assert_eq!(
        proxy.count("POST", UPLOAD),
        want.len(),
        "each sent once: the retry found it by its hash"
    );
    for slug in &f.pages {
        assert_post_shows_images(&f, &site, slug, &f.png);
    }
}
