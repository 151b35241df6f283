//! The overview: everything the desk's first screens show (pages with their tool cards,
//! tools, reviewers, publishing targets), read in one call.

use std::collections::HashMap;

use serde::Serialize;

use super::{Desk, DeskError};
use crate::model::{CommunityVotes, ComparisonStatus};
use crate::score::{community_share, panel_ship_of, PanelShip};
use crate::store::{ComparisonHead, Store, ToolHead, VerdictCall};

/// A tool as a page's row shows it: what is the page's own (its scores there). Its name,
/// vendor, category, price and logo are its [`ToolSummary`] in the same answer, not repeated
/// on every page that lists it (on a desk of 10,000 pages that was 30 % of the overview).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ToolCard {
    pub slug: String,
    pub panel_ship: PanelShip,
    pub community_percent: Option<u32>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ComparisonSummary {
    pub slug: String,
    pub title: String,
    pub dek: String,
    pub status: ComparisonStatus,
    /// Published, and something the page shows has changed since.
    pub stale: bool,
    /// The publishing targets holding the page, by name: where it is live. Empty for a
    /// published page that went to no target (yet).
    pub live_on: Vec<String>,
    pub tools: Vec<ToolCard>,
    /// Reviewer slugs of the page's panel, in scorecard order.
    pub panel: Vec<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ToolSummary {
    pub slug: String,
    pub name: String,
    pub vendor: String,
    pub category: String,
    pub tagline: String,
    pub entry: String,
    pub pricing_checked_on: Option<String>,
    /// The logo's hash (the list shows its thumbnail), when the tool has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub logo: Option<String>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ReviewerSummary {
    pub slug: String,
    pub name: String,
    pub persona: String,
    pub verdict_count: usize,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct SiteSummary {
    pub site_name: String,
    pub kicker: String,
}

/// Everything the first screens show, in one call.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Overview {
    pub site: SiteSummary,
    pub comparisons: Vec<ComparisonSummary>,
    pub tools: Vec<ToolSummary>,
    pub reviewers: Vec<ReviewerSummary>,
    /// The publishing targets' names: with none, publishing a page sends it nowhere.
    pub targets: Vec<String>,
    /// Why publishing now would write wrong addresses (no base URL, or the sample's).
    pub publish_warning: Option<String>,
    pub data_dir: String,
    /// How many pages the desk holds: `comparisons.len()`, unless this is a first screenful.
    pub comparisons_total: usize,
    /// A first screenful ([`Desk::overview_first`]): `comparisons` holds only the first pages
    /// in the list's order and `tools` only the tools they show. The whole overview follows.
    pub partial: bool,
}

/// A reviewer as the lists show them.
struct ReviewerHead {
    slug: String,
    name: String,
    persona: String,
    verdicts: usize,
}

/// What the summaries are made from, read under one lock of the store.
struct Parts {
    heads: Vec<ComparisonHead>,
    tools: Vec<ToolHead>,
    calls: Vec<VerdictCall>,
    votes: Vec<CommunityVotes>,
    reviewers: Vec<ReviewerHead>,
    updated_at: HashMap<String, String>,
    total: usize,
    partial: bool,
}

impl Desk {
    /// Every page's summary with its tool cards, every tool and reviewer: what the lists show.
    pub fn overview(&self) -> Result<Overview, DeskError> {
        let stale = self.stale_pages()?;
        let parts = {
            let store = self.store();
            // Heads, not whole documents: the rows need no intro, description or quote.
            let heads = store.comparison_heads()?;
            let calls = store.verdict_calls()?;
            Parts {
                total: heads.len(),
                reviewers: reviewer_heads(&store, Some(&calls))?,
                tools: store.tool_heads()?,
                votes: store.votes()?,
                updated_at: store.comparisons_updated_at()?,
                heads,
                calls,
                partial: false,
            }
        };
        self.assemble(parts, |slug| stale.contains(slug))
    }

    /// The first `limit` pages in the list's order, the tools they show and every reviewer,
    /// with the desk's page count: what the list's first screen needs, read in a few
    /// milliseconds on a desk of 10,000 pages (the whole overview takes a good part of a
    /// second there), so the list shows while the rest is read. Stale marks are the whole
    /// overview's, from the kept page hashes when they are current; else the first pages'
    /// own are built, each from its own content.
    pub fn overview_first(&self, limit: usize) -> Result<Overview, DeskError> {
        let parts = {
            let store = self.store();
            let heads = store.comparison_heads_first(limit)?;
            let mut tool_slugs: Vec<&str> = heads
                .iter()
                .flat_map(|c| c.tools.iter().map(String::as_str))
                .collect();
            tool_slugs.sort_unstable();
            tool_slugs.dedup();
            let mut votes = Vec::new();
            let mut updated_at = HashMap::new();
            for c in &heads {
                votes.extend(store.votes_on(&c.slug)?);
                if let Some(at) = store.comparison_updated_at(&c.slug)? {
                    updated_at.insert(c.slug.clone(), at);
                }
            }
            Parts {
                tools: store.tool_heads_of(tool_slugs.iter().copied())?,
                calls: store.verdict_calls_on(tool_slugs.iter().copied())?,
                reviewers: reviewer_heads(&store, None)?,
                total: store.comparison_count()?,
                votes,
                updated_at,
                heads,
                partial: true,
            }
        };
        let published: Vec<&str> = parts
            .heads
            .iter()
            .filter(|c| c.status == ComparisonStatus::Published)
            .map(|c| c.slug.as_str())
            .collect();
        let stale = self.stale_among(&published)?;
        self.assemble(parts, |slug| stale.contains(slug))
    }

    fn assemble(&self, parts: Parts, stale: impl Fn(&str) -> bool) -> Result<Overview, DeskError> {
        let mut live_on = self.live_on()?;
        let targets = self.targets()?.into_iter().map(|t| t.name).collect();
        let site = self.store().site()?;
        let Parts {
            heads,
            tools,
            calls,
            votes,
            reviewers,
            mut updated_at,
            total,
            partial,
        } = parts;
        // Looked up by slug, not searched for each card: a desk of 10,000 pages has 20,000.
        let tool_by_slug: HashMap<&str, &ToolHead> =
            tools.iter().map(|t| (t.slug.as_str(), t)).collect();
        let mut calls_on_tool: HashMap<&str, Vec<&VerdictCall>> = Default::default();
        for v in &calls {
            calls_on_tool.entry(v.tool.as_str()).or_default().push(v);
        }
        let mut votes_of_page: HashMap<&str, Vec<CommunityVotes>> = Default::default();
        for v in &votes {
            votes_of_page
                .entry(v.comparison.as_str())
                .or_default()
                .push(v.clone());
        }
        let mut comparisons = Vec::with_capacity(heads.len());
        for c in heads {
            let page_votes = votes_of_page
                .get(c.slug.as_str())
                .map_or(&[][..], Vec::as_slice);
            let cards = c
                .tools
                .iter()
                .filter_map(|slug| tool_by_slug.get(slug.as_str()))
                .map(|t| ToolCard {
                    slug: t.slug.clone(),
                    panel_ship: panel_ship_of(
                        &c.panel,
                        &t.slug,
                        calls_on_tool
                            .get(t.slug.as_str())
                            .into_iter()
                            .flatten()
                            .map(|v| (v.reviewer.as_str(), v.tool.as_str(), v.call, v.status)),
                    ),
                    community_percent: community_share(page_votes, &c.slug, &t.slug),
                })
                .collect();
            comparisons.push(ComparisonSummary {
                stale: c.status == ComparisonStatus::Published && stale(&c.slug),
                live_on: live_on.remove(&c.slug).unwrap_or_default(),
                updated_at: updated_at.remove(&c.slug).unwrap_or_default(),
                panel: c.panel,
                slug: c.slug,
                title: c.title,
                dek: c.dek,
                status: c.status,
                tools: cards,
            });
        }
        Ok(Overview {
            site: SiteSummary {
                site_name: site.site_name.clone(),
                kicker: site.kicker.clone(),
            },
            comparisons,
            tools: tools
                .iter()
                .map(|t| ToolSummary {
                    slug: t.slug.clone(),
                    name: t.name.clone(),
                    vendor: t.vendor.clone(),
                    category: t.category.clone(),
                    tagline: t.tagline.clone(),
                    entry: t.entry_price.label(),
                    pricing_checked_on: t.pricing_checked_on.map(|d| d.to_string()),
                    logo: t.logo.clone(),
                })
                .collect(),
            reviewers: reviewers
                .into_iter()
                .map(|r| ReviewerSummary {
                    slug: r.slug,
                    name: r.name,
                    persona: r.persona,
                    verdict_count: r.verdicts,
                })
                .collect(),
            targets,
            publish_warning: crate::checks::base_url_warning(&site),
            data_dir: self.data_dir.display().to_string(),
            comparisons_total: total,
            partial,
        })
    }
}

/// The reviewers with how many verdicts each wrote: counted from `calls` when every
/// verdict's call was read anyway, else asked per reviewer.
fn reviewer_heads(
    store: &Store,
    calls: Option<&[VerdictCall]>,
) -> Result<Vec<ReviewerHead>, DeskError> {
    let mut counted: HashMap<&str, usize> = Default::default();
    for v in calls.into_iter().flatten() {
        *counted.entry(v.reviewer.as_str()).or_default() += 1;
    }
    let mut heads = Vec::new();
    for r in store.reviewers()? {
        let verdicts = match calls {
            Some(_) => counted.get(r.slug.as_str()).copied().unwrap_or(0),
            None => store.verdicts_by_reviewer_count(&r.slug)?,
        };
        heads.push(ReviewerHead {
            slug: r.slug,
            name: r.name,
            persona: r.persona,
            verdicts,
        });
    }
    Ok(heads)
}
