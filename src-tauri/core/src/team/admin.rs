//! A team admin's work from a desk signed in as that admin: the members, adding one (with a
//! password made here and shown once), disabling one. The server checks the admin role.

use serde::{Deserialize, Serialize};

use crate::desk::Desk;
use crate::secrets::SecretStore;
use crate::validate::FieldError;

use super::wire::Member;
use super::{generate_password, TeamError};

/// A member to add, as the Team settings' form gives it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, ts_rs::TS)]
pub struct NewMember {
    /// The login: lower-case letters, digits, `-` and `_`.
    pub login: String,
    pub display_name: String,
    /// Any of editor, reviewer, publisher, admin.
    pub roles: Vec<String>,
    /// The reviewer entry the member writes verdicts as (members with the reviewer role).
    pub reviewer: Option<String>,
}

/// A member just added, with the password to give them (shown once, stored nowhere).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct AddedMember {
    pub member: Member,
    pub password: String,
}

const ROLES: [&str; 4] = ["editor", "reviewer", "publisher", "admin"];

impl NewMember {
    /// Every problem with the form, by field.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        let login = self.login.trim();
        if login.is_empty() {
            out.push(FieldError::new("login", "a member needs a login"));
        } else if login.len() > 40
            || !login
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            || !login.starts_with(|c: char| c.is_ascii_lowercase())
        {
            out.push(FieldError::new(
                "login",
                "use up to 40 lower-case letters, digits, - and _, starting with a letter",
            ));
        }
        if self.display_name.trim().is_empty() {
            out.push(FieldError::new("display_name", "a member needs a name"));
        }
        if self.roles.is_empty() {
            out.push(FieldError::new(
                "roles",
                "give the member at least one role",
            ));
        }
        for r in &self.roles {
            if !ROLES.contains(&r.as_str()) {
                out.push(FieldError::new(
                    "roles",
                    format!("\"{r}\" is not a role (editor, reviewer, publisher, admin)"),
                ));
            }
        }
        let reviewer = self.reviewer.as_deref().map(str::trim).unwrap_or("");
        if self.roles.iter().any(|r| r == "reviewer") && reviewer.is_empty() {
            out.push(FieldError::new(
                "reviewer",
                "a reviewer writes verdicts as a reviewer entry: choose one",
            ));
        }
        out
    }
}

impl Desk {
    /// The team's members, as an admin sees them.
    pub async fn team_members(&self, secrets: &dyn SecretStore) -> Result<Vec<Member>, TeamError> {
        let (server, _) = self.team_server(secrets).await?;
        server.members().await
    }

    /// Adds a member with a new random password, returned once.
    pub async fn team_add_member(
        &self,
        secrets: &dyn SecretStore,
        new: &NewMember,
    ) -> Result<AddedMember, TeamError> {
        let problems = new.problems();
        if !problems.is_empty() {
            return Err(crate::store::StoreError::Invalid(problems).into());
        }
        let (server, _) = self.team_server(secrets).await?;
        let password = generate_password();
        let reviewer = new
            .reviewer
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty() && new.roles.iter().any(|x| x == "reviewer"));
        server
            .add_member(
                new.login.trim(),
                new.display_name.trim(),
                &new.roles,
                reviewer,
                &password,
            )
            .await?;
        let member = server
            .members()
            .await?
            .into_iter()
            .find(|m| m.login == new.login.trim())
            .ok_or_else(|| TeamError::BadReply("the new member is not listed".into()))?;
        Ok(AddedMember { member, password })
    }

    /// Disables a member: their login stops working; what they wrote stays.
    pub async fn team_disable_member(
        &self,
        secrets: &dyn SecretStore,
        login: &str,
    ) -> Result<(), TeamError> {
        let (server, _) = self.team_server(secrets).await?;
        server.disable_member(login).await
    }
}
