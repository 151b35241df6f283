//! Keystroke to painted preview on a page with 10 images (issue 27's benchmark: p95 no worse
//! than the same page without them, because a patch does not load the images again), printed
//! as `PERF` lines like perf.rs's figures; never asserted on. What is asserted: the ten
//! images are drawn from the app's `media` protocol, and the same ten elements are still in
//! the preview after every keystroke (none was made again, so none was fetched again).

use serde_json::{json, Value};

use super::harness::{until, Desk, WAIT};
use super::perf::{keystrokes_to_preview, percentile};
use super::sample::{self, SLUG, TITLE};

/// Images written into the page's intro.
const IMAGES: usize = 10;

/// The sample page; with `images`, ten PNGs of its own (256 px, each a `<picture>` with its
/// WebP and fallback) in its intro, each with alt text, the way an editor drops them in.
fn prepare(data: &std::path::Path, images: bool) {
    let desk = verdict_core::Desk::open(data).expect("the desk opens");
    desk.seed_sample_if_empty().expect("the sample loads");
    desk.ensure_profiles().expect("the profiles");
    if !images {
        return;
    }
    let mut page = desk.comparison(SLUG).expect("the sample page");
    for i in 0..IMAGES {
        let hash = desk
            .add_media(
                "editor",
                &format!("figure-{i}.png"),
                &verdict_fixtures::logo_png(1000 + i),
                &verdict_core::media::MediaText {
                    alt: Some(format!("Figure {i} of the panel's notes")),
                    ..Default::default()
                },
            )
            .expect("the image is taken")
            .item
            .hash;
        page.intro.push_str(&format!(
            "\n\n![Figure {i} of the panel's notes](media:{hash})"
        ));
    }
    desk.save_comparison("editor", &page)
        .expect("the page with images is saved");
}

/// The preview's images from the app's protocol: how many are drawn (loaded, natural width
/// above 0), and how many carry the mark [`MARK_JS`] left (the same elements).
const IMAGES_JS: &str = r#"
    const frame = document.querySelector('[data-testid="page-preview"]');
    const doc = frame && frame.contentDocument;
    if (!doc || !doc.body) return { drawn: 0, marked: 0, all: 0 };
    const imgs = [...doc.querySelectorAll('img')].filter((i) => (i.currentSrc || i.src).startsWith('media:')
        || (i.currentSrc || i.src).startsWith('http://media.localhost'));
    return {
        all: imgs.length,
        drawn: imgs.filter((i) => i.complete && i.naturalWidth > 0).length,
        marked: imgs.filter((i) => i.__perfMark === true).length,
    };
"#;

const MARK_JS: &str = r#"
    const doc = document.querySelector('[data-testid="page-preview"]').contentDocument;
    for (const img of doc.querySelectorAll('img')) img.__perfMark = true;
    return true;
"#;

async fn preview_images(desk: &Desk) -> Value {
    desk.script(IMAGES_JS, vec![]).await
}

/// Rounds of keystrokes on each page, alternating: the machine's load drifts (other builds
/// share it), and alternating spreads the drift over both pages alike.
const ROUNDS: usize = 3;

/// The keystrokes' times on a fresh desk prepared with or without the ten images.
async fn keystrokes(images: bool, round: usize) -> Vec<f64> {
    let name = if images {
        format!("ten_images_keystrokes_with_{round}")
    } else {
        format!("ten_images_keystrokes_without_{round}")
    };
    let desk = Desk::launch_prepared(&name, &[], |d| prepare(d, images)).await;
    sample::open(&desk, TITLE).await;
    desk.testid("page-preview").await;
    if images {
        until("the preview to draw the ten images", WAIT, || async {
            let seen = preview_images(&desk).await;
            if seen["drawn"] == json!(IMAGES) {
                Ok(())
            } else {
                Err(format!("{seen}"))
            }
        })
        .await;
        assert_eq!(desk.script(MARK_JS, vec![]).await, json!(true));
    }
    let samples = keystrokes_to_preview(&desk, TITLE).await;
    if images {
        // The same ten elements, still drawn: a keystroke's patch kept them.
        let seen = preview_images(&desk).await;
        assert_eq!(
            seen,
            json!({ "all": IMAGES, "drawn": IMAGES, "marked": IMAGES }),
            "the images survive every keystroke"
        );
    }
    samples
}

/// (p50, p95, max, n).
fn summary(samples: &[f64]) -> (f64, f64, f64, usize) {
    (
        percentile(samples, 50.0),
        percentile(samples, 95.0),
        percentile(samples, 100.0),
        samples.len(),
    )
}

#[tokio::test]
async fn ten_images_keystroke_figures() {
    let (mut without, mut with) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        without.extend(keystrokes(false, round).await);
        with.extend(keystrokes(true, round).await);
    }
    let (p50_0, p95_0, max_0, n_0) = summary(&without);
    let (p50, p95, max, n) = summary(&with);
    println!(
        "PERF ten_images_keystroke_to_preview_ms with p50={p50:.1} p95={p95:.1} max={max:.1} \
         n={n}; without p50={p50_0:.1} p95={p95_0:.1} max={max_0:.1} n={n_0}; p95 ratio \
         {:.2} (the sample page with {IMAGES} PNG images in its intro, against the same page \
         without them: {ROUNDS} rounds each, alternating, each on a fresh desk)",
        p95 / p95_0
    );
    assert!(
        n >= 50 * ROUNDS && n_0 >= 50 * ROUNDS,
        "at least 50 keystrokes measured a round"
    );
}
