//! The desk's images as stored: one folder per image under the data folder's `media/`
//! (named by the SHA-256 of the kept original, holding it and its variants) and a row in the
//! `media` table. A folder appears whole or not at all (written aside, then renamed); the
//! row is written after it, so a row always has its files.

use std::path::{Path, PathBuf};

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::error::IntakeError;
use super::intake::Intake;
use super::text::text_problems;
pub use super::text::MediaText;
use super::variants::{self, OriginalKind, VariantInfo};
use crate::store::{SaveCtx, Store, StoreError};
use crate::validate::FieldError;

mod batch;
pub use batch::{add_many, NewImage};

/// The folder of a data folder's images.
pub const MEDIA_DIR: &str = "media";

/// An image on the desk, as the Media screen and the CLI list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct MediaItem {
    pub hash: String,
    pub original_name: String,
    /// The kept original's type.
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub alt: String,
    pub credit: String,
    pub decorative: bool,
    pub variants: Vec<VariantInfo>,
    pub added_by: Option<String>,
    pub added_at: String,
}

impl MediaItem {
    /// The kept original's file name in the image's folder.
    pub fn original_file(&self) -> String {
        OriginalKind::from_mime(&self.mime)
            .map(OriginalKind::file_name)
            .unwrap_or_else(|| "original".into())
    }
}

/// A place that shows an image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct MediaUse {
    /// "tool" or "comparison".
    pub kind: String,
    pub slug: String,
    pub title: String,
    /// The field holding the reference ("description", "intro").
    pub field: String,
}

impl std::fmt::Display for MediaUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the {} {} ({})", self.kind, self.slug, self.field)
    }
}

/// An added image, and whether the desk already had it (then nothing was changed).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Added {
    pub item: MediaItem,
    pub already_there: bool,
    /// What the intake did that the person should know.
    pub notes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error(transparent)]
    Refused(#[from] IntakeError),
    #[error("no image {hash} on this desk")]
    NotFound { hash: String },
    #[error("{0}")]
    BadHash(String),
    #[error(
        "the image {name} ({hash}) is used by {}; remove it there first",
        .uses.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    )]
    InUse {
        hash: String,
        name: String,
        uses: Vec<MediaUse>,
    },
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> MediaError + '_ {
    move |source| MediaError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// The data folder's `media/`.
#[derive(Debug, Clone)]
pub struct MediaDir(PathBuf);

impl MediaDir {
    pub fn of(data_dir: &Path) -> MediaDir {
        MediaDir(data_dir.join(MEDIA_DIR))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn folder(&self, hash: &str) -> PathBuf {
        self.0.join(hash)
    }

    /// Writes the image's folder unless it is already there: every file is synced, then the
    /// folder is renamed into place, so a crash leaves the whole folder or none of it.
    /// Returns whether it wrote the folder.
    fn write(&self, intake: &Intake) -> Result<bool, MediaError> {
        let target = self.folder(&intake.hash);
        if target.is_dir() {
            return Ok(false);
        }
        std::fs::create_dir_all(&self.0).map_err(io(&self.0))?;
        let aside = self
            .0
            .join(format!(".new-{}-{}", intake.hash, std::process::id()));
        let result = (|| -> Result<bool, MediaError> {
            std::fs::create_dir_all(&aside).map_err(io(&aside))?;
            let files = std::iter::once((intake.kind.file_name(), &intake.original))
                .chain(intake.variants.iter().map(|v| (v.name.clone(), &v.bytes)));
            for (name, bytes) in files {
                let path = aside.join(name);
                crate::util::replace_file(&path, bytes, true).map_err(io(&path))?;
            }
            sync_dir(&aside).map_err(io(&aside))?;
            match std::fs::rename(&aside, &target) {
                // Another process added the same image meanwhile: its folder holds the same bytes.
                Err(_) if target.is_dir() => return Ok(false),
                other => other.map_err(io(&target))?,
            }
            sync_dir(&self.0).map_err(io(&self.0))?;
            Ok(true)
        })();
        if !matches!(result, Ok(true)) {
            let _ = std::fs::remove_dir_all(&aside);
        }
        result
    }

    /// Takes the image's folder away (renamed aside first, so no half-removed folder keeps
    /// the image's name).
    fn remove(&self, hash: &str) -> Result<(), MediaError> {
        let folder = self.folder(hash);
        if !folder.exists() {
            return Ok(());
        }
        let gone = self.0.join(format!(".gone-{hash}-{}", std::process::id()));
        std::fs::rename(&folder, &gone).map_err(io(&folder))?;
        sync_dir(&self.0).map_err(io(&self.0))?;
        std::fs::remove_dir_all(&gone).map_err(io(&gone))
    }
}

/// Makes a rename or a new file in `dir` durable (a no-op where directories cannot be opened).
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

const COLUMNS: &str = "hash, original_name, mime, width, height, bytes, alt, credit, \
                       decorative, variants, added_by, added_at";

fn item_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MediaItem> {
    let variants: String = r.get(9)?;
    Ok(MediaItem {
        hash: r.get(0)?,
        original_name: r.get(1)?,
        mime: r.get(2)?,
        width: r.get(3)?,
        height: r.get(4)?,
        bytes: r.get(5)?,
        alt: r.get(6)?,
        credit: r.get(7)?,
        decorative: r.get(8)?,
        // Written by this module from its own types; an unreadable list is treated as empty
        // (the variants are made again from the original when asked for).
        variants: serde_json::from_str(&variants).unwrap_or_default(),
        added_by: r.get(10)?,
        added_at: r.get(11)?,
    })
}

impl Store {
    /// Every image on the desk, newest first.
    pub fn media_list(&self) -> Result<Vec<MediaItem>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM media ORDER BY added_at DESC, hash"
        ))?;
        let rows = stmt
            .query_map([], item_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn media_item(&self, hash: &str) -> Result<Option<MediaItem>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM media WHERE hash = ?1"),
                [hash],
                item_from_row,
            )
            .optional()?)
    }

    /// The full hash of the one image whose hash starts with `prefix` (at least 8 hex
    /// digits), so a person can type what `verdict media list` shows.
    pub fn media_hash(&self, prefix: &str) -> Result<String, MediaError> {
        let prefix = prefix.trim().to_ascii_lowercase();
        if prefix.len() < 8 || prefix.len() > 64 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(MediaError::BadHash(format!(
                "\"{prefix}\" is not an image hash (8 to 64 hex digits)"
            )));
        }
        let found = (|| -> Result<Vec<String>, StoreError> {
            let mut stmt = self
                .conn()
                .prepare("SELECT hash FROM media WHERE substr(hash, 1, ?2) = ?1 LIMIT 2")?;
            let rows = stmt
                .query_map(params![prefix, prefix.len() as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(rows)
        })()?;
        match found.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(MediaError::NotFound { hash: prefix }),
            _ => Err(MediaError::BadHash(format!(
                "more than one image starts with {prefix}; give more digits"
            ))),
        }
    }
}

fn check_text(text: &MediaText) -> Result<(), MediaError> {
    let problems = text_problems(text);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(MediaError::Invalid(problems))
    }
}

/// The name kept for an image: the file's own name, without any folder, bounded.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if cleaned.trim().is_empty() {
        "image".into()
    } else {
        cleaned
    }
}

/// Stores a taken image (its folder, then its row) as added by `added_by`. An image the
/// desk already has is left exactly as it is, its alt text and credit included.
pub fn add(
    store: &mut Store,
    dir: &MediaDir,
    intake: &Intake,
    original_name: &str,
    text: &MediaText,
    added_by: Option<&str>,
) -> Result<Added, MediaError> {
    check_text(text)?;
    if let Some(item) = store.media_item(&intake.hash)? {
        return Ok(Added {
            item,
            already_there: true,
            notes: vec!["the desk already has this image; its alt text and credit are kept".into()],
        });
    }
    let wrote = dir.write(intake)?;
    let variants: Vec<VariantInfo> = intake.variants.iter().map(|v| v.info()).collect();
    let row = (
        clean_name(original_name),
        text.alt.clone().unwrap_or_default().trim().to_string(),
        text.credit.clone().unwrap_or_default().trim().to_string(),
        text.decorative.unwrap_or(false),
    );
    let inserted = store.transaction(|conn, now| {
        conn.execute(
            // Another process may have added the same image since the check above.
            &format!(
                "INSERT INTO media ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, \
                 ?11, ?12) ON CONFLICT (hash) DO NOTHING"
            ),
            params![
                intake.hash,
                row.0,
                intake.kind.mime(),
                intake.width,
                intake.height,
                intake.original.len() as u64,
                row.1,
                row.2,
                row.3,
                serde_json::to_string(&variants).expect("plain structs serialise"),
                added_by,
                now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            ],
        )
        .map_err(StoreError::from)
        .and_then(|inserted| {
            if inserted > 0 {
                crate::store::media_first_revision(conn, &intake.hash)?;
            }
            Ok(inserted)
        })
    });
    let inserted = match inserted {
        Ok(rows) => rows,
        Err(e) => {
            // The folder is this add's alone (it was not there before): take it away again.
            if wrote {
                let _ = dir.remove(&intake.hash);
            }
            return Err(e.into());
        }
    };
    let item = store
        .media_item(&intake.hash)?
        .ok_or_else(|| MediaError::NotFound {
            hash: intake.hash.clone(),
        })?;
    let already_there = inserted == 0;
    Ok(Added {
        item,
        already_there,
        notes: intake.notes.clone(),
    })
}

/// Changes an image's alt text, credit or decorative mark, as `ctx` says who: a revision
/// of the image's text (see `revision`), sent to the team on a team desk.
pub fn set_text(
    store: &mut Store,
    ctx: &SaveCtx,
    hash: &str,
    text: &MediaText,
) -> Result<MediaItem, MediaError> {
    check_text(text)?;
    if store.media_item(hash)?.is_none() {
        return Err(MediaError::NotFound { hash: hash.into() });
    }
    store.write(ctx, |conn, now| {
        let current =
            crate::store::media_text_doc(conn, hash)?.ok_or_else(|| StoreError::NotFound {
                kind: "image",
                key: hash.to_string(),
            })?;
        crate::store::save_media_text_tx(conn, hash, &current.with(text), now)
    })?;
    store
        .media_item(hash)?
        .ok_or_else(|| MediaError::NotFound { hash: hash.into() })
}

/// Removes an image nothing uses: its row, then its folder. Refused, changing nothing, while
/// anything shows it.
pub fn remove(store: &mut Store, dir: &MediaDir, hash: &str) -> Result<MediaItem, MediaError> {
    let item = store
        .media_item(hash)?
        .ok_or_else(|| MediaError::NotFound { hash: hash.into() })?;
    let uses = store.media_uses(hash)?;
    if !uses.is_empty() {
        return Err(MediaError::InUse {
            hash: hash.into(),
            name: item.original_name,
            uses,
        });
    }
    store.transaction(|conn, _| {
        conn.execute("DELETE FROM media WHERE hash = ?1", [hash])?;
        Ok(())
    })?;
    // The row is gone, so the image is; a folder left by a failure here is unreferenced
    // bytes that a later add of the same image reuses.
    if let Err(e) = dir.remove(hash) {
        tracing::warn!(hash, error = %e, "image folder not removed");
    }
    Ok(item)
}

/// The bytes of one of an image's files (`original.jpg`, `640w.webp`, …) and its type. A
/// variant missing from the folder is made again from the original (the same bytes).
pub fn file(
    store: &Store,
    dir: &MediaDir,
    hash: &str,
    name: &str,
) -> Result<(String, Vec<u8>), MediaError> {
    let item = store
        .media_item(hash)?
        .ok_or_else(|| MediaError::NotFound { hash: hash.into() })?;
    let original_name = item.original_file();
    let mime = if name == original_name {
        item.mime.clone()
    } else if let Some(v) = item.variants.iter().find(|v| v.name == name) {
        v.mime.clone()
    } else {
        return Err(MediaError::NotFound {
            hash: format!("{hash}/{name}"),
        });
    };
    debug_assert!(variants::is_file_name(name));
    let path = dir.folder(hash).join(name);
    match std::fs::read(&path) {
        Ok(bytes) => return Ok((mime, bytes)),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound || name == original_name => {
            return Err(io(&path)(e))
        }
        Err(_) => {}
    }
    let original_path = dir.folder(hash).join(&original_name);
    let original = std::fs::read(&original_path).map_err(io(&original_path))?;
    let kind = OriginalKind::from_mime(&item.mime)
        .ok_or_else(|| MediaError::NotFound { hash: hash.into() })?;
    let made = variants::derive(kind, &original)
        .map_err(|reason| IntakeError::new(&item.original_name, reason))?;
    let mut wanted = None;
    for v in made {
        let path = dir.folder(hash).join(&v.name);
        if !path.exists() {
            // Derived bytes: made again if lost, so no sync is needed.
            crate::util::replace_file(&path, &v.bytes, false).map_err(io(&path))?;
        }
        if v.name == name {
            wanted = Some(v.bytes);
        }
    }
    wanted
        .map(|bytes| (mime, bytes))
        .ok_or_else(|| MediaError::NotFound {
            hash: format!("{hash}/{name}"),
        })
}
