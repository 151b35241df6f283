//! Desktop notifications. The core decides what to raise (`Desk::take_notices`: missed
//! schedules and publishing jobs that failed after their last retry, only for a publisher,
//! each once, remembered across restarts); this only shows them, and asks only while no
//! window of the app is focused: whoever is looking at the desk sees them in My work, and
//! what is pending is raised once they look away.
//!
//! The desk is asked every `VERDICT_NOTICE_TICK_MS` milliseconds (default 30 000; at least
//! 100), a few seconds after start, and at once whenever a window of the app loses the focus,
//! so a member who looks away hears of what is pending without waiting for the next tick.
//!
//! A click on a notification (the server's `default` action, which the notification plugin
//! reports as `tap` on Linux) brings the window forward and sends the UI the notice's place
//! (`contract::NOTICE_OPENED`), which it opens as it opens My work's items. A summed-up
//! notification ("4 more") leads to My work.

use std::sync::Arc;
use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager, Runtime, WindowEvent};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::Notify;
use verdict_core::desk::{Notice, WorkPlace};

use crate::contract::NOTICE_OPENED;
use crate::state::AppState;

/// The notification's extra field that carries the place a click opens.
const PLACE: &str = "verdictPlace";

/// How often the desk is asked for notices (the schedule is looked at as often), unless
/// `VERDICT_NOTICE_TICK_MS` says otherwise.
const NOTICE_TICK: Duration = Duration::from_secs(30);

/// The shortest tick `VERDICT_NOTICE_TICK_MS` may ask for.
const SHORTEST_TICK: Duration = Duration::from_millis(100);

/// The first look, once the window had time to take the focus it opens with.
const FIRST_LOOK: Duration = Duration::from_secs(3);

/// How many notices are raised one by one at once; more are summed up in one.
const SHOWN_APART: usize = 3;

/// The tick: `VERDICT_NOTICE_TICK_MS` when it is a whole number of milliseconds, at least
/// [`SHORTEST_TICK`]; otherwise the default, and a warning naming the variable.
fn tick_from(value: Option<&str>) -> Duration {
    let Some(value) = value else {
        return NOTICE_TICK;
    };
    match value.trim().parse::<u64>() {
        Ok(ms) => Duration::from_millis(ms).max(SHORTEST_TICK),
        Err(_) => {
            tracing::warn!(
                value,
                "VERDICT_NOTICE_TICK_MS is not a whole number of milliseconds; using 30000"
            );
            NOTICE_TICK
        }
    }
}

/// Whether a window of the app has the focus.
fn focused<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.webview_windows()
        .values()
        .any(|w| w.is_focused().unwrap_or(false))
}

/// What a click on a notification opens: the place it carries (none: My work).
fn opened<R: Runtime>(app: &AppHandle<R>, place: serde_json::Value) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    if let Err(e) = app.emit(NOTICE_OPENED, place) {
        tracing::warn!(error = %e, "a clicked notification's place could not be sent");
    }
}

pub fn start<R: Runtime>(app: AppHandle<R>) {
    let tick = tick_from(std::env::var("VERDICT_NOTICE_TICK_MS").ok().as_deref());
    let clicks = app.clone();
    let _ = app.notification().on_action(move |performed| {
        if performed.action_id() != "tap" {
            return;
        }
        // The place as the notice serialised it (a `WorkPlace`, or null), passed on as is.
        let place = performed
            .notification()
            .and_then(|n| n.extra().get(PLACE).cloned())
            .unwrap_or(serde_json::Value::Null);
        opened(&clicks, place);
    });
    // A window that loses the focus wakes the loop at once.
    let looked_away = Arc::new(Notify::new());
    for window in app.webview_windows().into_values() {
        let looked_away = Arc::clone(&looked_away);
        window.on_window_event(move |event| {
            if let WindowEvent::Focused(false) = event {
                looked_away.notify_one();
            }
        });
    }
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let Ok(desk) = state.desk() else { return };
        tokio::time::sleep(FIRST_LOOK.min(tick)).await;
        loop {
            if !focused(&app) {
                // Reading them may load the content after a change: off the async workers,
                // which answer the window meanwhile.
                let taken = tokio::task::block_in_place(|| desk.take_notices(chrono::Utc::now()));
                match taken {
                    Ok(notices) => raise(&app, &notices),
                    Err(e) => tracing::warn!(error = %e, "the desk's notices could not be read"),
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(tick) => {}
                _ = looked_away.notified() => {}
            }
        }
    });
}

/// Shows the notices: a few at a time; past that, one notification says how many more
/// there are.
fn raise<R: Runtime>(app: &AppHandle<R>, notices: &[Notice]) {
    let more = notices.len().saturating_sub(SHOWN_APART);
    let mut shown: Vec<(String, String, Option<WorkPlace>)> = notices
        .iter()
        .take(if more > 0 {
            SHOWN_APART - 1
        } else {
            SHOWN_APART
        })
        .map(|n| (n.heading(), n.body(), n.place()))
        .collect();
    if more > 0 {
        shown.push((
            format!("{} more in Verdict Desk", more + 1),
            "See My work for each of them.".into(),
            None,
        ));
    }
    for (heading, body, place) in shown {
        let raised = app
            .notification()
            .builder()
            .title(&heading)
            .body(body)
            .extra(PLACE, place)
            .show();
        if let Err(e) = raised {
            tracing::warn!(error = %e, notice = %heading, "a notification could not be shown");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tick_comes_from_the_variable_within_bounds() {
        assert_eq!(tick_from(None), NOTICE_TICK);
        assert_eq!(tick_from(Some("500")), Duration::from_millis(500));
        assert_eq!(tick_from(Some("5")), SHORTEST_TICK);
        assert_eq!(tick_from(Some("soon")), NOTICE_TICK);
    }
}
