//! The desk's image store: files by hash written whole, rows deduplicated by content, text
//! changes, removal refused while a Markdown field refers to the image, variants made again.

use verdict_core::store::SaveCtx;
mod media_images;

use media_images::*;
use verdict_core::media::{MediaError, MediaText};
use verdict_core::DeskError;

#[path = "support/sample.rs"]
mod sample;
use sample::desk;

fn alt(text: &str) -> MediaText {
    MediaText {
        alt: Some(text.into()),
        ..MediaText::default()
    }
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn an_added_image_is_a_folder_by_hash_and_a_row() {
    let (dir, desk) = desk();
    let source = with_exif(&jpeg(&photo(1500, 1000), 90), &exif_tiff(1));
    let added = desk
        .add_media(
            "editor",
            "Team photo.jpg",
            &source,
            &MediaText {
                alt: Some("  The panel at work  ".into()),
                credit: Some("Photo: A. Reporter".into()),
                decorative: None,
            },
        )
        .unwrap();
    assert!(!added.already_there);
    let item = &added.item;
    assert_eq!(item.original_name, "Team photo.jpg");
    assert_eq!(item.mime, "image/jpeg");
    assert_eq!((item.width, item.height), (1500, 1000));
    assert_eq!(item.alt, "The panel at work");
    assert_eq!(item.credit, "Photo: A. Reporter");
    assert!(!item.decorative);
    assert_eq!(item.added_by.as_deref(), Some("editor"));
    let folder = dir.path().join("media").join(&item.hash);
    assert_eq!(
        files_in(&folder),
        [
            "1280w.jpg",
            "1280w.webp",
            "320w.webp",
            "640w.webp",
            "original.jpg"
        ]
    );
    let original = std::fs::read(folder.join("original.jpg")).unwrap();
    assert_eq!(verdict_core::media::sha256_hex(&original), item.hash);
    assert_eq!(item.bytes, original.len() as u64);
    assert_eq!(item.variants.len(), 4);
    // No temporary folders left beside it.
    assert_eq!(files_in(&dir.path().join("media")), vec![item.hash.clone()]);
    assert_eq!(desk.media_list().unwrap(), vec![item.clone()]);
    // What a page would ask for.
    let (mime, bytes) = desk.media_file(&item.hash, "640w.webp").unwrap();
    assert_eq!(mime, "image/webp");
    assert_eq!(bytes, std::fs::read(folder.join("640w.webp")).unwrap());
}

#[test]
fn the_same_image_twice_is_one_image_and_keeps_its_text() {
    let (_dir, desk) = desk();
    let bytes = png_rgba(&logo(200, 200));
    let first = desk
        .add_media("editor", "acme.png", &bytes, &alt("Acme logo"))
        .unwrap();
    let second = desk
        .add_media("editor", "acme-copy.png", &bytes, &alt("other"))
        .unwrap();
    assert!(second.already_there);
    assert_eq!(second.item, first.item);
    assert_eq!(desk.media_list().unwrap().len(), 1);
}

#[test]
fn alt_credit_and_decorative_change_and_bad_text_changes_nothing() {
    let (_dir, desk) = desk();
    let added = desk
        .add_media(
            "editor",
            "a.png",
            &png_rgba(&logo(64, 64)),
            &MediaText::default(),
        )
        .unwrap();
    let hash = added.item.hash.clone();
    assert_eq!(added.item.alt, "");
    // A prefix of the hash is enough, as `verdict media list` shows it.
    let item = desk
        .set_media_text("editor", &hash[..12], &alt("Acme's round logo"))
        .unwrap();
    assert_eq!(item.alt, "Acme's round logo");
    let item = desk
        .set_media_text(
            "editor",
            &hash,
            &MediaText {
                decorative: Some(true),
                credit: Some("Acme".into()),
                ..MediaText::default()
            },
        )
        .unwrap();
    assert_eq!(
        (item.alt.as_str(), item.credit.as_str(), item.decorative),
        ("Acme's round logo", "Acme", true)
    );
    let err = desk
        .set_media_text("editor", &hash, &alt("two\nlines"))
        .unwrap_err();
    assert!(err.to_string().contains("alt: one line"), "{err}");
    let err = desk
        .set_media_text("editor", &hash, &alt(&"x".repeat(1001)))
        .unwrap_err();
    assert!(
        err.to_string().contains("alt: at most 1000 characters"),
        "{err}"
    );
    assert_eq!(desk.media_item(&hash).unwrap(), item);
    // Unknown and malformed hashes are named.
    let err = desk
        .set_media_text("editor", &"0".repeat(64), &alt("x"))
        .unwrap_err();
    assert!(
        matches!(err, DeskError::Media(MediaError::NotFound { .. })),
        "{err}"
    );
    let err = desk
        .set_media_text("editor", "../../etc", &alt("x"))
        .unwrap_err();
    assert!(err.to_string().contains("not an image hash"), "{err}");
    // A reviewer-only or publisher-only profile cannot change it.
    assert!(desk.set_media_text("publisher", &hash, &alt("x")).is_err());
}

#[test]
fn an_image_a_field_refers_to_cannot_be_removed_until_it_no_longer_does() {
    let (dir, desk) = desk();
    let item = desk
        .add_media(
            "editor",
            "chart.png",
            &png_rgba(&logo(120, 80)),
            &alt("A chart"),
        )
        .unwrap()
        .item;
    let folder = dir.path().join("media").join(&item.hash);
    let mut tool = desk.store().tools().unwrap().remove(0);
    let before = tool.description.clone();
    tool.description = format!("{before}\n\n![A chart](media:{})", item.hash);
    desk.save_tool("editor", &tool).unwrap();
    let mut page = desk.store().comparisons().unwrap().remove(0);
    page.intro = format!("See ![x](media:{}).", item.hash);
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();

    let uses = desk.media_uses(&item.hash).unwrap();
    assert_eq!(uses.len(), 2, "{uses:?}");
    let err = desk.remove_media("editor", &item.hash).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("chart.png")
            && message.contains(&format!("the tool {} (description)", tool.slug)),
        "{message}"
    );
    assert!(
        message.contains(&format!("the comparison {} (intro)", page.slug)),
        "{message}"
    );
    assert!(matches!(err, DeskError::Media(MediaError::InUse { .. })));
    assert_eq!(desk.media_list().unwrap().len(), 1);
    assert!(folder.join("original.png").exists());

    tool.description = before;
    desk.save_tool("editor", &tool).unwrap();
    page.intro = "No pictures.".into();
    desk.store()
        .save_comparison(&SaveCtx::unattributed(), &page)
        .unwrap();
    let removed = desk.remove_media("editor", &item.hash).unwrap();
    assert_eq!(removed.hash, item.hash);
    assert!(desk.media_list().unwrap().is_empty());
    assert!(!folder.exists());
    assert!(files_in(&dir.path().join("media")).is_empty());
    assert!(desk.remove_media("editor", &item.hash).is_err());
}

#[test]
fn a_lost_variant_is_made_again_with_the_same_bytes() {
    let (dir, desk) = desk();
    let item = desk
        .add_media("editor", "p.jpg", &jpeg(&photo(900, 600), 90), &alt("p"))
        .unwrap()
        .item;
    let path = dir.path().join("media").join(&item.hash).join("320w.webp");
    let kept = std::fs::read(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    let (_, again) = desk.media_file(&item.hash, "320w.webp").unwrap();
    assert!(again == kept);
    assert!(std::fs::read(&path).unwrap() == kept);
    // Only the image's own files can be asked for.
    for name in ["../verdict.db", "original.png", "999w.webp", ""] {
        assert!(desk.media_file(&item.hash, name).is_err(), "{name}");
    }
}

#[test]
fn a_failed_row_write_takes_the_new_folder_away() {
    let (dir, desk) = desk();
    // Another connection makes the table refuse inserts: the folder is written, the row not.
    let conn = rusqlite::Connection::open(dir.path().join("verdict.db")).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER no_media BEFORE INSERT ON media BEGIN SELECT RAISE(ABORT, 'no room'); END;",
    )
    .unwrap();
    let err = desk
        .add_media("editor", "p.png", &png_rgba(&logo(50, 50)), &alt("p"))
        .unwrap_err();
    assert!(err.to_string().contains("no room"), "{err}");
    assert!(desk.media_list().unwrap().is_empty());
    assert!(files_in(&dir.path().join("media")).is_empty());
}
