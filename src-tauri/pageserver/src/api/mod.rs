//! The Verdict Page API v1 itself: routing, validation, preconditions, idempotency, state.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::{DateTime, SecondsFormat, Utc};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap, HeaderName, HeaderValue};
use hyper::http::request::Parts;
use hyper::{Method, Request, Response, StatusCode};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::{Config, FaultKind, Faults, Feature, Stats, StoredCard, StoredPage, API_VERSION};

mod card;
mod media;
mod reply;
mod request;
mod state;
mod writes;

use card::{card_reply, put_card};
pub use media::MEDIA_LIMIT;
pub(crate) use reply::Reply;
use reply::*;
use request::*;
use writes::{delete_page, put_page};

/// Largest accepted request body: 8 MiB (larger bodies get `413 too_large`).
pub const BODY_LIMIT: usize = 8 * 1024 * 1024;
/// Longest accepted slug.
pub const MAX_SLUG_LEN: usize = 120;
/// How long the server remembers an idempotency key's response (at least 24 hours).
pub const IDEMPOTENCY_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// Longest `Idempotency-Key`.
const MAX_KEY_LEN: usize = 200;
/// Longest `content_hash`.
const MAX_HASH_LEN: usize = 200;
/// The share card's file name beside the public page (`/p/{slug}/share.png`).
const SHARE_CARD_FILE: &str = "share.png";
/// The eight bytes every PNG file starts with.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
/// An oversized body is read and discarded up to this size (so the client can read the
/// 413) before the connection is given up.
const DRAIN_LIMIT: u64 = 64 * 1024 * 1024;

/// `true` when `slug` matches `^[a-z0-9]+(-[a-z0-9]+)*$` and has at most 120 characters.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= MAX_SLUG_LEN
        && slug.split('-').all(|part| {
            !part.is_empty() && part.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9'))
        })
}

pub(crate) struct Shared {
    state: Mutex<State>,
    token: String,
    /// Public page URL with a `{slug}` placeholder.
    url_template: String,
    /// The optional features offered; a route or field of one not offered does not exist.
    features: Vec<Feature>,
    /// This server's own URL (ends in `/`).
    server_url: String,
}

impl Shared {
    pub(crate) fn new(config: &Config, server_url: &str) -> Self {
        let url_template = match &config.public_base {
            Some(base) if base.contains("{slug}") => base.clone(),
            Some(base) if base.ends_with('/') => format!("{base}{{slug}}/"),
            Some(base) => format!("{base}/{{slug}}/"),
            None => format!("{server_url}p/{{slug}}/"),
        };
        Shared {
            state: Mutex::new(State::new(config.faults.clone())),
            token: config.token.clone(),
            url_template,
            features: config.features.clone(),
            server_url: server_url.to_owned(),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn offers(&self, feature: Feature) -> bool {
        self.features.contains(&feature)
    }

    /// The service description (`GET /`). A server without optional features answers as one
    /// written to the first version of the document did: without the `features` field.
    fn service(&self) -> Reply {
        let mut service = json!({
            "api": "verdict-pages",
            "version": API_VERSION,
            "pages": self.lock().pages.len(),
        });
        if !self.features.is_empty() {
            let names: Vec<&str> = self.features.iter().map(|f| f.name()).collect();
            service["features"] = json!(names);
        }
        Reply::json(StatusCode::OK, &service)
    }

    pub(crate) fn page_url(&self, slug: &str) -> String {
        self.url_template.replace("{slug}", slug)
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        let Some(value) = headers.get(header::AUTHORIZATION) else {
            return false;
        };
        let Ok(value) = value.to_str() else {
            return false;
        };
        match value.trim().split_once(' ') {
            Some((scheme, token)) => {
                scheme.eq_ignore_ascii_case("bearer") && token.trim() == self.token
            }
            None => false,
        }
    }

    fn resource<'a>(&self, page: &'a StoredPage) -> Resource<'a> {
        Resource {
            slug: &page.slug,
            title: &page.title,
            content_hash: &page.content_hash,
            page: &page.page,
            html: &page.html,
            etag: &page.etag,
            url: self.page_url(&page.slug),
            updated_at: rfc3339(page.updated_at),
            share_card: self.offers(Feature::ShareCard).then(|| {
                page.share_card.as_ref().map(|card| CardRef {
                    content_hash: &card.content_hash,
                    url: format!("{}{SHARE_CARD_FILE}", self.page_url(&page.slug)),
                })
            }),
        }
    }

    fn page_reply(&self, status: StatusCode, page: &StoredPage) -> Reply {
        let mut reply = Reply::json(status, &self.resource(page));
        reply.etag = Some(page.etag.clone());
        reply
    }

    fn conflict(&self, message: String, current: Option<&StoredPage>) -> Reply {
        Reply::json(
            StatusCode::PRECONDITION_FAILED,
            &Conflict {
                error: "precondition_failed",
                message,
                current: current.map(|p| self.resource(p)),
            },
        )
    }
}

/// The page resource as sent on the wire (field order as documented).
#[derive(Serialize)]
struct Resource<'a> {
    slug: &'a str,
    title: &'a str,
    content_hash: &'a str,
    page: &'a Value,
    html: &'a str,
    etag: &'a str,
    url: String,
    updated_at: String,
    /// Absent (not `null`) when the share card is not offered, as before it existed.
    #[serde(skip_serializing_if = "Option::is_none")]
    share_card: Option<Option<CardRef<'a>>>,
}

/// The share card a page resource names: the client's hash of it and where readers get it.
#[derive(Serialize)]
struct CardRef<'a> {
    content_hash: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Conflict<'a> {
    error: &'static str,
    message: String,
    current: Option<Resource<'a>>,
}

#[derive(Deserialize)]
struct PutBody {
    slug: String,
    title: String,
    content_hash: String,
    page: serde_json::Map<String, Value>,
    html: String,
}

struct IdemEntry {
    method: Method,
    path: String,
    status: StatusCode,
    etag: Option<String>,
    content_type: Option<&'static str>,
    body: Bytes,
    at: Instant,
}

pub(crate) struct State {
    pub(crate) pages: BTreeMap<String, StoredPage>,
    /// Media files by `{hash}/{name}`.
    pub(crate) media: BTreeMap<String, crate::StoredMedia>,
    pub(crate) stats: Stats,
    idempotency: HashMap<String, IdemEntry>,
    last_prune: Instant,
    votes: Vec<(String, String, u64)>,
    votes_as_of: DateTime<Utc>,
    faults: Faults,
    rng: ChaCha8Rng,
    /// Server-wide write sequence; part of every etag, so etags never repeat.
    seq: u64,
    /// Faults for the next eligible requests, before the random ones.
    scripted: std::collections::VecDeque<FaultKind>,
    /// Method, path and arrival time of every eligible request.
    pub(crate) arrivals: Vec<(String, String, Instant)>,
    /// Test switch: public pages a stale cache keeps serving as they were (`Handle::stale_public`).
    pub(crate) stale: HashMap<String, String>,
}

/// Route and answer one request (faults are handled by the caller).
pub(crate) async fn route(shared: &Shared, req: Request<Incoming>) -> Reply {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();

    if let Some(rest) = path.strip_prefix("/p/") {
        return public_page(shared, &parts.method, rest);
    }
    // Readers fetch the images pages show without a token; storing one takes it.
    if let Some(rest) = path.strip_prefix("/media/") {
        if shared.offers(Feature::Media) && parts.method == Method::GET {
            return media::serve_media(shared, rest);
        }
    }
    if !shared.authorized(&parts.headers) {
        return Reply::error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing or wrong bearer token",
        )
        .with_header(header::WWW_AUTHENTICATE, "Bearer realm=\"verdict-pages\"");
    }
    match path.as_str() {
        "/" => match parts.method {
            Method::GET => shared.service(),
            _ => method_not_allowed("GET"),
        },
        "/pages" => match parts.method {
            Method::GET => list_pages(shared),
            _ => method_not_allowed("GET"),
        },
        "/votes" => match parts.method {
            Method::GET => votes(shared),
            _ => method_not_allowed("GET"),
        },
        _ if path.starts_with("/media/") && shared.offers(Feature::Media) => match parts.method {
            Method::PUT => media::put_media(shared, &parts, body, &path["/media/".len()..]).await,
            _ => method_not_allowed("GET, PUT"),
        },
        _ => match path.strip_prefix("/pages/") {
            Some(rest) if rest.ends_with("/share-card") && shared.offers(Feature::ShareCard) => {
                let slug = rest.trim_end_matches("/share-card");
                if !is_valid_slug(slug) {
                    return not_found(&format!("no route for {path}"));
                }
                match parts.method {
                    Method::GET => card_reply(shared, slug),
                    Method::PUT => put_card(shared, &parts, body, slug).await,
                    _ => method_not_allowed("GET, PUT"),
                }
            }
            Some(slug) if !slug.contains('/') => {
                if !is_valid_slug(slug) {
                    return bad_request(format!(
                        "invalid slug `{slug}`: must match ^[a-z0-9]+(-[a-z0-9]+)*$ and have at most {MAX_SLUG_LEN} characters"
                    ));
                }
                match parts.method {
                    Method::GET => match shared.lock().pages.get(slug) {
                        Some(page) => shared.page_reply(StatusCode::OK, page),
                        None => not_found(&format!("no page `{slug}`")),
                    },
                    Method::PUT => put_page(shared, &parts, body, slug).await,
                    Method::DELETE => delete_page(shared, &parts, body, slug).await,
                    _ => method_not_allowed("GET, PUT, DELETE"),
                }
            }
            _ => not_found(&format!("no route for {path}")),
        },
    }
}

fn public_page(shared: &Shared, method: &Method, rest: &str) -> Reply {
    if *method != Method::GET {
        return method_not_allowed("GET");
    }
    if let Some(slug) = rest.strip_suffix(&format!("/{SHARE_CARD_FILE}")) {
        if shared.offers(Feature::ShareCard) {
            return card_reply(shared, slug);
        }
    }
    let slug = rest.strip_suffix('/').unwrap_or(rest);
    let state = shared.lock();
    match state.pages.get(slug) {
        Some(page) => Reply {
            status: StatusCode::OK,
            etag: Some(page.etag.clone()),
            content_type: Some("text/html; charset=utf-8"),
            body: Bytes::from(state.stale.get(slug).unwrap_or(&page.html).clone()),
            replayed: false,
            extra: Vec::new(),
        },
        None => not_found(&format!("no page `{slug}`")),
    }
}

fn list_pages(shared: &Shared) -> Reply {
    let state = shared.lock();
    let pages: Vec<Value> = state
        .pages
        .values()
        .map(|p| {
            json!({
                "slug": p.slug,
                "etag": p.etag,
                "content_hash": p.content_hash,
                "updated_at": rfc3339(p.updated_at),
            })
        })
        .collect();
    Reply::json(StatusCode::OK, &json!({ "pages": pages }))
}

fn votes(shared: &Shared) -> Reply {
    let state = shared.lock();
    let votes: Vec<Value> = state
        .votes
        .iter()
        .map(|(comparison, tool, votes)| {
            json!({ "comparison": comparison, "tool": tool, "votes": votes })
        })
        .collect();
    Reply::json(
        StatusCode::OK,
        &json!({ "as_of": rfc3339(state.votes_as_of), "votes": votes }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["a", "abc", "a-b", "chatgpt-vs-claude-2025", "0"] {
            assert!(is_valid_slug(ok), "{ok}");
        }
        for bad in [
            "",
            "-a",
            "a-",
            "a--b",
            "A",
            "a_b",
            "a b",
            "é",
            &"a".repeat(121),
        ] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
        assert!(is_valid_slug(&"a".repeat(120)));
    }

    #[test]
    fn faults_are_deterministic() {
        let faults = Faults::new(0.5, 42, FaultKind::all());
        let draw = |faults: &Faults| {
            let mut state = State::new(faults.clone());
            (0..50).map(|_| state.pick_fault(true)).collect::<Vec<_>>()
        };
        let a = draw(&faults);
        assert_eq!(a, draw(&faults));
        assert!(a.iter().any(Option::is_some) && a.iter().any(Option::is_none));
        let mut state = State::new(faults);
        assert_eq!(state.pick_fault(false), None, "reads are exempt by default");
    }

    #[test]
    fn fault_names_round_trip() {
        for kind in FaultKind::all() {
            assert_eq!(kind.to_string().parse::<FaultKind>(), Ok(kind));
        }
        assert_eq!("slow".parse(), Ok(FaultKind::Slow { ms: 250 }));
        assert_eq!("hang:50".parse(), Ok(FaultKind::Hang { ms: 50 }));
        assert_eq!(
            "server-error-after-write".parse(),
            Ok(FaultKind::ServerErrorAfterWrite)
        );
        assert!("explode".parse::<FaultKind>().is_err());
        assert!("reset:5".parse::<FaultKind>().is_err());
        for text in [
            "429:2",
            "503:7",
            "429-date:3",
            "503-date:1",
            "hang-after-write:40",
        ] {
            let kind: FaultKind = text.parse().unwrap();
            assert_eq!(kind.to_string(), text);
        }
        assert_eq!(
            "503-date:4".parse(),
            Ok(FaultKind::Throttle {
                status: 503,
                secs: 4,
                http_date: true
            })
        );
        assert!("429".parse::<FaultKind>().is_err(), "the wait is required");
    }
}
