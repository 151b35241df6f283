//! One job against its target: the page rendered (or found unchanged without rendering),
//! claimed on the team's server on a team desk, its images sent first, then written or
//! removed under an idempotency key and a timeout.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use super::Shared;
use crate::publish::team_gate::{Claim, TeamGate, BUSY_WAIT};
use crate::publish::{connect, PageSource, PublishError, Target, TargetError};
use crate::secrets::SecretStore;
use crate::store::outbox::{Claimed, Op, Outcome};

pub(super) fn client_for(
    shared: &Shared,
    name: &str,
    secrets: &dyn SecretStore,
) -> Result<Arc<dyn Target>, String> {
    // A database error reads as itself, not as a missing target.
    let config = match shared.store().outbox().target(name) {
        Ok(Some(config)) => config,
        Ok(None) => return Err(PublishError::NoTarget(name.to_string()).to_string()),
        Err(e) => return Err(e.to_string()),
    };
    connect(&config, secrets).map_err(|e| e.to_string())
}

pub(super) async fn run_job(
    shared: &Shared,
    client: &dyn Target,
    job: &Claimed,
    timeout: Duration,
) -> Result<Outcome, TargetError> {
    let last = shared
        .store()
        .outbox()
        .remote_record(&job.target, &job.slug)
        .map_err(|e| TargetError::Transient(e.to_string()))?;
    match job.op {
        Op::Put => {
            let mut site_base = None;
            let page = {
                let unrenderable = |e: crate::render::RenderError| {
                    TargetError::Permanent(format!("the page cannot be rendered: {e}"))
                };
                // Reloaded only when something was saved since, here or in another process.
                let lib = shared
                    .pages
                    .library(shared.store())
                    .map_err(|e| unrenderable(e.into()))?;
                let renderer = shared.pages.renderer(&lib.site).map_err(unrenderable)?;
                site_base.clone_from(&lib.site.base_url);
                let source = PageSource::from_parts(lib, renderer);
                // Nothing to send when the target holds this content: decided without rendering.
                // A target that schedules takes a scheduled page ahead of its time.
                let ahead = client.schedules();
                let hash = source
                    .content_hash_for(&job.slug, ahead)
                    .map_err(unrenderable)?;
                if hash.is_some()
                    && !job.overwrite
                    && last.as_ref().map(|l| &l.content_hash) == hash.as_ref()
                {
                    return Ok(Outcome::Unchanged);
                }
                source
                    .outgoing_for(&job.slug, ahead)
                    .map_err(unrenderable)?
            };
            let Some(mut page) = page else {
                return Err(TargetError::Permanent(
                    "the page is not published any more (or was deleted), so it was not sent"
                        .into(),
                ));
            };
            let mut last = last;
            if let Some(gate) = &shared.team {
                match claim(gate, job).await? {
                    // The team knows what the target holds (perhaps written by another desk).
                    Some(record) if !job.overwrite && record.content_hash == page.content_hash => {
                        // Already there: take the team's record here, free the claim.
                        let team_page = crate::team::wire::TeamRemotePage {
                            target: job.target.clone(),
                            slug: job.slug.clone(),
                            remote_id: record.remote_id.clone(),
                            remote_url: record.url.clone(),
                            content_hash: record.content_hash.clone(),
                            version: record.version.clone(),
                            published_at: Utc::now(),
                            kept_remote: false,
                        };
                        crate::team::local::upsert_remote_page(shared.store().conn(), &team_page)
                            .map_err(|e| TargetError::Transient(e.to_string()))?;
                        if let Err(e) = gate.record(&job.target, &job.slug, Some(&record)).await {
                            tracing::debug!(error = %e, "claim left to expire");
                        }
                        return Ok(Outcome::Unchanged);
                    }
                    Some(record) => last = Some(record),
                    None => {}
                }
            }
            // The images it shows first, so the page never points at a file not there yet.
            crate::publish::media::prepare(
                &shared.media,
                &shared.store,
                client,
                &job.target,
                site_base.as_deref(),
                &mut page,
                timeout,
            )
            .await?;
            let key = idempotency_key(job, &page.content_hash);
            let put = client.put(&page, last.as_ref(), job.overwrite, &key);
            match tokio::time::timeout(timeout, put).await {
                Ok(result) => result.map(|rec| Outcome::Done(Some(rec))),
                Err(_) => Err(TargetError::Transient(format!(
                    "no answer within {} s",
                    timeout.as_secs_f32()
                ))),
            }
        }
        Op::Delete => {
            let mut last = last;
            if let Some(gate) = &shared.team {
                // The team may know of a write by another desk that this desk has not heard of.
                if let Some(record) = claim(gate, job).await? {
                    last = Some(record);
                }
            }
            // Nothing of ours there: no page, or only the target's own copy, kept by the
            // publisher (it was never ours to remove).
            if !matches!(&last, Some(l) if !l.version.is_empty()) {
                return Ok(Outcome::Unchanged);
            }
            let key = idempotency_key(job, "delete");
            match tokio::time::timeout(timeout, client.delete(&job.slug, last.as_ref(), &key)).await
            {
                Ok(result) => result.map(|()| Outcome::Done(None)),
                Err(_) => Err(TargetError::Transient(format!(
                    "no answer within {} s",
                    timeout.as_secs_f32()
                ))),
            }
        }
    }
}

/// Claims the job's page on the team's server: the team's record of what the target holds,
/// or a wait while another desk writes it, or a retry when the team cannot be asked.
async fn claim(
    gate: &TeamGate,
    job: &Claimed,
) -> Result<Option<crate::store::outbox::RemoteRecord>, TargetError> {
    match gate.claim(&job.target, &job.slug).await {
        Ok(Claim::Go(record)) => Ok(record),
        Ok(Claim::Busy(holder)) => Err(TargetError::Throttled {
            message: format!(
                "{holder}'s desk is writing this page to {} right now",
                job.target
            ),
            retry_after: BUSY_WAIT,
        }),
        Err(e) => Err(TargetError::Transient(format!(
            "the team's server could not be asked who writes this page: {e}"
        ))),
    }
}

/// Stable across retries of the same write (the job's random key, the operation and the
/// content), new for anything else, so a target can tell a repeat from a new write. The key
/// is random and kept with the job, so desks, copies and restores writing to one server never
/// share one. A retry asked for by a person or an overwrite after a conflict gets a new job
/// key: the target remembers the answer to the old one (a 412).
fn idempotency_key(job: &Claimed, content: &str) -> String {
    let short: String = content
        .chars()
        .filter(|c| c.is_ascii_graphic())
        .take(24)
        .collect();
    format!("vd-{}-{}-{short}", job.write_key, job.op.as_str())
}
