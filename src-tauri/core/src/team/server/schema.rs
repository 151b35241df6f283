//! The team schema on the server: its versioned migrations and group roles, creating or
//! upgrading it, and refusing a team newer than this build.

use crate::team::TeamError;

use super::errors::query_error;
use super::Server;

/// Versioned migrations of the team schema, applied in order by `verdict team init`.
pub const TEAM_MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../../../team/0001_team.sql")),
    (2, include_str!("../../../team/0002_publishing.sql")),
    (3, include_str!("../../../team/0003_claims.sql")),
    (4, include_str!("../../../team/0004_published.sql")),
    (5, include_str!("../../../team/0005_media.sql")),
    (6, include_str!("../../../team/0006_media_revisions.sql")),
    (7, include_str!("../../../team/0007_ghost_targets.sql")),
    (8, include_str!("../../../team/0008_assignments.sql")),
    (9, include_str!("../../../team/0009_comments.sql")),
    (10, include_str!("../../../team/0010_presence.sql")),
];

/// The newest team schema this build knows; a team with a newer one is refused.
pub const TEAM_SCHEMA_VERSION: u32 = TEAM_MIGRATIONS[TEAM_MIGRATIONS.len() - 1].0;

/// The group roles of a team; a member's roles are memberships in them.
pub const GROUP_ROLES: &[&str] = &[
    "verdict_member",
    "verdict_editor",
    "verdict_reviewer",
    "verdict_publisher",
    "verdict_admin",
];

impl Server {
    /// Creates the team's group roles and schema, or brings the schema up to this build's
    /// version; as a role that may create roles. Returns the version it left the team at.
    pub async fn init(&mut self) -> Result<u32, TeamError> {
        self.init_up_to(TEAM_SCHEMA_VERSION).await
    }

    /// [`Server::init`], stopping at schema `target` (an older one: how a team made by an
    /// earlier Verdict Desk looks, for the upgrade path's test).
    pub async fn init_up_to(&mut self, target: u32) -> Result<u32, TeamError> {
        let tx = self
            .client
            .transaction()
            .await
            .map_err(|e| query_error(&self.name, &self.user, e))?;
        // Roles are cluster-wide: create those that are missing.
        for role in GROUP_ROLES {
            tx.batch_execute(&format!(
                "DO $$ BEGIN
                   IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                     CREATE ROLE {role} NOLOGIN;
                   END IF;
                 END $$;"
            ))
            .await
            .map_err(|e| query_error(&self.name, &self.user, e))?;
        }
        for role in &GROUP_ROLES[1..] {
            tx.batch_execute(&format!("GRANT verdict_member TO {role}"))
                .await
                .map_err(|e| query_error(&self.name, &self.user, e))?;
        }
        let has_schema: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'verdict')",
                &[],
            )
            .await
            .map_err(|e| query_error(&self.name, &self.user, e))?
            .get(0);
        let current: u32 = if has_schema {
            let v: String = tx
                .query_one(
                    "SELECT value FROM verdict.meta WHERE key = 'schema_version'",
                    &[],
                )
                .await
                .map_err(|e| query_error(&self.name, &self.user, e))?
                .get(0);
            v.parse()
                .map_err(|_| TeamError::BadReply(format!("schema version \"{v}\"")))?
        } else {
            0
        };
        if current > TEAM_SCHEMA_VERSION {
            return Err(TeamError::SchemaTooNew {
                found: current,
                known: TEAM_SCHEMA_VERSION,
            });
        }
        for (number, sql) in TEAM_MIGRATIONS
            .iter()
            .filter(|(n, _)| *n > current && *n <= target)
        {
            tx.batch_execute(sql)
                .await
                .map_err(|e| query_error(&self.name, &self.user, e))?;
            tx.execute(
                "INSERT INTO verdict.meta (key, value) VALUES ('schema_version', $1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &[&number.to_string()],
            )
            .await
            .map_err(|e| query_error(&self.name, &self.user, e))?;
        }
        // The role that made the team administers it (a superuser is already everything).
        tx.batch_execute(
            "DO $$ BEGIN
               IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
                 GRANT verdict_admin TO current_user;
               END IF;
             END $$;",
        )
        .await
        .map_err(|e| query_error(&self.name, &self.user, e))?;
        tx.commit()
            .await
            .map_err(|e| query_error(&self.name, &self.user, e))?;
        Ok(current.max(target.min(TEAM_SCHEMA_VERSION)))
    }

    /// The team's schema version; refuses a team newer than this build.
    pub async fn check_schema(&self) -> Result<u32, TeamError> {
        let row = self
            .client
            .query_opt(
                "SELECT value FROM verdict.meta WHERE key = 'schema_version'",
                &[],
            )
            .await
            .map_err(|e| self.error(e))?;
        let Some(row) = row else {
            return Err(TeamError::NoTeam {
                server: self.name.clone(),
            });
        };
        let text: String = row.get(0);
        let found: u32 = text
            .parse()
            .map_err(|_| TeamError::BadReply(format!("the team's schema version is \"{text}\"")))?;
        if found > TEAM_SCHEMA_VERSION {
            return Err(TeamError::SchemaTooNew {
                found,
                known: TEAM_SCHEMA_VERSION,
            });
        }
        Ok(found)
    }
}
