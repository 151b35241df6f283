//! Commands for publishing: targets, queueing pages, the queue, conflicts, votes.

use tauri::State;
use verdict_core::desk::{ConflictView, NewsletterPreview, PublishPlan, Selection, VotesReport};
use verdict_core::publish::{PublishingView, TargetConfig};
use verdict_core::ApiError;

use crate::state::AppState;

/// The publishing targets, the outbox (jobs still waiting, failed or in conflict) and what each
/// target holds.
#[tauri::command(async)]
pub fn publishing_view(state: State<'_, AppState>) -> Result<PublishingView, ApiError> {
    Ok(state.desk()?.publishing_view()?)
}

/// Adds a target as `profile` (a publisher). The secret (an API token or a WordPress
/// application password) goes to the system keyring and nowhere else; null for a folder.
/// Refused with code "invalid" (field "name", "url", "user" or "secret"), or "keyring"
/// when no keyring runs (the message explains what to do instead); nothing is added then.
#[tauri::command(async)]
pub fn add_target(
    state: State<'_, AppState>,
    profile: String,
    target: TargetConfig,
    secret: Option<String>,
) -> Result<(), ApiError> {
    let secrets = state.secrets();
    Ok(state
        .desk()?
        .add_target(&profile, &target, secret.as_deref(), secrets.as_ref())?)
}

/// Removes a target with its queue, its records and its secret, as `profile` (a publisher).
#[tauri::command(async)]
pub fn remove_target(
    state: State<'_, AppState>,
    profile: String,
    name: String,
) -> Result<(), ApiError> {
    let secrets = state.secrets();
    Ok(state
        .desk()?
        .remove_target(&profile, &name, secrets.as_ref())?)
}

/// Checks a target's address and credentials; resolves to what answered.
#[tauri::command]
pub async fn test_target(state: State<'_, AppState>, name: String) -> Result<String, ApiError> {
    let config = state.desk()?.target(&name)?;
    let secrets = state.secrets();
    Ok(verdict_core::desk::test_target(&config, secrets.as_ref()).await?)
}

/// Queues pages for `target` (every target when `None`) as `profile` (a publisher) and wakes
/// the worker; an empty `slugs` means every published page. Only pages a target does not
/// hold as they are now are sent. Approved or scheduled pages named are published first;
/// drafts are refused (code "invalid", field "pages[i]").
#[tauri::command(async)]
pub fn publish_pages(
    state: State<'_, AppState>,
    profile: String,
    target: Option<String>,
    slugs: Vec<String>,
) -> Result<PublishPlan, ApiError> {
    let selection = if slugs.is_empty() {
        Selection::AllPublished
    } else {
        Selection::Pages(slugs)
    };
    let plan = state
        .desk()?
        .queue_publish(&profile, target.as_deref(), &selection)?;
    state.wake_publisher();
    Ok(plan)
}

/// Unpublishes pages and queues their removal from every target that holds them.
#[tauri::command(async)]
pub fn unpublish_pages(
    state: State<'_, AppState>,
    profile: String,
    slugs: Vec<String>,
) -> Result<PublishPlan, ApiError> {
    let plan = state.desk()?.queue_unpublish(&profile, &slugs)?;
    state.wake_publisher();
    Ok(plan)
}

/// Puts a failed job back in the queue, from its first attempt.
#[tauri::command(async)]
pub fn retry_job(state: State<'_, AppState>, profile: String, id: i64) -> Result<(), ApiError> {
    state.desk()?.retry_job(&profile, id)?;
    state.wake_publisher();
    Ok(())
}

/// The target's copy of a page in conflict against ours, field by field.
#[tauri::command(async)]
pub fn get_conflict(state: State<'_, AppState>, id: i64) -> Result<ConflictView, ApiError> {
    Ok(state.desk()?.conflict(id)?)
}

/// Decides a conflict: `overwrite` sends ours over the target's copy; otherwise theirs is kept.
#[tauri::command(async)]
pub fn resolve_conflict(
    state: State<'_, AppState>,
    profile: String,
    id: i64,
    overwrite: bool,
) -> Result<(), ApiError> {
    state.desk()?.resolve_conflict(&profile, id, overwrite)?;
    state.wake_publisher();
    Ok(())
}

/// Fetches readers' votes from a target (page API targets) and saves them as the community numbers.
#[tauri::command]
pub async fn pull_votes(
    state: State<'_, AppState>,
    target: String,
) -> Result<VotesReport, ApiError> {
    let secrets = state.secrets();
    Ok(verdict_core::desk::pull_votes(state.desk()?, &target, secrets.as_ref()).await?)
}

/// The newsletter of the comparisons published since `since` (a day, `2026-11-25`), for the
/// Publishing screen's preview.
#[tauri::command(async)]
pub fn newsletter_preview(
    state: State<'_, AppState>,
    since: String,
) -> Result<NewsletterPreview, ApiError> {
    let since = parse_since(&since)?;
    Ok(state.desk()?.newsletter_preview(since)?)
}

/// Writes newsletter.html and newsletter.txt of the comparisons published since `since` into
/// `folder`; returns the two files.
#[tauri::command(async)]
pub fn export_newsletter(
    state: State<'_, AppState>,
    since: String,
    folder: String,
) -> Result<Vec<String>, ApiError> {
    let since = parse_since(&since)?;
    let (_, files) =
        state
            .desk()?
            .write_newsletter(since, chrono::Utc::now(), std::path::Path::new(&folder))?;
    Ok(files.iter().map(|f| f.display().to_string()).collect())
}

/// A saved comparison's share card, as a `data:image/png;base64,…` address for an `<img>`.
#[tauri::command(async)]
pub fn share_card(state: State<'_, AppState>, slug: String) -> Result<String, ApiError> {
    use base64::Engine;
    let png = state.desk()?.share_card_png(&slug)?;
    Ok(format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png)
    ))
}

fn parse_since(since: &str) -> Result<chrono::DateTime<chrono::Utc>, ApiError> {
    verdict_core::newsletter::parse_date(since.trim())
        .map_err(|e| ApiError::at(verdict_core::ErrorCode::Invalid, "since", e))
}
