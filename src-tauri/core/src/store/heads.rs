//! What the desk's lists show of every page, tool and verdict, read without the rest of
//! their documents: a page's row has no use for its intro, a tool's for its description and
//! facts, a card's panel score for the verdicts' quotes. On a desk of 10,000 pages the full
//! reads parsed some 55 MB of documents (36 MB of it verdicts, sorted through a temporary
//! file) for each overview.

use rusqlite::Row;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::{Result, Store, StoreError};
use crate::model::{Call, ComparisonStatus, EntryPrice, VerdictStatus};

/// A page as its row in the list shows it.
#[derive(Debug, Clone, Deserialize)]
pub struct ComparisonHead {
    pub slug: String,
    pub title: String,
    #[serde(default)]
    pub dek: String,
    /// Tool slugs in page order.
    pub tools: Vec<String>,
    /// Reviewer slugs in scorecard order.
    pub panel: Vec<String>,
    pub status: ComparisonStatus,
}

/// A tool as the lists and cards show it.
#[derive(Debug, Clone, Deserialize)]
pub struct ToolHead {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub vendor: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub tagline: String,
    pub entry_price: EntryPrice,
    #[serde(default)]
    pub pricing_checked_on: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub logo: Option<String>,
}

/// A verdict's call and where it stands, from its row's columns (the store writes them with
/// the document, in the same statement).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerdictCall {
    pub reviewer: String,
    pub tool: String,
    pub call: Call,
    pub status: VerdictStatus,
}

impl Store {
    /// Every page's head, ordered by slug (the list's order).
    pub fn comparison_heads(&self) -> Result<Vec<ComparisonHead>> {
        self.docs(
            "comparison",
            "SELECT slug, doc FROM comparisons ORDER BY slug",
            [],
        )
    }

    /// The first `limit` pages' heads in the list's order (by slug): a first screenful.
    pub fn comparison_heads_first(&self, limit: usize) -> Result<Vec<ComparisonHead>> {
        self.docs(
            "comparison",
            "SELECT slug, doc FROM comparisons ORDER BY slug LIMIT ?1",
            [i64::try_from(limit).unwrap_or(i64::MAX)],
        )
    }

    /// How many pages the desk holds.
    pub fn comparison_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM comparisons", [], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The heads of the tools named (those the desk has), ordered by slug.
    pub fn tool_heads_of<'a>(
        &self,
        slugs: impl IntoIterator<Item = &'a str>,
    ) -> Result<Vec<ToolHead>> {
        let mut heads = Vec::new();
        for slug in slugs {
            heads.extend(self.docs::<ToolHead, _>(
                "tool",
                "SELECT slug, doc FROM tools WHERE slug = ?1",
                [slug],
            )?);
        }
        heads.sort_by(|a, b| a.slug.cmp(&b.slug));
        Ok(heads)
    }

    /// The calls of the verdicts on the tools named.
    pub fn verdict_calls_on<'a>(
        &self,
        tools: impl IntoIterator<Item = &'a str>,
    ) -> Result<Vec<VerdictCall>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.slug, t.slug, v.call, v.status FROM tools t
               JOIN verdicts v ON v.tool_id = t.id JOIN reviewers r ON r.id = v.reviewer_id
             WHERE t.slug = ?1",
        )?;
        let mut calls = Vec::new();
        for tool in tools {
            let rows = stmt
                .query_map([tool], |r| Ok(read_call(r)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for row in rows {
                calls.push(row?);
            }
        }
        Ok(calls)
    }

    /// Every tool's head, ordered by slug.
    pub fn tool_heads(&self) -> Result<Vec<ToolHead>> {
        self.docs("tool", "SELECT slug, doc FROM tools ORDER BY slug", [])
    }

    /// Every verdict's call and status, in no order.
    pub fn verdict_calls(&self) -> Result<Vec<VerdictCall>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.slug, t.slug, v.call, v.status FROM verdicts v
               JOIN tools t ON t.id = v.tool_id JOIN reviewers r ON r.id = v.reviewer_id",
        )?;
        let rows = stmt
            .query_map([], |r| Ok(read_call(r)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().collect()
    }
}

fn read_call(r: &Row<'_>) -> Result<VerdictCall> {
    let reviewer: String = r.get(0)?;
    let tool: String = r.get(1)?;
    let call = column(r, 2, || format!("{tool}/{reviewer}"))?;
    let status = column(r, 3, || format!("{tool}/{reviewer}"))?;
    Ok(VerdictCall {
        call,
        status,
        reviewer,
        tool,
    })
}

/// A column holding one of an enum's names, read as the enum (as its documents name it),
/// without an allocation for each of some 80,000 columns.
fn column<T: DeserializeOwned>(r: &Row<'_>, at: usize, key: impl Fn() -> String) -> Result<T> {
    use serde::de::{value::StrDeserializer, Error as _};
    let text = r.get_ref(at)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(at, rusqlite::types::Type::Text, Box::new(e))
    })?;
    T::deserialize(StrDeserializer::<serde_json::Error>::new(text)).map_err(|e| {
        StoreError::Corrupt {
            kind: "verdict",
            key: key(),
            source: serde_json::Error::custom(e),
        }
    })
}
