//! A post read back for verified publishing (publish/verify/ghost.rs): GET only.

use super::GhostTarget;
use crate::publish::{RemoteRecord, TargetError};

/// A post as verifying reads it back (publish/verify/ghost.rs): what Ghost stores and serves.
#[derive(Debug, Clone)]
pub struct PostReadBack {
    pub title: String,
    /// The post's HTML as Ghost renders it (our card's article).
    pub html: String,
    /// Ghost's status: `published`, `scheduled`, `draft`.
    pub status: String,
    /// The post's public address, when it has one readers can open.
    pub url: Option<String>,
    pub published_at: Option<String>,
    pub feature_image: Option<String>,
    /// Changed in Ghost since the desk wrote it (beyond Ghost publishing it on schedule).
    pub edited: bool,
}

impl GhostTarget {
    /// The post last written as `record` (found by id, else by slug), read only; `None` when
    /// Ghost no longer has it.
    pub async fn read_back(
        &self,
        record: &RemoteRecord,
        slug: &str,
    ) -> Result<Option<PostReadBack>, TargetError> {
        let post = match record.remote_id.as_deref() {
            Some(id) => self.post_by_id(id).await?,
            None => self.post_by_slug(slug).await?,
        };
        Ok(post.map(|post| PostReadBack {
            edited: !Self::unchanged_since(&post, record),
            title: post.title.unwrap_or_default(),
            html: post.html.unwrap_or_default(),
            url: post
                .url
                .as_deref()
                .and_then(crate::publish::wordpress::usable_address),
            status: post.status,
            published_at: post.published_at,
            feature_image: post.feature_image,
        }))
    }
}
