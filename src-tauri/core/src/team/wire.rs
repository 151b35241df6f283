//! What a desk and the team's server exchange: a desk's pending change, the log's changes and
//! entities, the answers to a push, members, and the publishing records the team shares.
//! Both the local side (`local`) and the server's client (`server`) use these; neither uses
//! the other.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::model::EntityKind;

/// A local save waiting for the server.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub id: i64,
    pub change_id: String,
    pub kind: EntityKind,
    pub key: String,
    pub base: i64,
    pub fields: Map<String, Value>,
    pub prev: Map<String, Value>,
}

/// The member signed in, as the server knows them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Member {
    pub login: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub reviewer: Option<String>,
    pub disabled: bool,
}

/// One change of the team's log.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteChange {
    pub seq: i64,
    pub kind: EntityKind,
    pub key: String,
    pub fields: Map<String, Value>,
    pub author: String,
    /// When the server took the change: the team's time of it, the same on every desk.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// One entity of the team as it is now.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteEntity {
    pub kind: EntityKind,
    pub key: String,
    pub fields: Map<String, Value>,
    pub version: i64,
    /// When its content last changed on the team (the newest of its fields' changes).
    pub changed_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The server's answer to a push.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PushAnswer {
    pub outcome: String,
    #[serde(default)]
    pub seq: Option<i64>,
    #[serde(default)]
    pub conflicts: Vec<ConflictAnswer>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub current: Map<String, Value>,
    #[serde(default)]
    pub version: Option<i64>,
    /// For a refusal: whether the entity exists on the team at all.
    #[serde(default)]
    pub exists: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ConflictAnswer {
    pub field: String,
    pub mine: Value,
    pub theirs: Value,
    pub theirs_author: String,
    pub theirs_seq: i64,
    #[serde(default)]
    pub theirs_at: Option<String>,
}

/// A publishing target as the team shares it (no secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamTarget {
    pub name: String,
    pub kind: String,
    pub url: String,
    pub user: Option<String>,
}

/// What a target holds of a page, as the team records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRemotePage {
    pub target: String,
    pub slug: String,
    pub remote_id: Option<String>,
    pub remote_url: Option<String>,
    pub content_hash: String,
    pub version: String,
    pub published_at: chrono::DateTime<chrono::Utc>,
    pub kept_remote: bool,
}

/// How a page looked when it was published, as the team records it (schema 4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamPublished {
    pub slug: String,
    pub page_hash: String,
    pub published_at: chrono::DateTime<chrono::Utc>,
}

/// An image as the team holds it (schema 5), without its bytes: what every desk shows with
/// it, and the version of that (`seq`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMedia {
    pub hash: String,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub original_name: String,
    pub alt: String,
    pub credit: String,
    pub decorative: bool,
    pub added_by: String,
    pub seq: i64,
}

/// The server's answer to a change of an image's text: the fields it set, and for those
/// someone else changed meanwhile, the team's value (kept there).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MediaTextAnswer {
    pub applied: Vec<String>,
    pub refused: Map<String, Value>,
    /// Who changed the text last before this (named when a field was refused).
    pub by: String,
    pub seq: i64,
}
