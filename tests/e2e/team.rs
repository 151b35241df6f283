//! The team desk in the real app (issue 15): two apps, two data folders, one private
//! PostgreSQL cluster started here (the fixture: team_desks.rs).

use std::path::Path;

use super::harness::{until, Desk, WAIT};
use super::steps::{self, click, text_is, text_where};
use super::team_desks::{join, launch_member, start_team, synced};
use super::team_support::{self, password, team_url};
use super::work::shot;

use super::work::MISTRAL;
const PAGE_SLUG: &str = "claude-haiku-open-weights-vs-mistral-small-4";

/// The sample plus a tool and a draft page that needs Devon's verdict (My work's journey's
/// desk), as the editor's desk holds it before it starts the team.
fn editor_content(data: &Path) {
    super::work::prepare(data);
}

/// Where the README's screenshots go, when asked (VERDICT_E2E_SCREENSHOTS=<dir>).
fn shots() -> Option<std::path::PathBuf> {
    std::env::var_os("VERDICT_E2E_SCREENSHOTS").map(std::path::PathBuf::from)
}

/// The panel figure of `tool`'s card in the open comparison's preview.
async fn panel_of(desk: &Desk, tool: &'static str, want: &'static str) {
    until(
        &format!("the preview to show {tool} at {want}"),
        WAIT,
        move || async move {
            let (_, cards) = steps::preview_seen(desk, &[tool]).await;
            match steps::panel_figure(&cards[0]) {
                Some(f) if f == want => Ok(()),
                other => Err(format!("it shows {other:?}")),
            }
        },
    )
    .await;
}

async fn open_page(desk: &Desk) {
    steps::open_screen(desk, "comparisons").await;
    click(desk, &format!("comparison-row-{PAGE_SLUG}")).await;
    desk.testid("page-preview").await;
}

#[tokio::test]
async fn a_reviewers_verdict_reaches_the_editor_live_and_the_acceptance_comes_back() {
    static MEMBERS: &[team_support::MemberSpec<'static>] = &[
        ("ines", &["editor"], None),
        ("devon", &["reviewer"], Some("devon-dx")),
    ];
    let pg = start_team(MEMBERS);
    let url = team_url(&pg);
    let name = "a_reviewers_verdict_reaches_the_editor_live_and_the_acceptance_comes_back";
    let editor = launch_member(None, &format!("{name}-editor"), "ines", |data| {
        editor_content(data);
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

    // Each desk works as its member, and is in step with the team.
    text_is(&editor, "current-profile", "INES").await;
    text_is(&reviewer, "current-profile", "DEVON").await;
    synced(&editor).await;
    synced(&reviewer).await;
    open_page(&editor).await;
    text_is(&editor, "nav-work-count", "1").await;

    // Devon writes and submits the verdict they owe.
    text_is(&reviewer, "nav-work-count", "1").await;
    steps::open_screen(&reviewer, "work").await;
    text_is(
        &reviewer,
        "work-title",
        "Write your verdict on Mistral Small 4",
    )
    .await;
    click(&reviewer, "work-open").await;
    steps::current_screen(&reviewer, "reviewers").await;
    let tool = &reviewer.testid("verdict-tool").await;
    until(
        "the form to show Mistral Small 4",
        WAIT,
        move || async move {
            match tool.value().await.map_err(|e| e.to_string())? {
                Some(v) if v == MISTRAL => Ok(()),
                other => Err(format!("the tool is {other:?}")),
            }
        },
    )
    .await;
    reviewer
        .session()
        .find(thirtyfour::By::Id("vf-call-ship"))
        .await
        .expect("the Ship choice")
        .click()
        .await
        .expect("Ship can be chosen");
    let quote = reviewer.testid("verdict-quote").await;
    reviewer
        .type_text(&quote, "Small, sharp, and ready for the desk.")
        .await;
    click(&reviewer, "verdict-submit").await;
    text_where(&reviewer, "verdict-status", "to say submitted", |t| {
        t.to_lowercase().contains("submitted")
    })
    .await;

    // The editor's app shows it waiting, without a restart, and the editor accepts it.
    text_is(&editor, "nav-work-count", "2").await;
    steps::open_screen(&editor, "work").await;
    text_where(&editor, "work-title", "to name Devon's verdict", |t| {
        t.contains("Devon Reyes's verdict on Mistral Small 4")
    })
    .await;
    click(&editor, "work-open").await;
    steps::current_screen(&editor, "reviewers").await;
    click(&editor, "verdict-accept").await;
    text_where(&editor, "verdict-status", "to say accepted", |t| {
        t.to_lowercase().contains("accepted")
    })
    .await;

    // The reviewer's open form follows: accepted.
    text_where(&reviewer, "verdict-status", "to say accepted", |t| {
        t.to_lowercase().contains("accepted")
    })
    .await;

    // Both previews of the page count Devon's Ship.
    open_page(&editor).await;
    panel_of(&editor, MISTRAL, "100%").await;
    open_page(&reviewer).await;
    panel_of(&reviewer, MISTRAL, "100%").await;
    drop(reviewer);
    drop(editor);
    drop(pg);
}

#[tokio::test]
async fn the_same_tagline_changed_on_two_desks_offline_is_settled_in_the_conflict_dialog() {
    static MEMBERS: &[team_support::MemberSpec<'static>] =
        &[("ines", &["editor"], None), ("omar", &["editor"], None)];
    let pg = start_team(MEMBERS);
    let url = team_url(&pg);
    let name = "the_same_tagline_changed_on_two_desks_offline_is_settled_in_the_conflict_dialog";
    let ines = launch_member(None, &format!("{name}-ines"), "ines", |data| {
        let desk = verdict_core::Desk::open(data).expect("the desk opens");
        desk.seed_sample_if_empty().expect("the sample loads");
        join(data, &url, "ines", true);
    })
    .await;
    let omar = launch_member(Some(&ines), &format!("{name}-omar"), "omar", |data| {
        join(data, &url, "omar", false)
    })
    .await;
    synced(&ines).await;
    synced(&omar).await;
    let haiku = super::sample::HAIKU;
    for desk in [&ines, &omar] {
        steps::open_screen(desk, "tools").await;
        click(desk, &format!("tool-open-{haiku}")).await;
        desk.testid("tool-field-tagline").await;
    }

    // The server goes away; both change the tagline, and both keep it here. (Omar's login is
    // held back until Ines has synced: an offline desk tries again on its own, and the desk
    // that pushes second is the one that meets the conflict.)
    pg.psql("team", "ALTER ROLE omar NOLOGIN");
    pg.stop_server();
    for desk in [&ines, &omar] {
        click(desk, "sync-now").await;
        text_where(desk, "sync-status", "to say offline", |t| {
            t.contains("Offline")
        })
        .await;
    }
    let mine = "Open weights, small footprint (Omar's words).";
    let theirs = "The small open model for edge work (Ines's words).";
    for (desk, text) in [(&ines, theirs), (&omar, mine)] {
        let field = desk.testid("tool-field-tagline").await;
        steps::fill(desk, &field, text).await;
        text_where(desk, "sync-status", "to count the waiting change", |t| {
            t.contains("waiting")
        })
        .await;
    }
    if let Some(dir) = shots() {
        shot(&omar, &dir, "team-offline.png").await;
    }

    // Back online: Ines's desk syncs first, Omar's then finds the conflict.
    pg.start_server();
    click(&ines, "sync-now").await;
    synced(&ines).await;
    pg.psql("team", "ALTER ROLE omar LOGIN");
    click(&omar, "sync-now").await;
    text_where(&omar, "sync-conflicts", "to count one conflict", |t| {
        t.starts_with("1 conflict")
    })
    .await;
    click(&omar, "sync-conflicts").await;
    let dialog = omar.testid("team-conflict-dialog").await;
    assert!(omar.visible(&dialog).await);
    text_where(&omar, "conflict-field", "to name the field", |t| {
        t.contains("Tagline")
    })
    .await;
    text_is(&omar, "conflict-mine", mine).await;
    text_is(&omar, "conflict-theirs", theirs).await;
    if let Some(dir) = shots() {
        shot(&omar, &dir, "team-conflict.png").await;
    }
    click(&omar, "conflict-keep-mine").await;
    synced(&omar).await;

    // Both desks converge on the value kept.
    for desk in [&ines, &omar] {
        let field = &desk.testid("tool-field-tagline").await;
        until("the tagline to be the one kept", WAIT, move || async move {
            match field.value().await.map_err(|e| e.to_string())? {
                Some(v) if v == mine => Ok(()),
                other => Err(format!("it reads {other:?}")),
            }
        })
        .await;
    }
    drop(omar);
    drop(ines);
    drop(pg);
}

#[tokio::test]
async fn a_reviewer_who_joins_in_team_settings_cannot_act_as_a_publisher() {
    static MEMBERS: &[team_support::MemberSpec<'static>] = &[
        ("ines", &["editor"], None),
        ("devon", &["reviewer"], Some("devon-dx")),
    ];
    let pg = start_team(MEMBERS);
    let url = team_url(&pg);
    // A team with content, started by the editor's desk (not shown here).
    let seeder = tempfile::tempdir().unwrap();
    verdict_core::Desk::open(seeder.path())
        .unwrap()
        .seed_sample_if_empty()
        .unwrap();
    join(seeder.path(), &url, "ines", true);
    let desk = launch_member(
        None,
        "a_reviewer_who_joins_in_team_settings_cannot_act_as_a_publisher",
        "devon",
        |_| {},
    )
    .await;

    // Before joining, the switcher offers the desk's profiles.
    desk.labelled("Working as").await;
    steps::open_screen(&desk, "settings").await;
    desk.testid("settings-team").await;
    // A wrong password is refused by name, and nothing changes.
    let server = desk.labelled("Server address").await;
    steps::fill(&desk, &server, &url).await;
    let user = desk.labelled("User name").await;
    steps::fill(&desk, &user, "devon").await;
    let pw = desk.labelled("Password").await;
    steps::fill(&desk, &pw, "not-the-password").await;
    click(&desk, "team-join").await;
    text_where(&desk, "team-error", "to name the password", |t| {
        t.contains("password")
    })
    .await;
    steps::fill(&desk, &pw, &password("devon")).await;
    click(&desk, "team-join").await;
    text_where(&desk, "team-member", "to name the member", |t| {
        t.contains("DEVON")
    })
    .await;
    synced(&desk).await;
    if let Some(dir) = shots() {
        let card = desk.testid("settings-team").await;
        desk.session()
            .execute(
                "arguments[0].scrollIntoView({block: 'start'})",
                vec![card.to_json().unwrap()],
            )
            .await
            .unwrap();
        shot(&desk, &dir, "team-settings.png").await;
    }

    // Signed in: the member works here, with their roles, and no one else.
    text_is(&desk, "current-profile", "DEVON").await;
    text_is(&desk, "current-roles", "Reviewer").await;
    let switcher = desk
        .session()
        .find_all(thirtyfour::By::Css("[data-testid=\"profile-select\"]"))
        .await
        .unwrap();
    assert!(switcher.is_empty(), "the switcher still offers profiles");

    // Publishing is a publisher's: the buttons say so.
    steps::open_screen(&desk, "publishing").await;
    let publish = desk.testid("publish-all").await;
    assert!(!publish.is_enabled().await.unwrap());
    text_where(&desk, "publishing-readonly", "to name the role", |t| {
        t.contains("publisher") && !t.contains("switch profile")
    })
    .await;
    drop(desk);
    drop(pg);
}
