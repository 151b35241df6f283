//! What did not merge: fields changed here and on another desk (conflicts, until resolved),
//! and changes refused, by the server or by a local check (refusals).

use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::Value;

use crate::model::EntityKind;
use crate::store::{Result, StoreError};

use super::now;

/// One field changed here and on another desk, as kept until resolved.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Conflict {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: EntityKind,
    pub key: String,
    pub field: String,
    #[ts(type = "unknown")]
    pub mine: Value,
    pub mine_author: String,
    #[ts(type = "unknown")]
    pub theirs: Value,
    pub theirs_author: String,
    #[ts(type = "number")]
    pub theirs_seq: i64,
    pub theirs_at: Option<String>,
    pub created_at: String,
}

/// A change the server refused.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Refusal {
    pub kind: EntityKind,
    pub key: String,
    pub fields: Vec<String>,
    pub message: String,
    pub at: String,
}

pub fn add_conflict(conn: &Connection, c: &Conflict) -> Result<()> {
    conn.execute(
        "INSERT INTO team_conflicts (kind, key, field, mine, mine_author, theirs, theirs_author,
                                     theirs_seq, theirs_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            c.kind.as_str(),
            c.key,
            c.field,
            c.mine.to_string(),
            c.mine_author,
            c.theirs.to_string(),
            c.theirs_author,
            c.theirs_seq,
            c.theirs_at,
            now()
        ],
    )?;
    Ok(())
}

/// Conflicts not yet resolved, oldest first.
pub fn conflicts(conn: &Connection) -> Result<Vec<Conflict>> {
    let mut stmt = conn.prepare(
        "SELECT id, kind, key, field, mine, mine_author, theirs, theirs_author, theirs_at,
                created_at, theirs_seq
         FROM team_conflicts WHERE resolved_at IS NULL ORDER BY id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, i64>(10)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(id, kind, key, field, mine, ma, theirs, ta, tat, at, seq)| {
                Some(Conflict {
                    id,
                    kind: EntityKind::parse(&kind)?,
                    key,
                    field,
                    mine: serde_json::from_str(&mine).unwrap_or(Value::Null),
                    mine_author: ma,
                    theirs: serde_json::from_str(&theirs).unwrap_or(Value::Null),
                    theirs_author: ta,
                    theirs_seq: seq,
                    theirs_at: tat,
                    created_at: at,
                })
            },
        )
        .collect())
}

pub fn conflict(conn: &Connection, id: i64) -> Result<Conflict> {
    conflicts(conn)?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| StoreError::NotFound {
            kind: "open conflict",
            key: id.to_string(),
        })
}

pub fn mark_resolved(conn: &Connection, id: i64, resolution: &str) -> Result<()> {
    conn.execute(
        "UPDATE team_conflicts SET resolved_at = ?2, resolution = ?3 WHERE id = ?1",
        params![id, now(), resolution],
    )?;
    Ok(())
}

pub fn add_refusal(
    conn: &Connection,
    kind: EntityKind,
    key: &str,
    fields: &[String],
    message: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO team_refusals (kind, key, fields, message, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            kind.as_str(),
            key,
            serde_json::to_string(fields).expect("strings serialise"),
            message,
            now()
        ],
    )?;
    Ok(())
}

pub fn refusals(conn: &Connection) -> Result<Vec<Refusal>> {
    let mut stmt =
        conn.prepare("SELECT kind, key, fields, message, at FROM team_refusals ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(kind, key, fields, message, at)| {
            Some(Refusal {
                kind: EntityKind::parse(&kind)?,
                key,
                fields: serde_json::from_str(&fields).unwrap_or_default(),
                message,
                at,
            })
        })
        .collect())
}
