//! One image file in, a clean original and its variants out, or a refusal naming the file
//! and the reason. Runs in memory: nothing is written until the caller stores the result.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::error::{IntakeError, Refusal};
use super::limits::{MAX_FILE_BYTES, MAX_SVG_BYTES, ORIGINAL_JPEG_QUALITY, ORIGINAL_MAX_SIDE};
use super::pixels::fit_within;
use super::sniff::{hidden_markup, jpeg_end, sniff, Format};
use super::variants::{self, OriginalKind, Variant};

/// A taken image: what to store, and what to tell the person about it.
#[derive(Debug, Clone)]
pub struct Intake {
    /// SHA-256 of `original`, as hex: the image's name on every desk.
    pub hash: String,
    pub kind: OriginalKind,
    pub width: u32,
    pub height: u32,
    /// The kept original: re-encoded (metadata gone), upright, at most 4096 px a side.
    pub original: Vec<u8>,
    pub variants: Vec<Variant>,
    /// The format the file really was ("JPEG", "SVG", …).
    pub source_format: &'static str,
    /// What was done that the person should know ("only the first frame was kept", …).
    pub notes: Vec<String>,
}

/// Reads a file for intake, refusing one over the size cap before reading it.
pub fn read_file(path: &Path) -> Result<Vec<u8>, IntakeError> {
    let name = display_name(path);
    let unreadable =
        |e: std::io::Error| IntakeError::new(&name, Refusal::Unreadable(e.to_string()));
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let len = file.metadata().map_err(unreadable)?.len();
    if len > MAX_FILE_BYTES {
        return Err(too_large(&name, len));
    }
    // The file may grow between the check and the read: read one byte past the cap at most.
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(&name, bytes.len() as u64));
    }
    Ok(bytes)
}

/// The file's own name, without its folder (what a message should name).
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn too_large(name: &str, bytes: u64) -> IntakeError {
    IntakeError::new(
        name,
        Refusal::TooLarge {
            bytes,
            limit: MAX_FILE_BYTES,
        },
    )
}

/// Takes the image in `bytes`, named `file` in messages.
pub fn intake(file: &str, bytes: &[u8]) -> Result<Intake, IntakeError> {
    take(bytes).map_err(|reason| IntakeError::new(file, reason))
}

fn take(bytes: &[u8]) -> Result<Intake, Refusal> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge {
            bytes: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    let format = sniff(bytes)?;
    if format == Format::Svg {
        return take_svg(bytes);
    }
    if format == Format::Jpeg {
        jpeg_end(bytes)?;
    }
    if let Some(marker) = hidden_markup(bytes, format) {
        return Err(Refusal::Polyglot { marker });
    }
    let decoded = super::raster::decode(bytes, format)?;
    let mut notes = Vec::new();
    if decoded.animated {
        notes.push(format!(
            "the {} is animated: only its first frame was kept",
            format.name()
        ));
    }
    if decoded.oriented {
        notes.push("turned upright as its EXIF orientation says".to_string());
    }
    match &decoded.profile {
        Some(super::raster::Profile::Converted) => notes.push(
            "colours converted to sRGB from its embedded colour profile (so every browser \
             shows them as the camera or editor meant)"
                .to_string(),
        ),
        Some(super::raster::Profile::Ignored(why)) => {
            notes.push(format!("colours kept as they are, read as sRGB: {why}"))
        }
        None => {}
    }
    let mut pixels = decoded.pixels;
    let (w, h) = fit_within(pixels.width, pixels.height, ORIGINAL_MAX_SIDE);
    if (w, h) != (pixels.width, pixels.height) {
        notes.push(format!(
            "scaled down from {}×{} to {w}×{h} (the desk keeps at most {ORIGINAL_MAX_SIDE} px \
             on the long side)",
            pixels.width, pixels.height
        ));
        pixels = pixels.resized(w, h);
    }
    notes.push("metadata removed (EXIF, GPS position, comments, colour profile)".to_string());
    let lossy_source =
        format == Format::Jpeg || (format == Format::WebP && !is_lossless_webp(bytes));
    let (kind, original) = if lossy_source && !pixels.alpha {
        (OriginalKind::Jpeg, pixels.jpeg(ORIGINAL_JPEG_QUALITY))
    } else {
        (OriginalKind::Png, pixels.png())
    };
    // Variants come from the stored original's bytes, not from the pixels in hand, so the
    // desk that made them and every desk that later gets only the original agree.
    let variants = variants::derive(kind, &original)?;
    Ok(Intake {
        hash: sha256_hex(&original),
        kind,
        width: w,
        height: h,
        original,
        variants,
        source_format: format.name(),
        notes,
    })
}

fn take_svg(bytes: &[u8]) -> Result<Intake, Refusal> {
    if bytes.len() as u64 > MAX_SVG_BYTES {
        return Err(Refusal::TooLarge {
            bytes: bytes.len() as u64,
            limit: MAX_SVG_BYTES,
        });
    }
    let clean = super::svg::clean(bytes)?;
    let original = clean.text.into_bytes();
    let variants = variants::derive(OriginalKind::Svg, &original)?;
    Ok(Intake {
        hash: sha256_hex(&original),
        kind: OriginalKind::Svg,
        width: clean.width,
        height: clean.height,
        original,
        variants,
        source_format: Format::Svg.name(),
        notes: vec!["re-written as a clean SVG: only its drawing was kept".to_string()],
    })
}

/// A WebP whose image is VP8L (lossless), as opposed to VP8 (lossy).
fn is_lossless_webp(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    head.windows(4).any(|w| w == b"VP8L") && !head.windows(4).any(|w| w == b"VP8 ")
}

/// SHA-256 as lowercase hex: the hash `sha256sum` prints for the same bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Takes an original as another desk kept it (from the team's server): not taken in again
/// (re-encoding would change its bytes and so its name) but checked as the intake checks a
/// file, since it comes from elsewhere: its bytes must hash to `hash`, be the `mime` they
/// claim (a JPEG, PNG or clean SVG, as desks keep originals), hide no markup, and decode
/// under the same limits. The variants are made from it, the same bytes the adding desk made.
pub fn received(file: &str, hash: &str, mime: &str, bytes: &[u8]) -> Result<Intake, IntakeError> {
    let refuse = |reason| IntakeError::new(file, reason);
    if sha256_hex(bytes) != hash {
        return Err(refuse(Refusal::Damaged(format!(
            "its bytes are not the image {hash} they were sent as"
        ))));
    }
    let format = sniff(bytes).map_err(refuse)?;
    let kind = match (format, OriginalKind::from_mime(mime)) {
        (Format::Jpeg, Some(OriginalKind::Jpeg)) => OriginalKind::Jpeg,
        (Format::Png, Some(OriginalKind::Png)) => OriginalKind::Png,
        (Format::Svg, Some(OriginalKind::Svg)) => OriginalKind::Svg,
        _ => {
            return Err(refuse(Refusal::Damaged(format!(
                "it was sent as {mime} but is {}",
                format.name()
            ))))
        }
    };
    let (width, height, variants) = if kind == OriginalKind::Svg {
        if bytes.len() as u64 > MAX_SVG_BYTES {
            return Err(refuse(Refusal::TooLarge {
                bytes: bytes.len() as u64,
                limit: MAX_SVG_BYTES,
            }));
        }
        // The same refusals as a file added here (scripts, handlers, outside references).
        let clean = super::svg::clean(bytes).map_err(refuse)?;
        let variants = variants::derive(kind, bytes).map_err(refuse)?;
        (clean.width, clean.height, variants)
    } else {
        if format == Format::Jpeg {
            jpeg_end(bytes).map_err(refuse)?;
        }
        if let Some(marker) = hidden_markup(bytes, format) {
            return Err(refuse(Refusal::Polyglot { marker }));
        }
        let decoded = super::raster::decode(bytes, format).map_err(refuse)?;
        // A PNG is decoded once: its check's pixels are what `variants::derive` would decode
        // again from the same bytes. A JPEG's variants come from `derive`, which decodes it
        // at a reduced size (the same bytes the adding desk made).
        let variants = if kind == OriginalKind::Png {
            variants::from_pixels(&decoded.pixels)
        } else {
            variants::derive(kind, bytes).map_err(refuse)?
        };
        (decoded.pixels.width, decoded.pixels.height, variants)
    };
    Ok(Intake {
        hash: hash.to_string(),
        kind,
        width,
        height,
        original: bytes.to_vec(),
        variants,
        source_format: format.name(),
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(format: image::ImageFormat) -> Vec<u8> {
        let img = image::RgbImage::from_fn(700, 300, |x, y| {
            image::Rgb([
                (x * 7 % 256) as u8,
                (y * 3 % 256) as u8,
                ((x ^ y) % 256) as u8,
            ])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    /// An original received from another desk gets the very variants the adding desk made
    /// (a PNG's from the pixels its check decoded, a JPEG's through `derive`).
    #[test]
    fn a_received_original_has_the_adding_desks_variants() {
        for format in [image::ImageFormat::Png, image::ImageFormat::Jpeg] {
            let added = intake("x", &encoded(format)).unwrap();
            let got = received("x", &added.hash, added.kind.mime(), &added.original).unwrap();
            assert_eq!(got.variants.len(), added.variants.len(), "{format:?}");
            for (a, b) in added.variants.iter().zip(&got.variants) {
                assert_eq!((&a.name, &a.bytes), (&b.name, &b.bytes), "{format:?}");
            }
            assert_eq!((got.width, got.height), (added.width, added.height));
        }
    }
}
