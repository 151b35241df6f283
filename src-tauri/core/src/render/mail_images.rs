//! Which of an image's files an email shows: mail clients do not all show SVG or WebP, so the
//! newsletter takes a PNG or JPEG, and the site writes those files (an SVG logo's PNG) too.
//! Here, below both, so the site and the newsletter agree on the names.

use crate::media::MediaItem;
use crate::model::Comparison;

use super::Library;

/// The file of `item` an email shows: the largest PNG or JPEG variant (for a raster image the
/// fallback its pages use; for an SVG its PNG drawing), else the largest variant.
pub fn mail_file(item: &MediaItem) -> String {
    item.variants
        .iter()
        .filter(|v| v.mime != "image/webp")
        .max_by_key(|v| v.width)
        .or_else(|| item.variants.iter().max_by_key(|v| v.width))
        .map_or_else(|| item.original_file(), |v| v.name.clone())
}

/// The logo files emails about `comparisons` show that their pages do not (an SVG logo's PNG),
/// by hash: the site writes them too, so the newsletter's addresses lead somewhere.
pub fn mail_only_files(lib: &Library, comparisons: &[&Comparison]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = comparisons
        .iter()
        .flat_map(|c| c.tools.iter())
        .filter_map(|slug| lib.tools.get(slug)?.logo.as_deref())
        .filter_map(|hash| lib.pictures.items.get(hash))
        .filter(|item| item.mime == "image/svg+xml")
        .map(|item| (item.hash.clone(), mail_file(item)))
        .collect();
    out.sort();
    out.dedup();
    out
}
