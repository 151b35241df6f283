//! One verification run: which held pages are due a check, reading each back with bounded
//! concurrency and a time limit per page, and recording what was found as receipts.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::{Client, StatusCode};
use serde::Serialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::{compare, reader_for, said, ReadBack};
use crate::publish::{OutgoingPage, PageSource, RemoteRecord};
use crate::render::PageCache;
use crate::secrets::SecretStore;
use crate::store::receipts::{
    receipt_time, Difference, HeldPage, Place, PublishedThere, Receipt, ReceiptState,
};
use crate::store::{Store, StoreError};

/// The largest public page read (a page is tens of kilobytes; more is not a page).
const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;

/// Which held pages a run checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Every page the targets hold.
    All,
    /// Pages not checked since they were last published (the read-back after a write).
    Unchecked,
    /// Those, and pages last checked about this long ago or longer: each page's own
    /// interval is between ¾ and 1¼ of it, so that checks spread out instead of falling due
    /// together.
    Older(Duration),
}

#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// Only this target's pages.
    pub target: Option<String>,
    pub due: Due,
    /// Pages read at once.
    pub concurrency: usize,
    /// The longest one page's check may take (stored copy and public address together).
    pub timeout: Duration,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            target: None,
            due: Due::All,
            concurrency: 8,
            timeout: Duration::from_secs(20),
        }
    }
}

/// A page a run did not check, and why (the desk has unpublished changes to it, say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct NotChecked {
    pub target: String,
    pub slug: String,
    pub why: String,
}

/// What a run found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct VerifyReport {
    pub receipts: Vec<Receipt>,
    pub not_checked: Vec<NotChecked>,
}

impl VerifyReport {
    /// Receipts that are not "verified".
    pub fn problems(&self) -> usize {
        self.receipts
            .iter()
            .filter(|r| r.state != ReceiptState::Verified)
            .count()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the pages cannot be rendered to compare with: {0}")]
    Render(#[from] crate::render::RenderError),
    #[error("no HTTP client: {0}")]
    Client(String),
}

fn is_due(page: &HeldPage, due: Due, now: DateTime<Utc>) -> bool {
    match (due, page.last_checked) {
        (Due::All, _) | (_, None) => true,
        (Due::Unchecked, Some(_)) => false,
        (Due::Older(every), Some(last)) => {
            let spread = u64::from_str_radix(
                &crate::util::hash(&[page.target.as_bytes(), page.slug.as_bytes()])[..8],
                16,
            )
            .unwrap_or(0) as f64
                / f64::from(u32::MAX);
            let own = every.mul_f64(0.75 + 0.5 * spread);
            (now - last).to_std().is_ok_and(|age| age >= own)
        }
    }
}

/// Checks the due pages of the desk's targets and records a receipt for each. Reads only:
/// nothing is written to a target.
pub async fn verify_on(
    store: Arc<Mutex<Store>>,
    pages: Arc<PageCache>,
    secrets: Arc<dyn SecretStore>,
    options: VerifyOptions,
) -> Result<VerifyReport, VerifyError> {
    let lock = || store.lock().unwrap_or_else(|p| p.into_inner());
    let now = Utc::now();
    let (held, configs, due_at) = {
        let s = lock();
        // When each scheduled page was due, to say whether a target that published it
        // itself (Ghost) did so on time.
        let due_at: HashMap<String, DateTime<Utc>> = s
            .schedule_runs(DateTime::<Utc>::MIN_UTC)?
            .into_iter()
            .map(|run| (run.slug, run.due_at))
            .collect();
        (
            s.held_pages(options.target.as_deref())?,
            s.outbox().targets()?,
            Arc::new(due_at),
        )
    };
    let due: Vec<HeldPage> = held
        .into_iter()
        .filter(|p| is_due(p, options.due, now))
        .collect();
    let mut report = VerifyReport::default();
    if due.is_empty() {
        return Ok(report);
    }
    let lib = pages.library(lock())?;
    let renderer = pages.renderer(&lib.site)?;
    let source = Arc::new(PageSource::from_parts(lib, renderer));
    let mut readers: HashMap<String, Result<Arc<dyn ReadBack>, String>> = HashMap::new();
    for config in &configs {
        let reader = reader_for(config, secrets.as_ref()).map_err(|e| e.to_string());
        readers.insert(config.name.clone(), reader);
    }
    let client = Client::builder()
        .user_agent(concat!(
            "VerdictDesk/",
            env!("CARGO_PKG_VERSION"),
            " (verify)"
        ))
        .connect_timeout(options.timeout)
        .timeout(options.timeout)
        .build()
        .map_err(|e| VerifyError::Client(e.to_string()))?;
    let permits = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let mut running: JoinSet<Result<Receipt, NotChecked>> = JoinSet::new();
    for held in due {
        let not_checked = |why: String| NotChecked {
            target: held.target.clone(),
            slug: held.slug.clone(),
            why,
        };
        // Only the page the target was given can be compared: a page changed at the desk
        // since is checked once it is published again.
        match source.content_hash(&held.slug) {
            Ok(Some(hash)) if hash == held.record.content_hash => {}
            Ok(Some(_)) => {
                report.not_checked.push(not_checked(format!(
                    "the desk has changes to this page not yet published to {}",
                    held.target
                )));
                continue;
            }
            Ok(None) => {
                report.not_checked.push(not_checked(
                    "the page is no longer published at the desk".into(),
                ));
                continue;
            }
            Err(e) => {
                report.not_checked.push(not_checked(e.to_string()));
                continue;
            }
        }
        let reader = readers
            .get(&held.target)
            .cloned()
            .unwrap_or_else(|| Err(format!("no publishing target \"{}\"", held.target)));
        let (client, permits, timeout) = (client.clone(), permits.clone(), options.timeout);
        let (source, due_at) = (source.clone(), due_at.clone());
        running.spawn(async move {
            let _permit = permits.acquire_owned().await;
            // Rendering is the check's own work: on the blocking pool, pages in parallel.
            let slug = held.slug.clone();
            let rendered = tokio::task::spawn_blocking(move || source.outgoing(&slug)).await;
            let page = match rendered {
                Ok(Ok(Some(page))) => page,
                Ok(Ok(None)) => {
                    return Err(NotChecked {
                        target: held.target,
                        slug: held.slug,
                        why: "the page is no longer published at the desk".into(),
                    })
                }
                Ok(Err(e)) => {
                    return Err(NotChecked {
                        target: held.target,
                        slug: held.slug,
                        why: e.to_string(),
                    })
                }
                Err(e) => {
                    return Err(NotChecked {
                        target: held.target,
                        slug: held.slug,
                        why: format!("the page could not be rendered: {e}"),
                    })
                }
            };
            let mut published_there = None;
            let (state, differences, public_url) = match reader {
                Err(e) => (
                    ReceiptState::Unreachable,
                    vec![said(Place::Stored, "unreachable", e)],
                    held.record.url.clone(),
                ),
                Ok(reader) => {
                    let check = check_one(reader.as_ref(), &client, &page, &held.record);
                    match tokio::time::timeout(timeout, check).await {
                        Ok((found, published_at)) => {
                            published_there = published_at
                                .zip(due_at.get(&held.slug))
                                .map(|(at, due)| PublishedThere::new(reader.who(), at, *due));
                            found
                        }
                        Err(_) => (
                            ReceiptState::Unreachable,
                            vec![said(
                                Place::Stored,
                                "unreachable",
                                format!(
                                    "{} did not answer within {} s",
                                    reader.who(),
                                    timeout.as_secs_f32()
                                ),
                            )],
                            held.record.url.clone(),
                        ),
                    }
                }
            };
            Ok(Receipt {
                target: held.target,
                slug: held.slug,
                state,
                checked_at: receipt_time(Utc::now()),
                content_hash: page.content_hash,
                differences,
                public_url,
                published_there,
            })
        });
    }
    while let Some(done) = running.join_next().await {
        match done {
            Ok(Ok(receipt)) => report.receipts.push(receipt),
            Ok(Err(not_checked)) => report.not_checked.push(not_checked),
            Err(e) => tracing::warn!(error = %e, "a page's check stopped"),
        }
    }
    report
        .receipts
        .sort_by(|a, b| (&a.target, &a.slug).cmp(&(&b.target, &b.slug)));
    lock().record_receipts(&report.receipts)?;
    Ok(report)
}

type Found = (ReceiptState, Vec<Difference>, Option<String>);

/// Reads one page back, stored copy then public address, and says what differs; with when
/// the target published it by its own record (Ghost's scheduled post).
async fn check_one(
    reader: &dyn ReadBack,
    client: &Client,
    page: &OutgoingPage,
    record: &RemoteRecord,
) -> (Found, Option<DateTime<Utc>>) {
    let who = reader.who();
    let copy = match reader.stored(page, record).await {
        Ok(Some(copy)) => copy,
        Ok(None) => {
            let found = (
                ReceiptState::Missing,
                vec![said(
                    Place::Stored,
                    "gone",
                    format!("the page is gone from {who}"),
                )],
                record.url.clone(),
            );
            return (found, None);
        }
        Err(e) => {
            let found = (
                ReceiptState::Unreachable,
                vec![said(
                    Place::Stored,
                    "unreachable",
                    format!("{who} could not be read: {e}"),
                )],
                record.url.clone(),
            );
            return (found, None);
        }
    };
    let published_at = copy.published_at;
    (check_copy(reader, client, page, copy).await, published_at)
}

/// The stored copy against the desk's page, then the page at its public address.
async fn check_copy(
    reader: &dyn ReadBack,
    client: &Client,
    page: &OutgoingPage,
    copy: super::StoredCopy,
) -> Found {
    let who = reader.who();
    let sent = reader.sent(page);
    let mut found = copy.findings;
    found.extend(compare::stored(
        who,
        reader.serving(),
        &sent,
        &page.title,
        copy.title.as_deref(),
        &copy.html,
    ));
    let stored_as_sent = found.is_empty();
    let Some(url) = copy.public_url.filter(|u| u.starts_with("http")) else {
        let state = if found.is_empty() {
            ReceiptState::Verified
        } else {
            ReceiptState::Differs
        };
        return (state, found, None);
    };
    match read_public(client, &url).await {
        Ok(Ok(served)) => {
            let public = compare::public(
                who,
                reader.serving(),
                &page.html,
                &sent,
                &page.title,
                &served,
            );
            if stored_as_sent && !public.is_empty() {
                found.push(said(
                    Place::Public,
                    "stale",
                    format!(
                        "readers get something other than what {who} stores (a filter, or a \
                         cache in front of it still serving an older copy)"
                    ),
                ));
            }
            found.extend(public);
            let state = if found.is_empty() {
                ReceiptState::Verified
            } else {
                ReceiptState::Differs
            };
            (state, found, Some(url))
        }
        Ok(Err(status)) => {
            found.push(said(
                Place::Public,
                "gone",
                format!("readers get {status} at {url}"),
            ));
            (ReceiptState::Missing, found, Some(url))
        }
        Err(e) => {
            found.push(said(
                Place::Public,
                "unreachable",
                format!("the page's public address {url} could not be read: {e}"),
            ));
            (ReceiptState::Unreachable, found, Some(url))
        }
    }
}

/// The page at its public address (`Ok(Err(status))`: the address says the page is not there).
async fn read_public(client: &Client, url: &str) -> Result<Result<String, String>, String> {
    let response = client
        .get(url)
        .header(reqwest::header::ACCEPT, "text/html")
        .send()
        .await
        .map_err(|e| crate::publish::reply::transport(e).to_string())?;
    let status = response.status();
    if status == StatusCode::NOT_FOUND || status == StatusCode::GONE {
        return Ok(Err(status.to_string()));
    }
    if !status.is_success() {
        return Err(format!("it answered {status}"));
    }
    if response
        .content_length()
        .is_some_and(|l| l > MAX_PAGE_BYTES as u64)
    {
        return Err("it answered with more than 16 MiB, which is not a page".into());
    }
    let bytes = response
        .bytes()
        .await
        .map_err(|e| crate::publish::reply::transport(e).to_string())?;
    Ok(Ok(String::from_utf8_lossy(&bytes).into_owned()))
}
