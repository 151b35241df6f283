//! Reading pages back from Ghost: the post through the Admin API (`formats=html`, GET only),
//! then the post's public address in the site's theme.

use async_trait::async_trait;

use super::{said, ReadBack, Serving, StoredCopy};
use crate::publish::ghost::{card_html, GhostTarget};
use crate::publish::{OutgoingPage, RemoteRecord, TargetError};
use crate::store::receipts::Place;

pub(super) struct Ghost {
    pub(super) target: GhostTarget,
}

#[async_trait]
impl ReadBack for Ghost {
    fn who(&self) -> &str {
        "Ghost"
    }

    fn serving(&self) -> Serving {
        Serving::Embedded
    }

    /// What the desk sends as the post's HTML: the article in its card.
    fn sent(&self, page: &OutgoingPage) -> String {
        card_html(page)
    }

    async fn stored(
        &self,
        page: &OutgoingPage,
        record: &RemoteRecord,
    ) -> Result<Option<StoredCopy>, TargetError> {
        let Some(post) = self.target.read_back(record, &page.slug).await? else {
            return Ok(None);
        };
        let mut findings = Vec::new();
        match post.status.as_str() {
            "published" => {}
            // Ghost's missed schedules (its issues #8485, #10674): the desk says published.
            "scheduled" => findings.push(said(
                Place::Stored,
                "status",
                format!(
                    "Ghost still holds the post as scheduled{}: readers cannot see it",
                    post.published_at
                        .as_deref()
                        .map(|at| format!(" for {at}"))
                        .unwrap_or_default()
                ),
            )),
            other => findings.push(said(
                Place::Stored,
                "status",
                format!("the post is not public in Ghost: its status is “{other}”"),
            )),
        }
        if post.edited {
            findings.push(said(
                Place::Stored,
                "edited",
                "the post was edited in Ghost since the desk published it".into(),
            ));
        }
        // The share card is the post's feature image, uploaded under the card's name.
        let stem = page.card.file_stem(&page.slug);
        if !post
            .feature_image
            .as_deref()
            .is_some_and(|image| image.contains(&stem))
        {
            findings.push(said(
                Place::Stored,
                "share_card",
                "the post's feature image is not the page's share card".into(),
            ));
        }
        // Only a published post has an address readers can open (a draft's is a preview).
        let public_url = (post.status == "published")
            .then(|| post.url.clone().or_else(|| record.url.clone()))
            .flatten();
        // Ghost's own record of when it published the post (for a scheduled page, when its
        // scheduler did, with every desk closed).
        let published_at = (post.status == "published")
            .then_some(post.published_at.as_deref())
            .flatten()
            .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
            .map(|at| at.with_timezone(&chrono::Utc));
        Ok(Some(StoredCopy {
            title: Some(post.title),
            html: post.html,
            public_url,
            findings,
            published_at,
        }))
    }
}
