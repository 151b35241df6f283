//! Tells the webview what the desk's store changed (`desk-changed`), as each write commits:
//! local saves, the team's changes the sync applied, imports, the publishing queue's
//! results. The lists read those rows again (`desk_rows`) instead of the whole desk.

use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::contract;
use crate::state::AppState;

/// Follows the desk's changes from now on (before any command can write) and forwards them.
pub fn start<R: Runtime>(app: AppHandle<R>) {
    let state = app.state::<AppState>();
    let Ok(desk) = state.desk() else { return };
    let mut changes = desk.store().follow_changes();
    tauri::async_runtime::spawn(async move {
        while let Some(batch) = changes.recv().await {
            if let Err(e) = app.emit(contract::DESK_CHANGED, &batch) {
                tracing::warn!(error = %e, "the desk's changes could not reach the window");
            }
        }
    });
}
