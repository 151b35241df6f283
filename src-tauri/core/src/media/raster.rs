//! Decoding JPEG, PNG, GIF and WebP under explicit limits, with EXIF orientation applied:
//! pixels out, every byte of metadata left behind.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::error::Refusal;
use super::limits::{MAX_ALLOC, MAX_PIXELS, MAX_SIDE};
use super::pixels::Pixels;
use super::sniff::Format;

/// Decoded pixels and what the person should hear about how they were taken.
pub struct Decoded {
    pub pixels: Pixels,
    /// The source had more than one frame; only the first was kept.
    pub animated: bool,
    /// The EXIF orientation turned or flipped the pixels.
    pub oriented: bool,
    /// What became of an embedded colour profile, if the file had one.
    pub profile: Option<Profile>,
}

/// An embedded ICC colour profile and what the intake did with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Profile {
    /// The pixels were converted from it to sRGB (what every kept file is, untagged).
    Converted,
    /// It could not be used (damaged, or not an RGB profile): the pixels are kept as they
    /// were, read as sRGB. The reason, for the person's note.
    Ignored(String),
}

fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

fn image_format(format: Format) -> ImageFormat {
    match format {
        Format::Jpeg => ImageFormat::Jpeg,
        Format::Png => ImageFormat::Png,
        Format::Gif => ImageFormat::Gif,
        Format::WebP => ImageFormat::WebP,
        Format::Svg => unreachable!("SVG is not decoded as a raster"),
    }
}

/// The size the header declares, read before anything is allocated for pixels, so a bomb
/// is refused with its size named (the decoder's own limit would only say "limits").
fn declared_size(bytes: &[u8], format: Format) -> Result<(u32, u32), Refusal> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format(format));
    reader.no_limits();
    let decoder = reader.into_decoder().map_err(refusal)?;
    Ok(decoder.dimensions())
}

/// The declared size, refused when over the limits or empty.
fn checked_size(bytes: &[u8], format: Format) -> Result<(u32, u32), Refusal> {
    let (width, height) = declared_size(bytes, format)?;
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Refusal::TooManyPixels { width, height });
    }
    if width == 0 || height == 0 {
        return Err(Refusal::Damaged("the image has no pixels".into()));
    }
    Ok((width, height))
}

/// Decodes the first frame of `bytes` (whose format was sniffed), oriented upright.
pub fn decode(bytes: &[u8], format: Format) -> Result<Decoded, Refusal> {
    checked_size(bytes, format)?;
    let animated = is_animated(bytes, format)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format(format));
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    // An unreadable EXIF block is no reason to refuse the picture: it is shown as stored.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    // Likewise an unreadable profile: the pixels are then read as sRGB.
    let icc = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    image.apply_orientation(orientation);
    let mut pixels = Pixels::from_image(image);
    let profile = icc.map(|icc| match to_srgb(&mut pixels, &icc) {
        Ok(()) => Profile::Converted,
        Err(why) => Profile::Ignored(why),
    });
    Ok(Decoded {
        pixels,
        animated,
        oriented: orientation != image::metadata::Orientation::NoTransforms,
        profile,
    })
}

/// Converts `pixels`, described by the ICC profile `icc`, to sRGB in place (alpha kept), so
/// the file can be kept untagged: a browser shows untagged pixels as sRGB, and a profile
/// would be metadata to strip anyway. Perceptual intent, as a photo editor's export does,
/// where the profile has tables for it; a matrix profile (Display P3, Adobe RGB) maps
/// colorimetrically, and the few colours sRGB cannot show (a P3 red) are clipped to its edge.
fn to_srgb(pixels: &mut Pixels, icc: &[u8]) -> Result<(), String> {
    use moxcms::{ColorProfile, DataColorSpace, Layout, RenderingIntent, TransformOptions};
    let source =
        ColorProfile::new_from_slice(icc).map_err(|e| format!("its colour profile: {e}"))?;
    if source.color_space != DataColorSpace::Rgb {
        return Err(format!(
            "its colour profile is for {:?} data, not RGB",
            source.color_space
        ));
    }
    let layout = if pixels.alpha {
        Layout::Rgba
    } else {
        Layout::Rgb
    };
    let options = TransformOptions {
        rendering_intent: RenderingIntent::Perceptual,
        ..TransformOptions::default()
    };
    let transform = source
        .create_transform_8bit(layout, &ColorProfile::new_srgb(), layout, options)
        .map_err(|e| format!("its colour profile cannot be applied: {e}"))?;
    let mut out = vec![0u8; pixels.data.len()];
    transform
        .transform(&pixels.data, &mut out)
        .map_err(|e| format!("its colour profile cannot be applied: {e}"))?;
    pixels.data = out;
    Ok(())
}

/// Pixels decoded at a reduced size, and the image's full size.
pub type Reduced = (Pixels, (u32, u32));

/// A JPEG as the desk keeps originals (RGB or grey, no EXIF, no colour profile) decoded at
/// the smallest of 1, 1/2, 1/4 or 1/8 of its size that is still `min(width, max_width)` wide
/// (the reduced IDCT turns each 8×8 block straight into 4×4, 2×2 or 1×1 pixels): what its
/// variants, at most `max_width` wide, are made from, at a fraction of a full decode's cost.
/// With its full size. `None` for any other JPEG, which takes the full [`decode`].
///
/// jpeg-decoder is built `platform_independent` (no SIMD), so every CPU decodes the same
/// pixels and two desks make the same variants from the same original.
pub fn decode_jpeg_for_width(bytes: &[u8], max_width: u32) -> Result<Option<Reduced>, Refusal> {
    use jpeg_decoder::PixelFormat;
    let (width, height) = checked_size(bytes, Format::Jpeg)?;
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.set_max_decoding_buffer_size(usize::try_from(MAX_ALLOC).unwrap_or(usize::MAX));
    decoder.read_info().map_err(jpeg_refusal)?;
    let info = decoder.info().expect("read_info read the frame");
    if (u32::from(info.width), u32::from(info.height)) != (width, height)
        || decoder.exif_data().is_some()
        || decoder.icc_profile().is_some()
        || !matches!(info.pixel_format, PixelFormat::RGB24 | PixelFormat::L8)
    {
        return Ok(None);
    }
    let needed = width.min(max_width);
    // A banded original (as the desk writes one taller than a band) is decoded band by band
    // on every core; each band is then a JPEG of its own, so its edge rows are filled from
    // its own rows, the same way on every desk.
    let bands = super::pixels::jpeg_bands(bytes, width, height);
    let parts: Vec<&[u8]> = match &bands {
        Some(bands) => bands.iter().map(Vec::as_slice).collect(),
        None => vec![bytes],
    };
    use rayon::prelude::*;
    let decoded = parts
        .par_iter()
        .map(|part| {
            let mut decoder = jpeg_decoder::Decoder::new(*part);
            decoder.set_max_decoding_buffer_size(usize::try_from(MAX_ALLOC).unwrap_or(usize::MAX));
            // The width alone picks the scale, so every band gets the whole image's.
            let (w, h) = decoder
                .scale(u16::try_from(needed).unwrap_or(u16::MAX), u16::MAX)
                .map_err(jpeg_refusal)?;
            let format = decoder.info().map(|i| i.pixel_format);
            let data = decoder.decode().map_err(jpeg_refusal)?;
            Ok((u32::from(w), u32::from(h), format, data))
        })
        .collect::<Result<Vec<_>, Refusal>>()?;
    let w = decoded[0].0;
    if w < needed {
        return Ok(None);
    }
    let mut h = 0;
    let mut data = Vec::with_capacity(decoded.iter().map(|d| d.3.len()).sum::<usize>() * 3);
    for (part_w, part_h, format, part) in decoded {
        if part_w != w || format != Some(info.pixel_format) {
            return Err(Refusal::Damaged("its parts do not fit together".into()));
        }
        h += part_h;
        match info.pixel_format {
            PixelFormat::L8 => data.extend(part.iter().flat_map(|&l| [l, l, l])),
            _ => data.extend_from_slice(&part),
        }
    }
    if data.len() != (w * h * 3) as usize {
        return Err(Refusal::Damaged("the image's data does not fill it".into()));
    }
    let pixels = Pixels {
        width: w,
        height: h,
        alpha: false,
        data,
    };
    Ok(Some((pixels, (width, height))))
}

fn jpeg_refusal(e: jpeg_decoder::Error) -> Refusal {
    match e {
        jpeg_decoder::Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            Refusal::Truncated
        }
        other => Refusal::Damaged(short(&other.to_string())),
    }
}

/// More than one frame: an animated GIF, WebP or PNG (APNG).
fn is_animated(bytes: &[u8], format: Format) -> Result<bool, Refusal> {
    Ok(match format {
        Format::Gif => {
            use image::AnimationDecoder;
            let mut decoder =
                image::codecs::gif::GifDecoder::new(Cursor::new(bytes)).map_err(refusal)?;
            decoder.set_limits(limits()).map_err(refusal)?;
            // The second frame's existence is all that is asked; a damaged later frame does
            // not matter, as only the first is kept.
            decoder.into_frames().take(2).filter(Result::is_ok).count() > 1
        }
        Format::WebP => image::codecs::webp::WebPDecoder::new(Cursor::new(bytes))
            .map_err(refusal)?
            .has_animation(),
        Format::Png => image::codecs::png::PngDecoder::new(Cursor::new(bytes))
            .map_err(refusal)?
            .is_apng()
            .map_err(refusal)?,
        Format::Jpeg | Format::Svg => false,
    })
}

/// The decoder's error as a reason a person can read.
fn refusal(e: image::ImageError) -> Refusal {
    use image::ImageError as E;
    match e {
        E::Limits(_) => {
            Refusal::Damaged("it needs more memory to decode than the desk allows".into())
        }
        E::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => Refusal::Truncated,
        E::Unsupported(u) => Refusal::Damaged(short(&u.to_string())),
        other => {
            let text = other.to_string();
            let lower = text.to_ascii_lowercase();
            if lower.contains("eof") || lower.contains("end of file") || lower.contains("truncated")
            {
                Refusal::Truncated
            } else {
                Refusal::Damaged(short(&text))
            }
        }
    }
}

/// A decoder's message, cut so a hostile file cannot fill the screen with it.
fn short(text: &str) -> String {
    let mut out: String = text.chars().take(160).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}
