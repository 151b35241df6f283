//! The static site: index, comparison and tool pages, page JSON, sitemap and Atom feed,
//! rendered in parallel and written only where the inputs changed.

mod feeds;
mod keys;
mod output;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::{Comparison, ComparisonStatus};
use crate::render::{
    build_page, build_tool_page_from, comparison_path, share_card::ShareCardError, tool_path, Css,
    IndexEntry, Library, RenderError, Renderer, SHARE_CARD_FILE,
};
use crate::store::Store;
use crate::util::hash;
use keys::Keys;
pub use output::manifest_path;
use output::{Job, Manifest};

/// What building a site can fail on.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Feed(String),
    #[error(transparent)]
    ShareCard(#[from] ShareCardError),
    #[error("{0}")]
    Media(String),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SiteError + '_ {
    move |source| SiteError::Io {
        path: path.display().to_string(),
        source,
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SiteOptions {
    /// Also write pages that are not published yet.
    pub include_drafts: bool,
    /// Leave out the share cards (`compare/SLUG/share.png`): rasterising one costs
    /// milliseconds, which dominates a cold build of thousands of pages.
    pub no_share_cards: bool,
    /// One content-hashed stylesheet for the whole site (`style.HASH.css`, linked from every
    /// page) instead of the CSS inside each page. Off for the folder target, whose pages
    /// must be the very documents it published one by one.
    pub linked_css: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SiteReport {
    pub pages: usize,
    pub tools: usize,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

impl std::fmt::Display for SiteReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} comparison pages, {} tool pages: {} files written, {} unchanged, {} removed",
            self.pages, self.tools, self.written, self.unchanged, self.removed
        )
    }
}

/// Writes the site for `store` into `out`. `progress(done, total)` is called as files finish.
pub fn build_site(
    store: &Store,
    out: &Path,
    options: SiteOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<SiteReport, SiteError> {
    std::fs::create_dir_all(out).map_err(io(out))?;
    let old = Manifest::read(out);
    // Nothing changed since the last build and every file is still there: done, without
    // loading or hashing any content.
    let fingerprint = keys::fingerprint(store, options)?;
    if old.fingerprint == fingerprint && old.files.keys().all(|p| out.join(p).is_file()) {
        let total = old.files.len();
        progress(total, total);
        return Ok(SiteReport {
            pages: old
                .files
                .keys()
                .filter(|p| p.starts_with("compare/") && p.ends_with(".html"))
                .count(),
            tools: old.files.keys().filter(|p| p.starts_with("tools/")).count(),
            written: 0,
            unchanged: total,
            removed: 0,
        });
    }
    let mut lib = Library::load(store).map_err(RenderError::from)?;
    let renderer = Renderer::for_site(&lib.site)?;

    let included =
        |c: &Comparison| options.include_drafts || c.status == ComparisonStatus::Published;
    let mut order: Vec<usize> = (0..lib.comparisons.len())
        .filter(|&i| included(&lib.comparisons[i]))
        .collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&lib.comparisons[a], &lib.comparisons[b]);
        b.published_at
            .cmp(&a.published_at)
            .then(a.slug.cmp(&b.slug))
    });

    let (stylesheet, stylesheet_text) = renderer.stylesheet();
    let keys = Keys::new(&lib, &renderer, &stylesheet, options);
    // Pages two folders down (compare/SLUG/, tools/SLUG/) and the front page link to it.
    let nested_href = format!("../../{stylesheet}");
    let (nested_css, top_css) = if options.linked_css {
        (Css::Linked(&nested_href), Css::Linked(&stylesheet))
    } else {
        (Css::Inline, Css::Inline)
    };
    // Each page's votes found in one pass, not by scanning every vote for every page.
    let mut votes_of_page: BTreeMap<&str, Vec<&crate::model::CommunityVotes>> = BTreeMap::new();
    for v in &lib.votes {
        votes_of_page
            .entry(v.comparison.as_str())
            .or_default()
            .push(v);
    }
    let page_keys: Vec<String> = order
        .iter()
        .map(|&i| {
            let c = &lib.comparisons[i];
            let votes = votes_of_page.get(c.slug.as_str());
            keys.page(c, votes.map_or(&[], Vec::as_slice))
        })
        .collect();

    // Markdown is rendered only when some page that shows it has to be written.
    let any_page_stale = order.iter().zip(&page_keys).any(|(&i, k)| {
        old.stale(
            out,
            &format!("{}index.html", comparison_path(&lib.comparisons[i].slug)),
            k,
        )
    });
    if any_page_stale {
        lib.prerender();
    }
    let lib = &lib;
    let renderer = &renderer;
    let comparisons: Vec<&Comparison> = order.iter().map(|&i| &lib.comparisons[i]).collect();
    let entries: Vec<IndexEntry> = comparisons
        .iter()
        .map(|c| IndexEntry::of(&lib.site, c))
        .collect();
    let entries = &entries;

    // Which pages and verdicts each tool's page lists, found in one pass over each: a search
    // per tool (every page, every verdict) made the build grow with tools × pages.
    let mut pages_of_tool: BTreeMap<&str, Vec<&Comparison>> = BTreeMap::new();
    for c in &comparisons {
        for (i, t) in c.tools.iter().enumerate() {
            // A page lists a tool once, however often it names it.
            if !c.tools[..i].contains(t) {
                pages_of_tool.entry(t.as_str()).or_default().push(c);
            }
        }
    }
    let mut tool_verdicts: BTreeMap<&str, Vec<&crate::model::Verdict>> = BTreeMap::new();
    for v in lib.verdicts.values() {
        tool_verdicts.entry(v.tool.as_str()).or_default().push(v);
    }
    let pages_of_tool = &pages_of_tool;
    let tool_verdicts = &tool_verdicts;
    let mut jobs: Vec<Job> = Vec::new();
    for (c, key) in comparisons.iter().zip(&page_keys) {
        let c: &Comparison = c;
        let dir = comparison_path(&c.slug);
        jobs.push(Job {
            paths: vec![format!("{dir}index.html"), format!("{dir}page.json")],
            key: key.clone(),
            make: Box::new(move || {
                let page = build_page(lib, c)?;
                let html = renderer.page_html_with(&page, nested_css)?.into_bytes();
                let mut json = serde_json::to_vec(&page).expect("page serialises");
                json.push(b'\n');
                Ok(vec![html, json])
            }),
        });
        if !options.no_share_cards {
            jobs.push(Job {
                paths: vec![format!("{dir}{SHARE_CARD_FILE}")],
                key: key.clone(),
                make: Box::new(move || {
                    let page = build_page(lib, c)?;
                    Ok(vec![renderer.share_card(lib, &page)?.png])
                }),
            });
        }
    }
    let mut tools: Vec<&crate::model::Tool> = lib
        .tools
        .values()
        .filter(|t| options.include_drafts || pages_of_tool.contains_key(t.slug.as_str()))
        .collect();
    tools.sort_by(|a, b| a.slug.cmp(&b.slug));
    let tool_count = tools.len();
    media_jobs(store, lib, &comparisons, &tools, &mut jobs)?;
    for t in tools {
        let pages = pages_of_tool
            .get(t.slug.as_str())
            .map_or(&[][..], Vec::as_slice);
        let key = keys.tool(t, pages);
        jobs.push(Job {
            paths: vec![format!("{}index.html", tool_path(&t.slug))],
            key,
            make: Box::new(move || {
                let page = build_tool_page_from(
                    lib,
                    t,
                    tool_verdicts
                        .get(t.slug.as_str())
                        .map_or(&[], Vec::as_slice),
                    pages,
                );
                Ok(vec![renderer
                    .tool_html_with(&lib.site, &page, nested_css)?
                    .into_bytes()])
            }),
        });
    }
    let list_key = hash(&[
        keys.site.as_bytes(),
        &serde_json::to_vec(entries).expect("serialises"),
    ]);
    jobs.push(Job {
        paths: vec!["index.html".into()],
        key: list_key.clone(),
        make: Box::new(move || {
            Ok(vec![renderer
                .index_html_with(&lib.site, entries, top_css)?
                .into_bytes()])
        }),
    });
    if options.linked_css {
        jobs.push(Job {
            paths: vec![stylesheet.clone()],
            key: keys.theme.clone(),
            make: Box::new(move || Ok(vec![stylesheet_text.as_bytes().to_vec()])),
        });
    }
    jobs.push(Job {
        paths: vec!["feed.xml".into()],
        key: list_key.clone(),
        make: Box::new(move || Ok(vec![feeds::feed(lib, entries)?])),
    });
    let sitemap_paths: Vec<(String, Option<DateTime<Utc>>)> =
        std::iter::once((String::new(), None))
            .chain(
                comparisons
                    .iter()
                    .map(|c| (comparison_path(&c.slug), c.published_at)),
            )
            .chain(
                jobs.iter()
                    .flat_map(|j| &j.paths)
                    .filter(|p| p.starts_with("tools/"))
                    .map(|p| (p.trim_end_matches("index.html").to_string(), None)),
            )
            .collect();
    let sitemap_key = hash(&[
        keys.site.as_bytes(),
        &serde_json::to_vec(&sitemap_paths).expect("serialises"),
    ]);
    jobs.push(Job {
        paths: vec!["sitemap.xml".into()],
        key: sitemap_key,
        make: Box::new(move || Ok(vec![feeds::sitemap(lib, &sitemap_paths)?])),
    });

    let written = output::write(out, &old, fingerprint, &jobs, progress)?;
    Ok(SiteReport {
        pages: comparisons.len(),
        tools: tool_count,
        written: written.written,
        unchanged: written.total - written.written,
        removed: written.removed,
    })
}

/// Jobs copying the image files the written pages point at (and what the newsletter shows
/// that pages do not: an SVG logo's PNG) from the desk's store as they are.
fn media_jobs<'a>(
    store: &Store,
    lib: &Library,
    comparisons: &[&Comparison],
    tools: &[&crate::model::Tool],
    jobs: &mut Vec<Job<'a>>,
) -> Result<(), SiteError> {
    let mut used = lib.used_media(comparisons, tools);
    for (hash_hex, file) in crate::render::mail_images::mail_only_files(lib, comparisons) {
        let files = used.entry(hash_hex).or_default();
        if !files.contains(&file) {
            files.push(file);
        }
    }
    let media_dir = store
        .path()
        .and_then(Path::parent)
        .map(crate::media::MediaDir::of);
    for (hash_hex, files) in used {
        let Some(dir) = &media_dir else { break };
        for file in files {
            let source = dir.folder(&hash_hex).join(&file);
            if !source.is_file() {
                // A variant lost from the store is made again (same bytes) before copying.
                crate::media::file(store, dir, &hash_hex, &file)
                    .map_err(|e| SiteError::Media(format!("image {hash_hex} ({file}): {e}")))?;
            }
            jobs.push(Job {
                paths: vec![format!("{}/{hash_hex}/{file}", crate::media::MEDIA_DIR)],
                // Content-addressed: the name is the content.
                key: format!("{hash_hex}/{file}"),
                make: Box::new(move || Ok(vec![std::fs::read(&source).map_err(io(&source))?])),
            });
        }
    }
    Ok(())
}
