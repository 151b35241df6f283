//! Where the desk's images are used, as the store holds the content: every place that shows
//! each image (removal is refused while there is one), and the images a tool names that the
//! desk does not have (a save is refused instead of keeping a reference to nothing).

use std::collections::HashMap;

use super::library::MediaUse;
use crate::model::Tool;
use crate::store::{Store, StoreError};
use crate::validate::FieldError;

impl Store {
    /// Every place that shows the image: `media:HASH` in any text of a tool or a page, a
    /// tool's logo or one of its screenshots. Removal is refused while this is not empty.
    pub fn media_uses(&self, hash: &str) -> Result<Vec<MediaUse>, StoreError> {
        Ok(self.media_uses_by_image()?.remove(hash).unwrap_or_default())
    }

    /// Every place each image is shown, by hash, found in one pass over the content (the
    /// Media screen's list would otherwise read every entry once per image).
    pub fn media_uses_by_image(&self) -> Result<HashMap<String, Vec<MediaUse>>, StoreError> {
        let mut uses: HashMap<String, Vec<MediaUse>> = HashMap::new();
        let mut note = |kind: &str, slug: &str, title: &str, doc: serde_json::Value| {
            super::refs::each_reference(&doc, &mut |field, hash| {
                let list = uses.entry(hash.to_string()).or_default();
                // One use per entry and field, however often the field shows the image.
                if !list
                    .iter()
                    .any(|u| u.kind == kind && u.slug == slug && u.field == field)
                {
                    list.push(MediaUse {
                        kind: kind.into(),
                        slug: slug.into(),
                        title: title.into(),
                        field: field.into(),
                    });
                }
            });
        };
        for tool in self.tools()? {
            let doc = serde_json::to_value(&tool).expect("model types serialise");
            note("tool", &tool.slug, &tool.name, doc);
        }
        for page in self.comparisons()? {
            let doc = serde_json::to_value(&page).expect("model types serialise");
            note("comparison", &page.slug, &page.title, doc);
        }
        Ok(uses)
    }
}

/// The tool's logo and screenshots that are not on this desk, each named by its field, so a
/// save is refused instead of keeping a reference to nothing. An image the team holds whose
/// bytes have not reached this desk yet (just joined, or offline) is not nothing: its text is
/// here, its bytes come with a sync, and the pages show its named placeholder meanwhile; a
/// member editing the tool's tagline must not be refused for it.
pub fn unknown_tool_images(
    conn: &rusqlite::Connection,
    tool: &Tool,
) -> Result<Vec<FieldError>, StoreError> {
    let mut problems = Vec::new();
    for image in crate::images::tool_images(tool) {
        if !crate::validate::is_media_hash(image.hash) {
            continue; // validation names it
        }
        let known: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM media WHERE hash = ?1)
                 OR EXISTS (SELECT 1 FROM team_media WHERE hash = ?1)",
            [image.hash],
            |r| r.get(0),
        )?;
        if !known {
            let field = if image.field == "logo" {
                image.field
            } else {
                format!("{}.media", image.field)
            };
            problems.push(FieldError::new(
                field,
                format!(
                    "no image {} on this desk; add the file first",
                    crate::images::short(image.hash)
                ),
            ));
        }
    }
    Ok(problems)
}
