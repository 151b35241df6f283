//! The HTTP page API target (docs/publishing-api.md): PUT/DELETE/GET /pages/{slug} with a bearer
//! token, preconditions on every write and an idempotency key; optional features (the share
//! card) only for a server that lists them.

use std::sync::OnceLock;

use async_trait::async_trait;
use reqwest::{header, Client, Response, StatusCode};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::OnceCell;

use super::capabilities::{Capabilities, Service};
use super::reply::{self, Wording};
use super::{OutgoingPage, PublishError, RemoteCopy, RemoteRecord, Target, TargetError, VoteCount};

pub struct HttpTarget {
    base: url::Url,
    token: String,
    client: Client,
    /// Read before the first write: a run makes one client per target, so once per run,
    /// and a server updated between runs is read afresh. A failed read is not kept.
    capabilities: OnceCell<Capabilities>,
    /// Why share cards are not sent to this server, once that is known (said once per run).
    no_cards: OnceLock<String>,
    /// Why images are not sent to this server, once a page that shows any met it.
    no_media: OnceLock<String>,
}

/// The page resource the API answers with.
#[derive(Debug, Deserialize)]
struct PageResource {
    #[serde(default)]
    title: String,
    #[serde(default)]
    content_hash: Option<String>,
    #[serde(default)]
    page: serde_json::Value,
    #[serde(default)]
    html: String,
    #[serde(default)]
    etag: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    share_card: Option<CardResource>,
}

/// The share card the API holds for a page.
#[derive(Debug, Deserialize)]
struct CardResource {
    content_hash: String,
}

#[derive(Debug, Deserialize)]
struct Precondition {
    #[serde(default)]
    current: Option<PageResource>,
}

#[derive(Debug, Deserialize)]
struct Votes {
    votes: Vec<VoteCount>,
}

impl HttpTarget {
    pub fn new(base: &str, token: String) -> Result<HttpTarget, PublishError> {
        let mut base = url::Url::parse(base).map_err(|e| PublishError::Target {
            target: base.to_string(),
            source: TargetError::Permanent(format!("the URL cannot be read: {e}")),
        })?;
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        let client = Client::builder()
            .user_agent(concat!("VerdictDesk/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| PublishError::Target {
                target: base.to_string(),
                source: TargetError::Permanent(e.to_string()),
            })?;
        Ok(HttpTarget {
            base,
            token,
            client,
            capabilities: OnceCell::new(),
            no_cards: OnceLock::new(),
            no_media: OnceLock::new(),
        })
    }

    fn url(&self, path: &str) -> url::Url {
        self.base.join(path).expect("relative API paths join")
    }

    fn page_url(&self, slug: &str) -> url::Url {
        // Slugs are validated ([a-z0-9-]), so they need no escaping.
        self.url(&format!("pages/{slug}"))
    }

    fn copy(&self, current: PageResource) -> RemoteCopy {
        copy_of(current)
    }
}

/// The target's copy as the conflict shows it, in the shape of [`super::comparable`].
fn copy_of(r: PageResource) -> RemoteCopy {
    RemoteCopy {
        remote_id: None,
        version: r.etag,
        url: r.url,
        content_hash: r.content_hash,
        fields: json!({
            "title": r.title,
            "body": super::visible_text(&r.html),
            "page": r.page,
        }),
    }
}

/// How the page API's failures read.
const WORDING: Wording = Wording {
    who: "the endpoint",
    retry_timeout: true,
    refused: |status, _| {
        format!("the endpoint refused the token ({status}); check the target's token")
    },
    unreadable: "the endpoint's reply is not what the page API promises",
};

fn etag_of(response: &Response) -> Option<String> {
    response
        .headers()
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

mod media;
mod service;
use service::{not_found, NotFound};

/// The kinds of reply body the page API sends.
#[derive(Debug, Clone, Copy)]
pub enum Reply {
    Page,
    Precondition,
    Votes,
    Service,
}

/// Reads a reply body the way the target does, down to the remote copy a conflict would
/// show: the entry point for fuzzing the parsers of untrusted endpoint replies.
pub fn read_reply(kind: Reply, bytes: &[u8]) -> Result<Option<RemoteCopy>, TargetError> {
    let copy = copy_of;
    Ok(match kind {
        Reply::Page => Some(copy(reply::parse(bytes, &WORDING)?)),
        Reply::Precondition => reply::parse::<Precondition>(bytes, &WORDING)?
            .current
            .map(copy),
        Reply::Votes => {
            reply::parse::<Votes>(bytes, &WORDING)?;
            None
        }
        Reply::Service => {
            Capabilities::from_service(reply::parse::<Service>(bytes, &WORDING)?)?;
            None
        }
    })
}

impl HttpTarget {
    async fn current(&self, slug: &str) -> Result<Option<PageResource>, TargetError> {
        let response = self
            .client
            .get(self.page_url(slug))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(reply::transport)?;
        match response.status() {
            StatusCode::OK => {
                let etag = etag_of(&response);
                let mut page: PageResource = reply::read_json(response, &WORDING).await?;
                page.etag = etag.or(page.etag);
                Ok(Some(page))
            }
            StatusCode::NOT_FOUND => match not_found(response).await {
                NotFound::Api => Ok(None),
                NotFound::Elsewhere(detail) => {
                    Err(self.no_route("GET", &self.page_url(slug), &detail))
                }
            },
            _ => Err(reply::unexpected(response, &WORDING).await),
        }
    }

    async fn send(
        &self,
        page: &OutgoingPage,
        precondition: (header::HeaderName, String),
        key: &str,
    ) -> Result<Response, TargetError> {
        let body = json!({
            "slug": page.slug,
            "title": page.title,
            "content_hash": page.content_hash,
            "page": page.page,
            "html": page.html,
        });
        self.client
            .put(self.page_url(&page.slug))
            .bearer_auth(&self.token)
            .header("Idempotency-Key", key)
            .header(precondition.0, precondition.1)
            .json(&body)
            .send()
            .await
            .map_err(reply::transport)
    }
}

impl HttpTarget {
    /// Uploads the page's share card unless the API already holds this one. Runs after the
    /// page's write, so a card never arrives for a page the API refused; a retry of the job
    /// repeats the page's write (answered from the API's idempotency record) and then this.
    async fn ensure_card(
        &self,
        page: &OutgoingPage,
        held: Option<&CardResource>,
        key: &str,
    ) -> Result<(), TargetError> {
        if held.map(|c| c.content_hash.as_str()) == Some(page.card.hash.as_str())
            || self.no_cards.get().is_some()
        {
            return Ok(());
        }
        let png = page.card.png().await?;
        let url = self.url(&format!("pages/{}/share-card", page.slug));
        let response = self
            .client
            .put(url.clone())
            .bearer_auth(&self.token)
            .header("Idempotency-Key", format!("{key}-card"))
            .header("Content-Hash", &page.card.hash)
            .header(header::CONTENT_TYPE, "image/png")
            .body(png)
            .send()
            .await
            .map_err(reply::transport)?;
        match response.status() {
            StatusCode::OK | StatusCode::CREATED => Ok(()),
            StatusCode::NOT_FOUND => {
                let why = match not_found(response).await {
                    // The API's own answer: the page went between its write and its card's
                    // (someone removed it there), or the server has no such route after all.
                    NotFound::Api => match self.current(&page.slug).await? {
                        None => return Err(TargetError::Conflict(None)),
                        Some(_) => format!(
                            "PUT {url} answered 404 for a page the server holds, although it \
                             lists share-card: it has no such route"
                        ),
                    },
                    NotFound::Elsewhere(detail) => format!(
                        "PUT {url} answered 404 Not Found, not as the page API does ({detail}), \
                         although the server lists share-card: something in front of it may not \
                         pass that route"
                    ),
                };
                // The page itself is stored: that write stands, without its card.
                tracing::warn!(%url, reason = %why, "share cards are not sent to this server");
                let _ = self.no_cards.set(why);
                Ok(())
            }
            _ => Err(reply::unexpected(response, &WORDING).await),
        }
    }
}

#[async_trait]
impl Target for HttpTarget {
    async fn check(&self) -> Result<String, TargetError> {
        self.describe().await
    }

    async fn put(
        &self,
        page: &OutgoingPage,
        last: Option<&RemoteRecord>,
        overwrite: bool,
        key: &str,
    ) -> Result<RemoteRecord, TargetError> {
        // Before anything is written: a server of another version is not written to.
        self.capabilities().await?;
        let precondition = if overwrite {
            // The publisher chose ours over whatever is there now.
            match self.current(&page.slug).await? {
                Some(current) => (
                    header::IF_MATCH,
                    current.etag.unwrap_or_else(|| "\"\"".into()),
                ),
                None => (header::IF_NONE_MATCH, "*".to_string()),
            }
        } else {
            match last.filter(|l| !l.version.is_empty()) {
                Some(last) => (header::IF_MATCH, last.version.clone()),
                None => (header::IF_NONE_MATCH, "*".to_string()),
            }
        };
        let response = self.send(page, precondition, key).await?;
        let status = response.status();
        if status == StatusCode::OK || status == StatusCode::CREATED {
            let etag = etag_of(&response);
            let resource: PageResource = reply::read_json(response, &WORDING).await?;
            let version = etag
                .or(resource.etag)
                .ok_or_else(|| TargetError::Permanent("the endpoint's reply has no ETag".into()))?;
            self.ensure_card(page, resource.share_card.as_ref(), key)
                .await?;
            return Ok(RemoteRecord {
                remote_id: None,
                url: resource.url,
                content_hash: page.content_hash.clone(),
                version,
            });
        }
        if status == StatusCode::PRECONDITION_FAILED {
            let current = reply::read_json::<Precondition>(response, &WORDING)
                .await?
                .current;
            return match current {
                // An earlier attempt of ours landed and its answer was lost: it is our page.
                Some(c) if c.content_hash.as_deref() == Some(page.content_hash.as_str()) => {
                    self.ensure_card(page, c.share_card.as_ref(), key).await?;
                    Ok(RemoteRecord {
                        remote_id: None,
                        url: c.url,
                        content_hash: page.content_hash.clone(),
                        version: c.etag.unwrap_or_default(),
                    })
                }
                Some(c) => Err(TargetError::Conflict(Some(Box::new(self.copy(c))))),
                None => Err(TargetError::Conflict(None)),
            };
        }
        if status == StatusCode::NOT_FOUND {
            // A PUT of a page creates it: a 404 means there is no page API at this address.
            let detail = match not_found(response).await {
                NotFound::Api => "no such route".to_string(),
                NotFound::Elsewhere(detail) => detail,
            };
            return Err(self.no_route("PUT", &self.page_url(&page.slug), &detail));
        }
        Err(reply::unexpected(response, &WORDING).await)
    }

    async fn delete(
        &self,
        slug: &str,
        last: Option<&RemoteRecord>,
        key: &str,
    ) -> Result<(), TargetError> {
        self.capabilities().await?;
        let mut request = self
            .client
            .delete(self.page_url(slug))
            .bearer_auth(&self.token)
            .header("Idempotency-Key", key);
        // Only the copy we last published is removed: one edited there since is a conflict.
        if let Some(version) = last.map(|l| l.version.as_str()).filter(|v| !v.is_empty()) {
            request = request.header(header::IF_MATCH, version);
        }
        let response = request.send().await.map_err(reply::transport)?;
        match response.status() {
            StatusCode::NO_CONTENT | StatusCode::OK => Ok(()),
            // Gone already, if the API says so; any other 404 leaves the page where it was.
            StatusCode::NOT_FOUND => match not_found(response).await {
                NotFound::Api => Ok(()),
                NotFound::Elsewhere(detail) => {
                    Err(self.no_route("DELETE", &self.page_url(slug), &detail))
                }
            },
            StatusCode::PRECONDITION_FAILED => {
                match reply::read_json::<Precondition>(response, &WORDING)
                    .await?
                    .current
                {
                    Some(c) => Err(TargetError::Conflict(Some(Box::new(self.copy(c))))),
                    // Gone meanwhile: what we wanted.
                    None => Ok(()),
                }
            }
            _ => Err(reply::unexpected(response, &WORDING).await),
        }
    }

    fn notes(&self) -> Vec<String> {
        let cards = self
            .no_cards
            .get()
            .map(|why| format!("share cards are not sent to this server: {why}"));
        let media = self.no_media.get().map(|why| {
            format!(
                "images are not sent to this server: {why}; its pages show them from the \
                 site's own address (<base URL>/media/), where verdict site or a folder \
                 target puts them"
            )
        });
        cards.into_iter().chain(media).collect()
    }

    async fn media(&self) -> Result<crate::publish::media::MediaMode, TargetError> {
        self.media_mode().await
    }

    async fn put_media(
        &self,
        file: &crate::publish::media::MediaFile,
    ) -> Result<crate::publish::media::MediaPut, TargetError> {
        self.send_media(file).await
    }

    async fn votes(&self) -> Result<Option<Vec<VoteCount>>, TargetError> {
        let response = self
            .client
            .get(self.url("votes"))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(reply::transport)?;
        if response.status() != StatusCode::OK {
            return Err(reply::unexpected(response, &WORDING).await);
        }
        Ok(Some(
            reply::read_json::<Votes>(response, &WORDING).await?.votes,
        ))
    }
}
