//! The tools table.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::revisions::record_revision;
use super::search::reindex;
use super::{check, now_text, to_doc, Result, SaveCtx, SaveOutcome, SaveTx, Store};
use crate::model::{EntityKind, Tool};

impl Store {
    pub fn save_tool(&mut self, ctx: &SaveCtx, tool: &Tool) -> Result<SaveOutcome> {
        self.write(ctx, |tx, now| save_tool_tx(tx, tool, now))
    }

    pub fn tools(&self) -> Result<Vec<Tool>> {
        self.docs("tool", "SELECT slug, doc FROM tools ORDER BY slug", [])
    }

    pub fn tool(&self, slug: &str) -> Result<Option<Tool>> {
        Ok(self
            .docs(
                "tool",
                "SELECT slug, doc FROM tools WHERE slug = ?1",
                [slug],
            )?
            .pop())
    }
}

pub(crate) fn save_tool_tx(conn: &SaveTx, tool: &Tool, now: DateTime<Utc>) -> Result<SaveOutcome> {
    check(tool)?;
    let doc = to_doc(tool);
    let outcome = record_revision(conn, EntityKind::Tool, &tool.slug, &doc, now)?;
    if outcome != SaveOutcome::Unchanged {
        conn.prepare_cached(
            "INSERT INTO tools (slug, name, category, doc, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(slug) DO UPDATE SET name = excluded.name, category = excluded.category,
                 doc = excluded.doc, updated_at = excluded.updated_at",
        )?
        .execute(params![
            tool.slug,
            tool.name,
            tool.category,
            doc,
            now_text(now)
        ])?;
        let body = [
            tool.vendor.as_str(),
            &tool.category,
            &tool.tagline,
            &tool.description,
            &tool.license,
        ]
        .join("\n");
        // Screenshots are found by what they show, as readers are told.
        let mut body = body;
        for shot in &tool.screenshots {
            for text in [&shot.alt, &shot.credit] {
                if !text.is_empty() {
                    body.push('\n');
                    body.push_str(text);
                }
            }
        }
        reindex(conn, EntityKind::Tool, &tool.slug, &tool.name, &body)?;
    }
    Ok(outcome)
}
