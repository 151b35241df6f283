//! Commands for a desk whose database cannot be opened: offer the latest good backup, and
//! restore it (the damaged file is kept aside) before starting again.

use tauri::{AppHandle, Runtime, State};
use verdict_core::backup::BackupInfo;
use verdict_core::{ApiError, ErrorCode};

use crate::state::AppState;

/// The newest backup that passes every check, when the desk could not be opened because its
/// database is damaged or unreadable; `None` when the desk is open or no backup is good.
#[tauri::command(async)]
pub fn recovery_offer(state: State<'_, AppState>) -> Result<Option<BackupInfo>, ApiError> {
    match state.desk() {
        Ok(_) => Ok(None),
        Err(e)
            if matches!(
                e.code,
                ErrorCode::DamagedDatabase | ErrorCode::NotADeskDatabase | ErrorCode::Database
            ) =>
        {
            Ok(verdict_core::backup::latest_good_backup(state.data_dir()))
        }
        Err(_) => Ok(None),
    }
}

/// Restores `path` (one of the data folder's backups) over a database that cannot be opened,
/// keeping that database beside it, and restarts the app on the restored one.
#[tauri::command(async)]
pub fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    path: String,
) -> Result<(), ApiError> {
    if state.desk().is_ok() {
        return Err(ApiError::new(
            ErrorCode::WrongState,
            "the desk's database opened fine; restore a backup from the command line instead (verdict restore FILE)",
        ));
    }
    let offered = verdict_core::backup::list_backups(state.data_dir())
        .map_err(|e| ApiError::new(ErrorCode::Io, e.to_string()))?;
    let file = std::path::PathBuf::from(&path);
    if !offered.contains(&file) {
        return Err(ApiError::new(
            ErrorCode::Invalid,
            "only a backup from the data folder's backups can be restored here",
        ));
    }
    let kept = verdict_core::backup::restore(state.data_dir(), &file)
        .map_err(|e| ApiError::new(ErrorCode::Restore, e.to_string()))?;
    tracing::warn!(restored = %path, kept = ?kept, "database restored from a backup; restarting");
    app.restart()
}
