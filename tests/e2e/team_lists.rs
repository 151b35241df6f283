//! What a person sees on a team desk (issue 25, items 3 and 5): the lists and counts follow
//! the desk right after joining a team whose content differs, and after a sync that brought
//! the member's own change from another desk; and a conflict that sets the team's value back
//! never replaces the text of the field the person is typing in. Real apps on a private
//! PostgreSQL, as the team journeys.

use super::harness::{until, Desk, WAIT};
use super::steps::{self, click, text_is, text_where};
use super::team_desks::{join, launch_member as launch, on_desk, start_team, synced};
use super::team_support::{self, password, team_url};

async fn value_is(desk: &Desk, testid: &str, want: &str) {
    let field = &desk.testid(testid).await;
    until(
        &format!("{testid} to read {want:?}"),
        WAIT,
        move || async move {
            match field.value().await.map_err(|e| e.to_string())? {
                Some(v) if v == want => Ok(()),
                other => Err(format!("it reads {other:?}")),
            }
        },
    )
    .await;
}

#[tokio::test]
async fn lists_and_counts_follow_a_join_and_ones_own_change_from_another_desk() {
    static MEMBERS: &[team_support::MemberSpec<'static>] = &[("ines", &["editor"], None)];
    let pg = start_team(MEMBERS);
    let url = team_url(&pg);
    // The team holds the sample, a second tool and a second page (Ines's desk, not shown).
    let seeder = tempfile::tempdir().unwrap();
    super::work::prepare(seeder.path());
    join(seeder.path(), &url, "ines", true);

    // Ines's laptop holds only the sample when she joins the team in the app.
    let desk = launch(
        None,
        "lists_and_counts_follow_a_join_and_ones_own_change_from_another_desk",
        "ines",
        |_| {},
    )
    .await;
    text_is(&desk, "nav-comparisons-count", "1").await;
    text_is(&desk, "nav-tools-count", "2").await;
    steps::open_screen(&desk, "settings").await;
    desk.testid("settings-team").await;
    let server = desk.labelled("Server address").await;
    steps::fill(&desk, &server, &url).await;
    let user = desk.labelled("User name").await;
    steps::fill(&desk, &user, "ines").await;
    let pw = desk.labelled("Password").await;
    steps::fill(&desk, &pw, &password("ines")).await;
    click(&desk, "team-join").await;
    text_where(&desk, "team-member", "to name the member", |t| {
        t.contains("INES")
    })
    .await;
    synced(&desk).await;
    // Without Reload: the desk holds the team's two pages and three tools, and says so.
    text_is(&desk, "nav-comparisons-count", "2").await;
    text_is(&desk, "nav-tools-count", "3").await;
    steps::open_screen(&desk, "comparisons").await;
    desk.testid("comparison-row-claude-haiku-open-weights-vs-mistral-small-4")
        .await;

    // On her other desk Ines adds a tool: her own change, no one else's edit to name.
    on_desk(seeder.path(), |d, rt| {
        let mut tool = d.tool(super::sample::LLAMA).expect("the sample's tool");
        tool.slug = "qwen-3-small".into();
        tool.name = "Qwen 3 Small".into();
        d.create_tool("ines", &tool).expect("the tool is added");
        // Her password for this sync only (not the process's environment, which every app
        // started later would inherit).
        let secrets = verdict_core::secrets::MemorySecrets::new();
        let link = d
            .team_link()
            .expect("the link")
            .expect("the desk is on the team");
        verdict_core::team::remember_password(&secrets, &link.user, &link.url, &password("ines"));
        let sent = rt
            .block_on(d.team_sync(&secrets, |_| {}))
            .expect("it syncs");
        assert_eq!(sent.pushed, 1, "{sent:?}");
    });
    click(&desk, "sync-now").await;
    text_is(&desk, "nav-tools-count", "4").await;
    drop(desk);
    drop(pg);
}

#[tokio::test]
async fn a_conflict_never_replaces_the_text_being_typed_and_shows_theirs() {
    static MEMBERS: &[team_support::MemberSpec<'static>] =
        &[("ines", &["editor"], None), ("omar", &["editor"], None)];
    let pg = start_team(MEMBERS);
    let url = team_url(&pg);
    let name = "a_conflict_never_replaces_the_text_being_typed_and_shows_theirs";
    let ines = launch(None, &format!("{name}-ines"), "ines", |data| {
        on_desk(data, |d, _| {
            d.seed_sample_if_empty().expect("the sample loads");
        });
        join(data, &url, "ines", true);
    })
    .await;
    let omar = launch(Some(&ines), &format!("{name}-omar"), "omar", |data| {
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

    // Offline, both write the tagline; Omar's is saved on his desk, his cursor still in it.
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

    // Ines's change reaches the team first; Omar's desk then meets the conflict.
    pg.start_server();
    click(&ines, "sync-now").await;
    synced(&ines).await;
    pg.psql("team", "ALTER ROLE omar LOGIN");
    let field = omar.testid("tool-field-tagline").await;
    // Sync now by its shortcut, typed in the field: the focus stays where Omar is typing.
    steps::press(
        &field,
        thirtyfour::Key::Control + thirtyfour::Key::Shift + "s",
    )
    .await;
    text_where(&omar, "sync-conflicts", "to count one conflict", |t| {
        t.starts_with("1 conflict")
    })
    .await;
    // What Omar typed is still in the field, and Ines's text is shown beside it.
    text_is(&omar, "remote-theirs-tagline", theirs).await;
    value_is(&omar, "tool-field-tagline", mine).await;
    click(&omar, "sync-conflicts").await;
    text_is(&omar, "conflict-mine", mine).await;
    text_is(&omar, "conflict-theirs", theirs).await;
    drop(omar);
    drop(ines);
    drop(pg);
}
