//! The `media` list of a bundle, and the images an import brings: staged in a folder beside
//! `media/` before the transaction, renamed into place only as it commits.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::zipped::Incoming;
use super::{Bundle, BundleProblem};
use crate::media::refs::each_reference;
use crate::media::MediaDir;
use crate::media::OriginalKind;
use crate::store::{SaveOutcome, Store, StoreError};

/// One image a bundle's content shows, with the text a person gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleMedia {
    /// SHA-256 of the original (64 lowercase hex digits): how content refers to it.
    pub hash: String,
    /// The file name it was added under.
    pub name: String,
    /// The original's type: `image/jpeg`, `image/png` or `image/svg+xml`.
    pub mime: String,
    #[serde(default)]
    pub alt: String,
    #[serde(default)]
    pub credit: String,
    #[serde(default)]
    pub decorative: bool,
}

impl BundleMedia {
    /// The original's entry in a zip bundle: `media/<hash>/original.<ext>`.
    pub fn entry(&self) -> Option<String> {
        let kind = OriginalKind::from_mime(&self.mime)?;
        Some(format!("media/{}/{}", self.hash, kind.file_name()))
    }
}

fn is_hash(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// What is wrong with a bundle's `media` list that can be seen without the database.
pub fn check_media(media: &[BundleMedia]) -> Vec<BundleProblem> {
    let mut problems = Vec::new();
    let mut at = |path: String, message: String| problems.push(BundleProblem { path, message });
    let mut seen = std::collections::HashMap::new();
    for (i, m) in media.iter().enumerate() {
        if !is_hash(&m.hash) {
            at(
                format!("media[{i}].hash"),
                "must be a SHA-256 hash: 64 lowercase hex digits".into(),
            );
        } else if let Some(first) = seen.insert(m.hash.clone(), i) {
            at(
                format!("media[{i}].hash"),
                format!("duplicate: \"{}\" is already at media[{first}]", m.hash),
            );
        }
        if OriginalKind::from_mime(&m.mime).is_none() {
            at(
                format!("media[{i}].mime"),
                format!(
                    "\"{}\" is not an original's type (image/jpeg, image/png or image/svg+xml)",
                    m.mime
                ),
            );
        }
        for (field, value, max) in [("alt", &m.alt, 1000), ("credit", &m.credit, 300)] {
            if value.chars().count() > max {
                at(
                    format!("media[{i}].{field}"),
                    format!("at most {max} characters"),
                );
            }
            if value.chars().any(char::is_control) {
                at(
                    format!("media[{i}].{field}"),
                    "one line, without control characters".into(),
                );
            }
        }
        if m.name.trim().is_empty() || m.name.contains(['/', '\\']) || m.name.chars().count() > 200
        {
            at(
                format!("media[{i}].name"),
                "a file name without folders, 1 to 200 characters".into(),
            );
        }
    }
    problems
}

/// Every image on the desk that its tools and comparisons show, by hash. An image the content
/// names but the desk does not have cannot travel, and is left out.
pub fn referenced(store: &Store) -> Result<Vec<BundleMedia>, StoreError> {
    let mut hashes = std::collections::BTreeSet::new();
    let mut note = |doc: serde_json::Value| {
        each_reference(&doc, &mut |_, hash| {
            hashes.insert(hash.to_string());
        })
    };
    for tool in store.tools()? {
        note(serde_json::to_value(&tool).expect("model types serialise"));
    }
    for page in store.comparisons()? {
        note(serde_json::to_value(&page).expect("model types serialise"));
    }
    let mut out = Vec::new();
    for hash in hashes {
        if let Some(item) = store.media_item(&hash)? {
            out.push(BundleMedia {
                hash: item.hash,
                name: item.original_name,
                mime: item.mime,
                alt: item.alt,
                credit: item.credit,
                decorative: item.decorative,
            });
        }
    }
    Ok(out)
}

/// The images a zip bundle brings, written aside under `media/` (folders named
/// `.import-<pid>-<hash>`) until the import commits. Dropping it removes whatever was not
/// placed.
#[derive(Debug)]
pub struct Staged {
    images: Vec<Incoming>,
    root: Option<PathBuf>,
    aside: Vec<(PathBuf, PathBuf)>,
    placed: Vec<PathBuf>,
}

fn io_err(path: &Path, e: std::io::Error) -> StoreError {
    StoreError::DataDir {
        path: path.display().to_string(),
        source: e,
    }
}

impl Staged {
    /// Checked images, not yet written (enough for a check that changes nothing).
    pub fn unwritten(images: Vec<Incoming>) -> Staged {
        Staged {
            images,
            root: None,
            aside: Vec::new(),
            placed: Vec::new(),
        }
    }

    /// Writes each image the desk does not have yet aside in `dir`, every file synced.
    pub fn write(images: Vec<Incoming>, dir: &MediaDir) -> Result<Staged, StoreError> {
        let mut staged = Staged::unwritten(images);
        let root = dir.path().to_path_buf();
        std::fs::create_dir_all(&root).map_err(|e| io_err(&root, e))?;
        staged.root = Some(root.clone());
        for image in &staged.images {
            let hash = &image.intake.hash;
            let target = dir.folder(hash);
            if target.is_dir() {
                continue;
            }
            let aside = root.join(format!(".import-{}-{hash}", std::process::id()));
            let _ = std::fs::remove_dir_all(&aside);
            std::fs::create_dir_all(&aside).map_err(|e| io_err(&aside, e))?;
            staged.aside.push((aside.clone(), target));
            let files = std::iter::once((image.intake.kind.file_name(), &image.intake.original))
                .chain(
                    image
                        .intake
                        .variants
                        .iter()
                        .map(|v| (v.name.clone(), &v.bytes)),
                );
            for (name, bytes) in files {
                let path = aside.join(name);
                crate::util::replace_file(&path, bytes, true).map_err(|e| io_err(&path, e))?;
            }
        }
        Ok(staged)
    }

    fn carries(&self, hash: &str) -> Option<&Incoming> {
        self.images.iter().find(|i| i.intake.hash == hash)
    }

    /// Renames every staged folder into place: the last step inside the transaction.
    pub(crate) fn place(&mut self) -> Result<(), StoreError> {
        for (aside, target) in std::mem::take(&mut self.aside) {
            if target.is_dir() {
                // Another import or add wrote the same image meanwhile: the same bytes.
                let _ = std::fs::remove_dir_all(&aside);
                continue;
            }
            std::fs::rename(&aside, &target).map_err(|e| io_err(&target, e))?;
            self.placed.push(target);
        }
        if let Some(root) = &self.root {
            #[cfg(unix)]
            std::fs::File::open(root)
                .and_then(|f| f.sync_all())
                .map_err(|e| io_err(root, e))?;
        }
        Ok(())
    }

    /// Takes back the folders placed by an import whose transaction did not commit.
    pub(crate) fn unplace(&mut self) {
        for target in self.placed.drain(..) {
            let _ = std::fs::remove_dir_all(&target);
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        for (aside, _) in self.aside.drain(..) {
            let _ = std::fs::remove_dir_all(&aside);
        }
    }
}

fn row_text(conn: &Connection, hash: &str) -> rusqlite::Result<Option<(String, String, bool)>> {
    conn.query_row(
        "SELECT alt, credit, decorative FROM media WHERE hash = ?1",
        [hash],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

/// Saves the bundle's `media` rows inside the import's transaction: an image the desk has gets
/// the bundle's text, a new one needs its file in the bundle (`staged`).
pub(crate) fn save_media_tx(
    conn: &Connection,
    bundle: &Bundle,
    staged: Option<&Staged>,
    now: chrono::DateTime<chrono::Utc>,
    problems: &mut Vec<BundleProblem>,
    count: &mut dyn FnMut(SaveOutcome),
) -> Result<(), StoreError> {
    for (i, m) in bundle.media.iter().enumerate() {
        let text = (m.alt.trim(), m.credit.trim(), m.decorative);
        match row_text(conn, &m.hash)? {
            Some(ours) if (ours.0.as_str(), ours.1.as_str(), ours.2) == text => {
                count(SaveOutcome::Unchanged)
            }
            Some(_) => {
                conn.execute(
                    "UPDATE media SET alt = ?2, credit = ?3, decorative = ?4 WHERE hash = ?1",
                    params![m.hash, text.0, text.1, text.2],
                )?;
                count(SaveOutcome::Updated(0))
            }
            None => match staged.and_then(|s| s.carries(&m.hash)) {
                Some(image) => {
                    let t = &image.intake;
                    let variants: Vec<_> = t.variants.iter().map(|v| v.info()).collect();
                    conn.execute(
                        "INSERT INTO media (hash, original_name, mime, width, height, bytes, alt, \
                         credit, decorative, variants, added_by, added_at) VALUES \
                         (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, NULL, ?11)",
                        params![
                            t.hash,
                            m.name,
                            t.kind.mime(),
                            t.width,
                            t.height,
                            t.original.len() as u64,
                            text.0,
                            text.1,
                            text.2,
                            serde_json::to_string(&variants).expect("plain structs serialise"),
                            now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                        ],
                    )?;
                    count(SaveOutcome::Created)
                }
                None => problems.push(BundleProblem {
                    path: format!("media[{i}]"),
                    message: format!(
                        "the image {} is not on this desk and the bundle does not carry its \
                         file (a bundle with images is a zip holding {})",
                        m.hash,
                        m.entry().unwrap_or_else(|| format!("media/{}/…", m.hash))
                    ),
                }),
            },
        }
    }
    Ok(())
}
