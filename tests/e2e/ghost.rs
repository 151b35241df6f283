//! A publisher adds a Ghost site as a target in the app and publishes the sample page: a real
//! Ghost (5.130.6, brought up by `.ci/ghost` for this journey) then holds it as a post.

use std::process::Command;

use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

use super::harness::Desk;
use super::sample::{SLUG, TITLE};
use super::steps::{self, click, text_is, text_where};

/// The target's name, and the environment variable the app reads its key from.
const TARGET: &str = "ghost";
const TARGET_SECRET_VAR: &str = "VERDICT_SECRET_GHOST";

/// A Ghost site in a folder of this journey's own, stopped (and removed) when the test
/// process exits.
struct Site {
    url: String,
    key: String,
}

fn start_ghost() -> Site {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::Builder::new()
        .prefix("verdict-e2e-ghost-")
        .tempdir()
        .unwrap()
        .keep();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/ghost");
    let out = Command::new(verdict_testkit::program("bash"))
        .arg(script)
        .arg("start")
        .arg(&dir)
        .arg(port.to_string())
        .env("VERDICT_GHOST_OWNER", std::process::id().to_string())
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "`.ci/ghost start` failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let env = std::fs::read_to_string(dir.join("env")).unwrap();
    let value = |name: &str| {
        env.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("{name} in {env}"))
            .to_string()
    };
    Site {
        url: value("GHOST_URL"),
        key: value("GHOST_ADMIN_KEY"),
    }
}

/// The post with `slug`, as Ghost's Admin API answers it.
fn post(site: &Site, slug: &str) -> serde_json::Value {
    let token = verdict_core::publish::ghost::admin_token(&site.key).unwrap();
    let out = Command::new(verdict_testkit::program("curl"))
        .args(["-sS", "--max-time", "20", "-H"])
        .arg(format!("Authorization: Ghost {token}"))
        .arg(format!(
            "{}ghost/api/admin/posts/slug/{slug}/?formats=html",
            site.url
        ))
        .output()
        .expect("curl runs");
    let body: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    body["posts"][0].clone()
}

#[tokio::test]
async fn a_publisher_adds_a_ghost_site_and_publishes_the_sample_there() {
    let site = tokio::task::spawn_blocking(start_ghost).await.unwrap();
    let desk = Desk::launch_with_env(
        "a_publisher_adds_a_ghost_site_and_publishes_the_sample_there",
        &[
            (TARGET_SECRET_VAR, site.key.as_str()),
            // No session bus, so no keyring is tried: the key comes from the variable.
            ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent"),
        ],
    )
    .await;

    steps::work_as(&desk, "publisher", "Publisher").await;
    steps::press(&desk.labelled("Working as").await, Key::Control + "5").await;
    steps::current_screen(&desk, "publishing").await;
    desk.testid("targets-empty").await;
    steps::fill(&desk, &desk.labelled("Name").await, TARGET).await;
    SelectElement::new(&desk.labelled("Kind").await)
        .await
        .expect("the kind is a <select>")
        .select_by_value("ghost")
        .await
        .expect("Ghost is a kind of target");
    // The form names Ghost's own words: the site's address and its Admin API key.
    steps::fill(&desk, &desk.labelled("Site URL").await, &site.url).await;
    assert_eq!(
        desk.labelled("Admin API key")
            .await
            .value()
            .await
            .unwrap()
            .as_deref(),
        Some(""),
        "the key stays empty: the app reads it from the environment"
    );
    click(&desk, "save-target").await;
    text_is(&desk, &format!("target-url-{TARGET}"), &site.url).await;

    click(&desk, "publish-all").await;
    text_is(&desk, "publish-plan", "1 queued to send, 0 unchanged").await;
    desk.testid("queue-empty").await;
    text_where(
        &desk,
        &format!("held-{TARGET}-{SLUG}"),
        "to name the target",
        |t| t.starts_with(TARGET),
    )
    .await;
    text_is(&desk, &format!("target-pages-{TARGET}"), "1 page held").await;

    // Ghost holds the sample as a published post: its article in an HTML card.
    let post = tokio::task::spawn_blocking({
        let site = Site {
            url: site.url.clone(),
            key: site.key.clone(),
        };
        move || post(&site, SLUG)
    })
    .await
    .unwrap();
    assert_eq!(post["title"], TITLE);
    assert_eq!(post["status"], "published");
    let html = post["html"].as_str().unwrap_or_default();
    assert!(
        html.contains("<!--kg-card-begin: html-->") && html.contains("Reviewer scorecard"),
        "{html}"
    );
    // The Pages table links the post where Ghost says it lives.
    let link = desk.testid(&format!("page-link-{TARGET}-{SLUG}")).await;
    assert_eq!(
        desk.text(&link).await.unwrap(),
        post["url"].as_str().unwrap()
    );
}
