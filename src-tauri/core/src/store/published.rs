//! The hash of each page as it was published, for stale tracking.

use chrono::Utc;
use rusqlite::params;

use super::{id_of, now_text, Result, Store, StoreError};

impl Store {
    /// Remembers the hash of the page as it was published, for stale tracking.
    pub fn record_published(&mut self, slug: &str, page_hash: &str) -> Result<()> {
        let id = id_of(&self.conn, "comparisons", slug)?.ok_or_else(|| StoreError::NotFound {
            kind: "comparison",
            key: slug.to_string(),
        })?;
        self.conn.execute(
            "INSERT INTO published_pages (comparison_id, page_hash, published_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(comparison_id) DO UPDATE
               SET page_hash = excluded.page_hash, published_at = excluded.published_at",
            params![id, page_hash, now_text(Utc::now())],
        )?;
        Ok(())
    }

    /// Forgets the published hash (the page was unpublished).
    pub fn forget_published(&mut self, slug: &str) -> Result<()> {
        self.conn.execute(
            "DELETE FROM published_pages
             WHERE comparison_id = (SELECT id FROM comparisons WHERE slug = ?1)",
            [slug],
        )?;
        Ok(())
    }

    /// Comparison slug → the hash of its page when it was last published.
    pub fn published_hashes(&self) -> Result<std::collections::HashMap<String, String>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.slug, p.page_hash FROM published_pages p
               JOIN comparisons c ON c.id = p.comparison_id",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
