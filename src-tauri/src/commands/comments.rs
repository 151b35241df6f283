//! Commands for comments on the words: threads on a page or an entity, adding, replying,
//! resolving, and the open count per page.

use tauri::State;
use verdict_core::comments::{CommentThread, NewComment, PageCommentCount};
use verdict_core::model::EntityKind;
use verdict_core::ApiError;

use crate::state::AppState;

/// The threads a page's editor shows: on the page's fields, its tools' and their verdicts'.
#[tauri::command(async)]
pub fn page_comments(
    state: State<'_, AppState>,
    slug: String,
) -> Result<Vec<CommentThread>, ApiError> {
    Ok(state.desk()?.page_comments(&slug)?)
}

/// The threads on one entity's fields (a tool's, a reviewer's; a verdict's key is
/// "reviewer/tool").
#[tauri::command(async)]
pub fn entity_comments(
    state: State<'_, AppState>,
    kind: EntityKind,
    key: String,
) -> Result<Vec<CommentThread>, ApiError> {
    Ok(state.desk()?.entity_comments(kind, &key)?)
}

/// Opens a thread on the selected words (UTF-16 offsets of the saved text) as `profile`.
#[tauri::command(async)]
pub fn add_comment(
    state: State<'_, AppState>,
    profile: String,
    comment: NewComment,
) -> Result<CommentThread, ApiError> {
    Ok(state.desk()?.add_comment(&profile, &comment)?)
}

/// Replies to a thread as `profile`.
#[tauri::command(async)]
pub fn reply_comment(
    state: State<'_, AppState>,
    profile: String,
    thread: String,
    body: String,
) -> Result<CommentThread, ApiError> {
    Ok(state.desk()?.reply_comment(&profile, &thread, &body)?)
}

/// Resolves a thread (or reopens it, with `resolved` false) as `profile`.
#[tauri::command(async)]
pub fn resolve_comment(
    state: State<'_, AppState>,
    profile: String,
    thread: String,
    resolved: bool,
) -> Result<CommentThread, ApiError> {
    Ok(state.desk()?.resolve_comment(&profile, &thread, resolved)?)
}

/// Open threads per page (pages with none are left out).
#[tauri::command(async)]
pub fn comment_counts(state: State<'_, AppState>) -> Result<Vec<PageCommentCount>, ApiError> {
    Ok(state.desk()?.comment_counts()?)
}
