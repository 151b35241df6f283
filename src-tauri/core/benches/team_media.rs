//! Issue 28's team figures with logos of a real logo's size, on a private PostgreSQL on
//! 127.0.0.1 (started here, stopped after): a team of 2,000 comparisons / 1,000 tools whose
//! tools all have a logo of about 30 KB (about 30 MB in all, the size); a desk joins
//! and its first sync takes every image's bytes; then the logo of a tool shown on 200 pages
//! is replaced, and one sync round pushes it and one pulls it. Prints the figures
//! docs/benchmarks.md quotes.
//!
//! cargo bench -p verdict-core --bench team_media  [-- LOGOS PAGES_OF_TOOL [FLAT]]  (default 1000 200 0)
//!
//! FLAT 1 gives the generated flat logos of `verdict_fixtures::logo_png` (about 1.7 KB) instead,
//! for the same figures under the same load.

use std::io::Cursor;
use std::time::Instant;

use verdict_core::media::MediaText;
use verdict_core::secrets::MemorySecrets;
use verdict_core::store::SaveCtx;
use verdict_core::Desk;
use verdict_fixtures::{generate, GenerateOptions};

#[path = "../tests/support/team.rs"]
mod team_support;

/// The side of a logo, in pixels: with its noise, the PNG comes to about 30 KB.
const SIDE: u32 = 128;

/// A logo for number `i` with what makes real logos weigh: smooth colour plus texture (a
/// gradient of its own hue and ±8 of deterministic noise per channel), so its PNG does not
/// shrink to a few hundred bytes as a flat generated logo does. The same `i`, the same bytes.
fn heavy_logo(i: usize) -> Vec<u8> {
    let mut state = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut noise = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 17) as i32 - 8
    };
    let hue = [(i * 37) % 200, (i * 91) % 200, (i * 53) % 200];
    let img = image::RgbImage::from_fn(SIDE, SIDE, |x, y| {
        let mut px = [0u8; 3];
        for (c, base) in hue.iter().enumerate() {
            let v = *base as i32 + (x as i32 + y as i32) * 40 / (2 * SIDE as i32) + noise();
            px[c] = v.clamp(0, 255) as u8;
        }
        image::Rgb(px)
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("a PNG encodes");
    out.into_inner()
}

/// Makes `tool` the first of `pages` pages: a copy of one of its pages paired with each
/// other tool it has no page with yet (one page per set of tools).
fn put_on_pages(desk: &Desk, tool: &str, pages: usize) -> usize {
    let store = desk.store();
    let comparisons = store.comparisons().unwrap();
    let template = comparisons
        .iter()
        .find(|c| c.tools.iter().any(|t| t == tool))
        .cloned()
        .expect("the tool has a page");
    let mut paired: std::collections::HashSet<String> = comparisons
        .iter()
        .filter(|c| c.tools.len() == 2 && c.tools.iter().any(|t| t == tool))
        .flat_map(|c| c.tools.clone())
        .collect();
    let mut count = comparisons
        .iter()
        .filter(|c| c.tools.iter().any(|t| t == tool))
        .count();
    let others: Vec<String> = store
        .tools()
        .unwrap()
        .into_iter()
        .map(|t| t.slug)
        .filter(|s| s != tool)
        .collect();
    drop(store);
    for other in others {
        if count >= pages {
            break;
        }
        if !paired.insert(other.clone()) {
            continue;
        }
        let mut page = template.clone();
        page.slug = format!("{tool}-vs-{other}");
        page.title = format!("{tool} vs {other}");
        page.tools = vec![tool.to_string(), other];
        page.status = verdict_core::model::ComparisonStatus::Draft;
        page.published_at = None;
        page.scheduled_for = None;
        desk.store()
            .save_comparison(&SaveCtx::unattributed(), &page)
            .unwrap();
        count += 1;
    }
    count
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let logos = args.first().copied().unwrap_or(1000);
    let on_pages = args.get(1).copied().unwrap_or(200);
    let flat = args.get(2).copied().unwrap_or(0) == 1;
    let logo = |i: usize| {
        if flat {
            verdict_fixtures::logo_png(i)
        } else {
            heavy_logo(i)
        }
    };
    let rt = team_support::runtime();
    let members: Vec<team_support::MemberSpec<'_>> = vec![
        ("editor-0", &["editor"][..], None),
        ("editor-1", &["editor"][..], None),
    ];
    let pg = team_support::start_team(&rt, &members);
    let url = team_support::team_url(&pg);
    let secrets = MemorySecrets::new();

    let seed_dir = tempfile::tempdir().unwrap();
    let seeder = Desk::open(seed_dir.path()).unwrap();
    generate(
        &mut seeder.store(),
        &GenerateOptions {
            tools: 1000,
            comparisons: 2000,
            reviewers: 8,
            seed: 1,
        },
    )
    .unwrap();
    seeder.ensure_profiles().unwrap();
    let mut slugs: Vec<String> = seeder
        .store()
        .tools()
        .unwrap()
        .into_iter()
        .map(|t| t.slug)
        .collect();
    slugs.sort();
    let replaced = slugs[0].clone();
    let pages = put_on_pages(&seeder, &replaced, on_pages);
    let t = Instant::now();
    for (i, slug) in slugs.iter().take(logos).enumerate() {
        let text = MediaText {
            alt: Some(format!("Logo of {slug}")),
            ..MediaText::default()
        };
        let added = seeder
            .add_media("editor", &format!("{slug}-logo.png"), &logo(i), &text)
            .unwrap();
        seeder
            .set_tool_logo("editor", slug, &added.item.hash)
            .unwrap();
    }
    let images = seeder.media_list().unwrap();
    let bytes: u64 = images.iter().map(|m| m.bytes).sum();
    println!(
        "TEAM-MEDIA logos: {} tools given a logo, {bytes} bytes of originals ({:.1} KB each), \
         taken in {:.1} s; the replaced logo's tool is on {pages} pages",
        images.len(),
        bytes as f64 / images.len() as f64 / 1024.0,
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    rt.block_on(seeder.team_join(&url, "editor-0", "editor-0-pw", true, &secrets))
        .unwrap();
    println!(
        "TEAM-MEDIA seed with its images: {:.2} s",
        t.elapsed().as_secs_f64()
    );

    let join_dir = tempfile::tempdir().unwrap();
    let joiner = Desk::open(join_dir.path()).unwrap();
    let t = Instant::now();
    let report = rt
        .block_on(joiner.team_join(&url, "editor-1", "editor-1-pw", false, &secrets))
        .unwrap();
    let joined = t.elapsed().as_secs_f64();
    let round = rt.block_on(joiner.team_sync(&secrets, |_| {})).unwrap();
    assert!(round.refused.is_empty(), "{:?}", round.refused);
    assert!(joiner.team_media_missing().unwrap().is_empty());
    let theirs = joiner.media_list().unwrap();
    println!(
        "TEAM-MEDIA join: {} entities in {joined:.2} s; with the first sync, {} images ({} \
         bytes) on the desk {:.2} s after the join began (goal ≤ 10 s)",
        report.entities,
        theirs.len(),
        theirs.iter().map(|m| m.bytes).sum::<u64>(),
        t.elapsed().as_secs_f64()
    );

    // Replace the logo of the tool on `pages` pages: one round pushes it, one pulls it.
    for attempt in 0..3 {
        let added = seeder
            .add_media(
                "editor-0",
                &format!("new-logo-{attempt}.png"),
                &logo(50_000 + attempt),
                &MediaText {
                    alt: Some("A new logo".into()),
                    ..MediaText::default()
                },
            )
            .unwrap();
        seeder
            .set_tool_logo("editor-0", &replaced, &added.item.hash)
            .unwrap();
        let t = Instant::now();
        let pushed = rt.block_on(seeder.team_sync(&secrets, |_| {})).unwrap();
        let push_ms = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        let pulled = rt.block_on(joiner.team_sync(&secrets, |_| {})).unwrap();
        let pull_ms = t.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(
            joiner.tool(&replaced).unwrap().logo.as_deref(),
            Some(added.item.hash.as_str())
        );
        assert!(joiner.team_media_missing().unwrap().is_empty());
        println!(
            "TEAM-MEDIA replace the logo of a tool on {pages} pages ({} bytes): pushed ({} \
             changes) in {push_ms:.0} ms, pulled ({} changes) with its bytes in {pull_ms:.0} ms \
             (goal ≤ 300 ms)",
            added.item.bytes, pushed.pushed, pulled.pulled
        );
    }
}
