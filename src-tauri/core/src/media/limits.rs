//! The intake's limits and output settings, in one place so docs/media.md can quote them.

/// Largest file the intake reads, checked before any decoding (a phone's 48 MP JPEG is
/// 10–25 MB; a screenshot PNG rarely passes 15 MB).
pub const MAX_FILE_BYTES: u64 = 50_000_000;
/// Largest SVG: a logo is kilobytes; megabytes of vector data are a trap for the parser.
pub const MAX_SVG_BYTES: u64 = 5_000_000;
/// Largest side the decoder accepts, and the most pixels (a 100 MP camera; 400 MB of RGBA).
pub const MAX_SIDE: u32 = 20_000;
pub const MAX_PIXELS: u64 = 100_000_000;
/// The most memory one decode may allocate (the `image` crate's `Limits::max_alloc`).
pub const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// The kept original is scaled down to this long side: more than any page shows at 2x.
pub const ORIGINAL_MAX_SIDE: u32 = 4096;
/// The widths of the responsive variants (narrower images keep their own width).
pub const VARIANT_WIDTHS: [u32; 3] = [320, 640, 1280];
/// Lossy WebP quality for photos (libwebp's 0–100).
pub const WEBP_QUALITY: f32 = 80.0;
/// JPEG quality of the kept original (high: every variant is made from it) and the fallback.
pub const ORIGINAL_JPEG_QUALITY: u8 = 90;
pub const FALLBACK_JPEG_QUALITY: u8 = 82;
/// An image with at most this many colours (a logo, a diagram) gets lossless WebP and PNG.
pub const LOSSLESS_MAX_COLOURS: usize = 256;
/// XML nodes an SVG may hold.
pub const MAX_SVG_NODES: u32 = 100_000;
