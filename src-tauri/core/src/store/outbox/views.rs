//! What the outbox holds, read: the queue's jobs and counts, and the pages each target
//! holds by this desk's record.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};

use super::{JobState, JobView, Op, Outbox, PageState, RemoteCopy, RemoteRecord};
use crate::store::Result;

impl Outbox<'_> {
    pub(crate) fn remote_record(&self, target: &str, slug: &str) -> Result<Option<RemoteRecord>> {
        let conn = self.conn;
        Ok(conn
            .query_row(
                "SELECT remote_id, remote_url, content_hash, version FROM remote_pages
                  WHERE target = ?1 AND slug = ?2",
                params![target, slug],
                |r| {
                    Ok(RemoteRecord {
                        remote_id: r.get(0)?,
                        url: r.get(1)?,
                        content_hash: r.get(2)?,
                        version: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// Slug → (content hash, kept_remote) of every page the target holds.
    pub(crate) fn remote_hashes(&self, target: &str) -> Result<HashMap<String, (String, bool)>> {
        let conn = self.conn;
        let mut stmt = conn.prepare(
            "SELECT slug, content_hash, kept_remote FROM remote_pages WHERE target = ?1",
        )?;
        let rows = stmt
            .query_map([target], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Slugs with an open job on the target.
    pub(crate) fn open_slugs(&self, target: &str) -> Result<HashSet<String>> {
        let conn = self.conn;
        let mut stmt = conn.prepare("SELECT slug FROM outbox WHERE target = ?1")?;
        let rows = stmt
            .query_map([target], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Jobs still to run (queued or running), optionally on one target.
    pub(crate) fn pending(&self, target: Option<&str>) -> Result<usize> {
        let conn = self.conn;
        let n: i64 = conn.query_row(
            "SELECT count(*) FROM outbox WHERE state IN ('queued', 'running') AND (?1 IS NULL OR target = ?1)",
            [target],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// When the earliest queued job becomes due.
    pub(crate) fn next_due(&self, target: Option<&str>) -> Result<Option<DateTime<Utc>>> {
        let conn = self.conn;
        let at: Option<String> = conn.query_row(
            "SELECT min(CASE WHEN state = 'queued' THEN not_before ELSE lease_until END)
               FROM outbox WHERE state IN ('queued', 'running') AND (?1 IS NULL OR target = ?1)",
            [target],
            |r| r.get(0),
        )?;
        Ok(at
            .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    pub(crate) fn jobs(&self) -> Result<Vec<JobView>> {
        let conn = self.conn;
        let mut stmt = conn.prepare(&format!(
            "SELECT {JOB_COLUMNS} FROM outbox ORDER BY
               CASE state WHEN 'conflict' THEN 0 WHEN 'failed' THEN 1 WHEN 'running' THEN 2 ELSE 3 END, id"
        ))?;
        let rows = stmt
            .query_map([], job_of)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub(crate) fn job(&self, id: i64) -> Result<Option<(JobView, Option<RemoteCopy>)>> {
        let conn = self.conn;
        Ok(conn
            .query_row(
                &format!("SELECT {JOB_COLUMNS}, remote_copy FROM outbox WHERE id = ?1"),
                [id],
                |r| {
                    let copy: Option<String> = r.get(8)?;
                    Ok((job_of(r)?, copy.and_then(|c| serde_json::from_str(&c).ok())))
                },
            )
            .optional()?)
    }

    pub(crate) fn pages(&self) -> Result<Vec<PageState>> {
        let conn = self.conn;
        let mut stmt = conn.prepare(
            "SELECT target, slug, remote_id, remote_url, published_at, kept_remote FROM remote_pages
              ORDER BY slug, target",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(PageState {
                    target: r.get(0)?,
                    slug: r.get(1)?,
                    remote_id: r.get(2)?,
                    url: r.get(3)?,
                    published_at: r.get(4)?,
                    kept_remote: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub(crate) fn page_counts(&self) -> Result<HashMap<String, usize>> {
        let conn = self.conn;
        let mut stmt = conn.prepare("SELECT target, count(*) FROM remote_pages GROUP BY target")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

fn job_of(r: &Row<'_>) -> rusqlite::Result<JobView> {
    Ok(JobView {
        id: r.get(0)?,
        target: r.get(1)?,
        slug: r.get(2)?,
        op: Op::parse(&r.get::<_, String>(3)?),
        state: JobState::parse(&r.get::<_, String>(4)?),
        attempts: r.get(5)?,
        not_before: r.get(6)?,
        last_error: r.get(7)?,
    })
}

const JOB_COLUMNS: &str = "id, target, slug, op, state, attempts, not_before, last_error";
