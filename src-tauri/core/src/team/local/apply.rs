//! Taking the team's changes here: an entity's stored document, the team's fields merged into
//! it (leaving out those with a local change waiting), a page's time of last change, and one
//! change of the log applied or set aside.

use chrono::{SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};

use crate::model::EntityKind;
use crate::store::{Result, SaveCtx, SaveTx, StoreError};
use crate::team::wire::RemoteChange;

use super::conflicts::add_refusal;
use super::json_map;
use super::pending::{pending_fields, set_version};

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
