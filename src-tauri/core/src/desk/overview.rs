//! The overview: everything the desk's first screens show (pages with their tool cards,
//! tools, reviewers, publishing targets), read in one call.

use std::collections::HashMap;

use serde::Serialize;

use super::{Desk, DeskError};
use crate::model::{CommunityVotes, ComparisonStatus, Tool, Verdict};
use crate::score::{community_share, panel_ship, PanelShip};

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ToolCard {
    pub slug: String,
    pub name: String,
    pub vendor: String,
    pub category: String,
    pub tagline: String,
    pub entry: String,
    pub panel_ship: PanelShip,
    pub community_percent: Option<u32>,
    /// The logo's hash (the lists show its thumbnail), when the tool has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub logo: Option<String>,
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
}

impl Desk {
    pub fn overview(&self) -> Result<Overview, DeskError> {
        let stale = self.stale_pages()?;
        let mut live_on = self.live_on()?;
        let targets = self.targets()?.into_iter().map(|t| t.name).collect();
        let store = self.store();
        let site = store.site()?;
        let site_settings = site.clone();
        let tools = store.tools()?;
        let reviewers = store.reviewers()?;
        let verdicts = store.verdicts()?;
        let votes = store.votes()?;
        // Looked up by slug, not searched for each card: a desk of 2,000 pages has 4,000 cards.
        let tool_by_slug: HashMap<&str, &Tool> =
            tools.iter().map(|t| (t.slug.as_str(), t)).collect();
        let mut verdicts_of_tool: HashMap<&str, Vec<Verdict>> = Default::default();
        for v in &verdicts {
            verdicts_of_tool
                .entry(v.tool.as_str())
                .or_default()
                .push(v.clone());
        }
        let mut votes_of_page: HashMap<&str, Vec<CommunityVotes>> = Default::default();
        for v in &votes {
            votes_of_page
                .entry(v.comparison.as_str())
                .or_default()
                .push(v.clone());
        }
        let mut verdict_count: HashMap<&str, usize> = Default::default();
        for v in &verdicts {
            *verdict_count.entry(v.reviewer.as_str()).or_default() += 1;
        }
        let updated_at = store.comparisons_updated_at()?;
        let mut comparisons = Vec::new();
        for c in store.comparisons()? {
            let page_votes = votes_of_page
                .get(c.slug.as_str())
                .map_or(&[][..], Vec::as_slice);
            let cards = c
                .tools
                .iter()
                .filter_map(|slug| tool_by_slug.get(slug.as_str()))
                .map(|t| ToolCard {
                    slug: t.slug.clone(),
                    name: t.name.clone(),
                    vendor: t.vendor.clone(),
                    category: t.category.clone(),
                    tagline: t.tagline.clone(),
                    entry: t.entry_price.label(),
                    panel_ship: panel_ship(
                        &c.panel,
                        &t.slug,
                        verdicts_of_tool
                            .get(t.slug.as_str())
                            .map_or(&[][..], Vec::as_slice),
                    ),
                    community_percent: community_share(page_votes, &c.slug, &t.slug),
                    logo: t.logo.clone(),
                })
                .collect();
            comparisons.push(ComparisonSummary {
                stale: stale.contains(&c.slug),
                live_on: live_on.remove(&c.slug).unwrap_or_default(),
                panel: c.panel,
                updated_at: updated_at.get(&c.slug).cloned().unwrap_or_default(),
                slug: c.slug,
                title: c.title,
                dek: c.dek,
                status: c.status,
                tools: cards,
            });
        }
        Ok(Overview {
            site: SiteSummary {
                site_name: site.site_name,
                kicker: site.kicker,
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
                .iter()
                .map(|r| ReviewerSummary {
                    slug: r.slug.clone(),
                    name: r.name.clone(),
                    persona: r.persona.clone(),
                    verdict_count: verdict_count.get(r.slug.as_str()).copied().unwrap_or(0),
                })
                .collect(),
            targets,
            publish_warning: crate::checks::base_url_warning(&site_settings),
            data_dir: self.data_dir.display().to_string(),
        })
    }
}
