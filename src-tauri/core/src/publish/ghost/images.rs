//! Images in Ghost: the share card (the post's feature image) and the images pages show, each
//! uploaded once through `POST /images/upload/` under a name that carries its hash. Ghost has
//! no listing of uploads, so a file whose upload went unanswered is found again at the address
//! Ghost gives such a name (`/content/images/YYYY/MM/NAME`, this month or the last).

use chrono::{Datelike, Utc};
use reqwest::StatusCode;
use serde::Deserialize;

use super::{GhostTarget, WORDING};
use crate::publish::media::{MediaFile, MediaPut};
use crate::publish::wordpress::usable_address;
use crate::publish::{reply, OutgoingPage, TargetError};

#[derive(Debug, Deserialize)]
struct Uploaded {
    images: Vec<UploadedImage>,
}

#[derive(Debug, Deserialize)]
struct UploadedImage {
    url: String,
}

/// The file name a page's image is uploaded under: `verdict-{hash}-{file}`.
pub fn image_name(hash: &str, name: &str) -> String {
    format!("verdict-{hash}-{name}")
}

impl GhostTarget {
    /// Puts one image file a page shows in Ghost, unless an earlier attempt left it there.
    pub(super) async fn put_image(&self, file: &MediaFile) -> Result<MediaPut, TargetError> {
        let name = image_name(&file.hash, &file.name);
        if let Some(url) = self.find_upload(&name).await? {
            return Ok(MediaPut::At(url));
        }
        let url = self
            .upload(&name, &file.mime, file.bytes.clone(), &file.hash)
            .await
            .map_err(|e| match e {
                TargetError::Permanent(m) => TargetError::Permanent(format!(
                    "the image {}/{} ({}, {} bytes): {m}",
                    file.hash,
                    file.name,
                    file.mime,
                    file.bytes.len()
                )),
                other => other,
            })?;
        Ok(MediaPut::At(url))
    }

    /// The address of the page's share card in Ghost: the post's feature image when it is
    /// this card already, else found or uploaded now (drawn only then).
    pub(super) async fn card_url(
        &self,
        page: &OutgoingPage,
        current: Option<&str>,
    ) -> Result<String, TargetError> {
        let name = format!("{}.png", page.card.file_stem(&page.slug));
        if let Some(url) = current.filter(|u| u.ends_with(&format!("/{name}"))) {
            if let Some(url) = usable_address(url) {
                return Ok(url);
            }
        }
        if let Some(url) = self.find_upload(&name).await? {
            return Ok(url);
        }
        let png = page.card.png().await?;
        self.upload(&name, "image/png", png, &page.slug).await
    }

    /// Where Ghost serves an upload named `name`, if it holds one (this month's folder or
    /// last month's: an upload made just before midnight of the month's end).
    async fn find_upload(&self, name: &str) -> Result<Option<String>, TargetError> {
        let now = Utc::now();
        let last_month = now
            .with_day(1)
            .and_then(|d| d.checked_sub_signed(chrono::Duration::days(1)))
            .unwrap_or(now);
        for at in [now, last_month] {
            let url = self.site.join(&format!(
                "content/images/{:04}/{:02}/{name}",
                at.year(),
                at.month()
            ));
            let Ok(url) = url else { continue };
            let response = self
                .client
                .head(url.clone())
                .send()
                .await
                .map_err(reply::transport)?;
            match response.status() {
                StatusCode::OK => return Ok(usable_address(url.as_str())),
                s if s.is_server_error() => return Err(reply::unexpected(response, &WORDING).await),
                _ => {}
            }
        }
        Ok(None)
    }

    /// `POST /images/upload/`: the file as multipart form data; the address Ghost gives it.
    async fn upload(
        &self,
        name: &str,
        mime: &str,
        bytes: Vec<u8>,
        reference: &str,
    ) -> Result<String, TargetError> {
        let boundary = format!("verdict-{}", uuid::Uuid::new_v4().simple());
        let mut body = Vec::with_capacity(bytes.len() + 512);
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: {mime}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(&bytes);
        for (field, value) in [("purpose", "image"), ("ref", reference)] {
            body.extend_from_slice(
                format!(
                    "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let response = self
            .request(reqwest::Method::POST, self.api("images/upload/"))
            .header(
                reqwest::header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .map_err(reply::transport)?;
        if !matches!(response.status(), StatusCode::OK | StatusCode::CREATED) {
            return Err(super::refused(response).await);
        }
        let uploaded: Uploaded = reply::read_json(response, &WORDING).await?;
        let url = uploaded.images.into_iter().next().map(|i| i.url);
        url.as_deref().and_then(usable_address).ok_or_else(|| {
            TargetError::Permanent(format!(
                "Ghost keeps the upload {name} at an address a page cannot name: {:?}",
                url.map(|u| reply::error_detail(&u))
            ))
        })
    }
}
