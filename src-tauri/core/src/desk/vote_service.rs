//! Readers' votes from the site's vote service (docs/votes.md), whatever the publishing target:
//! tell it the pages that take votes, then pull its tallies into the community snapshot.

use std::collections::{BTreeMap, HashSet};

use chrono::Utc;
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};

use super::{Desk, DeskError};
use crate::model::{CommunityVotes, ComparisonStatus};
use crate::publish::{PublishError, TargetError, VoteCount};
use crate::score::percent;
use crate::secrets::SecretStore;

/// Votes pulled from a target or the site's vote service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct VotesReport {
    pub target: String,
    pub saved: usize,
    /// Counts for pages or tools this desk does not have.
    pub skipped: usize,
    /// Pages whose new counts were not stored: their Community figures would have moved by
    /// less than the site's `vote_republish_points`, so the page stays as published (absent
    /// when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub held_back: Option<usize>,
}

/// The secret store's name for the vote service's token (not a slug, so no target can have it).
pub const VOTE_SERVICE_SECRET: &str = "vote-service:token";

/// What the report names as the votes' source.
pub const VOTE_SERVICE_SOURCE: &str = "vote service";

#[derive(Debug, Serialize)]
struct ManifestPage {
    slug: String,
    tools: Vec<String>,
    /// Where a reader's browser is sent back to after voting.
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    /// The page's other public addresses (on the targets that hold it): a reader is sent
    /// back to the one their form came from.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    urls: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Tallies {
    votes: Vec<VoteCount>,
}

fn failed(message: impl Into<String>) -> DeskError {
    PublishError::Target {
        target: VOTE_SERVICE_SOURCE.to_string(),
        source: TargetError::Permanent(message.into()),
    }
    .into()
}

/// The published comparisons and their tools: the pages whose forms the service takes.
fn manifest(desk: &Desk) -> Result<Vec<ManifestPage>, DeskError> {
    let store = desk.store();
    let site = store.site()?;
    let base = site
        .base_url
        .as_deref()
        .map(|b| b.trim_end_matches('/').to_string())
        .filter(|b| b.starts_with("https://") || b.starts_with("http://"));
    // Where each target says readers find the page (a WordPress or Ghost permalink, …).
    let mut held: std::collections::HashMap<String, Vec<String>> = Default::default();
    for p in store.outbox().pages()? {
        if let Some(url) = p
            .url
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        {
            held.entry(p.slug).or_default().push(url);
        }
    }
    Ok(store
        .comparisons()?
        .into_iter()
        .filter(|c| c.status == ComparisonStatus::Published)
        .map(|c| {
            let mut urls = held.remove(&c.slug).unwrap_or_default();
            let url = match &base {
                Some(b) => Some(format!("{b}/{}", crate::render::comparison_path(&c.slug))),
                None if !urls.is_empty() => Some(urls.remove(0)),
                None => None,
            };
            urls.retain(|u| Some(u) != url.as_ref());
            urls.dedup();
            ManifestPage {
                url,
                urls,
                slug: c.slug,
                tools: c.tools,
            }
        })
        .collect())
}

/// How often the open app pulls the readers' votes when the site has a vote service.
pub const VOTES_PULL_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// What the open app does every [`VOTES_PULL_EVERY`]: pulls the votes when the site has a vote
/// service (`None` without one: nothing to pull, nothing asked).
pub async fn pull_site_votes_if_set(
    desk: &Desk,
    secrets: &dyn SecretStore,
) -> Result<Option<VotesReport>, DeskError> {
    if desk.store().site()?.vote_service.is_none() {
        return Ok(None);
    }
    pull_site_votes(desk, secrets).await.map(Some)
}

/// Sends the service the pages that take votes, pulls its tallies and stores them. Needs the
/// site's vote service address and its token in the secret store ([`VOTE_SERVICE_SECRET`]).
pub async fn pull_site_votes(
    desk: &Desk,
    secrets: &dyn SecretStore,
) -> Result<VotesReport, DeskError> {
    let service = desk.store().site()?.vote_service.ok_or_else(|| {
        failed("the site has no vote service address (site settings: vote_service)")
    })?;
    let token = secrets
        .get(VOTE_SERVICE_SECRET)
        .map_err(|e| failed(e.to_string()))?
        .ok_or_else(|| {
            failed("no token for the vote service: set it with verdict votes --service URL --token-env VAR")
        })?;
    let base = format!("{}/", service.trim_end_matches('/'));
    let client = reqwest::Client::builder()
        .user_agent(concat!("VerdictDesk/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(std::time::Duration::from_secs(10))
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .map_err(|e| failed(e.to_string()))?;
    let pages = manifest(desk)?;
    let sent = client
        .put(format!("{base}pages"))
        .bearer_auth(&token)
        .json(&serde_json::json!({ "pages": pages }))
        .send()
        .await
        .map_err(|e| failed(format!("{base}pages: {e}")))?;
    check(
        sent.status(),
        "PUT pages",
        sent.text().await.unwrap_or_default(),
    )?;
    let answer = client
        .get(format!("{base}votes"))
        .bearer_auth(&token)
        .send()
        .await
        .map_err(|e| failed(format!("{base}votes: {e}")))?;
    let status = answer.status();
    let body = answer.text().await.map_err(|e| failed(e.to_string()))?;
    check(status, "GET votes", body.clone())?;
    let tallies: Tallies = serde_json::from_str(&body)
        .map_err(|e| failed(format!("GET votes answered what is not a tally list: {e}")))?;
    desk.save_votes(VOTE_SERVICE_SOURCE, &tallies.votes, Utc::now())
}

/// The pages among `counts` whose counts are held back: stored, they would move a Community
/// figure the page shows, yet none by `points` or more. A page whose figures do not move takes
/// the new counts (its page stays the same), and one that gains or loses a figure always does.
pub(crate) fn held_back(
    stored: &[CommunityVotes],
    counts: &[VoteCount],
    points: u32,
) -> HashSet<String> {
    type Page<'a> = BTreeMap<&'a str, u64>;
    let mut pages: BTreeMap<&str, (Page, Page)> = BTreeMap::new();
    for v in stored {
        let (old, new) = pages.entry(v.comparison.as_str()).or_default();
        *old.entry(v.tool.as_str()).or_default() += v.votes;
        *new.entry(v.tool.as_str()).or_default() += v.votes;
    }
    let mut pulled: HashSet<&str> = HashSet::new();
    for c in counts {
        pulled.insert(c.comparison.as_str());
        let (old, new) = pages.entry(c.comparison.as_str()).or_default();
        old.entry(c.tool.as_str()).or_default();
        new.insert(c.tool.as_str(), c.votes);
    }
    let shares = |page: &Page| -> Vec<Option<u32>> {
        let total = page.values().sum();
        page.values().map(|&v| percent(v, total)).collect()
    };
    pages
        .into_iter()
        .filter(|(slug, _)| pulled.contains(slug))
        .filter(|(_, (old, new))| {
            let moves = shares(old).into_iter().zip(shares(new)).map(|s| match s {
                (Some(a), Some(b)) => Some(a.abs_diff(b)),
                (None, None) => Some(0),
                _ => None, // a figure appears or goes: always shown
            });
            let mut largest = 0;
            for m in moves {
                match m {
                    Some(m) => largest = largest.max(m),
                    None => return false,
                }
            }
            largest > 0 && largest < points
        })
        .map(|(slug, _)| slug.to_string())
        .collect()
}

fn check(status: StatusCode, what: &str, body: String) -> Result<(), DeskError> {
    if status.is_success() {
        return Ok(());
    }
    let hint = if status == StatusCode::UNAUTHORIZED {
        " (the token is not the service's)"
    } else {
        ""
    };
    let body: String = body.chars().take(300).collect();
    Err(failed(format!("{what}: {status}{hint}: {body}")))
}
