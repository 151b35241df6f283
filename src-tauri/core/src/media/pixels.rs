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

    /// Scaled to `width` wide (the height keeps the aspect ratio, at least 1 pixel) with
    /// Lanczos3; alpha is premultiplied while filtering so edges do not darken.
    pub fn resized_to_width(&self, width: u32) -> Pixels {
        let height = scaled_height(self.width, self.height, width);
        self.resized(width, height)
    }

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

    /// Baseline JPEG, 4:2:0; only for opaque pixels.
    pub fn jpeg(&self, quality: u8) -> Vec<u8> {
        debug_assert!(!self.alpha, "JPEG has no alpha");
        let mut out = Vec::with_capacity(self.data.len() / 8);
        let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
        encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
        encoder
            .encode(
                &self.data,
                u16::try_from(self.width).expect("at most 4096 px"),
                u16::try_from(self.height).expect("at most 4096 px"),
                jpeg_encoder::ColorType::Rgb,
            )
            .expect("encoding to memory does not fail");
        out
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
