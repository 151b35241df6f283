//! The one page cache and the one page hash, shared by the desk (previews, stale tracking)
//! and the publishing worker (what it sends, and whether a target already holds it).

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::{Arc, Mutex};

use super::{build_page, Library, Page, RenderError, Renderer};
use crate::model::SiteSettings;
use crate::store::{Store, StoreError};

/// What `Store::change_token` returns: moves with every commit on any connection.
type ChangeToken = (i64, u64);

/// Saved content loaded for rendering, with every saved description and quote pre-rendered,
/// kept until the store's change token moves (a keystroke re-renders only its own field),
/// and the compiled templates by theme (compiling them is most of a small page's render time).
#[derive(Default)]
pub struct PageCache {
    library: Mutex<Option<(ChangeToken, Arc<Library>)>>,
    renderers: Mutex<HashMap<String, Arc<Renderer>>>,
    /// The page hash of every published comparison of the library loaded with them.
    hashes: Mutex<Option<PublishedHashes>>,
    /// The same hashes by the content they were built for (a key the desk makes, see
    /// `Desk::stale_pages`), kept when the library is not.
    kept: Mutex<Option<KeptHashes>>,
}

type PublishedHashes = (Arc<Library>, Arc<HashMap<String, String>>);
type KeptHashes = (String, Arc<HashMap<String, String>>);

impl PageCache {
    pub fn new() -> PageCache {
        PageCache::default()
    }

    /// The saved content, ready to render; reloaded only when something was saved since, here
    /// or in another process. Takes the store's guard and lets go of it before pre-rendering.
    pub fn library<S: Deref<Target = Store>>(&self, store: S) -> Result<Arc<Library>, StoreError> {
        let token = store.change_token()?;
        let mut cached = self.library.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((t, lib)) = cached.as_ref() {
            if *t == token {
                return Ok(Arc::clone(lib));
            }
        }
        let mut lib = Library::load(&store)?;
        drop(store);
        lib.prerender();
        let lib = Arc::new(lib);
        *cached = Some((token, Arc::clone(&lib)));
        Ok(lib)
    }

    /// The saved content, ready to render: the kept one when it is current, else loaded and
    /// pre-rendered for this caller alone and not kept. For work done once over the whole desk
    /// (every published page's hash at start): keeping the content after it held some 150 MB
    /// for the session on a desk of 10,000 pages, for previews nobody had opened yet.
    pub fn library_once<S: Deref<Target = Store>>(
        &self,
        store: S,
    ) -> Result<Arc<Library>, StoreError> {
        if let Some(lib) = self.current(store.change_token()?) {
            return Ok(lib);
        }
        let mut lib = Library::load(&store)?;
        drop(store);
        lib.prerender();
        Ok(Arc::new(lib))
    }

    /// The kept content, when it was loaded at `token` (nothing saved since).
    fn current(&self, token: ChangeToken) -> Option<Arc<Library>> {
        let cached = self.library.lock().unwrap_or_else(|p| p.into_inner());
        cached
            .as_ref()
            .filter(|(t, _)| *t == token)
            .map(|(_, lib)| Arc::clone(lib))
    }

    /// Whether loaded content is kept (a preview or a publish loaded it).
    pub fn holds_library(&self) -> bool {
        self.library
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// The saved content as [`PageCache::library`] keeps it when that is current, else loaded
    /// without pre-rendering and not kept: for readers that build no page (My work's lists),
    /// which would otherwise pre-render every description and quote of a big desk, and hold
    /// them, on each read after a save.
    pub fn library_or_plain<S: Deref<Target = Store>>(
        &self,
        store: S,
    ) -> Result<Arc<Library>, StoreError> {
        if let Some(lib) = self.current(store.change_token()?) {
            return Ok(lib);
        }
        Ok(Arc::new(Library::load(&store)?))
    }

    /// The published pages' hashes kept for `content`, if those are the ones kept.
    pub fn kept_hashes(&self, content: &str) -> Option<Arc<HashMap<String, String>>> {
        let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.as_ref()
            .filter(|(of, _)| of == content)
            .map(|(_, hashes)| Arc::clone(hashes))
    }

    /// Keeps `hashes` as the published pages' hashes of `content`.
    pub fn keep_hashes(&self, content: String, hashes: Arc<HashMap<String, String>>) {
        *self.kept.lock().unwrap_or_else(|p| p.into_inner()) = Some((content, hashes));
    }

    /// What building the one page `slug` needs: the cached library when it is current,
    /// otherwise only that page's own content (its tools, panel, their verdicts, its votes),
    /// loaded without pre-rendering. Hashing a page just saved then costs the page, not the
    /// desk: publishing the pages due on a desk of 10,000 reloaded and re-rendered every
    /// description and quote once per page. `None` when there is no such comparison.
    pub fn page_library<S: Deref<Target = Store>>(
        &self,
        store: S,
        slug: &str,
    ) -> Result<Option<Arc<Library>>, StoreError> {
        if let Some(lib) = self.current(store.change_token()?) {
            return Ok(lib.comparison(slug).is_some().then_some(lib));
        }
        Ok(Library::load_page(&store, slug)?.map(Arc::new))
    }

    /// The [`page_hash`] of every published comparison of `lib`, by slug: built once per
    /// loaded content (the overview's stale check asks on every visit; a desk of 2,000 pages
    /// would otherwise build every page each time).
    pub fn published_hashes(
        &self,
        lib: &Arc<Library>,
    ) -> Result<Arc<HashMap<String, String>>, RenderError> {
        let mut cached = self.hashes.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((of, hashes)) = cached.as_ref() {
            if Arc::ptr_eq(of, lib) {
                return Ok(Arc::clone(hashes));
            }
        }
        let hashes = Arc::new(published_hashes_of(lib)?);
        *cached = Some((Arc::clone(lib), Arc::clone(&hashes)));
        Ok(hashes)
    }

    /// The renderer for the site's theme, compiled once per theme.
    pub fn renderer(&self, site: &SiteSettings) -> Result<Arc<Renderer>, RenderError> {
        let mut cache = self.renderers.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(r) = cache.get(&site.theme) {
            return Ok(Arc::clone(r));
        }
        let r = Arc::new(Renderer::for_site(site)?);
        cache.insert(site.theme.clone(), Arc::clone(&r));
        Ok(r)
    }
}

/// The hash of everything a page says: its built page (the structured content every
/// template renders from), the theme and this build's templates. It decides whether a
/// target already holds a page and whether a published page is stale, without rendering.
///
/// The modified time is left out: it is when this desk last saved the page, desks of a team
/// that hold the same content differ in it, and a page is the same page whichever desk sends it.
pub fn page_hash(page: &Page, theme: &str) -> String {
    let unstamped = Page {
        modified_at: None,
        ..page.clone()
    };
    crate::util::hash(&[
        &serde_json::to_vec(&unstamped).expect("page serialises"),
        theme.as_bytes(),
        env!("CARGO_PKG_VERSION").as_bytes(),
    ])
}

/// The [`page_hash`] of every published comparison of `lib`, by slug, built in parallel.
pub fn published_hashes_of(lib: &Library) -> Result<HashMap<String, String>, RenderError> {
    use rayon::prelude::*;
    lib.comparisons
        .par_iter()
        .filter(|c| c.status == crate::model::ComparisonStatus::Published)
        .map(|c| {
            Ok((
                c.slug.clone(),
                page_hash(&build_page(lib, c)?, &lib.site.theme),
            ))
        })
        .collect()
}

impl Library {
    /// The content one page shows, and nothing else: what [`build_page`] reads for `slug`
    /// gives the same page from this as from the whole desk's [`Library::load`].
    pub fn load_page(store: &Store, slug: &str) -> Result<Option<Library>, StoreError> {
        let Some(comparison) = store.comparison(slug)? else {
            return Ok(None);
        };
        let mut tools = HashMap::new();
        let mut verdicts = HashMap::new();
        for t in &comparison.tools {
            if let Some(tool) = store.tool(t)? {
                tools.insert(tool.slug.clone(), tool);
            }
            for v in store.verdicts_for_tool(t)? {
                if comparison.panel.contains(&v.reviewer) {
                    verdicts.insert((v.reviewer.clone(), v.tool.clone()), v);
                }
            }
        }
        let mut reviewers = HashMap::new();
        for r in &comparison.panel {
            if let Some(reviewer) = store.reviewer(r)? {
                reviewers.insert(reviewer.slug.clone(), reviewer);
            }
        }
        Ok(Some(Library {
            site: store.site()?,
            tools,
            reviewers,
            verdicts,
            votes: page_votes(store, slug)?,
            comparison_updated: updated_at(store, slug)?.into_iter().collect(),
            comparisons: vec![comparison],
            // Every image, as `load` has them: a page may show any of them.
            pictures: super::pictures::Pictures {
                items: store
                    .media_list()?
                    .into_iter()
                    .map(|m| (m.hash.clone(), m))
                    .collect(),
            },
            media_dir: store
                .path()
                .and_then(std::path::Path::parent)
                .map(crate::media::MediaDir::of),
            fragments: HashMap::new(),
        }))
    }
}

/// The readers' votes on one page, found by its row rather than by reading every page's
/// (the comparisons' rows hold their documents, so a scan reads the whole table).
fn page_votes(store: &Store, slug: &str) -> Result<Vec<crate::model::CommunityVotes>, StoreError> {
    let mut stmt = store.conn().prepare_cached(
        "SELECT t.slug, v.doc FROM community_votes v
           JOIN comparisons c ON c.id = v.comparison_id JOIN tools t ON t.id = v.tool_id
         WHERE c.slug = ?1 ORDER BY t.slug",
    )?;
    let rows = stmt
        .query_map([slug], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.iter()
        .map(|(tool, doc)| {
            serde_json::from_str(doc).map_err(|source| StoreError::Corrupt {
                kind: "votes",
                key: format!("{slug}/{tool}"),
                source,
            })
        })
        .collect()
}

/// When the page was last saved with a change, as `Store::comparison_update_times` reads
/// it (a stamp that does not parse is left out), from its own row.
fn updated_at(
    store: &Store,
    slug: &str,
) -> Result<Option<(String, chrono::DateTime<chrono::Utc>)>, StoreError> {
    use rusqlite::OptionalExtension;
    let at: Option<String> = store
        .conn()
        .query_row(
            "SELECT updated_at FROM comparisons WHERE slug = ?1",
            [slug],
            |r| r.get(0),
        )
        .optional()?;
    Ok(at.and_then(|at| {
        chrono::DateTime::parse_from_rfc3339(&at)
            .ok()
            .map(|at| (slug.to_string(), at.with_timezone(&chrono::Utc)))
    }))
}
