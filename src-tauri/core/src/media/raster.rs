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

/// Decodes the first frame of `bytes` (whose format was sniffed), oriented upright.
pub fn decode(bytes: &[u8], format: Format) -> Result<Decoded, Refusal> {
    let (width, height) = declared_size(bytes, format)?;
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Refusal::TooManyPixels { width, height });
    }
    if width == 0 || height == 0 {
        return Err(Refusal::Damaged("the image has no pixels".into()));
    }
    let animated = is_animated(bytes, format)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format(format));
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    // An unreadable EXIF block is no reason to refuse the picture: it is shown as stored.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    image.apply_orientation(orientation);
    Ok(Decoded {
        pixels: Pixels::from_image(image),
        animated,
        oriented: orientation != image::metadata::Orientation::NoTransforms,
    })
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
