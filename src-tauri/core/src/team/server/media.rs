//! The team's images on the server (schema 5): adding one (its original's bytes, once by
//! hash), changing its text, and reading what changed after a cursor and one image's bytes.

use serde_json::Value;

use crate::team::wire::{MediaTextAnswer, TeamMedia};
use crate::team::TeamError;

use super::Server;

/// The team's cap on one image when its meta says none (schema 5 sets 25 MiB).
const DEFAULT_MAX_BYTES: i64 = 25 * 1024 * 1024;

impl Server {
    /// The largest original the team takes, in bytes.
    pub async fn media_max_bytes(&self) -> Result<i64, TeamError> {
        let row = self
            .client
            .query_opt(
                "SELECT value FROM verdict.meta WHERE key = 'media_max_bytes'",
                &[],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(row
            .and_then(|r| r.get::<_, String>(0).parse().ok())
            .unwrap_or(DEFAULT_MAX_BYTES))
    }

    /// Gives the team an image (an editor's step): true when the team stored it now, false
    /// when it had it already (a retry after a lost reply, or another desk's add).
    pub async fn push_media(&self, m: &TeamMedia, data: &[u8]) -> Result<bool, TeamError> {
        let width = m.width as i32;
        let height = m.height as i32;
        let row = self
            .client
            .query_one(
                "SELECT verdict.push_media($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    &m.hash,
                    &m.mime,
                    &width,
                    &height,
                    &m.original_name,
                    &m.alt,
                    &m.credit,
                    &m.decorative,
                    &data,
                ],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(row.get::<_, String>(0) == "stored")
    }

    /// Changes an image's text where the team still has `prev` (compare-and-set per field).
    pub async fn set_media_text(
        &self,
        hash: &str,
        prev: &Value,
        fields: &Value,
    ) -> Result<MediaTextAnswer, TeamError> {
        let row = self
            .client
            .query_one(
                "SELECT verdict.set_media_text($1, $2, $3)",
                &[&hash, prev, fields],
            )
            .await
            .map_err(|e| self.error(e))?;
        let answer: Value = row.get(0);
        serde_json::from_value(answer.clone())
            .map_err(|e| TeamError::BadReply(format!("image text answer {answer}: {e}")))
    }

    /// Images added or changed after `cursor`, oldest change first, at most `limit`; without
    /// their bytes.
    pub async fn media_since(&self, cursor: i64, limit: i64) -> Result<Vec<TeamMedia>, TeamError> {
        let rows = self
            .client
            .query(
                &format!(
                    "SELECT {COLUMNS} FROM verdict.media WHERE seq > $1 ORDER BY seq LIMIT $2"
                ),
                &[&cursor, &limit],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(rows.iter().map(team_media).collect())
    }

    /// What the team says of one image now (without its bytes).
    pub async fn media_row(&self, hash: &str) -> Result<Option<TeamMedia>, TeamError> {
        let row = self
            .client
            .query_opt(
                &format!("SELECT {COLUMNS} FROM verdict.media WHERE hash = $1"),
                &[&hash],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(row.as_ref().map(team_media))
    }

    /// The originals' bytes of those of `hashes` the team has, by hash.
    pub async fn media_data_many(
        &self,
        hashes: &[String],
    ) -> Result<std::collections::HashMap<String, Vec<u8>>, TeamError> {
        let rows = self
            .client
            .query(
                "SELECT hash, data FROM verdict.media WHERE hash = ANY($1)",
                &[&hashes],
            )
            .await
            .map_err(|e| self.error(e))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }
}

const COLUMNS: &str = "hash, mime, width, height, bytes, original_name, alt, credit, decorative, \
                       added_by, seq";

fn team_media(r: &tokio_postgres::Row) -> TeamMedia {
    TeamMedia {
        hash: r.get(0),
        mime: r.get(1),
        width: r.get::<_, i32>(2) as u32,
        height: r.get::<_, i32>(3) as u32,
        bytes: r.get::<_, i32>(4) as u64,
        original_name: r.get(5),
        alt: r.get(6),
        credit: r.get(7),
        decorative: r.get(8),
        added_by: r.get(9),
        seq: r.get(10),
    }
}
