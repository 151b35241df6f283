//! A publisher's decisions on the queue's jobs: a failed job retried, a conflict seen as
//! a diff from the target's copy to ours and resolved either way.

use chrono::Utc;
use serde::Serialize;

use crate::desk::{require, Desk, DeskError, FieldChange};
use crate::publish::{self, JobView, PublishError};
use crate::workflow::Role;

/// A conflict as the publisher decides it: the target's copy against the page to be sent.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ConflictView {
    pub job: JobView,
    /// Where the target's copy lives, when known.
    pub remote_url: Option<String>,
    /// Field by field, from the target's copy (before) to ours (after). Empty when the page
    /// was removed on the target.
    pub changes: Vec<FieldChange>,
    pub removed_on_target: bool,
}

impl Desk {
    /// Puts a failed job back in the queue.
    pub fn retry_job(&self, profile: &str, id: i64) -> Result<(), DeskError> {
        let store = self.store();
        let _actor = require(&store, profile, Role::Publisher, "retry publishing")?;
        if store.outbox().retry(id, Utc::now())? {
            return Ok(());
        }
        Err(job_not_in(&store, id, JobExpect::Failed))
    }

    /// Decides a conflict: `overwrite` sends our page over the target's copy; otherwise the
    /// target's copy stays and the page is marked as kept there.
    pub fn resolve_conflict(
        &self,
        profile: &str,
        id: i64,
        overwrite: bool,
    ) -> Result<(), DeskError> {
        let store = self.store();
        let _actor = require(
            &store,
            profile,
            Role::Publisher,
            "resolve publishing conflicts",
        )?;
        if store.outbox().resolve(id, overwrite, Utc::now())? {
            return Ok(());
        }
        Err(job_not_in(&store, id, JobExpect::Conflict))
    }

    /// The conflict of job `id`: the target's copy against the page we would send now.
    pub fn conflict(&self, id: i64) -> Result<ConflictView, DeskError> {
        let (job, copy) = self
            .store()
            .outbox()
            .job(id)?
            .ok_or(PublishError::NoJob(id))?;
        if job.state != publish::JobState::Conflict {
            return Err(job_not_in(&self.store(), id, JobExpect::Conflict));
        }
        let target = self.target(&job.target)?;
        let source = self.page_source()?;
        let ours = source
            .outgoing(&job.slug)?
            .map(|p| publish::comparable(target.kind, &p))
            .unwrap_or(serde_json::Value::Null);
        let (changes, removed, url) = match &copy {
            Some(c) => (
                crate::desk::history::diff(&c.fields, &ours),
                false,
                c.url.clone(),
            ),
            None => (Vec::new(), true, None),
        };
        Ok(ConflictView {
            job,
            remote_url: url,
            changes,
            removed_on_target: removed,
        })
    }
}

enum JobExpect {
    Failed,
    Conflict,
}

fn job_not_in(store: &crate::Store, id: i64, expect: JobExpect) -> DeskError {
    match store.outbox().job(id) {
        Ok(Some((job, _))) => PublishError::JobState {
            id,
            state: job.state.as_str(),
            hint: match expect {
                JobExpect::Failed => "only a failed job can be retried",
                JobExpect::Conflict => "only a conflict can be resolved",
            },
        }
        .into(),
        _ => PublishError::NoJob(id).into(),
    }
}
