//! Commands for the team desk: join and leave, the sync status, syncing now, conflicts,
//! and an admin's members. The live sync itself runs in `crate::team`.

use serde::Deserialize;
use tauri::State;
use verdict_core::team::{
    AddedMember, ConflictField, JoinReport, LiveStatus, Member, NewMember, Presence, PresencePlace,
    Resolution, SignInReport,
};
use verdict_core::ApiError;

use crate::state::AppState;

/// Where the desk stands with its team (off, synced, waiting, syncing, offline).
#[tauri::command(async)]
pub fn team_status(state: State<'_, AppState>) -> Result<LiveStatus, ApiError> {
    Ok(state.desk()?.live_status(&state.live())?)
}

/// Joins the team at `server` as `user`: the login is tried before anything is saved, and a
/// failure names its cause. With `seed`, this desk's content starts an empty team.
#[tauri::command]
pub async fn team_join(
    state: State<'_, AppState>,
    server: String,
    user: String,
    password: String,
    seed: bool,
) -> Result<JoinReport, ApiError> {
    let secrets = state.secrets();
    let report = state
        .desk()?
        .team_join(
            server.trim(),
            user.trim(),
            &password,
            seed,
            secrets.as_ref(),
        )
        .await?;
    state.live().sync_now();
    Ok(report)
}

/// Signs the member in again (a password changed or mistyped, or none kept since the app
/// started): tried on the server first; then the live sync runs at once.
#[tauri::command]
pub async fn team_sign_in(
    state: State<'_, AppState>,
    password: String,
) -> Result<SignInReport, ApiError> {
    let secrets = state.secrets();
    let report = state
        .desk()?
        .team_sign_in(secrets.as_ref(), &password)
        .await?;
    state.live().sync_now();
    Ok(report)
}

/// Leaves the team; refused while changes wait for the server unless `discard`.
#[tauri::command(async)]
pub fn team_leave(state: State<'_, AppState>, discard: bool) -> Result<(), ApiError> {
    let secrets = state.secrets();
    state.desk()?.team_leave(discard, secrets.as_ref())?;
    state.live().sync_now();
    Ok(())
}

/// Asks the live sync to run now; its progress arrives as `team-status` events.
#[tauri::command(async)]
pub fn team_sync_now(state: State<'_, AppState>) -> Result<(), ApiError> {
    state.desk()?;
    state.live().sync_now();
    Ok(())
}

/// Tells the team where this desk is: the page or form open, the field in focus and whether
/// the member is typing in it (`null`: nothing open). A hint for the others, never a lock; a
/// desk alone keeps it to itself.
#[tauri::command(async)]
pub fn team_set_presence(
    state: State<'_, AppState>,
    place: Option<PresencePlace>,
) -> Result<(), ApiError> {
    Ok(state.live().presence().set(place)?)
}

/// The other members' places now; changes arrive as `team-presence` events.
#[tauri::command(async)]
pub fn team_presence(state: State<'_, AppState>) -> Result<Vec<Presence>, ApiError> {
    Ok(state.live().presence().others())
}

/// Open conflicts, each with both values as text and a word diff.
#[tauri::command(async)]
pub fn team_conflicts(state: State<'_, AppState>) -> Result<Vec<ConflictField>, ApiError> {
    Ok(state.desk()?.team_conflict_fields()?)
}

/// How the user settled a conflict.
#[derive(Debug, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case", tag = "keep", content = "value")]
pub enum Keep {
    Mine,
    Theirs,
    Edited(#[ts(type = "unknown")] serde_json::Value),
}

#[tauri::command(async)]
pub fn team_resolve(state: State<'_, AppState>, id: i64, keep: Keep) -> Result<(), ApiError> {
    let how = match keep {
        Keep::Mine => Resolution::Mine,
        Keep::Theirs => Resolution::Theirs,
        Keep::Edited(v) => Resolution::Value(v),
    };
    state.desk()?.team_resolve(id, how)?;
    state.live().sync_now();
    Ok(())
}

/// The team's members (admins).
#[tauri::command]
pub async fn team_members(state: State<'_, AppState>) -> Result<Vec<Member>, ApiError> {
    let secrets = state.secrets();
    Ok(state.desk()?.team_members(secrets.as_ref()).await?)
}

/// Adds a member (admins only, checked by the server); the password is in the answer, once.
#[tauri::command]
pub async fn team_add_member(
    state: State<'_, AppState>,
    member: NewMember,
) -> Result<AddedMember, ApiError> {
    let secrets = state.secrets();
    Ok(state
        .desk()?
        .team_add_member(secrets.as_ref(), &member)
        .await?)
}

/// Disables a member: their login stops working; what they wrote stays.
#[tauri::command]
pub async fn team_disable_member(
    state: State<'_, AppState>,
    login: String,
) -> Result<(), ApiError> {
    let secrets = state.secrets();
    Ok(state
        .desk()?
        .team_disable_member(secrets.as_ref(), &login)
        .await?)
}
