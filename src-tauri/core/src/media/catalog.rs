//! The Media screen's list: every image on the desk with the places that show it, found in
//! one pass over the content (asking each image's uses in turn reads every entry per image).

use std::collections::HashMap;

use serde::Serialize;

use super::library::{MediaItem, MediaUse};
use super::replace::each_reference;
use crate::desk::{Desk, DeskError};
use crate::store::Store;

/// An image and every place that shows it (empty: unused, free to remove).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct MediaEntry {
    pub item: MediaItem,
    pub uses: Vec<MediaUse>,
}

/// Every place each image is shown, by hash.
fn all_uses(store: &Store) -> Result<HashMap<String, Vec<MediaUse>>, DeskError> {
    let mut uses: HashMap<String, Vec<MediaUse>> = HashMap::new();
    let mut note = |kind: &str, slug: &str, title: &str, doc: serde_json::Value| {
        each_reference(&doc, &mut |field, hash| {
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
    for tool in store.tools()? {
        let doc = serde_json::to_value(&tool).expect("model types serialise");
        note("tool", &tool.slug, &tool.name, doc);
    }
    for page in store.comparisons()? {
        let doc = serde_json::to_value(&page).expect("model types serialise");
        note("comparison", &page.slug, &page.title, doc);
    }
    Ok(uses)
}

impl Desk {
    /// Every image on the desk, newest first, each with its uses.
    pub fn media_catalog(&self) -> Result<Vec<MediaEntry>, DeskError> {
        let store = self.store();
        let items = store.media_list()?;
        let mut uses = all_uses(&store)?;
        Ok(items
            .into_iter()
            .map(|item| MediaEntry {
                uses: uses.remove(&item.hash).unwrap_or_default(),
                item,
            })
            .collect())
    }

    /// One image (its hash or first 8+ digits) with its uses, found as the list finds them.
    pub fn media_entry(&self, hash: &str) -> Result<MediaEntry, DeskError> {
        let item = self.media_item(hash)?;
        let uses = all_uses(&self.store())?
            .remove(&item.hash)
            .unwrap_or_default();
        Ok(MediaEntry { item, uses })
    }
}

impl Desk {
    /// The image's smallest variant (its type and bytes): what a list of images shows.
    pub fn media_thumbnail(&self, hash: &str) -> Result<(String, Vec<u8>), DeskError> {
        let item = self.media_item(hash)?;
        let name = item
            .variants
            .iter()
            .filter(|v| v.mime == "image/webp")
            .min_by_key(|v| v.width)
            .or_else(|| item.variants.iter().min_by_key(|v| v.width))
            .map(|v| v.name.clone())
            .unwrap_or_else(|| item.original_file());
        self.media_file(&item.hash, &name)
    }
}
