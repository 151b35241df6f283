//! Commands for settings: profiles and roles, and the site settings.

use tauri::State;
use verdict_core::model::SiteSettings;
use verdict_core::workflow::Profile;
use verdict_core::ApiError;

use crate::state::AppState;

#[tauri::command(async)]
pub fn list_profiles(state: State<'_, AppState>) -> Result<Vec<Profile>, ApiError> {
    Ok(state.desk()?.profiles()?)
}

/// Adds or changes a local profile (anyone at the desk may).
#[tauri::command(async)]
pub fn save_profile(state: State<'_, AppState>, profile: Profile) -> Result<Profile, ApiError> {
    Ok(state.desk()?.save_profile(&profile)?)
}

#[tauri::command(async)]
pub fn get_site(state: State<'_, AppState>) -> Result<SiteSettings, ApiError> {
    Ok(state.desk()?.site()?)
}

/// Saves the site settings as `profile`, an editor or a publisher.
#[tauri::command(async)]
pub fn save_site(
    state: State<'_, AppState>,
    profile: String,
    site: SiteSettings,
) -> Result<SiteSettings, ApiError> {
    Ok(state.desk()?.save_site(&profile, &site)?)
}
