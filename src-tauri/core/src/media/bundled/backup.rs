//! The images a database backup needs: beside `verdict-….db` a folder `verdict-….media/`
//! holding the image folders its `media` table lists (hard links where the file system
//! allows: image folders never change once written, so a link is as good as a copy).

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::media::MediaDir;

/// The folder of images kept with the backup `file`.
pub fn backup_media_dir(file: &Path) -> PathBuf {
    file.with_extension("media")
}

/// The hashes in the `media` table of the database at `db` (none before media existed).
fn hashes(db: &Path) -> rusqlite::Result<Vec<String>> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut stmt = match conn.prepare("SELECT hash FROM media ORDER BY hash") {
        Ok(stmt) => stmt,
        // An older schema: no images.
        Err(_) => return Ok(Vec::new()),
    };
    let rows = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}

fn io_other(e: rusqlite::Error) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// Links (or copies) `from`'s files into the new folder `to`, written aside and renamed, so
/// `to` is whole or absent.
fn copy_folder(from: &Path, to: &Path) -> std::io::Result<()> {
    let parent = to.parent().unwrap_or(to);
    let name = to.file_name().unwrap_or_default().to_string_lossy();
    let aside = parent.join(format!(".copy-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&aside);
    std::fs::create_dir_all(&aside)?;
    let result = (|| {
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            if !entry.file_type()?.is_file() {
                continue;
            }
            let target = aside.join(entry.file_name());
            if std::fs::hard_link(entry.path(), &target).is_err() {
                std::fs::copy(entry.path(), &target)?;
                std::fs::File::open(&target)?.sync_all()?;
            }
        }
        std::fs::rename(&aside, to)
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&aside);
    }
    result
}

/// Keeps with the backup `file` every image folder its database lists, from `media`.
/// Returns how many were kept; an image missing from `media` itself is named in the error.
pub fn keep_with_backup(file: &Path, media: &MediaDir) -> std::io::Result<usize> {
    let hashes = hashes(file).map_err(io_other)?;
    let dir = backup_media_dir(file);
    let _ = std::fs::remove_dir_all(&dir);
    if hashes.is_empty() {
        return Ok(0);
    }
    std::fs::create_dir_all(&dir)?;
    for hash in &hashes {
        let from = media.folder(hash);
        copy_folder(&from, &dir.join(hash)).map_err(|e| {
            std::io::Error::new(e.kind(), format!("image {hash} ({}): {e}", from.display()))
        })?;
    }
    Ok(hashes.len())
}

/// After the database at `db` was restored from `file`: brings back every image folder it
/// lists that `media` lacks, from the folder kept with the backup. Returns the hashes that
/// could not be found in either place.
pub fn restore_from_backup(
    db: &Path,
    file: &Path,
    media: &MediaDir,
) -> std::io::Result<Vec<String>> {
    let kept = backup_media_dir(file);
    let mut missing = Vec::new();
    for hash in hashes(db).map_err(io_other)? {
        if media.folder(&hash).is_dir() {
            continue;
        }
        let from = kept.join(&hash);
        if !from.is_dir() {
            missing.push(hash);
            continue;
        }
        std::fs::create_dir_all(media.path())?;
        copy_folder(&from, &media.folder(&hash))?;
    }
    Ok(missing)
}
