//! Facts with sources: the facts a comparison stands on (each tool's entry price, license,
//! release date, weights and docs links), each with the address it was checked against and
//! when and by whom; how long a check stays fresh; and the link check over a page.
//!
//! The price's date is the tool's `pricing_checked_on` (older than the other facts' sources);
//! its source and checker live with the other facts in `Tool::facts`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::checks::{Check, Severity};
use crate::model::{SiteSettings, Tool};
use crate::validate::{url_problem, FieldError, MAX_NAME};

pub mod cache;
pub mod check;
pub mod links;
mod stamp;
pub use stamp::stamp_checkers;

/// Days a price check stays fresh when the site does not say.
pub const DEFAULT_PRICE_WINDOW_DAYS: u32 = 30;
/// Days a license, release date or link check stays fresh when the site does not say.
pub const DEFAULT_FACTS_WINDOW_DAYS: u32 = 90;
/// The longest freshness window a site may set (ten years).
pub const MAX_WINDOW_DAYS: u32 = 3650;

/// Where one fact was checked, when and by whom.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct FactSource {
    /// The page the fact was read from (http or https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub checked_on: Option<NaiveDate>,
    /// Who checked it: a profile's slug, or a team member's login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub checked_by: Option<String>,
}

impl FactSource {
    pub fn is_empty(&self) -> bool {
        self == &FactSource::default()
    }
}

/// Where the price was checked and by whom; when is the tool's `pricing_checked_on`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct PriceSource {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub checked_by: Option<String>,
}

impl PriceSource {
    pub fn is_empty(&self) -> bool {
        self == &PriceSource::default()
    }
}

/// The sources of a tool's facts. Each part is left out of the stored document while empty,
/// so tools saved before facts had sources keep their exact documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ToolFacts {
    #[serde(default, skip_serializing_if = "PriceSource::is_empty")]
    #[ts(as = "Option<PriceSource>", optional)]
    pub price: PriceSource,
    #[serde(default, skip_serializing_if = "FactSource::is_empty")]
    #[ts(as = "Option<FactSource>", optional)]
    pub license: FactSource,
    #[serde(default, skip_serializing_if = "FactSource::is_empty")]
    #[ts(as = "Option<FactSource>", optional)]
    pub release_date: FactSource,
    #[serde(default, skip_serializing_if = "FactSource::is_empty")]
    #[ts(as = "Option<FactSource>", optional)]
    pub weights: FactSource,
    #[serde(default, skip_serializing_if = "FactSource::is_empty")]
    #[ts(as = "Option<FactSource>", optional)]
    pub docs: FactSource,
}

impl ToolFacts {
    pub fn is_empty(&self) -> bool {
        self == &ToolFacts::default()
    }

    /// The non-price facts' sources, by fact.
    pub fn dated(&self) -> [(Fact, &FactSource); 4] {
        [
            (Fact::License, &self.license),
            (Fact::ReleaseDate, &self.release_date),
            (Fact::Weights, &self.weights),
            (Fact::Docs, &self.docs),
        ]
    }

    /// A non-price fact's source (`None` for the price).
    pub fn dated_source(&self, fact: Fact) -> Option<&FactSource> {
        match fact {
            Fact::Price => None,
            Fact::License => Some(&self.license),
            Fact::ReleaseDate => Some(&self.release_date),
            Fact::Weights => Some(&self.weights),
            Fact::Docs => Some(&self.docs),
        }
    }

    pub(crate) fn dated_mut(&mut self, fact: Fact) -> Option<&mut FactSource> {
        match fact {
            Fact::Price => None,
            Fact::License => Some(&mut self.license),
            Fact::ReleaseDate => Some(&mut self.release_date),
            Fact::Weights => Some(&mut self.weights),
            Fact::Docs => Some(&mut self.docs),
        }
    }
}

/// One fact of a tool that has a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    Price,
    License,
    ReleaseDate,
    Weights,
    Docs,
}

impl Fact {
    pub const ALL: [Fact; 5] = [
        Fact::Price,
        Fact::License,
        Fact::ReleaseDate,
        Fact::Weights,
        Fact::Docs,
    ];

    /// Its key under `facts`: `price`, `license`, `release_date`, `weights`, `docs`.
    pub fn key(self) -> &'static str {
        match self {
            Fact::Price => "price",
            Fact::License => "license",
            Fact::ReleaseDate => "release_date",
            Fact::Weights => "weights",
            Fact::Docs => "docs",
        }
    }

    /// How an editor calls it: "price", "weights link".
    pub fn label(self) -> &'static str {
        match self {
            Fact::Price => "price",
            Fact::License => "license",
            Fact::ReleaseDate => "release date",
            Fact::Weights => "weights link",
            Fact::Docs => "docs link",
        }
    }

    /// The field holding the date it was checked on.
    pub fn date_field(self) -> String {
        match self {
            Fact::Price => "pricing_checked_on".into(),
            other => format!("facts.{}.checked_on", other.key()),
        }
    }

    /// Days a check of it stays fresh on `site`.
    pub fn window(self, site: &SiteSettings) -> u32 {
        match self {
            Fact::Price => site.price_recheck_days.unwrap_or(DEFAULT_PRICE_WINDOW_DAYS),
            _ => site.facts_recheck_days.unwrap_or(DEFAULT_FACTS_WINDOW_DAYS),
        }
    }

    pub fn checked_on(self, tool: &Tool) -> Option<NaiveDate> {
        match self {
            Fact::Price => tool.pricing_checked_on,
            other => tool.facts.dated_source(other)?.checked_on,
        }
    }

    pub fn checked_by(self, tool: &Tool) -> Option<&str> {
        match self {
            Fact::Price => tool.facts.price.checked_by.as_deref(),
            other => tool.facts.dated_source(other)?.checked_by.as_deref(),
        }
    }

    pub fn source(self, tool: &Tool) -> Option<&str> {
        match self {
            Fact::Price => tool.facts.price.source.as_deref(),
            other => tool.facts.dated_source(other)?.source.as_deref(),
        }
    }
}

/// Every problem with a tool's fact sources, each naming its field (`facts.license.source`).
pub fn validate_facts(facts: &ToolFacts) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut one = |key: &str, source: &Option<String>, checked_by: &Option<String>| {
        if let Some(problem) = source.as_deref().and_then(url_problem) {
            out.push(FieldError::new(
                format!("facts.{key}.source"),
                format!("the source {problem}"),
            ));
        }
        if let Some(who) = checked_by {
            if who.trim().is_empty()
                || who.chars().count() > MAX_NAME
                || who.contains(char::is_control)
            {
                out.push(FieldError::new(
                    format!("facts.{key}.checked_by"),
                    format!("must be a name of 1 to {MAX_NAME} characters on one line"),
                ));
            }
        }
    };
    one("price", &facts.price.source, &facts.price.checked_by);
    for (fact, s) in facts.dated() {
        one(fact.key(), &s.source, &s.checked_by);
    }
    out
}

/// Problems with the site's freshness windows.
pub fn validate_windows(site: &SiteSettings) -> Vec<FieldError> {
    let mut out = Vec::new();
    for (field, days) in [
        ("price_recheck_days", site.price_recheck_days),
        ("facts_recheck_days", site.facts_recheck_days),
    ] {
        if let Some(d) = days.filter(|d| !(1..=MAX_WINDOW_DAYS).contains(d)) {
            out.push(FieldError::new(
                field,
                format!("must be from 1 to {MAX_WINDOW_DAYS} days, not {d}"),
            ));
        }
    }
    out
}

/// A fact whose last check is older than its window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleFact {
    pub fact: Fact,
    pub checked_on: NaiveDate,
    /// Days since it was checked.
    pub days: i64,
    pub window: u32,
}

/// The tool's facts checked longer ago than the site's windows allow, in `Fact::ALL` order.
/// A fact never checked is not stale (the price's missing check is its own warning).
pub fn stale_facts(tool: &Tool, site: &SiteSettings, today: NaiveDate) -> Vec<StaleFact> {
    Fact::ALL
        .into_iter()
        .filter_map(|fact| {
            let checked_on = fact.checked_on(tool)?;
            let days = (today - checked_on).num_days();
            let window = fact.window(site);
            (days > i64::from(window)).then_some(StaleFact {
                fact,
                checked_on,
                days,
                window,
            })
        })
        .collect()
}

/// The page's warnings about a tool's facts: a price never checked, and every fact whose
/// check is past its window.
pub fn fact_checks(tool: &Tool, site: &SiteSettings, today: NaiveDate) -> Vec<Check> {
    let slug = &tool.slug;
    let mut out = Vec::new();
    if tool.pricing_checked_on.is_none() {
        out.push(Check {
            severity: Severity::Warning,
            code: "pricing_unchecked".into(),
            field: format!("tool:{slug}.pricing_checked_on"),
            message: format!(
                "The price of {} ({}) was never checked.",
                tool.name,
                tool.entry_price.label()
            ),
        });
    }
    for stale in stale_facts(tool, site, today) {
        let StaleFact {
            fact,
            checked_on,
            days,
            window,
        } = stale;
        let (code, message) = match fact {
            Fact::Price => (
                "pricing_stale",
                format!(
                    "The price of {} ({}) was last checked {days} days ago, on {checked_on}.",
                    tool.name,
                    tool.entry_price.label()
                ),
            ),
            other => (
                "fact_stale",
                format!(
                    "The {} of {} was last checked {days} days ago, on {checked_on}; the site rechecks it every {window} days.",
                    other.label(),
                    tool.name
                ),
            ),
        };
        out.push(Check {
            severity: Severity::Warning,
            code: code.into(),
            field: format!("tool:{slug}.{}", fact.date_field()),
            message,
        });
    }
    out
}

/// "3 Dec 2026".
pub fn day_words(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

/// The line a page may show under its cards ("Prices checked 3 Dec 2026"): the oldest price
/// check of its tools, when the site shows it and every tool's price was checked.
pub fn prices_checked_line(site: &SiteSettings, tools: &[&Tool]) -> Option<String> {
    if !site.show_prices_checked || tools.is_empty() {
        return None;
    }
    let oldest = tools
        .iter()
        .map(|t| t.pricing_checked_on)
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .min()?;
    Some(format!("Prices checked {}", day_words(oldest)))
}
