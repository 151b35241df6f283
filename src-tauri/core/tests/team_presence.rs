//! Presence through the team (a private PostgreSQL, each member with their own login, each
//! desk running the live sync as the app does): members on one page see each other, and who
//! types where, within 2 s; a member who may not see a draft sees nobody on it; a desk that
//! stops beating disappears once its last beat is older than the freshness; a member's own
//! SQL cannot beat as someone else; a desk alone does nothing.

use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::{Duration, Instant};

use verdict_core::model::EntityKind;
use verdict_core::secrets::MemorySecrets;
use verdict_core::team::server::Server;
use verdict_core::team::{
    Live, LiveEvent, LiveStatus, Presence, PresencePlace, PresenceTiming, SyncState, BEAT, FRESH,
};
use verdict_core::Desk;

#[path = "support/team.rs"]
mod team_support;
use team_support::{password, runtime, start_team, team_url};

const PAGE: &str = "claude-code-vs-cursor";
/// Short periods, so the expiry is seen in seconds; the mechanism is the app's.
const TIMING: PresenceTiming = PresenceTiming {
    beat: Duration::from_millis(700),
    fresh: Duration::from_secs(3),
};

/// A desk on the team running the live sync, and what it tells.
struct LiveDesk {
    desk: Arc<Desk>,
    live: Arc<Live>,
    events: Receiver<LiveEvent>,
    task: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

fn start(rt: &tokio::runtime::Runtime, url: &str, login: &str, seed: bool) -> LiveDesk {
    let dir = tempfile::tempdir().unwrap();
    let desk = Arc::new(Desk::open(dir.path()).unwrap());
    if seed {
        desk.seed_sample_if_empty().unwrap();
    }
    let secrets = Arc::new(MemorySecrets::new());
    rt.block_on(desk.team_join(url, login, &password(login), seed, secrets.as_ref()))
        .unwrap_or_else(|e| panic!("{login} could not join: {e}"));
    let live = Arc::new(Live::with_presence(Some(TIMING)));
    let (tx, events) = std::sync::mpsc::channel();
    let task = {
        let (desk, live) = (desk.clone(), live.clone());
        rt.spawn(async move {
            desk.team_live(
                secrets.as_ref(),
                &live,
                Duration::from_secs(30),
                Duration::from_millis(50),
                move |e| {
                    let _ = tx.send(e);
                },
            )
            .await
        })
    };
    let d = LiveDesk {
        desk,
        live,
        events,
        task,
        _dir: dir,
    };
    d.wait(Duration::from_secs(30), "synced", |e| {
        matches!(
            e,
            LiveEvent::Status(LiveStatus {
                state: SyncState::Synced,
                ..
            })
        )
    });
    d
}

impl LiveDesk {
    /// Waits up to `within` for an event `want` accepts; how long it took.
    fn wait(&self, within: Duration, what: &str, want: impl Fn(&LiveEvent) -> bool) -> Duration {
        let began = Instant::now();
        let mut seen = Vec::new();
        while let Some(left) = (began + within).checked_duration_since(Instant::now()) {
            match self.events.recv_timeout(left) {
                Ok(e) if want(&e) => return began.elapsed(),
                Ok(e) => seen.push(e),
                Err(_) => break,
            }
        }
        panic!("no event {what} within {within:?}; saw {seen:#?}");
    }

    /// Waits up to `within` until the others' places satisfy `want`; how long it took.
    fn wait_presence(
        &self,
        within: Duration,
        what: &str,
        want: impl Fn(&[Presence]) -> bool,
    ) -> Duration {
        if want(&self.live.presence().others()) {
            return Duration::ZERO;
        }
        self.wait(
            within,
            what,
            |e| matches!(e, LiveEvent::Presence(p) if want(p)),
        )
    }

    fn open(&self, kind: EntityKind, key: &str, field: Option<&str>, typing: bool) {
        self.live
            .presence()
            .set(Some(PresencePlace {
                kind,
                key: key.into(),
                field: field.map(Into::into),
                typing,
            }))
            .unwrap();
    }
}

fn on(login: &'static str, kind: EntityKind, key: &'static str) -> impl Fn(&[Presence]) -> bool {
    move |p| {
        p.iter()
            .any(|p| p.login == login && p.kind == kind && p.key == key)
    }
}

fn nobody(login: &'static str) -> impl Fn(&[Presence]) -> bool {
    move |p| p.iter().all(|p| p.login != login)
}

fn desk_id(d: &LiveDesk) -> uuid::Uuid {
    let link = d.desk.team_link().unwrap().unwrap();
    uuid::Uuid::parse_str(&link.desk_id).unwrap()
}

#[test]
fn members_see_each_other_where_they_may_and_a_silent_desk_disappears() {
    assert!(
        BEAT < FRESH && FRESH <= Duration::from_secs(30),
        "the app's timing"
    );
    let rt = runtime();
    let pg = start_team(
        &rt,
        &[
            ("ines", &["editor"], None),
            ("omar", &["editor"], None),
            ("sam", &["reviewer"], Some("sam-skeptic")),
            ("devon", &["reviewer"], Some("devon-dx")),
        ],
    );
    let url = team_url(&pg);
    let ines = start(&rt, &url, "ines", true);
    let omar = start(&rt, &url, "omar", false);

    // Ines opens a page: Omar's desk shows her there within 2 s, with her name.
    ines.open(EntityKind::Comparison, PAGE, None, false);
    let took = omar.wait_presence(
        Duration::from_secs(2),
        "Ines on the page",
        on("ines", EntityKind::Comparison, PAGE),
    );
    println!("presence reached the other desk in {took:?}");
    let seen = omar.live.presence().others();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        (
            seen[0].name.as_str(),
            seen[0].field.as_deref(),
            seen[0].typing
        ),
        ("INES", None, false)
    );
    assert!(
        nobody("ines")(&ines.live.presence().others()),
        "nobody is shown to oneself"
    );

    // Omar opens it too and types in the intro: Ines sees which field, and that he types.
    omar.open(EntityKind::Comparison, PAGE, Some("intro"), true);
    ines.wait_presence(Duration::from_secs(2), "Omar typing in the intro", |p| {
        p.iter().any(|p| {
            p.login == "omar" && p.key == PAGE && p.field.as_deref() == Some("intro") && p.typing
        })
    });
    // He stops typing; the field stays marked as his, without "typing".
    omar.open(EntityKind::Comparison, PAGE, Some("intro"), false);
    ines.wait_presence(Duration::from_secs(2), "Omar no longer typing", |p| {
        p.iter()
            .any(|p| p.login == "omar" && p.field.as_deref() == Some("intro") && !p.typing)
    });

    // Beats keep a desk shown well past the freshness while it is open.
    std::thread::sleep(TIMING.fresh + Duration::from_secs(1));
    assert!(on("omar", EntityKind::Comparison, PAGE)(
        &ines.live.presence().others()
    ));
    assert!(on("ines", EntityKind::Comparison, PAGE)(
        &omar.live.presence().others()
    ));

    // A draft verdict (the team does not hold it yet: it is its reviewer's alone): an editor
    // sees Sam on it, another reviewer does not, on his desk nor with his own SQL.
    let sam = start(&rt, &url, "sam", false);
    let devon = start(&rt, &url, "devon", false);
    let draft = "sam-skeptic/mistral-small-4";
    sam.open(EntityKind::Verdict, draft, Some("quote"), true);
    ines.wait_presence(
        Duration::from_secs(2),
        "Sam on his draft",
        on("sam", EntityKind::Verdict, draft),
    );
    sam.open(EntityKind::Verdict, draft, Some("quote"), false);
    ines.wait_presence(Duration::from_secs(2), "Sam no longer typing", |p| {
        p.iter().any(|p| p.login == "sam" && !p.typing)
    });
    assert!(
        nobody("sam")(&devon.live.presence().others()),
        "{:?}",
        devon.live.presence().others()
    );
    let as_devon = rt
        .block_on(Server::connect(&url, Some("devon"), &password("devon")))
        .unwrap();
    let rows = rt
        .block_on(as_devon.presence(Duration::from_secs(60)))
        .unwrap();
    assert!(rows.iter().all(|r| r.login != "sam"), "{rows:?}");
    // Devon, on a public page, is seen by Sam; on the draft he would be shown nowhere.
    devon.open(EntityKind::Comparison, PAGE, None, false);
    sam.wait_presence(
        Duration::from_secs(2),
        "Devon on the page",
        on("devon", EntityKind::Comparison, PAGE),
    );
    let shown = rt.block_on(as_devon.presence_beat(
        uuid::Uuid::new_v4(),
        Some(verdict_core::team::server::Beat {
            kind: "verdict",
            key: draft,
            field: None,
            typing: false,
        }),
    ));
    assert!(!shown.unwrap(), "no presence on text one may not see");

    // Devon's own login cannot beat as Ines: no row is his to write, and a beat with her
    // desk's id is his own row, hers untouched.
    for sql in [
        "INSERT INTO verdict.presence (login, desk, kind, key) VALUES ('ines', gen_random_uuid(), 'tool', 'x')",
        "UPDATE verdict.presence SET key = 'elsewhere' WHERE login = 'ines'",
        "DELETE FROM verdict.presence WHERE login = 'ines'",
    ] {
        assert!(rt.block_on(as_devon.client().execute(sql, &[])).is_err(), "a member writes no row: {sql}");
    }
    let ines_desk = desk_id(&ines);
    let beat = verdict_core::team::server::Beat {
        kind: "tool",
        key: "cursor",
        field: None,
        typing: false,
    };
    assert!(rt
        .block_on(as_devon.presence_beat(ines_desk, Some(beat)))
        .unwrap());
    let as_omar = rt
        .block_on(Server::connect(&url, Some("omar"), &password("omar")))
        .unwrap();
    let rows = rt
        .block_on(as_omar.client().query(
            "SELECT login, kind, key FROM verdict.presence WHERE desk = $1 ORDER BY login",
            &[&ines_desk],
        ))
        .unwrap();
    let rows: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "devon".to_string(),
                "tool".to_string(),
                "cursor".to_string()
            ),
            (
                "ines".to_string(),
                "comparison".to_string(),
                PAGE.to_string()
            ),
        ]
    );
    assert!(on("ines", EntityKind::Comparison, PAGE)(
        &omar.live.presence().others()
    ));
    // A bad place is refused with the field named.
    let bad = rt.block_on(as_devon.presence_beat(
        uuid::Uuid::new_v4(),
        Some(verdict_core::team::server::Beat {
            kind: "invoice",
            key: "x",
            field: None,
            typing: false,
        }),
    ));
    assert!(bad.unwrap_err().to_string().contains("kind \"invoice\""));

    // Omar's desk stops (no goodbye, as when it goes offline): the others stop showing him
    // once his last beat is older than the freshness, though his row is still on the server.
    omar.task.abort();
    let stopped = Instant::now();
    ines.wait_presence(
        TIMING.fresh + Duration::from_secs(2),
        "Omar gone",
        nobody("omar"),
    );
    let gone = stopped.elapsed();
    println!(
        "a silent desk disappeared after {gone:?} (freshness {:?})",
        TIMING.fresh
    );
    assert!(
        gone >= TIMING.fresh - TIMING.beat - Duration::from_millis(300),
        "gone by expiry, not at once: {gone:?}"
    );
    let left: i64 = rt
        .block_on(as_devon.client().query_one(
            "SELECT count(*) FROM verdict.presence WHERE login = 'omar'",
            &[],
        ))
        .unwrap()
        .get(0);
    assert_eq!(left, 1, "his row stayed; it expired");
    assert!(nobody("omar")(&sam.live.presence().others()));
    assert!(
        on("ines", EntityKind::Comparison, PAGE)(&sam.live.presence().others()),
        "the beating desk stays"
    );

    // Ines leaves the page: gone at once for the others.
    ines.live.presence().set(None).unwrap();
    sam.wait_presence(Duration::from_secs(2), "Ines gone", nobody("ines"));
    for d in [ines, sam, devon] {
        d.task.abort();
    }
}

#[test]
fn a_desk_alone_keeps_its_place_to_itself() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let desk = Arc::new(Desk::open(dir.path()).unwrap());
    let live = Arc::new(Live::with_presence(Some(TIMING)));
    let (tx, events) = std::sync::mpsc::channel();
    let task = {
        let (desk, live) = (desk.clone(), live.clone());
        rt.spawn(async move {
            let secrets = MemorySecrets::new();
            desk.team_live(
                &secrets,
                &live,
                Duration::from_secs(30),
                Duration::from_millis(50),
                move |e| {
                    let _ = tx.send(e);
                },
            )
            .await
        })
    };
    assert!(matches!(
        events.recv_timeout(Duration::from_secs(10)).unwrap(),
        LiveEvent::Status(LiveStatus {
            state: SyncState::Off,
            ..
        })
    ));
    live.presence()
        .set(Some(PresencePlace {
            kind: EntityKind::Tool,
            key: "cursor".into(),
            field: Some("tagline".into()),
            typing: true,
        }))
        .unwrap();
    assert_eq!(live.presence().here().unwrap().key, "cursor");
    // Nothing is sent, read or told.
    assert!(events.recv_timeout(TIMING.fresh).is_err());
    assert!(live.presence().others().is_empty());
    // A place the server would refuse is refused here first, naming what is wrong.
    let long = PresencePlace {
        kind: EntityKind::Tool,
        key: "k".repeat(301),
        field: None,
        typing: false,
    };
    let err = live.presence().set(Some(long)).unwrap_err();
    assert!(err.to_string().contains("key"), "{err}");
    task.abort();
}
