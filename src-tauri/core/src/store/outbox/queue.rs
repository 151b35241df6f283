//! The queue's life: a job queued for a page, claimed under a lease (taken over when its
//! holder is gone), settled by its outcome, retried after a failure.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{conflict_message, new_write_key, ts, Claimed, Op, Outbox, Outcome};
use crate::store::Result;

impl Outbox<'_> {
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
