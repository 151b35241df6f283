//! Resolving a job the target refused as a conflict: ours sent over the target's copy, or
//! theirs kept and the page marked, remembered in the page's record either way.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

use super::{new_write_key, ts, Outbox, RemoteCopy};
use crate::store::Result;

impl Outbox<'_> {
    /// Resolves a conflict: send ours over the target's copy, or keep theirs and mark the page.
    ///
    /// Either decision is remembered in the page's record on the target, so it outlives this job:
    /// *overwrite* takes the target's copy as it is now as the version ours replaces (any later
    /// publish of the page sends ours over exactly that copy, and a further change there is a new
    /// conflict); *keep theirs* marks the page, also when the target had it before this desk
    /// ever published it (then the record has no version of ours: naming the page to publish it
    /// again meets the target's copy as a conflict, as for a page this desk published).
    pub(crate) fn resolve(&self, id: i64, overwrite: bool, now: DateTime<Utc>) -> Result<bool> {
        let conn = self.conn;
        let tx = conn.unchecked_transaction()?;
        let row: Option<(String, String, Option<String>)> = tx
            .query_row(
                "SELECT target, slug, remote_copy FROM outbox WHERE id = ?1 AND state = 'conflict'",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((target, slug, copy)) = row else {
            return Ok(false);
        };
        let copy: Option<RemoteCopy> = copy.and_then(|c| serde_json::from_str(&c).ok());
        let now_s = ts(now);
        // Their content is never taken for ours: a hash we never produce stands in when the
        // target does not report one.
        let their_hash = |c: &RemoteCopy| {
            c.content_hash
                .clone()
                .unwrap_or_else(|| "(the target's own copy)".to_string())
        };
        if overwrite {
            match &copy {
                Some(c) => {
                    tx.execute(
                        "INSERT INTO remote_pages (target, slug, remote_id, remote_url, content_hash, version, published_at, kept_remote)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)
                         ON CONFLICT(target, slug) DO UPDATE SET
                           remote_id = coalesce(excluded.remote_id, remote_pages.remote_id),
                           remote_url = coalesce(excluded.remote_url, remote_pages.remote_url),
                           content_hash = excluded.content_hash, version = excluded.version,
                           kept_remote = 0",
                        params![target, slug, c.remote_id, c.url, their_hash(c), c.version.clone().unwrap_or_default(), now_s],
                    )?;
                }
                // Removed on the target: ours is created anew.
                None => {
                    tx.execute(
                        "DELETE FROM remote_pages WHERE target = ?1 AND slug = ?2",
                        params![target, slug],
                    )?;
                }
            }
            tx.execute(
                "UPDATE outbox SET state = 'queued', overwrite = 0, attempts = 0, not_before = ?2,
                        generation = generation + 1, remote_copy = NULL, last_error = NULL,
                        write_key = ?3, updated_at = ?2 WHERE id = ?1",
                params![id, now_s, new_write_key()],
            )?;
        } else {
            tx.execute("DELETE FROM outbox WHERE id = ?1", [id])?;
            let marked = tx.execute(
                "UPDATE remote_pages SET kept_remote = 1 WHERE target = ?1 AND slug = ?2",
                params![target, slug],
            )?;
            if marked == 0 {
                if let Some(c) = &copy {
                    tx.execute(
                        "INSERT INTO remote_pages (target, slug, remote_id, remote_url, content_hash, version, published_at, kept_remote)
                         VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, 1)",
                        params![target, slug, c.remote_id, c.url, their_hash(c), now_s],
                    )?;
                }
            }
        }
        tx.commit()?;
        Ok(true)
    }
}
