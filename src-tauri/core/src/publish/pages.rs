//! The pages the outbox sends, rendered from saved content by the same renderer as the preview.
//!
//! What a page says is decided by its built page (the structured content every template
//! renders from), the theme and this build's templates; the content hash covers exactly
//! those, so telling a changed page from an unchanged one needs no template rendering.

use std::sync::Arc;

use super::OutgoingPage;
use crate::model::ComparisonStatus;
use crate::render::{build_page, Library, Page, RenderError, Renderer};
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

    /// From content already loaded (the desk's cache).
    pub fn from_parts(lib: Arc<Library>, renderer: Arc<Renderer>) -> PageSource {
        PageSource {
            token: (-1, 0),
            lib,
            renderer,
        }
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

    fn built(&self, slug: &str) -> Result<Option<(Page, Vec<u8>, String)>, RenderError> {
        let Some(comparison) = self.lib.comparison(slug) else {
            return Ok(None);
        };
        if comparison.status != ComparisonStatus::Published {
            return Ok(None);
        }
        let page = build_page(&self.lib, comparison)?;
        let json = serde_json::to_vec(&page).expect("page serialises");
        // The modified time is when this desk last saved the page: desks of a team that hold
        // the same content differ in it, and a page is the same page whichever desk sends it.
        let unstamped = Page {
            modified_at: None,
            ..page.clone()
        };
        let hash = crate::util::hash(&[
            &serde_json::to_vec(&unstamped).expect("page serialises"),
            self.renderer.theme().as_bytes(),
            env!("CARGO_PKG_VERSION").as_bytes(),
        ]);
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
        Ok(Some(OutgoingPage {
            slug: slug.to_string(),
            title: page.title.clone(),
            content_hash,
            page: serde_json::from_slice(&json).expect("page JSON reads back"),
            html,
        }))
    }
}
