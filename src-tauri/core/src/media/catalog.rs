//! The Media screen's list: every image on the desk with the places that show it.

use serde::Serialize;

use super::library::{MediaItem, MediaUse};
use crate::desk::{Desk, DeskError};

/// An image and every place that shows it (empty: unused, free to remove).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct MediaEntry {
    pub item: MediaItem,
    pub uses: Vec<MediaUse>,
}

impl Desk {
    /// Every image on the desk, newest first, each with its uses.
    pub fn media_catalog(&self) -> Result<Vec<MediaEntry>, DeskError> {
        let store = self.store();
        let items = store.media_list()?;
        let mut uses = store.media_uses_by_image()?;
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
        let uses = self.store().media_uses(&item.hash)?;
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
