//! The link check at the desk: every link of a page (or of every page) asked for over HTTP,
//! the results cached with their date, and the broken ones as warnings in the page's checks.

use std::collections::HashMap;

use chrono::Utc;
use serde::Serialize;

use super::{Desk, DeskError};
use crate::checks::{Check, Severity};
use crate::facts::cache;
use crate::facts::check::{check_links, LinkCheckOptions, LinkResult, LinkState};
use crate::facts::links::page_links;
use crate::model::Comparison;
use crate::render::Library;
use crate::store::StoreError;

/// One link of one page and what checking it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct CheckedLink {
    /// The page's slug.
    pub page: String,
    pub url: String,
    /// The field holding it (`tool:SLUG.links.docs`, `intro`, …).
    pub field: String,
    /// Where it is, in words ("Llama 4 Scout's docs link").
    pub place: String,
    pub state: LinkState,
    #[ts(optional = nullable)]
    pub status: Option<u16>,
    pub said: String,
    /// When it was checked (the cache's date when `cached`).
    pub checked_at: chrono::DateTime<Utc>,
    /// Taken from the cache: checked recently enough not to be asked again.
    pub cached: bool,
}

/// What a link check found, page by page in the desk's order.
#[derive(Debug, Clone, Default, Serialize, ts_rs::TS)]
pub struct LinkReport {
    pub links: Vec<CheckedLink>,
}

impl LinkReport {
    /// Links that are broken or did not answer.
    pub fn problems(&self) -> usize {
        self.links
            .iter()
            .filter(|l| l.state != LinkState::Ok)
            .count()
    }
}

fn cache_error(e: rusqlite::Error) -> DeskError {
    DeskError::Store(StoreError::from(e))
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Desk {
    /// Checks every link of the page `slug` (every page's with `None`): links checked within
    /// `options.reuse_within` come from the cache, the others are asked for now and cached.
    /// Reads only: nothing is saved but the results.
    pub async fn check_links(
        &self,
        slug: Option<&str>,
        options: LinkCheckOptions,
    ) -> Result<LinkReport, DeskError> {
        let lib = self.library()?;
        let pages: Vec<&Comparison> = match slug {
            Some(s) => vec![lib
                .comparison(s)
                .ok_or_else(|| crate::render::RenderError::NoComparison(s.to_string()))?],
            None => lib.comparisons.iter().collect(),
        };
        let links: Vec<(String, crate::facts::links::PageLink)> = pages
            .iter()
            .flat_map(|p| page_links(&lib, p).into_iter().map(|l| (p.slug.clone(), l)))
            .collect();
        let urls: Vec<String> = links.iter().map(|(_, l)| l.url.clone()).collect();
        let now = Utc::now();
        let mut known = cache::cached(self.store().conn(), &urls).map_err(cache_error)?;
        let fresh = |r: &LinkResult| {
            options
                .reuse_within
                .is_some_and(|within| (now - r.checked_at).to_std().is_ok_and(|age| age <= within))
        };
        let mut from_cache: HashMap<String, LinkResult> = HashMap::new();
        let mut to_ask = Vec::new();
        for url in &urls {
            match known.remove(url) {
                Some(r) if fresh(&r) => {
                    from_cache.insert(url.clone(), r);
                }
                _ if !to_ask.contains(url) && !from_cache.contains_key(url) => {
                    to_ask.push(url.clone())
                }
                _ => {}
            }
        }
        let asked = check_links(&to_ask, &options).await;
        cache::record(self.store().conn(), &asked).map_err(cache_error)?;
        let asked: HashMap<String, LinkResult> =
            asked.into_iter().map(|r| (r.url.clone(), r)).collect();
        let links = links
            .into_iter()
            .filter_map(|(page, link)| {
                let (result, cached) = match asked.get(&link.url) {
                    Some(r) => (r, false),
                    None => (from_cache.get(&link.url)?, true),
                };
                Some(CheckedLink {
                    page,
                    url: link.url,
                    field: link.field,
                    place: link.place,
                    state: result.state,
                    status: result.status,
                    said: result.said.clone(),
                    checked_at: result.checked_at,
                    cached,
                })
            })
            .collect();
        Ok(LinkReport { links })
    }

    /// The page's links the last check found broken or unanswered, as warnings (codes
    /// `link_broken`, `link_unreachable`). Links never checked say nothing.
    pub fn link_checks(&self, lib: &Library, page: &Comparison) -> Result<Vec<Check>, DeskError> {
        let links = page_links(lib, page);
        let urls: Vec<String> = links.iter().map(|l| l.url.clone()).collect();
        let known = cache::cached(self.store().conn(), &urls).map_err(cache_error)?;
        Ok(links
            .into_iter()
            .filter_map(|link| {
                let r = known.get(&link.url).filter(|r| r.state != LinkState::Ok)?;
                let code = match r.state {
                    LinkState::Broken => "link_broken",
                    _ => "link_unreachable",
                };
                Some(Check {
                    severity: Severity::Warning,
                    code: code.into(),
                    field: link.field,
                    message: format!(
                        "{} ({}) {} (checked {}).",
                        capitalised(&link.place),
                        link.url,
                        r.said,
                        crate::facts::day_words(r.checked_at.date_naive())
                    ),
                })
            })
            .collect())
    }
}
