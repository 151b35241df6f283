//! Backups keep the images their database lists, and a restore brings them back.

mod media_images;

use media_images::*;
use verdict_core::backup::{list_backups, make_backup, restore, KEEP};
use verdict_core::media::{sha256_hex, MediaText};
use verdict_core::Desk;

fn open(dir: &std::path::Path) -> Desk {
    let desk = Desk::open(dir).unwrap();
    desk.seed_sample_if_empty().unwrap();
    desk.ensure_profiles().unwrap();
    desk
}

fn add_logo(desk: &Desk) -> String {
    let alt = MediaText {
        alt: Some("Logo".into()),
        ..MediaText::default()
    };
    desk.add_media("editor", "logo.png", &png_rgba(&logo(48, 48)), &alt)
        .unwrap()
        .item
        .hash
}

#[test]
fn a_restore_brings_back_an_image_removed_after_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(dir.path());
    let hash = add_logo(&desk);
    let backup = make_backup(&desk.store(), dir.path(), "manual").unwrap();
    let kept = backup
        .with_extension("media")
        .join(&hash)
        .join("original.png");
    assert_eq!(sha256_hex(&std::fs::read(&kept).unwrap()), hash);

    desk.remove_media("editor", &hash).unwrap();
    assert!(!dir.path().join("media").join(&hash).exists());
    drop(desk);

    restore(dir.path(), &backup).unwrap();
    let desk = open(dir.path());
    let item = desk.media_item(&hash).unwrap();
    let (_, original) = desk.media_file(&hash, &item.original_file()).unwrap();
    assert_eq!(sha256_hex(&original), hash);
    // The variants come back too (the whole folder was kept).
    for v in &item.variants {
        assert!(
            dir.path().join("media").join(&hash).join(&v.name).is_file(),
            "{}",
            v.name
        );
    }
}

#[test]
fn a_desk_without_images_keeps_no_image_folder_and_rotation_removes_them() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(dir.path());
    let plain = make_backup(&desk.store(), dir.path(), "plain").unwrap();
    assert!(!plain.with_extension("media").exists());
    add_logo(&desk);
    let first = make_backup(&desk.store(), dir.path(), "first").unwrap();
    assert!(first.with_extension("media").is_dir());
    for i in 0..KEEP {
        make_backup(&desk.store(), dir.path(), &format!("n{i}")).unwrap();
    }
    assert!(!first.exists());
    assert!(
        !first.with_extension("media").exists(),
        "rotated out with its database"
    );
    assert_eq!(list_backups(dir.path()).unwrap().len(), KEEP);
}
