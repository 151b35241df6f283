//! Many images stored at once (the team's images a desk fetches, a batch at a time): each
//! image's folder written aside, all of them made durable together, renamed into place, the
//! media folder synced once, then one transaction for all their rows. The same promises as
//! [`super::add`], one image at a time: a folder under an image's name is whole (its files
//! were synced before the rename), and a row is only written once its folder is durable.
//! What a batch saves is the waiting: one image alone waits for six syncs in a row (three
//! files, its folder, the media folder, the commit); a batch waits for its files' syncs side
//! by side (the file system commits them together), one sync of the media folder and one
//! commit.

use std::fs::File;
use std::io::Write;
use std::path::PathBuf;

use rusqlite::params;

use super::{check_text, clean_name, io, sync_dir, MediaDir, MediaError, MediaText, COLUMNS};
use crate::media::intake::Intake;
use crate::media::variants::VariantInfo;
use crate::store::{Store, StoreError};

/// An image to store, as another desk added it.
pub struct NewImage {
    pub intake: Intake,
    pub original_name: String,
    pub text: MediaText,
    pub added_by: Option<String>,
}

/// At most this many syncs wait side by side (they wait on the disk, not the processor).
const SYNC_THREADS: usize = 16;

/// Stores `images` (see the module's note); an image the desk has already is left as it is.
/// Returns how many were new. On an error nothing of the batch is referenced: the rows are
/// written all or none, and a folder this call put in place is taken away again.
pub fn add_many(
    store: &mut Store,
    dir: &MediaDir,
    images: &[NewImage],
) -> Result<usize, MediaError> {
    for image in images {
        check_text(&image.text)?;
    }
    let mut new: Vec<&NewImage> = Vec::new();
    for image in images {
        let hash = &image.intake.hash;
        if store.media_item(hash)?.is_none() && !new.iter().any(|n| &n.intake.hash == hash) {
            new.push(image);
        }
    }
    if new.is_empty() {
        return Ok(0);
    }
    std::fs::create_dir_all(dir.path()).map_err(io(dir.path()))?;
    // Folders already under their name (a crash after the rename, before the row) are whole.
    let to_write: Vec<&Intake> = new
        .iter()
        .map(|n| &n.intake)
        .filter(|i| !dir.folder(&i.hash).is_dir())
        .collect();
    let placed = place(dir, &to_write)?;
    let inserted = store.transaction(|conn, now| {
        let at = now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let mut insert = conn.prepare_cached(&format!(
            "INSERT INTO media ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, \
             ?11, ?12) ON CONFLICT (hash) DO NOTHING"
        ))?;
        let mut inserted = 0;
        for n in &new {
            let i = &n.intake;
            let variants: Vec<VariantInfo> = i.variants.iter().map(|v| v.info()).collect();
            let rows = insert.execute(params![
                i.hash,
                clean_name(&n.original_name),
                i.kind.mime(),
                i.width,
                i.height,
                i.original.len() as u64,
                n.text.alt.clone().unwrap_or_default().trim(),
                n.text.credit.clone().unwrap_or_default().trim(),
                n.text.decorative.unwrap_or(false),
                serde_json::to_string(&variants).expect("plain structs serialise"),
                n.added_by,
                at,
            ])?;
            if rows > 0 {
                crate::store::media_first_revision(conn, &i.hash)?;
                inserted += 1;
            }
        }
        Ok::<_, StoreError>(inserted)
    });
    match inserted {
        Ok(n) => Ok(n),
        Err(e) => {
            for hash in placed {
                let _ = dir.remove(&hash);
            }
            Err(e.into())
        }
    }
}

/// Writes each image's folder aside, syncs every file and folder written (side by side),
/// renames each into place and syncs the media folder once. Returns the hashes whose folder
/// this call put in place.
fn place(dir: &MediaDir, intakes: &[&Intake]) -> Result<Vec<String>, MediaError> {
    let mut asides: Vec<(PathBuf, &Intake)> = Vec::new();
    let result = (|| -> Result<Vec<String>, MediaError> {
        let mut written: Vec<(PathBuf, File)> = Vec::new();
        for intake in intakes {
            let aside = dir
                .path()
                .join(format!(".new-{}-{}", intake.hash, std::process::id()));
            let _ = std::fs::remove_dir_all(&aside);
            std::fs::create_dir_all(&aside).map_err(io(&aside))?;
            asides.push((aside.clone(), intake));
            let files = std::iter::once((intake.kind.file_name(), &intake.original))
                .chain(intake.variants.iter().map(|v| (v.name.clone(), &v.bytes)));
            for (name, bytes) in files {
                let path = aside.join(name);
                let mut f = File::create(&path).map_err(io(&path))?;
                f.write_all(bytes).map_err(io(&path))?;
                written.push((path, f));
            }
            // The folder's entries too, where a folder can be synced.
            #[cfg(unix)]
            written.push((aside.clone(), File::open(&aside).map_err(io(&aside))?));
        }
        sync_all(written)?;
        let mut placed = Vec::new();
        for (aside, intake) in std::mem::take(&mut asides) {
            let target = dir.folder(&intake.hash);
            match std::fs::rename(&aside, &target) {
                Ok(()) => placed.push(intake.hash.clone()),
                // Another process stored the same image meanwhile: the same bytes.
                Err(_) if target.is_dir() => {
                    let _ = std::fs::remove_dir_all(&aside);
                }
                Err(e) => {
                    asides.push((aside, intake));
                    return Err(io(&target)(e));
                }
            }
        }
        sync_dir(dir.path()).map_err(io(dir.path()))?;
        Ok(placed)
    })();
    for (aside, _) in asides {
        let _ = std::fs::remove_dir_all(&aside);
    }
    result
}

/// Syncs every file (or folder) of `written`, up to [`SYNC_THREADS`] at a time: syncs that
/// wait together are committed together by the file system, where one after another each
/// waits for its own commit. The first error is returned, naming its path.
fn sync_all(written: Vec<(PathBuf, File)>) -> Result<(), MediaError> {
    if written.is_empty() {
        return Ok(());
    }
    let threads = SYNC_THREADS.min(written.len());
    let per = written.len().div_ceil(threads);
    let mut groups: Vec<Vec<(PathBuf, File)>> = Vec::new();
    let mut items = written.into_iter();
    loop {
        let group: Vec<_> = items.by_ref().take(per).collect();
        if group.is_empty() {
            break;
        }
        groups.push(group);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = groups
            .into_iter()
            .map(|group| {
                scope.spawn(move || {
                    for (path, f) in group {
                        f.sync_all().map_err(io(&path))?;
                    }
                    Ok::<(), MediaError>(())
                })
            })
            .collect();
        let mut first = Ok(());
        for h in handles {
            let r = h.join().expect("a sync does not panic");
            if first.is_ok() {
                first = r;
            }
        }
        first
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(seed: u8) -> NewImage {
        let img = image::RgbImage::from_fn(90, 60, |x, y| {
            image::Rgb([seed, (x * 3) as u8, (y * 4) as u8])
        });
        let mut png = std::io::Cursor::new(Vec::new());
        img.write_to(&mut png, image::ImageFormat::Png).unwrap();
        NewImage {
            intake: crate::media::intake("logo.png", &png.into_inner()).unwrap(),
            original_name: format!("logo-{seed}.png"),
            text: MediaText {
                alt: Some(format!("Logo {seed}")),
                ..MediaText::default()
            },
            added_by: Some("editor-0".into()),
        }
    }

    /// A batch lands whole, once; a folder already in place (a kill after its rename, before
    /// its row) is taken as it is; nothing is left aside.
    #[test]
    fn a_batch_is_stored_once_and_a_placed_folder_is_taken() {
        let data = tempfile::tempdir().unwrap();
        let mut store = Store::open_dir(data.path()).unwrap();
        let dir = MediaDir::of(data.path());
        let batch = [image(1), image(2)];
        assert_eq!(add_many(&mut store, &dir, &batch).unwrap(), 2);
        assert_eq!(add_many(&mut store, &dir, &batch).unwrap(), 0);
        for n in &batch {
            let item = store.media_item(&n.intake.hash).unwrap().unwrap();
            assert_eq!(item.alt, n.text.alt.clone().unwrap());
            assert_eq!(item.added_by.as_deref(), Some("editor-0"));
            let folder = dir.folder(&n.intake.hash);
            let original = std::fs::read(folder.join(n.intake.kind.file_name())).unwrap();
            assert_eq!(original, n.intake.original);
            for v in &n.intake.variants {
                assert_eq!(std::fs::read(folder.join(&v.name)).unwrap(), v.bytes);
            }
        }
        let third = image(3);
        assert_eq!(
            place(&dir, &[&third.intake]).unwrap(),
            vec![third.intake.hash.clone()]
        );
        assert!(store.media_item(&third.intake.hash).unwrap().is_none());
        assert_eq!(add_many(&mut store, &dir, &[third]).unwrap(), 1);
        assert_eq!(store.media_list().unwrap().len(), 3);
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(aside.is_empty(), "{aside:?}");
    }
}
