//! Conflicts as the conflict dialog shows them: the entity by name, both values as text, and
//! a word diff for long text.

use serde::Serialize;
use serde_json::Value;

use crate::desk::{word_diff, Desk, DiffPart};
use crate::model::EntityKind;

use super::local::{self, Conflict};
use super::TeamError;

/// One field changed here and on another desk, ready to show.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ConflictField {
    pub conflict: Conflict,
    /// The entity's title or name (its key when it has neither).
    pub title: String,
    /// This desk's value as text ("" for none).
    pub mine_text: String,
    /// The other member's value as text.
    pub theirs_text: String,
    /// Word by word, from this desk's value to theirs.
    pub parts: Vec<DiffPart>,
}

/// A value as people read it: text as itself, numbers and lists in JSON.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn title_of(conn: &rusqlite::Connection, kind: EntityKind, key: &str) -> String {
    if kind == EntityKind::Media {
        // An image's text has no title of its own: the image is named by its file.
        let name: Option<String> = conn
            .query_row(
                "SELECT original_name FROM media WHERE hash = ?1",
                [key],
                |r| r.get(0),
            )
            .ok();
        return format!(
            "Image {}",
            name.unwrap_or_else(|| key.chars().take(12).collect())
        );
    }
    let doc = local::doc(conn, kind, key).ok().flatten();
    let doc: Value = doc
        .and_then(|d| serde_json::from_str(&d).ok())
        .unwrap_or(Value::Null);
    ["title", "name"]
        .iter()
        .find_map(|f| doc.get(*f).and_then(Value::as_str))
        .filter(|t| !t.trim().is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| key.to_string())
}

impl Desk {
    /// Every open conflict, oldest first, ready for the conflict dialog.
    pub fn team_conflict_fields(&self) -> Result<Vec<ConflictField>, TeamError> {
        let store = self.store();
        let conn = store.conn();
        let mut out = Vec::new();
        for conflict in local::conflicts(conn)? {
            let mine_text = value_text(&conflict.mine);
            let theirs_text = value_text(&conflict.theirs);
            out.push(ConflictField {
                title: title_of(conn, conflict.kind, &conflict.key),
                parts: word_diff(&mine_text, &theirs_text),
                mine_text,
                theirs_text,
                conflict,
            });
        }
        Ok(out)
    }
}
