//! Comments shared through the team: those made here (offline too) are sent at the next
//! sync, written on the server as the member signed in; those the member may see come back
//! after this desk's comment cursor, their anchors found again in this desk's text.

use serde_json::Value;

use super::server::{Server, TeamComment};
use super::{TeamError, TeamLink};
use crate::comments::{anchor::slice_utf16, Anchor, CommentTarget};
use crate::desk::Desk;
use crate::model::EntityKind;
use crate::store::comments as rows;
use crate::store::{Change, ChangeKind, ChangeOrigin, ChangeWhat};

/// How many comments one pull asks for.
const PULL_BATCH: i64 = 500;

/// What a comments round did: sent, refused (with why), taken from the team.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CommentRound {
    pub sent: usize,
    pub refused: Vec<String>,
    pub pulled: usize,
}

fn stamp(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Desk {
    /// Sends this desk's pending comments, then takes the team's changed ones.
    pub(crate) async fn team_sync_comments(
        &self,
        server: &Server,
        link: &TeamLink,
    ) -> Result<CommentRound, TeamError> {
        let desk = uuid::Uuid::parse_str(&link.desk_id)
            .map_err(|e| TeamError::BadReply(format!("this desk's id: {e}")))?;
        let mut round = CommentRound::default();
        let pending = rows::pending(self.store().conn())?;
        for (id, doc) in pending {
            let answer = server.put_comment(desk, &doc).await?;
            let seq = answer.get("seq").and_then(Value::as_i64);
            let refused = match answer.get("outcome").and_then(Value::as_str) {
                Some("applied" | "unchanged") => None,
                Some("refused") => Some(
                    answer
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("refused")
                        .to_string(),
                ),
                _ => return Err(TeamError::BadReply(format!("comment answer {answer}"))),
            };
            if let Some(why) = &refused {
                round.refused.push(format!("comment {id}: {why}"));
            } else {
                round.sent += 1;
            }
            let resolved = doc
                .get("resolved")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            rows::mark_sent(self.store().conn(), &id, resolved, seq, refused.as_deref())?;
        }
        let mut cursor = rows::cursor(self.store().conn())?;
        loop {
            let batch = server.comments_since(cursor, PULL_BATCH).await?;
            let Some(last) = batch.last().map(|c| c.seq) else {
                break;
            };
            let mut store = self.store();
            let mut touched: Vec<Change> = Vec::new();
            store.transaction(|conn, _| {
                for c in &batch {
                    if let Some(target) = take(conn, c)? {
                        let key = format!("{}:{}", target.kind.as_str(), target.key);
                        let change = Change::new(ChangeKind::Comment, &key, ChangeWhat::Saved);
                        if !touched.contains(&change) {
                            touched.push(change);
                        }
                    }
                }
                rows::set_cursor(conn, last)
            })?;
            store.tell(ChangeOrigin::Team, touched);
            round.pulled += batch.len();
            cursor = last;
        }
        Ok(round)
    }
}

/// Takes one comment of the team's: a new one is kept (its anchor found again in this
/// desk's text), a known one takes the team's resolution. The target, when anything changed.
fn take(
    conn: &rusqlite::Connection,
    c: &TeamComment,
) -> crate::store::Result<Option<CommentTarget>> {
    let Some(kind) = EntityKind::parse(&c.kind) else {
        return Ok(None);
    };
    let target = CommentTarget {
        kind,
        key: c.key.clone(),
        field: c.field.clone(),
    };
    let id = c.id.to_string();
    let resolved_by = c.resolved_at.and(c.resolved_by.as_deref());
    let resolved_at = c.resolved_at.map(stamp);
    if rows::exists(conn, &id)? {
        let changed = rows::take_resolution(conn, &id, resolved_at.as_deref(), resolved_by, c.seq)?;
        return Ok(changed.then_some(target));
    }
    let anchor = match &c.anchor {
        Some(a) if c.parent.is_none() => {
            let sent: Anchor = serde_json::from_value(a.clone()).map_err(|source| {
                crate::store::StoreError::Corrupt {
                    kind: "team comment",
                    key: id.clone(),
                    source,
                }
            })?;
            // The author's text may not be this desk's yet (or any more): the words decide.
            Some(match rows::current_text(conn, &target)? {
                Some(text) if slice_utf16(&text, sent.start, sent.end) != sent.quote => {
                    sent.relocate(&text)
                }
                _ => sent,
            })
        }
        _ => None,
    };
    let parent = c.parent.map(|p| p.to_string());
    rows::insert_tx(
        conn,
        &rows::NewRow {
            id: &id,
            parent: parent.as_deref(),
            target: &target,
            anchor: anchor.as_ref(),
            body: &c.body,
            author: &c.author,
            mentions: &c.mentions,
            created_at: &stamp(c.created_at),
            pending: false,
        },
    )?;
    rows::take_resolution(conn, &id, resolved_at.as_deref(), resolved_by, c.seq)?;
    Ok(Some(target))
}
