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

mod media;
mod request;

pub use media::MEDIA_LIMIT;
use request::*;

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

impl State {
    fn new(faults: Faults) -> Self {
        State {
            pages: BTreeMap::new(),
            media: BTreeMap::new(),
            stats: Stats::default(),
            idempotency: HashMap::new(),
            last_prune: Instant::now(),
            votes: Vec::new(),
            votes_as_of: Utc::now(),
            rng: ChaCha8Rng::seed_from_u64(faults.seed),
            faults,
            seq: 0,
            scripted: std::collections::VecDeque::new(),
            arrivals: Vec::new(),
            stale: HashMap::new(),
        }
    }

    pub(crate) fn set_faults(&mut self, faults: Faults) {
        self.rng = ChaCha8Rng::seed_from_u64(faults.seed);
        self.faults = faults;
    }

    pub(crate) fn set_votes(&mut self, mut votes: Vec<(String, String, u64)>) {
        votes.sort();
        self.votes = votes;
        self.votes_as_of = Utc::now();
    }

    pub(crate) fn script_faults(&mut self, kinds: impl IntoIterator<Item = FaultKind>) {
        self.scripted.extend(kinds);
    }

    /// Count the request and decide its fault.
    pub(crate) fn pick_fault(&mut self, is_write: bool) -> Option<FaultKind> {
        self.stats.requests += 1;
        if !(is_write || self.faults.apply_to_reads) {
            return None;
        }
        if let Some(kind) = self.scripted.pop_front() {
            self.stats.faults += 1;
            return Some(kind);
        }
        if !self.faults.active() {
            return None;
        }
        if self.rng.random::<f64>() >= self.faults.rate.min(1.0) {
            return None;
        }
        let kind = self.faults.kinds[self.rng.random_range(0..self.faults.kinds.len())];
        self.stats.faults += 1;
        Some(kind)
    }

    fn next_etag(&mut self, title: &str, content_hash: &str, html: &str, page: &Value) -> String {
        self.seq += 1;
        let mut hasher = Sha256::new();
        for part in [title, content_hash, html, &page.to_string()] {
            hasher.update(part.as_bytes());
            hasher.update([0u8]);
        }
        format!("\"{}-{}\"", self.seq, &hex(&hasher.finalize())[..16])
    }

    fn count_write(&mut self, slug: &str) {
        *self
            .stats
            .by_slug_writes
            .entry(slug.to_owned())
            .or_default() += 1;
    }

    pub(crate) fn edit_remote(&mut self, slug: &str, new_title: &str) -> Option<StoredPage> {
        let old = self.pages.get(slug)?.clone();
        let now = Utc::now();
        let mut html = if old.title.is_empty() {
            old.html.clone()
        } else {
            old.html.replace(&old.title, new_title)
        };
        let marker = format!("<!-- edited on the website at {} -->", rfc3339(now));
        match html.rfind("</body>") {
            Some(at) => html.insert_str(at, &marker),
            None => html.push_str(&marker),
        }
        let mut page = old.page.clone();
        if let Some(Value::String(title)) = page.get_mut("title") {
            *title = new_title.to_owned();
        }
        let content_hash = format!(
            "remote:{}",
            hex(&Sha256::digest(format!("{new_title}\0{html}").as_bytes()))
        );
        let etag = self.next_etag(new_title, &content_hash, &html, &page);
        let updated = StoredPage {
            slug: old.slug,
            title: new_title.to_owned(),
            content_hash,
            etag,
            html,
            page,
            updated_at: now,
            revision: old.revision + 1,
            share_card: old.share_card,
        };
        self.pages.insert(slug.to_owned(), updated.clone());
        Some(updated)
    }

    /// The stored response for `key`, or 422 when it was used for another request.
    fn idempotency_lookup(&mut self, key: &str, method: &Method, path: &str) -> Option<Reply> {
        let entry = self.idempotency.get(key)?;
        if entry.at.elapsed() > IDEMPOTENCY_TTL {
            self.idempotency.remove(key);
            return None;
        }
        if entry.method != *method || entry.path != path {
            return Some(Reply::error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_mismatch",
                format!(
                    "Idempotency-Key was already used for {} {}",
                    entry.method, entry.path
                ),
            ));
        }
        let reply = Reply {
            status: entry.status,
            etag: entry.etag.clone(),
            content_type: entry.content_type,
            body: entry.body.clone(),
            replayed: true,
            extra: Vec::new(),
        };
        self.stats.replays += 1;
        Some(reply)
    }

    /// Remember a completed (non-5xx) response under `key`.
    fn remember(&mut self, key: String, method: Method, path: &str, reply: &Reply) {
        if reply.status.is_server_error() {
            return;
        }
        if self.last_prune.elapsed() > Duration::from_secs(60) {
            self.idempotency
                .retain(|_, entry| entry.at.elapsed() <= IDEMPOTENCY_TTL);
            self.last_prune = Instant::now();
        }
        self.idempotency.insert(
            key,
            IdemEntry {
                method,
                path: path.to_owned(),
                status: reply.status,
                etag: reply.etag.clone(),
                content_type: reply.content_type,
                body: reply.body.clone(),
                at: Instant::now(),
            },
        );
    }
}

/// A response before it becomes a hyper `Response` (and the unit of idempotent replay).
#[derive(Clone, Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    etag: Option<String>,
    content_type: Option<&'static str>,
    body: Bytes,
    pub(crate) replayed: bool,
    extra: Vec<(HeaderName, HeaderValue)>,
}

impl Reply {
    fn json(status: StatusCode, body: &impl Serialize) -> Reply {
        let body = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
        Reply {
            status,
            etag: None,
            content_type: Some("application/json"),
            body: Bytes::from(body),
            replayed: false,
            extra: Vec::new(),
        }
    }

    pub(crate) fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Reply {
        Reply::json(status, &json!({ "error": code, "message": message.into() }))
    }

    fn empty(status: StatusCode) -> Reply {
        Reply {
            status,
            etag: None,
            content_type: None,
            body: Bytes::new(),
            replayed: false,
            extra: Vec::new(),
        }
    }

    /// The throttling answer of a `Throttle` fault: 429 or 503 with `Retry-After`.
    pub(crate) fn throttled(status: u16, secs: u64, http_date: bool) -> Reply {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::TOO_MANY_REQUESTS);
        let after = if http_date {
            (Utc::now() + chrono::Duration::seconds(secs as i64))
                .format("%a, %d %b %Y %H:%M:%S GMT")
                .to_string()
        } else {
            secs.to_string()
        };
        let mut reply = Reply::error(
            status,
            if status == StatusCode::TOO_MANY_REQUESTS {
                "too_many_requests"
            } else {
                "unavailable"
            },
            format!("injected fault: try again after {after}"),
        );
        if let Ok(value) = HeaderValue::from_str(&after) {
            reply.extra.push((header::RETRY_AFTER, value));
        }
        reply
    }

    fn with_header(mut self, name: HeaderName, value: &'static str) -> Reply {
        self.extra.push((name, HeaderValue::from_static(value)));
        self
    }

    pub(crate) fn into_response(self) -> Response<Full<Bytes>> {
        let mut response = Response::new(Full::new(self.body));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        if let Some(content_type) = self.content_type {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        if let Some(etag) = self.etag.and_then(|e| HeaderValue::from_str(&e).ok()) {
            headers.insert(header::ETAG, etag);
        }
        if self.replayed {
            headers.insert(
                HeaderName::from_static("idempotent-replayed"),
                HeaderValue::from_static("true"),
            );
        }
        for (name, value) in self.extra {
            headers.insert(name, value);
        }
        response
    }
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn not_found(what: &str) -> Reply {
    Reply::error(StatusCode::NOT_FOUND, "not_found", what.to_owned())
}

fn method_not_allowed(allow: &'static str) -> Reply {
    Reply::error(
        StatusCode::METHOD_NOT_ALLOWED,
        "invalid",
        format!("method not allowed (allowed: {allow})"),
    )
    .with_header(header::ALLOW, allow)
}

fn bad_request(message: impl Into<String>) -> Reply {
    Reply::error(StatusCode::BAD_REQUEST, "invalid", message)
}

fn unprocessable(message: impl Into<String>) -> Reply {
    Reply::error(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
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

async fn put_page(shared: &Shared, parts: &Parts, body: Incoming, slug: &str) -> Reply {
    let key = match idempotency_key(&parts.headers) {
        Ok(key) => key,
        Err(reply) => return reply,
    };
    let body = match read_body(&parts.headers, body).await {
        Ok(body) => body,
        Err(BodyError::TooLarge) => return too_large(),
        Err(BodyError::Broken) => return bad_request("could not read the request body"),
    };
    let path = parts.uri.path();
    let mut state = shared.lock();
    if let Some(reply) = state.idempotency_lookup(&key, &parts.method, path) {
        return reply;
    }
    let reply = put_locked(shared, &mut state, &parts.headers, &body, slug);
    state.remember(key, parts.method.clone(), path, &reply);
    reply
}

fn put_locked(
    shared: &Shared,
    state: &mut State,
    headers: &HeaderMap,
    body: &[u8],
    slug: &str,
) -> Reply {
    let precondition = match put_precondition(headers) {
        Ok(p) => p,
        Err(reply) => return reply,
    };
    let put = match validate_put(body, slug) {
        Ok(put) => put,
        Err(reply) => return reply,
    };
    let page = Value::Object(put.page);
    // An update keeps the page's card: the client replaces it with its own request.
    let share_card = state.pages.get(slug).and_then(|p| p.share_card.clone());
    let (status, revision) = match (&precondition, state.pages.get(slug)) {
        (Precondition::Create, Some(current)) => {
            state.stats.rejected_412 += 1;
            return shared.conflict(format!("page `{slug}` already exists"), Some(current));
        }
        (Precondition::Update(_), None) => {
            state.stats.rejected_412 += 1;
            return shared.conflict(format!("page `{slug}` does not exist"), None);
        }
        (Precondition::Update(etag), Some(current)) if *etag != current.etag => {
            state.stats.rejected_412 += 1;
            return shared.conflict(
                format!(
                    "page `{slug}` has changed: If-Match {etag}, current etag {}",
                    current.etag
                ),
                Some(current),
            );
        }
        (Precondition::Create, None) => (StatusCode::CREATED, 1),
        (Precondition::Update(_), Some(current)) => (StatusCode::OK, current.revision + 1),
    };
    let etag = state.next_etag(&put.title, &put.content_hash, &put.html, &page);
    let stored = StoredPage {
        slug: slug.to_owned(),
        title: put.title,
        content_hash: put.content_hash,
        etag,
        html: put.html,
        page,
        updated_at: Utc::now(),
        revision,
        share_card,
    };
    if status == StatusCode::CREATED {
        state.stats.creates += 1;
    } else {
        state.stats.updates += 1;
    }
    state.count_write(slug);
    let reply = shared.page_reply(status, &stored);
    state.pages.insert(slug.to_owned(), stored);
    reply
}

/// A page's share card as a PNG.
fn card_reply(shared: &Shared, slug: &str) -> Reply {
    match shared
        .lock()
        .pages
        .get(slug)
        .and_then(|p| p.share_card.as_ref())
    {
        Some(card) => Reply {
            status: StatusCode::OK,
            etag: None,
            content_type: Some("image/png"),
            body: card.png.clone(),
            replayed: false,
            extra: Vec::new(),
        },
        None => not_found(&format!("no share card for `{slug}`")),
    }
}

async fn put_card(shared: &Shared, parts: &Parts, body: Incoming, slug: &str) -> Reply {
    let key = match idempotency_key(&parts.headers) {
        Ok(key) => key,
        Err(reply) => return reply,
    };
    let body = match read_body(&parts.headers, body).await {
        Ok(body) => body,
        Err(BodyError::TooLarge) => return too_large(),
        Err(BodyError::Broken) => return bad_request("could not read the request body"),
    };
    let path = parts.uri.path();
    let mut state = shared.lock();
    if let Some(reply) = state.idempotency_lookup(&key, &parts.method, path) {
        return reply;
    }
    let reply = put_card_locked(shared, &mut state, &parts.headers, body, slug);
    state.remember(key, parts.method.clone(), path, &reply);
    reply
}

fn put_card_locked(
    shared: &Shared,
    state: &mut State,
    headers: &HeaderMap,
    body: Bytes,
    slug: &str,
) -> Reply {
    let content_type = match single(headers, "content-type") {
        Ok(v) => v.and_then(|v| v.to_str().ok()).unwrap_or(""),
        Err(reply) => return reply,
    };
    if !content_type.trim().eq_ignore_ascii_case("image/png") {
        return Reply::error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid",
            "a share card is sent as Content-Type: image/png",
        );
    }
    let hash = match single(headers, "content-hash") {
        Ok(Some(v)) => v.to_str().unwrap_or("").trim().to_owned(),
        Ok(None) => String::new(),
        Err(reply) => return reply,
    };
    if hash.is_empty() || hash.chars().count() > MAX_HASH_LEN {
        return bad_request(format!(
            "Content-Hash must have 1-{MAX_HASH_LEN} visible characters"
        ));
    }
    if !body.starts_with(PNG_SIGNATURE) {
        return unprocessable("the body is not a PNG image");
    }
    let url = format!("{}{SHARE_CARD_FILE}", shared.page_url(slug));
    let Some(page) = state.pages.get_mut(slug) else {
        return not_found(&format!("no page `{slug}`"));
    };
    let bytes = body.len();
    page.share_card = Some(StoredCard {
        content_hash: hash.clone(),
        png: body,
    });
    state.stats.cards += 1;
    Reply::json(
        StatusCode::OK,
        &json!({ "slug": slug, "content_hash": hash, "url": url, "bytes": bytes }),
    )
}

async fn delete_page(shared: &Shared, parts: &Parts, body: Incoming, slug: &str) -> Reply {
    let key = match idempotency_key(&parts.headers) {
        Ok(key) => key,
        Err(reply) => return reply,
    };
    // A DELETE body means nothing; read it so the connection stays usable.
    if let Err(BodyError::TooLarge) = read_body(&parts.headers, body).await {
        return too_large();
    }
    let path = parts.uri.path();
    let mut state = shared.lock();
    if let Some(reply) = state.idempotency_lookup(&key, &parts.method, path) {
        return reply;
    }
    let reply = delete_locked(shared, &mut state, &parts.headers, slug);
    state.remember(key, parts.method.clone(), path, &reply);
    reply
}

fn delete_locked(shared: &Shared, state: &mut State, headers: &HeaderMap, slug: &str) -> Reply {
    let if_match = match single(headers, "if-match") {
        Ok(Some(v)) => match parse_etag(v, "If-Match") {
            Ok(etag) => Some(etag),
            Err(reply) => return reply,
        },
        Ok(None) => None,
        Err(reply) => return reply,
    };
    let Some(current) = state.pages.get(slug) else {
        return not_found(&format!("no page `{slug}`"));
    };
    if let Some(etag) = if_match {
        if etag != current.etag {
            let reply = shared.conflict(
                format!(
                    "page `{slug}` has changed: If-Match {etag}, current etag {}",
                    current.etag
                ),
                Some(current),
            );
            state.stats.rejected_412 += 1;
            return reply;
        }
    }
    state.pages.remove(slug);
    state.stats.deletes += 1;
    state.count_write(slug);
    Reply::empty(StatusCode::NO_CONTENT)
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
