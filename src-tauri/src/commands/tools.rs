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

#[tauri::command(async)]
pub fn save_tool(
    state: State<'_, AppState>,
    profile: String,
    tool: Tool,
) -> Result<Tool, ApiError> {
    Ok(state.desk()?.save_tool(&profile, &tool)?)
}

#[tauri::command(async)]
pub fn create_tool(
    state: State<'_, AppState>,
    profile: String,
    tool: Tool,
) -> Result<Tool, ApiError> {
    Ok(state.desk()?.create_tool(&profile, &tool)?)
}

#[tauri::command(async)]
pub fn preview_tool(state: State<'_, AppState>, draft: Tool) -> Result<ToolPreview, ApiError> {
    Ok(state.desk()?.preview_tool(&draft)?)
}
