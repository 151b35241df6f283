//! The team desk: this desk's content shared with other desks through a PostgreSQL team
//! server. Local SQLite stays the working copy; saves become pending changes, `sync` pushes
//! them in order and pulls the team's log after this desk's cursor, merging field by field.

mod admin;
mod comments;
mod live;
pub mod local;
mod media;
mod media_local;
mod presence;
pub mod server;
mod signin;
mod sync;
mod tls;
mod views;
pub mod wire;

pub use admin::{AddedMember, NewMember};
pub use comments::CommentRound;
pub use live::{Live, LiveEvent, LiveStatus, SyncState, EVERY, SAVE_DEBOUNCE};
pub use local::{Conflict, Refusal, TeamLink};
pub use media::{MediaRound, MEDIA_SCHEMA, MEDIA_TEXT_SCHEMA};
pub use presence::{Presence, PresencePlace, PresenceTiming, BEAT, FRESH};
pub use server::{Server, TEAM_SCHEMA_VERSION};
pub use signin::SignInReport;
pub use sync::{JoinReport, Resolution, SyncProgress, SyncReport, TeamEdit, TeamStatus};
pub use views::{value_text, ConflictField};
pub use wire::Member;

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
    #[error(
        "the team's server {server} showed a TLS certificate this computer does not trust: \
         {problem}{issuer}. Trust the certificate of its issuer on this computer (on Debian: \
         copy it to /usr/local/share/ca-certificates/ as a .crt file, then run \
         `sudo update-ca-certificates`), or ask the team's admin for a certificate from an \
         authority this computer trusts; see \"TLS\" in docs/team.md",
        issuer = issued_by(.issuer)
    )]
    UntrustedCertificate {
        server: String,
        problem: String,
        /// Who issued the server's certificate (its issuer's name), when it could be read.
        issuer: Option<String>,
    },
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

fn issued_by(issuer: &Option<String>) -> String {
    issuer
        .as_deref()
        .map(|i| format!(" (issued by \"{i}\")"))
        .unwrap_or_default()
}

/// The keyring entry of a member's password on a team.
fn secret_name(link_user: &str, url: &str) -> String {
    format!("team:{link_user}@{url}")
}

/// The member's password: the one held for this session (the app's, see
/// [`SecretStore::hold`]), else the system keyring's, else `VERDICT_TEAM_PASSWORD`.
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

/// Keeps a password the server just took: held for the session (the app syncs with it until
/// it closes, whatever the keyring does), and stored in the keyring where one runs. False
/// when the keyring did not store it (none runs, or it refused): after a restart the password
/// must then come from `VERDICT_TEAM_PASSWORD`, or be typed again. It is never written
/// anywhere else.
pub fn remember_password(secrets: &dyn SecretStore, user: &str, url: &str, password: &str) -> bool {
    let name = secret_name(user, url);
    secrets.hold(&name, password);
    match secrets.set(&name, password) {
        Ok(()) => true,
        Err(SecretError::NoKeyring { .. }) => false,
        Err(e) => {
            // The login worked: a keyring that is locked or failing must not undo it.
            tracing::warn!(error = %e, "the team password was not stored in the keyring");
            false
        }
    }
}

pub fn forget_password(secrets: &dyn SecretStore, user: &str, url: &str) {
    let _ = secrets.delete(&secret_name(user, url));
}

/// The characters of a generated password: letters and digits without those read as one
/// another (l, I and 1; O, o and 0), since the password is read out or copied by hand.
pub const PASSWORD_ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A password for a new member, shown once: 24 characters of [`PASSWORD_ALPHABET`] (56 of
/// them: about 139 bits).
pub fn generate_password() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..24)
        .map(|_| PASSWORD_ALPHABET[rng.random_range(0..PASSWORD_ALPHABET.len())] as char)
        .collect()
}
