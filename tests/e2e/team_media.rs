//! A logo on a team, in two real apps on one private PostgreSQL (issue 28): the editor's app
//! sets a tool's logo through the system's file dialog; the other member's app (a reviewer's,
//! on the same team server) draws it in the tool's preview after its sync, from its own copy
//! on the app's `media` protocol, and offers no control to replace it. (The server refuses a
//! reviewer's logo change as well: core tests/team_media.rs, with the reviewer's own login.)

use super::harness::Desk;
use super::media::{choose_file, dialog_window, logo};
use super::media_preview::preview_image_drawn;
use super::sample::HAIKU;
use super::steps::{self, click};
use super::team_desks::{join, launch_member, on_desk, start_team, synced};
use super::team_support::{self, team_url};

/// Whether the page shows an element with `testid`, now.
async fn shows(desk: &Desk, testid: &str) -> bool {
    desk.script(
        "return document.querySelector(`[data-testid=\"${arguments[0]}\"]`) !== null;",
        vec![serde_json::json!(testid)],
    )
    .await
        == serde_json::json!(true)
}

async fn open_tool(desk: &Desk) {
    steps::open_screen(desk, "tools").await;
    click(desk, &format!("tool-open-{HAIKU}")).await;
    desk.testid("tool-editor").await;
    desk.testid("page-preview").await;
}

#[tokio::test]
async fn a_logo_set_in_one_app_shows_in_the_others_and_a_reviewer_cannot_replace_it() {
    static MEMBERS: &[team_support::MemberSpec<'static>] = &[
        ("ines", &["editor"], None),
        ("devon", &["reviewer"], Some("devon-dx")),
    ];
    let pg = start_team(MEMBERS);
    let url = team_url(&pg);
    let name = "a_logo_set_in_one_app_shows_in_the_others_and_a_reviewer_cannot_replace_it";
    let editor = launch_member(None, &format!("{name}-editor"), "ines", |data| {
        on_desk(data, |d, _| {
            d.seed_sample_if_empty().expect("the sample loads");
        });
        join(data, &url, "ines", true);
    })
    .await;
    let reviewer = launch_member(
        Some(&editor),
        &format!("{name}-reviewer"),
        "devon",
        |data| join(data, &url, "devon", false),
    )
    .await;
    synced(&editor).await;
    synced(&reviewer).await;

    // The reviewer's desk shows the tool without a logo, and no control to give it one.
    open_tool(&reviewer).await;
    assert!(!shows(&reviewer, "tool-logo-thumb").await);
    assert!(
        !shows(&reviewer, "tool-logo-choose").await,
        "a reviewer is offered the logo control"
    );

    // The editor chooses a logo in the system's file dialog; the form saves it, the desk
    // sends the image and then the tool to the team.
    let dir = tempfile::Builder::new()
        .prefix("verdict-e2e-team-logo-")
        .tempdir()
        .expect("a folder for the logo");
    let file = dir.path().join("haiku-logo.svg");
    std::fs::write(&file, logo()).expect("the logo file");
    open_tool(&editor).await;
    click(&editor, "tool-logo-choose").await;
    let window = dialog_window(&editor).await;
    choose_file(&editor, &window, &file).await;
    editor.testid("tool-logo-thumb").await;
    let drawn = preview_image_drawn(&editor, "media://localhost/").await;
    let src = drawn["src"].as_str().expect("an address").to_string();
    synced(&editor).await;

    // The reviewer's app takes it from the team (the tool, then the image's bytes) and draws
    // it in the preview from its own copy, at the same address.
    synced(&reviewer).await;
    let theirs = preview_image_drawn(&reviewer, &src).await;
    assert_eq!(theirs["cls"], "logo", "the tool page's logo: {theirs}");
    reviewer.testid("tool-logo-thumb").await;
    assert!(
        !shows(&reviewer, "tool-logo-choose").await,
        "a reviewer is offered the logo control"
    );
    assert!(!shows(&reviewer, "tool-logo-remove").await);
}
