//! Routing a document the team sent to its kind's typed save, so it is validated, revised and
//! indexed like a save made at this desk (apart from store/revisions.rs, which every kind's
//! save uses: the router uses every kind's save).

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;

use super::{
    save_comparison_tx, save_media_text_tx, save_reviewer_tx, save_site_tx, save_tool_tx,
    save_verdict_tx, Result, SaveOutcome, SaveTx, StoreError,
};
use crate::model::EntityKind;

/// Saves an entity given as its JSON document (what the team sends), through the typed save
/// of its kind, so it is validated, revised and indexed like any other save.
pub(crate) fn save_doc_tx(
    conn: &SaveTx,
    kind: EntityKind,
    key: &str,
    doc: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<SaveOutcome> {
    fn typed<T: DeserializeOwned>(
        kind: &'static str,
        key: &str,
        doc: serde_json::Value,
    ) -> Result<T> {
        serde_json::from_value(doc).map_err(|source| StoreError::Corrupt {
            kind,
            key: key.to_string(),
            source,
        })
    }
    match kind {
        EntityKind::Site => save_site_tx(conn, &typed("site settings", key, doc)?, now),
        EntityKind::Tool => save_tool_tx(conn, &typed("tool", key, doc)?, now),
        EntityKind::Reviewer => save_reviewer_tx(conn, &typed("reviewer", key, doc)?, now),
        EntityKind::Verdict => save_verdict_tx(conn, &typed("verdict", key, doc)?, now),
        EntityKind::Comparison => save_comparison_tx(conn, &typed("comparison", key, doc)?, now),
        EntityKind::Media => save_media_text_tx(conn, key, &typed("image text", key, doc)?, now),
    }
}
