//! Commands for receipts: what each target was last found to serve for each page it holds,
//! and reading the pages back now (read-only: nothing is written to a target).

use tauri::State;
use verdict_core::desk::{MarkedUnpublished, PublishPlan};
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

/// A page missing on `target` (deleted there, by its receipt): published there again,
/// created anew, as `profile` (a publisher); the queue runs at once.
#[tauri::command(async)]
pub fn republish_missing(
    state: State<'_, AppState>,
    profile: String,
    target: String,
    slug: String,
) -> Result<PublishPlan, ApiError> {
    let plan = state.desk()?.republish_missing(&profile, &target, &slug)?;
    state.wake_publisher();
    Ok(plan)
}

/// A page missing on `target`: the desk takes note it is no longer published there (nothing
/// is written to any target); with no target holding it, it goes back to Approved.
#[tauri::command(async)]
pub fn mark_unpublished(
    state: State<'_, AppState>,
    profile: String,
    target: String,
    slug: String,
) -> Result<MarkedUnpublished, ApiError> {
    Ok(state.desk()?.mark_unpublished(&profile, &target, &slug)?)
}
