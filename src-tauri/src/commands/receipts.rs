//! Commands for receipts: what each target was last found to serve for each page it holds,
//! and reading the pages back now (read-only: nothing is written to a target).

use tauri::State;
use verdict_core::publish::verify::{Due, VerifyOptions, VerifyReport};
use verdict_core::store::receipts::Receipt;
use verdict_core::ApiError;

use crate::state::AppState;

/// The last receipt of every page the targets hold (`target`: one target's), for the
/// Publishing screen ("Live and verified on site, 2 min ago" / "Differs on wp: …").
#[tauri::command(async)]
pub fn receipts(
    state: State<'_, AppState>,
    target: Option<String>,
) -> Result<Vec<Receipt>, ApiError> {
    Ok(state.desk()?.receipts(target.as_deref())?)
}

/// Reads every page the targets hold (`target`: one target's) back now, as stored and at its
/// public address, and records a receipt for each; resolves to what was found.
#[tauri::command]
pub async fn verify_pages(
    state: State<'_, AppState>,
    target: Option<String>,
) -> Result<VerifyReport, ApiError> {
    let options = VerifyOptions {
        target,
        due: Due::All,
        ..VerifyOptions::default()
    };
    Ok(state
        .desk()?
        .verify_published(state.secrets(), options)
        .await?)
}
