//! Comparison pages as the editor works on them: reading one, saving an edit, adding a new
//! page, and previewing a saved page or the form's unsaved values.

use serde::Serialize;

use super::{assign, not_yet, require, taken, Desk, DeskError};
use crate::model::{Comparison, ComparisonStatus};
use crate::render::build_page;
use crate::store::StoreError;
use crate::workflow::Role;

/// A page rendered from unsaved form state, with the checks that apply to it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct DraftPreview {
    pub html: String,
    pub checks: Vec<crate::checks::Check>,
}

impl Desk {
    pub fn comparison(&self, slug: &str) -> Result<Comparison, DeskError> {
        Ok(self
            .store()
            .comparison(slug)?
            .ok_or_else(|| StoreError::NotFound {
                kind: "comparison",
                key: slug.to_string(),
            })?)
    }

    /// Saves an edited comparison as `profile` (an editor). Its workflow state cannot be
    /// changed here: status and dates stay as stored; workflow steps go through
    /// `page_action`, where roles are checked.
    pub fn save_comparison(
        &self,
        profile: &str,
        edited: &Comparison,
    ) -> Result<Comparison, DeskError> {
        let mut store = self.store();
        let actor = require(&store, profile, Role::Editor, "edit comparisons")?;
        let stored = store
            .comparison(&edited.slug)?
            .ok_or_else(|| not_yet("comparison", &edited.slug))?;
        let mut page = edited.clone();
        page.status = stored.status;
        page.scheduled_for = stored.scheduled_for;
        page.published_at = stored.published_at;
        assign::check_assignee(&store, &page, Some(&stored))?;
        store.save_comparison(actor.ctx(), &page)?;
        drop(store);
        // Targets that publish scheduled pages themselves (Ghost) hold this one already: they
        // get the edit now, as the desk's own schedule would publish it.
        if page.status == ComparisonStatus::Scheduled {
            self.queue_ahead(&page.slug, false)?;
        }
        Ok(page)
    }

    /// Adds a new comparison as `profile` (an editor), as a draft. A slug already in use is
    /// refused, and so is a second page for the same tools (`PairTaken`, naming the page that
    /// has them, so the app can offer to open it). A page
    /// created without a dek starts with the site's default dek.
    pub fn create_comparison(
        &self,
        profile: &str,
        new: &Comparison,
    ) -> Result<Comparison, DeskError> {
        let mut store = self.store();
        let actor = require(&store, profile, Role::Editor, "add comparisons")?;
        if store.comparison(&new.slug)?.is_some() {
            return Err(taken("comparison", &new.slug));
        }
        if let Some((slug, title)) = store.comparison_for_tools(&new.tools, &new.slug)? {
            return Err(DeskError::PairTaken { slug, title });
        }
        let mut page = new.clone();
        page.status = ComparisonStatus::Draft;
        page.scheduled_for = None;
        page.published_at = None;
        if page.dek.trim().is_empty() {
            page.dek = store.site()?.default_dek;
        }
        assign::check_assignee(&store, &page, None)?;
        store.save_comparison(actor.ctx(), &page)?;
        Ok(page)
    }

    /// The finished page of a saved comparison, as HTML: what the preview shows and what
    /// the site and publishing write, from the same renderer.
    pub fn preview_comparison(&self, slug: &str) -> Result<String, DeskError> {
        let lib = self.library()?;
        let page = lib
            .comparison(slug)
            .ok_or_else(|| crate::render::RenderError::NoComparison(slug.to_string()))?;
        let renderer = self.renderer(&lib.site)?;
        Ok(renderer.page_html(&build_page(&lib, page)?)?)
    }

    /// The page as it would look with the form's unsaved values, and its checks. Nothing is
    /// saved; the draft may be invalid (the checks and the page say what is missing). Its
    /// images are on the app's `media` protocol (`MediaBase::app`), the rest as published.
    pub fn preview_draft(&self, draft: &Comparison) -> Result<DraftPreview, DeskError> {
        let lib = self.library()?;
        let renderer = self.renderer(&lib.site)?;
        // Unknown tools or reviewers are reported by the checks; the page shows the rest.
        let mut shown = draft.clone();
        shown.tools.retain(|t| lib.tools.contains_key(t));
        shown.panel.retain(|r| lib.reviewers.contains_key(r));
        let media = crate::render::pictures::MediaBase::app();
        let html = renderer.page_html(&crate::render::build_page_with(&lib, &shown, &media)?)?;
        let mut checks =
            crate::checks::check_comparison(&lib, draft, chrono::Utc::now().date_naive());
        checks.extend(self.link_checks(&lib, draft)?);
        checks.sort_by_key(|c| c.severity);
        Ok(DraftPreview { html, checks })
    }
}
