//! What presence and comments add to a team sync round, against private PostgreSQL clusters
//! on 127.0.0.1 (started here, stopped after). Three teams of the sample content: one at team
//! schema 8 (before comments and presence); two at this build's schema, one where nobody else
//! is present and one where OTHERS members beat presence four times a second (the app beats
//! every 20 s). Each round: the measured desk pushes one change and pulls one of another
//! desk's, with or without a comment each way; the teams' rounds alternate, so a busy moment
//! of the machine falls on all alike. Also the presence step itself (a beat, then reading who
//! is where), which the live sync runs on its listening connection between rounds, not inside
//! one. Prints the figures docs/benchmarks.md quotes.
//!
//! cargo bench -p verdict-core --bench team_presence  [-- ROUNDS [OTHERS]]   (default 200 10)

use std::time::{Duration, Instant};

use verdict_core::comments::{CommentTarget, NewComment};
use verdict_core::model::EntityKind;
use verdict_core::secrets::MemorySecrets;
use verdict_core::team::server::{Beat, Server};
use verdict_core::Desk;
use verdict_testkit::postgres::{PgCluster, SUPERUSER, SUPERUSER_PASSWORD};

#[path = "../tests/support/team.rs"]
mod team_support;
use team_support::password;

/// Starts a cluster holding a team at `schema` with editors `logins`.
fn team_at(rt: &tokio::runtime::Runtime, schema: u32, logins: &[String]) -> (PgCluster, String) {
    let pg = PgCluster::start();
    pg.create_database("team");
    rt.block_on(async {
        let mut admin = Server::connect(&pg.url(SUPERUSER, "team"), None, SUPERUSER_PASSWORD)
            .await
            .unwrap();
        admin.init_up_to(schema).await.unwrap();
        for login in logins {
            admin
                .add_member(login, login, &["editor".into()], None, &password(login))
                .await
                .unwrap();
        }
    });
    let url = team_support::team_url(&pg);
    (pg, url)
}

/// A member's desk on the team, with the secrets that hold its password.
struct Member {
    desk: Desk,
    login: &'static str,
    secrets: MemorySecrets,
    _dir: tempfile::TempDir,
}

fn join(rt: &tokio::runtime::Runtime, url: &str, login: &'static str, seed: bool) -> Member {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    if seed {
        desk.seed_sample_if_empty().unwrap();
    }
    let secrets = MemorySecrets::new();
    rt.block_on(desk.team_join(url, login, &password(login), seed, &secrets))
        .unwrap();
    Member {
        desk,
        login,
        secrets,
        _dir: dir,
    }
}

/// A comment on the first words of the tool's description.
fn comment_on(desk: &Desk, slug: &str, n: usize) -> NewComment {
    let text = desk.tool(slug).unwrap().description;
    let words = text.split_whitespace().next().unwrap();
    NewComment {
        target: CommentTarget {
            kind: EntityKind::Tool,
            key: slug.into(),
            field: "description".into(),
        },
        start: 0,
        end: words.encode_utf16().count() as u32,
        body: format!("round {n}: source?"),
    }
}

/// Sync round `n` of `m`, pushing one change and pulling one of `o`'s (and, with `comments`,
/// one comment each way); its time in ms.
fn round(rt: &tokio::runtime::Runtime, m: &Member, o: &Member, n: usize, comments: bool) -> f64 {
    let tools: Vec<String> = m
        .desk
        .store()
        .tools()
        .unwrap()
        .into_iter()
        .map(|t| t.slug)
        .collect();
    let slug = &tools[n % tools.len()];
    let mut tool = o.desk.tool(slug).unwrap();
    tool.tagline = format!("{} round {n}", o.login);
    o.desk.save_tool(o.login, &tool).unwrap();
    if comments {
        o.desk
            .add_comment(o.login, &comment_on(&o.desk, slug, n))
            .unwrap();
    }
    rt.block_on(o.desk.team_sync(&o.secrets, |_| {})).unwrap();
    let slug = &tools[(n + 1) % tools.len()];
    let mut tool = m.desk.tool(slug).unwrap();
    tool.tagline = format!("{} round {n}", m.login);
    m.desk.save_tool(m.login, &tool).unwrap();
    if comments {
        m.desk
            .add_comment(m.login, &comment_on(&m.desk, slug, n))
            .unwrap();
    }
    let t = Instant::now();
    let report = rt.block_on(m.desk.team_sync(&m.secrets, |_| {})).unwrap();
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    assert!(report.pulled >= 1, "{report:?}");
    ms
}

fn at(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = args.first().copied().unwrap_or(200);
    let others = args.get(1).copied().unwrap_or(10);
    let rt = team_support::runtime();

    let (_pg8, url8) = team_at(&rt, 8, &["old-a", "old-b"].map(String::from));
    let old = (
        join(&rt, &url8, "old-a", true),
        join(&rt, &url8, "old-b", false),
    );
    let schema = verdict_core::team::TEAM_SCHEMA_VERSION;
    let (_pgq, urlq) = team_at(&rt, schema, &["quiet-a", "quiet-b"].map(String::from));
    let quiet = (
        join(&rt, &urlq, "quiet-a", true),
        join(&rt, &urlq, "quiet-b", false),
    );
    let mut logins: Vec<String> = ["new-a", "new-b"].map(String::from).to_vec();
    logins.extend((0..others).map(|i| format!("present-{i}")));
    let (_pg, url) = team_at(&rt, schema, &logins);
    let busy = (
        join(&rt, &url, "new-a", true),
        join(&rt, &url, "new-b", false),
    );
    let slugs: Vec<String> = busy
        .0
        .desk
        .store()
        .tools()
        .unwrap()
        .into_iter()
        .map(|t| t.slug)
        .collect();

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let beaters: Vec<_> = (0..others)
        .map(|i| {
            let (url, login, key) = (
                url.clone(),
                format!("present-{i}"),
                slugs[i % slugs.len()].clone(),
            );
            let stop = stop.clone();
            rt.spawn(async move {
                let server = Server::connect(&url, Some(&login), &password(&login))
                    .await
                    .unwrap();
                let desk = uuid::Uuid::new_v4();
                let mut beats = 0u64;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let typing = beats.is_multiple_of(2);
                    let beat = Beat {
                        kind: "tool",
                        key: &key,
                        field: Some("tagline"),
                        typing,
                    };
                    server.presence_beat(desk, Some(beat)).await.unwrap();
                    beats += 1;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                beats
            })
        })
        .collect();

    // (figure, team, with a comment each way), in the order they print.
    let runs: [(&str, &(Member, Member), bool); 5] = [
        ("schema 8 (no comments, no presence)", &old, false),
        (
            "this schema, nobody else present, no comment",
            &quiet,
            false,
        ),
        ("this schema, members beating, no comment", &busy, false),
        (
            "this schema, nobody else present, a comment each way",
            &quiet,
            true,
        ),
        (
            "this schema, members beating, a comment each way",
            &busy,
            true,
        ),
    ];
    let mut times: Vec<Vec<f64>> = vec![Vec::with_capacity(n); runs.len()];
    for i in 0..n + 10 {
        for (k, (_, team, comments)) in runs.iter().enumerate() {
            // Each round sets new values (a team takes two kinds of round).
            let ms = round(&rt, &team.0, &team.1, i * runs.len() + k, *comments);
            // The first ten rounds warm the caches and connections up.
            if i >= 10 {
                times[k].push(ms);
            }
        }
    }

    // The presence step the live sync runs between rounds: a beat, then who is where.
    let server = rt
        .block_on(Server::connect(&url, Some("new-a"), &password("new-a")))
        .unwrap();
    let desk = uuid::Uuid::new_v4();
    let mut steps = Vec::with_capacity(n);
    let mut seen = 0;
    for i in 0..n {
        let beat = Beat {
            kind: "tool",
            key: &slugs[i % slugs.len()],
            field: None,
            typing: false,
        };
        let t = Instant::now();
        rt.block_on(server.presence_beat(desk, Some(beat))).unwrap();
        seen = rt
            .block_on(server.presence(Duration::from_secs(30)))
            .unwrap()
            .len();
        steps.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let beats: u64 = beaters.into_iter().map(|h| rt.block_on(h).unwrap()).sum();

    println!("TEAM PRESENCE {n} rounds each (1 change pushed, 1 pulled), schema {schema}, {others} members beating 4x/s ({beats} beats):");
    for t in times.iter_mut().chain(std::iter::once(&mut steps)) {
        t.sort_by(f64::total_cmp);
    }
    let base = at(&times[0], 0.5);
    for ((name, _, _), t) in runs.iter().zip(&times) {
        println!(
            "TEAM PRESENCE round, {name}: median {:.1} ms (p90 {:.1}), {:+.1} ms beside schema 8",
            at(t, 0.5),
            at(t, 0.9),
            at(t, 0.5) - base
        );
    }
    println!(
        "TEAM PRESENCE step (beat, then read {seen} members' places) median {:.2} ms (p90 {:.2}), \
         on the listening connection between rounds",
        at(&steps, 0.5),
        at(&steps, 0.9)
    );
}
