//! Commands for reviewers and verdicts: personas, the coverage matrix, writing a verdict,
//! and the verdict workflow.

use tauri::State;
use verdict_core::desk::{Coverage, VerdictDraft};
use verdict_core::model::{Reviewer, Verdict};
use verdict_core::workflow::VerdictAction;
use verdict_core::ApiError;

use crate::state::AppState;

#[tauri::command(async)]
pub fn get_reviewer(state: State<'_, AppState>, slug: String) -> Result<Reviewer, ApiError> {
    Ok(state.desk()?.reviewer(&slug)?)
}

/// Saves a change to an existing reviewer (persona, bio, rubric) as `profile`, an editor.
#[tauri::command(async)]
pub fn save_reviewer(
    state: State<'_, AppState>,
    profile: String,
    reviewer: Reviewer,
) -> Result<Reviewer, ApiError> {
    Ok(state.desk()?.save_reviewer(&profile, &reviewer)?)
}

/// Adds a new reviewer as `profile` (an editor); a slug in use is refused.
#[tauri::command(async)]
pub fn create_reviewer(
    state: State<'_, AppState>,
    profile: String,
    reviewer: Reviewer,
) -> Result<Reviewer, ApiError> {
    Ok(state.desk()?.create_reviewer(&profile, &reviewer)?)
}

/// Every reviewer × every tool: the verdict written, and whether a page needs it.
#[tauri::command(async)]
pub fn coverage(state: State<'_, AppState>) -> Result<Coverage, ApiError> {
    Ok(state.desk()?.coverage()?)
}

/// The verdict of `reviewer` on `tool`, or null when none was written yet.
#[tauri::command(async)]
pub fn get_verdict(
    state: State<'_, AppState>,
    reviewer: String,
    tool: String,
) -> Result<Option<Verdict>, ApiError> {
    Ok(state.desk()?.verdict(&reviewer, &tool)?)
}

/// Writes a verdict as `profile`, who must be that verdict's reviewer. New
/// verdicts start as drafts; submitted and accepted ones are locked
/// ("wrong_state") until an editor returns them.
#[tauri::command(async)]
pub fn save_verdict(
    state: State<'_, AppState>,
    profile: String,
    verdict: VerdictDraft,
) -> Result<Verdict, ApiError> {
    Ok(state.desk()?.save_verdict(&profile, &verdict)?)
}

/// Submit (the reviewer), accept or return with a comment (an editor).
#[tauri::command(async)]
pub fn verdict_action(
    state: State<'_, AppState>,
    profile: String,
    reviewer: String,
    tool: String,
    action: VerdictAction,
) -> Result<Verdict, ApiError> {
    Ok(state
        .desk()?
        .verdict_action(&profile, &reviewer, &tool, &action)?)
}
