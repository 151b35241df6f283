//! Publishing as the desk offers it: queueing pages for the targets (with the roles and
//! workflow checks), scheduled pages, running the outbox; the targets, the queue's jobs and
//! the readers' votes are its children. The network work itself is the outbox worker's
//! (`crate::publish`).

mod jobs;
mod targets;
mod votes;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use jobs::ConflictView;
pub use targets::test_target;
pub use votes::pull_votes;

use super::{require, Desk, DeskError};
use crate::model::ComparisonStatus;
use crate::publish::{Op, PageSource, PublishError, TargetConfig};
use crate::secrets::SecretStore;
use crate::store::{SaveCtx, StoreError};
use crate::workflow::{PageAction, Profile, Role};

/// Which pages to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every published page (pages kept at a target's copy after a conflict are left out).
    AllPublished,
    /// These pages; approved or scheduled ones are published first.
    Pages(Vec<String>),
}

/// What queueing did, page by page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PublishPlan {
    /// Pages that moved to Published on the way.
    pub published: Vec<String>,
    /// (target, page) jobs now in the outbox.
    pub queued: Vec<(String, String)>,
    /// (target, page) the target already holds as it is: nothing to send.
    pub unchanged: Vec<(String, String)>,
    /// (target, page) left alone because the publisher kept the target's copy.
    pub kept_remote: Vec<(String, String)>,
}

impl Desk {
    /// Queues pages for one target (or all), as `profile`, who must be a publisher. Approved
    /// and scheduled pages named in `selection` are published first; a page a target already
    /// holds unchanged is not queued at all. Any page that cannot be published refuses the
    /// whole request, and nothing changes.
    pub fn queue_publish(
        &self,
        profile: &str,
        target: Option<&str>,
        selection: &Selection,
    ) -> Result<PublishPlan, DeskError> {
        let targets = self.chosen_targets(target)?;
        let actor = require(&self.store(), profile, Role::Publisher, "publish pages")?;
        let mut plan = PublishPlan::default();
        let slugs: Vec<String> = match selection {
            Selection::AllPublished => self
                .store()
                .comparisons()?
                .into_iter()
                .filter(|c| c.status == ComparisonStatus::Published)
                .map(|c| c.slug)
                .collect(),
            Selection::Pages(slugs) => {
                self.check_publishable(slugs)?;
                for slug in slugs {
                    let page = self.comparison(slug)?;
                    if page.status != ComparisonStatus::Published {
                        self.transition(&actor.slug, slug, PageAction::Publish)?;
                        plan.published.push(slug.clone());
                    }
                }
                slugs.clone()
            }
        };
        let explicit = matches!(selection, Selection::Pages(_));
        self.queue_puts(&targets, &slugs, explicit, &mut plan)?;
        Ok(plan)
    }

    fn chosen_targets(&self, target: Option<&str>) -> Result<Vec<TargetConfig>, DeskError> {
        match target {
            Some(name) => Ok(vec![self.target(name)?]),
            None => {
                let all = self.targets()?;
                if all.is_empty() {
                    return Err(PublishError::NoTargets.into());
                }
                Ok(all)
            }
        }
    }

    /// Runs the outbox until no job is queued or running, on this desk's own store and page
    /// cache (a run through [`crate::publish::run_until_settled`] opens its own).
    pub async fn run_outbox(
        &self,
        secrets: std::sync::Arc<dyn SecretStore>,
        options: crate::publish::RunOptions,
        progress: impl Fn(&crate::publish::Progress) + Send + Sync,
    ) -> Result<crate::publish::Progress, crate::publish::WorkerError> {
        crate::publish::run_on(
            std::sync::Arc::clone(&self.store),
            std::sync::Arc::clone(&self.pages),
            secrets,
            options,
            progress,
        )
        .await
    }

    /// Pages from the desk's cached content and renderer.
    fn page_source(&self) -> Result<PageSource, DeskError> {
        let lib = self.library()?;
        let renderer = self.renderer(&lib.site)?;
        Ok(PageSource::from_parts(lib, renderer))
    }

    /// Every named page exists and is approved, scheduled or published; otherwise one error
    /// naming each page that is not.
    fn check_publishable(&self, slugs: &[String]) -> Result<(), DeskError> {
        let mut problems = Vec::new();
        for (i, slug) in slugs.iter().enumerate() {
            match self.store().comparison(slug)? {
                None => problems.push(crate::FieldError::new(
                    format!("pages[{i}]"),
                    format!("no comparison \"{slug}\""),
                )),
                Some(c)
                    if matches!(
                        c.status,
                        ComparisonStatus::Draft | ComparisonStatus::InReview
                    ) =>
                {
                    problems.push(crate::FieldError::new(
                        format!("pages[{i}]"),
                        format!(
                            "\"{slug}\" is {}; it must be approved before it is published",
                            if c.status == ComparisonStatus::Draft {
                                "a draft"
                            } else {
                                "in review"
                            }
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Invalid(problems).into())
        }
    }

    /// Renders each page once and queues it for every target that does not hold it as it is.
    pub(super) fn queue_puts(
        &self,
        targets: &[TargetConfig],
        slugs: &[String],
        explicit: bool,
        plan: &mut PublishPlan,
    ) -> Result<(), DeskError> {
        use rayon::prelude::*;
        let source = self.page_source()?;
        let hashes: Vec<(String, Option<String>)> = slugs
            .par_iter()
            .map(|slug| source.content_hash(slug).map(|h| (slug.clone(), h)))
            .collect::<Result<_, _>>()?;
        // A target that publishes scheduled pages itself (Ghost) holds them ahead.
        let ahead: Vec<(String, Option<String>)> = if targets.iter().any(|t| t.kind.schedules()) {
            slugs
                .par_iter()
                .map(|slug| {
                    source
                        .content_hash_for(slug, true)
                        .map(|h| (slug.clone(), h))
                })
                .collect::<Result<_, _>>()?
        } else {
            Vec::new()
        };
        let store = self.store();
        let now = Utc::now();
        let tx = store
            .conn()
            .unchecked_transaction()
            .map_err(StoreError::from)?;
        for target in targets {
            let held = crate::store::Outbox::on(&tx).remote_hashes(&target.name)?;
            let open = crate::store::Outbox::on(&tx).open_slugs(&target.name)?;
            let hashes = if target.kind.schedules() {
                &ahead
            } else {
                &hashes
            };
            for (slug, hash) in hashes {
                let Some(hash) = hash else { continue };
                let pair = (target.name.clone(), slug.clone());
                match held.get(slug) {
                    Some((_, true)) if !explicit => plan.kept_remote.push(pair),
                    Some((h, _)) if h == hash && !open.contains(slug) => plan.unchanged.push(pair),
                    _ => {
                        crate::store::Outbox::on(&tx).enqueue(&target.name, slug, Op::Put, now)?;
                        plan.queued.push(pair);
                    }
                }
            }
        }
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// Queues a scheduled page for the targets that publish scheduled pages themselves
    /// (Ghost), which hold it ahead of its time; `explicit` as for [`Desk::queue_publish`].
    pub(super) fn queue_ahead(&self, slug: &str, explicit: bool) -> Result<(), DeskError> {
        let targets: Vec<TargetConfig> = self
            .targets()?
            .into_iter()
            .filter(|t| t.kind.schedules())
            .collect();
        if !targets.is_empty() {
            let mut plan = PublishPlan::default();
            self.queue_puts(&targets, &[slug.to_string()], explicit, &mut plan)?;
        }
        Ok(())
    }

    /// Unpublishes pages (as a publisher) and queues their removal from every target that
    /// holds them.
    pub fn queue_unpublish(
        &self,
        profile: &str,
        slugs: &[String],
    ) -> Result<PublishPlan, DeskError> {
        let actor = require(&self.store(), profile, Role::Publisher, "unpublish pages")?;
        let mut problems = Vec::new();
        for (i, slug) in slugs.iter().enumerate() {
            if self.store().comparison(slug)?.is_none() {
                problems.push(crate::FieldError::new(
                    format!("pages[{i}]"),
                    format!("no comparison \"{slug}\""),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems).into());
        }
        for slug in slugs {
            if self.comparison(slug)?.status == ComparisonStatus::Published {
                self.transition(&actor.slug, slug, PageAction::Unpublish)?;
            }
        }
        self.queue_removal(slugs)
    }

    /// Queues the pages' removal from every target that holds them (or has them queued).
    pub(super) fn queue_removal(&self, slugs: &[String]) -> Result<PublishPlan, DeskError> {
        let mut plan = PublishPlan::default();
        let store = self.store();
        let now = Utc::now();
        let tx = store
            .conn()
            .unchecked_transaction()
            .map_err(StoreError::from)?;
        for target in crate::store::Outbox::on(&tx).targets()? {
            let held = crate::store::Outbox::on(&tx).remote_hashes(&target.name)?;
            let open = crate::store::Outbox::on(&tx).open_slugs(&target.name)?;
            for slug in slugs {
                if held.contains_key(slug) || open.contains(slug) {
                    crate::store::Outbox::on(&tx).enqueue(&target.name, slug, Op::Delete, now)?;
                    plan.queued.push((target.name.clone(), slug.clone()));
                }
            }
        }
        tx.commit().map_err(StoreError::from)?;
        Ok(plan)
    }

    /// Publishes every scheduled page whose time has come, and queues it for every target.
    /// The publisher who scheduled it decided; the schedule carries that decision out.
    pub fn publish_due(&self, now: DateTime<Utc>) -> Result<PublishPlan, DeskError> {
        let due: Vec<String> = self
            .store()
            .comparisons_with_status(ComparisonStatus::Scheduled)?
            .into_iter()
            .filter(|c| c.scheduled_for.is_some_and(|at| at <= now))
            .map(|c| c.slug)
            .collect();
        let mut plan = PublishPlan::default();
        let targets = self.targets()?;
        // Targets that publish a page themselves at its time (Ghost) and hold it already.
        let mut held_ahead: Vec<std::collections::HashSet<String>> = Vec::new();
        if !due.is_empty() {
            for target in &targets {
                held_ahead.push(if target.kind.schedules() {
                    let held = self.store().outbox().remote_hashes(&target.name)?;
                    held.into_keys().collect()
                } else {
                    Default::default()
                });
            }
        }
        let scheduler = Profile {
            slug: "schedule".into(),
            name: "the schedule".into(),
            roles: vec![Role::Publisher],
            reviewer: None,
        };
        for slug in &due {
            let mut page = self.comparison(slug)?;
            // When it was due, kept to tell a page that went out late (a missed schedule).
            let due_at = page.scheduled_for.unwrap_or(now);
            crate::workflow::apply_page_action(&scheduler, &mut page, PageAction::Publish, now)?;
            self.store()
                .save_comparison(&SaveCtx::unattributed(), &page)?;
            let hash = self.page_hash(slug)?;
            self.store().record_published(slug, &hash)?;
            // Every target published it itself at its time (Ghost's scheduled post): it went
            // out on time, however long the desk was closed.
            let on_time = !targets.is_empty() && held_ahead.iter().all(|held| held.contains(slug));
            self.store()
                .record_schedule_run(&crate::store::receipts::ScheduleRun {
                    slug: slug.clone(),
                    due_at,
                    published_at: if on_time { due_at } else { now },
                })?;
            plan.published.push(slug.clone());
        }
        if !due.is_empty() && !targets.is_empty() {
            self.queue_puts(&targets, &due, true, &mut plan)?;
        }
        Ok(plan)
    }
}
