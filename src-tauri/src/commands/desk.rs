//! Commands for the desk as a whole: the overview the first screens show, and search.

use tauri::State;
use verdict_core::desk::{DraftPreview, Overview};
use verdict_core::model::Comparison;
use verdict_core::{ApiError, SearchHit};

use crate::state::AppState;

#[tauri::command]
pub fn desk_overview(state: State<'_, AppState>) -> Result<Overview, ApiError> {
    Ok(state.desk()?.overview()?)
}

#[tauri::command]
pub fn search(state: State<'_, AppState>, query: String) -> Result<Vec<SearchHit>, ApiError> {
    Ok(state.desk()?.search(&query)?)
}

#[tauri::command]
pub fn preview_comparison(state: State<'_, AppState>, slug: String) -> Result<String, ApiError> {
    Ok(state.desk()?.preview_comparison(&slug)?)
}

#[tauri::command]
pub fn preview_draft(
    state: State<'_, AppState>,
    draft: Comparison,
) -> Result<DraftPreview, ApiError> {
    Ok(state.desk()?.preview_draft(&draft)?)
}

#[tauri::command]
pub fn get_comparison(state: State<'_, AppState>, slug: String) -> Result<Comparison, ApiError> {
    Ok(state.desk()?.comparison(&slug)?)
}

#[tauri::command]
pub fn save_comparison(
    state: State<'_, AppState>,
    comparison: Comparison,
) -> Result<Comparison, ApiError> {
    Ok(state.desk()?.save_comparison(&comparison)?)
}
