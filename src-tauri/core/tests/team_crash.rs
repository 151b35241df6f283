//! A desk killed at random moments while it syncs, 50 times, and its team server stopped and
//! started while it pushes: afterwards every change saved on the desk is on the server
//! exactly once, and a desk joining afterwards holds exactly the same content.
//!
//! The syncing desk is this test binary itself, re-run as the ignored test `syncer` in a
//! child process, so nothing but the real core is involved.

use std::collections::BTreeMap;
use std::time::Duration;

use rand::Rng;
use verdict_core::secrets::MemorySecrets;
use verdict_core::Desk;
use verdict_fixtures::{generate, GenerateOptions};

#[path = "support/syncer.rs"]
mod syncer_support;
#[path = "support/team.rs"]
mod team_support;

const KILLS: usize = 50;

#[test]
#[ignore = "run by kills_during_sync_lose_nothing_and_duplicate_nothing in a child process"]
fn syncer() {
    syncer_support::sync_until_killed();
}

#[test]
fn kills_during_sync_lose_nothing_and_duplicate_nothing() {
    let rt = team_support::runtime();
    let pg = team_support::start_team(&rt, &[("ines", &["editor"], None)]);
    let url = team_support::team_url(&pg);
    let secrets = MemorySecrets::new();

    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    let options = GenerateOptions {
        tools: 60,
        comparisons: 30,
        reviewers: 4,
        seed: 7,
    };
    generate(&mut desk.store(), &options).unwrap();
    rt.block_on(desk.team_join(&url, "ines", "ines-pw", true, &secrets))
        .unwrap();
    let tools: Vec<String> = desk
        .store()
        .tools()
        .unwrap()
        .into_iter()
        .map(|t| t.slug)
        .collect();

    let mut rng = rand::rng();
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    let mut edits = 0usize;
    // Kills that left part of the round's changes sent and part waiting.
    let mut cut_mid_push = 0usize;
    for round in 1..=KILLS {
        // Work done at the desk between syncs: every save must reach the team once.
        for _ in 0..12 {
            let slug = &tools[rng.random_range(0..tools.len())];
            let mut tool = desk.tool(slug).unwrap();
            tool.tagline = format!("Tagline of round {round}, edit {edits}");
            desk.save_tool("ines", &tool).unwrap();
            expected.insert(slug.clone(), tool.tagline.clone());
            edits += 1;
        }
        let child = syncer_support::spawn(dir.path(), "ines-pw");
        if round == KILLS / 2 {
            // The server goes away in the middle of a push, and comes back.
            std::thread::sleep(Duration::from_millis(rng.random_range(20..200)));
            pg.stop_server();
            std::thread::sleep(Duration::from_millis(300));
            pg.start_server();
            std::thread::sleep(Duration::from_millis(rng.random_range(20..200)));
        } else {
            std::thread::sleep(Duration::from_millis(rng.random_range(20..350)));
        }
        syncer_support::kill(child);
        let left = desk.team_status().unwrap().pending;
        if left > 0 && left < 12 {
            cut_mid_push += 1;
        }
        assert_eq!(
            desk.store().integrity_check().unwrap(),
            vec!["ok".to_string()],
            "round {round}"
        );
    }

    let report = rt.block_on(desk.team_sync(&secrets, |_| {})).unwrap();
    assert!(report.refused.is_empty(), "{report:?}");
    assert_eq!(desk.team_status().unwrap().pending, 0);

    // Exactly once: one log entry per save (the seed's entries have base 0), no change twice.
    let desk_id = desk.team_link().unwrap().unwrap().desk_id;
    let logged: usize = pg
        .psql(
            "team",
            &format!("SELECT count(*) FROM verdict.changes WHERE desk = '{desk_id}' AND base > 0"),
        )
        .parse()
        .unwrap();
    assert_eq!(
        logged, edits,
        "saves made at the desk vs changes in the team's log"
    );
    let twice = pg.psql(
        "team",
        "SELECT count(*) FROM (SELECT change_id FROM verdict.changes
           GROUP BY change_id HAVING count(*) > 1) d",
    );
    assert_eq!(twice, "0");
    for (slug, tagline) in &expected {
        let on_server = pg.psql(
            "team",
            &format!("SELECT fields->>'tagline' FROM verdict.entities WHERE kind = 'tool' AND key = '{slug}'"),
        );
        assert_eq!(&on_server, tagline, "{slug}");
    }

    // A desk joining now holds exactly what this one holds.
    let other = tempfile::tempdir().unwrap();
    let joined = Desk::open(other.path()).unwrap();
    rt.block_on(joined.team_join(&url, "ines", "ines-pw", false, &secrets))
        .unwrap();
    let (theirs, ours) = (
        joined.store().export_bundle().unwrap().to_json(),
        desk.store().export_bundle().unwrap().to_json(),
    );
    if theirs != ours {
        let diff = similar::TextDiff::from_lines(&ours, &theirs);
        panic!(
            "the joined desk differs:\n{}",
            diff.unified_diff().context_radius(2)
        );
    }
    println!(
        "TEAM-CRASH {KILLS} kills during sync ({cut_mid_push} in the middle of a push), \
         {edits} saves, each on the server once"
    );
}
