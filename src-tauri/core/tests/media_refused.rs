//! Bad input to the image intake: each refused with a message naming the file and the
//! reason, and the desk left exactly as it was (no row, no file).

mod media_images;

use media_images::*;
use verdict_core::media::{intake, MediaText, Refusal};
use verdict_core::{Desk, DeskError};

fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).unwrap();
    desk.ensure_profiles().unwrap();
    (dir, desk)
}

/// Adds `bytes` as `name` through the desk and returns the refusal, after checking that the
/// message names the file and nothing was stored.
fn refused(name: &str, bytes: &[u8]) -> Refusal {
    let (dir, desk) = desk();
    let text = MediaText {
        alt: Some("alt".into()),
        ..MediaText::default()
    };
    let err = desk.add_media("editor", name, bytes, &text).unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with(&format!("{name}: ")), "{message}");
    assert!(desk.media_list().unwrap().is_empty());
    assert_desk_has_no_files(dir.path());
    let DeskError::Media(verdict_core::media::MediaError::Refused(e)) = err else {
        panic!("not a refusal: {message}");
    };
    // The intake alone says the same.
    assert_eq!(intake(name, bytes).unwrap_err().reason, e.reason);
    e.reason
}

fn assert_desk_has_no_files(data_dir: &std::path::Path) {
    let media = data_dir.join("media");
    let left: Vec<_> = std::fs::read_dir(&media)
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "files left in media/: {left:?}");
}

#[test]
fn a_decompression_bomb_is_refused_by_its_declared_size() {
    let reason = refused("bomb.png", &png_declaring(50_000, 50_000));
    assert_eq!(
        reason,
        Refusal::TooManyPixels {
            width: 50_000,
            height: 50_000
        }
    );
    assert!(reason.to_string().contains("50000×50000"));
    // Within each side's cap but too many pixels in all.
    assert!(matches!(
        refused("wide.png", &png_declaring(19_000, 19_000)),
        Refusal::TooManyPixels { .. }
    ));
}

#[test]
fn a_truncated_jpeg_is_refused() {
    let whole = jpeg(&photo(300, 200), 90);
    for cut in [whole.len() * 6 / 10, whole.len() - 2, 200] {
        assert_eq!(
            refused("cut.jpg", &whole[..cut]),
            Refusal::Truncated,
            "cut at {cut}"
        );
    }
    // A truncated PNG too.
    let png = png_rgb(&photo(300, 200));
    assert!(matches!(
        refused("cut.png", &png[..png.len() / 2]),
        Refusal::Truncated | Refusal::Damaged(_)
    ));
}

#[test]
fn a_file_that_is_not_an_image_is_refused_whatever_its_name() {
    assert_eq!(
        refused("notes.jpg", b"Meeting notes: ship it."),
        Refusal::NotAnImage
    );
    assert_eq!(
        refused("page.png", b"<!doctype html><html><body>hi</body></html>"),
        Refusal::NotAnImage
    );
    assert_eq!(refused("zeros.webp", &[0u8; 4096]), Refusal::NotAnImage);
    assert_eq!(refused("empty.gif", b""), Refusal::Empty);
    assert!(Refusal::NotAnImage
        .to_string()
        .contains("whatever its name says"));
}

#[test]
fn an_html_jpeg_polyglot_is_refused() {
    let photo = jpeg(&photo(64, 64), 90);
    // Markup in a comment segment, where a browser sniffing the start would find it.
    let in_comment = with_segment(
        &photo,
        0xFE,
        b"<html><script>alert(document.domain)</script>",
    );
    assert!(
        image::load_from_memory(&in_comment).is_ok(),
        "a valid JPEG all the same"
    );
    assert_eq!(
        refused("cat.jpg", &in_comment),
        Refusal::Polyglot {
            marker: "<html".into()
        }
    );
    // Markup appended after the image's end.
    let mut appended = photo.clone();
    appended.extend_from_slice(b"<SCRIPT src=//evil.example/x.js></SCRIPT>");
    assert_eq!(
        refused("cat.jpg", &appended),
        Refusal::Polyglot {
            marker: "<script".into()
        }
    );
    // And in a PNG's text chunk.
    let png = png_rgb(&media_images::photo(8, 8));
    let mut chunk = b"tEXtComment\0<iframe src=x>".to_vec();
    let crc = crc32(&chunk);
    let mut text = ((chunk.len() - 4) as u32).to_be_bytes().to_vec();
    text.append(&mut chunk);
    text.extend(crc.to_be_bytes());
    let with_text = [&png[..33], &text[..], &png[33..]].concat();
    assert!(image::load_from_memory(&with_text).is_ok());
    assert_eq!(
        refused("pic.png", &with_text),
        Refusal::Polyglot {
            marker: "<iframe".into()
        }
    );
}

const SVG_OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">"#;

fn svg(body: &str) -> Vec<u8> {
    format!("{SVG_OPEN}{body}<rect width=\"10\" height=\"10\"/></svg>").into_bytes()
}

#[test]
fn an_svg_with_script_is_refused() {
    assert_eq!(
        refused("logo.svg", &svg("<script>alert(1)</script>")),
        Refusal::SvgScript
    );
    assert_eq!(
        refused("logo.svg", &svg("<g><script xlink:href=\"#x\"/></g>")),
        Refusal::SvgScript
    );
}

#[test]
fn an_svg_with_an_event_handler_is_refused() {
    let bytes = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"><rect width="10" height="10"/></svg>"#;
    assert_eq!(
        refused("logo.svg", bytes.as_bytes()),
        Refusal::SvgEventHandler {
            attribute: "onload".into()
        }
    );
    assert!(matches!(
        refused(
            "logo.svg",
            &svg("<rect width=\"1\" height=\"1\" onClick=\"x()\"/>")
        ),
        Refusal::SvgEventHandler { .. }
    ));
}

#[test]
fn an_svg_with_an_external_reference_is_refused() {
    for body in [
        r#"<image href="https://tracker.example/pixel.png" width="10" height="10"/>"#,
        r#"<use xlink:href="http://evil.example/sprites.svg#a"/>"#,
        r#"<image xlink:href="file:///etc/passwd" width="1" height="1"/>"#,
        r#"<image href="data:image/png;base64,AAAA" width="1" height="1"/>"#,
        r#"<a href="javascript:alert(1)"><rect width="1" height="1"/></a>"#,
        r#"<rect width="1" height="1" fill="url(https://evil.example/p.svg#g)"/>"#,
        r#"<style>@import url(https://evil.example/x.css);</style>"#,
        r#"<style><![CDATA[ rect { fill: url('//evil.example/g') } ]]></style>"#,
        r#"<rect width="1" height="1" style="filter:url( 'http://evil.example/f#x')"/>"#,
    ] {
        let reason = refused("logo.svg", &svg(body));
        assert!(
            matches!(reason, Refusal::SvgExternalReference { .. }),
            "{body}: {reason:?}"
        );
    }
}

#[test]
fn an_svg_with_foreign_object_is_refused() {
    let body = r#"<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>"#;
    assert_eq!(refused("logo.svg", &svg(body)), Refusal::SvgForeignObject);
}

#[test]
fn an_svg_with_entity_expansion_is_refused() {
    let laughs = format!(
        r#"<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY a "lol">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
{SVG_OPEN}<desc>&d;</desc></svg>"#
    );
    assert_eq!(
        refused("laughs.svg", laughs.as_bytes()),
        Refusal::SvgEntities
    );
    let external = format!(
        r#"<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>{SVG_OPEN}<desc>&x;</desc></svg>"#
    );
    assert_eq!(
        refused("xxe.svg", external.as_bytes()),
        Refusal::SvgEntities
    );
}

#[test]
fn an_svg_that_draws_text_or_is_not_svg_is_refused() {
    assert_eq!(
        refused("word.svg", &svg("<text x=\"1\" y=\"9\">Acme</text>")),
        Refusal::SvgText
    );
    assert!(matches!(
        refused(
            "broken.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect"
        ),
        Refusal::SvgInvalid(_)
    ));
    assert!(matches!(
        refused("page.svg", b"<html><svg></svg></html>"),
        Refusal::SvgInvalid(_)
    ));
}

#[test]
fn a_200_mb_file_is_refused_before_it_is_read() {
    let (dir, desk) = desk();
    let path = dir.path().join("huge.jpg");
    let file = std::fs::File::create(&path).unwrap();
    // Sparse: 200 MB long without writing them; a read of it would take seconds.
    file.set_len(200_000_000).unwrap();
    let started = std::time::Instant::now();
    let err = desk
        .add_media_file("editor", &path, &MediaText::default())
        .unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    let message = err.to_string();
    assert!(
        message.starts_with("huge.jpg: the file is 200 MB; the desk takes images up to 50 MB"),
        "{message}"
    );
    assert!(desk.media_list().unwrap().is_empty());
    assert_eq!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name() == "media")
            .count(),
        0
    );
    // The same bytes handed over in memory are refused by their length as well.
    assert!(matches!(
        intake("huge.jpg", &vec![0u8; 50_000_001])
            .unwrap_err()
            .reason,
        Refusal::TooLarge { .. }
    ));
}

#[test]
fn heic_and_avif_are_named_as_unsupported() {
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\x08free";
    let reason = refused("IMG_0001.HEIC", heic);
    assert_eq!(reason, Refusal::Unsupported { format: "HEIC" });
    assert!(reason.to_string().contains("HEIC images are not supported"));
    let avif = b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf\0\0\0\x08free";
    assert_eq!(
        refused("photo.avif", avif),
        Refusal::Unsupported { format: "AVIF" }
    );
    // An AVIF named .jpg is still named AVIF.
    assert_eq!(
        refused("photo.jpg", avif),
        Refusal::Unsupported { format: "AVIF" }
    );
    assert_eq!(
        refused("scan.tif", b"II*\0\x08\0\0\0"),
        Refusal::Unsupported { format: "TIFF" }
    );
}

#[test]
fn only_an_editor_adds_images() {
    let (dir, desk) = desk();
    // The default "publisher" profile has no editor role.
    let err = desk
        .add_media(
            "publisher",
            "logo.png",
            &png_rgba(&logo(40, 40)),
            &MediaText::default(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("add images"), "{err}");
    assert!(desk.media_list().unwrap().is_empty());
    assert_desk_has_no_files(dir.path());
}
