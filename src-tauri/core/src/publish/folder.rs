//! The folder target: the static site in a directory on this computer. Pages are written
//! atomically; a page file edited by hand since we wrote it is a conflict, not overwritten.

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use serde_json::json;

use super::{OutgoingPage, RemoteCopy, RemoteRecord, Target, TargetError};
use crate::render::comparison_path;

pub struct FolderTarget {
    root: PathBuf,
}

impl FolderTarget {
    pub fn new(root: &str) -> FolderTarget {
        FolderTarget {
            root: PathBuf::from(root),
        }
    }

    fn html_path(&self, slug: &str) -> PathBuf {
        self.root.join(comparison_path(slug)).join("index.html")
    }

    fn json_path(&self, slug: &str) -> PathBuf {
        self.root.join(comparison_path(slug)).join("page.json")
    }
}

/// The comparison pages the folder holds after a run: every page of the site the run wrote
/// (the site build writes every published page, not only those it was told to), as slug and
/// the record of its file (`content_hash` left for the caller, who knows the page).
pub fn site_pages(root: &str) -> Vec<(String, super::RemoteRecord)> {
    let root = Path::new(root);
    let manifest: serde_json::Value = std::fs::read(crate::site::manifest_path(root))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let Some(files) = manifest.get("files").and_then(|f| f.as_object()) else {
        return Vec::new();
    };
    files
        .keys()
        .filter_map(|path| {
            let slug = path.strip_prefix("compare/")?.strip_suffix("/index.html")?;
            let html = root.join(path);
            let bytes = std::fs::read(&html).ok()?;
            Some((
                slug.to_string(),
                super::RemoteRecord {
                    remote_id: None,
                    url: Some(html.display().to_string()),
                    content_hash: String::new(),
                    version: file_hash(&bytes),
                },
            ))
        })
        .collect()
}

fn file_hash(bytes: &[u8]) -> String {
    crate::util::hash(&[bytes])
}

fn io(path: &Path, e: std::io::Error) -> TargetError {
    let text = format!("{}: {e}", path.display());
    match e.kind() {
        // A full disk or a busy file may clear up; a missing permission will not.
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            TargetError::Permanent(text)
        }
        _ => TargetError::Transient(text),
    }
}

fn read_existing(path: &Path) -> Result<Option<Vec<u8>>, TargetError> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(path, e)),
    }
}

fn copy_of(bytes: &[u8]) -> RemoteCopy {
    RemoteCopy {
        remote_id: None,
        version: Some(file_hash(bytes)),
        url: None,
        content_hash: None,
        fields: json!({ "html": String::from_utf8_lossy(bytes) }),
    }
}

#[async_trait]
impl Target for FolderTarget {
    async fn check(&self) -> Result<String, TargetError> {
        std::fs::create_dir_all(&self.root).map_err(|e| io(&self.root, e))?;
        let probe = self.root.join(".verdict-write-test");
        std::fs::write(&probe, b"ok").map_err(|e| io(&self.root, e))?;
        let _ = std::fs::remove_file(&probe);
        Ok(format!("folder {} is writable", self.root.display()))
    }

    async fn put(
        &self,
        page: &OutgoingPage,
        last: Option<&RemoteRecord>,
        overwrite: bool,
        _key: &str,
    ) -> Result<RemoteRecord, TargetError> {
        let html_path = self.html_path(&page.slug);
        let ours = page.html.as_bytes();
        let version = file_hash(ours);
        if !overwrite {
            match (read_existing(&html_path)?, last) {
                (Some(there), _) if file_hash(&there) == version => {} // already ours
                (Some(there), Some(last)) if file_hash(&there) != last.version => {
                    return Err(TargetError::Conflict(Some(Box::new(copy_of(&there)))))
                }
                (Some(there), None) => {
                    return Err(TargetError::Conflict(Some(Box::new(copy_of(&there)))))
                }
                (None, Some(_)) => return Err(TargetError::Conflict(None)),
                _ => {}
            }
        }
        let mut json = serde_json::to_vec(&page.page).expect("page serialises");
        json.push(b'\n');
        for (path, bytes) in [
            (self.json_path(&page.slug), json.as_slice()),
            (html_path.clone(), ours),
        ] {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
            }
            crate::util::replace_file(&path, bytes, true).map_err(|e| io(&path, e))?;
        }
        Ok(RemoteRecord {
            remote_id: None,
            url: Some(format!("{}", html_path.display())),
            content_hash: page.content_hash.clone(),
            version,
        })
    }

    async fn delete(
        &self,
        slug: &str,
        last: Option<&RemoteRecord>,
        _key: &str,
    ) -> Result<(), TargetError> {
        // A page file edited by hand since we wrote it is a conflict, as for an update.
        if let Some(last) = last.filter(|l| !l.version.is_empty()) {
            if let Some(there) = read_existing(&self.html_path(slug))? {
                if file_hash(&there) != last.version {
                    return Err(TargetError::Conflict(Some(Box::new(copy_of(&there)))));
                }
            }
        }
        for path in [self.html_path(slug), self.json_path(slug)] {
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&path, e)),
            }
        }
        let _ = std::fs::remove_dir(self.root.join(comparison_path(slug)));
        Ok(())
    }

    fn finish(&self, store: &crate::Store) -> Result<(), TargetError> {
        // Index, sitemap, feed and tool pages follow the pages now in the folder.
        crate::site::build_site(
            store,
            &self.root,
            crate::site::SiteOptions::default(),
            &|_, _| {},
        )
        .map(|_| ())
        .map_err(|e| TargetError::Transient(e.to_string()))
    }
}
