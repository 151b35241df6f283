//! Publishing: targets, the durable outbox of writes to them, and the worker that runs it.
//!
//! A publish is first a row in the outbox (SQLite), then a request. The worker claims due
//! rows with a lease, renders the page as it is now, skips it when the target already holds
//! that content, and records the target's answer in the same transaction that closes the job.
//! Every write carries an idempotency key derived from the job and the content, so a retry
//! after a lost answer is recognised by the target instead of writing a second copy.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::secrets::SecretStore;

pub mod capabilities;
pub mod folder;
pub mod ghost;
pub mod http;
pub mod media;
mod media_gone;
mod pages;
mod reply;
mod team_gate;
pub mod verify;
pub mod wordpress;
mod worker;

pub use crate::store::outbox::{
    JobState, JobView, Op, PageState, PublishingView, RemoteCopy, RemoteRecord, TargetConfig,
    TargetKind, TargetView,
};
pub use pages::PageSource;
pub use reply::retry_after;
pub use worker::{run_on, run_until_settled, Progress, RunOptions, WorkerError};

/// One page as it is sent: the structured page, the HTML the renderer made from it, and a
/// hash of both, which decides whether a target already holds it.
#[derive(Debug, Clone)]
pub struct OutgoingPage {
    pub slug: String,
    pub title: String,
    pub content_hash: String,
    pub page: serde_json::Value,
    pub html: String,
    /// The page's share card, drawn only when a target has to send it.
    pub card: OutgoingCard,
    /// A scheduled page sent ahead to a target that publishes it itself at this time
    /// ([`TargetKind::schedules`]); `None` for a page published now.
    pub publish_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A page's share card as it is sent: the SVG it is drawn from, and a hash of that SVG and
/// the drawing code, which tells a target's card from ours without drawing either.
#[derive(Debug, Clone)]
pub struct OutgoingCard {
    pub svg: String,
    pub hash: String,
}

impl OutgoingCard {
    pub fn new(svg: String) -> OutgoingCard {
        let hash = format!(
            "sha256:{}",
            crate::util::hash(&[
                svg.as_bytes(),
                crate::render::share_card::DRAWN_BY.as_bytes()
            ])
        );
        OutgoingCard { svg, hash }
    }

    /// The PNG (milliseconds of drawing, on the blocking pool so the sends in flight go on).
    pub async fn png(&self) -> Result<Vec<u8>, TargetError> {
        let svg = self.svg.clone();
        tokio::task::spawn_blocking(move || crate::render::share_card::rasterise(&svg))
            .await
            .map_err(|e| TargetError::Transient(format!("drawing the share card: {e}")))?
            .map_err(|e| TargetError::Permanent(e.to_string()))
    }

    /// The file name a target keeps the card under: the page's slug and the card's hash, so
    /// a card already uploaded is found again by name.
    pub fn file_stem(&self, slug: &str) -> String {
        let short: String = self
            .hash
            .trim_start_matches("sha256:")
            .chars()
            .take(12)
            .collect();
        format!("verdict-card-{slug}-{short}")
    }
}

/// Readers' votes as a target reports them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteCount {
    pub comparison: String,
    pub tool: String,
    pub votes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    /// Worth trying again later: a timeout, a reset connection, a 5xx, a 429.
    #[error("{0}")]
    Transient(String),
    /// Worth trying again, but not before the wait the endpoint asked for (`Retry-After` on
    /// a 429 or 503).
    #[error("{message}")]
    Throttled {
        message: String,
        retry_after: std::time::Duration,
    },
    /// Trying again will not help: a refused token, a rejected page.
    #[error("{0}")]
    Permanent(String),
    /// The page changed (or went) on the target since we last published it.
    #[error("{}", crate::store::outbox::conflict_message(.0.as_deref()))]
    Conflict(Option<Box<RemoteCopy>>),
}

/// One kind of endpoint. Implementations must make `put` safe to repeat with the same `key`.
#[async_trait]
pub trait Target: Send + Sync {
    /// Checks address and credentials; says what answered.
    async fn check(&self) -> Result<String, TargetError>;

    /// Creates the page (`last` is `None`) or updates it. Without `overwrite`, a remote copy
    /// that changed since `last.version` is a [`TargetError::Conflict`], never overwritten.
    async fn put(
        &self,
        page: &OutgoingPage,
        last: Option<&RemoteRecord>,
        overwrite: bool,
        key: &str,
    ) -> Result<RemoteRecord, TargetError>;

    /// Removes the page; a page already gone is not an error.
    async fn delete(
        &self,
        slug: &str,
        last: Option<&RemoteRecord>,
        key: &str,
    ) -> Result<(), TargetError>;

    /// What the person publishing should know about this target from this run, each said
    /// once (e.g. that share cards are not sent to a server that does not take them).
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }

    /// Whether it publishes a scheduled page itself at its time: then it is sent the page
    /// ahead, with [`OutgoingPage::publish_at`].
    fn schedules(&self) -> bool {
        false
    }

    /// How the target takes the images pages show; asked before a page that shows any is sent.
    async fn media(&self) -> Result<media::MediaMode, TargetError> {
        Ok(media::MediaMode::Own)
    }

    /// Stores one image file a page shows, before the page; safe to repeat.
    async fn put_media(&self, file: &media::MediaFile) -> Result<media::MediaPut, TargetError> {
        Err(TargetError::Permanent(format!(
            "this target does not take image files ({}/{})",
            file.hash, file.name
        )))
    }

    /// Whether it can take away an image it holds that no page there shows any more (the
    /// WordPress media library can; the page API and Ghost have no such request).
    fn removes_media(&self) -> bool {
        false
    }

    /// Takes away every file of the image `hash` that this desk put there (the old logo of a
    /// replaced one, once no page there shows it); files already gone are not an error.
    async fn remove_media(&self, hash: &str) -> Result<(), TargetError> {
        Err(TargetError::Permanent(format!(
            "this target cannot remove images ({hash})"
        )))
    }

    /// Readers' votes, for targets that collect them.
    async fn votes(&self) -> Result<Option<Vec<VoteCount>>, TargetError> {
        Ok(None)
    }

    /// Called once after a run changed anything on this target (the folder rewrites its
    /// index, sitemap and feed).
    fn finish(&self, _store: &crate::Store) -> Result<(), TargetError> {
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("no publishing target \"{0}\"; add one first (verdict target add)")]
    NoTarget(String),
    #[error(
        "no publishing targets yet; add one first (the Publishing screen, or verdict target add)"
    )]
    NoTargets,
    #[error("a target named \"{0}\" already exists; choose another name")]
    TargetExists(String),
    #[error("target \"{target}\" has no {what} stored: {hint}")]
    NoSecret {
        target: String,
        what: &'static str,
        hint: String,
    },
    #[error(transparent)]
    Secret(#[from] crate::secrets::SecretError),
    #[error("target \"{target}\": {source}")]
    Target { target: String, source: TargetError },
    #[error("no job {0} in the publishing queue")]
    NoJob(i64),
    #[error("job {id} is {state}; {hint}")]
    JobState {
        id: i64,
        state: &'static str,
        hint: &'static str,
    },
}

/// Builds the client for a stored target, with its secret from `secrets`.
pub fn connect(
    config: &TargetConfig,
    secrets: &dyn SecretStore,
) -> Result<Arc<dyn Target>, PublishError> {
    let secret = if config.kind.needs_secret() {
        let what = match config.kind {
            TargetKind::Wordpress => "application password",
            TargetKind::Ghost => "Admin API key",
            _ => "token",
        };
        match secrets.get(&config.name)? {
            Some(s) => Some(s),
            None => {
                return Err(PublishError::NoSecret {
                    target: config.name.clone(),
                    what,
                    hint: format!(
                        "store it with `verdict target add {} … --secret-env VAR`, or give it at run time in {}",
                        config.name,
                        crate::secrets::env_var_name(&config.name)
                    ),
                })
            }
        }
    } else {
        None
    };
    Ok(match config.kind {
        TargetKind::Http => Arc::new(http::HttpTarget::new(
            &config.url,
            secret.unwrap_or_default(),
        )?),
        TargetKind::Wordpress => Arc::new(wordpress::WordpressTarget::new(
            &config.url,
            config.user.clone().unwrap_or_default(),
            secret.unwrap_or_default(),
        )?),
        TargetKind::Folder => Arc::new(folder::FolderTarget::new(&config.url)),
        TargetKind::Ghost => Arc::new(ghost::GhostTarget::new(
            &config.url,
            &secret.unwrap_or_default(),
        )?),
    })
}

/// The notes of the targets a run used, each once, headed by the target's name.
pub(crate) fn target_notes(
    clients: &std::collections::HashMap<String, Arc<dyn Target>>,
) -> Vec<String> {
    let mut notes: Vec<String> = clients
        .iter()
        .flat_map(|(name, client)| {
            client
                .notes()
                .into_iter()
                .map(move |n| format!("{name}: {n}"))
        })
        .collect();
    notes.sort();
    notes
}

/// A retry delay: exponential in the attempt, capped, with jitter so that many jobs failing
/// together do not all come back at the same moment.
pub fn backoff(
    attempt: u32,
    base: std::time::Duration,
    max: std::time::Duration,
    unit_random: f64,
) -> std::time::Duration {
    let exp = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(20));
    let capped = exp.min(max);
    // "Equal jitter": half fixed, half random, so a delay never collapses to zero.
    capped.mul_f64(0.5 + 0.5 * unit_random.clamp(0.0, 1.0))
}

/// Our page in the shape of the target kind's [`RemoteCopy::fields`], for the conflict diff.
/// The body is compared as the text a reader sees, so the word diff shows what was edited.
pub fn comparable(kind: TargetKind, page: &OutgoingPage) -> serde_json::Value {
    match kind {
        TargetKind::Http => serde_json::json!({
            "title": page.title,
            "body": visible_text(&page.html),
            "page": page.page,
        }),
        TargetKind::Wordpress => {
            serde_json::json!({ "title": page.title, "content": visible_text(&page.html) })
        }
        TargetKind::Folder => serde_json::json!({ "html": page.html }),
        TargetKind::Ghost => serde_json::json!({
            "title": page.title,
            "content": visible_text(&ghost::article(&page.html)),
        }),
    }
}

/// The HTML with a space before each tag that starts or ends a block (a paragraph, heading,
/// list item, table cell, line break…), so that the words of adjacent blocks stay apart
/// when the markup is removed.
fn spaced_blocks(html: &str) -> String {
    const BLOCKS: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ];
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tag = rest[i + 1..].trim_start_matches('/');
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if BLOCKS.contains(&name.as_str()) {
            out.push(' ');
        }
        out.push('<');
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out
}

/// The text a reader sees in an HTML page or fragment: the body's text without markup,
/// scripts or styles, with entities decoded and runs of white space made one space.
pub fn visible_text(html: &str) -> String {
    let body = spaced_blocks(wordpress::body_of(html));
    let text = ammonia::Builder::empty()
        .clean_content_tags(["script", "style", "template", "noscript"].into())
        .clean(&body)
        .to_string();
    // ammonia writes text escaped; a reader sees the characters.
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO),
            "a date in the past asks for no wait"
        );
        assert_eq!(retry_after("-5", now), None);
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(retry_after("", SystemTime::now()), None);
    }

    #[test]
    fn visible_text_is_what_a_reader_sees() {
        let html = "<!doctype html><html><head><title>T</title><style>p{}</style></head>\
            <body><h1>Claude &amp; GPT</h1>\n<script type=\"application/ld+json\">{\"a\":1}</script>\
            <p>Ship  <em>it</em>, 3 &lt; 4</p></body></html>";
        assert_eq!(visible_text(html), "Claude & GPT Ship it, 3 < 4");
    }
}
