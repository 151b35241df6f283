//! Comments on the team's server: sending one (the server writes it as the member signed in,
//! or takes its resolution) and pulling those changed after a cursor, as row-level security
//! lets the member see them.

use serde_json::Value;

use super::Server;
use crate::team::TeamError;

/// The first team schema with comments.
pub const COMMENTS_SCHEMA: u32 = 9;

/// A comment as the team holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamComment {
    pub id: uuid::Uuid,
    pub parent: Option<uuid::Uuid>,
    pub kind: String,
    pub key: String,
    pub field: String,
    pub anchor: Option<Value>,
    pub body: String,
    pub mentions: Vec<String>,
    pub author: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub resolved_at: Option<chrono::DateTime<chrono::Utc>>,
    pub resolved_by: Option<String>,
    pub seq: i64,
}

impl Server {
    /// Sends one comment (see verdict.put_comment); the server's answer as it gave it.
    pub async fn put_comment(&self, desk: uuid::Uuid, comment: &Value) -> Result<Value, TeamError> {
        let row = self
            .client
            .query_one("SELECT verdict.put_comment($1, $2)", &[&desk, comment])
            .await
            .map_err(|e| self.error(e))?;
        Ok(row.get(0))
    }

    /// The comments changed after `cursor` that this member may see, oldest change first.
    pub async fn comments_since(
        &self,
        cursor: i64,
        limit: i64,
    ) -> Result<Vec<TeamComment>, TeamError> {
        let rows = self
            .client
            .query(
                "SELECT id, parent, kind, key, field, anchor, body, mentions, author, created_at,
                        resolved_at, resolved_by, seq
                   FROM verdict.comments WHERE seq > $1 ORDER BY seq LIMIT $2",
                &[&cursor, &limit],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(rows
            .iter()
            .map(|r| TeamComment {
                id: r.get(0),
                parent: r.get(1),
                kind: r.get(2),
                key: r.get(3),
                field: r.get(4),
                anchor: r.get(5),
                body: r.get(6),
                mentions: r.get(7),
                author: r.get(8),
                created_at: r.get(9),
                resolved_at: r.get(10),
                resolved_by: r.get(11),
                seq: r.get(12),
            })
            .collect())
    }
}
