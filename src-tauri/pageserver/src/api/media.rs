//! The `media` feature: `PUT /media/{hash}/{name}` stores one image file a page shows, once
//! per address (content-addressed: the address names the image by the SHA-256 of its
//! original), and `GET` of the same address serves it to readers without a token.

use super::*;
use crate::StoredMedia;

/// Largest image file accepted: 16 MiB (a larger body gets `413 too_large`).
pub const MEDIA_LIMIT: usize = 16 * 1024 * 1024;

/// The image types taken, by the file name's extension.
const TYPES: &[(&str, &str)] = &[
    ("jpg", "image/jpeg"),
    ("png", "image/png"),
    ("webp", "image/webp"),
    ("gif", "image/gif"),
    ("svg", "image/svg+xml"),
];

/// The parts of a media address (`{hash}/{name}`), or why it is not one.
pub(super) struct Address<'a> {
    pub hash: &'a str,
    pub name: &'a str,
    pub mime: &'static str,
}

/// Reads `{hash}/{name}`: a SHA-256 in lowercase hex, and a file name of lowercase letters and
/// digits with one of the taken extensions (`original.png`, `640w.webp`).
pub(super) fn address(rest: &str) -> Result<Address<'_>, String> {
    let Some((hash, name)) = rest.split_once('/') else {
        return Err(format!("`{rest}` is not {{hash}}/{{name}}"));
    };
    if hash.len() != 64 || !hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(format!(
            "`{hash}` is not a SHA-256 in lowercase hex (64 digits)"
        ));
    }
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let stem_ok = !stem.is_empty()
        && stem.len() <= 40
        && stem.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9'));
    let mime = TYPES.iter().find(|(e, _)| *e == ext).map(|(_, m)| *m);
    match mime {
        Some(mime) if stem_ok => Ok(Address { hash, name, mime }),
        _ => Err(format!(
            "`{name}` is not a media file name: letters and digits, then .jpg, .png, .webp, \
             .gif or .svg"
        )),
    }
}

/// Whether the bytes are a file of type `mime` (the first bytes every such file starts with;
/// an SVG is text whose first element is `<svg`).
fn looks_like(mime: &str, body: &[u8]) -> bool {
    match mime {
        "image/jpeg" => body.starts_with(b"\xff\xd8\xff"),
        "image/png" => body.starts_with(PNG_SIGNATURE),
        "image/webp" => body.len() >= 12 && &body[..4] == b"RIFF" && &body[8..12] == b"WEBP",
        "image/gif" => body.starts_with(b"GIF87a") || body.starts_with(b"GIF89a"),
        "image/svg+xml" => {
            let text = String::from_utf8_lossy(&body[..body.len().min(4096)]);
            let text = text.trim_start_matches('\u{feff}').trim_start();
            // An XML declaration or comments may come first; the root element must be <svg.
            let root = text
                .split('<')
                .skip(1)
                .find(|t| !t.starts_with('?') && !t.starts_with('!'));
            root.is_some_and(|t| t.starts_with("svg"))
        }
        _ => false,
    }
}

impl Shared {
    /// Where readers get a media file: `media/{hash}/{name}` beside the folder that holds the
    /// public pages, which is where a page's relative `../../media/…` address leads.
    pub(crate) fn media_url(&self, hash: &str, name: &str) -> String {
        let folder = self
            .url_template
            .strip_suffix("{slug}/")
            .and_then(|pages| pages.strip_suffix('/'))
            .and_then(|pages| pages.rsplit_once('/'))
            .map(|(root, _)| format!("{root}/"));
        let root = match folder {
            Some(root) if root.contains("://") && root.matches('/').count() >= 3 => root,
            _ => self.server_url.clone(),
        };
        format!("{root}media/{hash}/{name}")
    }

    fn media_resource(&self, file: &StoredMedia) -> Value {
        json!({
            "hash": file.hash,
            "name": file.name,
            "type": file.mime,
            "bytes": file.body.len(),
            "sha256": file.sha256,
            "url": self.media_url(&file.hash, &file.name),
        })
    }
}

/// `PUT /media/{hash}/{name}`.
pub(super) async fn put_media(shared: &Shared, parts: &Parts, body: Incoming, rest: &str) -> Reply {
    let at = match address(rest) {
        Ok(at) => at,
        Err(why) => return bad_request(why),
    };
    let create_only = match single(&parts.headers, "if-none-match") {
        Ok(None) => false,
        Ok(Some(v)) if v.as_bytes().trim_ascii() == b"*" => true,
        Ok(Some(_)) => return bad_request("If-None-Match must be `*`"),
        Err(reply) => return reply,
    };
    if parts.headers.contains_key(header::IF_MATCH) {
        return bad_request("a media file takes no If-Match: its address names its content");
    }
    let content_type = match single(&parts.headers, "content-type") {
        Ok(v) => v
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .trim()
            .to_owned(),
        Err(reply) => return reply,
    };
    if !content_type.eq_ignore_ascii_case(at.mime) {
        return Reply::error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid",
            format!(
                "`{}` is sent as Content-Type: {} (not `{content_type}`)",
                at.name, at.mime
            ),
        );
    }
    let body = match read_limited(&parts.headers, body, MEDIA_LIMIT).await {
        Ok(body) => body,
        Err(BodyError::TooLarge) => {
            return Reply::error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("a media file is at most {MEDIA_LIMIT} bytes"),
            )
        }
        Err(BodyError::Broken) => return bad_request("could not read the request body"),
    };
    if body.is_empty() || !looks_like(at.mime, &body) {
        return unprocessable(format!("the body is not a {} file", at.mime));
    }
    let sha256 = hex(&Sha256::digest(&body));
    // The original is the image the address names: its bytes must hash to it. Other files
    // (sizes made from it) can only be checked for their type.
    if at.name.starts_with("original.") && sha256 != at.hash {
        return unprocessable(format!(
            "the body's SHA-256 is {sha256}, not the {} its address names",
            at.hash
        ));
    }
    let key = format!("{}/{}", at.hash, at.name);
    let mut state = shared.lock();
    let status = match state.media.get(&key) {
        Some(current) if create_only => {
            let reply = Reply::json(
                StatusCode::PRECONDITION_FAILED,
                &json!({
                    "error": "precondition_failed",
                    "message": format!("media/{key} is already stored"),
                    "current": shared.media_resource(current),
                }),
            );
            state.stats.rejected_412 += 1;
            return reply;
        }
        // The same bytes again: nothing to write.
        Some(current) if current.sha256 == sha256 => {
            return Reply::json(StatusCode::OK, &shared.media_resource(current));
        }
        Some(_) => StatusCode::OK,
        None => StatusCode::CREATED,
    };
    let stored = StoredMedia {
        hash: at.hash.to_owned(),
        name: at.name.to_owned(),
        mime: at.mime,
        sha256,
        body,
    };
    let reply = Reply::json(status, &shared.media_resource(&stored));
    state.stats.media_writes += 1;
    *state.stats.by_media_writes.entry(key.clone()).or_default() += 1;
    state.media.insert(key, stored);
    reply
}

/// `GET /media/{hash}/{name}` for readers: the file, with headers that keep a browser from
/// taking it for anything else, and an SVG from running anything on this origin.
pub(super) fn serve_media(shared: &Shared, rest: &str) -> Reply {
    let Some(file) = shared.lock().media.get(rest).cloned() else {
        return not_found(&format!("no media file `{rest}`"));
    };
    let mut reply = Reply {
        status: StatusCode::OK,
        etag: Some(format!("\"{}\"", file.sha256)),
        content_type: Some(file.mime),
        body: file.body,
        replayed: false,
        extra: Vec::new(),
    }
    .with_header(HeaderName::from_static("x-content-type-options"), "nosniff")
    .with_header(header::CACHE_CONTROL, "public, max-age=31536000, immutable");
    if file.mime == "image/svg+xml" {
        reply = reply.with_header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        );
    }
    reply
}
