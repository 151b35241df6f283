//! The SQLite store: one file per table (or group of tables) beside this one, which holds
//! what they share: the error type, the connection and its transactions, and the save journal.
//!
//! `open` opens and migrates; `site`, `tools`, `reviewers`, `verdicts`, `comparisons`, `votes`
//! and `profiles` each own one entity's table; `revisions` keeps every saved version and
//! routes team documents to their typed save; `search` the full-text index; `published` the
//! published-page hashes; `outbox` the publishing targets, jobs and what the targets hold.

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{de::DeserializeOwned, Serialize};

use crate::validate::{FieldError, Validate};

mod changes;
pub(crate) mod comments;
mod comparisons;
mod ctx;
mod heads;
mod media_text;
mod open;
pub mod outbox;
mod profiles;
mod published;
pub mod receipts;
mod reviewers;
mod revisions;
mod route;
mod search;
mod site;
mod tools;
mod verdicts;
mod votes;

pub use changes::{Change, ChangeKind, ChangeOrigin, ChangeWhat, DeskChanges};
pub use ctx::{JournalFn, Origin, SaveCtx, SaveJournal, SaveTx, TakenRing};
pub use heads::{ComparisonHead, ToolHead, VerdictCall};
pub use open::{APPLICATION_ID, DB_FILE, MIGRATIONS, SCHEMA_VERSION};
pub use outbox::Outbox;
pub use search::SearchHit;

pub(crate) use comparisons::{remove_comparison_tx, save_comparison_tx};
pub(crate) use media_text::{
    doc as media_text_doc, first_revision as media_first_revision,
    save_text_tx as save_media_text_tx,
};
pub(crate) use reviewers::save_reviewer_tx;
pub(crate) use revisions::clear_content_tx;
pub(crate) use route::save_doc_tx;
pub(crate) use site::save_site_tx;
pub(crate) use tools::save_tool_tx;
pub(crate) use verdicts::{remove_verdicts_tx, save_verdict_tx};
pub(crate) use votes::save_votes_tx;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", join_problems(.0))]
    Invalid(Vec<FieldError>),
    #[error("no {kind} \"{key}\"")]
    NotFound { kind: &'static str, key: String },
    #[error(
        "this database was written by a newer Verdict Desk (schema version {found}; this build \
         knows up to {supported}). It was left untouched: update Verdict Desk to open it"
    )]
    NewerSchema { found: u32, supported: u32 },
    #[error("{path} is not a Verdict Desk database ({reason})")]
    NotOurs { path: String, reason: String },
    /// A write the disk or the file system refused: full, over a size limit, read-only.
    #[error("cannot write the database {path}: {reason}; nothing was changed")]
    CannotWrite { path: String, reason: &'static str },
    /// The file is ours but SQLite found it damaged (a disk fault, a bad copy).
    #[error("the database {path} is damaged ({detail}); it was left as it is")]
    Damaged { path: String, detail: String },
    #[error("cannot use data folder {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("stored {kind} \"{key}\" cannot be read: {source}")]
    Corrupt {
        kind: &'static str,
        key: String,
        source: serde_json::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[source] rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        open::note_damage(&e);
        StoreError::Sqlite(e)
    }
}

/// Names the file (and says what to do) when SQLite reports a write the system refused;
/// every other error is returned as it is.
fn refused_write(path: Option<&Path>, e: StoreError) -> StoreError {
    use rusqlite::ErrorCode as C;
    let StoreError::Sqlite(rusqlite::Error::SqliteFailure(failure, _)) = &e else {
        return e;
    };
    let reason = match failure.code {
        C::DiskFull => "the disk is full; free some space and try again",
        C::SystemIoFailure => {
            "the disk refused the write (full, over a file size limit, or failing); free some space and try again"
        }
        C::ReadOnly => "the data folder or the database file is read-only",
        C::CannotOpen | C::PermissionDenied => {
            "the data folder cannot be written (check its permissions)"
        }
        _ => return e,
    };
    StoreError::CannotWrite {
        path: path.map_or_else(|| ":memory:".to_string(), |p| p.display().to_string()),
        reason,
    }
}

fn join_problems(problems: &[FieldError]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl StoreError {
    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        StoreError::Invalid(vec![FieldError::new(field, message)])
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What a save did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    /// First save of this entity; revision 1.
    Created,
    /// Content changed; a new revision with this number was kept.
    Updated(u32),
    /// Identical to what was stored; nothing written.
    Unchanged,
}

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Counts this connection's committed transactions; with `PRAGMA data_version` (which
    /// moves when another connection commits) it tells in O(1) whether anything changed.
    generation: u64,
    /// Where content saves are reported (the team's pending changes); none on a desk the
    /// opener gave none (a plain store, a test).
    journal: Option<SaveJournal>,
    /// Where committed changes are sent (`follow_changes`); none until someone follows.
    feed: Option<changes::ChangeFeed>,
    /// The file passed the open's check (or was known good): which file it was and where
    /// other connections' commits stood then. On a clean close, if it is still that file and
    /// only this connection wrote to it, what it wrote is recorded as good too, so the next
    /// open need not check again.
    checked: Option<open::Opened>,
    /// How often SQLite had reported a damaged file when this store was opened
    /// (`open::damage_met`): a clean close vouches for nothing once that moved.
    damage_at_open: u64,
}

fn now_text(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn to_doc<T: Serialize>(value: &T) -> String {
    // Serialising our own plain structs cannot fail.
    serde_json::to_string(value).expect("model types serialise")
}

fn from_doc<T: DeserializeOwned>(kind: &'static str, key: &str, doc: &str) -> Result<T> {
    serde_json::from_str(doc).map_err(|source| StoreError::Corrupt {
        kind,
        key: key.to_string(),
        source,
    })
}

impl Store {
    fn in_tx<T>(&mut self, f: impl FnOnce(&Connection, DateTime<Utc>) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let run = || -> Result<T> {
            let tx = self.conn.transaction()?;
            let out = f(&tx, Utc::now())?;
            tx.commit()?;
            Ok(out)
        };
        let out = run().map_err(|e| refused_write(path.as_deref(), e))?;
        self.generation += 1;
        Ok(out)
    }

    /// Runs `f` as one content transaction made in `ctx`: all of its writes land, or none
    /// do; the journal hears each save, and once committed its bell rings if it queued any.
    pub(crate) fn write<T>(
        &mut self,
        ctx: &SaveCtx,
        f: impl FnOnce(&SaveTx, DateTime<Utc>) -> Result<T>,
    ) -> Result<T> {
        let journal = self.journal.clone();
        let queued = std::cell::Cell::new(false);
        let changed = std::cell::RefCell::new(changes::ChangeBatch::default());
        let out = self.in_tx(|conn, now| {
            f(
                &SaveTx::new(conn, ctx, journal.as_ref(), &queued, &changed),
                now,
            )
        })?;
        if let (true, Some(journal)) = (queued.get(), &journal) {
            journal.queued().notify_one();
        }
        self.tell(ctx.origin.into(), changed.into_inner().into_list());
        Ok(out)
    }

    /// Gives this store the journal its content saves report to (set by whoever opens it).
    pub fn set_journal(&mut self, journal: SaveJournal) {
        self.journal = Some(journal);
    }

    /// The bell of this store's journal, rung after each committed save it queued.
    pub fn journal_queued(&self) -> Option<std::sync::Arc<tokio::sync::Notify>> {
        self.journal.as_ref().map(SaveJournal::queued)
    }

    /// Changes whenever a transaction commits, here or on another connection (the CLI
    /// writing while the app runs). Cheap enough to ask on every keystroke; unlike
    /// [`Store::content_fingerprint`] it means nothing across processes.
    pub fn change_token(&self) -> Result<(i64, u64)> {
        let data_version: i64 = self
            .conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?;
        Ok((data_version, self.generation))
    }

    /// Runs `f` inside one transaction: all of its writes land, or none do. Content saves
    /// need [`Store::write`] (their `_tx` forms take a [`SaveTx`]).
    pub(crate) fn transaction<T>(
        &mut self,
        f: impl FnOnce(&Connection, DateTime<Utc>) -> Result<T>,
    ) -> Result<T> {
        self.in_tx(f)
    }

    /// The connection, for the publishing outbox's own tables (not content: no revisions).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    fn docs<T: DeserializeOwned, P: rusqlite::Params>(
        &self,
        kind: &'static str,
        sql: &str,
        params: P,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt
            .query_map(params, |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter()
            .map(|(key, doc)| from_doc(kind, key, doc))
            .collect()
    }
}

fn check<T: Validate>(value: &T) -> Result<()> {
    let problems = value.validate();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Invalid(problems))
    }
}

fn id_of(conn: &Connection, table: &str, slug: &str) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(&format!("SELECT id FROM {table} WHERE slug = ?1"))?
        .query_row([slug], |r| r.get(0))
        .optional()?)
}
