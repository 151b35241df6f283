//! Writing the site: each job's files written only where their key changed (through a
//! rename when replacing, so a reader never sees half a page), files of the last build no
//! longer made removed, and the manifest that remembers what was written from what.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{io, SiteError};
use crate::util::replace_file;

/// Remembers, per written file, the hash of the inputs it was rendered from.
const MANIFEST: &str = ".verdict-site.json";

/// Where `build_site` keeps its record of what it wrote.
pub fn manifest_path(out: &Path) -> PathBuf {
    out.join(MANIFEST)
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Manifest {
    /// The content, theme and options the site was last built from.
    #[serde(default)]
    pub(super) fingerprint: String,
    pub(super) files: BTreeMap<String, String>,
}

impl Manifest {
    /// The last build's record in `out` (none, or unreadable: an empty one).
    pub(super) fn read(out: &Path) -> Manifest {
        std::fs::read(manifest_path(out))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Whether `path` under `out` has to be written for inputs hashing to `key`.
    pub(super) fn stale(&self, out: &Path, path: &str, key: &str) -> bool {
        self.files.get(path).map(String::as_str) != Some(key) || !out.join(path).exists()
    }
}

/// Files made together (a page's HTML and JSON share one page build): their paths under the
/// site root, the hash of their inputs, and how to make their contents, in path order.
pub(super) struct Job<'a> {
    pub(super) paths: Vec<String>,
    pub(super) key: String,
    pub(super) make: Box<dyn Fn() -> Result<Vec<Vec<u8>>, SiteError> + Send + Sync + 'a>,
}

/// What [`write`] did: files written, files in all, files removed.
pub(super) struct Written {
    pub(super) written: usize,
    pub(super) total: usize,
    pub(super) removed: usize,
}

/// Makes and writes the stale files of `jobs` in parallel (`progress(done, total)` as they
/// finish), removes what `old` lists and `jobs` no longer make, and saves the new manifest.
pub(super) fn write(
    out: &Path,
    old: &Manifest,
    fingerprint: String,
    jobs: &[Job],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Written, SiteError> {
    let total: usize = jobs.iter().map(|j| j.paths.len()).sum();
    let done = AtomicUsize::new(0);
    let written = AtomicUsize::new(0);
    jobs.par_iter()
        .try_for_each(|job| -> Result<(), SiteError> {
            if job.paths.iter().any(|p| old.stale(out, p, &job.key)) {
                let contents = (job.make)()?;
                for (rel, bytes) in job.paths.iter().zip(&contents) {
                    let path = out.join(rel);
                    match std::fs::read(&path) {
                        // Same bytes on disk (e.g. a lost manifest): leave the file and its mtime.
                        Ok(existing) if existing == *bytes => continue,
                        // Replaced through a rename, so a reader never sees half a page.
                        Ok(_) => replace_file(&path, bytes, false).map_err(io(&path))?,
                        // A new file needs no rename: until the manifest names it, a half-written
                        // one from an interrupted build is simply written again next time.
                        Err(_) => {
                            if let Some(dir) = path.parent() {
                                std::fs::create_dir_all(dir).map_err(io(dir))?;
                            }
                            std::fs::write(&path, bytes).map_err(io(&path))?;
                        }
                    }
                    written.fetch_add(1, Ordering::Relaxed);
                }
            }
            let n = done.fetch_add(job.paths.len(), Ordering::Relaxed) + job.paths.len();
            progress(n, total);
            Ok(())
        })?;

    let new = Manifest {
        fingerprint,
        files: jobs
            .iter()
            .flat_map(|j| j.paths.iter().map(|p| (p.clone(), j.key.clone())))
            .collect(),
    };
    let mut removed = 0;
    for path in old.files.keys().filter(|p| !new.files.contains_key(*p)) {
        let full = out.join(path);
        if std::fs::remove_file(&full).is_ok() {
            removed += 1;
            // Drop the page's folder once it is empty; a non-empty one is someone else's.
            if let Some(dir) = full.parent() {
                let _ = std::fs::remove_dir(dir);
            }
        }
    }
    if new.files != old.files || new.fingerprint != old.fingerprint {
        let manifest_path = manifest_path(out);
        let text = serde_json::to_vec_pretty(&new).expect("manifest serialises");
        replace_file(&manifest_path, &text, false).map_err(io(&manifest_path))?;
    }
    Ok(Written {
        written: written.into_inner(),
        total,
        removed,
    })
}
