//! Commands for comparison pages: reading, saving, the live preview, and workflow steps.

use tauri::State;
use verdict_core::desk::DraftPreview;
use verdict_core::model::Comparison;
use verdict_core::workflow::{ActionAvailability, PageAction};
use verdict_core::ApiError;

use crate::state::AppState;

#[tauri::command(async)]
pub fn preview_draft(
    state: State<'_, AppState>,
    draft: Comparison,
) -> Result<DraftPreview, ApiError> {
    Ok(state.desk()?.preview_draft(&draft)?)
}

#[tauri::command(async)]
pub fn get_comparison(state: State<'_, AppState>, slug: String) -> Result<Comparison, ApiError> {
    Ok(state.desk()?.comparison(&slug)?)
}

#[tauri::command(async)]
pub fn save_comparison(
    state: State<'_, AppState>,
    profile: String,
    comparison: Comparison,
) -> Result<Comparison, ApiError> {
    Ok(state.desk()?.save_comparison(&profile, &comparison)?)
}

#[tauri::command(async)]
pub fn create_comparison(
    state: State<'_, AppState>,
    profile: String,
    comparison: Comparison,
) -> Result<Comparison, ApiError> {
    Ok(state.desk()?.create_comparison(&profile, &comparison)?)
}

#[tauri::command(async)]
pub fn page_action(
    state: State<'_, AppState>,
    profile: String,
    slug: String,
    action: PageAction,
) -> Result<Comparison, ApiError> {
    let page = state.desk()?.page_action(&profile, &slug, action)?;
    // Publishing queued the page for the targets (unpublishing, its removal): send it now.
    if matches!(action, PageAction::Publish | PageAction::Unpublish) {
        state.wake_publisher();
    }
    Ok(page)
}

#[tauri::command(async)]
pub fn allowed_actions(
    state: State<'_, AppState>,
    profile: String,
    slug: String,
) -> Result<Vec<ActionAvailability>, ApiError> {
    Ok(state.desk()?.allowed_actions(&profile, &slug)?)
}
