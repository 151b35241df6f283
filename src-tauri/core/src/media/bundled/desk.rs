//! Bundle files on the desk: a zip when the content shows images, JSON otherwise; read by
//! their content, whatever their name.

use std::path::{Path, PathBuf};

use super::rows::Staged;
use super::zipped::{is_zip, read_zip, write_zip, ZipLimits};
use crate::bundle::Bundle;
use crate::desk::{Desk, DeskError};
use crate::media::library::MediaDir;

/// A bundle file, read: its content and, from a zip, its images (checked, not yet written).
pub struct BundleFile {
    pub bundle: Bundle,
    pub images: Vec<super::Incoming>,
}

impl BundleFile {
    /// Parses a JSON or zip bundle by its content.
    pub fn parse(bytes: &[u8]) -> Result<BundleFile, DeskError> {
        if is_zip(bytes) {
            let (bundle, images) = read_zip(bytes, ZipLimits::default())?;
            return Ok(BundleFile { bundle, images });
        }
        Ok(BundleFile {
            bundle: Bundle::parse(bytes)?,
            images: Vec::new(),
        })
    }

    pub fn read(path: &Path) -> Result<BundleFile, DeskError> {
        let bytes = std::fs::read(path).map_err(|source| DeskError::Io {
            path: path.display().to_string(),
            source,
        })?;
        BundleFile::parse(&bytes)
    }
}

impl Desk {
    /// The images of a read bundle file written aside in this desk's media folder.
    pub fn stage_images(&self, file: BundleFile) -> Result<(Bundle, Staged), DeskError> {
        let staged = Staged::write(file.images, &MediaDir::of(self.data_dir()))?;
        Ok((file.bundle, staged))
    }

    /// The extension of this desk's bundle: `zip` when its content shows images, else `json`.
    pub fn bundle_extension(&self) -> Result<&'static str, DeskError> {
        let store = self.store();
        Ok(if super::referenced(&store)?.is_empty() {
            "json"
        } else {
            "zip"
        })
    }

    /// The desk's bundle as bytes, and whether they are a zip (the content shows images).
    pub fn export_bytes(&self) -> Result<(Vec<u8>, bool), DeskError> {
        let bundle = self.store().export_bundle()?;
        if bundle.media.is_empty() {
            return Ok((bundle.to_json().into_bytes(), false));
        }
        let dir = MediaDir::of(self.data_dir());
        let bytes = write_zip(&bundle, &dir).map_err(|source| DeskError::Io {
            path: dir.path().display().to_string(),
            source,
        })?;
        Ok((bytes, true))
    }

    /// Writes the bundle to `path`, atomically; a `.json` name becomes `.zip` when the bundle
    /// is a zip, and a `.zip` name `.json` when it is not. Returns the path written.
    pub fn export_to(&self, path: &Path) -> Result<PathBuf, DeskError> {
        let (bytes, zip) = self.export_bytes()?;
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let path = match (ext.as_deref(), zip) {
            (Some("json"), true) => path.with_extension("zip"),
            (Some("zip"), false) => path.with_extension("json"),
            _ => path.to_path_buf(),
        };
        crate::desk::write_atomically(&path, &bytes)?;
        Ok(path)
    }
}
