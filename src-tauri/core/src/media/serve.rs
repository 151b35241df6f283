//! The desk's images for the app's own webview: the answers of its `media` protocol
//! (`media://localhost/HASH/FILE`), which the live preview's pages point at. Only the files
//! a page's picture can name, of images in the store; anything else is a 404.

use crate::desk::{Desk, DeskError};
use crate::render::pictures;

use super::library::MediaError;

/// One answer of the protocol, for the shell to hand to the webview as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// Headers on every answer. `nosniff`: the type is the store's, never guessed from the bytes.
/// The policy and `sandbox` matter only if the file were ever opened as a document (the
/// shell refuses navigation to the scheme): an SVG opened so runs nothing and loads nothing.
fn common_headers() -> Vec<(&'static str, String)> {
    vec![
        ("X-Content-Type-Options", "nosniff".into()),
        (
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; sandbox".into(),
        ),
    ]
}

impl Served {
    fn text(status: u16, message: &str) -> Served {
        let mut headers = common_headers();
        headers.push(("Content-Type", "text/plain; charset=utf-8".into()));
        Served {
            status,
            headers,
            body: message.as_bytes().to_vec(),
        }
    }

    pub fn not_found() -> Served {
        Served::text(404, "not found")
    }

    /// The desk could not be opened: there is nothing to serve.
    pub fn unavailable() -> Served {
        Served::text(503, "the desk is not open")
    }

    /// The value of header `name` (case-insensitive), if set.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The image and file a request path names: exactly `/{hash}/{file}`, the hash 64 lowercase
/// hex digits and the file one of the names the store gives an image's files
/// (`original.svg`, `640w.webp`, …). Anything else (`..`, percent escapes, more or fewer
/// segments, upper case, a trailing slash) is `None`.
pub fn request_path(path: &str) -> Option<(&str, &str)> {
    let (hash, file) = path.strip_prefix('/')?.split_once('/')?;
    let hex = hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    (hex && super::variants::is_file_name(file)).then_some((hash, file))
}

impl Desk {
    /// The protocol's answer to `method path` (the request URL's path, without its query):
    /// the file's bytes with the type the store recorded, for an image the desk has and one
    /// of the files its picture on a page names; 404 for anything else, 405 for a method
    /// other than GET or HEAD.
    ///
    /// The store is held only to look the image up; the file is read after, so a preview
    /// fetching ten images does not keep the desk's other commands waiting.
    pub fn serve_media(&self, method: &str, path: &str) -> Served {
        if method != "GET" && method != "HEAD" {
            let mut answer = Served::text(405, "only GET and HEAD");
            answer.headers.push(("Allow", "GET, HEAD".into()));
            return answer;
        }
        let Some((hash, file)) = request_path(path) else {
            return Served::not_found();
        };
        let item = match self.store().media_item(hash) {
            Ok(Some(item)) => item,
            Ok(None) => return Served::not_found(),
            Err(e) => {
                tracing::warn!(hash, error = %e, "the media protocol cannot read the store");
                return Served::text(500, "the desk cannot read its images");
            }
        };
        if !pictures::files(&item).iter().any(|f| f == file) {
            return Served::not_found();
        }
        let mime = if file == item.original_file() {
            item.mime.clone()
        } else {
            match item.variants.iter().find(|v| v.name == file) {
                Some(v) => v.mime.clone(),
                None => return Served::not_found(),
            }
        };
        let on_disk = super::MediaDir::of(self.data_dir()).folder(hash).join(file);
        let bytes = match std::fs::read(&on_disk) {
            Ok(bytes) => bytes,
            // Lost from the folder: the store makes a variant again (the same bytes).
            Err(_) => match self.media_file(hash, file) {
                Ok((_, bytes)) => bytes,
                Err(DeskError::Media(MediaError::NotFound { .. })) => return Served::not_found(),
                Err(e) => {
                    tracing::warn!(hash, file, error = %e, "the media protocol cannot read an image");
                    return Served::text(500, "the desk cannot read this image");
                }
            },
        };
        let mut headers = common_headers();
        headers.push(("Content-Type", mime));
        // The address names the content (the original's hash; variants are made from it
        // deterministically), so what was fetched once never changes.
        headers.push(("Cache-Control", "max-age=31536000, immutable".into()));
        Served {
            status: 200,
            headers,
            body: if method == "HEAD" { Vec::new() } else { bytes },
        }
    }
}
