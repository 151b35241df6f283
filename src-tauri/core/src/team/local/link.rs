//! The link to the team as this desk stores it: where the team is, who this desk signs in as,
//! how far it has read the log, and when it last synced; forgetting all of it on leaving.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::store::Result;
use crate::team::wire::Member;

use super::now;

/// The team this desk belongs to, as stored (no password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct TeamLink {
    pub url: String,
    pub user: String,
    pub desk_id: String,
    #[ts(type = "number")]
    pub cursor: i64,
    pub roles: Vec<String>,
    pub reviewer: Option<String>,
    pub display_name: String,
    pub joined_at: String,
    pub synced_at: Option<String>,
}

pub fn link(conn: &Connection) -> Result<Option<TeamLink>> {
    Ok(conn
        .query_row(
            "SELECT url, user, desk_id, cursor, roles, reviewer, display_name, joined_at, synced_at
             FROM team_link WHERE id = 1",
            [],
            |r| {
                Ok(TeamLink {
                    url: r.get(0)?,
                    user: r.get(1)?,
                    desk_id: r.get(2)?,
                    cursor: r.get(3)?,
                    roles: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default(),
                    reviewer: r.get(5)?,
                    display_name: r.get(6)?,
                    joined_at: r.get(7)?,
                    synced_at: r.get(8)?,
                })
            },
        )
        .optional()?)
}

pub fn save_link(conn: &Connection, link: &TeamLink) -> Result<()> {
    conn.execute(
        "INSERT INTO team_link (id, url, user, desk_id, cursor, roles, reviewer, display_name,
                                joined_at, synced_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET url = excluded.url, user = excluded.user,
             desk_id = excluded.desk_id, cursor = excluded.cursor, roles = excluded.roles,
             reviewer = excluded.reviewer, display_name = excluded.display_name,
             joined_at = excluded.joined_at, synced_at = excluded.synced_at",
        params![
            link.url,
            link.user,
            link.desk_id,
            link.cursor,
            serde_json::to_string(&link.roles).expect("strings serialise"),
            link.reviewer,
            link.display_name,
            link.joined_at,
            link.synced_at
        ],
    )?;
    Ok(())
}

/// Forgets the team: the link, what waits for it, versions, conflicts, refusals, where its
/// comments were read up to (the comments stay, as notes), what the team said of its images
/// (the desk's own images stay).
pub fn clear(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM team_link; DELETE FROM team_pending; DELETE FROM team_versions;
         DELETE FROM team_conflicts; DELETE FROM team_refusals; DELETE FROM comment_cursor;",
    )?;
    crate::team::media_local::clear(conn)
}

pub fn set_cursor(conn: &Connection, cursor: i64) -> Result<()> {
    conn.execute("UPDATE team_link SET cursor = ?1 WHERE id = 1", [cursor])?;
    Ok(())
}

pub fn set_synced(conn: &Connection, member: &Member) -> Result<()> {
    conn.execute(
        "UPDATE team_link SET synced_at = ?1, roles = ?2, reviewer = ?3, display_name = ?4
         WHERE id = 1",
        params![
            now(),
            serde_json::to_string(&member.roles).expect("strings serialise"),
            member.reviewer,
            member.display_name
        ],
    )?;
    Ok(())
}
