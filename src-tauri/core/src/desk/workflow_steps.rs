//! Workflow steps taken on the desk: a page or a verdict moved on as a profile (roles are
//! checked by the workflow), with what a page's step starts in publishing.

use super::{actor, Desk, DeskError, PublishPlan};
use crate::model::{verdict_key, Comparison, Verdict};
use crate::store::StoreError;
use crate::workflow::{apply_page_action, apply_verdict_action, PageAction, VerdictAction};

impl Desk {
    /// Moves a comparison through its workflow as `profile`, saving it (with a revision) in
    /// one transaction. Refusals change nothing.
    /// Publishing queues the page for every publishing target, and unpublishing queues its
    /// removal from every target that holds it (the worker sends them).
    pub fn page_action(
        &self,
        profile: &str,
        comparison: &str,
        action: PageAction,
    ) -> Result<Comparison, DeskError> {
        let page = self.transition(profile, comparison, action)?;
        match action {
            PageAction::Publish => {
                let targets = self.targets()?;
                if !targets.is_empty() {
                    let mut plan = PublishPlan::default();
                    self.queue_puts(&targets, std::slice::from_ref(&page.slug), true, &mut plan)?;
                }
            }
            PageAction::Unpublish => {
                self.queue_removal(std::slice::from_ref(&page.slug))?;
            }
            // A target that publishes scheduled pages itself (Ghost) gets the page now, with
            // its time; taken off the schedule, the page leaves it again.
            PageAction::Schedule { .. } => {
                self.queue_ahead(&page.slug, true)?;
            }
            PageAction::ReturnToDraft => {
                self.queue_removal(std::slice::from_ref(&page.slug))?;
            }
            _ => {}
        }
        Ok(page)
    }

    /// The workflow step alone, with the published-page record kept in step.
    pub(super) fn transition(
        &self,
        profile: &str,
        comparison: &str,
        action: PageAction,
    ) -> Result<Comparison, DeskError> {
        let mut store = self.store();
        let actor = actor(&store, profile)?;
        let mut page = store
            .comparison(comparison)?
            .ok_or_else(|| StoreError::NotFound {
                kind: "comparison",
                key: comparison.to_string(),
            })?;
        apply_page_action(&actor, &mut page, action, chrono::Utc::now())?;
        store.save_comparison(actor.ctx(), &page)?;
        match action {
            PageAction::Publish => {
                drop(store);
                let hash = self.page_hash(&page.slug)?;
                self.store().record_published(&page.slug, &hash)?;
            }
            PageAction::Unpublish => store.forget_published(&page.slug)?,
            _ => {}
        }
        Ok(page)
    }

    /// Moves a verdict through its workflow as `profile`. Refusals change nothing.
    pub fn verdict_action(
        &self,
        profile: &str,
        reviewer: &str,
        tool: &str,
        action: &VerdictAction,
    ) -> Result<Verdict, DeskError> {
        let mut store = self.store();
        let actor = actor(&store, profile)?;
        let mut verdict = store
            .verdicts_for_tool(tool)?
            .into_iter()
            .find(|v| v.reviewer == reviewer)
            .ok_or_else(|| StoreError::NotFound {
                kind: "verdict",
                key: verdict_key(reviewer, tool),
            })?;
        apply_verdict_action(&actor, &mut verdict, action, chrono::Utc::now())?;
        store.save_verdict(actor.ctx(), &verdict)?;
        Ok(verdict)
    }
}
