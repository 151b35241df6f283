//! Bundles that carry their images: a zip (bundle.json + media/<hash>/original.*) written the
//! same way every time, imported whole or not at all, refusing hostile zips by their entry.

mod media_images;

use std::io::{Cursor, Write};

use media_images::*;
use verdict_core::bundle::{read_zip, BundleFile, ZipLimits};
use verdict_core::media::{sha256_hex, MediaText};
use verdict_core::Desk;

#[path = "support/sample.rs"]
mod sample;
use sample::desk;

fn text(alt: &str, credit: &str) -> MediaText {
    MediaText {
        alt: Some(alt.into()),
        credit: Some(credit.into()),
        decorative: None,
    }
}

/// A desk whose first tool has a PNG logo and whose first page shows a JPEG in its intro.
fn desk_with_images() -> (tempfile::TempDir, Desk, String, String) {
    let (dir, desk) = desk();
    let logo = desk
        .add_media(
            "editor",
            "logo.png",
            &png_rgba(&logo(64, 64)),
            &text("The logo", "Vendor"),
        )
        .unwrap()
        .item
        .hash;
    let photo = desk
        .add_media(
            "editor",
            "panel.jpg",
            &jpeg(&photo(300, 200), 90),
            &text("The panel", "Photo: A"),
        )
        .unwrap()
        .item
        .hash;
    let tool = desk.store().tools().unwrap()[0].slug.clone();
    desk.set_tool_logo("editor", &tool, &logo).unwrap();
    let mut page = desk.store().comparisons().unwrap().remove(0);
    page.intro = format!("{}\n\n![The panel](media:{photo})\n", page.intro);
    desk.save_comparison("editor", &page).unwrap();
    (dir, desk, logo, photo)
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn bundle_json_with(media: serde_json::Value) -> Vec<u8> {
    let (_d, d) = desk();
    let mut v = serde_json::to_value(d.store().export_bundle().unwrap()).unwrap();
    v["media"] = media;
    serde_json::to_vec(&v).unwrap()
}

fn refusal(bytes: &[u8]) -> String {
    match BundleFile::parse(bytes) {
        Ok(_) => panic!("the zip was taken"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_desk_with_images_exports_a_zip_that_lands_on_another_desk_byte_for_byte() {
    let (_a, a, logo, photo) = desk_with_images();
    let (first, zipped) = a.export_bytes().unwrap();
    assert!(zipped);
    assert_eq!(a.export_bytes().unwrap().0, first, "same desk, same bytes");
    let out = tempfile::tempdir().unwrap();
    let written = a.export_to(&out.path().join("desk.json")).unwrap();
    assert_eq!(written.extension().unwrap(), "zip");
    assert_eq!(std::fs::read(&written).unwrap(), first);

    let (b_dir, b) = desk();
    let report = b.import_file(&written).unwrap();
    assert!(report.created >= 2, "{report}");
    for hash in [&logo, &photo] {
        let item = b.media_item(hash).unwrap();
        let (_, original) = b.media_file(hash, &item.original_file()).unwrap();
        assert_eq!(&sha256_hex(&original), hash);
        assert!(b_dir.path().join("media").join(hash).is_dir());
    }
    assert_eq!(b.media_item(&photo).unwrap().alt, "The panel");
    assert_eq!(b.media_item(&logo).unwrap().credit, "Vendor");
    assert_eq!(
        b.export_bytes().unwrap().0,
        first,
        "export → import → export"
    );
    // No staging folder is left behind.
    let left: Vec<_> = std::fs::read_dir(b_dir.path().join("media"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_desk_without_images_still_exports_plain_json() {
    let (_d, d) = desk();
    let (bytes, zipped) = d.export_bytes().unwrap();
    assert!(!zipped);
    assert_eq!(
        bytes,
        d.store().export_bundle().unwrap().to_json().into_bytes()
    );
    assert!(!String::from_utf8(bytes).unwrap().contains("\"media\""));
}

#[test]
fn a_tampered_image_refuses_the_whole_import_and_changes_nothing() {
    let (_a, a, _logo, photo_hash) = desk_with_images();
    let (bytes, _) = a.export_bytes().unwrap();
    let bundle = BundleFile::parse(&bytes).unwrap().bundle;
    let json = bundle.to_json();
    let entry = format!("media/{photo_hash}/original.jpg");
    let other = jpeg(&photo(300, 200), 70);
    let mut entries: Vec<(String, Vec<u8>)> = vec![("bundle.json".into(), json.into_bytes())];
    for m in &bundle.media {
        let e = m.entry().unwrap();
        let body = if e == entry {
            other.clone()
        } else {
            a.media_file(&m.hash, e.rsplit('/').next().unwrap())
                .unwrap()
                .1
        };
        entries.push((e, body));
    }
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let hostile = zip_of(&refs);
    let (b_dir, b) = desk();
    let before = b.store().export_bundle().unwrap().to_json();
    let file = b_dir.path().join("in.zip");
    std::fs::write(&file, &hostile).unwrap();
    let err = b.import_file(&file).unwrap_err().to_string();
    assert!(err.contains(&entry) && err.contains("hashes to"), "{err}");
    assert_eq!(b.store().export_bundle().unwrap().to_json(), before);
    assert!(b.media_list().unwrap().is_empty());
}

#[test]
fn a_jpeg_carrying_exif_is_refused_even_when_its_name_is_its_hash() {
    let dirty = with_exif(&jpeg(&photo(120, 80), 90), &exif_tiff(1));
    let hash = sha256_hex(&dirty);
    let json = bundle_json_with(serde_json::json!([{
        "hash": hash, "name": "p.jpg", "mime": "image/jpeg", "alt": "x"
    }]));
    let entry = format!("media/{hash}/original.jpg");
    let err = refusal(&zip_of(&[("bundle.json", &json), (&entry, &dirty)]));
    assert!(
        err.contains(&entry) && err.contains("not an original as the desk keeps"),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_an_image_is_refused_by_the_intake() {
    let body = b"<html><script>alert(1)</script></html>".to_vec();
    let hash = sha256_hex(&body);
    let json = bundle_json_with(serde_json::json!([{
        "hash": hash, "name": "p.png", "mime": "image/png", "alt": "x"
    }]));
    let entry = format!("media/{hash}/original.png");
    let err = refusal(&zip_of(&[("bundle.json", &json), (&entry, &body)]));
    assert!(
        err.contains(&entry) && err.contains("not an image"),
        "{err}"
    );
}

#[test]
fn missing_and_unlisted_images_are_named() {
    let hash = "ab".repeat(32);
    let json = bundle_json_with(serde_json::json!([{
        "hash": hash, "name": "p.png", "mime": "image/png", "alt": "x"
    }]));
    let err = refusal(&zip_of(&[("bundle.json", &json)]));
    assert!(
        err.contains(&format!("media/{hash}/original.png")) && err.contains("missing"),
        "{err}"
    );
    let plain = bundle_json_with(serde_json::json!([]));
    let stray = format!("media/{hash}/original.png");
    let err = refusal(&zip_of(&[("bundle.json", &plain), (&stray, b"x")]));
    assert!(err.contains(&stray) && err.contains("not listed"), "{err}");
}

#[test]
fn traversal_absolute_and_strange_entries_are_refused_by_name() {
    let plain = bundle_json_with(serde_json::json!([]));
    for name in [
        "../x",
        "media/../../etc/passwd",
        "/etc/passwd",
        "C:/x",
        "a\\..\\b",
        "other.txt",
    ] {
        let err = refusal(&zip_of(&[("bundle.json", &plain), (name, b"x")]));
        assert!(err.contains(name), "{name}: {err}");
    }
}

#[test]
fn duplicate_entries_are_refused() {
    let plain = bundle_json_with(serde_json::json!([]));
    let mut bytes = zip_of(&[("bundle.json", &plain), ("bundle.jsoX", &plain)]);
    // Rename the second entry in its local header and the central directory alike.
    let from = b"bundle.jsoX";
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i + from.len() - 1] = b'n';
        }
        i += 1;
    }
    let err = refusal(&bytes);
    assert!(
        err.contains("bundle.json") && err.contains("twice"),
        "{err}"
    );
}

#[test]
fn a_zip_bomb_is_stopped_at_the_caps() {
    let plain = bundle_json_with(serde_json::json!([]));
    let zeros = vec![0u8; 3 << 20];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("bundle.json", deflated).unwrap();
    zip.write_all(&plain).unwrap();
    let entry = format!("media/{}/original.png", "cd".repeat(32));
    zip.start_file(entry.as_str(), deflated).unwrap();
    zip.write_all(&zeros).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 64 << 10, "the bomb is small: {}", bytes.len());
    let one = ZipLimits {
        entry: 1 << 20,
        total: 64 << 20,
        entries: 100,
    };
    let err = read_zip(&bytes, one).unwrap_err().to_string();
    assert!(
        err.contains(&entry) && err.contains("cap for one entry"),
        "{err}"
    );
    let all = ZipLimits {
        entry: 8 << 20,
        total: 2 << 20,
        entries: 100,
    };
    let err = read_zip(&bytes, all).unwrap_err().to_string();
    assert!(err.contains("in all"), "{err}");
}

#[test]
fn a_json_bundle_naming_an_image_the_desk_lacks_is_refused() {
    let hash = "ef".repeat(32);
    let json = bundle_json_with(serde_json::json!([{
        "hash": hash, "name": "p.png", "mime": "image/png", "alt": "x"
    }]));
    let (dir, d) = desk();
    let file = dir.path().join("b.json");
    std::fs::write(&file, &json).unwrap();
    let err = d.import_file(&file).unwrap_err().to_string();
    assert!(
        err.contains("media[0]") && err.contains("does not carry its file"),
        "{err}"
    );
}

#[test]
fn an_import_that_would_change_an_images_text_asks_first() {
    let (_a, a, _logo, photo_hash) = desk_with_images();
    let (bytes, _) = a.export_bytes().unwrap();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("a.zip");
    std::fs::write(&file, &bytes).unwrap();
    let changed = MediaText {
        alt: Some("Changed here".into()),
        ..MediaText::default()
    };
    a.set_media_text("editor", &photo_hash, &changed).unwrap();
    let err = a.import_file_checked(&file, false).unwrap_err().to_string();
    assert!(err.contains("media[") && err.contains("alt"), "{err}");
    assert_eq!(a.media_item(&photo_hash).unwrap().alt, "Changed here");
    a.import_file_checked(&file, true).unwrap();
    assert_eq!(a.media_item(&photo_hash).unwrap().alt, "The panel");
}
