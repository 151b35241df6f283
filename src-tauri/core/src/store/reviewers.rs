//! The reviewers table.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::revisions::record_revision;
use super::search::reindex;
use super::{check, now_text, to_doc, Result, SaveCtx, SaveOutcome, SaveTx, Store};
use crate::model::{EntityKind, Reviewer};

impl Store {
    pub fn save_reviewer(&mut self, ctx: &SaveCtx, reviewer: &Reviewer) -> Result<SaveOutcome> {
        self.write(ctx, |tx, now| save_reviewer_tx(tx, reviewer, now))
    }

    pub fn reviewers(&self) -> Result<Vec<Reviewer>> {
        self.docs(
            "reviewer",
            "SELECT slug, doc FROM reviewers ORDER BY slug",
            [],
        )
    }

    pub fn reviewer(&self, slug: &str) -> Result<Option<Reviewer>> {
        Ok(self
            .docs(
                "reviewer",
                "SELECT slug, doc FROM reviewers WHERE slug = ?1",
                [slug],
            )?
            .pop())
    }
}

pub(crate) fn save_reviewer_tx(
    conn: &SaveTx,
    reviewer: &Reviewer,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    check(reviewer)?;
    let doc = to_doc(reviewer);
    let outcome = record_revision(conn, EntityKind::Reviewer, &reviewer.slug, &doc, now)?;
    if outcome != SaveOutcome::Unchanged {
        conn.prepare_cached(
            "INSERT INTO reviewers (slug, name, persona, doc, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(slug) DO UPDATE SET name = excluded.name, persona = excluded.persona,
                 doc = excluded.doc, updated_at = excluded.updated_at",
        )?
        .execute(params![
            reviewer.slug,
            reviewer.name,
            reviewer.persona,
            doc,
            now_text(now)
        ])?;
        let body = format!(
            "{}\n{}\n{}",
            reviewer.persona,
            reviewer.bio,
            reviewer.rubric.join("\n")
        );
        reindex(
            conn,
            EntityKind::Reviewer,
            &reviewer.slug,
            &reviewer.name,
            &body,
        )?;
    }
    Ok(outcome)
}
