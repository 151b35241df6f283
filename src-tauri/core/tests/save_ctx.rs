//! Every save states who made it and where it comes from (`SaveCtx`), and each store has its
//! own journal: a save from the team is not queued back, a local one is, and a queued save
//! wakes the live sync at once (no polling).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use verdict_core::secrets::MemorySecrets;
use verdict_core::store::{SaveCtx, SaveJournal, StoreError};
use verdict_core::team::{Live, SyncState, EVERY, SAVE_DEBOUNCE};
use verdict_core::{Desk, Store};

#[path = "support/team.rs"]
mod team_support;
use team_support::{password, runtime, start_team, team_url};

const HAIKU: &str = "claude-haiku-open-weights";

/// Saves heard by the test's own journal (a plain fn pointer cannot hold state).
static HEARD: AtomicUsize = AtomicUsize::new(0);

fn counting(
    _: &rusqlite::Connection,
    _: &SaveCtx,
    _: verdict_core::model::EntityKind,
    _: &str,
    _: Option<&str>,
    _: &str,
) -> Result<bool, StoreError> {
    HEARD.fetch_add(1, Ordering::SeqCst);
    Ok(true)
}

/// A journal that queues every save and counts nothing (tests run in parallel: `HEARD` is
/// the first test's alone).
fn queues_all(
    _: &rusqlite::Connection,
    _: &SaveCtx,
    _: verdict_core::model::EntityKind,
    _: &str,
    _: Option<&str>,
    _: &str,
) -> Result<bool, StoreError> {
    Ok(true)
}

#[test]
fn a_team_save_is_not_queued_a_local_one_is_and_each_store_has_its_own_journal() {
    let rt = runtime();
    let pg = start_team(&rt, &[("ines", &["editor"], None)]);
    let dir = tempfile::tempdir().unwrap();
    let secrets = MemorySecrets::new();
    let desk = Desk::open(dir.path()).unwrap();
    desk.seed_sample_if_empty().unwrap();
    rt.block_on(desk.team_join(&team_url(&pg), "ines", &password("ines"), true, &secrets))
        .unwrap();
    // A second store in the same process, with a journal of its own.
    let mut other = verdict_core::desk::sample_store().unwrap();
    other.set_journal(SaveJournal::new(counting));
    let pending = || desk.live_status(&Live::default()).unwrap().pending;
    let bell = desk
        .store()
        .journal_queued()
        .expect("a desk has its journal");
    let rang = || {
        rt.block_on(async {
            tokio::time::timeout(Duration::from_millis(20), bell.notified())
                .await
                .is_ok()
        })
    };
    assert_eq!(pending(), 0);

    let mut tool = desk.tool(HAIKU).unwrap();
    tool.tagline = "Sent by the team".into();
    desk.store()
        .save_tool(&SaveCtx::team("omar"), &tool)
        .unwrap();
    assert_eq!(pending(), 0, "a save from the team went back to it");
    assert!(!rang(), "a save from the team woke the live sync");
    let history = desk
        .history_view(verdict_core::model::EntityKind::Tool, HAIKU)
        .unwrap();
    assert_eq!(history[0].author.as_deref(), Some("omar"), "{history:?}");

    tool.tagline = "Typed here".into();
    desk.store()
        .save_tool(&SaveCtx::local("ines"), &tool)
        .unwrap();
    assert_eq!(pending(), 1, "a local save was not queued");
    assert!(rang(), "a local save did not wake the live sync");
    assert_eq!(
        HEARD.load(Ordering::SeqCst),
        0,
        "the desk's save reached another store's journal"
    );

    let mut t = other.tool(HAIKU).unwrap().unwrap();
    t.tagline = "Elsewhere".into();
    other.save_tool(&SaveCtx::local("omar"), &t).unwrap();
    assert_eq!(HEARD.load(Ordering::SeqCst), 1);
    assert_eq!(
        pending(),
        1,
        "the other store's save was queued on the desk"
    );
}

#[test]
fn a_queued_save_rings_the_stores_bell_once() {
    let mut store = verdict_core::desk::sample_store().unwrap();
    store.set_journal(SaveJournal::new(queues_all));
    let bell = store.journal_queued().unwrap();
    let rang = |bell: &tokio::sync::Notify| {
        runtime().block_on(async {
            tokio::time::timeout(Duration::from_millis(20), bell.notified())
                .await
                .is_ok()
        })
    };
    let mut t = store.tool(HAIKU).unwrap().unwrap();
    t.tagline = "Rings".into();
    store.save_tool(&SaveCtx::local("ines"), &t).unwrap();
    assert!(rang(&bell), "a queued save did not ring the bell");
    assert!(!rang(&bell), "the bell rang twice for one save");
    // A store with no journal has no bell, and its saves still land.
    let mut plain = Store::open_in_memory().unwrap();
    assert!(plain.journal_queued().is_none());
    plain
        .import_bundle(
            &SaveCtx::import(),
            &verdict_core::Bundle::parse(verdict_core::desk::SAMPLE_BUNDLE.as_bytes()).unwrap(),
        )
        .unwrap();
}

#[test]
fn a_local_save_reaches_the_team_well_before_the_old_poll_interval() {
    let rt = runtime();
    let pg = start_team(&rt, &[("ines", &["editor"], None)]);
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecrets::new());
    let desk = Arc::new(Desk::open(dir.path()).unwrap());
    desk.seed_sample_if_empty().unwrap();
    rt.block_on(desk.team_join(
        &team_url(&pg),
        "ines",
        &password("ines"),
        true,
        secrets.as_ref(),
    ))
    .unwrap();
    let live = Arc::new(Live::default());
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let (desk, live, secrets) = (desk.clone(), live.clone(), secrets.clone());
        rt.spawn(async move {
            desk.team_live(secrets.as_ref(), &live, EVERY, SAVE_DEBOUNCE, move |e| {
                let _ = tx.send(e);
            })
            .await
        });
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while live.status().state != SyncState::Synced {
        assert!(Instant::now() < deadline, "never synced at start");
        let _ = rx.recv_timeout(Duration::from_millis(100));
    }
    let mut tool = desk.tool(HAIKU).unwrap();
    tool.tagline = "At once".into();
    let saved = Instant::now();
    desk.save_tool("ines", &tool).unwrap();
    loop {
        if desk.live_status(&live).unwrap().pending == 0 {
            break;
        }
        assert!(
            saved.elapsed() < Duration::from_secs(10),
            "the save never left"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    // The old loop looked every 1.5 s; the journal's bell wakes it at once.
    let took = saved.elapsed();
    assert!(
        took < Duration::from_millis(1000),
        "the save took {took:?} to reach the team"
    );
}

#[test]
fn a_ring_taken_and_not_used_is_rung_again() {
    use verdict_core::store::TakenRing;
    let bell = tokio::sync::Notify::new();
    let rang = |bell: &tokio::sync::Notify| {
        runtime().block_on(async {
            tokio::time::timeout(Duration::from_millis(20), bell.notified())
                .await
                .is_ok()
        })
    };
    // Taken, then the wait ended another way: the next wait hears it.
    bell.notify_one();
    assert!(rang(&bell));
    drop(TakenRing::of(&bell));
    assert!(rang(&bell), "a ring taken and dropped was lost");
    // Taken and used: heard once only.
    TakenRing::of(&bell).used();
    assert!(!rang(&bell), "a used ring rang again");
}
