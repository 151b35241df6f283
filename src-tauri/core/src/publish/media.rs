//! The images a page shows, sent to a target before the page (docs/media.md, *Publishing*):
//! which files a page's HTML names, which of them the target already holds (recorded per
//! target, hash and file, so a republish sends none), and each upload once, also when several
//! pages that show the same logo are sent at the same time. A target that picks its own
//! addresses (WordPress's media library) has them recorded too, and the page names them.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{params, OptionalExtension};

use super::{OutgoingPage, Target, TargetError};
use crate::store::Store;

/// How a target takes the images pages show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaMode {
    /// It keeps image files beside the pages: each file a page names is sent before the page.
    Upload,
    /// It keeps image files in a library of its own, at addresses it picks (WordPress): each
    /// file is sent once, its address recorded, and the page's addresses rewritten to it.
    Library,
    /// It takes no images: pages point at them on the site's own address instead.
    SiteBase,
    /// It does what it does with images itself (the folder writes the site's `media/`).
    Own,
}

/// One image file as a target receives it.
#[derive(Debug, Clone)]
pub struct MediaFile {
    /// The SHA-256 of the image's original.
    pub hash: String,
    /// The file's name in the image's folder (`original.svg`, `640w.webp`).
    pub name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// What a target did with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaPut {
    /// Written now.
    Stored,
    /// It had the file already (an earlier attempt whose answer was lost, another desk).
    Held,
    /// It does not take images after all (its route is missing): pages point at the site.
    NotTaken,
    /// In the target's own library (sent now, or found there), served at this address.
    At(String),
}

/// Where a page's image addresses start, relative to a page at `compare/{slug}/`.
const RELATIVE: &str = "../../media/";

/// The image files a page's HTML names as `media/{hash}/{name}` (relative or on an absolute
/// address), each once, in the order they first appear.
pub fn files_used(html: &str) -> Vec<(String, String)> {
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("media/") {
        rest = &rest[at + "media/".len()..];
        let Some((hash, name)) = address_at(rest) else {
            continue;
        };
        if seen.insert((hash, name)) {
            found.push((hash.to_string(), name.to_string()));
        }
    }
    found
}

/// `{hash}/{name}` at the start of `s`: 64 lowercase hex digits, `/`, and a file name of
/// lowercase letters and digits with an extension.
fn address_at(s: &str) -> Option<(&str, &str)> {
    let hash = s.get(..64)?;
    if !hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    let after = s[64..].strip_prefix('/')?;
    let len = after
        .bytes()
        .take_while(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.'))
        .count();
    let name = &after[..len];
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty() && !ext.contains('.')).then_some((hash, name))
}

/// The page with its image addresses on the site's own address (`{base}/media/…`) instead of
/// beside the page, for a target that takes no images. Only image addresses change: a text
/// that merely mentions `media/` is left as written.
pub fn on_site(page: &mut OutgoingPage, site_base: &str) {
    let to = format!("{}/media/", site_base.trim_end_matches('/'));
    page.html = rebase(&page.html, &to);
    let json = serde_json::to_string(&page.page).expect("page serialises");
    let moved = rebase(&json, &to);
    if moved != json {
        page.page = serde_json::from_str(&moved).expect("only addresses changed");
    }
}

fn rebase(text: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(RELATIVE) {
        out.push_str(&rest[..at]);
        let after = &rest[at + RELATIVE.len()..];
        out.push_str(if address_at(after).is_some() {
            to
        } else {
            RELATIVE
        });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// What one publishing run shares between its jobs: the uploads in flight, so two pages that
/// show the same logo send it once.
#[derive(Default)]
pub(crate) struct RunMedia {
    inflight: Mutex<HashMap<String, Arc<tokio::sync::OnceCell<MediaPut>>>>,
}

/// Sends the files `page` shows that `target` does not hold yet, before the page; for a target
/// that takes no images, points the page's images at the site's address instead.
pub(crate) async fn prepare(
    run: &RunMedia,
    store: &Mutex<Store>,
    client: &dyn Target,
    target: &str,
    site_base: Option<&str>,
    page: &mut OutgoingPage,
    timeout: Duration,
) -> Result<(), TargetError> {
    let used = files_used(&page.html);
    if used.is_empty() {
        return Ok(());
    }
    let lock = || store.lock().unwrap_or_else(|p| p.into_inner());
    let library = match client.media().await? {
        MediaMode::Own => return Ok(()),
        MediaMode::SiteBase => {
            on_site(page, site_base.unwrap_or(""));
            return Ok(());
        }
        MediaMode::Upload => false,
        MediaMode::Library => true,
    };
    // Where a library target serves each file, by `{hash}/{name}`.
    let mut at = HashMap::new();
    for (hash, name) in used {
        match held(&lock(), target, &hash, &name)? {
            Some(Some(url)) if library => {
                at.insert(format!("{hash}/{name}"), url);
                continue;
            }
            // A library target's file without its address is asked for again (it is found
            // there by its name, not sent twice).
            Some(_) if !library => continue,
            _ => {}
        }
        let cell = {
            let mut inflight = run.inflight.lock().unwrap_or_else(|p| p.into_inner());
            inflight
                .entry(format!("{target}\n{hash}/{name}"))
                .or_default()
                .clone()
        };
        let put = cell
            .get_or_try_init(|| async {
                let Some(file) = read(&lock(), &hash, &name)? else {
                    // Not one of this desk's image files (a text that mentions an address).
                    return Ok(MediaPut::Held);
                };
                let put = match tokio::time::timeout(timeout, client.put_media(&file)).await {
                    Ok(put) => put?,
                    Err(_) => {
                        return Err(TargetError::Transient(format!(
                            "no answer within {} s to the image {hash}/{name}",
                            timeout.as_secs_f32()
                        )))
                    }
                };
                match &put {
                    MediaPut::NotTaken => {}
                    MediaPut::At(url) => record(&lock(), target, &hash, &name, Some(url))?,
                    _ => record(&lock(), target, &hash, &name, None)?,
                }
                Ok(put)
            })
            .await?;
        match put {
            MediaPut::NotTaken => {
                on_site(page, site_base.unwrap_or(""));
                return Ok(());
            }
            MediaPut::At(url) => {
                at.insert(format!("{hash}/{name}"), url.clone());
            }
            _ => {}
        }
    }
    if !at.is_empty() {
        at_addresses(page, &at);
    }
    Ok(())
}

/// The page with each image address that `at` knows (by `{hash}/{name}`) replaced by the
/// address the target serves that file at. The target vouches that an address needs no
/// escaping in HTML or JSON (WordPress's are checked when they arrive).
fn at_addresses(page: &mut OutgoingPage, at: &HashMap<String, String>) {
    let json = serde_json::to_string(&page.page).expect("page serialises");
    let moved = relocated(&json, at);
    if moved != json {
        page.page = serde_json::from_str(&moved).expect("only addresses changed");
    }
    page.html = relocated(&page.html, at);
}

fn relocated(text: &str, at: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(RELATIVE) {
        out.push_str(&rest[..i]);
        let after = &rest[i + RELATIVE.len()..];
        match address_at(after).and_then(|(h, n)| Some((at.get(&format!("{h}/{n}"))?, h, n))) {
            Some((url, hash, name)) => {
                out.push_str(url);
                rest = &after[hash.len() + 1 + name.len()..];
            }
            None => {
                out.push_str(RELATIVE);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn db(e: impl std::fmt::Display) -> TargetError {
    TargetError::Transient(format!("the desk's database: {e}"))
}

/// Whether `target` is recorded as holding the file, and at which address when the target
/// picked it.
fn held(
    store: &Store,
    target: &str,
    hash: &str,
    name: &str,
) -> Result<Option<Option<String>>, TargetError> {
    store
        .conn()
        .query_row(
            "SELECT url FROM target_media WHERE target = ?1 AND hash = ?2 AND name = ?3",
            params![target, hash, name],
            |r| r.get(0),
        )
        .optional()
        .map_err(db)
}

fn record(
    store: &Store,
    target: &str,
    hash: &str,
    name: &str,
    url: Option<&str>,
) -> Result<(), TargetError> {
    store
        .conn()
        .execute(
            "INSERT INTO target_media (target, hash, name, sent_at, url) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (target, hash, name) DO UPDATE SET url = COALESCE(excluded.url, url)",
            params![target, hash, name, chrono::Utc::now().to_rfc3339(), url],
        )
        .map(drop)
        .map_err(db)
}

/// The image files `target` is recorded as holding, as `{hash}/{name}`.
pub fn held_files(store: &Store, target: &str) -> Result<Vec<String>, crate::store::StoreError> {
    let mut stmt = store.conn().prepare(
        "SELECT hash || '/' || name FROM target_media WHERE target = ?1 ORDER BY hash, name",
    )?;
    let rows = stmt
        .query_map([target], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The file's bytes from the desk's store, or `None` when the desk has no such image file.
fn read(store: &Store, hash: &str, name: &str) -> Result<Option<MediaFile>, TargetError> {
    let Some(dir) = store.path().and_then(|p| p.parent()) else {
        return Ok(None);
    };
    let dir = crate::media::MediaDir::of(dir);
    match crate::media::file(store, &dir, hash, name) {
        Ok((mime, bytes)) => Ok(Some(MediaFile {
            hash: hash.to_string(),
            name: name.to_string(),
            mime,
            bytes,
        })),
        Err(crate::media::MediaError::NotFound { .. }) => Ok(None),
        Err(e) => Err(TargetError::Permanent(format!(
            "the image {hash}/{name} cannot be read: {e}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_names_its_files_and_only_images_move_to_the_site() {
        let h = "ab".repeat(32);
        let html = format!(
            "<img src=\"../../media/{h}/1280w.jpg\" srcset=\"../../media/{h}/320w.webp 320w, \
             ../../media/{h}/1280w.jpg\"> see ../../media/notes.txt and media/{h}"
        );
        assert_eq!(
            files_used(&html),
            vec![
                (h.clone(), "1280w.jpg".to_string()),
                (h.clone(), "320w.webp".to_string())
            ]
        );
        let moved = rebase(&html, "https://ex.com/media/");
        assert!(moved.contains(&format!("src=\"https://ex.com/media/{h}/1280w.jpg\"")));
        assert!(moved.contains("see ../../media/notes.txt"), "{moved}");
        assert!(!moved.contains(&format!("../../media/{h}")), "{moved}");
        assert!(files_used("<p>no images</p>").is_empty());

        // A library target's addresses replace the ones it has; the rest stay as written.
        let at = HashMap::from([(
            format!("{h}/320w.webp"),
            "https://wp.example/uploads/x-320w.webp".to_string(),
        )]);
        let moved = relocated(&html, &at);
        assert!(moved.contains("srcset=\"https://wp.example/uploads/x-320w.webp 320w, "));
        assert!(moved.contains(&format!("src=\"../../media/{h}/1280w.jpg\"")));
        assert!(moved.contains("see ../../media/notes.txt"), "{moved}");
    }
}
