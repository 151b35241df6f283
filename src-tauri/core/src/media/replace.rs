//! Replacing an image everywhere at once: every reference to one image in the desk's tools and
//! comparisons (`media:HASH` in Markdown, a logo or a screenshot naming the hash) is made to
//! point at another, in one transaction, each changed entry saved with a revision like any
//! save.

use serde::Serialize;
use serde_json::Value;

use super::library::MediaUse;
use super::refs::SCHEME;
use crate::desk::{require, Desk, DeskError};
use crate::model::{Comparison, Tool};
use crate::store::{save_comparison_tx, save_tool_tx, StoreError};
use crate::workflow::Role;

/// What a replacement changed: the entries and fields that now show `to` instead of `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Replaced {
    pub from: String,
    pub to: String,
    pub changed: Vec<MediaUse>,
}

/// Whether `text` at `at` is the start of exactly `hash` as a whole reference (not the first
/// digits of a longer run of hex digits).
fn whole_at(text: &str, at: usize, hash: &str) -> bool {
    text[at..].starts_with(hash)
        && !text[at + hash.len()..]
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_hexdigit())
}

/// `text` with every `media:FROM` made `media:TO`; None when it has none.
pub(crate) fn swap_in_text(text: &str, from: &str, to: &str) -> Option<String> {
    if !text.contains(from) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut swapped = false;
    while let Some(at) = rest.find(SCHEME) {
        let after = at + SCHEME.len();
        out.push_str(&rest[..after]);
        if whole_at(rest, after, from) {
            out.push_str(to);
            rest = &rest[after + from.len()..];
            swapped = true;
        } else {
            rest = &rest[after..];
        }
    }
    out.push_str(rest);
    swapped.then_some(out)
}

/// The document with every reference to `from` pointing at `to`, and the top-level fields
/// that changed (empty: nothing referred to `from`).
fn swap_in_doc(doc: &mut Value, from: &str, to: &str) -> Vec<String> {
    fn walk(value: &mut Value, from: &str, to: &str) -> bool {
        match value {
            Value::String(s) if s == from => {
                *s = to.to_string();
                true
            }
            Value::String(s) => match swap_in_text(s, from, to) {
                Some(swapped) => {
                    *s = swapped;
                    true
                }
                None => false,
            },
            // Every element is walked (no short cut): each may hold the hash.
            Value::Array(items) => {
                items
                    .iter_mut()
                    .map(|v| walk(v, from, to))
                    .filter(|&changed| changed)
                    .count()
                    > 0
            }
            Value::Object(map) => {
                map.values_mut()
                    .map(|v| walk(v, from, to))
                    .filter(|&changed| changed)
                    .count()
                    > 0
            }
            _ => false,
        }
    }
    let mut fields = Vec::new();
    if let Value::Object(map) = doc {
        for (field, value) in map.iter_mut() {
            if walk(value, from, to) {
                fields.push(field.clone());
            }
        }
    }
    fields
}

/// `entry` with `from` swapped for `to`, and the fields that changed; None when untouched.
fn swapped<T: Serialize + serde::de::DeserializeOwned>(
    entry: &T,
    from: &str,
    to: &str,
) -> Result<Option<(T, Vec<String>)>, DeskError> {
    let mut doc = serde_json::to_value(entry).expect("model types serialise");
    let fields = swap_in_doc(&mut doc, from, to);
    if fields.is_empty() {
        return Ok(None);
    }
    // Only hash strings changed, for other hash strings of the same form: the document
    // still fits its type.
    let entry = serde_json::from_value(doc)
        .map_err(|e| DeskError::Store(StoreError::invalid("media", format!("cannot swap: {e}"))))?;
    Ok(Some((entry, fields)))
}

impl Desk {
    /// Makes every tool and comparison that shows the image `from` show the image `to`
    /// instead, as `profile` (an editor). Both are hashes (or their first 8+ digits) of
    /// images on the desk. One transaction: every entry changes, or none does. `from` stays
    /// on the desk (unused now, so it can be removed).
    pub fn replace_media(
        &self,
        profile: &str,
        from: &str,
        to: &str,
    ) -> Result<Replaced, DeskError> {
        let mut store = self.store();
        // Its context names the profile on the saves' revisions.
        let actor = require(&store, profile, Role::Editor, "replace images")?;
        let from = store.media_hash(from)?;
        let to = store.media_hash(to)?;
        let mut changed = Vec::new();
        if from == to {
            return Ok(Replaced { from, to, changed });
        }
        let mut tools: Vec<Tool> = Vec::new();
        for tool in store.tools()? {
            if let Some((tool, fields)) = swapped(&tool, &from, &to)? {
                changed.extend(fields.into_iter().map(|field| MediaUse {
                    kind: "tool".into(),
                    slug: tool.slug.clone(),
                    title: tool.name.clone(),
                    field,
                }));
                tools.push(tool);
            }
        }
        let mut pages: Vec<Comparison> = Vec::new();
        for page in store.comparisons()? {
            if let Some((page, fields)) = swapped(&page, &from, &to)? {
                changed.extend(fields.into_iter().map(|field| MediaUse {
                    kind: "comparison".into(),
                    slug: page.slug.clone(),
                    title: page.title.clone(),
                    field,
                }));
                pages.push(page);
            }
        }
        store.write(actor.ctx(), |conn, now| {
            for tool in &tools {
                save_tool_tx(conn, tool, now)?;
            }
            for page in &pages {
                save_comparison_tx(conn, page, now)?;
            }
            Ok(())
        })?;
        Ok(Replaced { from, to, changed })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::refs::each_reference;

    #[test]
    fn only_whole_references_are_swapped() {
        let a = "a".repeat(64);
        let b = "b".repeat(64);
        let longer = format!("{a}0");
        let text = format!("![x](media:{a}) media:{longer} ![y](media:{a} \"t\") {a}");
        let out = swap_in_text(&text, &a, &b).unwrap();
        assert_eq!(
            out,
            format!("![x](media:{b}) media:{longer} ![y](media:{b} \"t\") {a}")
        );
        assert_eq!(swap_in_text(&format!("media:{longer}"), &a, &b), None);
        assert_eq!(swap_in_text("no images", &a, &b), None);
    }

    #[test]
    fn a_document_names_the_fields_it_changed() {
        let a = "a".repeat(64);
        let b = "b".repeat(64);
        let mut doc = serde_json::json!({
            "logo": a,
            "screenshots": [{"media": a, "alt": "x"}, {"media": "c".repeat(64)}],
            "description": format!("see ![it](media:{a})"),
            "name": "untouched",
        });
        let mut fields = swap_in_doc(&mut doc, &a, &b);
        fields.sort();
        assert_eq!(fields, ["description", "logo", "screenshots"]);
        assert_eq!(doc["logo"], b.as_str());
        assert_eq!(doc["screenshots"][0]["media"], b.as_str());
        assert_eq!(doc["screenshots"][1]["media"], "c".repeat(64));
        let mut seen = Vec::new();
        each_reference(&doc, &mut |field, hash| {
            seen.push((field.to_string(), hash.to_string()))
        });
        seen.sort();
        assert_eq!(
            seen,
            [
                ("description".to_string(), b.clone()),
                ("logo".to_string(), b.clone()),
                ("screenshots".to_string(), b.clone()),
                ("screenshots".to_string(), "c".repeat(64)),
            ]
        );
    }
}
