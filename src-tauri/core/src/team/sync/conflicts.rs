//! Conflicts and refusals as the desk shows them, and settling a conflict: the chosen value
//! saved here like an edit, so it reaches every desk.

use serde_json::{Map, Value};

use crate::desk::Desk;
use crate::store::SaveCtx;
use crate::team::local::{self, Conflict};
use crate::team::TeamError;

/// How a conflict is settled: this desk's value, the other desk's, or another value.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    Mine,
    Theirs,
    Value(Value),
}

impl Desk {
    pub fn team_conflicts(&self) -> Result<Vec<Conflict>, TeamError> {
        Ok(local::conflicts(self.store().conn())?)
    }

    pub fn team_refusals(&self) -> Result<Vec<local::Refusal>, TeamError> {
        Ok(local::refusals(self.store().conn())?)
    }

    /// Settles a conflict: the chosen value is saved here like an edit (so it syncs as a
    /// change based on the other desk's, and reaches every desk), and the conflict closes.
    pub fn team_resolve(&self, id: i64, how: Resolution) -> Result<Conflict, TeamError> {
        self.team_link()?.ok_or(TeamError::NotJoined)?;
        let conflict = local::conflict(self.store().conn(), id)?;
        let (value, label) = match how {
            Resolution::Mine => (conflict.mine.clone(), "mine"),
            Resolution::Theirs => (conflict.theirs.clone(), "theirs"),
            Resolution::Value(v) => (v, "edited"),
        };
        // Saved like an edit made here, so the journal sends it on to the team.
        self.store().write(&SaveCtx::unattributed(), |conn, now| {
            let doc = local::doc(conn, conflict.kind, &conflict.key)?.ok_or_else(|| {
                crate::store::StoreError::NotFound {
                    kind: "entity",
                    key: conflict.key.clone(),
                }
            })?;
            let mut doc: Map<String, Value> = serde_json::from_str(&doc).unwrap_or_default();
            if value.is_null() {
                doc.remove(&conflict.field);
            } else {
                doc.insert(conflict.field.clone(), value.clone());
            }
            crate::store::save_doc_tx(conn, conflict.kind, &conflict.key, Value::Object(doc), now)?;
            local::rebase_pending(conn, conflict.kind, &conflict.key, conflict.theirs_seq)?;
            local::mark_resolved(conn, id, label)
        })?;
        Ok(conflict)
    }
}
