//! Community vote snapshots (no revisions: the source is the record).

use rusqlite::{params, Connection, OptionalExtension};

use super::{id_of, to_doc, Result, SaveOutcome, Store, StoreError};
use crate::model::CommunityVotes;
use crate::validate::FieldError;

impl Store {
    pub fn save_votes(&mut self, votes: &CommunityVotes) -> Result<SaveOutcome> {
        self.in_tx(|tx, _| save_votes_tx(tx, votes))
    }

    /// All vote snapshots, ordered by comparison slug then tool slug.
    pub fn votes(&self) -> Result<Vec<CommunityVotes>> {
        self.docs(
            "votes",
            "SELECT c.slug || '/' || t.slug, v.doc FROM community_votes v
               JOIN comparisons c ON c.id = v.comparison_id JOIN tools t ON t.id = v.tool_id
             ORDER BY c.slug, t.slug",
            [],
        )
    }
}

pub(crate) fn save_votes_tx(conn: &Connection, votes: &CommunityVotes) -> Result<SaveOutcome> {
    let mut problems = Vec::new();
    if votes.source.trim().is_empty() {
        problems.push(FieldError::new("source", "must not be empty"));
    }
    let comparison_id = id_of(conn, "comparisons", &votes.comparison)?;
    if comparison_id.is_none() {
        problems.push(FieldError::new(
            "comparison",
            format!("no comparison \"{}\"", votes.comparison),
        ));
    }
    let tool_id = id_of(conn, "tools", &votes.tool)?;
    if tool_id.is_none() {
        problems.push(FieldError::new(
            "tool",
            format!("no tool \"{}\"", votes.tool),
        ));
    }
    let (Some(comparison_id), Some(tool_id), true) = (comparison_id, tool_id, problems.is_empty())
    else {
        return Err(StoreError::Invalid(problems));
    };
    let doc = to_doc(votes);
    let existing: Option<String> = conn
        .query_row(
            "SELECT doc FROM community_votes WHERE comparison_id = ?1 AND tool_id = ?2",
            params![comparison_id, tool_id],
            |r| r.get(0),
        )
        .optional()?;
    if existing.as_deref() == Some(doc.as_str()) {
        return Ok(SaveOutcome::Unchanged);
    }
    conn.execute(
        "INSERT INTO community_votes (comparison_id, tool_id, votes, doc) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(comparison_id, tool_id) DO UPDATE SET votes = excluded.votes, doc = excluded.doc",
        params![comparison_id, tool_id, votes.votes as i64, doc],
    )?;
    Ok(if existing.is_some() {
        SaveOutcome::Updated(0)
    } else {
        SaveOutcome::Created
    })
}
