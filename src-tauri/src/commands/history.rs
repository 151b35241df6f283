//! Commands for revision history: readable diffs and restore.

use tauri::State;
use verdict_core::desk::RevisionView;
use verdict_core::model::EntityKind;
use verdict_core::ApiError;

use crate::state::AppState;

#[tauri::command(async)]
pub fn history(
    state: State<'_, AppState>,
    entity: EntityKind,
    key: String,
) -> Result<Vec<RevisionView>, ApiError> {
    Ok(state.desk()?.history_view(entity, &key)?)
}

#[tauri::command(async)]
pub fn restore_revision(
    state: State<'_, AppState>,
    profile: String,
    entity: EntityKind,
    key: String,
    number: u32,
) -> Result<(), ApiError> {
    Ok(state
        .desk()?
        .restore_revision(&profile, entity, &key, number)?)
}
