//! Commands for revision history: readable diffs and restore.

use tauri::State;
use verdict_core::desk::RevisionView;
use verdict_core::model::EntityKind;
use verdict_core::ApiError;

use crate::state::AppState;

/// Revisions of one entity, newest first, each with its field-level changes.
#[tauri::command(async)]
pub fn history(
    state: State<'_, AppState>,
    entity: EntityKind,
    key: String,
) -> Result<Vec<RevisionView>, ApiError> {
    Ok(state.desk()?.history_view(entity, &key)?)
}

/// Saves revision `number` again as the current version (a new revision on
/// top; nothing is lost), with the same role checks as an edit. For a verdict
/// the key is "reviewer/tool"; for the site settings it is "site".
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
