//! The app killed outright (SIGKILL: no unload handler, no last save) while someone types:
//! at most the last second of typing is lost, and the desk opens fine afterwards.

use std::time::{Duration, Instant};

use super::harness::{until, Desk, WAIT};
use super::sample::{self, TITLE};

/// The autosave runs 0.8 s after the last keystroke (ui/src/lib/editor.ts); typing older
/// than this must survive a crash.
const SAFE_AFTER: Duration = Duration::from_millis(1500);
/// The kill follows the last keystroke within this.
const KILL_WITHIN: Duration = Duration::from_millis(300);

#[tokio::test]
async fn a_kill_while_typing_loses_at_most_the_last_second() {
    let mut desk = Desk::launch("a_kill_while_typing_loses_at_most_the_last_second").await;
    sample::open(&desk, TITLE).await;
    let field = desk.labelled("Title").await;

    // Typing, then a pause longer than the autosave delay ...
    let kept = format!("{TITLE} kept");
    desk.type_text(&field, " kept").await;
    let paused_at = Instant::now();
    sample::preview_containing(&desk, &format!("<h1>{kept}</h1>")).await;
    // This wait is the point of the journey (typing that is older than SAFE_AFTER is safe),
    // not a wait for something the UI shows.
    tokio::time::sleep(SAFE_AFTER.saturating_sub(paused_at.elapsed())).await;

    // ... more typing, and the app is killed right after the last keystroke.
    let last = " lost?";
    desk.type_text(&field, last).await;
    let last_key = Instant::now();
    let killed = desk.kill_app();
    let gap = last_key.elapsed();
    assert!(
        gap < KILL_WITHIN,
        "the kill came {gap:?} after the last keystroke (wanted < {KILL_WITHIN:?})"
    );
    eprintln!(
        "e2e: killed the app (pid {}) {gap:?} after the last keystroke",
        killed.pid
    );

    // Started again on the same data: the desk opens, lists the page and the editor holds
    // everything typed before the pause; of the last second's typing, some or none.
    desk.restart().await;
    let typed_all = format!("{kept}{last}");
    let row = sample::row(&desk, &kept).await;
    let listed = desk.text(&row).await.unwrap();
    row.click().await.expect("the sample's row can be clicked");
    let field = desk.labelled("Title").await;
    let title = until("the editor to load the page", WAIT, || async {
        let value = field
            .value()
            .await
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        if value.is_empty() {
            Err("the title field is empty".to_string())
        } else {
            Ok(value)
        }
    })
    .await;
    assert!(
        title.starts_with(&kept) && typed_all.starts_with(&title),
        "after the kill the title is {title:?}: wanted {kept:?}, plus at most the rest of \
         {last:?} (list row: {listed:?})"
    );
    sample::preview_containing(&desk, &format!("<h1>{title}</h1>")).await;
    let saved = desk.text(&desk.testid("save-state").await).await.unwrap();
    assert_eq!(saved, "Saved", "the reopened page has unsaved changes");
}
