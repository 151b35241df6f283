//! Where this desk stands with the team (its link, what waits, open conflicts), and leaving
//! the team.

use serde::Serialize;

use crate::desk::Desk;
use crate::secrets::SecretStore;
use crate::team::local::{self, TeamLink};
use crate::team::TeamError;

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct TeamStatus {
    pub link: Option<TeamLink>,
    #[ts(type = "number")]
    pub pending: i64,
    pub conflicts: usize,
}

impl Desk {
    pub fn team_link(&self) -> Result<Option<TeamLink>, TeamError> {
        Ok(local::link(self.store().conn())?)
    }

    pub fn team_status(&self) -> Result<TeamStatus, TeamError> {
        let store = self.store();
        Ok(TeamStatus {
            link: local::link(store.conn())?,
            pending: local::pending_count(store.conn())?,
            conflicts: local::conflicts(store.conn())?.len(),
        })
    }

    /// Leaves the team: this desk keeps its content and works alone again; changes not yet
    /// sent are dropped only with `discard`, else leaving is refused while some wait.
    pub fn team_leave(
        &self,
        discard: bool,
        secrets: &dyn SecretStore,
    ) -> Result<TeamLink, TeamError> {
        let link = self.team_link()?.ok_or(TeamError::NotJoined)?;
        let waiting = local::pending_count(self.store().conn())?;
        if waiting > 0 && !discard {
            return Err(TeamError::Refused(format!(
                "{waiting} change(s) have not reached the team yet: sync first, or leave with \
                 --discard to drop them"
            )));
        }
        self.store().transaction(|conn, _| {
            // Comments not sent are kept here as notes, never sent to a team joined later.
            conn.execute("UPDATE comments SET pending = 0 WHERE pending = 1", [])?;
            local::clear(conn)
        })?;
        crate::team::forget_password(secrets, &link.user, &link.url);
        Ok(link)
    }
}
