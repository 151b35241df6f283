//! Signing the member in again: a password changed on the server, mistyped at join, or not
//! known to this session (no keyring). The login is tried before anything is kept.

use serde::Serialize;

use crate::desk::Desk;
use crate::secrets::SecretStore;
use crate::store::StoreError;

use super::server::Server;
use super::{remember_password, TeamError};

/// A sign-in the server took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SignInReport {
    /// The member signed in.
    pub user: String,
    /// Whether the system keyring stored the password (else it is kept until the app closes).
    pub password_in_keyring: bool,
}

impl Desk {
    /// Signs this desk's member in with `password`: tried on the server first (a refusal
    /// names its cause and keeps nothing); then held for the session and stored in the
    /// keyring where one runs. The caller asks for a sync.
    pub async fn team_sign_in(
        &self,
        secrets: &dyn SecretStore,
        password: &str,
    ) -> Result<SignInReport, TeamError> {
        let link = self.team_link()?.ok_or(TeamError::NotJoined)?;
        if password.is_empty() {
            return Err(StoreError::invalid("password", "enter your password").into());
        }
        let server = Server::connect(&link.url, Some(&link.user), password).await?;
        server.check_schema().await?;
        server.me().await?;
        let password_in_keyring = remember_password(secrets, &link.user, &link.url, password);
        Ok(SignInReport {
            user: link.user,
            password_in_keyring,
        })
    }

    /// Whether the member can sign in with the password this desk has (held, keyring, or
    /// VERDICT_TEAM_PASSWORD): the member as the server knows them, or why not.
    pub async fn team_check_sign_in(
        &self,
        secrets: &dyn SecretStore,
    ) -> Result<super::Member, TeamError> {
        let (server, _) = self.team_server(secrets).await?;
        server.me().await
    }
}
