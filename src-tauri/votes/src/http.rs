//! The routes: readers' `POST /v/{slug}`, the desk's `GET /votes` and `PUT /pages`, `/healthz`.

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use chrono::{SecondsFormat, Utc};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use serde::Deserialize;
use serde_json::json;

use crate::config::Config;
use crate::form::{self, FORM_LIMIT};
use crate::reader::{self, RateLimit};
use crate::store::{Ballot, Counted, Page, Store, StoreError};

/// The largest `PUT /pages` body: a desk of ten thousand pages fits well below it.
pub const PAGES_LIMIT: usize = 8 * 1024 * 1024;

/// The element of the page's community section that the redirect targets; the page shows
/// its thanks line with CSS `:target`, no script.
pub const THANKS_FRAGMENT: &str = "community-voted";

/// How long a request's body may take to arrive.
const BODY_TIME: std::time::Duration = std::time::Duration::from_secs(10);

pub struct Shared {
    pub config: Config,
    pub store: Arc<Store>,
    pub limit: RateLimit,
}

pub type Answer = Response<Full<Bytes>>;

fn respond(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Answer {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert("cache-control", HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    r
}

fn json_answer(status: StatusCode, value: serde_json::Value) -> Answer {
    respond(status, "application/json", value.to_string())
}

/// A refusal, as JSON for the desk and scripts, as a short page for a reader's browser.
fn refuse(status: StatusCode, code: &str, message: &str, html: bool) -> Answer {
    if !html {
        return json_answer(status, json!({"error": code, "message": message}));
    }
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Vote not counted</title></head>\
         <body><h1>Vote not counted</h1><p>{}</p><p>Go back to the page to try again.</p></body></html>",
        escape(message)
    );
    let mut r = respond(status, "text/html; charset=utf-8", body);
    r.headers_mut().insert(
        "content-security-policy",
        HeaderValue::from_static("default-src 'none'"),
    );
    r
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn wants_json(req: &Request<Incoming>) -> bool {
    req.headers()
        .get_all(ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("application/json"))
}

/// Compares the bearer token without an early exit on the first differing byte.
fn authorized(req: &Request<Incoming>, token: &str) -> bool {
    let Some(given) = req
        .headers()
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
    else {
        return false;
    };
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn unauthorized() -> Answer {
    let mut r = json_answer(
        StatusCode::UNAUTHORIZED,
        json!({"error": "unauthorized", "message": "missing or wrong bearer token"}),
    );
    r.headers_mut().insert(
        "www-authenticate",
        HeaderValue::from_static("Bearer realm=\"verdict-votes\""),
    );
    r
}

/// Reads at most `limit` bytes of body; `Err` is the answer to give instead.
async fn read_body(req: Request<Incoming>, limit: usize, html: bool) -> Result<Bytes, Answer> {
    let too_large = || {
        refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            &format!("the body is larger than {limit} bytes"),
            html,
        )
    };
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    // A body trickled in byte by byte would hold the connection for good: it gets a while.
    let read = tokio::time::timeout(BODY_TIME, Limited::new(req.into_body(), limit).collect());
    let Ok(read) = read.await else {
        return Err(refuse(
            StatusCode::REQUEST_TIMEOUT,
            "timeout",
            &format!("the body did not arrive within {} s", BODY_TIME.as_secs()),
            html,
        ));
    };
    match read {
        Ok(body) => Ok(body.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Err(e) => Err(refuse(
            StatusCode::BAD_REQUEST,
            "invalid",
            &format!("the body could not be read: {e}"),
            html,
        )),
    }
}

pub async fn route(shared: &Shared, peer: SocketAddr, req: Request<Incoming>) -> Answer {
    let path = req.uri().path().to_owned();
    let method = req.method().clone();
    match (path.as_str(), &method) {
        ("/healthz", &Method::GET | &Method::HEAD) => match shared.store.ping().await {
            Ok(()) => json_answer(StatusCode::OK, json!({"status": "ok"})),
            Err(e) => json_answer(
                StatusCode::SERVICE_UNAVAILABLE,
                json!({"status": "unavailable", "message": e.to_string()}),
            ),
        },
        ("/", &Method::GET) => json_answer(
            StatusCode::OK,
            json!({"api": "verdict-votes", "version": 1}),
        ),
        ("/votes", &Method::GET) => {
            if !authorized(&req, &shared.config.token) {
                return unauthorized();
            }
            match shared.store.tallies().await {
                Ok(votes) => json_answer(
                    StatusCode::OK,
                    json!({
                        "as_of": Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
                        "votes": votes,
                    }),
                ),
                Err(e) => store_failed(e, false),
            }
        }
        ("/pages", &Method::PUT) => {
            if !authorized(&req, &shared.config.token) {
                return unauthorized();
            }
            put_pages(shared, req).await
        }
        (p, _) if p.starts_with("/v/") => {
            if method != Method::POST {
                let mut r = refuse(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "invalid",
                    "a vote is sent with POST (the page's form)",
                    !wants_json(&req),
                );
                r.headers_mut()
                    .insert("allow", HeaderValue::from_static("POST"));
                return r;
            }
            let slug = p["/v/".len()..].trim_end_matches('/').to_string();
            vote(shared, peer, &slug, req).await
        }
        ("/healthz" | "/" | "/votes" | "/pages", _) => json_answer(
            StatusCode::METHOD_NOT_ALLOWED,
            json!({"error": "invalid", "message": format!("{method} is not taken here")}),
        ),
        _ => json_answer(
            StatusCode::NOT_FOUND,
            json!({"error": "not_found", "message": "unknown path"}),
        ),
    }
}

fn store_failed(e: StoreError, html: bool) -> Answer {
    match e {
        StoreError::TooManyVoters(_) => refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_voters",
            &e.to_string(),
            html,
        ),
        StoreError::Stopping => refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "the vote service is restarting; try again in a moment",
            html,
        ),
        StoreError::Sqlite(_) | StoreError::Postgres(_) | StoreError::Broken(_) => {
            tracing::error!(error = %e, "storage failed");
            refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the vote could not be stored; try again",
                html,
            )
        }
    }
}

async fn vote(shared: &Shared, peer: SocketAddr, slug: &str, req: Request<Incoming>) -> Answer {
    let html = !wants_json(&req);
    if !form::is_slug(slug) {
        return refuse(
            StatusCode::BAD_REQUEST,
            "invalid",
            "the page's slug is not a slug",
            html,
        );
    }
    let mut page = shared.store.page(slug);
    if page.is_none() && matches!(shared.store.refresh_pages().await, Ok(true)) {
        // Another service sharing the database may have been sent the page since.
        page = shared.store.page(slug);
    }
    let Some(page) = page else {
        return refuse(
            StatusCode::NOT_FOUND,
            "not_found",
            &format!("no page \"{slug}\" takes votes here"),
            html,
        );
    };
    let form_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !form_type {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid",
            "Content-Type: send the page's form (application/x-www-form-urlencoded)",
            html,
        );
    }
    let origin = req
        .headers()
        .get("origin")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let voter = reader::voter_from_cookie(req.headers(), shared.store.cookie_key());
    let address = reader::reader_address(&shared.config, peer, req.headers());
    let body = match read_body(req, FORM_LIMIT, html).await {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    let form = match form::parse(&body) {
        Ok(f) => f,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, "invalid", &e.to_string(), html),
    };
    if !page.tools.contains(&form.tool) {
        return refuse(
            StatusCode::NOT_FOUND,
            "not_found",
            &format!("tool: \"{}\" is not on the page \"{slug}\"", form.tool),
            html,
        );
    }
    if let Err(wait) = shared.limit.take(address) {
        let secs = wait.as_secs().max(1);
        let mut r = refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            &format!("too many votes from this address; try again in {secs} s"),
            html,
        );
        r.headers_mut()
            .insert("retry-after", HeaderValue::from(secs));
        return r;
    }
    let voted = match shared
        .store
        .vote(Ballot {
            page: page.slug.clone(),
            tool: form.tool.clone(),
            voter,
            address,
        })
        .await
    {
        Ok(v) => v,
        Err(e) => return store_failed(e, html),
    };
    tracing::info!(page = %page.slug, tool = %form.tool, counted = ?voted.counted, "vote");
    let cookie = reader::set_cookie(&shared.config, shared.store.cookie_key(), &voted.voter);
    let mut answer = if !html {
        json_answer(
            StatusCode::OK,
            json!({"comparison": page.slug, "tool": form.tool, "counted": voted.counted}),
        )
    } else if let Some(url) = page.back_to(origin.as_deref()) {
        let base = url.split('#').next().unwrap_or(url);
        let mut r = respond(
            StatusCode::SEE_OTHER,
            "text/plain; charset=utf-8",
            "Thanks\n",
        );
        if let Ok(location) = HeaderValue::from_str(&format!("{base}#{THANKS_FRAGMENT}")) {
            r.headers_mut().insert("location", location);
        }
        r
    } else {
        let said = match voted.counted {
            Counted::Unchanged => "Your vote was already counted.",
            _ => "Thanks, your vote is counted.",
        };
        respond(
            StatusCode::OK,
            "text/html; charset=utf-8",
            format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Vote counted</title></head><body><p>{said}</p></body></html>"
            ),
        )
    };
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        answer.headers_mut().insert("set-cookie", value);
    }
    answer
}

#[derive(Deserialize)]
struct PagesBody {
    pages: Vec<Page>,
}

async fn put_pages(shared: &Shared, req: Request<Incoming>) -> Answer {
    let body = match read_body(req, PAGES_LIMIT, false).await {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    let invalid = |m: String| {
        json_answer(
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid", "message": m}),
        )
    };
    let pages = match serde_json::from_slice::<PagesBody>(&body) {
        Ok(b) => b.pages,
        Err(e) => return invalid(format!("body: {e}")),
    };
    let mut seen = std::collections::HashSet::new();
    for (i, p) in pages.iter().enumerate() {
        if !form::is_slug(&p.slug) {
            return invalid(format!("pages[{i}].slug: {:?} is not a slug", p.slug));
        }
        if !seen.insert(&p.slug) {
            return invalid(format!("pages[{i}].slug: \"{}\" is listed twice", p.slug));
        }
        if p.tools.is_empty() {
            return invalid(format!("pages[{i}].tools: a page needs at least one tool"));
        }
        if let Some(j) = p.tools.iter().position(|t| !form::is_slug(t)) {
            return invalid(format!("pages[{i}].tools[{j}]: not a slug"));
        }
        for (field, url) in p.url.iter().map(|u| ("url".to_string(), u)).chain(
            p.urls
                .iter()
                .enumerate()
                .map(|(j, u)| (format!("urls[{j}]"), u)),
        ) {
            let ok = (url.starts_with("https://") || url.starts_with("http://"))
                && HeaderValue::from_str(url).is_ok();
            if !ok {
                return invalid(format!("pages[{i}].{field}: not an http(s) address"));
            }
        }
    }
    let count = pages.len();
    match shared.store.set_pages(pages).await {
        Ok(()) => {
            tracing::info!(pages = count, "pages replaced");
            json_answer(StatusCode::OK, json!({"pages": count}))
        }
        Err(e) => store_failed(e, false),
    }
}
