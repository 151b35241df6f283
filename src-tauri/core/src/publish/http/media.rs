//! The page API's `media` feature as the target uses it: `PUT /media/{hash}/{name}` with
//! `If-None-Match: *` (docs/publishing-api.md), only to a server that lists `media`.

use reqwest::{header, StatusCode};

use super::service::{not_found, NotFound};
use super::{HttpTarget, WORDING};
use crate::publish::capabilities::feature;
use crate::publish::media::{MediaFile, MediaMode, MediaPut};
use crate::publish::{reply, TargetError};

impl HttpTarget {
    pub(super) async fn media_mode(&self) -> Result<MediaMode, TargetError> {
        let capabilities = self.capabilities().await?;
        if self.no_media.get().is_some() {
            return Ok(MediaMode::SiteBase);
        }
        if capabilities.supports(feature::MEDIA) {
            return Ok(MediaMode::Upload);
        }
        let _ = self.no_media.set(if capabilities.described {
            format!(
                "the server does not list media ({})",
                capabilities.describe()
            )
        } else {
            "the server does not describe itself (its GET / is not there)".to_string()
        });
        Ok(MediaMode::SiteBase)
    }

    pub(super) async fn send_media(&self, file: &MediaFile) -> Result<MediaPut, TargetError> {
        let url = self.url(&format!("media/{}/{}", file.hash, file.name));
        let response = self
            .client
            .put(url.clone())
            .bearer_auth(&self.token)
            .header(header::CONTENT_TYPE, &file.mime)
            .header(header::IF_NONE_MATCH, "*")
            .body(file.bytes.clone())
            .send()
            .await
            .map_err(reply::transport)?;
        match response.status() {
            StatusCode::CREATED | StatusCode::OK => Ok(MediaPut::Stored),
            // Create-only: it is there already (a lost answer, or another desk sent it).
            StatusCode::PRECONDITION_FAILED => Ok(MediaPut::Held),
            StatusCode::NOT_FOUND => {
                let detail = match not_found(response).await {
                    NotFound::Api => "no such route".to_string(),
                    NotFound::Elsewhere(detail) => detail,
                };
                let why = format!(
                    "PUT {url} answered 404 Not Found ({detail}) although the server lists media"
                );
                tracing::warn!(%url, reason = %why, "images are not sent to this server");
                let _ = self.no_media.set(why);
                Ok(MediaPut::NotTaken)
            }
            StatusCode::PAYLOAD_TOO_LARGE => Err(TargetError::Permanent(format!(
                "the server refused the image {}/{} as too large ({} bytes)",
                file.hash,
                file.name,
                file.bytes.len()
            ))),
            _ => Err(reply::unexpected(response, &WORDING).await),
        }
    }
}
