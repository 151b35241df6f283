//! The team desk's local side in SQLite: the link, pending changes recorded as saves happen,
//! remote changes applied, conflicts and refusals. Store-level: it knows rows, not the server.

use chrono::{SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::EntityKind;
use crate::store::{Origin, Result, SaveCtx, SaveTx, StoreError};

use super::wire::{Member, Pending, RemoteChange, TeamPublished, TeamRemotePage, TeamTarget};

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

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn json_map(text: &str) -> Map<String, Value> {
    match serde_json::from_str(text) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
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
    super::media_local::clear(conn)
}

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
    conn.execute(
        "INSERT INTO team_pending (change_id, kind, key, base, fields, prev, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            uuid::Uuid::now_v7().to_string(),
            kind.as_str(),
            key,
            base,
            Value::Object(fields).to_string(),
            Value::Object(prev).to_string(),
            now()
        ],
    )?;
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

pub fn pending_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM team_pending", [], |r| r.get(0))?)
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
fn pending_fields(conn: &Connection, kind: EntityKind, key: &str) -> Result<Vec<String>> {
    Ok(
        pending_where(conn, "kind = ?1 AND key = ?2", params![kind.as_str(), key])?
            .into_iter()
            .flat_map(|p| p.fields.keys().cloned().collect::<Vec<_>>())
            .collect(),
    )
}

pub fn drop_pending(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM team_pending WHERE id = ?1", [id])?;
    Ok(())
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

/// The stored document of an entity, as JSON text.
pub fn doc(conn: &Connection, kind: EntityKind, key: &str) -> Result<Option<String>> {
    let by_slug = |sql: &str| -> Result<Option<String>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_row([key], |r| r.get(0))
            .optional()?)
    };
    match kind {
        EntityKind::Site => Ok(conn
            .prepare_cached("SELECT doc FROM site_settings WHERE id = 1")?
            .query_row([], |r| r.get(0))
            .optional()?),
        EntityKind::Tool => by_slug("SELECT doc FROM tools WHERE slug = ?1"),
        EntityKind::Reviewer => by_slug("SELECT doc FROM reviewers WHERE slug = ?1"),
        EntityKind::Comparison => by_slug("SELECT doc FROM comparisons WHERE slug = ?1"),
        EntityKind::Media => Ok(crate::store::media_text_doc(conn, key)?.map(|d| d.to_json())),
        EntityKind::Verdict => {
            let Some((reviewer, tool)) = key.split_once('/') else {
                return Ok(None);
            };
            // By each slug's unique index: a lookup, not a scan of every verdict.
            Ok(conn
                .prepare_cached(
                    "SELECT v.doc FROM verdicts v
                     WHERE v.reviewer_id = (SELECT id FROM reviewers WHERE slug = ?1)
                       AND v.tool_id = (SELECT id FROM tools WHERE slug = ?2)",
                )?
                .query_row([reviewer, tool], |r| r.get(0))
                .optional()?)
        }
    }
}

/// Applies fields that came from the team to an entity here, leaving out the fields with a
/// local change still waiting (it goes to the server next and is merged there). Saved like
/// any save (a revision, the search index), but not queued back to the team. True when
/// something here changed.
pub fn apply_remote(
    conn: &SaveTx,
    kind: EntityKind,
    key: &str,
    fields: &Map<String, Value>,
    version: i64,
    now: chrono::DateTime<Utc>,
) -> Result<bool> {
    let waiting = pending_fields(conn, kind, key)?;
    let mut merged = doc(conn, kind, key)?
        .map(|d| json_map(&d))
        .unwrap_or_default();
    let mut changed = false;
    for (name, value) in fields {
        if waiting.contains(name) {
            continue;
        }
        if merged.get(name) != Some(value) {
            changed = true;
            if value.is_null() {
                merged.remove(name);
            } else {
                merged.insert(name.clone(), value.clone());
            }
        }
    }
    if changed {
        crate::store::save_doc_tx(conn, kind, key, Value::Object(merged), now)?;
    }
    set_version(conn, kind, key, version)?;
    Ok(changed)
}

/// Dates a page's last change (its `article:modified_time`) with the team's time of its last
/// change, so every desk says the same, instead of when this desk applied it. Left alone
/// while this desk has changes of its own to the page waiting: they are newer, and the
/// team's time of them comes back with the log.
pub fn stamp_changed_at(
    conn: &Connection,
    kind: EntityKind,
    key: &str,
    at: chrono::DateTime<Utc>,
) -> Result<bool> {
    if kind != EntityKind::Comparison || !pending_fields(conn, kind, key)?.is_empty() {
        return Ok(false);
    }
    let at = at.to_rfc3339_opts(SecondsFormat::Millis, true);
    Ok(conn
        .prepare_cached(
            "UPDATE comparisons SET updated_at = ?2 WHERE slug = ?1 AND updated_at <> ?2",
        )?
        .execute(params![key, at])?
        > 0)
}

/// What applying one change of the team's log did here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Something here changed (content, or a page's time of last change).
    Changed,
    /// This desk already held it (its own change coming back, say).
    Same,
    /// A local check refused it: why, kept with the refusals.
    SetAside(String),
}

/// Makes the newest pending change of an entity count as based on `version` at least: a
/// resolved conflict has seen the other desk's value.
pub fn rebase_pending(conn: &Connection, kind: EntityKind, key: &str, version: i64) -> Result<()> {
    conn.execute(
        "UPDATE team_pending SET base = max(base, ?3)
         WHERE id = (SELECT max(id) FROM team_pending WHERE kind = ?1 AND key = ?2)",
        params![kind.as_str(), key, version],
    )?;
    Ok(())
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

/// This desk's targets, as the team shares them (no secret).
pub fn local_targets(conn: &Connection) -> Result<Vec<TeamTarget>> {
    let mut stmt = conn.prepare("SELECT name, kind, url, user FROM targets ORDER BY name")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(TeamTarget {
                name: r.get(0)?,
                kind: r.get(1)?,
                url: r.get(2)?,
                user: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Takes a team-wide target's settings (its secret stays in each keyring).
pub fn upsert_target(conn: &Connection, t: &TeamTarget) -> Result<()> {
    conn.execute(
        "INSERT INTO targets (name, kind, url, user, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, url = excluded.url,
             user = excluded.user",
        params![t.name, t.kind, t.url, t.user, now()],
    )?;
    Ok(())
}

/// Takes what the team recorded a target holds of a page, unless this desk knows of a later
/// write of its own (made while the team could not be told).
pub fn upsert_remote_page(conn: &Connection, p: &TeamRemotePage) -> Result<()> {
    let published = p.published_at.to_rfc3339_opts(SecondsFormat::Millis, true);
    conn.execute(
        "INSERT INTO remote_pages (target, slug, remote_id, remote_url, content_hash, version,
                                   published_at, kept_remote)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (target, slug) DO UPDATE SET remote_id = excluded.remote_id,
             remote_url = excluded.remote_url, content_hash = excluded.content_hash,
             version = excluded.version, published_at = excluded.published_at,
             kept_remote = excluded.kept_remote
         WHERE excluded.published_at >= remote_pages.published_at",
        params![
            p.target,
            p.slug,
            p.remote_id,
            p.remote_url,
            p.content_hash,
            p.version,
            published,
            p.kept_remote
        ],
    )?;
    Ok(())
}

/// Applies one change of the team's log; a change this desk cannot take (it fails a local
/// check, e.g. a second page for the same tools made here while offline) is set aside and
/// reported instead of stopping every later change.
/// Errors of the database itself (a full disk) still fail the whole batch.
pub fn apply_remote_or_set_aside(
    tx: &SaveTx,
    change: &RemoteChange,
    now: chrono::DateTime<Utc>,
) -> Result<Applied> {
    // The revision this keeps is the member's who made the change, and it is the team's:
    // the journal does not send it back.
    let ctx = SaveCtx::team(&change.author);
    let conn = &tx.with_ctx(&ctx);
    conn.execute_batch("SAVEPOINT team_change")?;
    let applied = apply_remote(
        conn,
        change.kind,
        &change.key,
        &change.fields,
        change.seq,
        now,
    )
    .and_then(|changed| {
        let stamped = stamp_changed_at(conn, change.kind, &change.key, change.at)?;
        Ok(changed || stamped)
    });
    match applied {
        Ok(changed) => {
            conn.execute_batch("RELEASE team_change")?;
            Ok(if changed {
                Applied::Changed
            } else {
                Applied::Same
            })
        }
        Err(e @ (StoreError::Invalid(_) | StoreError::Corrupt { .. })) => {
            conn.execute_batch("ROLLBACK TO team_change; RELEASE team_change")?;
            let fields: Vec<String> = change.fields.keys().cloned().collect();
            let message = format!(
                "{}'s change to {} \"{}\" could not be taken here: {e}",
                change.author,
                change.kind.as_str(),
                change.key
            );
            add_refusal(conn, change.kind, &change.key, &fields, &message)?;
            Ok(Applied::SetAside(message))
        }
        Err(e) => Err(e),
    }
}

/// This desk's records of how its published pages looked when they were published (pages
/// published here only): slug, page hash, when.
pub fn published_records(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT c.slug, p.page_hash, p.published_at FROM published_pages p
           JOIN comparisons c ON c.id = p.comparison_id
          WHERE c.status = 'published' ORDER BY c.slug",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Takes the team's record of how a page looked when it was published (for a page this desk
/// holds).
pub fn take_published(conn: &Connection, p: &TeamPublished) -> Result<()> {
    conn.execute(
        "INSERT INTO published_pages (comparison_id, page_hash, published_at)
         SELECT id, ?2, ?3 FROM comparisons WHERE slug = ?1
         ON CONFLICT (comparison_id) DO UPDATE
           SET page_hash = excluded.page_hash, published_at = excluded.published_at",
        params![
            p.slug,
            p.page_hash,
            p.published_at.to_rfc3339_opts(SecondsFormat::Millis, true)
        ],
    )?;
    Ok(())
}

/// What this desk records each target holds: target, slug, when it was written (RFC 3339).
pub fn remote_page_times(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare("SELECT target, slug, published_at FROM remote_pages")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn drop_remote_page(conn: &Connection, target: &str, slug: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM remote_pages WHERE target = ?1 AND slug = ?2",
        params![target, slug],
    )?;
    Ok(())
}

/// A digest of what this desk knows about publishing (targets, what they hold, how published
/// pages looked): tells whether taking the team's records changed anything here.
pub fn publishing_digest(conn: &Connection) -> Result<String> {
    let mut parts: Vec<String> = Vec::new();
    for sql in [
        "SELECT name || '|' || kind || '|' || url || '|' || coalesce(user, '') FROM targets ORDER BY name",
        "SELECT target || '|' || slug || '|' || content_hash || '|' || version || '|' || kept_remote
           FROM remote_pages ORDER BY target, slug",
        "SELECT comparison_id || '|' || page_hash || '|' || published_at FROM published_pages
          ORDER BY comparison_id",
    ] {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        parts.extend(rows);
    }
    Ok(crate::util::hash(
        &parts.iter().map(|p| p.as_bytes()).collect::<Vec<_>>(),
    ))
}

/// This desk's record of what `target` holds of `slug`, as the team shares it.
pub fn remote_page(conn: &Connection, target: &str, slug: &str) -> Result<Option<TeamRemotePage>> {
    let row = conn
        .query_row(
            "SELECT remote_id, remote_url, content_hash, version, published_at, kept_remote
               FROM remote_pages WHERE target = ?1 AND slug = ?2",
            params![target, slug],
            |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, bool>(5)?,
                ))
            },
        )
        .optional()?;
    Ok(row.map(
        |(remote_id, remote_url, content_hash, version, at, kept_remote)| TeamRemotePage {
            target: target.to_string(),
            slug: slug.to_string(),
            remote_id,
            remote_url,
            content_hash,
            version,
            published_at: chrono::DateTime::parse_from_rfc3339(&at)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|_| Utc::now()),
            kept_remote,
        },
    ))
}
