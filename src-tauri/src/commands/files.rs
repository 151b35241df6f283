//! Commands for files: the native open/save dialogs, and importing or exporting a bundle.

use std::path::PathBuf;

use serde::Deserialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use verdict_core::desk::ImportPlan;
use verdict_core::{ApiError, ErrorCode, ImportReport};

use crate::state::AppState;

/// What the file is chosen for: the dialog's title and whether it opens or saves.
#[derive(Debug, Clone, Copy, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum FilePurpose {
    Import,
    Export,
}

/// Shows the system's file dialog for a bundle; `None` when the person cancelled.
#[tauri::command(async)]
pub fn choose_bundle_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    purpose: FilePurpose,
) -> Result<Option<String>, ApiError> {
    // A bundle is a zip when the content shows images (its files travel with it).
    let extension = match purpose {
        FilePurpose::Import => "json",
        FilePurpose::Export => state.desk()?.bundle_extension()?,
    };
    let dialog = app
        .dialog()
        .file()
        .add_filter("Verdict Desk bundle (JSON or zip)", &["json", "zip"]);
    let chosen = match purpose {
        FilePurpose::Import => dialog.set_title("Import a bundle").blocking_pick_file(),
        FilePurpose::Export => dialog
            .set_title("Export the content as a bundle")
            .set_file_name(format!("verdict-desk-bundle.{extension}"))
            .blocking_save_file(),
    };
    chosen
        .map(|p| {
            p.into_path()
                .map(|p: PathBuf| p.display().to_string())
                .map_err(|e| {
                    ApiError::new(
                        ErrorCode::Io,
                        format!("the chosen file cannot be used: {e}"),
                    )
                })
        })
        .transpose()
}

/// Shows the system's folder chooser, for a folder publishing target; `None` when cancelled.
#[tauri::command(async)]
pub fn choose_folder<R: Runtime>(app: AppHandle<R>) -> Result<Option<String>, ApiError> {
    app.dialog()
        .file()
        .set_title("Choose the folder to publish the site into")
        .blocking_pick_folder()
        .map(|p| {
            p.into_path()
                .map(|p: PathBuf| p.display().to_string())
                .map_err(|e| {
                    ApiError::new(
                        ErrorCode::Io,
                        format!("the chosen folder cannot be used: {e}"),
                    )
                })
        })
        .transpose()
}

/// What importing the bundle would add, replace (with the field diff) and leave alone; the
/// app asks before an import that replaces anything. Changes nothing. A bundle with problems
/// is refused here too, every problem listed.
#[tauri::command(async)]
pub fn import_plan(state: State<'_, AppState>, path: String) -> Result<ImportPlan, ApiError> {
    Ok(state.desk()?.import_plan_file(path.as_ref())?)
}

/// Imports a bundle: all of it or (with every problem listed) nothing. Unless `replace` (the person
/// saw the plan and said so), an import that would replace anything that differs on the desk is
/// refused by the core and changes nothing, so a desk changed between the plan and the import is
/// never overwritten unasked.
#[tauri::command(async)]
pub fn import_bundle(
    state: State<'_, AppState>,
    path: String,
    replace: Option<bool>,
) -> Result<ImportReport, ApiError> {
    Ok(state
        .desk()?
        .import_file_checked(path.as_ref(), replace.unwrap_or(false))?)
}

/// Writes all content as a bundle to `path` (atomically) and answers the path written: a zip
/// (`.json` becomes `.zip`) when the content shows images.
#[tauri::command(async)]
pub fn export_bundle(state: State<'_, AppState>, path: String) -> Result<String, ApiError> {
    // The path written: `.json` becomes `.zip` when the bundle carries images.
    Ok(state
        .desk()?
        .export_to(path.as_ref())?
        .display()
        .to_string())
}
