//! What the outbox stores: targets, jobs, and what each target acknowledged holding.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::validate::{slug_problem, url_problem, FieldError, Validate};

/// Where pages go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// The documented page API (docs/publishing-api.md).
    Http,
    /// A WordPress site's REST API with an application password.
    Wordpress,
    /// A folder on this computer that holds the static site.
    Folder,
    /// A Ghost site's Admin API with an Admin API key (docs/publishing-ghost.md).
    Ghost,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Http => "http",
            TargetKind::Wordpress => "wordpress",
            TargetKind::Folder => "folder",
            TargetKind::Ghost => "ghost",
        }
    }

    pub fn parse(s: &str) -> Option<TargetKind> {
        match s {
            "http" => Some(TargetKind::Http),
            "wordpress" => Some(TargetKind::Wordpress),
            "folder" => Some(TargetKind::Folder),
            "ghost" => Some(TargetKind::Ghost),
            _ => None,
        }
    }

    /// Whether the target needs a secret (a token or an application password).
    pub fn needs_secret(self) -> bool {
        !matches!(self, TargetKind::Folder)
    }

    /// Whether the target publishes a scheduled page itself at its time (Ghost's scheduled
    /// posts), so the page is sent to it ahead, when it is scheduled.
    pub fn schedules(self) -> bool {
        matches!(self, TargetKind::Ghost)
    }
}

/// A publishing target as stored: never its secret, which lives in the system keyring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct TargetConfig {
    pub name: String,
    pub kind: TargetKind,
    /// The API's base URL, or the folder's absolute path.
    pub url: String,
    /// The WordPress user the application password belongs to.
    #[serde(default)]
    pub user: Option<String>,
}

impl Validate for TargetConfig {
    fn validate(&self) -> Vec<FieldError> {
        let mut problems = Vec::new();
        if let Some(p) = slug_problem(&self.name) {
            problems.push(FieldError::new("name", p));
        }
        match self.kind {
            TargetKind::Http | TargetKind::Wordpress | TargetKind::Ghost => {
                if let Some(p) = url_problem(&self.url) {
                    problems.push(FieldError::new("url", p));
                }
            }
            TargetKind::Folder => {
                if !std::path::Path::new(&self.url).is_absolute() {
                    problems.push(FieldError::new(
                        "url",
                        "give the folder as an absolute path, e.g. /srv/www/verdicts",
                    ));
                }
            }
        }
        match (self.kind, self.user.as_deref().map(str::trim)) {
            (TargetKind::Wordpress, None | Some("")) => problems.push(FieldError::new(
                "user",
                "a WordPress target needs the user name its application password belongs to",
            )),
            (TargetKind::Http | TargetKind::Folder | TargetKind::Ghost, Some(u))
                if !u.is_empty() =>
            {
                problems.push(FieldError::new(
                    "user",
                    format!(
                        "only WordPress targets have a user; leave it out for a {} target",
                        self.kind.as_str()
                    ),
                ))
            }
            _ => {}
        }
        problems
    }
}

/// What a target acknowledged holding for a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteRecord {
    /// The target's own id for the page (WordPress post id).
    pub remote_id: Option<String>,
    /// Where readers find it.
    pub url: Option<String>,
    pub content_hash: String,
    /// The remote version: an ETag, WordPress's `modified_gmt`, or a file hash. Empty for a
    /// page the target held before this desk published it, kept there by the publisher:
    /// there is no version of ours, so a write to it is a create (and meets their copy).
    pub version: String,
}

/// The target's current copy of a page, shown beside ours when they disagree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoteCopy {
    /// The target's own id for it (a WordPress post id), when it has one.
    #[serde(default)]
    pub remote_id: Option<String>,
    pub version: Option<String>,
    pub url: Option<String>,
    pub content_hash: Option<String>,
    /// The compared fields, in the shape [`comparable`] gives our page.
    pub fields: serde_json::Value,
}

/// What a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Put,
    Delete,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Put => "put",
            Op::Delete => "delete",
        }
    }
    pub(super) fn parse(s: &str) -> Op {
        if s == "delete" {
            Op::Delete
        } else {
            Op::Put
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Queued,
    Running,
    Failed,
    Conflict,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Failed => "failed",
            JobState::Conflict => "conflict",
        }
    }
    pub(super) fn parse(s: &str) -> JobState {
        match s {
            "running" => JobState::Running,
            "failed" => JobState::Failed,
            "conflict" => JobState::Conflict,
            _ => JobState::Queued,
        }
    }
}

/// A claimed job, as the worker runs it.
#[derive(Debug, Clone)]
pub(crate) struct Claimed {
    pub id: i64,
    pub target: String,
    pub slug: String,
    pub op: Op,
    pub attempts: u32,
    pub generation: i64,
    pub overwrite: bool,
    /// The write's idempotency key: random, kept with the job, the same for every retry.
    pub write_key: String,
}

/// A job as the Publishing screen and the CLI show it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct JobView {
    #[ts(type = "number")]
    pub id: i64,
    pub target: String,
    pub slug: String,
    pub op: Op,
    pub state: JobState,
    pub attempts: u32,
    /// When the next attempt may start (RFC 3339).
    pub not_before: String,
    pub last_error: Option<String>,
}

/// One page on one target.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PageState {
    pub target: String,
    pub slug: String,
    /// The target's own id for the page (a WordPress post id).
    pub remote_id: Option<String>,
    pub url: Option<String>,
    pub published_at: String,
    /// The publisher chose to keep the target's copy after a conflict.
    pub kept_remote: bool,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct TargetView {
    pub name: String,
    pub kind: TargetKind,
    pub url: String,
    pub user: Option<String>,
    /// Pages the target holds.
    pub pages: usize,
}

/// Everything the Publishing screen shows.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct PublishingView {
    pub targets: Vec<TargetView>,
    pub jobs: Vec<JobView>,
    pub pages: Vec<PageState>,
}

/// How a job ended this time.
pub(crate) enum Outcome {
    /// The target holds the page (or no longer holds it, for a delete).
    Done(Option<RemoteRecord>),
    /// Nothing to send: the target already holds this content.
    Unchanged,
    Retry {
        error: String,
        at: DateTime<Utc>,
    },
    Failed(String),
    Conflict(Option<Box<RemoteCopy>>),
}

/// How a conflict reads: the target changed the page, or removed it.
pub(crate) fn conflict_message(remote: Option<&RemoteCopy>) -> &'static str {
    match remote {
        Some(_) => "the page was changed on the target since it was last published",
        None => "the page was removed on the target since it was last published",
    }
}
