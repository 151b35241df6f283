//! Commands for tool entries: reading, saving, and the live preview of the tool's page.

use tauri::State;
use verdict_core::desk::ToolPreview;
use verdict_core::model::Tool;
use verdict_core::ApiError;

use crate::state::AppState;

#[tauri::command(async)]
pub fn get_tool(state: State<'_, AppState>, slug: String) -> Result<Tool, ApiError> {
    Ok(state.desk()?.tool(&slug)?)
}

/// Saves a change to an existing tool as `profile`, who must be an editor.
#[tauri::command(async)]
pub fn save_tool(
    state: State<'_, AppState>,
    profile: String,
    tool: Tool,
) -> Result<Tool, ApiError> {
    Ok(state.desk()?.save_tool(&profile, &tool)?)
}

/// Adds a new tool as `profile` (an editor). A slug already in use is refused
/// (code "invalid", field "slug"), so a new entry never overwrites another.
#[tauri::command(async)]
pub fn create_tool(
    state: State<'_, AppState>,
    profile: String,
    tool: Tool,
) -> Result<Tool, ApiError> {
    Ok(state.desk()?.create_tool(&profile, &tool)?)
}

/// The tool's page rendered from unsaved form values, the field problems of
/// those values, and the comparison pages that show the tool (published ones
/// go stale when the tool changes). Saves nothing.
#[tauri::command(async)]
pub fn preview_tool(state: State<'_, AppState>, draft: Tool) -> Result<ToolPreview, ApiError> {
    Ok(state.desk()?.preview_tool(&draft)?)
}
