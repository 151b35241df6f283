//! Runs the publishing outbox in the background while the app is open: when something is
//! queued, every half minute for scheduled pages, and after a restart for what was left.
//! After each look at the queue, the pages written since their last check, and those not
//! checked for a few hours, are read back from their targets (receipts). With a vote service
//! set, the readers' votes are pulled every quarter of an hour.

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager, Runtime};
use verdict_core::publish::RunOptions;

use crate::contract;
use crate::state::AppState;

/// How often scheduled pages are looked at.
const SCHEDULE_TICK: Duration = Duration::from_secs(30);

/// How often the verifier looks for pages due a check (see `Desk::verify_due`).
const VERIFY_TICK: Duration = Duration::from_secs(60);

/// Reads published pages back (read-only) after each run of the queue and every
/// [`VERIFY_TICK`], on its own task: a target that hangs (each page's check is bounded by its
/// time limit) never holds up publishing.
fn verify<R: Runtime>(app: AppHandle<R>, wake: std::sync::Arc<tokio::sync::Notify>) {
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let Ok(desk) = state.desk() else { return };
        loop {
            tokio::select! {
                () = wake.notified() => {}
                () = tokio::time::sleep(VERIFY_TICK) => {}
            }
            match desk.verify_due(state.secrets()).await {
                Ok(report) if !report.receipts.is_empty() => {
                    let _ = app.emit(contract::RECEIPTS_CHANGED, &report);
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "published pages could not be verified"),
            }
        }
    });
}

/// Pulls the readers' votes from the site's vote service every [`VOTES_PULL_EVERY`] (the
/// first a minute after launch), on its own task; a desk without a service asks nothing. The
/// saved figures reach the lists as change events; a changed share makes its page stale.
fn pull_votes<R: Runtime>(app: AppHandle<R>) {
    use verdict_core::desk::{pull_site_votes_if_set, VOTES_PULL_EVERY};
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let Ok(desk) = state.desk() else { return };
        tokio::time::sleep(Duration::from_secs(60)).await;
        loop {
            match pull_site_votes_if_set(desk, state.secrets().as_ref()).await {
                Ok(Some(report)) => tracing::info!(saved = report.saved, "readers' votes pulled"),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "readers' votes could not be pulled"),
            }
            tokio::time::sleep(VOTES_PULL_EVERY).await;
        }
    });
}

/// How long after launch the queue first runs (sooner when a publish is asked for).
const FIRST_RUN_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

pub fn start<R: Runtime>(app: AppHandle<R>) {
    let verify_wake = std::sync::Arc::new(tokio::sync::Notify::new());
    verify(app.clone(), verify_wake.clone());
    pull_votes(app.clone());
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let Ok(desk) = state.desk() else { return };
        let wake = state.publisher_signal();
        // The first screen comes first: the queue's first run waits a moment, unless a
        // publish is asked for meanwhile.
        tokio::select! {
            () = wake.notified() => {}
            () = tokio::time::sleep(FIRST_RUN_AFTER) => {}
        }
        loop {
            // What the lists show of each page's publishing, to name the pages this round
            // changed (`desk-changed`); without it the lists would not see a run's results.
            let before = desk.publishing_marks().unwrap_or_default();
            match desk.publish_due(chrono::Utc::now()) {
                Ok(plan) if !plan.published.is_empty() => {
                    tracing::info!(pages = ?plan.published, "scheduled pages published");
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "scheduled pages could not be published"),
            }
            let emitter = app.clone();
            // On the desk's own store and page cache: the pages it previewed are not built twice.
            match desk
                .run_outbox(state.secrets(), RunOptions::default(), move |p| {
                    let _ = emitter.emit(contract::PUBLISH_PROGRESS, p);
                })
                .await
            {
                Ok(summary) => {
                    if summary.settled() > 0 {
                        tracing::info!(%summary, "publishing queue settled");
                    }
                    let _ = app.emit(contract::PUBLISH_SETTLED, &summary);
                }
                Err(e) => tracing::error!(error = %e, "the publishing queue could not run"),
            }
            // What this run wrote is read back now, on the verifier's own task.
            verify_wake.notify_one();
            if let Err(e) = desk.tell_publishing(&before) {
                tracing::warn!(error = %e, "the pages this publishing round changed are not known");
            }
            tokio::select! {
                () = wake.notified() => {}
                () = tokio::time::sleep(SCHEDULE_TICK) => {}
            }
        }
    });
}
