//! The sources of a tool's facts as the content model stores them: plain data, below the
//! model that holds them (the rules about them are in the parent module).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
}
