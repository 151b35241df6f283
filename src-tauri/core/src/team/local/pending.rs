//! Changes made here that wait for the server: the journal that records them as saves
//! happen, the queue they wait in, and the server version each entity was based on.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};

use crate::model::EntityKind;
use crate::store::{Origin, Result, SaveCtx};
use crate::team::wire::Pending;

use super::{json_map, now};

/// The journal a desk's store reports its saves to: [`record_save`], with its own bell.
pub(crate) fn journal() -> crate::store::SaveJournal {
    crate::store::SaveJournal::new(record_save)
}

/// The team's journal of a desk's saves ([`crate::store::JournalFn`]): on a desk that belongs
/// to a team, the fields a save changed become a pending change, unless the save is the
/// team's own (`Origin::Team`), which must not go back. True when a change was queued.
pub(crate) fn record_save(
    conn: &Connection,
    ctx: &SaveCtx,
    kind: EntityKind,
    key: &str,
    before: Option<&str>,
    after: &str,
) -> Result<bool> {
    if ctx.origin == Origin::Team {
        return Ok(false);
    }
    let linked: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM team_link)")?
        .query_row([], |r| r.get(0))?;
    if !linked {
        return Ok(false);
    }
    let before = before.map(json_map).unwrap_or_default();
    let after = json_map(after);
    let mut fields = Map::new();
    let mut prev = Map::new();
    for (name, value) in &after {
        let old = before.get(name);
        if old != Some(value) {
            fields.insert(name.clone(), value.clone());
            prev.insert(name.clone(), old.cloned().unwrap_or(Value::Null));
        }
    }
    // A field that disappeared (an optional one emptied) is sent as null.
    for (name, old) in &before {
        if !after.contains_key(name) {
            fields.insert(name.clone(), Value::Null);
            prev.insert(name.clone(), old.clone());
        }
    }
    if fields.is_empty() {
        return Ok(false);
    }
    let base = version(conn, kind, key)?;
    conn.prepare_cached(
        "INSERT INTO team_pending (change_id, kind, key, base, fields, prev, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        uuid::Uuid::now_v7().to_string(),
        kind.as_str(),
        key,
        base,
        Value::Object(fields).to_string(),
        Value::Object(prev).to_string(),
        now()
    ])?;
    Ok(true)
}

/// The server version of an entity as this desk knows it (0: not on the server yet).
pub fn version(conn: &Connection, kind: EntityKind, key: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT version FROM team_versions WHERE kind = ?1 AND key = ?2")?
        .query_row(params![kind.as_str(), key], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

pub fn set_version(conn: &Connection, kind: EntityKind, key: &str, version: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO team_versions (kind, key, version) VALUES (?1, ?2, ?3)
         ON CONFLICT (kind, key) DO UPDATE SET version = max(version, excluded.version)",
    )?
    .execute(params![kind.as_str(), key, version])?;
    Ok(())
}

/// The oldest pending changes, at most `limit`, in the order they were made.
pub fn next_pending(conn: &Connection, limit: usize) -> Result<Vec<Pending>> {
    pending_where(conn, "1 ORDER BY id LIMIT ?1", [limit as i64])
}

/// What waits to reach the team: content changes, and comments (new, replies, a thread
/// resolved or reopened) not sent yet.
pub fn pending_count(conn: &Connection) -> Result<i64> {
    Ok(conn
        .prepare_cached(
            "SELECT (SELECT count(*) FROM team_pending)
                  + (SELECT count(*) FROM comments WHERE pending = 1)",
        )?
        .query_row([], |r| r.get(0))?)
}

fn pending_where<P: rusqlite::Params>(
    conn: &Connection,
    filter: &str,
    p: P,
) -> Result<Vec<Pending>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id, change_id, kind, key, base, fields, prev FROM team_pending WHERE {filter}"
    ))?;
    let rows = stmt
        .query_map(p, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, change_id, kind, key, base, fields, prev)| {
            Some(Pending {
                id,
                change_id,
                kind: EntityKind::parse(&kind)?,
                key,
                base,
                fields: json_map(&fields),
                prev: json_map(&prev),
            })
        })
        .collect())
}

/// The fields of an entity that have local changes still waiting for the server.
pub(super) fn pending_fields(
    conn: &Connection,
    kind: EntityKind,
    key: &str,
) -> Result<Vec<String>> {
    Ok(
        pending_where(conn, "kind = ?1 AND key = ?2", params![kind.as_str(), key])?
            .into_iter()
            .flat_map(|p| p.fields.keys().cloned().collect::<Vec<_>>())
            .collect(),
    )
}

pub fn drop_pending(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM team_pending WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Makes the newest pending change of an entity count as based on `version` at least: a
/// resolved conflict has seen the other desk's value.
pub fn rebase_pending(conn: &Connection, kind: EntityKind, key: &str, version: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE team_pending SET base = max(base, ?3)
         WHERE id = (SELECT max(id) FROM team_pending WHERE kind = ?1 AND key = ?2)",
    )?
    .execute(params![kind.as_str(), key, version])?;
    Ok(())
}
