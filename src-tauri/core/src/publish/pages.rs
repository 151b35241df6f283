//! The pages the outbox sends, rendered from saved content by the same renderer as the preview.
//!
//! What a page says is decided by its built page (the structured content every template
//! renders from), the theme and this build's templates; the content hash covers exactly
//! those, so telling a changed page from an unchanged one needs no template rendering.

use std::sync::Arc;

use super::{OutgoingCard, OutgoingPage};
use crate::model::ComparisonStatus;
use crate::render::{build_page, page_hash, Library, Page, RenderError, Renderer};

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

    fn built(&self, slug: &str) -> Result<Option<(Page, Vec<u8>, String)>, RenderError> {
        let Some(comparison) = self.lib.comparison(slug) else {
            return Ok(None);
        };
        if comparison.status != ComparisonStatus::Published {
            return Ok(None);
        }
        let page = build_page(&self.lib, comparison)?;
        let json = serde_json::to_vec(&page).expect("page serialises");
        let hash = page_hash(&page, self.renderer.theme());
        Ok(Some((page, json, hash)))
    }

    /// The content hash of the page as a target should hold it, without rendering it;
    /// `None` when the comparison is gone or is not published.
    pub fn content_hash(&self, slug: &str) -> Result<Option<String>, RenderError> {
        Ok(self.built(slug)?.map(|(_, _, hash)| hash))
    }

    /// The page as a target should hold it; `None` when the comparison is gone or is not
    /// published (a page is only ever sent once a publisher published it).
    pub fn outgoing(&self, slug: &str) -> Result<Option<OutgoingPage>, RenderError> {
        let Some((page, json, content_hash)) = self.built(slug)? else {
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
        }))
    }
}
