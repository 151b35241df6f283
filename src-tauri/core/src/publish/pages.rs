//! The pages the outbox sends, rendered from saved content by the same renderer as the preview.
//!
//! What a page says is decided by its built page (the structured content every template
//! renders from), the theme and this build's templates; the content hash covers exactly
//! those, so telling a changed page from an unchanged one needs no template rendering.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{OutgoingCard, OutgoingPage};
use crate::model::ComparisonStatus;
use crate::render::{build_page, page_hash, Library, Page, RenderError, Renderer};

/// A page built for a target: the page, its JSON, its content hash, and the time a target
/// that schedules is to publish it (a scheduled page sent ahead).
type Built = (Page, Vec<u8>, String, Option<DateTime<Utc>>);

/// Pages from content already loaded (the [`PageCache`](crate::render::PageCache) the desk
/// and the worker share) and the renderer of its theme.
pub struct PageSource {
    lib: Arc<Library>,
    renderer: Arc<Renderer>,
}

impl PageSource {
    pub fn from_parts(lib: Arc<Library>, renderer: Arc<Renderer>) -> PageSource {
        PageSource { lib, renderer }
    }

    pub fn library(&self) -> &Library {
        &self.lib
    }

    fn built(&self, slug: &str, ahead: bool) -> Result<Option<Built>, RenderError> {
        let Some(comparison) = self.lib.comparison(slug) else {
            return Ok(None);
        };
        // A scheduled page goes ahead only to a target that publishes it itself at its time.
        let publish_at = match (comparison.status, comparison.scheduled_for) {
            (ComparisonStatus::Published, _) => None,
            (ComparisonStatus::Scheduled, Some(at)) if ahead => Some(at),
            _ => return Ok(None),
        };
        let page = build_page(&self.lib, comparison)?;
        let json = serde_json::to_vec(&page).expect("page serialises");
        let mut hash = page_hash(&page, self.renderer.theme());
        if let Some(at) = publish_at {
            // Another time is another write: rescheduling sends the page again.
            let at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            hash = crate::util::hash(&[hash.as_bytes(), b"scheduled", at.as_bytes()]);
        }
        Ok(Some((page, json, hash, publish_at)))
    }

    /// The content hash of the page as a target should hold it, without rendering it;
    /// `None` when the comparison is gone or is not published.
    pub fn content_hash(&self, slug: &str) -> Result<Option<String>, RenderError> {
        self.content_hash_for(slug, false)
    }

    /// Like [`PageSource::content_hash`]; with `ahead`, a scheduled page has one too (for a
    /// target that publishes scheduled pages itself, [`TargetKind::schedules`]).
    ///
    /// [`TargetKind::schedules`]: super::TargetKind::schedules
    pub fn content_hash_for(&self, slug: &str, ahead: bool) -> Result<Option<String>, RenderError> {
        Ok(self.built(slug, ahead)?.map(|(_, _, hash, _)| hash))
    }

    /// The content hash and the built page's JSON (which names every image the page
    /// shows), without rendering the page's HTML; `None` as for [`PageSource::content_hash`].
    pub(crate) fn hash_and_json(
        &self,
        slug: &str,
        ahead: bool,
    ) -> Result<Option<(String, Vec<u8>)>, RenderError> {
        Ok(self
            .built(slug, ahead)?
            .map(|(_, json, hash, _)| (hash, json)))
    }

    /// The page as a target should hold it; `None` when the comparison is gone or is not
    /// published (a page is only ever sent once a publisher published it).
    pub fn outgoing(&self, slug: &str) -> Result<Option<OutgoingPage>, RenderError> {
        self.outgoing_for(slug, false)
    }

    /// Like [`PageSource::outgoing`]; with `ahead`, a scheduled page too, carrying its time.
    pub fn outgoing_for(
        &self,
        slug: &str,
        ahead: bool,
    ) -> Result<Option<OutgoingPage>, RenderError> {
        let Some((page, json, content_hash, publish_at)) = self.built(slug, ahead)? else {
            return Ok(None);
        };
        let html = self.renderer.page_html(&page)?;
        let card = OutgoingCard::new(self.renderer.share_card_svg(&self.lib, &page)?);
        Ok(Some(OutgoingPage {
            slug: slug.to_string(),
            title: page.title.clone(),
            content_hash,
            page: serde_json::from_slice(&json).expect("page JSON reads back"),
            html,
            card,
            publish_at,
        }))
    }
}
