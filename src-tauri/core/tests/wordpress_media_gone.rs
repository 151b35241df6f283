//! A replaced logo leaves a real WordPress's media library (issue 28, docs/media.md
//! *Publishing*), and never early: while a post that shows the old logo has not been sent
//! again, its files stay (a live page must not lose its image); once every post there shows
//! the new one, each old file is deleted once, and its rows leave the desk's record of what
//! the target holds. A removal repeated after a crash between WordPress's answer and the
//! desk's record finds nothing to delete. Requests are counted by a proxy in front of it.

mod media_images;
mod wordpress_site;

use std::sync::Arc;

use media_images::{logo, png_rgba};
use verdict_core::desk::Selection;
use verdict_core::media::MediaText;
use verdict_core::publish::{run_until_settled, Progress};
use verdict_core::secrets::SecretStore;
use verdict_core::Desk;
use wordpress_site::proxy::Proxy;
use wordpress_site::two_pages::{add_wordpress, two_pages, TwoPages};
use wordpress_site::{options, Site};

fn add_logo(desk: &Desk, seed: u8) -> String {
    let mut img = logo(300, 300);
    img.get_pixel_mut(0, 0).0 = [seed, seed, seed, 255];
    let text = MediaText {
        alt: Some("The tool's logo".into()),
        ..MediaText::default()
    };
    desk.add_media("editor", "logo.png", &png_rgba(&img), &text)
        .unwrap()
        .item
        .hash
}

struct Fixture {
    dir: tempfile::TempDir,
    desk: Desk,
    secrets: Arc<dyn SecretStore>,
    rt: tokio::runtime::Runtime,
    /// The two published pages that show the tool's logo.
    pages: [String; 2],
    tool: String,
}

impl Fixture {
    fn publish(&self, selection: &Selection) -> Progress {
        self.desk
            .queue_publish("publisher", Some("wp"), selection)
            .unwrap();
        let summary = self
            .rt
            .block_on(run_until_settled(
                self.desk.data_dir(),
                self.secrets.clone(),
                options(),
                |_| {},
            ))
            .unwrap();
        assert_eq!(summary.failed, 0, "{summary}");
        summary
    }

    fn post_content(&self, site: &Site, slug: &str) -> String {
        let id = self
            .desk
            .publishing_view()
            .unwrap()
            .pages
            .iter()
            .find(|p| p.slug == slug)
            .and_then(|p| p.remote_id.clone())
            .unwrap();
        let post = self.rt.block_on(site.post(&id));
        post["content"]["raw"].as_str().unwrap().to_string()
    }

    /// The desk's record of the files `wp` holds of the image `hash`.
    fn recorded(&self, hash: &str) -> i64 {
        rusqlite::Connection::open(self.dir.path().join("verdict.db"))
            .unwrap()
            .query_row(
                "SELECT count(*) FROM target_media WHERE target = 'wp' AND hash = ?1",
                [hash],
                |r| r.get(0),
            )
            .unwrap()
    }
}

/// The sample desk with a second published page showing the first page's first tool, a
/// PNG logo on that tool, and a WordPress target `wp` at `url` (the proxy).
fn fixture(site: &Site, url: &str) -> Fixture {
    let TwoPages {
        dir,
        desk,
        first,
        second,
        tool,
        ..
    } = two_pages();
    let old = add_logo(&desk, 1);
    desk.set_tool_logo("editor", &tool, &old).unwrap();
    let (secrets, rt) = add_wordpress(&desk, site, url);
    Fixture {
        dir,
        desk,
        secrets,
        rt,
        pages: [first.slug, second.slug],
        tool,
    }
}

/// The library's items of the image `hash`: (id, source_url).
fn items_of(site: &Site, rt: &tokio::runtime::Runtime, hash: &str) -> Vec<(u64, String)> {
    let ours = format!("verdict-{hash}-");
    rt.block_on(site.media_items())
        .iter()
        .filter(|m| m["slug"].as_str().unwrap().starts_with(&ours))
        .map(|m| {
            (
                m["id"].as_u64().unwrap(),
                m["source_url"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// How many `DELETE`s the proxy passed on for the media item `id`.
fn deletes_of(proxy: &Proxy, id: u64) -> usize {
    let path = format!("/wp-json/wp/v2/media/{id}");
    proxy
        .requests()
        .iter()
        .filter(|(m, p)| m == "DELETE" && (p == &path || p.starts_with(&format!("{path}?"))))
        .count()
}

#[test]
fn a_replaced_logo_leaves_the_library_once_no_post_shows_it_and_only_then() {
    let site = Site::start();
    let proxy = Proxy::start(site.port, Box::new(|_, _, _| false));
    let f = fixture(&site, &proxy.url);
    let old = f.desk.tool(&f.tool).unwrap().logo.unwrap();

    f.publish(&Selection::AllPublished);
    let old_items = items_of(&site, &f.rt, &old);
    assert!(!old_items.is_empty(), "the logo is in the library");
    assert!(f.recorded(&old) > 0);
    for slug in &f.pages {
        let content = f.post_content(&site, slug);
        assert!(
            old_items.iter().any(|(_, url)| content.contains(url)),
            "{content}"
        );
    }

    // A new logo, and only the first page sent again: the second post still shows the old
    // logo, so none of its files goes.
    let new = add_logo(&f.desk, 2);
    f.desk.set_tool_logo("editor", &f.tool, &new).unwrap();
    let summary = f.publish(&Selection::Pages(vec![f.pages[0].clone()]));
    assert_eq!(summary.done, 1, "{summary}");
    let first = f.post_content(&site, &f.pages[0]);
    let new_items = items_of(&site, &f.rt, &new);
    assert!(
        new_items.iter().any(|(_, url)| first.contains(url)),
        "{first}"
    );
    let second = f.post_content(&site, &f.pages[1]);
    for (id, url) in &old_items {
        assert_eq!(
            deletes_of(&proxy, *id),
            0,
            "nothing deleted while a post shows it"
        );
        assert!(f.rt.block_on(site.media(*id)).is_some(), "{url} kept");
    }
    assert!(
        old_items.iter().any(|(_, url)| second.contains(url)),
        "{second}"
    );
    let shown = old_items
        .iter()
        .find(|(_, url)| second.contains(url))
        .unwrap();
    let served =
        f.rt.block_on(async { reqwest::get(&shown.1).await.unwrap().status() });
    assert_eq!(served, 200, "the second post's image is still served");
    assert!(f.recorded(&old) > 0);

    // Every page that showed it sent again: each old file deleted once, its rows gone.
    f.publish(&Selection::AllPublished);
    let second = f.post_content(&site, &f.pages[1]);
    assert!(
        !old_items.iter().any(|(_, url)| second.contains(url)),
        "{second}"
    );
    assert!(
        new_items.iter().any(|(_, url)| second.contains(url)),
        "{second}"
    );
    for (id, url) in &old_items {
        assert_eq!(deletes_of(&proxy, *id), 1, "{url} deleted once");
        assert!(f.rt.block_on(site.media(*id)).is_none(), "{url} gone");
    }
    assert_eq!(f.recorded(&old), 0, "the desk's record of it is gone too");
    assert_eq!(items_of(&site, &f.rt, &new), new_items);
    assert!(f.recorded(&new) > 0);

    // Another run: nothing more is deleted, the new logo stays.
    let mut page = f.desk.store().comparison(&f.pages[0]).unwrap().unwrap();
    page.dek = "A dek written after the old logo went.".into();
    f.desk.save_comparison("editor", &page).unwrap();
    let searches = proxy.count("GET", "/wp-json/wp/v2/media?search=");
    f.publish(&Selection::Pages(vec![f.pages[0].clone()]));
    assert_eq!(
        proxy.count("GET", "/wp-json/wp/v2/media?search="),
        searches,
        "nothing to look for"
    );
    let once = |items: &[(u64, String)], n: usize| {
        for (id, url) in items {
            assert_eq!(deletes_of(&proxy, *id), n, "{url}: {:?}", proxy.requests());
        }
    };
    once(&old_items, 1);
    once(&new_items, 0);
    assert_eq!(items_of(&site, &f.rt, &new), new_items);

    // A crash after WordPress deleted the files but before the desk forgot them: the next
    // run looks, finds nothing of the image there, deletes nothing, and forgets them.
    let conn = rusqlite::Connection::open(f.dir.path().join("verdict.db")).unwrap();
    conn.execute(
        "INSERT INTO target_media (target, hash, name, sent_at, url)
         VALUES ('wp', ?1, 'original.png', '2026-01-01T00:00:00Z', ?2)",
        rusqlite::params![old, old_items[0].1],
    )
    .unwrap();
    drop(conn);
    page.dek = "A dek written after a crash.".into();
    f.desk.save_comparison("editor", &page).unwrap();
    f.publish(&Selection::Pages(vec![f.pages[0].clone()]));
    assert!(
        proxy.count("GET", "/wp-json/wp/v2/media?search=") > searches,
        "looked for"
    );
    once(&old_items, 1);
    once(&new_items, 0);
    assert_eq!(f.recorded(&old), 0);
    assert_eq!(items_of(&site, &f.rt, &new), new_items);
}
