//! Commands for the desk as a whole: the overview the first screens show, search, and where
//! the data lives.

use tauri::State;
use verdict_core::desk::{DeskInfo, MyWork, Overview};
use verdict_core::{ApiError, SearchHit};

use crate::state::AppState;

#[tauri::command(async)]
pub fn desk_overview(state: State<'_, AppState>) -> Result<Overview, ApiError> {
    Ok(state.desk()?.overview()?)
}

#[tauri::command(async)]
pub fn search(state: State<'_, AppState>, query: String) -> Result<Vec<SearchHit>, ApiError> {
    Ok(state.desk()?.search(&query)?)
}

#[tauri::command(async)]
pub fn desk_info(state: State<'_, AppState>) -> Result<DeskInfo, ApiError> {
    Ok(state.desk()?.info()?)
}

#[tauri::command(async)]
pub fn my_work(state: State<'_, AppState>, profile: String) -> Result<MyWork, ApiError> {
    Ok(state.desk()?.my_work(&profile)?)
}
