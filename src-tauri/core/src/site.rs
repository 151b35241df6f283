//! The static site: index, comparison and tool pages, page JSON, sitemap and Atom feed,
//! rendered in parallel and written only where the inputs changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, TimeZone, Utc};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{Comparison, ComparisonStatus};
use crate::render::{
    build_page, build_tool_page_from, comparison_path, share_card::ShareCardError, tool_path, Css,
    IndexEntry, Library, RenderError, Renderer, SHARE_CARD_FILE,
};
use crate::store::Store;
use crate::util::{hash, replace_file};

/// Remembers, per written file, the hash of the inputs it was rendered from.
const MANIFEST: &str = ".verdict-site.json";

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

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    /// The content, theme and options the site was last built from.
    #[serde(default)]
    fingerprint: String,
    files: BTreeMap<String, String>,
}

/// Files made together (a page's HTML and JSON share one page build): their paths under the
/// site root, the hash of their inputs, and how to make their contents, in path order.
struct Job<'a> {
    paths: Vec<String>,
    key: String,
    make: Box<dyn Fn() -> Result<Vec<Vec<u8>>, SiteError> + Send + Sync + 'a>,
}

fn json_hash<T: Serialize>(value: &T) -> String {
    hash(&[&serde_json::to_vec(value).expect("model serialises")])
}

/// Writes the site for `store` into `out`. `progress(done, total)` is called as files finish.
pub fn build_site(
    store: &Store,
    out: &Path,
    options: SiteOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<SiteReport, SiteError> {
    std::fs::create_dir_all(out).map_err(io(out))?;
    let manifest_path = out.join(MANIFEST);
    let old: Manifest = std::fs::read(&manifest_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    // Nothing changed since the last build and every file is still there: done, without
    // loading or hashing any content.
    let mut fingerprint = format!(
        "{}:{}:{}:{}:{}",
        store.content_fingerprint().map_err(RenderError::from)?,
        env!("CARGO_PKG_VERSION"),
        options.include_drafts,
        options.no_share_cards,
        options.linked_css
    );
    // An image's alt text is on the pages but has no revision: its rows count too (added
    // only when the desk has images, so sites without any keep their fingerprint).
    let media = store.media_list().map_err(RenderError::from)?;
    if !media.is_empty() {
        fingerprint.push(':');
        fingerprint.push_str(&json_hash(&media));
    }
    drop(media);
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

    // Hash each input once; a page's key combines the hashes of what it shows.
    let (stylesheet, stylesheet_text) = renderer.stylesheet();
    let theme_key = hash(&[
        renderer.theme().as_bytes(),
        env!("CARGO_PKG_VERSION").as_bytes(),
        if options.linked_css {
            stylesheet.as_bytes()
        } else {
            b"inline"
        },
    ]);
    // Pages two folders down (compare/SLUG/, tools/SLUG/) and the front page link to it.
    let nested_href = format!("../../{stylesheet}");
    let (nested_css, top_css) = if options.linked_css {
        (Css::Linked(&nested_href), Css::Linked(&stylesheet))
    } else {
        (Css::Inline, Css::Inline)
    };
    // Pages show images' alt text and sizes: a change to any image rebuilds the pages (rare;
    // nothing when the desk has none).
    let site_key = if lib.pictures.items.is_empty() {
        hash(&[theme_key.as_bytes(), json_hash(&lib.site).as_bytes()])
    } else {
        let media: BTreeMap<&String, &crate::media::MediaItem> =
            lib.pictures.items.iter().collect();
        hash(&[
            theme_key.as_bytes(),
            json_hash(&lib.site).as_bytes(),
            json_hash(&media).as_bytes(),
        ])
    };
    let tool_keys: BTreeMap<String, String> = lib
        .tools
        .values()
        .map(|t| (t.slug.clone(), json_hash(t)))
        .collect();
    let reviewer_keys: BTreeMap<String, String> = lib
        .reviewers
        .values()
        .map(|r| (r.slug.clone(), json_hash(r)))
        .collect();
    let verdict_keys: BTreeMap<(String, String), String> = lib
        .verdicts
        .values()
        .map(|v| ((v.reviewer.clone(), v.tool.clone()), json_hash(v)))
        .collect();
    let missing = String::new();
    // Each page's votes found in one pass, not by scanning every vote for every page.
    let mut votes_of_page: BTreeMap<&str, Vec<&crate::model::CommunityVotes>> = BTreeMap::new();
    for v in &lib.votes {
        votes_of_page
            .entry(v.comparison.as_str())
            .or_default()
            .push(v);
    }
    let page_key = |c: &Comparison| {
        let mut parts: Vec<Vec<u8>> = vec![
            site_key.clone().into_bytes(),
            serde_json::to_vec(c).expect("serialises"),
        ];
        for t in &c.tools {
            parts.push(tool_keys.get(t).unwrap_or(&missing).clone().into_bytes());
            for r in &c.panel {
                let key = verdict_keys
                    .get(&(r.clone(), t.clone()))
                    .unwrap_or(&missing);
                parts.push(key.clone().into_bytes());
            }
        }
        for r in &c.panel {
            parts.push(
                reviewer_keys
                    .get(r)
                    .unwrap_or(&missing)
                    .clone()
                    .into_bytes(),
            );
        }
        for v in votes_of_page.get(c.slug.as_str()).into_iter().flatten() {
            parts.push(serde_json::to_vec(v).expect("serialises"));
        }
        hash(&parts.iter().map(Vec::as_slice).collect::<Vec<_>>())
    };
    let page_keys: Vec<String> = order
        .iter()
        .map(|&i| page_key(&lib.comparisons[i]))
        .collect();

    // Markdown is rendered only when some page that shows it has to be written.
    let stale = |path: &str, key: &str| {
        old.files.get(path).map(String::as_str) != Some(key) || !out.join(path).exists()
    };
    let any_page_stale = order.iter().zip(&page_keys).any(|(&i, k)| {
        stale(
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
    let mut verdicts_of_tool: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for ((_, tool), key) in &verdict_keys {
        verdicts_of_tool
            .entry(tool.as_str())
            .or_default()
            .push(key.as_str());
    }
    let mut tools: Vec<&crate::model::Tool> = lib
        .tools
        .values()
        .filter(|t| options.include_drafts || pages_of_tool.contains_key(t.slug.as_str()))
        .collect();
    tools.sort_by(|a, b| a.slug.cmp(&b.slug));
    let tool_count = tools.len();
    // The image files the written pages point at, copied from the desk's store as they are.
    let mut used = lib.used_media(&comparisons, &tools);
    // And what the newsletter shows that pages do not: an SVG logo's PNG.
    for (hash_hex, file) in crate::render::mail_images::mail_only_files(lib, &comparisons) {
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
    for t in tools {
        let mut parts = vec![site_key.clone(), tool_keys[&t.slug].clone()];
        for c in pages_of_tool.get(t.slug.as_str()).into_iter().flatten() {
            parts.push(format!("{}\u{0}{}", c.slug, c.title));
        }
        for key in verdicts_of_tool.get(t.slug.as_str()).into_iter().flatten() {
            parts.push((*key).to_string());
        }
        let key = hash(&parts.iter().map(|s| s.as_bytes()).collect::<Vec<_>>());
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
                    pages_of_tool
                        .get(t.slug.as_str())
                        .map_or(&[], Vec::as_slice),
                );
                Ok(vec![renderer
                    .tool_html_with(&lib.site, &page, nested_css)?
                    .into_bytes()])
            }),
        });
    }
    let list_key = hash(&[
        site_key.as_bytes(),
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
            key: theme_key.clone(),
            make: Box::new(move || Ok(vec![stylesheet_text.as_bytes().to_vec()])),
        });
    }
    jobs.push(Job {
        paths: vec!["feed.xml".into()],
        key: list_key.clone(),
        make: Box::new(move || Ok(vec![feed(lib, entries)?])),
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
        site_key.as_bytes(),
        &serde_json::to_vec(&sitemap_paths).expect("serialises"),
    ]);
    jobs.push(Job {
        paths: vec!["sitemap.xml".into()],
        key: sitemap_key,
        make: Box::new(move || Ok(vec![sitemap(lib, &sitemap_paths)?])),
    });

    let total: usize = jobs.iter().map(|j| j.paths.len()).sum();
    let done = AtomicUsize::new(0);
    let written = AtomicUsize::new(0);
    jobs.par_iter()
        .try_for_each(|job| -> Result<(), SiteError> {
            if job.paths.iter().any(|p| stale(p, &job.key)) {
                let contents = (job.make)()?;
                for (rel, bytes) in job.paths.iter().zip(&contents) {
                    let path = out.join(rel);
                    match std::fs::read(&path) {
                        // Same bytes on disk (e.g. a lost manifest): leave the file and its mtime.
                        Ok(existing) if existing == *bytes => continue,
                        // Replaced through a rename, so a reader never sees half a page.
                        Ok(_) => replace_file(&path, bytes, false).map_err(io(&path))?,
                        // A new file needs no rename: until the manifest names it, a half-written
                        // one from an interrupted build is simply written again next time.
                        Err(_) => {
                            if let Some(dir) = path.parent() {
                                std::fs::create_dir_all(dir).map_err(io(dir))?;
                            }
                            std::fs::write(&path, bytes).map_err(io(&path))?;
                        }
                    }
                    written.fetch_add(1, Ordering::Relaxed);
                }
            }
            let n = done.fetch_add(job.paths.len(), Ordering::Relaxed) + job.paths.len();
            progress(n, total);
            Ok(())
        })?;

    let new = Manifest {
        fingerprint,
        files: jobs
            .iter()
            .flat_map(|j| j.paths.iter().map(|p| (p.clone(), j.key.clone())))
            .collect(),
    };
    let mut removed = 0;
    for path in old.files.keys().filter(|p| !new.files.contains_key(*p)) {
        let full = out.join(path);
        if std::fs::remove_file(&full).is_ok() {
            removed += 1;
            // Drop the page's folder once it is empty; a non-empty one is someone else's.
            if let Some(dir) = full.parent() {
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
    if new.files != old.files || new.fingerprint != old.fingerprint {
        let text = serde_json::to_vec_pretty(&new).expect("manifest serialises");
        replace_file(&manifest_path, &text, false).map_err(io(&manifest_path))?;
    }
    let written = written.into_inner();
    Ok(SiteReport {
        pages: comparisons.len(),
        tools: tool_count,
        written,
        unchanged: total - written,
        removed,
    })
}

fn base(lib: &Library) -> String {
    lib.site
        .base_url
        .as_deref()
        .unwrap_or("")
        .trim_end_matches('/')
        .to_string()
}

/// The Atom feed of the newest published comparisons: the weekly newsletter's source.
fn feed(lib: &Library, entries: &[IndexEntry]) -> Result<Vec<u8>, SiteError> {
    use atom_syndication::{Content, Entry, Feed, Link, Person, Text};
    let epoch = Utc.timestamp_opt(0, 0).single().expect("epoch");
    let updated = entries
        .iter()
        .filter_map(|e| e.published_at)
        .max()
        .unwrap_or(epoch);
    let base = base(lib);
    let feed_entries: Vec<Entry> = entries
        .iter()
        .take(50)
        .map(|e| {
            let when = e.published_at.unwrap_or(epoch);
            Entry {
                id: e.url.clone(),
                title: Text::plain(e.title.clone()),
                updated: when.into(),
                published: e.published_at.map(Into::into),
                links: vec![Link {
                    href: e.url.clone(),
                    rel: "alternate".into(),
                    mime_type: Some("text/html".into()),
                    ..Default::default()
                }],
                summary: (!e.dek.is_empty()).then(|| Text::plain(e.dek.clone())),
                content: Some(Content {
                    value: Some(e.dek.clone()),
                    content_type: Some("text".into()),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect();
    let feed = Feed {
        id: format!("{base}/feed.xml"),
        title: Text::plain(format!(
            "{}: {}",
            lib.site.site_name, lib.site.newsletter.kicker
        )),
        subtitle: (!lib.site.newsletter.heading.is_empty())
            .then(|| Text::plain(lib.site.newsletter.heading.clone())),
        updated: updated.into(),
        authors: vec![Person {
            name: lib.site.site_name.clone(),
            ..Default::default()
        }],
        links: vec![
            Link {
                href: format!("{base}/feed.xml"),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Default::default()
            },
            Link {
                href: format!("{base}/"),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            },
        ],
        entries: feed_entries,
        ..Default::default()
    };
    let mut out = Vec::new();
    feed.write_to(&mut out)
        .map_err(|e| SiteError::Feed(format!("feed.xml: {e}")))?;
    Ok(out)
}

/// sitemap.xml per sitemaps.org 0.9: one `<url>` per page with its absolute location.
fn sitemap(lib: &Library, paths: &[(String, Option<DateTime<Utc>>)]) -> Result<Vec<u8>, SiteError> {
    use quick_xml::events::{BytesDecl, BytesText, Event};
    use quick_xml::Writer;
    let base = base(lib);
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let err = |e: std::io::Error| SiteError::Feed(format!("sitemap.xml: {e}"));
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(err)?;
    w.create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .write_inner_content(|w| {
            for (path, modified) in paths {
                w.create_element("url").write_inner_content(|w| {
                    w.create_element("loc")
                        .write_text_content(BytesText::new(&format!("{base}/{path}")))?;
                    if let Some(m) = modified {
                        w.create_element("lastmod")
                            .write_text_content(BytesText::new(
                                &m.format("%Y-%m-%d").to_string(),
                            ))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })
        .map_err(err)?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// Where `build_site` keeps its record of what it wrote.
pub fn manifest_path(out: &Path) -> PathBuf {
    out.join(MANIFEST)
}
