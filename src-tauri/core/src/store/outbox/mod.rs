//! The publishing outbox in SQLite: the targets, the queue of jobs, and what each target
//! acknowledged holding. Every change is one statement or one transaction, so a kill at any
//! moment leaves either the old state or the new one.

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{Result, Store};

mod types;

pub(crate) use types::{conflict_message, Claimed, Outcome};
pub use types::{
    JobState, JobView, Op, PageState, PublishingView, RemoteCopy, RemoteRecord, TargetConfig,
    TargetKind, TargetView,
};

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The outbox's tables, on the store's connection or inside one of its transactions.
pub struct Outbox<'a> {
    conn: &'a Connection,
}

impl Store {
    /// The publishing outbox of this store.
    pub(crate) fn outbox(&self) -> Outbox<'_> {
        Outbox { conn: self.conn() }
    }
}

impl<'a> Outbox<'a> {
    /// The outbox inside a transaction the caller holds.
    pub(crate) fn on(conn: &'a Connection) -> Outbox<'a> {
        Outbox { conn }
    }

    pub(crate) fn add_target(&self, t: &TargetConfig) -> Result<bool> {
        let conn = self.conn;
        let n = conn.execute(
            "INSERT INTO targets (name, kind, url, user, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(name) DO NOTHING",
            params![
                t.name,
                t.kind.as_str(),
                t.url,
                t.user.as_deref().filter(|u| !u.trim().is_empty()),
                ts(Utc::now())
            ],
        )?;
        Ok(n == 1)
    }

    pub(crate) fn remove_target(&self, name: &str) -> Result<bool> {
        let conn = self.conn;
        Ok(conn.execute("DELETE FROM targets WHERE name = ?1", [name])? == 1)
    }

    pub(crate) fn targets(&self) -> Result<Vec<TargetConfig>> {
        let conn = self.conn;
        let mut stmt = conn.prepare("SELECT name, kind, url, user FROM targets ORDER BY name")?;
        let rows = stmt
            .query_map([], target_of)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub(crate) fn target(&self, name: &str) -> Result<Option<TargetConfig>> {
        let conn = self.conn;
        Ok(conn
            .query_row(
                "SELECT name, kind, url, user FROM targets WHERE name = ?1",
                [name],
                target_of,
            )
            .optional()?)
    }

    /// Queues `op` for the page on the target. A job already waiting for the page takes the new
    /// operation (a running one learns of it through its generation and runs again). A job
    /// still waiting or running for the same operation keeps its key: it is the same write,
    /// which may have landed in a run that was killed, and the target recognises the key.
    pub(crate) fn enqueue(
        &self,
        target: &str,
        slug: &str,
        op: Op,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let conn = self.conn;
        let now = ts(now);
        conn.execute(
            "INSERT INTO outbox (target, slug, op, state, not_before, created_at, updated_at, write_key)
             VALUES (?1, ?2, ?3, 'queued', ?4, ?4, ?4, ?5)
             ON CONFLICT(target, slug) DO UPDATE SET
               write_key = CASE WHEN outbox.op = excluded.op AND outbox.state IN ('queued', 'running')
                                THEN coalesce(outbox.write_key, excluded.write_key)
                                ELSE excluded.write_key END,
               op = excluded.op,
               state = CASE WHEN outbox.state = 'running' THEN 'running' ELSE 'queued' END,
               attempts = 0, not_before = excluded.not_before, generation = outbox.generation + 1,
               overwrite = 0, last_error = NULL, remote_copy = NULL, updated_at = excluded.updated_at",
            params![target, slug, op.as_str(), now, new_write_key()],
        )?;
        Ok(())
    }

    /// Makes the leases of running jobs whose holder is provably gone (a process on this machine
    /// that no longer runs) due now, so they are taken over without waiting for them to expire.
    pub(crate) fn release_dead_leases(&self) -> Result<usize> {
        let conn = self.conn;
        let mut stmt = conn.prepare(
            "SELECT DISTINCT lease_holder FROM outbox
              WHERE state = 'running' AND lease_holder IS NOT NULL AND lease_until <> ''",
        )?;
        let holders: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut released = 0;
        for holder in holders.iter().filter(|h| crate::util::lease::is_gone(h)) {
            released += conn.execute(
                "UPDATE outbox SET lease_until = '' WHERE state = 'running' AND lease_holder = ?1",
                [holder],
            )?;
        }
        if released > 0 {
            tracing::info!(
                jobs = released,
                "took over the publishing jobs of a process that is gone"
            );
        }
        Ok(released)
    }

    /// Claims up to `limit` due jobs (queued and due, or running with an expired lease: left by a
    /// process that died), counting the attempt now so that a kill mid-request still counts.
    pub(crate) fn claim(
        &self,
        target: Option<&str>,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Claimed>> {
        let conn = self.conn;
        let mut stmt = conn.prepare_cached(
            "UPDATE outbox SET state = 'running', lease_until = ?3, attempts = attempts + 1,
                    updated_at = ?2, lease_holder = ?5, write_key = coalesce(write_key, ?6 || '-' || id)
              WHERE id IN (
                SELECT id FROM outbox
                 WHERE ((state = 'queued' AND not_before <= ?2) OR (state = 'running' AND lease_until < ?2))
                   AND (?1 IS NULL OR target = ?1)
                 ORDER BY not_before, id LIMIT ?4)
             RETURNING id, target, slug, op, attempts, generation, overwrite, write_key",
        )?;
        // Jobs queued before keys were kept (schema 5) get one now: one random prefix per claim,
        // made unique per job by its id.
        let rows = stmt
            .query_map(
                params![
                    target,
                    ts(now),
                    ts(lease_until),
                    limit as i64,
                    crate::util::lease::this_process(),
                    new_write_key()
                ],
                |r| {
                    Ok(Claimed {
                        id: r.get(0)?,
                        target: r.get(1)?,
                        slug: r.get(2)?,
                        op: Op::parse(&r.get::<_, String>(3)?),
                        attempts: r.get(4)?,
                        generation: r.get(5)?,
                        overwrite: r.get(6)?,
                        write_key: r.get(7)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Records each finished job's outcome and closes or reschedules it, all in one
    /// transaction: one commit (and one wait for the disk) however many jobs finished
    /// together. A job re-queued while it ran (its generation moved) goes back to the queue.
    /// A crash before the commit leaves them all leased, to be sent again under the same
    /// idempotency keys.
    pub(crate) fn settle_all(
        &self,
        settled: &[(&Claimed, &Outcome)],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let conn = self.conn;
        let tx = conn.unchecked_transaction()?;
        let now_s = ts(now);
        for (job, outcome) in settled {
            settle_one(&tx, job, outcome, &now_s)?;
        }
        tx.commit()?;
        Ok(())
    }

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
    pub(crate) fn open_slugs(&self, target: &str) -> Result<std::collections::HashSet<String>> {
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

    /// Puts a failed job back in the queue, from its first attempt.
    pub(crate) fn retry(&self, id: i64, now: DateTime<Utc>) -> Result<bool> {
        let conn = self.conn;
        Ok(conn.execute(
            "UPDATE outbox SET state = 'queued', attempts = 0, not_before = ?2, lease_until = NULL,
                    generation = generation + 1, write_key = ?3, updated_at = ?2
              WHERE id = ?1 AND state = 'failed'",
            params![id, ts(now), new_write_key()],
        )? == 1)
    }

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

/// One job's outcome, inside the caller's transaction.
fn settle_one(tx: &Connection, job: &Claimed, outcome: &Outcome, now_s: &str) -> Result<()> {
    let current: Option<i64> = tx
        .query_row(
            "SELECT generation FROM outbox WHERE id = ?1",
            [job.id],
            |r| r.get(0),
        )
        .optional()?;
    let superseded = current != Some(job.generation);
    if let Outcome::Done(record) = outcome {
        match (job.op, record) {
            (Op::Put, Some(rec)) => {
                tx.execute(
                    "INSERT INTO remote_pages (target, slug, remote_id, remote_url, content_hash, version, published_at, kept_remote)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)
                     ON CONFLICT(target, slug) DO UPDATE SET remote_id = excluded.remote_id,
                       remote_url = excluded.remote_url, content_hash = excluded.content_hash,
                       version = excluded.version, published_at = excluded.published_at, kept_remote = 0",
                    params![job.target, job.slug, rec.remote_id, rec.url, rec.content_hash, rec.version, now_s],
                )?;
            }
            _ => {
                tx.execute(
                    "DELETE FROM remote_pages WHERE target = ?1 AND slug = ?2",
                    params![job.target, job.slug],
                )?;
            }
        }
    }
    if superseded {
        tx.execute(
            "UPDATE outbox SET state = 'queued', lease_until = NULL, attempts = 0, not_before = ?2,
                        updated_at = ?2 WHERE id = ?1",
            params![job.id, now_s],
        )?;
    } else {
        match outcome {
            Outcome::Done(_) | Outcome::Unchanged => {
                tx.execute("DELETE FROM outbox WHERE id = ?1", [job.id])?;
            }
            Outcome::Retry { error, at } => {
                tx.execute(
                    "UPDATE outbox SET state = 'queued', lease_until = NULL, not_before = ?2,
                                last_error = ?3, updated_at = ?4 WHERE id = ?1",
                    params![job.id, ts(*at), error, now_s],
                )?;
            }
            Outcome::Failed(error) => {
                tx.execute(
                    "UPDATE outbox SET state = 'failed', lease_until = NULL, last_error = ?2,
                                updated_at = ?3 WHERE id = ?1",
                    params![job.id, error, now_s],
                )?;
            }
            Outcome::Conflict(remote) => {
                let copy = remote
                    .as_ref()
                    .map(|c| serde_json::to_string(c).expect("remote copy serialises"));
                let message = conflict_message(remote.as_deref()).to_string();
                tx.execute(
                    "UPDATE outbox SET state = 'conflict', lease_until = NULL, last_error = ?2,
                                remote_copy = ?3, updated_at = ?4 WHERE id = ?1",
                    params![job.id, message, copy, now_s],
                )?;
            }
        }
    }
    Ok(())
}

fn target_of(r: &Row<'_>) -> rusqlite::Result<TargetConfig> {
    let kind: String = r.get(1)?;
    Ok(TargetConfig {
        name: r.get(0)?,
        kind: TargetKind::parse(&kind).unwrap_or(TargetKind::Http),
        url: r.get(2)?,
        user: r.get(3)?,
    })
}

/// A new idempotency key: random, so keys never collide across desks, copies and restores
/// writing to one server (the key space is shared by every client of a server).
pub(crate) fn new_write_key() -> String {
    uuid::Uuid::new_v4().to_string()
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
