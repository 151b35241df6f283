//! The full-text index over tools, reviewers, quotes and comparisons.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::{Result, Store};
use crate::model::EntityKind;

/// One full-text search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SearchHit {
    pub entity: EntityKind,
    pub key: String,
    pub title: String,
    /// Plain text around the match; never HTML.
    pub snippet: String,
}

impl Store {
    /// Full-text search over tools, reviewers, quotes and comparisons; best matches first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(fts) = fts_query(query) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare(
            "SELECT entity, entity_key, title,
                    snippet(search_index, -1, '', '', '…', 16)
             FROM search_index WHERE search_index MATCH ?1
             ORDER BY bm25(search_index, 0.0, 0.0, 5.0, 1.0) LIMIT ?2",
        )?;
        let hits = stmt
            .query_map(params![fts, limit as i64], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(hits
            .into_iter()
            .filter_map(|(entity, key, title, snippet)| {
                Some(SearchHit {
                    entity: EntityKind::parse(&entity)?,
                    key,
                    title,
                    snippet,
                })
            })
            .collect())
    }
}

/// Turns what a person typed into a safe FTS5 query: every word must match, as a prefix.
fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(16)
        .map(|t| format!("\"{t}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

pub(super) fn reindex(
    conn: &Connection,
    entity: EntityKind,
    key: &str,
    title: &str,
    body: &str,
) -> Result<()> {
    // Full-text rows are found through search_rows: FTS5 cannot index its UNINDEXED columns,
    // and a scan per save made bulk imports quadratic.
    let old: Option<i64> = conn
        .prepare_cached("SELECT fts_rowid FROM search_rows WHERE entity = ?1 AND entity_key = ?2")?
        .query_row(params![entity.as_str(), key], |r| r.get(0))
        .optional()?;
    if let Some(rowid) = old {
        conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?
            .execute([rowid])?;
    }
    conn.prepare_cached(
        "INSERT INTO search_index (entity, entity_key, title, body) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![entity.as_str(), key, title, body])?;
    conn.prepare_cached(
        "INSERT INTO search_rows (entity, entity_key, fts_rowid) VALUES (?1, ?2, ?3)
         ON CONFLICT (entity, entity_key) DO UPDATE SET fts_rowid = excluded.fts_rowid",
    )?
    .execute(params![entity.as_str(), key, conn.last_insert_rowid()])?;
    Ok(())
}
