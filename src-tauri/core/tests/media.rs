//! The image intake on good input: what comes out (upright, no metadata, capped, variants at
//! the right widths and kinds) and that the same input always gives the same bytes.

mod media_images;

use media_images::*;
use verdict_core::media::{derive_variants, intake, sha256_hex, OriginalKind};

#[test]
fn a_phone_photo_loses_its_exif_and_gps_and_keeps_its_pixels() {
    let source = with_exif(&jpeg(&photo(640, 480), 90), &exif_tiff(1));
    // The test input really carries the position.
    assert!(source.windows(6).any(|w| w == b"Exif\0\0"));
    let taken = intake("phone.jpg", &source).unwrap();
    assert_eq!(taken.kind, OriginalKind::Jpeg);
    assert_eq!((taken.width, taken.height), (640, 480));
    for bytes in std::iter::once(&taken.original).chain(taken.variants.iter().map(|v| &v.bytes)) {
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "EXIF left in a file"
        );
        assert!(
            !bytes.windows(4).any(|w| w == b"II*\0"),
            "a TIFF block left in a file"
        );
    }
    let segments = jpeg_segments(&taken.original);
    assert!(
        segments
            .iter()
            .all(|(m, _)| !(0xE1..=0xEF).contains(m) && *m != 0xFE),
        "only image segments remain: {:?}",
        segments
            .iter()
            .map(|(m, _)| format!("{m:02X}"))
            .collect::<Vec<_>>()
    );
    let mut decoder =
        image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(&taken.original)).unwrap();
    use image::ImageDecoder;
    assert_eq!(decoder.exif_metadata().unwrap(), None);
    assert!(taken.notes.iter().any(|n| n.contains("metadata removed")));
}

#[test]
fn exif_orientation_is_applied() {
    // Stored sideways (left half red), EXIF 6 says "turn 90° clockwise to view": the left
    // column becomes the top row, so the top half of the result is red.
    let source = with_exif(&jpeg(&halves(80, 40), 95), &exif_tiff(6));
    let taken = intake("sideways.jpg", &source).unwrap();
    assert_eq!((taken.width, taken.height), (40, 80));
    assert!(close(
        pixel(&taken.original, 20, 10),
        [230, 20, 20, 255],
        40
    ));
    assert!(close(
        pixel(&taken.original, 20, 70),
        [20, 20, 230, 255],
        40
    ));
    assert!(taken.notes.iter().any(|n| n.contains("upright")));

    // Without the EXIF block the same pixels stay as they are.
    let plain = intake("plain.jpg", &jpeg(&halves(80, 40), 95)).unwrap();
    assert_eq!((plain.width, plain.height), (80, 40));
    assert!(!plain.notes.iter().any(|n| n.contains("upright")));
}

#[test]
fn a_large_photo_is_capped_at_4096_and_gets_three_webp_widths_and_a_jpeg() {
    let taken = intake("wide.png", &png_rgb(&photo(5000, 1000))).unwrap();
    assert_eq!((taken.width, taken.height), (4096, 819));
    // A lossless source keeps a lossless original.
    assert_eq!(taken.kind, OriginalKind::Png);
    assert!(taken.notes.iter().any(|n| n.contains("5000×1000")));
    let names: Vec<_> = taken.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["320w.webp", "640w.webp", "1280w.webp", "1280w.jpg"]);
    for v in &taken.variants {
        let decoded = image::load_from_memory(&v.bytes).unwrap();
        assert_eq!(
            (decoded.width(), decoded.height()),
            (v.width, v.height),
            "{}",
            v.name
        );
    }
    assert_eq!(taken.variants[0].height, 64);
    // A photo is lossy WebP (a "VP8 " chunk, not lossless "VP8L").
    assert!(taken.variants[2].bytes.windows(4).any(|w| w == b"VP8 "));
}

#[test]
fn a_small_image_keeps_its_own_width_as_the_largest_variant() {
    let taken = intake("small.jpg", &jpeg(&photo(500, 300), 90)).unwrap();
    let names: Vec<_> = taken.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["320w.webp", "500w.webp", "500w.jpg"]);
}

#[test]
fn a_logo_with_few_colours_is_lossless_with_a_png_fallback() {
    let taken = intake("logo.png", &png_rgba(&logo(400, 400))).unwrap();
    assert_eq!(taken.kind, OriginalKind::Png);
    let names: Vec<_> = taken.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["320w.webp", "400w.webp", "400w.png"]);
    let top = &taken.variants[1];
    assert!(top.bytes.windows(4).any(|w| w == b"VP8L"), "lossless WebP");
    // Lossless: the pixels come back exactly, transparency included.
    assert_eq!(pixel(&top.bytes, 200, 200), [250, 200, 0, 255]);
    assert_eq!(pixel(&top.bytes, 2, 2)[3], 0);
    assert_eq!(
        pixel(&taken.variants[2].bytes, 200, 200),
        [250, 200, 0, 255]
    );
}

#[test]
fn the_same_file_gives_the_same_bytes_and_variants_come_from_the_original() {
    for (name, bytes) in [
        ("photo.jpg", with_exif(&jpeg(&photo(1600, 1200), 88), &exif_tiff(3))),
        ("logo.png", png_rgba(&logo(300, 200))),
        ("mark.svg", br##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/><stop offset="1" stop-color="#00f"/></linearGradient></defs><rect width="120" height="60" fill="url(#g)"/></svg>"##.to_vec()),
    ] {
        let a = intake(name, &bytes).unwrap();
        let b = intake(name, &bytes).unwrap();
        assert_eq!(a.original, b.original, "{name}");
        assert_eq!(a.hash, sha256_hex(&a.original));
        assert_eq!(a.hash, b.hash);
        // What another desk makes from the original alone is byte for byte the same.
        let again = derive_variants(a.kind, &a.original).unwrap();
        assert_eq!(a.variants.len(), again.len());
        for (x, y) in a.variants.iter().zip(&again) {
            assert_eq!(x.name, y.name);
            assert!(x.bytes == y.bytes, "{name}: {} differs", x.name);
        }
    }
}

#[test]
fn a_clean_svg_is_kept_as_svg_and_rasterised_for_the_variants() {
    let svg = br##"<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 50" width="100" height="50">
  <!-- a comment -->
  <defs><circle id="dot" r="10" fill="#0a0"/></defs>
  <rect width="100" height="50" fill="#fff" data-note="kept or not, harmless"/>
  <use xlink:href="#dot" x="25" y="25"/>
</svg>"##;
    let taken = intake("mark.svg", svg).unwrap();
    assert_eq!(taken.kind, OriginalKind::Svg);
    assert_eq!((taken.width, taken.height), (100, 50));
    let text = String::from_utf8(taken.original.clone()).unwrap();
    assert!(text.starts_with("<svg"), "{text}");
    assert!(
        !text.contains("DOCTYPE") && !text.contains("comment"),
        "{text}"
    );
    let names: Vec<_> = taken.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["320w.webp", "640w.webp", "1280w.webp", "1280w.png"]);
    let png = &taken.variants[3];
    assert_eq!((png.width, png.height), (1280, 640));
    // The green dot is drawn at (25, 25) of 100: (320, 320) at 1280 wide.
    assert!(close(pixel(&png.bytes, 320, 320), [0, 170, 0, 255], 8));
    assert!(close(pixel(&png.bytes, 1000, 100), [255, 255, 255, 255], 2));
}

#[test]
fn an_animated_gif_keeps_its_first_frame_and_says_so() {
    let taken = intake("spinner.gif", &animated_gif()).unwrap();
    assert_eq!((taken.width, taken.height), (24, 16));
    assert!(close(pixel(&taken.original, 5, 5), [220, 0, 0, 255], 0));
    assert!(
        taken
            .notes
            .iter()
            .any(|n| n.contains("animated") && n.contains("first frame")),
        "{:?}",
        taken.notes
    );
}

#[test]
fn an_animated_webp_keeps_its_first_frame_and_says_so() {
    let taken = intake("spinner.webp", &animated_webp()).unwrap();
    assert_eq!((taken.width, taken.height), (24, 16));
    assert!(
        close(pixel(&taken.original, 5, 5), [220, 0, 0, 255], 6),
        "{:?}",
        pixel(&taken.original, 5, 5)
    );
    assert!(
        taken.notes.iter().any(|n| n.contains("animated")),
        "{:?}",
        taken.notes
    );
}

#[test]
fn a_still_gif_and_webp_are_taken_without_a_note_about_frames() {
    let mut gif = Vec::new();
    image::codecs::gif::GifEncoder::new(&mut gif)
        .encode_frame(image::Frame::new(logo(32, 32)))
        .unwrap();
    let taken = intake("still.gif", &gif).unwrap();
    assert!(!taken.notes.iter().any(|n| n.contains("animated")));
    let webp = webp::Encoder::from_rgb(photo(64, 48).as_raw(), 64, 48)
        .encode(80.0)
        .to_vec();
    let taken = intake("still.webp", &webp).unwrap();
    assert_eq!(
        taken.kind,
        OriginalKind::Jpeg,
        "a lossy WebP photo is kept as JPEG"
    );
    assert!(!taken.notes.iter().any(|n| n.contains("animated")));
}
