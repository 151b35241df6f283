//! Pixels as the intake passes them around (8-bit RGB, or RGBA when any pixel is see-through),
//! and the three things done to them: resizing, counting colours, encoding.

use fast_image_resize as fr;
use image::DynamicImage;

/// 8-bit RGB (`alpha == false`) or RGBA, row after row.
#[derive(Clone)]
pub struct Pixels {
    pub width: u32,
    pub height: u32,
    pub alpha: bool,
    pub data: Vec<u8>,
}

impl Pixels {
    /// Takes any decoded image to 8-bit RGB, or RGBA when it has an alpha channel that is
    /// used (an opaque PNG's alpha channel is dropped, so it can be a JPEG fallback).
    pub fn from_image(image: DynamicImage) -> Pixels {
        let (width, height) = (image.width(), image.height());
        if image.color().has_alpha() {
            let rgba = image.into_rgba8();
            if rgba.pixels().any(|p| p.0[3] != 255) {
                return Pixels {
                    width,
                    height,
                    alpha: true,
                    data: rgba.into_raw(),
                };
            }
            let data = rgba
                .into_raw()
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect();
            return Pixels {
                width,
                height,
                alpha: false,
                data,
            };
        }
        Pixels {
            width,
            height,
            alpha: false,
            data: image.into_rgb8().into_raw(),
        }
    }

    fn pixel_type(&self) -> fr::PixelType {
        if self.alpha {
            fr::PixelType::U8x4
        } else {
            fr::PixelType::U8x3
        }
    }

    /// Scaled to `width × height` with Lanczos3; alpha is premultiplied while filtering so
    /// edges do not darken.
    pub fn resized(&self, width: u32, height: u32) -> Pixels {
        if width == self.width && height == self.height {
            return self.clone();
        }
        let src = fr::images::ImageRef::new(self.width, self.height, &self.data, self.pixel_type())
            .expect("the buffer holds width × height pixels");
        let mut dst = fr::images::Image::new(width, height, self.pixel_type());
        let options = fr::ResizeOptions::new()
            .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
        fr::Resizer::new()
            .resize(&src, &mut dst, &options)
            .expect("same pixel type, non-zero sizes");
        Pixels {
            width,
            height,
            alpha: self.alpha,
            data: dst.into_vec(),
        }
    }

    /// At most `limit` distinct colours (a logo, a diagram, a flat screenshot)?
    pub fn few_colours(&self, limit: usize) -> bool {
        let step = if self.alpha { 4 } else { 3 };
        let mut seen = std::collections::HashSet::with_capacity(limit + 1);
        for p in self.data.chunks_exact(step) {
            let key = u32::from_le_bytes([p[0], p[1], p[2], if self.alpha { p[3] } else { 255 }]);
            if seen.insert(key) && seen.len() > limit {
                return false;
            }
        }
        true
    }

    pub fn webp(&self, lossless: bool, quality: f32) -> Vec<u8> {
        let encoder = if self.alpha {
            webp::Encoder::from_rgba(&self.data, self.width, self.height)
        } else {
            webp::Encoder::from_rgb(&self.data, self.width, self.height)
        };
        encoder
            .encode_simple(lossless, quality)
            .map(|m| m.to_vec())
            // libwebp fails only on sizes over 16383 px or out of memory; variants are at
            // most 1280 px wide and every input's height is capped.
            .expect("libwebp encodes an image within its size limits")
    }

    /// Baseline JPEG, 4:2:0; only for opaque pixels. An image taller than one band of
    /// [`JPEG_BAND_ROWS`] rows has a restart marker after every band, and the bands are
    /// encoded at once on every core, then joined: the bytes are those of one encoder writing
    /// the whole image with that restart interval (a test checks it), so they do not depend
    /// on the number of cores.
    pub fn jpeg(&self, quality: u8) -> Vec<u8> {
        use rayon::prelude::*;
        debug_assert!(!self.alpha, "JPEG has no alpha");
        if self.height <= JPEG_BAND_ROWS {
            return jpeg_of(&self.data, self.width, self.height, quality, None);
        }
        let row_bytes = self.width as usize * 3;
        let interval = jpeg_restart_interval(self.width);
        let bands: Vec<Vec<u8>> = self
            .data
            .par_chunks(row_bytes * JPEG_BAND_ROWS as usize)
            .map(|band| {
                let rows = (band.len() / row_bytes) as u32;
                jpeg_of(band, self.width, rows, quality, Some(interval))
            })
            .collect();
        join_bands(&bands, self.height)
    }

    pub fn png(&self) -> Vec<u8> {
        use image::ImageEncoder;
        let mut out = Vec::new();
        let color = if self.alpha {
            image::ExtendedColorType::Rgba8
        } else {
            image::ExtendedColorType::Rgb8
        };
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(&self.data, self.width, self.height, color)
            .expect("encoding to memory does not fail");
        out
    }
}

/// The rows of one band of a JPEG encoded in parallel: 16 rows of 4:2:0 MCUs (16×16 px), so
/// a band of a 4096 px wide image is 4,096 MCUs, within a restart interval's 65,535.
pub const JPEG_BAND_ROWS: u32 = 256;

/// The restart interval of a banded JPEG `width` wide: the MCUs of one band.
pub fn jpeg_restart_interval(width: u32) -> u16 {
    let mcus_per_row = width.div_ceil(16);
    u16::try_from(mcus_per_row * (JPEG_BAND_ROWS / 16)).expect("at most 4096 px wide")
}

/// `rows` rows of RGB as a baseline 4:2:0 JPEG, with the restart interval given.
pub fn jpeg_of(data: &[u8], width: u32, rows: u32, quality: u8, restart: Option<u16>) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 8);
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
    if let Some(interval) = restart {
        encoder.set_restart_interval(interval);
    }
    encoder
        .encode(
            data,
            u16::try_from(width).expect("at most 4096 px"),
            u16::try_from(rows).expect("at most 4096 px"),
            jpeg_encoder::ColorType::Rgb,
        )
        .expect("encoding to memory does not fail");
    out
}

/// Where a JPEG's entropy-coded data starts (just after its SOS segment), the offset of its
/// SOF0 segment's height field and its restart interval; `None` for anything else (a
/// progressive JPEG, a header that does not parse).
fn jpeg_layout(jpeg: &[u8]) -> Option<(usize, usize, Option<u16>)> {
    let mut at = 2;
    let mut height_at = None;
    let mut restart = None;
    loop {
        if *jpeg.get(at)? != 0xFF {
            return None;
        }
        let marker = *jpeg.get(at + 1)?;
        let len = usize::from(u16::from_be_bytes([*jpeg.get(at + 2)?, *jpeg.get(at + 3)?]));
        match marker {
            0xC0 => height_at = Some(at + 5),
            0xDD => restart = Some(u16::from_be_bytes([*jpeg.get(at + 4)?, *jpeg.get(at + 5)?])),
            _ => {}
        }
        at += 2 + len;
        if marker == 0xDA {
            return (at <= jpeg.len()).then_some((at, height_at?, restart));
        }
    }
}

/// A banded JPEG (as [`Pixels::jpeg`] writes one) `width × height` taken apart again: each
/// band as a JPEG of its own (the header with the band's height, its entropy-coded data, the
/// end). `None` when the JPEG is not banded that way (no restart markers, another interval,
/// another number of bands).
pub fn jpeg_bands(jpeg: &[u8], width: u32, height: u32) -> Option<Vec<Vec<u8>>> {
    if height <= JPEG_BAND_ROWS || jpeg.len() < 4 || jpeg[jpeg.len() - 2..] != [0xFF, 0xD9] {
        return None;
    }
    let (scan, height_at, restart) = jpeg_layout(jpeg)?;
    if restart != Some(jpeg_restart_interval(width)) {
        return None;
    }
    let data = &jpeg[scan..jpeg.len() - 2];
    // A restart marker is the only 0xFF in entropy-coded data not followed by 0x00.
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i + 1 < data.len() {
        if data[i] == 0xFF && (0xD0..=0xD7).contains(&data[i + 1]) {
            parts.push(&data[start..i]);
            start = i + 2;
            i += 2;
        } else {
            i += 1;
        }
    }
    parts.push(&data[start..]);
    if parts.len() != height.div_ceil(JPEG_BAND_ROWS) as usize {
        return None;
    }
    let bands = parts
        .iter()
        .enumerate()
        .map(|(n, part)| {
            let rows = (height - n as u32 * JPEG_BAND_ROWS).min(JPEG_BAND_ROWS) as u16;
            let mut band = Vec::with_capacity(scan + part.len() + 2);
            band.extend_from_slice(&jpeg[..scan]);
            band[height_at..height_at + 2].copy_from_slice(&rows.to_be_bytes());
            band.extend_from_slice(part);
            band.extend_from_slice(&[0xFF, 0xD9]);
            band
        })
        .collect();
    Some(bands)
}

/// One JPEG of bands encoded apart, each with the same restart interval: the first band's
/// header (its height made the whole image's), each band's entropy-coded data, `RSTn`
/// between bands (where one encoder writes them), and the end.
fn join_bands(bands: &[Vec<u8>], height: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(bands.iter().map(Vec::len).sum());
    for (i, band) in bands.iter().enumerate() {
        let (scan, height_at, _) = jpeg_layout(band).expect("the encoder's own JPEG");
        debug_assert_eq!(&band[band.len() - 2..], [0xFF, 0xD9], "ends with EOI");
        if i == 0 {
            out.extend_from_slice(&band[..scan]);
            let h = u16::try_from(height)
                .expect("at most 4096 px")
                .to_be_bytes();
            out[height_at..height_at + 2].copy_from_slice(&h);
        } else {
            out.extend_from_slice(&[0xFF, 0xD0 + ((i - 1) % 8) as u8]);
        }
        out.extend_from_slice(&band[scan..band.len() - 2]);
    }
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// The height that keeps `w × h`'s aspect ratio at `width` wide, rounded, at least 1.
pub fn scaled_height(w: u32, h: u32, width: u32) -> u32 {
    let exact = u64::from(h) * u64::from(width);
    let rounded = (exact + u64::from(w) / 2) / u64::from(w);
    u32::try_from(rounded.max(1)).unwrap_or(u32::MAX)
}

/// The size that fits `w × h` within `max` on its long side (unchanged when it already does).
pub fn fit_within(w: u32, h: u32, max: u32) -> (u32, u32) {
    if w.max(h) <= max {
        (w, h)
    } else if w >= h {
        (max, scaled_height(w, h, max))
    } else {
        (scaled_height(h, w, max), max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(w: u32, h: u32) -> Pixels {
        let mut seed = 0x2545_f491_u32;
        let mut data = Vec::with_capacity((w * h * 3) as usize);
        for y in 0..h {
            for x in 0..w {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                let n = (seed % 32) as u8;
                data.extend([
                    (x % 256) as u8 ^ n,
                    (y % 256) as u8,
                    ((x + y) % 200) as u8 + n,
                ]);
            }
        }
        Pixels {
            width: w,
            height: h,
            alpha: false,
            data,
        }
    }

    #[test]
    fn a_banded_jpeg_is_byte_for_byte_one_encoders_with_restart_markers() {
        // Bands of whole MCU rows; a last band that is short and not a whole MCU row tall; a
        // width that is not a whole MCU; more than eight bands (RST0..7 wrap around).
        for (w, h) in [(1000, 700), (333, 2500), (64, 257)] {
            let p = photo(w, h);
            let banded = p.jpeg(90);
            let whole = jpeg_of(&p.data, w, h, 90, Some(jpeg_restart_interval(w)));
            assert!(banded == whole, "{w}×{h}: the joined bands differ");
            let back = image::load_from_memory(&banded).unwrap();
            assert_eq!((back.width(), back.height()), (w, h));
        }
        // Taken apart again, each band is the JPEG encoded of its rows alone.
        let p = photo(333, 700);
        let bands = jpeg_bands(&p.jpeg(90), 333, 700).expect("banded");
        let row = 333 * 3;
        for (n, band) in bands.iter().enumerate() {
            let rows = &p.data[n * 256 * row..((n + 1) * 256 * row).min(p.data.len())];
            let alone = jpeg_of(
                rows,
                333,
                (rows.len() / row) as u32,
                90,
                Some(jpeg_restart_interval(333)),
            );
            assert!(*band == alone, "band {n}");
        }
        assert!(jpeg_bands(&jpeg_of(&p.data, 333, 700, 90, None), 333, 700).is_none());
        // One band or less: no restart markers at all.
        let small = photo(300, 200);
        assert!(small.jpeg(82) == jpeg_of(&small.data, 300, 200, 82, None));
    }
}
