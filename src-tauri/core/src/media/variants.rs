//! The kept original's form, and the responsive variants made from it: WebP at the widths a
//! page asks for, plus one JPEG or PNG fallback. Made only from the original's bytes, with
//! fixed settings and no clock or randomness, so two desks holding the same original make
//! byte-identical variants (and a missing variant can be made again at any time).

use serde::{Deserialize, Serialize};

use super::error::Refusal;
use super::limits::{FALLBACK_JPEG_QUALITY, LOSSLESS_MAX_COLOURS, VARIANT_WIDTHS, WEBP_QUALITY};
use super::pixels::{scaled_height, Pixels};
use super::sniff::Format;

/// What the kept original is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum OriginalKind {
    /// Photos (from JPEG, or lossy WebP without transparency).
    Jpeg,
    /// Everything lossless or transparent (PNG, GIF, lossless WebP).
    Png,
    /// A clean, re-serialised SVG.
    Svg,
}

impl OriginalKind {
    pub fn mime(self) -> &'static str {
        match self {
            OriginalKind::Jpeg => "image/jpeg",
            OriginalKind::Png => "image/png",
            OriginalKind::Svg => "image/svg+xml",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            OriginalKind::Jpeg => "jpg",
            OriginalKind::Png => "png",
            OriginalKind::Svg => "svg",
        }
    }

    /// The kind named by a MIME type (as stored in the media table).
    pub fn from_mime(mime: &str) -> Option<OriginalKind> {
        [OriginalKind::Jpeg, OriginalKind::Png, OriginalKind::Svg]
            .into_iter()
            .find(|k| k.mime() == mime)
    }

    /// The stored original's file name.
    pub fn file_name(self) -> String {
        format!("original.{}", self.extension())
    }
}

/// One file made from an original.
#[derive(Debug, Clone)]
pub struct Variant {
    /// `640w.webp`, `1280w.jpg`: unique among one image's files.
    pub name: String,
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// A variant as the media table lists it (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct VariantInfo {
    pub name: String,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

impl Variant {
    pub fn info(&self) -> VariantInfo {
        VariantInfo {
            name: self.name.clone(),
            mime: self.mime.to_string(),
            width: self.width,
            height: self.height,
            bytes: self.bytes.len() as u64,
        }
    }
}

/// The widths made for an image `width` wide: the standard ones below it, then its own
/// width capped at the largest (a vector is drawn at every standard width).
pub fn widths_for(width: u32, vector: bool) -> Vec<u32> {
    let largest = VARIANT_WIDTHS[VARIANT_WIDTHS.len() - 1];
    if vector {
        return VARIANT_WIDTHS.to_vec();
    }
    let top = width.min(largest);
    let mut widths: Vec<u32> = VARIANT_WIDTHS.into_iter().filter(|w| *w < top).collect();
    widths.push(top);
    widths
}

/// Every variant of the original `bytes` of `kind`, smallest first, fallback last.
pub fn derive(kind: OriginalKind, bytes: &[u8]) -> Result<Vec<Variant>, Refusal> {
    match kind {
        OriginalKind::Svg => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| Refusal::SvgInvalid("it is not UTF-8 text".into()))?;
            let widths = widths_for(0, true);
            let drawn = widths
                .iter()
                .map(|w| super::svg::rasterise(text, *w))
                .collect::<Result<Vec<_>, _>>()?;
            // Vector art is flat colour with anti-aliased edges: lossless stays small and sharp.
            Ok(encode_all(drawn, true))
        }
        OriginalKind::Jpeg => {
            // No variant is wider than the largest width: a 4000 px photo is decoded at half
            // its size (2000 px), as sharp's shrink-on-load does, not at twelve megapixels.
            let largest = VARIANT_WIDTHS[VARIANT_WIDTHS.len() - 1];
            match super::raster::decode_jpeg_for_width(bytes, largest)? {
                Some((pixels, full)) => Ok(variants_of(&pixels, full)),
                None => Ok(from_pixels(
                    &super::raster::decode(bytes, Format::Jpeg)?.pixels,
                )),
            }
        }
        OriginalKind::Png => Ok(from_pixels(
            &super::raster::decode(bytes, Format::Png)?.pixels,
        )),
    }
}

/// The variants of decoded original pixels, at their full size. (A JPEG original's come
/// from [`derive`], which decodes it at a reduced size: give it the bytes.)
pub fn from_pixels(original: &Pixels) -> Vec<Variant> {
    variants_of(original, (original.width, original.height))
}

/// The variants of `pixels`, an image of `full` size (decoded at that size or smaller, but
/// at least as wide as the largest variant): its widths and heights are the full image's.
fn variants_of(pixels: &Pixels, full: (u32, u32)) -> Vec<Variant> {
    let lossless = pixels.few_colours(LOSSLESS_MAX_COLOURS);
    // Largest first, each made from the one before: a 2× step keeps Lanczos3 sharp, and a
    // 320 px variant is not filtered from twelve megapixels.
    let mut sized: Vec<Pixels> = Vec::new();
    for width in widths_for(full.0, false).into_iter().rev() {
        let from = sized.last().unwrap_or(pixels);
        sized.push(from.resized(width, scaled_height(full.0, full.1, width)));
    }
    sized.reverse();
    encode_all(sized, lossless)
}

/// Each width as WebP and the largest as the fallback, all at once (the fallback beside the
/// WebP encodes, not after them).
fn encode_all(sized: Vec<Pixels>, lossless: bool) -> Vec<Variant> {
    use rayon::prelude::*;
    let top = sized.last().expect("at least one width");
    let fallback = || {
        let (mime, ext, bytes) = if lossless || top.alpha {
            ("image/png", "png", top.png())
        } else {
            ("image/jpeg", "jpg", top.jpeg(FALLBACK_JPEG_QUALITY))
        };
        Variant {
            name: format!("{}w.{ext}", top.width),
            mime,
            width: top.width,
            height: top.height,
            bytes,
        }
    };
    // The largest WebP takes longest: started first, so the others share the second core.
    let webp = || {
        let mut out: Vec<Variant> = sized
            .par_iter()
            .rev()
            .map(|p| Variant {
                name: format!("{}w.webp", p.width),
                mime: "image/webp",
                width: p.width,
                height: p.height,
                bytes: p.webp(lossless, if lossless { 75.0 } else { WEBP_QUALITY }),
            })
            .collect();
        out.reverse();
        out
    };
    let (mut variants, fallback) = rayon::join(webp, fallback);
    variants.push(fallback);
    variants
}

/// Whether `name` is one a variant or original of `kind` can have (no path can be smuggled
/// through it).
pub fn is_file_name(name: &str) -> bool {
    if matches!(name, "original.jpg" | "original.png" | "original.svg") {
        return true;
    }
    let Some((width, ext)) = name.split_once("w.") else {
        return false;
    };
    !width.is_empty()
        && width.len() <= 5
        && width.bytes().all(|b| b.is_ascii_digit())
        && matches!(ext, "webp" | "jpg" | "png")
}
