//! The page model: what a theme renders and what a publishing target receives, and where
//! the site's pages live.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::vote_form;
use crate::model::{Call, ComparisonStatus, SiteSettings};
use crate::score::PanelShip;

/// A verdict's call as a page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PageCall {
    /// "ship" or "skip".
    pub call: Call,
    /// "Ship" or "Skip".
    pub label: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLinks {
    pub homepage: Option<String>,
    pub weights: Option<String>,
    pub docs: Option<String>,
}

/// One tool's card.
#[derive(Debug, Clone, Serialize)]
pub struct PageTool {
    pub slug: String,
    pub name: String,
    pub vendor: String,
    pub category: String,
    pub tagline: String,
    pub description_html: String,
    pub description_text: String,
    pub entry: String,
    pub license: String,
    pub links: PageLinks,
    pub release_date: Option<NaiveDate>,
    pub pricing_checked_on: Option<NaiveDate>,
    pub panel: PanelShip,
    /// "50%", or "—" before any verdict is accepted.
    pub panel_label: String,
    /// "2 of 4".
    pub panel_split: String,
    pub community_percent: Option<u32>,
    /// "62%", or "—" with no votes.
    pub community_label: String,
    /// The logo as a `<picture>` (left out of the page's data when the tool has none, so
    /// pages without images stay as they were).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_html: Option<String>,
    /// The logo's absolute address, for JSON-LD, when the site has an absolute base URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_image: Option<String>,
    /// Each screenshot as a `<figure>` with its credit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub screenshots_html: Vec<String>,
}

/// One reviewer's verdict on one tool, in a scorecard row.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreCell {
    pub tool_slug: String,
    pub tool_name: String,
    /// `None` while the verdict is missing or not accepted.
    pub verdict: Option<PageCall>,
    pub quote_html: String,
    pub quote_text: String,
}

/// One persona's row of the reviewer scorecard.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreRow {
    pub reviewer_slug: String,
    pub reviewer_name: String,
    pub persona: String,
    pub cells: Vec<ScoreCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageNewsletter {
    pub kicker: String,
    pub heading: String,
    pub body_html: String,
}

/// The structured page: what a theme renders and what the publishing endpoint receives.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub slug: String,
    pub url: String,
    pub site_name: String,
    pub kicker: String,
    pub title: String,
    pub dek: String,
    pub intro_html: String,
    pub status: ComparisonStatus,
    pub published_at: Option<DateTime<Utc>>,
    /// When the comparison was last saved with a change (never before `published_at`).
    pub modified_at: Option<DateTime<Utc>>,
    /// The share card's address (`share.png` beside the page), when the site has a base URL.
    pub share_image: Option<String>,
    pub tools: Vec<PageTool>,
    pub scorecard: Vec<ScoreRow>,
    pub newsletter: PageNewsletter,
    pub feed_url: String,
    /// schema.org JSON-LD, already escaped for a `<script>` element.
    pub json_ld: String,
    /// The reader vote form, when the site has a vote service (absent otherwise, so such
    /// pages keep their exact data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vote: Option<vote_form::VoteForm>,
    /// "Prices checked 3 Dec 2026", when the site's theme option shows it (absent otherwise,
    /// so such pages keep their exact data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prices_checked: Option<String>,
    /// The source the page's own policy adds to its `img-src` when it shows the desk's
    /// images (the app's protocol, for the preview); not part of the page's data.
    #[serde(skip)]
    pub image_source: Option<String>,
}

pub(super) fn base_url(site: &SiteSettings) -> String {
    site.base_url
        .as_deref()
        .unwrap_or("")
        .trim_end_matches('/')
        .to_string()
}

/// The share card's file name, beside the page's `index.html`.
pub const SHARE_CARD_FILE: &str = "share.png";

pub(super) fn is_absolute(base: &str) -> bool {
    base.starts_with("https://") || base.starts_with("http://")
}

/// Where a comparison page lives, relative to the site root.
pub fn comparison_path(slug: &str) -> String {
    format!("compare/{slug}/")
}

/// Where a tool page lives, relative to the site root.
pub fn tool_path(slug: &str) -> String {
    format!("tools/{slug}/")
}
