//! What a page API server is and supports, as the target reads it (`GET /`, *Versions and
//! features* in docs/publishing-api.md), and what its 404s mean.

use reqwest::{Response, StatusCode};
use serde::Deserialize;

use super::{HttpTarget, WORDING};
use crate::publish::capabilities::{feature, Capabilities, Service};
use crate::publish::{reply, TargetError};

/// `GET /pages`, as far as counting goes.
#[derive(Debug, Deserialize)]
struct PageList {
    pages: Vec<serde_json::Value>,
}

/// What a 404 was: the API's own `not_found` (what was asked for is not there), or an answer
/// from something else (the address is not the API's, or a proxy does not pass the route).
pub(super) enum NotFound {
    Api,
    Elsewhere(String),
}

pub(super) async fn not_found(response: Response) -> NotFound {
    let body = response.text().await.unwrap_or_default();
    if reply::error_code(&body).as_deref() == Some("not_found") {
        NotFound::Api
    } else {
        NotFound::Elsewhere(reply::error_detail(&body))
    }
}

impl HttpTarget {
    /// What the server supports, read once per client (a run), before its first write.
    pub(super) async fn capabilities(&self) -> Result<&Capabilities, TargetError> {
        let capabilities = self
            .capabilities
            .get_or_try_init(|| self.read_capabilities())
            .await?;
        if !capabilities.supports(feature::SHARE_CARD) {
            let why = if capabilities.described {
                format!(
                    "the server does not list share-card among its features ({})",
                    capabilities.describe()
                )
            } else {
                "the server does not describe itself (its GET / is not there), so it is taken \
                 as the base page API without optional features"
                    .to_string()
            };
            let _ = self.no_cards.set(why);
        }
        Ok(capabilities)
    }

    /// `GET /`; a server without it is the base version without optional features.
    async fn read_capabilities(&self) -> Result<Capabilities, TargetError> {
        let response = self
            .client
            .get(self.url(""))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(reply::transport)?;
        match response.status() {
            StatusCode::OK => {
                Capabilities::from_service(reply::read_json::<Service>(response, &WORDING).await?)
            }
            StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED | StatusCode::GONE => {
                Ok(Capabilities::base())
            }
            _ => Err(reply::unexpected(response, &WORDING).await),
        }
    }

    /// A 404 from something other than the page API, for a route every version has (or one
    /// the server listed): never a conflict, but an address that does not lead to the API.
    pub(super) fn no_route(&self, method: &str, url: &url::Url, detail: &str) -> TargetError {
        TargetError::Permanent(format!(
            "the endpoint answered 404 Not Found to {method} {url}{}, not as the page API \
             does: check the target's URL, which is the API's base address ({} now)",
            if detail.is_empty() {
                String::new()
            } else {
                format!(" ({detail})")
            },
            self.base
        ))
    }

    /// Pages held, from `GET /pages` (for a server that does not say it at `GET /`).
    async fn count_pages(&self) -> Result<usize, TargetError> {
        let url = self.url("pages");
        let response = self
            .client
            .get(url.clone())
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(reply::transport)?;
        match response.status() {
            StatusCode::OK => Ok(reply::read_json::<PageList>(response, &WORDING)
                .await?
                .pages
                .len()),
            StatusCode::NOT_FOUND => {
                let detail = match not_found(response).await {
                    NotFound::Api => "no such route".to_string(),
                    NotFound::Elsewhere(detail) => detail,
                };
                Err(self.no_route("GET", &url, &detail))
            }
            _ => Err(reply::unexpected(response, &WORDING).await),
        }
    }
}

impl HttpTarget {
    /// The connection test's answer: what answered, its version and features.
    pub(super) async fn describe(&self) -> Result<String, TargetError> {
        let capabilities = self.read_capabilities().await?;
        // Without a description, the page list shows that the token and the address work.
        let pages = match capabilities.pages.filter(|_| capabilities.described) {
            Some(pages) => pages,
            None => self.count_pages().await? as u64,
        };
        let features = if !capabilities.described {
            "; it does not describe itself (its GET / is not there), so it is taken as version 1 \
             without optional features"
                .to_string()
        } else if capabilities.features.is_empty() {
            "; no optional features".to_string()
        } else {
            format!("; features: {}", capabilities.features.join(", "))
        };
        let cards = if capabilities.supports(feature::SHARE_CARD) {
            ""
        } else {
            "; share cards are not sent to it"
        };
        Ok(format!(
            "Verdict page API v{} at {}, {pages} pages{features}{cards}",
            capabilities.version, self.base
        ))
    }
}
