//! Commands for the desktop notifications: which kinds the member wants.

use tauri::State;
use verdict_core::notices::NoticeSwitch;
use verdict_core::ApiError;

use crate::state::AppState;

/// Every kind of desktop notification and whether it is on.
#[tauri::command(async)]
pub fn notice_switches(state: State<'_, AppState>) -> Result<Vec<NoticeSwitch>, ApiError> {
    Ok(state.desk()?.notice_switches()?)
}

/// Switches one kind of desktop notification on or off (`kind` as `NoticeKind` names it);
/// answers every switch.
#[tauri::command(async)]
pub fn set_notice_switch(
    state: State<'_, AppState>,
    kind: String,
    on: bool,
) -> Result<Vec<NoticeSwitch>, ApiError> {
    Ok(state.desk()?.set_notice_switch(&kind, on)?)
}
