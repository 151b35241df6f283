//! Facts with sources: the facts a comparison stands on (each tool's entry price, license,
//! release date, weights and docs links), each with the address it was checked against and
//! when and by whom; how long a check stays fresh; and the link check over a page.
//!
//! The price's date is the tool's `pricing_checked_on` (older than the other facts' sources);
//! its source and checker live with the other facts in `Tool::facts`.

use chrono::NaiveDate;

use crate::model::{SiteSettings, Tool};

pub mod cache;
pub mod check;
pub mod links;
mod stamp;
pub mod types;
pub use stamp::stamp_checkers;
pub use types::{
    Fact, FactSource, PriceSource, ToolFacts, DEFAULT_FACTS_WINDOW_DAYS, DEFAULT_PRICE_WINDOW_DAYS,
    MAX_WINDOW_DAYS,
};

impl Fact {
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
