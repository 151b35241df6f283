//! The page hash of every published page as the desk holds it now, which the stale marks
//! compare with what was published ([`Desk::stale_pages`]). Building them loads and
//! pre-renders the whole content and builds every published page: seconds on a desk of
//! 10,000 pages. So they are kept by the content they were built for, in memory and in a
//! file beside the database, and a desk opened again on content that did not change (the
//! everyday start) reads them instead of building every page.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Desk, DeskError};
use crate::store::DB_FILE;

/// Up to this many pages' hashes are built each from its own content ([`Desk::page_hashes_of`]);
/// more, and every published page's hash is built from the whole content at once.
const PAGE_BY_PAGE: usize = 64;

/// Beside the database: `verdict.db-page-hashes`.
const KEPT_SUFFIX: &str = "-page-hashes";

/// The page hash of every published page, and the content they were built from.
#[derive(Serialize, Deserialize)]
struct Kept {
    /// [`Desk::content_key`] of the content the hashes were built from.
    content: String,
    hashes: HashMap<String, String>,
}

impl Desk {
    /// The page hash of every published page as the desk holds it now: kept ones when they
    /// were built for this very content, else built (the whole content loaded) and kept.
    pub(super) fn published_hashes_now(&self) -> Result<Arc<HashMap<String, String>>, DeskError> {
        let content = self.content_key()?;
        if let Some(hashes) = self.kept_hashes_of(&content) {
            return Ok(hashes);
        }
        // Loaded for this and let go after, unless a preview keeps it anyway.
        let lib = self.pages.library_once(self.store())?;
        let hashes = Arc::new(crate::render::published_hashes_of(&lib)?);
        drop(lib);
        // Kept only when nothing was saved while they were built: they are then the hashes
        // of `content`, whatever was saved after.
        if self.content_key()? != content {
            return Ok(hashes);
        }
        let kept = Kept {
            content: content.clone(),
            hashes: (*hashes).clone(),
        };
        let bytes = serde_json::to_vec(&kept).expect("hashes serialise");
        let path = self.data_dir.join(format!("{DB_FILE}{KEPT_SUFFIX}"));
        if let Err(e) = crate::util::replace_file(&path, &bytes, false) {
            tracing::warn!(error = %e, file = %path.display(), "page hashes not kept");
        }
        self.pages.keep_hashes(content, Arc::clone(&hashes));
        Ok(hashes)
    }

    /// The page hashes kept for `content`, in memory or in the file beside the database
    /// (then kept in memory too); None when those were built for other content.
    fn kept_hashes_of(&self, content: &str) -> Option<Arc<HashMap<String, String>>> {
        if let Some(hashes) = self.pages.kept_hashes(content) {
            return Some(hashes);
        }
        let path = self.data_dir.join(format!("{DB_FILE}{KEPT_SUFFIX}"));
        let kept = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Kept>(&bytes).ok())
            .filter(|kept| kept.content == content)?;
        let hashes = Arc::new(kept.hashes);
        self.pages
            .keep_hashes(content.to_string(), Arc::clone(&hashes));
        Some(hashes)
    }

    /// The page hashes of the published pages `slugs` as the desk holds them now: the kept
    /// ones when they are current, else each built from that page's own content (a first
    /// screenful of the list needs a few, not the whole desk's). For more than
    /// [`PAGE_BY_PAGE`] pages (a reviewer's save touches every page on their panels) every
    /// published page's hash is built at once from the whole content, loaded and let go, and
    /// kept: loading each page's own content one by one costs more than the whole then.
    pub(super) fn page_hashes_of(
        &self,
        slugs: &[&str],
    ) -> Result<HashMap<String, String>, DeskError> {
        let content = self.content_key()?;
        let kept = match self.kept_hashes_of(&content) {
            Some(kept) => Some(kept),
            None if slugs.len() > PAGE_BY_PAGE => Some(self.published_hashes_now()?),
            None => None,
        };
        if let Some(kept) = kept {
            return Ok(slugs
                .iter()
                .filter_map(|s| kept.get(*s).map(|h| (s.to_string(), h.clone())))
                .collect());
        }
        let mut hashes = HashMap::with_capacity(slugs.len());
        for slug in slugs {
            match self.page_hash(slug) {
                Ok(hash) => {
                    hashes.insert(slug.to_string(), hash);
                }
                // Removed since its row was read: nothing to mark.
                Err(DeskError::Render(crate::render::RenderError::NoComparison(_))) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(hashes)
    }

    /// Moves whenever anything a page is built from changes: every save keeps a revision and
    /// vote snapshots are hashed in ([`crate::store::Store::content_fingerprint`]), an image's
    /// alt text (on the pages, without a revision) by the media rows, and this build's
    /// version (an input of the page hash itself).
    fn content_key(&self) -> Result<String, DeskError> {
        let store = self.store();
        let mut key = format!(
            "{}:{}",
            store.content_fingerprint()?,
            env!("CARGO_PKG_VERSION")
        );
        let media = store.media_list()?;
        if !media.is_empty() {
            key.push(':');
            key.push_str(&crate::util::hash(&[
                &serde_json::to_vec(&media).expect("media rows serialise")
            ]));
        }
        Ok(key)
    }
}
