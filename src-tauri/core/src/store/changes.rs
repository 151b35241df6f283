//! What each committed write changed (kind, key, what, and where it came from), sent to
//! whoever follows the store (the app, which updates its lists row by row), and which other
//! rows a change touches (the pages that show a saved tool or reviewer).

use rusqlite::params;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

use super::{Result, Store};
use crate::model::{CommunityVotes, EntityKind};

/// What kind of thing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Site,
    Tool,
    Reviewer,
    /// Key `reviewer/tool`.
    Verdict,
    Comparison,
    /// An image's text (alt, credit), by the image's hash.
    Media,
    /// A publishing target (added or removed), by name.
    Target,
    /// The comments on an entity, by `kind:key` of the entity they sit on.
    Comment,
    /// All of the desk's content at once (an import that replaced it, a team's content
    /// taken on joining): nothing short of reading it all again follows it.
    Desk,
}

impl From<EntityKind> for ChangeKind {
    fn from(kind: EntityKind) -> ChangeKind {
        // By name, so a kind of revision added later (an image's text) is not a build
        // error here but an image change, the only other kind a revision is kept for.
        match kind.as_str() {
            "site" => ChangeKind::Site,
            "tool" => ChangeKind::Tool,
            "reviewer" => ChangeKind::Reviewer,
            "verdict" => ChangeKind::Verdict,
            "comparison" => ChangeKind::Comparison,
            _ => ChangeKind::Media,
        }
    }
}

/// What happened to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeWhat {
    /// Saved with a change (created or updated).
    Saved,
    Removed,
    /// Its standing at the publishing targets changed (a page sent, removed, acknowledged).
    Published,
}

/// One changed thing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
pub struct Change {
    pub kind: ChangeKind,
    pub key: String,
    pub what: ChangeWhat,
}

impl Change {
    pub fn new(kind: impl Into<ChangeKind>, key: &str, what: ChangeWhat) -> Change {
        Change {
            kind: kind.into(),
            key: key.to_string(),
            what,
        }
    }
}

/// Where a batch of changes came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOrigin {
    /// Made here (the app's own commands).
    Local,
    /// Other desks' changes, applied by the team's sync.
    Team,
    /// A bundle imported.
    Import,
    /// An earlier revision saved again.
    Restore,
    /// The publishing queue's results.
    Publishing,
}

/// What one write changed. `generation` counts the batches the store has told, this one
/// included: rows read at that generation or later already show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct DeskChanges {
    #[ts(type = "number")]
    pub generation: u64,
    pub origin: ChangeOrigin,
    pub changes: Vec<Change>,
}

/// Where a store sends its changes, and its count of batches told (not of transactions: a
/// write outside a content transaction, such as the publishing queue's, is told too and must
/// stamp a generation newer than any read before it).
pub(super) struct ChangeFeed {
    tx: UnboundedSender<DeskChanges>,
    told: AtomicU64,
}

/// What one transaction changed: each change once, in the order first made. The set keeps
/// noting linear: a transaction that saves 10,000 entities (an import, a team join) made a
/// search of the list quadratic.
#[derive(Default)]
pub(super) struct ChangeBatch {
    list: Vec<Change>,
    seen: std::collections::HashSet<Change>,
}

impl ChangeBatch {
    pub(super) fn note(&mut self, change: Change) {
        if self.seen.insert(change.clone()) {
            self.list.push(change);
        }
    }

    pub(super) fn into_list(self) -> Vec<Change> {
        self.list
    }
}

impl Store {
    /// From now on, every committed write that changed something is sent here (an earlier
    /// follower stops hearing). The app forwards them to its window as events.
    pub fn follow_changes(&mut self) -> UnboundedReceiver<DeskChanges> {
        let (tx, rx) = unbounded_channel();
        self.feed = Some(ChangeFeed {
            tx,
            told: AtomicU64::new(0),
        });
        rx
    }

    /// Tells the follower of changes made outside a content write (the publishing queue's
    /// results, a target added), stamped with the next generation.
    pub fn tell(&self, origin: ChangeOrigin, changes: Vec<Change>) {
        if changes.is_empty() {
            return;
        }
        if let Some(feed) = &self.feed {
            let generation = feed.told.fetch_add(1, Ordering::SeqCst) + 1;
            // A follower that went away (the window closed) wants nothing more.
            let _ = feed.tx.send(DeskChanges {
                generation,
                origin,
                changes,
            });
        }
    }

    /// How many batches of changes this store has told its follower (0 with none): what a
    /// read made now is stamped with (see [`DeskChanges::generation`]).
    pub fn generation(&self) -> u64 {
        self.feed
            .as_ref()
            .map_or(0, |feed| feed.told.load(Ordering::SeqCst))
    }

    /// The pages that list the tool `slug` among theirs.
    pub fn comparisons_with_tool(&self, slug: &str) -> Result<Vec<String>> {
        self.slugs_where(
            "SELECT c.slug FROM comparisons c
               JOIN comparison_tools ct ON ct.comparison_id = c.id
               JOIN tools t ON t.id = ct.tool_id
              WHERE t.slug = ?1",
            slug,
        )
    }

    /// The pages whose panel has the reviewer `slug`.
    pub fn comparisons_with_reviewer(&self, slug: &str) -> Result<Vec<String>> {
        self.slugs_where(
            "SELECT c.slug FROM comparisons c
               JOIN comparison_panel cp ON cp.comparison_id = c.id
               JOIN reviewers r ON r.id = cp.reviewer_id
              WHERE r.slug = ?1",
            slug,
        )
    }

    /// When the comparison `slug` was last saved with a change (`None`: no such page).
    pub fn comparison_updated_at(&self, slug: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT updated_at FROM comparisons WHERE slug = ?1",
                params![slug],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The readers' votes on the page `slug`.
    pub fn votes_on(&self, slug: &str) -> Result<Vec<CommunityVotes>> {
        self.docs(
            "votes",
            "SELECT c.slug || '/' || t.slug, v.doc FROM community_votes v
               JOIN comparisons c ON c.id = v.comparison_id JOIN tools t ON t.id = v.tool_id
             WHERE c.slug = ?1 ORDER BY t.slug",
            [slug],
        )
    }

    /// How many verdicts the reviewer `slug` has written (any state), as the lists count.
    pub fn verdicts_by_reviewer_count(&self, slug: &str) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT COUNT(*) FROM verdicts v JOIN reviewers r ON r.id = v.reviewer_id
              WHERE r.slug = ?1",
            params![slug],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The tools whose stored document names the image `hash` (as their logo).
    pub fn tools_showing_media(&self, hash: &str) -> Result<Vec<String>> {
        self.slugs_where("SELECT slug FROM tools WHERE instr(doc, ?1) > 0", hash)
    }

    /// The pages whose stored document names the image `hash` (`media:HASH` in a text).
    pub fn comparisons_showing_media(&self, hash: &str) -> Result<Vec<String>> {
        self.slugs_where(
            "SELECT slug FROM comparisons WHERE instr(doc, ?1) > 0",
            hash,
        )
    }

    /// Tells the follower the comments on `target`'s entity changed.
    pub(crate) fn tell_comments(&self, target: &crate::comments::CommentTarget) {
        let key = format!("{}:{}", target.kind.as_str(), target.key);
        self.tell(
            ChangeOrigin::Local,
            vec![Change::new(ChangeKind::Comment, &key, ChangeWhat::Saved)],
        );
        // A comment written here waits to be sent like a save: the live sync is woken.
        if let Some(bell) = self.journal_queued() {
            bell.notify_one();
        }
    }

    fn slugs_where(&self, sql: &str, key: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt
            .query_map(params![key], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
