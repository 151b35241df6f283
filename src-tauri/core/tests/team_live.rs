//! The team desk as the app runs it: the live sync's status and news (NOTIFY, offline and
//! back), the desk acting only as its member, and an admin's members, against a real
//! PostgreSQL started here.

use std::sync::Arc;
use std::time::Duration;

use verdict_core::model::EntityKind;
use verdict_core::secrets::MemorySecrets;
use verdict_core::team::server::Server;
use verdict_core::team::{Live, LiveEvent, LiveStatus, NewMember, SyncState, TeamError};
use verdict_core::{Desk, DeskError};

#[path = "support/team.rs"]
mod team_support;
use team_support::{password, runtime, start_team, team_url};

const HAIKU: &str = "claude-haiku-open-weights";

/// Waits (up to 30 s) for an event that `want` accepts, skipping the others.
fn wait_for(
    rx: &std::sync::mpsc::Receiver<LiveEvent>,
    what: &str,
    mut want: impl FnMut(&LiveEvent) -> bool,
) -> LiveEvent {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(e) if want(&e) => return e,
            Ok(e) => seen.push(e),
            Err(_) => break,
        }
    }
    panic!("no event {what} within 30 s; saw {seen:#?}");
}

fn state_is(state: SyncState) -> impl FnMut(&LiveEvent) -> bool {
    move |e| matches!(e, LiveEvent::Status(LiveStatus { state: s, .. }) if *s == state)
}

#[test]
fn the_live_sync_tells_its_state_brings_others_edits_and_works_offline() {
    let rt = runtime();
    let pg = start_team(
        &rt,
        &[("ines", &["editor"], None), ("omar", &["editor"], None)],
    );
    let url = team_url(&pg);
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let secrets_a = Arc::new(MemorySecrets::new());
    let secrets_b = MemorySecrets::new();
    let a = Arc::new(Desk::open(dir_a.path()).unwrap());
    a.seed_sample_if_empty().unwrap();
    rt.block_on(a.team_join(&url, "ines", &password("ines"), true, secrets_a.as_ref()))
        .unwrap();
    let b = Desk::open(dir_b.path()).unwrap();
    rt.block_on(b.team_join(&url, "omar", &password("omar"), false, &secrets_b))
        .unwrap();

    // Ines's desk runs the live sync, as the app does (short periods for the test).
    let live = Arc::new(Live::default());
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let (a, live, secrets) = (a.clone(), live.clone(), secrets_a.clone());
        rt.spawn(async move {
            a.team_live(
                secrets.as_ref(),
                &live,
                Duration::from_secs(30),
                Duration::from_millis(200),
                move |e| {
                    let _ = tx.send(e);
                },
            )
            .await
        });
    }
    let first = wait_for(&rx, "synced at start", state_is(SyncState::Synced));
    let LiveEvent::Status(status) = first else {
        unreachable!()
    };
    assert_eq!(status.link.as_ref().unwrap().user, "ines");
    assert_eq!((status.pending, status.conflicts), (0, 0));

    // Omar changes a tool: the NOTIFY brings it to Ines's desk, with its author and field,
    // long before the 30 s round.
    let mut tool = b.tool(HAIKU).unwrap();
    tool.tagline = "Omar's tagline".into();
    b.save_tool("omar", &tool).unwrap();
    rt.block_on(b.team_sync(&secrets_b, |_| {})).unwrap();
    let edits = wait_for(&rx, "with Omar's edit", |e| {
        matches!(e, LiveEvent::Edits(_))
    });
    let LiveEvent::Edits(edits) = edits else {
        unreachable!()
    };
    assert_eq!(edits.len(), 1, "{edits:?}");
    assert_eq!(
        (edits[0].key.as_str(), edits[0].author.as_str()),
        (HAIKU, "omar")
    );
    assert!(
        edits[0].fields.contains(&"tagline".to_string()),
        "{edits:?}"
    );
    assert_eq!(a.tool(HAIKU).unwrap().tagline, "Omar's tagline");
    // History names who made each revision: Omar's change, kept on Ines's desk, is his.
    let history = a.history_view(EntityKind::Tool, HAIKU).unwrap();
    assert_eq!(history[0].author.as_deref(), Some("omar"), "{history:?}");

    // The server goes away: asked to sync, the desk says offline, since when and why; a
    // save is kept here and counted as waiting.
    pg.stop_server();
    live.sync_now();
    let offline = wait_for(&rx, "offline", state_is(SyncState::Offline));
    let LiveEvent::Status(offline) = offline else {
        unreachable!()
    };
    assert!(offline.offline_since.is_some());
    assert!(
        offline.problem.as_deref().unwrap().contains("cannot reach"),
        "{offline:?}"
    );
    let mut tool = a.tool(HAIKU).unwrap();
    tool.tagline = "Written offline".into();
    a.save_tool("ines", &tool).unwrap();
    let status = a.live_status(&live).unwrap();
    assert_eq!(status.pending, 1);
    // (A retry may be under way: it finds the server gone again.)
    assert!(
        matches!(status.state, SyncState::Offline | SyncState::Syncing),
        "{status:?}"
    );

    // Back: the next sync sends it, and the desk is synced again.
    pg.start_server();
    live.sync_now();
    let back = wait_for(&rx, "synced again", state_is(SyncState::Synced));
    let LiveEvent::Status(back) = back else {
        unreachable!()
    };
    assert_eq!(back.pending, 0);
    assert!(back.offline_since.is_none() && back.problem.is_none());
    rt.block_on(b.team_sync(&secrets_b, |_| {})).unwrap();
    assert_eq!(b.tool(HAIKU).unwrap().tagline, "Written offline");
    let authors: Vec<Option<String>> = b
        .history_view(EntityKind::Tool, HAIKU)
        .unwrap()
        .into_iter()
        .take(2)
        .map(|r| r.author)
        .collect();
    assert_eq!(
        authors,
        [Some("ines".to_string()), Some("omar".to_string())]
    );
}

#[test]
fn a_team_desk_acts_only_as_its_member() {
    let rt = runtime();
    let pg = start_team(
        &rt,
        &[
            ("ines", &["editor"], None),
            ("devon", &["reviewer"], Some("devon-dx")),
        ],
    );
    // Ines's desk starts the team; Devon's desk, which had the sample and its profiles of
    // its own, joins it.
    let first = tempfile::tempdir().unwrap();
    let seeder = Desk::open(first.path()).unwrap();
    seeder.seed_sample_if_empty().unwrap();
    let secrets = MemorySecrets::new();
    rt.block_on(seeder.team_join(&team_url(&pg), "ines", &password("ines"), true, &secrets))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    rt.block_on(desk.team_join(&team_url(&pg), "devon", &password("devon"), false, &secrets))
        .unwrap();
    // The desk's own "publisher" profile is still in its table, but does not act here.
    let before = desk.comparison("claude-haiku-open-weights-vs-llama-4-scout-quantized");
    let err = desk
        .page_action(
            "publisher",
            "claude-haiku-open-weights-vs-llama-4-scout-quantized",
            verdict_core::workflow::PageAction::Unpublish,
        )
        .unwrap_err();
    assert!(matches!(err, DeskError::Workflow(_)), "{err}");
    assert!(
        err.to_string()
            .contains("signed in to the team as \"devon\""),
        "{err}"
    );
    assert_eq!(
        desk.comparison("claude-haiku-open-weights-vs-llama-4-scout-quantized")
            .unwrap(),
        before.unwrap()
    );
    // Devon acts with Devon's roles: a reviewer does not publish either.
    let err = desk
        .page_action(
            "devon",
            "claude-haiku-open-weights-vs-llama-4-scout-quantized",
            verdict_core::workflow::PageAction::Unpublish,
        )
        .unwrap_err();
    assert!(err.to_string().contains("publisher"), "{err}");
}

#[test]
fn an_admin_adds_a_member_with_a_one_time_password_and_disables_them() {
    let rt = runtime();
    let pg = start_team(
        &rt,
        &[
            ("ada", &["admin", "editor"], None),
            ("ines", &["editor"], None),
        ],
    );
    let url = team_url(&pg);
    let join = |login: &str, seed: bool| {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(dir.path()).unwrap();
        if seed {
            desk.seed_sample_if_empty().unwrap();
        }
        let secrets = MemorySecrets::new();
        rt.block_on(desk.team_join(&url, login, &password(login), seed, &secrets))
            .unwrap();
        (dir, desk, secrets)
    };
    let (_d1, admin, admin_secrets) = join("ada", true);

    // A form with problems names each field, and the server is not asked.
    let bad = NewMember {
        login: "Not OK".into(),
        display_name: " ".into(),
        roles: vec!["reviewer".into(), "boss".into()],
        reviewer: None,
    };
    let err = rt
        .block_on(admin.team_add_member(&admin_secrets, &bad))
        .unwrap_err();
    let api = verdict_core::ApiError::from(err);
    let fields: Vec<&str> = api.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        ["login", "display_name", "roles", "reviewer"],
        "{api:?}"
    );

    // A good one: the member is listed, and the password shown once signs them in.
    let new = NewMember {
        login: "sam".into(),
        display_name: "Sam Okafor".into(),
        roles: vec!["reviewer".into()],
        reviewer: Some("devon-dx".into()),
    };
    let added = rt
        .block_on(admin.team_add_member(&admin_secrets, &new))
        .unwrap();
    assert_eq!(added.member.login, "sam");
    assert_eq!(added.member.reviewer.as_deref(), Some("devon-dx"));
    assert!(added.password.len() >= 16, "{}", added.password);
    let members = rt.block_on(admin.team_members(&admin_secrets)).unwrap();
    assert!(members.iter().any(|m| m.login == "sam" && !m.disabled));
    rt.block_on(Server::connect(&url, Some("sam"), &added.password))
        .expect("the new member signs in with the password shown");

    // A member who is not an admin is refused by the server, by name.
    let (_d2, ines, ines_secrets) = join("ines", false);
    let err = rt
        .block_on(ines.team_disable_member(&ines_secrets, "sam"))
        .unwrap_err();
    assert!(err.to_string().contains("admin"), "{err}");

    // The admin disables Sam: the login stops working.
    rt.block_on(admin.team_disable_member(&admin_secrets, "sam"))
        .unwrap();
    let err = rt
        .block_on(async {
            let s = Server::connect(&url, Some("sam"), &added.password).await?;
            s.me().await
        })
        .unwrap_err();
    assert!(
        matches!(
            err,
            TeamError::NotMember { .. } | TeamError::WrongPassword { .. }
        ),
        "{err}"
    );
}
