//! Publishing on a team: two publishers' desks share the targets and what each target holds,
//! claim a page before writing it, and so never send the same page twice, even when both
//! publish at the same moment. Real parts: a private PostgreSQL and the reference page server.

use std::sync::Arc;
use std::time::Duration;

use verdict_core::desk::Selection;
use verdict_core::publish::{run_until_settled, RunOptions, TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::Desk;

#[path = "support/team.rs"]
mod team_support;

const SAMPLE: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const TOKEN: &str = "team-site-token";

struct Member {
    dir: tempfile::TempDir,
    desk: Desk,
    login: &'static str,
    secrets: Arc<MemorySecrets>,
}

fn options() -> RunOptions {
    RunOptions {
        base_delay: Duration::from_millis(50),
        max_delay: Duration::from_millis(200),
        // Another desk's claim makes this one wait; in the test, briefly.
        max_retry_after: Duration::from_millis(300),
        ..RunOptions::default()
    }
}

#[test]
fn two_publishers_never_send_the_same_page_twice() {
    let rt = team_support::runtime();
    let pg = team_support::start_team(
        &rt,
        &[
            ("ines", &["editor"], None),
            ("pat", &["publisher"], None),
            ("quinn", &["publisher"], None),
        ],
    );
    let url = team_support::team_url(&pg);
    let join = |login: &'static str, seed: bool| {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(dir.path()).unwrap();
        if seed {
            desk.seed_sample_if_empty().unwrap();
        }
        let secrets = Arc::new(MemorySecrets::new());
        rt.block_on(desk.team_join(
            &url,
            login,
            &team_support::password(login),
            seed,
            secrets.as_ref(),
        ))
        .unwrap();
        Member {
            dir,
            desk,
            login,
            secrets,
        }
    };
    let sync = |m: &Member| {
        rt.block_on(m.desk.team_sync(m.secrets.as_ref(), |_| {}))
            .unwrap_or_else(|e| panic!("{} could not sync: {e}", m.login))
    };
    let ines = join("ines", true);
    let pat = join("pat", false);
    let quinn = join("quinn", false);

    // Pat adds the target; the team shares its settings, each publisher keeps the secret.
    let server =
        verdict_pageserver::start_in_thread(verdict_pageserver::Config::new(TOKEN)).unwrap();
    pat.desk
        .add_target(
            "pat",
            &TargetConfig {
                name: "site".into(),
                kind: TargetKind::Http,
                url: server.url(),
                user: None,
            },
            Some(TOKEN),
            pat.secrets.as_ref(),
        )
        .unwrap();
    sync(&pat);
    sync(&quinn);
    let targets = quinn.desk.targets().unwrap();
    assert_eq!(targets.len(), 1, "the target reached the other publisher");
    assert_eq!(targets[0].url, server.url());
    quinn.secrets.set("site", TOKEN).unwrap();

    let publish_both = || {
        for m in [&pat, &quinn] {
            m.desk
                .queue_publish(m.login, None, &Selection::AllPublished)
                .unwrap();
        }
        let (a, b) = rt.block_on(async {
            tokio::join!(
                run_until_settled(
                    pat.dir.path(),
                    pat.secrets.clone() as Arc<dyn SecretStore>,
                    options(),
                    |_| {}
                ),
                run_until_settled(
                    quinn.dir.path(),
                    quinn.secrets.clone() as Arc<dyn SecretStore>,
                    options(),
                    |_| {}
                ),
            )
        });
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(
            a.failed + a.conflicts + b.failed + b.conflicts,
            0,
            "{a:?} {b:?}"
        );
        (a, b)
    };

    // Both publish the sample at once: one creates it, the other finds it there.
    let (a, b) = publish_both();
    assert_eq!(
        a.done + b.done,
        1,
        "pat {a:?}, quinn {b:?}, server {:?}",
        server.stats()
    );
    assert_eq!(a.unchanged + b.unchanged, 1, "pat {a:?}, quinn {b:?}");
    let stats = server.stats();
    assert_eq!(stats.creates, 1);
    assert_eq!(stats.by_slug_writes.get(SAMPLE), Some(&1));

    // The editor changes the page; both publishers sync and publish at once again.
    let mut page = ines.desk.comparison(SAMPLE).unwrap();
    page.dek = "A new dek for the whole team".into();
    ines.desk.save_comparison("ines", &page).unwrap();
    sync(&ines);
    sync(&pat);
    sync(&quinn);
    let (a, b) = publish_both();
    assert_eq!(
        a.done + b.done,
        1,
        "pat {a:?}, quinn {b:?}, server {:?}",
        server.stats()
    );
    let stats = server.stats();
    assert_eq!(stats.updates, 1, "{stats:?}");
    assert_eq!(stats.by_slug_writes.get(SAMPLE), Some(&2));
    assert!(server
        .page(SAMPLE)
        .unwrap()
        .html
        .contains("A new dek for the whole team"));

    // Nothing changed since: after a sync neither desk sends anything.
    sync(&pat);
    sync(&quinn);
    let requests = server.stats().requests;
    let (a, b) = publish_both();
    assert_eq!(a.done + b.done, 0, "pat {a:?}, quinn {b:?}");
    assert_eq!(
        server.stats().requests,
        requests,
        "no request for unchanged pages"
    );
}

/// A Ghost site added by one publisher reaches the other (team schema 7 takes the kind; the
/// Admin API key stays in each publisher's own keyring).
#[test]
fn a_ghost_target_is_shared_with_the_team() {
    let rt = team_support::runtime();
    let pg = team_support::start_team(
        &rt,
        &[
            ("pat", &["publisher"], None),
            ("quinn", &["publisher"], None),
        ],
    );
    let url = team_support::team_url(&pg);
    let join = |login: &'static str| {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(dir.path()).unwrap();
        let secrets = Arc::new(MemorySecrets::new());
        rt.block_on(desk.team_join(
            &url,
            login,
            &team_support::password(login),
            false,
            secrets.as_ref(),
        ))
        .unwrap();
        (dir, desk, secrets)
    };
    let (_pat_dir, pat, pat_secrets) = join("pat");
    let (_quinn_dir, quinn, quinn_secrets) = join("quinn");
    pat.add_target(
        "pat",
        &TargetConfig {
            name: "blog".into(),
            kind: TargetKind::Ghost,
            url: "https://blog.example".into(),
            user: None,
        },
        Some("6489abc:00112233445566778899aabbccddeeff"),
        pat_secrets.as_ref(),
    )
    .unwrap();
    rt.block_on(pat.team_sync(pat_secrets.as_ref(), |_| {}))
        .expect("the team takes a Ghost target");
    rt.block_on(quinn.team_sync(quinn_secrets.as_ref(), |_| {}))
        .unwrap();
    let targets = quinn.targets().unwrap();
    assert_eq!(
        targets.len(),
        1,
        "the Ghost target reached the other publisher"
    );
    assert_eq!(targets[0].kind, TargetKind::Ghost);
    assert_eq!(targets[0].url, "https://blog.example");
    assert_eq!(
        quinn_secrets.get("blog").unwrap(),
        None,
        "the key stays with pat"
    );
}
