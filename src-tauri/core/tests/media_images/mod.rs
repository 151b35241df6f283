//! Test images made in the tests (no binaries in the repository): photos with noise, flat
//! logos, hand-built EXIF blocks, PNG headers patched to lie, animations.
#![allow(dead_code)]

pub mod desk;

use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

/// A photo-like image: smooth gradients plus deterministic noise (thousands of colours).
pub fn photo(w: u32, h: u32) -> RgbImage {
    let mut seed = 0x2545_f491_u32;
    RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let n = (seed % 24) as u8;
        Rgb([
            ((x * 200 / w.max(1)) as u8).saturating_add(n),
            ((y * 200 / h.max(1)) as u8).saturating_add(n),
            (((x + y) * 100 / (w + h).max(1)) as u8).saturating_add(n),
        ])
    })
}

/// Left half red, right half blue: which way it was turned can be read off the pixels.
pub fn halves(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, _| {
        if x < w / 2 {
            Rgb([230, 20, 20])
        } else {
            Rgb([20, 20, 230])
        }
    })
}

/// A flat logo with three colours and a transparent background.
pub fn logo(w: u32, h: u32) -> RgbaImage {
    RgbaImage::from_fn(w, h, |x, y| {
        let (cx, cy) = (x as i64 - w as i64 / 2, y as i64 - h as i64 / 2);
        let r2 = cx * cx + cy * cy;
        let r = (w.min(h) / 2) as i64;
        if r2 < r * r / 4 {
            Rgba([250, 200, 0, 255])
        } else if r2 < r * r {
            Rgba([10, 60, 160, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    })
}

pub fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

pub fn png_rgb(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

pub fn png_rgba(img: &RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgba8,
        )
        .unwrap();
    out
}

/// A little-endian TIFF block as EXIF holds it: IFD0 with Orientation and a GPS IFD with
/// latitude 48°51'24" N (a reporter's position, which must not survive).
pub fn exif_tiff(orientation: u16) -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes()); // IFD0 at 8
                                  // IFD0: 2 entries (12 bytes each), then the next-IFD offset.
    let gps_ifd = 8 + 2 + 2 * 12 + 4; // right after IFD0
    t.extend(2u16.to_le_bytes());
    t.extend(0x0112u16.to_le_bytes()); // Orientation
    t.extend(3u16.to_le_bytes()); // SHORT
    t.extend(1u32.to_le_bytes());
    t.extend(orientation.to_le_bytes());
    t.extend([0, 0]);
    t.extend(0x8825u16.to_le_bytes()); // GPSInfo IFD pointer
    t.extend(4u16.to_le_bytes()); // LONG
    t.extend(1u32.to_le_bytes());
    t.extend((gps_ifd as u32).to_le_bytes());
    t.extend(0u32.to_le_bytes());
    // GPS IFD: LatitudeRef "N", Latitude 48/1 51/1 24/1.
    let rationals = gps_ifd + 2 + 2 * 12 + 4;
    t.extend(2u16.to_le_bytes());
    t.extend(0x0001u16.to_le_bytes());
    t.extend(2u16.to_le_bytes()); // ASCII
    t.extend(2u32.to_le_bytes());
    t.extend(*b"N\0\0\0");
    t.extend(0x0002u16.to_le_bytes());
    t.extend(5u16.to_le_bytes()); // RATIONAL
    t.extend(3u32.to_le_bytes());
    t.extend((rationals as u32).to_le_bytes());
    t.extend(0u32.to_le_bytes());
    for v in [48u32, 51, 24] {
        t.extend(v.to_le_bytes());
        t.extend(1u32.to_le_bytes());
    }
    t
}

/// `jpeg` with an APP1 Exif segment holding `tiff` right after its SOI marker.
pub fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(tiff);
    with_segment(jpeg, 0xE1, &payload)
}

/// `jpeg` with a marker segment (APPn, COM) inserted right after its SOI.
pub fn with_segment(jpeg: &[u8], marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, marker]);
    out.extend(((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// The JPEG's marker segments before its image data: (marker, payload).
pub fn jpeg_segments(bytes: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    let mut at = 2;
    while at + 4 <= bytes.len() && bytes[at] == 0xFF {
        let marker = bytes[at + 1];
        let len = u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        out.push((marker, bytes[at + 4..at + 2 + len].to_vec()));
        if marker == 0xDA {
            break;
        }
        at += 2 + len;
    }
    out
}

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A real small PNG whose header (with a valid CRC) declares `w × h`: a decompression bomb's
/// shape, without the gigabytes.
pub fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    let mut png = png_rgb(&photo(16, 16));
    // Signature (8), IHDR length (4), "IHDR" (4), then width and height.
    png[16..20].copy_from_slice(&w.to_be_bytes());
    png[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// A two-frame GIF: red, then blue.
pub fn animated_gif() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = image::codecs::gif::GifEncoder::new(&mut out);
        for colour in [[220, 0, 0, 255], [0, 0, 220, 255]] {
            let frame = image::Frame::new(RgbaImage::from_pixel(24, 16, Rgba(colour)));
            enc.encode_frame(frame).unwrap();
        }
    }
    out
}

/// A two-frame animated WebP (libwebp's animation encoder): red, then blue.
pub fn animated_webp() -> Vec<u8> {
    let config = webp::WebPConfig::new().unwrap();
    let red = RgbaImage::from_pixel(24, 16, Rgba([220, 0, 0, 255]));
    let blue = RgbaImage::from_pixel(24, 16, Rgba([0, 0, 220, 255]));
    let mut enc = webp::AnimEncoder::new(24, 16, &config);
    enc.add_frame(webp::AnimFrame::from_rgba(red.as_raw(), 24, 16, 0));
    enc.add_frame(webp::AnimFrame::from_rgba(blue.as_raw(), 24, 16, 100));
    enc.encode().to_vec()
}

/// The first pixel of decoded image bytes, as RGBA.
pub fn pixel(bytes: &[u8], x: u32, y: u32) -> [u8; 4] {
    image::load_from_memory(bytes)
        .unwrap()
        .to_rgba8()
        .get_pixel(x, y)
        .0
}

pub fn close(a: [u8; 4], b: [u8; 4], tolerance: u8) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= tolerance)
}
