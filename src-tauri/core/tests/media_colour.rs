//! Colour profiles at intake: a photo in Display P3 (or any RGB profile) is converted to
//! sRGB, so the kept original and its variants show the colours it was made with, untagged
//! (no profile, no EXIF left in any file); a profile that cannot be used leaves the pixels
//! as they were, and says so.

mod media_images;

use image::{ImageEncoder, Rgb, RgbImage};
use media_images::*;
use verdict_core::media::intake;

/// Flat 16 px blocks (whole JPEG blocks and chroma pairs, so compression barely moves them)
/// of three colours well inside sRGB as Display P3 values.
const P3_COLOURS: [[u8; 3]; 3] = [[200, 120, 80], [120, 170, 110], [90, 110, 200]];

fn blocks() -> RgbImage {
    RgbImage::from_fn(48, 32, |x, _| Rgb(P3_COLOURS[(x / 16) as usize]))
}

/// The sRGB transfer curve (Display P3 uses the same one).
fn linear(v: u8) -> f64 {
    let c = f64::from(v) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn encoded(l: f64) -> u8 {
    let l = l.clamp(0.0, 1.0);
    let c = if l <= 0.003_130_8 {
        l * 12.92
    } else {
        1.055 * l.powf(1.0 / 2.4) - 0.055
    };
    (c * 255.0).round() as u8
}

/// The sRGB value of a Display P3 colour, worked out here from the two spaces' primaries
/// (both D65), not by the colour engine the intake uses.
fn p3_to_srgb(p3: [u8; 3]) -> [u8; 4] {
    const M: [[f64; 3]; 3] = [
        [1.224_940_2, -0.224_940_2, 0.0],
        [-0.042_056_9, 1.042_057_1, 0.0],
        [-0.019_637_6, -0.078_636_1, 1.098_273_5],
    ];
    let l = p3.map(linear);
    let row = |r: [f64; 3]| encoded(r[0] * l[0] + r[1] * l[1] + r[2] * l[2]);
    [row(M[0]), row(M[1]), row(M[2]), 255]
}

fn display_p3() -> Vec<u8> {
    moxcms::ColorProfile::new_display_p3().encode().unwrap()
}

fn jpeg_with_profile(img: &RgbImage, icc: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95);
    encoder.set_icc_profile(icc).unwrap();
    encoder
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

fn png_with_profile(img: &RgbImage, icc: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = image::codecs::png::PngEncoder::new(&mut out);
    encoder.set_icc_profile(icc).unwrap();
    encoder
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

/// Each block's centre in `bytes` (decoded, as RGBA).
fn centres(bytes: &[u8]) -> Vec<[u8; 4]> {
    let img = image::load_from_memory(bytes).unwrap().to_rgba8();
    let (w, h) = (img.width(), img.height());
    (0..3)
        .map(|i| img.get_pixel((2 * i + 1) * w / 6, h / 2).0)
        .collect()
}

fn assert_srgb(bytes: &[u8], tolerance: u8, what: &str) {
    for (got, p3) in centres(bytes).into_iter().zip(P3_COLOURS) {
        let want = p3_to_srgb(p3);
        assert!(
            close(got, want, tolerance),
            "{what}: P3 {p3:?} should be sRGB {want:?}, is {got:?}"
        );
    }
}

/// No EXIF, TIFF block or ICC profile anywhere in `bytes`.
fn assert_untagged(bytes: &[u8], what: &str) {
    for (needle, name) in [
        (&b"Exif"[..], "EXIF"),
        (&b"II*\0"[..], "a TIFF block"),
        (&b"ICC_PROFILE"[..], "an ICC profile (JPEG)"),
        (&b"iCCP"[..], "an ICC profile (PNG)"),
        (&b"ICCP"[..], "an ICC profile (WebP)"),
        (&b"acsp"[..], "an ICC profile's signature"),
    ] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{name} left in {what}"
        );
    }
}

#[test]
fn a_display_p3_photo_is_converted_to_srgb_and_keeps_no_metadata() {
    let source = with_exif(&jpeg_with_profile(&blocks(), display_p3()), &exif_tiff(1));
    // The input really carries both the profile and the position.
    assert!(source.windows(11).any(|w| w == b"ICC_PROFILE"));
    assert!(source.windows(6).any(|w| w == b"Exif\0\0"));
    // And the conversion really moves these colours (read as sRGB they would be wrong by
    // more than the tolerances below).
    let moved = |p3: [u8; 3]| {
        let srgb = p3_to_srgb(p3);
        (0..3).map(|i| srgb[i].abs_diff(p3[i])).max().unwrap()
    };
    assert!(P3_COLOURS.iter().all(|p3| moved(*p3) > 5));
    assert!(P3_COLOURS.iter().any(|p3| moved(*p3) > 10));

    let taken = intake("p3.jpg", &source).unwrap();
    assert_srgb(&taken.original, 3, "the kept original");
    assert_untagged(&taken.original, "the kept original");
    for v in &taken.variants {
        // Lossy WebP turns colours into YUV and back: a little further off.
        assert_srgb(&v.bytes, 5, &v.name);
        assert_untagged(&v.bytes, &v.name);
    }
    assert!(
        taken.notes.iter().any(|n| n.contains("converted to sRGB")),
        "{:?}",
        taken.notes
    );
}

#[test]
fn a_png_with_a_profile_is_converted_too() {
    let taken = intake("p3.png", &png_with_profile(&blocks(), display_p3())).unwrap();
    assert_srgb(&taken.original, 1, "the kept PNG");
    assert_untagged(&taken.original, "the kept PNG");
    for v in &taken.variants {
        assert_untagged(&v.bytes, &v.name);
    }
}

#[test]
fn an_srgb_profile_changes_nothing_and_no_profile_means_srgb() {
    let srgb = moxcms::ColorProfile::new_srgb().encode().unwrap();
    let tagged = intake("srgb.png", &png_with_profile(&blocks(), srgb)).unwrap();
    let plain = intake("plain.png", &png_rgb(&blocks())).unwrap();
    for (got, want) in centres(&tagged.original).into_iter().zip(P3_COLOURS) {
        assert!(close(got, [want[0], want[1], want[2], 255], 1), "{got:?}");
    }
    for (got, want) in centres(&plain.original).into_iter().zip(P3_COLOURS) {
        assert_eq!(got, [want[0], want[1], want[2], 255]);
    }
    assert!(!plain.notes.iter().any(|n| n.contains("sRGB")));
}

#[test]
fn a_profile_that_cannot_be_used_leaves_the_pixels_and_says_so() {
    let mut damaged = display_p3();
    damaged.truncate(60);
    let taken = intake("odd.png", &png_with_profile(&blocks(), damaged)).unwrap();
    for (got, want) in centres(&taken.original).into_iter().zip(P3_COLOURS) {
        assert_eq!(got, [want[0], want[1], want[2], 255]);
    }
    assert_untagged(&taken.original, "the kept PNG");
    assert!(
        taken
            .notes
            .iter()
            .any(|n| n.contains("colours kept as they are")),
        "{:?}",
        taken.notes
    );
}
