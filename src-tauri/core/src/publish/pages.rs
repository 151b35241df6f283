//! The pages the outbox sends, rendered from saved content by the same renderer as the preview.

use std::sync::Arc;

use super::OutgoingPage;
use crate::model::ComparisonStatus;
use crate::render::{build_page, Library, RenderError, Renderer};
use crate::store::Store;

/// Saved content loaded once for rendering many pages, and reloaded when it changes.
pub struct PageSource {
    token: (i64, u64),
    lib: Arc<Library>,
    renderer: Arc<Renderer>,
}

impl PageSource {
    pub fn load(store: &Store) -> Result<PageSource, RenderError> {
        let token = store.change_token()?;
        let mut lib = Library::load(store)?;
        lib.prerender();
        let renderer = Renderer::for_site(&lib.site)?;
        Ok(PageSource {
            token,
            lib: Arc::new(lib),
            renderer: Arc::new(renderer),
        })
    }

    /// Reloads when anything was saved since (here or in another process).
    pub fn refresh(&mut self, store: &Store) -> Result<(), RenderError> {
        if store.change_token()? != self.token {
            *self = PageSource::load(store)?;
        }
        Ok(())
    }

    pub fn library(&self) -> &Library {
        &self.lib
    }

    /// The page as a target should hold it; `None` when the comparison is gone or is not
    /// published (a page is only ever sent once a publisher published it).
    pub fn outgoing(&self, slug: &str) -> Result<Option<OutgoingPage>, RenderError> {
        let Some(comparison) = self.lib.comparison(slug) else {
            return Ok(None);
        };
        if comparison.status != ComparisonStatus::Published {
            return Ok(None);
        }
        let page = build_page(&self.lib, comparison)?;
        let html = self.renderer.page_html(&page)?;
        let json = serde_json::to_vec(&page).expect("page serialises");
        let content_hash = crate::site::hash(&[&json, html.as_bytes()]);
        Ok(Some(OutgoingPage {
            slug: slug.to_string(),
            title: comparison.title.clone(),
            content_hash,
            page: serde_json::from_slice(&json).expect("page JSON reads back"),
            html,
        }))
    }
}
