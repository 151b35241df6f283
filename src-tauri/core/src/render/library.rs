//! The content a page is built from, loaded once from the store, and its Markdown texts
//! rendered once for every page that shows them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{markdown, pictures};
use crate::model::{CommunityVotes, Comparison, Reviewer, SiteSettings, Tool, Verdict};
use crate::store::{Store, StoreError};

/// Everything a page can show, loaded once; drafts can be laid over it for a preview.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub site: SiteSettings,
    pub tools: HashMap<String, Tool>,
    pub reviewers: HashMap<String, Reviewer>,
    /// Keyed by (reviewer slug, tool slug).
    pub verdicts: HashMap<(String, String), Verdict>,
    pub votes: Vec<CommunityVotes>,
    pub comparisons: Vec<Comparison>,
    /// When each comparison was last saved with a change, by slug (`article:modified_time`).
    pub comparison_updated: HashMap<String, DateTime<Utc>>,
    /// The desk's images (where a page fetches them from is the page's:
    /// [`super::build_page_with`]).
    pub pictures: pictures::Pictures,
    /// The data folder's `media/`, where the share card reads logos from (`None` for a
    /// database without a folder, which has no images).
    pub media_dir: Option<crate::media::MediaDir>,
    /// Rendered Markdown keyed by its source, so a text shown on many pages renders once.
    /// Its images are not in it but placed per page, so the one cache serves every media
    /// base (the site's pages, the app's preview) without handing one's addresses to another.
    pub(super) fragments: HashMap<String, Fragment>,
}

/// One Markdown text, parsed and sanitised (its images still to place), and its plain text.
#[derive(Debug, Clone)]
pub(super) struct Fragment {
    prepared: markdown::Prepared,
    text: String,
}

impl Fragment {
    fn of(markdown: &str) -> Fragment {
        Fragment {
            prepared: markdown::prepare(markdown),
            text: markdown::to_plain_text(markdown),
        }
    }
}

/// A Markdown text as one page shows it.
pub(super) struct Shown {
    pub(super) html: String,
    pub(super) text: String,
}

impl Library {
    pub fn load(store: &Store) -> Result<Library, StoreError> {
        Ok(Library {
            site: store.site()?,
            tools: store
                .tools()?
                .into_iter()
                .map(|t| (t.slug.clone(), t))
                .collect(),
            reviewers: store
                .reviewers()?
                .into_iter()
                .map(|r| (r.slug.clone(), r))
                .collect(),
            verdicts: store
                .verdicts()?
                .into_iter()
                .map(|v| ((v.reviewer.clone(), v.tool.clone()), v))
                .collect(),
            votes: store.votes()?,
            comparisons: store.comparisons()?,
            comparison_updated: store.comparison_update_times()?.into_iter().collect(),
            pictures: pictures::Pictures {
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
        })
    }

    /// Renders every description and quote once, in parallel, ahead of building many pages.
    pub fn prerender(&mut self) {
        use rayon::prelude::*;
        let mut sources: Vec<&str> = self
            .tools
            .values()
            .map(|t| t.description.as_str())
            .chain(self.verdicts.values().map(|v| v.quote.as_str()))
            .collect();
        sources.sort_unstable();
        sources.dedup();
        let rendered: Vec<(String, Fragment)> = sources
            .par_iter()
            .map(|s| (s.to_string(), Fragment::of(s)))
            .collect();
        self.fragments.extend(rendered);
    }

    /// A Markdown text as a page shows it, its images placed as `images` says: from the
    /// cache when the text was rendered before.
    fn shown(&self, markdown: &str, images: markdown::Images<'_>) -> Shown {
        let show = |f: &Fragment| Shown {
            html: f.prepared.finish(images),
            text: f.text.clone(),
        };
        match self.fragments.get(markdown) {
            Some(f) => show(f),
            None => show(&Fragment::of(markdown)),
        }
    }

    /// A description: the desk's images in it as pictures on `base`.
    pub(super) fn description(&self, markdown: &str, base: &pictures::MediaBase) -> Shown {
        self.shown(
            markdown,
            markdown::Images::Pictures {
                pictures: &self.pictures,
                base,
                first_eager: false,
            },
        )
    }

    /// A quote: images in it show as their alt text only.
    pub(super) fn quote(&self, markdown: &str) -> Shown {
        self.shown(markdown, markdown::Images::AltText)
    }

    pub fn comparison(&self, slug: &str) -> Option<&Comparison> {
        self.comparisons.iter().find(|c| c.slug == slug)
    }

    /// The comparisons a tool appears on.
    pub fn comparisons_with_tool<'a>(
        &'a self,
        tool: &'a str,
    ) -> impl Iterator<Item = &'a Comparison> {
        self.comparisons
            .iter()
            .filter(move |c| c.tools.iter().any(|t| t == tool))
    }

    /// The desk's images that pages showing `comparisons` and `tools` (their cards and tool
    /// pages) refer to and the desk has, each with the files its `<picture>` points at.
    pub fn used_media(
        &self,
        comparisons: &[&Comparison],
        tools: &[&Tool],
    ) -> std::collections::BTreeMap<String, Vec<String>> {
        let mut hashes: Vec<String> = Vec::new();
        let markdown = |text: &str, hashes: &mut Vec<String>| {
            for image in crate::images::markdown_images(text) {
                if let Some(h) = image.media_hash() {
                    hashes.push(h.to_string());
                }
            }
        };
        for page in comparisons {
            markdown(&page.intro, &mut hashes);
        }
        let shown = comparisons
            .iter()
            .flat_map(|c| c.tools.iter())
            .filter_map(|slug| self.tools.get(slug))
            .chain(tools.iter().copied());
        for tool in shown {
            markdown(&tool.description, &mut hashes);
            for image in crate::images::tool_images(tool) {
                hashes.push(image.hash.to_string());
            }
        }
        hashes
            .iter()
            .filter_map(|h| self.pictures.items.get(h))
            .map(|item| (item.hash.clone(), pictures::files(item)))
            .collect()
    }
}
