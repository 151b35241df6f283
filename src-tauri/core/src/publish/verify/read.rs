//! Reading pages back from the page API, WordPress and the folder (Ghost: ghost.rs): the stored copy, with
//! GET requests (or a file read) only.

use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use reqwest::{Client, StatusCode};
use serde::Deserialize;

use super::{said, ReadBack, Serving, StoredCopy};
use crate::publish::ghost::GhostTarget;
use crate::publish::reply::{self, Wording};
use crate::publish::{wordpress, TargetKind};
use crate::publish::{OutgoingPage, PublishError, RemoteRecord, TargetConfig, TargetError};
use crate::secrets::SecretStore;
use crate::store::receipts::Place;

/// The reader for a stored target, with its secret from `secrets`.
pub fn reader_for(
    config: &TargetConfig,
    secrets: &dyn SecretStore,
) -> Result<Arc<dyn ReadBack>, PublishError> {
    let secret = || -> Result<String, PublishError> {
        secrets.get(&config.name)?.ok_or_else(|| PublishError::NoSecret {
            target: config.name.clone(),
            what: match config.kind {
                TargetKind::Wordpress => "application password",
                TargetKind::Ghost => "Admin API key",
                _ => "token",
            },
            hint: format!(
                "store it with `verdict target add {} … --secret-env VAR`, or give it at run time in {}",
                config.name,
                crate::secrets::env_var_name(&config.name)
            ),
        })
    };
    let bad = |e: String| PublishError::Target {
        target: config.name.clone(),
        source: TargetError::Permanent(e),
    };
    let base = || -> Result<url::Url, PublishError> {
        let mut base = url::Url::parse(&config.url)
            .map_err(|e| bad(format!("the URL cannot be read: {e}")))?;
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        Ok(base)
    };
    let client = || {
        Client::builder()
            .user_agent(concat!(
                "VerdictDesk/",
                env!("CARGO_PKG_VERSION"),
                " (verify)"
            ))
            .connect_timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| bad(e.to_string()))
    };
    Ok(match config.kind {
        TargetKind::Http => Arc::new(PageApi {
            base: base()?,
            token: secret()?,
            client: client()?,
        }),
        TargetKind::Wordpress => Arc::new(Wordpress {
            api: base()?
                .join("wp-json/wp/v2/")
                .map_err(|e| bad(e.to_string()))?,
            user: config.user.clone().unwrap_or_default(),
            password: secret()?,
            client: client()?,
        }),
        TargetKind::Folder => Arc::new(Folder {
            root: PathBuf::from(&config.url),
        }),
        TargetKind::Ghost => Arc::new(super::ghost::Ghost {
            target: GhostTarget::new(&config.url, &secret()?)?,
        }),
    })
}

const API: Wording = Wording {
    who: "the page server",
    retry_timeout: true,
    refused: |status, _| format!("the page server refused the token ({status})"),
    unreadable: "the page server's reply is not what the page API promises",
};

const WP: Wording = Wording {
    who: "WordPress",
    retry_timeout: false,
    refused: |status, detail| {
        format!("WordPress refused the user or application password ({status}): {detail}")
    },
    unreadable: "WordPress's reply cannot be read",
};

/// The page API (docs/publishing-api.md): `GET /pages/{slug}`.
struct PageApi {
    base: url::Url,
    token: String,
    client: Client,
}

#[derive(Deserialize)]
struct PageResource {
    #[serde(default)]
    title: String,
    #[serde(default)]
    content_hash: Option<String>,
    #[serde(default)]
    html: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    share_card: Option<Card>,
}

#[derive(Deserialize)]
struct Card {
    content_hash: String,
}

#[async_trait]
impl ReadBack for PageApi {
    fn who(&self) -> &str {
        "the page server"
    }

    fn serving(&self) -> Serving {
        Serving::Document
    }

    async fn stored(
        &self,
        page: &OutgoingPage,
        record: &RemoteRecord,
    ) -> Result<Option<StoredCopy>, TargetError> {
        let url = self
            .base
            .join(&format!("pages/{}", page.slug))
            .expect("slugs join");
        let response = self
            .client
            .get(url)
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(reply::transport)?;
        match response.status() {
            StatusCode::OK => {}
            // Only the API's own 404 says the page is gone; anything else is not the API.
            StatusCode::NOT_FOUND => {
                let body = response.text().await.unwrap_or_default();
                return match reply::error_code(&body).as_deref() {
                    Some("not_found") => Ok(None),
                    _ => Err(TargetError::Permanent(
                        "the page's address answered 404, not as the page API does: check the \
                         target's URL"
                            .into(),
                    )),
                };
            }
            _ => return Err(reply::unexpected(response, &API).await),
        }
        let resource: PageResource = reply::read_json(response, &API).await?;
        let mut findings = Vec::new();
        if resource.content_hash.as_deref() != Some(page.content_hash.as_str()) {
            findings.push(said(
                Place::Stored,
                "edited",
                "the page was changed on the page server since the desk published it".into(),
            ));
        }
        if let Some(card) = &resource.share_card {
            if card.content_hash != page.card.hash {
                findings.push(said(
                    Place::Stored,
                    "share_card",
                    "the page server holds another share card than the page's".into(),
                ));
            }
        }
        Ok(Some(StoredCopy {
            title: Some(resource.title),
            html: resource.html,
            public_url: resource.url.or_else(|| record.url.clone()),
            findings,
            published_at: None,
        }))
    }
}

/// WordPress's REST API: the post, `context=edit` for its raw content.
struct Wordpress {
    api: url::Url,
    user: String,
    password: String,
    client: Client,
}

#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    raw: Option<String>,
    #[serde(default)]
    rendered: Option<String>,
}

impl Raw {
    fn text(&self) -> String {
        self.raw
            .clone()
            .or_else(|| self.rendered.clone())
            .unwrap_or_default()
    }
}

#[derive(Deserialize)]
struct Post {
    #[serde(default)]
    link: Option<String>,
    #[serde(default)]
    status: String,
    #[serde(default)]
    modified_gmt: String,
    title: Raw,
    content: Raw,
    #[serde(default)]
    featured_media: u64,
}

#[derive(Deserialize)]
struct Media {
    #[serde(default)]
    slug: String,
}

impl Wordpress {
    async fn get(&self, path: &str) -> Result<Option<reqwest::Response>, TargetError> {
        let mut url = self.api.join(path).expect("relative API paths join");
        url.set_query(Some("context=edit"));
        let response = self
            .client
            .get(url)
            .basic_auth(&self.user, Some(&self.password))
            .send()
            .await
            .map_err(reply::transport)?;
        match response.status() {
            StatusCode::OK => Ok(Some(response)),
            StatusCode::NOT_FOUND | StatusCode::GONE => Ok(None),
            _ => Err(reply::unexpected(response, &WP).await),
        }
    }
}

#[async_trait]
impl ReadBack for Wordpress {
    fn who(&self) -> &str {
        "WordPress"
    }

    fn serving(&self) -> Serving {
        Serving::Embedded
    }

    fn sent(&self, page: &OutgoingPage) -> String {
        wordpress::post_body(page)
    }

    async fn stored(
        &self,
        page: &OutgoingPage,
        record: &RemoteRecord,
    ) -> Result<Option<StoredCopy>, TargetError> {
        let Some(id) = record.remote_id.as_deref() else {
            return Ok(None);
        };
        let Some(response) = self.get(&format!("posts/{id}")).await? else {
            return Ok(None);
        };
        let post: Post = reply::read_json(response, &WP).await?;
        if post.status == "trash" {
            return Ok(None);
        }
        let mut findings = Vec::new();
        if post.status != "publish" {
            findings.push(said(
                Place::Stored,
                "status",
                format!(
                    "the post is not public in WordPress: its status is “{}”",
                    post.status
                ),
            ));
        }
        if post.modified_gmt != record.version {
            findings.push(said(
                Place::Stored,
                "edited",
                "the post was edited in WordPress since the desk published it".into(),
            ));
        }
        // The share card is the post's featured image, named after the card's hash.
        let card_ok = if post.featured_media == 0 {
            false
        } else {
            match self.get(&format!("media/{}", post.featured_media)).await? {
                Some(r) => reply::read_json::<Media>(r, &WP)
                    .await?
                    .slug
                    .starts_with(&page.card.file_stem(&page.slug)),
                None => false,
            }
        };
        if !card_ok {
            findings.push(said(
                Place::Stored,
                "share_card",
                "the post's featured image is not the page's share card".into(),
            ));
        }
        Ok(Some(StoredCopy {
            title: Some(post.title.text()),
            html: wordpress::without_marker(&post.content.text()),
            public_url: post.link.or_else(|| record.url.clone()),
            findings,
            published_at: None,
        }))
    }
}

/// The folder: the page's file is what readers get.
struct Folder {
    root: PathBuf,
}

#[async_trait]
impl ReadBack for Folder {
    fn who(&self) -> &str {
        "the folder"
    }

    fn serving(&self) -> Serving {
        Serving::Document
    }

    async fn stored(
        &self,
        page: &OutgoingPage,
        _record: &RemoteRecord,
    ) -> Result<Option<StoredCopy>, TargetError> {
        let path = self
            .root
            .join(crate::render::comparison_path(&page.slug))
            .join("index.html");
        // A page file is small: read where we are rather than on the blocking pool.
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(TargetError::Transient(format!("{}: {e}", path.display())));
            }
        };
        Ok(Some(StoredCopy {
            title: None,
            html: String::from_utf8_lossy(&bytes).into_owned(),
            public_url: None,
            findings: Vec::new(),
            published_at: None,
        }))
    }
}
