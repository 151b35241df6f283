//! Commands for the window's life: the UI saved what was pending and the window may close.

use verdict_core::{ApiError, ErrorCode};

/// Closes the window once the UI has saved everything (see `lib.rs`: a close request is
/// held until this is called, or until a timeout passes).
#[tauri::command]
pub fn close_when_saved<R: tauri::Runtime>(
    window: tauri::WebviewWindow<R>,
) -> Result<(), ApiError> {
    window.destroy().map_err(|e| {
        ApiError::new(
            ErrorCode::Window,
            format!("the window could not close: {e}"),
        )
    })
}
