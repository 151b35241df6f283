//! The Ghost target: posts through Ghost's Admin API with an Admin API key (docs/
//! publishing-ghost.md). Ghost refuses an update whose `updated_at` is not the post's current
//! one (409 `UPDATE_COLLISION`), which is how an edit made in Ghost becomes a conflict here.
//! Ghost has no idempotency keys: every post carries the hash of the content we sent in its
//! head injection, so a retried create finds the post an unanswered attempt made (by its
//! slug) instead of making a second one. Scheduled pages go ahead as Ghost `scheduled` posts.

use async_trait::async_trait;
use reqwest::{Client, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};

use super::reply::{self, Wording};
use super::{OutgoingPage, PublishError, RemoteCopy, RemoteRecord, Target, TargetError};

mod content;
mod errors;
mod images;
mod read_back;
mod token;

use errors::{plain, refused};

pub use content::{article, card_html, marked_hash, scoped_css, INTERNAL_TAG, SCOPE};
pub use images::image_name;
pub use read_back::PostReadBack;

/// A five-minute Admin API token for `key` (`id:secret`), as the target signs its requests;
/// for scripts and tests that speak to the Admin API themselves.
pub fn admin_token(key: &str) -> Result<String, String> {
    Ok(token::AdminKey::parse(key)?.token(chrono::Utc::now().timestamp()))
}

/// What unpublishing does to a post: moves it back to draft (the default: it can be published
/// again from Ghost), or deletes it (`?unpublish=delete` on the target's address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpublish {
    Draft,
    Delete,
}

pub struct GhostTarget {
    /// The site's address, ending in `/`.
    site: url::Url,
    key: token::AdminKey,
    unpublish: Unpublish,
    client: Client,
}

/// A post as far as the target reads it.
#[derive(Debug, Clone, Deserialize)]
struct Post {
    id: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    status: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    updated_at: String,
    #[serde(default)]
    published_at: Option<String>,
    #[serde(default)]
    custom_excerpt: Option<String>,
    #[serde(default)]
    feature_image: Option<String>,
    #[serde(default)]
    codeinjection_head: Option<String>,
}

impl Post {
    /// What the post says, apart from when and whether it is shown: a change here made in
    /// Ghost is an edit; a change of status alone (Ghost publishing a scheduled post) is not.
    fn fingerprint(&self) -> String {
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        let hash = crate::util::hash(&[
            text(&self.title).as_bytes(),
            text(&self.html).as_bytes(),
            text(&self.custom_excerpt).as_bytes(),
            text(&self.feature_image).as_bytes(),
            text(&self.codeinjection_head).as_bytes(),
            self.slug.as_bytes(),
        ]);
        hash.chars().take(16).collect()
    }

    /// The version kept for the post: Ghost's `updated_at` and the fingerprint.
    fn version(&self) -> String {
        format!("{} {}", self.updated_at, self.fingerprint())
    }

    fn ours(&self) -> Option<&str> {
        self.codeinjection_head.as_deref().and_then(marked_hash)
    }
}

#[derive(Debug, Deserialize)]
struct Posts {
    posts: Vec<Post>,
}

/// How Ghost's failures read.
const WORDING: Wording = Wording {
    who: "Ghost",
    retry_timeout: false,
    refused: |status, detail| format!("Ghost refused the Admin API key ({status}): {detail}"),
    unreadable: "Ghost's reply cannot be read",
};

impl GhostTarget {
    pub fn new(site: &str, key: &str) -> Result<GhostTarget, PublishError> {
        let bad = |e: String| PublishError::Target {
            target: site.to_string(),
            source: TargetError::Permanent(e),
        };
        let mut site_url =
            url::Url::parse(site).map_err(|e| bad(format!("the URL cannot be read: {e}")))?;
        let unpublish = match site_url
            .query_pairs()
            .find(|(k, _)| k == "unpublish")
            .map(|(_, v)| v.to_string())
            .as_deref()
        {
            None | Some("draft") => Unpublish::Draft,
            Some("delete") => Unpublish::Delete,
            Some(other) => {
                return Err(bad(format!(
                    "the address's unpublish= must be draft or delete, not \"{}\"",
                    plain(other)
                )))
            }
        };
        site_url.set_query(None);
        site_url.set_fragment(None);
        if !site_url.path().ends_with('/') {
            site_url.set_path(&format!("{}/", site_url.path()));
        }
        let key = token::AdminKey::parse(key).map_err(bad)?;
        let client = Client::builder()
            .user_agent(concat!("VerdictDesk/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| bad(e.to_string()))?;
        Ok(GhostTarget {
            site: site_url,
            key,
            unpublish,
            client,
        })
    }

    fn api(&self, path: &str) -> url::Url {
        self.site
            .join("ghost/api/admin/")
            .and_then(|a| a.join(path))
            .expect("relative API paths join")
    }

    fn request(&self, method: reqwest::Method, url: url::Url) -> reqwest::RequestBuilder {
        let now = chrono::Utc::now().timestamp();
        self.client
            .request(method, url)
            .header(
                reqwest::header::AUTHORIZATION,
                format!("Ghost {}", self.key.token(now)),
            )
            .header("Accept-Version", "v5.0")
    }

    /// A post by id, or `None` when it is gone.
    async fn post_by_id(&self, id: &str) -> Result<Option<Post>, TargetError> {
        let mut url = self.api(&format!("posts/{id}/"));
        url.set_query(Some("formats=html"));
        self.one_post(url).await
    }

    async fn post_by_slug(&self, slug: &str) -> Result<Option<Post>, TargetError> {
        let mut url = self.api(&format!("posts/slug/{slug}/"));
        url.set_query(Some("formats=html"));
        self.one_post(url).await
    }

    async fn one_post(&self, url: url::Url) -> Result<Option<Post>, TargetError> {
        let response = self
            .request(reqwest::Method::GET, url)
            .send()
            .await
            .map_err(reply::transport)?;
        match response.status() {
            StatusCode::OK => {
                let posts: Posts = reply::read_json(response, &WORDING).await?;
                Ok(posts.posts.into_iter().next())
            }
            StatusCode::NOT_FOUND => Ok(None),
            _ => Err(refused(response).await),
        }
    }

    fn record(&self, post: &Post, page: &OutgoingPage) -> RemoteRecord {
        RemoteRecord {
            remote_id: Some(post.id.clone()),
            url: post
                .url
                .as_deref()
                .and_then(super::wordpress::usable_address),
            content_hash: page.content_hash.clone(),
            version: post.version(),
        }
    }

    fn copy(&self, post: &Post) -> RemoteCopy {
        RemoteCopy {
            remote_id: Some(post.id.clone()),
            version: Some(post.version()),
            url: post
                .url
                .as_deref()
                .and_then(super::wordpress::usable_address),
            // Their copy is never taken for ours, even when it still carries our marker: an
            // overwrite decided on it must send our page.
            content_hash: None,
            fields: json!({
                "title": post.title.clone().unwrap_or_default(),
                "content": super::visible_text(post.html.as_deref().unwrap_or_default()),
            }),
        }
    }

    /// The post as we send it: the page's fields, its status and time.
    fn body(&self, page: &OutgoingPage, card: &str, current: Option<&Post>) -> Value {
        let mut post = content::post_fields(page, &self.site, Some(card));
        let now = chrono::Utc::now();
        match page.publish_at {
            Some(at) if at > now => {
                post["status"] = json!("scheduled");
                post["published_at"] = json!(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
            }
            _ => {
                post["status"] = json!("published");
                // A post Ghost already published keeps its date; one that was scheduled for
                // later than now is published now.
                if current.is_some_and(|p| p.status == "scheduled") {
                    post["published_at"] =
                        json!(now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
                }
            }
        }
        if let Some(current) = current {
            post["updated_at"] = json!(current.updated_at);
        }
        post
    }

    /// Creates the post, or updates `current` with its `updated_at` as the precondition.
    async fn write(&self, current: Option<&Post>, body: Value) -> Result<Post, TargetError> {
        let (method, mut url) = match current {
            Some(p) => (reqwest::Method::PUT, self.api(&format!("posts/{}/", p.id))),
            None => (reqwest::Method::POST, self.api("posts/")),
        };
        url.set_query(Some("source=html&formats=html"));
        let response = self
            .request(method, url)
            .json(&json!({ "posts": [body] }))
            .send()
            .await
            .map_err(reply::transport)?;
        match response.status() {
            StatusCode::OK | StatusCode::CREATED => {
                let posts: Posts = reply::read_json(response, &WORDING).await?;
                posts.posts.into_iter().next().ok_or_else(|| {
                    TargetError::Permanent("Ghost answered the write without the post".into())
                })
            }
            StatusCode::CONFLICT => {
                // Edited in Ghost between our read and our write: their copy, as it is now.
                let copy = match current {
                    Some(p) => self
                        .post_by_id(&p.id)
                        .await?
                        .map(|p| Box::new(self.copy(&p))),
                    None => None,
                };
                Err(TargetError::Conflict(copy))
            }
            _ => Err(refused(response).await),
        }
    }

    /// Whether `post` is as we left it: the version we recorded, or only its status or time
    /// changed since (Ghost published it on schedule).
    fn unchanged_since(post: &Post, last: &RemoteRecord) -> bool {
        if post.version() == last.version {
            return true;
        }
        last.version
            .split_once(' ')
            .is_some_and(|(_, fingerprint)| fingerprint == post.fingerprint())
    }
}

#[async_trait]
impl Target for GhostTarget {
    async fn check(&self) -> Result<String, TargetError> {
        let response = self
            .request(reqwest::Method::GET, self.api("site/"))
            .send()
            .await
            .map_err(reply::transport)?;
        if response.status() != StatusCode::OK {
            return Err(refused(response).await);
        }
        #[derive(Deserialize)]
        struct Site {
            site: SiteInfo,
        }
        #[derive(Deserialize)]
        struct SiteInfo {
            #[serde(default)]
            title: String,
            #[serde(default)]
            version: String,
        }
        let site: Site = reply::read_json(response, &WORDING).await.map_err(|_| {
            TargetError::Permanent(format!(
                "{} does not answer as a Ghost site (its /ghost/api/admin/site/ is not Ghost's)",
                self.site
            ))
        })?;
        // The site answers anyone; the key is tried on the posts.
        let mut url = self.api("posts/");
        url.set_query(Some("limit=1&fields=id"));
        let response = self
            .request(reqwest::Method::GET, url)
            .send()
            .await
            .map_err(reply::transport)?;
        if response.status() != StatusCode::OK {
            return Err(refused(response).await);
        }
        Ok(format!(
            "Ghost {} at {}, \"{}\", the Admin API key accepted",
            plain(&site.site.version),
            self.site,
            plain(&site.site.title)
        ))
    }

    fn schedules(&self) -> bool {
        true
    }

    async fn media(&self) -> Result<super::media::MediaMode, TargetError> {
        Ok(super::media::MediaMode::Library)
    }

    async fn put_media(
        &self,
        file: &super::media::MediaFile,
    ) -> Result<super::media::MediaPut, TargetError> {
        self.put_image(file).await
    }

    async fn put(
        &self,
        page: &OutgoingPage,
        last: Option<&RemoteRecord>,
        overwrite: bool,
        _key: &str,
    ) -> Result<RemoteRecord, TargetError> {
        let known = last.filter(|l| !l.version.is_empty());
        let existing = match last.and_then(|l| l.remote_id.as_deref()) {
            Some(id) => match self.post_by_id(id).await? {
                Some(post) => Some(post),
                None if overwrite || known.is_none() => self.post_by_slug(&page.slug).await?,
                None => return Err(TargetError::Conflict(None)),
            },
            // Never answered, or never sent: an earlier attempt may have made it.
            None => self.post_by_slug(&page.slug).await?,
        };
        if let Some(post) = &existing {
            let ours_now = post.ours() == Some(page.content_hash.as_str());
            let changed_there = match known {
                // Our own write whose answer was lost also changed it: not an edit there.
                Some(l) => !Self::unchanged_since(post, l) && !ours_now,
                // A post of ours that unpublishing moved to draft, or that an unanswered
                // attempt made, is ours to write again; anyone else's is not.
                None => !(ours_now || (post.ours().is_some() && post.status == "draft")),
            };
            if changed_there && !overwrite {
                return Err(TargetError::Conflict(Some(Box::new(self.copy(post)))));
            }
            let scheduled_as_asked = match page.publish_at {
                Some(at) => {
                    post.status == "scheduled"
                        && post
                            .published_at
                            .as_deref()
                            .and_then(|p| chrono::DateTime::parse_from_rfc3339(p).ok())
                            == Some(at.into())
                }
                None => post.status == "published",
            };
            if ours_now && scheduled_as_asked && !changed_there {
                return Ok(self.record(post, page));
            }
        }
        let card = self
            .card_url(
                page,
                existing.as_ref().and_then(|p| p.feature_image.as_deref()),
            )
            .await?;
        let body = self.body(page, &card, existing.as_ref());
        let post = self.write(existing.as_ref(), body).await?;
        Ok(self.record(&post, page))
    }

    async fn delete(
        &self,
        slug: &str,
        last: Option<&RemoteRecord>,
        _key: &str,
    ) -> Result<(), TargetError> {
        let Some(last) = last.filter(|l| !l.version.is_empty()) else {
            return Ok(());
        };
        let post = match last.remote_id.as_deref() {
            Some(id) => self.post_by_id(id).await?,
            None => self.post_by_slug(slug).await?,
        };
        let Some(post) = post else {
            return Ok(());
        };
        if post.status == "draft" && self.unpublish == Unpublish::Draft {
            return Ok(()); // an earlier attempt did it
        }
        if !Self::unchanged_since(&post, last) {
            return Err(TargetError::Conflict(Some(Box::new(self.copy(&post)))));
        }
        match self.unpublish {
            Unpublish::Draft => {
                let body = json!({ "status": "draft", "updated_at": post.updated_at });
                self.write(Some(&post), body).await.map(drop)
            }
            Unpublish::Delete => {
                let response = self
                    .request(
                        reqwest::Method::DELETE,
                        self.api(&format!("posts/{}/", post.id)),
                    )
                    .send()
                    .await
                    .map_err(reply::transport)?;
                match response.status() {
                    StatusCode::OK | StatusCode::NO_CONTENT | StatusCode::NOT_FOUND => Ok(()),
                    _ => Err(refused(response).await),
                }
            }
        }
    }
}
