//! A tool's own page (its card, scored on no panel, and the pages it is on) and the list
//! entry a comparison has on the front page and a tool's page.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::build::page_tool;
use super::page::{base_url, comparison_path, tool_path};
use super::{pictures, Library, PageTool};
use crate::model::{Comparison, ComparisonStatus, SiteSettings, Tool, Verdict};

/// A tool's own page.
#[derive(Debug, Clone, Serialize)]
pub struct ToolPage {
    pub card: PageTool,
    pub url: String,
    /// (title, url) of each page the tool is on.
    pub comparisons: Vec<IndexEntry>,
    /// As [`super::Page::image_source`].
    #[serde(skip)]
    pub image_source: Option<String>,
}

/// One comparison in a list.
#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    pub slug: String,
    pub title: String,
    pub dek: String,
    pub url: String,
    pub published_at: Option<DateTime<Utc>>,
}

impl IndexEntry {
    pub fn of(site: &SiteSettings, c: &Comparison) -> IndexEntry {
        IndexEntry {
            slug: c.slug.clone(),
            title: c.title.clone(),
            dek: c.dek.clone(),
            url: format!("{}/{}", base_url(site), comparison_path(&c.slug)),
            published_at: c.published_at,
        }
    }
}

/// Builds a tool's own page: its card (scored on no panel) and the pages it is on.
pub fn build_tool_page(
    lib: &Library,
    tool: &Tool,
    include: impl Fn(&Comparison) -> bool,
) -> ToolPage {
    build_tool_page_with(lib, tool, include, &pictures::MediaBase::default())
}

/// [`build_tool_page`] with the page's images fetched from `media` (as [`super::build_page_with`]).
pub fn build_tool_page_with(
    lib: &Library,
    tool: &Tool,
    include: impl Fn(&Comparison) -> bool,
    media: &pictures::MediaBase,
) -> ToolPage {
    let verdicts: Vec<&Verdict> = lib
        .verdicts
        .values()
        .filter(|v| v.tool == tool.slug)
        .collect();
    let comparisons: Vec<&Comparison> = lib
        .comparisons_with_tool(&tool.slug)
        .filter(|c| include(c))
        .collect();
    tool_page(lib, tool, &verdicts, &comparisons, media)
}

/// [`build_tool_page`] from the tool's verdicts and the pages it is listed on, found by the
/// caller: the site finds them for every tool in one pass, where a search per tool would
/// scan every verdict and page thousands of times over.
pub fn build_tool_page_from(
    lib: &Library,
    tool: &Tool,
    verdicts: &[&Verdict],
    pages: &[&Comparison],
) -> ToolPage {
    tool_page(lib, tool, verdicts, pages, &pictures::MediaBase::default())
}

fn tool_page(
    lib: &Library,
    tool: &Tool,
    verdicts: &[&Verdict],
    pages: &[&Comparison],
    media: &pictures::MediaBase,
) -> ToolPage {
    let standalone = Comparison {
        slug: String::new(),
        title: String::new(),
        dek: String::new(),
        intro: String::new(),
        tools: vec![tool.slug.clone()],
        panel: lib.reviewers.keys().cloned().collect(),
        status: ComparisonStatus::Draft,
        scheduled_for: None,
        published_at: None,
        assignee: None,
        due: None,
        verdicts_due: None,
    };
    let mut comparisons: Vec<IndexEntry> =
        pages.iter().map(|c| IndexEntry::of(&lib.site, c)).collect();
    comparisons.sort_by(|a, b| a.slug.cmp(&b.slug));
    ToolPage {
        card: page_tool(lib, &standalone, tool, verdicts, media),
        url: format!("{}/{}", base_url(&lib.site), tool_path(&tool.slug)),
        comparisons,
        image_source: media.csp_source(),
    }
}
