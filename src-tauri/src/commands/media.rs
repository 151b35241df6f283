//! Commands for the desk's images: the file dialog, adding (a picked file, or the bytes of a
//! drop or paste), the Media screen's list, alt text and credit, replacing and removing.

use std::path::PathBuf;

use base64::Engine;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use verdict_core::media::catalog::MediaEntry;
use verdict_core::media::replace::Replaced;
use verdict_core::media::{Added, MediaItem, MediaText};
use verdict_core::{ApiError, ErrorCode};

use crate::state::AppState;

/// The system's file dialog for an image; `None` when the person cancelled.
#[tauri::command(async)]
pub fn choose_image_file<R: Runtime>(app: AppHandle<R>) -> Result<Option<String>, ApiError> {
    app.dialog()
        .file()
        .set_title("Choose an image")
        .add_filter("Images", &["jpg", "jpeg", "png", "gif", "webp", "svg"])
        .blocking_pick_file()
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

fn text(alt: Option<String>, credit: Option<String>, decorative: Option<bool>) -> MediaText {
    MediaText {
        alt,
        credit,
        decorative,
    }
}

/// Adds the image file at `path` as `profile`; a refusal names the file and the reason.
#[tauri::command(async)]
pub fn add_media_file(
    state: State<'_, AppState>,
    profile: String,
    path: String,
    alt: Option<String>,
    credit: Option<String>,
    decorative: Option<bool>,
) -> Result<Added, ApiError> {
    Ok(state
        .desk()?
        .add_media_file(&profile, path.as_ref(), &text(alt, credit, decorative))?)
}

/// Adds an image from its bytes (base64: a dropped or pasted file), named `name`.
#[tauri::command(async)]
pub fn add_media(
    state: State<'_, AppState>,
    profile: String,
    name: String,
    data: String,
    alt: Option<String>,
    credit: Option<String>,
    decorative: Option<bool>,
) -> Result<Added, ApiError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.as_bytes())
        .map_err(|e| ApiError::at(ErrorCode::Invalid, "data", format!("{name}: {e}")))?;
    Ok(state
        .desk()?
        .add_media(&profile, &name, &bytes, &text(alt, credit, decorative))?)
}

/// Every image on the desk, newest first, each with the places that show it.
#[tauri::command(async)]
pub fn media_catalog(state: State<'_, AppState>) -> Result<Vec<MediaEntry>, ApiError> {
    Ok(state.desk()?.media_catalog()?)
}

/// One image (its hash or first 8+ digits) with the places that show it.
#[tauri::command(async)]
pub fn media_entry(state: State<'_, AppState>, hash: String) -> Result<MediaEntry, ApiError> {
    Ok(state.desk()?.media_entry(&hash)?)
}

/// The image's smallest variant as a `data:` address for an `<img>`.
#[tauri::command(async)]
pub fn media_thumbnail(state: State<'_, AppState>, hash: String) -> Result<String, ApiError> {
    let (mime, bytes) = state.desk()?.media_thumbnail(&hash)?;
    Ok(format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// Changes alt text, credit or the decorative mark as `profile` (an editor); problems name their
/// field.
#[tauri::command(async)]
pub fn set_media_text(
    state: State<'_, AppState>,
    profile: String,
    hash: String,
    alt: Option<String>,
    credit: Option<String>,
    decorative: Option<bool>,
) -> Result<MediaItem, ApiError> {
    Ok(state
        .desk()?
        .set_media_text(&profile, &hash, &text(alt, credit, decorative))?)
}

/// Removes an image; refused (code `wrong_state`) while anything shows it.
#[tauri::command(async)]
pub fn remove_media(
    state: State<'_, AppState>,
    profile: String,
    hash: String,
) -> Result<MediaItem, ApiError> {
    Ok(state.desk()?.remove_media(&profile, &hash)?)
}

/// Makes everything that shows the image `from` show `to` instead.
#[tauri::command(async)]
pub fn replace_media(
    state: State<'_, AppState>,
    profile: String,
    from: String,
    to: String,
) -> Result<Replaced, ApiError> {
    Ok(state.desk()?.replace_media(&profile, &from, &to)?)
}
