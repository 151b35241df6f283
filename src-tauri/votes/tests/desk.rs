//! The desk and the service together: the desk tells the service its published pages, readers
//! vote with the page's own form, the desk pulls the tallies and the Community figure fills.

mod support;

use std::sync::Arc;

use scraper_free::{attr, between};
use support::{client, form, post, spawn, Post, TOKEN};
use verdict_core::model::ComparisonStatus;
use verdict_core::publish::{TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::Desk;
use verdict_fixtures::{generate, GenerateOptions};

/// Tiny string helpers instead of an HTML parser dependency.
mod scraper_free {
    /// The text between `start` and the next `end` after it.
    pub fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
        let i = s.find(start)? + start.len();
        Some(&s[i..i + s[i..].find(end)?])
    }

    /// The value of `name="…"` in `tag`, its character references decoded as a browser does
    /// (the renderer writes `/` as `&#x2f;`).
    pub fn attr(tag: &str, name: &str) -> Option<String> {
        let raw = between(tag, &format!("{name}=\""), "\"")?;
        Some(raw.replace("&#x2f;", "/").replace("&amp;", "&"))
    }
}

fn desk_with_published() -> (tempfile::TempDir, Desk, String) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    generate(
        &mut desk.store(),
        &GenerateOptions {
            tools: 12,
            comparisons: 8,
            reviewers: 4,
            seed: 3,
        },
    )
    .unwrap();
    desk.ensure_profiles().unwrap();
    let slug = desk
        .store()
        .comparisons()
        .unwrap()
        .into_iter()
        .find(|c| c.status == ComparisonStatus::Published && c.tools.len() == 2)
        .expect("a published page of two tools")
        .slug;
    (dir, desk, slug)
}

#[tokio::test(flavor = "multi_thread")]
async fn readers_vote_on_the_page_and_the_desk_pulls_the_figures_for_any_target() {
    let (dir, desk, slug) = desk_with_published();
    let service_dir = tempfile::tempdir().unwrap();
    // Behind a trusted proxy, so each test reader can have an address of their own.
    let service = spawn(
        service_dir.path(),
        &[("VERDICT_VOTES_TRUSTED_PROXIES", "127.0.0.1")],
    );

    // No vote service: the page has no form and its CSP allows no form.
    let html = verdict_core::render::render_saved(&desk.store(), &slug, "html").unwrap();
    assert!(!html.contains("<form"));
    assert!(html.contains("form-action 'none'"));

    // A folder target: it collects no votes itself; the site's vote service does.
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    let folder = dir.path().join("site-out");
    std::fs::create_dir_all(&folder).unwrap();
    desk.add_target(
        "publisher",
        &TargetConfig {
            name: "folder".into(),
            kind: TargetKind::Folder,
            url: folder.display().to_string(),
            user: None,
        },
        None,
        secrets.as_ref(),
    )
    .unwrap();
    // The open app's timed pull asks nothing of a site without a vote service.
    let none = verdict_core::desk::pull_site_votes_if_set(&desk, secrets.as_ref())
        .await
        .unwrap();
    assert!(none.is_none());
    let mut site = desk.site().unwrap();
    site.base_url = Some("https://verdicts.test".into());
    site.vote_service = Some(service.url.clone());
    desk.save_site("publisher", &site).unwrap();
    secrets
        .set(verdict_core::desk::VOTE_SERVICE_SECRET, TOKEN)
        .unwrap();

    // The app awaits the pull in an async command: its future must be Send.
    fn send<T: Send>(t: T) -> T {
        t
    }
    // The desk's first pull tells the service its published pages (none voted yet).
    let report = send(verdict_core::desk::pull_votes(
        &desk,
        "folder",
        secrets.as_ref(),
    ))
    .await
    .unwrap();
    assert_eq!(report.target, "vote service");
    assert_eq!(report.skipped, 0);
    // With one, the timed pull pulls.
    let timed = send(verdict_core::desk::pull_site_votes_if_set(
        &desk,
        secrets.as_ref(),
    ))
    .await
    .unwrap()
    .expect("a site with a vote service is pulled");
    assert_eq!(timed.target, "vote service");

    // The page's own form: its action, its buttons, its CSP.
    let html = verdict_core::render::render_saved(&desk.store(), &slug, "html").unwrap();
    let form_tag = between(&html, "<form", ">").expect("a vote form");
    let action = attr(form_tag, "action").unwrap();
    assert_eq!(action, format!("{}v/{slug}", service.url));
    assert_eq!(attr(form_tag, "method").as_deref(), Some("post"));
    let origin = service.url.trim_end_matches('/');
    let csp_tag = between(&html, "<meta http-equiv=\"Content-Security-Policy\"", ">").unwrap();
    let csp = attr(csp_tag, "content").unwrap();
    assert!(
        csp.contains(&format!("form-action {origin} 'self'")),
        "{csp}"
    );
    let page = desk.comparison(&slug).unwrap();
    for tool in &page.tools {
        assert!(
            html.contains(&format!("name=\"tool\" value=\"{tool}\"")),
            "{tool}"
        );
    }
    assert!(html.contains("id=\"community-voted\""));

    // Three readers vote through the form's action: two for the first tool, one for the other.
    let c = client();
    let path = action.strip_prefix(service.url.as_str()).unwrap();
    let page_slug = path.strip_prefix("v/").unwrap();
    let readers = [
        (&page.tools[0], "192.0.2.1"),
        (&page.tools[0], "192.0.2.2"),
        (&page.tools[1], "192.0.2.3"),
        // The third reader again, cookie cleared: changes their vote, adds none.
        (&page.tools[0], "192.0.2.3"),
        (&page.tools[1], "192.0.2.3"),
    ];
    for (tool, address) in readers {
        let how = Post {
            forwarded_for: Some(address.to_string()),
            ..Post::default()
        };
        let r = post(&c, &service.url, page_slug, form(tool), how).await;
        assert_eq!(r.status(), 303);
        assert_eq!(
            r.headers()["location"],
            format!("https://verdicts.test/compare/{slug}/#community-voted").as_str()
        );
    }
    let report = verdict_core::desk::pull_votes(&desk, "folder", secrets.as_ref())
        .await
        .unwrap();
    assert_eq!(report.skipped, 0);
    assert!(report.saved >= 2, "{report:?}");
    let html = verdict_core::render::render_saved(&desk.store(), &slug, "html").unwrap();
    let first = between(
        &html,
        &format!("id=\"tool-{}\"", page.tools[0]),
        "</article>",
    )
    .unwrap();
    let second = between(
        &html,
        &format!("id=\"tool-{}\"", page.tools[1]),
        "</article>",
    )
    .unwrap();
    assert!(
        first.contains("<dt>Community</dt>\n          <dd>67%</dd>"),
        "{first}"
    );
    assert!(
        second.contains("<dt>Community</dt>\n          <dd>33%</dd>"),
        "{second}"
    );
    drop(service);
}

#[test]
fn a_reader_on_a_targets_copy_of_the_page_is_sent_back_to_that_copy() {
    let (_dir, desk, slug) = desk_with_published();
    let service_dir = tempfile::tempdir().unwrap();
    let service = spawn(service_dir.path(), &[]);
    // A page API target: it holds the page at <server>/p/<slug>/ (no site base URL here).
    let server =
        verdict_pageserver::start_in_thread(verdict_pageserver::Config::new("pages-token-0123"))
            .unwrap();
    let secrets: Arc<dyn SecretStore> = Arc::new(MemorySecrets::default());
    desk.add_target(
        "publisher",
        &TargetConfig {
            name: "api".into(),
            kind: TargetKind::Http,
            url: server.url(),
            user: None,
        },
        Some("pages-token-0123"),
        secrets.as_ref(),
    )
    .unwrap();
    let mut site = desk.site().unwrap();
    site.vote_service = Some(service.url.clone());
    desk.save_site("publisher", &site).unwrap();
    secrets
        .set(verdict_core::desk::VOTE_SERVICE_SECRET, TOKEN)
        .unwrap();
    desk.queue_publish(
        "publisher",
        Some("api"),
        &verdict_core::desk::Selection::Pages(vec![slug.clone()]),
    )
    .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let options = verdict_core::publish::RunOptions {
        target: Some("api".into()),
        ..Default::default()
    };
    rt.block_on(verdict_core::publish::run_until_settled(
        desk.data_dir(),
        secrets.clone(),
        options,
        |_| {},
    ))
    .unwrap();
    let copy = format!("{}p/{slug}/", server.url());
    let held = server.page(&slug).expect("the target holds the page");
    assert!(
        held.html.contains("name=\"tool\""),
        "the published page has the form"
    );

    rt.block_on(verdict_core::desk::pull_site_votes(&desk, secrets.as_ref()))
        .unwrap();
    let tool = &desk.comparison(&slug).unwrap().tools[0];
    let origin = server.url().trim_end_matches('/').to_string();
    let r = rt
        .block_on(
            client()
                .post(format!("{}v/{slug}", service.url))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("origin", origin)
                .body(form(tool))
                .send(),
        )
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"],
        format!("{copy}#community-voted").as_str()
    );

    // The pull changes the page's Community figure: the target's copy is stale, and the next
    // publish sends the page with the new figure.
    let stale = |desk: &Desk| {
        desk.overview()
            .unwrap()
            .comparisons
            .into_iter()
            .find(|c| c.slug == slug)
            .unwrap()
            .stale
    };
    assert!(!stale(&desk));
    rt.block_on(verdict_core::desk::pull_site_votes(&desk, secrets.as_ref()))
        .unwrap();
    assert!(
        stale(&desk),
        "a changed Community figure makes the copy stale"
    );
    desk.queue_publish(
        "publisher",
        Some("api"),
        &verdict_core::desk::Selection::AllPublished,
    )
    .unwrap();
    rt.block_on(verdict_core::publish::run_until_settled(
        desk.data_dir(),
        secrets.clone(),
        verdict_core::publish::RunOptions {
            target: Some("api".into()),
            ..Default::default()
        },
        |_| {},
    ))
    .unwrap();
    assert!(!stale(&desk));
    let html = server.page(&slug).unwrap().html;
    let card = between(&html, &format!("id=\"tool-{tool}\""), "</article>").unwrap();
    assert!(
        card.contains("<dt>Community</dt>\n          <dd>100%</dd>"),
        "{card}"
    );
}
