//! Commands for comparison pages: reading, saving, the live preview, and workflow steps.

use tauri::State;
use verdict_core::desk::DraftPreview;
use verdict_core::model::Comparison;
use verdict_core::workflow::{ActionAvailability, PageAction};
use verdict_core::ApiError;

use crate::state::AppState;

/// The finished page rendered from unsaved form values (same renderer as
/// publishing), plus the checks before publishing. Saves nothing.
#[tauri::command(async)]
pub fn preview_draft(
    state: State<'_, AppState>,
    draft: Comparison,
) -> Result<DraftPreview, ApiError> {
    Ok(state.desk()?.preview_draft(&draft)?)
}

/// The stored comparison, as the editor's form edits it.
#[tauri::command(async)]
pub fn get_comparison(state: State<'_, AppState>, slug: String) -> Result<Comparison, ApiError> {
    Ok(state.desk()?.comparison(&slug)?)
}

/// Saves the editor's form values as `profile` (an editor) and returns the comparison as stored.
/// The core keeps the workflow fields (status, scheduled_for, published_at) as they were. An
/// invalid form is refused with code "invalid" and `field` set to the first invalid field; the
/// message lists every problem ("title: …; tools: …").
#[tauri::command(async)]
pub fn save_comparison(
    state: State<'_, AppState>,
    profile: String,
    comparison: Comparison,
) -> Result<Comparison, ApiError> {
    Ok(state.desk()?.save_comparison(&profile, &comparison)?)
}

/// Adds a new comparison as a draft, as `profile` (an editor). A slug in use,
/// or a second page for the same pair of tools, is refused.
#[tauri::command(async)]
pub fn create_comparison(
    state: State<'_, AppState>,
    profile: String,
    comparison: Comparison,
) -> Result<Comparison, ApiError> {
    Ok(state.desk()?.create_comparison(&profile, &comparison)?)
}

/// Moves a comparison through its workflow as `profile` (a profile slug). The
/// core refuses what the profile's roles do not allow (code "forbidden") and
/// steps that do not apply to the page's state (code "wrong_state").
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

/// Every workflow step of the saved page for `profile`: whether it applies, is allowed, and why
/// not.
#[tauri::command(async)]
pub fn allowed_actions(
    state: State<'_, AppState>,
    profile: String,
    slug: String,
) -> Result<Vec<ActionAvailability>, ApiError> {
    Ok(state.desk()?.allowed_actions(&profile, &slug)?)
}
