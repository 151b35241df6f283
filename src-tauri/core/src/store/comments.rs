//! The comments tables: threads on the words of a field, their replies and history, and the
//! anchors' remapping, made in the transaction of every save that changes a commented field.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{now_text, Result, Store, StoreError};
use crate::comments::{
    commentable, Anchor, Comment, CommentTarget, CommentThread, PageCommentCount,
};
use crate::model::EntityKind;

/// A comment as stored, with its thread's fields when it opened one.
struct Stored {
    id: String,
    parent: Option<String>,
    target: CommentTarget,
    anchor: Option<Anchor>,
    resolved_at: Option<String>,
    resolved_by: Option<String>,
    comment: Comment,
}

const COLUMNS: &str = "id, parent, entity, entity_key, field, anchor_start, anchor_end, quote,
    on_deleted, body, author, mentions, created_at, resolved_at, resolved_by, pending, refused";

fn stored(r: &Row) -> rusqlite::Result<Stored> {
    let kind: String = r.get(2)?;
    let start: Option<u32> = r.get(5)?;
    let end: Option<u32> = r.get(6)?;
    let quote: Option<String> = r.get(7)?;
    let mentions: String = r.get(11)?;
    Ok(Stored {
        id: r.get(0)?,
        parent: r.get(1)?,
        target: CommentTarget {
            kind: EntityKind::parse(&kind).unwrap_or(EntityKind::Comparison),
            key: r.get(3)?,
            field: r.get(4)?,
        },
        anchor: match (start, end, quote) {
            (Some(start), Some(end), Some(quote)) => Some(Anchor {
                start,
                end,
                quote,
                deleted: r.get::<_, i64>(8)? != 0,
            }),
            _ => None,
        },
        resolved_at: r.get(13)?,
        resolved_by: r.get(14)?,
        comment: Comment {
            id: r.get(0)?,
            body: r.get(9)?,
            author: r.get(10)?,
            mentions: serde_json::from_str(&mentions).unwrap_or_default(),
            created_at: r.get(12)?,
            pending: r.get::<_, i64>(15)? != 0,
            refused: r.get(16)?,
        },
    })
}

/// Rows into threads: each root with its replies in order, threads in order of creation.
fn threads(rows: Vec<Stored>) -> Vec<CommentThread> {
    let mut out: Vec<CommentThread> = Vec::new();
    let mut replies = Vec::new();
    for row in rows {
        match (&row.parent, row.anchor) {
            (None, Some(anchor)) => out.push(CommentThread {
                id: row.id,
                target: row.target,
                anchor,
                resolved_at: row.resolved_at,
                resolved_by: row.resolved_by,
                comments: vec![row.comment],
            }),
            (Some(parent), _) => replies.push((parent.clone(), row.comment)),
            (None, None) => {}
        }
    }
    for (parent, reply) in replies {
        if let Some(t) = out.iter_mut().find(|t| t.id == parent) {
            t.comments.push(reply);
        }
    }
    out
}

/// What a new comment row holds.
pub(crate) struct NewRow<'a> {
    pub id: &'a str,
    pub parent: Option<&'a str>,
    pub target: &'a CommentTarget,
    pub anchor: Option<&'a Anchor>,
    pub body: &'a str,
    pub author: &'a str,
    pub mentions: &'a [String],
    pub created_at: &'a str,
    pub pending: bool,
}

pub(crate) fn insert_tx(conn: &Connection, row: &NewRow) -> Result<()> {
    conn.execute(
        "INSERT INTO comments (id, parent, entity, entity_key, field, anchor_start, anchor_end,
             quote, on_deleted, body, author, mentions, created_at, pending)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            row.id,
            row.parent,
            row.target.kind.as_str(),
            row.target.key,
            row.target.field,
            row.anchor.map(|a| a.start),
            row.anchor.map(|a| a.end),
            row.anchor.map(|a| a.quote.as_str()),
            row.anchor.is_some_and(|a| a.deleted),
            row.body,
            row.author,
            serde_json::to_string(row.mentions).expect("strings serialise"),
            row.created_at,
            row.pending,
        ],
    )?;
    history_tx(conn, row.id, row.created_at, Some(row.author), "created")
}

pub(crate) fn history_tx(
    conn: &Connection,
    id: &str,
    at: &str,
    who: Option<&str>,
    what: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO comment_history (comment, at, who, what) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, at, who, what])?;
    Ok(())
}

/// Marks a thread resolved (or reopened) by `who`; false when it already was.
pub(crate) fn set_resolved_tx(
    conn: &Connection,
    id: &str,
    resolved: bool,
    who: &str,
    at: &str,
) -> Result<bool> {
    let by = resolved.then_some(who);
    let changed = conn.execute(
        "UPDATE comments SET resolved_at = ?2, resolved_by = ?3, pending = 1
          WHERE id = ?1 AND parent IS NULL AND (resolved_by IS NULL) <> (?3 IS NULL)",
        params![id, by.map(|_| at), by],
    )?;
    if changed > 0 {
        let what = if resolved { "resolved" } else { "reopened" };
        history_tx(conn, id, at, Some(who), what)?;
    }
    Ok(changed > 0)
}

/// The text of `field` in a stored document (`None`: no such text field).
fn field_text(doc: &str, field: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(doc).ok()?;
    value.get(field)?.as_str().map(str::to_string)
}

/// The saved text of one field of one entity, as the store holds it now.
pub(crate) fn current_text(conn: &Connection, target: &CommentTarget) -> Result<Option<String>> {
    let doc: Option<String> = conn
        .query_row(
            "SELECT snapshot FROM revisions WHERE entity = ?1 AND entity_key = ?2
             ORDER BY number DESC LIMIT 1",
            params![target.kind.as_str(), target.key],
            |r| r.get(0),
        )
        .optional()?;
    Ok(doc.and_then(|d| field_text(&d, &target.field)))
}

/// Maps the anchors on `kind`/`key` from the document saved before to the one saved now, in
/// the save's own transaction: each commented field whose text changed moves its anchors
/// through the edit (see [`Anchor::map`]); words deleted are noted in the thread's history.
/// True when an anchor moved: the threads' followers have something to read again.
pub(super) fn remap_tx(
    conn: &Connection,
    kind: EntityKind,
    key: &str,
    before: &str,
    after: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    if commentable(kind).is_empty() {
        return Ok(false);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, field, anchor_start, anchor_end, quote FROM comments
          WHERE entity = ?1 AND entity_key = ?2 AND parent IS NULL AND on_deleted = 0",
    )?;
    let rows = stmt
        .query_map(params![kind.as_str(), key], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                Anchor {
                    start: r.get(2)?,
                    end: r.get(3)?,
                    quote: r.get(4)?,
                    deleted: false,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut texts: Vec<(String, Option<(String, String)>)> = Vec::new();
    let mut moved_any = false;
    for (id, field, anchor) in rows {
        if !texts.iter().any(|(f, _)| *f == field) {
            let pair = field_text(before, &field).zip(field_text(after, &field));
            texts.push((field.clone(), pair));
        }
        let Some((_, Some((old, new)))) = texts.iter().find(|(f, _)| *f == field) else {
            continue;
        };
        if old == new {
            continue;
        }
        let moved = anchor.map(old, new);
        if moved == anchor {
            continue;
        }
        conn.execute(
            "UPDATE comments SET anchor_start = ?2, anchor_end = ?3, quote = ?4, on_deleted = ?5
              WHERE id = ?1",
            params![id, moved.start, moved.end, moved.quote, moved.deleted],
        )?;
        if moved.deleted {
            history_tx(conn, &id, &now_text(now), None, "words deleted")?;
        }
        moved_any = true;
    }
    Ok(moved_any)
}

impl Store {
    /// The threads on one entity (every field), oldest first.
    pub fn comment_threads(&self, kind: EntityKind, key: &str) -> Result<Vec<CommentThread>> {
        self.thread_rows(
            &format!(
                "SELECT {COLUMNS} FROM comments WHERE entity = ?1 AND entity_key = ?2
                 ORDER BY created_at, id"
            ),
            params![kind.as_str(), key],
        )
    }

    /// The threads a page's editor shows: on the page, its tools and their verdicts.
    pub fn page_comment_threads(&self, slug: &str) -> Result<Vec<CommentThread>> {
        self.thread_rows(
            &format!("SELECT {COLUMNS} FROM comments m WHERE {ON_PAGE} ORDER BY created_at, id"),
            params![slug],
        )
    }

    fn thread_rows<P: rusqlite::Params>(&self, sql: &str, p: P) -> Result<Vec<CommentThread>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt
            .query_map(p, stored)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(threads(rows))
    }

    /// One thread by its first comment's id.
    pub fn comment_thread(&self, id: &str) -> Result<CommentThread> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM comments WHERE id = ?1 OR parent = ?1
             ORDER BY parent IS NOT NULL, created_at, id"
        ))?;
        let rows = stmt
            .query_map([id], stored)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        threads(rows).pop().ok_or_else(|| StoreError::NotFound {
            kind: "comment thread",
            key: id.to_string(),
        })
    }

    /// What happened to a comment: (when, who, what), oldest first.
    pub fn comment_history(&self, id: &str) -> Result<Vec<(String, Option<String>, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT at, who, what FROM comment_history WHERE comment = ?1 ORDER BY id")?;
        let rows = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Open threads per page, for the lists (pages without any are left out).
    pub fn page_comment_counts(&self) -> Result<Vec<PageCommentCount>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT p.slug, (SELECT count(*) FROM comments m
                              WHERE m.parent IS NULL AND m.resolved_at IS NULL
                                AND {ON_PAGE_OF_P}) AS open
               FROM comparisons p ORDER BY p.slug"
        ))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(PageCommentCount {
                    slug: r.get(0)?,
                    open: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows.into_iter().filter(|c| c.open > 0).collect())
    }
}

/// Comments `m` on the page `?1`: its own, its tools', and those tools' verdicts'.
const ON_PAGE: &str = "(m.entity = 'comparison' AND m.entity_key = ?1)
    OR (m.entity IN ('tool', 'verdict') AND (CASE m.entity WHEN 'tool' THEN m.entity_key
          ELSE substr(m.entity_key, instr(m.entity_key, '/') + 1) END) IN
        (SELECT t.slug FROM comparison_tools ct JOIN tools t ON t.id = ct.tool_id
           JOIN comparisons c ON c.id = ct.comparison_id WHERE c.slug = ?1))";

/// [`ON_PAGE`] for the page row `p` of an outer query.
const ON_PAGE_OF_P: &str = "((m.entity = 'comparison' AND m.entity_key = p.slug)
    OR (m.entity IN ('tool', 'verdict') AND (CASE m.entity WHEN 'tool' THEN m.entity_key
          ELSE substr(m.entity_key, instr(m.entity_key, '/') + 1) END) IN
        (SELECT t.slug FROM comparison_tools ct JOIN tools t ON t.id = ct.tool_id
          WHERE ct.comparison_id = p.id)))";

/// The comments the team has not got yet, threads before replies, each as the document
/// sent for it.
pub(crate) fn pending(conn: &Connection) -> Result<Vec<(String, serde_json::Value)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM comments WHERE pending = 1
          ORDER BY parent IS NOT NULL, created_at, id"
    ))?;
    let rows = stmt
        .query_map([], stored)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let doc = crate::comments::wire(
                &r.id,
                r.parent.as_deref(),
                &r.target,
                r.anchor.as_ref(),
                &r.comment.body,
                &r.comment.mentions,
                r.resolved_at.is_some(),
            );
            (r.id, doc)
        })
        .collect())
}

/// The team answered a comment sent: taken (at `seq`) or refused (with why).
/// Only while the comment is still as it was sent (`resolved`): a thread resolved or reopened
/// here while the answer was on its way stays pending, and goes with the next sync.
pub(crate) fn mark_sent(
    conn: &Connection,
    id: &str,
    resolved: bool,
    seq: Option<i64>,
    refused: Option<&str>,
) -> Result<()> {
    conn.execute(
        "UPDATE comments SET pending = 0, team_seq = coalesce(?2, team_seq), refused = ?3
          WHERE id = ?1 AND (resolved_at IS NOT NULL) = ?4",
        params![id, seq, refused, resolved],
    )?;
    Ok(())
}

pub(crate) fn cursor(conn: &Connection) -> Result<i64> {
    Ok(conn
        .query_row("SELECT cursor FROM comment_cursor WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or(0))
}

pub(crate) fn set_cursor(conn: &Connection, cursor: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO comment_cursor (id, cursor) VALUES (1, ?1)
         ON CONFLICT(id) DO UPDATE SET cursor = excluded.cursor",
        [cursor],
    )?;
    Ok(())
}

pub(crate) fn exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM comments WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Takes the team's resolution of a thread (unless a change made here still waits to be
/// sent); true when it changed anything here.
pub(crate) fn take_resolution(
    conn: &Connection,
    id: &str,
    resolved_at: Option<&str>,
    resolved_by: Option<&str>,
    seq: i64,
) -> Result<bool> {
    let was: Option<Option<String>> = conn
        .query_row(
            "SELECT resolved_by FROM comments WHERE id = ?1 AND parent IS NULL AND pending = 0",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    conn.execute(
        "UPDATE comments SET team_seq = ?2 WHERE id = ?1",
        params![id, seq],
    )?;
    let Some(was) = was else {
        return Ok(false);
    };
    if was.is_some() == resolved_by.is_some() {
        return Ok(false);
    }
    conn.execute(
        "UPDATE comments SET resolved_at = ?2, resolved_by = ?3 WHERE id = ?1",
        params![id, resolved_at, resolved_by],
    )?;
    let what = if resolved_by.is_some() {
        "resolved"
    } else {
        "reopened"
    };
    let at = resolved_at.map_or_else(|| now_text(Utc::now()), str::to_string);
    history_tx(conn, id, &at, resolved_by, what)?;
    Ok(true)
}
