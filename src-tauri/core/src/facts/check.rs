//! Checking links over HTTP: a `HEAD` (a `GET` when the server refuses `HEAD` with 405 or
//! 501), bounded concurrency across hosts, one request at a time per host with a small pause
//! between them, and a timeout on every request. A host that does not answer in time is not
//! asked again in the same run: its other links are reported unreachable at once, so a
//! hanging host costs one timeout, not one per link.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::{Client, Method, StatusCode};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// How a link check runs.
#[derive(Debug, Clone)]
pub struct LinkCheckOptions {
    /// Hosts checked at once (each host one link at a time).
    pub concurrency: usize,
    /// How long one request may take, connecting included.
    pub timeout: Duration,
    /// The pause between two requests to the same host.
    pub host_delay: Duration,
    /// Results younger than this are taken from the cache instead of asked again
    /// (`None`: check every link now).
    pub reuse_within: Option<Duration>,
}

impl Default for LinkCheckOptions {
    fn default() -> Self {
        LinkCheckOptions {
            concurrency: 8,
            timeout: Duration::from_secs(10),
            host_delay: Duration::from_millis(250),
            reuse_within: Some(Duration::from_secs(24 * 3600)),
        }
    }
}

/// What asking for a link found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LinkState {
    /// It answered with a page (2xx, after redirects).
    Ok,
    /// It answered that there is no such page, or with an error (4xx, 5xx).
    Broken,
    /// No answer: the host could not be reached, timed out, or asked us to slow down.
    Unreachable,
}

impl LinkState {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkState::Ok => "ok",
            LinkState::Broken => "broken",
            LinkState::Unreachable => "unreachable",
        }
    }

    pub fn parse(s: &str) -> LinkState {
        match s {
            "ok" => LinkState::Ok,
            "broken" => LinkState::Broken,
            _ => LinkState::Unreachable,
        }
    }
}

/// One link's result, as cached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct LinkResult {
    pub url: String,
    pub state: LinkState,
    /// The HTTP status it answered with (none when it did not answer).
    #[ts(optional = nullable)]
    pub status: Option<u16>,
    /// What was found, in words: "answers 404 Not Found", "did not answer within 10 s".
    pub said: String,
    pub checked_at: DateTime<Utc>,
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| {
            let host = u.host_str()?.to_string();
            Some(format!("{host}:{}", u.port_or_known_default().unwrap_or(0)))
        })
        .unwrap_or_default()
}

fn status_words(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

enum Asked {
    Answered(StatusCode),
    TimedOut,
    Failed(String),
}

async fn ask(client: &Client, method: Method, url: &str, timeout: Duration) -> Asked {
    // The client's own timeout covers the request; this one also covers a server that sends
    // headers and then never finishes.
    match tokio::time::timeout(timeout, client.request(method, url).send()).await {
        Err(_) => Asked::TimedOut,
        Ok(Ok(response)) => Asked::Answered(response.status()),
        Ok(Err(e)) if e.is_timeout() => Asked::TimedOut,
        Ok(Err(e)) if e.is_connect() => Asked::Failed("could not be reached".into()),
        Ok(Err(e)) if e.is_redirect() => Asked::Failed("redirects too many times".into()),
        Ok(Err(e)) => Asked::Failed(format!("could not be read ({e})")),
    }
}

/// Checks one link: `HEAD`, then `GET` when `HEAD` is refused.
async fn check_one(client: &Client, url: &str, timeout: Duration) -> (LinkResult, bool) {
    let mut asked = ask(client, Method::HEAD, url, timeout).await;
    if let Asked::Answered(s) = asked {
        if s == StatusCode::METHOD_NOT_ALLOWED || s == StatusCode::NOT_IMPLEMENTED {
            asked = ask(client, Method::GET, url, timeout).await;
        }
    }
    let secs = timeout.as_secs_f64();
    let (state, status, said, timed_out) = match asked {
        Asked::Answered(s) if s.is_success() => {
            (LinkState::Ok, Some(s.as_u16()), status_words(s), false)
        }
        Asked::Answered(s) if s == StatusCode::TOO_MANY_REQUESTS => (
            LinkState::Unreachable,
            Some(s.as_u16()),
            "asked to be asked later (429 Too Many Requests)".into(),
            false,
        ),
        Asked::Answered(s) => (
            LinkState::Broken,
            Some(s.as_u16()),
            format!("answers {}", status_words(s)),
            false,
        ),
        Asked::TimedOut => (
            LinkState::Unreachable,
            None,
            format!("did not answer within {secs} s"),
            true,
        ),
        Asked::Failed(why) => (LinkState::Unreachable, None, why, false),
    };
    let result = LinkResult {
        url: url.to_string(),
        state,
        status,
        said,
        checked_at: Utc::now(),
    };
    (result, timed_out)
}

/// Checks every link of `urls` (each once), politely per host. Results come back in the
/// order of `urls`, duplicates removed.
pub async fn check_links(urls: &[String], options: &LinkCheckOptions) -> Vec<LinkResult> {
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut order: Vec<&String> = Vec::new();
    for url in urls {
        if !order.contains(&url) {
            order.push(url);
            by_host.entry(host_of(url)).or_default().push(url.clone());
        }
    }
    let client = match Client::builder()
        .user_agent(concat!(
            "VerdictDesk/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .connect_timeout(options.timeout)
        .timeout(options.timeout)
        .redirect(reqwest::redirect::Policy::limited(10))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            let said = format!("could not be checked ({e})");
            return order
                .into_iter()
                .map(|url| LinkResult {
                    url: url.clone(),
                    state: LinkState::Unreachable,
                    status: None,
                    said: said.clone(),
                    checked_at: Utc::now(),
                })
                .collect();
        }
    };
    let permits = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let mut running: JoinSet<Vec<LinkResult>> = JoinSet::new();
    for (_, host_urls) in by_host {
        let (client, permits) = (client.clone(), permits.clone());
        let (timeout, delay) = (options.timeout, options.host_delay);
        running.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let mut out = Vec::with_capacity(host_urls.len());
            let mut silent = false;
            for (i, url) in host_urls.into_iter().enumerate() {
                if silent {
                    out.push(LinkResult {
                        url,
                        state: LinkState::Unreachable,
                        status: None,
                        said: "was not asked: its host did not answer in time".into(),
                        checked_at: Utc::now(),
                    });
                    continue;
                }
                if i > 0 {
                    tokio::time::sleep(delay).await;
                }
                let (result, timed_out) = check_one(&client, &url, timeout).await;
                silent = timed_out;
                out.push(result);
            }
            out
        });
    }
    let mut found: HashMap<String, LinkResult> = HashMap::new();
    while let Some(done) = running.join_next().await {
        // A panicked task loses only its own host's results.
        for r in done.unwrap_or_default() {
            found.insert(r.url.clone(), r);
        }
    }
    order
        .into_iter()
        .filter_map(|url| found.remove(url))
        .collect()
}
