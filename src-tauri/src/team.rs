//! Runs the team desk's live sync while the app is open (see `verdict_core::team::Live`),
//! telling the webview where it stands (`team-status`), what other members changed
//! (`team-edits`) and where they are (`team-presence`).

use tauri::{AppHandle, Emitter, Manager, Runtime};
use verdict_core::team::{LiveEvent, EVERY, SAVE_DEBOUNCE};

use crate::contract;
use crate::state::AppState;

pub fn start<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let Ok(desk) = state.desk() else { return };
        let live = state.live();
        let secrets = state.secrets();
        desk.team_live(secrets.as_ref(), &live, EVERY, SAVE_DEBOUNCE, |event| {
            let sent = match event {
                LiveEvent::Status(status) => app.emit(contract::TEAM_STATUS, status),
                LiveEvent::Edits(edits) => app.emit(contract::TEAM_EDITS, edits),
                LiveEvent::Presence(others) => app.emit(contract::TEAM_PRESENCE, others),
            };
            if let Err(e) = sent {
                tracing::warn!(error = %e, "the team's news could not reach the window");
            }
        })
        .await;
    });
}
