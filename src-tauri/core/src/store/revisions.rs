//! Revisions: every saved version of every entity, the content fingerprint, and saves of
//! documents sent by the team (routed to their kind's typed save).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{from_doc, now_text, Result, SaveOutcome, SaveTx, Store};
use crate::model::{EntityKind, Revision};

impl Store {
    /// Changes whenever any content changes: every save keeps a revision, and vote snapshots
    /// (which keep none) are hashed in. Lets derived output skip work when nothing moved.
    pub fn content_fingerprint(&self) -> Result<String> {
        let (count, max): (i64, i64) = self
            .conn
            .prepare_cached("SELECT count(*), coalesce(max(id), 0) FROM revisions")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut stmt = self
            .conn
            .prepare("SELECT doc FROM community_votes ORDER BY comparison_id, tool_id")?;
        let votes = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(format!(
            "{count}:{max}:{}",
            crate::util::hash(&votes.iter().map(|v| v.as_bytes()).collect::<Vec<_>>())
        ))
    }

    /// True when the desk holds no tools, reviewers or comparisons.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT NOT EXISTS (SELECT 1 FROM tools) AND NOT EXISTS (SELECT 1 FROM reviewers)
                 AND NOT EXISTS (SELECT 1 FROM comparisons)",
            )?
            .query_row([], |r| r.get(0))?)
    }

    /// Every kept revision of one entity, oldest first.
    pub fn revisions(&self, entity: EntityKind, key: &str) -> Result<Vec<Revision>> {
        let mut stmt = self.conn.prepare(
            "SELECT number, snapshot, saved_at, author FROM revisions
             WHERE entity = ?1 AND entity_key = ?2 ORDER BY number",
        )?;
        let rows = stmt
            .query_map(params![entity.as_str(), key], |r| {
                Ok((
                    r.get::<_, u32>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(number, snapshot, saved_at, author)| {
                Ok(Revision {
                    entity,
                    key: key.to_string(),
                    number,
                    snapshot: from_doc("revision", key, &snapshot)?,
                    saved_at: DateTime::parse_from_rfc3339(&saved_at)
                        .map(|d| d.with_timezone(&Utc))
                        .unwrap_or_default(),
                    author,
                })
            })
            .collect()
    }
}

/// Keeps a revision when `doc` differs from the last one kept for this entity, by the
/// context's author, and tells the store's journal of it.
pub(super) fn record_revision(
    conn: &SaveTx,
    entity: EntityKind,
    key: &str,
    doc: &str,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    let last: Option<(u32, String)> = conn
        .prepare_cached(
            "SELECT number, snapshot FROM revisions WHERE entity = ?1 AND entity_key = ?2
             ORDER BY number DESC LIMIT 1",
        )?
        .query_row(params![entity.as_str(), key], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let number = match &last {
        Some((_, snapshot)) if snapshot == doc => return Ok(SaveOutcome::Unchanged),
        Some((n, _)) => n + 1,
        None => 1,
    };
    conn.prepare_cached(
        "INSERT INTO revisions (entity, entity_key, number, snapshot, saved_at, author)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        entity.as_str(),
        key,
        number,
        doc,
        now_text(now),
        conn.ctx.author
    ])?;
    if let Some((_, before)) = &last {
        // Comments on the words follow them, in this same transaction; open threads are
        // told, as they are of a comment written (the same change).
        if super::comments::remap_tx(conn, entity, key, before, doc, now)? {
            conn.changed(super::Change::new(
                super::ChangeKind::Comment,
                &format!("{}:{key}", entity.as_str()),
                super::ChangeWhat::Saved,
            ));
        }
    }
    conn.journal(entity, key, last.as_ref().map(|(_, s)| s.as_str()), doc)?;
    Ok(if number == 1 {
        SaveOutcome::Created
    } else {
        SaveOutcome::Updated(number)
    })
}

/// Keeps revision 1 of an entity as given (its time and author) unless it has revisions
/// already. Not journaled: it records what is and changes nothing. For an image's text,
/// whose first version comes with the image (see `media::revision`).
pub(crate) fn keep_first_revision(
    conn: &Connection,
    entity: EntityKind,
    key: &str,
    doc: &str,
    saved_at: &str,
    author: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO revisions (entity, entity_key, number, snapshot, saved_at, author)
         SELECT ?1, ?2, 1, ?3, ?4, ?5
          WHERE NOT EXISTS (SELECT 1 FROM revisions WHERE entity = ?1 AND entity_key = ?2)",
    )?
    .execute(params![entity.as_str(), key, doc, saved_at, author])?;
    Ok(())
}

/// [`record_revision`] of an image's text (store/media_text.rs saves it).
pub(crate) fn record_media_revision(
    conn: &SaveTx,
    hash: &str,
    doc: &str,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    record_revision(conn, EntityKind::Media, hash, doc, now)
}

/// Removes all content and its revisions (not profiles or targets), for a desk that takes
/// its content from a team instead (after a backup).
pub(crate) fn clear_content_tx(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM community_votes; DELETE FROM published_pages; DELETE FROM comparison_tools;
         DELETE FROM comparison_panel; DELETE FROM comparisons; DELETE FROM verdicts;
         DELETE FROM tools; DELETE FROM reviewers; DELETE FROM site_settings; DELETE FROM search_rows;
         DELETE FROM search_index; DELETE FROM revisions;",
    )?;
    Ok(())
}
