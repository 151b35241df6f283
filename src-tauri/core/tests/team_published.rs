//! One truth about what is published, on every desk of a team: whether a published page is
//! stale, when its content last changed (`article:modified_time`), and which targets hold it,
//! including every page a folder target wrote when it rebuilt the site. Real parts: a private
//! PostgreSQL and a folder target in a temporary directory.

use std::path::Path;
use std::sync::Arc;

use verdict_core::desk::Selection;
use verdict_core::model::{EntryPrice, Tool};
use verdict_core::publish::{RunOptions, TargetConfig, TargetKind};
use verdict_core::secrets::{MemorySecrets, SecretStore};
use verdict_core::team::server::Server;
use verdict_core::workflow::PageAction;
use verdict_core::Desk;
use verdict_testkit::postgres::{SUPERUSER, SUPERUSER_PASSWORD};

#[path = "support/team.rs"]
mod team_support;
use team_support::{password, runtime, team_url};

const SAMPLE: &str = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
const SCOUT: &str = "llama-4-scout-quantized";
const MISTRAL_PAGE: &str = "mistral-small-4-vs-llama-4-scout-quantized";

struct Member {
    desk: Desk,
    login: &'static str,
    secrets: Arc<MemorySecrets>,
}

fn join(rt: &tokio::runtime::Runtime, url: &str, dir: &Path, login: &'static str) -> Member {
    let desk = Desk::open(dir).unwrap();
    let seed = login == "ines";
    if seed {
        desk.seed_sample_if_empty().unwrap();
    }
    let secrets = Arc::new(MemorySecrets::new());
    rt.block_on(desk.team_join(url, login, &password(login), seed, secrets.as_ref()))
        .unwrap_or_else(|e| panic!("{login} could not join: {e}"));
    Member {
        desk,
        login,
        secrets,
    }
}

fn sync(rt: &tokio::runtime::Runtime, m: &Member) -> verdict_core::team::SyncReport {
    rt.block_on(m.desk.team_sync(m.secrets.as_ref(), |_| {}))
        .unwrap_or_else(|e| panic!("{} could not sync: {e}", m.login))
}

/// The page's `article:modified_time`, as the desk renders it.
fn modified_time(m: &Member, slug: &str) -> String {
    let html = m.desk.preview_comparison(slug).unwrap();
    let at = html
        .find("article:modified_time")
        .unwrap_or_else(|| panic!("{}: no modified time on {slug}", m.login));
    let rest = &html[at..];
    let start = rest.find("content=\"").unwrap() + "content=\"".len();
    rest[start..start + rest[start..].find('"').unwrap()].to_string()
}

/// What the desk says about a page: stale, and where it is live.
fn published_view(m: &Member, slug: &str) -> (bool, Vec<String>) {
    let overview = m.desk.overview().unwrap();
    let page = overview
        .comparisons
        .iter()
        .find(|c| c.slug == slug)
        .unwrap_or_else(|| panic!("{}: no page {slug}", m.login));
    let mut live = page.live_on.clone();
    live.sort();
    (page.stale, live)
}

fn mistral() -> Tool {
    Tool {
        slug: "mistral-small-4".into(),
        name: "Mistral Small 4".into(),
        vendor: "Mistral".into(),
        category: "Developer Tools".into(),
        tagline: "Small and quick".into(),
        description: "A compact model.".into(),
        entry_price: EntryPrice::Free,
        license: "Apache-2.0".into(),
        links: Default::default(),
        release_date: None,
        pricing_checked_on: None,
        facts: Default::default(),
        logo: None,
        screenshots: Vec::new(),
    }
}

#[test]
fn every_desk_says_the_same_about_what_is_published_where_and_since_when() {
    let rt = runtime();
    let pg = team_support::start_team(
        &rt,
        &[("ines", &["editor"], None), ("pat", &["publisher"], None)],
    );
    let url = team_url(&pg);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ines = join(&rt, &url, a.path(), "ines");
    let before_join = modified_time(&ines, SAMPLE);
    // The publisher joins a second later: a desk's own time of applying would show.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let pat = join(&rt, &url, b.path(), "pat");
    sync(&rt, &ines);
    sync(&rt, &pat);
    assert_eq!(
        modified_time(&pat, SAMPLE),
        before_join,
        "the page last changed when Inès last saved it, not when Pat joined"
    );
    assert_eq!(modified_time(&ines, SAMPLE), before_join);
    assert_eq!(published_view(&ines, SAMPLE), (false, vec![]));
    assert_eq!(published_view(&pat, SAMPLE), (false, vec![]));

    // Inès edits the published page: it is stale on both desks, dated alike.
    let mut page = ines.desk.comparison(SAMPLE).unwrap();
    page.dek = "A dek written after the page was published".into();
    ines.desk.save_comparison("ines", &page).unwrap();
    sync(&rt, &ines);
    let pulled = sync(&rt, &pat);
    assert!(pulled.changed, "the edit changed Pat's desk: {pulled:?}");
    assert_eq!(published_view(&ines, SAMPLE), (true, vec![]));
    assert_eq!(
        published_view(&pat, SAMPLE),
        (true, vec![]),
        "stale is the same answer on the publisher's desk"
    );
    let edited = modified_time(&ines, SAMPLE);
    assert_ne!(edited, before_join);
    assert_eq!(modified_time(&pat, SAMPLE), edited);
    let unchanged = sync(&rt, &pat);
    assert!(!unchanged.changed, "nothing new: {unchanged:?}");

    // Inès adds the Mistral page; Pat approves it and publishes only it to a folder target.
    ines.desk.create_tool("ines", &mistral()).unwrap();
    let mut new_page = ines.desk.comparison(SAMPLE).unwrap();
    new_page.slug = MISTRAL_PAGE.into();
    new_page.title = "Mistral Small 4 vs Llama 4 Scout Quantized".into();
    new_page.tools = vec!["mistral-small-4".into(), SCOUT.into()];
    ines.desk.create_comparison("ines", &new_page).unwrap();
    ines.desk
        .page_action("ines", MISTRAL_PAGE, PageAction::SubmitForReview)
        .unwrap();
    sync(&rt, &ines);
    sync(&rt, &pat);
    let site = tempfile::tempdir().unwrap();
    pat.desk
        .add_target(
            "pat",
            &TargetConfig {
                name: "site".into(),
                kind: TargetKind::Folder,
                url: site.path().display().to_string(),
                user: None,
            },
            None,
            pat.secrets.as_ref(),
        )
        .unwrap();
    pat.desk
        .page_action("pat", MISTRAL_PAGE, PageAction::Approve)
        .unwrap();
    pat.desk
        .queue_publish(
            "pat",
            Some("site"),
            &Selection::Pages(vec![MISTRAL_PAGE.into()]),
        )
        .unwrap();
    let run = rt
        .block_on(pat.desk.run_outbox(
            pat.secrets.clone() as Arc<dyn SecretStore>,
            RunOptions::default(),
            |_| {},
        ))
        .unwrap();
    assert_eq!((run.done, run.failed, run.conflicts), (1, 0, 0), "{run:?}");
    // The folder holds the whole site: the sample page too.
    for slug in [SAMPLE, MISTRAL_PAGE] {
        assert!(
            site.path()
                .join(format!("compare/{slug}/index.html"))
                .is_file(),
            "{slug} is in the folder"
        );
    }
    sync(&rt, &pat);
    let told = sync(&rt, &ines);
    assert!(told.changed, "what the folder holds reached Inès: {told:?}");
    let site_only = vec!["site".to_string()];
    for m in [&pat, &ines] {
        assert_eq!(
            published_view(m, SAMPLE),
            (false, site_only.clone()),
            "{}: the folder holds the sample page as it is now",
            m.login
        );
        assert_eq!(
            published_view(m, MISTRAL_PAGE),
            (false, site_only.clone()),
            "{}",
            m.login
        );
        assert_eq!(
            modified_time(m, MISTRAL_PAGE),
            modified_time(&pat, MISTRAL_PAGE)
        );
    }

    // Pat unpublishes the Mistral page: it leaves the folder, and every desk says so.
    pat.desk
        .queue_unpublish("pat", &[MISTRAL_PAGE.into()])
        .unwrap();
    let run = rt
        .block_on(pat.desk.run_outbox(
            pat.secrets.clone() as Arc<dyn SecretStore>,
            RunOptions::default(),
            |_| {},
        ))
        .unwrap();
    assert_eq!((run.done, run.failed, run.conflicts), (1, 0, 0), "{run:?}");
    assert!(!site
        .path()
        .join(format!("compare/{MISTRAL_PAGE}/index.html"))
        .exists());
    sync(&rt, &pat);
    sync(&rt, &ines);
    for m in [&pat, &ines] {
        assert_eq!(
            published_view(m, MISTRAL_PAGE),
            (false, vec![]),
            "{}",
            m.login
        );
        assert_eq!(published_view(m, SAMPLE), (false, site_only.clone()));
    }
}

#[test]
fn a_team_made_before_shared_publish_records_takes_them_after_the_upgrade() {
    let rt = runtime();
    let pg = verdict_testkit::postgres::PgCluster::start();
    pg.create_database("team");
    rt.block_on(async {
        let mut admin = Server::connect(&pg.url(SUPERUSER, "team"), None, SUPERUSER_PASSWORD)
            .await
            .unwrap();
        assert_eq!(admin.init_up_to(3).await.unwrap(), 3);
        for (login, role) in [("ines", "editor"), ("pat", "publisher")] {
            admin
                .add_member(login, login, &[role.into()], None, &password(login))
                .await
                .unwrap();
        }
    });
    let url = team_url(&pg);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ines = join(&rt, &url, a.path(), "ines");
    let pat = join(&rt, &url, b.path(), "pat");
    let mut page = ines.desk.comparison(SAMPLE).unwrap();
    page.dek = "Edited on a team of schema 3".into();
    ines.desk.save_comparison("ines", &page).unwrap();
    sync(&rt, &ines);
    sync(&rt, &pat);
    // Schema 3 shares no record of how the page looked when published: only Inès knows.
    assert!(published_view(&ines, SAMPLE).0);
    assert!(!published_view(&pat, SAMPLE).0);

    let version = rt.block_on(async {
        let mut admin = Server::connect(&pg.url(SUPERUSER, "team"), None, SUPERUSER_PASSWORD)
            .await
            .unwrap();
        admin.init().await.unwrap()
    });
    assert_eq!(version, verdict_core::team::TEAM_SCHEMA_VERSION);
    sync(&rt, &ines);
    sync(&rt, &pat);
    assert!(published_view(&ines, SAMPLE).0);
    assert!(
        published_view(&pat, SAMPLE).0,
        "after the upgrade the publisher's desk takes the team's record"
    );
    assert_eq!(
        pg.psql("team", "SELECT slug FROM verdict.published_pages"),
        SAMPLE
    );
}
