//! The live sync tells the app whenever a round changed what the desk holds, so its lists
//! and counts follow: also when the change is the member's own, made on another desk of
//! theirs (no other member's edit to name). Against a private PostgreSQL.

use std::sync::Arc;
use std::time::Duration;

use verdict_core::secrets::MemorySecrets;
use verdict_core::team::{Live, LiveEvent, LiveStatus, SyncState};
use verdict_core::Desk;

#[path = "support/team.rs"]
mod team_support;
use team_support::{password, runtime, start_team, team_url};

const HAIKU: &str = "claude-haiku-open-weights";

#[test]
fn a_round_that_brought_the_members_own_change_from_another_desk_tells_the_app() {
    let rt = runtime();
    let pg = start_team(&rt, &[("ines", &["editor"], None)]);
    let url = team_url(&pg);
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (secrets_a, secrets_b) = (Arc::new(MemorySecrets::new()), MemorySecrets::new());
    let a = Arc::new(Desk::open(dir_a.path()).unwrap());
    a.seed_sample_if_empty().unwrap();
    rt.block_on(a.team_join(&url, "ines", &password("ines"), true, secrets_a.as_ref()))
        .unwrap();
    // Ines's second desk (a laptop, say) joins the same team as the same member.
    let b = Desk::open(dir_b.path()).unwrap();
    rt.block_on(b.team_join(&url, "ines", &password("ines"), false, &secrets_b))
        .unwrap();

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
    let next = |what: &str| {
        rx.recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("no event {what} within 30 s"))
    };
    loop {
        if let LiveEvent::Status(LiveStatus {
            state: SyncState::Synced,
            ..
        }) = next("synced at start")
        {
            break;
        }
    }

    // On her other desk she changes a tool; the NOTIFY brings it here.
    let mut tool = b.tool(HAIKU).unwrap();
    tool.tagline = "Changed on the laptop".into();
    b.save_tool("ines", &tool).unwrap();
    let sent = rt.block_on(b.team_sync(&secrets_b, |_| {})).unwrap();
    assert_eq!(sent.pushed, 1, "{sent:?}");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let edits = loop {
        assert!(
            std::time::Instant::now() < deadline,
            "the app was not told the desk changed"
        );
        if let LiveEvent::Edits(edits) = next("with the desk's change") {
            break edits;
        }
    };
    assert!(
        edits.is_empty(),
        "no other member's edit to name: {edits:?}"
    );
    assert_eq!(a.tool(HAIKU).unwrap().tagline, "Changed on the laptop");
}
