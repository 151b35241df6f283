//! Presence on the team's server: a desk's beat (written as the member signed in, by the
//! server's clock), the other members' fresh places as row-level security lets this member
//! see them, and the wake-up when someone else's place changes.

use std::time::Duration;

use super::Server;
use crate::team::TeamError;

/// The first team schema with presence.
pub const PRESENCE_SCHEMA: u32 = 10;

/// The channel a beat that changed something is announced on (payload: the desk's id).
pub(super) const CHANNEL: &str = "verdict_presence";

/// Another member's place, as the server holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct PresenceRow {
    pub login: String,
    pub name: String,
    pub kind: String,
    pub key: String,
    pub field: Option<String>,
    pub typing: bool,
    /// How old its last beat is, by the server's clock.
    pub age: Duration,
}

/// Where a desk is, as a beat sends it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Beat<'a> {
    pub kind: &'a str,
    pub key: &'a str,
    pub field: Option<&'a str>,
    pub typing: bool,
}

impl Server {
    /// Tells the team where `desk` is (`None`: nothing open). False when the member may not
    /// see that text: the server then shows them nowhere.
    pub async fn presence_beat(
        &self,
        desk: uuid::Uuid,
        at: Option<Beat<'_>>,
    ) -> Result<bool, TeamError> {
        let row = self
            .client
            .query_one(
                "SELECT verdict.presence_beat($1, $2, $3, $4, $5)",
                &[
                    &desk,
                    &at.map(|b| b.kind),
                    &at.map(|b| b.key),
                    &at.and_then(|b| b.field),
                    &at.is_some_and(|b| b.typing),
                ],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(row.get(0))
    }

    /// The other members' places whose last beat is younger than `fresh`, one per member and
    /// place (the newest, when a member has it open on two desks).
    pub async fn presence(&self, fresh: Duration) -> Result<Vec<PresenceRow>, TeamError> {
        let rows = self
            .client
            .query(
                "SELECT DISTINCT ON (p.login, p.kind, p.key)
                        p.login, coalesce(m.display_name, p.login), p.kind, p.key, p.field,
                        p.typing, extract(epoch FROM now() - p.at)::float8
                   FROM verdict.presence p LEFT JOIN verdict.members m ON m.login = p.login
                  WHERE p.at > now() - make_interval(secs => $1) AND p.login <> session_user
                  ORDER BY p.login, p.kind, p.key, p.at DESC",
                &[&fresh.as_secs_f64()],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(rows
            .iter()
            .map(|r| PresenceRow {
                login: r.get(0),
                name: r.get(1),
                kind: r.get(2),
                key: r.get(3),
                field: r.get(4),
                typing: r.get(5),
                age: Duration::from_secs_f64(r.get::<_, f64>(6).max(0.0)),
            })
            .collect())
    }

    /// Asks the server to wake this connection when another desk's place changes (beats of
    /// `desk`, this one, are not news here).
    pub async fn listen_presence(&self, desk: uuid::Uuid) -> Result<(), TeamError> {
        *self.own_desk.lock().unwrap_or_else(|e| e.into_inner()) = Some(desk.to_string());
        self.client
            .batch_execute(&format!("LISTEN {CHANNEL}"))
            .await
            .map_err(|e| self.error(e))
    }

    /// Waits until another desk's place changed (after [`Server::listen_presence`]) or the
    /// connection ended; only a wake-up: [`Server::presence`] says what is where.
    pub async fn presence_moved(&self) {
        self.presence_moved.notified().await
    }
}
