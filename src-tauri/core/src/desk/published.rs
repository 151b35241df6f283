//! Published pages: where each is live, and which are stale (a target, or the record made at
//! publishing, holds an older version of the page than the desk has now). The hashes of the
//! pages as they are now are kept in `stale`.

use std::collections::{HashMap, HashSet};

use super::{Desk, DeskError};
use crate::model::{Comparison, ComparisonStatus};
use crate::render::{build_page, Library};

impl Desk {
    /// Starts stale tracking for published pages that have none yet (imported ones): the
    /// page as it is now counts as what was published.
    pub(super) fn track_published(&self) -> Result<(), DeskError> {
        let recorded = self.store().published_hashes()?;
        let lib = self.library()?;
        for c in lib
            .comparisons
            .iter()
            .filter(|c| c.status == ComparisonStatus::Published && !recorded.contains_key(&c.slug))
        {
            let hash = page_hash(&lib, c)?;
            self.store().record_published(&c.slug, &hash)?;
        }
        Ok(())
    }

    /// A hash of everything the saved comparison's page shows.
    /// Loads only that page's content unless the whole desk's is loaded and current.
    pub(super) fn page_hash(&self, slug: &str) -> Result<String, DeskError> {
        let no_page = || crate::render::RenderError::NoComparison(slug.to_string());
        let lib = self
            .pages
            .page_library(self.store(), slug)?
            .ok_or_else(no_page)?;
        page_hash(&lib, lib.comparison(slug).ok_or_else(no_page)?)
    }

    /// Published pages a target holds in an older version than the page as it is now. A page
    /// no target holds (a desk without targets, or not sent yet) is compared with the page as
    /// it was when it was published instead, so an edit still shows until it goes out.
    pub fn stale_pages(&self) -> Result<HashSet<String>, DeskError> {
        let published = self.store().published_hashes()?;
        let held = self.held_hashes()?;
        if published.is_empty() && held.is_empty() {
            return Ok(HashSet::new());
        }
        let now = self.published_hashes_now()?;
        Ok(out_of_date(now.iter(), &published, &held))
    }

    /// [`Desk::stale_pages`] among the published pages `slugs` only: each page's hash built
    /// from its own content when the kept hashes are not current, never the whole desk's.
    pub(super) fn stale_among(&self, slugs: &[&str]) -> Result<HashSet<String>, DeskError> {
        let published = self.store().published_hashes()?;
        let held = self.held_hashes()?;
        let tracked: Vec<&str> = slugs
            .iter()
            .copied()
            .filter(|s| published.contains_key(*s) || held.contains_key(*s))
            .collect();
        if tracked.is_empty() {
            return Ok(HashSet::new());
        }
        let now = self.page_hashes_of(&tracked)?;
        Ok(out_of_date(now.iter(), &published, &held))
    }

    /// Per page, the content hashes the targets holding it acknowledged (pages a publisher
    /// chose to keep at a target's own copy are left out: that copy is theirs, not ours).
    pub(super) fn held_hashes(&self) -> Result<HashMap<String, Vec<String>>, DeskError> {
        let store = self.store();
        let mut held: HashMap<String, Vec<String>> = Default::default();
        for target in store.outbox().targets()? {
            for (slug, (hash, kept_remote)) in store.outbox().remote_hashes(&target.name)? {
                if !kept_remote {
                    held.entry(slug).or_default().push(hash);
                }
            }
        }
        Ok(held)
    }

    /// Per page, the targets holding it, by name.
    pub fn live_on(&self) -> Result<HashMap<String, Vec<String>>, DeskError> {
        let mut live: HashMap<String, Vec<String>> = Default::default();
        for page in self.store().outbox().pages()? {
            live.entry(page.slug).or_default().push(page.target);
        }
        Ok(live)
    }
}

/// The pages whose hash now differs from one a target holds, or (held nowhere) from the
/// one recorded when they were published.
fn out_of_date<'a>(
    now: impl Iterator<Item = (&'a String, &'a String)>,
    published: &HashMap<String, String>,
    held: &HashMap<String, Vec<String>>,
) -> HashSet<String> {
    now.filter(|(slug, current)| match held.get(*slug) {
        Some(hashes) => hashes.iter().any(|h| h != *current),
        None => published
            .get(*slug)
            .is_some_and(|recorded| recorded != *current),
    })
    .map(|(slug, _)| slug.clone())
    .collect()
}

/// The hash of a comparison's page: the same [`crate::render::page_hash`] the targets'
/// records hold, so a page is stale against what was published by the same measure.
pub(super) fn page_hash(lib: &Library, page: &Comparison) -> Result<String, DeskError> {
    Ok(crate::render::page_hash(
        &build_page(lib, page)?,
        &lib.site.theme,
    ))
}
