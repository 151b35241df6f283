//! What a save costs the lists: one changed page re-reads its own row, not the whole desk
//! (issue 26 item 3). The app's IPC calls are counted in the page (`ipc_probe`).

use std::time::Duration;

use serde_json::json;

use super::harness::{until, Desk, WAIT};
use super::ipc_probe::{self, count, IpcCall};
use super::perf::percentile;
use super::sample::{self, SLUG, TITLE};

/// Commands that re-read what the lists show: the whole desk, or some of its rows.
const WHOLE: &str = "desk_overview";
const ROWS: &str = "desk_rows";
const REREADS: &[&str] = &[WHOLE, ROWS];
/// The change measured.
const SAVE: &str = "save_comparison";

async fn calls(desk: &Desk, forget: bool) -> Vec<IpcCall> {
    ipc_probe::calls(desk, forget).await
}

/// Waits until a save was answered and every list re-read after it has been read and
/// painted; gives all calls since the last forget.
async fn settled_after_save(desk: &Desk) -> Vec<IpcCall> {
    ipc_probe::settled_after(desk, SAVE, REREADS, Duration::from_secs(30)).await
}

/// The sample desk: the editor saves a new title, and the list follows by re-reading that
/// one row; the whole desk is never read again.
#[tokio::test]
async fn one_page_change_rereads_one_row() {
    let desk = Desk::launch("one_page_change_rereads_one_row").await;
    sample::row(&desk, TITLE).await;
    ipc_probe::record(&desk, &[]).await;
    sample::open(&desk, TITLE).await;
    calls(&desk, true).await;

    let field = desk.labelled("Title").await;
    desk.type_text(&field, " II").await;
    let after = settled_after_save(&desk).await;
    assert_eq!(
        count(&after, WHOLE),
        0,
        "no whole-desk reload after one page's save: {after:?}"
    );
    let rows: Vec<_> = after.iter().filter(|c| c.cmd == ROWS).collect();
    assert!(
        rows.iter().any(|c| c.args()["changes"]
            .as_array()
            .is_some_and(|changes| changes.iter().any(|ch| ch["key"] == json!(SLUG)))),
        "the page's row is read again: {after:?}"
    );

    // Back on the list, its row reads the new title without any reload either.
    desk.testid("back-button")
        .await
        .click()
        .await
        .expect("back");
    sample::row(&desk, &format!("{TITLE} II")).await;
    let all = calls(&desk, false).await;
    assert_eq!(count(&all, WHOLE), 0, "no whole-desk reload: {all:?}");
}

/// Comparisons and tools of the big desk, as in `perf::big_desk_figures`.
const BIG_COMPARISONS: usize = 2_000;
const BIG_TOOLS: usize = 1_000;
/// Saves measured, each one letter typed into the open page's title.
const SAVES: usize = 8;

/// On the big desk: from a page's save being answered to the frame painted after the lists
/// took in the change, and the longest the page's main thread was busy in that time (script
/// and layout: the gap between two frames beyond one frame's 16.7 ms). Printed, not asserted.
#[tokio::test]
async fn big_desk_save_to_list() {
    let desk = Desk::launch_prepared("big_desk_save_to_list", &[], |data| {
        let desk = verdict_core::Desk::open(data).expect("the desk opens");
        desk.ensure_profiles().expect("the profiles");
        verdict_fixtures::generate(
            &mut desk.store(),
            &verdict_fixtures::GenerateOptions {
                tools: BIG_TOOLS,
                comparisons: BIG_COMPARISONS,
                reviewers: 8,
                seed: 1,
            },
        )
        .expect("the big desk is generated");
    })
    .await;
    let first = until(
        "the first row of the list",
        Duration::from_secs(60),
        || async {
            let slug = desk.script(FIRST_ROW_SLUG_JS, vec![]).await;
            slug.as_str()
                .map(str::to_string)
                .ok_or_else(|| "no row yet".to_string())
        },
    )
    .await;
    ipc_probe::record(&desk, &[]).await;
    assert_eq!(desk.script(INSTALL_GAPS_JS, vec![]).await, json!(true));
    desk.testid(&format!("comparison-row-{first}"))
        .await
        .click()
        .await
        .expect("the row opens");
    desk.testid("comparison-detail").await;
    let field = desk.labelled("Title").await;
    until("the title field to be filled in", WAIT, || {
        let field = field.clone();
        async move {
            let value = field
                .value()
                .await
                .map_err(|e| e.to_string())?
                .unwrap_or_default();
            if value.is_empty() {
                Err("empty".to_string())
            } else {
                Ok(())
            }
        }
    })
    .await;
    // Let the editor's first load settle before measuring.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    calls(&desk, true).await;

    let (mut to_list, mut busy, mut apply) = (Vec::new(), Vec::new(), Vec::new());
    let (mut whole, mut rows) = (0, 0);
    for key in ('a'..='z').take(SAVES) {
        field.send_keys(key.to_string()).await.expect("a letter");
        let calls = settled_after_save(&desk).await;
        let (saved, painted) = ipc_probe::change_to_painted(&calls, SAVE, REREADS);
        let gap = desk
            .script(LONGEST_GAP_JS, vec![json!(saved), json!(painted)])
            .await
            .as_f64()
            .expect("a gap");
        // From the re-read's answer read (parsed) to the frame painted after it: the script,
        // layout and paint of putting it on screen.
        apply.extend(
            calls
                .iter()
                .filter(|c| REREADS.contains(&c.cmd.as_str()))
                .filter_map(|c| Some(c.painted? - c.read?)),
        );
        to_list.push(painted - saved);
        busy.push(gap);
        whole += count(&calls, WHOLE);
        rows += count(&calls, ROWS);
        // The next save starts from a quiet page.
        tokio::time::sleep(Duration::from_millis(400)).await;
        self::calls(&desk, true).await;
    }
    let (p50, p95) = (percentile(&to_list, 50.0), percentile(&to_list, 95.0));
    let (b50, bmax) = (percentile(&busy, 50.0), percentile(&busy, 100.0));
    println!(
        "PERF big_desk_save_to_list_ms p50={p50:.1} p95={p95:.1} n={} ({BIG_COMPARISONS} \
         comparisons; from save_comparison's answer to the frame painted after the lists' \
         re-read was read; whole-desk reads {whole}, row reads {rows}; each: {to_list:.0?})",
        to_list.len()
    );
    println!(
        "PERF big_desk_save_main_thread_busy_ms p50={b50:.1} max={bmax:.1} (longest gap between \
         two frames beyond 16.7 ms in that time: script, layout and paint of the change; \
         each: {busy:.0?})"
    );
    println!(
        "PERF big_desk_change_applied_ms p50={:.1} p95={:.1} n={} (a re-read's answer parsed to \
         the frame painted after it: the lists taking the change; each: {apply:.0?})",
        percentile(&apply, 50.0),
        percentile(&apply, 95.0),
        apply.len()
    );
    assert_eq!(to_list.len(), SAVES);
}

const FIRST_ROW_SLUG_JS: &str = r#"
    const row = document.querySelector('[data-testid^="comparison-row-"]');
    return row ? row.getAttribute('data-testid').slice('comparison-row-'.length) : null;
"#;

/// Stamps every animation frame, to find how long the main thread was held between two.
const INSTALL_GAPS_JS: &str = r#"
    const st = (window.__e2eFrames = { at: [] });
    const tick = (t) => { st.at.push(performance.now()); if (st.at.length > 20000) st.at.splice(0, 10000); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    return true;
"#;

/// The longest gap between two frames from arguments[0] to arguments[1] (ms), less one frame.
const LONGEST_GAP_JS: &str = r#"
    const [from, to] = [arguments[0], arguments[1]];
    const at = window.__e2eFrames.at;
    let longest = 0;
    for (let i = 1; i < at.length; i++) {
        if (at[i] < from || at[i - 1] > to) continue;
        longest = Math.max(longest, at[i] - at[i - 1] - 16.7);
    }
    return Math.max(0, longest);
"#;
