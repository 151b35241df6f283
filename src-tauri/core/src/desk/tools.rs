//! Tool entries at the desk: reading, saving as an editor, and the live preview of a draft.

use serde::Serialize;

use super::{not_yet, require, taken, Desk, DeskError};
use crate::facts::stamp_checkers;
use crate::model::{ComparisonStatus, Tool};
use crate::render::build_tool_page_with;
use crate::store::StoreError;
use crate::validate::{FieldError, Validate};
use crate::workflow::Role;

/// A page that shows a tool, as the tool editor lists it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PageRef {
    pub slug: String,
    pub title: String,
    pub status: ComparisonStatus,
    /// Published: saving a change to the tool makes this page stale until it is republished.
    pub goes_stale: bool,
}

/// The tool's page rendered from unsaved form values, what is wrong with them, and the
/// pages the change reaches.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ToolPreview {
    pub html: String,
    pub problems: Vec<FieldError>,
    pub pages: Vec<PageRef>,
}

/// Who a fact checked in this save is recorded as checked by: the save's author (a team
/// member's login, or the profile's slug).
fn checker(actor: &super::Actor) -> &str {
    actor.ctx().author.as_deref().unwrap_or(&actor.slug)
}

/// A logo or screenshot must be an image this desk has (added first), never a dangling hash.
fn refuse_unknown_images(store: &crate::store::Store, tool: &Tool) -> Result<(), DeskError> {
    let unknown = crate::media::unknown_tool_images(store.conn(), tool)?;
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(unknown).into())
    }
}

impl Desk {
    pub fn tool(&self, slug: &str) -> Result<Tool, DeskError> {
        Ok(self
            .store()
            .tool(slug)?
            .ok_or_else(|| StoreError::NotFound {
                kind: "tool",
                key: slug.to_string(),
            })?)
    }

    /// Saves a change to an existing tool entry as `profile`, who must be an editor.
    pub fn save_tool(&self, profile: &str, tool: &Tool) -> Result<Tool, DeskError> {
        let mut store = self.store();
        let actor = require(&store, profile, Role::Editor, "edit tools")?;
        refuse_unknown_images(&store, tool)?;
        let Some(stored) = store.tool(&tool.slug)? else {
            return Err(not_yet("tool", &tool.slug));
        };
        let mut tool = tool.clone();
        stamp_checkers(Some(&stored), &mut tool, checker(&actor));
        store.save_tool(actor.ctx(), &tool)?;
        Ok(tool)
    }

    /// Adds a new tool entry as `profile`, an editor. A slug already in use is refused, so
    /// a new entry never overwrites another.
    pub fn create_tool(&self, profile: &str, tool: &Tool) -> Result<Tool, DeskError> {
        let mut store = self.store();
        let actor = require(&store, profile, Role::Editor, "add tools")?;
        refuse_unknown_images(&store, tool)?;
        if store.tool(&tool.slug)?.is_some() {
            return Err(taken("tool", &tool.slug));
        }
        let mut tool = tool.clone();
        stamp_checkers(None, &mut tool, checker(&actor));
        store.save_tool(actor.ctx(), &tool)?;
        Ok(tool)
    }

    /// The tool page as it would look with the form's values (its images on the app's
    /// `media` protocol); nothing is saved.
    pub fn preview_tool(&self, draft: &Tool) -> Result<ToolPreview, DeskError> {
        let lib = self.library()?;
        let renderer = self.renderer(&lib.site)?;
        let media = crate::render::pictures::MediaBase::app();
        let page = build_tool_page_with(&lib, draft, |_| true, &media);
        let html = renderer.tool_html(&lib.site, &page)?;
        let mut pages: Vec<PageRef> = lib
            .comparisons_with_tool(&draft.slug)
            .map(|c| PageRef {
                slug: c.slug.clone(),
                title: c.title.clone(),
                status: c.status,
                goes_stale: c.status == ComparisonStatus::Published,
            })
            .collect();
        pages.sort_by(|a, b| a.title.cmp(&b.title));
        Ok(ToolPreview {
            html,
            problems: draft.validate(),
            pages,
        })
    }
}
