//! The app on a big desk (issue 32): a generated desk of 2,000 and of 10,000 pages, each
//! beside the sample desk measured in the same test, printed as `PERF` lines like perf.rs's
//! figures; timings are never asserted on. What is asserted: the list shows its rows, the
//! filter finds a page far down the list and a search answers with the page it names.

use std::time::Duration;

use serde_json::json;
use thirtyfour::prelude::*;

use super::harness::{until, Desk};
use super::ipc_probe;
use super::perf::{percentile, rss, settled_rss};
use super::sample::{self, TITLE};
use super::steps;

/// The desk a busy publication grows into: `verdict generate --tools 1000 --comparisons 2000`.
#[tokio::test]
async fn big_desk_figures() {
    desk_figures("big_desk", 1_000, 2_000).await;
}

/// Five times that: `verdict generate --tools 5000 --comparisons 10000` (issue 32).
#[tokio::test]
async fn ten_thousand_desk_figures() {
    desk_figures("ten_thousand_desk", 5_000, 10_000).await;
}

/// The sample desk's everyday start (its second: the first seeds it), from the WebDriver
/// request that launches the app to the sample's row, and its memory then: what a big desk
/// is read against, measured on the same machine in the same minute.
async fn sample_reference(label: &str) -> (Duration, f64) {
    let mut desk = Desk::launch(&format!("{label}_sample_reference")).await;
    sample::row(&desk, TITLE).await;
    desk.restart().await;
    sample::row(&desk, TITLE).await;
    let shown = desk.launched_at.elapsed();
    whole_desk(&desk).await;
    let (memory, waited) = settled_rss(&desk, MEMORY_SETTLES)
        .await
        .expect("the app's processes");
    println!(
        "PERF {label}_sample_desk_list_shown_ms={} (the sample desk started again; the session \
         took {} ms)",
        shown.as_millis(),
        desk.session_took.as_millis()
    );
    println!(
        "PERF {label}_sample_desk_rss_mb {memory} (comparison list shown, settled after {} ms)",
        waited.as_millis()
    );
    (shown, memory.pss_mb())
}

/// How long the memory is given to settle after the list is whole ([`settled_rss`]).
const MEMORY_SETTLES: Duration = Duration::from_secs(20);

/// How long the desk's comparison list takes to show (first open after `generate`, and the
/// everyday start), how many elements it makes, the memory it takes, each keystroke in the
/// title filter and the search's answers, against the sample desk's start and memory.
async fn desk_figures(label: &str, tools: usize, comparisons: usize) {
    let (sample_shown, sample_pss) = sample_reference(label).await;

    let target = std::sync::Mutex::new(None::<(String, String)>);
    let mut desk = Desk::launch_prepared(label, &[], |data| {
        let desk = verdict_core::Desk::open(data).expect("the desk opens");
        desk.ensure_profiles().expect("the profiles");
        verdict_fixtures::generate(
            &mut desk.store(),
            &verdict_fixtures::GenerateOptions {
                tools,
                comparisons,
                reviewers: 8,
                seed: 1,
            },
        )
        .expect("the big desk is generated");
        // The pages whose time has come published, as the app's queue does in its first
        // round (or `verdict publish --due`): the desk as it is every day after, with
        // published pages whose staleness the list shows.
        desk.publish_due(chrono::Utc::now())
            .expect("the due pages are published");
        // A page far down the list, to be found by typing its title into the filter.
        let all = desk.store().comparisons().expect("comparisons");
        let far = &all[all.len() * 3 / 4];
        *target.lock().unwrap() = Some((far.slug.clone(), far.title.clone()));
    })
    .await;
    let (slug, title) = target.lock().unwrap().clone().expect("prepared");

    first_rows(&desk).await;
    let first_open = desk.launched_at.elapsed();
    println!(
        "PERF {label}_first_open_list_shown_ms={} ({comparisons} comparisons, {tools} tools, \
         just generated: the desk's integrity check runs on this open; the session took {} ms)",
        first_open.as_millis(),
        desk.session_took.as_millis()
    );

    desk.restart().await;
    first_rows(&desk).await;
    let shown = desk.launched_at.elapsed();
    let timing = desk.script(TIMING_JS, vec![]).await;
    // The list shows its first screenful first; the memory is taken with every page read.
    whole_desk(&desk).await;
    let whole = desk.launched_at.elapsed();
    let elements = desk
        .script("return document.getElementsByTagName('*').length;", vec![])
        .await;
    let rows = desk
        .script(
            "return document.querySelectorAll('[data-testid^=\"comparison-row-\"]').length;",
            vec![],
        )
        .await;
    let memory = rss(&desk).expect("the app's processes");
    println!(
        "PERF {label}_list_shown_ms={} ({comparisons} comparisons, {tools} tools, started again; \
         from the WebDriver new-session request, which launches the app, to the first row; the \
         session took {} ms; the sample desk's {} ms: {:+} ms)",
        shown.as_millis(),
        desk.session_took.as_millis(),
        sample_shown.as_millis(),
        shown.as_millis() as i64 - sample_shown.as_millis() as i64
    );
    println!(
        "PERF {label}_whole_desk_read_ms={} (every page read and the list counting them: the \
         first screenful's note gone; the sample desk's list shown {} ms)",
        whole.as_millis(),
        sample_shown.as_millis()
    );
    println!("PERF {label}_page_timing_ms {timing} (in the webview, from navigation start)");
    println!("PERF {label}_dom_elements={elements} (rows rendered: {rows})");
    println!(
        "PERF {label}_rss_mb {memory} (the moment every page is read, the list shown; PSS {:+.0} % \
         of the sample desk's settled)",
        (memory.pss_mb() / sample_pss - 1.0) * 100.0
    );
    let (settled, waited) = settled_rss(&desk, MEMORY_SETTLES)
        .await
        .expect("the app's processes");
    println!(
        "PERF {label}_settled_rss_mb {settled} (every page read, the list shown, settled after {} \
         ms; PSS {:+.0} % of the sample desk's settled)",
        waited.as_millis(),
        (settled.pss_mb() / sample_pss - 1.0) * 100.0
    );

    filter_keystrokes(&desk, label, &slug, &title).await;
    searches(&desk, label, &slug, &title).await;

    // Content changed while the app was closed (the CLI, or another desk of the team, saved
    // a published page): the list's stale marks need every published page built again.
    {
        let other = verdict_core::Desk::open(&desk.data_dir()).expect("the desk opens");
        let published = other
            .store()
            .comparisons_with_status(verdict_core::model::ComparisonStatus::Published)
            .expect("published pages");
        let mut page = published.into_iter().next().expect("a published page");
        page.dek.push_str(" Edited elsewhere.");
        other
            .save_comparison("editor", &page)
            .expect("the page is saved");
    }
    desk.restart().await;
    first_rows(&desk).await;
    let changed = desk.launched_at.elapsed();
    whole_desk(&desk).await;
    let memory = rss(&desk).expect("the app's processes");
    println!(
        "PERF {label}_changed_list_shown_ms={} (started again after a published page was saved \
         elsewhere: every published page's hash is built again; the session took {} ms)",
        changed.as_millis(),
        desk.session_took.as_millis()
    );
    println!("PERF {label}_changed_rss_mb {memory} (comparison list shown)");
    let (settled, waited) = settled_rss(&desk, MEMORY_SETTLES)
        .await
        .expect("the app's processes");
    println!(
        "PERF {label}_changed_settled_rss_mb {settled} (settled after {} ms; PSS {:+.0} % of the \
         sample desk's settled)",
        waited.as_millis(),
        (settled.pss_mb() / sample_pss - 1.0) * 100.0
    );
}

async fn first_rows(desk: &Desk) {
    until(
        "the first rows of the list",
        Duration::from_secs(120),
        || async {
            let shown = desk.script(FIRST_ROW_JS, vec![]).await;
            if shown == json!(true) {
                Ok(())
            } else {
                Err("no row yet".to_string())
            }
        },
    )
    .await;
}

/// Until the list has every page (its first screenful's note is gone).
async fn whole_desk(desk: &Desk) {
    until("every page read", Duration::from_secs(120), || async {
        let reading = desk.script(READING_JS, vec![]).await;
        if reading == json!(false) {
            Ok(())
        } else {
            Err("still reading".to_string())
        }
    })
    .await;
}

/// Each keystroke of the far page's title typed into the list's filter: keydown to the end
/// of the next painted frame.
async fn filter_keystrokes(desk: &Desk, label: &str, slug: &str, title: &str) {
    let installed = desk.script(INSTALL_FRAME_JS, vec![]).await;
    assert_eq!(installed, json!(true));
    let filter = desk.testid("filter-text").await;
    let typed: String = title.chars().take(24).collect();
    let (mut samples, mut script) = (Vec::new(), Vec::new());
    for (i, key) in typed.chars().enumerate() {
        filter.send_keys(key.to_string()).await.unwrap();
        let result = desk.script_async(FRAME_JS, vec![json!(i)]).await;
        assert_eq!(
            result["keys"],
            json!(i + 1),
            "one keydown per keystroke: {result}"
        );
        samples.push(result["ms"].as_f64().expect("a duration"));
        script.push(result["script"].as_f64().expect("the script's share"));
    }
    // The filter found the page far down the list.
    desk.testid(&format!("comparison-row-{slug}")).await;
    let (p50, p95) = (percentile(&samples, 50.0), percentile(&samples, 95.0));
    let max = percentile(&samples, 100.0);
    println!(
        "PERF {label}_filter_keystroke_ms p50={p50:.1} p95={p95:.1} max={max:.1} n={} (keydown \
         to the end of the next painted frame, typing {typed:?})",
        samples.len()
    );
    println!(
        "PERF {label}_filter_keystroke_script_ms p50={:.1} p95={:.1} (keydown to the list's \
         update applied, before style, layout and paint)",
        percentile(&script, 50.0),
        percentile(&script, 95.0)
    );
    // Each keystroke's figures in typing order: which ones are slow (the first, which takes
    // the list from every page to a few, or a garbage collection's) is what to look at.
    println!("PERF {label}_filter_keystroke_each_ms painted={samples:?} script={script:?}");
    assert!(samples.len() >= 10);
}

/// Queries typed into the search (Ctrl+K): words of tool names, vendors, the generated
/// descriptions, a one-letter prefix (the most matches), and the far page's title.
const QUERIES: &[&str] = &[
    "nimbus",
    "northwind",
    "pricing",
    "setup",
    "changelog",
    "q",
    "atlas pro",
];

/// Each query's answer: from the `search` call the debounced field sent to its answer, and
/// to the frame painted after the results were read, measured in the webview.
async fn searches(desk: &Desk, label: &str, slug: &str, title: &str) {
    ipc_probe::record(desk, &["search"]).await;
    let search = desk.testid("search-input").await;
    steps::press(&search, Key::Control + "k").await;
    let far: String = title
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let mut queries: Vec<String> = QUERIES.iter().map(|q| q.to_string()).collect();
    queries.push(far.clone());
    let (mut answered, mut painted) = (Vec::new(), Vec::new());
    for _round in 0..3 {
        for query in &queries {
            steps::press(&search, Key::Control + "a").await;
            steps::press(&search, Key::Backspace).await;
            ipc_probe::calls(desk, true).await;
            search.send_keys(query.as_str()).await.unwrap();
            let call = until(
                &format!("the answer to {query:?} to be painted"),
                Duration::from_secs(30),
                || async {
                    let calls = ipc_probe::calls(desk, false).await;
                    let call = calls
                        .iter()
                        .find(|c| c.args()["query"] == json!(query))
                        .cloned();
                    match call {
                        Some(c) if c.painted.is_some() => Ok(c),
                        other => Err(format!("no painted answer yet: {other:?} of {calls:?}")),
                    }
                },
            )
            .await;
            answered.push(call.answered.unwrap_or(-1.0) - call.sent);
            painted.push(call.painted.unwrap_or(-1.0) - call.sent);
        }
    }
    // The far page's title finds it.
    desk.testid(&format!("search-hit-comparison-{slug}")).await;
    let line = |samples: &[f64]| {
        format!(
            "p50={:.1} p95={:.1} max={:.1}",
            percentile(samples, 50.0),
            percentile(samples, 95.0),
            percentile(samples, 100.0)
        )
    };
    println!(
        "PERF {label}_search_ms answered {}; painted {}; n={} (from the `search` call to its \
         answer, and to the frame painted after the results; queries {queries:?} three times \
         each, after the field's 150 ms debounce)",
        line(&answered),
        line(&painted),
        answered.len()
    );
}

/// True once the comparison list shows a row.
const FIRST_ROW_JS: &str = r#"
    return document.querySelector('[data-testid^="comparison-row-"]') !== null;
"#;

const READING_JS: &str = r#"
    return document.querySelector('[data-testid="comparisons-reading"]') !== null;
"#;

/// The webview's own clock at the first row: the page's script run, and each IPC call the
/// UI made by then (command, sent and answered, in ms from the navigation's start).
const TIMING_JS: &str = r#"
    const nav = performance.getEntriesByType('navigation')[0];
    const round = (ms) => Math.round(ms);
    const ipc = performance.getEntriesByType('resource')
        .filter((r) => r.name.startsWith('ipc:') || r.name.includes('ipc.localhost'))
        .map((r) => `${decodeURIComponent(r.name.split('/').pop().split('?')[0])} ${round(r.startTime)}-${round(r.responseEnd)}`);
    return {
        dom_content_loaded: nav ? round(nav.domContentLoadedEventEnd) : null,
        ipc,
        now: round(performance.now()),
    };
"#;

/// Stamps each keydown and the end of the frame painted after it: a `requestAnimationFrame`
/// callback runs after the input's handlers and the UI's update, and a message posted from
/// it arrives after that frame's layout and paint.
const INSTALL_FRAME_JS: &str = r#"
    const st = (window.__e2eFrame = { keys: 0, keyAt: 0, ms: -1, script: -1, doneFor: -1, waiter: null });
    // Bubbling to the document after the field's own handler: a microtask queued here runs
    // after the one the UI queued to apply the change, so it marks the script's end.
    document.addEventListener('input', () => {
        const n = st.keys;
        queueMicrotask(() => { if (n === st.keys) st.script = performance.now() - st.keyAt; });
    });
    document.addEventListener('keydown', () => {
        const at = performance.now();
        const n = (st.keys += 1);
        st.keyAt = at;
        requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
                if (n !== st.keys) return;
                st.ms = performance.now() - at;
                st.doneFor = n;
                if (st.waiter) st.waiter();
            };
            channel.port2.postMessage(0);
        });
    }, true);
    return true;
"#;

/// Resolves with the frame time of keystroke number arguments[0] + 1.
const FRAME_JS: &str = r#"
    const [before, done] = [arguments[0], arguments[arguments.length - 1]];
    const st = window.__e2eFrame;
    const ready = () => st.keys > before && st.doneFor === st.keys;
    const finish = () => { st.waiter = null; done({ ms: st.ms, script: st.script, keys: st.keys }); };
    if (ready()) finish();
    else st.waiter = () => { if (ready()) finish(); };
"#;
