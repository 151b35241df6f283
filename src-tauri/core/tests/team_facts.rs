//! Facts with sources on a team desk (issue 30): a tool's fact sources, checked-on dates and
//! checkers travel through the team server to the other desks, with their history, and a
//! site's freshness windows too. Real parts: a private PostgreSQL.

use std::sync::Arc;

use verdict_core::model::EntityKind;
use verdict_core::secrets::MemorySecrets;
use verdict_core::Desk;

#[path = "support/team.rs"]
mod team_support;
use team_support::{password, runtime, team_url};

const SCOUT: &str = "llama-4-scout-quantized";

struct Member {
    desk: Desk,
    secrets: Arc<MemorySecrets>,
    _dir: tempfile::TempDir,
}

fn join(rt: &tokio::runtime::Runtime, url: &str, login: &str) -> Member {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    let seed = login == "ines";
    if seed {
        desk.seed_sample_if_empty().unwrap();
    }
    let secrets = Arc::new(MemorySecrets::new());
    rt.block_on(desk.team_join(url, login, &password(login), seed, secrets.as_ref()))
        .unwrap_or_else(|e| panic!("{login} could not join: {e}"));
    Member {
        desk,
        secrets,
        _dir: dir,
    }
}

fn sync(rt: &tokio::runtime::Runtime, m: &Member) {
    rt.block_on(m.desk.team_sync(m.secrets.as_ref(), |_| {}))
        .unwrap();
}

#[test]
fn fact_sources_and_windows_reach_every_desk_of_the_team() {
    let rt = runtime();
    let pg = team_support::start_team(
        &rt,
        &[("ines", &["editor"], None), ("pat", &["publisher"], None)],
    );
    let url = team_url(&pg);
    let ines = join(&rt, &url, "ines");
    let pat = join(&rt, &url, "pat");
    sync(&rt, &ines);
    sync(&rt, &pat);
    assert!(pat.desk.tool(SCOUT).unwrap().facts.is_empty());

    let mut tool = ines.desk.tool(SCOUT).unwrap();
    tool.facts.license.source = Some("https://www.llama.com/llama4/license/".into());
    tool.facts.license.checked_on = "2026-12-01".parse().ok();
    tool.facts.price.source = Some("https://www.llama.com/pricing".into());
    tool.pricing_checked_on = "2026-12-02".parse().ok();
    let saved = ines.desk.save_tool("ines", &tool).unwrap();
    assert_eq!(saved.facts.license.checked_by.as_deref(), Some("ines"));
    let mut site = pat.desk.site().unwrap();
    site.price_recheck_days = Some(14);
    site.show_prices_checked = true;
    pat.desk.save_site("pat", &site).unwrap();

    sync(&rt, &ines);
    sync(&rt, &pat);
    sync(&rt, &ines);
    let there = pat.desk.tool(SCOUT).unwrap();
    assert_eq!(there.facts, saved.facts, "the sources travelled whole");
    assert_eq!(there.pricing_checked_on, saved.pricing_checked_on);
    let history = pat.desk.history_view(EntityKind::Tool, SCOUT).unwrap();
    assert!(
        history[0]
            .changes
            .iter()
            .any(|c| c.field.starts_with("facts.license")),
        "{:?}",
        history[0]
    );
    let site_there = ines.desk.site().unwrap();
    assert_eq!(site_there.price_recheck_days, Some(14));
    assert!(site_there.show_prices_checked);
}
