//! Publishing: roles decide who moves a page along, and a publisher sends the sample page to
//! a real page API server (the `verdict-pageserver` reference server, in this process).

use thirtyfour::prelude::*;

use super::harness::Desk;
use super::sample::{self, HAIKU, LLAMA, SLUG, TITLE};
use super::steps::{self, click, panel_figure, text_is, text_where};

/// The page API's bearer token. The app gets it from the environment (no keyring runs
/// here), the server wants it on every request.
const TOKEN: &str = "e2e-token-0f9d6c";
/// The target's name, and the environment variable the app reads its secret from.
const TARGET: &str = "site";
const TARGET_SECRET_VAR: &str = "VERDICT_SECRET_SITE";

#[tokio::test]
async fn a_publisher_sends_the_sample_to_a_page_api_and_the_desk_lists_it() {
    let server = verdict_pageserver::start_in_thread(verdict_pageserver::Config::new(TOKEN))
        .expect("the page API server starts");
    let desk = Desk::launch_with_env(
        "a_publisher_sends_the_sample_to_a_page_api_and_the_desk_lists_it",
        &[
            (TARGET_SECRET_VAR, TOKEN),
            // No session bus, so no keyring is tried: the secret comes from the variable.
            ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent"),
        ],
    )
    .await;

    // A new desk starts with the editor working.
    text_is(&desk, "current-profile", "Editor").await;

    // A reviewer cannot move the (published) sample along: the step is there but disabled,
    // and the bar says which role does it.
    steps::work_as(&desk, "devon-dx", "Devon Reyes").await;
    sample::open(&desk, TITLE).await;
    let unpublish = desk.testid("action-unpublish").await;
    assert!(
        !unpublish.is_enabled().await.unwrap(),
        "a reviewer may press Unpublish"
    );
    assert_eq!(
        unpublish.attr("data-role").await.unwrap().as_deref(),
        Some("publisher")
    );
    text_where(&desk, "workflow-hint", "to name the publisher role", |t| {
        t.starts_with("Publishers unpublish pages")
    })
    .await;

    // What the preview shows of the page: the figures the site should get.
    let (title, cards) = steps::preview_seen(&desk, &[HAIKU, LLAMA]).await;
    assert_eq!(title, TITLE);
    let figures: Vec<String> = cards
        .iter()
        .map(|c| {
            panel_figure(c)
                .unwrap_or_else(|| panic!("no panel figure in {c:?}"))
                .to_string()
        })
        .collect();
    assert_eq!(figures, ["50%", "100%"], "the sample's panel figures");

    // The publisher opens Publishing (Ctrl+5) and adds the server as a target, without a
    // secret: the app reads it from VERDICT_SECRET_SITE.
    steps::work_as(&desk, "publisher", "Publisher").await;
    // Ctrl+5 where the keyboard is: on the profile switcher just used.
    steps::press(&desk.labelled("Working as").await, Key::Control + "5").await;
    steps::current_screen(&desk, "publishing").await;
    desk.testid("targets-empty").await;
    steps::fill(&desk, &desk.labelled("Name").await, TARGET).await;
    steps::fill(&desk, &desk.labelled("API URL").await, &server.url()).await;
    assert_eq!(
        desk.labelled("API token")
            .await
            .value()
            .await
            .unwrap()
            .as_deref(),
        Some(""),
        "the secret stays empty"
    );
    click(&desk, "save-target").await;
    text_is(&desk, &format!("target-url-{TARGET}"), &server.url()).await;

    // Publish all changed pages: the published sample goes out.
    click(&desk, "publish-all").await;
    text_is(&desk, "publish-plan", "1 queued to send, 0 unchanged").await;
    // The queue settles and the page shows as held by the target.
    desk.testid("queue-empty").await;
    text_where(
        &desk,
        &format!("held-{TARGET}-{SLUG}"),
        "to name the target",
        |t| t.starts_with(TARGET),
    )
    .await;
    text_is(&desk, &format!("target-pages-{TARGET}"), "1 page held").await;
    text_is(&desk, "queue-empty", "Nothing waiting.").await;

    // The server has the page, with what the preview showed.
    let page = server.page(SLUG).unwrap_or_else(|| {
        panic!(
            "the server has no page {SLUG:?}; it has {:?}",
            slugs(&server)
        )
    });
    assert_eq!(page.title, title, "the published title");
    assert!(
        page.html.contains(&format!("<h1>{title}</h1>")),
        "the published page's heading is not {title:?}"
    );
    for (tool, figure) in [HAIKU, LLAMA].iter().zip(&figures) {
        let card = card_html(&page.html, tool)
            .unwrap_or_else(|| panic!("the published page has no card for {tool}"));
        assert!(
            card.contains(&format!("<dd>{figure}</dd>")),
            "the published card of {tool} lacks the preview's {figure}: {card}"
        );
    }
    assert_eq!(server.stats().by_slug_writes.get(SLUG), Some(&1));

    // The Pages table links the page where the server says it lives.
    let link = desk.testid(&format!("page-link-{TARGET}-{SLUG}")).await;
    assert_eq!(desk.text(&link).await.unwrap(), server.page_url(SLUG));

    // For the README (VERDICT_E2E_SCREENSHOTS=docs/screenshots): this screen, as it is now.
    if let Some(dir) = std::env::var_os("VERDICT_E2E_SCREENSHOTS") {
        screenshot_publishing(&desk, std::path::Path::new(&dir)).await;
    }
}

/// The slugs the server holds, for a failure message.
fn slugs(server: &verdict_pageserver::RunningThread) -> Vec<String> {
    server.pages().into_iter().map(|p| p.slug).collect()
}

/// The `<article … id="tool-<slug>">…</article>` of a page's HTML.
fn card_html<'a>(html: &'a str, tool: &str) -> Option<&'a str> {
    let start = html.find(&format!("id=\"tool-{tool}\""))?;
    let len = html[start..].find("</article>")?;
    Some(&html[start..start + len])
}

/// Writes `<dir>/publishing.png`: the Publishing screen with the target and the page it
/// holds in view.
async fn screenshot_publishing(desk: &Desk, dir: &std::path::Path) {
    std::fs::create_dir_all(dir).expect("the screenshot folder");
    // The Pages table is the last card: bring it into view with the targets above it.
    desk.script(
        "document.querySelector('[data-testid=\"publishing-pages\"]').scrollIntoView({block: 'end'})",
        vec![],
    )
    .await;
    // The window paints a moment after the DOM changes: wait for two frames.
    desk.script_async(
        "const done = arguments[arguments.length - 1]; \
         requestAnimationFrame(() => requestAnimationFrame(() => done(true)))",
        vec![],
    )
    .await;
    let path = dir.join("publishing.png");
    desk.screenshot_window(&path)
        .await
        .unwrap_or_else(|e| panic!("the screenshot {}: {e}", path.display()));
    eprintln!("e2e: wrote {}", path.display());
}
