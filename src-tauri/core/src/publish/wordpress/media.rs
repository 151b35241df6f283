//! WordPress's media library as the target uses it: the page's share card (the post's
//! featured image) and the images a page shows, each found again by its name, which carries
//! its hash, so nothing is uploaded twice (docs/media.md, *Publishing*).

use std::borrow::Cow;

use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::json;

use super::{WordpressTarget, WORDING};
use crate::publish::media::{MediaFile, MediaPut};
use crate::publish::{reply, OutgoingPage, TargetError};

/// A media item, as far as the target needs it.
#[derive(Debug, Deserialize)]
pub(super) struct Media {
    pub id: u64,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    source_url: String,
    #[serde(default)]
    mime_type: String,
    #[serde(default)]
    media_details: MediaDetails,
}

#[derive(Debug, Default, Deserialize)]
struct MediaDetails {
    /// The stored file's size (WordPress 6.0 and later say it).
    #[serde(default)]
    filesize: Option<u64>,
}

/// The name a page's image file is kept under in the library: `verdict-{hash}-{file}` with
/// the file's dot as a dash (`verdict-3f2a…-640w-webp`), which WordPress keeps as the slug.
pub fn image_slug(hash: &str, name: &str) -> String {
    format!("verdict-{hash}-{}", name.replace('.', "-"))
}

/// The address WordPress gave a file, if a page can name it as it is: an http(s) URL with
/// nothing that would need escaping in an HTML attribute, a `srcset` or a JSON string (the
/// reply is untrusted; a page is never built from text that could break out of its place).
pub fn usable_address(source_url: &str) -> Option<String> {
    let url = url::Url::parse(source_url).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    let text = url.as_str();
    let clean = !text
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\,`".contains(c));
    clean.then(|| text.to_string())
}

impl WordpressTarget {
    /// Puts one image file a page shows in the media library, unless it is there already
    /// (sent by an earlier run whose record here was lost, or whose reply never came): found
    /// by a search for its hash, then by its exact name, type and size. An SVG goes as its
    /// raster fallback, since WordPress does not take SVG uploads.
    pub(super) async fn put_image(&self, file: &MediaFile) -> Result<MediaPut, TargetError> {
        let file = sendable(file).await?;
        let slug = image_slug(&file.hash, &file.name);
        if let Some(url) = self.find_image(&file, &slug).await? {
            return Ok(MediaPut::At(url));
        }
        let mut url = self.url("media");
        url.query_pairs_mut()
            .append_pair("slug", &slug)
            .append_pair(
                "title",
                &format!("Verdict Desk image {} ({})", file.hash, file.name),
            )
            .append_pair("context", "edit");
        // The name, the title and the slug go with the file in one request: an item that
        // exists at all is one that the search finds.
        let response = self
            .request(reqwest::Method::POST, url)
            .header(reqwest::header::CONTENT_TYPE, &file.mime)
            .header(
                reqwest::header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"verdict-{}-{}\"",
                    file.hash, file.name
                ),
            )
            .body(file.bytes.clone())
            .send()
            .await
            .map_err(reply::transport)?;
        let status = response.status();
        if !matches!(status, StatusCode::OK | StatusCode::CREATED) {
            let retry_after = reply::retry_after_of(&response);
            let body = response.text().await.unwrap_or_default();
            return Err(upload_refused(status, retry_after, &body, &file));
        }
        let media: Media = reply::read_json(response, &WORDING).await?;
        let url = usable_address(&media.source_url).ok_or_else(|| {
            TargetError::Permanent(format!(
                "WordPress keeps the image {}/{} at an address a page cannot name: {:?}",
                file.hash,
                file.name,
                reply::error_detail(&media.source_url)
            ))
        })?;
        Ok(MediaPut::At(url))
    }

    /// The address of the library's copy of `file`, if it has one.
    async fn find_image(
        &self,
        file: &MediaFile,
        slug: &str,
    ) -> Result<Option<String>, TargetError> {
        // WordPress's search looks in titles (ours carry the hash), not in slugs or file
        // names; the exact slug then picks the file among the image's sizes.
        let mut url = self.url("media");
        url.query_pairs_mut()
            .append_pair("search", &file.hash)
            .append_pair("per_page", "100")
            .append_pair("context", "edit");
        let found: Vec<Media> = self.get_json(url).await?;
        let size = file.bytes.len() as u64;
        Ok(found
            .iter()
            .filter(|m| is_named(&m.slug, slug) && m.mime_type == file.mime)
            // A copy of another size is not this file (a different desk's bytes under the
            // same name would be a different hash; this guards against a cut-short upload).
            .filter(|m| m.media_details.filesize.is_none_or(|n| n == size))
            .find_map(|m| usable_address(&m.source_url)))
    }

    /// Deletes every library item this desk uploaded of the image `hash` (its files, named
    /// `verdict-{hash}-…`; an upload repeated by WordPress's `-2` naming too), for good:
    /// media items have no trash. An item already gone is not an error.
    pub(super) async fn remove_image(&self, hash: &str) -> Result<(), TargetError> {
        let ours = format!("verdict-{hash}-");
        let mut url = self.url("media");
        url.query_pairs_mut()
            .append_pair("search", hash)
            .append_pair("per_page", "100")
            .append_pair("context", "edit");
        let found: Vec<Media> = self.get_json(url).await?;
        for media in found.iter().filter(|m| m.slug.starts_with(&ours)) {
            let mut url = self.url(&format!("media/{}", media.id));
            url.set_query(Some("force=true"));
            let response = self
                .request(reqwest::Method::DELETE, url)
                .send()
                .await
                .map_err(reply::transport)?;
            match response.status() {
                StatusCode::OK | StatusCode::NOT_FOUND | StatusCode::GONE => {}
                _ => return Err(reply::unexpected(response, &WORDING).await),
            }
        }
        Ok(())
    }

    /// The media item holding this page's share card, uploaded now unless an earlier publish
    /// (or an earlier, unanswered attempt) left it there: it is found by its name, which
    /// carries the card's hash, so the card is only drawn and sent when it changed.
    pub(super) async fn card_media(&self, page: &OutgoingPage) -> Result<u64, TargetError> {
        let name = page.card.file_stem(&page.slug);
        let mut url = self.url("media");
        url.query_pairs_mut()
            .append_pair("slug", &name)
            .append_pair("context", "edit");
        let found: Vec<Media> = self.get_json(url).await?;
        if let Some(media) = found.into_iter().find(|m| m.slug == name) {
            return Ok(media.id);
        }
        let png = page.card.png().await?;
        let response = self
            .request(reqwest::Method::POST, self.url("media"))
            .header(reqwest::header::CONTENT_TYPE, "image/png")
            .header(
                reqwest::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.png\""),
            )
            .body(png)
            .send()
            .await
            .map_err(reply::transport)?;
        if !matches!(response.status(), StatusCode::OK | StatusCode::CREATED) {
            return Err(reply::unexpected(response, &WORDING).await);
        }
        let media: Media = reply::read_json(response, &WORDING).await?;
        // The name is what finds the card again; the alternative text is what a reader
        // without the image hears.
        let response = self
            .request(
                reqwest::Method::POST,
                self.url(&format!("media/{}", media.id)),
            )
            .json(&json!({
                "slug": name,
                "title": format!("Share card: {}", page.title),
                "alt_text": format!("{}: panel ship and community share of each tool", page.title),
            }))
            .send()
            .await
            .map_err(reply::transport)?;
        if response.status() != StatusCode::OK {
            return Err(reply::unexpected(response, &WORDING).await);
        }
        Ok(media.id)
    }

    /// Removes a card this desk uploaded for the page before, once the post shows the new
    /// one. Best effort: a card left behind is clutter in the media library, not a fault.
    pub(super) async fn remove_old_card(&self, page: &OutgoingPage, old: u64, new: u64) {
        if old == 0 || old == new {
            return;
        }
        let ours = format!("verdict-card-{}-", page.slug);
        let mut url = self.url(&format!("media/{old}"));
        url.set_query(Some("context=edit"));
        let media = match self.request(reqwest::Method::GET, url).send().await {
            Ok(r) if r.status() == StatusCode::OK => r.json::<Media>().await.ok(),
            _ => None,
        };
        // Ours: this page's prefix and then only the card's short hash (so another page whose
        // slug starts like this one's is never taken for it).
        let is_ours = |m: &Media| {
            m.slug
                .strip_prefix(&ours)
                .is_some_and(|rest| rest.len() == 12 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
        };
        if media.as_ref().is_some_and(is_ours) {
            let mut url = self.url(&format!("media/{old}"));
            url.set_query(Some("force=true"));
            if let Err(e) = self.request(reqwest::Method::DELETE, url).send().await {
                tracing::debug!(error = %e, "an old share card was left in the media library");
            }
        }
    }
}

/// The file as WordPress takes it: an SVG as its raster fallback (the same bytes as the
/// desk's stored `…w.png`, made again from the clean original), anything else as it is.
async fn sendable(file: &MediaFile) -> Result<Cow<'_, MediaFile>, TargetError> {
    if file.mime != "image/svg+xml" {
        return Ok(Cow::Borrowed(file));
    }
    let bytes = file.bytes.clone();
    let variants = tokio::task::spawn_blocking(move || {
        crate::media::derive_variants(crate::media::OriginalKind::Svg, &bytes)
    })
    .await
    .map_err(|e| TargetError::Transient(format!("drawing the image {}: {e}", file.hash)))?
    .map_err(|e| TargetError::Permanent(format!("the image {} cannot be drawn: {e}", file.hash)))?;
    let fallback = variants.into_iter().last().ok_or_else(|| {
        TargetError::Permanent(format!("the image {} has no raster size", file.hash))
    })?;
    Ok(Cow::Owned(MediaFile {
        hash: file.hash.clone(),
        name: fallback.name,
        mime: fallback.mime.to_string(),
        bytes: fallback.bytes,
    }))
}

/// `slug`, or `slug` with the `-2`, `-3` … WordPress adds when a name is taken.
fn is_named(found: &str, slug: &str) -> bool {
    found.strip_prefix(slug).is_some_and(|rest| {
        rest.is_empty()
            || rest
                .strip_prefix('-')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// Why an upload was refused. WordPress answers a file type it does not take with a 500
/// (`rest_upload_sideload_error`); another try will not change its mind.
fn upload_refused(
    status: StatusCode,
    retry_after: Option<std::time::Duration>,
    body: &str,
    file: &MediaFile,
) -> TargetError {
    let code = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("code")?.as_str().map(str::to_string));
    match code.as_deref() {
        Some(
            "rest_upload_sideload_error" | "rest_upload_file_too_big" | "rest_upload_limited_space",
        ) => TargetError::Permanent(format!(
            "WordPress refused the image {}/{} ({}, {} bytes): {}",
            file.hash,
            file.name,
            file.mime,
            file.bytes.len(),
            reply::error_detail(body)
        )),
        _ => reply::classify(status, retry_after, body, &WORDING),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_addresses() {
        let h = "ab".repeat(32);
        let slug = image_slug(&h, "640w.webp");
        assert_eq!(slug, format!("verdict-{h}-640w-webp"));
        assert!(is_named(&slug, &slug));
        assert!(is_named(&format!("{slug}-2"), &slug));
        assert!(!is_named(&format!("{slug}-x"), &slug));
        assert!(!is_named(&format!("{slug}2"), &slug));
        assert!(!is_named(&image_slug(&h, "640w.png"), &slug));
        assert_eq!(
            usable_address("http://127.0.0.1:8788/uploads/2026/12/a.webp").as_deref(),
            Some("http://127.0.0.1:8788/uploads/2026/12/a.webp")
        );
        // Parsed and written again: a space or quote is percent-encoded, not passed on.
        assert_eq!(
            usable_address("https://ex.com/a b\".png").as_deref(),
            Some("https://ex.com/a%20b%22.png")
        );
        assert_eq!(usable_address("https://ex.com/a,b.png"), None);
        assert_eq!(usable_address("javascript:alert(1)"), None);
        assert_eq!(usable_address("/uploads/a.png"), None);
        assert_eq!(usable_address(""), None);
    }
}
