//! Who makes a save and where it comes from, stated by every caller of a content write, and
//! the journal a store hands each save to (the team's, on a team desk).

use std::sync::Arc;

use rusqlite::Connection;
use tokio::sync::Notify;

use super::changes::{Change, ChangeBatch, ChangeOrigin, ChangeWhat};
use super::Result;
use crate::model::EntityKind;

/// Where a save comes from; the journal decides from it whether the save goes to the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Typed here, by a person or the CLI.
    Local,
    /// A change another desk sent through the team: applied here, never sent back.
    Team,
    /// A bundle brought in (the sample, a file).
    Import,
    /// An earlier revision saved again.
    Restore,
}

/// What the store's follower is told a batch came from.
impl From<Origin> for ChangeOrigin {
    fn from(origin: Origin) -> ChangeOrigin {
        match origin {
            Origin::Local => ChangeOrigin::Local,
            Origin::Team => ChangeOrigin::Team,
            Origin::Import => ChangeOrigin::Import,
            Origin::Restore => ChangeOrigin::Restore,
        }
    }
}

/// The context every content save is made in: its author (kept on the revision) and origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveCtx {
    pub author: Option<String>,
    pub origin: Origin,
}

impl SaveCtx {
    /// A save typed here by `author`.
    pub fn local(author: &str) -> SaveCtx {
        SaveCtx::new(Some(author), Origin::Local)
    }

    /// A save made here with nobody named (a script, a test, a maintenance step).
    pub fn unattributed() -> SaveCtx {
        SaveCtx::new(None, Origin::Local)
    }

    /// A change of the team's made by `author` on another desk.
    pub fn team(author: &str) -> SaveCtx {
        SaveCtx::new(Some(author), Origin::Team)
    }

    /// A bundle imported here.
    pub fn import() -> SaveCtx {
        SaveCtx::new(None, Origin::Import)
    }

    /// A revision restored by `author`.
    pub fn restore(author: &str) -> SaveCtx {
        SaveCtx::new(Some(author), Origin::Restore)
    }

    pub fn new(author: Option<&str>, origin: Origin) -> SaveCtx {
        SaveCtx {
            author: author.map(str::to_string),
            origin,
        }
    }
}

/// Hears of every content save that kept a revision: its context, kind and key, the document
/// kept before (if any) and the new one. True when it queued something for elsewhere.
pub type JournalFn = fn(
    &Connection,
    &SaveCtx,
    EntityKind,
    &str,
    Option<&str>,
    &str,
) -> std::result::Result<bool, super::StoreError>;

/// A store's journal: what records its saves (the team's pending changes; the store does not
/// know the team) and the bell rung once a transaction that queued something has committed.
#[derive(Clone)]
pub struct SaveJournal {
    record: JournalFn,
    queued: Arc<Notify>,
}

impl SaveJournal {
    pub fn new(record: JournalFn) -> SaveJournal {
        SaveJournal {
            record,
            queued: Arc::new(Notify::new()),
        }
    }

    /// Rung (a permit is kept when nobody waits) after each committed save it queued.
    pub fn queued(&self) -> Arc<Notify> {
        self.queued.clone()
    }
}

/// A ring taken from a journal's bell, rung again unless [`TakenRing::used`] says it served:
/// a wait that took it and then ended another way (another wake won while it gathered a
/// burst) leaves it for the next wait instead of losing the save's wake.
pub struct TakenRing<'a>(Option<&'a Notify>);

impl<'a> TakenRing<'a> {
    pub fn of(bell: &'a Notify) -> TakenRing<'a> {
        TakenRing(Some(bell))
    }

    /// The ring served its wait: nothing to ring again.
    pub fn used(mut self) {
        self.0 = None;
    }
}

impl Drop for TakenRing<'_> {
    fn drop(&mut self) {
        if let Some(bell) = self.0 {
            bell.notify_one();
        }
    }
}

/// One content transaction: the connection (it derefs to it), the save context, and the
/// store's journal. Content saves take this, not a bare connection, so none goes unstated.
pub struct SaveTx<'a> {
    conn: &'a Connection,
    pub ctx: &'a SaveCtx,
    journal: Option<&'a SaveJournal>,
    queued: &'a std::cell::Cell<bool>,
    /// What this transaction changed, sent to the store's follower once it commits.
    changes: &'a std::cell::RefCell<ChangeBatch>,
}

impl<'a> SaveTx<'a> {
    pub(super) fn new(
        conn: &'a Connection,
        ctx: &'a SaveCtx,
        journal: Option<&'a SaveJournal>,
        queued: &'a std::cell::Cell<bool>,
        changes: &'a std::cell::RefCell<ChangeBatch>,
    ) -> SaveTx<'a> {
        SaveTx {
            conn,
            ctx,
            journal,
            queued,
            changes,
        }
    }

    /// Notes a change this transaction made (a save is noted by `journal`, a removal here).
    pub(crate) fn changed(&self, change: Change) {
        self.changes.borrow_mut().note(change);
    }

    /// The same transaction with another context (a team batch names each change's author).
    pub fn with_ctx<'b>(&'b self, ctx: &'b SaveCtx) -> SaveTx<'b> {
        SaveTx {
            conn: self.conn,
            ctx,
            journal: self.journal,
            queued: self.queued,
            changes: self.changes,
        }
    }

    /// Tells the journal of a save that kept a revision (and notes it as changed).
    pub(super) fn journal(
        &self,
        kind: EntityKind,
        key: &str,
        before: Option<&str>,
        after: &str,
    ) -> Result<()> {
        self.changed(Change::new(kind, key, ChangeWhat::Saved));
        if let Some(journal) = self.journal {
            if (journal.record)(self.conn, self.ctx, kind, key, before, after)? {
                self.queued.set(true);
            }
        }
        Ok(())
    }
}

impl std::ops::Deref for SaveTx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}
