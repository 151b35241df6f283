//! The team desk against a private PostgreSQL on 127.0.0.1 (started here, stopped after):
//! joining a team of 2,000 comparisons / 1,000 tools / ~8,000 verdicts, a sync round with
//! 100 changes each way, and N desks making M changes each, then converging. Prints the
//! figures docs/benchmarks.md quotes.
//!
//! With LOGOS, the seeding desk first gives that many tools a logo of their own (issue 28:
//! join a desk with 1,000 logos, its images' bytes included; a sync round after replacing one).
//!
//! With PAGES, the team holds that many comparisons (and half as many tools) instead of 2,000
//! (issue 32: seed and join a team of 10,000 pages).
//!
//! cargo bench -p verdict-core --bench team  [-- DESKS CHANGES [LOGOS [PAGES]]]   (default 30 1000 0 2000)

use std::time::Instant;

use rand::{Rng, SeedableRng};
use verdict_core::secrets::MemorySecrets;
use verdict_core::Desk;
use verdict_fixtures::{generate, GenerateOptions};

#[path = "../tests/support/team.rs"]
mod team_support;

/// The allocator the app runs with (its `main.rs`): the sync rounds measured are the app's.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let desks = args.first().copied().unwrap_or(30);
    let changes = args.get(1).copied().unwrap_or(1000);
    let logos = args.get(2).copied().unwrap_or(0);
    let pages = args.get(3).copied().unwrap_or(2000);
    let rt = team_support::runtime();
    let logins: Vec<String> = (0..desks.max(2)).map(|i| format!("editor-{i}")).collect();
    let members: Vec<team_support::MemberSpec<'_>> = logins
        .iter()
        .map(|l| (l.as_str(), &["editor"][..], None))
        .collect();
    let pg = team_support::start_team(&rt, &members);
    let url = team_support::team_url(&pg);
    let secrets = MemorySecrets::new();

    // A big team, seeded by one editor.
    let seed_dir = tempfile::tempdir().unwrap();
    let seeder = Desk::open(seed_dir.path()).unwrap();
    let counts = generate(
        &mut seeder.store(),
        &GenerateOptions {
            tools: pages / 2,
            comparisons: pages,
            reviewers: 8,
            seed: 1,
        },
    )
    .unwrap();
    if logos > 0 {
        seeder.ensure_profiles().unwrap();
        let given = verdict_fixtures::give_logos(&seeder, "editor", logos).unwrap();
        let bytes: u64 = seeder.media_list().unwrap().iter().map(|m| m.bytes).sum();
        println!("TEAM logos: {given} tools given a logo ({bytes} bytes of originals)");
    }
    let t = Instant::now();
    rt.block_on(seeder.team_join(&url, "editor-0", "editor-0-pw", true, &secrets))
        .unwrap();
    println!(
        "TEAM seed: {} tools, {} comparisons, {} verdicts given to an empty team in {:.2} s",
        counts.tools,
        counts.comparisons,
        counts.verdicts,
        t.elapsed().as_secs_f64()
    );

    let join_dir = tempfile::tempdir().unwrap();
    let joiner = Desk::open(join_dir.path()).unwrap();
    let t = Instant::now();
    let report = rt
        .block_on(joiner.team_join(&url, "editor-1", "editor-1-pw", false, &secrets))
        .unwrap();
    println!(
        "TEAM join: {} entities cloned onto an empty desk in {:.2} s (goal < 5 s)",
        report.entities,
        t.elapsed().as_secs_f64()
    );
    if logos == 0 {
        // Idle rounds on the joined desk, nothing to push or pull: what the app's live sync
        // costs between changes (issue 32: ≤ 50 ms on a desk of 10,000 pages). The first round
        // after the join is left out (it reads the team's log from where the join left off).
        rt.block_on(joiner.team_sync(&secrets, |_| {})).unwrap();
        let mut idle: Vec<f64> = (0..7)
            .map(|_| {
                let t = Instant::now();
                let round = rt.block_on(joiner.team_sync(&secrets, |_| {})).unwrap();
                assert!(round.refused.is_empty(), "{:?}", round.refused);
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        idle.sort_by(f64::total_cmp);
        println!(
            "TEAM idle sync round on the joined desk: median {:.1} ms, max {:.1} ms of {} (goal ≤ 50 ms)",
            idle[idle.len() / 2],
            idle[idle.len() - 1],
            idle.len()
        );
    }
    if logos > 0 {
        // The join takes the images' texts; their bytes come with the first sync.
        let round = rt.block_on(joiner.team_sync(&secrets, |_| {})).unwrap();
        assert!(round.refused.is_empty(), "{:?}", round.refused);
        let missing = joiner.team_media_missing().unwrap();
        assert!(missing.is_empty(), "{} images still missing", missing.len());
        let images = joiner.media_list().unwrap();
        println!(
            "TEAM join with its images: {} images ({} bytes) on the desk {:.2} s after the join began (goal ≤ 10 s)",
            images.len(),
            images.iter().map(|m| m.bytes).sum::<u64>(),
            t.elapsed().as_secs_f64()
        );
        // Replace one tool's logo on the seeding desk: one sync round pushes it, one pulls it.
        let tool = seeder.tool(&images_tool(&seeder)).unwrap();
        let pages = seeder
            .store()
            .comparisons()
            .unwrap()
            .iter()
            .filter(|c| c.tools.contains(&tool.slug))
            .count();
        let png = verdict_fixtures::logo_png(60_000);
        let text = verdict_core::media::MediaText {
            alt: Some("A new logo".into()),
            ..Default::default()
        };
        let added = seeder
            .add_media("editor-0", "new-logo.png", &png, &text)
            .unwrap();
        seeder
            .set_tool_logo("editor-0", &tool.slug, &added.item.hash)
            .unwrap();
        let t = Instant::now();
        let pushed = rt.block_on(seeder.team_sync(&secrets, |_| {})).unwrap();
        let push_ms = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        rt.block_on(joiner.team_sync(&secrets, |_| {})).unwrap();
        let pull_ms = t.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(
            joiner.tool(&tool.slug).unwrap().logo.as_deref(),
            Some(added.item.hash.as_str())
        );
        assert!(joiner.team_media_missing().unwrap().is_empty());
        println!(
            "TEAM replace one logo (its tool on {pages} pages): pushed ({} changes) in {push_ms:.0} ms, pulled with its bytes in {pull_ms:.0} ms (goal ≤ 300 ms)",
            pushed.pushed
        );
    }

    // One sync round: 100 changes pushed, 100 changes of another desk pulled.
    let tools: Vec<String> = joiner
        .store()
        .tools()
        .unwrap()
        .into_iter()
        .map(|t| t.slug)
        .collect();
    for (desk, who, offset) in [(&seeder, "editor-0", 0), (&joiner, "editor-1", 500)] {
        for slug in &tools[offset..offset + 100] {
            let mut tool = desk.tool(slug).unwrap();
            tool.tagline = format!("{who} was here");
            desk.save_tool(who, &tool).unwrap();
        }
    }
    rt.block_on(seeder.team_sync(&secrets, |_| {})).unwrap();
    let t = Instant::now();
    let round = rt.block_on(joiner.team_sync(&secrets, |_| {})).unwrap();
    println!(
        "TEAM sync round: {} pushed, {} pulled in {:.0} ms (goal < 200 ms)",
        round.pushed,
        round.pulled,
        t.elapsed().as_secs_f64() * 1000.0
    );

    // Many desks, many changes, then everyone converges.
    let dirs: Vec<_> = (0..desks).map(|_| tempfile::tempdir().unwrap()).collect();
    let members: Vec<Desk> = dirs
        .iter()
        .enumerate()
        .map(|(i, dir)| {
            let desk = Desk::open(dir.path()).unwrap();
            let login = format!("editor-{i}");
            rt.block_on(desk.team_join(
                &url,
                &login,
                &team_support::password(&login),
                false,
                &secrets,
            ))
            .unwrap();
            desk
        })
        .collect();
    let t = Instant::now();
    for (i, desk) in members.iter().enumerate() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(i as u64);
        for n in 0..changes {
            let slug = &tools[rng.random_range(0..tools.len())];
            let mut tool = desk.tool(slug).unwrap();
            tool.tagline = format!("desk {i} change {n}");
            desk.save_tool(&format!("editor-{i}"), &tool).unwrap();
        }
    }
    let local = t.elapsed();
    let t = Instant::now();
    let reports = rt.block_on(async {
        let syncs = members.iter().map(|desk| desk.team_sync(&secrets, |_| {}));
        futures_util::future::join_all(syncs).await
    });
    let pushed_time = t.elapsed();
    let mut pushed = 0;
    let mut conflicts = 0;
    for r in reports {
        let r = r.unwrap();
        pushed += r.pushed;
        conflicts += r.conflicts;
    }
    // Everyone pulls what the others pushed after them.
    for desk in &members {
        rt.block_on(desk.team_sync(&secrets, |_| {})).unwrap();
    }
    let converged = t.elapsed();
    let first = members[0].store().export_bundle().unwrap().to_json();
    let identical = members
        .iter()
        .all(|d| d.store().export_bundle().unwrap().to_json() == first);
    println!(
        "TEAM {desks} desks x {changes} changes: saved locally in {:.1} s; pushed {pushed} \
         concurrently in {:.1} s ({:.0} changes/s, {conflicts} conflicts kept); converged in \
         {:.1} s; exports identical: {identical}",
        local.as_secs_f64(),
        pushed_time.as_secs_f64(),
        pushed as f64 / pushed_time.as_secs_f64(),
        converged.as_secs_f64()
    );
    assert!(identical, "the desks did not converge");
}

/// The tool whose logo the bench replaces: the first with a logo that most pages show.
fn images_tool(desk: &Desk) -> String {
    let comparisons = desk.store().comparisons().unwrap();
    let mut best: Option<(usize, String)> = None;
    for tool in desk.store().tools().unwrap() {
        if tool.logo.is_none() {
            continue;
        }
        let pages = comparisons
            .iter()
            .filter(|c| c.tools.contains(&tool.slug))
            .count();
        if best.as_ref().is_none_or(|(most, _)| pages > *most) {
            best = Some((pages, tool.slug));
        }
    }
    best.expect("a tool with a logo").1
}
