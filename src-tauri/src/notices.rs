//! Desktop notifications. The core decides what to raise (`Desk::take_notices`: missed
//! schedules and publishing jobs that failed after their last retry, only for a publisher,
//! each once, remembered across restarts); this only shows them, and asks only while no
//! window of the app is focused: whoever is looking at the desk sees them in My work, and
//! what is pending is raised once they look away.

use std::time::Duration;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::state::AppState;

/// How often the desk is asked for notices (the schedule is looked at as often).
const NOTICE_TICK: Duration = Duration::from_secs(30);

/// How many notices are raised one by one at once; more are summed up in one.
const SHOWN_APART: usize = 3;

/// Whether a window of the app has the focus.
fn focused<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.webview_windows()
        .values()
        .any(|w| w.is_focused().unwrap_or(false))
}

pub fn start<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let Ok(desk) = state.desk() else { return };
        loop {
            tokio::time::sleep(NOTICE_TICK).await;
            if focused(&app) {
                continue;
            }
            let notices = match desk.take_notices(chrono::Utc::now()) {
                Ok(notices) => notices,
                Err(e) => {
                    tracing::warn!(error = %e, "the desk's notices could not be read");
                    continue;
                }
            };
            // A few at a time: past that, one notification says how many more there are.
            let more = notices.len().saturating_sub(SHOWN_APART);
            let mut shown: Vec<(String, String)> = notices
                .iter()
                .take(if more > 0 {
                    SHOWN_APART - 1
                } else {
                    SHOWN_APART
                })
                .map(|n| (n.heading(), n.body()))
                .collect();
            if more > 0 {
                shown.push((
                    format!("{} more in Verdict Desk", more + 1),
                    "See My work for each of them.".into(),
                ));
            }
            for (heading, body) in shown {
                let raised = app
                    .notification()
                    .builder()
                    .title(&heading)
                    .body(body)
                    .show();
                if let Err(e) = raised {
                    tracing::warn!(error = %e, notice = %heading, "a notification could not be shown");
                }
            }
        }
    });
}
