//! The comparisons table, with its tools and panel.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::revisions::record_revision;
use super::search::reindex;
use super::{
    check, id_of, now_text, to_doc, Result, SaveCtx, SaveOutcome, SaveTx, Store, StoreError,
};
use crate::model::{Comparison, EntityKind};
use crate::validate::FieldError;

impl Store {
    pub fn save_comparison(
        &mut self,
        ctx: &SaveCtx,
        comparison: &Comparison,
    ) -> Result<SaveOutcome> {
        self.write(ctx, |tx, now| save_comparison_tx(tx, comparison, now))
    }

    pub fn comparisons(&self) -> Result<Vec<Comparison>> {
        self.docs(
            "comparison",
            "SELECT slug, doc FROM comparisons ORDER BY slug",
            [],
        )
    }

    /// The comparisons in one workflow state, ordered by slug: found through the status
    /// index, so only their rows are read and their documents parsed (`publish --due` on a
    /// desk of 10,000 pages reads its few scheduled ones, not every page). `INDEXED BY`
    /// makes the query fail rather than quietly scan the table should the index go.
    pub fn comparisons_with_status(
        &self,
        status: crate::model::ComparisonStatus,
    ) -> Result<Vec<Comparison>> {
        self.docs(
            "comparison",
            "SELECT slug, doc FROM comparisons INDEXED BY comparisons_by_status
             WHERE status = ?1 ORDER BY slug",
            [status.as_str()],
        )
    }

    /// A comparison's title, read from its column (its document is not parsed).
    pub fn comparison_title(&self, slug: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT title FROM comparisons WHERE slug = ?1")?
            .query_row([slug], |r| r.get(0))
            .optional()?)
    }

    pub fn comparison(&self, slug: &str) -> Result<Option<Comparison>> {
        Ok(self
            .docs(
                "comparison",
                "SELECT slug, doc FROM comparisons WHERE slug = ?1",
                [slug],
            )?
            .pop())
    }

    /// The page (slug, title) that already compares `tools`, other than `except`: a pair of
    /// tools gets one page, whatever its order or slug.
    pub fn comparison_for_tools(
        &self,
        tools: &[String],
        except: &str,
    ) -> Result<Option<(String, String)>> {
        page_for_pair(&self.conn, &crate::model::pair_key(tools), except)
    }

    /// Every comparison's `updated_at` as stored, by slug: the overview's column in one query.
    pub fn comparisons_updated_at(&self) -> Result<std::collections::HashMap<String, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT slug, updated_at FROM comparisons")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// When each comparison row was last saved with a change: the pages' `modified_time`.
    pub fn comparison_update_times(&self) -> Result<Vec<(String, DateTime<Utc>)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT slug, updated_at FROM comparisons ORDER BY slug")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // A stamp that does not parse (written by hand) is left out rather than refused.
        Ok(rows
            .into_iter()
            .filter_map(|(slug, at)| {
                DateTime::parse_from_rfc3339(&at)
                    .ok()
                    .map(|at| (slug, at.with_timezone(&Utc)))
            })
            .collect())
    }
}

fn page_for_pair(
    conn: &Connection,
    pair_key: &str,
    except: &str,
) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT slug, title FROM comparisons WHERE pair_key = ?1 AND slug <> ?2")?
        .query_row(params![pair_key, except], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub(crate) fn save_comparison_tx(
    conn: &SaveTx,
    comparison: &Comparison,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    check(comparison)?;
    let mut problems = Vec::new();
    let mut tool_ids = Vec::new();
    for (i, slug) in comparison.tools.iter().enumerate() {
        match id_of(conn, "tools", slug)? {
            Some(id) => tool_ids.push(id),
            None => problems.push(FieldError::new(
                format!("tools[{i}]"),
                format!("no tool \"{slug}\""),
            )),
        }
    }
    let mut reviewer_ids = Vec::new();
    for (i, slug) in comparison.panel.iter().enumerate() {
        match id_of(conn, "reviewers", slug)? {
            Some(id) => reviewer_ids.push(id),
            None => problems.push(FieldError::new(
                format!("panel[{i}]"),
                format!("no reviewer \"{slug}\""),
            )),
        }
    }
    let pair_key = comparison.pair_key();
    if let Some((other, _)) = page_for_pair(conn, &pair_key, &comparison.slug)? {
        problems.push(FieldError::new(
            "tools",
            format!("these tools already have a comparison page: \"{other}\""),
        ));
    }
    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems));
    }
    let doc = to_doc(comparison);
    let outcome = record_revision(conn, EntityKind::Comparison, &comparison.slug, &doc, now)?;
    if outcome == SaveOutcome::Unchanged {
        return Ok(outcome);
    }
    conn.prepare_cached(
        "INSERT INTO comparisons (slug, pair_key, title, status, doc, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(slug) DO UPDATE SET pair_key = excluded.pair_key, title = excluded.title,
             status = excluded.status, doc = excluded.doc, updated_at = excluded.updated_at",
    )?
    .execute(params![
        comparison.slug,
        pair_key,
        comparison.title,
        comparison.status.as_str(),
        doc,
        now_text(now)
    ])?;
    let id: i64 = id_of(conn, "comparisons", &comparison.slug)?
        .ok_or_else(|| StoreError::invalid("slug", "comparison vanished while saving"))?;
    conn.prepare_cached("DELETE FROM comparison_tools WHERE comparison_id = ?1")?
        .execute([id])?;
    conn.prepare_cached("DELETE FROM comparison_panel WHERE comparison_id = ?1")?
        .execute([id])?;
    for (position, tool_id) in tool_ids.iter().enumerate() {
        conn.prepare_cached(
            "INSERT INTO comparison_tools (comparison_id, position, tool_id) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![id, position as i64, tool_id])?;
    }
    for (position, reviewer_id) in reviewer_ids.iter().enumerate() {
        conn.prepare_cached(
            "INSERT INTO comparison_panel (comparison_id, position, reviewer_id)
             VALUES (?1, ?2, ?3)",
        )?
        .execute(params![id, position as i64, reviewer_id])?;
    }
    let body = format!("{}\n{}", comparison.dek, comparison.intro);
    reindex(
        conn,
        EntityKind::Comparison,
        &comparison.slug,
        &comparison.title,
        &body,
    )?;
    Ok(outcome)
}

/// Removes a comparison (its revisions stay, so its text can be brought back): a page the
/// team refused to create, because another desk made the page for the same tools first.
pub(crate) fn remove_comparison_tx(conn: &SaveTx, slug: &str) -> Result<()> {
    conn.prepare_cached(
        "DELETE FROM search_index WHERE rowid IN
           (SELECT fts_rowid FROM search_rows WHERE entity = 'comparison' AND entity_key = ?1)",
    )?
    .execute([slug])?;
    conn.prepare_cached("DELETE FROM search_rows WHERE entity = 'comparison' AND entity_key = ?1")?
        .execute([slug])?;
    conn.prepare_cached("DELETE FROM comparisons WHERE slug = ?1")?
        .execute([slug])?;
    conn.changed(super::Change::new(
        super::ChangeKind::Comparison,
        slug,
        super::ChangeWhat::Removed,
    ));
    Ok(())
}
