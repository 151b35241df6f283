//! The nouns of the desk: tools, reviewers, verdicts, comparisons, votes, site settings, revisions.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// An AI tool that comparisons put side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub vendor: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub tagline: String,
    /// Markdown.
    #[serde(default)]
    pub description: String,
    pub entry_price: EntryPrice,
    #[serde(default)]
    pub license: String,
    #[serde(default)]
    pub links: ToolLinks,
    #[serde(default)]
    pub release_date: Option<NaiveDate>,
    #[serde(default)]
    pub pricing_checked_on: Option<NaiveDate>,
    /// Where each fact (price, license, release date, weights and docs links) was checked,
    /// when and by whom. Left out of the stored document while empty.
    #[serde(
        default,
        skip_serializing_if = "crate::facts::types::ToolFacts::is_empty"
    )]
    #[ts(as = "Option<crate::facts::types::ToolFacts>", optional)]
    pub facts: crate::facts::types::ToolFacts,
    /// The hash of the tool's logo on the desk (square). Left out of the stored document when
    /// there is none, so tools saved before logos existed keep their exact documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub logo: Option<String>,
    /// Up to [`MAX_SCREENSHOTS`] screenshots, in page order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<Screenshot>>", optional)]
    pub screenshots: Vec<Screenshot>,
}

/// How many screenshots a tool may have.
pub const MAX_SCREENSHOTS: usize = 6;

/// One screenshot of a tool: an image on the desk with its own alt text and credit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Screenshot {
    /// The image's hash on the desk.
    pub media: String,
    /// What the screenshot shows, for readers who cannot see it; required unless decorative.
    #[serde(default)]
    pub alt: String,
    /// Where it comes from ("Screenshot: vendor's site").
    #[serde(default)]
    pub credit: String,
    /// Marked as adding nothing a reader needs (then it has no alt text).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub decorative: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ToolLinks {
    #[serde(default)]
    pub homepage: Option<String>,
    #[serde(default)]
    pub weights: Option<String>,
    #[serde(default)]
    pub docs: Option<String>,
}

/// What it costs to start using a tool, as the "Entry" figure on a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum EntryPrice {
    Free,
    /// A fixed price; `amount_cents` avoids float money.
    Amount {
        #[ts(type = "number")]
        amount_cents: u64,
        currency: String,
        period: PricePeriod,
    },
    UsageBased,
    Contact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PricePeriod {
    Once,
    Month,
    Year,
}

impl EntryPrice {
    /// The reader-facing label: "Free", "$20/mo", "Usage-based", "Contact sales".
    pub fn label(&self) -> String {
        match self {
            EntryPrice::Free => "Free".into(),
            EntryPrice::UsageBased => "Usage-based".into(),
            EntryPrice::Contact => "Contact sales".into(),
            EntryPrice::Amount {
                amount_cents,
                currency,
                period,
            } => {
                let units = amount_cents / 100;
                let cents = amount_cents % 100;
                let number = if cents == 0 {
                    units.to_string()
                } else {
                    format!("{units}.{cents:02}")
                };
                let money = match currency.as_str() {
                    "USD" => format!("${number}"),
                    "EUR" => format!("€{number}"),
                    "GBP" => format!("£{number}"),
                    other => format!("{number} {other}"),
                };
                match period {
                    PricePeriod::Once => money,
                    PricePeriod::Month => format!("{money}/mo"),
                    PricePeriod::Year => format!("{money}/yr"),
                }
            }
        }
    }
}

/// A member of the review panel, writing through one persona's lens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Reviewer {
    pub slug: String,
    pub name: String,
    /// The lens, e.g. "Developer experience".
    pub persona: String,
    #[serde(default)]
    pub bio: String,
    /// The guiding questions of the lens.
    #[serde(default)]
    pub rubric: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Call {
    Ship,
    Skip,
}

impl Call {
    pub fn as_str(self) -> &'static str {
        match self {
            Call::Ship => "ship",
            Call::Skip => "skip",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum VerdictStatus {
    Draft,
    Submitted,
    Accepted,
    Returned,
}

impl VerdictStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VerdictStatus::Draft => "draft",
            VerdictStatus::Submitted => "submitted",
            VerdictStatus::Accepted => "accepted",
            VerdictStatus::Returned => "returned",
        }
    }
}

/// One reviewer's call on one tool, reused by every comparison that shows the tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Verdict {
    /// Reviewer slug.
    pub reviewer: String,
    /// Tool slug.
    pub tool: String,
    pub call: Call,
    /// Markdown.
    #[serde(default)]
    pub quote: String,
    pub status: VerdictStatus,
    /// The editor's reason when the verdict was returned.
    #[serde(default)]
    pub return_comment: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ComparisonStatus {
    Draft,
    InReview,
    Approved,
    Scheduled,
    Published,
}

impl ComparisonStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ComparisonStatus::Draft => "draft",
            ComparisonStatus::InReview => "in_review",
            ComparisonStatus::Approved => "approved",
            ComparisonStatus::Scheduled => "scheduled",
            ComparisonStatus::Published => "published",
        }
    }
}

/// A side-by-side page about two or more tools.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub dek: String,
    /// Markdown.
    #[serde(default)]
    pub intro: String,
    /// Tool slugs in page order.
    pub tools: Vec<String>,
    /// Reviewer slugs in scorecard order: the panel whose verdicts the page shows.
    pub panel: Vec<String>,
    pub status: ComparisonStatus,
    #[serde(default)]
    pub scheduled_for: Option<DateTime<Utc>>,
    #[serde(default)]
    pub published_at: Option<DateTime<Utc>>,
    /// The editor who holds the page: a profile's slug (on a team, a member's login). Left
    /// out of the stored document when unassigned, so older pages keep their exact documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub assignee: Option<String>,
    /// The day the page is due from its assignee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub due: Option<NaiveDate>,
    /// The day the page's verdict requests (each panel reviewer's verdict on each of its
    /// tools) are due from their reviewers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub verdicts_due: Option<NaiveDate>,
}

impl Comparison {
    /// The canonical identity of the set of tools: A-vs-B and B-vs-A share it.
    pub fn pair_key(&self) -> String {
        pair_key(&self.tools)
    }
}

/// Sorted, de-duplicated tool slugs joined by `+`.
pub fn pair_key(tools: &[String]) -> String {
    let mut sorted: Vec<&str> = tools.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.dedup();
    sorted.join("+")
}

/// Readers' votes for one tool on one comparison, as last pulled from the endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommunityVotes {
    pub comparison: String,
    pub tool: String,
    pub votes: u64,
    /// Where the count came from, e.g. a publishing target's name.
    pub source: String,
    pub fetched_at: DateTime<Utc>,
}

/// Site-wide settings: everything on a page that is not per comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    pub site_name: String,
    /// The line above every title, e.g. "AI tool comparison".
    pub kicker: String,
    /// The dek a new comparison starts with.
    #[serde(default)]
    pub default_dek: String,
    pub newsletter: Newsletter,
    pub theme: String,
    #[serde(default)]
    pub base_url: Option<String>,
    /// The reader vote service's public address (docs/votes.md); pages show a vote form that
    /// posts to it, none when it is empty. Left out of the JSON when empty, so sites without
    /// one keep their exact documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub vote_service: Option<String>,
    /// Days a price check stays fresh (unset: 30); an older one is a warning and a task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub price_recheck_days: Option<u32>,
    /// Days a license, release date or link check stays fresh (unset: 90).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub facts_recheck_days: Option<u32>,
    /// Theme option: pages say when their prices were checked ("Prices checked 3 Dec 2026").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub show_prices_checked: bool,
    /// How many points (of a tool's whole-percent share of a page's readers' votes) the
    /// Community figures must move before pulled votes change the page and so make it stale;
    /// a smaller move keeps the page's figures as they are. Unset is 1: any change the page
    /// shows. Left out of the JSON when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub vote_republish_points: Option<u32>,
}

/// The largest [`SiteSettings::vote_republish_points`]: a share moves at most 100 points.
pub const MAX_VOTE_REPUBLISH_POINTS: u32 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Newsletter {
    pub kicker: String,
    pub heading: String,
    pub body: String,
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            site_name: "Verdict Desk".into(),
            kicker: "AI tool comparison".into(),
            default_dek: String::new(),
            newsletter: Newsletter {
                kicker: "Weekly AI Tool Verdicts".into(),
                heading: "Get the next comparison in your inbox".into(),
                body: String::new(),
            },
            theme: "default".into(),
            base_url: None,
            vote_service: None,
            price_recheck_days: None,
            facts_recheck_days: None,
            show_prices_checked: false,
            vote_republish_points: None,
        }
    }
}

/// Which kind of thing a revision or search hit is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Site,
    Tool,
    Reviewer,
    Verdict,
    Comparison,
    /// An image's text (alt, credit, decorative), keyed by the image's hash: its bytes never
    /// change under that name, so only its text has versions.
    Media,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Site => "site",
            EntityKind::Tool => "tool",
            EntityKind::Reviewer => "reviewer",
            EntityKind::Verdict => "verdict",
            EntityKind::Comparison => "comparison",
            EntityKind::Media => "media",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "site" => EntityKind::Site,
            "tool" => EntityKind::Tool,
            "reviewer" => EntityKind::Reviewer,
            "verdict" => EntityKind::Verdict,
            "comparison" => EntityKind::Comparison,
            "media" => EntityKind::Media,
            _ => return None,
        })
    }
}

/// A snapshot kept on every save that changed something.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub entity: EntityKind,
    /// Slug, or `reviewer/tool` for a verdict, or `site`.
    pub key: String,
    /// 1 for the first save, counting up.
    pub number: u32,
    pub snapshot: serde_json::Value,
    pub saved_at: DateTime<Utc>,
    /// Who saved it: a profile's slug, or a team member's login (None before authors were
    /// recorded, and for imports and the sample).
    pub author: Option<String>,
}

/// The key a verdict is stored and revised under.
pub fn verdict_key(reviewer: &str, tool: &str) -> String {
    format!("{reviewer}/{tool}")
}
