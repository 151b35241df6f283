//! Commands for the desk as a whole: the overview the first screens show, search, and where
//! the data lives.

use tauri::State;
use verdict_core::desk::{DeskInfo, DeskRows, MyWork, Overview};
use verdict_core::store::Change;
use verdict_core::{ApiError, SearchHit};

use crate::state::AppState;

/// Everything the desk's home screens show.
#[tauri::command(async)]
pub fn desk_overview(state: State<'_, AppState>) -> Result<Overview, ApiError> {
    Ok(state.desk()?.overview()?)
}

/// The list's first screenful: the first `limit` pages in the list's order, the tools they
/// show, every reviewer and the desk's page count (`partial` is set). Read at start before
/// the whole overview, which takes a good part of a second on a desk of 10,000 pages.
#[tauri::command(async)]
pub fn desk_overview_first(state: State<'_, AppState>, limit: u32) -> Result<Overview, ApiError> {
    Ok(state.desk()?.overview_first(limit as usize)?)
}

/// The rows of the lists that `changes` touch (a page's summary, a tool's and the pages
/// that list it, …), as they are now: what the UI reads after a `deskChanged` event instead
/// of the whole overview.
#[tauri::command(async)]
pub fn desk_rows(state: State<'_, AppState>, changes: Vec<Change>) -> Result<DeskRows, ApiError> {
    Ok(state.desk()?.rows(&changes)?)
}

/// Full-text search across pages, tools, reviewers and verdicts.
#[tauri::command(async)]
pub fn search(state: State<'_, AppState>, query: String) -> Result<Vec<SearchHit>, ApiError> {
    Ok(state.desk()?.search(&query)?)
}

/// Where the data lives, the schema version and the installed themes.
#[tauri::command(async)]
pub fn desk_info(state: State<'_, AppState>) -> Result<DeskInfo, ApiError> {
    Ok(state.desk()?.info()?)
}

/// What waits for `profile` by its roles (verdicts to write or accept, pages to finish,
/// approve or republish, failed jobs, conflicts), each with the place that does it.
#[tauri::command(async)]
pub fn my_work(state: State<'_, AppState>, profile: String) -> Result<MyWork, ApiError> {
    Ok(state.desk()?.my_work(&profile)?)
}
