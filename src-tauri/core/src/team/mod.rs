//! The team desk: this desk's content shared with other desks through a PostgreSQL team
//! server. Local SQLite stays the working copy; saves become pending changes, `sync` pushes
//! them in order and pulls the team's log after this desk's cursor, merging field by field.

mod admin;
mod live;
pub mod local;
pub mod server;
mod sync;
mod views;

pub use admin::{AddedMember, NewMember};
pub use live::{Live, LiveEvent, LiveStatus, SyncState, EVERY, SAVE_DEBOUNCE};
pub use local::{Conflict, Refusal, TeamLink};
pub use server::{Member, Server, TEAM_SCHEMA_VERSION};
pub use sync::{JoinReport, Resolution, SyncProgress, SyncReport, TeamEdit, TeamStatus};
pub use views::{value_text, ConflictField};

use crate::secrets::{SecretError, SecretStore};
use crate::store::StoreError;

/// The environment variable that gives the team password at run time where no keyring runs.
pub const PASSWORD_ENV: &str = "VERDICT_TEAM_PASSWORD";

#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error("cannot reach the team's server {server}: {detail}")]
    Unreachable { server: String, detail: String },
    #[error("the team's server refused the password of \"{user}\": check it, or ask the team's admin for a new one")]
    WrongPassword { user: String },
    #[error("\"{user}\" is not an active member of this team (no such login, or it was disabled)")]
    NotMember { user: String },
    #[error("\"{user}\" may not do this on the team's server: {detail}")]
    MissingRole { user: String, detail: String },
    #[error(
        "the team's schema is version {found}, newer than this Verdict Desk knows (up to \
         {known}): update Verdict Desk to work with this team; nothing was changed"
    )]
    SchemaTooNew { found: u32, known: u32 },
    #[error("{server} holds no Verdict team: create one there with `verdict team init`")]
    NoTeam { server: String },
    #[error(
        "the team's server gave an answer this desk cannot read ({0}); nothing was changed here"
    )]
    BadReply(String),
    #[error("the team's server refused: {0}")]
    Server(String),
    #[error("\"{address}\" is not a PostgreSQL server address: {detail}")]
    BadAddress { address: String, detail: String },
    #[error(
        "the server address carries a password: leave it out (passwords go to the system \
         keyring, or {PASSWORD_ENV} at run time)"
    )]
    PasswordInAddress,
    #[error("TLS: {0}")]
    Tls(String),
    #[error("this desk is not on a team: join one first (verdict team join)")]
    NotJoined,
    #[error("this desk is already on the team at {url} as \"{user}\": leave it first")]
    AlreadyJoined { url: String, user: String },
    #[error(
        "no password for \"{user}\": the system keyring has none (or cannot be reached) and \
         {PASSWORD_ENV} is not set"
    )]
    NoPassword { user: String },
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Secret(#[from] SecretError),
}

/// The keyring entry of a member's password on a team.
fn secret_name(link_user: &str, url: &str) -> String {
    format!("team:{link_user}@{url}")
}

/// The member's password: the system keyring's, else `VERDICT_TEAM_PASSWORD`.
pub fn password(secrets: &dyn SecretStore, user: &str, url: &str) -> Result<String, TeamError> {
    if let Ok(Some(p)) = secrets.get(&secret_name(user, url)) {
        return Ok(p);
    }
    match std::env::var(PASSWORD_ENV) {
        Ok(p) if !p.is_empty() => Ok(p),
        _ => Err(TeamError::NoPassword {
            user: user.to_string(),
        }),
    }
}

/// Keeps the password in the keyring; `Ok(false)` when there is none here (the password
/// must then come from `VERDICT_TEAM_PASSWORD` at run time; it is never stored elsewhere).
pub fn remember_password(
    secrets: &dyn SecretStore,
    user: &str,
    url: &str,
    password: &str,
) -> Result<bool, TeamError> {
    match secrets.set(&secret_name(user, url), password) {
        Ok(()) => Ok(true),
        Err(SecretError::NoKeyring { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

pub fn forget_password(secrets: &dyn SecretStore, user: &str, url: &str) {
    let _ = secrets.delete(&secret_name(user, url));
}

/// A password for a new member, shown once: 24 letters and digits (about 143 bits).
pub fn generate_password() -> String {
    use rand::distr::{Alphanumeric, SampleString};
    Alphanumeric.sample_string(&mut rand::rng(), 24)
}
