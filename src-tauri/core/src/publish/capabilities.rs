//! What a page API server says it supports (its `GET /`, docs/publishing-api.md *Versions and
//! features*), read the way the desk decides what to send it.

use serde::Deserialize;

use super::TargetError;

/// The API's name in `GET /`.
pub const API_NAME: &str = "verdict-pages";
/// The major version this desk speaks. A server says another one only when it changed in a way
/// that a client of this version would get wrong.
pub const API_VERSION: u32 = 1;

/// The optional features the desk uses, by their names on the wire.
pub mod feature {
    /// `PUT /pages/{slug}/share-card` and the page resource's `share_card`.
    pub const SHARE_CARD: &str = "share-card";
    /// `PUT /media/{hash}.{ext}`: images the pages show, stored beside them.
    pub const MEDIA: &str = "media";
}

/// `GET /` as the API answers it.
#[derive(Debug, Deserialize)]
pub(crate) struct Service {
    pub api: String,
    pub version: u32,
    #[serde(default)]
    pub pages: Option<u64>,
    /// Absent from servers written before features were listed: none of them then.
    #[serde(default)]
    pub features: Vec<serde_json::Value>,
}

/// What one server supports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    pub version: u32,
    /// Feature names as listed (names this desk does not know are kept and ignored).
    pub features: Vec<String>,
    /// Pages held, when the server said.
    pub pages: Option<u64>,
    /// `false` when the server has no service description (its `GET /` is not there): then it
    /// is taken as the base version without optional features.
    pub described: bool,
}

impl Capabilities {
    /// The base version without optional features: what a server that does not describe
    /// itself is taken to be.
    pub fn base() -> Capabilities {
        Capabilities {
            version: API_VERSION,
            features: Vec::new(),
            pages: None,
            described: false,
        }
    }

    pub fn supports(&self, feature: &str) -> bool {
        self.features.iter().any(|f| f == feature)
    }

    /// "page API v1 with share-card", "page API v1 without optional features".
    pub fn describe(&self) -> String {
        if self.features.is_empty() {
            format!("page API v{} without optional features", self.version)
        } else {
            format!(
                "page API v{} with {}",
                self.version,
                self.features.join(", ")
            )
        }
    }

    /// The capabilities a service description states, or why this desk cannot use the server.
    pub(crate) fn from_service(service: Service) -> Result<Capabilities, TargetError> {
        if service.api != API_NAME {
            return Err(TargetError::Permanent(format!(
                "this endpoint is not a Verdict page API (its GET / says \"{}\"); check the \
                 target's URL: it is the API's base address",
                printable(&service.api, 60)
            )));
        }
        if service.version != API_VERSION {
            return Err(TargetError::Permanent(format!(
                "the endpoint speaks version {} of the page API and this desk speaks version \
                 {API_VERSION}: {}",
                service.version,
                if service.version > API_VERSION {
                    "update Verdict Desk, or point the target at the server's version 1 address"
                } else {
                    "the server is not one this desk can publish to"
                }
            )));
        }
        let features = service
            .features
            .into_iter()
            .filter_map(|f| f.as_str().map(|s| printable(s, 60)))
            .filter(|f| !f.is_empty())
            .collect();
        Ok(Capabilities {
            version: service.version,
            features,
            pages: service.pages,
            described: true,
        })
    }
}

/// Untrusted text cut to `max` characters, without control characters.
fn printable(s: &str, max: usize) -> String {
    s.chars().filter(|c| !c.is_control()).take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Capabilities, TargetError> {
        Capabilities::from_service(serde_json::from_str(json).unwrap())
    }

    #[test]
    fn features_are_what_the_server_lists_and_none_when_it_lists_nothing() {
        let old = read(r#"{"api":"verdict-pages","version":1,"pages":3}"#).unwrap();
        assert!(old.described && !old.supports(feature::SHARE_CARD));
        assert_eq!(old.describe(), "page API v1 without optional features");
        let new = read(
            r#"{"api":"verdict-pages","version":1,"features":["share-card","later",7],"x":1}"#,
        )
        .unwrap();
        assert!(new.supports(feature::SHARE_CARD) && !new.supports(feature::MEDIA));
        assert_eq!(new.describe(), "page API v1 with share-card, later");
        assert!(!Capabilities::base().supports(feature::SHARE_CARD));
    }

    #[test]
    fn another_api_or_version_is_refused_plainly() {
        let other = read(r#"{"api":"wp\u0007","version":1}"#).unwrap_err();
        assert!(other.to_string().contains("\"wp\""), "{other}");
        let newer = read(r#"{"api":"verdict-pages","version":2}"#).unwrap_err();
        assert!(newer.to_string().contains("update Verdict Desk"), "{newer}");
    }
}
