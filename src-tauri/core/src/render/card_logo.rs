//! A tool's logo as the share card draws it: a `data:` image inside the card's SVG, so the SVG
//! alone is the whole card (publishing sends and hashes the SVG, and draws it elsewhere). An
//! SVG logo goes in as its clean SVG; a raster one as a PNG of exactly the size it is drawn at,
//! so resvg puts it down pixel for pixel instead of filtering a 320 px variant down.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use base64::Engine as _;
use fast_image_resize as fr;

use crate::media::{MediaDir, MediaItem, OriginalKind};

/// A logo ready for the card's SVG: its `data:` address and the size it is drawn at (within
/// the square it was asked for, its aspect ratio kept).
#[derive(Debug)]
pub(super) struct Embedded {
    pub href: String,
    pub width: u32,
    pub height: u32,
}

/// Made logos by (media folder, hash, size): an image's files never change under its hash, so
/// a logo is made once for a site build drawing it on hundreds of cards. (By folder too, so a
/// desk that lost a file finds out, whatever another desk in the process drew.)
type Made = Mutex<HashMap<(PathBuf, String, u32), Arc<Embedded>>>;

fn made() -> &'static Made {
    static MADE: OnceLock<Made> = OnceLock::new();
    MADE.get_or_init(Made::default)
}

/// At most this many made logos are kept (a few kilobytes each); then the cache starts over.
const KEPT: usize = 512;

/// The logo `item` for a square of `px` card pixels, from the desk's media folder.
pub(super) fn embed(dir: &MediaDir, item: &MediaItem, px: u32) -> Result<Arc<Embedded>, String> {
    let key = (dir.path().to_path_buf(), item.hash.clone(), px);
    if let Some(found) = made().lock().expect("not poisoned").get(&key) {
        return Ok(found.clone());
    }
    let embedded = Arc::new(make(dir, item, px)?);
    let mut cache = made().lock().expect("not poisoned");
    if cache.len() >= KEPT {
        cache.clear();
    }
    cache.insert(key, embedded.clone());
    Ok(embedded)
}

fn make(dir: &MediaDir, item: &MediaItem, px: u32) -> Result<Embedded, String> {
    let (width, height) = fit(item.width, item.height, px);
    let kind = OriginalKind::from_mime(&item.mime)
        .ok_or_else(|| format!("an image of type {} cannot be drawn", item.mime))?;
    if kind == OriginalKind::Svg {
        let svg = read(dir, item, &item.original_file(), kind)?;
        return Ok(Embedded {
            href: data_url("image/svg+xml", &svg),
            width,
            height,
        });
    }
    // The smallest WebP variant that is at least as wide as the drawing (logos' smallest is
    // 320 px, or the image's own width when it is narrower), else the largest there is.
    let mut webp: Vec<_> = item
        .variants
        .iter()
        .filter(|v| v.mime == "image/webp")
        .collect();
    webp.sort_by_key(|v| v.width);
    let name = webp
        .iter()
        .find(|v| v.width >= width)
        .or(webp.last())
        .map_or_else(|| item.original_file(), |v| v.name.clone());
    let bytes = read(dir, item, &name, kind)?;
    let rgba = image::load_from_memory(&bytes)
        .map_err(|e| format!("{name} cannot be decoded: {e}"))?
        .into_rgba8();
    let png = png_of(&resized(rgba, width, height));
    Ok(Embedded {
        href: data_url("image/png", &png),
        width,
        height,
    })
}

/// `w × h` scaled to fit a `px` square (never below 1 pixel a side).
fn fit(w: u32, h: u32, px: u32) -> (u32, u32) {
    let (w, h) = (u64::from(w.max(1)), u64::from(h.max(1)));
    let px64 = u64::from(px);
    let (fw, fh) = if w >= h {
        (px64, (px64 * h + w / 2) / w)
    } else {
        ((px64 * w + h / 2) / h, px64)
    };
    (fw.max(1) as u32, fh.max(1) as u32)
}

/// One of the image's files; a variant lost from the folder is made again from the original
/// (the same bytes the store would make), without writing it: the card only reads.
fn read(
    dir: &MediaDir,
    item: &MediaItem,
    name: &str,
    kind: OriginalKind,
) -> Result<Vec<u8>, String> {
    let path = dir.folder(&item.hash).join(name);
    match std::fs::read(&path) {
        Ok(bytes) => return Ok(bytes),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound || name == item.original_file() => {
            return Err(format!("{}: {e}", path.display()));
        }
        Err(_) => {}
    }
    let original_path = dir.folder(&item.hash).join(item.original_file());
    let original =
        std::fs::read(&original_path).map_err(|e| format!("{}: {e}", original_path.display()))?;
    crate::media::derive_variants(kind, &original)
        .map_err(|e| format!("{}: {e}", original_path.display()))?
        .into_iter()
        .find(|v| v.name == name)
        .map(|v| v.bytes)
        .ok_or_else(|| format!("{name}: no such variant of the image"))
}

/// Lanczos3 with premultiplied alpha (fast_image_resize's default for RGBA), as the media
/// store resizes, so transparent edges do not darken.
fn resized(rgba: image::RgbaImage, width: u32, height: u32) -> image::RgbaImage {
    if rgba.dimensions() == (width, height) {
        return rgba;
    }
    let (w, h) = rgba.dimensions();
    let raw = rgba.into_raw();
    let src = fr::images::ImageRef::new(w, h, &raw, fr::PixelType::U8x4)
        .expect("the buffer holds width × height pixels");
    let mut dst = fr::images::Image::new(width, height, fr::PixelType::U8x4);
    let options =
        fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    fr::Resizer::new()
        .resize(&src, &mut dst, &options)
        .expect("same pixel type, non-zero sizes");
    image::RgbaImage::from_raw(width, height, dst.into_vec()).expect("width × height pixels")
}

fn png_of(rgba: &image::RgbaImage) -> Vec<u8> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(
            rgba.as_raw(),
            rgba.width(),
            rgba.height(),
            image::ExtendedColorType::Rgba8,
        )
        .expect("encoding to memory does not fail");
    out
}

fn data_url(mime: &str, bytes: &[u8]) -> String {
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn a_logo_fits_its_square_keeping_its_shape() {
        assert_eq!(fit(256, 256, 40), (40, 40));
        assert_eq!(fit(400, 100, 40), (40, 10));
        assert_eq!(fit(100, 400, 40), (10, 40));
        assert_eq!(fit(4000, 1, 40), (40, 1));
        assert_eq!(fit(0, 0, 40), (40, 40));
    }
}
