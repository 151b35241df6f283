//! The desk's comment actions: who may write them (the profile acting, which on a team desk
//! is only the member signed in), what they may sit on, whom they may mention.

use chrono::Utc;

use super::{commentable, mentions, Anchor, CommentTarget, CommentThread, NewComment, MAX_BODY};
use crate::desk::{actor, Desk, DeskError};
use crate::model::{EntityKind, VerdictStatus};
use crate::store::{comments as rows, Store, StoreError};
use crate::workflow::{Role, WorkflowError};

/// The body, trimmed, refused when empty or too long, and the members it mentions, each a
/// profile of this desk (a member of the team, on a team desk).
fn checked_body(store: &Store, body: &str) -> Result<(String, Vec<String>), DeskError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(StoreError::invalid("body", "a comment needs some text").into());
    }
    if body.chars().count() > MAX_BODY {
        return Err(StoreError::invalid(
            "body",
            format!("a comment is at most {MAX_BODY} characters"),
        )
        .into());
    }
    let named = mentions(body);
    for login in &named {
        if store.profile(login)?.is_none() {
            return Err(StoreError::invalid(
                "body",
                format!("@{login} is not a member of this desk"),
            )
            .into());
        }
    }
    Ok((body.to_string(), named))
}

/// Refused unless `who` may see (and so comment on) the text of `target`: a draft verdict
/// only by its reviewer and the editors, as on the team's server.
fn may_see(
    store: &Store,
    who: &crate::workflow::Profile,
    target: &CommentTarget,
) -> Result<(), DeskError> {
    if target.kind != EntityKind::Verdict || who.has(Role::Editor) {
        return Ok(());
    }
    let (reviewer, tool) = target.key.split_once('/').unwrap_or((&target.key, ""));
    let draft = store
        .verdicts_for_tool(tool)?
        .into_iter()
        .any(|v| v.reviewer == reviewer && v.status == VerdictStatus::Draft);
    let own = Some(reviewer) == who.reviewer.as_deref();
    if draft && !own {
        return Err(WorkflowError::NotAllowed {
            who: crate::workflow::who(who),
            what: "comment on this verdict",
            why: "a draft verdict is seen only by its reviewer and the editors".into(),
        }
        .into());
    }
    Ok(())
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

impl Desk {
    /// The threads a page's editor shows: on the page, its tools and their verdicts.
    pub fn page_comments(&self, slug: &str) -> Result<Vec<CommentThread>, DeskError> {
        Ok(self.store().page_comment_threads(slug)?)
    }

    /// The threads on one entity (a tool's or reviewer's editor).
    pub fn entity_comments(
        &self,
        kind: EntityKind,
        key: &str,
    ) -> Result<Vec<CommentThread>, DeskError> {
        Ok(self.store().comment_threads(kind, key)?)
    }

    /// Open threads per page, for the lists.
    pub fn comment_counts(&self) -> Result<Vec<super::PageCommentCount>, DeskError> {
        Ok(self.store().page_comment_counts()?)
    }

    /// Opens a thread on the selected words of a saved field, as `profile`.
    pub fn add_comment(&self, profile: &str, new: &NewComment) -> Result<CommentThread, DeskError> {
        let mut store = self.store();
        let who = actor(&store, profile)?;
        let target = &new.target;
        if !commentable(target.kind).contains(&target.field.as_str()) {
            return Err(StoreError::invalid(
                "field",
                format!(
                    "a {} has no text field \"{}\" to comment on (fields: {})",
                    target.kind.as_str(),
                    target.field,
                    commentable(target.kind).join(", ")
                ),
            )
            .into());
        }
        may_see(&store, &who, target)?;
        let (body, named) = checked_body(&store, &new.body)?;
        let id = new_id();
        store.transaction(|conn, now| {
            let text = rows::current_text(conn, target)?.ok_or_else(|| StoreError::NotFound {
                kind: "text to comment on",
                key: format!("{} {} {}", target.kind.as_str(), target.key, target.field),
            })?;
            let anchor = Anchor::new(&text, new.start, new.end)
                .map_err(|e| StoreError::invalid("selection", e.to_string()))?;
            rows::insert_tx(
                conn,
                &rows::NewRow {
                    id: &id,
                    parent: None,
                    target,
                    anchor: Some(&anchor),
                    body: &body,
                    author: &who.slug,
                    mentions: &named,
                    created_at: &stamp(now),
                    pending: true,
                },
            )
        })?;
        store.tell_comments(target);
        Ok(store.comment_thread(&id)?)
    }

    /// Adds a reply to a thread, as `profile`.
    pub fn reply_comment(
        &self,
        profile: &str,
        thread: &str,
        body: &str,
    ) -> Result<CommentThread, DeskError> {
        let mut store = self.store();
        let who = actor(&store, profile)?;
        let root = store.comment_thread(thread)?;
        may_see(&store, &who, &root.target)?;
        let (body, named) = checked_body(&store, body)?;
        let id = new_id();
        store.transaction(|conn, now| {
            rows::insert_tx(
                conn,
                &rows::NewRow {
                    id: &id,
                    parent: Some(thread),
                    target: &root.target,
                    anchor: None,
                    body: &body,
                    author: &who.slug,
                    mentions: &named,
                    created_at: &stamp(now),
                    pending: true,
                },
            )
        })?;
        store.tell_comments(&root.target);
        Ok(store.comment_thread(thread)?)
    }

    /// Resolves a thread (or reopens it with `resolved` false), as `profile`.
    pub fn resolve_comment(
        &self,
        profile: &str,
        thread: &str,
        resolved: bool,
    ) -> Result<CommentThread, DeskError> {
        let mut store = self.store();
        let who = actor(&store, profile)?;
        let root = store.comment_thread(thread)?;
        may_see(&store, &who, &root.target)?;
        let at = stamp(Utc::now());
        let changed = store
            .transaction(|conn, _| rows::set_resolved_tx(conn, thread, resolved, &who.slug, &at))?;
        if changed {
            store.tell_comments(&root.target);
        }
        Ok(store.comment_thread(thread)?)
    }
}

fn stamp(at: chrono::DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A thread resolved here while its open state was on its way to the team: the team's
    /// answer to what was sent must not mark the newer state as sent, or the resolution
    /// would never reach the team.
    #[test]
    fn an_answer_marks_sent_only_the_state_that_was_sent() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(dir.path()).unwrap();
        desk.seed_sample_if_empty().unwrap();
        desk.ensure_profiles().unwrap();
        let slug = "claude-haiku-open-weights-vs-llama-4-scout-quantized";
        let thread = desk
            .add_comment(
                "editor",
                &NewComment {
                    target: CommentTarget {
                        kind: EntityKind::Comparison,
                        key: slug.into(),
                        field: "title".into(),
                    },
                    start: 0,
                    end: 6,
                    body: "Shorter?".into(),
                },
            )
            .unwrap();
        let pending = |desk: &Desk| -> Vec<(String, bool)> {
            rows::pending(desk.store().conn())
                .unwrap()
                .into_iter()
                .map(|(id, doc)| (id, doc["resolved"].as_bool().unwrap()))
                .collect()
        };
        // The open thread is sent...
        let sent = pending(&desk);
        assert_eq!(sent, vec![(thread.id.clone(), false)]);
        // ...and resolved here before the team's answer comes back.
        desk.resolve_comment("editor", &thread.id, true).unwrap();
        rows::mark_sent(desk.store().conn(), &thread.id, false, Some(7), None).unwrap();
        assert_eq!(
            pending(&desk),
            vec![(thread.id.clone(), true)],
            "the resolution still waits to be sent"
        );
        // Its own answer then clears it.
        rows::mark_sent(desk.store().conn(), &thread.id, true, Some(8), None).unwrap();
        assert!(pending(&desk).is_empty());
    }
}
