//! Revision history as people read it: what each save changed, field by field and word by
//! word, and restoring an earlier revision (as a new save, so nothing is ever lost).

use serde::Serialize;
use serde_json::Value;

use super::{Desk, DeskError};
use crate::model::{EntityKind, Revision};
use crate::store::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DiffPartKind {
    Same,
    Added,
    Removed,
}

/// A run of words that stayed, were added or were removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DiffPart {
    pub kind: DiffPartKind,
    pub text: String,
}

/// One field that a save changed. `field` is a path such as `tagline`, `rubric[2]` or
/// `entry_price.amount_cents`; `before` is `None` for a new field, `after` for a removed one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Word-level diff of `before` → `after`.
    pub parts: Vec<DiffPart>,
}

/// One revision, with what it changed against the one before it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct RevisionView {
    pub number: u32,
    #[ts(type = "string")]
    pub saved_at: chrono::DateTime<chrono::Utc>,
    /// Who saved it: a profile's slug or a team member's login (None when not recorded).
    pub author: Option<String>,
    pub changes: Vec<FieldChange>,
}

impl Desk {
    /// The revisions of one entity, newest first, each with its changes.
    pub fn history_view(
        &self,
        entity: EntityKind,
        key: &str,
    ) -> Result<Vec<RevisionView>, DeskError> {
        let revisions = self.history(entity, key)?;
        let mut out = Vec::with_capacity(revisions.len());
        let mut previous = Value::Null;
        for r in revisions {
            out.push(RevisionView {
                number: r.number,
                saved_at: r.saved_at,
                author: r.author.clone(),
                changes: diff(&previous, &r.snapshot),
            });
            previous = r.snapshot;
        }
        out.reverse();
        Ok(out)
    }

    /// Saves revision `number` again as the current version, through the same checks as an
    /// edit (roles, validation, workflow state kept), so it becomes a new revision on top.
    pub fn restore_revision(
        &self,
        profile: &str,
        entity: EntityKind,
        key: &str,
        number: u32,
    ) -> Result<(), DeskError> {
        let revision: Revision = self
            .history(entity, key)?
            .into_iter()
            .find(|r| r.number == number)
            .ok_or_else(|| StoreError::NotFound {
                kind: "revision",
                key: format!("{} {key} #{number}", entity.as_str()),
            })?;
        let corrupt = |source| StoreError::Corrupt {
            kind: "revision",
            key: key.to_string(),
            source,
        };
        let snapshot = revision.snapshot;
        match entity {
            EntityKind::Tool => {
                self.save_tool(profile, &serde_json::from_value(snapshot).map_err(corrupt)?)?;
            }
            EntityKind::Reviewer => {
                self.save_reviewer(profile, &serde_json::from_value(snapshot).map_err(corrupt)?)?;
            }
            EntityKind::Comparison => {
                self.save_comparison(profile, &serde_json::from_value(snapshot).map_err(corrupt)?)?;
            }
            EntityKind::Site => {
                self.save_site(profile, &serde_json::from_value(snapshot).map_err(corrupt)?)?;
            }
            EntityKind::Media => {
                let doc: crate::media::MediaDoc =
                    serde_json::from_value(snapshot).map_err(corrupt)?;
                self.set_media_text(
                    profile,
                    key,
                    &crate::media::MediaText {
                        alt: Some(doc.alt),
                        credit: Some(doc.credit),
                        decorative: Some(doc.decorative),
                    },
                )?;
            }
            EntityKind::Verdict => {
                let v: crate::model::Verdict = serde_json::from_value(snapshot).map_err(corrupt)?;
                self.save_verdict(
                    profile,
                    &super::VerdictDraft {
                        reviewer: v.reviewer,
                        tool: v.tool,
                        call: v.call,
                        quote: v.quote,
                    },
                )?;
            }
        }
        Ok(())
    }
}

/// The fields that differ between two snapshots, in the order the newer one lists them.
pub fn diff(before: &Value, after: &Value) -> Vec<FieldChange> {
    let old = flatten(before);
    let new = flatten(after);
    let mut changes = Vec::new();
    for (field, value) in &new {
        let was = old.iter().find(|(f, _)| f == field).map(|(_, v)| v);
        if was != Some(value) {
            changes.push(change(field, was.cloned(), Some(value.clone())));
        }
    }
    for (field, value) in &old {
        if !new.iter().any(|(f, _)| f == field) {
            changes.push(change(field, Some(value.clone()), None));
        }
    }
    changes
}

fn change(field: &str, before: Option<String>, after: Option<String>) -> FieldChange {
    let parts = word_diff(
        before.as_deref().unwrap_or(""),
        after.as_deref().unwrap_or(""),
    );
    FieldChange {
        field: field.to_string(),
        before,
        after,
        parts,
    }
}

/// Word by word, from `before` to `after`: runs that stayed, were removed and were added.
pub fn word_diff(before: &str, after: &str) -> Vec<DiffPart> {
    let mut parts: Vec<DiffPart> = Vec::new();
    let text_diff = similar::TextDiff::from_words(before, after);
    for change in text_diff.iter_all_changes() {
        let kind = match change.tag() {
            similar::ChangeTag::Equal => DiffPartKind::Same,
            similar::ChangeTag::Insert => DiffPartKind::Added,
            similar::ChangeTag::Delete => DiffPartKind::Removed,
        };
        match parts.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => parts.push(DiffPart {
                kind,
                text: change.value().to_string(),
            }),
        }
    }
    parts
}

/// Leaf values by path; nulls are left out (an absent optional field reads the same).
fn flatten(value: &Value) -> Vec<(String, String)> {
    fn walk(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
        match value {
            Value::Null => {}
            Value::Object(map) => {
                for (k, v) in map {
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&path, v, out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(&format!("{prefix}[{i}]"), v, out);
                }
            }
            Value::String(s) => out.push((prefix.to_string(), s.clone())),
            other => out.push((prefix.to_string(), other.to_string())),
        }
    }
    let mut out = Vec::new();
    walk("", value, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_names_changed_added_and_removed_fields_with_word_parts() {
        let before =
            json!({"name": "Haiku", "tagline": "Fast small model", "rubric": ["a", "b"], "x": 1});
        let after =
            json!({"name": "Haiku", "tagline": "Fast open model", "rubric": ["a"], "y": true});
        let changes = diff(&before, &after);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["tagline", "y", "rubric[1]", "x"]);
        let tagline = &changes[0];
        assert_eq!(tagline.before.as_deref(), Some("Fast small model"));
        assert_eq!(tagline.after.as_deref(), Some("Fast open model"));
        let removed: String = tagline
            .parts
            .iter()
            .filter(|p| p.kind == DiffPartKind::Removed)
            .map(|p| p.text.as_str())
            .collect();
        let added: String = tagline
            .parts
            .iter()
            .filter(|p| p.kind == DiffPartKind::Added)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!((removed.as_str(), added.as_str()), ("small", "open"));
        assert_eq!(changes[2].after, None);
        assert_eq!(changes[3].before.as_deref(), Some("1"));
    }

    #[test]
    fn identical_snapshots_have_no_changes() {
        let v = json!({"a": {"b": [1, 2]}, "c": null});
        assert!(diff(&v, &v).is_empty());
        assert_eq!(diff(&Value::Null, &json!({"c": null})), vec![]);
    }
}
