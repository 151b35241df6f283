//! The outbox worker: claims due jobs, runs them against their targets with bounded
//! concurrency and a timeout, and settles each one (done, retry later, failed, conflict).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use rand::Rng;
use serde::Serialize;
use tokio::task::JoinSet;

mod folder_site;
mod job;

use folder_site::record_site;
use job::{client_for, run_job};

use super::team_gate::TeamGate;
use super::{Target, TargetError};
use crate::render::PageCache;
use crate::secrets::SecretStore;
use crate::store::outbox::{Claimed, Outcome};
use crate::store::{Store, StoreError};

/// Why a run stopped before the outbox settled (a job's own failure is not one: it is
/// recorded on the job).
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Attempts before a job is marked failed.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// A request that takes longer is abandoned (and retried).
    pub request_timeout: Duration,
    /// The job's time budget for one wait: a `Retry-After` asking for longer is cut to this.
    pub max_retry_after: Duration,
    /// Only this target's jobs.
    pub target: Option<String>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            concurrency: 4,
            max_attempts: 8,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
            request_timeout: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(600),
            target: None,
        }
    }
}

/// Where a run stands; also its summary when it ends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Progress {
    /// Pages written or removed on a target.
    pub done: usize,
    /// Jobs that needed no request: the target already held that content.
    pub unchanged: usize,
    /// Attempts that failed and will be tried again.
    pub retries: usize,
    pub failed: usize,
    pub conflicts: usize,
    /// Jobs still queued or running.
    pub remaining: usize,
    /// What to know about a target from this run, each once, headed by the target's name
    /// (e.g. that share cards are not sent to a server that does not take them).
    pub notes: Vec<String>,
}

impl Progress {
    pub fn settled(&self) -> usize {
        self.done + self.unchanged + self.failed + self.conflicts
    }
}

impl std::fmt::Display for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} sent, {} unchanged, {} failed, {} conflicts ({} retried attempts)",
            self.done, self.unchanged, self.failed, self.conflicts, self.retries
        )
    }
}

struct Shared {
    store: Arc<Mutex<Store>>,
    /// Loaded when the first page is to be sent: a run with nothing to send renders nothing.
    pages: Arc<PageCache>,
    /// On a team desk: who writes a page, and what the targets hold, agreed with the team.
    team: Option<TeamGate>,
    /// The image uploads of this run, so pages that show the same image send it once.
    media: super::media::RunMedia,
}

impl Shared {
    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Runs the outbox of the desk in `data_dir` until no job is queued or running: failed and
/// conflicting jobs wait for a person. `progress` is called after every settled attempt.
pub async fn run_until_settled(
    data_dir: &Path,
    secrets: Arc<dyn SecretStore>,
    options: RunOptions,
    progress: impl Fn(&Progress) + Send + Sync,
) -> Result<Progress, WorkerError> {
    let mut store = crate::backup::open_dir(data_dir)?;
    // A page published on a team desk is a save the team hears of.
    store.set_journal(crate::team::local::journal());
    run_on(
        Arc::new(Mutex::new(store)),
        Arc::new(PageCache::new()),
        secrets,
        options,
        progress,
    )
    .await
}

/// Runs the outbox like [`run_until_settled`], on a store and a page cache the caller holds:
/// the desk's own (`Desk::run_outbox`), so a run inside the app shares its connection and
/// the pages it already loaded.
pub async fn run_on(
    store: Arc<Mutex<Store>>,
    pages: Arc<PageCache>,
    secrets: Arc<dyn SecretStore>,
    options: RunOptions,
    progress: impl Fn(&Progress) + Send + Sync,
) -> Result<Progress, WorkerError> {
    let team = {
        let store = store.lock().unwrap_or_else(|p| p.into_inner());
        TeamGate::for_store(&store, secrets.clone())?
    };
    let shared = Arc::new(Shared {
        store,
        pages,
        team,
        media: Default::default(),
    });
    let mut clients: HashMap<String, Arc<dyn Target>> = HashMap::new();
    let mut touched: HashMap<String, Arc<dyn Target>> = HashMap::new();
    let mut summary = Progress::default();
    let mut running: JoinSet<(Claimed, Outcome)> = JoinSet::new();
    let lease = chrono::Duration::from_std(options.request_timeout * 2 + Duration::from_secs(1))
        .unwrap_or(chrono::Duration::seconds(65));
    let target = options.target.as_deref();
    shared.store().outbox().release_dead_leases()?;
    summary.remaining = shared.store().outbox().pending(target)?;
    progress(&summary);

    loop {
        // Claim as many due jobs as there are free slots.
        let free = options.concurrency.max(1).saturating_sub(running.len());
        if free > 0 {
            let now = Utc::now();
            let claimed = shared
                .store()
                .outbox()
                .claim(target, now, now + lease, free)?;
            for job in claimed {
                let client = match clients.get(&job.target) {
                    Some(c) => Ok(c.clone()),
                    None => client_for(&shared, &job.target, secrets.as_ref()).inspect(|c| {
                        clients.insert(job.target.clone(), c.clone());
                    }),
                };
                let shared = shared.clone();
                let timeout = options.request_timeout;
                let max_attempts = options.max_attempts;
                let (base, max) = (options.base_delay, options.max_delay);
                let max_wait = options.max_retry_after;
                running.spawn(async move {
                    let outcome = match client {
                        Ok(client) => run_job(&shared, client.as_ref(), &job, timeout).await,
                        Err(e) => Err(TargetError::Permanent(e.to_string())),
                    };
                    let outcome = match outcome {
                        Ok(o) => o,
                        Err(TargetError::Conflict(copy)) => Outcome::Conflict(copy),
                        Err(TargetError::Permanent(e)) => Outcome::Failed(e),
                        Err(e @ (TargetError::Transient(_) | TargetError::Throttled { .. }))
                            if job.attempts >= max_attempts =>
                        {
                            Outcome::Failed(format!("gave up after {} attempts: {e}", job.attempts))
                        }
                        Err(TargetError::Transient(error)) => {
                            let delay =
                                super::backoff(job.attempts, base, max, rand::rng().random());
                            Outcome::Retry {
                                error,
                                at: Utc::now()
                                    + chrono::Duration::from_std(delay)
                                        .unwrap_or(chrono::Duration::seconds(60)),
                            }
                        }
                        Err(TargetError::Throttled {
                            message: error,
                            retry_after,
                        }) => {
                            // The endpoint said when; we wait that long, within the job's budget.
                            let delay =
                                super::backoff(job.attempts, base, max, rand::rng().random())
                                    .max(retry_after.min(max_wait));
                            Outcome::Retry {
                                error,
                                at: Utc::now()
                                    + chrono::Duration::from_std(delay)
                                        .unwrap_or(chrono::Duration::seconds(60)),
                            }
                        }
                    };
                    (job, outcome)
                });
            }
        }
        if running.is_empty() {
            // Nothing in flight: done, or wait until the next retry is due.
            let (pending, next) = {
                let store = shared.store();
                (
                    store.outbox().pending(target)?,
                    store.outbox().next_due(target)?,
                )
            };
            if pending == 0 {
                break;
            }
            // A process that held leases may have died meanwhile.
            if shared.store().outbox().release_dead_leases()? > 0 {
                continue;
            }
            let wait = next
                .map(|at| (at - Utc::now()).to_std().unwrap_or(Duration::ZERO))
                .unwrap_or(Duration::from_millis(100))
                .clamp(Duration::from_millis(5), Duration::from_secs(5));
            tokio::time::sleep(wait).await;
            continue;
        }
        // Wait for one job to finish (or for a queued retry to fall due).
        let finished = tokio::select! {
            done = running.join_next() => done,
            () = tokio::time::sleep(Duration::from_millis(200)) => None,
        };
        let Some(joined) = finished else { continue };
        // Settle every job that has finished by now together: one commit for the batch.
        let mut batch = vec![joined];
        while let Some(more) = running.try_join_next() {
            batch.push(more);
        }
        let mut settled = Vec::with_capacity(batch.len());
        for joined in batch {
            match joined {
                Ok(pair) => settled.push(pair),
                Err(e) => {
                    return Err(WorkerError::Io {
                        path: "publishing worker".into(),
                        source: std::io::Error::other(e.to_string()),
                    })
                }
            }
        }
        for (job, outcome) in &settled {
            match outcome {
                Outcome::Done(_) => {
                    summary.done += 1;
                    if let Some(c) = clients.get(&job.target) {
                        touched.insert(job.target.clone(), c.clone());
                    }
                }
                Outcome::Unchanged => summary.unchanged += 1,
                Outcome::Retry { error, .. } => {
                    summary.retries += 1;
                    tracing::debug!(job = job.id, slug = %job.slug, %error, "will retry");
                }
                Outcome::Failed(error) => {
                    summary.failed += 1;
                    tracing::warn!(job = job.id, slug = %job.slug, %error, "publishing job failed");
                }
                Outcome::Conflict(_) => summary.conflicts += 1,
            }
        }
        {
            let store = shared.store();
            let refs: Vec<(&Claimed, &Outcome)> = settled.iter().map(|(j, o)| (j, o)).collect();
            store.outbox().settle_all(&refs, Utc::now())?;
            summary.remaining = store.outbox().pending(target)?;
        }
        summary.notes = super::target_notes(&clients);
        if let Some(gate) = &shared.team {
            for (job, outcome) in &settled {
                if let Outcome::Done(record) = outcome {
                    // Every desk of the team learns what the target holds now; if the team
                    // cannot be told, this desk's own record still says it, and other desks
                    // meet the page as a conflict instead of overwriting it.
                    if let Err(e) = gate.record(&job.target, &job.slug, record.as_ref()).await {
                        tracing::warn!(slug = %job.slug, target = %job.target, error = %e,
                            "the team could not be told what the target holds");
                    }
                }
            }
        }
        progress(&summary);
    }

    for (name, client) in touched {
        let finished = client.finish(&shared.store());
        if let Err(e) = finished {
            tracing::warn!(target = %name, error = %e, "target could not finish the run");
            continue;
        }
        if let Err(e) = record_site(&shared, &name).await {
            tracing::warn!(target = %name, error = %e, "what the folder holds was not recorded");
        }
    }
    // Images no page there shows any more (a replaced logo), once its pages went again.
    super::media_gone::clear_after_run(&shared.store, &shared.pages, &clients).await;
    Ok(summary)
}
