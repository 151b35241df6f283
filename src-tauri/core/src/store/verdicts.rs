//! The verdicts table: one reviewer's call on one tool.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::revisions::record_revision;
use super::search::reindex;
use super::{
    check, id_of, now_text, to_doc, Result, SaveCtx, SaveOutcome, SaveTx, Store, StoreError,
};
use crate::model::{verdict_key, EntityKind, Verdict};
use crate::validate::FieldError;

impl Store {
    pub fn save_verdict(&mut self, ctx: &SaveCtx, verdict: &Verdict) -> Result<SaveOutcome> {
        self.write(ctx, |tx, now| save_verdict_tx(tx, verdict, now))
    }

    /// All verdicts, ordered by tool slug then reviewer slug.
    pub fn verdicts(&self) -> Result<Vec<Verdict>> {
        // Tools in slug order, each one's verdicts through its index (CROSS JOIN keeps that
        // order): only each tool's few verdicts are sorted, not every document at once (at
        // 10,000 pages that sort wrote 78 MB to a temporary file on each read).
        self.docs(
            "verdict",
            "SELECT t.slug || '/' || r.slug, v.doc FROM tools t
               CROSS JOIN verdicts v ON v.tool_id = t.id
               CROSS JOIN reviewers r ON r.id = v.reviewer_id
             ORDER BY t.slug, r.slug",
            [],
        )
    }

    /// The verdicts on one tool, ordered by reviewer slug.
    pub fn verdicts_for_tool(&self, tool: &str) -> Result<Vec<Verdict>> {
        self.docs(
            "verdict",
            "SELECT t.slug || '/' || r.slug, v.doc FROM verdicts v
               JOIN tools t ON t.id = v.tool_id JOIN reviewers r ON r.id = v.reviewer_id
             WHERE t.slug = ?1 ORDER BY r.slug",
            [tool],
        )
    }
}

pub(crate) fn save_verdict_tx(
    conn: &SaveTx,
    verdict: &Verdict,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    check(verdict)?;
    let mut problems = Vec::new();
    let reviewer_id = id_of(conn, "reviewers", &verdict.reviewer)?;
    if reviewer_id.is_none() {
        problems.push(FieldError::new(
            "reviewer",
            format!("no reviewer \"{}\"", verdict.reviewer),
        ));
    }
    let tool_id = id_of(conn, "tools", &verdict.tool)?;
    if tool_id.is_none() {
        problems.push(FieldError::new(
            "tool",
            format!("no tool \"{}\"", verdict.tool),
        ));
    }
    let (Some(reviewer_id), Some(tool_id)) = (reviewer_id, tool_id) else {
        return Err(StoreError::Invalid(problems));
    };
    let key = verdict_key(&verdict.reviewer, &verdict.tool);
    let doc = to_doc(verdict);
    let outcome = record_revision(conn, EntityKind::Verdict, &key, &doc, now)?;
    if outcome != SaveOutcome::Unchanged {
        conn.prepare_cached(
            "INSERT INTO verdicts (reviewer_id, tool_id, call, status, doc, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(reviewer_id, tool_id) DO UPDATE SET call = excluded.call,
                 status = excluded.status, doc = excluded.doc, updated_at = excluded.updated_at",
        )?
        .execute(params![
            reviewer_id,
            tool_id,
            verdict.call.as_str(),
            verdict.status.as_str(),
            doc,
            now_text(now)
        ])?;
        let (reviewer_name, tool_name): (String, String) = conn
            .prepare_cached(
                "SELECT r.name, t.name FROM reviewers r, tools t WHERE r.id = ?1 AND t.id = ?2",
            )?
            .query_row(params![reviewer_id, tool_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let title = format!("{reviewer_name} on {tool_name}");
        reindex(conn, EntityKind::Verdict, &key, &title, &verdict.quote)?;
    }
    Ok(outcome)
}

/// Removes verdicts by key (`reviewer/tool`) with their search rows; for a desk that seeded a
/// team and must not keep other reviewers' drafts, which the team keeps private to them.
pub(crate) fn remove_verdicts_tx(conn: &SaveTx, keys: &[String]) -> Result<()> {
    for key in keys {
        let Some((reviewer, tool)) = key.split_once('/') else {
            continue;
        };
        conn.prepare_cached(
            "DELETE FROM verdicts WHERE reviewer_id = (SELECT id FROM reviewers WHERE slug = ?1)
               AND tool_id = (SELECT id FROM tools WHERE slug = ?2)",
        )?
        .execute([reviewer, tool])?;
        conn.prepare_cached(
            "DELETE FROM search_index WHERE rowid IN
               (SELECT fts_rowid FROM search_rows WHERE entity = 'verdict' AND entity_key = ?1)",
        )?
        .execute([key])?;
        conn.prepare_cached(
            "DELETE FROM search_rows WHERE entity = 'verdict' AND entity_key = ?1",
        )?
        .execute([key])?;
        conn.changed(super::Change::new(
            super::ChangeKind::Verdict,
            key,
            super::ChangeWhat::Removed,
        ));
    }
    Ok(())
}
