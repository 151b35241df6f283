//! The notices of a team desk's member: what other members did that is theirs to know, read
//! from the local tables the team's sync fills (revisions, each with the member who made
//! it, and comments):
//! - a verdict submitted → to an editor;
//! - a verdict returned → to the reviewer it belongs to (the member's reviewer);
//! - a page assigned to the member (its assignee became them);
//! - a page approved (from review) → to a publisher;
//! - a comment mentioning the member → to them;
//! - a reply in a thread the member wrote in before it → to them (a mention wins: one
//!   notice per comment).
//!
//! Never what the member did themselves. Only what happened since they joined and in the
//! last [`RECENT_DAYS`]: older news is in My work, not worth a notification.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use rusqlite::params;
use serde_json::Value;

use super::Notice;
use crate::desk::{Desk, DeskError, WorkPlace};
use crate::model::EntityKind;
use crate::team::local::TeamLink;
use crate::workflow::Role;

/// How far back a tick looks for other members' doings.
pub const RECENT_DAYS: i64 = 3;

/// The longest excerpt of a comment a notification shows, in characters.
const EXCERPT: usize = 140;

/// One revision of a verdict or page, with the one before it.
struct Change {
    /// When it was saved (with the entity and key, what names it across a rejoin: local
    /// revision ids start again when a join replaces the content).
    saved_at: String,
    entity: String,
    key: String,
    author: String,
    now: Value,
    before: Option<Value>,
}

/// One comment, with its thread's earlier authors.
struct Said {
    id: String,
    parent: Option<String>,
    entity: String,
    key: String,
    body: String,
    author: String,
    mentions: Vec<String>,
    created_at: String,
}

impl Change {
    /// What names this change among the notices raised: stable across a rejoin.
    fn mark(&self) -> String {
        format!(
            "{}:{}:{}:{}",
            self.entity, self.key, self.author, self.saved_at
        )
    }
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn text_at<'a>(doc: &'a Value, field: &str) -> Option<&'a str> {
    doc.get(field).and_then(Value::as_str)
}

/// A field that became `want` with this change (it was something else, or there was none).
fn became(change: &Change, field: &str, want: &str) -> bool {
    text_at(&change.now, field) == Some(want)
        && change.before.as_ref().and_then(|b| text_at(b, field)) != Some(want)
}

impl Desk {
    /// The team notices of `link`'s member since `now - RECENT_DAYS` (and since they joined),
    /// each with its key among those raised.
    pub(super) fn team_notices(
        &self,
        link: &TeamLink,
        now: DateTime<Utc>,
    ) -> Result<Vec<(Notice, String)>, DeskError> {
        let mut since = now - Duration::days(RECENT_DAYS);
        if let Some(joined) = parse_time(&link.joined_at) {
            since = since.max(joined);
        }
        let me = link.user.as_str();
        let has = |role: Role| link.roles.contains(&role.to_string());
        let (changes, said) = self.recent_doings(since, me)?;
        let mut found = Vec::new();
        if changes.is_empty() && said.is_empty() {
            return Ok(found);
        }
        let lib = self.library()?;
        let tool_name = |slug: &str| {
            lib.tools
                .get(slug)
                .map_or_else(|| slug.to_string(), |t| t.name.clone())
        };
        let page_title = |slug: &str| {
            lib.comparisons
                .iter()
                .find(|c| c.slug == slug)
                .map_or_else(|| slug.to_string(), |c| c.title.clone())
        };
        for change in &changes {
            let by = change.author.clone();
            if change.entity == EntityKind::Verdict.as_str() {
                let reviewer = text_at(&change.now, "reviewer").unwrap_or_default();
                let tool = text_at(&change.now, "tool").unwrap_or_default();
                if has(Role::Editor) && became(change, "status", "submitted") {
                    let reviewer_name = lib
                        .reviewers
                        .get(reviewer)
                        .map_or_else(|| reviewer.to_string(), |r| r.name.clone());
                    found.push((
                        Notice::VerdictSubmitted {
                            reviewer: reviewer.into(),
                            reviewer_name,
                            tool: tool.into(),
                            tool_name: tool_name(tool),
                            by,
                        },
                        format!("submitted:{}", change.mark()),
                    ));
                } else if link.reviewer.as_deref() == Some(reviewer)
                    && became(change, "status", "returned")
                {
                    found.push((
                        Notice::VerdictReturned {
                            reviewer: reviewer.into(),
                            tool: tool.into(),
                            tool_name: tool_name(tool),
                            comment: text_at(&change.now, "return_comment")
                                .map(str::trim)
                                .filter(|c| !c.is_empty())
                                .map(str::to_string),
                            by,
                        },
                        format!("returned:{}", change.mark()),
                    ));
                }
            } else if change.entity == EntityKind::Comparison.as_str() {
                let title = text_at(&change.now, "title").unwrap_or(&change.key);
                if became(change, "assignee", me) {
                    found.push((
                        Notice::Assigned {
                            slug: change.key.clone(),
                            title: title.into(),
                            by: by.clone(),
                        },
                        format!("assigned:{}", change.mark()),
                    ));
                }
                // Approved from review: not a page unpublished (which goes back to approved).
                let from_review =
                    change.before.as_ref().and_then(|b| text_at(b, "status")) == Some("in_review");
                if has(Role::Publisher) && from_review && became(change, "status", "approved") {
                    found.push((
                        Notice::PageApproved {
                            slug: change.key.clone(),
                            title: title.into(),
                            by,
                        },
                        format!("approved:{}", change.mark()),
                    ));
                }
            }
        }
        // Who wrote in each thread, and when, for the replies.
        let threads = self.thread_authors(&said)?;
        for c in &said {
            let (on, place) = match EntityKind::parse(&c.entity) {
                Some(EntityKind::Comparison) => (
                    format!("\u{201c}{}\u{201d}", page_title(&c.key)),
                    Some(WorkPlace::Comparison {
                        slug: c.key.clone(),
                    }),
                ),
                Some(EntityKind::Tool) => (
                    tool_name(&c.key),
                    Some(WorkPlace::Tool {
                        slug: c.key.clone(),
                    }),
                ),
                Some(EntityKind::Verdict) => {
                    let (reviewer, tool) = c.key.split_once('/').unwrap_or((&c.key, ""));
                    (
                        format!("the verdict on {}", tool_name(tool)),
                        Some(WorkPlace::Verdict {
                            reviewer: reviewer.into(),
                            tool: tool.into(),
                        }),
                    )
                }
                _ => (c.key.clone(), None),
            };
            let excerpt = excerpt(&c.body);
            if c.mentions.iter().any(|m| m == me) {
                found.push((
                    Notice::Mentioned {
                        comment: c.id.clone(),
                        by: c.author.clone(),
                        on,
                        excerpt,
                        place,
                    },
                    format!("mention:{}", c.id),
                ));
                continue;
            }
            let Some(root) = c.parent.as_deref() else {
                continue;
            };
            let wrote_before = threads.get(root).is_some_and(|writers| {
                writers
                    .iter()
                    .any(|(who, at)| who == me && at.as_str() < c.created_at.as_str())
            });
            if wrote_before {
                found.push((
                    Notice::Replied {
                        comment: c.id.clone(),
                        by: c.author.clone(),
                        on,
                        excerpt,
                        place,
                    },
                    format!("reply:{}", c.id),
                ));
            }
        }
        Ok(found)
    }

    /// Other members' changes to verdicts and pages, and their comments, since `since`.
    fn recent_doings(
        &self,
        since: DateTime<Utc>,
        me: &str,
    ) -> Result<(Vec<Change>, Vec<Said>), DeskError> {
        let store = self.store();
        let conn = store.conn();
        // Revisions are numbered as they are kept: the first one kept since `since`.
        let bound = (since - Duration::minutes(1)).to_rfc3339();
        let first: Option<i64> = conn
            .query_row(
                "SELECT MIN(id) FROM revisions WHERE saved_at >= ?1",
                params![bound],
                |r| r.get(0),
            )
            .map_err(crate::store::StoreError::from)?;
        let mut changes = Vec::new();
        if let Some(first) = first {
            let mut stmt = conn
                .prepare(
                    "SELECT r.id, r.entity, r.entity_key, r.author, r.snapshot, r.saved_at,
                            (SELECT p.snapshot FROM revisions p WHERE p.entity = r.entity
                              AND p.entity_key = r.entity_key AND p.number = r.number - 1)
                       FROM revisions r
                      WHERE r.id >= ?1 AND r.entity IN ('verdict', 'comparison')
                        AND r.author IS NOT NULL AND r.author <> ?2
                      ORDER BY r.id",
                )
                .map_err(crate::store::StoreError::from)?;
            let rows = stmt
                .query_map(params![first, me], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, Option<String>>(6)?,
                    ))
                })
                .map_err(crate::store::StoreError::from)?;
            for row in rows {
                let (_id, entity, key, author, now, saved_at, before) =
                    row.map_err(crate::store::StoreError::from)?;
                if parse_time(&saved_at).is_none_or(|at| at < since) {
                    continue;
                }
                let Ok(now) = serde_json::from_str(&now) else {
                    continue;
                };
                let before = before.and_then(|b| serde_json::from_str(&b).ok());
                changes.push(Change {
                    saved_at,
                    entity,
                    key,
                    author,
                    now,
                    before,
                });
            }
        }
        let mut stmt = conn
            .prepare(
                "SELECT id, parent, entity, entity_key, body, author, mentions, created_at
                   FROM comments WHERE created_at >= ?1 AND author <> ?2
                  ORDER BY created_at, id",
            )
            .map_err(crate::store::StoreError::from)?;
        let rows = stmt
            .query_map(params![bound, me], |r| {
                let mentions: String = r.get(6)?;
                Ok(Said {
                    id: r.get(0)?,
                    parent: r.get(1)?,
                    entity: r.get(2)?,
                    key: r.get(3)?,
                    body: r.get(4)?,
                    author: r.get(5)?,
                    mentions: serde_json::from_str(&mentions).unwrap_or_default(),
                    created_at: r.get(7)?,
                })
            })
            .map_err(crate::store::StoreError::from)?;
        let mut said = Vec::new();
        for row in rows {
            let c = row.map_err(crate::store::StoreError::from)?;
            if parse_time(&c.created_at).is_some_and(|at| at >= since) {
                said.push(c);
            }
        }
        Ok((changes, said))
    }

    /// For each thread a reply of `said` is in: who wrote in it and when (its first comment
    /// and every reply).
    fn thread_authors(
        &self,
        said: &[Said],
    ) -> Result<HashMap<String, Vec<(String, String)>>, DeskError> {
        let store = self.store();
        let conn = store.conn();
        let mut stmt = conn
            .prepare(
                "SELECT author, created_at FROM comments WHERE id = ?1 OR parent = ?1
                  ORDER BY created_at",
            )
            .map_err(crate::store::StoreError::from)?;
        let mut threads = HashMap::new();
        for root in said.iter().filter_map(|c| c.parent.as_deref()) {
            if threads.contains_key(root) {
                continue;
            }
            let writers = stmt
                .query_map(params![root], |r| Ok((r.get(0)?, r.get(1)?)))
                .and_then(|rows| rows.collect::<Result<Vec<(String, String)>, _>>())
                .map_err(crate::store::StoreError::from)?;
            threads.insert(root.to_string(), writers);
        }
        Ok(threads)
    }
}

/// The first words of a comment, on one line.
fn excerpt(body: &str) -> String {
    let line = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= EXCERPT {
        return line;
    }
    let cut: String = line.chars().take(EXCERPT - 1).collect();
    format!("{}\u{2026}", cut.trim_end())
}
