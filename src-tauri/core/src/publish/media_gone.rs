//! Images a target no longer shows, taken away from it (docs/media.md, *Publishing*): after
//! a run, on a target that can remove images (WordPress's media library), each image this
//! desk put there that no page there shows any more (the old logo of a replaced one) is
//! removed there once, and its rows leave the target's media table (`target_media`).
//!
//! Never before the pages that showed it were sent again: what a page there shows is only
//! known for a page the target holds as the desk would send it now (its content hash is the
//! one recorded), so while any page there differs (not sent again yet, failed, or kept as
//! the target's own copy) nothing is removed. Exactly once: the rows go after the target
//! said the files are gone, and a removal repeated after a crash between the two finds
//! nothing left to remove there.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use rusqlite::params;

use super::media::files_used;
use super::pages::PageSource;
use super::Target;
use crate::render::PageCache;
use crate::store::Store;

/// What a clearing did.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Cleared {
    /// Images removed from the target now.
    pub removed: Vec<String>,
    /// Why nothing could be decided this time (a page there not as the desk would send it).
    pub waiting: Option<String>,
}

/// After a run: [`clear_unused`] on each target of the run that can remove images. A
/// failure is logged, and the next run tries again (the rows are still there).
pub(crate) async fn clear_after_run(
    store: &Mutex<Store>,
    pages: &PageCache,
    clients: &HashMap<String, Arc<dyn Target>>,
) {
    for (name, client) in clients.iter().filter(|(_, c)| c.removes_media()) {
        match clear_unused(store, pages, client.as_ref(), name).await {
            Ok(c) if !c.removed.is_empty() => {
                tracing::info!(target = %name, images = c.removed.len(), "unused images removed")
            }
            Ok(c) => {
                if let Some(why) = c.waiting {
                    tracing::debug!(target = %name, %why, "unused images kept for now");
                }
            }
            Err(e) => tracing::warn!(target = %name, error = %e, "unused images not removed"),
        }
    }
}

/// Removes from `target` the images of this desk's that no page it holds shows any more.
pub(crate) async fn clear_unused(
    store: &Mutex<Store>,
    pages: &PageCache,
    client: &dyn Target,
    target: &str,
) -> Result<Cleared, String> {
    let text = |e: &dyn std::fmt::Display| e.to_string();
    let lock = || store.lock().unwrap_or_else(|p| p.into_inner());
    let unused = {
        let store = lock();
        let held = held_images(&store, target).map_err(|e| text(&e))?;
        if held.is_empty() {
            return Ok(Cleared::default());
        }
        let live = store.outbox().remote_hashes(target).map_err(|e| text(&e))?;
        let lib = pages.library(&*store).map_err(|e| text(&e))?;
        let renderer = pages.renderer(&lib.site).map_err(|e| text(&e))?;
        let source = PageSource::from_parts(lib, renderer);
        let mut shown: HashSet<String> = HashSet::new();
        let mut slugs: Vec<&String> = live.keys().collect();
        slugs.sort();
        for slug in slugs {
            let (recorded, kept_remote) = &live[slug];
            let now = source
                .hash_and_json(slug, client.schedules())
                .map_err(|e| text(&e))?;
            match now {
                Some((hash, json)) if &hash == recorded && !kept_remote => {
                    let json = String::from_utf8_lossy(&json);
                    shown.extend(files_used(&json).into_iter().map(|(h, _)| h));
                }
                _ => {
                    return Ok(Cleared {
                        removed: Vec::new(),
                        waiting: Some(format!(
                            "the page {slug} there is not as the desk would send it now"
                        )),
                    })
                }
            }
        }
        held.into_iter()
            .filter(|h| !shown.contains(h))
            .collect::<Vec<_>>()
    };
    let mut cleared = Cleared::default();
    for hash in unused {
        client
            .remove_media(&hash)
            .await
            .map_err(|e| format!("the image {hash} was not removed: {e}"))?;
        lock()
            .conn()
            .execute(
                "DELETE FROM target_media WHERE target = ?1 AND hash = ?2",
                params![target, hash],
            )
            .map_err(|e| text(&e))?;
        cleared.removed.push(hash);
    }
    Ok(cleared)
}

/// The images `target` is recorded as holding files of, by hash.
fn held_images(store: &Store, target: &str) -> Result<Vec<String>, rusqlite::Error> {
    let mut stmt = store
        .conn()
        .prepare("SELECT DISTINCT hash FROM target_media WHERE target = ?1 ORDER BY hash")?;
    let rows = stmt
        .query_map([target], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(rows)
}
